"""The compiled-pattern store: patterns rebuilt from stored code are re's own, a damaged or
foreign file is ignored, nothing is lost to concurrent savers, and a run's findings do not
depend on it."""

from __future__ import annotations

import json
import marshal
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from speechlint.safety.user_key import mac
from speechlint.speed import pattern_store, prefilter
from speechlint.speed.pattern_store import PatternStore

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "drafts" / "county-union-work-meeting.txt"

# Checks drafts in this process through the CLI and prints the store's figures on stderr.
RUN = """
import json, sys
from speechlint.speed import pattern_store
from speechlint.speed import prefilter
from speechlint.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
store = pattern_store.default()
store.save()
print(json.dumps({"path": store.path, **store.stats, **store.analysis_stats}), file=sys.stderr)
"""


def run(store_dir: str, *args: str) -> tuple[dict, str]:
    env = {**os.environ, "SPEECHLINT_PATTERN_CACHE": store_dir, "NO_COLOR": "1"}
    out = subprocess.run(
        [sys.executable, "-c", RUN, *args],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=300, check=False,
    )  # fmt: skip
    return json.loads(out.stderr.strip().splitlines()[-1]), out.stdout


def stored_file(directory: Path) -> Path:
    (found,) = directory.glob("patterns-*.bin")
    return found


PATTERNS = [
    r"[\u4e00-\u9fff]{2,}",
    r"(?P<year>20[xX]{2})年(?:(\d+)月)?",
    r"讲(?P<n>[一二三四五六七八九十])点意见(?=[。，])",
    r"(?i)abc|[^a-z]+?",
]


