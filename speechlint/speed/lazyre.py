"""Regular expressions compiled on first use.

Compiling the built-in rules' and the parser's patterns costs tens of milliseconds a
process — a Han character class alone takes a millisecond or more (re builds a
65,536-entry map for it, in Python). A run answered from the cache parses nothing and runs no
rule, and a single draft never reaches the patterns whose required characters it lacks (the
prefilter decides that from the pattern text), so most patterns need not be compiled at
start-up.
"""

from __future__ import annotations

import re
from typing import Any, cast

_METHODS = ("match", "search", "fullmatch", "finditer", "findall", "sub", "subn", "split")


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

    def compiled(self) -> re.Pattern[str]:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self.pattern, self.flags)
            for name in _METHODS:
                self.__dict__[name] = getattr(compiled, name)
        return compiled

    def __getattr__(self, name: str) -> Any:  # groups, groupindex, scanner
        if name.startswith("__") or name == "_compiled":
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r})"


def _delegate(name: str) -> Any:
    def method(self: LazyPattern, *args: Any, **kwargs: Any) -> Any:
        return getattr(self.compiled(), name)(*args, **kwargs)

    method.__name__ = method.__qualname__ = name
    return method


for _name in _METHODS:
    setattr(LazyPattern, _name, _delegate(_name))


def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern compiled on first use; typed as the pattern it stands in for."""
    return cast("re.Pattern[str]", LazyPattern(pattern, flags))
