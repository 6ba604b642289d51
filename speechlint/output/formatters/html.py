"""``--format html``: one self-contained page (no network) for a file or a folder.

A summary (files, findings per category and severity, a small bar chart), filters by category
and severity, then each draft with its outline (the section tree) beside the text, findings
highlighted in place — the message on hover — and listed below.
"""

from __future__ import annotations

import itertools
from typing import Any

from speechlint.checking.diagnostics import CATEGORY_NAMES, SEVERITY_NAMES, Category, Severity
from speechlint.checking.report import FileResult, Finding
from speechlint.output.formatters.base import Formatter, counts

_OUTLINE_KINDS = {"title", "meta", "salutation", "opening", "section", "closing", "signoff"}


def _shown_path(path: str) -> str:
    """A draft's path as given, or relative to the current folder when it was given as an
    absolute path inside it: a report's heading need not spell out /home/…/drafts/."""
    import os

    if not os.path.isabs(path):
        return path
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return path
    return path if relative.startswith(os.pardir) else relative


_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;margin:0;
color:#222;background:#f6f7f9}
header,section#summary,section#filters,main{max-width:1200px;margin:0 auto;padding:0 16px}
h1{font-size:22px;margin:20px 0 8px}h2{font-size:17px;margin:0 0 8px}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{background:#fff;border:1px solid #ddd;
border-radius:6px;padding:10px 14px;min-width:110px}.card b{display:block;font-size:22px}
.chart{background:#fff;border:1px solid #ddd;border-radius:6px;padding:10px 14px;margin:12px 0}
.row{display:flex;align-items:center;gap:8px;margin:3px 0}.row span.name{width:64px}
.bar{height:14px;background:#6b8fd6;border-radius:3px}.row span.n{color:#555;font-size:12px}
#filters{background:#fff;border:1px solid #ddd;border-radius:6px;padding:8px 14px;margin:12px auto;
max-width:1140px}
#filters label{margin-right:14px;white-space:nowrap}
article.draft{background:#fff;border:1px solid #ddd;border-radius:6px;margin:16px 0;padding:12px}
.layout{display:grid;grid-template-columns:260px 1fr;gap:14px}
nav.outline{font-size:13px;border-right:1px solid #eee;padding-right:8px;max-height:70vh;
overflow:auto}nav.outline ol{list-style:none;padding-left:0;margin:0}
nav.outline li{margin:2px 0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
nav.outline a{color:#2a4d9b;text-decoration:none}
.text{font-size:15px;line-height:1.9;max-height:70vh;overflow:auto}
.line{display:flex;gap:10px}.ln{color:#999;min-width:36px;text-align:right;user-select:none}
.content{white-space:pre-wrap;word-break:break-all;flex:1}
mark.finding{border-radius:2px;cursor:help;padding:0 1px}
mark.sev-error{background:#ffc9c9;border-bottom:2px solid #d33}
mark.sev-warning{background:#ffe8a3;border-bottom:2px solid #d9a400}
mark.sev-info{background:#d6ecff;border-bottom:2px solid #4a8ad4}
mark.finding.off{background:none;border-bottom:none;cursor:auto}
ol.findings{font-size:13px;margin:10px 0 0;padding-left:22px}
li.finding-item code{background:#eef;padding:0 3px;border-radius:3px}
.sev-tag{font-size:11px;padding:0 4px;border-radius:3px;color:#fff}
.sev-tag.error{background:#d33}.sev-tag.warning{background:#c98d00}.sev-tag.info{background:#4a8ad4}
.errors{color:#a00}
"""

_JS = """
function applyFilters(){
  var cats=new Set(),sevs=new Set();
  document.querySelectorAll('.filter-cat').forEach(function(b){if(b.checked)cats.add(b.value)});
  document.querySelectorAll('.filter-sev').forEach(function(b){if(b.checked)sevs.add(b.value)});
  var visible=new Set(),shown=0;
  document.querySelectorAll('li.finding-item').forEach(function(li){
    var on=cats.has(li.dataset.cat)&&sevs.has(li.dataset.sev);
    li.hidden=!on; if(on){visible.add(li.dataset.finding);shown++}
  });
  document.querySelectorAll('mark.finding').forEach(function(m){
    var on=m.dataset.findings.split(' ').some(function(id){return visible.has(id)});
    m.classList.toggle('off',!on);
  });
  document.getElementById('shown-count').textContent=shown;
}
document.querySelectorAll('.filter-cat,.filter-sev').forEach(function(b){
  b.addEventListener('change',applyFilters)});
applyFilters();
"""


def _segments(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, list[str]]]:
    """Cut a line into pieces, each with the ids of the findings covering it."""
    cuts = {0, len(text)}
    for a, b, _ in spans:
        cuts.update((a, b))
    points = sorted(c for c in cuts if 0 <= c <= len(text))
    out = []
    for a, b in itertools.pairwise(points):
        ids = [fid for s, e, fid in spans if s < b and a < e]
        out.append((a, b, ids))
    return out


class HtmlFormatter(Formatter):
    name = "html"
    needs_source = True
    description = "a self-contained HTML report with the outline, highlights and filters"

    def render(self, results: list[FileResult]) -> str:
        c = counts(results)
        by_category: dict[str, int] = {cat.value: 0 for cat in Category}
        for r in results:
            for f in r.findings:
                by_category[f.category] = by_category.get(f.category, 0) + 1
        total = sum(c.values())
        parts = [
            '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>speechlint 检查报告</title><style>{_CSS}</style></head><body>",
            "<header><h1>speechlint 检查报告</h1></header>",
            '<section id="summary"><div class="cards">',
            f'<div class="card">文件<b id="file-count">{len(results)}</b></div>',
            f'<div class="card">问题<b id="total-count">{total}</b></div>',
        ]
        for sev in (Severity.ERROR, Severity.WARNING, Severity.INFO):
            parts.append(
                f'<div class="card">{SEVERITY_NAMES[sev.label]}<b class="sev-count" '
                f'data-sev="{sev.label}">{c[sev]}</b></div>'
            )
        parts.append('</div><div class="chart" id="chart">')
        top = max(by_category.values()) or 1
        for cat, n in by_category.items():
            width = max(1, round(300 * n / top)) if n else 0
            parts.append(
                f'<div class="row" data-cat="{cat}"><span class="name">{CATEGORY_NAMES[cat]}</span>'
                f'<div class="bar" style="width:{width}px"></div><span class="n">{n}</span></div>'
            )
        parts.append("</div></section>")
        parts.append('<section id="filters">类别：')
        for cat, n in by_category.items():
            parts.append(
                f'<label><input type="checkbox" class="filter-cat" value="{cat}" checked> '
                f"{CATEGORY_NAMES[cat]}（{n}）</label>"
            )
        parts.append("<br>级别：")
        for sev in (Severity.ERROR, Severity.WARNING, Severity.INFO):
            parts.append(
                f'<label><input type="checkbox" class="filter-sev" value="{sev.label}" checked> '
                f"{SEVERITY_NAMES[sev.label]}（{c[sev]}）</label>"
            )
        parts.append('<br>显示 <b id="shown-count">0</b> 处问题</section><main>')
        for k, r in enumerate(results, start=1):
            parts.append(self._draft(k, r))
        parts.append(f"</main><script>{_JS}</script></body></html>")
        return "".join(parts) + "\n"

    def _draft(self, k: int, r: FileResult) -> str:
        from html import escape  # here: the module is imported by every run

        fid = f"f{k}"
        out = [f'<article class="draft" id="{fid}"><h2>{escape(_shown_path(r.path))} '
               f"<small>（{len(r.findings)} 处问题）</small></h2>"]  # fmt: skip
        for e in r.errors:
            out.append(f'<p class="errors">{escape(e)}</p>')
        extras = self.options.draft_extras
        if extras and r.path in extras:
            out.append(extras[r.path])
        source: Any = r.source
        out.append('<div class="layout"><nav class="outline"><ol>')
        if source is not None and r.document is not None:
            out.extend(self._outline(fid, source, r.document))
        out.append('</ol></nav><div class="text">')
        if source is not None:
            out.extend(self._text(fid, source, r.findings))
        out.append('</div></div><ol class="findings">')
        for i, f in enumerate(r.findings):
            out.append(
                f'<li class="finding-item" data-finding="{fid}-{i}" data-cat="{f.category}" '
                f'data-sev="{f.severity.label}"><a href="#{fid}-L{f.line}">'
                f"{f.line_label}{f.line}:{f.column}</a> "
                f'<span class="sev-tag {f.severity.label}">'
                f"{SEVERITY_NAMES[f.severity.label]}</span> "
                f"{self._code(f.code)} {escape(f.message)}</li>"
            )
        out.append("</ol></article>")
        return "".join(out)

    def _code(self, code: str) -> str:
        if not self.options.rule_link:
            return f"<code>{code}</code>"
        href = self.options.rule_link.format(code=code)
        return f'<a class="rule" href="{href}" target="_blank"><code>{code}</code></a>'

    @staticmethod
    def _outline(fid: str, source: Any, document: Any) -> list[str]:
        from html import escape  # here: the module is imported by every run

        out = []
        for node in document.walk():
            if node.kind not in _OUTLINE_KINDS:
                continue
            line, _ = source.line_col(node.start)
            first = node.heading if node.heading is not None else node
            text = source.text[first.start : min(first.end, first.start + 40)]
            indent = 12 * max(0, node.depth() - 1)
            label = {"title": "标题", "meta": "署名", "salutation": "称谓", "opening": "开头",
                     "closing": "结尾", "signoff": "落款"}.get(node.kind, "")  # fmt: skip
            shown = f"{label}：{text}" if label else text
            out.append(
                f'<li style="padding-left:{indent}px" data-kind="{node.kind}">'
                f'<a href="#{fid}-L{line}">{escape(shown)}</a></li>'
            )
        return out

    @staticmethod
    def _text(fid: str, source: Any, findings: list[Finding]) -> list[str]:
        from html import escape  # here: the module is imported by every run

        per_line: dict[int, list[tuple[int, int, str]]] = {}
        for i, f in enumerate(findings):
            for line in range(f.line, f.end_line + 1):
                text_len = len(source.line_text(line)) if line <= source.line_count else 0
                a = f.column - 1 if line == f.line else 0
                b = f.end_column - 1 if line == f.end_line else text_len
                if b <= a:  # an empty span still gets one character to show
                    a, b = (a, a + 1) if a < text_len else (max(0, a - 1), a)
                per_line.setdefault(line, []).append((a, b, f"{fid}-{i}"))
        titles = {f"{fid}-{i}": f"{f.code} {f.message}" for i, f in enumerate(findings)}
        severity = {f"{fid}-{i}": f.severity for i, f in enumerate(findings)}
        category = {f"{fid}-{i}": f.category for i, f in enumerate(findings)}
        out = []
        for n in range(1, source.line_count + 1):
            text = source.line_text(n)
            if n == source.line_count and not text:
                break
            pieces = []
            for a, b, ids in _segments(text, per_line.get(n, [])):
                chunk = escape(text[a:b])
                if not ids:
                    pieces.append(chunk)
                    continue
                worst = max(severity[i] for i in ids).label
                cats = " ".join(sorted({f"cat-{category[i]}" for i in ids}))
                tip = escape("\n".join(titles[i] for i in ids), quote=True)
                pieces.append(
                    f'<mark class="finding sev-{worst} {cats}" data-findings="{" ".join(ids)}" '
                    f'title="{tip}">{chunk}</mark>'
                )
            out.append(
                f'<div class="line" id="{fid}-L{n}"><span class="ln">{source.line_label}{n}</span>'
                f'<span class="content">{"".join(pieces)}</span></div>'
            )
        return out
