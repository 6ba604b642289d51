r"""Skip a regular expression on a draft that cannot contain a match.

Most rule patterns look for something rare (``20xx``, ``某某``, ``，，``, ``身分``) and find
nothing in most drafts, yet a full regex scan of a 20 KB draft costs 0.1–0.5 ms in Python's
``re`` — and there are a few hundred such scans per draft. A substring test (``"某" in text``)
costs well under a microsecond. So each pattern is analysed once: from its parse tree we derive
*required character sets* — sets of which at least one character must occur in the text for
any match to exist (a literal the match consumes, or one a positive lookaround demands). If
some required set has no character in the draft, the scan is skipped. The analysis is
conservative: whatever it does not understand yields no requirement, never a wrong one, so a
skipped scan is always a scan that would have found nothing.

A scan that cannot be skipped can often be *anchored*. ``re`` finds where a match may start
quickly only when the pattern begins with one literal character; a pattern that begins with a
choice (``(?:讲|提|谈|强调)…``) or a lookbehind is tested character by character, or tried at
every position. When every match must begin with one of a few known characters, ``str.find``
locates those characters far faster and the pattern is tried only there (``matches``).
Number patterns begin ``\d(?<!\d\d)``: they can match only where a run of digits starts, and
a draft has a few dozen of those, found once and shared by every such pattern. When a rare
character sits a bounded way into every match (年 four characters into ``[一…〇]{4}年``), the
pattern is tried only at the starts that put one there (``window``); a list of plain words is
tried only where a class per leading character matches (``signature``); with the C
extension, a pattern whose every match begins with one of a few strings of one or two
characters (``截止|其它``, ``(?:讲|强调)\d点``) is tried only where one occurs
(``beginnings``; the places for all such patterns come from one pass over the draft,
``speedups.PairScan``). A pattern uses the first of these its analysis allows, in a fixed
order (see _Plan); all of them find exactly what ``finditer`` finds.

For the built-in patterns these analyses are read from tables made when speechlint is built
(speechlint.speed.facts: ``pattern_facts.json`` for a pattern's first use,
``pattern_ways.json`` for the ways above), so a run reads no pattern's text; any other
pattern is analysed here when first used. tests/test_pattern_facts.py holds the tables to
what these functions give.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from functools import lru_cache, partial
from typing import Any

from speechlint.speed import facts
from speechlint.speed import pattern_syntax as syn
from speechlint.speed.lazyre import lazy
from speechlint.speed.speedups import (
    char_mask,
    digit_runs,
    is_compiled,
    meets_all,
    meets_all_py,
    pair_scan,
    pair_table,
)

# In Python, testing each character against the beginnings would cost more than re's scan.
PAIRS_COMPILED = is_compiled("pair_starts")

# A character class larger than this is not worth testing character by character (and a
# class like [一-鿿] is present in every draft anyway).
MAX_SET = 12
# At most this many requirements are kept per pattern: the smallest sets, tested first.
MAX_REQUIREMENTS = 4

Requirement = frozenset[str]


def _class_chars(items: list[tuple[object, object]], most: int = MAX_SET) -> Requirement | None:
    chars: set[str] = set()
    for op, av in items:
        if op is syn.LITERAL:
            chars.add(chr(av))  # type: ignore[arg-type]
        elif op is syn.RANGE:
            lo, hi = av  # type: ignore[misc]
            if hi - lo + 1 > most:
                return None
            chars.update(chr(i) for i in range(lo, hi + 1))
        else:  # NEGATE, CATEGORY (\d, \s ...), anything else: too broad to test
            return None
        if len(chars) > most:
            return None
    return frozenset(chars) if chars else None


def _item_chars(op: object, av: Any, most: int = MAX_SET) -> frozenset[str] | None:
    """The characters one literal or class item matches, if at most `most`; else None."""
    if op is syn.LITERAL:
        return frozenset(chr(av))
    if op is syn.IN:
        return _class_chars(av, most)
    return None


def _requirements(seq: list[tuple[object, object]]) -> list[Requirement]:
    """Sets, each of which must meet the text, for a match of this sequence to exist."""
    out: list[Requirement] = []
    for op, av in seq:
        if op is syn.LITERAL or op is syn.IN:
            chars = _item_chars(op, av)
            if chars is not None:
                out.append(chars)
        elif op in (syn.MAX_REPEAT, syn.MIN_REPEAT, syn.POSSESSIVE_REPEAT):
            low, _high, sub = av  # type: ignore[misc]
            if low >= 1:
                out.extend(_requirements(list(sub)))
        elif op is syn.SUBPATTERN:
            out.extend(_requirements(list(av[1])))
        elif op is syn.ATOMIC_GROUP:
            out.extend(_requirements(list(av)))  # type: ignore[arg-type]
        elif op is syn.ASSERT:
            # A positive lookaround needs its characters in the text (outside the match).
            _direction, sub = av  # type: ignore[misc]
            out.extend(_requirements(list(sub)))
        elif op is syn.BRANCH:
            union: set[str] = set()
            for alt in av:
                reqs = _requirements(list(alt))
                if not reqs:
                    union = set()
                    break
                union |= min(reqs, key=len)
            if union and len(union) <= 4 * MAX_SET:
                out.append(frozenset(union))
        # ASSERT_NOT, ANY, NOT_LITERAL, AT, GROUPREF...: no requirement.
    return out


def _parse(pattern: re.Pattern[str]) -> Any:
    """pattern's tree (see pattern_syntax); None when it is not analysed (bytes, flags or
    syntax the reader does not take apart)."""
    if not isinstance(pattern.pattern, str):
        return None
    try:
        return syn.parse(pattern.pattern, int(pattern.flags))
    except (syn.Unsupported, ValueError, LookupError):
        return None


def requirements(pattern: re.Pattern[str]) -> tuple[Requirement, ...]:
    """The required character sets of pattern, smallest first (empty: always scan)."""
    return _first_use(pattern)[1]


# What a pattern's first use needs of its analysis: (analysed, requirements, whether it
# matches only where a run of digits begins and has no window).
_FirstUse = tuple[bool, tuple[Requirement, ...], bool]


@lru_cache(maxsize=4096)
def _first_use(pattern: re.Pattern[str]) -> _FirstUse:
    entry = facts.lookup(pattern.pattern, pattern.flags)
    if entry is not None:
        known = _known_first_use(entry)
        if known is not None:
            return known
    return first_use_live(pattern)


def _known_first_use(entry: dict[str, Any]) -> _FirstUse | None:
    """The first-use facts of a table entry (speechlint.speed.facts); None when malformed."""
    if entry.get("requirements") is None:
        return (False, (), False) if "requirements" in entry else None
    required = facts.strings(entry["requirements"])
    digits_only = entry.get("digits_only")
    if required is None or not all(required) or not isinstance(digits_only, bool):
        return None
    return (True, tuple(frozenset(chars) for chars in required), digits_only)


def first_use_live(pattern: re.Pattern[str]) -> _FirstUse:
    """What _first_use knows of pattern, worked out from its text now."""
    parsed = _parse(pattern)
    if parsed is None:
        return (False, (), False)
    reqs = sorted(set(_requirements(parsed)), key=lambda s: (len(s), sorted(s)))
    digits_only = anchors(pattern) is DIGIT_RUNS and window(pattern) is None
    return (True, tuple(reqs[:MAX_REQUIREMENTS]), digits_only)


@lru_cache(maxsize=4096)
def _requirement_strings(pattern: re.Pattern[str]) -> tuple[str, ...]:
    return tuple("".join(sorted(chars)) for chars in requirements(pattern))


# The masks of the last few texts asked about: each rule asks about the draft (and some about
# a masked copy of it) in turn. A text longer than MASKED_TEXT_LIMIT gets the substring tests
# instead: keeping it (and its masked copies) alive for the cache would add its size to the
# peak memory of a 100 MB draft, several times over.
MASKS_KEPT = 4
MASKED_TEXT_LIMIT = 1_000_000
_masks: list[tuple[str, Any]] = []


def _mask_of(text: str) -> Any:
    for held, mask in _masks:
        if held is text:
            return mask
    mask = char_mask(text)
    _masks.insert(0, (text, mask))
    del _masks[MASKS_KEPT:]
    return mask


def may_match(pattern: re.Pattern[str], text: str) -> bool:
    """False only when pattern certainly has no match anywhere in text."""
    wanted = _requirement_strings(pattern)
    if not wanted:
        return True
    if len(text) > MASKED_TEXT_LIMIT:
        return meets_all_py(text, wanted)
    return meets_all(_mask_of(text), wanted)


# A draft dense in a pattern's anchors (every other character a "，") is scanned by re
# instead: past one candidate per this many characters, match() calls cost more than the scan.
CHARS_PER_CANDIDATE = 50
_UNKNOWN: tuple[None, bool] = (None, False)


def _first(seq: list[tuple[object, object]]) -> tuple[set[str] | None, bool]:
    """(chars, nullable) of a sequence: every match that consumes a character begins with one
    of chars; nullable when the sequence can match without consuming one. (None, False):
    not understood, so no claim."""
    out: set[str] = set()
    for op, av in seq:
        if op is syn.AT or op is syn.ASSERT or op is syn.ASSERT_NOT:
            continue  # zero-width: the first character comes from what follows
        if op is syn.LITERAL:
            out.add(chr(av))  # type: ignore[arg-type]
            return out, False
        if op is syn.IN:
            chars = _class_chars(av)  # type: ignore[arg-type]
            if chars is None:
                return _UNKNOWN
            return out | chars, False
        if op is syn.SUBPATTERN:
            subs: list[list[tuple[object, object]]] = [list(av[1])]  # type: ignore[index]
        elif op is syn.BRANCH:
            subs = [list(alt) for alt in av]  # type: ignore[attr-defined]
        elif op is syn.MAX_REPEAT or op is syn.MIN_REPEAT:
            low, _high, sub = av  # type: ignore[misc]
            subs = [list(sub)] if low >= 1 else [list(sub), []]
        else:  # ANY, CATEGORY, NOT_LITERAL, GROUPREF, atomic and possessive forms...
            return _UNKNOWN
        nullable = False
        for sub_seq in subs:
            chars, sub_nullable = _first(sub_seq)
            if chars is None:
                return _UNKNOWN
            out |= chars
            nullable = nullable or sub_nullable
        if not nullable:
            return out, False
    return out, True


_DIGIT = [syn.DIGIT]


_ANY_DIGIT = lazy(r"\d")


def _no_digit_in(items: list[tuple[object, object]]) -> bool:
    """True when a character class (literals and ranges only) holds no decimal digit."""
    for op, av in items:
        if op is syn.LITERAL:
            if chr(av).isdecimal():  # type: ignore[arg-type]
                return False
        elif op is syn.RANGE:
            lo, hi = av  # type: ignore[misc]
            # One regex search over the range's characters: testing 20,000 Han characters
            # one by one took 10 ms.
            if _ANY_DIGIT.search("".join(map(chr, range(lo, hi + 1)))):
                return False
        else:
            return False
    return True


def _starts_digit_run(seq: list[tuple[object, object]]) -> bool:
    r"""True when every match of seq begins where a run of digits begins: ``\d`` then a
    lookbehind that rules out a digit before it (``(?<![\d.]\d)``, ``(?<=[一-鿿]\d)``)."""
    while seq and seq[0][0] is syn.SUBPATTERN:
        seq = list(seq[0][1][1])  # type: ignore[index]
    if len(seq) < 2 or seq[0] != (syn.IN, _DIGIT):
        return False
    op, av = seq[1]
    if op is not syn.ASSERT and op is not syn.ASSERT_NOT:
        return False
    direction, sub = av  # type: ignore[misc]
    sub = list(sub)
    if direction != -1 or len(sub) != 2 or sub[1] != (syn.IN, _DIGIT) or sub[0][0] is not syn.IN:
        return False
    before = sub[0][1]
    if op is syn.ASSERT_NOT:  # (?<![…\d…]\d): the character before is no digit
        return syn.DIGIT in before
    return _no_digit_in(before)  # (?<=[一-鿿]\d): the character before is in a digit-free class


# anchors() answer for patterns anchored on digit-run starts.
DIGIT_RUNS = frozenset({"\\d"})
_runs_of: tuple[str | None, list[int]] = (None, [])


def digit_run_starts(text: str) -> list[int]:
    """Where each run of digits in text begins (the last text's answer is kept: every number
    rule asks about the same draft in turn)."""
    global _runs_of
    if _runs_of[0] is not text:
        _runs_of = (text, digit_runs(text))
    return _runs_of[1]


@lru_cache(maxsize=4096)
def anchors(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The few characters every match of pattern begins with, when re does not already find
    them fast itself (a pattern that begins with one literal); DIGIT_RUNS for a pattern that
    matches only where a run of digits begins; None otherwise."""
    parsed = _parse(pattern)
    if parsed is None:
        return None
    if _starts_digit_run(parsed):
        return DIGIT_RUNS
    chars, nullable = _first(parsed)
    if not chars or nullable or len(chars) > MAX_SET:
        return None
    if len(chars) == 1 and parsed[0][0] is syn.LITERAL:
        return None
    return frozenset(chars)


