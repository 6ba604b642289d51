"""Date rules (DT): checks that are certain — a weekday that does not fall on its date, a date
that does not exist, a span that ends before it starts.

The year of a date is its own (``2025年3月27日``), else the year of the draft's date line (the
header block under the title), else the config's ``year:`` option; a date whose year cannot be
known is checked only where no year matters (``4月31日`` never exists).
"""

from __future__ import annotations

from functools import cache
from typing import Any, ClassVar

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


# 18日19日, 12月18日19日 (two days with nothing between), and 1 4月 (two months, a space
# where the dash fell out): the second after the first, as a span is. Both begin where a run of
# digits begins (\d(?<!\d\d)), which the prefilter finds once for every number pattern.
_DAYS_RUN_ON = lazy(r"\d(?<![\d.．]\d)\d?日\d{1,2}(?!\d)日")
_MONTHS_RUN_ON = lazy(r"\d(?<![\d.．年月日]\d)\d?[ \u3000]+\d{1,2}(?!\d)月")


class DateRangeConnector(Rule):
    """日期或月份范围缺少连接词：``12月18日19日``、``1 4月``。

    检查内容
        两个日子紧挨着写、中间什么也没有（``18日19日``），以及两个月份只隔一个空格
        （``1 4月``，多是从 PDF 复制时丢了连接号）；后一个都比前一个大，像是一个范围。

    为什么
        GB/T 15834-2011 4.13：时间的起止用连接号 ``—``（``18—19日``、``1—4月``），或写作
        ``18日至19日``；两天并列则用顿号（``18日、20日``）。缺了它，念稿的人会念成一个日子。

    示例
        ``12月18日19日召开``、``1 4月经济运行情况良好``

    修改为
        ``12月18日至19日召开``（或 ``12月18—19日``）、``1—4月经济运行情况良好``

    配置项
        无。
    """

    code = "DT005"
    name = "date-range-connector"
    category = Category.STATISTIC
    severity = Severity.ERROR

    def finish(self, ctx: RuleContext) -> None:
        for m in ctx.finditer(_DAYS_RUN_ON):
            d1, d2 = m.group(0)[:-1].split("日")
            if 1 <= int(d1) < int(d2) <= 31:
                ctx.report(
                    m.start(), m.end(),
                    f"日期范围缺少连接词：“{m.group(0)}”应写作“{d1}日至{d2}日”或“{d1}—{d2}日”",
                )  # fmt: skip
        for m in ctx.finditer(_MONTHS_RUN_ON):
            m1, m2 = m.group(0)[:-1].split()
            if 1 <= int(m1) < int(m2) <= 12:
                ctx.report(
                    m.start(), m.end(), f"月份范围缺少连接号：“{m.group(0)}”应写作“{m1}—{m2}月”"
                )


RULES: list[type[Rule]] = [WeekdayMismatch, ImpossibleDate, DateSpanReversed, DateRangeConnector]


# -- DT004: phrases that are right only for a time ------------------------------------------

PHRASE_KEYS = ("id", "pattern", "since", "until", "message", "source")


class PhrasesError(ValueError):
    """A phrase list that cannot be used: one line, naming the file and the entry."""


