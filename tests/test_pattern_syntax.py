"""The pattern reader gives the prefilter the tree re itself would build.

A tree read wrongly could let the prefilter skip a scan that would have found something, so
every pattern the built-in rules and the parser hold is read here and compared, item by item,
with the tree of re's own parser — used only as the tests' oracle (speechlint does not import
it) and skipped where an interpreter does not have it.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import speechlint.document.conventions as conventions
import speechlint.document.genre as genre
import speechlint.document.parser as parser
import speechlint.document.source as source
from speechlint.speed import pattern_syntax as syn
from speechlint.speed.lazyre import LazyPattern
from tests.test_prefilter import PATTERNS

try:
    from re import _constants as _c  # the oracle only
    from re import _parser as _p
except ImportError:  # pragma: no cover - another interpreter
    _p = _c = None

needs_oracle = pytest.mark.skipif(_p is None, reason="this Python has no re._parser to compare")


def all_patterns() -> list[tuple[str, int]]:
    found = {(p.pattern, int(p.flags)) for p in PATTERNS}
    for module in (parser, genre, conventions, source):
        for value in vars(module).values():
            if isinstance(value, (re.Pattern, LazyPattern)) and isinstance(value.pattern, str):
                found.add((value.pattern, int(value.flags) & ~re.UNICODE))
    return sorted(found)


def _set_items(items: Any) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for op, av in items:
        name = str(op)
        if name == "RANGE" and av[0] == av[1]:
            out.append(("LITERAL", av[0]))
        elif name == "CATEGORY":
            out.append(("CATEGORY", str(av).removeprefix("CATEGORY_")))
        else:
            out.append((name, av))
    return list(dict.fromkeys(out))


def from_re(items: Any) -> list[tuple[str, Any]]:
    """re's tree in the reader's shape."""
    out: list[tuple[str, Any]] = []
    for op, av in items:
        name = str(op)
        if name == "IN":
            out.append(("IN", _set_items(av)))
        elif name == "AT":
            out.append(("AT", str(av).removeprefix("AT_")))
        elif name == "SUBPATTERN" and av[1] & re.IGNORECASE:
            out.append(("CASELESS", from_re(av[3])))
        elif name == "SUBPATTERN" and av[0] is None:
            out.extend(from_re(av[3]))  # (?s:…): the reader keeps no scoped flags
        elif name == "SUBPATTERN":
            out.append(("SUBPATTERN", (av[0], from_re(av[3]))))
        elif name == "BRANCH":
            out.append(("BRANCH", [from_re(alt) for alt in av[1]]))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            high = syn.MAXREPEAT if av[1] == _c.MAXREPEAT else av[1]
            out.append((name, (av[0], high, from_re(av[2]))))
        elif name in ("ASSERT", "ASSERT_NOT"):
            out.append((name, (av[0], from_re(av[1]))))
        elif name == "ATOMIC_GROUP":
            out.append((name, from_re(av)))
        elif name in ("GROUPREF",):
            out.append((name, None))
        else:
            out.append((name, av))
    return out


def normalised(items: Any) -> list[tuple[str, Any]]:
    """The reader's tree with what re leaves out of its own dropped (global inline flags)."""
    out: list[tuple[str, Any]] = []
    for op, av in items:
        if op == syn.AT and av == "NOTHING":
            continue
        if op == syn.IN:
            out.append((op, _set_items(av)))
        elif op == syn.SUBPATTERN:
            out.append((op, (av[0], normalised(av[1]))))
        elif op == syn.BRANCH:
            out.append((op, [normalised(alt) for alt in av]))
        elif op in syn.REPEATS:
            out.append((op, (av[0], av[1], normalised(av[2]))))
        elif op in (syn.ASSERT, syn.ASSERT_NOT):
            out.append((op, (av[0], normalised(av[1]))))
        elif op in (syn.ATOMIC_GROUP, syn.CASELESS):
            out.append((op, normalised(av)))
        elif op == syn.GROUPREF:
            out.append((op, None))
        else:
            out.append((op, av))
    return out


def test_every_shipped_pattern_is_read() -> None:
    patterns = all_patterns()
    assert len(patterns) > 300
    unread = []
    for text, flags in patterns:
        try:
            syn.parse(text, flags)
        except syn.Unsupported:
            unread.append(text)
    assert unread == []


