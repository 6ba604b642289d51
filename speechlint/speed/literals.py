r"""The words a draft must hold for a pattern to match it, read off the pattern's tree.

Compiling a pattern costs ``re`` 0.1–3 ms (its compiler is Python, and a class of a few
scattered Chinese characters such as ``[一二三四五六七八九十]`` costs it a 65,536-entry bitmap),
and a one-draft run would compile ~100 patterns, most of which find nothing in that draft.
A pattern's *clauses* say what it needs: each clause is a few strings, and every match of
the pattern, with what its lookarounds look at, holds at least one string of every clause.
``(?:增长|下降)(?:了|为)?\d`` needs one of ``增长 下降``; ``第[一二三]{1,2}[，、]`` one of
``第一 第二 第三``; ``身(?<![本自其]身)分(?!别)`` needs ``身分``; ``[xX×]{2}(?=年)`` one of
``x年 X年 ×年``. When a draft holds no string of some clause, the pattern cannot match there
and is not compiled for it (speechlint.speed.lazyre).

Each part of the pattern is read as what RE2's prefilter keeps of it: the strings it matches
exactly, when they are few; else the strings every match of it begins with, those every
match ends with, and the clauses it needs inside. A part followed by another joins the
endings of the one to the beginnings of the other (``，`` then ``[。、；]`` needs one of
``，。 ，、 ，；``); a lookahead's beginnings join the endings before it.

The reading is conservative, like the prefilter's: whatever it does not take apart (a large
class, ``.``, a category, a backreference, a group that ignores case) is a part of unknown
text, and a choice whose alternatives do not all need something gives no clause. A clause
can only be too weak (it lets the pattern be compiled for nothing), never wrong: the tests
check random patterns and every built-in pattern against texts they match.
"""

from __future__ import annotations

from speechlint.speed import pattern_syntax as syn

# A set of strings is kept while it has at most this many, each at most MAX_LENGTH long
# (beginnings and endings are shortened to fit; an exact set that does not fit becomes them).
MAX_STRINGS = 64
MAX_LENGTH = 8
# A class of at most this many characters is spelt out; a larger one is unknown text.
MAX_CLASS = 24
# What the gate is given: the few clauses that best tell drafts apart, each small enough that
# looking for its strings costs less than compiling would (see holds: a 15 KB draft takes
# ~1 µs a string, WD002's 164 idioms ~60 µs, where compiling them takes ~1 ms).
MAX_CLAUSES = 3
MAX_CLAUSE_STRINGS = 256
# Joining two sets tries at most this many pairs.
MAX_PAIRS = 4096

Strings = frozenset[str]


class _Info:
    """What is known of the text a part of a pattern matches. (A plain class: a dataclass
    costs every process ~1 ms to build at import, and only the tables' builder reads
    patterns.)"""

    __slots__ = ("ends", "exact", "needs", "starts")

    def __init__(
        self,
        exact: Strings | None = None,  # it matches exactly one of these ("" when it may be empty)
        starts: Strings | None = None,  # else: every match begins with one of these
        ends: Strings | None = None,  # ... and ends with one of these
        needs: tuple[Strings, ...] = (),  # ... and holds one of each of these
    ) -> None:
        self.exact, self.starts, self.ends, self.needs = exact, starts, ends, needs

    def beginnings(self) -> Strings | None:
        return _fit(self.exact, keep_start=True) if self.exact is not None else self.starts

    def endings(self) -> Strings | None:
        return _fit(self.exact, keep_start=False) if self.exact is not None else self.ends

    def clauses(self) -> list[Strings]:
        found = list(self.needs)
        for strings in (self.exact, self.starts, self.ends):
            if strings and "" not in strings:
                found.append(_shortest(strings))
        return found


_UNKNOWN = _Info()
_EMPTY = _Info(exact=frozenset({""}))


