"""Repetition rules (RP): doubled words, doubled titles, pasted sentences, recycled passages.

Official prose repeats on purpose — 排比 (自觉维护…自觉接受…), parallel clauses
(得益于…得益于…), set phrases (哪里有职工，哪里就要有工会组织) and reduplication (常常, 研究研究,
家家户户) — and none of that may be flagged. So:

* a doubled word must be an *immediate* repeat whose copies fall on jieba token boundaries and
  is not a known reduplication form; a cheap regex finds candidates first, and jieba (loaded
  once, lazily) segments only the clause around a candidate;
* a repeated sentence must be a whole sentence of at least eight characters.
"""

from __future__ import annotations

import bisect
import itertools
from functools import cache
from typing import ClassVar

from speechlint.checking import segment
from speechlint.checking.diagnostics import Category, Severity
from speechlint.checking.rule import Option, Rule, RuleContext
from speechlint.document.genre import HOST
from speechlint.document.tree import Node
from speechlint.rules.structure import title_is_doubled
from speechlint.safety.digests import blake2b
from speechlint.speed.lazyre import lazy
from speechlint.speed.speedups import COMPILED, HAN, doubled_search, sorted_line_search
from speechlint.speed.speedups import sentences as split_sentences

# Reduplication that is Chinese grammar, not a slip (AA adverbs, classifiers, ABAB verbs).
REDUPLICATION = frozenset(
    """
    等等 看看 想想 试试 走走 谈谈 说说 听听 问问 讲讲 聊聊 坐坐 转转 练练 学学 比比 查查 算算
    个个 人人 天天 年年 月月 日日 事事 处处 时时 层层 步步 家家 户户 条条 件件 样样 声声 种种
    代代 辈辈 世世 岁岁 村村 一一 多多 好好 慢慢 紧紧 牢牢 深深 默默 久久 刚刚 常常 往往 渐渐
    仅仅 恰恰 偏偏 统统 纷纷 频频 谢谢 点点 滴滴 丝丝 重重 轻轻 悄悄 早早 稳稳 实实 扎扎 认认
    研究 讨论 学习 考虑 商量 交流 沟通 锻炼 休息 活动 整理 检查 总结 准备 收拾 打扫 介绍 了解
    体会 琢磨 思考 比较 分析 打听 调查 请示 汇报 梳理 盘点 清理 雪白 通红 冰凉 笔直
    块块 条块 很紧 很好 很快 很多 很大 很难 好好 抓抓 管管 帮帮 改改 理理 转转 议议
    """.split()
)
# 一个一个, 一步一步, 一个台阶一个台阶: 一 + a classifier (and its noun), said twice on purpose.
_ONE_PLUS_CLASSIFIER = lazy(rf"^(?:[一两][{HAN}]|一[{HAN}]{{2,3}})$")


def _is_text(ch: str) -> bool:
    """Whether ch is a Han character (HAN) or an ASCII letter or digit: what the sentence
    normaliser keeps (speedups.NOT_TEXT is the class of the rest)."""
    return (
        "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or (ch.isascii() and ch.isalnum())
    )


def _all_han(text: str) -> bool:
    """Whether text is one or more Han characters (of HAN: U+4E00 to U+9FFF, U+3400 to U+4DBF).
    A test in Python: the class would cost re ~2 ms to compile in every process."""
    return bool(text) and all(
        "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" for ch in text
    )


# A single character that commonly begins a compound: in 创新新产业 the second 新 belongs to
# 新产业, so a doubled character of this kind is not a slip.
_PREFIX_CHARS = frozenset(
    "新大小老总副非不全高多各每本该超准次反半双单首主前后上下中内外再重无有好一二三"
)


class SortedWords:
    """Words of one sorted list (lines joined by "\\n"), tested for membership in place.

    With the C extension a test is a binary search of the text (~1 µs), and the answer is
    remembered. A set of the 45,810 two-character words took ~6 ms to build (and ~5 MB) in
    every process, most of a one-draft run's RP001 cost for a few tests a draft. Without the
    extension the search runs in Python (~15 µs), so the set is built instead.
    """

    def __init__(self, text: str) -> None:
        self._text = text.strip("\n")
        self._answers: dict[str, bool] = {}
        self._set = None if COMPILED else frozenset(self._text.split("\n"))

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        if self._set is not None:
            return word in self._set
        found = self._answers.get(word)
        if found is None:
            found = self._answers[word] = (
                "\n" not in word and bool(word) and sorted_line_search(self._text, word) == word
            )
        return found


