"""Punctuation rules (PU): GB/T 15834-2011 for official drafts.

Unlike linters for technical writing, these never ask for spaces between Chinese and digits
(``2025年3月``, ``〔2018〕59号`` are right as they are) and leave the ordinal ``1.`` alone.
Half-width marks inside Latin words, URLs, numbers (``3.5``, ``1,000``) and times (``10:30``)
are left alone too.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from typing import ClassVar

from speechlint.checking.diagnostics import Applicability, Category, Edit, Fix, Severity
from speechlint.checking.rule import Option, Rule, RuleContext
from speechlint.document.characters import HAN, is_han
from speechlint.document.conventions import is_name_row
from speechlint.document.tree import Node
from speechlint.rules.placeholder import inside_any, placeholder_spans
from speechlint.speed.lazyre import lazy
from speechlint.speed.prefilter import digit_run_starts
from speechlint.speed.speedups import Places


def _cjk_char(ch: str) -> bool:
    """Whether the character ch makes a context Chinese: Han (HAN), CJK and full-width
    punctuation, curly quotes, … — · (a test in Python: as a regex class it cost re ~2 ms to
    compile in every process)."""
    return (
        "\u4e00" <= ch <= "\u9fff"
        or "\u3000" <= ch <= "\u303f"
        or "\uff01" <= ch <= "\uff0f"
        or "\uff1a" <= ch <= "\uff20"
        or "\u2018" <= ch <= "\u201f"
        or "\u3400" <= ch <= "\u4dbf"
        or "\uf900" <= ch <= "\ufaff"
        or (len(ch) == 1 and ch in "\u2026\u2014\u00b7")
    )


def _has_cjk(text: str) -> bool:
    """Whether any character of text makes its context Chinese (see _cjk_char)."""
    return not text.isascii() and any(map(_cjk_char, text))


_URL = lazy(
    r"(?:https?|ftp)://[^\s\u3000-\u303f\uff00-\uffef]+|www\.[A-Za-z0-9.\-/_%?=&#]+|[\w.+-]+@[\w-]+\.[\w.]+"
)


_CJK_CHARS: dict[str, bool] = {}


def _is_cjk(ch: str) -> bool:
    """Whether the one character ch (or "" at a text's edge) makes its context Chinese; each
    character is asked of the class once per process (~50 marks a draft each ask twice)."""
    known = _CJK_CHARS.get(ch)
    if known is None:
        known = _CJK_CHARS[ch] = bool(ch) and _cjk_char(ch)
    return known


def _is_latin(ch: str) -> bool:
    """Whether ch is one ASCII letter (str methods: no regex call per mark)."""
    return ch.isascii() and ch.isalpha()


def _text_nodes(ctx: RuleContext, kinds: frozenset[str] | None = None) -> Iterator[Node]:
    for node in ctx.text_nodes:
        if kinds is None or node.kind in kinds:
            yield node


def _masked(ctx: RuleContext, node: Node) -> str:
    """The node's text with URLs and e-mail addresses blanked (same length)."""
    text = ctx.text[node.start : node.end]
    if "://" in text or "www." in text or "@" in text:
        text = _URL.sub(lambda m: "\x00" * len(m.group(0)), text)
    return text


class _PunctuationRule(Rule):
    category = Category.PUNCTUATION


_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}
_ANY_MARK = lazy(r"[,;:!?()]")
_HALF_MESSAGES = {h: f"中文中应用全角“{f}”，不用半角“{h}”" for h, f in _HALF_TO_FULL.items()}
# A half-width mark is reported when no ASCII letter or blanked URL ("\x00") stands on either
# side and Chinese on one (_is_cjk, from a memo). No character _cjk_char takes is a digit, so that
# test also keeps 1,000 and 10:30 unreported.
_NOT_BESIDE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\x00").__contains__
# Where a text holds one of the half-width marks (with the C extension: one bitmap test a
# character in the shared pass, where re tests each against a class).
_mark_places = Places(_HALF_TO_FULL, _ANY_MARK)


def _places_by_node(ctx: RuleContext, places: list[int]) -> Iterator[tuple[int, list[int]]]:
    """(k, the places inside ctx.text_nodes[k]) for each text node holding any of the sorted
    places, in order: one pass instead of a search per node (most paragraphs hold none). A
    place outside every node (Markdown markup, a directive line) is left out."""
    nodes, starts = ctx.text_nodes, ctx.node_starts
    k, n = 0, len(places)
    while k < n:
        i = bisect_right(starts, places[k]) - 1
        end = nodes[i].end if i >= 0 else 0
        first = k
        while k < n and places[k] < end:
            k += 1
        if k == first:  # before the first node or in a gap between two
            k += 1
            continue
        yield i, places[first:k]


_LONE_ORDINAL = lazy(r"^\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*$")
# 一.加强领导, 第二.要: a numbering mark, not a stray full stop.
_NUMERALS = frozenset("一二三四五六七八九十百零〇两")
_STRAY_PERIOD = "汉字之间不用半角“.”：句末用“。”，外国人名中用间隔号“·”，多余的删去"