def clauses(pattern: str, flags: int = 0) -> tuple[tuple[str, ...], ...]:
    """The clauses a gate tests for pattern (the most telling first; each sorted), empty when
    nothing useful is known or the pattern is not read here."""
    try:
        items = syn.parse(pattern, flags)
    except (syn.Unsupported, ValueError, LookupError):
        return ()
    found = {c for c in _sequence(list(items)).clauses() if len(c) <= MAX_CLAUSE_STRINGS}
    ranked = sorted(found, key=lambda c: (-min(map(len, c)), len(c), sorted(c)))
    return tuple(tuple(sorted(c)) for c in ranked[:MAX_CLAUSES])


def holds(text: str, needed: tuple[tuple[str, ...], ...]) -> bool:
    """Whether text holds a string of every clause in needed."""
    contains = text.__contains__
    for clause in needed:
        for string in clause:
            # Each character alone first: re finds one character with a fast scan in C, a
            # string of Chinese characters several times slower, and most strings have a
            # character the draft lacks.
            if all(map(contains, string)) and contains(string):
                break
        else:
            return False
    return True


# -- sets of strings ----------------------------------------------------------------------


def _fit(strings: Strings | None, *, keep_start: bool) -> Strings | None:
    """strings as beginnings (keep_start) or endings: shortened until they fit; None when
    one is empty (a match may begin with anything) or even single characters are too many."""
    if strings is None or "" in strings:
        return None
    length = min(MAX_LENGTH, max(map(len, strings)))
    while length:
        cut = frozenset(s[:length] if keep_start else s[-length:] for s in strings)
        if len(cut) <= MAX_STRINGS:
            return cut
        length -= 1
    return None


def _join(first: Strings | None, then: Strings | None) -> Strings | None:
    """Each string of first followed by each of then; None when either is unknown or the
    pairs are too many."""
    if first is None or then is None or len(first) * len(then) > MAX_PAIRS:
        return None
    return frozenset(a + b for a in first for b in then)


def _shortest(strings: Strings) -> Strings:
    """strings without those that hold another of them (finding 下降 finds 下降了 too)."""
    kept: list[str] = []
    for s in sorted(strings, key=len):
        if not any(k in s for k in kept):
            kept.append(s)
    return frozenset(kept)


def _exact(strings: Strings | None) -> _Info:
    """A part that matches one of strings: exact while they fit, else what they begin and
    end with."""
    if strings is None:
        return _UNKNOWN
    if len(strings) <= MAX_STRINGS and max(map(len, strings)) <= MAX_LENGTH:
        return _Info(exact=strings)
    return _Info(
        starts=_fit(strings, keep_start=True),
        ends=_fit(strings, keep_start=False),
        needs=(_shortest(strings),) if "" not in strings else (),
    )


# -- reading the tree ---------------------------------------------------------------------


def _merged(*groups: list[Strings] | tuple[Strings, ...]) -> tuple[Strings, ...]:
    """The clauses of groups, each once, in order."""
    return tuple(dict.fromkeys(c for group in groups for c in group))


def _across(endings: Strings | None, beginnings: Strings | None) -> list[Strings]:
    """The clause that the endings of one part joined to the beginnings of what follows it
    make, when both are known (none else)."""
    joined = _join(endings, beginnings)
    return [_shortest(joined)] if joined is not None and "" not in joined else []


def _concat(a: _Info, b: _Info) -> _Info:
    """What a part a followed by a part b matches."""
    if a.exact is not None and b.exact is not None:
        joined = _join(a.exact, b.exact)
        if joined is not None:
            info = _exact(joined)
            return _Info(info.exact, info.starts, info.ends, _merged(a.needs, b.needs, info.needs))
    # A part that may match nothing passes on the beginnings of what follows (and is known
    # to, only when it is exact); an exact part that cannot is a beginning of its own.
    starts = a.starts
    if a.exact is not None:
        starts = _fit(_join(a.exact, b.beginnings()), keep_start=True)
        starts = starts if starts is not None else _fit(a.exact, keep_start=True)
    ends = b.ends
    if b.exact is not None:
        ends = _fit(_join(a.endings(), b.exact), keep_start=False)
        ends = ends if ends is not None else _fit(b.exact, keep_start=False)
    needs = _merged(a.clauses(), b.clauses(), _across(a.endings(), b.beginnings()))
    return _Info(starts=starts, ends=ends, needs=needs)


