"""Statistic formatting rules (SF): GB/T 15835-2011 and the practice of reports and speeches.

Rates without their unit, negative growth, percent signs, full-width digits, ranges, digit
grouping, leading zeros, years, Chinese numerals in fixed expressions, and the consistency of
the figures themselves. Well-formed figures (``128场次``, ``60多万元``, ``同比增长14.4%``,
``80%以上``, ``十三五``, ``2021年``) are never flagged.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterator

from speechlint.conventions import int_to_cn
from speechlint.diagnostics import Category, Fix, Severity
from speechlint.lazyre import lazy
from speechlint.rule import Rule, RuleContext

NUM = r"\d+(?:\.\d+)?"
HAN = "\u4e00-\u9fff"


_KINDS = frozenset({"paragraph", "heading", "title", "meta"})


def _finditer(ctx: RuleContext, *patterns: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """Matches of each pattern in turn (one rule's scans split for speed: see _RATES)."""
    for pattern in patterns:
        yield from ctx.finditer(pattern, _KINDS)


class _TextRule(Rule):
    """Shared base: rules that scan every text node with one pattern."""

    category = Category.STATISTIC


# -- SF001 -------------------------------------------------------------------------------------

# The signal is a word or ``…率``. Two scans, each starting with a literal so re skips ahead in
# C: the words, and ``率`` with a Han character before it (``[HAN]{1,4}率`` made every Han
# character a place to try). Only the numbers are reported, and they are the same: no word
# signal ends in 率, so the two scans never report one number twice.
_RATE_TAIL = (
    r"(?:了|为|达|达到|至|到|约|近|超|超过|分别为|分别达到?|分别)?[ \u3000]*"
    rf"(?P<nums>-?{NUM}(?:[ \u3000]*[和、与及或][ \u3000]*-?{NUM})*)"
    r"(?![\d.％%‰])"
    # 分别提高11.1、11.2个百分点: the last number's unit serves the list.
    rf"(?![ \u3000]*[和、与及或][ \u3000]*-?{NUM}[ \u3000]*(?:%|％|‰|个百分点|倍))"
    rf"(?=[，。；;,！!？?、）)\s]|$|[和与及或])"
)
_RATES = (
    lazy(r"(?:增长|下降|提高|降低|上升|回落|增幅|降幅|涨幅|跌幅|增速|占比|比重)" + _RATE_TAIL),
    lazy(rf"率(?<=[{HAN}]率){_RATE_TAIL}"),
)
_ONE_NUMBER = lazy(rf"-?{NUM}")
_SPACED_ON = lazy(r"[ \u3000]+(?:[\d.．%％‰]|个百分点|倍)")


class RateWithoutUnit(_TextRule):
    """A rate of change or a share with no unit: ``同比增长13.8；``, ``分别增长14.3和7.2``.

    检查内容 (What it checks)
        增长/下降/提高/降低/上升/增幅/降幅/增速/占比/比重/…率 followed by a bare number that
        ends the clause (every number of a pair such as ``12.9和9``). A number followed by a
        unit or classifier (``%``, ``个百分点``, ``倍``, ``万人``, ``场次``) is well formed.

    为什么 (Why)
        Reporting practice (STANDARDS.md, "Statistic statements"): a rate carries its unit;
        read aloud, ``增长十三点八`` means nothing.

    示例 (Example)
        ``同比增长13.8；同比分别增长14.3和7.2``

    修改为 (Write instead)
        ``同比增长13.8%；同比分别增长14.3%和7.2%`` (or ``个百分点`` where that is meant).

    配置项 (Options)
        None.
    """

    code = "SF001"
    name = "rate-without-unit"
    severity = Severity.ERROR

    def finish(self, ctx: RuleContext) -> None:
        for m in _finditer(ctx, *_RATES):
            if _SPACED_ON.match(ctx.text, m.end()):
                continue  # 增长1 1 ．3 ％: a figure typed with spaces goes on to its unit
            base = m.start("nums")
            for n in _ONE_NUMBER.finditer(m.group("nums")):
                a, b = base + n.start(), base + n.end()
                ctx.report(
                    a, b, f"“{n.group(0)}”缺少单位，应写作“{n.group(0)}%”或“{n.group(0)}个百分点”"
                )


# -- SF002 -------------------------------------------------------------------------------------

_NEGATIVE_GROWTH = lazy(
    rf"(?P<verb>增长|上升|提高|增加)(?P<sign>[-－−])(?P<num>{NUM}(?:%|％|个百分点)?)"
)


_OPPOSITE = {"增长": "下降", "上升": "下降", "提高": "降低", "增加": "减少"}


class NegativeGrowth(_TextRule):
    """A negative growth: ``增长-5%``.

    检查内容 (What it checks)
        增长/上升/提高/增加 directly followed by a minus sign.

    为什么 (Why)
        Reporting practice: a fall is stated as a fall (``下降5%``); ``增长负五个百分点`` is
        hard to say and easy to mishear.

    示例 (Example)
        ``工业增加值同比增长-5%``

    修改为 (Write instead)
        ``工业增加值同比下降5%`` (a safe fix).

    配置项 (Options)
        None.
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
    """Both ``%`` and ``％`` in one draft.

    检查内容 (What it checks)
        The percent signs of the whole draft; the less common one is reported.

    为什么 (Why)
        GB/T 15835-2011 and reporting practice: one form per document.

    示例 (Example)
        ``增长14.4%`` … ``增长35％``

    修改为 (Write instead)
        ``增长35%`` (a safe fix to the more common form).

    配置项 (Options)
        None.
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
    """Full-width digits mixed into text whose figures are half-width: ``１２３``.

    检查内容 (What it checks)
        Digits U+FF10–U+FF19 (and a full-width decimal point between them) in a draft whose
        figures are mostly half-width. A draft that writes its figures full-width throughout
        (or mostly: a house style many offices and older publications keep) is left alone:
        the rule reports the minority form only, as SF003 does for ``%``.

    为什么 (Why)
        GB/T 15835-2011 prefers half-width Arabic numerals in running text; one form per
        document is what readers notice. A consistent full-width house style is a choice,
        not a slip, so only a draft that mixes the two forms is flagged.

    示例 (Example)
        ``全年培训职工１２００人次，比2023年增加300人次``

    修改为 (Write instead)
        ``全年培训职工1200人次`` (a safe fix).

    配置项 (Options)
        None.
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
    """A range that drops the first unit: ``15～30%``, ``5～10万人``.

    检查内容 (What it checks)
        Numeric ranges joined by ``～`` or ``至`` whose percent sign or 万/亿 appears only after
        the second number.

    为什么 (Why)
        GB/T 15835-2011: both ends of a range keep the percent sign and 万/亿 — ``15～30%``
        reads as "fifteen to thirty percent" only by guessing.

    示例 (Example)
        ``增长15～30%``, ``5～10万人``

    修改为 (Write instead)
        ``增长15%～30%``, ``5万～10万人`` (a safe fix).

    配置项 (Options)
        None.
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
    """A numeric range written with a dash: ``1—2个``, ``3-5年``, ``20~30个``.

    检查内容 (What it checks)
        Two numbers joined by ``—``, ``-``, ``－`` or an ASCII ``~`` and followed by a unit or
        classifier; and a span of years joined by a hyphen (``2011-2012年`` → ``2011—2012年``).
        Spans of time take ``—`` and are not flagged: years (``1949—1986年``), months
        (``1—11月``, ``1—5月份``) and days of a month (``3—15日``).

    为什么 (Why)
        GB/T 15834-2011 4.13 (连接号): a numeric range takes the wave dash ``～``
        (``1～2个``); ``—`` marks a span from a start to an end. The line between the two is
        not always sharp, so this is a warning.

    示例 (Example)
        ``抓好1—2个社区亮点``

    修改为 (Write instead)
        ``抓好1～2个社区亮点`` (a safe fix).

    配置项 (Options)
        None.
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
    """Digit grouping mixed in one draft: ``12,500`` and ``38124``.

    检查内容 (What it checks)
        Numbers of five or more digits written with thousands separators in some places and
        without in others; the less common style is reported once. Years and document numbers
        are not counted.

    为什么 (Why)
        GB/T 15835-2011 5.1.3: one grouping style per document.

    示例 (Example)
        ``职工12,500人`` … ``会员38124人``

    修改为 (Write instead)
        ``职工12500人`` … ``会员38124人`` (or group both).

    配置项 (Options)
        None.
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


_NO_LEADING_ZERO = lazy(rf"\.(?<=[{HAN}\s（(，,：:]\.)(\d+)")


class DecimalLeadingZero(_TextRule):
    """A decimal without its leading zero: ``.46``.

    检查内容 (What it checks)
        A decimal point directly after a Chinese character, a space or an opening mark and
        followed by digits.

    为什么 (Why)
        GB/T 15835-2011: decimals keep the zero before the point (``0.46``).

    示例 (Example)
        ``人均增加.46万元``

    修改为 (Write instead)
        ``人均增加0.46万元`` (a safe fix).

    配置项 (Options)
        None.
    """

    code = "SF008"
    name = "decimal-leading-zero"
    severity = Severity.ERROR
    fixable = True

    def finish(self, ctx: RuleContext) -> None:
        for m in _finditer(ctx, _NO_LEADING_ZERO):
            ctx.report(
                m.start(),
                m.end(),
                f"小数点前应补零：“{m.group(0)}”应写作“0{m.group(0)}”",
                fix=Fix.replace(m.start(), m.start(), "0"),
            )


# -- SF009 - SF011: years and dates -----------------------------------------------------------

_SHORT_YEAR = lazy(r"(?P<y>\d(?<![\d〇○零一二三四五六七八九十.'’]\d)\d)年(?=\d{1,2}月|度)")


class AbbreviatedYear(_TextRule):
    """An abbreviated year: ``21年7月``, ``21年度``.

    检查内容 (What it checks)
        A two-digit number followed by 年 and a month (``21年7月``) or 度 (``21年度``). Spans
        of time (``工作21年``) are not years and are not flagged.

    为什么 (Why)
        GB/T 15835-2011 and GB/T 9704-2012 7.3.5.3: years are written in full (``2021年``).
        Whether the century is meant cannot be certain, so this is a warning.

    示例 (Example)
        ``21年7月1日``

    修改为 (Write instead)
        ``2021年7月1日``

    配置项 (Options)
        None.
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
    """A Chinese-numeral year with the wrong zero: ``二0二二年``, ``二○二二年``, ``二零二二年``.

    检查内容 (What it checks)
        Four-character Chinese-numeral years whose zero is the digit ``0``, the letter ``O``,
        the circle ``○`` (U+25CB) or ``零``.

    为什么 (Why)
        GB/T 15835-2011: in a year written in Chinese numerals the zero is ``〇`` (U+3007).
        The circle ``○`` (U+25CB) looks the same in print: a draft that writes it in every
        year is left alone (a house style nobody reading it can tell apart), and only a draft
        that mixes ``○`` with ``〇`` has its circles flagged. ``0``, ``O`` and ``零`` are
        always flagged.

    示例 (Example)
        ``二0二二年``

    修改为 (Write instead)
        ``二〇二二年`` (a safe fix).

    配置项 (Options)
        None.
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
    """Chinese and Arabic numerals mixed in one date: ``二〇〇八年8月8日``.

    检查内容 (What it checks)
        A year in one kind of numeral followed by a month in the other.

    为什么 (Why)
        GB/T 15835-2011: numbers of the same kind keep one form.

    示例 (Example)
        ``二〇〇八年8月8日``

    修改为 (Write instead)
        ``2008年8月8日`` (or ``二〇〇八年八月八日``).

    配置项 (Options)
        None.
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
    """Arabic numerals in fixed expressions and solemn counts: ``讲4点意见``, ``11届全国人大``.

    检查内容 (What it checks)
        ``讲4点意见``, ``第1要务``, ``11届全国人大`` / ``11届6次全委``, ``4个意识``.

    为什么 (Why)
        GB/T 15835-2011 4.2 (and 5.1.1): fixed expressions, set phrases and the numbering of
        sessions use Chinese numerals; ``四点意见`` is the norm in speeches. Some houses accept
        Arabic numerals in counts, so this is a warning.

    示例 (Example)
        ``下面，我代表县委讲4点意见。``

    修改为 (Write instead)
        ``下面，我代表县委讲四点意见。``

    配置项 (Options)
        None.
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
_FIGURE = lazy(
    rf"(?P<num>\d(?<=[{HAN}]\d)\d*(?:\.\d+)?)"
    r"(?P<unit>亿元|万元|元|万人次|人次|万人|名|人|个|家|项|户|亿美元|万美元|吨|万吨)"
)
_NAME_BEFORE = lazy(rf"(?P<name>[{HAN}]{{2,12}}?)(?:为|达|达到|实现|完成|共|累计)?$")
# Words before a name that are not part of it: 全年实现地区生产总值 names 地区生产总值.
_NAME_PREFIX = lazy(r"^(?:全年|全县|全市|全省|预计|其中|共|累计|实现|完成)+")
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
    """The same indicator stated twice with different values.

    检查内容 (What it checks)
        Indicators such as 地区生产总值, 财政收入, 会员人数 (a name ending in 总值/收入/总额/
        支出/投资/人数/…) given with a figure and a unit more than once, with different values.
        A mention with a time word near it (去年, 2020年, 同期, 上半年…) is left out, since
        figures of different periods differ by nature.

    为什么 (Why)
        Reporting practice (STANDARDS.md): a figure revised in one place and not the other is
        an error worth catching. Names are matched literally, so this is a warning.

    示例 (Example)
        ``全年实现地区生产总值190.7亿元`` … ``地区生产总值191亿元``

    修改为 (Write instead)
        The same, checked figure in both places.

    配置项 (Options)
        None.
    """

    code = "SF013"
    name = "indicator-inconsistent"
    severity = Severity.WARNING

    def finish(self, ctx: RuleContext) -> None:
        seen: dict[tuple[str, str, str | None], tuple[float, str, int]] = {}
        periods = _part_periods(ctx)
        for m in _finditer(ctx, _FIGURE):
            # A name (12 at most) and its verb (2 at most) end at the figure: 14 characters.
            before = _NAME_BEFORE.search(ctx.text, max(0, m.start() - 14), m.start())
            if before is None:
                continue
            name = _NAME_PREFIX.sub("", before.group("name"))
            if not _INDICATOR_END.search(name) or len(name) < 4:
                continue
            context = ctx.text[max(0, before.start("name") - 12) : m.start("num")]
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
    """A ``其中`` part larger than its total.

    检查内容 (What it checks)
        In one sentence, a figure followed by ``其中`` and figures of the same unit; a part
        larger than the figure before ``其中`` is reported. An averaged figure (``年均``,
        ``平均``, ``人均``) is no whole and is not compared, and a change (``比上年增加1500亿元``)
        is passed over for the figure it changes.

    为什么 (Why)
        Reporting practice (STANDARDS.md): a part cannot exceed its whole; one of the two
        figures is wrong.

    示例 (Example)
        ``财政总收入11.76亿元，其中地方财政收入15.74亿元``

    修改为 (Write instead)
        Correct whichever figure is wrong.

    配置项 (Options)
        None.
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
    lazy(rf"率(?<=[{HAN}]率){_SHARE_TAIL}"),
)


# Rates that are not shares of a whole and may pass 100%: 完成率, 执行率, 到位率, 增长率 ….
_RATES_OVER_100 = frozenset({"完成率", "执行率", "到位率", "增长率", "超额率", "兑现率", "回收率"})


class ShareOver100(_TextRule):
    """A share above 100% (information).

    检查内容 (What it checks)
        占比/比重/…率/占…的 followed by a percentage above 100. Rates that are no share of a
        whole and may pass 100% are not checked: growth, completion (``完成率``), execution,
        arrival of funds (``到位率``), overfulfilment, recovery.

    为什么 (Why)
        A share over 100% is usually a typo; a completion rate over 100% is overfulfilment,
        which reports announce with pride.

    示例 (Example)
        ``建会率达到108%``

    修改为 (Write instead)
        Check the figure.

    配置项 (Options)
        None.
    """

    code = "SF015"
    name = "share-over-100"
    severity = Severity.INFO

    def finish(self, ctx: RuleContext) -> None:
        text = ctx.text
        for m in _finditer(ctx, *_SHARES):
            if float(m.group("num")) > 100:
                if text[max(0, m.start() - 2) : m.start() + 1] in _RATES_OVER_100:
                    continue  # 投资完成率114.2%: a rate of completion, not a share
                ctx.report(m.start("num"), m.end(), f"比例“{m.group('num')}%”超过100%，请核对")


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
]
