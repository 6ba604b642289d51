"""The section tree: head, sections at four levels, non-standard ordinals, enumerations."""

from __future__ import annotations

import itertools
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from speechlint.document.conventions import cn_to_int
from speechlint.document.parser import match_heading_mark, parse, salutation_match
from speechlint.document.readers.text import read_text
from speechlint.document.source import SourceText
from speechlint.document.tree import TEXT_KINDS, Node
from tests.conftest import SEEDS, needs_seeds, run

GOLDEN = Path(__file__).parent / "golden"


def tree(text: str, kind: str = "text") -> tuple[Node, str]:
    return parse(SourceText("t.txt", text, kind=kind)), text


def kinds(doc: Node) -> list[str]:
    return [c.kind for c in doc.children]


def test_chinese_numerals() -> None:
    assert [cn_to_int(n) for n in ["一", "九", "十", "十二", "二十", "二十三", "十十"]] == [
        1, 9, 10, 12, 20, 23, None,
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "level", "ordinal", "style"),
    [
        ("一、总体要求", 1, 1, "一、"),
        ("十二、其他", 1, 12, "一、"),
        ("（三）加强领导", 2, 3, "（一）"),
        ("(三)加强领导", 2, 3, "(一)"),
        ("（三）、加强领导", 2, 3, "（一）、"),
        ("2.强化保障", 3, 2, "1."),
        ("2、强化保障", 3, 2, "1、"),
        ("2．强化保障", 3, 2, "1．"),
        ("（4）做好宣传", 4, 4, "（1）"),
        ("(4)做好宣传", 4, 4, "(1)"),
        ("（4）.做好宣传", 4, 4, "（1）."),
        ("一.总体要求", 1, 1, "一."),
        ("③要关心困难职工", 5, 3, "①"),
    ],
)
def test_heading_marks_and_their_styles(text: str, level: int, ordinal: int, style: str) -> None:
    mark = match_heading_mark(text)
    assert mark is not None
    assert (mark.level, mark.ordinal, mark.style) == (level, ordinal, style)


@pytest.mark.parametrize(
    "text", ["2021年，我们…", "1.5亿元资金", "3:00开会", "三、四月份", "一是要坚持"]
)
def test_things_that_are_not_headings(text: str) -> None:
    assert match_heading_mark(text) is None


DRAFT = """在全县工会工作会议上的讲话
县委书记　张三
（2024年3月1日）
各位委员，同志们：
　　今天召开会议。下面，我讲两点意见。
一、提高认识
　　工会工作很重要。一是要坚持党的领导。二是要坚持服务大局。
（一）加强学习
　　学习是第一位的。
（二）加强实践
1.深入基层
　　要深入基层。
二、狠抓落实
　　各级工会要狠抓落实。
同志们，使命光荣。
谢谢大家！
"""


def test_a_full_draft() -> None:
    doc, text = tree(DRAFT)
    assert kinds(doc) == [
        "title", "meta", "meta", "salutation", "opening", "section", "section", "closing",
    ]  # fmt: skip
    s1, _s2 = doc.sections()
    assert (s1.level, s1.ordinal, s1.style) == (1, 1, "一、")
    subs = s1.sections()
    assert [(s.level, s.ordinal) for s in subs] == [(2, 1), (2, 2)]
    assert [(s.level, s.ordinal, s.style) for s in subs[1].sections()] == [(3, 1, "1.")]
    enum = next(n for n in s1.walk() if n.kind == "enumeration")
    assert [(i.ordinal, i.style) for i in enum.children] == [(1, "是要"), (2, "是要")]
    assert enum.parent is not None and enum.parent.kind == "paragraph"
    closing = doc.children[-1]
    assert [text[p.start : p.end] for p in closing.children] == ["同志们，使命光荣。", "谢谢大家！"]


