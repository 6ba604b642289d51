"""jieba loads lazily: only when a selected rule needs tokens and a candidate exists."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

SCRIPT = """
import sys
from speechlint.cli import main
sys.argv = ["speechlint", "check", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print("JIEBA", "jieba" in sys.modules, file=sys.stderr)
print("OPENSSL", "_hashlib" in sys.modules, file=sys.stderr)
"""


def loaded(tmp_path, text: str, *args: str) -> bool:
    path = tmp_path / "d.txt"
    path.write_text(text, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, *args, str(path)], capture_output=True, text=True
    )
    return "JIEBA True" in proc.stderr


@pytest.mark.parametrize(
    ("text", "args", "expected"),
    [
        ("讲话\n同志们：\n今天召开会议。\n", (), False),  # no repeated run: no candidate
        ("讲话\n同志们：\n学习工作会议会议精神。\n", (), True),
        ("讲话\n同志们：\n学习工作会议会议精神。\n", ("--select", "PH,ST"), False),
    ],
)
def test_jieba_loads_only_when_needed(tmp_path, text, args, expected) -> None:
    assert loaded(tmp_path, text, *args) is expected


def test_checking_a_draft_without_the_cache_never_loads_openssl(tmp_path) -> None:
    # hashlib loads OpenSSL (~12 million instructions): jieba imports md5 from it and the
    # shipped data was checked by SHA-256; a draft that needs jieba must not load it.
    path = tmp_path / "d.txt"
    path.write_text("讲话\n同志们：\n学习工作会议会议精神。\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, "--no-cache", str(path)], capture_output=True, text=True
    )
    assert "JIEBA True" in proc.stderr and "OPENSSL False" in proc.stderr, proc.stderr


def test_jieba_gets_a_working_md5_and_hashlib_stays_whole(tmp_path) -> None:
    # While jieba is imported, hashlib is a stand-in; afterwards jieba's md5 and hashlib
    # itself are the real ones, and a module asking the stand-in for anything gets it.
    code = (
        "import sys; from speechlint.checking import segment; segment.tokenizer(); import jieba; "
        "print('_hashlib' in sys.modules, 'hashlib' in sys.modules); "
        "print(jieba.md5(b'abc').hexdigest()); "
        "import hashlib; print(hashlib.sha256(b'abc').hexdigest()[:12]); "
        "print(segment._LAZY_HASHLIB.sha1(b'').hexdigest()[:8], "
        "sys.modules['hashlib'] is not segment._LAZY_HASHLIB)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path
    )
    assert proc.stdout.splitlines() == [
        "False False",
        "900150983cd24fb0d6963f7d28e17f72",
        "ba7816bf8f01",
        "da39a3ee True",
    ], proc.stderr


def test_domain_vocabulary_is_added(tmp_path) -> None:
    from speechlint.checking import segment
    from speechlint.running.plugins import PluginManager

    segment.add_vocabulary(PluginManager().vocabulary())
    assert "工人先锋号" in segment.cut("争创工人先锋号")
    assert segment.is_word("十四五")


def test_sorted_dictionary_segments_exactly_as_jieba_does() -> None:
    """The binary-searched word table gives jieba's own cuts and word lookups: compared with a
    tokenizer that built the full table from the same dictionary and vocabulary."""
    import re
    from pathlib import Path

    from speechlint.checking import segment
    from speechlint.running.plugins import PluginManager

    path = segment._dictionary_path()
    assert path is not None
    jieba = segment._import_jieba()
    full = jieba.Tokenizer(dictionary=str(path))
    full.initialize()
    vocabulary = list(PluginManager().vocabulary())
    for w in vocabulary:
        full.add_word(w)
    ours = segment.build(vocabulary)
    assert isinstance(ours.FREQ, segment.SortedDictionary)

    examples = Path(__file__).resolve().parents[1] / "examples"
    text = "".join(
        p.read_bytes().decode("utf-8", "ignore") for p in sorted(examples.rglob("*.txt"))
    )
    clauses = [c for c in re.split(r"[^\u3400-\u9fffA-Za-z0-9]+", text) if c]
    clauses += ["工作会议会议精神", "职工工资", "创新新产业", "亿美元亿美元", "研究研究", "T恤衫"]
    assert len(clauses) > 100
    for clause in clauses:
        assert ours.lcut(clause, HMM=True) == full.lcut(clause, HMM=True), clause
        for i in range(len(clause)):
            for j in range(i + 1, min(len(clause), i + 6) + 1):
                frag = clause[i:j]
                assert (frag in ours.FREQ) == (frag in full.FREQ), frag
                assert ours.FREQ.get(frag) == full.FREQ.get(frag), frag
    assert ours.total == full.total


def test_jieba_is_imported_without_pkg_resources(tmp_path) -> None:
    code = (
        "import sys; from speechlint.checking import segment; segment.tokenizer(); "
        "print('pkg_resources' in sys.modules, sys.modules.get('pkg_resources', 0) is None)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path
    )
    assert proc.stdout.split() == ["False", "False"], proc.stderr


def test_vocabulary_added_twice_counts_once() -> None:
    # jieba's add_word adds to the total each time: a second engine in the process (or a
    # worker forked from a warmed parent) must not shift segmentation by adding words again.
    from speechlint.checking import segment

    word = "测试用专有名词甲乙"
    segment.add_vocabulary([word])
    tk = segment.tokenizer()
    total = tk.total
    segment.add_vocabulary([word, f" {word} "])
    assert tk.total == total
    assert word in segment.cut(f"我们{word}很好")


def test_warm_up_prepares_rules_and_loads_jieba_before_workers_fork() -> None:
    from speechlint.checking import segment
    from speechlint.checking.config import Config
    from speechlint.checking.engine import Engine
    from speechlint.testing import _plugin_manager

    engine = Engine(_plugin_manager())
    settings = engine.settings_for(Config(), None)
    assert any(cls.needs_tokens for cls in settings.rules)
    engine.warm_up(settings)
    assert segment.is_loaded()
    assert all(engine._prepared.get(cls.code) for cls in settings.rules)


@pytest.mark.parametrize("compiled", [True, False], ids=["C", "pure-Python"])
def test_warm_up_readies_the_dictionary_for_the_workers_to_share(tmp_path, compiled) -> None:
    # A one-draft run searches the dictionary's text. A pool run readies it before forking:
    # with the C search the text stays as it is (a search costs ~1 µs); without it the text is
    # split into lines once, so the workers share one list instead of each splitting its own.
    code = (
        "from speechlint.checking import segment; from speechlint.speed import speedups; "
        "from speechlint.checking.config import Config; "
        "from speechlint.checking.engine import Engine; "
        "from speechlint.testing import _plugin_manager; "
        "e = Engine(_plugin_manager()); segment.tokenizer(); "
        "print(speedups.COMPILED, segment.tokenizer().FREQ._lines is None); "
        "e.warm_up(e.settings_for(Config(), None)); "
        "print(segment.tokenizer().FREQ._lines is None)"
    )
    env = dict(os.environ)
    env.pop("SPEECHLINT_NO_SPEEDUPS", None)
    if not compiled:
        env["SPEECHLINT_NO_SPEEDUPS"] = "1"
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env
    )
    out = proc.stdout.split()
    if compiled and out[:1] == ["False"]:
        pytest.skip("the optional C extension was not built")
    assert out == [str(compiled), "True", str(compiled)], proc.stderr


def test_the_dictionary_total_is_stored_beside_the_dictionary() -> None:
    # Summing the 80,000 frequencies was most of loading jieba; the total is read from the
    # JSON beside the dictionary. After editing the dictionary, run
    # python -m speechlint.checking.patterns.
    from speechlint.checking import segment
    from speechlint.checking.patterns import FROZEN_SUFFIX, read_frozen

    path = segment._dictionary_path()
    assert path is not None
    raw = path.read_bytes()
    stored = read_frozen(path.with_name(path.name + FROZEN_SUFFIX), raw)
    assert stored is not None, (
        "jieba-dict.txt.json is stale: run python -m speechlint.checking.patterns"
    )
    assert stored == segment.dictionary_total(raw) == segment.read_sorted_dictionary(path)[1]


def test_remembered_cuts_follow_the_vocabulary() -> None:
    # boundaries() remembers clauses (folders repeat them); a word added later must cut a
    # remembered clause anew.
    from speechlint.checking import segment

    clause = "推进职工之家丙丁戊建设"
    first = segment.boundaries(clause)
    assert segment.boundaries(clause) is first  # remembered
    expected = {0}
    for tok in segment.cut(clause):
        expected.add(max(expected) + len(tok))
    assert first == expected
    word = "丙丁戊建设"
    assert word not in segment.cut(clause)
    segment.add_vocabulary([word])
    again = segment.boundaries(clause)
    assert word in segment.cut(clause)
    assert again != first and {len(clause) - len(word), len(clause)} <= again


def test_searching_the_dictionary_text_answers_as_the_split_lines_do() -> None:
    # A short run searches the dictionary's text as read; a long one splits it into lines
    # once. Both must answer every key alike, at the edges of the file too.
    import random

    from speechlint.checking import segment

    path = segment._dictionary_path()
    assert path is not None
    text = path.read_text("utf-8")
    lines = text.split("\n")[:-1]
    rng = random.Random(7)
    keys = ["", "\u0001", "\uffff", "一", lines[0], lines[-1], lines[0].split(" ")[0]]
    keys.append(lines[-1].split(" ")[0] + "后")
    for line in rng.sample(lines, 400):
        word = line.split(" ")[0]
        keys += [word, word[:-1], word + "的", word[:1], word[:-1] + "乙"]
    in_text = segment.SortedDictionary(text)
    in_text.SPLIT_AFTER = 10**9
    split = segment.SortedDictionary(text)
    split.split()
    answers = [in_text.get(k) for k in keys]
    assert answers == [split.get(k) for k in keys]
    assert in_text._lines is None and split._lines is not None
    assert sum(a is not None and a > 0 for a in answers) > 300  # words found, with frequencies
    assert answers.count(0) > 50  # prefixes of words
    assert answers.count(None) > 50  # absent


def test_a_dictionary_out_of_order_is_not_frozen() -> None:
    from speechlint.checking import segment
    from speechlint.checking.patterns import PatternDataError

    assert segment.dictionary_total("一 3 m\n丁 2 n\n".encode()) == 5
    for raw in ("丁 2 n\n一 3 m\n", "一 3 m\n\n丁 2 n\n", "一 3 m\r\n丁 2 n\r\n", "一 3 m\n丁 2 n"):
        with pytest.raises(PatternDataError):
            segment.dictionary_total(raw.encode())
