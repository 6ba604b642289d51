"""The scan prefilter may only skip scans that would find nothing."""

from __future__ import annotations

import importlib
import pkgutil
import re
from functools import partial
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import speechlint.checking.rule as rule_module
import speechlint.rules
from speechlint.checking.config import Config
from speechlint.checking.engine import Engine
from speechlint.document.source import SourceText
from speechlint.rules import placeholder, wording
from speechlint.speed import prefilter
from speechlint.speed.lazyre import LazyPattern
from speechlint.testing import _plugin_manager


def builtin_patterns() -> list[re.Pattern[str]]:
    """Every compiled pattern the built-in rules hold: module constants and data entries."""
    found: dict[str, re.Pattern[str]] = {}
    for info in pkgutil.iter_modules(speechlint.rules.__path__):
        module = importlib.import_module(f"speechlint.rules.{info.name}")
        values = list(vars(module).values())
        values += [v for cls in values if isinstance(cls, type) for v in vars(cls).values()]
        values += [v for t in values if isinstance(t, tuple) for v in t]
        values += [v for t in values if isinstance(t, tuple) for v in t]  # tuples of pairs
        for value in values:
            if isinstance(value, (re.Pattern, LazyPattern)) and isinstance(value.pattern, str):
                found[value.pattern] = value  # type: ignore[assignment]
    for entry in placeholder.entries():
        found[entry.regex.pattern] = entry.regex
    for word in wording.builtin_entries():
        found[word.regex.pattern] = word.regex
    for code in sorted({word.rule for word in wording.builtin_entries()}):
        combined = wording._plan(wording.builtin_entries(), code)[0]  # each list's alternation
        if combined is not None:
            found[combined.pattern] = combined
    return list(found.values())


PATTERNS = builtin_patterns()


def test_requirements_of_simple_patterns() -> None:
    req = prefilter.requirements
    assert req(re.compile("某某")) == (frozenset("某"),)
    assert req(re.compile(r"[xX×]{2}(?=年)")) == (frozenset("年"), frozenset("xX×"))
    # Each alternative contributes its smallest set; the union is required.
    assert req(re.compile("身分|人材")) == (frozenset("人身"),)
    # Optional parts, negative lookarounds, broad classes and IGNORECASE require nothing.
    assert req(re.compile(r"(?:某)?(?!x)\d+[一-鿿]")) == ()
    assert req(re.compile("todo", re.IGNORECASE)) == ()
    assert req(re.compile("(?i:todo)")) == ()
    # One alternative without a requirement makes the whole branch unconstrained.
    assert req(re.compile(r"某|\d")) == ()


def test_may_match_skips_only_absent_characters() -> None:
    pattern = re.compile(r"(?<![0-9])20[xX]{2}")
    assert not prefilter.may_match(pattern, "二〇二一年工作报告")
    assert prefilter.may_match(pattern, "20xx年")
    # Present characters are necessary, not sufficient: the scan still decides.
    assert prefilter.may_match(pattern, "x2 0")


def test_most_builtin_patterns_can_be_prefiltered() -> None:
    # Guards the speed-up itself: a refactor of the analysis that silently returns () for
    # everything would keep every test green and lose the gain.
    constrained = [p for p in PATTERNS if prefilter.requirements(p)]
    assert len(constrained) >= 0.6 * len(PATTERNS), len(constrained)


# Characters the built-in patterns care about, plus neutral ones, so random texts often
# contain some but not all required characters of a pattern.
ALPHABET = sorted(
    set("".join("".join(s) for p in PATTERNS for s in prefilter.requirements(p)))
    | set("工作会议的一二三0123456789。，\n ")
)


@settings(max_examples=400, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.text(alphabet=st.sampled_from(ALPHABET), max_size=40))
def test_a_skipped_scan_never_hides_a_match(text: str) -> None:
    for pattern in PATTERNS:
        if not prefilter.may_match(pattern, text):
            assert pattern.search(text) is None, pattern.pattern


