"""The rules' documentation as one Markdown page: ``docs/rules.md``.

Made from each rule's docstring (its Chinese documentation, as ``speechlint explain`` prints
it), so the page and the code cannot drift apart: ``python -m speechlint.rule_docs`` writes
it, and a test fails when the committed page differs from what this makes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from speechlint.checking.diagnostics import CATEGORY_NAMES, SEVERITY_NAMES
from speechlint.checking.rule import DOC_HEADINGS, Rule
from speechlint.document.genre import GENRES, NAMES
from speechlint.running.plugins import PluginManager

PAGE = Path("docs") / "rules.md"
PREFIXES = {
    "ST": "结构（ST）",
    "NU": "编号（NU）",
    "PH": "占位符（PH）",
    "RP": "重复（RP）",
    "SF": "数字与统计表述（SF）",
    "PU": "标点（PU，GB/T 15834-2011）",
    "WD": "用词（WD）",
    "DT": "日期（DT）",
    "NM": "名单（NM，配置 people: 时检查）",
    "LY": "版式（LY，Word 文档）",
}


def genre_names(rule: type[Rule]) -> str:
    """The genres the rule checks, in Chinese: ``全部`` or ``讲话、主持词``."""
    if set(GENRES) <= rule.genres:
        return "全部"
    return "、".join(NAMES[g] for g in GENRES if g in rule.genres)


def rule_heading(rule: type[Rule]) -> str:
    """``NU002 enumeration-sequence（编号，错误）``: how explain and the page head a rule."""
    traits = [CATEGORY_NAMES[str(rule.category)], SEVERITY_NAMES[rule.severity.label]]
    if not set(GENRES) <= rule.genres:
        traits.append(f"只查{genre_names(rule)}")
    if rule.fixable:
        traits.append("可自动修复")
    if not rule.default_enabled:
        traits.append("默认关闭")
    return f"{rule.code} {rule.name}（{'，'.join(traits)}）"


def _section(rule: type[Rule]) -> str:
    lines = rule.doc().strip().splitlines()
    out = [f"### {rule_heading(rule)}", "", lines[0].strip(), ""]
    paragraph = ""
    for line in [*lines[1:], ""]:
        stripped = line.strip()
        if stripped and stripped not in DOC_HEADINGS:
            # A docstring's lines break anywhere: in Markdown a line break inside Chinese
            # text shows as a space, so the lines of a paragraph are joined here.
            glue = " " if paragraph[-1:].isascii() and stripped[:1].isascii() else ""
            paragraph = paragraph + glue + stripped if paragraph else stripped
            continue
        if paragraph:
            out += [paragraph, ""]
            paragraph = ""
        if stripped:
            out += [f"**{stripped}**", ""]
    return "\n".join(out).rstrip() + "\n"


def rules_markdown() -> str:
    """The page: every built-in rule, grouped by prefix, in code order."""
    rules = sorted(
        (r for r in PluginManager().registry if r.__module__.startswith("speechlint.rules")),
        key=lambda r: r.code,
    )
    out = [
        "# 规则",
        "",
        "本页由各规则的文档生成（`python -m speechlint.rule_docs`），与 `speechlint explain 代码`",
        "所印内容相同。默认关闭的规则用配置项 `extend-select` 开启。",
        "",
        "“体裁”列是规则检查的稿子体裁：讲话、主持词、报告的体例不同，speechlint 从题目和开头判断",
        "体裁（`speechlint outline` 第一行显示；配置 `genre:` 或稿中",
        "`<!-- speechlint: genre=report -->` 可指定），只在相应体裁里执行规则。",
        "",
        "| 代码 | 名称 | 类别 | 级别 | 体裁 | 可自动修复 | 默认 |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rules:
        out.append(
            f"| [{r.code}](#{r.code.lower()}) | `{r.name}` | {CATEGORY_NAMES[str(r.category)]} | "
            f"{SEVERITY_NAMES[r.severity.label]} | {genre_names(r)} | "
            f"{'是' if r.fixable else ''} | {'开启' if r.default_enabled else '关闭'} |"
        )
    prefix = ""
    for r in rules:
        if r.code[:2] != prefix:
            prefix = r.code[:2]
            out += ["", f"## {PREFIXES.get(prefix, prefix)}", ""]
        else:
            out.append("")
        out.append(f'<a id="{r.code.lower()}"></a>')
        out.append("")
        out.append(_section(r).rstrip())
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    """Write the page to docs/rules.md, or to the one path given."""
    if len(argv) > 1 or any(a.startswith("-") for a in argv):
        print("usage: python -m speechlint.rule_docs [PATH]  (default: docs/rules.md)")
        return 2
    target = Path(argv[0]) if argv else PAGE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(rules_markdown(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
