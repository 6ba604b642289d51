"""Placeholder rules (PH): template text left in a draft — 20xx, ×××, ***, 【待补充】.

The patterns live in ``data/placeholders.yaml`` with examples that are verified at load.
All PH rules share one scan per draft so that overlapping patterns report once.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from speechlint.diagnostics import Category, Severity
from speechlint.lazyre import lazy
from speechlint.patterns import PatternDataError, compile_checked, load_yaml
from speechlint.rule import Rule, RuleContext
from speechlint.speedups import HAN

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
    # Longest first at each position; an overlapped match is dropped (one finding per spot).
    order = {id(e): i for i, e in enumerate(entries())}
    found.sort(key=lambda f: (f[0], -(f[1] - f[0]), order[id(f[2])]))
    kept: list[tuple[int, int, _Entry, str]] = []
    last_end = -1
    for f in found:
        if f[0] >= last_end:
            kept.append(f)
            last_end = f[1]
    return kept


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
    """A year left as a template placeholder: ``20xx``, ``20XX``, ``201x``, ``20××``.

    检查内容 (What it checks)
        Years written with x, X, × or * in place of digits, in Arabic (``20xx``, ``201x``) or
        Chinese numerals (``二〇××年``), and bare ``××年``.

    为什么 (Why)
        Drafts are often started from last year's text with the year blanked out; a leader
        reading "二零叉叉年" aloud is the classic embarrassment. GB/T 9704-2012 7.3.5.3 and
        GB/T 15835-2011 require a full year in Arabic numerals (``2021年``).

    示例 (Example)
        ``回顾总结20xx年工作``

    修改为 (Write instead)
        ``回顾总结2021年工作`` — the real year. Real years, ``20世纪`` and ``二〇〇八年`` are
        never flagged.

    配置项 (Options)
        None. Patterns are in ``rules/data/placeholders.yaml``.
    """

    code = "PH001"
    name = "placeholder-year"


class PlaceholderName(_PlaceholderRule):
    """A name or place left as ``×××``, ``XXX``, ``××``, ``某某``, ``○○`` or ``□□``.

    检查内容 (What it checks)
        Runs of ``×`` (not ``3×10³``), ``XX``/``xx`` standing alone (not ``XXL``, not ``XX世纪``),
        ``某某``, ``〇〇``/``○○`` used as blanks (not inside ``二〇〇八``), ``□``, and a single
        ``×`` between Chinese characters (``在×县调研``).

    为什么 (Why)
        Template drafts mark names, units and places to be filled in; left in, they reach the
        podium. See STANDARDS.md, "Placeholders left in a draft".

    示例 (Example)
        ``市委副书记×××``, ``推进××事业发展``

    修改为 (Write instead)
        The real name: ``市委副书记张三``.

    配置项 (Options)
        None.
    """

    code = "PH002"
    name = "placeholder-name"


class PlaceholderAsterisk(_PlaceholderRule):
    """Asterisks where a name was deleted: ``***``, ``**``, or ``*`` between Chinese characters.

    检查内容 (What it checks)
        Two or more asterisks anywhere (``主席***同志``, ``为**经济``) and a single ``*`` with a
        Chinese character on both sides (``具有*特色``). A ``*`` at the end of a line or before
        a note is a footnote mark and is not flagged; in Markdown, short ``**bold**`` pairs are
        markup and are not flagged.

    为什么 (Why)
        Drafts shared outside an office often have place and person names replaced by ``*``;
        the copy that comes back must have them restored.

    示例 (Example)
        ``具有*特色的工会品牌``

    修改为 (Write instead)
        ``具有太和特色的工会品牌`` — restore the deleted name.

    配置项 (Options)
        None.
    """

    code = "PH003"
    name = "placeholder-asterisk"


class PlaceholderTodo(_PlaceholderRule):
    """An editing note left in the text: ``【待补充】``, ``[待定]``, ``（略）``, ``TODO``, ``____``.

    检查内容 (What it checks)
        Bracketed notes (待补充, 待定, 待核实, 待确认, 此处…, 略), TODO/TBD/FIXME, and blanks
        of three or more underscores.

    为什么 (Why)
        Writers mark what is still missing; the marks must be resolved before the draft is
        submitted.

    示例 (Example)
        ``全年共帮扶困难职工【待补充】人``

    修改为 (Write instead)
        ``全年共帮扶困难职工1200人``

    配置项 (Options)
        None.
    """

    code = "PH004"
    name = "placeholder-todo"


class PlaceholderDate(_PlaceholderRule):
    """A date left blank: ``（  年  月  日）``, ``×月×日``, ``7月xx日``.

    检查内容 (What it checks)
        Empty date frames and month/day written with x or ×.

    为什么 (Why)
        GB/T 9704-2012 7.3.5.3: the date is written in full (``2012年7月1日``); a blank frame
        means the date was never filled in.

    示例 (Example)
        ``（  年  月  日）``

    修改为 (Write instead)
        ``（2024年3月5日）``

    配置项 (Options)
        None.
    """

    code = "PH005"
    name = "placeholder-date"


RULES: list[type[Rule]] = [
    PlaceholderYear,
    PlaceholderName,
    PlaceholderAsterisk,
    PlaceholderTodo,
    PlaceholderDate,
]