WORDS = st.sampled_from(
    [*"20xx 某某 ××× ，， 截止目前 帐户 13.8 14.4% 增长 同志们： 一、 讲三点意见".split(), "\n"]
)


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.one_of(WORDS, st.text(alphabet=st.sampled_from(ALPHABET), max_size=6))))
def test_findings_are_the_same_with_and_without_the_prefilter(parts: list[str]) -> None:
    text = "".join(parts)
    engine = Engine(_plugin_manager())
    engine.rule_timeout = None
    settings_ = engine.settings_for(Config(), None)

    def findings() -> list[tuple[str, int, int, str]]:
        diagnostics, errors, _ = engine.run_rules(SourceText("p.txt", text), settings_)
        assert errors == []
        return sorted((d.code, d.start, d.end, d.message) for d in diagnostics)

    with_filter = findings()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(rule_module, "may_match", lambda _pattern, _text: True)
        without_filter = findings()
    assert with_filter == without_filter


def test_anchors_of_simple_patterns() -> None:
    anchors = prefilter.anchors
    # A choice of leading literals, or a lookbehind first: re tests every character itself.
    assert anchors(re.compile(r"(?:讲|提|谈|强调)\d点")) == frozenset("讲提谈强")
    assert anchors(re.compile(r"(?<![A-Za-z])(?:TODO|TBD)")) == frozenset("T")
    assert anchors(re.compile(r"[ab]*c")) == frozenset("abc")
    assert anchors(re.compile(r"(?:x|)y")) == frozenset("xy")
    # re already finds one leading literal fast; an empty match or a broad class: no anchors.
    assert anchors(re.compile("某某")) is None
    assert anchors(re.compile("a*")) is None
    assert anchors(re.compile(r"(?=x)")) is None
    assert anchors(re.compile(r"[一-鿿]+")) is None
    assert anchors(re.compile(r"\d+")) is None
    assert anchors(re.compile("(?i:ab|cd)")) is None


def test_digit_run_anchors_need_a_lookbehind_that_rules_out_a_digit() -> None:
    runs = prefilter.DIGIT_RUNS
    assert prefilter.anchors(re.compile(r"\d(?<!\d\d)\d*年")) is runs
    assert prefilter.anchors(re.compile(r"\d(?<![\d.,]\d)\d{4}")) is runs
    assert prefilter.anchors(re.compile(r"(?P<n>\d(?<=[一-鿿]\d)\d*)元")) is runs
    # The character before may be a digit: [0-9] is not every digit, 5 is one.
    assert prefilter.anchors(re.compile(r"\d(?<![0-9]\d)\d")) is not runs
    assert prefilter.anchors(re.compile(r"\d(?<=[0-9a]\d)")) is not runs
    assert prefilter.anchors(re.compile(r"\d(?<=[^a]\d)")) is not runs
    assert prefilter.digit_run_starts("第12项，３４和٣5") == [1, 5, 8]


ANCHORED = [p for p in PATTERNS if prefilter.anchors(p) is not None]
ANCHOR_ALPHABET = sorted(
    set(ALPHABET)
    | {
        ch
        for p in ANCHORED
        if prefilter.anchors(p) is not prefilter.DIGIT_RUNS
        for ch in prefilter.anchors(p)
    }  # type: ignore[union-attr]
    | set("０１２９٣.,-—年月日届个元%")
)


def test_many_builtin_patterns_are_anchored() -> None:
    # Guards the speed-up: an analysis that silently anchors nothing keeps every test green.
    assert len(ANCHORED) >= 30, len(ANCHORED)
    runs = [p for p in ANCHORED if prefilter.anchors(p) is prefilter.DIGIT_RUNS]
    assert len(runs) >= 6, [p.pattern for p in runs]


def test_anchored_matches_do_not_overlap_like_finditer() -> None:
    # Every character of "××××" is a candidate; after a match the next one starts at its end.
    pattern = re.compile(r"(?<![a-z])[×xX][×xX]")
    text = "××××，xX×" + "的" * 500  # candidates sparse enough not to fall back to the scan
    found = prefilter.anchored_matches(pattern, frozenset("×xX"), text, 0, len(text))
    assert [m.span() for m in found] == [(0, 2), (2, 4), (5, 7)]
    assert [m.span() for m in pattern.finditer(text)] == [(0, 2), (2, 4), (5, 7)]


