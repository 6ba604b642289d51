"""The built-in reader plugin: plain text and Markdown (Word follows in its own module)."""

from __future__ import annotations

from pathlib import PurePath

from speechlint.hookspecs import hookimpl
from speechlint.readers.text import TEXT_SUFFIXES, read_text
from speechlint.source import SourceText

SUPPORTED_SUFFIXES = tuple(TEXT_SUFFIXES)


@hookimpl(trylast=True)
def speechlint_read(path: str, data: bytes, encoding: str | None) -> SourceText | None:
    kind = TEXT_SUFFIXES.get(PurePath(path).suffix.lower(), "text")
    return read_text(path, data, kind, encoding)