@pytest.mark.parametrize(
    "salutation",
    [
        "同志们：",
        "各位委员，同志们：",
        "领导、同志们：",
        "尊敬的各位领导、各位来宾，同志们、朋友们：",
        "同志们:",
        # Any line of address that ends in a colon, whoever it names.
        "尊敬的各位领导、教师、同学们：",
        "尊敬的各位来宾，亲爱的父老乡亲们：",
        "乡亲们：",
        "全体干部职工们：",
    ],
)
def test_salutations(salutation: str) -> None:
    doc, text = tree(f"关于工会工作的讲话\n{salutation}\n今天开会。\n")
    assert kinds(doc)[:3] == ["title", "salutation", "opening"]
    sal = [c for c in doc.children if c.kind == "salutation"]
    assert len(sal) == 1 and text[sal[0].start : sal[0].end] == salutation


def test_salutation_glued_to_the_date_and_to_the_opening() -> None:
    doc, text = tree("讲话\n（2024年3月1日）同志们：\n今天开会。\n")
    assert kinds(doc)[:3] == ["title", "meta", "salutation"]
    doc, text = tree("同志们：今天，我们召开会议。\n一、要求\n内容。\n")
    assert kinds(doc)[:3] == ["salutation", "opening", "section"]
    assert text[doc.children[1].start : doc.children[1].end] == "今天，我们召开会议。"


def test_no_title_when_the_draft_opens_with_the_salutation() -> None:
    doc, _ = tree("同志们：\n今天开会。\n")
    assert kinds(doc) == ["salutation", "opening"]


def test_heading_as_the_first_sentence_of_a_paragraph() -> None:
    doc, text = tree("讲话\n同志们：\n开场。\n1、要在维护权益上下功夫。工会的作用在于维权。\n")
    section = doc.sections()[0]
    assert text[section.heading.start : section.heading.end] == "1、要在维护权益上下功夫。"
    para = next(c for c in section.children if c.kind == "paragraph")
    assert text[para.start : para.end] == "工会的作用在于维权。"