@needs_oracle
@pytest.mark.parametrize(("text", "flags"), all_patterns())
def test_the_tree_is_res_own(text: str, flags: int) -> None:
    ours = syn.parse(text, flags)
    theirs = _p.parse(text, flags)
    assert normalised(ours) == from_re(theirs)
    low, high = theirs.getwidth()
    our_low, our_high = syn.width(ours)
    if "GROUPREF" in str(from_re(theirs)):
        # A backreference is given any width (re knows its group's): never narrower.
        assert our_low <= low and our_high >= min(high, syn.MAXREPEAT)
        return
    assert our_low == low
    assert (our_high if our_high < syn.MAXREPEAT else "unbounded") == (
        high if high < _c.MAXREPEAT else "unbounded"
    )


SYNTAX = [
    r"[]a]",
    r"[^]a]x",
    r"[a-]",
    r"[-a]",
    r"[\]\\-]",
    r"[\d\s\w.]",
    r"[\D]",
    r"\u4e00\x41\U0001F600\N{EM DASH}",
    r"[\u4e00-\u9fff]{2,}?",
    r"a{,3}b{2}c{3,}d*?e+?f??",
    r"a*+b++c?+",
    r"(?>ab|a)c",
    r"(a)(?P<x>b)\1(?P=x)\2",
    r"(?:ab)+",
    r"(?:a|b)c|(?:a|b)d",
    r"谢谢大家|谢谢各位",
    r"a|b|[cd]|\d",
    r"(?<=[一-鿿])x(?<!y)(?=z)(?!w)",
    r"^\A\b\B$\Z",
    r"a{x}b{1,x}",
    r"(?#note)a",
    r"(?s:.)(?m:^)",
    r"\(\)\.\*\+\?\{\}\[\]\|\^\$",
    r"\t\n\r\f\v\a\0\012",
    r"[\b]",
    r"(?i:ab)c",
    r"(?-i:a)b",
]


@needs_oracle
@pytest.mark.parametrize("text", SYNTAX)
def test_syntax_is_read_as_re_reads_it(text: str) -> None:
    assert normalised(syn.parse(text)) == from_re(_p.parse(text))


def test_global_flags_are_read_and_change_nothing() -> None:
    assert normalised(syn.parse("(?s).*x")) == normalised(syn.parse(".*x"))
    assert syn.parse("(?s).*x")[0] == (syn.AT, "NOTHING")


@pytest.mark.parametrize(
    ("text", "flags"),
    [
        ("a", re.IGNORECASE),
        ("a", re.VERBOSE),
        ("(?i)a", 0),
        ("(?x)a b", 0),
        ("(a)?(?(1)b|c)", 0),
        ("[[:alpha:]]", 0),
        (r"\q", 0),
        ("(a", 0),
        ("a)", 0),
        ("(?P<name", 0),
        (r"\N{NO SUCH CHARACTER}", 0),
        ("a{2,1}", 0),
        ("[z-a]", 0),
    ],
)
def test_what_is_not_taken_apart_is_refused(text: str, flags: int) -> None:
    with pytest.raises(syn.Unsupported):
        syn.parse(text, flags)


def test_widths() -> None:
    assert syn.width(syn.parse(r"ab(?=c)")) == (2, 2)
    assert syn.width(syn.parse(r"a{2,5}|b")) == (1, 5)
    assert syn.width(syn.parse(r"(?:ab)+")) == (2, syn.MAXREPEAT)
    assert syn.width(syn.parse(r"(a)\1")) == (1, syn.MAXREPEAT)


# Patterns built from a small alphabet of syntax pieces: whatever re accepts, the reader
# either refuses or reads exactly as re does.
PIECES = st.sampled_from(
    ["a", "b", "一", "[ab]", "[^a]", "[a-c]", r"\d", ".", "(?:", "(", ")", "|", "*", "+",
     "?", "{1,2}", "{2}", "(?=", "(?<!", "(?P<n>", "^", "$", r"\b", "[一-鿿]", "*?", "\\."]
)  # fmt: skip


@needs_oracle
@given(st.lists(PIECES, max_size=8).map("".join))
def test_any_pattern_re_accepts_is_read_as_re_reads_it(text: str) -> None:
    try:
        theirs = _p.parse(text)
    except re.error:
        return
    try:
        ours = syn.parse(text)
    except syn.Unsupported:
        return
    assert normalised(ours) == from_re(theirs)