@cache
def two_character_words() -> SortedWords:
    from speechlint.checking.patterns import rule_data

    return SortedWords(rule_data("words2.txt").read_text("utf-8"))


_ASPECT_PARTICLES = frozenset("了着过")
_STRUCTURAL_PARTICLES = frozenset("的地得")


def _straddles_two_words(text: str, i: int) -> bool:
    """XX at i, i+1 where (previous character + X) and (X + next character) are both words:
    职工工资, 工作作风, 工会会员 — two words meeting, not a doubled character. A verb X
    followed by an aspect particle counts as a word too: 对下步工作作了安排 (工作 + 作了)."""
    if i == 0 or i + 2 >= len(text):
        return False
    words = two_character_words()
    if text[i - 1 : i + 1] not in words:
        return False
    # 脚踏实地地: a word ending in 的/地/得, then the same character as a structural particle.
    return (
        text[i + 1 : i + 3] in words
        or text[i + 2] in _ASPECT_PARTICLES
        or text[i + 1] in _STRUCTURAL_PARTICLES
    )


def _reduplicated_form(text: str, i: int) -> bool:
    """一AA (一座座, 一颗颗, 一步步: a classifier said twice after 一), an adjective AA before
    的/地 (练得棒棒的, 长得壮壮的) and 是 after a word or idiom that ends in 是 (实事求是是
    我们党的思想路线: the second 是 is the verb): forms of the grammar, not slips."""
    before = text[i - 1] if i > 0 else ""
    after = text[i + 2] if i + 2 < len(text) else ""
    if before == "一" or after in _STRUCTURAL_PARTICLES:
        return True
    if text[i] in _PREPOSITIONS and text[i - 1 : i + 1] in two_character_words():
        return True  # 纵向向市县延伸: 纵向, then the preposition 向 that opens the next phrase
    if (before in _SURNAMES and (i < 2 or not _all_han(text[i - 2]))) or _quoted_term(text, i):
        return True  # 屠呦呦, 王丽丽: a given name; “宜荆荆”: a short quoted abbreviation
    return text[i] == "是" and i >= 1 and text[i - 1 : i + 1] in _ENDS_IN_SHI


# Prepositions that open a phrase right after a word ending in the same character.
_PREPOSITIONS = frozenset("向在对为从以把被给于与跟")
# Common surnames: a doubled character after one, at a word's start, is a given name.
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤屠"
)


def _quoted_term(text: str, i: int) -> bool:
    """Whether the doubled pair at i lies inside a quoted term of at most six characters."""
    left = text.rfind("“", max(0, i - 5), i + 1)
    if left < 0:
        return False
    right = text.find("”", i + 2, left + 8)
    return right >= 0


# Words and idioms that end in 是 and are often followed by the verb 是.
_ENDS_IN_SHI = frozenset(
    {
        "求是",
        "但是",
        "就是",
        "还是",
        "总是",
        "正是",
        "也是",
        "都是",
        "只是",
        "于是",
        "凡是",
        "若是",
        "要是",
        "倒是",
        "可是",
        "硬是",
    }
)


def _aabb(text: str, i: int) -> bool:
    """实实在在, 干干净净: a doubled character next to another doubled character."""
    before = i >= 2 and text[i - 2] == text[i - 1] != text[i]
    after = i + 3 < len(text) and text[i + 2] == text[i + 3] != text[i]
    return before or after


# Characters of context jieba sees on each side of a doubled-word candidate: far more than any
# word it knows, and more than nearly every clause between two punctuation marks.
SEGMENT_CONTEXT = 120


