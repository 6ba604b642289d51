"""Writing back to Word: review comments (``--annotate``) and fixes inside single runs.

The reader turns paragraph i of the body (table cells included) into line i of the text, with
any ordinal Word generates rendered in front. Here the same paragraphs are walked again, and a
finding's columns are mapped to the runs that hold those characters. A run is split where a
finding covers only part of it — the new run is a copy of the old one, so its formatting
(font, bold, colour…) is kept. Runs holding anything but text, tabs and breaks (fields,
drawings, footnote marks) are never split or rewritten.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from speechlint.checking.report import Finding
from speechlint.document.readers.docx_reader import (
    has_revisions,
    paragraph_text,
    read_docx,
    run_text,
    visible_runs,
)

# What a run may hold for its text to be rewritten through python-docx's ``run.text``, which
# reads and writes exactly these. A non-breaking or soft hyphen, a carriage return, a page or
# column break would come back as "-", nothing, or a line break: such runs are left alone.
_SIMPLE_CHILDREN = {"rPr", "t", "tab", "br", "lastRenderedPageBreak"}


def body_paragraphs(document: Any) -> list[Any]:
    """The paragraphs the reader reads, in the same order (tables included)."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    out = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            out.append(Paragraph(child, document))
        elif child.tag == qn("w:tbl"):
            out.extend(Paragraph(p, document) for p in child.iter(qn("w:p")))
    return out


@dataclass
class _Piece:
    run: Any
    start: int
    end: int


def _pieces(paragraph: Any, revisions: str = "accepted") -> list[_Piece]:
    """Runs (including those inside hyperlinks, and tracked insertions or deletions as
    ``revisions`` reads them) with their character range in the paragraph: the runs whose
    text the reader read, in its order."""
    from docx.text.run import Run

    pieces: list[_Piece] = []
    pos = 0
    for element in visible_runs(paragraph._p, revisions):
        run = Run(element, paragraph)
        n = len(run_text(element))
        pieces.append(_Piece(run, pos, pos + n))
        pos += n
    return pieces


def _is_simple(run: Any) -> bool:
    for child in run._r:
        name = child.tag.rsplit("}", 1)[-1]
        if name not in _SIMPLE_CHILDREN:
            return False
        if name == "br" and str(child) != "\n":  # a page or column break reads as ""
            return False
    return True


class UnsafeDocument(ValueError):
    """A Word file that cannot be written back without changing more than its text."""


