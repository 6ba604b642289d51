"""The compiled scans answer exactly as their pure-Python twins, for every input."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from speechlint import speedups
from tests.conftest import ROOT

compiled = pytest.importorskip(
    "speechlint._speedups", reason="the optional C extension was not built (no C compiler)"
)

# A small alphabet so repeats of every length are common: Han characters from both blocks
# the scan knows and their edges, characters just outside them, ASCII, full-width punctuation
# and a character beyond the BMP (which makes Python store the string four bytes a character).
HAN_EDGES = "\u4e00\u9fff\u3400\u4dbf"
OUTSIDE = "\u4dff\u33ff\ua000\uf900"
ALPHABET = "会议工作" + HAN_EDGES + OUTSIDE + "a1，。 \n" + "\U00020000"


def every_hit(search, text: str, pos: int) -> list[tuple[int, int]]:
    """Every candidate as RP001 steps through them: from each hit's start plus one."""
    hits = []
    while (hit := search(text, pos)) is not None:
        hits.append(hit)
        pos = hit[0] + 1
    return hits


chars = st.text(alphabet=ALPHABET, max_size=12)
# Random text, and text built around a unit written twice (units up to nine characters long:
# one more than the scan allows), so long units and the blocks' edge characters get tried.
texts = (
    st.text(alphabet=ALPHABET, max_size=60)
    | st.text(max_size=30)
    | st.builds(
        lambda before, unit, after: before + unit + unit + after,
        chars,
        st.text(alphabet=ALPHABET, min_size=1, max_size=9),
        chars,
    )
)


@settings(max_examples=800, deadline=None)
@given(text=texts, pos=st.integers(min_value=-3, max_value=70))
@example(text="会议会议", pos=0)
@example(text="一二三四五六七八一二三四五六七八", pos=0)  # a unit of eight
@example(text="一二三四五六七八九一二三四五六七八九", pos=0)  # nine: too long for one unit
@example(text="会会议会议", pos=1)
@example(text="甲一二三四五六七八一二三四五六七八", pos=0)  # eight, one character in
@example(text="\u9fff\u9fff\u4e00\u4e00\u3400\u3400\u4dbf\u4dbf", pos=0)  # the edges
@example(text="\u4dff\u4dff\u33ff\u33ff\ua000\ua000", pos=0)  # just outside
@example(text="abc", pos=0)  # one byte a character
@example(text="\U00020000会会", pos=0)  # four bytes a character
@example(text="会议会议", pos=-5)
@example(text="会议会议", pos=9)
def test_doubled_search_equals_the_regular_expression(text: str, pos: int) -> None:
    assert compiled.doubled_search(text, pos) == speedups.doubled_search_py(text, pos)
    assert every_hit(compiled.doubled_search, text, pos) == every_hit(
        speedups.doubled_search_py, text, pos
    )


def test_doubled_search_finds_the_longest_unit_first() -> None:
    # re's greedy {1,8} tries the longest run first: 工作工作 before 作作 inside it.
    assert compiled.doubled_search("抓好工作工作", 0) == (2, 2)
    assert compiled.doubled_search("工作作风", 0) == (1, 1)
    assert compiled.doubled_search("工作作风", 2) is None


def test_doubled_search_rejects_wrong_arguments() -> None:
    with pytest.raises(TypeError):
        compiled.doubled_search(b"bytes", 0)
    with pytest.raises(TypeError):
        compiled.doubled_search("text")


def test_the_package_uses_the_compiled_scan_unless_told_not_to() -> None:
    assert speedups.COMPILED and speedups.doubled_search is compiled.doubled_search
    probe = "from speechlint import speedups; print(speedups.COMPILED)"
    env = {**os.environ, "SPEECHLINT_NO_SPEEDUPS": "1"}
    out = subprocess.run(
        [sys.executable, "-c", probe], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert out.stdout.strip() == "False", out.stderr


def test_findings_do_not_depend_on_the_extension(tmp_path) -> None:
    draft = tmp_path / "d.txt"
    draft.write_text(
        "在全县工会工作会议上的讲话\n同志们：\n要认真学习贯彻会议会议精神，抓好工作工作落实。\n"
        "职工工资稳步增长，工作作风持续好转，家家户户研究研究。\n",
        "utf-8",
    )

    def check(**env: str) -> str:
        cmd = [sys.executable, "-m", "speechlint", "check", "--format", "json", str(draft)]
        proc = subprocess.run(
            cmd, env={**os.environ, **env}, cwd=ROOT, capture_output=True, text=True
        )
        assert proc.returncode == 1, proc.stderr
        return proc.stdout

    with_extension = check()
    assert with_extension.count('"RP001"') == 2
    assert check(SPEECHLINT_NO_SPEEDUPS="1") == with_extension


SENTENCE_ALPHABET = "会议工" + HAN_EDGES + OUTSIDE + "。！？!?；;，、\n aZ09" + "\U00020000"
spans = st.lists(
    st.tuples(st.integers(min_value=-2, max_value=45), st.integers(min_value=-2, max_value=45)),
    max_size=4,
)


@settings(max_examples=800, deadline=None)
@given(text=st.text(alphabet=SENTENCE_ALPHABET, max_size=40) | st.text(max_size=30), spans=spans)
@example(text="会议。工作！\n会议；", spans=[(0, 10)])
@example(text="。。！会议", spans=[(0, 5)])  # marks alone are no sentence
@example(text="，、。会", spans=[(0, 4)])  # a sentence with nothing to compare
@example(text="会议。工作", spans=[(1, 4), (0, 2), (3, 99)])  # cut, overlapping, past the end
@example(text="会议", spans=[(2, 1), (-3, 1)])  # backwards, before the start
@example(text="\U00020000会a9", spans=[(0, 4)])
def test_sentences_equal_the_regular_expressions(text: str, spans) -> None:
    assert compiled.sentences(text, spans) == speedups.sentences_py(text, spans)


def test_sentences_reject_wrong_arguments() -> None:
    with pytest.raises(TypeError):
        compiled.sentences("会议。", [(0, "x")])
    with pytest.raises(TypeError):
        compiled.sentences("会议。", 5)
    with pytest.raises(TypeError):
        compiled.sentences(b"x", [])
