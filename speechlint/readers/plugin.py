"""The built-in reader plugin: plain text and Markdown (Word follows in its own module)."""

from __future__ import annotations

import os.path

from speechlint.hookspecs import hookimpl
from speechlint.readers.text import TEXT_SUFFIXES, read_text
from speechlint.source import SourceText

SUPPORTED_SUFFIXES = (*TEXT_SUFFIXES, ".docx")


@hookimpl(trylast=True)
def speechlint_read(path: str, data: bytes, encoding: str | None) -> SourceText | None:
    suffix = os.path.splitext(path)[1].lower()  # not PurePath: ~2 µs a draft for one suffix
    if suffix == ".docx":
        from speechlint.readers.docx_reader import read_docx  # python-docx only when needed

        return read_docx(path, data)
    return read_text(path, data, TEXT_SUFFIXES.get(suffix, "text"), encoding)
