r"""Read a regular expression's text into a tree, for the prefilter's analyses.

The prefilter (speechlint.speed.prefilter) works out from each pattern what a draft must
contain for a match to exist and where matches may begin. It needs the pattern's structure:
which characters are consumed, which sit in lookarounds, which are repeated or alternatives.
``re`` builds such a tree itself, but only in a private module whose shape changes between
Python versions, so the tree is built here, from the documented syntax of ``re``
(https://docs.python.org/3/library/re.html#regular-expression-syntax).

Only what the analyses use is read exactly; anything else is either an item of unknown
characters (``ANY``, a category, a negated class — the analyses make no claim about them) or,
when the syntax is not understood at all (a conditional group, verbose or case-insensitive
flags), :class:`Unsupported`: the pattern is then not analysed and always scanned. Reading a
pattern wrongly could only make the prefilter skip a scan that would have found something, so
the tests read every built-in pattern and check the tree's widths and characters against
what ``re`` itself matches.

The tree is a list of ``(op, argument)`` items, the ops being the strings below:

- ``LITERAL`` code point; ``NOT_LITERAL`` code point; ``ANY`` None;
- ``IN`` list of class items: ``(LITERAL, cp)``, ``(RANGE, (lo, hi))``, ``(CATEGORY, name)``,
  ``(NEGATE, None)`` first when negated;
- ``AT`` name (``^ $ \A \Z \b \B``);
- ``SUBPATTERN`` ``(group or None, items)``; ``ATOMIC_GROUP`` items;
- ``BRANCH`` list of alternatives (lists of items);
- ``MAX_REPEAT`` / ``MIN_REPEAT`` / ``POSSESSIVE_REPEAT`` ``(low, high, items)``, high
  :data:`MAXREPEAT` when unbounded;
- ``ASSERT`` / ``ASSERT_NOT`` ``(direction, items)``: 1 lookahead, -1 lookbehind;
- ``GROUPREF`` group number;
- ``CASELESS`` items: a group matched ignoring case (``(?i:…)``), whose characters the
  analyses do not claim; only its width counts.

As ``re`` does, alternatives that all begin with the same item have it moved before the
choice (``谢谢大家|谢谢各位`` is 谢 谢 then a choice), a choice of single characters is a class
(``a|b|[cd]`` is ``[abcd]``), and a class of one character is that literal.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

LITERAL = "LITERAL"
NOT_LITERAL = "NOT_LITERAL"
ANY = "ANY"
IN = "IN"
RANGE = "RANGE"
CATEGORY = "CATEGORY"
NEGATE = "NEGATE"
AT = "AT"
SUBPATTERN = "SUBPATTERN"
ATOMIC_GROUP = "ATOMIC_GROUP"
BRANCH = "BRANCH"
MAX_REPEAT = "MAX_REPEAT"
MIN_REPEAT = "MIN_REPEAT"
POSSESSIVE_REPEAT = "POSSESSIVE_REPEAT"
ASSERT = "ASSERT"
ASSERT_NOT = "ASSERT_NOT"
GROUPREF = "GROUPREF"
CASELESS = "CASELESS"

REPEATS = (MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT)
# An unbounded repeat's high count, and any width at least this large.
MAXREPEAT = 1 << 32
DIGIT = (CATEGORY, "DIGIT")

Item = tuple[str, Any]

# Flags under which a pattern is read as without them: they change no character a
# match consumes (re.ASCII narrows \d and \w, which the analyses treat as unknown anyway).
_HARMLESS_FLAGS = re.DOTALL | re.MULTILINE | re.ASCII | re.UNICODE


class Unsupported(ValueError):
    """The pattern uses syntax this reader does not take apart."""


_CATEGORY_ESCAPES = {"d": "DIGIT", "s": "SPACE", "w": "WORD"}
_AT_ESCAPES = {"A": "BEGINNING_STRING", "Z": "END_STRING", "b": "BOUNDARY", "B": "NON_BOUNDARY"}
_CHAR_ESCAPES = {"a": 7, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92}
_INLINE_FLAGS = frozenset("aiLmsux")


@lru_cache(maxsize=4096)
def parse(pattern: str, flags: int = 0) -> tuple[Item, ...]:
    """The tree of ``pattern`` (see the module's docstring); :class:`Unsupported` when it
    uses syntax not taken apart here or flags that change what is matched."""
    if flags & ~_HARMLESS_FLAGS:
        raise Unsupported("flags")
    reader = _Reader(pattern)
    try:
        items = reader.alternatives(top=True)
    except Unsupported:
        raise
    except (ValueError, IndexError, LookupError) as exc:  # a pattern re would refuse too
        raise Unsupported(str(exc)) from None
    if reader.pos != len(pattern):
        raise Unsupported("unbalanced parenthesis")
    return tuple(items)


def width(items: list[Item] | tuple[Item, ...]) -> tuple[int, int]:
    """(fewest, most) characters a match of items consumes (most capped at MAXREPEAT)."""
    low = high = 0
    for item in items:
        a, b = item_width(item)
        low += a
        high = min(high + b, MAXREPEAT)
    return low, high


def item_width(item: Item) -> tuple[int, int]:
    op, av = item
    if op in (LITERAL, NOT_LITERAL, ANY, IN):
        return 1, 1
    if op in (AT, ASSERT, ASSERT_NOT):
        return 0, 0
    if op is SUBPATTERN:
        return width(av[1])
    if op is ATOMIC_GROUP or op is CASELESS:
        return width(av)
    if op is BRANCH:
        widths = [width(alt) for alt in av]
        return min(w[0] for w in widths), max(w[1] for w in widths)
    if op in REPEATS:
        low, high, sub = av
        a, b = width(sub)
        return min(a * low, MAXREPEAT), min(b * high, MAXREPEAT)
    return 0, MAXREPEAT  # GROUPREF: whatever the group matched


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.groups = 0

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def take(self) -> str:
        if self.pos >= len(self.text):
            raise Unsupported("unexpected end")
        ch = self.text[self.pos]
        self.pos += 1
        return ch

    def accept(self, prefix: str) -> bool:
        if self.text.startswith(prefix, self.pos):
            self.pos += len(prefix)
            return True
        return False

    def alternatives(self, *, top: bool = False) -> list[Item]:
        branches = [self.sequence()]
        while self.accept("|"):
            branches.append(self.sequence())
        if not top and self.peek() != ")":
            raise Unsupported("missing )")
        return _choice(branches)

    def sequence(self) -> list[Item]:
        items: list[Item] = []
        while (ch := self.peek()) and ch not in "|)":
            if ch in "*+?" or (ch == "{" and self._quantifier_ahead()):
                if not items or items[-1][0] in (AT, ASSERT, ASSERT_NOT) or items[-1][0] in REPEATS:
                    raise Unsupported("nothing to repeat")
                items[-1] = self.repeat(items[-1])
            else:
                items.append(self.atom())
        # As re does, a group that neither captures nor is repeated is its items.
        spliced: list[Item] = []
        for item in items:
            if item[0] is SUBPATTERN and item[1][0] is None:
                spliced.extend(item[1][1])
            else:
                spliced.append(item)
        return spliced

    def _quantifier_ahead(self) -> bool:
        return re.match(r"\{(?:\d+|\d*,\d*)\}", self.text[self.pos :]) is not None

    def repeat(self, item: Item) -> Item:
        ch = self.take()
        if ch == "*":
            low, high = 0, MAXREPEAT
        elif ch == "+":
            low, high = 1, MAXREPEAT
        elif ch == "?":
            low, high = 0, 1
        else:
            close = self.text.index("}", self.pos)
            body = self.text[self.pos : close]
            self.pos = close + 1
            if "," in body:
                lo_text, hi_text = body.split(",")
                low = int(lo_text) if lo_text else 0
                high = int(hi_text) if hi_text else MAXREPEAT
            else:
                low = high = int(body)
            if high < low:
                raise Unsupported("bad repeat")
        op = MAX_REPEAT
        if self.accept("?"):
            op = MIN_REPEAT
        elif self.accept("+"):
            op = POSSESSIVE_REPEAT
        # (?:…)+ : re repeats the group's items themselves.
        sub = list(item[1][1]) if item[0] is SUBPATTERN and item[1][0] is None else [item]
        return (op, (low, high, sub))

    def atom(self) -> Item:
        ch = self.take()
        if ch == ".":
            return (ANY, None)
        if ch == "^":
            return (AT, "BEGINNING")
        if ch == "$":
            return (AT, "END")
        if ch == "[":
            return self.char_class()
        if ch == "(":
            return self.group()
        if ch == "\\":
            return self.escape()
        return (LITERAL, ord(ch))

    def group(self) -> Item:
        if not self.accept("?"):
            self.groups += 1
            number = self.groups
            items = self.alternatives()
            self.take()
            return (SUBPATTERN, (number, items))
        if self.accept(":"):
            return self._closed(SUBPATTERN, None)
        if self.accept("P<"):
            close = self.text.index(">", self.pos)
            self.pos = close + 1
            self.groups += 1
            return self._closed(SUBPATTERN, self.groups)
        if self.accept("P="):
            self.text.index(")", self.pos)
            self.pos = self.text.index(")", self.pos) + 1
            return (GROUPREF, None)
        if self.accept("="):
            return self._closed(ASSERT, 1)
        if self.accept("!"):
            return self._closed(ASSERT_NOT, 1)
        if self.accept("<="):
            return self._closed(ASSERT, -1)
        if self.accept("<!"):
            return self._closed(ASSERT_NOT, -1)
        if self.accept(">"):
            items = self.alternatives()
            self.take()
            return (ATOMIC_GROUP, items)
        if self.accept("#"):
            self.pos = self.text.index(")", self.pos) + 1
            return (AT, "NOTHING")  # a comment: zero width, no claim
        return self.inline_flags()

    def inline_flags(self) -> Item:
        start = self.pos
        while self.peek() in _INLINE_FLAGS or self.peek() == "-":
            self.pos += 1
        flags = self.text[start : self.pos]
        added = flags.split("-")[0]
        if not flags or "x" in flags or "L" in flags:
            raise Unsupported("inline flags")  # verbose syntax, locale-dependent classes
        if self.accept(")"):
            if "i" in added:
                raise Unsupported("case-insensitive pattern")
            return (AT, "NOTHING")  # (?s), (?m)...: change no character matched here
        if not self.accept(":"):
            raise Unsupported("group syntax")
        if "i" in added:
            items = self.alternatives()
            self.take()
            return (CASELESS, items)
        return self._closed(SUBPATTERN, None)

    def _closed(self, op: str, argument: Any) -> Item:
        items = self.alternatives()
        self.take()
        return (op, (argument, items))

    def escape(self) -> Item:
        ch = self.take()
        if ch in _CATEGORY_ESCAPES:
            return (IN, [(CATEGORY, _CATEGORY_ESCAPES[ch])])
        if ch.lower() in _CATEGORY_ESCAPES:  # \D \S \W
            return (IN, [(CATEGORY, "NOT_" + _CATEGORY_ESCAPES[ch.lower()])])
        if ch in _AT_ESCAPES:
            return (AT, _AT_ESCAPES[ch])
        if ch.isdigit() and ch != "0":
            digits = ch
            while len(digits) < 2 and self.peek().isdigit():
                digits += self.take()
            octal = set("01234567")
            if len(digits) == 2 and self.peek() in octal and set(digits) <= octal:
                raise Unsupported("octal escape")  # \123 is a character, not group 12
            return (GROUPREF, int(digits))
        return (LITERAL, self.char_escape(ch))

    def char_escape(self, ch: str) -> int:
        """The code point of an escape that stands for one character (after the backslash)."""
        if ch in _CHAR_ESCAPES:
            return _CHAR_ESCAPES[ch]
        sizes = {"x": 2, "u": 4, "U": 8}
        if ch in sizes:
            digits = self.text[self.pos : self.pos + sizes[ch]]
            if len(digits) != sizes[ch] or not all(c in "0123456789abcdefABCDEF" for c in digits):
                raise Unsupported("bad escape")
            self.pos += sizes[ch]
            return int(digits, 16)
        if ch == "0":
            digits = ""
            while len(digits) < 2 and self.peek() in "01234567" and self.peek():
                digits += self.take()
            return int(digits or "0", 8)
        if ch == "N":
            if not self.accept("{"):
                raise Unsupported("bad escape")
            close = self.text.index("}", self.pos)
            name = self.text[self.pos : close]
            self.pos = close + 1
            return ord(unicodedata.lookup(name))
        if ch.isascii() and ch.isalnum():
            raise Unsupported("unknown escape")
        return ord(ch)

    def char_class(self) -> Item:
        items: list[Item] = []
        negate = self.accept("^")
        first = True
        while True:
            ch = self.take()
            if ch == "]" and not first:
                break
            first = False
            if ch == "[" and self.peek() in ":=.":
                raise Unsupported("POSIX class")
            if ch == "\\":
                esc = self.take()
                if esc in _CATEGORY_ESCAPES:
                    items.append((CATEGORY, _CATEGORY_ESCAPES[esc]))
                    continue
                if esc.lower() in _CATEGORY_ESCAPES:
                    items.append((CATEGORY, "NOT_" + _CATEGORY_ESCAPES[esc.lower()]))
                    continue
                low = 8 if esc == "b" else self.char_escape(esc)
            else:
                low = ord(ch)
            if self.peek() == "-" and self.text[self.pos + 1 : self.pos + 2] not in ("]", ""):
                self.pos += 1
                end = self.take()
                if end == "\\":
                    esc = self.take()
                    if esc.lower() in _CATEGORY_ESCAPES:
                        raise Unsupported("bad range")
                    high = 8 if esc == "b" else self.char_escape(esc)
                else:
                    high = ord(end)
                if high < low:
                    raise Unsupported("bad range")
                items.append((RANGE, (low, high)) if high > low else (LITERAL, low))
            else:
                items.append((LITERAL, low))
        if len(items) == 1 and items[0][0] is LITERAL:
            return (NOT_LITERAL if negate else LITERAL, items[0][1])
        return (IN, [(NEGATE, None), *items] if negate else items)


def _choice(branches: list[list[Item]]) -> list[Item]:
    """One list of items for alternatives, simplified as re simplifies them."""
    if len(branches) == 1:
        return branches[0]
    prefix: list[Item] = []
    while all(branches) and all(b[0] == branches[0][0] for b in branches[1:]):
        prefix.append(branches[0][0])
        branches = [b[1:] for b in branches]
    chars: list[Item] = []
    for branch in branches:
        if len(branch) != 1:
            break
        op, av = branch[0]
        if op is LITERAL:
            chars.append((op, av))
        elif op is IN and av[0][0] is not NEGATE:
            chars.extend(av)
        else:
            break
    else:
        unique = list(dict.fromkeys(chars))
        return [*prefix, (IN, unique)]
    return [*prefix, (BRANCH, branches)]


# A class spanning more code points than this costs re a millisecond or more to compile.
LARGE_CLASS = 2048
_CATEGORY_TEXT = {
    "DIGIT": r"\d",
    "NOT_DIGIT": r"\D",
    "SPACE": r"\s",
    "NOT_SPACE": r"\S",
    "WORD": r"\w",
    "NOT_WORD": r"\W",
}
_AT_TEXT = {
    "BEGINNING": "^",
    "END": "$",
    "BEGINNING_STRING": r"\A",
    "END_STRING": r"\Z",
    "BOUNDARY": r"\b",
    "NON_BOUNDARY": r"\B",
    "NOTHING": "",
}
_GLOBAL_FLAGS = re.compile(r"(?:\(\?[amsux]+\))+")


class _NoSuperset(Exception):
    pass


def class_size(items: list[Item]) -> int:
    """How many code points a class's ranges span (what re's compiler walks one by one)."""
    return sum(av[1] - av[0] + 1 for op, av in items if op is RANGE)


def large_class_cost(items: list[Item] | tuple[Item, ...]) -> int:
    """The code points of the large classes in items (see LARGE_CLASS), nested ones too."""
    total = 0
    for op, av in items:
        if op is IN:
            size = class_size(av)
            total += size if size > LARGE_CLASS else 0
        elif op in (SUBPATTERN, ASSERT, ASSERT_NOT):
            total += large_class_cost(av[1])
        elif op in (ATOMIC_GROUP, CASELESS):
            total += large_class_cost(av)
        elif op is BRANCH:
            total += sum(large_class_cost(alt) for alt in av)
        elif op in REPEATS:
            total += large_class_cost(av[2])
    return total


def superset(pattern: str, flags: int = 0, min_cost: int = 1) -> str | None:
    """A pattern without large classes that matches wherever ``pattern`` does (and maybe
    elsewhere): each large class becomes a wider one that is cheap to compile (_wider_class),
    a negative lookaround that holds one is dropped. A draft in which it finds nothing cannot
    hold a match of ``pattern``, which then need not be compiled at all. None when no such
    pattern is made here: large classes spanning fewer than min_cost code points in all, or a
    construct whose matches could shrink when a class grows (an atomic group, a possessive
    repeat, a backreference)."""
    try:
        items = parse(pattern, flags)
        if large_class_cost(items) < max(min_cost, 1):
            return None
        prefix = _GLOBAL_FLAGS.match(pattern)
        # The dot keeps its meaning under the same flags, unless a group changes them (the
        # tree does not keep which): then any character.
        dot = r"[\s\S]" if _SCOPED_FLAGS.search(pattern) else "."
        return (prefix.group() if prefix else "") + _text(items, dot)
    except (Unsupported, _NoSuperset):
        return None


_SCOPED_FLAGS = re.compile(r"\(\?[aimsux]*-?[aimsux]*:")


def _text(items: list[Item] | tuple[Item, ...], dot: str) -> str:
    return "".join(_item_text(item, dot) for item in items)


def _item_text(item: Item, dot: str) -> str:
    op, av = item
    if op is LITERAL:
        return re.escape(chr(av))
    if op is NOT_LITERAL:
        return f"[^{_class_char(av)}]"
    if op is ANY:
        return dot
    if op is IN:
        if class_size(av) > LARGE_CLASS:
            return _wider_class(av)
        return _class_text(av)
    if op is AT:
        return _AT_TEXT[av]
    if op is SUBPATTERN:
        return f"(?:{_text(av[1], dot)})"
    if op is BRANCH:
        return "(?:" + "|".join(_text(alt, dot) for alt in av) + ")"
    if op is MAX_REPEAT or op is MIN_REPEAT:
        low, high, sub = av
        count = f"{{{low},}}" if high >= MAXREPEAT else f"{{{low},{high}}}"
        return f"(?:{_text(sub, dot)}){count}" + ("?" if op is MIN_REPEAT else "")
    if op is ASSERT or op is ASSERT_NOT:
        direction, sub = av
        if op is ASSERT_NOT and large_class_cost(sub):
            return ""  # a condition dropped: never fewer matches
        sign = "=" if op is ASSERT else "!"
        return f"(?{'<' if direction < 0 else ''}{sign}{_text(sub, dot)})"
    if op is CASELESS:
        return f"(?i:{_text(av, dot)})"
    raise _NoSuperset(op)  # ATOMIC_GROUP, POSSESSIVE_REPEAT, GROUPREF


# What a wider class still leaves out: ASCII, general punctuation, CJK punctuation (with the
# ideographic space) and full-width forms — unless the class holds some of them. Leaving them
# out keeps what made the pattern fail fast: a Han lookbehind over a long run of spaces, widened
# to any character, would be tried at every space and backtrack through the run each time.
_COMMON = ((0x00, 0x7F), (0x2000, 0x206F), (0x3000, 0x303F), (0xFF00, 0xFFEF))


def _wider_class(items: list[Item]) -> str:
    """A cheap pattern for one character that holds every character of the large class
    items: any character but the _COMMON ones it does not hold; any character at all for a
    negated class."""
    if items[0][0] is NEGATE or any(op is CATEGORY for op, _ in items):
        return r"[\s\S]"
    held = [av if op is RANGE else (av, av) for op, av in items]
    left_out: list[tuple[int, int]] = []
    for low, high in _COMMON:
        pieces = [(low, high)]
        for a, b in held:
            pieces = [
                part
                for lo, hi in pieces
                for part in ((lo, min(hi, a - 1)), (max(lo, b + 1), hi))
                if part[0] <= part[1]
            ]
        left_out += pieces
    if not left_out:
        return r"[\s\S]"
    # One lookahead per range left out, each a class of one range: re compiles that in a few
    # steps, where one class of several ranges above Latin-1 costs it a 65,536-entry bitmap.
    return "(?:" + "".join(f"(?![{_range_text(a, b)}])" for a, b in left_out) + r"[\s\S])"


def _range_text(low: int, high: int) -> str:
    return _class_char(low) if low == high else f"{_class_char(low)}-{_class_char(high)}"


def _class_char(code: int) -> str:
    if code < 0x20 or code == 0x7F:
        return f"\\x{code:02x}"
    ch = chr(code)
    return "\\" + ch if ch in "\\]^-[" else ch


def _class_text(items: list[Item]) -> str:
    parts = []
    for op, av in items:
        if op is NEGATE:
            parts.append("^")
        elif op is LITERAL:
            parts.append(_class_char(av))
        elif op is RANGE:
            parts.append(_range_text(*av))
        else:  # CATEGORY
            parts.append(_CATEGORY_TEXT[av])
    return "[" + "".join(parts) + "]"