class HalfWidthPunctuation(_PunctuationRule):
    """中文里用了半角的 ``, ; : ! ? ( )``。

    检查内容
        旁边是汉字或中文标点的半角逗号、分号、冒号、叹号、问号，括住中文的半角括号，以及
        夹在两个汉字之间的半角句点（``抓好.各部门``、``卡尔.马克思``：句末该用“。”，外国人名
        该用间隔号“·”，多余的删去；不自动修复）。
        不报：拉丁词和网址里的标点、数字（``1,000``）、时刻（``10:30``），以及在默认
        ``latin_parentheses: keep`` 下括住纯拉丁字母或数字的括号（``(GDP)``、``(2021)``）。
        ``(1)`` 这类序号归 NU005。

    为什么
        GB/T 15834-2011 3.1、第 4 章：中文用全角标点；半角逗号偏窄，印出来像错字。

    示例
        ``召开十一届六次全委(扩大)会议;谢谢大家!``

    修改为
        ``召开十一届六次全委（扩大）会议；谢谢大家！``（可安全自动修复）。

    配置项
        ``latin_parentheses``：``keep``（默认）不报 ``(GDP)``；``fix`` 也报。
    """

    code = "PU001"
    name = "half-width-punctuation"
    severity = Severity.ERROR
    fixable = True
    options: ClassVar[dict[str, Option]] = {
        "latin_parentheses": Option(
            "keep", "括住拉丁字母或数字的括号：keep 不报，fix 报", str, choices=("keep", "fix")
        ),
    }

    def finish(self, ctx: RuleContext) -> None:
        keep_latin = self.opts["latin_parentheses"] != "fix"
        self._periods(ctx)
        places = _mark_places(ctx.text)
        if not places:
            return
        # A mark inside a placeholder (投资??亿元, 全县(  )个乡镇) is the PH rules' finding.
        spans = placeholder_spans(ctx)
        if spans:
            places = [a for a in places if not inside_any(spans, a, a + 1)]
        nodes = ctx.text_nodes
        for k, here in _places_by_node(ctx, places):
            self._node(ctx, nodes[k], here, keep_latin)

    def _node(self, ctx: RuleContext, node: Node, places: list[int], keep_latin: bool) -> None:
        text = _masked(ctx, node)
        if not _has_cjk(text):
            return
        last = len(text) - 1
        parentheses = []
        for a in places:
            i = a - node.start
            half = text[i]  # "\x00" where a URL was blanked: no mark then
            if half == "(" or half == ")":
                parentheses.append(i)
                continue
            if half not in _HALF_TO_FULL:
                continue
            # No ASCII letter or blanked URL on either side, and Chinese on one side.
            prev = text[i - 1] if i > 0 else ""
            nxt = text[i + 1] if i < last else ""
            if _NOT_BESIDE(prev) or _NOT_BESIDE(nxt):
                continue
            if not (_is_cjk(prev) or _is_cjk(nxt)):
                continue
            if node.kind == "salutation" and half == "," and i == last:
                continue  # 同志们, — one defect, which ST006 reports with its fix (：)
            fix = Fix.replace(a, a + 1, _HALF_TO_FULL[half])
            ctx.report(a, a + 1, _HALF_MESSAGES[half], fix=fix)
        if parentheses:
            self._parentheses(ctx, node, text, keep_latin, parentheses)

    @staticmethod
    def _periods(ctx: RuleContext) -> None:
        """A half-width full stop between two Han characters (``抓好.各部门``, ``卡尔.马克思``,
        ``安全的.大事``): a 。 typed in the wrong mode, an interpunct, or a stray dot — which of
        the three only the writer knows, so there is no fix. ``一.加强领导`` is a numbering
        mark (NU005's)."""
        text = ctx.text
        i = text.find(".", 1)
        while i >= 0:
            prev, nxt = text[i - 1], text[i + 1 : i + 2]
            if is_han(prev) and nxt and is_han(nxt) and prev not in _NUMERALS:
                node = ctx.node_at(i)
                if node is not None and node.start < i:
                    ctx.report(i, i + 1, _STRAY_PERIOD)
            i = text.find(".", i + 1)

    def _parentheses(
        self, ctx: RuleContext, node: Node, text: str, keep_latin: bool, places: list[int]
    ) -> None:
        stack: list[int] = []
        pairs: list[tuple[int, int]] = []
        lone: list[int] = []
        for i in places:
            if text[i] == "(":
                stack.append(i)
            elif stack:
                pairs.append((stack.pop(), i))
            else:
                lone.append(i)
        lone.extend(stack)
        for i, j in pairs:
            inner = text[i + 1 : j]
            if "\x00" in inner or _LONE_ORDINAL.match(inner):
                continue
            outside = (text[i - 1] if i > 0 else "") + (text[j + 1] if j + 1 < len(text) else "")
            if not _has_cjk(inner) and (keep_latin or not _has_cjk(outside)):
                continue
            a, b = node.start + i, node.start + j
            fix = Fix(Applicability.SAFE, (Edit(a, a + 1, "（"), Edit(b, b + 1, "）")))
            ctx.report(a, b + 1, "中文中应用全角括号“（）”", fix=fix)
        for i in lone:
            prev = text[i - 1] if i > 0 else ""
            nxt = text[i + 1] if i + 1 < len(text) else ""
            if _is_cjk(prev) or _is_cjk(nxt):
                a = node.start + i
                full = _HALF_TO_FULL[text[i]]
                ctx.report(a, a + 1, f"中文中应用全角“{full}”", fix=Fix.replace(a, a + 1, full))


