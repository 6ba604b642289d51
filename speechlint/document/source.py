"""SourceText: a decoded draft with the facts needed to write it back unchanged.

Offsets everywhere in speechlint are code-point offsets into ``SourceText.text``, which keeps
the file's own line endings. Lines and columns are computed only for output.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from speechlint.speed.lazyre import lazy

_NEWLINE = lazy(r"\r\n|\r|\n")


@dataclass(eq=False)
class SourceText:
    path: str
    text: str
    encoding: str = "utf-8"
    bom: bool = False
    kind: str = "text"  # "text", "markdown" or "docx"
    # For formats whose "lines" are not text lines (Word paragraphs), the label used in output.
    line_label: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    _line_starts: list[int] | None = field(default=None, repr=False)
    _line_ends: list[int] | None = field(default=None, repr=False)

    def _index(self) -> None:
        text = self.text
        if "\r" not in text:
            # The usual case, "\n" alone: str.find jumps from one to the next (a regex scan
            # tested every character against its class, ~2% of checking a draft).
            ends = []
            find = text.find
            i = find("\n")
            while i >= 0:
                ends.append(i)
                i = find("\n", i + 1)
            starts = [0, *(i + 1 for i in ends)]
        else:
            starts = [0]
            ends = []
            for m in _NEWLINE.finditer(text):
                ends.append(m.start())
                starts.append(m.end())
        ends.append(len(text))
        self._line_starts, self._line_ends = starts, ends

    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            self._index()
        assert self._line_starts is not None
        return self._line_starts

    @property
    def line_ends(self) -> list[int]:
        if self._line_ends is None:
            self._index()
        assert self._line_ends is not None
        return self._line_ends

    @property
    def line_count(self) -> int:
        return len(self.line_starts)

    def line_spans(self) -> list[tuple[int, int]]:
        """(start, end) of every line's content, without its line terminator."""
        return list(zip(self.line_starts, self.line_ends, strict=True))

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of a code-point offset."""
        starts = self.line_starts
        offset = max(0, min(offset, len(self.text)))
        i = bisect.bisect_right(starts, offset) - 1
        # An offset inside a CRLF pair belongs to the end of the line before it.
        end = self.line_ends[i]
        if offset > end:
            offset = end
        return i + 1, offset - starts[i] + 1

    def offset(self, line: int, column: int) -> int:
        return self.line_starts[line - 1] + column - 1

    def line_text(self, line: int) -> str:
        return self.text[self.line_starts[line - 1] : self.line_ends[line - 1]]

    @property
    def newline(self) -> str:
        """The dominant line terminator, for writers that add lines."""
        counts = {"\r\n": 0, "\r": 0, "\n": 0}
        for m in _NEWLINE.finditer(self.text):
            counts[m.group()] += 1
        best = max(counts, key=lambda k: counts[k])
        return best if counts[best] else "\n"