def load_phrases(path: str | None) -> list[dict[str, Any]]:
    """The shipped list (path None) or an office's, checked: each entry's keys, dates and
    pattern. PhrasesError names the file, the entry and the closest valid key."""
    import datetime
    from difflib import get_close_matches
    from pathlib import Path

    from speechlint.checking.patterns import PatternDataError, compile_checked, load_yaml

    where = path or "speechlint.rules/data/phrases.yaml"
    try:
        data = load_yaml(Path(path)) if path else load_yaml("phrases.yaml")
    except PatternDataError as exc:
        raise PhrasesError(str(exc)) from None
    if not isinstance(data, list):
        raise PhrasesError(f"{where}: must be a list of phrases")
    out = []
    for k, entry in enumerate(data, start=1):
        at = f"{where}: entry {k}"
        if not isinstance(entry, dict) or not isinstance(entry.get("pattern"), str):
            raise PhrasesError(f"{at}: each phrase needs a pattern")
        for key in entry:
            if key not in PHRASE_KEYS:
                from speechlint.checking.patterns import at_line

                close = get_close_matches(str(key), PHRASE_KEYS, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                here = at_line(path, str(key)) if path else where
                raise PhrasesError(f"{here}: entry {k}: unknown key {key!r}{hint}")
        dates = {}
        for key in ("since", "until"):
            value = entry.get(key)
            try:
                dates[key] = datetime.date.fromisoformat(str(value)) if value else None
            except ValueError:
                raise PhrasesError(f"{at}: {key}: {value!r} is not a date (2025-12-31)") from None
        if dates["since"] is None and dates["until"] is None:
            raise PhrasesError(f"{at}: give since or until (or both)")
        try:
            regex = compile_checked(entry["pattern"], at)
        except PatternDataError as exc:
            raise PhrasesError(str(exc)) from None
        out.append({**entry, **dates, "regex": regex, "message": str(entry.get("message", ""))})
    return out


@cache
def _phrases(files: tuple[str, ...], _stamps: tuple[int, ...]) -> list[dict[str, Any]]:
    out = load_phrases(None)
    for file in files:
        out.extend(load_phrases(file))
    return out


class OutdatedPhrase(Rule):
    """只在一段时间内正确的提法，用在了这段时间之外（如“十四五”收官后仍称“十四五”某某之年）。

    检查内容
        ``rules/data/phrases.yaml`` 所列（以及配置 ``phrases:`` 增加的）带起止日期的提法，按
        稿子日期（题目下日期行的，否则配置项 ``year`` 的年初）判断：日期不在其有效期内则报。
        不知道稿子日期时不查。随 speechlint 提供的只有有出处、无争议的规划期提法。

    为什么
        讲话稿常以往年稿子为底，规划期、“某某之年”等提法过期后仍被沿用。

    示例
        稿子日期 2026年1月，``今年是“十四五”规划的收官之年``。

    修改为
        按当年实际改写（``今年是“十五五”规划的开局之年``）。

    配置项
        ``year``；``file``（即配置中的 ``phrases:``）：本单位的提法表，格式同
        ``rules/data/phrases.yaml``（id、pattern、since、until、message、source）。
    """

    code = "DT004"
    name = "outdated-phrase"
    category = Category.WORDING
    severity = Severity.WARNING
    options: ClassVar[dict[str, Option]] = {
        "year": _YEAR,
        "file": Option([], "本单位的提法表（YAML），相对于配置文件", list, paths=True),
    }

    @classmethod
    def check_data(cls, options: dict[str, Any]) -> str | None:
        try:
            for file in options.get("file") or ():
                load_phrases(str(file))
        except PhrasesError as exc:
            return str(exc)
        return None

    def finish(self, ctx: RuleContext) -> None:
        import datetime
        import os

        on = _draft_date(ctx)
        if on is None and self.opts["year"]:
            on = datetime.date(int(self.opts["year"]), 1, 1)
        if on is None:
            return
        files = tuple(str(f) for f in self.opts["file"] or ())
        stamps = tuple(os.stat(f).st_mtime_ns if os.path.exists(f) else -1 for f in files)
        for phrase in _phrases(files, stamps):
            since, until = phrase["since"], phrase["until"]
            if (since is None or since <= on) and (until is None or on <= until):
                continue
            for m in ctx.finditer(phrase["regex"]):
                ctx.report(m.start(), m.end(), phrase["message"] or "此提法已过有效期，请核对")


_DATE_LINE = lazy(r"((?:19|20)\d{2})年(1[0-2]|0?[1-9])月(?:(3[01]|[12]\d|0?[1-9])日)?")


def _draft_date(ctx: RuleContext) -> Any:
    """The date of the draft's date line (the meta lines under the title), if it has one."""
    import datetime

    for node in ctx.nodes_of("meta"):
        m = _DATE_LINE.search(ctx.text, node.start, node.end)
        if m:
            try:
                return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
            except ValueError:
                continue
    return None


RULES.append(OutdatedPhrase)