class StraightQuotes(_PunctuationRule):
    """中文里用了直引号 ``"…"`` / ``'…'`` 或形近的引号 ``〝…〞``。

    检查内容
        含中文的段落里的半角双引号和全角直引号 ``＂``，按先后配对；半角单引号只在括住中文时才报
        （``don't`` 不报）。紧挨着的几个引号词（``"弹簧门""旋转门"``）算一处。形近的
        ``〝`` ``〞`` ``〟``（输入法或排版软件带来的“双撇号”）逐个报。

    为什么
        GB/T 15834-2011 4.1：中文用 ``“”``，引号内再用 ``‘’``。形近符号在别的字体里显示不同，
        检索和校对也找不到它们。

    示例
        ``开展"送温暖"活动``、``贯彻“四个着力〞``

    修改为
        ``开展“送温暖”活动``、``贯彻“四个着力”``（引号能配对时、形近符号都可安全自动修复）。

    配置项
        无。
    """

    code = "PU002"
    name = "straight-quotes"
    severity = Severity.ERROR
    fixable = True

    def finish(self, ctx: RuleContext) -> None:
        lookalikes = [ch for ch in _LOOKALIKE if ch in ctx.text]
        full_width = "＂" in ctx.text
        for node in _text_nodes(ctx):
            text = _masked(ctx, node)
            for ch in lookalikes:
                self._lookalikes(ctx, node, text, ch)
            if full_width and "＂" in text and _has_cjk(text):
                # The full-width straight ＂ has no side either: paired like ".
                self._pairs(ctx, node, text, "＂", "“", "”", require_cjk_inside=False)
            if ('"' not in text and "'" not in text) or not _has_cjk(text):
                continue
            self._pairs(ctx, node, text, '"', "“", "”", require_cjk_inside=False)
            self._pairs(ctx, node, text, "'", "‘", "’", require_cjk_inside=True)

    @staticmethod
    def _lookalikes(ctx: RuleContext, node: Node, text: str, ch: str) -> None:
        good = _LOOKALIKE[ch]
        i = text.find(ch)
        while i >= 0:
            a = node.start + i
            ctx.report(
                a, a + 1, f"{ch} 不是中文引号，应写作{_MARK_NAMES[good]}",
                fix=Fix.replace(a, a + 1, good),
            )  # fmt: skip
            i = text.find(ch, i + 1)

    def _pairs(self, ctx, node, text, mark, open_, close, require_cjk_inside) -> None:
        places = [i for i, ch in enumerate(text) if ch == mark]
        if not places:
            return
        if len(places) % 2:
            if require_cjk_inside:
                return
            for i in places:
                a = node.start + i
                ctx.report(a, a + 1, f"直引号应改为中文引号{open_}{close}")
            return
        # Quoted terms one after another ("弹簧门""旋转门", "A"、"B") are one phrase: one
        # finding, whose fix turns all of their marks.
        run: list[tuple[int, int]] = []
        for i, j in zip(places[::2], places[1::2], strict=True):
            inner = text[i + 1 : j]
            if require_cjk_inside and not _has_cjk(inner):
                continue
            if not _has_cjk(inner + text[max(0, i - 1) : i] + text[j + 1 : j + 2]):
                continue
            if run and text[run[-1][1] + 1 : i] not in ("", "、"):
                self._report_run(ctx, node, run, open_, close)
                run = []
            run.append((i, j))
        if run:
            self._report_run(ctx, node, run, open_, close)

    @staticmethod
    def _report_run(
        ctx: RuleContext, node: Node, run: list[tuple[int, int]], open_: str, close: str
    ) -> None:
        edits = tuple(
            edit
            for i, j in run
            for edit in (Edit(node.start + i, node.start + i + 1, open_),
                         Edit(node.start + j, node.start + j + 1, close))
        )  # fmt: skip
        a, b = node.start + run[0][0], node.start + run[-1][1]
        ctx.report(
            a, b + 1, f"直引号应改为中文引号{open_}{close}", fix=Fix(Applicability.SAFE, edits)
        )


_OPENERS = {
    "“": "”",
    "‘": "’",
    "《": "》",
    "〈": "〉",
    "（": "）",
    "【": "】",
    "「": "」",
    "『": "』",
}
_CLOSERS = {v: k for k, v in _OPENERS.items()}
# Quote marks that look like Chinese ones (PU002 reports them; PU003 pairs each as the mark it
# imitates). The straight ＂ has no side: PU002 pairs it like ", PU003 leaves it alone.
_LOOKALIKE = {"〝": "“", "〞": "”", "〟": "”"}
_PAIRED_MARKS = "“”‘’《》〈〉（）【】「」『』〝〞〟"
_PAIRED = lazy(f"[{_PAIRED_MARKS}]")
# Where a text holds a paired mark or a look-alike (as _mark_places).
_paired_places = Places(_PAIRED_MARKS, _PAIRED)