def test_a_draft_dense_in_anchors_falls_back_to_the_scan() -> None:
    pattern = re.compile(r"(?:，|。)(?:，|。)")
    text = "，。" * 500 + "好，，"
    found = prefilter.anchored_matches(pattern, frozenset("，。"), text, 0, len(text))
    assert isinstance(found, type(pattern.finditer(text)))  # re's own iterator: no candidates
    assert [m.span() for m in found] == [m.span() for m in pattern.finditer(text)]


def test_example_drafts_give_the_same_findings_without_anchoring(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pathlib import Path

    folder = Path(__file__).resolve().parent.parent / "examples"
    drafts = sorted(p for p in folder.rglob("*") if p.suffix in {".txt", ".md"})
    assert drafts, "examples/ holds drafts"
    engine = Engine(_plugin_manager())
    engine.rule_timeout = None

    def findings() -> list[tuple[str, int, int, str]]:
        out = []
        for path in drafts:
            result = engine.check_file(path, Config())
            out += [(f.code, f.line, f.column, f.message) for f in result.findings]
        return out

    anchored = findings()
    monkeypatch.setattr(prefilter, "_plan", lambda _pattern: None)
    assert findings() == anchored
    assert anchored, "the examples have findings to compare"


def test_signature_of_word_lists() -> None:
    signature = prefilter.signature
    sig = signature(re.compile("再接再励|一如继往"))
    assert sig is not None and sig.pattern == "[一再][如接][再继][励往]"
    # Four characters at most; no longer than the shortest word.
    assert signature(re.compile("甲乙丙丁戊|子丑寅卯辰")).pattern == "[子甲][丑乙][丙寅][丁卯]"  # type: ignore[union-attr]
    assert signature(re.compile("户头|号码簿")).pattern == "[号户][头码]"  # type: ignore[union-attr]
    # re's parser takes a prefix all words share out of the choice: not a plain list then.
    assert signature(re.compile("帐户|帐号")) is None
    # Only lists of literal words of two or more characters.
    assert signature(re.compile("某某")) is None
    assert signature(re.compile("甲|乙丙")) is None
    assert signature(re.compile(r"甲\d|乙丙")) is None
    assert signature(re.compile("(?:甲乙|丙丁)戊")) is None


def test_builtin_word_lists_have_signatures() -> None:
    # Guards the speed-up for WD002's idioms: a list the analysis misses is scanned by re.
    entries = wording.builtin_entries()
    combined = wording._plan(entries, "WD002")[0]
    assert combined is not None and prefilter.signature(combined) is not None


WORD = st.text(alphabet="abc", min_size=2, max_size=5)


@settings(max_examples=400, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(WORD, min_size=2, max_size=6, unique=True),
    st.text(alphabet="abcd", max_size=60),
    st.integers(0, 60),
    st.integers(0, 60),
)
def test_signature_matches_are_what_finditer_finds(
    words: list[str], text: str, pos: int, endpos: int
) -> None:
    # A tiny alphabet makes words overlap and signature matches that are no word common.
    pattern = re.compile("|".join(words))
    sig = prefilter.signature(pattern)
    if sig is None:  # re's parser factored out a common prefix: not a plain list
        return
    for start, end in ((0, len(text)), (pos, min(endpos, len(text)))):
        expected = [m.span() for m in pattern.finditer(text, start, end)]
        found = prefilter.signature_matches(pattern, sig, text, start, end)
        assert [m.span() for m in found] == expected, (words, text)


def test_builtin_word_lists_match_like_finditer_through_the_signature() -> None:
    entries = wording.builtin_entries()
    lists = [wording._plan(entries, code)[0] for code in ("WD001", "WD002", "WD003")]
    words = [w for p in lists if p is not None for w in p.pattern.split("|")]
    text = "，".join(w[:-1] + w + w[1:] for w in words)  # every word, with near misses around
    for pattern in lists:
        assert pattern is not None
        sig = prefilter.signature(pattern)
        assert sig is not None
        expected = [m.span() for m in pattern.finditer(text)]
        assert expected
        assert [
            m.span() for m in prefilter.signature_matches(pattern, sig, text, 0, len(text))
        ] == expected


def test_windows_of_simple_patterns() -> None:
    window = prefilter.window
    # A character every match holds at a bounded offset from its start.
    assert window(re.compile(r"[一二三四五六七八九〇○零]{4}年\d{1,2}月")) == (frozenset("年"), 4, 4)
    assert window(re.compile(r"(\d{4})年0?(\d{1,2})月")) == (frozenset("年"), 4, 4)
    assert window(re.compile(r"[一二]{3}(?=年)")) == (frozenset("年"), 3, 3)  # a lookahead
    xs = window(re.compile(r"(?:19|20)(?<![0-9A-Za-z]..)[0-9]?[xX×]{1,2}"))
    assert xs == (frozenset("xX×"), 2, 3)
    # A choice: each alternative's window, together (月 one or two characters in).
    month = r"[xX\d](?:(?<=[xX])[xX]?月(?:\d|x)日|(?<=\d)\d?月x日)"
    assert window(re.compile(month)) == (frozenset("月"), 1, 2)
    assert window(re.compile("(?:甲|乙丙)丁")) == (frozenset("丁"), 1, 2)
    assert window(re.compile("[甲乙](?:丙|丁戊)")) == (frozenset("丙丁"), 1, 1)
    assert window(re.compile(r"[甲乙](?:丙丁|\d\d)")) is None  # an alternative without one
    # An optional item is no window, but its width moves what follows: 戊 at 1 or 2.
    assert window(re.compile("[甲乙][丙丁]?戊年")) == (frozenset("戊"), 1, 2)
    # Of several, the one with fewest places to try: 帐 at 1 rather than 月 at 2 or 3.
    assert window(re.compile(r"[甲乙]帐[丙丁]?月")) == (frozenset("帐"), 1, 1)
    # Nothing bounded before it, a broad class, or a leading literal (re's own fast case).
    assert window(re.compile(r"\d+年")) is None
    assert window(re.compile(r"[一-鿿]{2}年")) == (frozenset("年"), 2, 2)
    assert window(re.compile(r"[一-鿿]+年")) is None
    assert window(re.compile("某某")) is None
    assert window(re.compile(r"x{1,9}年")) is None  # 年 may lie past MAX_WINDOW_OFFSET
    # A case-insensitive group gives width only; the case-sensitive c after it is a window.
    assert window(re.compile("(?i:ab)c")) == (frozenset("c"), 2, 2)
    assert window(re.compile("[ab]c", re.IGNORECASE)) is None


WINDOWED = [p for p in PATTERNS if prefilter.window(p) is not None]
WINDOW_ALPHABET = sorted(
    set(ALPHABET)
    | {ch for p in WINDOWED for ch in prefilter.window(p)[0]}  # type: ignore[index]
    | set("０１２９٣.,-—年月日届个元%xX×〇○零")
)


def test_many_builtin_patterns_have_windows() -> None:
    # Guards the speed-up: SF010, SF011, the date and 帐 patterns among them.
    assert len(WINDOWED) >= 10, len(WINDOWED)


def _assert_like_finditer(
    cases: list[tuple[re.Pattern[str], Any]], text: str, pos: int, endpos: int
) -> None:
    """Each (pattern, search) finds what pattern.finditer finds, over all of text and a part."""
    with pytest.MonkeyPatch.context() as mp:
        # Short texts would be "dense" and fall back to the scan: test the search itself.
        mp.setattr(prefilter, "CHARS_PER_CANDIDATE", 1)
        for pattern, search in cases:
            for start, end in ((0, len(text)), (pos, min(endpos, len(text)))):
                expected = [(m.span(), m.groups()) for m in pattern.finditer(text, start, end)]
                found = [(m.span(), m.groups()) for m in search(text, start, end)]
                assert found == expected, pattern.pattern


ANCHOR_CASES = [(p, partial(prefilter.anchored_matches, p, prefilter.anchors(p))) for p in ANCHORED]
WINDOW_CASES = [(p, partial(prefilter.windowed_matches, p, prefilter.window(p))) for p in WINDOWED]


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(
    st.text(alphabet=st.sampled_from(ANCHOR_ALPHABET), max_size=60),
    st.integers(0, 60),
    st.integers(0, 60),
)
def test_anchored_matches_are_what_finditer_finds(text: str, pos: int, endpos: int) -> None:
    _assert_like_finditer(ANCHOR_CASES, text, pos, endpos)


# Pieces with a window's character at its far end (the x of 201x at 3, 月 of 12月x日 at 2), which
# random characters alone seldom spell.
WINDOW_PIECES = st.sampled_from(
    [
        *WINDOW_ALPHABET,
        "201x",
        "19xx年",
        "2019年",
        "x月3日",
        "12月x日",
        "二〇一x年",
        "2020年十月",
        "记帐",
        "1,000",
        "12,345,678",
    ]
)


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(WINDOW_PIECES, max_size=30).map("".join),
    st.integers(0, 60),
    st.integers(0, 60),
)
@example("12月x日，在201x年", 0, 60)  # always: characters at the windows' far ends
def test_windowed_matches_are_what_finditer_finds(text: str, pos: int, endpos: int) -> None:
    _assert_like_finditer(WINDOW_CASES, text, pos, endpos)


