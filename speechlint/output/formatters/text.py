"""``--format text``: ``path:line:col: CODE message``, optionally with the source line."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import click

from speechlint.checking.diagnostics import Severity
from speechlint.checking.report import (
    ROW_CODE,
    ROW_COLUMN,
    ROW_LABEL,
    ROW_LINE,
    ROW_MESSAGE,
    FileResult,
    Finding,
)
from speechlint.output.formatters.base import Formatter, display_width

_COLORS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
# Long paragraphs are one line; show this many characters either side of a finding.
_CONTEXT = 30


class TextFormatter(Formatter):
    name = "text"
    description = "one line per finding: path:line:col: CODE message"

    def style(self, text: str, **kwargs: object) -> str:
        return click.style(text, **kwargs) if self.options.color else text  # type: ignore[arg-type]

    def render(self, results: list[FileResult]) -> str:
        chunks: list[str] = []
        self.stream(results, chunks.append)
        return "".join(chunks)

    def per_file(self) -> Callable[[FileResult], str] | None:
        plain = not self.options.color and not self.options.show_source
        return plain_text if plain else None

    def stream(self, results: Iterable[FileResult], write: Callable[[str], None]) -> None:
        if not self.options.color and not self.options.show_source:
            for result in results:
                # A worker may have written the draft's lines already (runner.iter_check).
                text = result.rendered if result.rendered is not None else plain_text(result)
                if text:
                    write(text)
            return
        for result in results:
            out: list[str] = []
            for f in result.findings:
                out.append(self.line(f))
                if self.options.show_source:
                    out.extend(self.source_lines(f))
            if out:
                write("\n".join(out) + "\n")

    def line(self, f: Finding) -> str:
        label = f.line_label
        location = self.style(f"{f.path}:{label}{f.line}:{f.column}:", bold=True)
        code = self.style(f.code, fg=_COLORS[f.severity], bold=True)
        return f"{location} {code} {f.message}"

    def source_lines(self, f: Finding) -> list[str]:
        text = f.line_text  # a window of the line, starting at column text_offset + 1
        start = f.column - 1 - f.text_offset
        end = f.end_column - 1 - f.text_offset if f.end_line == f.line else len(text)
        end = max(end, start + 1)
        lo = max(0, start - _CONTEXT)
        hi = min(len(text), end + _CONTEXT)
        prefix = "…" if lo > 0 or f.text_offset > 0 else ""
        suffix = "…" if hi < len(text) else ""
        shown = prefix + text[lo:hi] + suffix
        pad = display_width(prefix + text[lo:start])
        marks = max(1, display_width(text[start : min(end, hi)]))
        gutter = f"{f.line}"
        caret = self.style("^" * marks, fg=_COLORS[f.severity], bold=True)
        return [
            f"{' ' * len(gutter)} |",
            f"{gutter} | {shown}",
            f"{' ' * len(gutter)} | {' ' * pad}{caret}",
        ]


def plain_text(result: FileResult) -> str:
    """The draft's lines of the text format without colour or source: what
    TextFormatter.line makes of each finding, built straight from the rows (building a
    Finding object for each line cost about as much as writing it). Worker processes call it
    too, so that the parent only writes the text."""
    path = result.path
    return "".join(
        f"{path}:{r[ROW_LABEL]}{r[ROW_LINE]}:{r[ROW_COLUMN]}: {r[ROW_CODE]} {r[ROW_MESSAGE]}\n"
        for r in result.rows()
    )