# Mark sequences seen, and whether each pairs plainly; bounded, like the other memos.
_PLAIN: dict[str, bool] = {}
_PLAIN_KEPT = 4096


def _plainly_paired(marks: str) -> bool:
    """Whether marks (a paragraph's paired marks, in order) hold no look-alike and no single
    quote (which may be an apostrophe) and every closing mark closes the latest open one,
    none left open: UnpairedMarks then has nothing to say of the paragraph."""
    known = _PLAIN.get(marks)
    if known is None:
        known = True
        stack: list[str] = []
        for ch in marks:
            if ch in _LOOKALIKE or ch in "‘’":
                known = False
                break
            if ch in _OPENERS:
                stack.append(ch)
            elif not stack or stack.pop() != _CLOSERS[ch]:
                known = False
                break
        known = known and not stack
        if len(_PLAIN) >= _PLAIN_KEPT:
            _PLAIN.clear()
        _PLAIN[marks] = known
    return known


_MARK_NAMES = {
    "“": "左引号“", "”": "右引号”", "‘": "左单引号‘", "’": "右单引号’",
    "《": "左书名号《", "》": "右书名号》", "〈": "左书名号〈", "〉": "右书名号〉",
    "（": "左括号（", "）": "右括号）", "【": "左方头括号【", "】": "右方头括号】",
    "「": "左直角引号「", "」": "右直角引号」", "『": "左直角引号『", "』": "右直角引号』",
}  # fmt: skip


class UnpairedMarks(_PunctuationRule):
    """``“”`` ``‘’`` ``《》`` ``（）`` ``【】`` 不成对或嵌套错误。

    检查内容
        每段之内：有后无前、有前无后、交叉嵌套（``“…《…”…》``）。形近的引号（``〞`` 冒充
        ``”``）按它冒充的符号配对，由 PU002 报告。跨段引文每段开头用 ``“``、只在最后一段收
        ``”``，是标准写法，不报。

    为什么
        GB/T 15834-2011 4.1、4.15：前后标号成对，嵌套有序。

    示例
        ``学习《劳动法〉和“工会法”``

    修改为
        ``学习《劳动法》和“工会法”``

    配置项
        无。
    """

    code = "PU003"
    name = "unpaired-marks"
    severity = Severity.ERROR

    def finish(self, ctx: RuleContext) -> None:
        nodes = ctx.text_nodes
        text = ctx.text
        places = _paired_places(text)
        for k, here in _places_by_node(ctx, places):
            node = nodes[k]
            # Most paragraphs pair their marks plainly: that is settled from their marks
            # alone, by one memo lookup (~90 marks a draft).
            if _plainly_paired("".join([text[a] for a in here])):
                continue
            stack: list[tuple[str, int]] = []
            for a in here:
                ch = text[a]
                ch = _LOOKALIKE.get(ch, ch)  # 〞 pairs as ”: PU002 reports the glyph
                if ch in ("‘", "’") and (
                    (a > node.start and _is_latin(text[a - 1]))
                    or (a + 1 < node.end and _is_latin(text[a + 1]))
                ):
                    continue  # an apostrophe in a Latin name
                if ch in _OPENERS:
                    stack.append((ch, a))
                elif ch in _CLOSERS:
                    want = _CLOSERS[ch]
                    if stack and stack[-1][0] == want:
                        stack.pop()
                    elif any(o == want for o, _ in stack):
                        while stack and stack[-1][0] != want:
                            opener, at = stack.pop()
                            ctx.report(
                                at, at + 1,
                                f"{_MARK_NAMES[opener]}与{_MARK_NAMES[ch]}嵌套错误，请核对配对",
                            )  # fmt: skip
                        stack.pop()
                    else:
                        ctx.report(a, a + 1, f"{_MARK_NAMES[ch]}缺少对应的{_MARK_NAMES[want]}")
            nxt = ctx.text[nodes[k + 1].start] if k + 1 < len(nodes) else ""
            for opener, at in stack:
                if opener == "“" and nxt == "“" and node.kind == "paragraph":
                    continue  # a quotation running over paragraphs
                closer = _OPENERS[opener]
                ctx.report(at, at + 1, f"{_MARK_NAMES[opener]}缺少对应的{_MARK_NAMES[closer]}")


# Patterns here start with a literal character (a lookbehind comes after the first character,
# not before it): Python's re then skips ahead to that character in C instead of attempting a
# match at every position — five to ten times faster on a draft.
_ELLIPSIS = lazy(r"\.\.{2,}|。(?<!。。)。{2,}|……{2,}|…(?<!……)(?!…)|·[·・]{2,}|・[·・]{2,}")


