"""speechlint's findings as LanguageTool's HTTP API gives its matches (``POST /v2/check``).

LibreOffice Writer's remote LanguageTool client, LanguageTool's browser extensions and
libraries such as language_tool_python read this shape. Offsets and lengths count UTF-16 code
units, as LanguageTool's do: a character outside the Basic Multilingual Plane (common in
personal names) counts two.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from typing import Any

from speechlint import __version__
from speechlint.checking.diagnostics import CATEGORY_NAMES
from speechlint.checking.report import FileResult, Finding

LANGUAGES = [{"name": "Chinese", "code": "zh", "longCode": "zh-CN"}]
ACCEPTED_LANGUAGES = frozenset({"zh", "zh-CN", "zh-cn", "auto"})
CONTEXT = 40  # characters of context either side of a match
# LanguageTool's issue types, by speechlint category (clients colour matches by them).
_ISSUE_TYPES = {
    "placeholder": "misspelling",
    "wording": "misspelling",
    "punctuation": "typographical",
    "numbering": "typographical",
    "statistic": "typographical",
    "repetition": "duplication",
    "structure": "style",
}
_SENTENCE_END = "。！？!?\n"


class Utf16:
    """Code-point offsets of one text as UTF-16 code units."""

    def __init__(self, text: str) -> None:
        self.astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]

    def __call__(self, offset: int) -> int:
        return offset + bisect_left(self.astral, offset) if self.astral else offset


def text_of_data(data: str) -> str:
    """The text of an annotated ``data`` field: its text parts, each markup part replaced by
    as many line breaks (offsets count the whole annotated text, markup included)."""
    parsed = json.loads(data)
    parts = parsed.get("annotation") if isinstance(parsed, dict) else None
    if not isinstance(parts, list):
        raise ValueError("data must be {'annotation': [{'text': …} | {'markup': …}]}")
    out = []
    for part in parts:
        if not isinstance(part, dict):
            raise ValueError("each annotation part must be an object")
        if isinstance(part.get("text"), str):
            out.append(part["text"])
        elif isinstance(part.get("markup"), str):
            out.append("\n" * len(part["markup"]))
        else:
            raise ValueError("each annotation part needs 'text' or 'markup'")
    return "".join(out)


def replacement(text: str, f: Finding) -> str | None:
    """The finding's span as its fix would leave it, when every edit lies inside the span."""
    if f.fix_applicability is None or not f.fix_edits:
        return None
    start, end = f.start, f.end
    # Edits come as lines and columns; the finding also knows its offsets, and a fix's edits
    # that all lie on the finding's line are placed by their columns.
    line_start = start - (f.column - 1)
    pieces = []
    at = start
    for e in sorted(f.fix_edits, key=lambda e: (e.line, e.column)):
        if e.line != f.line or e.end_line != f.line:
            return None
        a, b = line_start + e.column - 1, line_start + e.end_column - 1
        if a < at or b > end:
            return None
        pieces += [text[at:a], e.replacement]
        at = b
    pieces.append(text[at:end])
    return "".join(pieces)


def _sentence(text: str, start: int, end: int) -> str:
    a = max((text.rfind(ch, 0, start) for ch in _SENTENCE_END), default=-1) + 1
    ends = [i for i in (text.find(ch, end) for ch in _SENTENCE_END) if i >= 0]
    b = min(ends) + 1 if ends else len(text)
    return text[a:b].strip("\n")


def match_of(text: str, f: Finding, units: Utf16) -> dict[str, Any]:
    start, end = f.start, max(f.end, f.start)
    c0, c1 = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    fixed = replacement(text, f)
    return {
        "message": f.message,
        "shortMessage": "",
        "replacements": [{"value": fixed}] if fixed is not None else [],
        "offset": units(start),
        "length": units(end) - units(start),
        "context": {
            "text": text[c0:c1],
            "offset": units(start) - units(c0),
            "length": units(end) - units(start),
        },
        "sentence": _sentence(text, start, end),
        "type": {"typeName": "Other"},
        "rule": {
            "id": f.code,
            "description": f.name,
            "issueType": _ISSUE_TYPES.get(f.category, "uncategorized"),
            "category": {"id": f.category.upper(), "name": CATEGORY_NAMES.get(f.category, "")},
        },
        "ignoreForIncompleteSentence": False,
        "contextForSureMatch": 0,
    }


def response(text: str, result: FileResult) -> dict[str, Any]:
    units = Utf16(text)
    return {
        "software": {
            "name": "speechlint",
            "version": __version__,
            "buildDate": None,
            "apiVersion": 1,
            "premium": False,
            "status": "",
        },
        "warnings": {"incompleteResults": bool(result.errors)},
        "language": {
            "name": "Chinese",
            "code": "zh-CN",
            "detectedLanguage": {"name": "Chinese", "code": "zh-CN", "confidence": 1.0},
        },
        "matches": [match_of(text, f, units) for f in result.findings],
    }
