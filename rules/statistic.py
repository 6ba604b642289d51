"""Statistic formatting rules (SF): GB/T 15835-2011 and the practice of reports and speeches.

Rates without their unit, negative growth, percent signs, full-width digits, ranges, digit
grouping, leading zeros, years, Chinese numerals in fixed expressions, and the consistency of
the figures themselves. Well-formed figures (``128场次``, ``60多万元``, ``同比增长14.4%``,
``80%以上``, ``十三五``, ``2021年``) are never flagged.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Iterator
from functools import cache
from typing import Any, ClassVar

from speechlint.checking.diagnostics import Category, Fix, Severity
from speechlint.checking.rule import Option, Rule, RuleContext
from speechlint.document.conventions import int_to_cn
from speechlint.speed.lazyre import lazy

NUM = r"\d+(?:\.\d+)?"
HAN = "\u4e00-\u9fff"


_KINDS = frozenset({"paragraph", "heading", "title", "meta"})


def _finditer(ctx: RuleContext, *patterns: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """Matches of each pattern in turn (one rule's scans split for speed: see _RATES)."""
    for pattern in patterns:
        yield from ctx.finditer(pattern, _KINDS)


def _han_before(text: str, pos: int) -> bool:
    """Whether a Han character (of HAN) stands just before pos: the lookbehinds ``(?<=[HAN]…)``
    of this module, tested in Python (the class costs re a millisecond to compile)."""
    return pos > 0 and "\u4e00" <= text[pos - 1] <= "\u9fff"


def _after_han(ctx: RuleContext, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """The matches of a pattern that begins with 率 and holds no other, kept where a Han
    character stands before them: what a lookbehind ``(?<=[HAN]率)`` keeps (one left out
    hides no other, as none holds a second 率)."""
    text = ctx.text
    for m in ctx.finditer(pattern, _KINDS):
        if _han_before(text, m.start()):
            yield m


class _TextRule(Rule):
    """Shared base: rules that scan every text node with one pattern."""

    category = Category.STATISTIC


# -- SF001 -------------------------------------------------------------------------------------

# The signal is a word or ``…率``. Two scans, each starting with a literal so re skips ahead in
# C: the words, and ``率`` with a Han character before it (``[HAN]{1,4}率`` made every Han
# character a place to try). Only the numbers are reported, and they are the same: no word
# signal ends in 率, so the two scans never report one number twice.
_RATE_TAIL = (
    r"(?:(?:提升|提高|上升|下降|降低|增加|减少|扩大|缩小)(?:到|至)|了|为|达|达到|至|到|约|近|超|超过"
    r"|分别为|分别达到?|分别)?[ \u3000]*"
    rf"(?P<nums>-?{NUM}(?:[ \u3000]*[和、与及或][ \u3000]*-?{NUM})*)"
    r"(?![\d.％%‰])"
    # 分别提高11.1、11.2个百分点: the last number's unit serves the list.
    rf"(?![ \u3000]*[和、与及或][ \u3000]*-?{NUM}[ \u3000]*(?:%|％|‰|个百分点|倍))"
    rf"(?=[，。；;,！!？?、）)\s]|$|[和与及或])"
)
_RATES = (
    lazy(r"(?:增长|下降|提高|降低|上升|回落|增幅|降幅|涨幅|跌幅|增速|占比|比重)" + _RATE_TAIL),
    lazy(rf"率{_RATE_TAIL}"),  # after a Han character: see _after_han
)
_ONE_NUMBER = lazy(rf"-?{NUM}")
_SPACED_ON = lazy(r"[ \u3000]+(?:[\d.．%％‰]|个百分点|倍)")


class RateWithoutUnit(_TextRule):
    """增减幅度或比重没有单位：``同比增长13.8；``、``分别增长14.3和7.2``。

    检查内容
        增长/下降/提高/降低/上升/增幅/降幅/增速/占比/比重/……率 之后、结束分句的裸数字（成对
        的 ``12.9和9`` 每个数都查）。后跟单位或量词（``%``、``个百分点``、``倍``、``万人``、
        ``场次``）的不报；数字中间夹空格、后面接着单位的（``增长1 1 ．3 ％``）也不报；稿子在
        数字处断了的（复制不全，后面有没有单位无从知道）也不报。

    为什么
        统计表述惯例（STANDARDS.md “Statistic statements”）：比率要带单位；念出来
        “增长十三点八”不知所云。

    示例
        ``同比增长13.8；同比分别增长14.3和7.2``

    修改为
        ``同比增长13.8%；同比分别增长14.3%和7.2%``（或按原意写作“个百分点”）。

    配置项
        无。
    """

    code = "SF001"
    name = "rate-without-unit"
    severity = Severity.ERROR

    def finish(self, ctx: RuleContext) -> None:
        for m in itertools.chain(_finditer(ctx, _RATES[0]), _after_han(ctx, _RATES[1])):
            if _SPACED_ON.match(ctx.text, m.end()):
                continue  # 增长1 1 ．3 ％: a figure typed with spaces goes on to its unit
            if _ONLY_SPACE_LEFT.match(ctx.text, m.end()):
                continue  # the draft breaks off at the figure: whether a unit follows is unknown
            base = m.start("nums")
            for n in _ONE_NUMBER.finditer(m.group("nums")):
                a, b = base + n.start(), base + n.end()
                ctx.report(
                    a, b, f"“{n.group(0)}”缺少单位，应写作“{n.group(0)}%”或“{n.group(0)}个百分点”"
                )


# Nothing but white space from here to the end (tested in place: a slice of the rest of a
# 50 MB draft for each figure made the rule quadratic).
_ONLY_SPACE_LEFT = lazy(r"\s*\Z")


# -- SF002 -------------------------------------------------------------------------------------

_NEGATIVE_GROWTH = lazy(
    rf"(?P<verb>增长|上升|提高|增加)(?P<sign>[-－−])(?P<num>{NUM}(?:%|％|个百分点)?)"
)


_OPPOSITE = {"增长": "下降", "上升": "下降", "提高": "降低", "增加": "减少"}


class NegativeGrowth(_TextRule):
    """负增长写成 ``增长-5%``。

    检查内容
        增长/上升/提高/增加 后紧跟负号。

    为什么
        统计表述惯例：下降就写下降（``下降5%``）；“增长负五个百分点”难念又易听错。

    示例
        ``工业增加值同比增长-5%``

    修改为
        ``工业增加值同比下降5%``（可安全自动修复）。

    配置项
        无。
    """

    code = "SF002"
    name = "negative-growth"
    severity = Severity.ERROR
    fixable = True

    def finish(self, ctx: RuleContext) -> None:
        def good(m: re.Match[str]) -> str:
            return _OPPOSITE[m.group("verb")] + m.group("num")

        ctx.replace_each(_NEGATIVE_GROWTH, lambda m: f"负增长应写作“{good(m)}”", good, _KINDS)


# -- SF003 / SF004 -----------------------------------------------------------------------------


class PercentSignMixed(_TextRule):
    """一篇稿子里 ``%`` 和 ``％`` 混用。

    检查内容
        全文的百分号；报较少的一种。

    为什么
        GB/T 15835-2011 与统计表述惯例：同一文件只用一种写法。

    示例
        ``增长14.4%`` …… ``增长35％``

    修改为
        ``增长35%``（可安全自动修复为较多的写法）。

    配置项
        无。
    """

    code = "SF003"
    name = "percent-sign-mixed"
    severity = Severity.WARNING
    fixable = True
    _SIGN = lazy(r"[%％]")

    def finish(self, ctx: RuleContext) -> None:
        signs = list(_finditer(ctx, self._SIGN))
        counts = Counter(m.group(0) for m in signs)
        if len(counts) < 2:
            return
        main = "%" if counts["%"] >= counts["％"] else "％"
        for m in signs:
            if m.group(0) != main:
                ctx.report(
                    m.start(),
                    m.end(),
                    f"百分号应与全文统一为“{main}”",
                    fix=Fix.replace(m.start(), m.end(), main),
                )


_FULL_WIDTH_NUMBER = lazy(r"[０-９]+(?:[．.][０-９]+)?")
_HALF_WIDTH_NUMBER = lazy(r"[0-9]+(?:\.[0-9]+)?")
_FW = str.maketrans("０１２３４５６７８９．", "0123456789.")


class FullWidthDigits(_TextRule):
    """半角数字为主的稿子里混入全角数字：``１２３``。

    检查内容
        数字大多为半角的稿子里的 U+FF10—U+FF19（及其间的全角小数点）。全文（或大多）用全角
        数字的稿子——不少单位和旧出版物的体例——不报：只报少数的写法，与 SF003 处理 ``%`` 相同。

    为什么
        GB/T 15835-2011 正文中宜用半角阿拉伯数字；读者注意到的是同一文件里的不一致。一贯的
        全角体例是选择而非失误，所以只报两种混用的稿子。

    示例
        ``全年培训职工１２００人次，比2023年增加300人次``

    修改为
        ``全年培训职工1200人次``（可安全自动修复）。

    配置项
        无。
    """

    code = "SF004"
    name = "full-width-digits"
    severity = Severity.ERROR
    fixable = True

    def finish(self, ctx: RuleContext) -> None:
        full = list(ctx.finditer(_FULL_WIDTH_NUMBER, _KINDS))
        if not full:
            return
        half = sum(1 for _ in ctx.finditer(_HALF_WIDTH_NUMBER, _KINDS))
        if len(full) > half:
            return  # full-width is this draft's form: its few half-width figures are left too
        for m in full:
            good = m.group(0).translate(_FW)
            ctx.report(
                m.start(),
                m.end(),
                f"全角数字“{m.group(0)}”应写作“{good}”（全文多用半角数字）",
                fix=Fix.replace(m.start(), m.end(), good),
            )


# -- SF005 / SF006: ranges ---------------------------------------------------------------------

_RANGE_UNIT = lazy(
    rf"(?P<a>\d(?<![\d.]\d)\d*(?:\.\d+)?)(?P<sep>[～~〜]|至)(?P<b>{NUM})(?P<unit>%|％|‰|万|亿|千万|百万)"
)


class RangeUnit(_TextRule):
    """数值范围省略了前一个数的单位：``15～30%``、``5～10万人``。

    检查内容
        以 ``～`` 或 ``至`` 连接、百分号或“万”“亿”只出现在第二个数后的数值范围。

    为什么
        GB/T 15835-2011：范围两端都要保留百分号和万、亿——``15～30%`` 只能靠猜读作“百分之
        十五到百分之三十”。

    示例
        ``增长15～30%``、``5～10万人``

    修改为
        ``增长15%～30%``、``5万～10万人``（可安全自动修复）。

    配置项
        无。
    """

    code = "SF005"
    name = "range-unit"
    severity = Severity.ERROR
    fixable = True

    def finish(self, ctx: RuleContext) -> None:
        for m in _finditer(ctx, _RANGE_UNIT):
            unit = m.group("unit")
            good = f"{m.group('a')}{unit}{m.group('sep')}{m.group('b')}{unit}"
            ctx.report(
                m.start(),
                m.end(),
                f"范围两端都应带单位：“{m.group(0)}”应写作“{good}”",
                fix=Fix.replace(m.start("a"), m.end("a"), m.group("a") + unit),
            )


_RANGE_DASH = lazy(
    rf"(?P<a>\d(?<![\d.\-—~]\d)\d*(?:\.\d+)?)(?P<sep>——|—|–|－|-|~)(?P<b>{NUM})"
    rf"(?=[%％个万亿千百元人名家项次条天年月周日小时分钟岁倍级期批户所])"
)


def _is_span_of_dates(m: re.Match[str], a: str, b: str) -> bool:
    """Whether a dash range names months or days of a month (a span of time, GB/T 15834-2011
    4.13: the dash is right), not a quantity: 1—11月 is January to November."""
    unit = m.string[m.end() : m.end() + 1]
    if not (a.isdigit() and b.isdigit()):
        return False
    limit = {"月": 12, "日": 31, "号": 31}.get(unit)
    return limit is not None and 1 <= int(a) < int(b) <= limit


class RangeDash(_TextRule):
    """数值范围用了横线：``1—2个``、``3-5年``、``20~30个``。

    检查内容
        以 ``—``、``-``、``－`` 或半角 ``~`` 连接、后跟单位或量词的两个数；以及用连字符连接
        的年份起止（``2011-2012年`` → ``2011—2012年``）。时间的起止用 ``—``，不报：年份
        （``1949—1986年``）、月份（``1—11月``、``1—5月份``）和日（``3—15日``）。

    为什么
        GB/T 15834-2011 4.13（连接号）：数值范围用浪纹线 ``～``（``1～2个``）；``—`` 表示
        起止。两者界线并不总是分明，所以是警告。

    示例
        ``抓好1—2个社区亮点``

    修改为
        ``抓好1～2个社区亮点``（可安全自动修复）。

    配置项
        无。
    """

    code = "SF006"
    name = "range-dash"
    severity = Severity.WARNING
    fixable = True

    def finish(self, ctx: RuleContext) -> None:
        for m in _finditer(ctx, _RANGE_DASH):
            a, b = m.group("a"), m.group("b")
            sep = m.group("sep")
            if len(a) == 4 and len(b) in (2, 4) and a.isdigit() and b.isdigit():
                # 1949—1986年, 2021—22年: a span of years takes the dash, not a hyphen.
                if sep in "-－–~":
                    ctx.report(
                        m.start("sep"),
                        m.end("sep"),
                        f"年份起止用一字线：“{m.group(0)}”应写作“{a}—{b}”",
                        fix=Fix.replace(m.start("sep"), m.end("sep"), "—"),
                    )
                continue
            if _is_span_of_dates(m, a, b):
                continue  # 1—11月, 1—5月份, 3—15日: from one month or day to another
            ctx.report(
                m.start(),
                m.end(),
                f"数值范围用浪纹线：“{m.group(0)}”应写作“{a}～{b}”",
                fix=Fix.replace(m.start("sep"), m.end("sep"), "～"),
            )


# -- SF007 / SF008 -----------------------------------------------------------------------------

# Patterns in this module start with a digit or a literal (a lookbehind comes after the first
# character): Python's re then skips to candidates in C instead of trying every position.
_GROUPED = lazy(r"\d(?<![\d.,]\d)\d{0,2}(?:,\d{3})+(?![\d,])")
_PLAIN_LONG = lazy(r"\d(?<![\d.,]\d)\d{4,7}(?![\d,.]|年|号)")


class DigitGroupingMixed(_TextRule):
    """一篇稿子里数字分节写法不一：``12,500`` 与 ``38124``。

    检查内容
        五位以上的数字，有的用千分撇、有的不用；较少的写法报一次。年份和发文字号不计。

    为什么
        GB/T 15835-2011 5.1.3：同一文件只用一种分节方式。

    示例
        ``职工12,500人`` …… ``会员38124人``

    修改为
        ``职工12500人`` …… ``会员38124人``（或都分节）。

    配置项
        无。
    """

    code = "SF007"
    name = "digit-grouping-mixed"
    severity = Severity.WARNING

    def finish(self, ctx: RuleContext) -> None:
        grouped = list(_finditer(ctx, _GROUPED))
        plain = list(_finditer(ctx, _PLAIN_LONG))
        if not grouped or not plain:
            return
        minority, style = (grouped, "不分节") if len(grouped) <= len(plain) else (plain, "分节")
        m = minority[0]
        ctx.report(
            m.start(), m.end(), f"数字分节方式不统一：全文多数{style}，“{m.group(0)}”请与之一致"
        )


# A decimal point followed by digits; kept where a Han character, a space or an opening
# bracket stands before it (tested in Python: a Han class costs re a millisecond to compile
# in every process). No match holds a second point, so one left out hides none.
_NO_LEADING_ZERO = lazy(r"\.(\d+)")
_BEFORE_BARE_POINT = frozenset("（(，,：:")


def _bare_point(text: str, start: int) -> bool:
    before = text[start - 1] if start else ""
    return _han_before(text, start) or before.isspace() or before in _BEFORE_BARE_POINT


class DecimalLeadingZero(_TextRule):
    """小数省略了整数位的零：``.46``。

    检查内容
        紧跟在汉字、空格或前括号之后、后接数字的小数点。

    为什么
        GB/T 15835-2011：小数点前的零不能省（``0.46``）。

    示例
        ``人均增加.46万元``

    修改为
        ``人均增加0.46万元``（可安全自动修复）。

    配置项
        无。
    """

    code = "SF008"
    name = "decimal-leading-zero"
    severity = Severity.ERROR
    fixable = True

    def finish(self, ctx: RuleContext) -> None:
        text = ctx.text
        for m in _finditer(ctx, _NO_LEADING_ZERO):
            if not _bare_point(text, m.start()):
                continue
            ctx.report(
                m.start(),
                m.end(),
                f"小数点前应补零：“{m.group(0)}”应写作“0{m.group(0)}”",
                fix=Fix.replace(m.start(), m.start(), "0"),
            )


# -- SF009 - SF011: years and dates -----------------------------------------------------------

_SHORT_YEAR = lazy(r"(?P<y>\d(?<![\d〇○零一二三四五六七八九十.'’]\d)\d)年(?=\d{1,2}月|度)")


class AbbreviatedYear(_TextRule):
    """年份省写：``21年7月``、``21年度``。

    检查内容
        两位数后接“年”和月份（``21年7月``）或“年度”（``21年度``）。表示时长的
        （``工作21年``）不是年份，不报。

    为什么
        GB/T 15835-2011、GB/T 9704-2012 7.3.5.3：年份要写全（``2021年``）。无法确定所指
        世纪，所以是警告。

    示例
        ``21年7月1日``

    修改为
        ``2021年7月1日``

    配置项
        无。
    """

    code = "SF009"
    name = "abbreviated-year"
    severity = Severity.WARNING

    def finish(self, ctx: RuleContext) -> None:
        for m in _finditer(ctx, _SHORT_YEAR):
            ctx.report(
                m.start(),
                m.end(),
                f"年份不应简写：“{m.group(0)}”请写全，如“20{m.group('y')}年”",
            )


_CN_YEAR = lazy(r"[一二三四五六七八九〇○零0OoＯｏ][一二三四五六七八九〇○零0OoＯｏ]{3}(?=年)")


class ChineseYearZero(_TextRule):
    """汉字年份的“零”写错：``二0二二年``、``二○二二年``、``二零二二年``。

    检查内容
        四字汉字年份中写作数字 ``0``、字母 ``O``、圆圈 ``○``（U+25CB）或 ``零`` 的“〇”。

    为什么
        GB/T 15835-2011：汉字数字年份中的零写作 ``〇``（U+3007）。圆圈 ``○``（U+25CB）印出来
        一样：全文一贯用它的稿子不报（读者分辨不出的体例），只有 ``○`` 与 ``〇`` 混用时才报
        圆圈。``0``、``O``、``零`` 一律报。

    示例
        ``二0二二年``

    修改为
        ``二〇二二年``（可安全自动修复）。

    配置项
        无。
    """

    code = "SF010"
    name = "chinese-year-zero"
    severity = Severity.ERROR
    fixable = True
    _WRONG = str.maketrans({c: "〇" for c in "0OoＯｏ○零"})

    def finish(self, ctx: RuleContext) -> None:
        years = [m for m in _finditer(ctx, _CN_YEAR) if re.search("[一二三四五六七八九]", m[0])]
        circle_style = not any("〇" in m[0] for m in years)
        for m in years:
            raw = m.group(0)
            wrong = re.search("[0OoＯｏ零]", raw) or (not circle_style and "○" in raw)
            if not wrong:
                continue
            good = raw.translate(self._WRONG)
            ctx.report(
                m.start(),
                m.end(),
                f"汉字年份中的零应写作“〇”：“{raw}”应写作“{good}”",
                fix=Fix.replace(m.start(), m.end(), good),
            )


# Two scans (a Chinese year with an Arabic month; an Arabic year with a Chinese month), each
# starting with a class so re skips ahead; their matches cannot overlap.
_MIXED_DATES = (
    lazy(r"[一二三四五六七八九〇○零]{4}年\d{1,2}月(?:\d{1,2}日)?"),
    lazy(r"\d(?<!\d\d)\d{3}年[一二三四五六七八九十]{1,3}月(?:[一二三四五六七八九十]{1,3}日)?"),
)


class MixedDateForms(_TextRule):
    """同一个日期里汉字数字与阿拉伯数字混用：``二〇〇八年8月8日``。

    检查内容
        年份用一种数字、月份用另一种。

    为什么
        GB/T 15835-2011：同类数字保持同一形式。

    示例
        ``二〇〇八年8月8日``

    修改为
        ``2008年8月8日``（或 ``二〇〇八年八月八日``）。

    配置项
        无。
    """

    code = "SF011"
    name = "mixed-date-forms"
    severity = Severity.ERROR

    def finish(self, ctx: RuleContext) -> None:
        for m in _finditer(ctx, *_MIXED_DATES):
            ctx.report(m.start(), m.end(), f"日期“{m.group(0)}”混用汉字和阿拉伯数字，请统一")


# -- SF012: Arabic numerals in fixed expressions -------------------------------------------------

# Two scans, each starting with a literal or a digit so re can skip ahead; their matches cannot
# overlap (the first ends in a word, the second needs 届 or 个 right after its digits).
_FIXED_EXPRESSIONS = (
    lazy(
        r"(?:讲|提|谈|强调)\d{1,2}点(?:意见|要求|看法|体会|建议|希望)"
        r"|第\d(?:要务|位的|生产力|资源|动力)"
    ),
    lazy(
        r"\d(?<!\d\d)(?:\d?届(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})次)?"
        r"(?:全国人大|全国政协|人大|政协|党代会|全委|全会|中央委员会|代表大会|委员会)"
        r"|(?<=[1-9])个(?:意识|自信|维护|确立|全面|代表|务必|必须))"
    ),
)


class ArabicInFixedExpression(_TextRule):
    """固定表述和庄重的计数用了阿拉伯数字：``讲4点意见``、``11届全国人大``。

    检查内容
        ``讲4点意见``、``第1要务``、``11届全国人大`` / ``11届6次全委``、``4个意识``。

    为什么
        GB/T 15835-2011 4.2（及 5.1.1）：固定表述、惯用语和届次用汉字数字；讲话稿里
        “四点意见”是常规写法。有的单位计数接受阿拉伯数字，所以是警告。

    示例
        ``下面，我代表县委讲4点意见。``

    修改为
        ``下面，我代表县委讲四点意见。``

    配置项
        无。
    """

    code = "SF012"
    name = "arabic-in-fixed-expression"
    severity = Severity.WARNING

    def finish(self, ctx: RuleContext) -> None:
        for m in sorted(_finditer(ctx, *_FIXED_EXPRESSIONS), key=lambda m: m.start()):
            raw = m.group(0)
            good = re.sub(r"\d{1,2}", lambda d: int_to_cn(int(d.group(0))), raw)
            if good == raw:  # 讲0点意见: no numeral to suggest (a count to fix, not a style)
                continue
            ctx.report(m.start(), m.end(), f"固定表述宜用汉字数字：“{raw}”应写作“{good}”")


# -- SF013 - SF015: the figures themselves ------------------------------------------------------

_UNITS = {"亿元": ("元", 1e8), "万元": ("元", 1e4), "元": ("元", 1.0), "亿": ("", 1e8)}
# Anchored on the figure (rare) rather than on the name (every Han character): the name is
# then read backwards from the figure.
# (Kept where a Han character stands before the figure, by indicator_figures: the lookbehind
# here only makes the figure begin a run of digits, which the prefilter anchors on.)
_FIGURE = lazy(
    r"(?P<num>\d(?<!\d\d)\d*(?:\.\d+)?)"
    r"(?P<unit>亿元|万元|元|万人次|人次|万人|名|人|个|家|项|户|亿美元|万美元|吨|万吨)"
)
_NAME_BEFORE = lazy(rf"(?P<name>[{HAN}]{{2,12}}?)(?:为|达|达到|实现|完成|共|累计)?$")
# Words before a name that are not part of it: 全年实现地区生产总值 names 地区生产总值.
_NAME_PREFIX = lazy(r"^(?:年(?![度均末底初])|全年|全县|全市|全省|预计|其中|共|累计|实现|完成)+")
_INDICATOR_END = lazy(
    r"(?:总值|收入|总收入|总额|产值|支出|投资|余额|人数|总数|总量|规模|增加值|利润|税收|经费|资金|"
    r"零售总额|生产总值|会员|职工)$"
)
_TIME_WORDS = lazy(
    r"去年|上年|今年|明年|前年|同期|年初|年末|年底|以来|期间|\d{4}年|[〇一二三四五六七八九]{4}年|季度|上半年|下半年|月份|“十"
)


def _value(num: str, unit: str) -> tuple[str, float]:
    base, factor = _UNITS.get(unit, (unit, 1.0))
    if unit.startswith("万") and unit not in _UNITS:
        base, factor = unit[1:], 1e4
    return base, float(num) * factor


class IndicatorInconsistent(_TextRule):
    """同一指标前后两处数值不一致。

    检查内容
        地区生产总值、财政收入、会员人数等指标（名称以 总值/收入/总额/支出/投资/人数/…… 结尾）
        带数字和单位出现多次、数值不同。附近有时间词（去年、2020年、同期、上半年……）的不比较，
        不同时期的数字本就不同；带“以上”“左右”“约”等的约数和界限不比较；各部分标题写明不同
        年份（``一、2024年工作回顾`` / ``二、2025年目标任务``）时，各部分分别比较。

    为什么
        统计表述惯例（STANDARDS.md）：一处改了数字、另一处没改，值得查出。名称按字面匹配，
        所以是警告。

    示例
        ``全年实现地区生产总值190.7亿元`` …… ``地区生产总值191亿元``

    修改为
        两处写同一个核实过的数字。

    配置项
        无。
    """

    code = "SF013"
    name = "indicator-inconsistent"
    severity = Severity.WARNING

    def finish(self, ctx: RuleContext) -> None:
        seen: dict[tuple[str, str, str | None], tuple[float, str, int]] = {}
        periods = _part_periods(ctx)
        for m, name, context in indicator_figures(ctx):
            if _TIME_WORDS.search(context):
                continue
            if _APPROXIMATE_BEFORE.search(context[-3:]) or _APPROXIMATE_AFTER.match(
                ctx.text, m.end()
            ):
                continue  # 5400亿元以上, 约190亿元: a bound or a round figure contradicts nothing
            base, value = _value(m.group("num"), m.group("unit"))
            # 一、2024年工作回顾 … 二、2025年目标任务: each part speaks of its own year.
            key = (name, base, periods.get(_part_of(ctx, m.start())))
            if key in seen:
                first_value, first_text, first_at = seen[key]
                if abs(first_value - value) > 1e-9 * max(abs(value), 1):
                    line, _ = ctx.source.line_col(first_at)
                    ctx.report(
                        m.start("num"),
                        m.end("unit"),
                        f"“{name}”前后数值不一致：此处为{m.group('num')}{m.group('unit')}，"
                        f"第{line}行为{first_text}",
                    )
            else:
                seen[key] = (value, m.group("num") + m.group("unit"), m.start("num"))


def indicator_figures(ctx: RuleContext) -> Iterator[tuple[re.Match[str], str, str]]:
    """Each figure stated for an indicator (地区生产总值190.7亿元): (the figure's match, the
    indicator's name, up to 12 characters before the name and the words up to the figure).
    SF013 and SF016 recognise indicators through this one function."""
    text = ctx.text
    for m in _finditer(ctx, _FIGURE):
        if not _han_before(text, m.start()):
            continue  # a figure after a Han character (no other begins inside this one)
        # A name (12 at most) and its verb (2 at most) end at the figure: 14 characters.
        before = _NAME_BEFORE.search(text, max(0, m.start() - 14), m.start())
        if before is None:
            continue
        name = _NAME_PREFIX.sub("", before.group("name"))
        if not _INDICATOR_END.search(name) or len(name) < 4:
            continue
        yield m, name, text[max(0, before.start("name") - 12) : m.start("num")]


_APPROXIMATE_BEFORE = lazy(r"约|近|超|逾|超过$")
_APPROXIMATE_AFTER = lazy(r"以上|以下|以内|左右|上下|多|余")
_PERIOD = lazy(r"\d{4}年|[〇一二三四五六七八九]{4}年|回顾|过去|今后|目标|任务|安排")


def _part_periods(ctx: RuleContext) -> dict[int, str]:
    """The period each top-level section's heading names (2024年, 回顾…), by its start."""
    periods = {}
    for s in ctx.document.children:
        if s.kind == "section" and s.heading is not None:
            m = _PERIOD.search(ctx.text, s.heading.start, s.heading.end)
            if m:
                periods[s.start] = m.group()
    return periods


def _part_of(ctx: RuleContext, offset: int) -> int:
    """The start of the top-level section holding offset (-1 outside every section)."""
    for s in ctx.document.children:
        if s.kind == "section" and s.start <= offset < s.end:
            return s.start
    return -1


_AMOUNT = lazy(rf"(?P<num>{NUM})(?P<unit>亿元|万元|元|万人|人|个|家|项|名|户)")
_SENTENCE_BREAKS = "。；;！!？?\n"
_BREAK = lazy(f"[{_SENTENCE_BREAKS}]")
# Matched from where the last sentence ended up to an occurrence: the greedy .* runs to the
# occurrence and backs up to the last break before it (re has no backward search).
_UP_TO_LAST_BREAK = lazy(f"(?s).*[{_SENTENCE_BREAKS}]")


def _sentences_with(ctx: RuleContext, word: str) -> Iterator[tuple[int, str]]:
    """(start, text) of each sentence — a run of characters between the breaks above, lying
    inside one text node — that contains word (which holds no break). Found from word's
    few occurrences: splitting all ~120 sentences of a draft to look for it cost ~0.1 ms.

    Linear in the draft: each stretch of text is scanned once, from the end of one sentence to
    the next occurrence. (Looking for each break character backwards from every occurrence
    scanned to the draft's start for characters it does not hold: a 100 MB single-line draft
    took minutes.)"""
    nodes = [n for n in ctx.text_nodes if n.kind in _KINDS]
    if not nodes:
        return
    text = ctx.text
    lo, hi = nodes[0].start, nodes[-1].end
    starts = [n.start for n in nodes]
    scanned = lo  # lo, or the break that ended the last sentence: no break lies before it
    at = text.find(word, lo, hi)
    while at >= 0:
        last = _UP_TO_LAST_BREAK.match(text, scanned, at)
        start = last.end() if last else scanned
        found = _BREAK.search(text, at, hi)
        end = found.start() if found else hi
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and end <= nodes[i].end:
            yield start, text[start:end]
        scanned = end
        at = text.find(word, end, hi)


_AVERAGED = lazy(r"年均|平均|人均|户均|日均|月均")
_CHANGE = lazy(r"增加|减少|增长|下降|提高|降低|增收|减收|多|少")


class PartExceedsTotal(_TextRule):
    """“其中”的部分大于总数。

    检查内容
        同一句里，一个数字后接“其中”和同单位的数字；大于“其中”前总数的部分被报出。平均数
        （年均、平均、人均）不是总数，不比较；变化量（``比上年增加1500亿元``）跳过，取它所
        变化的那个数；``提高到100元`` 这样达到的水平算作总数。

    为什么
        统计表述惯例（STANDARDS.md）：部分不能大于整体；两个数必有一个错。

    示例
        ``财政总收入11.76亿元，其中地方财政收入15.74亿元``

    修改为
        改正错的那个数字。

    配置项
        无。
    """

    code = "SF014"
    name = "part-exceeds-total"
    severity = Severity.ERROR

    def finish(self, ctx: RuleContext) -> None:
        for sentence_start, text in _sentences_with(ctx, "其中"):
            at = text.find("其中")
            before = list(_AMOUNT.finditer(text, 0, at))
            if not before:
                continue
            # The whole is the last figure before 其中 that is not a change (赤字13500亿元，比上年
            # 增加1500亿元，其中…: the parts belong to the 13500, not to the increase).
            # 由50元提高到100元: a level reached (到, 至) is a whole, not a change.
            wholes = [
                b
                for b in before
                if text[b.start() - 1 : b.start()] in ("到", "至")
                or not _CHANGE.search(text, max(0, b.start() - 4), b.start())
            ]
            if not wholes:
                continue
            total = wholes[-1]
            if _AVERAGED.search(text, max(0, total.start() - 6), total.start()):
                continue  # 年均超收2040亿元，其中去年超收2573亿元: an average is no whole
            t_base, t_value = _value(total.group("num"), total.group("unit"))
            for part in _AMOUNT.finditer(text, at):
                p_base, p_value = _value(part.group("num"), part.group("unit"))
                if p_base == t_base and p_value > t_value:
                    a = sentence_start + part.start()
                    ctx.report(
                        a,
                        sentence_start + part.end(),
                        f"“其中”部分（{part.group(0)}）大于总数（{total.group(0)}），请核对",
                    )


# As with SF001: the words and 占…的 in one scan, ``…率`` anchored on 率 in another.
_SHARE_TAIL = rf"(?:为|达|达到|约)?(?P<num>{NUM})(?:%|％)"
_SHARES = (
    lazy(rf"(?:占比|比重|占[{HAN}]{{0,8}}的){_SHARE_TAIL}"),
    lazy(rf"率{_SHARE_TAIL}"),  # after a Han character: see _after_han
)


# Rates that are not shares of a whole and may pass 100%: 完成率, 执行率, 到位率, 增长率 ….
_RATES_OVER_100 = frozenset({"完成率", "执行率", "到位率", "增长率", "超额率", "兑现率", "回收率"})


class ShareOver100(_TextRule):
    """比重超过100%（提示）。

    检查内容
        占比/比重/……率/占……的 后跟大于 100 的百分数。可以超过 100% 的比率不查：增长、完成
        （``完成率``）、执行、资金到位（``到位率``）、超额、回收。

    为什么
        比重超过 100% 多是笔误；完成率超过 100% 是超额完成，报告会自豪地宣布。

    示例
        ``建会率达到108%``

    修改为
        核对该数字。

    配置项
        无。
    """

    code = "SF015"
    name = "share-over-100"
    severity = Severity.INFO

    def finish(self, ctx: RuleContext) -> None:
        text = ctx.text
        for m in itertools.chain(_finditer(ctx, _SHARES[0]), _after_han(ctx, _SHARES[1])):
            if float(m.group("num")) > 100:
                if text[max(0, m.start() - 2) : m.start() + 1] in _RATES_OVER_100:
                    continue  # 投资完成率114.2%: a rate of completion, not a share
                ctx.report(m.start("num"), m.end(), f"比例“{m.group('num')}%”超过100%，请核对")


# -- SF016: figures against the office's own table ----------------------------------------------

FACT_KEYS = ("value", "unit", "period", "tolerance", "aliases")


class FactsError(ValueError):
    """A fact table that cannot be used: one line, with the file and what to write."""


def load_facts(path: str) -> list[dict[str, Any]]:
    """The indicators of a fact table (YAML or CSV): name, value, unit, period, tolerance,
    aliases. FactsError names the file, the entry and the closest valid key."""
    from difflib import get_close_matches
    from pathlib import Path

    from speechlint.checking.patterns import PatternDataError, load_yaml

    file = Path(path)
    if file.suffix.lower() == ".csv":
        import csv

        try:
            with open(file, encoding="utf-8-sig", newline="") as handle:
                rows = list(csv.DictReader(handle))
        except OSError as exc:
            raise FactsError(f"{path}: cannot read: {exc.strerror}") from None
        data: dict[str, Any] = {}
        for k, row in enumerate(rows, start=2):
            name = (row.pop("name", "") or "").strip()
            if not name:
                raise FactsError(f"{path}: line {k}: a row needs a name")
            entry = {key: v for key, v in row.items() if v not in (None, "")}
            if "aliases" in entry:
                entry["aliases"] = [a.strip() for a in str(entry["aliases"]).split(";") if a]
            data[name] = entry
    else:
        try:
            data = load_yaml(file)
        except PatternDataError as exc:
            raise FactsError(str(exc)) from None
    if not isinstance(data, dict):
        raise FactsError(f"{path}: must map indicator names to their values")
    facts = []
    for name, entry in data.items():
        if isinstance(entry, (int, float, str)) and not isinstance(entry, bool):
            m = _FACT_VALUE.fullmatch(str(entry).strip())
            if m is None:
                raise FactsError(f"{path}: {name}: write a figure and its unit, like 190.7亿元")
            entry = {"value": m.group("num"), "unit": m.group("unit")}
        if not isinstance(entry, dict):
            raise FactsError(f"{path}: {name}: must be a figure or a mapping of {FACT_KEYS}")
        for key in entry:
            if key not in FACT_KEYS:
                from speechlint.checking.patterns import at_line

                close = get_close_matches(str(key), FACT_KEYS, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise FactsError(f"{at_line(path, str(key))}: {name}: unknown key {key!r}{hint}")
        try:
            value = float(entry["value"])
            tolerance = float(entry.get("tolerance", 0))
            period = int(entry["period"]) if "period" in entry else None
        except KeyError:
            raise FactsError(f"{path}: {name}: needs a value") from None
        except (TypeError, ValueError):
            raise FactsError(f"{path}: {name}: value, tolerance and period are numbers") from None
        unit = str(entry.get("unit", ""))
        aliases = entry.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise FactsError(f"{path}: {name}: aliases must be a list of names")
        facts.append(
            {"name": str(name), "value": value, "unit": unit, "period": period,
             "tolerance": tolerance, "aliases": aliases}
        )  # fmt: skip
    return facts


_FACT_VALUE = lazy(r"(?P<num>-?\d+(?:\.\d+)?)\s*(?P<unit>%|％|[^\d\s]*)")
_YEAR_IN = lazy(r"((?:19|20)\d{2})年")
_GROWTH = lazy(
    rf"(?P<name>[{HAN}]{{2,12}}?)(?:同比|比上年)?(?P<verb>增长|下降)(?P<num>\d+(?:\.\d+)?)(?:%|％)"
)


class FactMismatch(_TextRule):
    """与本单位数据表不符的数字（配置 ``facts:`` 指定数据表时检查）。

    检查内容
        稿中指标（地区生产总值、财政收入…，与 SF013 用同一套识别）带单位的数字，以及
        ``……增长6.2%`` 这样的增幅，与 ``facts:`` 数据表中同名（或别名）、同一时期的值比较：
        差值超过容差、或换算单位后不符的报出，并引用数据表的值。时期取数字前的年份（``2024年``）、
        所在部分标题的年份、或稿子日期行的年份；都不知道时不比较。

    为什么
        稿中的统计数字应与统计公报等权威数据一致；改稿时数字常被改错或沿用了旧数。约数在
        容差之内的（``191亿元`` 对 ``190.7亿元``，容差 0.5）算对。

    示例
        数据表 ``地区生产总值: {value: 190.7, unit: 亿元, period: 2024}``，稿中
        ``2024年全县实现地区生产总值195.7亿元``。

    修改为
        ``2024年全县实现地区生产总值190.7亿元``——核对后改正。

    配置项
        ``file``（即配置中的 ``facts:``）：数据表路径，YAML（名称 → ``{value, unit, period,
        tolerance, aliases}`` 或 ``190.7亿元``）或 CSV（列 name、value、unit、period、
        tolerance、aliases，别名以分号分隔）。
    """

    code = "SF016"
    name = "fact-mismatch"
    severity = Severity.ERROR
    options: ClassVar[dict[str, Option]] = {
        "file": Option([], "数据表路径（YAML 或 CSV），相对于配置文件", list, paths=True),
    }

    @classmethod
    def check_data(cls, options: dict[str, Any]) -> str | None:
        """What is wrong with the tables the options name, or None (config validation)."""
        try:
            _facts_of(tuple(str(f) for f in options.get("file") or ()))
        except FactsError as exc:
            return str(exc)
        return None

    def finish(self, ctx: RuleContext) -> None:
        files = tuple(str(f) for f in self.opts["file"] or ())
        if not files:
            return
        table: dict[str, list[dict[str, Any]]] = {}
        for fact in _facts_of(files):
            for name in (fact["name"], *fact["aliases"]):
                table.setdefault(name, []).append(fact)
        if not table:
            return
        draft_year = _draft_year(ctx)
        parts = _part_periods(ctx)
        for m, name, context in indicator_figures(ctx):
            self._check(ctx, table, name, m.group("num"), m.group("unit"), m.start("num"),
                        m.end("unit"), context, parts, draft_year)  # fmt: skip
        for m in _finditer(ctx, _GROWTH):
            name = _NAME_PREFIX.sub("", m.group("name")) + m.group("verb")
            context = ctx.text[max(0, m.start() - 12) : m.start("num")]
            self._check(ctx, table, name, m.group("num"), "%", m.start("num"), m.end(),
                        context, parts, draft_year)  # fmt: skip

    def _check(
        self,
        ctx: RuleContext,
        table: dict[str, list[dict[str, Any]]],
        name: str,
        num: str,
        unit: str,
        start: int,
        end: int,
        context: str,
        parts: dict[int, str],
        draft_year: int | None,
    ) -> None:
        facts = table.get(name)
        if not facts:
            return
        year_in = _YEAR_IN.findall(context)
        part = parts.get(_part_of(ctx, start), "")
        part_year = _YEAR_IN.search(part + "年") if part.endswith("年") else None
        period = (
            int(year_in[-1]) if year_in else int(part_year.group(1)) if part_year else draft_year
        )
        for fact in facts:
            if fact["period"] is not None and fact["period"] != period:
                continue
            base, value = _value(num, unit)
            fbase, fvalue = _value(str(fact["value"]), fact["unit"])
            unit_of_table = fact["unit"].replace("％", "%")
            if base.replace("％", "%") != fbase.replace("％", "%"):
                continue  # another kind of quantity (人 vs 元): not this indicator's figure
            scale = fvalue / fact["value"] if fact["value"] else 1.0
            if abs(value - fvalue) > fact["tolerance"] * scale + 1e-9 * max(abs(fvalue), 1):
                when = f"{fact['period']}年" if fact["period"] is not None else ""
                ctx.report(
                    start,
                    end,
                    f"“{name}”与数据表不符：此处为{num}{unit}，数据表{when}为"
                    f"{fact['value']:g}{unit_of_table}",
                )
            return


def _draft_year(ctx: RuleContext) -> int | None:
    for node in ctx.nodes_of("meta"):
        m = _YEAR_IN.search(ctx.text, node.start, node.end)
        if m:
            return int(m.group(1))
    return None


def _facts_of(files: tuple[str, ...]) -> list[dict[str, Any]]:
    """The tables' facts, read again when a file changes (a server keeps running)."""
    import os

    stamps = []
    for file in files:
        try:
            stamps.append(os.stat(file).st_mtime_ns)
        except OSError:
            stamps.append(-1)
    return _facts_read(files, tuple(stamps))


@cache
def _facts_read(files: tuple[str, ...], _stamps: tuple[int, ...]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for file in files:
        out.extend(load_facts(file))
    return out


RULES: list[type[Rule]] = [
    RateWithoutUnit,
    NegativeGrowth,
    PercentSignMixed,
    FullWidthDigits,
    RangeUnit,
    RangeDash,
    DigitGroupingMixed,
    DecimalLeadingZero,
    AbbreviatedYear,
    ChineseYearZero,
    MixedDateForms,
    ArabicInFixedExpression,
    IndicatorInconsistent,
    PartExceedsTotal,
    ShareOver100,
    FactMismatch,
]
