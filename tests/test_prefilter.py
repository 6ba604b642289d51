"""The scan prefilter may only skip scans that would find nothing."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import speechlint.rule as rule_module
import speechlint.rules
from speechlint import prefilter
from speechlint.config import Config
from speechlint.engine import Engine
from speechlint.rules import placeholder, wording
from speechlint.source import SourceText
from speechlint.testing import _plugin_manager


def builtin_patterns() -> list[re.Pattern[str]]:
    """Every compiled pattern the built-in rules hold: module constants and data entries."""
    found: dict[str, re.Pattern[str]] = {}
    for info in pkgutil.iter_modules(speechlint.rules.__path__):
        module = importlib.import_module(f"speechlint.rules.{info.name}")
        for value in vars(module).values():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found[value.pattern] = value
    for entry in placeholder.entries():
        found[entry.regex.pattern] = entry.regex
    for word in wording.builtin_entries():
        found[word.regex.pattern] = word.regex
    return list(found.values())


PATTERNS = builtin_patterns()


def test_requirements_of_simple_patterns() -> None:
    req = prefilter.requirements
    assert req(re.compile("某某")) == (frozenset("某"),)
    assert req(re.compile(r"[xX×]{2}(?=年)")) == (frozenset("年"), frozenset("xX×"))
    # Each alternative contributes its smallest set; the union is required.
    assert req(re.compile("身分|人材")) == (frozenset("人身"),)
    # Optional parts, negative lookarounds, broad classes and IGNORECASE require nothing.
    assert req(re.compile(r"(?:某)?(?!x)\d+[一-鿿]")) == ()
    assert req(re.compile("todo", re.IGNORECASE)) == ()
    assert req(re.compile("(?i:todo)")) == ()
    # One alternative without a requirement makes the whole branch unconstrained.
    assert req(re.compile(r"某|\d")) == ()


def test_may_match_skips_only_absent_characters() -> None:
    pattern = re.compile(r"(?<![0-9])20[xX]{2}")
    assert not prefilter.may_match(pattern, "二〇二一年工作报告")
    assert prefilter.may_match(pattern, "20xx年")
    # Present characters are necessary, not sufficient: the scan still decides.
    assert prefilter.may_match(pattern, "x2 0")


def test_most_builtin_patterns_can_be_prefiltered() -> None:
    # Guards the speed-up itself: a refactor of the analysis that silently returns () for
    # everything would keep every test green and lose the gain.
    constrained = [p for p in PATTERNS if prefilter.requirements(p)]
    assert len(constrained) >= 0.6 * len(PATTERNS), len(constrained)


# Characters the built-in patterns care about, plus neutral ones, so random texts often
# contain some but not all required characters of a pattern.
ALPHABET = sorted(
    set("".join("".join(s) for p in PATTERNS for s in prefilter.requirements(p)))
    | set("工作会议的一二三0123456789。，\n ")
)


@settings(max_examples=400, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.text(alphabet=st.sampled_from(ALPHABET), max_size=40))
def test_a_skipped_scan_never_hides_a_match(text: str) -> None:
    for pattern in PATTERNS:
        if not prefilter.may_match(pattern, text):
            assert pattern.search(text) is None, pattern.pattern


WORDS = st.sampled_from(
    [*"20xx 某某 ××× ，， 截止目前 帐户 13.8 14.4% 增长 同志们： 一、 讲三点意见".split(), "\n"]
)


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.one_of(WORDS, st.text(alphabet=st.sampled_from(ALPHABET), max_size=6))))
def test_findings_are_the_same_with_and_without_the_prefilter(parts: list[str]) -> None:
    text = "".join(parts)
    engine = Engine(_plugin_manager())
    engine.rule_timeout = None
    settings_ = engine.settings_for(Config(), None)

    def findings() -> list[tuple[str, int, int, str]]:
        diagnostics, errors, _ = engine.run_rules(SourceText("p.txt", text), settings_)
        assert errors == []
        return sorted((d.code, d.start, d.end, d.message) for d in diagnostics)

    with_filter = findings()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(rule_module, "may_match", lambda _pattern, _text: True)
        without_filter = findings()
    assert with_filter == without_filter
