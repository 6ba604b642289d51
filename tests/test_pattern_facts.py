"""The tables of what the analyses know of the built-in patterns (speechlint.speed.facts)."""

from __future__ import annotations

import re
import subprocess
import sys

from speechlint.speed import facts, prefilter
from speechlint.speed.lazyre import LazyPattern, lazy


def test_the_tables_are_what_the_analyses_give_today() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "speechlint.pattern_facts", "--check"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr


def test_an_entry_is_found_by_the_whole_text_and_the_flags() -> None:
    pattern = "截止|其它"
    assert facts.key(pattern, 0) == facts.key(pattern, re.UNICODE)  # compiled str patterns
    assert facts.key(pattern, 0) != facts.key(pattern, re.MULTILINE)
    assert facts.key(pattern, 0) != facts.key(pattern + "|", 0)
    assert facts.lookup(b"bytes", 0) is None


def test_a_table_entry_gives_what_the_live_analysis_gives() -> None:
    from speechlint.pattern_facts import builtin_patterns

    checked = 0
    for text, flags in builtin_patterns()[::7]:
        entry = facts.lookup(text, flags)
        assert entry is not None, text
        pattern = LazyPattern(text, flags)
        assert prefilter._known_first_use(entry) == prefilter.first_use_live(pattern)  # type: ignore[arg-type]
        later = facts.later_uses(text, flags)
        assert later is not None
        assert prefilter._known_ways(later) == prefilter._ways_live(pattern)  # type: ignore[arg-type]
        checked += 1
    assert checked > 40


def test_malformed_entries_count_as_missing() -> None:
    assert facts.clauses({"clauses": [["a"], []]}) is None
    assert facts.clauses({"clauses": "a"}) is None
    assert facts.clauses({"clauses": [["a", 1]]}) is None
    assert prefilter._known_first_use({"requirements": ["a"], "digits_only": "no"}) is None
    assert prefilter._known_first_use({"requirements": [""], "digits_only": False}) is None
    assert prefilter._known_first_use({}) is None
    assert prefilter._known_ways({"anchors": ["ab"]}) is None
    assert prefilter._known_ways({"window": [["a"], "1", 2]}) is None
    assert prefilter._known_ways({"beginnings": ["abc"]}) is None
    assert prefilter._known_ways({}) == (None, None, None, None)


def test_a_pattern_outside_the_tables_is_analysed_when_first_used() -> None:
    pattern = lazy("某某(?=同志)")
    assert facts.lookup(pattern.pattern, 0) is None
    assert set(prefilter.requirements(pattern)) == {
        frozenset("同"),
        frozenset("某"),
        frozenset("志"),
    }
    assert pattern.search("请某某同志发言") is not None


def test_an_entry_without_its_superset_is_worked_out_from_the_text() -> None:
    pattern = LazyPattern("×(?<=[\u4e00-\u9fff]×)(?=[\u4e00-\u9fff])")
    pattern._facts = {"clauses": [["×"]]}  # no "superset" key: not the table's shape
    assert pattern.superset() is not None
    stated = LazyPattern("×(?<=[\u4e00-\u9fff]×)(?=[\u4e00-\u9fff])")
    stated._facts = {"superset": None}  # the table says there is none
    assert stated.superset() is None
