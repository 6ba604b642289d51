"""The five seed drafts against what a careful editor flags (../shared/seeds/EXPECTED.yaml).

For every category speechlint implements: each must_find item is reported (same line and
category, overlapping the snippet) and no must_not_find line has a finding of that category.
"""

from __future__ import annotations

import pytest
import yaml

from tests.conftest import SEEDS, needs_seeds, run_json

IMPLEMENTED = [
    "placeholder",
    "structure",
    "numbering",
    "repetition",
    "statistic",
    "punctuation",
    "wording",
]


def _expected() -> dict:
    if not (SEEDS / "EXPECTED.yaml").is_file():
        return {}
    return yaml.safe_load((SEEDS / "EXPECTED.yaml").read_text("utf-8"))


def _overlaps(f: dict, line_text: str, snippet: str) -> bool:
    end = f["end_column"] if f["end_line"] == f["line"] else 10**9
    start = line_text.find(snippet)
    if start < 0:
        return True
    while start >= 0:
        if f["column"] <= start + len(snippet) and end >= start + 1:
            return True
        start = line_text.find(snippet, start + 1)
    return False


@needs_seeds
@pytest.mark.parametrize("name", sorted(_expected()) or ["none"])
@pytest.mark.parametrize("category", IMPLEMENTED)
def test_seed(name: str, category: str) -> None:
    spec = _expected()[name]
    path = SEEDS / name
    lines = path.read_text("utf-8").splitlines()
    _, findings = run_json(str(path))
    missed = []
    for item in spec.get("must_find") or []:
        if item["category"] != category:
            continue
        text = lines[item["line"] - 1]
        if not any(
            f["line"] == item["line"]
            and f["category"] == category
            and _overlaps(f, text, item["snippet"])
            for f in findings
        ):
            missed.append(f"line {item['line']}: {item['snippet']}")
    false_alarms = [
        f"line {f['line']}: {f['code']} {f['message']}"
        for item in spec.get("must_not_find") or []
        if item["category"] == category
        for f in findings
        if f["line"] == item["line"] and f["category"] == category
    ]
    assert not missed, f"missed: {missed}"
    assert not false_alarms, f"false alarms: {false_alarms}"
