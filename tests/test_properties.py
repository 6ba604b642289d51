"""Property tests (hypothesis): any text parses, spans nest, findings and fixes stay sane.

The alphabet leans on what breaks a speech parser: CJK, full-width punctuation, ordinals,
digits, ×*xX, every kind of newline, U+3000, zero-width and combining characters and astral
Han. Surrogates are excluded (a draft is decoded text; they cannot occur). No example
database is written (database=None), so nothing lands in the repository.
"""

from __future__ import annotations

import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from speechlint.checking.diagnostics import Applicability
from speechlint.checking.fixer import apply_edits, choose_edits
from speechlint.checking.rule import RuleContext
from speechlint.document.parser import parse
from speechlint.document.readers.text import decode, encode
from speechlint.document.source import SourceText
from speechlint.document.tree import TEXT_KINDS, Node
from speechlint.testing import _plugin_manager

FRAGMENTS = [
    *"一、 二、 四、 （一） (二) （一）、 1. 1、 2． （1） (2) ① ② 一是 二是 三是要 一要".split(),
    *"第一， 首先， 最后， 同志们： 同志们， 各位代表： 谢谢大家！ 我就讲这些 讲四点意见".split(),
    *"在全县工会工作会议上的讲话 20xx ××× *** * 某某 【待补充】 2021年 二〇〇八年 13.8".split(),
    *"14.4% 增长 会议会议 截止目前 有利提升 帐户 ... …… ，， “ ” 《 》 ( ) , ; : !".split(),
    *"工作 职工 的 。 、 ； ： ？ ！ — —— - ～ x X".split(),
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "\u3000",
    "\u200b",
    "\u0301",
    "\U00020000",
    "\U0002a6d6",
    " ",
    "\t",
    "<!-- speechlint: ignore -->",
]
TEXT = st.lists(
    st.one_of(
        st.sampled_from(FRAGMENTS),
        st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=3),
    ),
    max_size=60,
).map("".join)
KINDS = st.sampled_from(["text", "markdown"])
FAST = settings(
    max_examples=2000, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)
FULL = settings(
    max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)


