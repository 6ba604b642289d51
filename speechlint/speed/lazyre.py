"""Regular expressions compiled on first use, and only for a text they may match.

Compiling the built-in rules' and the parser's patterns costs tens of milliseconds a
process — ``re``'s compiler is Python, a class of a few scattered Chinese characters costs it
a 65,536-entry bitmap and a Han class a millisecond or more. A run answered from the cache
parses nothing and runs no rule, and a single draft never reaches the patterns whose required
characters it lacks (the prefilter decides that from the pattern text), so most patterns need
not be compiled at start-up. Before a pattern is compiled, two cheaper tests may answer a
call that would find nothing:

- its *gate*: the strings a match needs (speechlint.speed.literals, read from the table of
  built-in patterns, speechlint.speed.facts). A draft without ``身分`` does not compile
  ``身(?<![本自其]身)分(?!别|开…)``, nor one without ``，，`` ``，。`` … the pattern for doubled
  marks. Asked for the first GATE_USES calls only: past a few drafts, compiling once costs
  less than looking for the strings in each.
- its *superset*, for a pattern with large classes (pattern_syntax.superset: the same pattern
  with each large class widened to a class that is cheap to compile): where that finds
  nothing, the pattern cannot match. A draft without three spaces in a row never compiles
  the pattern for blanks left between Han characters. Texts over GUARDED_TEXT_LIMIT go to
  the pattern itself, and after GUARD_USES calls the pattern is compiled.

Neither changes an answer: each says "nothing here" only where the pattern finds nothing
(tests/test_literals.py, tests/test_lazyre.py). Measured with callgrind, the gate and the
table of facts (speechlint.speed.facts) took the 15 KB draft of benchmarks/run.py in a fresh
process from 801 to 670 million instructions (patterns compiled: 109 → 75); a folder run of
600 drafts, ``--jobs 1``, from 9.92 to 9.89 billion.
"""

from __future__ import annotations

import re
from typing import Any, cast

from speechlint.speed import facts, literals, pattern_syntax

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
# How many calls of a pattern its gate, then its superset, may answer before the pattern is
# compiled anyway. A one-draft run asks about each pattern once or a few times, and compiles
# only what the draft may match; a folder run stops paying for the gate and the superset of a
# pattern its drafts keep asking about (past a few drafts, compiling it once costs less than
# looking for its strings in each; past a few dozen calls, less than the superset's scans).
GATE_USES = 4
GUARD_USES = 64
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
        self._facts: dict[str, Any] | None = _NOT_YET
        self._gate: tuple[tuple[str, ...], ...] | None = _NOT_YET
        self._guarded_calls = 0

    def compiled(self) -> re.Pattern[str]:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self.pattern, self.flags)
            for name in _METHODS:
                self.__dict__[name] = getattr(compiled, name)
        return compiled

    def facts(self) -> dict[str, Any] | None:
        """The built-in table's entry for this pattern (speechlint.speed.facts), or None."""
        found = self._facts
        if found is _NOT_YET:
            found = self._facts = facts.lookup(self.pattern, self.flags)
        return found

    def may_hold_a_match(self, string: str) -> bool:
        """False when string holds no string of one of the pattern's clauses (from the
        table: other patterns are not gated)."""
        gate = self._gate
        if gate is _NOT_YET:
            entry = self.facts()
            gate = self._gate = facts.clauses(entry) if entry is not None else None
        return not gate or literals.holds(string, gate)

    def superset(self) -> re.Pattern[str] | None:
        """The compiled superset of a pattern with large classes; None for any other."""
        found = self._superset
        if found is _NOT_YET:
            found = None
            if isinstance(self.pattern, str):
                entry = self.facts()
                if entry is not None and isinstance(entry.get("superset", 0), (str, type(None))):
                    text = entry["superset"]  # (an entry without the key is read as missing)
                else:
                    text = pattern_syntax.superset(self.pattern, self.flags, MIN_GUARDED_COST)
                try:
                    found = re.compile(text, self.flags) if text is not None else None
                except re.error:
                    found = None
            self._superset = found
        return found

    def __getattr__(self, name: str) -> Any:  # groups, groupindex, scanner
        if name.startswith("__") or name in ("_compiled", "_superset", "_facts", "_gate"):
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r})"


def _delegate(name: str) -> Any:
    empty = _EMPTY.get(name)

    def method(self: LazyPattern, *args: Any, **kwargs: Any) -> Any:
        if empty is not None and self._compiled is None and self._guarded_calls < GUARD_USES:
            self._guarded_calls += 1
            string = args[0] if args else kwargs.get("string")
            if (
                self._guarded_calls <= GATE_USES
                and isinstance(string, str)
                and not self.may_hold_a_match(string)
            ):
                return empty()
            superset = self.superset()
            if superset is not None and not _finds(superset, name, string, args, kwargs):
                return empty()
        return getattr(self.compiled(), name)(*args, **kwargs)

    method.__name__ = method.__qualname__ = name
    return method


def _finds(superset: re.Pattern[str], name: str, string: Any, args: Any, kwargs: Any) -> bool:
    """Whether the superset finds anything in string where method name was asked to look
    (True when the call is not understood: the pattern itself then answers it)."""
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
