"""The sentence splitters (RP003–RP005's, SF014's) equal their plain definitions."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from speechlint.parser import parse
from speechlint.rule import RuleContext
from speechlint.rules import statistic
from speechlint.rules.repetition import HAN, sentences
from speechlint.source import SourceText

# The definition: a run of characters up to a break, with one end mark after it; normalised
# by dropping all but Han, Latin letters and digits; empty ones dropped.
SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")
NOT_TEXT = re.compile(rf"[^{HAN}A-Za-z0-9]")


def by_definition(ctx: RuleContext) -> list[tuple[int, int, str]]:
    out = []
    for node in ctx.text_nodes:
        if node.kind in ("paragraph", "heading"):
            for m in SENTENCE.finditer(ctx.text, node.start, node.end):
                norm = NOT_TEXT.sub("", m.group(0))
                if norm:
                    out.append((m.start(), m.end(), norm))
    return out


def context(text: str, kind: str = "text") -> RuleContext:
    source = SourceText("draft.md" if kind == "markdown" else "draft.txt", text, kind=kind)
    return RuleContext(source, parse(source))


def test_sentences_of_a_paragraph() -> None:
    text = "同志们：\n今年，我们要抓好三件事。一是学习！！二是“落实”；\n三是 2025 年——总结"
    ctx = context(text)
    found = [(ctx.text[a:b], norm) for a, b, norm in sentences(ctx)]
    assert ("今年，我们要抓好三件事。", "今年我们要抓好三件事") in found
    assert ("一是学习！", "一是学习") in found  # one end mark belongs to the sentence
    assert ("三是 2025 年——总结", "三是2025年总结") in found  # the last, with no end mark
    assert sentences(ctx) == by_definition(ctx)


PIECES = st.sampled_from(
    [
        *"一是要学习。！？!?；;\n，、 ——“”（）《》A1",
        "。。",
        "\n\n",
        "## 标题\n",
        "1. ",
        "　",
        "> ",
        "**",
        "- ",
    ]
)


@settings(max_examples=400, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.lists(PIECES, max_size=60), st.sampled_from(["text", "markdown"]))
def test_sentences_equal_the_definition(parts: list[str], kind: str) -> None:
    ctx = context("".join(parts), kind)
    assert sentences(ctx) == by_definition(ctx)


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