def test_beginnings_of_simple_patterns() -> None:
    def beginnings(pattern: str) -> set[str] | None:
        found = prefilter.beginnings(re.compile(pattern))
        return None if found is None else set(found)

    assert beginnings("截止|其它") == {"截止", "其它"}
    assert beginnings("，(?:，+|[。；])|：：+") == {"，，", "，。", "，；", "：："}
    assert beginnings("甲?乙丙") == {"甲乙", "乙丙"}
    assert beginnings("甲{0,2}乙丙") == {"甲甲", "甲乙", "乙丙"}
    assert beginnings("(?<!丁)(?:增长|下降)(?=了)") == {"增长", "下降"}  # lookarounds: no place
    assert beginnings("(?:甲乙){2,}") == {"甲乙"}
    # A match one character long, or going on with a broad class: its first character alone.
    assert beginnings("甲|乙丙") == {"甲", "乙丙"}
    assert beginnings("甲*乙") == {"甲甲", "甲乙", "乙"}
    assert beginnings(r"(?:讲|强调)\d点") == {"讲", "强调"}
    assert beginnings("甲.") == {"甲"}
    # A match that may begin with a broad class, be empty, or ignore case: no claim.
    assert beginnings(r"\d年") is None
    assert beginnings("甲?") is None
    assert beginnings("(?i:ab)") is None
    assert beginnings("(?:)*甲乙") is None  # a repeat of nothing is not unrolled without end
    assert beginnings("(?:(?=甲))+甲乙") is None
    assert beginnings("\U00020000|甲乙") is None  # alone beyond the BMP: the table cannot say
    assert beginnings("\U00020000乙|甲乙") == {"\U00020000乙", "甲乙"}
    # Too many beginnings to be worth a table.
    many = [chr(0x4E00 + i) + chr(0x4E00 + j) for i in range(50) for j in range(50)]
    assert len(many) > prefilter.MAX_BEGINNINGS and beginnings("|".join(many)) is None
    some = many[: prefilter.MAX_BEGINNINGS]
    assert beginnings("|".join(some)) == set(some)


