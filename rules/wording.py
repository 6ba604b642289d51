"""Wording rules (WD): misused words, idiom typos, variant forms, 做出/作出, house style.

Data-driven: ``data/wording.yaml`` holds entries ``{wrong|pattern, right, context, severity,
fix, source, examples: {bad, good}}``. Every entry proves itself when the data loads: its
pattern must match each bad example and no good one, and may not use ``\\b`` (which never
matches between Chinese characters). An organisation adds its own list with WD005's ``files``.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any, ClassVar, NamedTuple

from speechlint.checking.diagnostics import Applicability, Category, Fix, Severity
from speechlint.checking.patterns import PatternDataError, compile_checked, load_yaml
from speechlint.checking.rule import Option, Rule, RuleContext
from speechlint.speed.lazyre import lazy

_FIX = {"safe": Applicability.SAFE, "unsafe": Applicability.UNSAFE, "none": None}


class WordEntry(NamedTuple):
    rule: str
    regex: re.Pattern[str]
    right: str | None
    severity: Severity | None
    fix: Applicability | None
    source: str
    # A pattern ending in a lookahead: what it matched is shown in messages (有利 → 有利提升).
    context_after: re.Pattern[str] | None = None


def _trailing_lookahead(pattern: str) -> re.Pattern[str] | None:
    """The body of a final ``(?=…)`` of a pattern, compiled; None if there is none."""
    start = pattern.rfind("(?=")
    if start < 0 or not pattern.endswith(")"):
        return None
    body = pattern[start + 3 : -1]
    try:
        return re.compile(body)
    except re.error:
        return None


def parse_entries(
    data: Any, where: str, default_rule: str | None = None, *, verified: bool = False
) -> tuple[WordEntry, ...]:
    if not isinstance(data, list):
        raise PatternDataError(f"{where}: expected a list of entries")
    out = []
    for i, item in enumerate(data):
        at = f"{where} entry {i + 1}"
        if not isinstance(item, dict):
            raise PatternDataError(f"{at}: an entry must be a mapping")
        wrong, pattern = item.get("wrong"), item.get("pattern")
        if bool(wrong) == bool(pattern):
            raise PatternDataError(f"{at}: give exactly one of `wrong` and `pattern`")
        at = f"{where} entry {i + 1} ({wrong or pattern})"
        examples = item.get("examples") or {}
        bad, good = examples.get("bad") or [], examples.get("good") or []
        if not bad:
            raise PatternDataError(f"{at}: needs examples.bad (texts the entry must flag)")
        regex = compile_checked(pattern or re.escape(str(wrong)), at, bad, good, verified=verified)
        right = item.get("right")
        fix_name = str(item.get("fix", "safe" if right else "none"))
        if fix_name not in _FIX:
            raise PatternDataError(f"{at}: fix must be safe, unsafe or none")
        try:
            severity = Severity.parse(item["severity"]) if item.get("severity") else None
        except ValueError as exc:
            raise PatternDataError(f"{at}: {exc}") from None
        rule = item.get("rule", default_rule)
        if not rule:
            raise PatternDataError(f"{at}: missing `rule`")
        if not item.get("source"):
            raise PatternDataError(f"{at}: missing `source` (where the right form comes from)")
        out.append(
            WordEntry(
                rule=str(rule),
                regex=regex,
                right=str(right) if right else None,
                severity=severity,
                fix=_FIX[fix_name] if right else None,
                source=str(item["source"]),
                context_after=_trailing_lookahead(pattern) if pattern else None,
            )
        )
    return tuple(out)


@cache
def builtin_entries(verify: bool = False) -> tuple[WordEntry, ...]:
    """The shipped word list. Its examples are proven by the test suite (``verify=True``),
    not at every start-up."""
    return parse_entries(
        load_yaml("wording.yaml"), "speechlint.rules/data/wording.yaml", verified=not verify
    )


@cache
def house_entries(paths: tuple[str, ...]) -> tuple[WordEntry, ...]:
    out: list[WordEntry] = []
    for p in paths:
        out.extend(parse_entries(load_yaml(Path(p)), p, default_rule="WD005"))
    return tuple(out)


def _is_literal(pattern: str) -> bool:
    """A pattern of Han characters only (U+3400 to U+9FFF): a word, not an expression.
    (A test in Python: the class would cost re ~2 ms to compile in every process.)"""
    return bool(pattern) and all("\u3400" <= ch <= "\u9fff" for ch in pattern)


_Plan = tuple[re.Pattern[str] | None, dict[str, WordEntry], list[WordEntry]]
# Keyed by the identity of the (cached, never freed) entries tuple: hashing ~240 frozen
# dataclasses on every call cost more than the lookup saved.
_PLANS: dict[tuple[int, str], tuple[tuple[WordEntry, ...], _Plan]] = {}


def _plan(entries: tuple[WordEntry, ...], code: str) -> _Plan:
    """Literal entries as one alternation (one pass over the draft, longest first, each mapped
    back to its entry by the matched text); entries with context keep their own pattern.
    (One alternation beats a substring search per word: 57 vs 121 µs for WD001's 19 words,
    264 vs 655 µs for WD002's 164.)"""
    hit = _PLANS.get((id(entries), code))
    if hit is not None and hit[0] is entries:
        return hit[1]
    literals: dict[str, WordEntry] = {}
    others: list[WordEntry] = []
    for e in entries:
        if e.rule != code:
            continue
        if _is_literal(e.regex.pattern) and e.regex.pattern not in literals:
            literals[e.regex.pattern] = e
        else:
            others.append(e)
    combined = None
    if literals:
        # Lazy, so the prefilter's memos find it by identity: a compiled pattern hashes its
        # whole code (~12K instructions for these lists) at every lookup, two a draft each.
        combined = lazy("|".join(sorted(literals, key=len, reverse=True)))
    plan: _Plan = (combined, literals, others)
    _PLANS[(id(entries), code)] = (entries, plan)
    return plan


def _scan(ctx: RuleContext, entries: tuple[WordEntry, ...], code: str) -> None:
    combined, literals, others = _plan(entries, code)
    if combined is not None:
        for m in ctx.finditer(combined):
            _report(ctx, m, literals[m.group(0)])
    for entry in others:
        for m in ctx.finditer(entry.regex):
            _report(ctx, m, entry)


_TIME_POINT = lazy(r"[0-9０-９]+(?:[.．][0-9０-９]+)?[年月日号]?")


def _report(ctx: RuleContext, m: re.Match[str], entry: WordEntry) -> None:
    start, end, wrong = m.start(), m.end(), m.group(0)
    if not wrong:
        return
    tail = ""
    if entry.context_after is not None:
        node = ctx.node_at(start)
        limit = node.end if node else end
        after = entry.context_after.match(ctx.text, end, limit)
        tail = after.group(0) if after else ""
        if tail[:1].isdigit():
            # 截止1月底: quote the whole time point (1月), not its first digit.
            number = _TIME_POINT.match(ctx.text, end, limit)
            tail = number.group(0) if number else tail
    if entry.right:
        message = f"“{wrong}{tail}”应写作“{entry.right}{tail}”"
        fix = Fix.replace(start, end, entry.right, entry.fix) if entry.fix else None
    else:
        message = f"“{wrong}”用词有误，请核对（依据：{entry.source}）"
        fix = None
    ctx.report(start, end, message, fix=fix, severity=entry.severity)


class _WordingRule(Rule):
    category = Category.WORDING
    fixable = True

    @classmethod
    def prepare(cls) -> None:
        builtin_entries()

    def finish(self, ctx: RuleContext) -> None:
        _scan(ctx, builtin_entries(), self.code)


class MisusedWord(_WordingRule):
    """用错的词或错字：``截止目前`` → ``截至目前``、``其它`` → ``其他``。

    检查内容
        ``data/wording.yaml`` 中 WD001 的条目：依赖上下文的混用（时间点前的 ``截止``、动词前
        而非 ``有利于`` 的 ``有利``、``反应问题``、``倍受关注``、``从新开始``）和单纯的错字
        （``布署``、``竟争``、``既使``）。上下文写在各条目的模式里：``截止日期``、``已经截止``、
        ``6月30日截止`` 不报。

    为什么
        STANDARDS.md “Misused words”；《现代汉语词典》第7版。通常错但不总错的条目（有利/有力、
        反应/反映）为警告，修复为不安全修复。

    示例
        ``截止目前，全县共建会48家``

    修改为
        ``截至目前，全县共建会48家``

    配置项
        无。条目及其出处和例句见 ``rules/data/wording.yaml``。
    """

    code = "WD001"
    name = "misused-word"
    severity = Severity.ERROR


class IdiomTypo(_WordingRule):
    """成语写错了字：``再接再励`` → ``再接再厉``。

    检查内容
        ``data/wording.yaml`` 中 WD002 的条目：一百多个常被写错的成语和固定短语（``一如继往``、
        ``迫不急待``、``既往开来``……）。

    为什么
        成语只有一种写法（《现代汉语词典》第7版；LanguageTool 的 zh-CN 规则也收了
        ``再接再励``）。成语里的错字一定是错。

    示例
        ``希望大家再接再励``

    修改为
        ``希望大家再接再厉``（可安全自动修复）。

    配置项
        无。
    """

    code = "WD002"
    name = "idiom-typo"
    severity = Severity.ERROR


class VariantForm(_WordingRule):
    """有规范词形却用了异形词：``帐户`` → ``账户``、``成份`` → ``成分``。

    检查内容
        ``data/wording.yaml`` 中 WD003 的条目：《第一批异形词整理表》（2002）各组中的非推荐
        词形。``蚊帐``、``帐篷`` 不报。

    为什么
        公文使用每组异形词的推荐词形。

    示例
        ``工会经费帐户``

    修改为
        ``工会经费账户``（可安全自动修复）。

    配置项
        无。
    """

    code = "WD003"
    name = "variant-form"
    severity = Severity.ERROR


class ZuoChu(_WordingRule):
    """“做出”带抽象宾语：``做出重要部署`` → ``作出重要部署``（警告）。

    检查内容
        ``做出`` 后接 决定/决策/贡献/部署/努力/成绩/安排/规定/承诺/……（中间可有
        新的/更大/重要/积极……）。``做出产品``（具体宾语）是对的，不报。

    为什么
        编辑惯例：中央文件写 ``作出决定``、``作出贡献``。这是惯例而非标准，所以是警告、修复
        不安全，并单独编码，接受“做出”的单位可以 ``ignore: [WD004]``。

    示例
        ``为全县发展做出新的更大贡献``

    修改为
        ``为全县发展作出新的更大贡献``

    配置项
        无。
    """

    code = "WD004"
    name = "zuo-chu"
    severity = Severity.WARNING


class HouseStyle(Rule):
    """本单位的用词表（``files`` 配置项）。

    检查内容
        ``files`` 配置项所列 YAML 文件中的条目，格式与 ``rules/data/wording.yaml`` 相同
        （可省略 ``rule``）。文件加载时检查各条目的例句；不合格的文件报一行错误。

    为什么
        各单位都有自己的用词表：单位全称、规范提法、不再使用的口号。

    示例
        ``rules: {WD005: {files: [house-style.yaml]}}``，其中一条为 ``{pattern: '市总(?!工会)',
        right: 市总工会, source: 办公室规定, examples: {bad: [市总要求], good: [市总工会]}}``。

    修改为
        按条目的 ``right`` 改。

    配置项
        ``files``：用词表的路径，相对于列出它们的配置文件。
    """

    code = "WD005"
    name = "house-style"
    category = Category.WORDING
    severity = Severity.WARNING
    fixable = True
    options: ClassVar[dict[str, Option]] = {
        "files": Option([], "YAML 用词表，路径相对于配置文件", list, paths=True),
    }

    def __init__(self, options: dict[str, Any] | None = None) -> None:
        super().__init__(options)
        # Load (and check) the files when the rule starts, so a bad file is one clear error.
        self.entries = house_entries(tuple(str(p) for p in self.opts["files"]))

    def finish(self, ctx: RuleContext) -> None:
        _scan(ctx, self.entries, "WD005")


RULES: list[type[Rule]] = [MisusedWord, IdiomTypo, VariantForm, ZuoChu, HouseStyle]
