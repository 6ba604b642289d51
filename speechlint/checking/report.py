"""Located findings: diagnostics with lines and columns, ready for any formatter.

Lines and columns are 1-based and counted in characters (an editor's column); the end is
exclusive. This is the JSON contract CI users parse: keep it stable (tests pin it).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any, NamedTuple

from speechlint.checking.diagnostics import Applicability, Category, Diagnostic, Severity
from speechlint.document.source import SourceText


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


# A finding without its path, as a plain tuple in Finding's field order: what a worker sends
# and the cache stores. Building ~85 Finding objects per draft, pickling them to the parent and
# unpickling them there cost more than checking some drafts; rows are built instead, and Finding
# objects only when a formatter reads them. A fix's edits in a row are plain tuples too.
Row = tuple[Any, ...]
ROW_LINE, ROW_COLUMN, ROW_CODE, ROW_NAME, ROW_SEVERITY, ROW_MESSAGE, ROW_FIX = 0, 1, 4, 5, 7, 8, 9
ROW_LABEL = 12


def select_and_locate(
    source: SourceText,
    diagnostics: list[Diagnostic],
    severities: Mapping[str, Severity],
    errors: list[str],
) -> list[Row]:
    """The rows of a draft's sorted diagnostics (consumed as they are located, so that both
    never sit in memory together): repeats and spans outside the text left out (the latter
    named in errors), each at its configured severity, located as a Row — lines, columns, the
    window of its line.

    One loop with everything in locals, each diagnostic unpacked once: ~85 findings a draft
    made a call (and attribute lookups) per finding a visible share of a folder run. Most
    findings, and the edits of their fixes, lie on one line, so their columns follow from
    the line already found."""
    starts, ends = source.line_starts, source.line_ends
    text, label, line_col, path = source.text, source.line_label, source.line_col, source.path
    size = len(text)
    categories, applicabilities = _CATEGORY_NAMES, _APPLICABILITY_NAMES
    configured = severities.get
    seen: set[tuple[str, int, int, str]] = set()
    remember = seen.add
    rows: list[Row] = []
    append = rows.append

    def where(offset: int, line: int, line_start: int, line_end: int) -> tuple[int, int]:
        if line_start <= offset <= line_end:
            return line, offset - line_start + 1
        return line_col(offset)

    diagnostics.reverse()
    pop = diagnostics.pop
    while diagnostics:
        code, name, category, severity, message, start, end, fix, related = pop()
        key = (code, start, end, message)
        if key in seen:
            continue
        remember(key)
        if not 0 <= start <= end <= size:
            errors.append(f"{path}: rule {code} reported a span outside the text")
            continue
        severity = configured(code, severity)
        i = bisect_right(starts, start) - 1
        line_start, line_end = starts[i], ends[i]
        line = i + 1
        # An offset inside a CRLF pair belongs to the end of the line before it.
        col = (start if start <= line_end else line_end) - line_start + 1
        if end <= line_end:
            end_line, end_col = line, end - line_start + 1
        else:
            end_line, end_col = line_col(end)
        if fix is None:
            applicability = None
            edits: tuple[tuple[int, int, int, int, str], ...] = ()
        else:
            kind, fix_edits = fix
            applicability = applicabilities.get(kind) or str(kind)
            # Plain tuples: a worker pickles rows, and a named tuple pickles through a Python
            # call each (half of a draft's pickling time); Findings make them LocatedEdits.
            if len(fix_edits) == 1 and line_start <= fix_edits[0][0] <= fix_edits[0][1] <= line_end:
                # Nearly every fix: one edit on the finding's line.
                e_start, e_end, replacement = fix_edits[0]
                edits = ((line, e_start - line_start + 1, line, e_end - line_start + 1,
                          replacement),)  # fmt: skip
            else:
                edits = tuple(
                    (
                        *where(e.start, line, line_start, line_end),
                        *where(e.end, line, line_start, line_end),
                        e.replacement,
                    )
                    for e in fix_edits
                )
        window_start = start - CONTEXT if start - CONTEXT > line_start else line_start
        window_end = (end if end > start else start) + CONTEXT
        if window_end > line_end:
            window_end = line_end
        append(
            (line, col, end_line, end_col, code, name, categories.get(category) or str(category),
             severity, message, applicability, edits, text[window_start:window_end], label,
             start, end, related, window_start - line_start)
        )  # fmt: skip
    return rows


# str() of these enums runs their Python __str__; a lookup is cheaper per finding.
_CATEGORY_NAMES = {c: str(c) for c in Category}
_APPLICABILITY_NAMES = {a: str(a) for a in Applicability}


def row_of(f: Finding) -> Row:
    return (f.line, f.column, f.end_line, f.end_column, f.code, f.name, f.category, f.severity,
            f.message, f.fix_applicability, f.fix_edits, f.line_text, f.line_label, f.start,
            f.end, f.related, f.text_offset)  # fmt: skip


# (code, name, severity, safely fixable, how many): what a tally needs of a file's findings.
CountRow = tuple[str, str, Severity, bool, int]


class FileResult:
    """One draft's findings and errors.

    The findings may be held as rows (fresh from the engine, from a worker process, or still
    packed in a cache entry): Finding objects are built only when something reads ``findings``
    (a formatter), while a run that only counts (``--statistics``, exit status) reads
    ``counts()`` and a cache write reads ``rows()``.
    """

    __slots__ = (
        "_counts", "_findings", "_load_rows", "_rows", "document", "errors", "path",
        "rendered", "send_rows", "source",
    )  # fmt: skip

    def __init__(
        self,
        path: str,
        findings: list[Finding] | None = None,
        errors: list[str] | None = None,
        *,
        rows: list[Row] | None = None,
        load_rows: Callable[[], list[Row]] | None = None,
        counts: list[CountRow] | None = None,
    ) -> None:
        self.path = path
        if findings is None and rows is None and load_rows is None and counts is None:
            findings = []  # (counts alone: the rows were withheld, see rows())
        self._findings = findings
        self._rows = rows
        self._load_rows = load_rows
        self._counts = counts
        self.errors = errors if errors is not None else []
        # Kept only where a later step needs the text (fixing, HTML report); None otherwise.
        self.source: SourceText | None = None
        self.document: Any = None
        # The report's text for this draft when a worker wrote it (plain text output), and
        # whether the rows go to the parent at all: a run that writes only that text and the
        # counts never reads them (see runner.iter_check).
        self.rendered: str | None = None
        self.send_rows = True

    def rows(self) -> list[Row]:
        if self._findings is not None:
            return [row_of(f) for f in self._findings]
        if self._rows is None:
            if self._load_rows is None:
                raise RuntimeError(f"{self.path}: the worker was told not to send the findings")
            self._rows, self._load_rows = self._load_rows(), None
        return self._rows

    @property
    def findings(self) -> list[Finding]:
        if self._findings is None:
            path = self.path
            make = LocatedEdit._make
            self._findings = [
                # A row is a Finding's fields in order, the path left out (see Row).
                Finding(path, *r[:10], tuple(map(make, r[10])), *r[11:])  # type: ignore[call-arg]
                if r[10]
                else Finding(path, *r)
                for r in self.rows()
            ]
            self._rows = None
        return self._findings

    @findings.setter
    def findings(self, value: list[Finding]) -> None:
        self._findings, self._rows, self._load_rows, self._counts = value, None, None, None

    def counts(self) -> list[CountRow]:
        """Findings counted by rule, severity and fixability, without building them."""
        if self._findings is None and self._counts is not None:
            return self._counts
        tally: dict[tuple[str, str, Severity, bool], int] = {}
        for r in self.rows():
            key = (r[ROW_CODE], r[ROW_NAME], r[ROW_SEVERITY], r[ROW_FIX] == "safe")
            tally[key] = tally.get(key, 0) + 1
        counts = [(*key, n) for key, n in tally.items()]
        if self._findings is None:
            self._counts = counts
        return counts

    def __reduce__(self) -> tuple[Any, ...]:
        # Sent from a worker: the rows travel as one pickled blob that the parent unpickles
        # only if a formatter reads the findings; counts are enough for --statistics.
        import pickle  # here: only results sent from worker processes are pickled

        blob = (
            pickle.dumps(self.rows(), protocol=pickle.HIGHEST_PROTOCOL) if self.send_rows else None
        )
        counts = self.counts()
        state = (self.path, self.errors, counts, blob, self.source, self.document, self.rendered)
        return (_from_wire, state)

    def __repr__(self) -> str:
        return f"FileResult({self.path!r}, errors={self.errors!r})"


def _from_wire(
    path: str,
    errors: list[str],
    counts: list[CountRow],
    blob: bytes | None,
    source: Any,
    document: Any,
    rendered: str | None,
) -> FileResult:
    import pickle

    load = partial(pickle.loads, blob) if blob is not None else None
    result = FileResult(path, errors=errors, load_rows=load, counts=counts)
    result.source, result.document, result.rendered = source, document, rendered
    return result
