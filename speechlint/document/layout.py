"""The printed form of a Word draft: page, typefaces, sizes, spacing and indents, resolved.

python-docx reports only what a run sets itself, and a run's East Asian face (``w:eastAsia``)
not at all. What Word shows is found by walking, for each property: the run's own properties →
its character style and the styles it is based on → the paragraph's style and its ``basedOn``
chain (the default paragraph style when none is named) → the document defaults
(``w:docDefaults``) → the theme's fonts (``w:eastAsiaTheme="minorEastAsia"`` names the theme's
East Asian face). Paragraph properties (indent, line spacing) follow the same chain without the
run. Paragraphs come in the reader's order (body, table cells included), so paragraph k is line
k + 1 of the text the rules see.
"""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
TWIPS_PER_MM = 1440 / 25.4


@dataclass
class RunForm:
    face: str | None  # the East Asian typeface
    size: float | None  # points
    bold: bool
    chars: int  # how many characters the run holds


@dataclass
class ParagraphForm:
    runs: list[RunForm] = field(default_factory=list)
    first_line_chars: float | None = None  # first-line indent in characters, when known
    first_line_pt: float | None = None  # in points, when given so
    line_rule: str | None = None  # "exact", "atLeast" or "auto"
    line_value: float | None = None  # points for exact/atLeast, lines for auto

    def main(self) -> RunForm | None:
        """The face, size and weight most of the paragraph's characters are set in."""
        counts: Counter[tuple[str | None, float | None, bool]] = Counter()
        for r in self.runs:
            if r.chars:
                counts[(r.face, r.size, r.bold)] += r.chars
        if not counts:
            return None
        (face, size, bold), _n = counts.most_common(1)[0]
        return RunForm(face, size, bold, sum(counts.values()))


@dataclass
class PageForm:
    width_mm: float | None = None
    height_mm: float | None = None
    top_mm: float | None = None
    bottom_mm: float | None = None
    left_mm: float | None = None
    right_mm: float | None = None


@dataclass
class Layout:
    page: PageForm
    paragraphs: list[ParagraphForm]


def _attr(element: Any, name: str) -> str | None:
    return None if element is None else element.get(W + name)


class _Styles:
    def __init__(self, styles: Any, theme: Any) -> None:
        self.by_id: dict[str, Any] = {}
        self.default_paragraph: str | None = None
        self.defaults_r = self.defaults_p = None
        if styles is not None:
            for style in styles.iter(W + "style"):
                sid = _attr(style, "styleId")
                if sid:
                    self.by_id[sid] = style
                    if _attr(style, "type") == "paragraph" and _attr(style, "default") == "1":
                        self.default_paragraph = sid
            defaults = styles.find(W + "docDefaults")
            if defaults is not None:
                self.defaults_r = defaults.find(f"{W}rPrDefault/{W}rPr")
                self.defaults_p = defaults.find(f"{W}pPrDefault/{W}pPr")
        self.theme_faces: dict[str, str] = {}
        if theme is not None:
            for kind in ("major", "minor"):
                font = theme.find(f".//{A}{kind}Font")
                if font is None:
                    continue
                ea = font.find(A + "ea")
                face = ea.get("typeface") if ea is not None else ""
                if not face:  # the script table names the Simplified Chinese face
                    for entry in font.findall(A + "font"):
                        if entry.get("script") == "Hans":
                            face = entry.get("typeface") or ""
                self.theme_faces[f"{kind}EastAsia"] = face
                latin = font.find(A + "latin")
                self.theme_faces[f"{kind}HAnsi"] = (
                    latin.get("typeface") if latin is not None else ""
                )

    def chain(self, sid: str | None) -> list[Any]:
        """The style and those it is based on, nearest first (a loop is cut)."""
        out: list[Any] = []
        seen: set[str] = set()
        while sid and sid not in seen and sid in self.by_id:
            seen.add(sid)
            style = self.by_id[sid]
            out.append(style)
            based = style.find(W + "basedOn")
            sid = _attr(based, "val")
        return out

    def face_of(self, rpr: Any) -> str | None:
        fonts = None if rpr is None else rpr.find(W + "rFonts")
        if fonts is None:
            return None
        face = _attr(fonts, "eastAsia")
        if face:
            return face
        theme = _attr(fonts, "eastAsiaTheme")
        if theme:
            return self.theme_faces.get(theme) or None
        return None