def _sequence(items: list[syn.Item]) -> _Info:
    info = _EMPTY
    for item in items:
        op, av = item
        if op is syn.ASSERT and av[0] == 1:
            # A lookahead: what it looks at follows what came before, and holds its needs;
            # what follows it is joined to what came before, not to it.
            ahead = _sequence(list(av[1]))
            needs = _merged(
                info.needs, ahead.clauses(), _across(info.endings(), ahead.beginnings())
            )
            info = _Info(info.exact, info.starts, info.ends, needs)
            continue
        info = _concat(info, _item(item))
    return info


def _item(item: syn.Item) -> _Info:
    op, av = item
    if op is syn.LITERAL:
        return _Info(exact=frozenset({chr(av)}))
    if op is syn.IN:
        chars = _class(av)
        return _Info(exact=chars) if chars else _UNKNOWN
    if op is syn.AT or op is syn.ASSERT_NOT:
        return _EMPTY  # zero-width: the strings on either side still join up
    if op is syn.ASSERT:  # a lookbehind (lookaheads are read in _sequence)
        return _Info(exact=frozenset({""}), needs=tuple(_sequence(list(av[1])).clauses()))
    if op is syn.SUBPATTERN:
        return _sequence(list(av[1]))
    if op is syn.ATOMIC_GROUP:
        return _sequence(list(av))
    if op is syn.BRANCH:
        return _choice([_sequence(list(alt)) for alt in av])
    if op in syn.REPEATS:
        return _repeat(*av)
    return _UNKNOWN  # ANY, NOT_LITERAL, CASELESS, GROUPREF


def _repeat(low: int, high: int, items: list[syn.Item]) -> _Info:
    sub = _sequence(list(items))
    if low == 0:
        if high == 1 and sub.exact is not None:
            return _exact(sub.exact | {""})
        return _UNKNOWN  # may be absent or repeated: nothing is known of its text
    first = sub
    for _ in range(low - 1):
        first = _concat(first, sub)
    if high == low:
        return first
    # The first `low` times, then more: it begins as they do and ends as sub does.
    return _Info(starts=first.beginnings(), ends=sub.endings(), needs=tuple(first.clauses()))


def _choice(alternatives: list[_Info]) -> _Info:
    if all(a.exact is not None for a in alternatives):
        union = frozenset().union(*(a.exact for a in alternatives if a.exact is not None))
        if len(union) <= 4 * MAX_STRINGS:
            return _exact(union)
    starts = _union([a.beginnings() for a in alternatives], keep_start=True)
    ends = _union([a.endings() for a in alternatives], keep_start=False)
    # Each alternative's best clause: a match takes one alternative, so it holds one string
    # of their union.
    best: set[str] = set()
    for a in alternatives:
        found = a.clauses()
        if not found:
            return _Info(starts=starts, ends=ends)
        chosen: Strings = max(found, key=_strength)
        best.update(chosen)
    return _Info(starts=starts, ends=ends, needs=(_shortest(frozenset(best)),))


def _union(sets: list[Strings | None], *, keep_start: bool) -> Strings | None:
    if any(s is None for s in sets):
        return None
    return _fit(frozenset().union(*(s for s in sets if s is not None)), keep_start=keep_start)


def _strength(clause: Strings) -> tuple[int, int]:
    return (min(map(len, clause)), -len(clause))


def _class(items: list[syn.Item]) -> Strings | None:
    chars: set[str] = set()
    for op, av in items:
        if op is syn.LITERAL:
            chars.add(chr(av))
        elif op is syn.RANGE and av[1] - av[0] < MAX_CLASS:
            chars.update(map(chr, range(av[0], av[1] + 1)))
        else:  # NEGATE, CATEGORY, a large range
            return None
        if len(chars) > MAX_CLASS:
            return None
    return frozenset(chars) or None
