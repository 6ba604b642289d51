"""Located findings: diagnostics with lines and columns, ready for any formatter.

Lines and columns are 1-based and counted in characters (an editor's column); the end is
exclusive. This is the JSON contract CI users parse: keep it stable (tests pin it).
"""

from __future__ import annotations

from collections.abc import Callable
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


# (code, name, severity, safely fixable, how many): what a tally needs of a file's findings.
CountRow = tuple[str, str, Severity, bool, int]


class FileResult:
    """One draft's findings and errors.

    A result read from the cache may hold its findings still packed: they are built only when
    something reads ``findings`` (a formatter), while a run that only counts (``--statistics``,
    exit status) reads ``counts()`` — building ~85 Finding objects per draft was most of a
    warm re-run.
    """

    __slots__ = ("_counts", "_findings", "_unpack", "document", "errors", "path", "source")

    def __init__(
        self,
        path: str,
        findings: list[Finding] | None = None,
        errors: list[str] | None = None,
        *,
        unpack: Callable[[], list[Finding]] | None = None,
        counts: list[CountRow] | None = None,
    ) -> None:
        self.path = path
        if findings is None and unpack is None:
            findings = []
        self._findings = findings
        self._unpack = unpack
        self._counts = counts
        self.errors = errors if errors is not None else []
        # Kept only where a later step needs the text (fixing, HTML report); None otherwise.
        self.source: SourceText | None = None
        self.document: Any = None

    @property
    def findings(self) -> list[Finding]:
        if self._findings is None:
            assert self._unpack is not None
            self._findings = self._unpack()
            self._unpack = None
        return self._findings

    @findings.setter
    def findings(self, value: list[Finding]) -> None:
        self._findings, self._unpack, self._counts = value, None, None

    def counts(self) -> list[CountRow]:
        """Findings counted by rule, severity and fixability, without building them if the
        cache already counted them."""
        if self._counts is not None and self._findings is None:
            return self._counts
        tally: dict[tuple[str, str, Severity, bool], int] = {}
        for f in self.findings:
            key = (f.code, f.name, f.severity, f.fix_applicability == "safe")
            tally[key] = tally.get(key, 0) + 1
        return [(*key, n) for key, n in tally.items()]

    def __repr__(self) -> str:
        return f"FileResult({self.path!r}, errors={self.errors!r})"
