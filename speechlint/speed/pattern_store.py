"""Compiled regular expressions kept between runs, as Python keeps bytecode.

Compiling patterns is the largest part of checking one draft in a fresh process: ``re``
builds, in Python, a 65,536-entry map for every Han character class (2-4 million
instructions each), and a draft reaches about a hundred patterns — some 400 million of a
one-draft run's 1.1 billion instructions. What that work produces, ``re``'s compiled code (a
list of integers plus the group names), depends only on the pattern, its flags and the
interpreter. This module keeps it in a file and rebuilds a pattern from it with
``_sre.compile``, the call ``re.compile`` itself ends with.

The file is one per interpreter (``patterns-cpython-311-30b07f0.bin``: its cache tag and
``sys.hexversion``) in the user's cache directory,
as black and pre-commit keep theirs: ``$SPEECHLINT_PATTERN_CACHE`` if set (``off`` turns the
store off), else ``$XDG_CACHE_HOME/speechlint`` or ``~/.cache/speechlint`` (``~/Library/Caches``
on macOS, ``%LOCALAPPDATA%`` on Windows). It is not the results cache: ``--no-cache`` leaves it
alone, since an entry is keyed by the exact pattern text and cannot change a finding. A
directory that cannot be written is passed over in silence.

Why it is safe: the file carries a MAC made with this user's private key (see user_key): a file
anybody else wrote or changed is not decoded at all, since crafted code given to ``_sre`` can
change what a pattern matches or crash the interpreter. It names the interpreter it was made by
(``sys.hexversion``, the cache tag, ``_sre.MAGIC`` and ``_sre.CODESIZE``); and before first use
a probe pattern is compiled this way and compared with ``re.compile``'s (``Pattern`` equality
compares the code). Whenever any of this does not hold — another interpreter, a private
function renamed, a damaged file — patterns are compiled by ``re.compile``, as without the
store.

The file also keeps what the prefilter works out from each pattern's parse tree
(``PatternStore.analysis``): parsing ~95 patterns again cost a one-draft process ~11 ms. Such
an entry depends on speechlint's code as well as the interpreter, so its key names the code
(the prefilter's source digest) and a flag ``re`` never uses; the prefilter checks the
value's shape before use.
"""

from __future__ import annotations

import _sre
import marshal
import os
import re
import sys
import threading
from typing import Any

from speechlint.safety.atomic_write import write_atomically
from speechlint.safety.safe_io import DATA_LIMIT, read_regular
from speechlint.safety.user_key import mac, user_cache_folder, user_key

_HEADER = b"speechlint compiled patterns 2\n"
# Entries beyond this are dropped on saving, those this process did not use first: patterns
# built from a user's configuration change with it and would otherwise pile up.
MAX_ENTRIES = 2048
# Saving reads the file, merges and replaces it; another process replacing it in between can
# drop this one's entries, which saving then finds missing and writes again (at most so often).
SAVE_ATTEMPTS = 3

_Key = tuple[str, int]
# A flag re never uses: set in the keys of analyses (see PatternStore.analysis), which can
# then never be taken for a pattern's, nor a pattern's for theirs.
ANALYSIS_FLAG = 1 << 40
# re's own, kept: segment stands this module's compile in for re.compile while jieba imports.
_re_compile = re.compile


class PatternStore:
    """Compiled patterns kept in one file (path None: kept for this process only)."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.stats = {"hits": 0, "compiled": 0}
        self.analysis_stats = {"read": 0, "kept": 0}
        self._lock = threading.Lock()
        self._stored: dict[_Key, bytes] | None = None  # the file's (None: not read yet)
        self._new: dict[_Key, bytes] = {}  # compiled here since the last save
        self._used: set[_Key] = set()

    def compile(self, pattern: str, flags: int = 0) -> re.Pattern[str]:
        """``re.compile(pattern, flags)``, answered from the store when it holds the pattern."""
        flags = int(flags)
        if flags & re.DEBUG or not isinstance(pattern, str) or not is_usable():
            return _re_compile(pattern, flags)
        key = (pattern, flags)
        stored = self._entries()
        raw = stored.get(key) or self._new.get(key)
        if raw is not None:
            try:
                compiled = _sre_compile(pattern, *marshal.loads(raw))
            except Exception:  # a bad entry: compiled afresh below
                stored.pop(key, None)
            else:
                self.stats["hits"] += 1
                self._used.add(key)
                return compiled
        compiled, raw = _compile_fresh(pattern, flags)
        with self._lock:
            self.stats["compiled"] += 1
            self._new[key] = raw
            self._used.add(key)
        return compiled

    def analysis(self, tag: str, pattern: str, flags: int) -> Any | None:
        """What ``keep_analysis`` kept for this pattern under this tag, or None. The tag must
        name the code that made the value (its source's digest, say): an analysis, unlike
        compiled code, changes with speechlint."""
        key = (f"{tag}\0{pattern}", int(flags) | ANALYSIS_FLAG)
        raw = self._entries().get(key) or self._new.get(key)
        if raw is None:
            return None
        try:
            value = marshal.loads(raw)
        except Exception:  # a bad entry: made afresh, and kept again
            return None
        self.analysis_stats["read"] += 1
        self._used.add(key)
        return value

    def keep_analysis(self, tag: str, pattern: str, flags: int, value: Any) -> None:
        """Keep value (of types marshal writes) for ``analysis`` to give later runs."""
        key = (f"{tag}\0{pattern}", int(flags) | ANALYSIS_FLAG)
        try:
            raw = marshal.dumps(value)
        except ValueError:  # not marshal's: not kept
            return
        with self._lock:
            self.analysis_stats["kept"] += 1
            self._new[key] = raw
            self._used.add(key)

    def save(self) -> bool:
        """Write the patterns compiled here since the last save into the file, with those it
        holds already (read again: another process may have added some). Atomic: a reader sees
        the old file or the new one. Nothing is written when nothing is new or the store is
        off; a directory that cannot be written is passed over. Whether the file now holds
        this process's patterns."""
        path = self.path
        if path is None or not self._new:
            return False
        with self._lock:
            for _ in range(SAVE_ATTEMPTS):
                merged = _read(path)
                merged.update(self._new)
                if len(merged) > MAX_ENTRIES:
                    merged = {k: v for k, v in merged.items() if k in self._used}
                if not _write(path, _serialize(merged)):
                    return False
                if self._new.items() <= _read(path).items():
                    self._stored = merged
                    self._new.clear()
                    return True
            return False

    def _entries(self) -> dict[_Key, bytes]:
        if self._stored is None:
            loaded = _read(self.path) if self.path is not None else {}
            with self._lock:
                if self._stored is None:
                    self._stored = loaded
        return self._stored


_default: PatternStore | None = None


def default() -> PatternStore:
    """The store of this process, at the place the environment names (see the module doc).
    Saved when the interpreter exits; a forked worker leaves by ``os._exit``, past atexit, so
    the runner registers ``save`` with multiprocessing's finalizers there."""
    global _default
    if _default is None:
        directory = cache_directory()
        tag = sys.implementation.cache_tag
        path = None
        if directory is not None and tag:
            path = os.path.join(directory, f"patterns-{tag}-{sys.hexversion:x}.bin")
        _default = PatternStore(path)
        import atexit

        atexit.register(save)
    return _default


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)`` through this process's store."""
    return (_default or default()).compile(pattern, flags)