def test_a_list_of_lines_that_a_colon_announces() -> None:
    doc, text = tree(
        "主持词\n同志们：\n今天的会议有三项议程：\n一、请刘局长通报情况\n二、请周书记宣读倡议书\n"
        "三、请孙副县长讲话\n下面进行第一项议程。\n"
    )
    assert doc.sections() == []
    (enum,) = [n for n in doc.walk() if n.kind == "enumeration"]
    assert enum.family == "list"
    assert [(i.ordinal, text[i.start : i.end]) for i in enum.children] == [
        (1, "一、请刘局长通报情况"), (2, "二、请周书记宣读倡议书"), (3, "三、请孙副县长讲话"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "draft",
    [
        # Sections whose text runs on in their first line, after a colon.
        "报告\n各位代表：\n一年来，我们做了以下几方面工作：\n（一）着力解决经济运行中的突出问题。继续"
        "搞好宏观调控，坚持区别对待、有保有压的原则，保持了经济平稳较快增长。\n（二）积极推进经济结构"
        "调整和增长方式转变。继续加强农业工作，粮食连续两年增产，农民收入较快增长。\n",
        # A lone first item.
        "讲话\n同志们：\n我讲一点意见：\n一、提高认识\n认识很重要。\n",
        # Right after the salutation's colon.
        "讲话\n同志们：\n一、提高认识\n二、突出重点\n正文。\n",
    ],
)
def test_numbered_lines_that_stay_headings(draft: str) -> None:
    doc, _ = tree(draft)
    assert doc.sections()
    assert not any(n.kind == "enumeration" and n.family == "list" for n in doc.walk())


def test_unnumbered_part_headings_and_sub_headings() -> None:
    doc, _ = tree(
        "讲话\n同志们：\n开场。\n过去三年的工作回顾\n正文。\n三年来，我们围绕中心促发展\n正文。\n"
        "三年来，我们围绕民生促和谐\n正文。\n下阶段的工作重点\n一、加强领导\n正文。\n"
    )
    sections = doc.sections()
    assert [(s.level, s.ordinal, s.style) for s in sections] == [
        (1, None, "unnumbered"), (1, None, "unnumbered"), (1, 1, "一、"),
    ]  # fmt: skip
    assert [s.level for s in sections[0].sections()] == [2, 2]


def test_inline_enumerations_of_every_family() -> None:
    text = (
        "讲话\n同志们：\n一、要求\n第一，要学习。第二，要实践。①要快。②要好。"
        "（1）调研；（2）落实。首先，学习；其次，实践；最后，总结。\n"
    )
    doc, _ = tree(text)
    families = sorted(
        (n.family, [i.ordinal for i in n.children]) for n in doc.walk() if n.kind == "enumeration"
    )
    assert families == [
        ("circled", [1, 2]), ("di", [1, 2]), ("paren", [1, 2]), ("seq", [1, 2, None]),
    ]  # fmt: skip


def test_words_that_contain_numerals_are_not_enumerations() -> None:
    doc, _ = tree("讲话\n同志们：\n要统一思想，统一要求，唯一要做的是第一要务。\n")
    assert not [n for n in doc.walk() if n.kind == "enumeration"]


def test_glued_first_marker_counts_only_with_a_second() -> None:
    doc, _ = tree("讲话\n同志们：\n各级工会组织一是要学习。二是要实践。\n")
    enum = [n for n in doc.walk() if n.kind == "enumeration"]
    assert [i.ordinal for i in enum[0].children] == [1, 2]


def test_markdown_headings_and_fences() -> None:
    text = "# 在大会上的致辞\n\n同志们：\n\n```\n一、这不是标题\n```\n\n## 一、总体要求\n\n正文。\n"
    doc, _ = tree(text, kind="markdown")
    assert kinds(doc) == ["title", "salutation", "section"]
    assert doc.sections()[0].ordinal == 1


def test_spans_nest_and_text_leaves_do_not_overlap() -> None:
    doc, _text = tree(DRAFT)
    for node in doc.walk():
        for child in node.children:
            assert node.start <= child.start <= child.end <= node.end
    leaves = sorted((n for n in doc.walk() if n.kind in TEXT_KINDS), key=lambda n: n.start)
    for a, b in itertools.pairwise(leaves):
        assert a.end <= b.start


def test_empty_and_whitespace_drafts() -> None:
    for text in ["", "\n\n", "　　\r\n"]:
        doc, _ = tree(text)
        assert doc.children == []


def test_outline_command(draft) -> None:
    path = draft(DRAFT)
    result = run("outline", str(path))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("genre: speech")
    assert lines[1].split()[:2] == ["1", "title"]
    assert any(line.split()[1:4] == ["section", "L1", "#1"] for line in lines)


# -- golden outlines of the five seed drafts --------------------------------------------------


def signature(path: Path) -> str:
    source = read_text(str(path), path.read_bytes(), "text")
    doc = parse(source)
    out = []
    for node in doc.walk():
        if node.kind == "document":
            continue
        line, _ = source.line_col(node.start)
        out.append(
            f"{line} {'  ' * (node.depth() - 1)}{node.kind}"
            + (f" L{node.level}" if node.level else "")
            + (f" #{node.ordinal}" if node.ordinal is not None else "")
            + (f" {node.style}" if node.style else "")
        )
    return "\n".join(out) + "\n"


@needs_seeds
@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_seed_outline_matches_golden(seed: str) -> None:
    path = next(SEEDS.glob(f"{seed}_*.txt"))
    golden = GOLDEN / f"seed_{seed}.outline"
    got = signature(path)
    if os.environ.get("SPEECHLINT_UPDATE_GOLDEN"):
        golden.write_text(got, encoding="utf-8")
    assert got == golden.read_text("utf-8")


FRAMES = sorted((GOLDEN / "frames").glob("*.txt"))


@pytest.mark.parametrize("draft_file", FRAMES, ids=[p.stem for p in FRAMES])
def test_frame_outline_matches_golden(draft_file: Path) -> None:
    """Drafts written for the document frame (a report's header block, a sign-off and annex,
    a list numbered like sections inside a section, a host's script, digit-led headings):
    their genre and tree, as `speechlint outline` reads them."""
    source = read_text(str(draft_file), draft_file.read_bytes(), "text")
    got = f"genre: {parse(source).genre}\n" + signature(draft_file)
    golden = draft_file.with_suffix(".outline")
    if os.environ.get("SPEECHLINT_UPDATE_GOLDEN"):
        golden.write_text(got, encoding="utf-8")
    assert got == golden.read_text("utf-8")


def test_frame_drafts_raise_no_finding() -> None:
    """Each frame draft is correct as written: the frame no longer cascades into findings."""
    for draft_file in FRAMES:
        result = run("check", "--no-cache", str(draft_file))
        assert result.exit_code == 0, result.stdout


@needs_seeds
def test_seed_trees_have_the_shape_an_editor_sees() -> None:
    def doc_of(seed: str) -> Node:
        path = next(SEEDS.glob(f"{seed}_*.txt"))
        return parse(read_text(str(path), path.read_bytes(), "text"))

    d0 = doc_of("000")
    assert [s.ordinal for s in d0.sections()] == [1, 2, 3, 4]
    for s in d0.sections():
        enums = [n for n in s.children if n.kind == "enumeration"]
        assert enums and enums[0].children[0].marker == "一要"
    assert doc_of("003").children[0].kind == "salutation"
    d4 = doc_of("004").sections()
    assert [s.ordinal for s in d4] == [None, None, None, 1, 2, 3, 4]


# Pieces of enumeration markers and what stands around them, for texts where markers, near
# misses and glued 一是 are common.
ENUM_PIECES = [
    *"一二三四五十第①②⑳（()1２是要先次后首其再最，。、：\n 统会",
    "一是", "二要", "第一，", "（1）", "(2)", "（12）", "首先", "其次", "最后", "一、", "## ",
    "同志们：\n", "十二是", "二十要", "十十是", "二三是", "各级组织一是要", "、二是", "唯一是",
]  # fmt: skip


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(ENUM_PIECES), max_size=50), st.data())
def test_enumeration_markers_are_the_regular_expressions_matches(parts: list[str], data) -> None:
    # enum_markers tries _ENUM_RE only where _ENUM_START finds a place: that must be every
    # place where _ENUM_RE matches (within the paragraph), and each marker one of its matches.
    from speechlint.document.parser import _ENUM_RE, _ENUM_START, ENUM_FAMILIES, enum_markers

    text = "".join(parts)
    lo = data.draw(st.integers(0, len(text)))
    hi = data.draw(st.integers(lo, len(text)))
    places = {m.start() for m in _ENUM_START.finditer(text, lo, hi)}
    matches = {m.start(): m for m in _ENUM_RE.finditer(text, lo, hi)}
    assert set(matches) <= places
    found = enum_markers(text, lo, hi)
    assert found == sorted(found)
    group = {"circled": "circ", "paren": "par"}
    for start, end, family, _ordinal, _style in found:
        name = ENUM_FAMILIES[family]
        assert matches[start].end() == end and matches[start].lastgroup == group.get(name, name)


