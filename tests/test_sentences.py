"""Whole-draft searches (SF014, RP001, node_matches) equal their per-node definitions."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from speechlint.checking.rule import RuleContext
from speechlint.document.parser import parse
from speechlint.document.source import SourceText
from speechlint.rules import statistic


def context(text: str, kind: str = "text") -> RuleContext:
    source = SourceText("draft.md" if kind == "markdown" else "draft.txt", text, kind=kind)
    return RuleContext(source, parse(source))


# SF014 finds the sentences holding 其中 from its occurrences; by definition they are the
# runs between breaks that ctx.finditer keeps inside one node, filtered for the word.
STAT_SENTENCE = re.compile(r"[^。；;！!？?\n]+")
STAT_PIECES = st.sampled_from(
    [*"其中共计10亿元。；;！!？?\n，", "其中", "其", "中", "## 标题", "> ", "同志们：\n", "　"]
)


@settings(max_examples=400, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.lists(STAT_PIECES, max_size=60), st.sampled_from(["text", "markdown"]))
def test_sentences_with_a_word_equal_the_definition(parts: list[str], kind: str) -> None:
    ctx = context("".join(parts), kind)
    expected = [
        (m.start(), m.group(0))
        for m in ctx.finditer(STAT_SENTENCE, statistic._KINDS)
        if "其中" in m.group(0)
    ]
    assert list(statistic._sentences_with(ctx, "其中")) == expected


# RP001 looks only at the nodes in which a scan of the whole draft finds a candidate; by
# definition its findings are those of every paragraph, heading, meta and salutation node.
RP001_PIECES = st.sampled_from(
    ["会议", "会议会议", "工作", "工作工作", "研究研究", "常常", "总书记记", "一、", "（一）",
     "1.", "## ", "> ", "- ", "同志们：", "\n", "\n\n", "。", "，", "讲话", "<!-- 会议会议 -->",
     "```"]
)  # fmt: skip


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.lists(RP001_PIECES, max_size=40), st.sampled_from(["text", "markdown"]))
@example(["讲话", "\n", "<!-- 会议会议 -->", "\n", "同志们：", "\n", "工作工作"], "text")
@example(["讲话", "\n", "```", "\n", "会议会议", "\n", "```", "\n", "工作工作"], "markdown")
@example(["总书记记", "。", "总书记记", "一、"], "text")
def test_doubled_words_are_those_of_every_node(parts: list[str], kind: str) -> None:
    from speechlint.rules.repetition import DoubledWord, _slip_frame, doubled_words

    ctx = context("".join(parts), kind)
    slips: list[tuple[int, int]] = []
    excused: list[tuple[int, int]] = []
    for node in ctx.document.walk():
        if node.kind in DoubledWord.KINDS:
            here: list[tuple[int, int, str]] = []
            found = doubled_words(ctx.text[node.start : node.end], here)
            slips += [(node.start + a, node.start + b) for a, b, _unit in found]
            excused += [(node.start + a, node.start + b) for a, b, _unit in here]
    # A slip let off in one place is still reported where the same one is made elsewhere.
    seen = {_slip_frame(ctx.text, a, b) for a, b in slips}
    expected = sorted(slips + [x for x in excused if _slip_frame(ctx.text, *x) in seen])
    rule = DoubledWord(None)
    ctx.rule = rule
    rule.finish(ctx)
    assert sorted((d.start, d.end) for d in ctx.diagnostics) == expected


@settings(max_examples=200, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(RP001_PIECES | st.sampled_from(["“", "”", "《", "》"]), max_size=40),
    st.sampled_from(["text", "markdown"]),
    st.sampled_from([None, frozenset({"paragraph"}), frozenset({"heading", "title"})]),
)
def test_node_matches_name_the_node_that_holds_each_match(parts, kind, kinds) -> None:
    ctx = context("".join(parts), kind)
    pattern = re.compile("会议|[“”《》]|工作工作")
    pairs = [(node, m.span()) for node, m in ctx.node_matches(pattern, kinds)]
    assert [span for _node, span in pairs] == [m.span() for m in ctx.finditer(pattern, kinds)]
    for node, (start, end) in pairs:
        assert node is ctx.node_at(start) and node.start <= start <= end <= node.end
        assert kinds is None or node.kind in kinds


# PU012 weighs the two spacing habits around figures from the digit runs: by definition the
# counts are those of four regex scans kept inside one paragraph each.
HAN_CLASS = "[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]"
SPACING_SCANS = [
    re.compile(rf"{HAN_CLASS} +\d"),
    re.compile(rf"{HAN_CLASS}\d"),
    re.compile(rf"\d +{HAN_CLASS}"),
    re.compile(rf"\d{HAN_CLASS}"),
]
SPACING_PIECES = st.sampled_from(
    [*"共人年3４٣。 \n", "  ", "2025", "一、标题", "## 标题", "同志们：\n", "\u3000", "㐀", "x"]
)


@settings(max_examples=400, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.lists(SPACING_PIECES, max_size=50), st.sampled_from(["text", "markdown"]))
def test_figure_spacing_counts_what_the_scans_count(parts: list[str], kind: str) -> None:
    from speechlint.rules.punctuation import figure_spacing

    ctx = context("".join(parts), kind)
    kinds = frozenset({"paragraph"})
    expected = tuple(sum(1 for _ in ctx.finditer(scan, kinds)) for scan in SPACING_SCANS)
    paragraphs = [n for n in ctx.text_nodes if n.kind in kinds]
    assert figure_spacing(ctx.text, paragraphs) == expected


STRAY_SPACE_SCAN = re.compile(
    rf"(?<=[{HAN_CLASS[1:-1]}，。、；：！？”）])[ \u3000]+(?=[{HAN_CLASS[1:-1]}“（])"
    rf"|(?<={HAN_CLASS}) +(?=\d)|(?<=\d) +(?={HAN_CLASS})"
)
STRAY_PIECES = st.sampled_from(
    [*"共人年3٣。，”“（）x \n", "  ", " \u3000", "\u3000", "一、标题", "## 标题", "同志们：\n"]
)


@settings(max_examples=400, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.lists(STRAY_PIECES, max_size=50), st.sampled_from(["text", "markdown"]))
def test_stray_spaces_are_what_the_scan_finds(parts: list[str], kind: str) -> None:
    from speechlint.rules.punctuation import stray_spaces

    ctx = context("".join(parts), kind)
    kinds = frozenset({"paragraph"})
    expected = [m.span() for m in ctx.finditer(STRAY_SPACE_SCAN, kinds)]
    assert stray_spaces(ctx, kinds) == expected


def test_han_tests_in_python_are_the_classes_they_replace() -> None:
    # Every code point of the BMP and a few beyond: the tests in Python that stand in for
    # regex classes (whose compilation cost every process milliseconds) agree with them.
    from speechlint.rules import punctuation, repetition, wording

    cjk = re.compile(
        "[\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\u3000-\u303f\uff01-\uff0f\uff1a-\uff20"
        "\u2018-\u201f\u2026\u2014\u00b7]"
    )
    han = re.compile("[\u4e00-\u9fff\u3400-\u4dbf]+")
    literal = re.compile("[\u3400-\u9fff]+")
    chars = [chr(c) for c in [*range(0x10000), 0x20000, 0x2A6D6, 0x10FFFF]]
    assert [punctuation._cjk_char(c) for c in chars] == [bool(cjk.match(c)) for c in chars]
    assert [repetition._all_han(c) for c in chars] == [bool(han.fullmatch(c)) for c in chars]
    assert [wording._is_literal(c) for c in chars] == [bool(literal.fullmatch(c)) for c in chars]
    not_text = re.compile("[^\u4e00-\u9fff\u3400-\u4dbfA-Za-z0-9]")
    assert [repetition._is_text(c) for c in chars] == [not not_text.match(c) for c in chars]
    for text in ["", "abc", "工作", "工作a", "é", "a，", "ab…", "﨩"]:
        assert punctuation._has_cjk(text) == bool(cjk.search(text))
        assert repetition._all_han(text) == bool(han.fullmatch(text))
        assert wording._is_literal(text) == bool(literal.fullmatch(text))


# SF008, SF013 and SF016 test the character before a figure or a point in Python; by definition they
# keep what the lookbehinds with a Han class kept.
FIGURE_PIECES = st.sampled_from(
    [
        *"工作总值收入为达到了共计123.5元人个名亿万（(，,：: \n\u3000x",
        "生产总值",
        "达到",
        "累计",
        "12.5",
    ]
)
OLD_FIGURE = re.compile(
    r"(?P<num>\d(?<=[\u4e00-\u9fff]\d)\d*(?:\.\d+)?)"
    r"(?P<unit>亿元|万元|元|万人次|人次|万人|名|人|个|家|项|户|亿美元|万美元|吨|万吨)"
)
OLD_POINT = re.compile(r"\.(?<=[\u4e00-\u9fff\s（(，,：:]\.)(\d+)")


@settings(max_examples=500, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.lists(FIGURE_PIECES, max_size=40))
def test_figures_and_points_are_what_the_lookbehinds_found(parts: list[str]) -> None:
    text = "".join(parts)
    figures = [
        m.span()
        for m in statistic._FIGURE.finditer(text)
        if m.start() and "\u4e00" <= text[m.start() - 1] <= "\u9fff"
    ]
    assert figures == [m.span() for m in OLD_FIGURE.finditer(text)]
    points = [m.span() for m in statistic._NO_LEADING_ZERO.finditer(text)]
    kept = [span for span in points if statistic._bare_point(text, span[0])]
    assert kept == [m.span() for m in OLD_POINT.finditer(text)]