class Ellipsis(_PunctuationRule):
    """省略号写成 ``...``、``。。。``、``···`` 或单个 ``…``。

    检查内容
        三个以上的句点、句号或间隔点，单个 ``…``，以及三个以上的 ``…``。

    为什么
        GB/T 15834-2011 4.11：省略号是两个 U+2026，即 ``……``。

    示例
        ``技术比武、合理化建议...``

    修改为
        ``技术比武、合理化建议……``（可安全自动修复）。

    配置项
        无。
    """

    code = "PU004"
    name = "ellipsis"
    severity = Severity.ERROR
    fixable = True

    def finish(self, ctx: RuleContext) -> None:
        ctx.replace_each(
            _ELLIPSIS, lambda m: f"省略号应写作“……”，不用“{m.group(0)}”", lambda m: "……"
        )


_AFTER_WORD = rf"[{HAN}”’）]"
_DASH = lazy(
    rf"(?:-(?<={_AFTER_WORD}-)(?:-+|—)|－(?<={_AFTER_WORD}－)－|―(?<={_AFTER_WORD}―)―?"
    rf"|—(?<={_AFTER_WORD}—)-)(?=[{HAN}“‘（])"
)


class Dash(_PunctuationRule):
    """破折号写成 ``--``、``－－`` 或 ``―``。

    检查内容
        夹在汉字之间、代替破折号的两个连字符（半角或全角）或横线。

    为什么
        GB/T 15834-2011 4.12：破折号是 ``——``（两个 U+2014）。

    示例
        ``工会--职工之家``

    修改为
        ``工会——职工之家``（可安全自动修复）。

    配置项
        无。
    """

    code = "PU005"
    name = "dash"
    severity = Severity.ERROR
    fixable = True

    def finish(self, ctx: RuleContext) -> None:
        text = ctx.text
        for m in ctx.finditer(_DASH):
            if _COUNT_SLOT.match(text, m.start() - 1):
                continue  # 共--人: a number never filled in (PH002 says so), not a dash
            ctx.report(
                m.start(),
                m.end(),
                f"破折号应写作“——”，不用“{m.group(0)}”",
                fix=Fix.replace(m.start(), m.end(), "——"),
            )


# 共--人, 约--名: dashes where a count belongs, as placeholders.yaml's dashes-for-a-number.
_COUNT_SLOT = lazy(r"[共约达计有为近超逾第](?:--|－－)(?=[人个名家项元万亿次户所条座件台场%％])")

_BAD_DOT = lazy(rf"[•・∙‧⋅●](?<=[{HAN}”].)(?=[{HAN}“])")


class MiddleDot(_PunctuationRule):
    """用圆点或日文中点代替间隔号：``中国梦•劳动美``。

    检查内容
        汉字之间的 ``•`` ``・`` ``∙`` ``‧`` ``⋅`` ``●``。

    为什么
        GB/T 15834-2011 4.16：间隔号是 ``·``（U+00B7）。

    示例
        ``“中国梦•劳动美”主题活动``

    修改为
        ``“中国梦·劳动美”主题活动``（可安全自动修复）。

    配置项
        无。
    """

    code = "PU006"
    name = "middle-dot"
    severity = Severity.ERROR
    fixable = True

    def finish(self, ctx: RuleContext) -> None:
        ctx.replace_each(_BAD_DOT, lambda m: f"间隔号应写作“·”，不用“{m.group(0)}”", lambda m: "·")


# ，，  。。 (not 。。。, an ellipsis)  、、  ；；  ：：  and clashing pairs such as ，。 。， 、，
_REPEATED = lazy(
    r"，(?:，+|[。、；])|。(?:(?<!。。)。(?!。)|[，、；])|、(?:、+|[。，])|；(?:；+|[。，])|：：+"
)
_STRENGTH = "。；：，、"


class RepeatedMarks(_PunctuationRule):
    """标点重复或冲突：``，，`` ``。。`` ``、、`` ``，。``。

    检查内容
        该用一个标点处连用了两个（三个以上的 ``。`` 归 PU004 省略号）。

    为什么
        GB/T 15834-2011：一处一个标点；重复是编辑失误。

    示例
        ``加强学习，，深入调研。。``

    修改为
        ``加强学习，深入调研。``（安全修复保留较重的标点）。

    配置项
        无。
    """

    code = "PU007"
    name = "repeated-marks"
    severity = Severity.ERROR
    fixable = True

    def finish(self, ctx: RuleContext) -> None:
        def keep(m: re.Match[str]) -> str:
            return min(m.group(0), key=_STRENGTH.index)

        ctx.replace_each(_REPEATED, lambda m: f"标点重复：“{m.group(0)}”应为“{keep(m)}”", keep)


_LEADING = lazy(r"[，。、；：！？,;:!?]+")


class LeadingMark(_PunctuationRule):
    """段首或行首是标点（``，`` ``。`` ``、``）。

    检查内容
        每个段落、标题和题目的第一个字符。

    为什么
        GB/T 15834-2011 5.1.4：点号不出现在行首；行首标点多是删字或断行留下的。

    示例
        ``，全县各级工会要……``

    修改为
        ``全县各级工会要……``（安全修复删去该标点）。

    配置项
        无。
    """

    code = "PU008"
    name = "leading-mark"
    severity = Severity.ERROR
    fixable = True

    def finish(self, ctx: RuleContext) -> None:
        for node in _text_nodes(ctx):
            m = _LEADING.match(ctx.text, node.start, node.end)
            if m and m.end() < node.end:
                ctx.report(
                    m.start(), m.end(), f"段首不应有标点“{m.group(0)}”，请删去",
                    fix=Fix.replace(m.start(), m.end(), ""),
                )  # fmt: skip


