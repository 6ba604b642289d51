"""Numbering rules (NU): ordinals of sections and inline enumerations.

Sequences at each level under the same parent, inline runs (一是…二是…), the marks that go
with ordinals (GB/T 15834-2011 附录 B, GB/T 9704-2012 7.3.3), and the heading hierarchy.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import ClassVar

from speechlint.checking.diagnostics import Category, Fix, Severity
from speechlint.checking.rule import Rule, RuleContext
from speechlint.document.conventions import (
    CONVENTIONAL_HEADING,
    STANDARD_STYLES,
    cn_to_int,
    int_to_cn,
)
from speechlint.document.tree import Node
from speechlint.speed.lazyre import lazy

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def render(style: str, n: int) -> str:
    """The marker of ordinal n in a style: render("（一）", 3) → "（三）"."""
    if "①" in style:
        return style.replace("①", _CIRCLED[n - 1] if n <= 20 else str(n))
    if "一" in style:
        return style.replace("一", int_to_cn(n), 1)
    return style.replace("1", str(n), 1)


def numbered_children(node: Node) -> dict[int, list[Node]]:
    by_level: dict[int, list[Node]] = {}
    for child in node.children:
        if child.kind == "section" and child.ordinal is not None:
            by_level.setdefault(child.level, []).append(child)
    return by_level


def sequence_problems(
    nodes: list[Node], expected: int, breaks: list[int] | None = None
) -> Iterator[tuple[Node, str, int]]:
    """(node, problem, ordinal expected there) for each node out of sequence; problem is
    "repeat", "start", "gap" or "order". The count then resyncs, so one slip is one finding.
    Shared by section ordinals (NU001) and inline enumerations (NU002). ``breaks``: where
    something was left out or pasted in (insert nodes): the count is not checked across one."""
    prev: Node | None = None
    suspended: list[int] = []  # what each outer count expects next, while a list inside runs
    for node in nodes:
        n = node.ordinal or 0
        if breaks and any(
            (prev.start if prev is not None else -1) < b < node.start for b in breaks
        ):
            expected = n  # the missing items may lie in what was left out
        if n == 1 and prev is not None and (prev.ordinal or 0) >= 2:
            # 一、二、三、 … 一、二、: a second list counting from one (the parts of a report
            # each numbered anew, or a list inside 二、), not a slip at every item after it.
            suspended.append(expected)
            expected = 1
        elif n < expected and n in suspended:
            # 二、 … 一、…五、 then 三、: the outer count resumes after the list inside it.
            del suspended[suspended.index(n) :]
            expected = n
        if n != expected:
            if prev is not None and n == prev.ordinal:
                yield node, "repeat", expected
            elif prev is None:
                yield node, "start", expected
            else:
                yield node, "gap" if n > expected else "order", expected
        # Counting goes on from the number written: after 三 where 五 was due, 四 is right
        # again (a list that went back is one slip, not a slip at each item after it).
        expected = n + 1
        prev = node


def _heading_span(s: Node) -> tuple[int, int]:
    start = s.marker_start if s.marker_start >= 0 else s.start
    return start, start + max(1, len(s.marker))


class SectionSequence(Rule):
    """各级标题序号不连续：缺号（一、二、四、）、重号、倒序、不从“一”开始。

    检查内容
        同一上级之下、同一层级的编号标题的序号。每个上级之下重新编号是正确的；某一层级跨上级
        连续编号（一、下的 1. 2.，二、下的 3. 4.）视为有意的体例，不报。一个部分之内另起的
        一组序号（二、下又有 一、至 五、）结束后，外层序号接着往下数（三、），也不报。

    为什么
        GB/T 9704-2012 7.3.3：同一层级的序号依次递增。缺号或重号说明删掉、挪动或重复粘贴了
        一节。

    示例
        ``一、`` ``二、`` ``四、``

    修改为
        ``一、`` ``二、`` ``三、``

    配置项
        无。
    """

    code = "NU001"
    name = "section-sequence"
    category = Category.NUMBERING
    severity = Severity.ERROR

    def finish(self, ctx: RuleContext) -> None:
        last_seen: dict[int, int] = {}  # level → last ordinal, for continuous numbering
        parents = [ctx.document, *ctx.nodes_of("section")]
        breaks = [n.start for n in ctx.nodes_of("insert")]
        for parent in sorted(parents, key=lambda n: n.start):
            for level, sections in numbered_children(parent).items():
                self._check(ctx, sections, last_seen.get(level), breaks)
                last_seen[level] = sections[-1].ordinal or 0

    _MESSAGES: ClassVar[dict[str, str]] = {
        "repeat": "序号“{marker}”与上一项重复，应为“{want}”",
        "start": "本级序号应从“{want}”开始，此处为“{marker}”",
        "gap": "序号不连续：“{marker}”之前缺少“{want}”",
        "order": "序号顺序颠倒：“{marker}”应为“{want}”",
    }

    def _check(
        self,
        ctx: RuleContext,
        sections: list[Node],
        previous_last: int | None,
        breaks: list[int],
    ) -> None:
        first = sections[0]
        continuous = previous_last is not None and first.ordinal == previous_last + 1
        start_at = first.ordinal if continuous else 1
        for s, problem, expected in sequence_problems(sections, start_at, breaks):
            start, end = _heading_span(s)
            want = render(s.style, expected)
            ctx.report(start, end, self._MESSAGES[problem].format(marker=s.marker, want=want))


def _runs(ctx: RuleContext) -> list[Node]:
    return [n for n in ctx.nodes_of("enumeration") if n.family != "seq"]


class EnumerationSequence(Rule):
    """段内列举序号不连续：``一是…二是…四是``、``①②②``。

    检查内容
        一节之内的 一是/二是、一要/二要、一是要、第一/第二、①②③、（1）（2）等列举：缺号、
        重号、不从一开始。每节重新计数；接着标题（第三，……）或“首先……其次……”往下数的
        “第三，”视为接续。前文说明“两条”“两件大事”而连写两个“一是”（一是……一是……，
        旧时“一方面……另一方面”的用法），不报。

    为什么
        听众跟着序号数，跳号、重号一听便知。编辑惯例，与 GB/T 15834-2011 附录 B 一致。

    示例
        ``一是加强学习。二是深入调研。四是狠抓落实。``

    修改为
        ``……三是狠抓落实。``

    配置项
        无。
    """

    code = "NU002"
    name = "enumeration-sequence"
    category = Category.NUMBERING
    severity = Severity.ERROR

    def finish(self, ctx: RuleContext) -> None:
        breaks = [n.start for n in ctx.nodes_of("insert")]
        last: dict[str, int] = {}  # family → the last ordinal of its previous run
        last_any = 0  # the last ordinal of the previous run of any family, 首先 included
        counted = [*ctx.nodes_of("enumeration"), *_ordinal_headings(ctx)]
        for enum in sorted(counted, key=lambda n: n.start):
            items = enum.children
            first = (items[0].ordinal if items else enum.ordinal) or 0
            # 第一、第二、第三 in one section and 第四 opening the next, 第三，… as a heading
            # and 第四 in its text, 首先…其次… then 第三，: one count carried on.
            carried = first > 1 and first - 1 in (last.get(enum.family), last_any)
            start = first if carried else 1
            last[enum.family] = last_any = (items[-1].ordinal if items else first) or 0
            if enum.kind != "enumeration" or enum.family == "seq":
                continue
            if _one_and_the_other(ctx.text, items):
                continue
            for item, problem, expected in sequence_problems(items, start, breaks):
                want = self._marker(item, expected)
                message = self._MESSAGES[problem].format(marker=item.marker, want=want)
                ctx.report(item.marker_start, item.marker_end, message)

    _MESSAGES: ClassVar[dict[str, str]] = {
        "repeat": "“{marker}”与上一项重复，应为“{want}”",
        "start": "列举应从“{want}”开始，此处为“{marker}”",
        "gap": "列举不连续：“{marker}”之前缺少“{want}”",
        "order": "列举顺序颠倒：“{marker}”应为“{want}”",
    }

    @staticmethod
    def _marker(item: Node, n: int) -> str:
        if item.family == "cn":
            return int_to_cn(n) + item.style
        if item.family == "di":
            return f"第{int_to_cn(n)}"
        if item.family == "circled":
            return _CIRCLED[n - 1] if n <= 20 else str(n)
        return render(item.style, n)


_ORDINAL_HEADING = lazy(r"第([一二三四五六七八九十]{1,2})[，,、：:]")
# 抓两头：一是…；一是… — the old "one…, the other…": a pair announced as two, both typed 一.
_ANNOUNCED_PAIR = lazy(r"两(?:个|件|条|项|点|头|方面|种|类|大)")
_PAIR_RECALLED = lazy(r"这两(?:个|件|条|项|点|头|方面|种|类)")  # …；一是…。按照这两条原则


def _ordinal_headings(ctx: RuleContext) -> list[Node]:
    """The unnumbered headings that open with 第N，: their N counts in the run around them."""
    found = []
    for s in ctx.nodes_of("section"):
        if s.ordinal is None and s.heading is not None:
            m = _ORDINAL_HEADING.match(ctx.text, s.heading.start)
            n = cn_to_int(m.group(1)) if m else None
            if n is not None:
                found.append(Node("heading", s.start, s.end, ordinal=n, family="di"))
    return found


def _one_and_the_other(text: str, items: list[Node]) -> bool:
    """A pair of 一是…一是… announced as two just before (抓两头：, 两件大事：)."""
    if len(items) != 2 or items[0].ordinal != 1 or items[1].ordinal != 1:
        return False
    start, second = items[0].marker_start, items[1].marker_start
    return (
        _ANNOUNCED_PAIR.search(text, max(0, start - 30), start) is not None
        or _PAIR_RECALLED.search(text, second, second + 80) is not None
    )


# What a complete last line ends with: a sentence's end, a closing quotation or bracket.
_LINE_ENDS = "。！？!?…；;”’」』）)】》〕"


def _breaks_off_after(text: str, pos: int) -> bool:
    """The draft ends on the line that holds pos, in the middle of a sentence (``…既要服从
    党政工作，又``): a copy cut short, not a finished draft. (Read in place: copying the rest
    of a 50 MB draft for each list made the rule quadratic.)"""
    end = len(text)
    while end > pos and text[end - 1].isspace():
        end -= 1
    return end > pos and text.find("\n", pos, end) < 0 and text[end - 1] not in _LINE_ENDS


class EnumerationSingle(Rule):
    """只有“一是”而无“二是”。

    检查内容
        只有一项的段内列举（``一是``、``一要``、``第一``、``①``、``（1）``）。并列的序数词
        （第一、第三产业；居全国第五、第三）和引号内的口号（“一要吃饭、二要建设”）不是列举。
        列举之后稿子在最后一行的句子中间断了（复制不全的稿子），后面是否还有各项无从知道，
        不报。

    为什么
        “一是”预示有“二是”，单独出现像是后文被删。第二项有时换了说法（``同时，……``），
        所以是警告。

    示例
        ``一是加强学习。同时，要深入调研。``

    修改为
        ``一是加强学习。二是深入调研。`` 或删去“一是”。

    配置项
        无。
    """

    code = "NU003"
    name = "enumeration-single"
    category = Category.NUMBERING
    severity = Severity.WARNING

    def finish(self, ctx: RuleContext) -> None:
        for enum in _runs(ctx):
            if len(enum.children) == 1 and enum.children[0].ordinal == 1:
                item = enum.children[0]
                if _breaks_off_after(ctx.text, item.marker_end):
                    continue  # the draft was cut short within the list: the rest is unknown
                ctx.report(
                    item.marker_start,
                    item.marker_end,
                    f"只有“{item.marker}”而无后续各项，请补齐或删去“{item.marker}”",
                )


class EnumerationMixedMarkers(Rule):
    """同一组列举的标记不一致：``一要…二要…三是要``。

    检查内容
        汉字序号列举中各项所用的词不同（是、要、是要）。一组结束后换了标记另起的（一要……
        四要，随后“首先……二是……”）算另一组。

    为什么
        并列各项应用并列的标记；用词不同的一项，多半是从别的稿子粘贴来的。编辑惯例，警告。

    示例
        ``一要加强学习。二要深入调研。三是要狠抓落实。``

    修改为
        ``三要狠抓落实。``

    配置项
        无。
    """

    code = "NU004"
    name = "enumeration-mixed-markers"
    category = Category.NUMBERING
    severity = Severity.WARNING

    def finish(self, ctx: RuleContext) -> None:
        for enum in _runs(ctx):
            if enum.family != "cn" or len(enum.children) < 2:
                continue
            styles = Counter(i.style for i in enum.children)
            if len(styles) < 2:
                continue
            main = max(styles, key=lambda s: (styles[s], -next(
                k for k, i in enumerate(enum.children) if i.style == s
            )))  # fmt: skip
            for item in enum.children:
                if item.style != main:
                    want = int_to_cn(item.ordinal or 1) + main
                    ctx.report(
                        item.marker_start,
                        item.marker_end,
                        f"列举标记不一致：“{item.marker}”宜改为“{want}”，与同组其他项一致",
                    )


# Unbracketed styles as typed → (standard style, why).
_MARK_FIXES: dict[str, tuple[str, str]] = {
    "1、": ("1.", "阿拉伯数字序号后用下脚点“.”，不用顿号"),
    "1．": ("1.", "阿拉伯数字序号后用半角下脚点“.”"),
    "1,": ("1.", "阿拉伯数字序号后用下脚点“.”"),
    "1，": ("1.", "阿拉伯数字序号后用下脚点“.”"),
    "1:": ("1.", "阿拉伯数字序号后用下脚点“.”"),
    "1：": ("1.", "阿拉伯数字序号后用下脚点“.”"),
    "一.": ("一、", "汉字数字序号后用顿号“、”"),
    "一．": ("一、", "汉字数字序号后用顿号“、”"),
    "一，": ("一、", "汉字数字序号后用顿号“、”"),
    "一,": ("一、", "汉字数字序号后用顿号“、”"),
    "一:": ("一、", "汉字数字序号后用顿号“、”"),
    "一：": ("一、", "汉字数字序号后用顿号“、”"),
}


def _standard_marker(style: str, ordinal: int) -> tuple[str, str] | None:
    """The standard form of a non-standard ordinal mark, with the reason; None if standard."""
    if style.startswith(("(", "（")):
        ascii_brackets = "(" in style or ")" in style
        full = style.replace("(", "（").replace(")", "）")
        base, after = full[:3], full[3:]
        reasons = []
        if ascii_brackets:
            reasons.append("序号括号应用全角“（）”")
        if after:
            reasons.append("括号序号后不加标点")
        return (render(base, ordinal), "，".join(reasons)) if reasons else None
    if style.startswith("①"):
        return (render("①", ordinal), "带圈序号后不加标点") if len(style) > 1 else None
    if style in _MARK_FIXES:
        good, why = _MARK_FIXES[style]
        return render(good, ordinal), why
    return None


class OrdinalMark(Rule):
    """序号后的标点不规范：``1、`` 应为 ``1.``，``(一)`` 应为 ``（一）``，``（一）、`` 多了顿号。

    检查内容
        标题序号和段内 ``(1)`` ``第一、`` 等标记：``1、`` ``1．``（应为 ``1.``）、半角括号
        ``(一)`` ``(1)``、括号后再加标点 ``（一）、`` ``（1）.``、``一.`` ``一，``（应为
        ``一、``）、``第一、``（应为 ``第一，``）。并列的序数词（``第一、第二、第三产业``）不是
        序号。

    为什么
        GB/T 15834-2011 附录 B.3、GB/T 9704-2012 7.3.3：``一、`` ``（一）`` ``1.`` ``（1）``；
        阿拉伯数字序号后用下脚点，带括号的序号后不再加标点，中文里用全角括号。两种写法全文
        一贯使用时视为本单位体例而不报：所有阿拉伯数字序号都用全角 ``1．``；所有（三个以上）
        “第一”类序号都用 ``第一、``。与标准写法混用时才报。

    示例
        ``1、执政能力建设的新使命……``

    修改为
        ``1.执政能力建设的新使命……``（可安全自动修复）。

    配置项
        无。
    """

    code = "NU005"
    name = "ordinal-mark"
    category = Category.NUMBERING
    severity = Severity.ERROR
    fixable = True
    visits = frozenset({"section", "item"})

    def visit(self, node: Node, ctx: RuleContext) -> None:
        if node.ordinal is None or node.marker_start < 0:
            return
        if node.kind == "item":
            if node.family == "paren" and node.style == "(1)":
                good, why = render("（1）", node.ordinal), "序号括号应用全角“（）”"
            elif node.family == "list":
                fixed = _standard_marker(node.style, node.ordinal)
                if fixed is None:
                    return
                good, why = fixed
            elif node.family == "di" and node.marker.endswith("、") and not _di_house_style(ctx):
                good, why = node.marker[:-1] + "，", "“第一”类序号后用逗号“，”"
            else:
                return
        else:
            if node.style == "1．" and _full_stop_house_style(ctx):
                return
            fixed = _standard_marker(node.style, node.ordinal)
            if fixed is None:
                return
            good, why = fixed
        a, b = node.marker_start, node.marker_end
        raw = ctx.text[a:b]
        ctx.report(a, b, f"序号“{raw}”应写作“{good}”：{why}", fix=Fix.replace(a, b, good))


def _di_house_style(ctx: RuleContext) -> bool:
    """Whether the draft writes every one of its (three or more) 第一 markers as 第一、: a
    house style kept throughout, which is not flagged (a draft that mixes 第一、 with
    第一， has its 第一、 flagged)."""

    def build() -> bool:
        marks = [n.marker[-1:] for n in ctx.nodes_of("item") if n.family == "di"]
        return len(marks) >= 3 and all(mark == "、" for mark in marks)

    return bool(ctx.memo("di-house-style", build))


def _full_stop_house_style(ctx: RuleContext) -> bool:
    """Whether every (two or more) Arabic section ordinal of the draft is written 1． with
    a full-width stop: a consistent house style, not flagged."""

    def build() -> bool:
        styles = [n.style for n in ctx.nodes_of("section") if n.style in ("1.", "1．", "1、")]
        return len(styles) >= 2 and all(style == "1．" for style in styles)

    return bool(ctx.memo("full-stop-house-style", build))


class HeadingHierarchy(Rule):
    """下级标题出现在上级之前：在任何 ``一、`` 之前出现 ``（一）``。

    检查内容
        有一级标题的稿子里，出现在第一个一级标题之前的二至四级编号标题（或在使用 ``（一）``
        的一节里，出现在任何 ``（一）`` 之前的 ``1.``）。

    为什么
        GB/T 9704-2012 7.3.3 规定层次为 一、→（一）→ 1. →（1）；下级先于上级，多半是标题
        层级打错了。

    示例
        ``（一）加强学习`` …… 后面才是 ``一、总体要求``。

    修改为
        改为 ``一、加强学习`` 并重新编号，或移到其上级之下。

    配置项
        无。
    """

    code = "NU006"
    name = "heading-hierarchy"
    category = Category.NUMBERING
    severity = Severity.WARNING
    visits = frozenset({"document", "section"})

    def visit(self, node: Node, ctx: RuleContext) -> None:
        by_level = numbered_children(node)
        if not by_level:
            return
        top = min(by_level)
        first_top = by_level[top][0].start
        for level, sections in by_level.items():
            if level == top:
                continue
            for s in sections:
                if s.start < first_top:
                    a, b = _heading_span(s)
                    parent_style = STANDARD_STYLES.get(top, "")
                    ctx.report(
                        a, b, f"“{s.marker}”出现在第一个“{render(parent_style, 1)}”之前，层级有误"
                    )


class LevelSkipped(Rule):
    """跳过一级：``一、`` 之下直接用 ``（1）``（提示）。

    检查内容
        与上级相隔一级以上的第一个编号子标题。

    为什么
        GB/T 9704-2012 规定的是各级的先后次序，并未要求每级都用：讲话稿可以从 ``一、``
        直接到 ``1.``。因此本规则默认关闭（``extend-select: [NU007]`` 可开启，供要求逐级
        使用的单位），开启后为提示。

    示例
        ``一、总体要求`` 之下是 ``1.深入基层``。

    修改为
        无须修改；按完整层次可写作 ``（一）``。

    配置项
        无。
    """

    code = "NU007"
    name = "level-skipped"
    category = Category.NUMBERING
    severity = Severity.INFO
    default_enabled = False
    visits = frozenset({"section"})

    def visit(self, node: Node, ctx: RuleContext) -> None:
        if node.ordinal is None:
            return
        for level, sections in sorted(numbered_children(node).items()):
            if level > node.level + 1 and level <= 4:
                s = sections[0]
                a, b = _heading_span(s)
                skipped = "、".join(
                    render(STANDARD_STYLES[v], 1) for v in range(node.level + 1, level)
                )
                ctx.report(a, b, f"“{s.marker}”直接位于“{node.marker}”之下，跳过了“{skipped}”层级")
                break


class LevelStyleMixed(Rule):
    """同一层级在一篇稿子里用了两种写法（这里 ``1、``，那里 ``1.``）。

    检查内容
        全文同一层级所有编号标题的序号写法；每个层级只报一次，报在较少见写法的第一个标题上。

    为什么
        GB/T 9704-2012 7.3.3：同一层级全文只用一种形式。

    示例
        一节里是 ``1.深入基层``，另一节里是 ``1、狠抓落实``。

    修改为
        全部用标准写法 ``1.``。

    配置项
        无。
    """

    code = "NU008"
    name = "level-style-mixed"
    category = Category.NUMBERING
    severity = Severity.WARNING

    def finish(self, ctx: RuleContext) -> None:
        by_level: dict[int, list[Node]] = {}
        for s in ctx.nodes_of("section"):
            if s.ordinal is not None:
                by_level.setdefault(s.level, []).append(s)
        for level, sections in by_level.items():
            styles = Counter(s.style for s in sections)
            if len(styles) < 2:
                continue
            standard = STANDARD_STYLES.get(level)
            main = standard if standard in styles else styles.most_common(1)[0][0]
            odd = next(s for s in sections if s.style != main)
            a, b = _heading_span(odd)
            others = "、".join(f"“{render(st, 1)}”" for st in styles if st != odd.style)
            ctx.report(a, b, f"同级序号写法不一致：此处用“{render(odd.style, 1)}”，他处用{others}")


_PART_HINT = lazy(r"^第[一二三四五六七八九十]+部分")


class UnnumberedPartHeading(Rule):
    """无序号的部分标题与同级的编号标题混用（提示）。

    检查内容
        一级标题编号为 ``一、`` ``二、`` 的稿子里，没有序号的一级标题。稿子按部分组织时
        （部分标题之后各自从 ``一、`` 编号，或在一组编号结束后另起一部分）不报；夹在连续
        编号中间的无号标题（``一、`` [无号] ``二、``）照报。

    为什么
        分部分的报告（回顾、形势、任务）常常部分标题不编号、只给最后一部分的各节编号，读者
        分不清层级；GB/T 9704-2012 7.3.3 要求各级都编号。很多稿子有意如此，所以是提示。

    示例
        ``十一届以来的工作回顾`` …… ``下阶段的工作重点``，其后是 ``一、`` …… ``四、``。

    修改为
        ``第一部分　十一届以来的工作回顾``（或给每个一级标题编号）。

    配置项
        无。
    """

    code = "NU009"
    name = "unnumbered-part-heading"
    category = Category.NUMBERING
    severity = Severity.INFO

    def finish(self, ctx: RuleContext) -> None:
        top = [s for s in ctx.document.children if s.kind == "section" and s.level == 1]
        numbered = [s for s in top if s.ordinal is not None]
        if not numbered:
            return
        example = numbered[0].marker
        # Part headings each followed by sections counting from 一、 again (关于国内建设 一、
        # 二、 … 关于外交工作 一、 …): the restart makes the ranks plain, so none is flagged.
        heads_a_run = [
            k
            for k, s in enumerate(top)
            if s.ordinal is None and k + 1 < len(top) and top[k + 1].ordinal == 1
        ]
        parts = set(heads_a_run) if len(heads_a_run) >= 2 else set()
        # Once a part heading has opened a run, a heading after a finished run is the next
        # part (… 六、 六五计划前两年的执行情况 … 关于外交工作): unless the count goes on
        # after it (一、 二、 [heading] 三、), where it is a section that lost its number.
        first_part = heads_a_run[0] if heads_a_run else len(top)
        later_parts = {
            k
            for k, s in enumerate(top)
            if k > first_part
            and s.ordinal is None
            and s.heading is not None
            and not CONVENTIONAL_HEADING.match(ctx.text, s.heading.start, s.heading.end)
            and not _amid_a_run(top, k)
        }
        if later_parts:
            parts |= later_parts | {first_part}
        for k, s in enumerate(top):
            if s.ordinal is None and s.heading is not None:
                text = ctx.text[s.heading.start : s.heading.end]
                if _PART_HINT.match(text) or CONVENTIONAL_HEADING.match(text) or k in parts:
                    continue
                ctx.report(
                    s.heading.start,
                    s.heading.end,
                    f"此标题无序号，而同级标题用“{example}”编号；"
                    "如为部分标题，可写作“第一部分”等以示区别",
                )


def _amid_a_run(top: list[Node], k: int) -> bool:
    """Whether the numbered sections around top[k] count on across it (二、 [k] 三、)."""
    before = next((s.ordinal for s in reversed(top[:k]) if s.ordinal is not None), None)
    after = top[k + 1].ordinal if k + 1 < len(top) else None
    return before is not None and after == before + 1


RULES: list[type[Rule]] = [
    SectionSequence,
    EnumerationSequence,
    EnumerationSingle,
    EnumerationMixedMarkers,
    OrdinalMark,
    HeadingHierarchy,
    LevelSkipped,
    LevelStyleMixed,
    UnnumberedPartHeading,
]
