"""The built-in readers: plain text, Markdown, Word (speechlint.running.builtin_readers
registers them)."""

from __future__ import annotations

from speechlint.document.readers.base import Reader
from speechlint.document.readers.text import TEXT_SUFFIXES, read_text
from speechlint.document.source import SourceText


class TextReader(Reader):
    """Plain text and Markdown, in any common Chinese encoding (see readers.text.decode)."""

    name = "text"
    suffixes = tuple(TEXT_SUFFIXES)
    fixes = "text"

    def read(self, path: str, data: bytes, encoding: str | None) -> SourceText:
        dot = path.rfind(".")  # not PurePath: ~2 µs a draft for one suffix
        kind = TEXT_SUFFIXES.get(path[dot:].lower() if dot >= 0 else "", "text")
        return read_text(path, data, kind, encoding)


class WordReader(Reader):
    """Word 2007+ files, through python-docx (imported only when a .docx is read)."""

    name = "docx"
    suffixes = (".docx",)
    fixes = "docx"

    def read(self, path: str, data: bytes, encoding: str | None) -> SourceText:
        from speechlint.document.readers.docx_reader import read_docx

        return read_docx(path, data)
