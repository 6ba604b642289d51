"""The built-in readers: plain text, Markdown, Word (speechlint.running.builtin_readers
registers them)."""

from __future__ import annotations

from collections.abc import Mapping

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

    def read(
        self,
        path: str,
        data: bytes,
        encoding: str | None,
        options: Mapping[str, str] | None = None,
    ) -> SourceText:
        from speechlint.document.readers.docx_reader import read_docx
        from speechlint.document.readers.legacy import OLE_MAGIC

        if data.startswith(OLE_MAGIC) or data.lstrip()[:5] == b"{\\rtf":
            # An old .doc or an RTF named .docx: read as what it is.
            return LegacyReader().read(path, data, encoding, options)
        return read_docx(path, data, _revisions(options))


class LegacyReader(Reader):
    """Old Word (.doc, .dot), WPS (.wps, .wpt), LibreOffice (.odt) and RTF files, converted to
    .docx by LibreOffice (speechlint.document.readers.legacy). Never written back: --fix
    says so, and --annotate writes an annotated .docx copy."""

    name = "legacy"
    suffixes = (".doc", ".dot", ".wps", ".wpt", ".odt", ".rtf")
    fixes = None
    fix_refusal = (
        "此格式不能直接修改：请在 Word/WPS 中另存为 .docx 后再用 --fix（批注副本可用 --annotate）"
    )

    def read(
        self,
        path: str,
        data: bytes,
        encoding: str | None,
        options: Mapping[str, str] | None = None,
    ) -> SourceText:
        from speechlint.document.readers.docx_reader import read_docx
        from speechlint.document.readers.legacy import to_docx

        return read_docx(path, to_docx(path, data), _revisions(options))


def _revisions(options: Mapping[str, str] | None) -> str:
    return (options or {}).get("docx-revisions", "accepted")
