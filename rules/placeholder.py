"""Placeholder rules (PH): template text left in a draft — 20xx, ×××, ***, 【待补充】.

The patterns live in ``data/placeholders.yaml`` with examples that are verified at load.
All PH rules share one scan per draft so that overlapping patterns report once.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache
from typing import NamedTuple

from speechlint.checking.diagnostics import Category, Severity
from speechlint.checking.patterns import PatternDataError, compile_checked, load_yaml
from speechlint.checking.rule import Rule, RuleContext
from speechlint.speed.lazyre import lazy
from speechlint.speed.speedups import HAN

# In Markdown, **bold** is markup, not a deleted name: mask short emphasis pairs first.
_MD_EMPHASIS = lazy(r"(?<![*＊])(\*{1,3})(?=[^*\s])([^*\n]{1,40}?)(?<=[^*\s])\1(?!\*)")
# In plain text, a balanced **phrase** that starts a line or follows a mark or a space (text
# pasted from a Markdown or chat source: **一是加强学习。**) is bold too. A ** between two
# Chinese characters (第**次, 主席***同志) is a deleted name or number and stays.
_TEXT_BOLD = lazy(
    # Begins with the literal ** (re then looks for it in C); "not after a character other
    # than a space or a mark" also holds at the start of the text.
    r"\*\*(?<![^\s，。；：！？、“”（）【】,.;:!?()]\*\*)(?=[^*\s])([^*\n]{2,40}?)(?<=[^*\s])\*\*"
    # …or a phrase of four or more characters, no clause mark among them, set in bold inside
    # a sentence (我们要**坚持党的领导**，): it closes before a mark, a space or the line's
    # end, where a deleted name (第**次会议在**召开) runs on into the next word.
    rf"|\*\*(?=[{HAN}])([^*\n，,、；;。：:！!？?]{{4,40}}?)(?<=[{HAN}])\*\*"
    r"(?=[\s，。；：！？、”）,.;:!?)]|$)"
)


class _Entry(NamedTuple):
    rule: str
    id: str
    regex: re.Pattern[str]
    message: str


@cache
def entries(verify: bool = False) -> tuple[_Entry, ...]:
    """The shipped placeholder patterns. Their examples are proven by the test suite
    (``verify=True``), not at every start-up."""
    data = load_yaml("placeholders.yaml")
    out = []
    for i, item in enumerate(data):
        where = f"placeholders.yaml entry {i + 1} ({item.get('id', '?')})"
        examples = item.get("examples") or {}
        regex = compile_checked(
            item.get("pattern", ""),
            where,
            examples.get("match", []),
            examples.get("no_match", []),
            verified=not verify,
        )
        if not examples.get("match"):
            raise PatternDataError(f"{where}: needs at least one example that matches")
        out.append(_Entry(item["rule"], item["id"], regex, item["message"]))
    return tuple(out)


# Spaces left where a number or a name goes: two or more before a unit, a count word or a
# form of address (接待群众    人次, 办结率达   %, 第　　届, 尊敬的      同志), three or more
# between two Chinese characters in running text (由     负责). One stray space is PU012's.
_UNITS = r"%|％|个百分点|人次|万人|万元|亿元|元|名|家|项|户|倍|个|次|届|期|批|号|同志|先生|女士"
_SLOT_BLANK = lazy(rf"[ \u3000](?<=[{HAN}][ \u3000])[ \u3000]+(?={_UNITS})")
_WIDE_BLANK = lazy(rf"[ \u3000](?<=[{HAN}][ \u3000])[ \u3000]{{2,}}(?=[{HAN}])")
_BLANK_MESSAGE = "此处空着，疑为未填写的数字或名称，请补全"
_SLOT_KINDS = frozenset({"title", "heading", "paragraph", "salutation"})
_WIDE_KINDS = frozenset({"paragraph"})


def space_blanks(ctx: RuleContext) -> list[tuple[int, int]]:
    """(start, end) of the runs of spaces left as blanks to fill (see _SLOT_BLANK)."""

    def build() -> list[tuple[int, int]]:
        if "  " not in ctx.text and "\u3000\u3000" not in ctx.text and " \u3000" not in ctx.text:
            return []
        found = {(m.start(), m.end()) for m in ctx.finditer(_SLOT_BLANK, _SLOT_KINDS)}
        found |= {(m.start(), m.end()) for m in ctx.finditer(_WIDE_BLANK, _WIDE_KINDS)}
        return sorted(found)

    blanks: list[tuple[int, int]] = ctx.memo("space-blanks", build)
    return blanks


def _blank_delimiters(m: re.Match[str]) -> str:
    """The emphasis with its asterisks blanked: the phrase inside is still checked."""
    whole = m.group(0)
    width = len(whole) - len(whole.lstrip("*"))
    return " " * width + whole[width : len(whole) - width] + " " * width


def _matches(ctx: RuleContext) -> list[tuple[int, int, _Entry, str]]:
    found: list[tuple[int, int, _Entry, str]] = []
    text = ctx.text
    markdown = ctx.source.kind == "markdown"
    if "**" in text or (markdown and "*" in text):
        # Same length, so offsets still hold; emphasis spans never cross a line.
        emphasis = _MD_EMPHASIS if markdown else _TEXT_BOLD
        text = emphasis.sub(_blank_delimiters, text)
    # A line the parser set apart as left out or pasted in (insert) is still the draft's
    # text: 【待补充：具体数据】 on a line of its own is exactly what PH004 is for.
    inserts = ctx.nodes_of("insert")
    for entry in entries():
        for m in ctx.finditer(entry.regex, text=text):
            if m.end() > m.start():
                found.append((m.start(), m.end(), entry, m.group(0)))
        for node in inserts:
            for m in entry.regex.finditer(text, node.start, node.end):
                if m.end() > m.start():
                    found.append((m.start(), m.end(), entry, m.group(0)))
    blank = _Entry("PH004", "space-blank", _SLOT_BLANK, _BLANK_MESSAGE)
    found += [(a, b, blank, text[a:b]) for a, b in space_blanks(ctx)]
    # Longest first at each position; an overlapped match is dropped (one finding per spot).
    order = {id(e): i for i, e in enumerate(entries())}
    order[id(blank)] = len(order)
    found.sort(key=lambda f: (f[0], -(f[1] - f[0]), order[id(f[2])]))
    kept: list[tuple[int, int, _Entry, str]] = []
    last_end = -1
    for f in found:
        if f[0] >= last_end:
            kept.append(f)
            last_end = f[1]
    return kept


def placeholder_spans(ctx: RuleContext) -> list[tuple[int, int]]:
    """(start, end) of every placeholder in the draft, blanks of spaces included, sorted and
    apart: what other rules leave alone (a blank's spaces are not stray spaces)."""
    return [(a, b) for a, b, _entry, _m in ctx.memo("placeholders", lambda: _matches(ctx))]


def inside_any(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether start..end lies inside one of the sorted, disjoint spans (a bisection: a
    100 MB draft has tens of thousands of each)."""
    i = bisect_right(spans, (start, _AFTER_ANY_END)) - 1
    return i >= 0 and spans[i][0] <= start and end <= spans[i][1]


_AFTER_ANY_END = 1 << 62


class _PlaceholderRule(Rule):
    category = Category.PLACEHOLDER
    severity = Severity.ERROR

    @classmethod
    def prepare(cls) -> None:
        entries()

    def finish(self, ctx: RuleContext) -> None:
        for start, end, entry, matched in ctx.memo("placeholders", lambda: _matches(ctx)):
            if entry.rule == self.code:
                ctx.report(start, end, entry.message.format(match=matched))


class PlaceholderYear(_PlaceholderRule):
    """年份仍是模板占位符：``20xx``、``20XX``、``201x``、``20××``、``某年``。

    检查内容
        用 x、X、× 或 * 代替数字的年份，阿拉伯数字（``20xx``、``201x``）或汉字数字
        （``二〇××年``）都查，以及空着后两位的 ``20  年``、单独的 ``××年`` 和代替年份的
        ``某年``（``刚刚过去的某年``；讲故事时的 ``某年某月``、``某年的一次会议上`` 不报）。

    为什么
        稿子常以去年的稿子为底、把年份挖空；领导照念“二零叉叉年”是最典型的尴尬。
        GB/T 9704-2012 7.3.5.3、GB/T 15835-2011 要求用阿拉伯数字写出完整年份（``2021年``）。

    示例
        ``回顾总结20xx年工作``

    修改为
        ``回顾总结2021年工作``——填上实际年份。真实年份、``20世纪``、``二〇〇八年`` 都不报。

    配置项
        无。模式见 ``rules/data/placeholders.yaml``。
    """

    code = "PH001"
    name = "placeholder-year"


class PlaceholderName(_PlaceholderRule):
    """人名、地名仍是 ``×××``、``XXX``、``××``、``某某``、``○○`` 或 ``□□``。

    检查内容
        成串的 ``×``（``3×10³`` 除外）、单独的 ``XX``/``xx``（``XXL``、``XX世纪`` 除外）及全角的
        ``ＸＸ``、``某某``、当作空格的 ``〇〇``/``○○``（``二〇〇八`` 中的除外）、``□``、``△△``，
        夹在汉字之间的单个 ``×``（``在×县调研``）、``X.X%`` 这样的数字空格，以及句中留在括号里的
        模板字段（``请[单位名称]参加``、``由{姓名}同志``；行首的标签 ``【时间】`` 不报）。

    为什么
        模板稿用这些符号标出待填的人名、单位和地名；忘了替换，就会被念出来。见 STANDARDS.md
        “Placeholders left in a draft”。

    示例
        ``市委副书记×××``、``推进××事业发展``

    修改为
        填上实际名称：``市委副书记张三``。

    配置项
        无。
    """

    code = "PH002"
    name = "placeholder-name"


class PlaceholderAsterisk(_PlaceholderRule):
    """删去名称后留下的星号：``***``、``**``，或夹在汉字之间的 ``*``。

    检查内容
        任何位置两个以上的星号（``主席***同志``、``为**经济``），以及两侧都是汉字的单个
        ``*``（``具有*特色``）。行末或注释前的 ``*`` 是注释标记，不报；Markdown 中成对的
        ``**加粗**``，以及纯文本里句中加粗的短语（``我们要**坚持党的领导**，``）是格式，不报，
        加粗里的内容照常检查。

    为什么
        外发的稿子常把地名、人名换成 ``*``，收回的稿子必须补回。

    示例
        ``具有*特色的工会品牌``

    修改为
        ``具有太和特色的工会品牌``——补回删去的名称。

    配置项
        无。
    """

    code = "PH003"
    name = "placeholder-asterisk"


class PlaceholderTodo(_PlaceholderRule):
    """正文里留着编辑批注或空白：``【待补充】``、``[待定]``、``（略）``、``TODO``、``____``、
    ``接待群众    人次``。

    检查内容
        括号里的批注（待补充、待定、待核实、待确认、此处……、略），模板写给起草人的括号批注
        （``（领导姓名加职务，可前后对照替换）``、``（各地情况不同，不再详细阐述）``、
        ``（可酌情增减）``）、TODO/TBD/FIXME，下划线的空格，
        空着的括号（``共有（  ）个乡镇``、``【】同志``），代替数字的问号（``投资？？亿元``），
        只有省略号的列举项（``一是……；二是……``），以及留作空白的一串空格：单位、量词、称呼前
        两个以上（``办结率达   %``、``第　　届``、``尊敬的      同志``），正文里两个汉字之间三个
        以上（``由     负责``）。一个多余的空格归 PU012。

    为什么
        起草时标出尚缺的内容，定稿前必须处理掉。

    示例
        ``全年共帮扶困难职工【待补充】人``

    修改为
        ``全年共帮扶困难职工1200人``

    配置项
        无。
    """

    code = "PH004"
    name = "placeholder-todo"


class PlaceholderDate(_PlaceholderRule):
    """日期未填：``（  年  月  日）``、``×月×日``、``7月xx日``。

    检查内容
        空着的日期框，以及用 x 或 × 写的月、日。

    为什么
        GB/T 9704-2012 7.3.5.3：日期要写全（``2012年7月1日``）；空框说明日期没填。

    示例
        ``（  年  月  日）``

    修改为
        ``（2024年3月5日）``

    配置项
        无。
    """

    code = "PH005"
    name = "placeholder-date"


class PlaceholderSubject(_PlaceholderRule):
    """删去人名后留下的无主句：``强调，……``、``在……会议上指出，……``。

    检查内容
        以 ``强调``、``指出`` 开头的句子或段落，以及以 ``在……上（时、中、期间）强调/指出`` 开头的
        句子：说话的人被删去了。``会议指出``、``习近平总书记强调``
        有主语，不报。

    为什么
        外发或上网的稿子常把领导人名删去，收回时忘了补；念出来是一句没头的话。句首的“强调”
        偶有别的用法，所以是警告。

    示例
        ``保持和增强工会组织的先进性。在中央党的群团工作会议上指出，……``

    修改为
        ``……习近平总书记在中央党的群团工作会议上指出，……``——补回被删去的人名。

    配置项
        无。模式见 ``rules/data/placeholders.yaml``。
    """

    code = "PH006"
    name = "placeholder-subject"
    severity = Severity.WARNING


class PlaceholderCutName(_PlaceholderRule):
    """删去名称后留下的残句：``全面贯彻党的和十八届三中全会精神``。

    检查内容
        ``党的`` 之后直接是 ``和``、``与``、``及``、顿号、逗号或句末标点：会议或文件的名称
        （``党的二十大``、``党的十八大``）被删去了。``党的领导``、``党的建设``、``党的“三会一课”``
        不报。

    为什么
        外发或上网的稿子常把届次、名称删去，收回时忘了补；“党的”后面总跟着名词，直接接连词
        或标点的句子念不通。公开发表的 69 篇政府工作报告里一处也没有。

    示例
        ``全面贯彻党的和十八届三中、四中、五中全会精神``

    修改为
        ``全面贯彻党的十八大和十八届三中、四中、五中全会精神``——补回被删去的名称。

    配置项
        无。模式见 ``rules/data/placeholders.yaml``。
    """

    code = "PH007"
    name = "placeholder-cut-name"


RULES: list[type[Rule]] = [
    PlaceholderYear,
    PlaceholderName,
    PlaceholderAsterisk,
    PlaceholderTodo,
    PlaceholderDate,
    PlaceholderSubject,
    PlaceholderCutName,
]
