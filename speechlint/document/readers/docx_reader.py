"""Word (.docx) drafts through python-docx.

The text the rules see is the body's paragraphs in order — table cells included — one line per
paragraph, so a finding's line is a paragraph number (shown as ``draft.docx:¶12:5``). Headers,
footers, footnotes and comments are not part of the speech and are not read. Ordinals that Word
generates from a numbering definition (w:numPr → numbering.xml) are rendered into the text, so
numbering rules see ``一、`` where the reader of the document sees it; their spans are kept so a
finding on a generated ordinal can say it cannot be fixed by editing text.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from speechlint.document.conventions import int_to_cn
from speechlint.document.readers.errors import InputError
from speechlint.document.source import SourceText

MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _roman(n: int) -> str:
    out = []
    for value, letters in (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ):  # fmt: skip
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(ord("a") + r) + s
    return s


def format_number(n: int, fmt: str) -> str:
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "japaneseCounting",
        "chineseLegalSimplified",
    ):
        return int_to_cn(n)
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n)
    if fmt == "decimalFullWidth":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerLetter":
        return _letters(n)
    return str(n)  # decimal, decimalZero and anything unknown


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class Numbering:
    """numId → {ilvl → level}, and the running counters while paragraphs are read."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def from_document(cls, document: Any) -> Numbering:
        from docx.oxml.ns import qn

        out = cls()
        try:
            part = document.part.numbering_part
        except (NotImplementedError, KeyError, AttributeError):
            return out
        root = part.element
        abstract: dict[str, dict[int, _Level]] = {}
        for an in root.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in an.findall(qn("w:lvl")):
                ilvl = int(lvl.get(qn("w:ilvl"), "0"))
                level = _Level()
                node = lvl.find(qn("w:numFmt"))
                if node is not None:
                    level.fmt = node.get(qn("w:val"), "decimal")
                node = lvl.find(qn("w:lvlText"))
                if node is not None:
                    level.text = node.get(qn("w:val"), "")
                node = lvl.find(qn("w:start"))
                if node is not None:
                    level.start = int(node.get(qn("w:val"), "1"))
                levels[ilvl] = level
            abstract[an.get(qn("w:abstractNumId"), "")] = levels
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None:
                out.levels[num.get(qn("w:numId"), "")] = abstract.get(ref.get(qn("w:val"), ""), {})
        return out

    def render(self, num_id: str, ilvl: int) -> str:
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels or levels[ilvl].fmt in ("bullet", "none"):
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # a higher level restarts the lower ones
        text = levels[ilvl].text
        for k in range(9):
            if f"%{k + 1}" in text:
                value = counters.get(k, levels.get(k, _Level()).start)
                fmt = levels.get(k, _Level()).fmt
                text = text.replace(f"%{k + 1}", format_number(value, fmt))
        return text


def _num_pr(paragraph: Any) -> tuple[str, int] | None:
    """The (numId, ilvl) of a paragraph, from its own properties or its style's."""
    from docx.oxml.ns import qn

    def from_ppr(ppr: Any) -> tuple[str, int] | None:
        if ppr is None:
            return None
        num_pr = ppr.find(qn("w:numPr"))
        if num_pr is None:
            return None
        num_id = num_pr.find(qn("w:numId"))
        ilvl = num_pr.find(qn("w:ilvl"))
        if num_id is None or num_id.get(qn("w:val")) in (None, "0"):
            return None
        return num_id.get(qn("w:val")), int(ilvl.get(qn("w:val"), "0")) if ilvl is not None else 0

    found = from_ppr(paragraph._p.pPr)
    if found is None:
        style = paragraph.style
        while style is not None and found is None:
            found = from_ppr(style.element.pPr)
            style = style.base_style
    return found


