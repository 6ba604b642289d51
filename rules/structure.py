"""Structure rules (ST): the draft read as a whole through its section tree.

Title, salutation, the count a speaker announces (讲四点意见) against the body, empty and
single sub-sections, the closing, and the speaker/date line.
"""

from __future__ import annotations

import bisect
from typing import ClassVar

from speechlint.checking.diagnostics import Category, Fix, Severity
from speechlint.checking.rule import Option, Rule, RuleContext
from speechlint.document import genre
from speechlint.document.conventions import (
    RUN_IN_ADDRESSEE,
    cn_to_int,
    has_closing_phrase,
    int_to_cn,
)
from speechlint.document.tree import Node
from speechlint.speed.lazyre import lazy

_SPEECH_TITLE = lazy(
    r"讲话|致辞|发言|报告|讲稿|演讲|贺词|开幕词|闭幕词|主持词|总结|在.{1,40}上的|动员|部署|意见|纲要|辞$|词$"
)
_ORG_LIKE = lazy(r"(?:中心|办公室|办|部|局|委|处|科|厅|院|组|所|站|室|会)$")


def _text(ctx: RuleContext, node: Node) -> str:
    return ctx.text[node.start : node.end]


def _first(doc: Node, kind: str) -> Node | None:
    return next((c for c in doc.children if c.kind == kind), None)


