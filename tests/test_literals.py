"""The strings a pattern needs (speechlint.speed.literals) are needed by every match."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from speechlint.speed import lazyre, literals
from speechlint.speed.lazyre import LazyPattern, lazy
from tests.test_prefilter import PATTERNS


def test_clauses_of_simple_patterns() -> None:
    clauses = literals.clauses
    assert clauses("身(?<![本自其]身)分(?!别)") == (("身分",),)
    # A choice of words: one of them; optional parts join on (下降 finds 下降了 too).
    assert clauses(r"(?:增长|下降)(?:了|为)?\d") == (("下降", "增长"),)
    # A small class is spelt out; a repeat joins its first time to what precedes it, its
    # last to what follows.
    assert clauses("第[一二三]{1,2}[，、]")[:2] == (
        ("第一", "第三", "第二"),
        ("一、", "一，", "三、", "三，", "二、", "二，"),
    )
    assert clauses("x(?:ab)+y")[:2] == (("aby",), ("xab",))
    # What a lookahead looks at follows what came before it.
    assert clauses("[xX×](?=年)")[0] == ("X年", "x年", "×年")
    # Doubled marks: the end of one part joins the beginning of the next.
    assert clauses("，(?:，+|[。、；])")[0] == ("，、", "，。", "，，", "，；")


def test_gaps_join_nothing() -> None:
    clauses = literals.clauses
    # A digit, an optional group, a repeat that may run on: no string spans them.
    assert clauses(r"\((\d{2,4})\)号") == ((")号",), ("(",), (")",))
    assert clauses(r"x(?:a\d)?y") == (("x",), ("y",))
    assert clauses("xa{0,3}y") == (("x",), ("y",))
    # An alternative that needs nothing makes the choice need nothing.
    assert clauses(r"某|\d") == ()
    assert clauses("(?i:todo)") == ()
    assert clauses("todo", re.IGNORECASE) == ()


def test_holds() -> None:
    assert literals.holds("同比下降了三成", (("下降", "增长"),))
    assert not literals.holds("同比下滑三成", (("下降", "增长"),))
    assert literals.holds("任何文字", ())


# Random patterns over a few characters: every construct the reader takes apart, nested.
ATOMS = st.sampled_from(
    ["a", "b", "c", "ab", "[ab]", "[^a]", ".", r"\d", "[a-c]", "1", "(?:)", "$", "^"]
)


def _patterns(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.lists(inner, min_size=1, max_size=4).map("".join),
        st.lists(inner, min_size=1, max_size=3).map(lambda alts: f"(?:{'|'.join(alts)})"),
        st.tuples(inner, st.sampled_from(["?", "*", "+", "{2}", "{1,3}", "{0,2}", "??", "+?"])).map(
            lambda t: f"(?:{t[0]}){t[1]}"
        ),
        inner.map(lambda p: f"({p})"),
        st.tuples(st.sampled_from(["(?=", "(?!"]), inner).map(lambda t: f"{t[0]}{t[1]})"),
        st.tuples(st.sampled_from(["(?<=", "(?<!"]), st.sampled_from(["a", "ab", "[bc]", "1"])).map(
            lambda t: f"{t[0]}{t[1]})"
        ),
    )


RANDOM_PATTERNS = st.recursive(ATOMS, _patterns, max_leaves=8)


@settings(max_examples=2000, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(RANDOM_PATTERNS, st.data())
def test_every_match_holds_its_clauses(pattern: str, data: st.DataObject) -> None:
    try:
        compiled = re.compile(pattern)
    except re.error:
        return
    needed = literals.clauses(pattern)
    # Texts that match (hypothesis writes them from the pattern, where it can) and others.
    try:
        text = data.draw(st.one_of(st.from_regex(compiled), st.text("abc1\n", max_size=12)))
    except Exception:  # a construct from_regex does not write: random text only
        text = data.draw(st.text("abc1\n", max_size=12))
    if compiled.search(text):
        assert literals.holds(text, needed), (pattern, text, needed)


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"a(?:\d)?b", "a1b"),  # a group with a gap in it is no string of its own
        (r"a(\d{1,2})b", "a12b"),
        (r"((a(?:a|a|[^a])a))", "aba"),
        (r"(?<=[一-鿿])[(（](\d{2,4})[)）](第)?\d{1,5}号", "办(2008)12号"),
        ("x(?:ab)+y", "xababy"),
        ("(?:ab){2}c", "ababc"),
    ],
)
def test_shapes_that_once_read_wrong(pattern: str, text: str) -> None:
    assert re.search(pattern, text)
    assert literals.holds(text, literals.clauses(pattern))


def _case_texts() -> list[str]:
    texts = []
    for path in sorted((Path(__file__).parent / "rules" / "cases").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        texts += [case["text"] for case in data["cases"] if isinstance(case.get("text"), str)]
    drafts = Path(__file__).parent.parent / "examples" / "drafts"
    texts += [p.read_text(encoding="utf-8") for p in sorted(drafts.glob("*.md"))]
    return texts


CASE_TEXTS = _case_texts()


def test_the_rule_cases_give_texts() -> None:
    assert len(CASE_TEXTS) > 300


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.pattern[:40])
def test_builtin_patterns_hold_their_clauses_where_they_match(pattern: re.Pattern[str]) -> None:
    needed = literals.clauses(pattern.pattern, pattern.flags & ~re.UNICODE)
    for text in CASE_TEXTS:
        if pattern.search(text):
            assert literals.holds(text, needed), (pattern.pattern, text)


def test_a_gated_pattern_is_not_compiled_for_a_draft_without_its_strings() -> None:
    pattern = lazy("身(?<![本自其]身)分(?!别|开)")
    assert isinstance(pattern, LazyPattern)
    pattern._gate = (("身分",),)  # as the table gives it
    assert pattern.search("这是一段没有那个词的文字") is None
    assert pattern._compiled is None
    assert pattern.search("核对身分证") is not None
    assert pattern._compiled is not None


def test_the_gate_gives_up_after_a_few_texts() -> None:
    pattern = lazy("身分(?!证)")
    assert isinstance(pattern, LazyPattern)
    pattern._gate = (("身分",),)
    for _ in range(lazyre.GATE_USES):
        assert pattern.search("没有那个词") is None
    assert pattern._compiled is None
    assert pattern.search("没有那个词") is None  # compiled and searched
    assert pattern._compiled is not None