def _size(rpr: Any) -> float | None:
    sz = None if rpr is None else rpr.find(W + "sz")
    value = _attr(sz, "val")
    return int(value) / 2 if value and value.isdigit() else None


def _bold(rpr: Any) -> bool | None:
    b = None if rpr is None else rpr.find(W + "b")
    if b is None:
        return None
    return _attr(b, "val") not in ("0", "false", "off")


def _first(values: list[Any]) -> Any:
    return next((v for v in values if v is not None), None)


def read_layout(data: bytes) -> Layout:
    """The resolved form of every paragraph, in the reader's order, and the page."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())

        def part(name: str) -> Any:
            return etree.fromstring(archive.read(name), parser) if name in names else None

        document = part("word/document.xml")
        styles = _Styles(part("word/styles.xml"), part("word/theme/theme1.xml"))
    body = document.find(W + "body")
    paragraphs: list[ParagraphForm] = []
    for child in body:
        if child.tag == W + "p":
            elements = [child]
        elif child.tag == W + "tbl":
            elements = list(child.iter(W + "p"))
        else:
            continue
        for p in elements:
            paragraphs.append(_paragraph(p, styles))
    return Layout(_page(body), paragraphs)


def _paragraph(p: Any, styles: _Styles) -> ParagraphForm:
    ppr = p.find(W + "pPr")
    style_id = _attr(None if ppr is None else ppr.find(W + "pStyle"), "val")
    chain = styles.chain(style_id or styles.default_paragraph)
    ppr_chain = [ppr, *(s.find(W + "pPr") for s in chain), styles.defaults_p]
    rpr_chain_p = [*(s.find(W + "rPr") for s in chain), styles.defaults_r]
    form = ParagraphForm()
    ind = _first([None if x is None else x.find(W + "ind") for x in ppr_chain])
    if ind is not None:
        chars = _attr(ind, "firstLineChars")
        twips = _attr(ind, "firstLine")
        if chars and chars.lstrip("-").isdigit():
            form.first_line_chars = int(chars) / 100
        elif twips and twips.lstrip("-").isdigit():
            form.first_line_pt = int(twips) / 20
        elif _attr(ind, "hanging") is not None or _attr(ind, "hangingChars") is not None:
            form.first_line_chars = 0.0
    spacing = _first(
        [
            x.find(W + "spacing")
            if x is not None and _attr(x.find(W + "spacing"), "line") is not None
            else None
            for x in ppr_chain
        ]
    )
    if spacing is not None:
        line = _attr(spacing, "line")
        rule = _attr(spacing, "lineRule") or "auto"
        if line and line.lstrip("-").isdigit():
            form.line_rule = rule
            form.line_value = int(line) / 240 if rule == "auto" else int(line) / 20
    for r in p.iter(W + "r"):
        if any(a.tag in (W + "del", W + "moveFrom") for a in r.iterancestors()):
            continue  # deleted text is not printed
        text = "".join(t.text or "" for t in r.iter(W + "t"))
        rpr = r.find(W + "rPr")
        rstyle = _attr(None if rpr is None else rpr.find(W + "rStyle"), "val")
        rchain = [rpr, *(s.find(W + "rPr") for s in styles.chain(rstyle)), *rpr_chain_p]
        face = _first([styles.face_of(x) for x in rchain])
        size = _first([_size(x) for x in rchain])
        bold = _first([_bold(x) for x in rchain]) or False
        form.runs.append(RunForm(face, size, bold, len(text.strip())))
    return form


def _page(body: Any) -> PageForm:
    sect = body.find(W + "sectPr")
    if sect is None:
        found = list(body.iter(W + "sectPr"))
        sect = found[-1] if found else None
    page = PageForm()
    if sect is None:
        return page
    size = sect.find(W + "pgSz")
    margins = sect.find(W + "pgMar")

    def mm(element: Any, name: str) -> float | None:
        value = _attr(element, name)
        return (
            round(int(value) / TWIPS_PER_MM, 1) if value and value.lstrip("-").isdigit() else None
        )

    page.width_mm, page.height_mm = mm(size, "w"), mm(size, "h")
    page.top_mm, page.bottom_mm = mm(margins, "top"), mm(margins, "bottom")
    page.left_mm, page.right_mm = mm(margins, "left"), mm(margins, "right")
    return page
