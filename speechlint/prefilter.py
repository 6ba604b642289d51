"""Skip a regular expression on a draft that cannot contain a match.

Most rule patterns look for something rare (``20xx``, ``某某``, ``，，``, ``身分``) and find
nothing in most drafts, yet a full regex scan of a 20 KB draft costs 0.1–0.5 ms in Python's
``re`` — and there are a few hundred such scans per draft. A substring test (``"某" in text``)
costs well under a microsecond. So each pattern is analysed once: from its parse tree we derive
*required character sets* — sets of which at least one character must occur in the text for
any match to exist (a literal the match consumes, or one a positive lookaround demands). If
some required set has no character in the draft, the scan is skipped. The analysis is
conservative: whatever it does not understand yields no requirement, never a wrong one, so a
skipped scan is always a scan that would have found nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache

try:  # the parser behind `re`; private, so degrade to "always scan" if it ever moves
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - future Pythons
    _p = None  # type: ignore[assignment]
    _c = None  # type: ignore[assignment]

# A character class larger than this is not worth testing character by character (and a
# class like [一-鿿] is present in every draft anyway).
MAX_SET = 12
# At most this many requirements are kept per pattern: the smallest sets, tested first.
MAX_REQUIREMENTS = 4

Requirement = frozenset[str]


def _class_chars(items: list[tuple[object, object]]) -> Requirement | None:
    chars: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            chars.add(chr(av))  # type: ignore[arg-type]
        elif op is _c.RANGE:
            lo, hi = av  # type: ignore[misc]
            if hi - lo + 1 > MAX_SET:
                return None
            chars.update(chr(i) for i in range(lo, hi + 1))
        else:  # NEGATE, CATEGORY (\d, \s ...), anything else: too broad to test
            return None
        if len(chars) > MAX_SET:
            return None
    return frozenset(chars) if chars else None


def _requirements(seq: list[tuple[object, object]]) -> list[Requirement]:
    """Sets, each of which must meet the text, for a match of this sequence to exist."""
    out: list[Requirement] = []
    for op, av in seq:
        if op is _c.LITERAL:
            out.append(frozenset(chr(av)))  # type: ignore[arg-type]
        elif op is _c.IN:
            chars = _class_chars(av)  # type: ignore[arg-type]
            if chars is not None:
                out.append(chars)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            low, _high, sub = av  # type: ignore[misc]
            if low >= 1:
                out.extend(_requirements(list(sub)))
        elif op is _c.SUBPATTERN:
            _group, add_flags, _del_flags, sub = av  # type: ignore[misc]
            if add_flags & re.IGNORECASE:
                continue
            out.extend(_requirements(list(sub)))
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            out.extend(_requirements(list(av)))  # type: ignore[arg-type]
        elif op is _c.ASSERT:
            # A positive lookaround needs its characters in the text (outside the match).
            _direction, sub = av  # type: ignore[misc]
            out.extend(_requirements(list(sub)))
        elif op is _c.BRANCH:
            _, alternatives = av  # type: ignore[misc]
            union: set[str] = set()
            for alt in alternatives:
                reqs = _requirements(list(alt))
                if not reqs:
                    union = set()
                    break
                union |= min(reqs, key=len)
            if union and len(union) <= 4 * MAX_SET:
                out.append(frozenset(union))
        # ASSERT_NOT, ANY, NOT_LITERAL, AT, GROUPREF...: no requirement.
    return out


@lru_cache(maxsize=4096)
def requirements(pattern: re.Pattern[str]) -> tuple[Requirement, ...]:
    """The required character sets of pattern, smallest first (empty: always scan)."""
    if _p is None or not isinstance(pattern.pattern, str) or pattern.flags & re.IGNORECASE:
        return ()
    try:
        parsed = _p.parse(pattern.pattern, pattern.flags)
    except Exception:  # pragma: no cover - compiled already, so parse cannot really fail
        return ()
    reqs = sorted(set(_requirements(list(parsed))), key=lambda s: (len(s), sorted(s)))
    return tuple(reqs[:MAX_REQUIREMENTS])


def may_match(pattern: re.Pattern[str], text: str) -> bool:
    """False only when pattern certainly has no match anywhere in text."""
    return all(any(ch in text for ch in chars) for chars in requirements(pattern))