def doubled_words(
    text: str, excused: list[tuple[int, int, str]] | None = None
) -> list[tuple[int, int, str]]:
    """(start, end, unit) of immediate repeats that are slips, offsets within text. A doubled
    character let off only because the second one starts a word (``工作作风``, ``工作作了``)
    goes into excused, if given."""
    found: list[tuple[int, int, str]] = []
    pos = 0
    while True:
        # Candidates: where ([HAN]{1,8})\1 matches, compiled when the extension is built.
        hit = doubled_search(text, pos)
        if hit is None:
            return found
        start, size = hit
        end = start + 2 * size
        unit = text[start : start + size]
        pos = start + 1
        if (
            text[start:end] in REDUPLICATION
            # (an AA form said twice, 等等等等, is a slip: only ABAB repeats a word on purpose)
            or (unit in REDUPLICATION and unit[:1] * len(unit) != unit)
            or _ONE_PLUS_CLASSIFIER.match(unit)
        ):
            continue
        if size == 1 and (
            unit in _PREFIX_CHARS or _aabb(text, start) or _reduplicated_form(text, start)
        ):
            continue  # settled without segmentation: jieba stays unloaded
        if size == 1 and _straddles_two_words(text, start):
            if excused is not None:
                excused.append((start, end, unit))
            continue
        # Segment only the clause around the candidate, and of a clause with no punctuation
        # for hundreds of characters (a pasted table, a run of one character) only the
        # SEGMENT_CONTEXT characters each side: segmenting the whole clause again for each
        # candidate in it took time quadratic in its length (a 20,000-character run, 4.5 s).
        lo = start
        floor = max(0, start - SEGMENT_CONTEXT)
        while lo > floor and _is_text(text[lo - 1]):
            lo -= 1
        hi = end
        ceiling = min(len(text), end + SEGMENT_CONTEXT)
        while hi < ceiling and _is_text(text[hi]):
            hi += 1
        clause = text[lo:hi]
        bounds = segment.boundaries(clause)
        mid, end_in_clause = start + size - lo, end - lo
        if mid in bounds and end_in_clause in bounds:
            if size == 1 and _attaches_forward(clause, end_in_clause - 1, bounds):
                if excused is not None:
                    excused.append((start, end, unit))
                continue
            found.append((start, end, unit))
            pos = end
        elif size == 1 and mid in bounds and excused is not None:
            excused.append((start, end, unit))  # the second one opens a word: 书记 记在


def _attaches_forward(clause: str, i: int, bounds: frozenset[int]) -> bool:
    """Whether the single character at i starts a compound with the word after it."""
    if clause[i] in _PREFIX_CHARS:
        return True
    nxt = min((b for b in bounds if b > i + 1), default=None)
    if nxt is None:
        return False
    return segment.is_word(clause[i:nxt])


class DoubledWord(Rule):
    """同一个词连打两遍：``会议会议``、``协作协作``、``亿美元亿美元``、``总书记记``。

    检查内容
        一到八个汉字紧接着重复一遍，两份都落在词的边界上（jieba 分词，加上公文词表），并且
        不是汉语的重叠形式（``常常``、``天天``、``研究研究``、``家家户户``、``一个一个``、
        ``一步步``）。``工会会员`` 不报：两个“会”属于不同的词；``创新新产业`` 也不报，后一个
        “新”是“新产业”的开头。但同一稿子里在同样的字后面已有一处确定的重复
        （``总书记记关于``），别处的 ``总书记记在`` 也报：是同一个笔误。

    为什么
        复制粘贴的失误，读者会一眼带过，念稿的人却会卡住。

    示例
        ``全县各级党组织保障经济社会高质量追赶发展工作会议会议精神``

    修改为
        ``……工作会议精神``

    配置项
        无。只有找到疑似重复时才加载 jieba。
    """

    code = "RP001"
    name = "doubled-word"
    category = Category.REPETITION
    severity = Severity.ERROR
    needs_tokens = True
    KINDS = frozenset({"paragraph", "heading", "meta", "salutation"})

    def finish(self, ctx: RuleContext) -> None:
        # The nodes worth a look are found with one scan of the whole draft: a node holds a
        # candidate only if the draft has one starting inside it (a Han run never crosses a
        # node's end, and a longer run through it still matches at the same start). Most
        # paragraphs have none; visiting each cost more than the scan.
        text = ctx.text
        pos = 0
        slips: list[tuple[int, int, str]] = []
        excused: list[tuple[int, int, str]] = []
        while (hit := doubled_search(text, pos)) is not None:
            node = ctx.node_at(hit[0])
            if node is None:
                pos = hit[0] + 1
                continue
            if node.kind in self.KINDS:
                here: list[tuple[int, int, str]] = []
                found = doubled_words(text[node.start : node.end], here)
                slips += [(node.start + a, node.start + b, u) for a, b, u in found]
                excused += [(node.start + a, node.start + b, u) for a, b, u in here]
            pos = max(node.end, hit[0] + 1)  # the node is done: on to the next one
        if excused and slips:
            # The same slip made again (``总书记记关于…``, ``总书记记在…``): a doubled character
            # let off because the next word happens to start with it is still a slip where
            # the draft doubles it after the same words elsewhere.
            seen = {_slip_frame(text, a, b) for a, b, _u in slips}
            slips += [x for x in excused if _slip_frame(text, x[0], x[1]) in seen]
            slips.sort()
        for a, b, unit in slips:
            ctx.report(a, b, f"“{unit}”重复，请删去一个")


