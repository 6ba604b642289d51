"""One lazily built jieba tokenizer for the process.

jieba with its own dictionary costs about 0.7 s to load, so it is built only when a selected
rule actually asks for tokens (and the RP rules ask only where a cheap prefilter found a
candidate). Two things keep that load short when it happens:

* jieba's word table (``FREQ``: every word with its frequency, every prefix of a word with 0)
  is answered from the sorted lines of our frequency-filtered dictionary by binary search
  (``SortedDictionary``) instead of being built in full — building it, or unmarshalling
  jieba's cache of it, was most of the load, and one clause needs a few dozen lookups. The
  search runs over the file's text as read (splitting 80,000 lines cost ~15 ms, more than the
  rest of reading the dictionary): in C ~1 µs a search; without the C extension ~13 µs, so a
  process that looks up many words then splits the text into a list of lines once (~2 µs);
* jieba is imported without ``pkg_resources``, which its compatibility shim imports only to
  open its own data files (it falls back to plain ``open``) and which cost more than the rest
  of jieba's import;
* jieba imports ``md5`` from hashlib at import, for the name of a cache file we never use, and
  importing hashlib loads OpenSSL (~12 million instructions, 6-20 ms here). For the import,
  ``hashlib`` is a stand-in whose ``md5`` imports the real module when called; any other name
  asked of it (by a module imported meanwhile) brings the real module in at once.

Domain words (工人先锋号, 十四五, 总工会…) from rule data and plugins are added before the
first use so official terms segment as one word.
"""

from __future__ import annotations

import bisect
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

from speechlint.speed.speedups import is_compiled, sorted_line_search

_SEARCH_COMPILED = is_compiled("sorted_line_search")

_lock = threading.Lock()
_tokenizer: Any = None
_pending_words: list[str] = []
_added: set[str] = set()
load_seconds: float | None = None


def add_vocabulary(words: Iterable[str]) -> None:
    """Words to keep whole; applied when the tokenizer is built (or at once if it exists).

    Each word is added once per process: jieba's ``add_word`` adds the word's frequency to the
    total every time, so adding it again (another engine, a worker forked from a process
    that built the tokenizer) would shift every later segmentation."""
    fresh = []
    for w in words:
        w = w.strip() if w else ""
        if w and w not in _added:
            _added.add(w)
            fresh.append(w)
    if fresh:
        _boundaries.clear()  # a new word may cut a remembered clause differently
    with _lock:
        if _tokenizer is None:
            _pending_words.extend(fresh)
            return
    for w in fresh:
        _tokenizer.add_word(w)


DICTIONARY = "jieba-dict.txt"


def _dictionary_path() -> Path | None:
    """The frequency-filtered dictionary shipped with the rules (None if it is missing)."""
    from speechlint.checking.patterns import rule_data

    path = rule_data(DICTIONARY)
    return Path(str(path)) if path.is_file() else None


class SortedDictionary(dict[str, int]):
    """jieba's ``FREQ`` answered from sorted dictionary lines (``word freq tag``).

    A key is a word (its frequency), a proper prefix of a word (0), or absent. Lines sort as
    their words do (the space after a word sorts before any character of a word), so the
    first line not below the key starts with the key exactly when the key is a word or a
    prefix. Answers are remembered; words added later (``add_word``) live in the dict itself.

    ``text`` is the lines joined by "\\n", sorted, none blank. It is searched as it is: by the
    C extension (~1 µs a search), or in Python (~13 µs) until SPLIT_AFTER searches have been
    made, and then in a list of its lines split once (~2 µs).
    """

    SPLIT_AFTER = 1000

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text = text.rstrip("\n")
        self._lines: list[str] | None = None
        self._searches = 0
        self._absent: set[str] = set()

    def split(self) -> list[str]:
        """The lines as a list (split now if not yet)."""
        if self._lines is None:
            self._lines = self._text.split("\n")
        return self._lines

    def expect_many_searches(self) -> None:
        """Split the lines now where searching the text is slow (no C extension): before
        worker processes fork, so that they share the list instead of each splitting one."""
        if not is_compiled("sorted_line_search"):
            self.split()

    def _first_not_below(self, key: str) -> str | None:
        """The first line that does not sort below key (None: every line does)."""
        lines = self._lines
        if lines is None:
            if (
                _SEARCH_COMPILED
            ):  # ~1 µs: as fast as bisecting the split lines, and nothing to split
                return sorted_line_search(self._text, key)
            self._searches += 1
            if self._searches <= self.SPLIT_AFTER:
                return sorted_line_search(self._text, key)
            lines = self.split()
        i = bisect.bisect_left(lines, key)
        return lines[i] if i < len(lines) else None

    def _find(self, key: str) -> int | None:
        if dict.__contains__(self, key):
            return dict.__getitem__(self, key)
        if key in self._absent or not key or " " in key or "\n" in key:
            return None
        line = self._first_not_below(key)
        found: int | None = None
        if line is not None and line.startswith(key):
            n = len(key)
            found = int(line[n + 1 :].split(" ", 1)[0]) if line[n] == " " else 0
        if found is None:
            self._absent.add(key)
        else:
            dict.__setitem__(self, key, found)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._find(key) is not None

    def __getitem__(self, key: str) -> int:
        found = self._find(key)
        if found is None:
            raise KeyError(key)
        return found

    def get(self, key: str, default: Any = None) -> Any:
        found = self._find(key)
        return default if found is None else found

    def __setitem__(self, key: str, value: int) -> None:
        self._absent.discard(key)
        dict.__setitem__(self, key, value)


