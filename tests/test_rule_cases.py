"""Every rule's YAML cases, and the meta-test that every rule has docs and cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from speechlint.checking.rule import DOC_HEADINGS
from speechlint.running.plugins import PluginManager
from speechlint.testing import RuleCase, assert_case, load_cases

CASES = Path(__file__).parent / "rules" / "cases"
ALL_CASES = [case for path in sorted(CASES.glob("*.yaml")) for case in load_cases(path)]
RULES = list(PluginManager().registry)


@pytest.mark.parametrize("case", ALL_CASES, ids=str)
def test_rule_case(case: RuleCase) -> None:
    assert_case(case)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_rule_has_a_case_file_with_passing_and_failing_texts(rule: type) -> None:
    if rule.code.startswith("LY"):
        # The printed form exists only in Word files: tests/test_layout.py builds them.
        layout_tests = (Path(__file__).parent / "test_layout.py").read_text("utf-8")
        assert rule.code in layout_tests, f"{rule.code} is not exercised by test_layout.py"
        return
    path = CASES / f"{rule.code}.yaml"
    assert path.is_file(), f"{rule.code} has no case file {path}"
    cases = load_cases(path)
    assert any(c.findings for c in cases), f"{rule.code}: no failing text"
    assert any(c.findings == [] for c in cases), f"{rule.code}: no passing text"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_rule_documents_the_fixed_headings(rule: type) -> None:
    doc = rule.doc()
    missing = [h for h in DOC_HEADINGS if h not in doc]
    assert not missing, f"{rule.code} docstring lacks {missing}"
    assert rule.summary(), f"{rule.code} has no summary line"
    # The people who read it write Chinese: the summary and each section are Chinese text,
    # under headings that stand alone on their lines.
    han = [ch for ch in doc if "\u4e00" <= ch <= "\u9fff"]
    letters = [ch for ch in doc if ch.isascii() and ch.isalpha()]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in rule.summary()), rule.code
    assert len(han) > len(letters), f"{rule.code}: its documentation is not in Chinese"
    lines = [line.strip() for line in doc.splitlines()]
    assert all(h in lines for h in DOC_HEADINGS), f"{rule.code}: a heading is not on its own line"
    if rule.fixable:
        assert (CASES / f"{rule.code}.yaml").read_text("utf-8").count("fixed:") >= 1


def test_case_runner_reports_a_wrong_expectation() -> None:
    case = RuleCase(rule="PH001", name="wrong", text="20xx年", findings=[])
    with pytest.raises(AssertionError, match="expected 0 finding"):
        assert_case(case)
    case = RuleCase(rule="PH001", name="wrong column", text="20xx年", findings=[{"column": 2}])
    with pytest.raises(AssertionError, match="no finding matches"):
        assert_case(case)


def test_the_rules_page_is_made_from_the_rules_docs() -> None:
    """docs/rules.md is generated (python -m speechlint.rule_docs): it must match the code."""
    from speechlint.rule_docs import rules_markdown

    page = Path(__file__).resolve().parents[1] / "docs" / "rules.md"
    assert page.read_text("utf-8") == rules_markdown(), (
        "docs/rules.md is out of date: run python -m speechlint.rule_docs"
    )
    for rule in RULES:
        assert f'<a id="{rule.code.lower()}"></a>' in rules_markdown()