def test_the_han_test_is_the_han_class() -> None:
    # is_han compares code points where the parser once compiled f"[{HAN}]" at the call.
    from speechlint.document.characters import HAN, is_han

    han = re.compile(f"[{HAN}]")
    assert [c for c in map(chr, range(0x10000)) if is_han(c) != bool(han.match(c))] == []
    assert not is_han("")


# The closing phrases as one alternation, as they were written before the anchored branches
# moved to a pattern of their own (see conventions.has_closing_phrase).
_CLOSING_AS_ONE = re.compile(
    r"谢谢大家|谢谢各位|^谢谢[！!。]?$|我就讲这些|我就讲这么多|我就讲到这里|就讲这些|就讲到这里"
    r"|预祝.{0,30}圆满成功|以上(?:报告|发言|汇报)，?请(?:予)?审议|^请予审议"
)
CLOSING_PIECES = [
    "谢谢", "大家", "各位", "！", "!", "。", "\n", "我就讲", "这些", "这么多", "到这里", "就讲",
    "预祝", "大会", "圆满成功", "以上", "报告", "汇报", "，", "请", "予", "审议", "同志们", "x",
]  # fmt: skip


@settings(max_examples=500, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(CLOSING_PIECES), max_size=12))
def test_closing_phrases_are_found_as_by_one_alternation(parts: list[str]) -> None:
    from speechlint.document.conventions import has_closing_phrase

    text = "".join(parts)
    assert has_closing_phrase(text) == bool(_CLOSING_AS_ONE.search(text))


