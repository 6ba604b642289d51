"""Roster rules (NM): leaders' names, titles and protocol order against the office's own list
(``people:`` in the config). Nothing is guessed without a roster, and no names ship with
speechlint.

Roster file (YAML)::

    people:
      - name: 张三
        titles:
          - {title: 市长, since: 2021-06-01, until: 2025-02-28}
          - {title: 市委书记, since: 2025-03-01}
      - name: 李四
        titles: [{title: 副市长}]
    order: [张三, 李四]        # the protocol order of the current leadership

The draft's date is its date line's (``（2025年3月27日）`` under the title), else the roster's
``date:``; a title with ``since``/``until`` counts only on the days it covers (with no date
known, any of a person's titles counts).
"""

from __future__ import annotations

import datetime
import itertools
from difflib import get_close_matches
from functools import cache
from typing import Any, ClassVar

from speechlint.checking.diagnostics import Category, Severity
from speechlint.checking.rule import Option, Rule, RuleContext
from speechlint.speed.lazyre import lazy
from speechlint.speed.speedups import HAN

PERSON_KEYS = ("name", "titles")
TITLE_KEYS = ("title", "since", "until")
ROSTER_KEYS = ("people", "order", "date")
_DATE_LINE = lazy(r"((?:19|20)\d{2})年(1[0-2]|0?[1-9])月(3[01]|[12]\d|0?[1-9])日")


class RosterError(ValueError):
    """A roster that cannot be used: one line, naming the file and what to write."""


def _date(value: Any, path: str, where: str) -> datetime.date | None:
    from speechlint.checking.patterns import at_line

    if value is None:
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise RosterError(
            f"{at_line(path, str(value))}: {where}: {value!r} is not a date; write it as 2025-03-01"
        ) from None


def _second_line(path: str, name: str) -> str:
    """``file:line`` of the second entry naming name (the one listed twice)."""
    from speechlint.checking.patterns import line_of

    first = line_of(path, f"name: {name}")
    if first is None:
        return path
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return path
    later = next(
        (k for k in range(first + 1, len(lines) + 1) if f"name: {name}" in lines[k - 1]), first
    )
    return f"{path}:{later}"