def save() -> None:
    """Save this process's store, if it was used."""
    if _default is not None:
        _default.save()


def cache_directory() -> str | None:
    """Where the store's file goes (see the module doc); None when the store is off."""
    chosen = os.environ.get("SPEECHLINT_PATTERN_CACHE")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else chosen
    return user_cache_folder()


def _sre_compile(
    pattern: str, flags: int, code: list[int], groups: int, groupindex: Any, indexgroup: Any
) -> re.Pattern[str]:
    return _sre.compile(pattern, flags, code, groups, groupindex, indexgroup)  # type: ignore[no-any-return]


def _compile_fresh(pattern: str, flags: int) -> tuple[re.Pattern[str], bytes]:
    """What ``re._compiler.compile`` does (unchanged from 3.11 to 3.13), keeping the code."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    p = _parser.parse(pattern, flags)
    # Opcodes are an int subclass (named constants), which marshal refuses: plain ints.
    code = list(map(int, _compiler._code(p, flags)))
    groupindex = dict(p.state.groupdict)
    indexgroup: list[str | None] = [None] * p.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    entry = (flags | p.state.flags, code, p.state.groups - 1, groupindex, tuple(indexgroup))
    return _sre_compile(pattern, *entry), marshal.dumps(entry)


_usable: bool | None = None  # None: not decided yet


def is_usable() -> bool:
    """Whether patterns can be rebuilt from stored code here (decided once, by _self_test)."""
    global _usable
    if _usable is None:
        _usable = _self_test()
    return _usable


_PROBE = r"(?P<a>x[a-c]+)(y)?\d|[^ab]{2,}?"


def _self_test() -> bool:
    """Whether this interpreter's ``re`` internals are the ones ``_compile_fresh`` follows:
    the probe compiled this way equals ``re.compile``'s (same flags, groups and code)."""
    try:
        ours, raw = _compile_fresh(_PROBE, 0)
        theirs = _re_compile(_PROBE)
        again = _sre_compile(_PROBE, *marshal.loads(raw))
    except Exception:  # any surprise: do not use the store
        return False
    return bool(
        ours == theirs
        and again == theirs
        and ours.groupindex == theirs.groupindex
        and ours.groups == theirs.groups
    )


_identity: tuple[Any, ...] | None = None


def _identity_now() -> tuple[Any, ...]:
    global _identity
    if _identity is None:
        _identity = (sys.hexversion, sys.implementation.cache_tag, _sre.MAGIC, _sre.CODESIZE)
    return _identity


def _serialize(entries: dict[_Key, bytes]) -> bytes:
    body = marshal.dumps(entries)
    signed = marshal.dumps((_identity_now(), body))
    return _HEADER + _mac(signed).encode() + b"\n" + signed


def _mac(data: bytes) -> str:
    """The MAC of data under this user's key (user_key); "" when there is no key, which no
    file's MAC equals."""
    key = user_key()
    return mac(key, data) if key else ""


def _write(path: str, data: bytes) -> bool:
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
    except OSError:
        return False
    return write_atomically(path, [data])


def _read(path: str) -> dict[_Key, bytes]:
    """The entries of the file at path; none if it is missing, damaged or another
    interpreter's."""
    try:
        data = read_regular(path, DATA_LIMIT, follow=False)
    except OSError:
        return {}
    if not data.startswith(_HEADER):
        return {}
    try:
        # Only a file this user's speechlint wrote is decoded at all: compiled code is handed
        # to _sre, and a crafted one can change what a pattern matches or crash the process.
        signature, signed = data[len(_HEADER) :].split(b"\n", 1)
        if not signature or signature.decode("ascii") != _mac(signed):
            return {}
        identity, body = marshal.loads(signed)
        if identity != _identity_now():
            return {}
        entries = marshal.loads(body)
    except Exception:  # a damaged file is a missing one
        return {}
    if not isinstance(entries, dict):
        return {}
    return entries