def test_a_second_process_compiles_nothing_and_finds_the_same(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    first, out1 = run(store, "check", "--no-cache", "--format", "json", str(EXAMPLE))
    assert first["compiled"] > 30 and first["hits"] == 0
    second, out2 = run(store, "check", "--no-cache", "--format", "json", str(EXAMPLE))
    # Fewer hits than the first compiled: the analyses compile a pattern or two of their own.
    assert second["compiled"] == 0 and 30 < second["hits"] <= first["compiled"]
    # The prefilter's analyses too: kept by the first process, read by the second.
    assert first["kept"] > 30 and first["read"] == 0
    assert second["kept"] == 0 and second["read"] == first["kept"]
    off, out3 = run("off", "check", "--no-cache", "--format", "json", str(EXAMPLE))
    assert off["path"] is None
    assert json.loads(out1) == json.loads(out2) == json.loads(out3) != []


def test_every_stored_pattern_is_the_one_re_compiles(tmp_path: Path) -> None:
    run(str(tmp_path), "check", "--no-cache", str(ROOT / "examples" / "drafts"))
    path = stored_file(tmp_path)
    entries = [
        key for key in pattern_store._read(str(path)) if not key[1] & pattern_store.ANALYSIS_FLAG
    ]
    assert len(entries) > 30
    store = PatternStore(str(path))
    for pattern, flags in entries:
        rebuilt = store.compile(pattern, flags)
        # Pattern equality compares the pattern, the flags and the compiled code.
        assert rebuilt == re.compile(pattern, flags), pattern
        assert rebuilt.groupindex == re.compile(pattern, flags).groupindex
    assert store.stats == {"hits": len(entries), "compiled": 0}


def test_workers_save_what_they_compiled(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    for i in range(10):  # enough for a pool of workers
        shutil.copy(EXAMPLE, folder / f"d{i}.txt")
    parent, _ = run(str(tmp_path / "pooled"), "check", "--no-cache", "--jobs", "2", str(folder))
    alone, _ = run(str(tmp_path / "alone"), "check", "--no-cache", "--jobs", "1", str(folder))
    pooled = set(pattern_store._read(str(stored_file(tmp_path / "pooled"))))
    single = set(pattern_store._read(str(stored_file(tmp_path / "alone"))))
    # The parent checks nothing itself; the workers' patterns are in the file all the same.
    assert parent["compiled"] < alone["compiled"]
    assert single <= pooled


def test_round_trip_in_one_file(tmp_path: Path) -> None:
    path = str(tmp_path / "p.bin")
    a = PatternStore(path)
    compiled = [a.compile(p) for p in PATTERNS]
    assert a.stats["compiled"] == len(PATTERNS)
    assert a.save() is True
    b = PatternStore(path)
    assert [b.compile(p) for p in PATTERNS] == compiled == [re.compile(p) for p in PATTERNS]
    assert b.stats == {"hits": len(PATTERNS), "compiled": 0}
    m = b.compile(PATTERNS[1]).search("于20xx年3月")
    assert m is not None and m.group("year") == "20xx" and m.group(2) == "3"


def test_every_kept_analysis_is_the_one_the_prefilter_makes(tmp_path: Path) -> None:
    run(str(tmp_path), "check", "--no-cache", str(ROOT / "examples" / "drafts"))
    kept = {
        key: marshal.loads(raw)
        for key, raw in pattern_store._read(str(stored_file(tmp_path))).items()
        if key[1] & pattern_store.ANALYSIS_FLAG
    }
    assert len(kept) > 30
    tag = prefilter._analysis_tag()
    for (name, flags), value in kept.items():
        assert name.startswith(f"{tag}\0")
        pattern = re.compile(name[len(tag) + 1 :], flags & ~pattern_store.ANALYSIS_FLAG)
        assert value == prefilter._analyse_first_use(pattern), pattern.pattern
        assert prefilter._is_first_use(value)


def test_an_analysis_is_read_only_under_its_own_tag(tmp_path: Path) -> None:
    path = str(tmp_path / "p.bin")
    a = PatternStore(path)
    value = (True, (frozenset("讲提"), frozenset("点")), False)
    a.keep_analysis("prefilter 1", PATTERNS[2], 0, value)
    assert a.save() is True
    b = PatternStore(path)
    assert b.analysis("prefilter 2", PATTERNS[2], 0) is None  # edited code: made afresh
    assert b.analysis("prefilter 1", PATTERNS[2], 0) == value
    # Neither kind of entry is taken for the other.
    assert b.compile(PATTERNS[2]) == re.compile(PATTERNS[2]) and b.stats["hits"] == 0


def test_a_kept_analysis_of_the_wrong_shape_is_made_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = PatternStore(str(tmp_path / "p.bin"))
    monkeypatch.setattr(pattern_store, "_default", store)
    pattern = re.compile(r"(?:讲|提)(?P<n>[一二三四])点(?:意见|要求)")
    tag = prefilter._analysis_tag()
    store.keep_analysis(tag, pattern.pattern, pattern.flags, (True, ("讲",), False))
    prefilter._first_use.cache_clear()
    try:
        assert prefilter.requirements(pattern) == prefilter._analyse_first_use(pattern)[1] != ()
    finally:
        prefilter._first_use.cache_clear()


def _damage(kind: str, data: bytes) -> bytes:
    header = pattern_store._HEADER
    if kind == "truncated":
        return data[: len(data) // 2]
    if kind == "flipped byte":
        i = len(data) - 40
        return data[:i] + bytes([data[i] ^ 0xFF]) + data[i + 1 :]
    if kind == "garbage":
        return header + os.urandom(200)
    if kind == "empty":
        return b""
    if kind == "another interpreter":
        _signature, signed = data[len(header) :].split(b"\n", 1)
        _identity, body = marshal.loads(signed)
        signed = marshal.dumps(((0x30A00F0, "cpython-310", 1, 4), body))
        return header + pattern_store._mac(signed).encode() + b"\n" + signed
    if kind in ("crafted code", "another key"):
        # What an attacker who can write the file but does not have the key can make: valid
        # code of another pattern under this one's name (a pattern that matches something
        # else), with the old file's signature, or signed with a key of their own.
        _signature, signed = data[len(header) :].split(b"\n", 1)
        _compiled, raw = pattern_store._compile_fresh("。", 0)
        signed = marshal.dumps(
            (pattern_store._identity_now(), marshal.dumps({(PATTERNS[0], 0): raw}))
        )
        signature = _signature if kind == "crafted code" else mac(b"k" * 32, signed).encode()
        return header + signature + b"\n" + signed
    raise AssertionError(kind)


@pytest.mark.parametrize(
    "kind",
    [
        "truncated",
        "flipped byte",
        "garbage",
        "empty",
        "another interpreter",
        "crafted code",
        "another key",
    ],
)
def test_a_damaged_or_foreign_file_is_a_missing_one(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "p.bin"
    first = PatternStore(str(path))
    first.compile(PATTERNS[0])
    assert first.save()
    path.write_bytes(_damage(kind, path.read_bytes()))
    store = PatternStore(str(path))
    assert store.compile(PATTERNS[0]) == re.compile(PATTERNS[0])
    assert store.stats == {"hits": 0, "compiled": 1}
    assert store.save()  # and the file is whole again
    assert set(pattern_store._read(str(path))) == {(PATTERNS[0], 0)}


def test_code_re_refuses_is_compiled_afresh(tmp_path: Path) -> None:
    """A file whose MAC holds but whose code is not valid (written by a bug, say):
    _sre's validation refuses it, and the pattern is compiled as without the store."""
    path = tmp_path / "p.bin"
    bogus = marshal.dumps((32, [1, 2, 3], 0, {}, (None,)))
    path.write_bytes(pattern_store._serialize({(PATTERNS[0], 0): bogus}))
    store = PatternStore(str(path))
    assert store.compile(PATTERNS[0]) == re.compile(PATTERNS[0])
    assert store.stats == {"hits": 0, "compiled": 1}


def test_an_unwritable_place_is_passed_over(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    store = PatternStore(str(blocker / "sub" / "p.bin"))  # a directory inside a file
    assert store.compile(PATTERNS[0]) == re.compile(PATTERNS[0])
    assert store.save() is False
    assert blocker.read_text() == "x"


def test_savers_in_turn_keep_each_others_patterns(tmp_path: Path) -> None:
    path = str(tmp_path / "p.bin")
    a, b = PatternStore(path), PatternStore(path)
    a.compile(PATTERNS[0])
    b.compile(PATTERNS[1])
    assert a.save() and b.save()
    assert set(pattern_store._read(path)) == {(PATTERNS[0], 0), (PATTERNS[1], 0)}


def test_a_saver_overwritten_meanwhile_writes_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process replaces the file between this one's write and its check."""
    path = str(tmp_path / "p.bin")
    other = PatternStore(path)
    other.compile(PATTERNS[1])
    real_write = pattern_store._write
    calls = []

    def write_then_lose(p: str, data: bytes) -> bool:
        calls.append(p)
        done = real_write(p, data)
        if len(calls) == 1:  # the other process wins the race, unaware of ours
            real_write(p, pattern_store._serialize(dict(other._new)))
        return done

    monkeypatch.setattr(pattern_store, "_write", write_then_lose)
    mine = PatternStore(path)
    mine.compile(PATTERNS[0])
    assert mine.save() is True
    assert len(calls) == 2
    assert set(pattern_store._read(path)) == {(PATTERNS[0], 0), (PATTERNS[1], 0)}


def test_entries_past_the_limit_keep_those_in_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(tmp_path / "p.bin")
    earlier = PatternStore(path)
    for p in PATTERNS:
        earlier.compile(p)
    earlier.save()
    monkeypatch.setattr(pattern_store, "MAX_ENTRIES", 3)
    store = PatternStore(path)
    store.compile(PATTERNS[0])  # from the file
    store.compile(r"新的\d+")  # new
    assert store.save()
    assert set(pattern_store._read(path)) == {(PATTERNS[0], 0), (r"新的\d+", 0)}


def test_off_and_the_places_it_chooses(monkeypatch: pytest.MonkeyPatch) -> None:
    for off in ("off", "OFF", "0", ""):
        monkeypatch.setenv("SPEECHLINT_PATTERN_CACHE", off)
        assert pattern_store.cache_directory() is None
    monkeypatch.setenv("SPEECHLINT_PATTERN_CACHE", "/some/where")
    assert pattern_store.cache_directory() == "/some/where"
    monkeypatch.delenv("SPEECHLINT_PATTERN_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", "/xdg")
    if sys.platform.startswith("linux"):
        assert pattern_store.cache_directory() == os.path.join("/xdg", "speechlint")


def test_a_store_that_is_off_keeps_patterns_for_the_process_only() -> None:
    store = PatternStore(None)
    assert store.compile(PATTERNS[0]) == store.compile(PATTERNS[0]) == re.compile(PATTERNS[0])
    assert store.stats == {"hits": 1, "compiled": 1}
    assert store.save() is False


def test_internals_unlike_re_s_turn_the_store_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """Should a later Python's re compile differently from what _compile_fresh follows, the
    self-test sees the probe differ and every pattern goes to re.compile."""
    real = pattern_store._compile_fresh

    def differently(pattern: str, flags: int) -> tuple[re.Pattern[str], bytes]:
        return real(pattern + "|z", flags)

    monkeypatch.setattr(pattern_store, "_compile_fresh", differently)
    assert pattern_store._self_test() is False
    monkeypatch.setattr(pattern_store, "_usable", False)
    store = PatternStore(None)
    assert store.compile(PATTERNS[0]) == re.compile(PATTERNS[0])
    assert store.stats == {"hits": 0, "compiled": 0}


def test_re_errors_are_re_s() -> None:
    with pytest.raises(re.error):
        PatternStore(None).compile("(unclosed")


JIEBA_IMPORT = """
import json, re, sys
compile_ = re.compile
from speechlint.speed import pattern_store
from speechlint.checking import segment
jieba = segment._import_jieba()
from jieba import finalseg
store = pattern_store.default()
print(json.dumps({
    "restored": re.compile is compile_,
    "stored": [p for p, _f in store._new] + [p for p, _f in store._entries()],
    "equal": jieba.re_han_default == compile_(jieba.re_han_default.pattern, re.U)
    and finalseg.re_han == compile_(finalseg.re_han.pattern),
    "hits": store.stats["hits"],
}))
"""


def test_jieba_s_patterns_go_through_the_store(tmp_path: Path) -> None:
    env = {**os.environ, "SPEECHLINT_PATTERN_CACHE": str(tmp_path)}

    def once() -> dict:
        out = subprocess.run(
            [sys.executable, "-c", JIEBA_IMPORT],
            capture_output=True, text=True, env=env, timeout=120, check=True,
        )  # fmt: skip
        return json.loads(out.stdout)

    first, second = once(), once()
    assert first["restored"] and first["equal"]
    assert any("\u4e00" in p for p in first["stored"])  # its Han classes
    assert second["hits"] >= 2 and second["equal"]
