"""Inline suppression directives in drafts.

    <!-- speechlint: disable PH001 -->  …  <!-- speechlint: enable PH001 -->
    <!-- speechlint: ignore PH001 -->        (the next paragraph only)
    <!-- speechlint: file-ignore ST, NU -->  (the whole file)

Without codes a directive applies to every rule. Codes may be codes, names or prefixes.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from speechlint.checking.diagnostics import Diagnostic
from speechlint.document.source import SourceText
from speechlint.speed.lazyre import lazy

DIRECTIVE = lazy(
    r"<!--\s*speechlint\s*:\s*(?P<verb>disable|enable|ignore|file-ignore)\b(?P<codes>[^>]*?)\s*-->"
)
ALL = "ALL"


class Suppression(NamedTuple):
    start: int
    end: int
    selectors: tuple[str, ...]


def _selectors(raw: str) -> tuple[str, ...]:
    parts = tuple(p for p in re.split(r"[\s,]+", raw.strip()) if p)
    return parts or (ALL,)


def _matches(selectors: tuple[str, ...], diag: Diagnostic) -> bool:
    for s in selectors:
        if s.upper() == ALL or s == diag.code or s.lower() == diag.name or diag.code.startswith(s):
            return True
    return False


def directives(source: SourceText) -> list[Suppression]:
    text = source.text
    if "speechlint" not in text:
        return []
    out: list[Suppression] = []
    open_ranges: dict[tuple[str, ...], int] = {}
    for m in DIRECTIVE.finditer(text):
        verb, sel = m.group("verb"), _selectors(m.group("codes"))
        if verb == "file-ignore":
            out.append(Suppression(0, len(text), sel))
        elif verb == "disable":
            open_ranges.setdefault(sel, m.end())
        elif verb == "enable":
            # "enable X" closes every open range that names X (or all of them for a bare enable).
            for key in list(open_ranges):
                if sel == (ALL,) or set(sel) & set(key) or key == (ALL,):
                    out.append(Suppression(open_ranges.pop(key), m.start(), key))
        elif verb == "ignore":
            start, end = _next_paragraph(source, m.end())
            out.append(Suppression(start, end, sel))
    for key, start in open_ranges.items():
        out.append(Suppression(start, len(text), key))
    return out


def _next_paragraph(source: SourceText, offset: int) -> tuple[int, int]:
    """The span of the next non-blank line after offset that is not itself a directive."""
    line, _ = source.line_col(offset)
    for n in range(line + 1, source.line_count + 1):
        content = source.line_text(n)
        stripped = content.strip(" \t\u3000")
        if stripped and not DIRECTIVE.fullmatch(stripped):
            return source.line_starts[n - 1], source.line_ends[n - 1]
    return len(source.text), len(source.text)


def apply(diagnostics: list[Diagnostic], source: SourceText) -> list[Diagnostic]:
    rules = directives(source)
    if not rules:
        return diagnostics
    kept = []
    for d in diagnostics:
        if any(
            r.start <= d.start < r.end or (d.start == r.start)
            for r in rules
            if _matches(r.selectors, d)
        ):
            continue
        kept.append(d)
    return kept
