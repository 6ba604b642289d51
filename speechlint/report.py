"""Located findings: diagnostics with lines and columns, ready for any formatter.

Lines and columns are 1-based and counted in characters (an editor's column); the end is
exclusive. This is the JSON contract CI users parse: keep it stable (tests pin it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from speechlint.diagnostics import Diagnostic, Severity
from speechlint.source import SourceText


class LocatedEdit(NamedTuple):
    line: int
    column: int
    end_line: int
    end_column: int
    replacement: str


@dataclass(slots=True)  # not frozen: a cached run builds tens of thousands of these
class Finding:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    name: str
    category: str
    severity: Severity
    message: str
    fix_applicability: str | None = None
    fix_edits: tuple[LocatedEdit, ...] = ()
    # A window of the finding's first line (up to CONTEXT characters either side), for
    # --show-source and fingerprints; text_offset is where the window starts in the line.
    # Never the whole line: a 100 MB single-line draft would be copied once per finding.
    line_text: str = ""
    line_label: str = ""  # "¶" for Word paragraphs
    start: int = 0  # code-point offsets, for fixers and reports that re-read the text
    end: int = 0
    related: tuple[tuple[int, int, str], ...] = field(default=())
    text_offset: int = 0

    def to_json(self) -> dict[str, Any]:
        fix = None
        if self.fix_applicability is not None:
            fix = {
                "applicability": self.fix_applicability,
                "edits": [
                    {
                        "line": e.line,
                        "column": e.column,
                        "end_line": e.end_line,
                        "end_column": e.end_column,
                        "replacement": e.replacement,
                    }
                    for e in self.fix_edits
                ],
            }
        out: dict[str, Any] = {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "name": self.name,
            "category": self.category,
            "severity": self.severity.label,
            "message": self.message,
            "fix": fix,
        }
        if self.line_label == "¶":
            out["paragraph"] = self.line
        return out


CONTEXT = 40  # --show-source shows 30 characters either side; fingerprints use 6


def locate(source: SourceText, d: Diagnostic) -> Finding:
    line, col = source.line_col(d.start)
    end_line, end_col = source.line_col(d.end)
    line_start = source.line_starts[line - 1]
    line_end = source.line_ends[line - 1]
    window_start = max(line_start, d.start - CONTEXT)
    window_end = min(line_end, max(d.end, d.start) + CONTEXT)
    edits: tuple[LocatedEdit, ...] = ()
    if d.fix is not None:
        located = []
        for e in d.fix.edits:
            el, ec = source.line_col(e.start)
            eel, eec = source.line_col(e.end)
            located.append(LocatedEdit(el, ec, eel, eec, e.replacement))
        edits = tuple(located)
    return Finding(
        path=source.path,
        line=line,
        column=col,
        end_line=end_line,
        end_column=end_col,
        code=d.code,
        name=d.name,
        category=str(d.category),
        severity=d.severity,
        message=d.message,
        fix_applicability=str(d.fix.applicability) if d.fix is not None else None,
        fix_edits=edits,
        line_text=source.text[window_start:window_end],
        line_label=source.line_label,
        start=d.start,
        end=d.end,
        related=d.related,
        text_offset=window_start - line_start,
    )


@dataclass(eq=False)
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # Kept only where a later step needs the text (fixing, HTML report); None otherwise.
    source: SourceText | None = None
    document: Any = None
