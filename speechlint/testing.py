"""Run YAML rule-case files: the helper our tests and plugin authors share.

A case file (``tests/rules/cases/PH001.yaml``)::

    rule: PH001
    cases:
      - name: year left as 20xx
        text: 回顾总结20xx年工作。
        findings:
          - {line: 1, column: 5, end_column: 9, message: 占位符“20xx”未替换为实际年份}
      - name: real years are fine
        text: 回顾总结2021年工作。
        findings: []
      - name: the fix
        text: 谢谢大家!
        fixed: 谢谢大家！

Optional per case: ``kind`` (text or markdown), ``options`` (the rule's options) and, in
expected findings, ``end_line``, ``end_column``, ``message`` and ``severity``.

Plugin authors::

    from speechlint.testing import load_cases, assert_case
    @pytest.mark.parametrize("case", load_cases("tests/cases/XY001.yaml"), ids=str)
    def test_cases(case): assert_case(case)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from speechlint.checking.config import Config
from speechlint.checking.engine import Engine
from speechlint.checking.fixer import fix_source
from speechlint.checking.patterns import safe_yaml
from speechlint.checking.report import Finding
from speechlint.document.source import SourceText
from speechlint.running.plugins import PluginManager


@dataclass
class RuleCase:
    rule: str
    name: str
    text: str
    files: dict[str, str] | None = None  # several drafts checked in one run (path order)
    findings: list[dict[str, Any]] | None = None
    fixed: str | None = None
    unsafe: bool = False
    kind: str = "text"
    options: dict[str, Any] = field(default_factory=dict)
    file: str = ""

    def __str__(self) -> str:
        return f"{self.rule}:{self.name}"


def load_cases(path: str | Path) -> list[RuleCase]:
    path = Path(path)
    data = safe_yaml(path.read_text("utf-8"))
    rule = data["rule"]
    out = []
    for i, item in enumerate(data.get("cases") or []):
        out.append(
            RuleCase(
                rule=rule,
                name=str(item.get("name", f"case {i + 1}")),
                text=item.get("text", ""),
                files=item.get("files"),
                findings=item.get("findings"),
                fixed=item.get("fixed"),
                unsafe=bool(item.get("unsafe", False)),
                kind=item.get("kind", "text"),
                options=item.get("options") or {},
                file=str(path),
            )
        )
    return out


@cache
def _plugin_manager() -> PluginManager:
    return PluginManager()


def check_text(
    text: str,
    select: list[str],
    options: dict[str, dict[str, Any]] | None = None,
    kind: str = "text",
    path: str = "case.txt",
) -> list[Finding]:
    """Findings of the selected rules on a text (no files, no config discovery)."""
    pm = _plugin_manager()
    engine = Engine(pm)
    config = Config(select=select, rules=options or {})
    config.validate(pm.registry)
    source = SourceText(path=path, text=text, kind=kind)
    result = engine.check_source(source, engine.settings_for(config, None))
    if result.errors or engine.errors:
        raise AssertionError("; ".join(result.errors + engine.errors))
    return result.findings


def check_files(
    files: dict[str, str], select: list[str], options: dict[str, dict[str, Any]] | None = None
) -> list[Finding]:
    """Findings over several drafts checked in one run, in path order (cross-file rules)."""
    pm = _plugin_manager()
    engine = Engine(pm)
    config = Config(select=select, rules=options or {})
    config.validate(pm.registry)
    out: list[Finding] = []
    for path in sorted(files):
        kind = "markdown" if path.endswith(".md") else "text"
        source = SourceText(path=path, text=files[path], kind=kind)
        result = engine.check_source(source, engine.settings_for(config, None))
        if result.errors:
            raise AssertionError("; ".join(result.errors))
        out.extend(result.findings)
    return out


def fix_text(
    text: str,
    select: list[str],
    options: dict[str, dict[str, Any]] | None = None,
    kind: str = "text",
    unsafe: bool = False,
) -> tuple[str, int]:
    """Fix a text in memory with the selected rules; returns (fixed text, edits applied)."""
    engine = Engine(_plugin_manager())
    settings = engine.settings_for(Config(select=select, rules=options or {}), None)
    outcome = fix_source(engine, SourceText("case.txt", text, kind=kind), settings, unsafe)
    return outcome.text, outcome.applied


def _matches(expected: dict[str, Any], f: Finding) -> bool:
    if "path" in expected and f.path != expected["path"]:
        return False
    for key in ("line", "column", "end_line", "end_column", "message"):
        if key in expected and getattr(f, key) != expected[key]:
            return False
    return not ("severity" in expected and f.severity.label != expected["severity"])


def assert_case(case: RuleCase) -> None:
    opts = dict(case.options)
    rule = _plugin_manager().registry.get(case.rule)
    for key, value in opts.items():  # path options are relative to the case file
        option = rule.options.get(key) if rule is not None else None
        if option is not None and option.paths and case.file:
            opts[key] = [str(Path(case.file).parent / v) for v in value]
    options = {case.rule: opts} if opts else None
    if case.files is not None:
        found = check_files(case.files, [case.rule], options)
    else:
        found = check_text(case.text, [case.rule], options, case.kind)
    findings = [f for f in found if f.code == case.rule]
    shown = "\n".join(f"  {f.line}:{f.column}-{f.end_column} {f.message}" for f in findings)
    if case.findings is not None:
        if len(findings) != len(case.findings):
            raise AssertionError(
                f"{case}: expected {len(case.findings)} finding(s), got {len(findings)}:\n{shown}"
            )
        unmatched = list(findings)
        for exp in case.findings:
            hit = next((f for f in unmatched if _matches(exp, f)), None)
            if hit is None:
                raise AssertionError(f"{case}: no finding matches {exp}; got:\n{shown}")
            unmatched.remove(hit)
    if case.fixed is not None:
        fixed, _ = fix_text(case.text, [case.rule], options, case.kind, unsafe=case.unsafe)
        if fixed != case.fixed:
            raise AssertionError(
                f"{case}: fixed text differs:\n  got:  {fixed!r}\n  want: {case.fixed!r}"
            )