# How many leading characters of each word a word list's signature describes.
SIGNATURE_LENGTH = 4


def signature(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """signature_text's pattern, compiled on first use (a one-draft run never gets past the
    warm-up scan: ~2 ms saved)."""
    text = signature_text(pattern)
    return lazy(text) if text is not None else None


def signature_text(pattern: re.Pattern[str]) -> str | None:
    """For a list of literal words of two or more characters (``再接再励|一如继往|…``): a
    pattern of one class per position, ``[再一…][接如…]…``, over each word's first few
    characters. Every match of the list begins where the signature matches; None otherwise.

    ``re`` tries all 164 of WD002's idioms, one after the other, wherever one of their ~130
    first characters occurs (~240 µs a draft); the signature's classes are tested in one step
    each and rarely hold past the second (~40 µs), and the list is tried only where they do.
    """
    parsed = _parse(pattern)
    if not parsed or len(parsed) != 1 or parsed[0][0] is not syn.BRANCH:
        return None
    words = []
    for alternative in parsed[0][1]:  # type: ignore[index]
        if any(op is not syn.LITERAL for op, _av in alternative):
            return None
        words.append("".join(chr(av) for _op, av in alternative))  # type: ignore[arg-type]
    length = min(SIGNATURE_LENGTH, *map(len, words))
    if length < 2:
        return None
    classes = ("".join(sorted({re.escape(w[i]) for w in words})) for i in range(length))
    return "".join(f"[{chars}]" for chars in classes)


# At most this many beginnings are enumerated for a pattern, from classes of at most this
# many characters: pair_starts tests a character against them all in one step, so a class
# may be larger than str.find could search for one by one (PU003's 18 quotation marks).
MAX_BEGINNINGS = 2048
MAX_BEGINNING_SET = 64


def beginnings(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings of one or two characters, one of which begins every match of pattern (one
    character: followed by anything), when they are few: ``截止|其它`` gives 截止 and 其它,
    ``，(?:，+|[。；])`` ，， ，。 ，；, ``(?:讲|强调)\\d`` 讲 and 强调. None when a match may be
    empty or begin with a character out of a small set (``\\d``, ``.``, a negated class)."""
    parsed = _parse(pattern)
    if not parsed:
        return None
    found: set[str] = set()
    try:
        ok = _heads(list(parsed), "", found)
    except Exception:  # pragma: no cover - a parser detail that moved: no claim
        return None
    return frozenset(found) if ok and found else None


def _heads(items: list[tuple[object, Any]], head: str, found: set[str]) -> bool:
    """Add to found the beginnings of the matches of items after head (fewer than two
    characters already consumed); False when they are not all known, or too many."""
    if len(head) == 2:
        found.add(head)
        return len(found) <= MAX_BEGINNINGS
    op, av = items[0] if items else (None, None)
    chars = _item_chars(op, av, MAX_BEGINNING_SET) if op is syn.LITERAL or op is syn.IN else None
    if op is None or (chars is None and op not in _STRUCTURE):
        # The match ends here, or goes on with a character of a broad class: only its
        # first character is known. (pair_table takes such a character within the BMP.)
        if len(head) == 1 and ord(head) < 0x10000:
            found.add(head)
            return len(found) <= MAX_BEGINNINGS
        return False
    rest = items[1:]
    if chars is not None:
        return all(_heads(rest, head + ch, found) for ch in sorted(chars))
    if op is syn.AT or op is syn.ASSERT or op is syn.ASSERT_NOT:
        return _heads(rest, head, found)  # zero-width: match() still tests them
    if op is syn.SUBPATTERN:
        return _heads(list(av[1]) + rest, head, found)
    if op is syn.BRANCH:
        return all(_heads(list(alt) + rest, head, found) for alt in av)
    # A repeat (MAX_REPEAT or MIN_REPEAT).
    low, high, sub = av
    if high == 0:
        return _heads(rest, head, found)
    if syn.width(sub)[0] == 0:
        return False  # a repeat that may consume nothing would unroll without end
    again = (op, (max(low - 1, 0), high if high == syn.MAXREPEAT else high - 1, sub))
    once = _heads([*sub, again, *rest], head, found)
    return once and (low > 0 or _heads(rest, head, found))


# The items _heads looks into; any other (ANY, CATEGORY, NOT_LITERAL, GROUPREF, atomic and
# possessive forms...) it takes as a character of a broad class.
_STRUCTURE = frozenset(
    {syn.AT, syn.ASSERT, syn.ASSERT_NOT, syn.SUBPATTERN, syn.BRANCH, syn.MAX_REPEAT, syn.MIN_REPEAT}
)

# How far into a match a window's character may lie.
MAX_WINDOW_OFFSET = 8
Window = tuple[frozenset[str], int, int]


def window(pattern: re.Pattern[str]) -> Window | None:
    """(chars, lo, hi): every match holds one of a few chars at an offset from its start
    between lo and hi (1 <= hi <= MAX_WINDOW_OFFSET) — read off the items the pattern begins
    with, each of bounded width: a literal, a class, a repeat of one at least once, or a
    lookahead that begins with one. ``[一二…〇]{4}年…`` has 年 at 4, ``(?:19|20)…[0-9]?[xX×]``
    an x at 2 or 3. Of several, the one with the fewest places to try. None when there is none
    or the pattern begins with a literal (re finds that fast itself)."""
    if not parsed_begins_with_choice(pattern):
        return None
    try:
        return _window(_parse(pattern))
    except Exception:  # pragma: no cover - a parser detail that moved: no window, no claim
        return None


def _window(parsed: Any) -> Window | None:
    found = [w for w in _windows(parsed) if 0 < w[2] <= MAX_WINDOW_OFFSET]
    return _fewest_places(found)


def _fewest_places(found: list[Window]) -> Window | None:
    return min(found, key=lambda w: (len(w[0]) * (w[2] - w[1] + 1), w[1]), default=None)


def _windows(seq: Any) -> list[Window]:
    """Every (chars, lo, hi) such that each match of seq holds one of chars at an offset from
    its start between lo and hi, from its items up to the first of unbounded width."""
    lo = hi = 0
    found: list[Window] = []
    for op, av in seq:
        chars = None
        if op is syn.LITERAL or op is syn.IN:
            chars = _item_chars(op, av)
        elif op in (syn.MAX_REPEAT, syn.MIN_REPEAT, syn.POSSESSIVE_REPEAT):
            low, _high, sub = av
            if low >= 1 and len(sub) == 1:
                chars = _item_chars(*sub[0])
        elif op is syn.ASSERT and av[0] == 1 and len(av[1]):  # a lookahead: no width
            chars = _item_chars(*av[1][0])
        elif op is syn.SUBPATTERN:
            found += [(c, lo + a, hi + b) for c, a, b in _windows(av[1])]
        elif op is syn.BRANCH:
            # Each alternative's own best window; together they make one for the choice
            # (x-month-day: 月 one or two characters in, whichever branch matches).
            each = [_fewest_places(_windows(alt)) for alt in av]
            if all(w is not None for w in each):
                union = frozenset().union(*(w[0] for w in each if w is not None))
                if len(union) <= MAX_SET:
                    first = min(w[1] for w in each if w is not None)
                    last = max(w[2] for w in each if w is not None)
                    found.append((union, lo + first, hi + last))
        if chars is not None:
            found.append((chars, lo, hi))
        least, most = syn.item_width((op, av))
        lo, hi = lo + least, hi + most
        if hi > MAX_WINDOW_OFFSET:
            break
    return found


def windowed_matches(
    pattern: re.Pattern[str], where: Window, text: str, pos: int, endpos: int
) -> Iterator[re.Match[str]]:
    """What ``pattern.finditer(text, pos, endpos)`` yields, where = window(pattern): pattern
    is tried only at the few starts from which one of the window's characters lies within
    the window; a dense draft falls back to the scan, as anchored_matches does."""
    chars, lo, hi = where
    limit = ((endpos - pos) // CHARS_PER_CANDIDATE + 1) * (hi - lo + 1)
    starts: list[int] = []
    find = text.find
    for ch in chars:
        i = find(ch, pos + lo, endpos)
        while i >= 0:
            if lo == hi:  # one start per character (anchors: lo = hi = 0)
                starts.append(i - lo)
            else:
                starts.extend(range(max(pos, i - hi), i - lo + 1))
            i = find(ch, i + 1, endpos)
        if len(starts) > limit:
            return pattern.finditer(text, pos, endpos)
    # Windows of several offsets overlap, and give one start more than once.
    return match_at(pattern, sorted(set(starts) if lo < hi else starts), text, pos, endpos)


# The ways to search for a pattern: (pattern, text, pos, endpos) -> the matches of finditer.
Way = Callable[[re.Pattern[str], str, int, int], Iterator[re.Match[str]]]


def _scan(pattern: re.Pattern[str], text: str, pos: int, endpos: int) -> Iterator[re.Match[str]]:
    return pattern.finditer(text, pos, endpos)


class _Plan:
    """How one pattern is searched in this process. Its first use is re's scan (a one-draft
    run, which uses each pattern once, then never pays for the analyses the other ways
    need); from its second use on, the first of these its analysis allows: the pair pass
    (every match begins with one of a few strings of one or two characters, found in one
    shared pass over the draft), anchors (``str.find`` on the characters every match begins
    with), a window (a rare character a bounded way into every match), a word list's
    signature, else re's scan. Each falls back to the scan on a draft dense in its
    candidates. The order is fixed, so a run's speed never depends on what it timed: timed
    on the 2,000-draft benchmark corpus, it was the way that won for 54 of 55 patterns."""

    __slots__ = ("chosen", "used")

    def __init__(self, chosen: Way | None = None) -> None:
        self.chosen = chosen  # None until the second use
        self.used = False

    def first_use(self, pattern: re.Pattern[str], text: str, pos: int, endpos: int) -> Any:
        if self.used:  # the second use: the way is worked out now, and kept
            self.chosen = _preferred(pattern)
            return self.chosen(pattern, text, pos, endpos)
        self.used = True
        return pattern.finditer(text, pos, endpos)


_PREFERENCE = ("_paired", "_anchored", "_windowed", "_signed")


def _preferred(pattern: re.Pattern[str]) -> Way:
    ways = ways_for(pattern)
    for name in _PREFERENCE:
        for way in ways:
            if getattr(way, "func", None) is _WAYS[name]:
                return way
    return _scan


@lru_cache(maxsize=4096)
def _plan(pattern: re.Pattern[str]) -> _Plan | None:
    """None for a pattern not analysed (always re's scan); else its plan. The other ways are
    worked out on the pattern's second use (ways_for): a one-draft run, which uses each
    pattern once, does not pay for analyses it would never use (~5 ms)."""
    analysed, _reqs, digits_only = _first_use(pattern)
    if not analysed:
        return None
    if digits_only:
        # A few dozen candidates per draft against a scan that tests every character for
        # being a digit: worth it on the first use already.
        return _Plan(partial(_anchored, chars=DIGIT_RUNS))
    return _Plan()


def ways_for(pattern: re.Pattern[str]) -> list[Way]:
    """re's scan, then every other way pattern's analysis allows."""
    known = facts.later_uses(pattern.pattern, pattern.flags)
    found = _known_ways(known) if known is not None else None
    chars, sig, where, heads = found if found is not None else _ways_live(pattern)
    ways: list[Way] = [_scan]
    if chars is not None:
        ways.append(partial(_anchored, chars=chars))
    elif sig is not None:
        ways.append(partial(_signed, signature=lazy(sig)))
    if where is not None:
        ways.append(partial(_windowed, where=where))
    if PAIRS_COMPILED and heads is not None:
        ways.append(partial(_paired, table=pair_table(heads)))
    return ways


# What ways_for needs: anchors, a signature's text, a window, beginnings.
_WayFacts = tuple[frozenset[str] | None, str | None, Window | None, frozenset[str] | None]


def _ways_live(pattern: re.Pattern[str]) -> _WayFacts:
    chars = anchors(pattern)
    sig = signature_text(pattern) if chars is None else None
    heads = beginnings(pattern) if parsed_begins_with_choice(pattern) else None
    return chars, sig, window(pattern), heads


def later_use_facts(pattern: re.Pattern[str]) -> dict[str, Any]:
    """What ways_for needs of pattern, as the table of later uses holds it."""
    chars, sig, where, heads = _ways_live(pattern)
    return {
        "anchors": "\\d" if chars is DIGIT_RUNS else (sorted(chars) if chars else None),
        "signature": sig,
        "window": [sorted(where[0]), where[1], where[2]] if where is not None else None,
        "beginnings": sorted(heads) if heads is not None else None,
    }


def _known_ways(entry: dict[str, Any]) -> _WayFacts | None:
    """An entry of the table of later uses as ways_for needs it; None when malformed."""
    anchors_, sig, where, heads = (entry.get(k) for k in _WAY_KEYS)
    if anchors_ == "\\d":
        chars: frozenset[str] | None = DIGIT_RUNS
    elif anchors_ is None:
        chars = None
    elif (listed := facts.strings(anchors_)) and all(len(c) == 1 for c in listed):
        chars = frozenset(listed)
    else:
        return None
    if sig is not None and not isinstance(sig, str):
        return None
    window_: Window | None = None
    if where is not None:
        if not (
            isinstance(where, list)
            and len(where) == 3
            and (listed := facts.strings(where[0]))
            and all(isinstance(n, int) and not isinstance(n, bool) for n in where[1:])
        ):
            return None
        window_ = (frozenset(listed), where[1], where[2])
    begun: frozenset[str] | None = None
    if heads is not None:
        listed = facts.strings(heads)
        if not listed or not all(1 <= len(h) <= 2 for h in listed):
            return None
        begun = frozenset(listed)
    return chars, sig, window_, begun


_WAY_KEYS = ("anchors", "signature", "window", "beginnings")


def parsed_begins_with_choice(pattern: re.Pattern[str]) -> bool:
    """False for a pattern that begins with a literal character (re searches for that in C
    by itself) or is not analysed."""
    parsed = _parse(pattern)
    return bool(parsed) and parsed[0][0] is not syn.LITERAL


def _paired(
    pattern: re.Pattern[str], text: str, pos: int, endpos: int, *, table: bytes
) -> Iterator[re.Match[str]]:
    """What finditer yields, pattern tried only where pair_starts finds one of the
    beginnings(pattern) (a dense draft falls back to the scan)."""
    starts = pair_scan.starts(text, pos, endpos, table)
    if len(starts) > (endpos - pos) // CHARS_PER_CANDIDATE + 1:
        return pattern.finditer(text, pos, endpos)
    return match_at(pattern, starts, text, pos, endpos)


def _anchored(
    pattern: re.Pattern[str], text: str, pos: int, endpos: int, *, chars: frozenset[str]
) -> Iterator[re.Match[str]]:
    return anchored_matches(pattern, chars, text, pos, endpos)


def _windowed(
    pattern: re.Pattern[str], text: str, pos: int, endpos: int, *, where: Window
) -> Iterator[re.Match[str]]:
    return windowed_matches(pattern, where, text, pos, endpos)


def _signed(
    pattern: re.Pattern[str], text: str, pos: int, endpos: int, *, signature: re.Pattern[str]
) -> Iterator[re.Match[str]]:
    return signature_matches(pattern, signature, text, pos, endpos)


def anchored_matches(
    pattern: re.Pattern[str], chars: frozenset[str], text: str, pos: int, endpos: int
) -> Iterator[re.Match[str]]:
    """What ``pattern.finditer(text, pos, endpos)`` yields, when every match begins with one
    of chars: pattern is tried only where ``str.find`` finds them — a window at offset 0."""
    if chars is DIGIT_RUNS:
        runs = digit_run_starts(text)
        starts = runs[bisect_left(runs, pos) : bisect_left(runs, endpos)]
        return match_at(pattern, starts, text, pos, endpos)
    return windowed_matches(pattern, (chars, 0, 0), text, pos, endpos)


def match_at(
    pattern: re.Pattern[str], starts: list[int], text: str, pos: int, endpos: int
) -> Iterator[re.Match[str]]:
    """What ``pattern.finditer(text, pos, endpos)`` yields, when every match begins at one of
    the sorted positions starts and none is empty."""
    # No match is empty (anchors() refuses nullable patterns), so skipping the candidates
    # inside the previous match reproduces finditer's non-overlapping matches exactly; a
    # lookbehind sees the text before a candidate with match() just as it does in a scan.
    end = pos
    match = pattern.match
    for i in starts:
        if i >= end:
            m = match(text, i, endpos)
            if m is not None:
                yield m
                end = m.end()


def signature_matches(
    pattern: re.Pattern[str], signature: re.Pattern[str], text: str, pos: int, endpos: int
) -> Iterator[re.Match[str]]:
    """What ``pattern.finditer(text, pos, endpos)`` yields, pattern being a word list and
    signature its ``signature``: pattern is tried where the signature matches, leftmost first.
    Signature matches may overlap a word that is found further on, so after a miss the search
    goes on from the next character, not from the signature match's end."""
    search = signature.search
    match = pattern.match
    while (found := search(text, pos, endpos)) is not None:
        start = found.start()
        m = match(text, start, endpos)
        if m is None:
            pos = start + 1
        else:
            yield m
            pos = m.end()  # words are never empty


def matches(
    pattern: re.Pattern[str], text: str, pos: int = 0, endpos: int | None = None
) -> Iterator[re.Match[str]]:
    """What ``pattern.finditer(text, pos, endpos)`` yields, found the faster way."""
    if endpos is None:
        endpos = len(text)
    plan = _plan(pattern)
    if plan is None:
        return pattern.finditer(text, pos, endpos)
    if plan.chosen is not None:
        return plan.chosen(pattern, text, pos, endpos)
    return plan.first_use(pattern, text, pos, endpos)  # type: ignore[no-any-return]


_WAYS = {"_paired": _paired, "_anchored": _anchored, "_windowed": _windowed, "_signed": _signed}