@FAST
@given(TEXT, KINDS)
def test_parsing_never_raises_and_spans_nest(text: str, kind: str) -> None:
    source = SourceText("p.txt", text, kind=kind)
    doc = parse(source)
    assert (doc.start, doc.end) == (0, len(text))
    for node in doc.walk():
        assert 0 <= node.start <= node.end <= len(text)
        assert node.text(text) == text[node.start : node.end]
        for child in node.children:
            assert node.start <= child.start <= child.end <= node.end, (node.kind, child.kind)
    line_count = source.line_count
    for offset in (0, len(text) // 2, len(text)):
        line, col = source.line_col(offset)
        assert 1 <= line <= line_count and col >= 1


@FAST
@given(TEXT, KINDS)
def test_the_node_groups_are_the_tree_walked_in_order(text: str, kind: str) -> None:
    # The context walks the tree once and groups it: each group must be what a rule would
    # get by walking the tree itself, in the same order.
    doc = parse(SourceText("p.txt", text, kind=kind))
    walked = list(doc.walk())
    ctx = RuleContext(SourceText("p.txt", text, kind=kind), doc)
    for kind_ in {n.kind for n in walked} | {"enumeration", "item", "no-such-kind"}:
        assert ctx.nodes_of(kind_) == [n for n in walked if n.kind == kind_]
    assert ctx.nodes == walked
    texts = [n for n in walked if n.kind in TEXT_KINDS]
    assert ctx.text_nodes == sorted(texts, key=lambda n: n.start)


@FAST
@given(st.text(alphabet="会a\n\r\u2028", max_size=30))
def test_line_index_is_where_the_line_breaks_are(text: str) -> None:
    # "\n" alone takes a str.find path; any "\r" the regex path: both give these lines.
    import re

    source = SourceText("p.txt", text)
    breaks = list(re.finditer(r"\r\n|\r|\n", text))
    assert source.line_starts == [0, *(m.end() for m in breaks)]
    assert source.line_ends == [*(m.start() for m in breaks), len(text)]


@FAST
@given(st.text(alphabet="会，a1,;:!?()\x00 Z１〇\n", max_size=30))
def test_reported_half_width_marks_follow_the_neighbour_rules(text: str) -> None:
    # PU001 finds the marks to report with a pattern and a memo; this is the rule in words: no
    # ASCII letter or blanked URL (\x00) beside it, not between two digits, Chinese on one side.
    from speechlint.rules.punctuation import HalfWidthPunctuation, _is_cjk

    def reported(i: int) -> bool:
        prev = text[i - 1] if i > 0 else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if prev.isdigit() and nxt.isdigit():
            return False
        if any(c.isascii() and c.isalpha() for c in (prev, nxt)) or "\x00" in (prev, nxt):
            return False
        return _is_cjk(prev) or _is_cjk(nxt)

    expected = [i for i, ch in enumerate(text) if ch in ",;:!?" and reported(i)]
    source = SourceText("p.txt", text)
    document = Node("document", 0, len(text))
    document.add(Node("paragraph", 0, len(text)))  # the whole text as one paragraph
    ctx = RuleContext(source, document)
    ctx.rule = rule = HalfWidthPunctuation()
    rule.finish(ctx)
    assert [d.start for d in ctx.diagnostics if text[d.start] in ",;:!?"] == expected


@FAST
@given(st.text(alphabet="会a“”‘’《》（）【】〝＂\n", max_size=30))
def test_plainly_paired_paragraphs_are_skipped_without_changing_findings(text: str) -> None:
    # PU003 skips a paragraph whose marks pair plainly; forced through the full pairing
    # instead, every paragraph must give the same findings.
    import pytest

    from speechlint.rules import punctuation

    def findings() -> list[tuple[int, int, str]]:
        source = SourceText("p.txt", text)
        ctx = RuleContext(source, parse(source))
        ctx.rule = rule = punctuation.UnpairedMarks()
        rule.finish(ctx)
        return [(d.start, d.end, d.message) for d in ctx.diagnostics]

    fast = findings()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(punctuation, "_plainly_paired", lambda _marks: False)
        assert findings() == fast


def test_no_chinese_context_character_is_a_digit() -> None:
    # PU001 relies on it: a mark with Chinese on one side is never between two digits.
    from speechlint.rules.punctuation import _has_cjk

    digits = "".join(c for c in map(chr, range(0x110000)) if c.isdigit())
    assert len(digits) > 500 and not _has_cjk(digits)


def _diagnostics(text: str, kind: str):
    from speechlint.checking.config import Config
    from speechlint.checking.engine import Engine

    engine = Engine(_plugin_manager())
    source = SourceText("p.txt", text, kind=kind)
    settings_ = engine.settings_for(Config(), None)
    diagnostics, errors, _doc = engine.run_rules(source, settings_)
    assert not errors, errors
    return source, diagnostics


@FULL
@given(TEXT, KINDS)
def test_findings_lie_inside_the_document(text: str, kind: str) -> None:
    _source, diagnostics = _diagnostics(text, kind)
    for d in diagnostics:
        assert 0 <= d.start <= d.end <= len(text), d
        if d.fix is not None:
            for e in d.fix.edits:
                assert 0 <= e.start <= e.end <= len(text), (d.code, e)


@FULL
@given(TEXT)
def test_safe_fixes_are_idempotent_and_touch_only_their_spans(text: str) -> None:
    _source, diagnostics = _diagnostics(text, "text")
    edits = choose_edits(diagnostics)
    fixed = apply_edits(text, edits)
    # Outside the edits nothing changed, in order.
    pos = 0
    out_pos = 0
    for e in edits:
        gap = text[pos : e.start]
        assert fixed[out_pos : out_pos + len(gap)] == gap
        out_pos += len(gap) + len(e.replacement)
        pos = e.end
    assert fixed[out_pos:] == text[pos:]
    # The fixed text survives the file's encoding (GB18030 with CRLF, say).
    stored = SourceText("p.txt", fixed, encoding="gb18030")
    assert decode(encode(stored, fixed), "p.txt", encoding="gb18030")[0] == fixed
    # Fixing until nothing changes, then once more, changes nothing (bounded passes).
    for _ in range(10):
        _s, again = _diagnostics(fixed, "text")
        more = choose_edits(again)
        if not more:
            break
        fixed = apply_edits(fixed, more)
    _s, final = _diagnostics(fixed, "text")
    assert not [d for d in final if d.fix and d.fix.applicability == Applicability.SAFE
                and choose_edits([d])], "a safe fix survived its own application"  # fmt: skip


@FAST
@given(
    st.lists(st.tuples(st.integers(0, 3), st.integers(0, 4)), min_size=1, max_size=6),
    st.lists(st.integers(0, 40), max_size=12),
)
def test_places_are_grouped_by_the_node_that_holds_them(layout, places) -> None:
    # PU001 and PU003 find their marks in one pass and group them by text node; it must give
    # each node exactly its own places, and none that lie in a gap or outside every node.
    from speechlint.rules.punctuation import _places_by_node

    nodes, at = [], 0
    for gap, length in layout:  # nodes in order, with gaps (markup) between them
        nodes.append(Node("paragraph", at + gap, at + gap + length))
        at += gap + length
    text = "会" * 41
    ctx = RuleContext(SourceText("p.txt", text), Node("document", 0, len(text)))
    ctx._text_nodes = nodes
    places = sorted(set(places))
    expected = [
        (k, [p for p in places if n.start <= p < n.end])
        for k, n in enumerate(nodes)
        if any(n.start <= p < n.end for p in places)
    ]
    assert list(_places_by_node(ctx, places)) == expected


def test_marks_in_a_fenced_block_are_not_reported() -> None:
    # A Markdown code block is no text node: its half-width and unpaired marks are not ours.
    from speechlint.rules import punctuation

    text = "各位代表(扩大)：\n\n```\n代码(x)，“未配对\n```\n\n大会“胜利召开;\n"
    source = SourceText("p.md", text, kind="markdown")
    found = []
    for rule in (punctuation.HalfWidthPunctuation(), punctuation.UnpairedMarks()):
        ctx = RuleContext(source, parse(source))
        ctx.rule = rule
        rule.finish(ctx)
        found += [(d.code, d.start) for d in ctx.diagnostics]
    assert sorted(found) == [
        ("PU001", text.index("(扩大)")),
        ("PU001", text.index(";")),
        ("PU003", text.index("“胜利")),
    ]


ANNOUNCING = [
    "一、总体要求\n",
    "二、重点任务\n",
    "四、保障措施\n",
    "（一）加强领导\n",
    "（二）压实责任\n",
    "1.明确分工\n",
    "2.抓好落实\n",
    "第一，统一思想。\n",
    "下面，我讲三点意见。\n",
    "我讲两点：一是提高认识，二是狠抓落实。\n",
    "提四点要求：一是学习，二是落实，三是总结。\n",
    "强调三个方面：①统一思想②压实责任③狠抓落实。\n",
    "从以下2个方面谈谈体会。\n",
    "谈几点体会。\n",
    "工作取得新进展。\n",
]


def _announced_counts_the_slow_way(text: str) -> list[tuple[int, int, str]]:
    """ST007's findings by its definition, scanning every sibling for every announcement:
    the oracle for the indexed lookup the rule does."""
    from speechlint.rules.structure import ANNOUNCEMENT, announced_count, cn_count

    doc = parse(SourceText("p.txt", text))
    found = []
    for node in doc.walk():
        if node.kind != "paragraph":
            continue
        for m in ANNOUNCEMENT.finditer(text, node.start, node.end):
            count = announced_count(m.group("n"))
            if count is None or count < 2:
                continue
            scope = node.parent
            while scope is not None and scope.kind not in ("document", "section"):
                scope = scope.parent
            assert scope is not None
            numbered = [
                s
                for s in scope.children
                if s.kind == "section" and s.start > m.start() and s.ordinal is not None
            ]
            if numbered:
                top = min(s.level for s in numbered)
                units = [s for s in numbered if s.level == top]
            else:
                later = [
                    e
                    for e in node.walk()
                    if e.kind == "enumeration"
                    and e.start >= m.start()
                    and e.family in ("cn", "di", "circled", "paren")
                ]
                units = list(later[0].children) if later else []
            if units and len(units) != count:
                last = units[-1]
                end = last.heading.end if last.heading is not None else last.end
                said = m.group(0)
                found.append(
                    (
                        m.start(),
                        m.end(),
                        f"“{said}”与正文不符：正文共有{cn_count(len(units))}部分，请核对统一",
                    )
                )
                found.append(
                    (
                        last.start,
                        min(end, last.start + 40),
                        f"正文共{cn_count(len(units))}部分，与前文“{said}”不一致",
                    )
                )
    return found


@FULL
@given(st.lists(st.sampled_from(ANNOUNCING), max_size=25), st.booleans())
def test_announced_counts_are_what_a_scan_of_every_sibling_finds(lines, one_line) -> None:
    from speechlint.rules.structure import AnnouncedCountMismatch

    text = "".join(lines)
    if one_line:  # the shape where the scan grew with the square of the length
        text = text.replace("\n", "")
    source = SourceText("p.txt", text)
    ctx = RuleContext(source, parse(source))
    ctx.rule = rule = AnnouncedCountMismatch()
    rule.finish(ctx)
    got = [(d.start, d.end, d.message) for d in ctx.diagnostics]
    assert got == _announced_counts_the_slow_way(text)


@settings(max_examples=400, deadline=None)
@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 12, 31)),
       st.integers(0, 6))  # fmt: skip
def test_the_weekday_rule_agrees_with_datetime(day: datetime.date, written: int) -> None:
    from speechlint.rules.dates import WEEKDAYS
    from speechlint.testing import check_text

    text = (
        "在全县工作会议上的讲话\n同志们：\n"
        f"会议定于{day.year}年{day.month}月{day.day}日（星期{WEEKDAYS[written]}）召开。\n"
    )
    found = [f for f in check_text(text, ["DT001"]) if f.code == "DT001"]
    assert bool(found) == (written != day.weekday())