def _keys(entry: dict[str, Any], allowed: tuple[str, ...], where: str, path: str) -> None:
    from speechlint.checking.patterns import at_line

    for key in entry:
        if key not in allowed:
            close = get_close_matches(str(key), allowed, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise RosterError(f"{at_line(path, str(key))}: {where}: unknown key {key!r}{hint}")


def load_roster(path: str) -> dict[str, Any]:
    """{"people": {name: [(title, since, until)]}, "order": [names], "date": date | None};
    read again when the file changes (a server keeps running while the office edits it)."""
    import os

    try:
        stamp = os.stat(path).st_mtime_ns
    except OSError:
        stamp = -1
    return _load_roster(path, stamp)


@cache
def _load_roster(path: str, _stamp: int) -> dict[str, Any]:
    from pathlib import Path

    from speechlint.checking.patterns import PatternDataError, load_yaml

    try:
        data = load_yaml(Path(path))
    except PatternDataError as exc:
        raise RosterError(str(exc)) from None
    if not isinstance(data, dict):
        raise RosterError(f"{path}: must be a mapping with people (and order, date)")
    _keys(data, ROSTER_KEYS, "roster", path)
    people: dict[str, list[tuple[str, datetime.date | None, datetime.date | None]]] = {}
    for k, person in enumerate(data.get("people") or [], start=1):
        where = f"people[{k}]"
        if not isinstance(person, dict) or not isinstance(person.get("name"), str):
            raise RosterError(f"{path}: {where}: each person needs a name")
        _keys(person, PERSON_KEYS, where, path)
        name = person["name"].strip()
        if name in people:
            raise RosterError(
                f"{_second_line(path, name)}: {where}: {name} is listed twice; "
                "give one entry several titles"
            )
        titles = []
        for t in person.get("titles") or []:
            if isinstance(t, str):
                t = {"title": t}
            if not isinstance(t, dict) or not isinstance(t.get("title"), str):
                raise RosterError(f"{path}: {where}: {name}: each title needs a title")
            _keys(t, TITLE_KEYS, f"{where}: {name}", path)
            titles.append(
                (t["title"], _date(t.get("since"), path, f"{where}: {name}"),
                 _date(t.get("until"), path, f"{where}: {name}"))
            )  # fmt: skip
        people[name] = titles
    order = data.get("order") or []
    if not isinstance(order, list) or not all(isinstance(n, str) for n in order):
        raise RosterError(f"{path}: order must be a list of names")
    for name in order:
        if name not in people:
            raise RosterError(f"{path}: order names {name}, who is not among people")
    return {"people": people, "order": order, "date": _date(data.get("date"), path, "date")}


def _draft_date(ctx: RuleContext, roster: dict[str, Any]) -> datetime.date | None:
    for node in ctx.nodes_of("meta"):
        m = _DATE_LINE.search(ctx.text, node.start, node.end)
        if m:
            try:
                return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
    date: datetime.date | None = roster["date"]
    return date


def _holds(
    titles: list[tuple[str, datetime.date | None, datetime.date | None]], on: datetime.date | None
) -> list[str]:
    return [
        t for t, since, until in titles
        if on is None or ((since is None or since <= on) and (until is None or on <= until))
    ]  # fmt: skip


_FILE = Option([], "领导名单（YAML），相对于配置文件", list, paths=True)


class _RosterRule(Rule):
    category = Category.WORDING
    severity = Severity.ERROR
    options: ClassVar[dict[str, Option]] = {"file": _FILE}

    @classmethod
    def check_data(cls, options: dict[str, Any]) -> str | None:
        try:
            for f in options.get("file") or ():
                load_roster(str(f))
        except RosterError as exc:
            return str(exc)
        return None

    def roster(self) -> dict[str, Any] | None:
        files = [str(f) for f in self.opts["file"] or ()]
        return load_roster(files[0]) if files else None


def _all_titles(roster: dict[str, Any]) -> list[str]:
    """Every title the roster names, longest first (市委书记 before 书记)."""
    found = {t for titles in roster["people"].values() for t, _s, _u in titles}
    return sorted(found, key=len, reverse=True)


class TitleMismatch(_RosterRule):
    """名单上的人被称以他（在讲话日期）不担任的职务：``张三书记``，而名单上张三是市长。

    检查内容
        名单（配置 ``people:``）中的姓名紧接（或紧跟在后）名单里出现过的职务：这个人在稿子日期
        （题目下日期行的，或名单的 ``date``）是否担任这一职务。职务变动按 ``since``/``until``
        判断。没有名单不查。

    为什么
        领导职务称呼错误是讲话稿最严重的差错之一；职务在换届、调整后常被沿用旧称。

    示例
        名单：张三，市长；稿中 ``张三书记出席会议``。

    修改为
        ``张三市长出席会议``——按名单核对。

    配置项
        ``file``（即配置中的 ``people:``）：领导名单路径。YAML：``people`` 为人员列表，每人
        ``{name: 张三, titles: [{title: 市长, since: 2021-06-01, until: 2025-02-28}, 书记]}``
        （职务可只写名称）；``order`` 为现任领导排序（姓名列表）；``date`` 为稿子无日期行时用的
        日期。``speechlint init --with-data`` 写出可改的样例，``examples/county/`` 有完整示例。
    """

    code = "NM001"
    name = "title-mismatch"

    def finish(self, ctx: RuleContext) -> None:
        roster = self.roster()
        if roster is None:
            return
        on = _draft_date(ctx, roster)
        titles = _all_titles(roster)
        text = ctx.text
        for name, held_all in roster["people"].items():
            held = _holds(held_all, on)
            at = text.find(name)
            while at >= 0:
                end = at + len(name)
                after = next((t for t in titles if text.startswith(t, end)), None)
                before = next((t for t in titles if text.endswith(t, 0, at)), None)
                for title, (a, b) in ((after, (at, end + len(after or ""))),
                                      (before, (at - len(before or ""), end))):  # fmt: skip
                    if title and title not in held and not any(h.endswith(title) for h in held):
                        now = "、".join(held) or "（名单中此时无职务）"
                        ctx.report(a, b, f"名单上{name}的职务为{now}，不是{title}，请核对")
                        break
                at = text.find(name, end)


class NameNearMiss(_RosterRule):
    """与名单上的姓名只差一个字的姓名：``王小明副县长``，名单上是王晓明副县长。

    检查内容
        同姓、字数相同、只差一个字，并紧接名单上这个人的职务的姓名。没有名单不查。

    为什么
        领导姓名写错字，多因输入法同音字；念出来不易察觉，印出来却是大错。

    示例
        名单：王晓明，副县长；稿中 ``王小明副县长``。

    修改为
        ``王晓明副县长``。

    配置项
        ``file``（即配置中的 ``people:``）：领导名单路径。
    """

    code = "NM002"
    name = "name-near-miss"

    def finish(self, ctx: RuleContext) -> None:
        roster = self.roster()
        if roster is None:
            return
        text = ctx.text
        for name, titles in roster["people"].items():
            for title in sorted({t for t, _s, _u in titles}):
                at = text.find(title)
                while at >= 0:
                    # The name before its title (孙小明副县长) or after it (副县长孙小明).
                    after = at + len(title)
                    for start in (at - len(name), after):
                        typed = text[start : start + len(name)] if start >= 0 else ""
                        if (
                            len(typed) == len(name)
                            and typed != name
                            and typed[0] == name[0]
                            and sum(x != y for x, y in zip(typed, name, strict=True)) == 1
                            and all("\u4e00" <= ch <= "\u9fff" for ch in typed)
                            and typed not in roster["people"]
                        ):
                            ctx.report(
                                start,
                                start + len(name),
                                f"“{typed}”疑为名单上的“{name}”（{title}），请核对",
                            )
                    at = text.find(title, after)


_LISTING = lazy(rf"[{HAN}]{{2,4}}(?:(?:、|和|及)[{HAN}]{{2,4}})+")


class ProtocolOrder(_RosterRule):
    """领导排名顺序与名单不符：``出席会议的有李四、张三同志``，而张三排在前。

    检查内容
        一句中以顿号（和、及）连起来的两位以上名单上的人，先后是否与名单的 ``order`` 一致。
        报第一处颠倒。没有名单或名单没有 ``order`` 不查。

    为什么
        领导同志排序有规矩，出席名单、致谢名单按序排列；顺序颠倒是政治性差错。

    示例
        名单顺序：张三、李四；稿中 ``李四、张三同志出席``。

    修改为
        ``张三、李四同志出席``。

    配置项
        ``file``（即配置中的 ``people:``）：领导名单路径。
    """

    code = "NM003"
    name = "protocol-order"

    def finish(self, ctx: RuleContext) -> None:
        roster = self.roster()
        if roster is None or not roster["order"]:
            return
        rank = {name: k for k, name in enumerate(roster["order"])}
        names = sorted(rank, key=len, reverse=True)
        text = ctx.text
        for m in ctx.finditer(_LISTING):
            found = []
            pos = m.start()
            while pos < m.end():
                name = next((n for n in names if text.startswith(n, pos)), None)
                if name is not None:
                    found.append((pos, name))
                    pos += len(name)
                else:
                    pos += 1
            for (a, first), (b, second) in itertools.pairwise(found):
                if rank[second] < rank[first]:
                    ctx.report(
                        a,
                        b + len(second),
                        f"排序与名单不符：{second}应在{first}之前（名单顺序："
                        f"{'、'.join(roster['order'])}）",
                    )
                    break


RULES: list[type[Rule]] = [TitleMismatch, NameNearMiss, ProtocolOrder]
