"""A line-based parser that turns a draft into its section tree.

No grammar: speech drafts are a sequence of paragraphs (one per line), and their structure is
carried by a few conventions — a title line, a salutation ending in a colon, ordinals from
GB/T 9704 (一、 （一） 1. （1）), inline enumerations (一是…二是…), and a closing paragraph.
The parser also recognises the non-standard ordinals people really type (1、 (1) 一. （一）、)
and records them on the node as ``style`` so that rules can flag them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import NamedTuple

from speechlint.document import genre as genres
from speechlint.document.characters import HAN, is_han
from speechlint.document.conventions import (
    CLOSING_START,
    CONVENTIONAL_HEADING,
    RUN_IN_ADDRESSEE,
    cn_to_int,
    has_closing_phrase,
    is_name_row,
)
from speechlint.document.source import SourceText
from speechlint.document.tree import Node
from speechlint.speed.lazyre import lazy
from speechlint.speed.prefilter import match_at

# ---------------------------------------------------------------------------------------------
# Character classes and numerals

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# Whitespace that may indent or pad a paragraph: ASCII, full-width space, no-break space.
# (En and em spaces too: Word files indent with them.)
_PAD = " \t\u3000\u00a0\ufeff\u200b\u2002\u2003"
_DIRECTIVE_LINE = lazy(r"^\s*<!--.*-->\s*$")
_MD_HEADING = lazy(r"(#{1,6})[ \t]+")  # used with match(text, pos): no ^
_MD_QUOTE = lazy(r"(?:>[ \t]?)+")
_MD_FENCE = lazy(r"^\s*(```|~~~)")


def ordinal_value(numeral: str) -> int | None:
    if numeral in _CIRCLED:  # before isdigit(): "③".isdigit() is True but int("③") fails
        return _CIRCLED.index(numeral) + 1
    if numeral.isascii() and numeral.isdigit():
        return int(numeral)
    return cn_to_int(numeral)


# ---------------------------------------------------------------------------------------------
# Headings

_CN_NUM = "[一二三四五六七八九十]{1,3}"
# Order matters: bracketed forms first so "(1)" is not read as a bare "1".
_HEADING_RES: list[tuple[int, re.Pattern[str]]] = [
    (2, lazy(rf"[（(][ \u3000]*(?P<n>{_CN_NUM})[ \u3000]*[）)](?P<after>[、.．，,:：]?)")),
    (4, lazy(r"[（(][ \u3000]*(?P<n>\d{1,2})[ \u3000]*[）)](?P<after>[、.．，,:：]?)")),
    (
        1,
        # 一、2024年工作回顾 and 一、三年来的工作 are headings; 一、二季度 (the first and second
        # quarters: the next number, see match_heading_mark) and 一.5 are not.
        lazy(
            rf"(?P<n>{_CN_NUM})[ \u3000]*(?P<after>[、.．，,:：])"
            r"(?!(?<=[.．，,:：])[一二三四五六七八九十\d])"
        ),
    ),
    (3, lazy(r"(?P<n>\d{1,2})(?P<after>[.．、,，:：])(?![\d.．])")),
    (5, lazy(rf"(?P<n>[{_CIRCLED}])")),
]


class HeadingMark(NamedTuple):
    level: int
    ordinal: int
    marker: str  # as typed, without surrounding padding
    style: str  # the marker with its numeral replaced by 一/1: "1、", "(一)", "（1）."
    length: int  # characters from the block start to the end of the marker


_NUMERAL_START = frozenset("一二三四五六七八九十")
_CN_RUN = lazy("[一二三四五六七八九十]{1,3}")
# The characters a heading mark may begin with, besides digits (\d: str.isdecimal).
_HEADING_FIRST = frozenset("（(一二三四五六七八九十" + _CIRCLED)


def match_heading_mark(text: str) -> HeadingMark | None:
    first = text[:1]
    if first not in _HEADING_FIRST and not first.isdecimal():
        return None  # most paragraphs: five match() calls spared
    for level, pattern in _HEADING_RES:
        m = pattern.match(text)
        if not m:
            continue
        ordinal = ordinal_value(m.group("n"))
        if ordinal is None:
            continue
        marker = m.group(0)
        canon = "①" if level == 5 else ("一" if level in (1, 2) else "1")
        style = marker.replace(m.group("n"), canon, 1).replace(" ", "").replace("\u3000", "")
        if level == 3 and style in ("1，", "1,", "1：", "1:"):
            # "3，" at the start of a paragraph is rarely an ordinal; "3:00" never.
            continue
        if level == 1 and cn_to_int(text[m.end() : m.end() + 1]) == ordinal + 1:
            continue  # 一、二季度, 二、三产业: two numbers in a row, not an ordinal
        if level == 1 and text[m.end() : m.end() + 1] in _NUMERAL_START:
            # 一、十年来: a numeral word after the mark is a heading's text only when the
            # numeral is not the next in a list of them (一、二、三 …).
            following = _CN_RUN.match(text, m.end())
            if following and text[following.end() : following.end() + 1] == "、":
                continue
        return HeadingMark(level, ordinal, marker, style, m.end())
    return None


# ---------------------------------------------------------------------------------------------
# Head of the draft: title, meta line, salutation

_ADDRESSEE = (
    # A name may be a blank of spaces still to fill (尊敬的      同志).
    rf"(?:尊敬的)?(?:各位|全体|在座的|亲爱的)?(?:[{HAN}]{{0,12}}?|[ \u3000]{{2,12}})"
    r"(?:同志们|朋友们|代表们|委员们|同学们|老师们|女士们|先生们|同仁们|同事们|来宾们|嘉宾们"
    r"|领导们|战友们|家人们|来宾|嘉宾|领导|代表|委员|同志|同仁|老师|同学|专家|学者)"
)
_ADDRESSEES = rf"{_ADDRESSEE}(?:[、，,和及与 \u3000]+{_ADDRESSEE})*"
_SALUTATION_FULL = lazy(rf"^{_ADDRESSEES}[ \u3000]*(?P<mark>[：:，,！!]?)[ \u3000]*$")
_SALUTATION_PREFIX = lazy(rf"^{_ADDRESSEES}[ \u3000]*(?P<mark>[：:])")

_TITLE_WORDS = lazy(
    r"讲话|致辞|发言|报告|讲稿|演讲|贺词|开幕词|闭幕词|主持词|总结|在.{1,40}上的|动员|部署"
)
_SENTENCE_END = lazy(r"[。！？!?]")
# What ends a sentence or a list item (一、节约能源，降低消耗；): running text, not a heading.
_ITEM_END = lazy(r"[。！？!?；;]")
_CLAUSE_BREAK = lazy(r"[，。！？；：,!?;:（(]")
_DATE = lazy(
    r"(?:\d{2,4}|\d{2}[xX×＊*]{1,2}|[xX×]{2,4}|[〇○零一二三四五六七八九0Oo]{2,4})[ \u3000]*年"
    r"[ \u3000]*(?:\d{1,2}|[一二三四五六七八九十]{1,3}|[xX×]{1,2})?[ \u3000]*月"
    r"[ \u3000]*(?:\d{1,2}|[一二三四五六七八九十]{1,3}|[xX×]{1,2})?[ \u3000]*日"
)
_BRACKETED_PREFIX = lazy(r"^[（(][^（）()]{2,30}[）)]")
# The header block: lines between the title and the salutation that are not body text.
MAX_HEADER_LINES = 8
# The longest line that starts a list of lines (一、请县安监局通报情况), not a section.
MAX_LIST_ITEM = 50
_BYLINE = lazy(
    r"(?:来源|信息来源|文章来源|稿源|文章标题|标题|发布时间|发布日期|发布机构|时间|日期|地点|作者|撰稿|编辑"
    r"|责任编辑|字号|浏览次数|点击数|阅读数|索引号|主题分类|发文机关|成文日期)[ \u3000]*[：:]"
)
_ANNEX_HEADING = lazy(
    r"(?:附件|附表|附录|名词解释|注释|附：)[ \u3000]*[\d一二三四五六七八九十]*[ \u3000]*[：:.．、]?"
    r"[^。！？]{0,40}$"
)
_SIGNOFF_LINE = lazy(
    r"(?:签发人|抄送|印发|主送|联系人|联系电话|电话|传真|邮编|地址|述职人|述廉人|报告人|汇报人"
    r"|发言人|讲话人|起草人|撰稿人|(?:报告|汇报|述职|申报)?单位)[ \u3000]*[：:]"
    r"|.{2,30}(?:印发|办公室|办公厅)?[ \u3000]*\d{4}年\d{1,2}月\d{1,2}日印发$"
)
_ISSUER = lazy(
    # One issuer or joint ones (中共××县委  ××县人民政府), a name still a placeholder or not.
    rf"[{HAN}（）()·×＊*Xx \u3000]{{2,40}}"
    r"(?:人民政府|委员会|办公室|办公厅|总工会|工会|党委|党组|政府|局|厅|部"
    r"|委|处|科|中心|协会|学会|联合会|集团|公司|学校|大学|学院|医院|研究院|研究所|支部|组)$"
)


_BREADCRUMB = lazy(r"(?:当前位置[：:]|您的位置[：:]|首页[ \u3000]*[>›»/])")
# What a web page puts after the text copied from it (【打印本页】【关闭窗口】, 上一篇：…).
_WEB_FOOTER = lazy(
    r"(?:上一篇|下一篇|上一条|下一条|相关阅读|相关链接|相关文章|推荐阅读|责任编辑|责编|分享到"
    r"|扫一扫|打印本页|关闭窗口|返回顶部|【打印|【关闭|【返回|【收藏)"
)


def _is_signoff_line(text: str) -> bool:
    """An issuer, signer (述职人：…), date, 签发人 or 抄送 line at the very end of a document,
    or the footer of the web page it was copied from."""
    if _WEB_FOOTER.match(text):
        return True
    if len(text) > 60 or _SENTENCE_END.search(text):
        return False
    if _SIGNOFF_LINE.match(text):
        return True
    date = _DATE.match(text)
    if date and len(text) - date.end() <= 2:  # 2024年12月18日 (a line of its own)
        return True
    return bool(_ISSUER.match(text))


_NUMERIC_DATE = lazy(r"(?<!\d)(?:\d{4}[-/.])?\d{1,2}[-/.]\d{1,2}(?![\d.])")
_WEB_FURNITURE = lazy(
    r"字数|浏览|下载|评论|推荐|打印|阅读量|点击|收藏|分享|转发|范文|素材|网站|公众号|微信号|责编"
)
# What a speech's or a report's title ends with.
_TITLE_END = r"(?:讲话|致辞|发言|报告|主持词|讲稿|汇报|总结|演讲)(?:稿|提纲|材料)?"
# The title at the start of a run-on first line, and the salutation after it. The title
# ends before a space or a bracket, or, pasted without one, before what follows a title: a
# web page's 标题： label, the first part's 一、 or the salutation (…的讲话同志们：).
_RUN_ON_TITLE = lazy(
    rf".{{4,60}}?{_TITLE_END}(?=[ \t\u3000\u2002\u2003（(])"
    rf"|[^，。！？；,;!?\n]{{4,60}}?{_TITLE_END}(?=(?:文章)?标题[ \u3000]*[：:]|一、"
    r"|(?:尊敬的|各位|全体|在座的|亲爱的|同志们|代表们|朋友们)[^，。！？；,;!?\n]{0,20}[：:])"
)
# A title of the form 在…上的讲话 run straight into the body (…上的讲话文稿在省第二次党代会
# 即将召开之际，…): the form itself marks where the title ends, unless the phrase goes on as
# the object of a sentence (学习在…上的讲话精神).
_MEETING_TITLE = lazy(
    r"[^，。！？；：,;:!?\n]{0,24}?在[^，。！？；：,;:!?\n]{2,50}?上的"
    r"(?:讲话|致辞|发言|报告|主持词|讲稿|演讲)(?:文稿|稿|提纲|材料)?"
    r"(?!精神|要求|中|时|里|的|和|与|及|指出|强调|提出|部署|稿|文|提纲|材料)"
)


def _meeting_title(text: str) -> re.Match[str] | None:
    """_MEETING_TITLE at the start of text, unless the title is pasted twice (a doubled
    title is RP002's to report, read whole as the title line)."""
    m = _MEETING_TITLE.match(text)
    if m is None or text.startswith(m.group(0).strip(), m.end()):
        return None
    return m


# A web page's label before the title repeated: 文章标题：在…上的讲话.
_TITLE_LABEL = lazy(rf"(?:文章)?标题[ \u3000]*[：:].{{4,60}}?{_TITLE_END}")
# A title with the salutation run onto the same line, no space between (讲话各位代表：).
_GLUED_TITLE = lazy(
    r".{4,60}?(?:讲话|致辞|发言|报告|主持词|讲稿|演讲)(?:稿|提纲)?"
    r"(?=(?:尊敬的|各位|全体|在座的|亲爱的|同志们|同志|代表们|朋友们|女士们|老师们|同学们))"
)
_RUN_ON_SALUTATION = lazy(rf"(?:尊敬的|各位|全体)?[^ \t\u3000，,。]{{0,12}}?{RUN_IN_ADDRESSEE}")
_INSERTED = lazy(
    r"(?:[…．.。]{2,}[ \u3000]*)?[（(【\[〔][^）)】\]〕]{0,60}(?:省略|略去|从略|此处|以下|以上)"
    r"[^）)】\]〕]{0,60}[）)】\]〕][ \u3000]*[…．.。]*$"
    r"|【[^】]{1,20}】$"
)
_NOTE_LINE = lazy(r"^[（(【\[][^（）()【】\[\]]{1,40}[）)】\]]$")
_MEETING = lazy(
    r"在.{2,70}?(?:会议|大会|全会|年会|例会|座谈会|论坛|仪式|典礼|开幕式|闭幕式|活动|报告会"
    r"|推进会|动员会|培训班|研讨会)(?:上|开幕式上|闭幕式上)"
)
_SPEAKER_ONLY = lazy(rf"^[{HAN}A-Za-z×＊*·• \u3000、]{{2,25}}$")


_PAREN_ORDINAL = lazy(r"[（(]\s*\d{1,2}\s*[）)]")
_STOP = lazy(r"[。！？；;]")
# A sentence's end anywhere, or a closing mark at the end: a paragraph, not a heading.
_NOT_A_HEADING = lazy(r"[。！？!?；;：:…”’）)]$|[。！？!?]")
_CLAUSE_MARK = lazy(r"[，,、；;]")


def _continues_inline(text: str, mark: HeadingMark) -> bool:
    """Whether another （n）/① marker of the same kind appears later in the paragraph."""
    rest = text[mark.length :]
    if mark.level == 5:
        return any(ch in _CIRCLED for ch in rest)
    return _PAREN_ORDINAL.search(rest) is not None


def salutation_match(text: str) -> re.Match[str] | None:
    if len(text) > 40:
        return None
    m = _SALUTATION_FULL.match(text)
    if m and (m.group("mark") or len(text) <= 12):
        return m
    if _ends_in_colon(text):
        return _SALUTATION_COLON.match(text)
    return None


# A line of address that ends in a colon, whoever it names (尊敬的各位来宾，亲爱的父老乡亲们：,
# 各位领导、教师、同学们：, 乡亲们：): the addressee list above is not every audience there is.
_SALUTATION_COLON = lazy(
    r"^(?:(?:尊敬的|亲爱的|各位)[^。！？!?；;：:\n]{1,36}"
    r"|(?!我们|你们|他们|她们|咱们|人们)[^\x00-\x7f。！？；，、：（）【】《》“”‘’\u3000]{2,14}们)"
    r"[ \u3000]*(?P<mark>[：:])[ \u3000]*$"
)


def _ends_in_colon(text: str) -> bool:
    """Whether text ends in a colon (spaces after it aside): it announces what follows."""
    return text.rstrip(" \u3000").endswith(("：", ":"))


def is_closing_text(text: str) -> bool:
    return bool(CLOSING_START.match(text)) or has_closing_phrase(text)


def looks_like_title(text: str) -> bool:
    if salutation_match(text) or match_heading_mark(text) or has_closing_phrase(text):
        return False
    first_clause = _CLAUSE_BREAK.split(text, maxsplit=1)[0]
    if len(first_clause) <= 60 and _TITLE_WORDS.search(first_clause):
        return True
    return len(text) <= 30 and not _STOP.search(text)


# ---------------------------------------------------------------------------------------------
# Inline enumerations

# (An opening quote too: “一要吃饭，二要建设” quotes a list whose first item follows it.)
_BOUNDARY = set("。；;：:，,！!？?）)”’」』】、 \u3000\t“‘")
_ENUM_RE = lazy(
    r"(?P<cn>(?P<cn_n>[一二三四五六七八九十]{1,2})(?P<cn_w>是要|是|要))"
    r"|(?P<di>第(?P<di_n>[一二三四五六七八九十]{1,2})(?P<di_p>[，,、：:]))"
    rf"|(?P<circ>[{_CIRCLED}])"
    r"|(?P<par>[（(](?P<par_n>\d{1,2})[）)])"
    r"|(?P<seq>首先|其次|再次|最后)(?=[，,、：:]|[要是](?![的否]))"
)
_SEQ_ORDER = {"首先": 1, "其次": 2, "再次": 3, "最后": 99}
# A marker's family and style, as enum_markers gives them: indexes into these.
ENUM_FAMILIES = ("cn", "di", "circled", "paren", "seq")
ENUM_STYLES = ("是要", "是", "要", "第", "①", "（1）", "(1)", "首先")
_CN, _DI, _CIRCLED_FAMILY, _PAREN, _SEQ = range(5)
_STYLE = {style: code for code, style in enumerate(ENUM_STYLES)}
# Where an _ENUM_RE match can start: its first character, with what must follow it. _ENUM_RE
# has no literal prefix, so re would attempt it at every position. The lookarounds spare a
# match() call at each 一 of 进一步 or 统一 (a character class first, so re searches for it by
# itself).
_NUMERAL = "一二三四五六七八九十"
_ENUM_START = lazy(
    rf"[{_NUMERAL}第{_CIRCLED}（(首其再最]"
    rf"(?:(?<=[{_NUMERAL}])(?=[{_NUMERAL}]?[是要])|(?<=第)(?=[{_NUMERAL}])|(?<=[（(])(?=\d)"
    rf"|(?<=[首其再最])(?=[先次后])|(?<=[{_CIRCLED}]))"
)


def enum_markers(
    text: str, lo: int, hi: int, starts: list[int] | None = None
) -> list[tuple[int, int, int, int, int]]:
    """The inline enumeration markers of the paragraph text[lo:hi], as (start, end, family,
    ordinal, style): family and style index ENUM_FAMILIES and ENUM_STYLES; 最后's ordinal is
    99. A marker counts at the paragraph's start or after a mark (_BOUNDARY), except 二是…
    after 、 (a list of items, not a marker); 一是 glued to a Han character (各级工会一是要…)
    counts if a 二 of its run follows, and not after 统, 唯, 第… (统一是, 唯一是: words).
    Not markers: ordinals in a series (第一、第三产业, 第一、二季度, 居全国第五、第三，) and
    anything in a short quotation (“一要吃饭、二要建设”: a slogan quoted whole). ``starts``: where
    _ENUM_START finds a place in text[lo:hi], when the caller found them for many paragraphs
    at once."""
    found: list[tuple[int, int, int, int, int]] = []
    pending: list[tuple[int, int, int, int, int]] = []
    last_two = -1
    if starts is None:
        starts = [m.start() for m in _ENUM_START.finditer(text, lo, hi)]
    for m in match_at(_ENUM_RE, starts, text, lo, hi):
        i = m.start()
        if _in_short_quote(text, lo, i):
            continue
        first = i == lo
        prev = "" if first else text[i - 1]
        boundary = first or prev in _BOUNDARY
        if m.group("cn"):
            n = cn_to_int(m.group("cn_n"))
            if n is None:
                continue
            marker = (i, m.end(), _CN, n, _STYLE[m.group("cn_w")])
            if boundary and not (prev == "、" and n > 1):
                found.append(marker)
                if n == 2:
                    last_two = i
            elif n == 1 and is_han(prev) and prev not in "统唯第万单同专之不":
                pending.append(marker)
            continue
        if not boundary:
            continue
        if m.group("di"):
            n = cn_to_int(m.group("di_n"))
            if n is not None and not _ordinal_series(text, i, m.end(), m.group("di_p")):
                found.append((i, m.end(), _DI, n, _STYLE["第"]))
        elif m.group("circ"):
            n = _CIRCLED.index(m.group("circ")) + 1
            found.append((i, m.end(), _CIRCLED_FAMILY, n, _STYLE["①"]))
        elif m.group("par"):
            full = text[i] == "（" and text[m.end() - 1] == "）"
            style = _STYLE["（1）" if full else "(1)"]
            found.append((i, m.end(), _PAREN, int(m.group("par_n")), style))
        elif m.group("seq"):
            glued = text[m.end() : m.end() + 1] in ("要", "是")
            if glued and not (first or prev in "。；;：:！？"):
                continue  # 工会的作用，首先要体现在…: "above all", not a list's first item
            found.append((i, m.end(), _SEQ, _SEQ_ORDER[m.group("seq")], _STYLE["首先"]))
    # Accepted if a 二 of the run follows: the last 二 is found once (asking every pending 一
    # about every marker was quadratic in a paragraph's markers: a draft on one line).
    if pending:  # rare: markers come in text order otherwise, and need no sort
        found.extend(p for p in pending if p[0] < last_two)
        found.sort()
    return found


_SERIES_BEFORE = lazy(rf"第[{_NUMERAL}]{{1,2}}、$")
# 第一、二季度: a bare numeral, then (after more of the series) what is counted, not an item's
# text. An item that opens with a numeral word (第一、三农工作) is rare beside that.
_BARE_NUMERAL_AFTER = lazy(
    rf"[{_NUMERAL}]{{1,2}}(?:、[{_NUMERAL}]{{1,2}})*"
    r"(?:季度|产业|类|批|名|位|期|次|届|阶段|部分|个|级|等|轮|年级|章|条|款|项)"
)


def _ordinal_series(text: str, start: int, end: int, mark: str) -> bool:
    """Whether the 第N at start is one of a series of ordinals joined by 、 (第一、第二、第三产业;
    居全国第五、第三，): a modifier or a ranking, not a list marker."""
    if mark == "、" and (
        text.startswith("第", end) or _BARE_NUMERAL_AFTER.match(text, end) is not None
    ):
        return True  # 第一、第三产业; 第一、二季度 (the second 第 left out)
    return _SERIES_BEFORE.search(text, max(0, start - 4), start) is not None


_QUOTE_SPAN = 24  # a quoted slogan: “一要吃饭、二要建设” (closed within this many characters)


def _in_short_quote(text: str, lo: int, i: int) -> bool:
    """Whether offset i lies inside a short quotation: an opening “ not long before it, not
    closed before it, and closed soon after it."""
    opening = text.rfind("“", max(lo, i - _QUOTE_SPAN), i + 1)
    if opening < 0 or "”" in text[opening:i]:
        return False
    closing = text.find("”", i, opening + _QUOTE_SPAN + 1)
    return closing >= 0


# ---------------------------------------------------------------------------------------------
# The parser


@dataclass(slots=True)
class Block:
    start: int
    end: int
    md_level: int = 0  # a Markdown "#" heading's level, 0 otherwise
    in_table: bool = False  # a Word table cell's paragraph: never a heading


def blocks_of(source: SourceText) -> list[Block]:
    """Non-blank content lines, without indentation, line ends or Markdown markup."""
    text = source.text
    markdown = source.kind == "markdown"
    table_lines = source.extra.get("table_lines") or frozenset()
    blocks: list[Block] = []
    in_fence = False
    for number, (start, end) in enumerate(source.line_spans()):
        line = text[start:end]
        if markdown and _MD_FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence or ("<!--" in line and _DIRECTIVE_LINE.match(line)):
            continue
        s, e = start, end
        while s < e and text[s] in _PAD:
            s += 1
        while e > s and (text[e - 1] in _PAD or text[e - 1] in "\r\n"):
            e -= 1
        if s >= e:
            continue
        md_level = 0
        if markdown:
            q = _MD_QUOTE.match(text, s, e)
            if q:
                s = q.end()
            h = _MD_HEADING.match(text, s, e)
            if h:
                md_level = len(h.group(1))
                s = h.end()
            while s < e and text[s] in _PAD:
                s += 1
            if s >= e:
                continue
        blocks.append(Block(s, e, md_level, number in table_lines))
    return blocks if markdown else _join_broken_lines(text, blocks)


# A paragraph broken by a hard line break: the line stops where no paragraph can end (a
# comma, an opening quote, a number's decimal point) or in the middle of a long sentence,
# and the next line is no heading, list item, salutation or dash-led point of its own.
_OPEN_END = lazy(r"[，,、“‘（(《〈【—]$|\d[.．]?$")
_LINE_START_OWN = lazy(
    r"[——\-*•·“‘（(【《〈]|第[一二三四五六七八九十]|[一二三四五六七八九十]{1,2}(?:是|要|[、.．])"
    r"|\d{1,2}[、.．)）]|首先|其次|最后|同志们|各位|谢谢|此致"
)


# A line ending in one of these has ended its sentence (or introduces what follows).
_LINE_DONE = frozenset("。！？!?；;：:…”’」』）)】》")


def _join_broken_lines(text: str, blocks: list[Block]) -> list[Block]:
    """Blocks with each hard-broken paragraph joined back into one (the join keeps its line
    break inside the block). Only where the break is plain: the first line ends with a
    comma, an opening mark or a number (74.4 / 万亿元), or runs 30 characters or more into a
    sentence that has not ended, and the next line starts as no paragraph of its own does."""
    out: list[Block] = []
    indents = sum(_indented(text, b) for b in blocks)
    indented_draft = len(blocks) >= 10 and indents >= 0.6 * len(blocks)
    for b in blocks:
        if out and _continues(text, out[-1], b, indented_draft):
            out[-1] = Block(out[-1].start, b.end, out[-1].md_level)
        else:
            out.append(b)
    return out


def _indented(text: str, block: Block) -> bool:
    """Whether block's line begins with indentation (the block starts after it)."""
    return block.start > 0 and text[block.start - 1] in _PAD


def _continues(text: str, first: Block, second: Block, indented_draft: bool = False) -> bool:
    # Most lines end a sentence: settled on their last character, before any slicing.
    if text[first.end - 1] in _LINE_DONE or text.count("\n", first.end, second.start) != 1:
        return False
    line = text[first.start : first.end]
    nxt = text[second.start : second.end]
    if _LINE_START_OWN.match(nxt) or _INSERTED.match(nxt):
        return False
    open_end = _OPEN_END.search(line) is not None
    # In a draft that indents its paragraphs, a line without the indent after one that did
    # not end its sentence goes on with it (…任务仍然较重，要 / 统筹推进…).
    unindented_on = (
        indented_draft and _indented(text, first) and not _indented(text, second) and is_han(nxt[0])
    )
    # A line that ends one sentence and stops in the next (…抓好基层建设。要全面提升服务能 / 力，…)
    # was broken by the line, however short: a heading or a title ends where its text does.
    # An indented next line is a paragraph of its own all the same.
    runs_on = (
        not open_end
        and not _indented(text, second)
        and is_han(line[-1])
        and is_han(nxt[0])
        and _ends_sentence_then_runs_on(line)
    )
    if (
        not open_end
        and not unindented_on
        and not runs_on
        and not (
            len(line) >= 30
            and is_han(line[-1])
            and is_han(nxt[0])
            and _CLAUSE_MARK.search(line) is not None
        )
    ):
        return False
    # The rarer checks last: a heading or salutation on either side is a paragraph apart
    # (a heading whose run-in text runs on to the next line is one paragraph with it).
    return not (
        (match_heading_mark(line) and not runs_on)
        or match_heading_mark(nxt)
        or salutation_match(line)
        or salutation_match(nxt)
        or _INSERTED.match(line)
    )


def _past_pad(text: str, i: int, end: int) -> int:
    """The first offset from i on (up to end) that is not indentation or a space."""
    while i < end and text[i] in _PAD:
        i += 1
    return i


def _ends_sentence_then_runs_on(line: str) -> bool:
    """A finished sentence and then at least four characters of the next one."""
    last_end = max(line.rfind("。"), line.rfind("！"), line.rfind("？"))
    return last_end >= 0 and len(line) - last_end > 4


class _Parser:
    def __init__(self, source: SourceText) -> None:
        self.source = source
        self.text = source.text
        self.blocks = blocks_of(source)
        self.doc = Node("document", 0, len(self.text))
        # 同志们：今天，… — the opening text that shares the salutation's line.
        self.pending_opening: Block | None = None
        # Lists numbered like sections inside a section (see _nested_item): each run's
        # paragraphs with their marks, and the run being added to.
        self.nested_runs: list[list[tuple[Node, HeadingMark]]] = []
        self.nested: list[tuple[Node, HeadingMark]] | None = None
        # The items of a list a line ending in a colon announces (今天的会议有三项议程：).
        self.announced: list[tuple[Node, HeadingMark]] | None = None
        self.opening: Node | None = None  # the opening paragraphs' node, once there is one

    def t(self, b: Block) -> str:
        return self.text[b.start : b.end]

    # -- head ---------------------------------------------------------------------------------

    def _split_run_on_head(self) -> None:
        """A draft pasted as one long line (or whose first line runs on): its title, a date or
        speaker line and the salutation are split off as the blocks they would have been."""
        blocks = self.blocks
        if not blocks or blocks[0].md_level:
            return
        first = blocks[0]
        text = self.t(first)
        if first.end - first.start <= 80:
            # 在…上的讲话同志们：, the title and the salutation pasted onto one line.
            glued = _GLUED_TITLE.match(text)
            if glued is not None and (
                salutation_match(text[glued.end() :])
                or _RUN_ON_SALUTATION.match(text, glued.end()) is not None
            ):
                blocks[0:1] = [
                    Block(first.start, first.start + glued.end()),
                    Block(first.start + glued.end(), first.end),
                ]
            return
        title = _RUN_ON_TITLE.match(text) or _meeting_title(text)
        if title is None:
            return
        pieces = [Block(first.start, first.start + title.end())]
        rest = _past_pad(text, title.end(), len(text))
        label = _TITLE_LABEL.match(text, rest)
        if label is not None:
            pieces.append(Block(first.start + rest, first.start + label.end()))
            rest = _past_pad(text, label.end(), len(text))
        salutation = _RUN_ON_SALUTATION.search(text, rest, rest + 80)
        if salutation is not None and salutation.start() > rest:
            end = salutation.start()
            while end > rest and text[end - 1] in _PAD:
                end -= 1
            pieces.append(Block(first.start + rest, first.start + end))
            rest = salutation.start()
        if rest < len(text):
            pieces.append(Block(first.start + rest, first.end))
        blocks[0:1] = pieces

    def parse_head(self) -> int:
        """Title, meta lines and salutation; returns the index of the first body block."""
        self._split_run_on_head()
        blocks, doc = self.blocks, self.doc
        i = 0
        if not blocks:
            return 0
        # 首页 > 领导讲话 > 正文: the web page's path above the title it was copied from.
        while i < min(2, len(blocks) - 1) and _BREADCRUMB.match(self.t(blocks[i])):
            doc.add(Node("meta", blocks[i].start, blocks[i].end))
            i += 1
        first = blocks[i]
        if (first.md_level == 1 and not salutation_match(self.t(first))) or looks_like_title(
            self.t(first)
        ):
            doc.add(Node("title", first.start, first.end))
            i += 1
            while i < len(blocks) and i <= MAX_HEADER_LINES and self._is_meta(self.t(blocks[i])):
                if self._split_meta_salutation(blocks[i]):
                    return i + 1
                doc.add(Node("meta", blocks[i].start, blocks[i].end))
                i += 1
        return self._find_salutation(i)

    def _is_meta(self, text: str) -> bool:
        if salutation_match(text) or match_heading_mark(text):
            return False
        if _BYLINE.match(text) or _NOTE_LINE.match(text):
            return True  # 来源：…日报, 发布时间：…, （讨论稿）, （根据录音整理）
        # What a page copied from a website carries: 2025-04-02, 10-28 笔杆子素材库,
        # 字数:4013 字 浏览:851次, 打印本文 - 下载本文.
        if (
            len(text) <= 60
            and not _SENTENCE_END.search(text)
            and (_NUMERIC_DATE.search(text) or _WEB_FURNITURE.search(text))
        ):
            return True
        if len(text) <= 90 and _MEETING.search(text) and not _SENTENCE_END.search(text[:-1]):
            return True  # ——2025年1月15日在…第三次会议上 / 在…会议上的讲话
        if len(text) > 45:
            return False
        if text.startswith(("——", "—", "--")):
            return True
        if _BRACKETED_PREFIX.match(text) and _DATE.search(text[:32]):
            return True
        if _DATE.search(text) and not _SENTENCE_END.search(text):
            return True
        return bool(_SPEAKER_ONLY.match(text))

    def _split_meta_salutation(self, b: Block) -> bool:
        """（2021年7月1日）同志们： — a date line with the salutation glued to it."""
        text = self.t(b)
        m = _BRACKETED_PREFIX.match(text)
        if not m or not _DATE.search(m.group(0)):
            return False
        rest_start = _past_pad(text, m.end(), len(text))
        rest = text[rest_start:]
        if not rest or not salutation_match(rest):
            return False
        self.doc.add(Node("meta", b.start, b.start + m.end()))
        self.doc.add(Node("salutation", b.start + rest_start, b.end))
        return True

    def _find_salutation(self, i: int) -> int:
        """The salutation within the next few blocks, before any heading."""
        blocks = self.blocks
        for j in range(i, min(i + 4, len(blocks))):
            text = self.t(blocks[j])
            if match_heading_mark(text) or blocks[j].md_level:
                break
            b = blocks[j]
            if salutation_match(text):
                self._opening_blocks(i, j)
                self.doc.add(Node("salutation", b.start, b.end))
                return j + 1
            pm = _SALUTATION_PREFIX.match(text)
            if pm and len(pm.group(0)) <= 30 and pm.end() < len(text):
                # 同志们：今天，我们… — salutation and opening on one line.
                self._opening_blocks(i, j)
                self.doc.add(Node("salutation", b.start, b.start + pm.end()))
                rest = _past_pad(self.text, b.start + pm.end(), b.end)
                self.pending_opening = Block(rest, b.end)
                return j + 1
        return i

    def _opening_blocks(self, i: int, j: int) -> None:
        if j > i:
            opening = self.doc.add(Node("opening", self.blocks[i].start, self.blocks[j - 1].end))
            for b in self.blocks[i:j]:
                opening.add(Node("paragraph", b.start, b.end))

    # -- closing ------------------------------------------------------------------------------

    def signoff_start(self, body_from: int) -> int:
        """Index of the first block of the sign-off (len(blocks) when there is none): the
        issuer and date lines at the end (××市人民政府 / 2024年12月18日), 签发人：, 抄送：,
        印发 lines, and an annex after the body (附件, 附表, 名词解释) with all that follows."""
        blocks = self.blocks
        k = len(blocks)
        half = body_from + (k - body_from) // 2
        for j in range(max(half, body_from + 1), k):
            if _ANNEX_HEADING.match(self.t(blocks[j])):
                k = j
                break
        while k - 1 > body_from and _is_signoff_line(self.t(blocks[k - 1])):
            k -= 1
        return k

    def closing_start(self, body_from: int, end: int | None = None) -> int:
        """Index of the first block of the closing (``end`` when there is none)."""
        blocks = self.blocks[:end] if end is not None else self.blocks
        k = len(blocks)
        last = len(blocks) - 1
        j = last
        while j >= max(body_from, last - 2):
            text = self.t(blocks[j])
            if match_heading_mark(text) or blocks[j].md_level:
                break
            if is_closing_text(text) or (
                j == last and k == len(blocks) and text.startswith("让我们")
            ):
                if (
                    j > body_from
                    and match_heading_mark(self.t(blocks[j - 1]))
                    and not CLOSING_START.match(text)
                ):
                    # 三、加强组织保障 / 各部门要密切配合。我就讲这些。谢谢大家！: the last
                    # part's only paragraph ends with the closing words; it stays the part's.
                    break
                k = j
                j -= 1
                continue
            break
        if k == len(blocks):
            # 各位代表！ / 同志们！ on a line of its own, then the last appeal: the closing
            # address (its own line, one of the last three, after the body has begun).
            for j in range(max(body_from + 1, last - 2), last + 1):
                text = self.t(blocks[j])
                if text[-1:] in "！!" and salutation_match(text):
                    return j
        return k

    # -- body ---------------------------------------------------------------------------------

    def parse(self) -> Node:
        i = self.parse_head()
        signoff = self.signoff_start(i)
        end = self.closing_start(i, signoff)
        if end < i:
            end = i
        stack: list[Node] = [self.doc]
        self.opening = None
        if self.pending_opening is not None:
            self.opening = self.doc.add(
                Node("opening", self.pending_opening.start, self.pending_opening.end)
            )
            self.opening.add(
                Node("paragraph", self.pending_opening.start, self.pending_opening.end)
            )
        for k in range(i, end):
            b = self.blocks[k]
            text = self.t(b)
            if b.in_table:
                self._paragraph(stack, b)
                continue
            if _INSERTED.match(text):
                # ……（此处省略326字）……, 【参考资料】: something left out or pasted in. Not
                # body text, and lists and numbering start afresh after it.
                top = stack[-1] if stack[-1] is not self.doc else self.doc
                top.add(Node("insert", b.start, b.end))
                self.nested = None
                continue
            mark = match_heading_mark(text)
            if mark is not None and mark.level >= 4 and _continues_inline(text, mark):
                mark = None  # ①要快。②要好。 — an inline enumeration, not a heading
            if mark is not None and self._nested_item(stack, mark, text):
                top = stack[-1]
                if top is self.doc:  # (not reached: a nested list needs an open section)
                    continue
                paragraph = top.add(Node("paragraph", b.start, b.end))
                assert self.nested is not None
                self.nested.append((paragraph, mark))
                continue
            if mark is not None and self._announced_item(k, mark, i, end):
                assert self.announced is not None
                self.announced.append((self._paragraph(stack, b), mark))
                continue
            if mark is not None:
                self.nested = None
                self._open_section(stack, b, mark.level, mark)
                continue
            level = self._unnumbered_heading_level(b, text, stack)
            if level:
                self._open_section(stack, b, level, None)
                continue
            self._paragraph(stack, b)
        if end < signoff:
            closing = self.doc.add(
                Node("closing", self.blocks[end].start, self.blocks[signoff - 1].end)
            )
            for b in self.blocks[end:signoff]:
                closing.add(Node("paragraph", b.start, b.end))
        if signoff < len(self.blocks):
            block = self.doc.add(Node("signoff", self.blocks[signoff].start, self.blocks[-1].end))
            for b in self.blocks[signoff:]:
                block.add(Node("meta", b.start, b.end))
        _fix_spans(self.doc)
        self._enumerations()
        self._nested_lists()
        _sort_children(self.doc)
        return self.doc

    def _paragraph(self, stack: list[Node], b: Block) -> Node:
        """A body paragraph: in the open section, else in the opening before any section."""
        top = stack[-1]
        if top is self.doc:
            if self.opening is None:
                self.opening = self.doc.add(Node("opening", b.start, b.end))
            self.opening.end = b.end
            return self.opening.add(Node("paragraph", b.start, b.end))
        return top.add(Node("paragraph", b.start, b.end))

    def _announced_item(self, k: int, mark: HeadingMark, body: int, end: int) -> bool:
        """Whether the numbered line k is an item of a list of lines: one that the line before
        announces with a colon (今天的会议主要有三项议程： / 一、请…通报情况 / 二、请…讲话), or
        whose first item ends in a semicolon (一、请…宣读通报； / 二、请…讲话). The items follow
        one another with no text between, so they head no sections. A list of one item, or
        numbered lines after a line that does not end in a colon (or after the salutation's),
        are headings as before."""
        run = self.announced
        if run is not None:
            last_node, last = run[-1]
            if (
                last_node.start == self.blocks[k - 1].start  # the line before is its last item
                and mark.style == last.style
                and mark.ordinal > 1  # (a number skipped or repeated is the list's NU002)
            ):
                return True
            self.announced = None
        if mark.ordinal != 1 or k + 1 >= end or k <= body:
            return False  # (the salutation's colon announces no list)
        if max(len(self.t(self.blocks[k])), len(self.t(self.blocks[k + 1]))) > MAX_LIST_ITEM:
            return False  # （一）着力解决…。继续搞好…: a section whose text runs on in its line
        announced = _ends_in_colon(self.t(self.blocks[k - 1]))
        if not announced and not self.t(self.blocks[k]).rstrip(" \u3000").endswith(("；", ";")):
            return False  # (a heading never ends in a semicolon; a list's item may)
        following = match_heading_mark(self.t(self.blocks[k + 1]))
        if following is None or following.style != mark.style or following.ordinal != 2:
            return False
        self.announced = []
        self.nested_runs.append(self.announced)
        return True

    def _nested_item(self, stack: list[Node], mark: HeadingMark, text: str) -> bool:
        """Whether a numbered paragraph is an item of a list inside the current section, not
        a section of its own: ``一、`` restarting while a ``一、`` section of the same level is
        open (四、 … then 一、节约能源，…。 二、…), in a paragraph of running text, and the
        items after it while they count on (the list ends at a mark that does not continue
        it: 五、 after 一、二、三、 is the outer section's)."""
        run = self.nested
        if run is not None:
            last = run[-1][1]
            if (
                mark.style == last.style
                and mark.ordinal == last.ordinal + 1
                and _ITEM_END.search(text)  # a heading line without one is the outer section's
            ):
                return True
            self.nested = None
        if mark.ordinal != 1 or not _ITEM_END.search(text) or len(text) < 16:
            return False
        if not any(s.kind == "section" and s.level == mark.level for s in stack[1:]):
            return False
        self.nested = []
        self.nested_runs.append(self.nested)
        return True

    def _nested_lists(self) -> None:
        for run in self.nested_runs:
            parent = run[0][0].parent
            assert parent is not None
            items = [
                Node(
                    "item", p.start, p.end, ordinal=mark.ordinal, marker=mark.marker,
                    style=mark.style, marker_start=p.start, family="list",
                )
                for p, mark in run
            ]  # fmt: skip
            enum = parent.add(Node("enumeration", items[0].start, items[-1].end, family="list"))
            for item in items:
                enum.add(item)

    def _unnumbered_heading_level(self, b: Block, text: str, stack: list[Node]) -> int:
        top = stack[-1]
        if b.md_level:
            # "## 总体要求": Markdown says it is a heading; "#" is the title's level.
            return max(1, b.md_level - 1)
        if len(text) > 40 or _NOT_A_HEADING.search(text):
            return 0
        if is_closing_text(text) or _DATE.search(text) or is_name_row(text):
            return 0
        if not _CLAUSE_MARK.search(text) and 4 <= len(text) <= 25:
            return 1  # a part heading: 十一届以来的工作回顾 (a line of two or three characters is
            # a fragment, unless it is 结语 and the like)
        if CONVENTIONAL_HEADING.match(text):
            return 1
        if top.kind == "section":
            if top.ordinal is None and top.level > 1:
                return top.level  # a sibling of the previous unnumbered sub-heading
            return top.level + 1
        return 0

    def _open_section(
        self, stack: list[Node], b: Block, level: int, mark: HeadingMark | None
    ) -> None:
        while len(stack) > 1 and stack[-1].level >= level:
            stack.pop()
        section = Node("section", b.start, b.end, level=level)
        text = self.t(b)
        heading_end = b.end
        if mark is not None:
            section.ordinal = mark.ordinal
            section.marker = mark.marker
            section.style = mark.style
            section.marker_start = b.start
            # 一要坚持党的领导，…。 The heading is the first sentence when a paragraph follows it.
            m = _SENTENCE_END.search(text, mark.length)
            if m and m.end() < len(text):
                heading_end = b.start + m.end()
        else:
            section.style = "unnumbered"
        stack[-1].add(section)
        heading = section.add(Node("heading", b.start, heading_end, level=level))
        section.heading = heading
        rest = _past_pad(self.text, heading_end, b.end)
        if rest < b.end:
            section.add(Node("paragraph", rest, b.end))
        stack.append(section)

    # -- enumerations -------------------------------------------------------------------------

    def _enumerations(self) -> None:
        text = self.text
        scopes = [n for n in self.doc.walk() if n.kind in ("section", "opening", "closing")]
        # Where a marker may begin, found in one scan of the draft rather than one per
        # paragraph (a draft has hundreds of paragraphs and a few dozen such places).
        places = [m.start() for m in _ENUM_START.finditer(text)]
        for scope in scopes:
            markers: list[tuple[tuple[int, int, int, int, int], Node]] = []
            for p in scope.children:
                if p.kind == "paragraph":
                    a = bisect_left(places, p.start)
                    b = bisect_left(places, p.end, a)
                    if a < b:
                        found = enum_markers(text, p.start, p.end, places[a:b])
                        markers.extend((m, p) for m in found)
            if not markers:
                continue
            # Each family's markers in text order, split into runs at each 1; the families
            # in a fixed order (one pass: most scopes have markers of one family).
            runs: dict[int, list[list[tuple[tuple[int, int, int, int, int], Node]]]] = {}
            for marker in markers:
                family, ordinal = marker[0][2], marker[0][3]
                family_runs = runs.get(family)
                if family_runs is None:
                    runs[family] = [[marker]]
                elif (
                    ordinal == 1 and not _lone_first_nearby(text, family_runs[-1], marker)
                ) or _starts_another_run(family_runs[-1][-1][0], marker[0]):
                    family_runs.append([marker])
                else:
                    family_runs[-1].append(marker)
            for family in range(len(ENUM_FAMILIES)):
                for run in runs.get(family, ()):
                    self._add_enumeration(scope, run)

    def _add_enumeration(
        self, scope: Node, run: list[tuple[tuple[int, int, int, int, int], Node]]
    ) -> None:
        items: list[Node] = []
        for k, ((start, end, family, ordinal, style), para) in enumerate(run):
            nxt = run[k + 1] if k + 1 < len(run) else None
            item_end = nxt[0][0] if nxt is not None and nxt[1] is para else para.end
            items.append(
                Node(
                    "item", start, item_end,
                    # 最后 means "last", not a number: it carries no ordinal.
                    ordinal=None if family == _SEQ and ordinal == _SEQ_ORDER["最后"] else ordinal,
                    marker=self.text[start:end], style=ENUM_STYLES[style], marker_start=start,
                    family=ENUM_FAMILIES[family],
                )
            )  # fmt: skip
        paras = {id(para) for _m, para in run}
        parent = run[0][1] if len(paras) == 1 else scope
        enum = Node("enumeration", items[0].start, items[-1].end, family=items[0].family)
        parent.add(enum)
        for item in items:
            enum.add(item)


def _starts_another_run(
    last: tuple[int, int, int, int, int], marker: tuple[int, int, int, int, int]
) -> bool:
    """Whether marker, neither a one nor the next number of the run whose last marker is last,
    begins another list: its word differs (一要…四要 ended; then 首先…。二是…三是…)."""
    return marker[4] != last[4] and marker[3] != last[3] + 1


# How far apart, at most, a lone 一是 and a second 一是 are read as one list with a repeat.
_REPEATED_FIRST_SPAN = 200


def _lone_first_nearby(
    text: str,
    run: list[tuple[tuple[int, int, int, int, int], Node]],
    marker: tuple[tuple[int, int, int, int, int], Node],
) -> bool:
    """Whether marker, a second 一是 in the same paragraph as a run that is a lone 一是, is
    that run's second item typed 一 again (一是…；一是…): one list with a repeat (NU002 says
    so once), not two lists of one item each. Not when they lie far apart, nor when the first
    went on as a list run in with 顿号 (一是…、二是…、三是…, whose later items are no markers):
    the second 一是 then begins a list of its own."""
    if not (len(run) == 1 and run[0][0][3] == 1 and run[0][1] is marker[1]):
        return False
    first_end, second_start = run[0][0][1], marker[0][0]
    if second_start - first_end > _REPEATED_FIRST_SPAN:
        return False
    word = text[first_end - 1]  # 是 or 要
    return f"、二{word}" not in text[first_end:second_start]


def _fix_spans(node: Node) -> None:
    for child in node.children:
        if child.children:  # a leaf has nothing to fix: most nodes, not visited
            _fix_spans(child)
    if node.kind in ("section", "opening", "closing") and node.children:
        node.start = min(node.start, node.children[0].start)
        node.end = max(c.end for c in node.children)


def _span_order(node: Node) -> tuple[int, int]:
    return node.start, -node.end


def _sort_children(node: Node) -> None:
    children = node.children
    if len(children) > 1:
        children.sort(key=_span_order)
    for child in children:
        if child.children:  # leaves (most nodes) have nothing to sort
            _sort_children(child)


def parse(source: SourceText, genre: str | None = None) -> Node:
    """The section tree of source; its genre is ``genre`` when given (the config's), else
    what a directive in the draft says, else what the title and frame show."""
    doc = _Parser(source).parse()
    doc.genre = genre or _genre_of(source.text, doc)
    return doc


def _genre_of(text: str, doc: Node) -> str:
    if "genre" in text:
        m = genres.DIRECTIVE.search(text)
        if m and m.group("genre") in genres.GENRES:
            return m.group("genre")
    title = next((text[n.start : n.end] for n in doc.children if n.kind == "title"), "")
    opening = " ".join(text[n.start : n.end] for n in doc.children if n.kind == "opening")
    return genres.detect(title, opening[:400], text[:20_000])