def title_is_doubled(title: str) -> bool:
    """在…上的讲话在…上的讲话: the same text twice at the start of the line."""
    return any(title[:size] == title[size : 2 * size] for size in range(4, len(title) // 2 + 1))


class MissingTitle(Rule):
    """稿子没有题目：开头就是称谓或正文。

    检查内容
        稿子的第一行是否为题目。以 ``同志们：`` 或正文段落开头的稿子没有题目。
        报告开头一句已写明自己是什么（``现在，我代表市人民政府，向大会作政府工作报告``）时
        不报：报告的题目印在封面或网页标题上，单独保存、传阅的正文常从称谓开始。

    为什么
        讲话稿靠题目归档和传阅（STANDARDS.md “Structure of a speech”；GB/T 9704-2012 7.3.1
        标题居首）。

    示例
        第一行就是 ``同志们：``。

    修改为
        在其上加上题目：``在全县工会工作会议上的讲话``。

    配置项
        无。
    """

    code = "ST001"
    name = "missing-title"
    category = Category.STRUCTURE
    severity = Severity.ERROR

    def finish(self, ctx: RuleContext) -> None:
        doc = ctx.document
        if not doc.children or doc.children[0].kind in ("title", "meta"):
            return
        if doc.genre == genre.REPORT and _opening_names_report(ctx):
            return
        first = doc.children[0]
        node = first.children[0] if first.children else first
        line_end = ctx.text.find("\n", node.start)
        end = node.end if line_end < 0 else min(node.end, line_end)
        what = "称谓" if first.kind == "salutation" else "正文"
        ctx.report(node.start, end, f"讲话稿缺少标题：首行即为{what}，请在其前补上标题")


def _opening_names_report(ctx: RuleContext) -> bool:
    opening = next((c for c in ctx.document.children if c.kind == "opening"), None)
    return opening is not None and genre.opening_names_report(
        ctx.text[opening.start : min(opening.end, opening.start + 400)]
    )


class TitleNotSpeechLike(Rule):
    """第一行不像讲话稿的题目（如 ``信息中心``）。

    检查内容
        不含 讲话/致辞/发言/报告/讲稿/在……上的、像单位名称或信头的短首行，且其下没有副题
        （``——在……上的讲话``）。题目重复归 RP 规则。

    为什么
        粘贴在稿子上方的信头或部门名称遮住了真正的题目。这是编辑惯例而非标准，所以是警告。

    示例
        第一行是 ``信息中心``，接着是 ``同志们：``。

    修改为
        写上讲话题目：``在县总工会全委（扩大）会议上的讲话``。

    配置项
        无。
    """

    code = "ST002"
    name = "title-not-speech-like"
    category = Category.STRUCTURE
    severity = Severity.WARNING

    def finish(self, ctx: RuleContext) -> None:
        title = _first(ctx.document, "title")
        if title is None:
            return
        text = _text(ctx, title)
        if _SPEECH_TITLE.search(text) or title_is_doubled(text):
            return
        meta = [c for c in ctx.document.children if c.kind == "meta"]
        if any(_text(ctx, m).startswith(("—", "-")) for m in meta):
            return  # a slogan title with its subtitle below
        if len(text) <= 8 or _ORG_LIKE.search(text):
            ctx.report(
                title.start, title.end, f"首行“{text}”不像讲话标题，请改为“在…上的讲话”等标题"
            )


class TitlePunctuation(Rule):
    """题目末尾有标点（``。`` ``：`` ``，`` ``；``）。

    检查内容
        题目行的最后一个字符。

    为什么
        GB/T 9704-2012 7.3.1：公文标题末尾不加标点。

    示例
        ``在全县工会工作会议上的讲话。``

    修改为
        ``在全县工会工作会议上的讲话``（修复会删去该标点）。

    配置项
        无。
    """

    code = "ST003"
    name = "title-punctuation"
    category = Category.STRUCTURE
    severity = Severity.ERROR
    fixable = True

    def finish(self, ctx: RuleContext) -> None:
        title = _first(ctx.document, "title")
        if title is None or title.end - title.start < 2:
            return
        last = ctx.text[title.end - 1]
        if ctx.text[title.end - 2] in ".。…" or title_is_doubled(_text(ctx, title)):
            return  # an ellipsis is PU's; a doubled title is RP's
        if last in "。：:，,；;、.":
            ctx.report(
                title.end - 1,
                title.end,
                f"标题末尾不加标点，请删去“{last}”",
                fix=Fix.replace(title.end - 1, title.end, ""),
            )


_SPEECH_WORDS = lazy(r"讲话|致辞|发言|演讲|讲稿|贺词|开幕词|闭幕词")


class SalutationMissing(Rule):
    """讲话稿正文前没有称谓。

    检查内容
        题目表明是讲话（讲话、致辞、发言……）或没有题目，但正文前没有 ``同志们：`` 之类称谓
        的稿子。粘成一行的稿子里，称谓写在网页按语之后（``编者按：……。同志们：……``）的，不报。

    为什么
        STANDARDS.md “Structure of a speech”：题目 → 署名日期 → 称谓 → 开头。书面报告不用
        称谓，所以只查讲话稿和主持词，且为警告。

    示例
        题目之后直接是 ``今天，我们召开……``。

    修改为
        加上称谓：``同志们：``。

    配置项
        无。
    """

    code = "ST004"
    name = "salutation-missing"
    category = Category.STRUCTURE
    severity = Severity.WARNING
    genres = frozenset({"speech", "host"})

    def finish(self, ctx: RuleContext) -> None:
        doc = ctx.document
        if _first(doc, "salutation") is not None or len(doc.children) < 2:
            return
        title = _first(doc, "title")
        if title is not None and not _SPEECH_WORDS.search(_text(ctx, title)):
            return
        body = next((c for c in doc.children if c.kind not in ("title", "meta")), None)
        if body is None:
            return
        anchor = body.children[0] if body.children and body.kind != "section" else body
        end = anchor.heading.end if anchor.heading is not None else anchor.end
        if _INLINE_SALUTATION.search(ctx.text, anchor.start, min(end, anchor.start + 600)):
            return  # a draft pasted as one line: the salutation is there, after a web note
        ctx.report(anchor.start, end, "讲话稿缺少称谓，请在正文前加“同志们：”等称谓")


# A salutation inside a run-on first paragraph, after the sentence or the label before it
# (编者按：……。同志们：今天……, 全文详见：同志们：……).
_INLINE_SALUTATION = lazy(
    rf"[。！？!?：:][ \u3000]*(?:尊敬的)?[^。！？，,；;：:\n]{{0,16}}?{RUN_IN_ADDRESSEE}"
)


class SalutationMisplaced(Rule):
    """称谓出现在第一段正文之后，或与题目挤在同一行。

    检查内容
        上方还有开头段落的称谓行；紧接在题目后、写在同一行的称谓（``……的讲话同志们：``，多是
        从网页复制时丢了换行）。整篇正文也接在同一行里（称谓后 80 字内没有换行）时不报：稿子丢了
        全部换行，称谓的位置只是其中一处。

    为什么
        称谓是讲话的开端（STANDARDS.md “Structure of a speech”）；称谓上方的文字多是从别处
        粘贴来的。

    示例
        ``今天召开会议。`` 之后才是 ``同志们：``。

    修改为
        把 ``同志们：`` 移到第一段之上。

    配置项
        无。
    """

    code = "ST005"
    name = "salutation-misplaced"
    category = Category.STRUCTURE
    severity = Severity.WARNING

    def finish(self, ctx: RuleContext) -> None:
        kinds = [c.kind for c in ctx.document.children]
        if "salutation" not in kinds:
            return
        index = kinds.index("salutation")
        sal = ctx.document.children[index]
        if "opening" in kinds[:index]:
            ctx.report(sal.start, sal.end, "称谓应置于正文之前，请移到第一段之上")
        elif index > 0 and kinds[index - 1] == "title":
            title = ctx.document.children[index - 1]
            between = ctx.text[title.end : sal.start]
            if "\n" not in between and "\r" not in between and not _runs_on(ctx, sal.end):
                ctx.report(sal.start, sal.end, "称谓与题目写在了同一行，请把称谓另起一行")


# A line that goes on this far past the salutation holds the body as well: the draft lost
# its line breaks, and the salutation's place is the least of what that did.
_RUN_ON_BODY = 80


def _runs_on(ctx: RuleContext, at: int) -> bool:
    line_end = ctx.text.find("\n", at, at + _RUN_ON_BODY + 1)
    return line_end < 0 and len(ctx.text) - at > _RUN_ON_BODY


class SalutationPunctuation(Rule):
    """称谓后不是冒号（``同志们，`` 或什么也没有）。

    检查内容
        讲话开头称谓后的标点。半角 ``:`` 归 PU001（半角标点）。结尾段以 ``同志们，`` 开头
        是另一种正确用法，不查。

    为什么
        GB/T 15834-2011 4.6（冒号）：讲话稿的称谓后用冒号。

    示例
        正文上方单独一行 ``同志们，`` 或 ``同志们``。

    修改为
        ``同志们：``

    配置项
        无。
    """

    code = "ST006"
    name = "salutation-colon"
    category = Category.STRUCTURE
    severity = Severity.ERROR
    fixable = True

    def finish(self, ctx: RuleContext) -> None:
        sal = _first(ctx.document, "salutation")
        if sal is None:
            return
        text = _text(ctx, sal)
        last = text[-1]
        if last in "：:":
            return
        if last in "，,！!":
            fix = Fix.replace(sal.end - 1, sal.end, "：")
            ctx.report(sal.end - 1, sal.end, f"称谓后应用冒号：“{last}”改为“：”", fix=fix)
        else:
            fix = Fix.replace(sal.end, sal.end, "：")
            ctx.report(sal.start, sal.end, "称谓后缺少冒号，请加“：”", fix=fix)


_CN_COUNT = "一二三四五六七八九十两"
_PARAGRAPHS = frozenset({"paragraph"})
ANNOUNCEMENT = lazy(
    r"(?:(?:讲|提|谈|说|强调|提出|谈谈|讲讲|提几|汇报)(?:以下|这么|这样)?|以下|从)"
    rf"(?P<n>[{_CN_COUNT}]{{1,2}}|\d{{1,2}})"
    r"(?P<unit>点|个方面|方面|条)"
    r"(?P<what>意见|要求|看法|体会|建议|想法|希望|感受|认识|打算|工作)?"
)


def cn_count(n: int) -> str:
    """A count as a speech says it: 两部分, not 二部分."""
    return "两" if n == 2 else int_to_cn(n)


def announced_count(raw: str) -> int | None:
    if raw.isdigit():
        return int(raw)
    return cn_to_int(raw.replace("两", "二"))


class AnnouncedCountMismatch(Rule):
    """讲话宣布的条数（``讲四点意见``）与正文的部分数不符。

    检查内容
        ``讲四点意见``、``讲4点意见``、``提三点要求``、``强调三个方面``、``从以下三个方面`` ——
        与其后的编号部分比较（开头宣布的，比后面的一级标题；某节内宣布的，比该节的下级标题），
        没有编号部分时比后面的段内列举（``一是…二是…``）。不具体的宣布（``谈几点体会``）不查。
        两处都报。

    为什么
        STANDARDS.md “Structure of a speech”：宣布了条数，正文就要兑现；修改时丢了或多了
        一部分，是典型失误。

    示例
        ``下面，我讲四点意见。`` 而正文只有 ``一、`` ``二、`` ``三、``。

    修改为
        ``下面，我讲三点意见。``——或补回缺少的部分。

    配置项
        无。
    """

    code = "ST007"
    name = "announced-count-mismatch"
    category = Category.STRUCTURE
    severity = Severity.ERROR

    def finish(self, ctx: RuleContext) -> None:
        # One scan of the draft (anchored on 讲提谈… where that pays), not one per paragraph.
        # What follows an announcement is looked up, not collected: each scope's sections
        # and each paragraph's enumerations are indexed once (a draft pasted as one long
        # line holds thousands of announcements and enumerations in one paragraph, and a
        # scan of them per announcement grew with the square of its length).
        scopes: dict[int, _FollowingSections] = {}
        paragraphs: dict[int, _FollowingEnumerations] = {}
        for node, m in ctx.node_matches(ANNOUNCEMENT, _PARAGRAPHS):
            count = announced_count(m.group("n"))
            if count is None or count < 2:
                continue
            start = m.start()
            found = self._units_after(node, start, scopes, paragraphs)
            if found is None:
                continue
            n, last = found
            if n == count:
                continue
            said = m.group(0)
            ctx.report(
                start,
                m.end(),
                f"“{said}”与正文不符：正文共有{cn_count(n)}部分，请核对统一",
            )
            end = last.heading.end if last.heading is not None else last.end
            ctx.report(
                last.start,
                min(end, last.start + 40),
                f"正文共{cn_count(n)}部分，与前文“{said}”不一致",
            )

    @staticmethod
    def _units_after(
        node: Node,
        offset: int,
        scopes: dict[int, _FollowingSections],
        paragraphs: dict[int, _FollowingEnumerations],
    ) -> tuple[int, Node] | None:
        """How many units follow offset, and the last of them: the top-level numbered
        sections after it in its scope, else the units of the paragraph's next enumeration."""
        scope = node.parent
        while scope is not None and scope.kind not in ("document", "section"):
            scope = scope.parent
        if scope is None:
            return None
        sections = scopes.get(id(scope))
        if sections is None:
            sections = scopes[id(scope)] = _FollowingSections(scope)
        found = sections.after(offset)
        if found is not None:
            return found
        enumerations = paragraphs.get(id(node))
        if enumerations is None:
            enumerations = paragraphs[id(node)] = _FollowingEnumerations(node)
        return enumerations.after(offset)


class _FollowingSections:
    """A scope's numbered child sections, indexed to answer for any offset: how many of
    those starting after it are at the shallowest level among them, and the last of those."""

    def __init__(self, scope: Node) -> None:
        numbered = [s for s in scope.children if s.kind == "section" and s.ordinal is not None]
        self.sections = numbered
        self.starts = [s.start for s in numbered]
        # The shallowest level from each position on, and each level's positions.
        self.top_from = [0] * len(numbered)
        top = None
        for i in range(len(numbered) - 1, -1, -1):
            level = numbered[i].level
            top = level if top is None or level < top else top
            self.top_from[i] = top
        self.at_level: dict[int, list[int]] = {}
        for i, s in enumerate(numbered):
            self.at_level.setdefault(s.level, []).append(i)

    def after(self, offset: int) -> tuple[int, Node] | None:
        i = bisect.bisect_right(self.starts, offset)  # children lie in document order
        if i == len(self.sections):
            return None
        places = self.at_level[self.top_from[i]]
        return len(places) - bisect.bisect_left(places, i), self.sections[places[-1]]


class _FollowingEnumerations:
    """A paragraph's counted enumerations (一是…, ①…, （一）…), to find the first at or after
    an offset."""

    def __init__(self, paragraph: Node) -> None:
        self.enumerations = [
            n
            for n in paragraph.walk()
            if n.kind == "enumeration" and n.family in ("cn", "di", "circled", "paren")
        ]
        self.starts = [e.start for e in self.enumerations]

    def after(self, offset: int) -> tuple[int, Node] | None:
        i = bisect.bisect_left(self.starts, offset)
        if i == len(self.enumerations):
            return None
        units = self.enumerations[i].children
        return (len(units), units[-1]) if units else None


class EmptySection(Rule):
    """标题后面紧跟着同级或更高级的下一个标题。

    检查内容
        既没有段落也没有下级标题的编号标题。本身就是一句话的编号行（``1.加强学习。``）是内容，
        不报。

    为什么
        标题下什么都没有，说明这一节的内容在编辑时丢了。编辑惯例，警告。

    示例
        ``二、狠抓落实`` 之后紧接 ``三、加强领导``。

    修改为
        补写这一节的正文，或删去标题并重新编号。

    配置项
        无。
    """

    code = "ST008"
    name = "empty-section"
    category = Category.STRUCTURE
    severity = Severity.WARNING
    visits = frozenset({"section"})

    def visit(self, node: Node, ctx: RuleContext) -> None:
        if node.ordinal is None:
            return
        if any(c.kind != "heading" for c in node.children):
            return
        heading = node.heading or node
        if ctx.text[heading.end - 1] in "。！？!?；;…":
            return  # 1.加强学习。 — a numbered sentence is content, not an empty heading
        ctx.report(heading.start, heading.end, "此标题下没有内容，请补写正文或删去该标题")


class SingleSubsection(Rule):
    """某一层级只有一项：有 ``（一）`` 而无 ``（二）``。

    检查内容
        在其上级之下、同级中唯一的编号标题。

    为什么
        只有一项却编了号，意味着一个并不存在的列表：要么丢了同级的一项，要么序号多余。编辑
        惯例，警告。

    示例
        ``一、`` 下只有 ``（一）加强学习``，没有 ``（二）``。

    修改为
        补上缺少的 ``（二）``，或去掉序号。

    配置项
        无。
    """

    code = "ST009"
    name = "single-subsection"
    category = Category.STRUCTURE
    severity = Severity.WARNING
    visits = frozenset({"document", "section"})

    def visit(self, node: Node, ctx: RuleContext) -> None:
        by_level: dict[int, list[Node]] = {}
        for child in node.children:
            if child.kind == "section" and child.ordinal is not None:
                by_level.setdefault(child.level, []).append(child)
        for sections in by_level.values():
            if len(sections) == 1 and sections[0].ordinal == 1:
                s = sections[0]
                if _list_goes_on_in_line(s, ctx.text):
                    continue
                end = s.heading.end if s.heading is not None else s.end
                ctx.report(
                    s.start,
                    min(end, s.start + len(s.marker) + 20),
                    f"本级只有“{s.marker}”一项，请补齐后续各项或去掉序号",
                )


# The second item's number, for the first item's: 1、 → 2、, （一） → （二）, ① → ②.
_SECOND = {"1": "2", "一": "二", "①": "②"}
_CLAUSE_ENDS = "。；;！？!?，,"


def _list_goes_on_in_line(section: Node, text: str) -> bool:
    """The items after the first were typed on its own line (``1、…。2、…。3、…``): a list of
    several items, not a level with one."""
    marker = section.marker.strip()
    second = next((marker.replace(a, b, 1) for a, b in _SECOND.items() if a in marker), None)
    if second is None:
        return False
    start = section.start + len(section.marker)
    end = text.find("\n", start)
    line = text[start : end if end >= 0 else len(text)]
    at = line.find(second)
    while at > 0:
        if line[:at].rstrip(" \u3000")[-1:] in _CLAUSE_ENDS:
            return True
        at = line.find(second, at + 1)
    return False


DEFAULT_CLOSINGS = ["谢谢大家", "谢谢各位", "我就讲这些", "我就讲这么多", "就讲到这里", "同志们，"]


class ClosingMissing(Rule):
    """稿子停在最后一部分中间，没有结束语。

    检查内容
        最后一段是否为结束语：``同志们，…``、``谢谢大家！``、``我就讲这些``、``预祝…圆满成功``
        以及 ``phrases`` 配置的短语；单独一行的 ``同志们！``/``各位代表！`` 引起的最后一两段也
        算结束语。稿子中间出现的结束语（粘贴来的结尾）也会报。

    为什么
        讲话以结束段收尾（STANDARDS.md “Structure of a speech”）；没有，往往是结尾被截掉了。
        讲话也有别的收尾方式，所以是警告。只查讲话稿：工作报告和主持词不以结束语收尾。

    示例
        最后一行是 ``四、`` 里的一段正文。

    修改为
        加上结束语：``同志们，……让我们……！``

    配置项
        ``phrases``：让一段成为结束语的其他短语。
    """

    code = "ST010"
    name = "closing-missing"
    category = Category.STRUCTURE
    severity = Severity.WARNING
    # A report ends with its last task and a host's script with 散会: neither has a closing.
    genres = frozenset({"speech"})
    options: ClassVar[dict[str, Option]] = {
        "phrases": Option([], "其他结束语短语，如“以上发言”", list),
    }

    def finish(self, ctx: RuleContext) -> None:
        doc = ctx.document
        if _first(doc, "closing") is not None or not doc.sections():
            return
        leaves = [n for n in ctx.text_nodes if n.kind == "paragraph"]
        if not leaves:
            return
        last = leaves[-1]
        text = _text(ctx, last)
        if has_closing_phrase(text) or any(p and p in text for p in self.opts["phrases"]):
            return  # the closing words end the last part's own paragraph
        end = min(last.end, last.start + 30)
        ctx.report(last.start, end, "讲话稿缺少结束语，请补上“同志们，……”或“谢谢大家！”")


class ClosingInMiddle(Rule):
    """结束语（``谢谢大家``、``我就讲这些``）出现在稿子中间。

    检查内容
        结束语之前、含有结束语短语的正文段落。

    为什么
        从别的稿子粘贴来的结尾，或粘贴在结尾之后的一节。编辑惯例，警告。

    示例
        ``我就讲这些，谢谢大家！`` 之后还有几节。

    修改为
        把这句移到最后，或删去。

    配置项
        无。
    """

    code = "ST011"
    name = "closing-in-middle"
    category = Category.STRUCTURE
    severity = Severity.WARNING
    _STRONG = lazy(r"谢谢大家|谢谢各位|我就讲这些|我就讲这么多|我就讲到这里")

    def finish(self, ctx: RuleContext) -> None:
        closing = _first(ctx.document, "closing")
        limit = closing.start if closing is not None else len(ctx.text)
        body = [n for n in ctx.text_nodes if n.kind == "paragraph" and n.end <= limit]
        if closing is None and body:
            body = body[:-1]  # the last paragraph is the ending, whatever it says
        if not body:
            return
        # One search of the draft (by the prefilter's fastest way), not one per paragraph;
        # a paragraph's first phrase is reported.
        unseen = {id(n) for n in body}
        for node, m in ctx.node_matches(self._STRONG, _PARAGRAPHS):
            if id(node) in unseen:
                unseen.discard(id(node))
                if has_closing_phrase(m.group(0)):
                    ctx.report(m.start(), m.end(), f"结束语“{m.group(0)}”出现在正文中间，请核对")


_ZERO_PADDED = lazy(r"(\d{4})年0?(\d{1,2})月0?(\d{1,2})日")


class SpeakerDateLine(Rule):
    """署名日期行：日期补零。

    检查内容
        题目下署名日期行中补零的日期：``2021年07月01日``。半角括号 ``(2021年7月1日)`` 归
        PU001（半角标点），年份占位符归 PH001：一处问题只报一次。

    为什么
        GB/T 9704-2012 7.3.5.3：日期用阿拉伯数字，不补零（``2012年7月1日``）。

    示例
        ``（2021年07月01日）``

    修改为
        ``（2021年7月1日）``

    配置项
        无。
    """

    code = "ST012"
    name = "speaker-date-format"
    category = Category.STRUCTURE
    severity = Severity.ERROR
    fixable = True
    visits = frozenset({"meta"})

    def visit(self, node: Node, ctx: RuleContext) -> None:
        text = _text(ctx, node)
        for m in _ZERO_PADDED.finditer(text):
            raw = m.group(0)
            good = f"{m.group(1)}年{int(m.group(2))}月{int(m.group(3))}日"
            if raw != good:
                a, b = node.start + m.start(), node.start + m.end()
                ctx.report(a, b, f"日期不加零：“{raw}”应写作“{good}”", fix=Fix.replace(a, b, good))


RULES: list[type[Rule]] = [
    MissingTitle,
    TitleNotSpeechLike,
    TitlePunctuation,
    SalutationMissing,
    SalutationMisplaced,
    SalutationPunctuation,
    AnnouncedCountMismatch,
    EmptySection,
    SingleSubsection,
    ClosingMissing,
    ClosingInMiddle,
    SpeakerDateLine,
]