# Characters before a doubled one that make its frame: 总书记 of 总书记记.
SLIP_FRAME = 3


def _slip_frame(text: str, start: int, end: int) -> str:
    return text[max(0, start - SLIP_FRAME + 1) : end]


class DoubledTitle(Rule):
    """题目或标题粘贴了两遍，在同一行或相邻两行。

    检查内容
        以同一段文字开头两遍的题目或标题行（``在全市工会工作会议上的讲话在全市工会工作会议上的讲话``），
        以及紧接在题目或标题下、重复它的一行。

    为什么
        重复的题目是听众最先看到或听到的。

    示例
        ``在全市工会工作会议上的讲话在全市工会工作会议上的讲话``

    修改为
        ``在全市工会工作会议上的讲话``

    配置项
        无。
    """

    code = "RP002"
    name = "doubled-title"
    category = Category.REPETITION
    severity = Severity.ERROR

    def finish(self, ctx: RuleContext) -> None:
        heads = [n for n in ctx.text_nodes if n.kind in ("title", "heading")]
        for node in heads:
            text = ctx.text[node.start : node.end]
            for size in range(4, len(text) // 2 + 1):
                if text[:size] == text[size : 2 * size]:
                    what = "标题" if node.kind == "title" else "小标题"
                    ctx.report(
                        node.start, node.start + 2 * size, f"{what}“{text[:size]}”重复了两次"
                    )
                    break
        nodes = ctx.text_nodes
        for a, b in itertools.pairwise(nodes):
            if a.kind not in ("title", "heading"):
                continue
            first = ctx.text[a.start : a.end]
            if title_is_doubled(first):
                first = next(
                    first[:k] for k in range(4, len(first)) if first[:k] == first[k : 2 * k]
                )
            second = ctx.text[b.start : b.end]
            if len(first) >= 6 and second.startswith(first):
                ctx.report(b.start, b.start + len(first), f"与上一行重复：“{first}”")


def sentences(ctx: RuleContext) -> list[tuple[int, int, str]]:
    """(start, end, normalised text) of every sentence in paragraphs and headings: see
    speechlint.speed.speedups.sentences_py for what a sentence and its normalised text are."""

    def build() -> list[tuple[int, int, str]]:
        spans = [(n.start, n.end) for n in ctx.text_nodes if n.kind in ("paragraph", "heading")]
        return split_sentences(ctx.text, spans)

    return ctx.memo("sentences", build)


# A repeated sentence this short that opens a paragraph going on after it reads as a run-in
# heading (加强社会保障体系建设。今年要…).
LEAD_IN = 14


def _leads(ctx: RuleContext, start: int, end: int) -> bool:
    """Whether the sentence start..end opens a paragraph that goes on after it."""
    node = ctx.node_at(start)
    return node is not None and node.kind == "paragraph" and node.start == start < end < node.end


class RepeatedSentence(Rule):
    """同一句话在稿子里出现两次——粘贴重复的段落。

    检查内容
        去掉标点后不少于 ``min_length`` 个字、在后文又出现的句子（以 。！？； 结尾）。报第二次
        出现处，并指向第一次。句内的排比分句不单独比较；连续几句一起重复（粘贴了一整段）只报
        一处。单独一句的短句（不超过 14 个字）在另一个部分（``一、`` 与 ``三、``）再次出现的，
        如回顾和部署里都有的 ``大力发展循环经济。``，是同一项任务，不报。主持词里逐项重复的
        表决、宣读程序（``同意的请举手。``、``请大家审议。``）是体例，不报。

    为什么
        一句话粘贴了两遍——常是把别处的整段搬了过来。有的讲话有意重复口号，所以是警告。

    示例
        开头有一句话，第三部分又原样出现。

    修改为
        删去第二处或改写。

    配置项
        ``min_length``（默认 8）。
    """

    code = "RP003"
    name = "repeated-sentence"
    category = Category.REPETITION
    severity = Severity.WARNING
    options: ClassVar[dict[str, Option]] = {
        "min_length": Option(8, "比较的最短句子（字数）", int, minimum=2),
    }

    def finish(self, ctx: RuleContext) -> None:
        first_seen: dict[str, int] = {}
        minimum = self.opts["min_length"]
        # A pasted paragraph repeats several sentences in a row: one finding for the run.
        run: list[int] = []  # start, end, first copy's start and end, sentences
        last_index = -2
        host = ctx.document.genre == HOST
        for index, (start, end, norm) in enumerate(sentences(ctx)):
            if len(norm) < minimum:
                continue
            first = first_seen.get(norm)
            if first is None:
                first_seen[norm] = start
                continue
            if _in_heading(ctx, start) or _in_heading(ctx, first):
                # A heading that repeats a line of the draft's own table of contents or agenda
                # (二、加快经济建设 listed at the top, then heading its part) is no slip.
                continue
            if (
                len(norm) <= LEAD_IN
                and _leads(ctx, start, end)
                and _leads(ctx, first, first + (end - start))
            ):
                # 加强社会保障体系建设。 opening two paragraphs: a run-in heading that names
                # its topic again where the plan returns to it, not a pasted sentence.
                continue
            if host and _PROCEDURE.search(ctx.text, start, end):
                # A host's script runs each vote and reading alike (同意的请举手。…一致通过。).
                continue
            if run and index == last_index + 1:
                run[1] = end
                run[3] = max(run[3], first + (end - start))
                run[4] += 1
            else:
                self._report(ctx, run)
                run = [start, end, first, first + len(norm), 1]
            last_index = index
        self._report(ctx, run)

    @staticmethod
    def _report(ctx: RuleContext, run: list[int]) -> None:
        if not run:
            return
        start, end, first, first_end, count = run
        if (
            count == 1
            and end - start <= LEAD_IN + 1
            and _part_of(ctx, start) is not _part_of(ctx, first)
        ):
            # A short task sentence (大力发展循环经济。) met again in another part of the draft:
            # the review and the plan name the same task, which no one pasted.
            return
        line, _ = ctx.source.line_col(first)
        what = "此句" if count == 1 else f"此处{count}句"
        ctx.report(
            start,
            end,
            f"{what}与第{line}行重复，请删去或改写",
            related=((first, first_end, "first"),),
        )


# The procedure a host's script repeats for each item of its agenda.
_PROCEDURE = lazy(
    r"举手|表决|审议|发表意见|议程|稍候|稍停|稍后|掌声|鼓掌|宣读|一致通过|请.{1,20}(?:发言|讲话|致辞)"
)


def _part_of(ctx: RuleContext, offset: int) -> Node | None:
    """The outermost numbered section that holds offset (None outside any): found among the
    outermost sections by their starts, not by walking up from the node (a list nested
    thousands deep would make that walk as long)."""

    def outermost() -> tuple[list[Node], list[int]]:
        parts: list[Node] = []
        for section in sorted(ctx.nodes_of("section"), key=lambda n: (n.start, -n.end)):
            if not parts or section.start >= parts[-1].end:
                parts.append(section)  # not inside the last outermost one
        return parts, [p.start for p in parts]

    parts, starts = ctx.memo("outermost sections", outermost)
    i = bisect.bisect_right(starts, offset) - 1
    return parts[i] if i >= 0 and offset < parts[i].end else None


def _in_heading(ctx: RuleContext, offset: int) -> bool:
    node = ctx.node_at(offset)
    return node is not None and node.kind == "heading"


FUNCTION_WORDS = frozenset(
    """
    的 了 和 与 及 或 在 对 为 把 被 从 向 以 于 是 有 也 都 就 又 要 将 把 这 那 其 之 而 并 等
    我们 你们 他们 我 你 他 她 它 一个 这个 那个 这些 那些 自己 进行 工作 同志 方面 问题
    """.split()
)


class OverusedWord(Rule):
    """同一个词在一句话里用了三次以上（默认关闭）。

    检查内容
        一句话里出现不少于 ``min_count`` 次的两字以上的词，虚词和 ``ignore`` 所列的词除外：
        ``进一步…进一步…进一步``。

    为什么
        公文常倚重几个词；一句里用三遍显得单调。这是文风问题，所以默认关闭，开启后为警告。

    示例
        ``要进一步加强学习，进一步深入调研，进一步狠抓落实。``

    修改为
        ``要加强学习，深入调研，进一步狠抓落实。``

    配置项
        ``min_count``（默认 3）、``ignore``（不计数的词）。
    """

    code = "RP004"
    name = "overused-word"
    category = Category.REPETITION
    severity = Severity.WARNING
    default_enabled = False
    needs_tokens = True
    options: ClassVar[dict[str, Option]] = {
        "min_count": Option(3, "一句中用到几次算重复", int, minimum=2),
        "ignore": Option([], "不计数的词", list),
    }

    def finish(self, ctx: RuleContext) -> None:
        ignore = set(self.opts["ignore"]) | FUNCTION_WORDS
        for start, end, _norm in sentences(ctx):
            text = ctx.text[start:end]
            counts: dict[str, list[int]] = {}
            pos = 0
            for tok in segment.cut(text):
                if len(tok) >= 2 and tok not in ignore and _all_han(tok):
                    counts.setdefault(tok, []).append(pos)
                pos += len(tok)
            for word, places in counts.items():
                if len(places) >= self.opts["min_count"] and not _anaphora(text, places):
                    third = start + places[self.opts["min_count"] - 1]
                    ctx.report(
                        third, third + len(word), f"“{word}”在一句中用了{len(places)}次，请精简"
                    )


def _anaphora(sentence: str, places: list[int]) -> bool:
    """自觉维护…，自觉接受…，也自觉…: a word that opens most of its clauses is 排比."""
    opening = 0
    for p in places:
        before = sentence[max(0, p - 2) : p]
        if (
            p == 0
            or before[-1:] in "，,；;：:、"
            or (len(before) == 2 and before[0] in "，,；;：:、" and before[1] in "也更还并又都")
        ):
            opening += 1
    return opening * 3 >= len(places) * 2


class CrossFileRepetition(Rule):
    """一段长文字也出现在同一次运行的另一篇稿子里（``--cross-file``）。

    检查内容
        去掉标点后不少于 ``min_length`` 个字、在本次运行中更早检查的稿子里出现过的句子（稿子
        按路径顺序检查）。只保存句子的哈希，不两两比较，开销随稿子数线性增长。开启后整次运行
        在一个进程里按路径顺序进行，结果与 ``--jobs`` 无关。

    为什么
        讲话稿常从去年的稿子改来；原样沿用的段落（数字、人名、日期）是过时内容的常见来源。
        默认关闭；用 ``--cross-file`` 或 ``extend-select: [RP005]`` 开启。

    示例
        ``2023/讲话.txt`` 和 ``2024/讲话.txt`` 里同一段 60 字的文字。

    修改为
        更新或改写沿用的段落。

    配置项
        ``min_length``（默认 40）。
    """

    code = "RP005"
    name = "cross-file-repetition"
    category = Category.REPETITION
    severity = Severity.WARNING
    default_enabled = False
    cross_file = True
    options: ClassVar[dict[str, Option]] = {
        "min_length": Option(40, "比较的最短段落（字数）", int, minimum=8),
    }

    def finish(self, ctx: RuleContext) -> None:
        index: dict[bytes, tuple[str, int]] = ctx.run_state.setdefault("RP005", {})
        path = ctx.source.path
        mine: dict[bytes, int] = {}
        for start, end, norm in sentences(ctx):
            if len(norm) < self.opts["min_length"]:
                continue
            key = blake2b(norm.encode("utf-8"), digest_size=12).digest()
            if key in index and index[key][0] != path:
                other, line = index[key]
                ctx.report(start, end, f"此段与{other}第{line}行相同，请核对是否沿用旧稿")
            elif key not in mine:
                mine[key] = ctx.source.line_col(start)[0]
        for key, line in mine.items():
            index.setdefault(key, (path, line))


RULES: list[type[Rule]] = [
    DoubledWord,
    DoubledTitle,
    RepeatedSentence,
    OverusedWord,
    CrossFileRepetition,
]
