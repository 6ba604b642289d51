"""The built-in readers, registered as a plugin like any other (last: a plugin's reader for
the same suffix wins)."""

from __future__ import annotations

from speechlint.checking.hookspecs import hookimpl
from speechlint.document.readers.base import Reader
from speechlint.document.readers.builtin import LegacyReader, TextReader, WordReader


@hookimpl(trylast=True)
def speechlint_add_readers() -> list[Reader]:
    return [TextReader(), WordReader(), LegacyReader()]