# Patterns built from pieces: the beginnings claimed must hold for every match re finds.
PAIR_PIECES = st.sampled_from(
    ["a", "b", "c", "[ab]", "[^a]", "a?", "b*", "c+", "(?:ab|c)", "(?:a|bc)?", "(?=a)", "(?<!b)",
     "(?!c)", r"\d", ".", "(?:a{0,2}b)", "(?:ab){1,2}", "(?:)"]
)  # fmt: skip


@settings(max_examples=400, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(st.lists(PAIR_PIECES, min_size=1, max_size=4).map("".join), min_size=1, max_size=3),
    st.text(alphabet="abcd1", max_size=40),
)
def test_every_match_has_a_claimed_beginning(alternatives: list[str], text: str) -> None:
    pattern = re.compile("|".join(alternatives))
    heads = prefilter.beginnings(pattern)
    if heads is None:
        return
    for m in pattern.finditer(text):
        assert m.group(0) and (m.group(0)[:2] in heads or m.group(0)[0] in heads), (
            pattern.pattern,
            text,
            m.span(),
        )
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(prefilter, "CHARS_PER_CANDIDATE", 1)  # short texts: no fallback to the scan
        table = prefilter.pair_table(heads)
        found = prefilter._paired(pattern, text, 0, len(text), table=table)
        assert [m.span() for m in found] == [m.span() for m in pattern.finditer(text)]


