"""Plain text and Markdown drafts, with the encodings drafts really come in.

Detection order: a BOM (UTF-8, UTF-16, UTF-32) wins; then NUL bytes mean UTF-16 without a
BOM or a binary file; then strict UTF-8; then GB18030 (a superset of GBK and GB2312, which
Windows editors save by default in Chinese locales). A forced ``--encoding`` skips detection.
"""

from __future__ import annotations

import codecs

from speechlint.document.readers.errors import InputError
from speechlint.document.source import SourceText

TEXT_SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown"}

# (byte-order mark, codec for the bytes after it). UTF-32 LE must be tried before UTF-16 LE.
_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]


def _plausible(text: str) -> bool:
    """Decoded text that is mostly letters, CJK and punctuation, not control characters."""
    if not text:
        return True
    bad = sum(
        1
        for ch in text
        # \v is Word's manual line break (Shift+Enter) in text it exports.
        if (ord(ch) < 32 and ch not in "\r\n\t\f\v") or 0xE000 <= ord(ch) < 0xF900
    )
    return bad <= max(2, len(text) // 200)


def _mostly_text(text: str) -> bool:
    """Whether decoded UTF-16/32 reads as a draft: at least 90% CJK, CJK or general
    punctuation, full-width forms, Latin or whitespace. Random bytes decode to UTF-16 without
    error, so decoding alone proves nothing."""
    if not text:
        return True
    good = 0
    for ch in text:
        o = ord(ch)
        if (
            ch.isspace()
            or 0x20 <= o < 0x250
            or 0x2000 <= o < 0x2070
            or 0x3000 <= o < 0x3040
            or 0x3400 <= o < 0x4DC0
            or 0x4E00 <= o < 0xA000
            or 0xFF00 <= o < 0xFFF0
        ):
            good += 1
    return good >= 0.9 * len(text)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a BOM: the NULs of ASCII characters (newlines, digits) all sit on
    one byte parity, and the decoded text has no control characters. Binary data fails one
    of the two."""
    if len(data) < 4 or len(data) % 2:
        return None
    even_nul = data[0::2].count(0)
    odd_nul = data[1::2].count(0)
    # The byte order whose ASCII characters (newlines, digits) put their NUL on its side is
    # tried first. The other side may hold NULs too: 一 (U+4E00), 开 (U+5F00) and U+3000 have
    # a zero low byte; the checks below, not the parity, tell text from binary.
    orders = [("utf-16-le", odd_nul), ("utf-16-be", even_nul)]
    orders.sort(key=lambda order: -order[1])
    for codec, nuls in orders:
        if nuls == 0:
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        # A draft has line breaks; binary that happens to decode has none (as UTF-16, ASCII
        # byte pairs even land in the CJK block, so the character check alone is fooled).
        if (
            ("\n" in text or "\r" in text)
            and not any(ord(ch) < 32 and ch not in "\r\n\t\f\v" for ch in text)
            and _mostly_text(text)
        ):
            return codec
    return None


def decode(data: bytes, path: str, encoding: str | None = None) -> tuple[str, str, bool]:
    """Return (text, encoding, had_bom). Raises InputError with a one-line reason."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r} given with --encoding") from None
        bom = False
        for mark, _name in _BOMS:
            if data.startswith(mark):
                bom, data = True, data[len(mark) :]
                break
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(
                f"cannot decode as {encoding} (byte {exc.start}); check --encoding"
            ) from None
        return text, encoding, bom
    for mark, name in _BOMS:
        if data.startswith(mark):
            try:
                text = data[len(mark) :].decode(name)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"has a {name} byte-order mark but invalid data at byte {exc.start}"
                ) from None
            if name != "utf-8" and not _mostly_text(text):
                raise InputError(
                    f"starts with a {name} byte-order mark but is not {name} text; "
                    "pass --encoding if it is"
                )
            return text, name, True
    if b"\x00" in data:
        codec = _utf16_without_bom(data)
        if codec:
            return data.decode(codec), codec, False
        raise InputError("is a binary file (contains NUL bytes), not a text draft")
    try:
        return data.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError:
        pass
    try:
        guessed: str | None = data.decode("gb18030")
    except UnicodeDecodeError:
        guessed = None
    if guessed is not None and _plausible(guessed):
        return guessed, "gb18030", False
    raise InputError(
        "cannot decode: not UTF-8, UTF-16 or GB18030; save it as UTF-8 or pass --encoding"
    )


def read_text(path: str, data: bytes, kind: str, encoding: str | None = None) -> SourceText:
    text, enc, bom = decode(data, path, encoding)
    return SourceText(path=path, text=text, encoding=enc, bom=bom, kind=kind)


def encode(source: SourceText, text: str) -> bytes:
    """Encode text exactly the way the source file was stored: codec and byte-order mark."""
    data = text.encode(source.encoding)
    if source.bom:
        codec = codecs.lookup(source.encoding).name
        for mark, name in _BOMS:
            if codecs.lookup(name).name == codec:
                return mark + data
    return data
