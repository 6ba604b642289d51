"""SF014's search for the sentences that hold a word equals the plain definition."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from speechlint.parser import parse
from speechlint.rule import RuleContext
from speechlint.rules import statistic
from speechlint.source import SourceText


def context(text: str, kind: str = "text") -> RuleContext:
    source = SourceText("draft.md" if kind == "markdown" else "draft.txt", text, kind=kind)
    return RuleContext(source, parse(source))


# SF014 finds the sentences holding 其中 from its occurrences; by definition they are the
# runs between breaks that ctx.finditer keeps inside one node, filtered for the word.
STAT_SENTENCE = re.compile(r"[^。；;！!？?\n]+")
STAT_PIECES = st.sampled_from(
    [*"其中共计10亿元。；;！!？?\n，", "其中", "其", "中", "## 标题", "> ", "同志们：\n", "　"]
)


@settings(max_examples=400, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.lists(STAT_PIECES, max_size=60), st.sampled_from(["text", "markdown"]))
def test_sentences_with_a_word_equal_the_definition(parts: list[str], kind: str) -> None:
    ctx = context("".join(parts), kind)
    expected = [
        (m.start(), m.group(0))
        for m in ctx.finditer(STAT_SENTENCE, statistic._KINDS)
        if "其中" in m.group(0)
    ]
    assert list(statistic._sentences_with(ctx, "其中")) == expected