def test_the_builtin_word_lists_have_beginnings() -> None:
    # Guards the speed-up for WD001-WD003, the doubled punctuation of PU007, ST007's announced
    # counts.
    entries = wording.builtin_entries()
    for code in ("WD001", "WD002", "WD003"):
        combined = wording._plan(entries, code)[0]
        assert combined is not None and prefilter.beginnings(combined) is not None, code
    assert len(BEGUN) >= 10, len(BEGUN)


BEGUN = [p for p in PATTERNS if prefilter.beginnings(p) is not None]
BEGUN_ALPHABET = sorted(
    set(ALPHABET) | {ch for p in BEGUN for h in prefilter.beginnings(p) for ch in h}
)  # type: ignore[union-attr]


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(
        st.sampled_from(BEGUN_ALPHABET)
        | st.sampled_from([h for p in BEGUN for h in prefilter.beginnings(p)]),  # type: ignore[union-attr]
        max_size=30,
    ).map("".join),
    st.integers(0, 60),
    st.integers(0, 60),
)
def test_paired_matches_are_what_finditer_finds(text: str, pos: int, endpos: int) -> None:
    _assert_like_finditer(PAIRED_CASES, text, pos, endpos)


# Made once: a process makes one table a pattern (the pair scan keeps those it is asked for).
PAIRED_CASES = [
    (p, partial(prefilter._paired, p, table=prefilter.pair_table(prefilter.beginnings(p))))  # type: ignore[arg-type]
    for p in BEGUN
]


def test_a_huge_text_is_tested_without_keeping_it() -> None:
    # Masks are remembered with their texts; a 100 MB draft (and its masked copies) must not
    # be kept alive for that.
    pattern = re.compile("某某")
    small = "会议" * 10
    huge = "会议" * (prefilter.MASKED_TEXT_LIMIT // 2) + "某"
    assert not prefilter.may_match(pattern, small)
    assert any(held is small for held, _mask in prefilter._masks)
    assert prefilter.may_match(pattern, huge)
    assert not prefilter.may_match(pattern, huge[:-1])
    assert not any(held is huge for held, _mask in prefilter._masks)


def test_each_pattern_keeps_the_first_way_its_analysis_allows() -> None:
    pattern = re.compile(r"(?:甲|乙)丙")  # a fresh pattern: a fresh plan
    text = "甲丙乙丙丁" * 20
    expected = [m.span() for m in pattern.finditer(text)]
    plan = prefilter._plan(pattern)
    assert plan is not None and plan.chosen is None  # worked out on the second use
    assert [m.span() for m in prefilter.matches(pattern, text)] == expected  # re's scan
    assert plan.chosen is None  # a one-draft run, which uses a pattern once, stops here
    assert [m.span() for m in prefilter.matches(pattern, text)] == expected
    # Anchors 甲乙, a window 丙 and, compiled, the beginnings 甲丙 乙丙: the pair pass first.
    way = plan.chosen
    assert getattr(way, "func", None) is (
        prefilter._paired if prefilter.PAIRS_COMPILED else prefilter._anchored
    )
    for _ in range(3):  # the same way every time: nothing is timed
        assert [m.span() for m in prefilter.matches(pattern, text)] == expected
        assert plan.chosen is way
    assert [m.span() for m in prefilter.matches(pattern, text, 3, 40)] == [
        m.span() for m in pattern.finditer(text, 3, 40)
    ]


def test_a_pattern_with_no_other_way_is_scanned() -> None:
    pattern = re.compile(r"[^甲]+乙")  # a fresh pattern: a broad class, then 乙 unbounded in
    text = "丙乙乙丁乙" * 5
    expected = [m.span() for m in pattern.finditer(text)]
    plan = prefilter._plan(pattern)
    assert plan is not None
    for _ in range(3):
        assert [m.span() for m in prefilter.matches(pattern, text)] == expected
    assert plan.chosen is prefilter._scan  # worked out on the second use
