"""Date rules (DT): checks that are certain — a weekday that does not fall on its date, a date
that does not exist, a span that ends before it starts.

The year of a date is its own (``2025年3月27日``), else the year of the draft's date line (the
header block under the title), else the config's ``year:`` option; a date whose year cannot be
known is checked only where no year matters (``4月31日`` never exists).
"""

from __future__ import annotations

from typing import ClassVar

from speechlint.checking.diagnostics import Category, Severity
from speechlint.checking.rule import Option, Rule, RuleContext
from speechlint.speed.lazyre import lazy

WEEKDAYS = "一二三四五六日"
_DATE = lazy(
    r"(?:(?P<year>(?:19|20|21)\d{2})年)?(?<![\d.．])(?P<month>1[0-2]|0?[1-9])月(?P<day>3[01]|[12]\d|0?[1-9])日"
    r"(?:[ \u3000]*(?:[（(](?:星期|周|礼拜)(?P<wd1>[一二三四五六日天])[）)]"
    r"|[，,][ \u3000]*(?:星期|周|礼拜)(?P<wd2>[一二三四五六日天])))?"
)
# 3月27日至3月25日, 3月27日—25日, 3月27日至25日 (the second month, when absent, is the first's).
_SPAN = lazy(
    r"(?<![\d.．])(?P<m1>1[0-2]|0?[1-9])月(?P<d1>3[01]|[12]\d|0?[1-9])日"
    r"[ \u3000]*(?:至|到|—|－|-|～|~)[ \u3000]*"
    r"(?:(?P<m2>1[0-2]|0?[1-9])月)?(?P<d2>3[01]|[12]\d|0?[1-9])日"
)
_YEAR_LINE = lazy(r"(?:19|20)\d{2}(?=年)")


def draft_year(ctx: RuleContext) -> int | None:
    """The year of the draft's date line (the meta lines under the title), if one says it."""

    def build() -> int | None:
        for node in ctx.nodes_of("meta"):
            m = _YEAR_LINE.search(ctx.text, node.start, node.end)
            if m:
                return int(m.group())
        return None

    year: int | None = ctx.memo("draft-year", build)
    return year


_YEAR = Option(None, "日期未写年份时用的年份（稿中署名日期行未写年份时）", (int, type(None)))


class WeekdayMismatch(Rule):
    """日期后注的星期与日期不符。

    检查内容
        ``2025年3月27日（星期四）``、``3月27日(周四)``、``3月27日，星期四`` 这样带星期的日期：
        星期是否真落在这天。年份取日期本身的，否则取稿子题目下日期行的，否则取配置项
        ``year``；都没有则不查。

    为什么
        会议通知、讲话稿的日期和星期写错，是最让人难堪的错误之一；按公历推算，结果是确定的。

    示例
        ``2025年3月27日（星期五）``

    修改为
        ``2025年3月27日（星期四）``——或核对日期本身。

    配置项
        ``year``：稿中日期都没写年份时用的年份。
    """

    code = "DT001"
    name = "weekday-mismatch"
    category = Category.STATISTIC
    severity = Severity.ERROR
    options: ClassVar[dict[str, Option]] = {"year": _YEAR}

    def finish(self, ctx: RuleContext) -> None:
        fallback = draft_year(ctx) or self.opts["year"]
        for m in ctx.finditer(_DATE):
            written = m.group("wd1") or m.group("wd2")
            if not written:
                continue
            year = int(m.group("year")) if m.group("year") else fallback
            if year is None:
                continue
            import datetime  # here: most drafts hold no date with a weekday

            try:
                day = datetime.date(year, int(m.group("month")), int(m.group("day")))
            except ValueError:
                continue  # a date that does not exist is DT002's
            actual = WEEKDAYS[day.weekday()]
            if written.replace("天", "日") != actual:
                start = m.start("wd1") if m.group("wd1") else m.start("wd2")
                ctx.report(
                    start,
                    start + 1,
                    f"{year}年{int(m.group('month'))}月{int(m.group('day'))}日是星期{actual}，"
                    f"不是星期{written}",
                )


class ImpossibleDate(Rule):
    """不存在的日期：``2月30日``、``4月31日``、``2023年2月29日``。

    检查内容
        月、日写成阿拉伯数字的日期中，这个月没有的日子。2月29日只在知道年份（日期本身、稿子
        的日期行或配置项 ``year``）且不是闰年时报。

    为什么
        日期写错多因改稿时只改了月份；不存在的日期一念便知有误。

    示例
        ``4月31日召开大会``

    修改为
        核对后写作 ``4月30日`` 或 ``5月1日``。

    配置项
        ``year``：稿中日期都没写年份时用的年份。
    """

    code = "DT002"
    name = "impossible-date"
    category = Category.STATISTIC
    severity = Severity.ERROR
    options: ClassVar[dict[str, Option]] = {"year": _YEAR}

    def finish(self, ctx: RuleContext) -> None:
        fallback = draft_year(ctx) or self.opts["year"]
        for m in ctx.finditer(_DATE):
            import calendar  # here: imported once, by the first draft that holds a date

            month, day = int(m.group("month")), int(m.group("day"))
            year = int(m.group("year")) if m.group("year") else fallback
            if month == 2 and day == 29:
                if year is None or calendar.isleap(year):
                    continue
                last = 28
            else:
                last = calendar.monthrange(2024, month)[1]  # a leap year: February has 29
            if day > last:
                where = f"{year}年" if m.group("year") else ""
                said = (
                    f"2月没有{day}日"
                    if month == 2 and year is None
                    else f"{where}{month}月只有{last}天，没有{day}日"
                )
                ctx.report(m.start("month"), m.end(), f"{said}，请核对日期")


class DateSpanReversed(Rule):
    """起止日期倒置：``3月27日至3月25日``。

    检查内容
        ``X月X日至（到、—）X月X日`` 和 ``X月X日至X日`` 这样的日期范围，结束日早于开始日。跨年的
        范围（``12月28日至1月3日``）不报。

    为什么
        起止日期倒置多因复制粘贴时只改了一处；会期、时限写错会误事。

    示例
        ``会期为3月27日至3月25日``

    修改为
        ``会期为3月25日至3月27日``——核对后改正。

    配置项
        无。
    """

    code = "DT003"
    name = "date-span-reversed"
    category = Category.STATISTIC
    severity = Severity.ERROR

    def finish(self, ctx: RuleContext) -> None:
        for m in ctx.finditer(_SPAN):
            m1, d1 = int(m.group("m1")), int(m.group("d1"))
            m2 = int(m.group("m2")) if m.group("m2") else m1
            d2 = int(m.group("d2"))
            # 12月28日至1月3日 runs into the next year: an end ten or more months "before"
            # its start is that, not a slip.
            reversed_ = (m2, d2) < (m1, d1) and m1 - m2 < 10
            if reversed_:
                ctx.report(
                    m.start(), m.end(), f"起止日期倒置：{m2}月{d2}日早于{m1}月{d1}日，请核对"
                )


RULES: list[type[Rule]] = [WeekdayMismatch, ImpossibleDate, DateSpanReversed]