def _refuse_doctype(data: bytes) -> None:
    """Word never writes a DTD; a part that has one may use entities that python-docx keeps
    unresolved and then writes as references to nothing (XML that no longer parses)."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if info.filename.endswith((".xml", ".rels")):
                with archive.open(info) as part:
                    if b"<!DOCTYPE" in part.read().upper():
                        raise UnsafeDocument(
                            f"{info.filename} holds a DTD (<!DOCTYPE>); fixes are not written "
                            "into such a file: open it in Word and save it again"
                        )


def _element_census(data: bytes) -> dict[str, int]:
    """How many of each element the document's parts hold, text runs and their text left out:
    what a fix written back must keep. Raises if a part no longer parses."""
    import zipfile
    from collections import Counter

    from lxml import etree

    keep_out = {"r", "t", "rPr"}
    census: Counter[str] = Counter()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            if not info.filename.endswith(".xml"):
                continue
            parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
            root = etree.fromstring(archive.read(info), parser)
            for element in root.iter():
                if not isinstance(element.tag, str):  # an entity reference, comment, PI
                    census[f"{info.filename}:{type(element).__name__}"] += 1
                    continue
                name = element.tag.rsplit("}", 1)[-1]
                parent = element.getparent()
                inside_rpr = parent is not None and parent.tag.rsplit("}", 1)[-1] == "rPr"
                if name not in keep_out and not inside_rpr:
                    census[f"{info.filename}:{name}"] += 1
    return dict(census)


def _split(run: Any, k: int) -> Any:
    """Split run at character k; return the new run holding text[k:] (same formatting)."""
    from docx.text.run import Run

    text = run.text
    new_element = copy.deepcopy(run._r)
    run._r.addnext(new_element)
    new = Run(new_element, run._parent)
    run.text = text[:k]
    new.text = text[k:]
    return new


def _runs_for(paragraph: Any, a: int, b: int, revisions: str = "accepted") -> list[Any]:
    """The runs covering characters [a, b) of the paragraph, split at a and b where possible."""
    pieces = _pieces(paragraph, revisions)
    if not pieces:
        return []
    b = max(b, a + 1)
    first = next((p for p in pieces if p.start <= a < p.end), None)
    if first is not None and a > first.start and _is_simple(first.run):
        _split(first.run, a - first.start)
        pieces = _pieces(paragraph, revisions)
    last = next((p for p in pieces if p.start < b <= p.end), None)
    if last is not None and b < last.end and _is_simple(last.run):
        _split(last.run, b - last.start)
        pieces = _pieces(paragraph, revisions)
    covered = [p.run for p in pieces if p.start < b and a < p.end]
    return covered or [pieces[-1].run]


def _prefix_lengths(data: bytes) -> dict[int, int]:
    source = read_docx("x.docx", data)  # generated ordinals do not depend on revisions
    return dict(source.extra.get("generated_ordinals", []))


def _comment_text(f: Finding) -> str:
    text = f"{f.code} {f.name}：{f.message}"
    if f.fix_edits:
        suggestion = "".join(e.replacement for e in f.fix_edits) or "（删除）"
        text += f"\n建议修改为：{suggestion}"
    return text


def annotate(data: bytes, findings: list[Finding], revisions: str = "accepted") -> bytes:
    """A copy of the document with one Word comment per finding (author speechlint), each
    anchored on the characters it is about, on the text as ``revisions`` read it."""
    import docx

    document = docx.Document(io.BytesIO(data))
    paragraphs = body_paragraphs(document)
    prefixes = _prefix_lengths(data)
    # Last paragraph first and right to left, so splitting never shifts a later target.
    for f in sorted(findings, key=lambda f: (f.line, f.column), reverse=True):
        index = f.line - 1
        if not 0 <= index < len(paragraphs):
            continue
        prefix = prefixes.get(index, 0)
        a = max(0, f.column - 1 - prefix)
        b = (f.end_column - 1 - prefix) if f.end_line == f.line else 10**9
        b = max(b, a + 1)
        length = len(paragraph_text(paragraphs[index], revisions))
        runs = _runs_for(paragraphs[index], a, min(b, length), revisions)
        if not runs:
            runs = [paragraphs[index].add_run("")]
        document.add_comment(runs, text=_comment_text(f), author="speechlint", initials="SL")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _edits_by_run(paragraph: Any, a: int, b: int) -> Iterator[_Piece]:
    for p in _pieces(paragraph):
        if p.start <= a and b <= p.end and (a < p.end or a == b):
            yield p


def apply_fixes(data: bytes, findings: list[Finding]) -> tuple[bytes, int, int]:
    """Apply the safe fixes whose every edit lies inside one simple run.

    Returns (new bytes, fixes applied, fixes not fixable in Word).
    """
    import docx

    _refuse_doctype(data)
    document = docx.Document(io.BytesIO(data))
    paragraphs = body_paragraphs(document)
    prefixes = _prefix_lengths(data)
    applied = refused = 0
    # Right to left: the leftmost point already edited in each paragraph; an edit must end
    # before it, so fixes never overlap and earlier offsets stay valid.
    edited_from: dict[int, int] = {}
    for f in sorted(findings, key=lambda f: (f.line, f.column), reverse=True):
        if f.fix_applicability != "safe" or not f.fix_edits:
            continue
        plan: list[Any] = []
        for e in f.fix_edits:
            index = e.line - 1
            prefix = prefixes.get(index, 0)
            a, b = e.column - 1 - prefix, e.end_column - 1 - prefix
            if e.end_line != e.line or not 0 <= index < len(paragraphs) or a < 0:
                plan = []
                break
            # A paragraph with tracked changes is left to Word: a fix written into it would
            # not be tracked itself.
            if has_revisions(paragraphs[index]._p):
                plan = []
                break
            piece = next(_edits_by_run(paragraphs[index], a, b), None)
            if piece is None or not _is_simple(piece.run):
                plan = []
                break
            plan.append((index, piece, a - piece.start, b - piece.start, e.replacement))
        if not plan:
            refused += 1
            continue
        if any(p.start + y > edited_from.get(i, 10**9) for i, p, _x, y, _r in plan):
            continue  # overlaps a fix already applied; the next pass picks it up
        for index, piece, x, y, replacement in sorted(
            plan, key=lambda t: (t[0], t[1].start + t[2]), reverse=True
        ):
            text = piece.run.text
            piece.run.text = text[:x] + replacement + text[y:]
            edited_from[index] = min(edited_from.get(index, 10**9), piece.start + x)
        applied += 1
    out = io.BytesIO()
    document.save(out)
    written = out.getvalue()
    if applied and _element_census(written) != _element_census(data):
        raise UnsafeDocument(
            "writing the fixes would change more than the text (an element would be lost); "
            "nothing was written: fix it in Word"
        )
    return written, applied, refused