_TERMINAL = set("。！？!?…：:；;”’）)》】」』—*")
_MD_LIST = lazy(r"^(?:[-*+]\s|\d+[.)]\s|\|)")


class MissingTerminalMark(_PunctuationRule):
    """正文段落末尾没有句末标点。

    检查内容
        正文段落的最后一个字符（不查题目、署名日期行、称谓和标题）。段落可以以 ``。！？…：；``
        或后引号、后括号结尾。Markdown 列表项和表格行不查；以逗号结尾、下一段即是列举
        （``主要原因，`` / ``一是……``）的引领语不报；书信结尾单独一行的 ``此致``、用空格隔开的
        一行人名（``王明  李强  张华``）和 Word 表格里的单元格不报。冒号引出的逐行列表
        （``今天的会议有三项议程：`` / ``一、请…通报情况`` / ``二、请…讲话``）各项都不加标点时
        不报；有的项加了、有的没加时，报没加的那几项。

    为什么
        GB/T 15834-2011 4.1—4.3：句子以句号、问号或叹号结尾；没有的段落多半被截断了。短行
        也可能是未被识别的无号标题，所以是警告。

    示例
        ``各级工会要狠抓落实``

    修改为
        ``各级工会要狠抓落实。``

    配置项
        无。
    """

    code = "PU009"
    name = "missing-terminal-mark"
    severity = Severity.WARNING

    def finish(self, ctx: RuleContext) -> None:
        markdown = ctx.source.kind == "markdown"
        # A paragraph whose end was left out (……此处省略……) is not missing its mark.
        cut = {n.start for n in ctx.nodes_of("insert")}
        items: set[int] | None = None
        # A Word table's cells hold figures and names, not sentences (0-based line numbers).
        table_lines = ctx.source.extra.get("table_lines")
        unmarked_lists, marked_lists = _list_items(ctx)
        for node in _text_nodes(ctx, frozenset({"paragraph"})):
            text = ctx.text[node.start : node.end]
            if not text or text[-1] in _TERMINAL or not _has_cjk(text):
                continue
            if node.start in unmarked_lists:
                continue  # 一、请…通报情况 / 二、请…讲话: a list whose items all go without marks
            if table_lines and ctx.source.line_col(node.start)[0] - 1 in table_lines:
                continue
            if cut and _next_start(ctx, node.end) in cut:
                continue
            if text[-1] in "，,":
                # 主要原因， / 一是…: a lead-in whose list starts the next paragraph.
                if items is None:
                    items = {i.marker_start for i in ctx.nodes_of("item")}
                if _next_start(ctx, node.end) in items:
                    continue
            if markdown and _MD_LIST.match(text):
                continue
            if text.rstrip(" \u3000") == "此致":
                continue  # a letter's 此致 stands alone, 敬礼！ on the next line
            if is_name_row(text):
                continue  # 王明  李强  张华: a row of a list of names
            if node.start in marked_lists:
                ctx.report(
                    node.end - 1, node.end, "列表项末尾缺少标点，请像其他各项一样补上“；”或“。”"
                )
                continue
            ctx.report(node.end - 1, node.end, "段末缺少句末标点，请补上“。”“！”或“？”")


_DOC_NUMBER = lazy(
    rf"(?<=[{HAN}])(?P<open>[\[［【（(〔〈<]|〔)(?P<year>\d{{2,4}})(?P<close>[\]］】）)〕〉>])"
    r"(?P<di>第)?(?P<num>\d{1,5})号"
)
_ORG_BEFORE = lazy(rf"[{HAN}]{{1,8}}$")


class DocumentNumber(_PunctuationRule):
    """发文字号格式不对：``汉办[2008]12号``。

    检查内容
        机关代字后跟带括号的年份和“×号”：括号不是 ``〔〕``、年份只写两位、多了“第”、序号
        有前导零。

    为什么
        GB/T 9704-2012 7.2.3：机关代字 + ``〔`` 完整年份 ``〕`` + 不加前导零的序号 + 号；
        正文中引用发文字号也用这一形式。

    示例
        ``（汉办[2008]12号）``、``国办发（2013）第001号``

    修改为
        ``（汉办〔2008〕12号）``、``国办发〔2013〕1号``（年份完整时可安全自动修复）。

    配置项
        无。
    """

    code = "PU010"
    name = "document-number"
    severity = Severity.ERROR
    fixable = True

    def finish(self, ctx: RuleContext) -> None:
        # One scan of the draft; it opens with a lookbehind, so re would try it at every
        # position: ctx.finditer anchors it on the brackets where that pays.
        for node, m in ctx.node_matches(_DOC_NUMBER):
            year, num = m.group("year"), m.group("num")
            ok_brackets = m.group("open") == "〔" and m.group("close") == "〕"
            if ok_brackets and len(year) == 4 and not m.group("di") and not num.startswith("0"):
                continue
            # Only the few characters before the match: searching from the paragraph's
            # start for every match would be quadratic in the paragraph's length.
            org = _ORG_BEFORE.search(ctx.text, max(node.start, m.start() - 8), m.start())
            org_text = org.group(0) if org else ""
            good = f"〔{year}〕{int(num)}号"
            fix = Fix.replace(m.start(), m.end(), good) if len(year) == 4 else None
            why = "年份应写全四位" if len(year) != 4 else f"应写作“{org_text}{good}”"
            ctx.report(m.start(), m.end(), f"发文字号格式有误：{why}（用六角括号“〔〕”）", fix=fix)