# Supersets: a pattern whose superset finds nothing is never compiled, so the superset must
# find something wherever the pattern does, from every position.
GUARDED = [
    (text, flags, superset)
    for text, flags in all_patterns()
    if (superset := syn.superset(text, flags)) is not None
]
SAMPLES = st.text(
    alphabet=st.sampled_from(
        list("工作会议的同志们一二三０0123456789xX×*＊%％。，、“”（）() \u3000\n年月日")
    ),
    max_size=30,
)


def test_patterns_with_large_classes_have_supersets() -> None:
    assert len(GUARDED) > 20
    for text, flags, superset in GUARDED:
        compiled = re.compile(superset, flags)
        assert syn.large_class_cost(syn.parse(compiled.pattern, flags)) == 0, text


def test_superset_drops_negative_lookarounds_and_widens_large_classes() -> None:
    han = "[\u4e00-\u9fff]"
    # The wider class leaves out ASCII, CJK punctuation and the ideographic space: a Han
    # lookbehind still fails fast on a run of spaces.
    wider = syn._wider_class([(syn.RANGE, (0x4E00, 0x9FFF))])
    assert re.fullmatch(wider, "工") and re.fullmatch(wider, "㐀")
    assert not re.fullmatch(wider, " ") and not re.fullmatch(wider, "\u3000")
    assert not re.fullmatch(wider, "，") and not re.fullmatch(wider, "a")
    assert (
        syn.superset(rf"×(?<={han}×)(?<![米尺]×)(?={han})")
        == rf"×(?<={wider}×)(?<![米尺]×)(?={wider})"
    )
    assert syn.superset(rf"x(?!{han})y") == "xy"
    assert syn.superset(r"[ab]+c") is None  # nothing large: compiled as it is
    assert syn.superset(rf"(?>{han}+)x") is None  # atomic: a wider class could match less
    assert syn.superset(rf"({han})\1") is None  # a backreference
    assert syn.superset(rf"(?s)a.{han}") == rf"(?s)a.{wider}"
    assert syn.superset(rf"(?s:.){han}") == rf"[\s\S]{wider}"  # a group's flags are not kept
    # A class that holds some of the left-out characters keeps them.
    assert re.fullmatch(
        syn._wider_class([(syn.RANGE, (0x4E00, 0x9FFF)), (syn.LITERAL, 0xFF0C)]), "，"
    )


def test_a_superset_stays_linear_on_runs_of_spaces() -> None:
    # The pattern fails fast at each space (no Han character before it); its superset must
    # too, or a line of indentation would take time quadratic in its length.
    pattern = "[ \u3000](?<=[\u4e00-\u9fff][ \u3000])[ \u3000]+(?=%|人次)"
    superset = re.compile(syn.superset(pattern))
    text = " " * 20_000 + "\u3000" * 20_000 + "x"
    assert superset.search(text) is None  # at quadratic cost, minutes


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(SAMPLES, st.integers(0, 30))
def test_a_superset_finds_a_match_wherever_its_pattern_does(text: str, pos: int) -> None:
    pos = min(pos, len(text))
    for pattern, flags, superset in GUARDED:
        original, wider = re.compile(pattern, flags), re.compile(superset, flags)
        if original.search(text, pos):
            assert wider.search(text, pos), (pattern, text, pos)
        if original.match(text, pos):
            assert wider.match(text, pos), (pattern, text, pos)


@settings(max_examples=200, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(SAMPLES, st.integers(0, 30))
def test_a_lazy_pattern_answers_as_re_does(text: str, pos: int) -> None:
    for pattern, flags, _superset in GUARDED[:40]:
        lazy_pattern, compiled = LazyPattern(pattern, flags), re.compile(pattern, flags)
        assert [m.span() for m in lazy_pattern.finditer(text, pos)] == [
            m.span() for m in compiled.finditer(text, pos)
        ]
        assert lazy_pattern.findall(text) == compiled.findall(text)
        for name in ("search", "match", "fullmatch"):
            ours, theirs = (
                getattr(lazy_pattern, name)(text, pos),
                getattr(compiled, name)(text, pos),
            )
            assert (ours and ours.span()) == (theirs and theirs.span())


def test_a_pattern_whose_superset_finds_nothing_is_not_compiled() -> None:
    lazy_pattern = LazyPattern("[ ](?<=[\u4e00-\u9fff][ ])[ ]{2,}(?=[\u4e00-\u9fff])")
    assert lazy_pattern.search("工作  会议") is None
    assert lazy_pattern._compiled is None
    assert lazy_pattern.search("工作   会议").span() == (2, 5)
    assert lazy_pattern._compiled is not None