def test_closing_phrases_at_the_start_only_there() -> None:
    from speechlint.document.conventions import has_closing_phrase

    assert has_closing_phrase("谢谢！") and has_closing_phrase("谢谢\n")
    assert has_closing_phrase("请予审议。")
    assert not has_closing_phrase("再次谢谢！") and not has_closing_phrase("现请予审议")
    assert has_closing_phrase("最后，谢谢大家！")


@pytest.mark.parametrize(
    ("first_line", "salutation"),
    [
        ("在全县工会工作会议上的讲话同志们：", "同志们："),
        (
            "在联谊会上的致辞各位在故乡工作过的知青朋友们、同志们：",
            "各位在故乡工作过的知青朋友们、同志们：",
        ),
        ("在表彰大会上的讲话尊敬的      同志：", "尊敬的      同志："),
    ],
)
def test_a_salutation_glued_to_the_title_is_split_off(first_line: str, salutation: str) -> None:
    text = f"{first_line}\n今天我们召开会议。\n"
    doc = parse(SourceText("d.txt", text))
    heads = [(n.kind, text[n.start : n.end]) for n in doc.children[:3]]
    assert heads == [
        ("title", first_line[: -len(salutation)]),
        ("salutation", salutation),
        ("opening", "今天我们召开会议。"),
    ]


def test_a_title_that_merely_ends_with_a_form_of_address_stays_whole() -> None:
    text = "致全县各位同志的一封信同志们好\n今天我们召开会议。\n"
    doc = parse(SourceText("d.txt", text))
    assert doc.children[0].kind == "title"
    assert text[doc.children[0].start : doc.children[0].end] == text.splitlines()[0]


# -- a draft pasted as one long line ----------------------------------------------------------

_BODY = "今天召开会议，主要任务是总结工作、部署任务，动员全县上下奋力开创工作新局面。" * 4


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the title, a space, the salutation
        (f"在全县工会工作会议上的讲话 同志们：{_BODY}", ["title", "salutation", "opening"]),
        # no space: the salutation glued on after a doubled title
        (
            f"在全县工会工作会议上讲话在全县工会工作会议上的讲话同志们：{_BODY}",
            ["title", "salutation", "opening"],
        ),
        # a web page's 标题： label repeating the title, then the first part
        (
            f"在全县工会工作会议上的讲话文章标题：在全县工会工作会议上的讲话一、总体要求{_BODY}",
            ["title", "meta", "section"],
        ),
    ],
)
def test_a_draft_pasted_as_one_line_is_split_into_its_head(text: str, expected: list[str]) -> None:
    doc, _ = tree(text)
    assert kinds(doc) == expected
    assert doc.children[0].end - doc.children[0].start <= 30  # the title only


def test_a_long_first_line_without_a_title_word_stays_one_paragraph() -> None:
    doc, _ = tree(f"今年以来全县各项工作一、二季度稳中有进{_BODY}\n二、下一步工作\n正文。\n")
    assert kinds(doc)[0] != "title"


def test_a_long_first_sentence_naming_a_speech_is_not_split_as_a_title() -> None:
    # 讲话 then 各位 with no colon after: a sentence that runs on, not a title and salutation.
    text = f"在全县大会上，书记发表了重要讲话各位同志要认真学习领会，{_BODY}\n二、下一步工作\n"
    doc, _ = tree(text)
    assert kinds(doc)[0] != "title"