_QUOTED_LIST = lazy(r"、(?<=[”》]、)(?=[“《])")


class CommaBetweenQuotedItems(_PunctuationRule):
    """各自带引号或书名号的并列项之间用了顿号（提示）。

    检查内容
        ``”`` 与 ``“`` 之间、``》`` 与 ``《`` 之间的 ``、``。

    为什么
        GB/T 15834-2011 4.5.3.5：各自带引号或书名号的并列项之间可不用顿号
        （``“春送岗位”“夏送清凉”``），但同一条也允许为避免误解而用，公开发表的报告多一贯
        使用。因此本规则默认关闭（``extend-select: [PU011]`` 可开启），开启后为提示。

    示例
        ``“送温暖”、“送岗位”``

    修改为
        ``“送温暖”“送岗位”``（可安全自动修复）。

    配置项
        无。
    """

    code = "PU011"
    name = "comma-between-quoted-items"
    severity = Severity.INFO
    fixable = True
    default_enabled = False

    def finish(self, ctx: RuleContext) -> None:
        ctx.replace_each(_QUOTED_LIST, lambda m: "引号或书名号之间的并列项可不加顿号", lambda m: "")


_SPACE_RUN = lazy(r"[ \u3000]+")
_AFTER_MARK = frozenset("，。、；：！？”）")
_BEFORE_MARK = frozenset("“（")
_SLOGAN = lazy(rf"[“《‘][{HAN}]{{2,10}}[ \u3000][{HAN}]{{2,10}}[”》’]")


def stray_spaces(ctx: RuleContext, kinds: frozenset[str]) -> list[tuple[int, int]]:
    """The runs of spaces inside the nodes that PU012 weighs: between Han characters (or after
    ，。、；：！？”） and before “（), half-width ones between a Han character and a figure —
    what ``(?<=[汉，。…])[ \\u3000]+(?=[汉“（])|(?<=[汉]) +(?=\\d)|(?<=\\d) +(?=[汉])`` finds.

    Read from the runs of spaces with the neighbours tested in Python rather than by that
    scan: its four Han classes cost re ~8 ms to compile in every process with a space in a
    draft (one opening: 779 → 722 million instructions)."""
    text = ctx.text
    found = []
    for m in ctx.finditer(_SPACE_RUN, kinds):
        start, end = m.span()
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        between_han = (before in _AFTER_MARK or is_han(before)) and (
            after in _BEFORE_MARK or is_han(after)
        )
        by_figure = (is_han(before) and after.isdecimal()) or (before.isdecimal() and is_han(after))
        if between_han or (by_figure and "\u3000" not in m.group()):
            found.append((start, end))
    return found


def figure_spacing(text: str, nodes: list[Node]) -> tuple[int, int, int, int]:
    """How often, inside the nodes, a Han character comes before a figure with spaces between
    (共 3) and without (共3), and a figure before a Han character with spaces (3 人) and
    without (3人): what ``[汉] +\\d``, ``[汉]\\d``, ``\\d +[汉]`` and ``\\d[汉]`` would count.

    Read from where runs of digits begin and end rather than by four scans: their Han classes
    cost re ~5 ms to compile in every process that reaches them."""
    counts = [0, 0, 0, 0]
    starts = [n.start for n in nodes]
    for run in digit_run_starts(text):
        i = bisect_right(starts, run) - 1
        if i < 0 or run >= nodes[i].end:
            continue
        low, high = nodes[i].start, nodes[i].end
        before = run - 1
        while before >= low and text[before] == " ":
            before -= 1
        if before >= low and is_han(text[before]):
            counts[0 if before < run - 1 else 1] += 1
        end = run + 1
        while end < high and text[end].isdecimal():
            end += 1
        after = end
        while after < high and text[after] == " ":
            after += 1
        if after < high and is_han(text[after]):
            counts[2 if after > end else 3] += 1
    return counts[0], counts[1], counts[2], counts[3]


