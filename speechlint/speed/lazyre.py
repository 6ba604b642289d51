"""Regular expressions compiled on first use.

Compiling the built-in rules' and the parser's patterns costs tens of milliseconds a
process — a Han character class alone takes a millisecond or more (re builds a
65,536-entry map for it, in Python). A run answered from the cache parses nothing and runs no
rule, and a single draft never reaches the patterns whose required characters it lacks (the
prefilter decides that from the pattern text), so most patterns need not be compiled at
start-up.

A pattern with large classes (a Han class spans 20,000 code points, and re's compiler walks
them one by one: a few milliseconds a pattern) is first tried through its superset
(pattern_syntax.superset: the same pattern with each large class widened to a class that is
cheap to compile): where that finds nothing, the pattern cannot match, and is not compiled. A
draft without three spaces in a row never compiles the pattern for blanks left between Han
characters. Texts over GUARDED_TEXT_LIMIT go to the pattern itself. Measured on one
speech opening in a fresh process, 13% fewer instructions (779 → 675 million); the 15 KB
draft of benchmarks/run.py, 10% (1,134 → 1,016 million).
"""

from __future__ import annotations

import re
from typing import Any, cast

from speechlint.speed import pattern_syntax

_METHODS = ("match", "search", "fullmatch", "finditer", "findall", "sub", "subn", "split")
# The methods whose answer is empty when the superset finds nothing, and that answer.
_EMPTY: dict[str, Any] = {
    "match": lambda: None,
    "search": lambda: None,
    "fullmatch": lambda: None,
    "finditer": lambda: iter(()),
    "findall": list,
}
# Below this many code points in large classes, compiling the pattern costs less than
# compiling its superset and trying it first.
MIN_GUARDED_COST = 8192
# A text longer than this is searched by the pattern itself: a superset can backtrack where the
# pattern's own classes cut a search short, so it is tried only where that cannot cost much.
GUARDED_TEXT_LIMIT = 200_000
_NOT_YET: Any = object()


class LazyPattern:
    """Stands in for ``re.compile(pattern, flags)``: ``pattern`` and ``flags`` are known at
    once; the first call of a matching method compiles, and from then on the compiled
    pattern's own bound methods answer directly (they are stored on the instance, which
    instance lookup finds before the class's delegating methods), so later calls cost nothing
    extra."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None
        self._superset: re.Pattern[str] | None = _NOT_YET

    def compiled(self) -> re.Pattern[str]:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self.pattern, self.flags)
            for name in _METHODS:
                self.__dict__[name] = getattr(compiled, name)
        return compiled

    def superset(self) -> re.Pattern[str] | None:
        """The compiled superset of a pattern with large classes; None for any other."""
        found = self._superset
        if found is _NOT_YET:
            found = None
            if isinstance(self.pattern, str):
                text = pattern_syntax.superset(self.pattern, self.flags, MIN_GUARDED_COST)
                try:
                    found = re.compile(text, self.flags) if text is not None else None
                except re.error:
                    found = None
            self._superset = found
        return found

    def __getattr__(self, name: str) -> Any:  # groups, groupindex, scanner
        if name.startswith("__") or name in ("_compiled", "_superset"):
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r})"


def _delegate(name: str) -> Any:
    empty = _EMPTY.get(name)

    def method(self: LazyPattern, *args: Any, **kwargs: Any) -> Any:
        if empty is not None and self._compiled is None:
            superset = self.superset()
            if superset is not None and not _finds(superset, name, args, kwargs):
                return empty()
        return getattr(self.compiled(), name)(*args, **kwargs)

    method.__name__ = method.__qualname__ = name
    return method


def _finds(superset: re.Pattern[str], name: str, args: Any, kwargs: Any) -> bool:
    """Whether the superset finds anything where method name was asked to look (True when
    the call is not understood: the pattern itself then answers it)."""
    string = args[0] if args else kwargs.get("string")
    if not isinstance(string, str) or len(args) > 3 or set(kwargs) - {"string", "pos", "endpos"}:
        return True
    if len(string) > GUARDED_TEXT_LIMIT:
        return True  # compiling costs nothing beside scanning this much, and is sure to be linear
    pos = args[1] if len(args) > 1 else kwargs.get("pos", 0)
    endpos = args[2] if len(args) > 2 else kwargs.get("endpos", len(string))
    if name == "match":
        return superset.match(string, pos, endpos) is not None
    if name == "fullmatch":
        return superset.fullmatch(string, pos, endpos) is not None
    return superset.search(string, pos, endpos) is not None


for _name in _METHODS:
    setattr(LazyPattern, _name, _delegate(_name))


def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern compiled on first use; typed as the pattern it stands in for."""
    return cast("re.Pattern[str]", LazyPattern(pattern, flags))