@pytest.mark.parametrize(
    ("text", "title_end"),
    [
        # 在…上的讲话 run straight into the body: the title ends with the form
        (f"2025年县长在全县经济工作会议上的讲话文稿在新的一年开局之际，{_BODY}", "讲话文稿"),
        # a doubled title stays one title line (RP002 reports it)
        (
            f"在全县工作会议上的讲话在全县工作会议上的讲话县长（2025年1月）同志们：{_BODY}",
            None,
        ),
    ],
)
def test_a_meeting_title_run_into_the_body_ends_where_its_form_does(
    text: str, title_end: str | None
) -> None:
    doc, _ = tree(text)
    assert kinds(doc)[0] == "title"
    title = text[doc.children[0].start : doc.children[0].end]
    if title_end is None:
        assert len(title) > 40  # not cut inside the doubled title
    else:
        assert title.endswith(title_end) and kinds(doc)[1] == "opening"


def test_a_sentence_about_a_speech_is_not_cut_as_a_meeting_title() -> None:
    doc, _ = tree(f"学习贯彻书记在全市大会上的讲话精神，{_BODY}\n")
    first = doc.children[0]
    assert first.end - first.start > len("学习贯彻书记在全市大会上的讲话精神")


@pytest.mark.parametrize("line", ["我们：", "各项工作安排如下，请抓好落实："])
def test_a_sentence_ending_in_a_colon_is_no_salutation(line: str) -> None:
    assert salutation_match(line) is None


@pytest.mark.parametrize(
    ("text", "tail", "signoff_lines"),
    [
        # the signer's line, then the date
        (
            "2024年度个人述职报告\n县委：\n现将一年来的工作报告如下：\n一、主要工作\n"
            "全年完成各项任务。\n二、存在的不足\n学习还不够深入。\n特此报告，请予评议。\n"
            "                    述职人：王强\n                    2025年1月10日\n",
            ["signoff"],
            2,
        ),
        # a letter's 此致 / 敬礼！, then joint issuers on one line and the date
        (
            "致全县教师的慰问信\n尊敬的全县广大教师：\n值此教师节来临之际，向大家致以问候！\n"
            "此致\n敬礼！\n中共××县委  ××县人民政府\n2024年9月9日\n",
            ["closing", "signoff"],
            2,
        ),
        # the footer of the web page the text was copied from
        (
            "在全县春耕生产工作会议上的讲话\n同志们：\n今天召开会议。\n一、抓好粮食生产\n"
            "要稳定面积。\n同志们，让我们全力以赴抓好春耕生产！\n【打印本页】【关闭窗口】\n"
            "上一篇：在全县经济工作会议上的讲话\n下一篇：在全县安全生产工作会议上的讲话\n",
            ["closing", "signoff"],
            3,
        ),
    ],
    ids=["signer", "letter", "web-footer"],
)
def test_what_follows_the_text_is_its_sign_off(
    text: str, tail: list[str], signoff_lines: int
) -> None:
    doc, _ = tree(text)
    assert kinds(doc)[-len(tail) :] == tail
    assert [n.kind for n in doc.children[-1].children] == ["meta"] * signoff_lines


def test_rows_of_names_are_text_not_headings() -> None:
    text = (
        "在全县表彰大会上的讲话\n同志们：\n今天召开大会。\n一、肯定成绩\n受表彰的个人有：\n"
        "王明  李强  张华  刘洋\n赵敏  孙丽  周杰  欧阳明华\n二、学习先进\n要向先进学习。\n"
    )
    doc, _ = tree(text)
    sections = doc.sections()
    assert [s.ordinal for s in sections] == [1, 2]


def test_a_heading_set_out_in_phrases_is_still_a_heading() -> None:
    doc, _ = tree("讲话\n同志们：\n开场。\n凝心聚力 真抓实干 开创新局\n内容。\n")
    assert any(s.style == "unnumbered" for s in doc.sections())


def test_a_web_pages_path_above_the_title_is_meta() -> None:
    doc, _ = tree("首页 > 工作动态 > 正文\n在全县春耕工作会议上的讲话\n同志们：\n今天召开会议。\n")
    assert kinds(doc)[:4] == ["meta", "title", "salutation", "opening"]
