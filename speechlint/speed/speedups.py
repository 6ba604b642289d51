"""The hottest scans, compiled where the optional C extension was built, else in pure Python.

``speechlint.speed._speedups`` (speechlint/speed/_speedups.c) is built when the package is
installed on a machine with a C compiler; ``setup.py`` marks it optional, so an install
without one still succeeds and runs the twins below. Each compiled function answers exactly
as its twin does (tests/test_speedups.py compares them on random text), so findings never
depend on which ran.

Set ``SPEECHLINT_NO_SPEEDUPS=1`` to run the pure-Python twins anyway (to compare, or to rule
the extension out when hunting a bug), or name pieces (``SPEECHLINT_NO_SPEEDUPS=sentences,
digit_runs``; see PIECES) to leave only those to their twins: how each piece's end-to-end gain
stated in _speedups.c is measured.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from speechlint.speed.lazyre import lazy

__all__ = [
    "COMPILED",
    "DOUBLED",
    "HAN",
    "PIECES",
    "PairScan",
    "Places",
    "char_mask",
    "char_mask_py",
    "digit_runs",
    "digit_runs_py",
    "doubled_search",
    "doubled_search_py",
    "is_compiled",
    "meets_all",
    "meets_all_py",
    "pair_scan",
    "pair_starts",
    "pair_starts_many",
    "pair_starts_many_py",
    "pair_starts_py",
    "pair_table",
    "sentences",
    "sentences_py",
    "sorted_line_search",
    "sorted_line_search_py",
]

# The common block first: re tests a class's ranges in order, for every character.
HAN = "\u4e00-\u9fff\u3400-\u4dbf"
DOUBLED = lazy(rf"([{HAN}]{{1,8}})\1")


def doubled_search_py(text: str, pos: int) -> tuple[int, int] | None:
    """Where ``([HAN]{1,8})\\1`` first matches at or after pos: (start, unit length)."""
    m = DOUBLED.search(text, pos)
    return None if m is None else (m.start(), m.end(1) - m.start())


RUN_START = lazy(r"\d(?<!\d\d)")


def digit_runs_py(text: str) -> list[int]:
    """The offsets where a run of decimal digits (re's ``\\d``) begins in text."""
    return [m.start() for m in RUN_START.finditer(text)]


SENTENCE = lazy(r"[^。！？!?；;\n]+[。！？!?；;]?")
NOT_TEXT = lazy(rf"[^{HAN}A-Za-z0-9]")


def sentences_py(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """(start, end, normalised) of the sentences in each span of text, in order: matches of
    SENTENCE, normalised by deleting what NOT_TEXT matches; those that become empty left out."""
    out = []
    for lo, hi in spans:
        for m in SENTENCE.finditer(text, lo, hi):
            norm = NOT_TEXT.sub("", m.group(0))
            if norm:
                out.append((m.start(), m.end(), norm))
    return out


def char_mask_py(text: str) -> Any:
    """What meets_all needs to know of text: here, text itself (the compiled form makes a
    bitmap of the characters it holds)."""
    return text


def meets_all_py(mask: Any, requirements: tuple[str, ...]) -> bool:
    """Whether every string in requirements has a character in the text the mask is of."""
    contains = mask.__contains__  # map() over it keeps the tests in C
    return all(any(map(contains, chars)) for chars in requirements)


def sorted_line_search_py(text: str, key: str) -> str | None:
    """The first line of text (sorted lines joined by "\\n") that does not sort below key,
    without its "\\n"; None when every line does. A binary search over character offsets."""
    # Every line starting before lo sorts below key; every line starting at hi or later not.
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi) // 2
        start = text.rfind("\n", lo, mid) + 1 or lo  # the line holding mid (or lo's)
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        if text[start:end] < key:
            lo = end + 1
        else:
            hi = start
    if lo >= len(text):
        return None
    end = text.find("\n", lo)
    return text[lo:] if end < 0 else text[lo:end]


# pair_table's layout: a bitmap of the first characters (BMP; beyond it every character
# passes), a bitmap of those that suffice alone, then a bitmap of the pairs hashed to
# PAIR_HASH_BITS bits. 2**17 bits keep a list of ~200 words to a false candidate every few
# thousand characters.
PAIR_FIRST_BYTES = 8192
PAIR_HASH_BITS = 17


def _pair_hash(a: int, b: int) -> int:
    return (((a * 0x9E3779B1) ^ (b * 0x85EBCA6B)) & 0xFFFFFFFF) >> (32 - PAIR_HASH_BITS)


def pair_table(heads: Iterable[str]) -> bytes:
    """The table pair_starts searches for a set of one- or two-character strings (one
    character: that character followed by anything; it must lie in the BMP)."""
    first = bytearray(PAIR_FIRST_BYTES)
    alone = bytearray(PAIR_FIRST_BYTES)
    hashed = bytearray((1 << PAIR_HASH_BITS) // 8)
    for head in heads:
        a = ord(head[0])
        if a < 0x10000:
            first[a >> 3] |= 1 << (a & 7)
        if len(head) == 1:
            if a >= 0x10000:
                raise ValueError(f"pair_table: {head!r} alone lies beyond the BMP")
            alone[a >> 3] |= 1 << (a & 7)
        elif len(head) == 2:
            h = _pair_hash(a, ord(head[1]))
            hashed[h >> 3] |= 1 << (h & 7)
        else:
            raise ValueError(f"pair_table: {head!r} is not one or two characters")
    return bytes(first + alone + hashed)


def pair_starts_py(text: str, pos: int, endpos: int, table: bytes) -> list[int]:
    """The offsets i, pos <= i < endpos, that pass table's bitmaps: every offset where one of
    its strings begins (within endpos), and a few more."""
    first = table[:PAIR_FIRST_BYTES]
    alone = table[PAIR_FIRST_BYTES : 2 * PAIR_FIRST_BYTES]
    hashed = table[2 * PAIR_FIRST_BYTES :]
    pos, endpos = max(pos, 0), min(endpos, len(text))
    out = []
    for i in range(pos, endpos):
        a = ord(text[i])
        hit = False
        if a < 0x10000:
            if not (first[a >> 3] >> (a & 7)) & 1:
                continue
            hit = bool((alone[a >> 3] >> (a & 7)) & 1)
        if not hit and i + 1 < endpos:
            h = _pair_hash(a, ord(text[i + 1]))
            hit = bool((hashed[h >> 3] >> (h & 7)) & 1)
        if hit:
            out.append(i)
    return out


def pair_starts_many_py(text: str, first: bytes, tables: tuple[bytes, ...]) -> list[list[int]]:
    """pair_starts(text, 0, len(text), table) for each table; first: the union of their
    first-character bitmaps (the compiled form tests it before any table)."""
    return [pair_starts_py(text, 0, len(text), table) for table in tables]


doubled_search: Callable[[str, int], tuple[int, int] | None] = doubled_search_py
sorted_line_search: Callable[[str, str], str | None] = sorted_line_search_py
char_mask: Callable[[str], Any] = char_mask_py
digit_runs: Callable[[str], list[int]] = digit_runs_py
meets_all: Callable[[Any, tuple[str, ...]], bool] = meets_all_py
pair_starts: Callable[[str, int, int, bytes], list[int]] = pair_starts_py
pair_starts_many: Callable[[str, bytes, tuple[bytes, ...]], list[list[int]]] = pair_starts_many_py
sentences: Callable[[str, Sequence[tuple[int, int]]], list[tuple[int, int, str]]] = sentences_py
COMPILED = False
# The compiled pieces, each named by its function; char_mask and meets_all share a format and
# go together, as do pair_starts and pair_starts_many.
PIECES = {
    "doubled_search": ("doubled_search",),
    "sentences": ("sentences",),
    "char_mask": ("char_mask", "meets_all"),
    "sorted_line_search": ("sorted_line_search",),
    "pair_starts": ("pair_starts", "pair_starts_many"),
    "digit_runs": ("digit_runs",),
}


def _left_out(setting: str) -> set[str]:
    """The functions SPEECHLINT_NO_SPEEDUPS leaves to their twins: all for "1" (or any value
    that names no piece), else the pieces it names, separated by commas."""
    names = {name.strip() for name in setting.split(",") if name.strip()}
    if not names & PIECES.keys():
        return {f for functions in PIECES.values() for f in functions} if setting else set()
    return {f for name in names & PIECES.keys() for f in PIECES[name]}


_twins_chosen = _left_out(os.environ.get("SPEECHLINT_NO_SPEEDUPS", ""))
_compiled_here: set[str] = set()
if len(_twins_chosen) < sum(map(len, PIECES.values())):
    try:
        from speechlint.speed import _speedups  # type: ignore[attr-defined]

        for _function in (f for functions in PIECES.values() for f in functions):
            if _function not in _twins_chosen:
                globals()[_function] = getattr(_speedups, _function)
                _compiled_here.add(_function)
        COMPILED = not _twins_chosen
    except ImportError:  # built without a C compiler: the twins answer
        pass


def is_compiled(function: str) -> bool:
    """Whether the compiled form of this function answers (not its twin): callers that
    prepare differently for the twin ask this."""
    return function in _compiled_here


class PairScan:
    """pair_starts for the tables a process uses, all found in one pass over each text.

    A draft is searched with a dozen tables (the prefilter's word lists, PU001's and PU003's
    marks), each once over the whole text. One pass tests a character against the union of
    their first characters, and against each table only when it is in the union (a few
    characters in ten), so the other passes are spared. Answers for
    the last few texts are kept, found by identity: a draft's text is asked for by every
    table in turn, and a rule's masked copy of it by some. A table not asked for on
    IDLE_TEXTS texts in a row is left out of the pass (a way the prefilter timed and did not
    choose); asked for again, it is searched alone for that text and joins the pass again.
    (With 8, a pattern asked for on one draft in ten left and joined again and again: each
    time the union is made anew, ~30,000 instructions.)
    """

    KEEP_TEXTS = 3
    IDLE_TEXTS = 64
    # A longer text (a book pasted into one draft) is searched table by table, as the caller
    # asks, and nothing of it is kept: every table's places for it, and the text itself,
    # would stay in memory while the rules run (tens of MB for a 100 MB draft).
    TEXT_LIMIT = 1_000_000

    def __init__(self) -> None:
        # Each table -> the number of the text it was last asked for on. A table is its own
        # key: bytes keep their hash, and a dict tests identity before equality.
        self._used: dict[bytes, int] = {}
        self._first = bytes(PAIR_FIRST_BYTES)
        self._texts: list[tuple[str, dict[bytes, list[int]]]] = []  # the latest first
        self._count = 0  # texts scanned so far

    def starts(self, text: str, pos: int, endpos: int, table: bytes) -> list[int]:
        """What pair_starts(text, pos, endpos, table) gives, and perhaps endpos - 1 as well
        (whose pair the whole text's pass tested). The list may be shared: do not change it."""
        if len(text) > self.TEXT_LIMIT:
            return pair_starts(text, pos, endpos, table)
        if table not in self._used:  # it joins the pass (before a scan, which may rebuild it)
            self._used[table] = self._count
            self._first = _union((self._first, table))
        found = None
        for kept, by_table in self._texts:
            if kept is text:
                found = by_table
                break
        if found is None:
            found = self._scan(text, table)
        self._used[table] = self._count
        places = found.get(table)
        if places is None:  # joined after this text's pass
            places = found[table] = pair_starts(text, 0, len(text), table)
        if pos <= 0 and endpos >= len(text):
            return places
        return places[bisect_left(places, pos) : bisect_left(places, endpos)]

    def _scan(self, text: str, asked: bytes) -> dict[bytes, list[int]]:
        self._count += 1
        # The table asked for now is not idle, however long since it was last. (Dropped here
        # and noted as used again after the scan, it stayed among the tables with its first
        # characters gone from the union: later passes missed its places until another table
        # went idle.)
        idle = [
            t
            for t, used in self._used.items()
            if self._count - used > self.IDLE_TEXTS and t is not asked
        ]
        if idle:
            for table in idle:
                del self._used[table]
            self._first = _union(self._used)
        tables = tuple(self._used)
        found: dict[bytes, list[int]] = {}
        for at in range(0, len(tables), MAX_TABLES_A_PASS):
            chunk = tables[at : at + MAX_TABLES_A_PASS]
            found.update(zip(chunk, pair_starts_many(text, self._first, chunk), strict=True))
        self._texts.insert(0, (text, found))
        del self._texts[self.KEEP_TEXTS :]
        return found


# The compiled pass takes at most this many tables.
MAX_TABLES_A_PASS = 64


def _union(tables: Iterable[bytes]) -> bytes:
    """The union of the tables' first-character bitmaps."""
    union = 0
    for table in tables:
        union |= int.from_bytes(table[:PAIR_FIRST_BYTES], "little")
    return union.to_bytes(PAIR_FIRST_BYTES, "little")


# The one PairScan of this process.
pair_scan = PairScan()


class Places:
    """Where in a text one of a few one- or two-character strings (pair_table's heads) may
    begin: from the shared pair pass with the C extension, else (``by_pattern``) where
    pattern matches, which must match at least wherever one of the strings begins. The
    table is made on first use, not when a module defines its Places."""

    __slots__ = ("_table", "heads", "pattern")

    def __init__(self, heads: Iterable[str], pattern: re.Pattern[str]) -> None:
        self.heads = tuple(heads)
        self.pattern = pattern
        self._table: bytes | None = None

    def __call__(self, text: str) -> list[int]:
        """The places, sorted (a superset; do not change the list: it may be shared)."""
        if not COMPILED:
            return self.by_pattern(text)
        if self._table is None:
            self._table = pair_table(self.heads)
        return pair_scan.starts(text, 0, len(text), self._table)

    def by_pattern(self, text: str) -> list[int]:
        """The places re finds: where pattern matches."""
        return [m.start() for m in self.pattern.finditer(text)]
