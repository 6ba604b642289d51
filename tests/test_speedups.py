"""The compiled scans answer exactly as their pure-Python twins, for every input."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from speechlint.speed import speedups
from tests.conftest import ROOT

compiled = pytest.importorskip(
    "speechlint.speed._speedups", reason="the optional C extension was not built (no C compiler)"
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
    assert speedups.meets_all is compiled.meets_all and speedups.char_mask is compiled.char_mask
    probe = "from speechlint.speed import speedups; print(speedups.COMPILED)"
    env = {**os.environ, "SPEECHLINT_NO_SPEEDUPS": "1"}
    out = subprocess.run(
        [sys.executable, "-c", probe], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert out.stdout.strip() == "False", out.stderr


def test_named_pieces_alone_are_left_to_their_twins() -> None:
    probe = (
        "from speechlint.speed import speedups as s; "
        "print(s.COMPILED, *(s.is_compiled(f) for f in "
        "('digit_runs', 'char_mask', 'meets_all', 'pair_starts', 'pair_starts_many', "
        "'doubled_search')))"
    )
    expected = {
        "digit_runs": "False False True True True True True",
        "char_mask, pair_starts": "False True False False False False True",
        "no-such-piece": "False False False False False False False",  # names none: all off
        "": "True True True True True True True",
    }
    for setting, printed in expected.items():
        env = {**os.environ, "SPEECHLINT_NO_SPEEDUPS": setting}
        out = subprocess.run(
            [sys.executable, "-c", probe], env=env, cwd=ROOT, capture_output=True, text=True
        )
        assert out.stdout.strip() == printed, (setting, out.stderr)


def test_findings_do_not_depend_on_the_extension(tmp_path) -> None:
    draft = tmp_path / "d.txt"
    draft.write_text(
        "在全县工会工作会议上的讲话\n同志们：\n要认真学习贯彻会议会议精神，抓好工作工作落实。\n"
        "职工工资稳步增长,工作作风持续好转;召开全委(扩大)会议，家家户户研究研究。\r\n",
        "utf-8",
    )

    def check(**env: str) -> str:
        # The draft above and the examples (plain text, Markdown, GBK): every finding, fix
        # and location the same with the compiled scans and rows as without.
        cmd = [sys.executable, "-m", "speechlint", "check", "--no-cache", "--format", "json"]
        cmd += [str(draft), str(ROOT / "examples" / "drafts")]
        proc = subprocess.run(
            cmd, env={**os.environ, **env}, cwd=ROOT, capture_output=True, text=True
        )
        assert proc.returncode == 1, proc.stderr
        return proc.stdout

    with_extension = check()
    assert with_extension.count('"RP001"') == 2 and with_extension.count('"fix": {') >= 3
    assert check(SPEECHLINT_NO_SPEEDUPS="1") == with_extension
    for piece in speedups.PIECES:
        assert check(SPEECHLINT_NO_SPEEDUPS=piece) == with_extension, piece


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
@example(text="会议" * 700 + "。" + "工" * 300, spans=[(0, 1701), (0, 99)])  # grows the buffer
def test_sentences_equal_the_regular_expressions(text: str, spans) -> None:
    assert compiled.sentences(text, spans) == speedups.sentences_py(text, spans)


def test_sentences_reject_wrong_arguments() -> None:
    with pytest.raises(TypeError):
        compiled.sentences("会议。", [(0, "x")])
    with pytest.raises(TypeError):
        compiled.sentences("会议。", 5)
    with pytest.raises(TypeError):
        compiled.sentences(b"x", [])


# Character masks: the prefilter's "does the draft hold any of these characters" test.
MASK_ALPHABET = "会议某年，。a\u00ff\u0100\uffff" + "\U00010000\U00020000\U0010ffff"
requirement_sets = st.lists(st.text(alphabet=MASK_ALPHABET, max_size=4), max_size=4).map(tuple)


@settings(max_examples=800, deadline=None)
@given(
    text=st.text(alphabet=MASK_ALPHABET, max_size=20) | st.text(max_size=30),
    requirements=requirement_sets,
)
@example(text="", requirements=())
@example(text="", requirements=("",))  # a requirement with no character is never met
@example(text="会", requirements=("某会", "会"))
@example(text="\U00020000\U00010000\U00020000", requirements=("\U00020000",))
@example(text="\U00020000", requirements=("\U00020001\U0010ffff",))
@example(text="\u00ff\u0100", requirements=("\u00ff", "\u0100"))  # byte edges
def test_masks_answer_as_the_text_does(text: str, requirements: tuple[str, ...]) -> None:
    expected = speedups.meets_all_py(speedups.char_mask_py(text), requirements)
    assert compiled.meets_all(compiled.char_mask(text), requirements) == expected
    assert expected == all(any(c in text for c in chars) for chars in requirements)


def test_masks_reject_wrong_arguments() -> None:
    mask = compiled.char_mask("会议")
    with pytest.raises(TypeError):
        compiled.char_mask(b"bytes")
    with pytest.raises(TypeError):
        compiled.meets_all(mask, ["会"])  # a tuple, not a list
    with pytest.raises(TypeError):
        compiled.meets_all(mask, (b"x",))
    with pytest.raises(ValueError):
        compiled.meets_all(mask[:100], ("会",))
    with pytest.raises(ValueError):
        compiled.meets_all(mask + b"x", ("会",))


# Searching sorted lines: jieba's word table in a one-draft run.
LINE_ALPHABET = "一丁七万 1a\u00ff\U00020000"
sorted_texts = st.lists(st.text(alphabet=LINE_ALPHABET, min_size=1, max_size=5), max_size=12).map(
    lambda lines: "\n".join(sorted(set(lines)))
)


@settings(max_examples=800, deadline=None)
@given(text=sorted_texts, key=st.text(alphabet=LINE_ALPHABET, max_size=6))
@example(text="", key="")
@example(text="一 1", key="一")
@example(text="一 1\n丁 2", key="丁")
@example(text="一 1\n丁 2", key="七")  # after every line
@example(text="a\nab\nb", key="ab")
def test_sorted_line_search_equals_the_python_search(text: str, key: str) -> None:
    found = compiled.sorted_line_search(text, key)
    assert found == speedups.sorted_line_search_py(text, key)
    lines = text.split("\n") if text else []
    expected = next((line for line in lines if not line < key), None)
    assert found == expected


@pytest.mark.parametrize("in_c", [True, False])
def test_sorted_words_answer_as_the_set_of_their_lines(in_c: bool, monkeypatch) -> None:
    # RP001's two-character words, searched in place (C) or as a set (without the extension).
    from speechlint.checking.patterns import rule_data
    from speechlint.rules import repetition

    monkeypatch.setattr(repetition, "COMPILED", in_c)
    text = rule_data("words2.txt").read_text("utf-8")
    listed = text.split()
    words = repetition.SortedWords(text)
    assert (words._set is None) is in_c
    every = set(listed)
    han = sorted({c for w in listed[::50] for c in w})
    asked = [*listed, *(a + b for a in han[:60] for b in han[:60]), "", "\n", "一", "𠀀𠀀", 3]
    asked += [listed[0][:1] + "\n", "\uffff\uffff", "\u0000"]
    assert [w in words for w in asked] == [w in every for w in asked]
    assert sum(w in words for w in asked) > len(listed)  # some made-up pairs are words too


def test_sorted_line_search_rejects_wrong_arguments() -> None:
    with pytest.raises(TypeError):
        compiled.sorted_line_search(b"x", "x")
    with pytest.raises(TypeError):
        compiled.sorted_line_search("x", None)
    with pytest.raises(TypeError):
        compiled.sorted_line_search("x")


# One- and two-character beginnings: the prefilter's way to search a word list.
PAIR_ALPHABET = "会议某年，a\u00ff\u0100\uffff" + "\U00010000\U00020000"
pair_sets = st.lists(
    st.text(alphabet=PAIR_ALPHABET, min_size=1, max_size=2).filter(
        lambda head: len(head) == 2 or head < "\U00010000"  # alone: within the BMP
    ),
    max_size=6,
)


@settings(max_examples=800, deadline=None)
@given(
    text=st.text(alphabet=PAIR_ALPHABET, max_size=30) | st.text(max_size=30),
    heads=pair_sets,
    pos=st.integers(min_value=-3, max_value=33),
    endpos=st.integers(min_value=-3, max_value=33),
)
@example(text="会议会议", heads=["会议"], pos=0, endpos=4)
@example(text="会议会议", heads=["会议"], pos=1, endpos=4)  # the last pair needs endpos 4
@example(text="会议会议", heads=["会议"], pos=0, endpos=3)
@example(text="会议某会", heads=["会", "某会"], pos=0, endpos=4)  # alone, and at the very end
@example(text="a\u00ffa", heads=["a\u00ff"], pos=0, endpos=9)  # one byte a character
@example(text="\U00020000\U00010000会", heads=["\U00020000\U00010000"], pos=0, endpos=9)
def test_pair_starts_equals_the_python_search(
    text: str, heads: list[str], pos: int, endpos: int
) -> None:
    table = speedups.pair_table(heads)
    found = compiled.pair_starts(text, pos, endpos, table)
    assert found == speedups.pair_starts_py(text, pos, endpos, table)
    # Every place one begins (within endpos) is among them (a hash may add a few more).
    lo, hi = max(pos, 0), min(endpos, len(text))
    begun = {i for i in range(lo, hi) if text[i] in heads or text[i : min(i + 2, hi)] in heads}
    assert begun <= set(found)
    assert found == sorted(found) and all(lo <= i < hi for i in found)
    # A place is given only where its first character begins one.
    assert all(text[i] in {head[0] for head in heads} or text[i] >= "\U00010000" for i in found)


def test_pair_starts_rarely_gives_a_place_no_pair_begins() -> None:
    # The hash keeps false places rare: a scan with many of them would be no faster than re.
    # Here every other character is some pair's first character, its neighbour never a
    # second: 10,000 places pass the first test, ~15 are expected to pass the hash too.
    heads = [chr(0x4E00 + 7 * k) + chr(0x5000 + 11 * k) for k in range(200)]
    text = "".join(chr(0x4E00 + 7 * (k % 200)) + chr(0x6000 + k % 3000) for k in range(10_000))
    found = compiled.pair_starts(text, 0, len(text), speedups.pair_table(heads))
    assert not [i for i in range(len(text) - 1) if text[i : i + 2] in set(heads)]
    assert len(found) < 50


def test_pair_starts_rejects_wrong_arguments() -> None:
    with pytest.raises(ValueError):
        speedups.pair_table(["\U00020000"])  # alone beyond the BMP
    with pytest.raises(ValueError):
        speedups.pair_table(["会议会"])
    table = speedups.pair_table(["会议"])
    with pytest.raises(TypeError):
        compiled.pair_starts(b"x", 0, 1, table)
    with pytest.raises(TypeError):
        compiled.pair_starts("x", 0, 1)
    with pytest.raises(ValueError):
        compiled.pair_starts("x", 0, 1, table[:-1])
    with pytest.raises(TypeError):
        compiled.pair_starts("x", "0", 1, table)


# Digits of several scripts (ASCII, full-width, Arabic-Indic, beyond the BMP), characters
# that look numeric but are no decimal digits (〇 二 ① ²), Han and punctuation.
DIGIT_ALPHABET = "0159０９\u0660\u0669〇二①²会年，.a \n" + "\U0001d7ce\U00020000"


@settings(max_examples=800, deadline=None)
@given(text=st.text(alphabet=DIGIT_ALPHABET, max_size=40) | st.text(max_size=40))
@example(text="2025年3月，增长13.8%")
@example(text="１２３会\u0660\u0661")  # full-width and Arabic-Indic digits are digits to re
@example(text="〇二①²")  # numerals that are not decimal digits
@example(text="a1b22c333")  # one byte a character
@example(text="\U0001d7ce\U0001d7cf年9")  # four bytes a character
def test_digit_runs_equal_the_regular_expression(text: str) -> None:
    assert compiled.digit_runs(text) == speedups.digit_runs_py(text)


def test_no_character_the_digit_scan_passes_over_is_a_digit() -> None:
    # digit_runs skips U+3000-U+9FFF without asking Unicode; true for this Python's tables.
    assert not [c for c in map(chr, range(0x3000, 0xA000)) if c.isdecimal()]
    assert compiled.digit_runs("".join(map(chr, range(0x3000, 0xA000)))) == []


def test_digit_runs_rejects_wrong_arguments() -> None:
    with pytest.raises(TypeError):
        compiled.digit_runs(b"123")


@settings(max_examples=400, deadline=None)
@given(
    text=st.text(alphabet=PAIR_ALPHABET, max_size=30) | st.text(max_size=30),
    head_sets=st.lists(pair_sets, max_size=5),
)
@example(text="会议某年", head_sets=[["会议"], ["某"], []])
@example(text="\U00020000\U00010000会", head_sets=[["\U00020000\U00010000"], ["会"]])
def test_pair_starts_many_equals_one_scan_a_table(text: str, head_sets: list[list[str]]) -> None:
    tables = tuple(speedups.pair_table(heads) for heads in head_sets)
    first = speedups._union(tables)
    expected = [compiled.pair_starts(text, 0, len(text), table) for table in tables]
    assert compiled.pair_starts_many(text, first, tables) == expected
    assert speedups.pair_starts_many_py(text, first, tables) == expected


def test_pair_starts_many_rejects_wrong_arguments() -> None:
    table = speedups.pair_table(["会议"])
    first = speedups._union([table])
    with pytest.raises(TypeError):
        compiled.pair_starts_many("x", first)
    with pytest.raises(TypeError):
        compiled.pair_starts_many(b"x", first, (table,))
    with pytest.raises(ValueError):
        compiled.pair_starts_many("x", first[:-1], (table,))
    with pytest.raises(ValueError):
        compiled.pair_starts_many("x", first, [table])  # a list, not a tuple
    with pytest.raises(ValueError):
        compiled.pair_starts_many("x", first, (table[:-1],))
    with pytest.raises(ValueError):
        compiled.pair_starts_many("x", first, (table,) * 65)


@settings(max_examples=150, deadline=None)
@given(
    texts=st.lists(st.text(alphabet=PAIR_ALPHABET, max_size=20), min_size=1, max_size=4),
    head_sets=st.lists(pair_sets, min_size=1, max_size=4),
    asks=st.lists(
        st.tuples(st.integers(0, 3), st.integers(0, 3), st.integers(-2, 22), st.integers(-2, 22)),
        max_size=40,
    ),
)
def test_the_pair_scan_answers_as_one_scan_a_table(texts, head_sets, asks) -> None:
    # Texts and tables asked for in any order (so tables join, go idle, are dropped and join
    # again, and kept answers are reused): each answer is pair_starts' for the same text and
    # range, with at most endpos - 1 more (the pass tested its pair with the next character).
    scan = speedups.PairScan()
    scan.IDLE_TEXTS = 2
    tables = [speedups.pair_table(heads) for heads in head_sets]
    for t, k, pos, endpos in asks:
        text, table = texts[t % len(texts)], tables[k % len(tables)]
        got = scan.starts(text, pos, endpos, table)
        want = compiled.pair_starts(text, pos, endpos, table)
        extra = set(got) - set(want)
        assert set(want) <= set(got) and extra <= {endpos - 1} and got == sorted(got)


def test_a_table_asked_for_after_going_idle_stays_in_the_pass() -> None:
    # Found by the test above: a table idle too long, asked for again, was dropped by that
    # text's scan and noted as used only afterwards, so it stayed in the pass without its
    # first characters in the union, and later texts' passes missed its places.
    scan = speedups.PairScan()
    scan.IDLE_TEXTS = 2
    a_table, other = speedups.pair_table(["a"]), speedups.pair_table(["z"])
    assert scan.starts("a", 0, 1, a_table) == [0]
    for filler in ("x", "xx"):  # a_table idle for two texts: the next scan finds it idle
        scan.starts(filler, 0, len(filler), other)
    assert scan.starts("ba", 0, 2, a_table) == [1]  # asked for again, on a text of its own
    assert scan.starts("aab", 0, 3, a_table) == [0, 1]  # a later text's pass finds its places


def test_the_pair_scan_makes_one_pass_for_its_tables(monkeypatch) -> None:
    calls = []

    def counted(text, first, tables):
        calls.append(len(tables))
        return compiled.pair_starts_many(text, first, tables)

    monkeypatch.setattr(speedups, "pair_starts_many", counted)
    scan = speedups.PairScan()
    tables = [speedups.pair_table([h]) for h in ("会议", "某", "年")]
    draft = "会议某年" * 3
    for table in tables:  # the first draft: each table joins as it is first asked for
        scan.starts(draft, 0, len(draft), table)
    assert calls == [1]
    nxt = "年会议" * 2
    for table in tables:  # the next draft: one pass for all three
        assert scan.starts(nxt, 0, len(nxt), table) == compiled.pair_starts(nxt, 0, 6, table)
    assert calls == [1, 3]
    # More tables than one pass takes: several passes, the same answers.
    many = [speedups.pair_table([chr(0x4E00 + k)]) for k in range(70)]
    text = "".join(chr(0x4E00 + k) for k in range(70))
    for table in many:
        scan.starts(text, 0, len(text), table)
    again = text + "。"
    assert [scan.starts(again, 0, len(again), t) for t in many] == [[k] for k in range(70)]
    assert calls[-2:] == [64, 73 - 64]


def test_the_pair_scan_keeps_nothing_of_a_very_long_text(monkeypatch) -> None:
    scan = speedups.PairScan()
    monkeypatch.setattr(scan, "TEXT_LIMIT", 10)
    table = speedups.pair_table(["会议"])
    long_text = "开会议" * 5  # 15 characters: over the limit
    assert scan.starts(long_text, 0, 15, table) == compiled.pair_starts(long_text, 0, 15, table)
    assert scan.starts(long_text, 2, 9, table) == compiled.pair_starts(long_text, 2, 9, table)
    assert scan._texts == []  # neither the text nor its places are held
    short = "开会议"
    assert scan.starts(short, 0, 3, table) == [1]
    assert [kept for kept, _ in scan._texts] == [short]


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=",;:!?()（）会a1\n\U00020000", max_size=40) | st.text(max_size=30))
def test_places_of_single_characters_are_where_their_class_matches(text: str) -> None:
    import re

    places = speedups.Places(",;:!?()", re.compile("[,;:!?()]"))
    assert places(text) == places.by_pattern(text)


def test_places_make_their_table_on_first_use() -> None:
    # Defining a Places costs a module import nothing: the 32 KB table waits for a text.
    import re

    places = speedups.Places("会议", re.compile("[会议]"))
    assert places._table is None
    assert places("开会议") == [1, 2]
    assert places._table == speedups.pair_table("会议")