class StraySpace(_PunctuationRule):
    """中文里多余的空格：``工会 工作``、``2025 年``。

    检查内容
        正文段落里汉字之间的空格（半角或全角），以及汉字与数字之间的半角空格。题目、署名行
        和标题里全角空格可能有意分隔，不查；留作空白的一串空格（``接待群众    人次``）和占位符
        里的空格归 PH 规则。

    为什么
        中文词与词之间不加空格，汉字与数字之间也从不需要空格（``2025年3月``）——有些工具为
        技术文档加的空格放在公文里是错的。空格有时是有意的，所以是警告；全文一贯在数字两侧
        加空格（处处 ``2025 年``、``共 3 人``）的稿子视为本单位体例，只有大多不加空格的稿子
        里少数加了空格的才报。两个短语组成的带引号口号保留中间的空格（``“好客山东 好品山东”``），
        联合发文机关名称之间的空格（``《中共中央 国务院关于……》``、``中共中央办公厅 国务院办公厅
        印发``）、一行名单里人名之间的空格（``王明  李强  张华``）也不报。

    示例
        ``加强工会 工作，2025 年实现全覆盖``

    修改为
        ``加强工会工作，2025年实现全覆盖``（可安全自动修复）。

    配置项
        无。
    """

    code = "PU012"
    name = "stray-space"
    severity = Severity.WARNING
    fixable = True

    def finish(self, ctx: RuleContext) -> None:
        kinds = frozenset({"paragraph"})
        found = stray_spaces(ctx, kinds)
        if not found:
            return  # most drafts: nothing to weigh
        text = ctx.text
        # A draft that spaces figures from Chinese text throughout (2025 年, 共 3 人: a
        # house style some offices keep) is consistent: only a draft that mostly writes
        # them together has its few spaced ones flagged.
        before_digit = after_digit = False
        if any(text[end].isdigit() or text[start - 1].isdigit() for start, end in found):
            paragraphs = [n for n in ctx.text_nodes if n.kind in kinds]
            han_spaced, han_plain, digit_spaced, digit_plain = figure_spacing(text, paragraphs)
            before_digit, after_digit = han_spaced > han_plain, digit_spaced > digit_plain
        # “好客山东 好品山东”: a slogan of two matched phrases keeps its space.
        slogans = [(m.start(), m.end()) for m in ctx.finditer(_SLOGAN, kinds)]
        # Spaces inside a placeholder, or left as a blank to fill (共接待群众    人次,
        # （    年  月  日）), are the PH rules' finding.
        blanks = placeholder_spans(ctx)
        name_row: dict[int, bool] = {}  # by paragraph start: whether it is a row of names
        for start, end in found:
            if blanks and inside_any(blanks, start, end):
                continue
            if _in_name_row(ctx, start, name_row):
                continue  # 王明  李强  张华: names set apart on purpose
            if (before_digit and text[end].isdigit()) or (
                after_digit and text[start - 1].isdigit()
            ):
                continue
            if slogans and any(a < start < b for a, b in slogans):
                continue
            if _between_joint_issuers(text, start, end):
                continue
            ctx.report(start, end, "中文之间不应有空格，请删去", fix=Fix.replace(start, end, ""))


def _in_name_row(ctx: RuleContext, offset: int, known: dict[int, bool]) -> bool:
    """Whether offset lies in a paragraph that is a row of a list of names (asked once a
    paragraph: known holds the answers by the paragraph's start)."""
    node = ctx.node_at(offset)
    if node is None:
        return False
    answer = known.get(node.start)
    if answer is None:
        answer = known[node.start] = is_name_row(ctx.text[node.start : node.end])
    return answer


_ISSUER_ENDS = (
    "中央", "国务院", "军委", "办公厅", "办公室", "委员会", "人民政府", "政府", "党委", "党组",
    "省委", "市委", "县委", "区委",
)  # fmt: skip
_ISSUER_STARTS = ("国务院", "中央", "中共", "全国", "国家", "中国", "省", "市", "县", "区")


def _between_joint_issuers(text: str, start: int, end: int) -> bool:
    """The space between joint issuers in a document's name (《中共中央 国务院关于……》,
    中共中央办公厅 国务院办公厅印发……): published documents separate their names so."""
    if not (text.endswith(_ISSUER_ENDS, 0, start) and text.startswith(_ISSUER_STARTS, end)):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    in_book_title = text.rfind("《", line_start, start) > text.rfind("》", line_start, start)
    return in_book_title or any(w in text[end : end + 16] for w in ("印发", "关于", "发布"))


def _list_items(ctx: RuleContext) -> tuple[set[int], set[int]]:
    """Where the items of the lists of lines start (speechlint.document.parser: a list a
    colon announces, or one inside a section): those of lists none of whose items ends with
    a mark (short items that all go without one: a style), and those of lists where some do
    (an item without one is then reported as a list's item)."""
    unmarked: set[int] = set()
    marked: set[int] = set()
    for enum in ctx.nodes_of("enumeration"):
        if enum.family != "list":
            continue
        items = enum.children
        some = any(ctx.text[i.end - 1 : i.end] in _TERMINAL for i in items if i.end > i.start)
        (marked if some else unmarked).update(i.start for i in items)
    return unmarked, marked


def _next_start(ctx: RuleContext, offset: int) -> int:
    """Where the next non-blank text after offset starts."""
    text = ctx.text
    while offset < len(text) and text[offset] in " \t\r\n\u3000\u2002\u2003\u00a0":
        offset += 1
    return offset


RULES: list[type[Rule]] = [
    HalfWidthPunctuation,
    StraightQuotes,
    UnpairedMarks,
    Ellipsis,
    Dash,
    MiddleDot,
    RepeatedMarks,
    LeadingMark,
    MissingTerminalMark,
    DocumentNumber,
    CommaBetweenQuotedItems,
    StraySpace,
]