def read_sorted_dictionary(path: Path) -> tuple[SortedDictionary, int]:
    """(FREQ, total) for jieba from a dictionary file of ``word freq [tag]`` lines. When the
    JSON beside it was made from these bytes, the total is read from it and the text is
    searched as it is: freezing checked that its lines are sorted, "\\n"-ended and none blank."""
    from speechlint.checking.patterns import FROZEN_SUFFIX, read_frozen

    raw = path.read_bytes()
    total = read_frozen(path.with_name(path.name + FROZEN_SUFFIX), raw)
    if isinstance(total, int):
        return SortedDictionary(raw.decode("utf-8")), total
    lines = _lines(raw)
    return SortedDictionary("\n".join(lines)), _total(lines)


def _lines(raw: bytes) -> list[str]:
    lines = [line for line in raw.decode("utf-8").splitlines() if line.strip()]
    lines.sort()  # kept sorted on disk, so this costs a millisecond
    return lines


def _total(lines: list[str]) -> int:
    return sum(int(line.split(" ", 2)[1]) for line in lines)


def dictionary_total(raw: bytes) -> int:
    """The sum of the frequencies in a dictionary file's bytes (jieba's ``total``), for the
    JSON beside the shipped dictionary. The file must be its own sorted, clean lines, as
    read_sorted_dictionary then searches it as it is."""
    from speechlint.checking.patterns import PatternDataError

    lines = _lines(raw)
    if raw.decode("utf-8") != "".join(line + "\n" for line in lines):
        raise PatternDataError(
            "the dictionary must be sorted lines, each ending in \\n, none blank: sort it"
        )
    return _total(lines)


def _import_jieba() -> Any:
    """Import jieba without letting its shim import pkg_resources (see the module doc)."""
    if "jieba" in sys.modules:
        import jieba

        return jieba
    blocked = "pkg_resources" not in sys.modules
    if blocked:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes the import fail
    stand_in = "hashlib" not in sys.modules
    if stand_in:
        sys.modules["hashlib"] = _LAZY_HASHLIB
    try:
        import jieba
    finally:
        if blocked:
            del sys.modules["pkg_resources"]
        if stand_in and sys.modules.get("hashlib") is _LAZY_HASHLIB:
            del sys.modules["hashlib"]
    return jieba


def _real_hashlib() -> Any:
    if sys.modules.get("hashlib") is _LAZY_HASHLIB:
        del sys.modules["hashlib"]
    import hashlib

    return hashlib


def _lazy_md5(*args: Any, **kwargs: Any) -> Any:
    return _real_hashlib().md5(*args, **kwargs)


_LAZY_HASHLIB = ModuleType("hashlib", "Stands in for hashlib while jieba is imported.")
_LAZY_HASHLIB.md5 = _lazy_md5  # type: ignore[attr-defined]


def _hashlib_attribute(name: str) -> Any:
    if name.startswith("__"):  # the import system asks for __path__ and the like
        raise AttributeError(name)
    return getattr(_real_hashlib(), name)


_LAZY_HASHLIB.__getattr__ = _hashlib_attribute  # type: ignore[method-assign]


def is_loaded() -> bool:
    return _tokenizer is not None


def build(words: Iterable[str] = ()) -> Any:
    """A new jieba tokenizer on our dictionary (jieba's own if ours is missing), with words."""
    import logging  # here: jieba imports it anyway; a run that never segments does not

    jieba = _import_jieba()
    # jieba announces its dictionary loading on stderr; stderr is for our errors.
    jieba.setLogLevel(logging.CRITICAL)
    path = _dictionary_path()
    if path is not None:
        tk = jieba.Tokenizer(dictionary=str(path))
        tk.FREQ, tk.total = read_sorted_dictionary(path)
        tk.initialized = True
    else:
        tk = jieba.Tokenizer()
        tk.initialize()
    for w in words:
        tk.add_word(w)
    return tk


def tokenizer() -> Any:
    global _tokenizer, load_seconds
    if _tokenizer is not None:
        return _tokenizer
    with _lock:
        if _tokenizer is None:
            started = time.perf_counter()
            tk = build(_pending_words)
            _pending_words.clear()
            load_seconds = time.perf_counter() - started
            _tokenizer = tk
    return _tokenizer


def prepare_for_many_drafts() -> None:
    """Build the tokenizer now, its dictionary ready for many searches. For a run about to
    check many drafts in worker processes: what is built before they fork is shared by them
    instead of built (and held) by each."""
    freq = tokenizer().FREQ
    if isinstance(freq, SortedDictionary):
        freq.expect_many_searches()


def cut(text: str) -> list[str]:
    words: list[str] = tokenizer().lcut(text, HMM=True)
    return words


# Segmentations of recent clauses: a clause's cut depends only on it and the vocabulary, and
# drafts in one folder (versions of a speech, last year's text reused) repeat clauses. Emptied
# when the vocabulary changes and when full.
BOUNDARIES_KEEP = 4096
_boundaries: dict[str, frozenset[int]] = {}


def boundaries(text: str) -> frozenset[int]:
    """Offsets (within text) where one token ends and the next begins, plus both ends."""
    found = _boundaries.get(text)
    if found is None:
        out = {0}
        pos = 0
        for tok in cut(text):
            pos += len(tok)
            out.add(pos)
        if len(_boundaries) >= BOUNDARIES_KEEP:
            _boundaries.clear()
        found = _boundaries[text] = frozenset(out)
    return found


def is_word(text: str) -> bool:
    """Whether jieba's dictionary (with the added vocabulary) knows text as a word."""
    return bool(tokenizer().FREQ.get(text))