def check_zip(data: bytes) -> zipfile.ZipFile:
    if data.startswith(_OLE_MAGIC):
        raise InputError(
            "is encrypted or an old binary .doc file; save it as .docx without a password"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError(
            "is not a valid .docx file (not a zip archive); save it again from Word"
        ) from None
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if (
            info.compress_size
            and info.file_size / info.compress_size > MAX_RATIO
            and info.file_size > 10**6
        ):
            raise InputError("looks like a zip bomb (an entry expands over 200 times); not read")
    if total > MAX_UNCOMPRESSED:
        raise InputError(f"expands to {total // 2**20} MB, more than a Word draft should; not read")
    if "word/document.xml" not in archive.namelist():
        raise InputError("is a zip file but not a Word document (no word/document.xml)")
    return archive


# Tracked changes: which runs a paragraph's text is made of. "accepted" (the default) reads the
# draft as it will be once the changes are accepted — insertions in, deletions out, moved text
# at its new place; "original" reads it as it was before them.
REVISIONS = ("accepted", "original")
_RUNS = {
    "accepted": "w:r | w:hyperlink/w:r | w:ins/w:r | w:ins/w:hyperlink/w:r | w:moveTo/w:r",
    "original": "w:r | w:hyperlink/w:r | w:del/w:r | w:del/w:hyperlink/w:r | w:moveFrom/w:r",
}
_REVISION_MARKS = "w:ins | w:del | w:moveFrom | w:moveTo"


def has_revisions(element: Any) -> bool:
    """Whether a paragraph (w:p element) holds tracked insertions, deletions or moves."""
    return bool(element.xpath(_REVISION_MARKS))


def visible_runs(element: Any, revisions: str = "accepted") -> list[Any]:
    """The w:r elements whose text the paragraph reads as, in document order."""
    return list(element.xpath(_RUNS[revisions]))


def run_text(run: Any) -> str:
    """A run's text as python-docx reads it (w:t, tabs, breaks), deleted text (w:delText)
    included: a run is only asked for when its paragraph reads it."""
    text = run.text
    deleted = run.xpath("w:delText")
    if deleted:
        # python-docx leaves w:delText out; in document order with the run's other text.
        parts = []
        for child in run.xpath("w:br | w:cr | w:noBreakHyphen | w:ptab | w:t | w:tab | w:delText"):
            name = child.tag.rsplit("}", 1)[-1]
            parts.append(child.text or "" if name in ("t", "delText") else str(child))
        text = "".join(parts)
    return str(text)


def paragraph_text(paragraph: Any, revisions: str = "accepted") -> str:
    """The paragraph's text: python-docx's for a paragraph without tracked changes (the
    same characters as always), else its visible runs'."""
    element = paragraph._p
    if not has_revisions(element):
        return str(paragraph.text)
    return "".join(run_text(r) for r in visible_runs(element, revisions))


def read_docx(path: str, data: bytes, revisions: str = "accepted") -> SourceText:
    check_zip(data)
    try:
        import docx
        from docx.oxml.ns import qn
        from docx.text.paragraph import Paragraph
    except ImportError:  # pragma: no cover - python-docx is a dependency
        raise InputError("needs python-docx to be read; pip install python-docx") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on damaged parts
        raise InputError(f"could not be opened as a Word document ({type(exc).__name__})") from None
    numbering = Numbering.from_document(document)
    lines: list[str] = []
    generated: list[tuple[int, int]] = []  # (line index, length of the generated ordinal)
    cells: list[int] = []  # the lines that are table cells' paragraphs
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            elements = [child]
        elif child.tag == qn("w:tbl"):
            elements = list(child.iter(qn("w:p")))
            cells.extend(range(len(lines), len(lines) + len(elements)))
        else:
            continue
        for element in elements:
            paragraph = Paragraph(element, document)
            text = paragraph_text(paragraph, revisions)
            text = text.replace("\r", "").replace("\n", " ").replace("\v", " ")
            num = _num_pr(paragraph)
            prefix = numbering.render(*num) if num else ""
            if prefix:
                generated.append((len(lines), len(prefix)))
            lines.append(prefix + text)
    text = "\n".join(lines) + ("\n" if lines else "")
    source = SourceText(path=path, text=text, encoding="docx", kind="docx", line_label="¶")
    source.extra["generated_ordinals"] = generated
    # The file itself, for the checks of its printed form (speechlint.document.layout).
    source.extra["docx"] = data
    if cells:
        # A table's cells are not the draft's frame: the parser reads them as plain
        # paragraphs (a cell 一、指标 is no heading, a cell 同志们 no salutation).
        source.extra["table_lines"] = frozenset(cells)
    return source
