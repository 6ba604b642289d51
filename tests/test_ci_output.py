"""CI output formats, --output-file, --statistics, --jobs, the cache and baselines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from speechlint.checking.diagnostics import Severity
from speechlint.running.cache import ENTRY_SUFFIX
from speechlint.safety.user_key import mac, user_key
from tests.conftest import SCHEMAS, run

DRAFT = (
    "在全县工会工作会议上的讲话\n同志们：\n"
    "回顾总结20xx年工作，召开全委(扩大)会议。\n一、提高认识\n正文。\n二、突出重点\n正文。\n谢谢大家!\n"
)
CLEAN = "在全县工会工作会议上的讲话\n同志们：\n回顾总结2023年工作。\n谢谢大家！\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "drafts"
    root.mkdir()
    for i in range(12):
        (root / f"d{i:02d}.txt").write_text(DRAFT if i % 3 else CLEAN, encoding="utf-8")
    (root / "中文名.txt").write_text(DRAFT, encoding="utf-8")
    return root


def test_github_annotations(folder) -> None:
    out = run("check", "--format", "github", str(folder / "d01.txt")).stdout.splitlines()
    assert out[0] == (
        f"::error file={folder / 'd01.txt'},line=3,col=5,endLine=3,endColumn=9,"
        "title=PH001 placeholder-year::占位符“20xx”未替换为实际年份"
    )
    assert any(
        line.startswith("::notice ") or line.startswith("::warning ") for line in out
    ) or all(line.startswith("::error ") for line in out)


def test_github_escapes_properties() -> None:
    from speechlint.output.formatters.ci import _gh_data, _gh_property

    assert _gh_property("a:b,c%") == "a%3Ab%2Cc%25"
    assert _gh_data("x\ny") == "x%0Ay"


@pytest.mark.skipif(
    not (SCHEMAS / "sarif-schema-2.1.0.json").is_file(),
    reason="../shared/schemas is not here (a fresh clone outside the team workspace)",
)
def test_sarif_validates_against_the_official_schema(folder) -> None:
    import jsonschema

    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text("utf-8"))
    out = run("check", "--format", "sarif", str(folder)).stdout
    doc = json.loads(out)
    jsonschema.validate(doc, schema)
    run0 = doc["runs"][0]
    rules = {r["id"]: r for r in run0["tool"]["driver"]["rules"]}
    assert rules["PH001"]["name"] == "placeholder-year"
    assert rules["PH001"]["defaultConfiguration"]["level"] == "error"
    assert "GB/T" in rules["PH001"]["help"]["text"]
    result = next(r for r in run0["results"] if r["ruleId"] == "PU001")
    assert result["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"] == {
        "text": "（"
    }
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 3 and region["endColumn"] > region["startColumn"]
    assert any("%E4%B8%AD" in r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
               for r in run0["results"])  # fmt: skip


def test_junit_has_a_suite_per_file_and_a_failure_per_finding(folder) -> None:
    out = run("check", "--format", "junit", str(folder)).stdout
    root = ET.fromstring(out)
    suites = root.findall("testsuite")
    assert len(suites) == 13
    json_out = json.loads(run("check", "--format", "json", str(folder)).stdout)
    assert len(root.findall(".//failure")) == len(json_out)
    clean = next(s for s in suites if s.get("name").endswith("d00.txt"))
    assert clean.get("failures") == "0" and len(clean.findall("testcase")) == 1


def test_gitlab_code_quality(folder) -> None:
    items = json.loads(run("check", "--format", "gitlab", str(folder)).stdout)
    assert {i["severity"] for i in items} <= {"major", "minor", "info"}
    assert len({i["fingerprint"] for i in items}) == len(items)
    assert all(set(i) == {"description", "check_name", "fingerprint", "severity", "location"}
               for i in items)  # fmt: skip


def test_statistics(folder) -> None:
    out = run("check", "--statistics", "--select", "PH001,PU001", str(folder)).stdout
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["9", "PH001"] or lines[0].split()[:2] == ["18", "PU001"]
    counts = {line.split()[1]: int(line.split()[0]) for line in lines[:2]}
    assert counts == {"PH001": 9, "PU001": 18}


def test_statistics_as_json_and_refused_with_other_formats(folder) -> None:
    result = run("check", "--statistics", "--format", "json", "--select", "PH001,PU001",
                 str(folder))  # fmt: skip
    rows = json.loads(result.stdout)
    assert {r["code"]: r["count"] for r in rows} == {"PH001": 9, "PU001": 18}
    assert all(set(r) == {"code", "name", "count", "fixable"} for r in rows)
    assert [r["count"] for r in rows] == sorted((r["count"] for r in rows), reverse=True)
    refused = run("check", "--statistics", "--format", "sarif", str(folder))
    assert refused.exit_code == 2
    assert "--statistics" in refused.output and refused.output.count("\n") == 1


def test_jobs_give_identical_results(folder) -> None:
    one = run("check", "--no-cache", "--jobs", "1", "--format", "json", str(folder)).stdout
    two = run("check", "--no-cache", "--jobs", "2", "--format", "json", str(folder)).stdout
    assert one == two
    paths = [f["path"] for f in json.loads(two)]
    assert paths == sorted(paths)


def test_the_collector_is_tuned_for_the_run_only(folder, tmp_path) -> None:
    # The command sets the collector's thresholds (a check allocates many short-lived
    # containers); a program importing speechlint keeps its own; a pool run freezes what the
    # workers inherit and unfreezes it afterwards; a spawned worker takes the parent's
    # thresholds.
    import gc

    from speechlint import cli
    from speechlint.checking.config import Config
    from speechlint.checking.engine import Engine
    from speechlint.running import runner
    from speechlint.running.plugins import PluginManager

    def threshold_after(imports: str) -> str:
        probe = f"import gc{imports}; print(gc.get_threshold())"
        return subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout

    assert threshold_after(", speechlint.cli, speechlint.running.runner") == threshold_after("")
    saved = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        run("check", "--no-cache", str(folder))
        assert gc.get_threshold() == cli.GC_THRESHOLDS
        tasks = [runner.Task(str(p), str(p), Config()) for p in sorted(folder.rglob("*.txt"))]
        assert len(tasks) >= runner.MIN_FILES_FOR_POOL
        engine = Engine(PluginManager())
        results = list(runner.iter_check(tasks, engine, [], 2, None, None))
        assert len(results) == len(tasks) and gc.get_freeze_count() == 0
        gc.set_threshold(700, 10, 10)
        runner._init_worker([], engine.overrides, None, None, (1234, 5, 6))
        assert gc.get_threshold() == (1234, 5, 6)
    finally:
        gc.set_threshold(*saved)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_every_draft_gets_its_entry_whoever_checks_it(folder, tmp_path, monkeypatch, jobs) -> None:
    # With --jobs 2 the worker processes write the entries of the drafts they check, with
    # --jobs 1 the run itself: either way each draft has one and the warm run reads them all.
    monkeypatch.chdir(tmp_path)
    first = run("check", "--jobs", jobs, str(folder)).stdout
    entries = list((tmp_path / ".speechlint_cache").rglob("*" + ENTRY_SUFFIX))
    assert len(entries) == 13
    assert not list((tmp_path / ".speechlint_cache").rglob("*.tmp"))
    from speechlint.running.cache import Cache

    hits = Cache.get
    calls = []
    monkeypatch.setattr(Cache, "get", lambda self, *a: calls.append(1) or hits(self, *a))
    assert run("check", "--jobs", jobs, str(folder)).stdout == first
    assert len(calls) == 13
    assert (
        run("check", "--jobs", jobs, "--format", "json", str(folder)).stdout
        == run("check", "--no-cache", "--jobs", "1", "--format", "json", str(folder)).stdout
    )


def test_workers_write_the_text_and_keep_the_findings_back(folder) -> None:
    # Asked for plain text only, workers send each draft's lines and counts, not its rows;
    # the lines and counts are those of a draft checked here.
    from speechlint.checking.config import Config
    from speechlint.checking.engine import Engine
    from speechlint.output.formatters.text import plain_text
    from speechlint.running import runner
    from speechlint.running.plugins import PluginManager

    engine = Engine(PluginManager())
    tasks = [runner.Task(str(p), str(p), Config()) for p in sorted(folder.rglob("*.txt"))]
    sent = list(
        runner.iter_check(tasks, engine, [], 2, None, None, rows_needed=False, render=plain_text)
    )
    here = [engine.check_file(t.path, t.config, None, t.shown) for t in tasks]
    assert [r.rendered for r in sent] == [plain_text(r) for r in here]
    assert sum(bool(r.rendered) for r in sent) == 9  # the four clean drafts have none
    assert [sorted(r.counts()) for r in sent] == [sorted(r.counts()) for r in here]
    with pytest.raises(RuntimeError, match="not to send"):
        sent[0].rows()
    counted = list(runner.iter_check(tasks, engine, [], 2, None, None, rows_needed=False))
    assert all(r.rendered is None for r in counted)
    assert [sorted(r.counts()) for r in counted] == [sorted(r.counts()) for r in here]
    full = list(runner.iter_check(tasks, engine, [], 2, None, None))
    assert [r.rows() for r in full] == [r.rows() for r in here]


def test_a_pool_run_keeps_only_a_few_chunks_in_flight(folder, monkeypatch) -> None:
    # Results wait in this process until the report reaches them; submitting every chunk at
    # once let them pile up when the report was slower than the workers (memory growing with
    # the folder). Only workers x IN_FLIGHT_PER_WORKER chunks may be out at a time.
    from concurrent.futures import ProcessPoolExecutor

    from speechlint.checking.config import Config
    from speechlint.checking.engine import Engine
    from speechlint.running import runner
    from speechlint.running.plugins import PluginManager

    monkeypatch.setattr(runner, "CHUNK", 1)
    monkeypatch.setattr(runner, "IN_FLIGHT_PER_WORKER", 1)
    submitted = []
    real_submit = ProcessPoolExecutor.submit
    monkeypatch.setattr(
        ProcessPoolExecutor, "submit", lambda self, *a: submitted.append(1) or real_submit(self, *a)
    )
    tasks = [runner.Task(str(p), str(p), Config()) for p in sorted(folder.rglob("*.txt"))]
    stream = runner.iter_check(tasks, Engine(PluginManager()), [], 2, None, None)
    seen = []
    for result in stream:
        seen.append(result.path)
        assert len(submitted) <= len(seen) + 2  # two in flight, one more per result taken
    assert seen == [t.shown for t in tasks] and len(submitted) == len(tasks)


@pytest.mark.slow
def test_spawned_workers_give_the_same_report(folder, tmp_path) -> None:
    # Windows and macOS start workers by spawning a fresh interpreter, not by forking: nothing
    # is inherited, so what the workers need (rules, thresholds, the cache folder, the text
    # renderer) must travel as initializer arguments.
    probe = (
        "import multiprocessing, sys\n"
        "from speechlint.cli import main\n"
        "if __name__ == '__main__':\n"
        "    multiprocessing.set_start_method('spawn')\n"
        "    sys.argv = ['speechlint', *sys.argv[1:]]\n"
        "    main()\n"
    )
    script = tmp_path / "spawned.py"
    script.write_text(probe, "utf-8")
    spawned = subprocess.run(
        [sys.executable, str(script), "check", "--jobs", "2", str(folder)],
        capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert spawned.returncode == 1, spawned.stderr
    here = run("check", "--no-cache", "--jobs", "1", str(folder))
    assert spawned.stdout == here.stdout and here.stdout.count("\n") >= 10
    entries = list((tmp_path / ".speechlint_cache").rglob("*" + ENTRY_SUFFIX))
    assert len(entries) == 13


def test_text_and_statistics_are_the_same_from_workers(folder, tmp_path) -> None:
    json_out = ["--format", "json"]
    for extra in (
        [], ["--statistics"], ["--show-source"], ["--color", "always"], json_out,
        [*json_out, "--statistics"], ["--format", "sarif"],
    ):  # fmt: skip
        one = run("check", "--no-cache", "--jobs", "1", *extra, str(folder))
        two = run("check", "--no-cache", "--jobs", "2", *extra, str(folder))
        assert one.stdout == two.stdout and one.exit_code == two.exit_code == 1
        assert one.stdout.count("\n") >= 3
    # A baseline or writing one needs the findings themselves: workers must send them.
    base = tmp_path / "base.json"
    wrote = run("check", "--no-cache", "--jobs", "2", "--write-baseline", str(base), str(folder))
    assert len(json.loads(base.read_text("utf-8"))["files"]) == 9, wrote.output
    known = run("check", "--no-cache", "--jobs", "2", "--baseline", str(base), str(folder))
    assert known.exit_code == 0 and known.stdout == "共检查 13 个文件，未发现问题。\n"


def test_cache_hits_and_survives_corruption(folder, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    first = run("check", "--format", "json", str(folder)).stdout
    cache_files = list((tmp_path / ".speechlint_cache").rglob("*" + ENTRY_SUFFIX))
    assert len(cache_files) == 13
    assert run("check", "--format", "json", str(folder)).stdout == first
    for i, path in enumerate(cache_files):
        if i % 3 == 0:  # header intact, findings line damaged: caught by its checksum
            path.write_bytes(path.read_bytes()[:-5] + b"]]]]]")
        else:
            path.write_text("{not json" if i % 3 == 1 else json.dumps({"v": "0.0.0"}), "utf-8")
    again = run("check", "--format", "json", str(folder))
    assert again.exit_code == 1 and again.stdout == first and again.stderr == ""
    # a changed file is re-checked, not served stale
    (folder / "d01.txt").write_text(CLEAN, encoding="utf-8")
    changed = json.loads(run("check", "--format", "json", str(folder)).stdout)
    assert not any(f["path"].endswith("d01.txt") for f in changed)


def _digest_of(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def _forbid_reading(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    import builtins

    real_open, real_os_open = builtins.open, os.open

    def guarded(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.fspath(file) == str(path):
            raise AssertionError(f"{path} was read again")
        return real_open(file, *args, **kwargs)

    def guarded_os(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.fspath(file) == str(path):
            raise AssertionError(f"{path} was read again")
        return real_os_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded)
    monkeypatch.setattr(os, "open", guarded_os)


def test_the_stat_index_spares_reading_unchanged_drafts(tmp_path, monkeypatch) -> None:
    from speechlint.running import cache as cache_module

    monkeypatch.setattr(cache_module, "RACY_SECONDS", 0.0)
    draft = tmp_path / "a.txt"
    draft.write_text("同志们：回顾总结2023年工作。", encoding="utf-8")
    first = cache_module.Cache(tmp_path)
    digest = first.digest(draft)
    assert digest == _digest_of(draft)
    first.save_index()
    # The next run knows the draft by its stat and does not open it.
    with monkeypatch.context() as mp:
        _forbid_reading(mp, draft)
        assert cache_module.Cache(tmp_path).digest(draft) == digest
    # Same size, mtime put back: the change time and content still tell.
    stat = draft.stat()
    draft.write_text("同事们：回顾总结2024年工作。", encoding="utf-8")
    os.utime(draft, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert draft.stat().st_size == stat.st_size
    assert cache_module.Cache(tmp_path).digest(draft) == _digest_of(draft) != digest


_SEGMENTS = st.sampled_from(["a", "b", "草稿.txt", ".", "..", "", "x y"])


@given(
    absolute=st.booleans(),
    parts=st.lists(_SEGMENTS, min_size=1, max_size=6),
    slashes=st.lists(st.sampled_from(["/", "//"]), min_size=6, max_size=6),
)
def test_the_stat_index_names_a_draft_as_abspath_does(absolute, parts, slashes) -> None:
    # The index is keyed by absolute names: _absolute splits and joins by hand (and keeps a
    # folder's name from draft to draft), so it is compared here with os.path.abspath itself.
    from speechlint.running.cache import Cache

    name = ("/" if absolute else "") + "".join(map(str.__add__, parts, slashes))[:-1]
    name = name.rstrip("/") or name
    cache = Cache(Path("unused"))
    for _ in range(2):  # the second time from the remembered folder
        assert cache._absolute(name) == os.path.abspath(name)
        assert cache._absolute(Path(name)) == os.path.abspath(Path(name))


def test_an_entry_key_hashes_settings_name_and_digest() -> None:
    # Keys are what entries on disk are named by: a change in how they are computed needs a
    # new cache FORMAT. BLAKE2b of the three parts, NUL-separated, the name as UTF-8.
    from _blake2 import blake2b

    from speechlint.running.cache import Cache

    fp, digest = "f" * 64, "d" * 64
    for shown in ["drafts/讲话.txt", "a\udcff.txt", ""]:
        expected = blake2b(digest_size=32)
        for part in (fp.encode(), b"\0", shown.encode("utf-8", "surrogateescape"), b"\0"):
            expected.update(part)
        expected.update(digest.encode())
        assert Cache.key(digest, shown, fp) == expected.hexdigest()
    assert Cache.key(digest, "a", fp) != Cache.key(digest, "b", fp) != Cache.key(fp, "b", fp)


def test_a_build_is_named_by_its_record_or_by_its_files(tmp_path) -> None:
    # Cache keys name speechlint's build beyond its version, which a source tree or a git
    # install keeps from edit to edit: by the RECORD pip wrote beside an installed package,
    # else by the names, sizes and times of the package's files.
    from speechlint import __version__
    from speechlint.running.cache import folder_stamp, installed_record

    package = tmp_path / "site" / "speechlint"
    (package / "rules").mkdir(parents=True)
    (package / "__init__.py").write_text("x = 1\n")
    assert installed_record(str(package)) is None  # no RECORD beside it: a source tree
    record = tmp_path / "site" / f"speechlint-{__version__}.dist-info" / "RECORD"
    record.parent.mkdir()
    record.write_text("speechlint/__init__.py,sha256=AAA,6\n")
    first = installed_record(str(package))
    assert first is not None and installed_record(str(package)) == first
    record.write_text("speechlint/__init__.py,sha256=AAB,6\n")
    assert installed_record(str(package)) not in (None, first)
    record.write_text("__editable__.speechlint.pth,sha256=AAA,6\n")  # code lies elsewhere
    assert installed_record(str(package)) is None

    before = folder_stamp(str(package))
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"compiled")
    assert folder_stamp(str(package)) == before  # compiled caches do not count
    source = package / "__init__.py"
    stat = source.stat()
    source.write_text("x = 2\n")  # the same size: the time tells
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert folder_stamp(str(package)) == before  # (same name, size and time: the same stamp)
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    touched = folder_stamp(str(package))
    assert touched != before
    (package / "rules" / "data.json").write_text("{}")
    assert folder_stamp(str(package)) not in (before, touched)


def test_the_build_stamp_covers_every_layer_of_the_package(monkeypatch) -> None:
    # An edit to the parser (speechlint/document) must change the cache keys as surely as an
    # edit to the cache's own folder (speechlint/running) does.
    import speechlint
    from speechlint.running import cache

    assert cache.package_folder() == os.path.dirname(os.path.abspath(speechlint.__file__))
    stamped: list[str] = []
    monkeypatch.setattr(cache, "installed_record", lambda package: None)
    monkeypatch.setattr(cache, "folder_stamp", lambda folder: stamped.append(folder) or folder)
    cache._own_build.cache_clear()
    try:
        cache._own_build()
    finally:
        cache._own_build.cache_clear()
    assert cache.package_folder() in stamped


def test_a_draft_changed_just_now_is_hashed_again(tmp_path, monkeypatch) -> None:
    # Within RACY_SECONDS of a change a second change could keep the same times: such a
    # draft is not recorded, so the next run reads it again.
    from speechlint.running.cache import Cache

    draft = tmp_path / "a.txt"
    draft.write_text("同志们：", encoding="utf-8")
    first = Cache(tmp_path)
    first.digest(draft)
    first.save_index()
    with monkeypatch.context() as mp:
        _forbid_reading(mp, draft)
        with pytest.raises(AssertionError, match="read again"):
            Cache(tmp_path).digest(draft)
    # A recorded draft changed just now loses its record (and the summary on it) at once.
    from speechlint.running import cache as cache_module

    with monkeypatch.context() as mp:
        mp.setattr(cache_module, "RACY_SECONDS", 0.0)
        settled = Cache(tmp_path)
        name, _digest = settled.lookup(draft) or ("", "")
        settled.remember(name, "k" * 64, [])
        settled.save_index()
    assert Cache(tmp_path).has_summary(name, "k" * 64)
    draft.write_text("同事们：", encoding="utf-8")
    changed = Cache(tmp_path)
    assert changed.digest(draft) == _digest_of(draft)
    assert not changed.has_summary(name, "k" * 64)
    changed.save_index()
    assert Cache(tmp_path).lookup(draft) is not None
    assert not Cache(tmp_path).has_summary(name, "k" * 64)


def test_a_damaged_stat_index_is_ignored(tmp_path, monkeypatch) -> None:
    from speechlint.running import cache as cache_module

    monkeypatch.setattr(cache_module, "RACY_SECONDS", 0.0)
    draft = tmp_path / "a.txt"
    draft.write_text("同志们：", encoding="utf-8")
    cache = cache_module.Cache(tmp_path)
    cache.digest(draft)
    cache.save_index()
    index = tmp_path / ".speechlint_cache" / f"v{cache_module.FORMAT}" / cache_module.INDEX
    # The recorded digest changed, the header not: trusted, it would be answered unread.
    real = _digest_of(draft)
    forged = index.read_bytes().replace(real.encode(), b"0" * 64)
    assert b"0" * 64 in forged
    for damage in (
        forged,
        "{not json",
        '{"counts": [], "files": {"' + str(draft) + '": [1, 2, 3, 4, 5]}}',
        '{"' + str(draft) + '": [1, 2, 3, 4, "x"]}',  # the layout before summaries
        '{"counts": 3, "files": {}}',
        "[]",
    ):
        index.write_bytes(damage if isinstance(damage, bytes) else damage.encode())
        assert cache_module.Cache(tmp_path).digest(draft) == _digest_of(draft)
    # A right checksum over a table of count rows that is not one: ignored whole.
    stat = draft.stat()
    record = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, "0" * 64]
    bad_tables = [[["PH001", "placeholder-year", 3, False, "2"]], [["PH001", 3]], [[1, 2, 3, 4, 5]]]
    for table in bad_tables:
        _write_index(index, {"counts": table, "files": {str(draft): record}})
        assert cache_module.Cache(tmp_path).digest(draft) == _digest_of(draft)
    # ... where the same index with a good table is trusted (the forged digest answered).
    good = {"counts": [["PH001", "a", 3, False, 2]], "files": {str(draft): record}}
    _write_index(index, good)
    assert cache_module.Cache(tmp_path).digest(draft) == "0" * 64
    # The same index with a length that is not its body's: ignored whole.
    body = json.dumps(good).encode()
    _write_signed(index, {"n": len(body) + 1}, body)
    assert cache_module.Cache(tmp_path).digest(draft) == _digest_of(draft)
    # A body that is not JSON, or holds another shape, under a right MAC: ignored.
    bad_bodies = [b"{not json", json.dumps([good]).encode(), b"[1, 2]", b"", b"\xff\xfe"]
    bad_records = [[1, 2, 3, "4", "0" * 64], [1, 2, 3, 4, "0" * 64, 5, []], [1, 2, 3, 4, 5]]
    for record_ in bad_records:
        bad_bodies.append(json.dumps({"counts": [], "files": {str(draft): record_}}).encode())
    for body in bad_bodies:
        _write_signed(index, {"n": len(body)}, body)
        assert cache_module.Cache(tmp_path).digest(draft) == _digest_of(draft)
    # The good index signed with another key (another user's, or a cloned folder's): ignored.
    body = json.dumps(good).encode()
    line = json.dumps({"n": len(body)}).encode() + b"\n"
    index.write_bytes(mac(b"k" * 32, line, body).encode() + b" " + line + body)
    assert cache_module.Cache(tmp_path).digest(draft) == _digest_of(draft)


def test_the_stat_index_forgets_other_drafts_only_past_a_bound(tmp_path, monkeypatch) -> None:
    from speechlint.running import cache as cache_module

    monkeypatch.setattr(cache_module, "RACY_SECONDS", 0.0)
    monkeypatch.setattr(cache_module, "INDEX_KEEP", 3)
    drafts = []
    for i in range(4):
        drafts.append(tmp_path / f"{i}.txt")
        drafts[-1].write_text(f"同志们：{i}", encoding="utf-8")
    index = tmp_path / ".speechlint_cache" / f"v{cache_module.FORMAT}" / cache_module.INDEX

    def remember(paths):  # type: ignore[no-untyped-def]
        cache = cache_module.Cache(tmp_path)
        for path in paths:
            cache.digest(path)
        cache.save_index()
        files = _index_body(index)["files"]
        return sorted(Path(p).name for p in files)

    assert remember(drafts[:2]) == ["0.txt", "1.txt"]
    assert remember(drafts[2:3]) == ["0.txt", "1.txt", "2.txt"]  # others kept: within bound
    assert remember(drafts[3:]) == ["3.txt"]  # past the bound: only this run's


def test_a_warm_run_through_the_stat_index_reports_the_same(folder, tmp_path, monkeypatch) -> None:
    from speechlint.running import cache as cache_module

    monkeypatch.setattr(cache_module, "RACY_SECONDS", 0.0)
    monkeypatch.chdir(tmp_path)
    cold = run("check", "--format", "json", str(folder)).stdout
    index = tmp_path / ".speechlint_cache" / f"v{cache_module.FORMAT}" / cache_module.INDEX
    recorded = _index_body(index)["files"]
    assert sorted(Path(p).name for p in recorded) == sorted(p.name for p in folder.glob("*.txt"))
    assert run("check", "--format", "json", str(folder)).stdout == cold
    # An edit is seen although the index knew the draft.
    (folder / "d01.txt").write_text(CLEAN, encoding="utf-8")
    changed = json.loads(run("check", "--format", "json", str(folder)).stdout)
    assert not any(f["path"].endswith("d01.txt") for f in changed)


def _index_body(index: Path) -> dict:
    """The stat index's body (after its header line), checked against the header and MAC."""
    signature, signed = index.read_bytes().split(b" ", 1)
    assert signature.decode() == mac(user_key(), signed)
    head, body = signed.split(b"\n", 1)
    fields = json.loads(head)
    assert type(fields.pop("tidied")) is int  # when cache upkeep last ran (test_cache_upkeep)
    assert fields == {"n": len(body)}
    return json.loads(body)  # type: ignore[no-any-return]


def _entry_header(data: bytes) -> dict:
    """The header of a cache entry ("<MAC> <JSON>" on its first line), its MAC checked."""
    signature, head = data.split(b"\n", 1)[0].split(b" ", 1)
    assert signature.decode() == mac(user_key(), head + b"\n")
    return json.loads(head)


def _write_signed(path: Path, head: dict, body: bytes) -> None:
    """A cache file as this user's speechlint signs it: "<MAC> <header>\n<body>"."""
    line = json.dumps(head).encode() + b"\n"
    path.write_bytes(mac(user_key(), line, body).encode() + b" " + line + body)


def _write_index(index: Path, data: dict) -> None:
    body = json.dumps(data).encode()
    _write_signed(index, {"n": len(body)}, body)


def _forbid_opening_entries(monkeypatch: pytest.MonkeyPatch, cache_dir: Path) -> list[str]:
    """Make opening any cache entry (not the stat index) fail the test; returns the list of
    entries opened anyway (by os.open, which reads an entry's header)."""
    import builtins

    from speechlint.running.cache import INDEX

    real_open, real_os_open = builtins.open, os.open
    opened: list[str] = []

    def is_entry(file: object) -> bool:
        name = os.fspath(file) if isinstance(file, (str, os.PathLike)) else ""
        return name.startswith(str(cache_dir)) and not name.endswith((INDEX, ".tmp"))

    def guarded(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if is_entry(file):
            opened.append(os.fspath(file))
        return real_open(file, *args, **kwargs)

    def guarded_os(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if is_entry(file):
            opened.append(os.fspath(file))
        return real_os_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded)
    monkeypatch.setattr(os, "open", guarded_os)
    return opened


def test_a_counts_only_warm_run_opens_no_entry(folder, tmp_path, monkeypatch) -> None:
    # The stat index remembers each draft's entry key and counts: --statistics over an
    # unchanged folder reads that one file, not an entry per draft, and reports the same.
    from speechlint.running import cache as cache_module

    monkeypatch.setattr(cache_module, "RACY_SECONDS", 0.0)
    monkeypatch.chdir(tmp_path)
    cold = run("check", "--no-cache", "--statistics", str(folder))
    run("check", "--statistics", str(folder))  # fills the cache and the summaries
    cache_dir = tmp_path / ".speechlint_cache"
    index = cache_dir / f"v{cache_module.FORMAT}" / cache_module.INDEX
    recorded = _index_body(index)
    assert all(len(r) == 7 for r in recorded["files"].values())
    with monkeypatch.context() as mp:
        opened = _forbid_opening_entries(mp, cache_dir)
        warm = run("check", "--statistics", str(folder))
    assert opened == []
    assert (warm.stdout, warm.exit_code) == (cold.stdout, cold.exit_code) and "PH001" in warm.stdout
    # A run that prints findings still reads them from the entries, and reports the same.
    with monkeypatch.context() as mp:
        opened = _forbid_opening_entries(mp, cache_dir)
        text = run("check", str(folder))
    assert len(opened) == 13
    assert text.stdout == run("check", "--no-cache", str(folder)).stdout


def test_summaries_follow_the_settings_and_the_drafts(folder, tmp_path, monkeypatch) -> None:
    from speechlint.running import cache as cache_module

    monkeypatch.setattr(cache_module, "RACY_SECONDS", 0.0)
    monkeypatch.chdir(tmp_path)
    run("check", "--statistics", str(folder))
    # Other settings: other keys, so the summaries are not used (and are relearned).
    narrow = run("check", "--statistics", "--select", "PH", str(folder))
    assert narrow.stdout == run("check", "--no-cache", "--statistics", "--select", "PH",
                                str(folder)).stdout  # fmt: skip
    assert "PU" not in narrow.stdout
    # An edited draft: its new content is counted, not the remembered counts.
    (folder / "d01.txt").write_text(CLEAN, encoding="utf-8")
    changed = run("check", "--statistics", str(folder))
    assert changed.stdout == run("check", "--no-cache", "--statistics", str(folder)).stdout
    # Every entry removed: the counts stand (they were the entries' own), and a run that
    # needs the findings checks the drafts again.
    for entry in (tmp_path / ".speechlint_cache").rglob("*" + ENTRY_SUFFIX):
        entry.unlink()
    expected = run("check", "--no-cache", "--statistics", str(folder)).stdout
    assert run("check", "--statistics", str(folder)).stdout == expected
    assert run("check", str(folder)).stdout == run("check", "--no-cache", str(folder)).stdout


def test_a_damaged_summary_nobody_read_is_dropped_as_the_index_is_saved(tmp_path, monkeypatch):
    # save_index renumbers the kept drafts' count rows: one whose row ids are damaged (a run
    # that never asked for its summary) is forgotten, not a crash at the end of the run.
    from speechlint.checking.diagnostics import Severity
    from speechlint.running import cache as cache_module

    monkeypatch.setattr(cache_module, "RACY_SECONDS", 0.0)
    drafts = [tmp_path / f"{i}.txt" for i in range(3)]
    for d in drafts:
        d.write_text(f"同志们：{d.name}", encoding="utf-8")
    cache = cache_module.Cache(tmp_path)
    rows = [("PH001", "placeholder-year", Severity.ERROR, False, 2)]
    for d in drafts:
        name, _digest = cache.lookup(d)
        cache.remember(name, "k" + d.name, rows)
    cache.save_index()
    index = tmp_path / ".speechlint_cache" / f"v{cache_module.FORMAT}" / cache_module.INDEX
    data = _index_body(index)
    assert data["counts"] == [["PH001", "placeholder-year", int(Severity.ERROR), False, 2]]
    names = sorted(data["files"])
    data["files"][names[0]][6] = [5]
    data["files"][names[1]][6] = ["x"]
    _write_index(index, data)
    cache = cache_module.Cache(tmp_path)
    name, _digest = cache.lookup(drafts[2])
    more = ("WD001", "misused-word", Severity.WARNING, True, 1)
    cache.remember(name, "another key", [*rows, more])
    cache.save_index()
    saved = _index_body(index)
    assert [len(saved["files"][n]) for n in names] == [5, 5, 7]
    assert saved["counts"] == [
        ["PH001", "placeholder-year", int(Severity.ERROR), False, 2],
        ["WD001", "misused-word", int(Severity.WARNING), True, 1],
    ]
    assert cache_module.Cache(tmp_path).summary(name, "another key") == [*rows, more]


def test_an_unreadable_summary_falls_back_to_the_entry(folder, tmp_path, monkeypatch) -> None:
    from speechlint.running import cache as cache_module

    monkeypatch.setattr(cache_module, "RACY_SECONDS", 0.0)
    monkeypatch.chdir(tmp_path)
    expected = run("check", "--no-cache", "--statistics", str(folder)).stdout
    run("check", "--statistics", str(folder))
    index = tmp_path / ".speechlint_cache" / f"v{cache_module.FORMAT}" / cache_module.INDEX
    data = _index_body(index)
    damage = [[999], [0, 999], ["0"], "0 1", {"0": 1}, [[0]]]
    names = sorted(data["files"])
    for name, bad in zip(names, damage, strict=False):
        data["files"][name][6] = bad
    _write_index(index, data)  # with a right checksum: damage only a bug could make
    assert run("check", "--statistics", str(folder)).stdout == expected
    # ... and the damaged summaries are written anew from the entries.
    repaired = _index_body(index)["files"]
    assert all(repaired[n][6] not in damage for n in names)


def test_a_warm_run_imports_no_yaml_parser_fixer_or_openssl(folder, tmp_path) -> None:
    # PyYAML is ~10% of a warm run's time; only a YAML config (or an edited data file) needs it.
    # The parser, likewise, only a run that checks a draft (the warm run's second line). And
    # hashlib, which loads OpenSSL (~3.5 ms): entry keys are BLAKE2b from Python's own _blake2,
    # and only a draft read and hashed (SHA-256) imports it (the first line).
    code = f"""
import sys
from speechlint.running import cache
from speechlint.cli import main
cache.RACY_SECONDS = 0.0  # the drafts were just written: let the stat index vouch for them
sys.argv = ["speechlint", "check", "-q", "--statistics", "--jobs", "1", {str(folder)!r}]
try:
    main()
except SystemExit:
    pass
print("speechlint.checking.fixer" in sys.modules)
print("_hashlib" in sys.modules)
print("speechlint.document.parser" in sys.modules)
print("yaml" in sys.modules)
"""
    cold = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True
    )
    warm = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True
    )
    # Neither needs it: rule data is read from its JSON form (test_wording), the warm run
    # loads none.
    assert cold.stdout.splitlines()[-1] == warm.stdout.splitlines()[-1] == "False"
    assert cold.stdout.splitlines()[-2] == "True" and warm.stdout.splitlines()[-2] == "False"
    assert cold.stdout.splitlines()[-3] == "True" and warm.stdout.splitlines()[-3] == "False"
    # Nor does a run without --fix or --diff import the fixer (~0.6% of a warm run).
    assert cold.stdout.splitlines()[-4] == warm.stdout.splitlines()[-4] == "False"
    assert warm.stdout.splitlines()[:-4] == cold.stdout.splitlines()[:-4]
    assert any("PH001" in line for line in warm.stdout.splitlines())


def test_warm_statistics_and_summary_match_the_cold_run(folder, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    cold = run("check", "--no-cache", "--statistics", str(folder))
    run("check", str(folder))  # fills the cache
    warm = run("check", "--statistics", str(folder))
    assert warm.stdout == cold.stdout and warm.stderr == cold.stderr
    assert warm.exit_code == cold.exit_code == 1
    assert "PH001" in warm.stdout


def test_cached_counts_agree_with_the_cached_findings(folder, tmp_path) -> None:
    from speechlint.checking.config import Config
    from speechlint.checking.engine import Engine
    from speechlint.running.cache import Cache
    from speechlint.testing import _plugin_manager

    engine = Engine(_plugin_manager())
    cache = Cache(tmp_path)
    for i, path in enumerate(sorted(folder.glob("*.txt"))):
        fresh = engine.check_file(path, Config())
        cache.put(f"{i:064x}", fresh)
        stored = cache.get(f"{i:064x}")
        assert stored is not None
        counted = sorted(stored.counts())  # from the entry's own counts, nothing unpacked
        assert counted == sorted(fresh.counts())
        assert stored.findings == fresh.findings
        assert sorted(stored.counts()) == counted  # and again from the unpacked findings


def test_a_finding_json_cannot_hold_is_not_cached(tmp_path) -> None:
    # Rows go to JSON lines (the severity as its number, edits and related places as arrays,
    # tuples again when read); a plugin's finding holding something else leaves the draft
    # uncached instead of failing the run.
    from speechlint.checking.report import FileResult, LocatedEdit
    from speechlint.running.cache import Cache

    cache = Cache(tmp_path)
    edits = (LocatedEdit(1, 2, 1, 3, "，"),)
    good = (1, 1, 1, 3, "ZZ001", "z", "wording", Severity.WARNING, "m", None, edits, "line", "",
            0, 2, ((2, 1, 2, 3, "又见"),), 0)  # fmt: skip
    cache.put("a" * 64, FileResult("d.txt", rows=[good]))
    stored = cache.get("a" * 64)
    assert stored is not None and [tuple(r) for r in stored.rows()] == [good]
    assert stored.rows()[0][7] is Severity.WARNING
    odd = (*good[:15], ((0, 2, object()),), *good[16:])
    cache.put("b" * 64, FileResult("d.txt", rows=[odd]))
    assert cache.get("b" * 64) is None
    # An entry another version wrote is a miss, not a misread.
    entry = next((tmp_path / ".speechlint_cache").rglob("a" * 64 + ENTRY_SUFFIX))
    fields = _entry_header(entry.read_bytes())
    body = entry.read_bytes().split(b"\n", 1)[1]
    fields["v"] += "+other"
    line = json.dumps(fields).encode() + b"\n"
    entry.write_bytes(mac(user_key(), line).encode() + b" " + line + body)
    assert Cache(tmp_path).get("a" * 64) is None


def test_a_counts_only_cache_checks_the_findings_when_they_are_loaded(folder, tmp_path) -> None:
    from speechlint.checking.config import Config
    from speechlint.checking.engine import Engine
    from speechlint.running.cache import Cache
    from speechlint.testing import _plugin_manager

    engine = Engine(_plugin_manager())
    path = folder / "d01.txt"
    fresh = engine.check_file(path, Config())
    assert fresh.findings
    Cache(tmp_path).put("a" * 64, fresh)
    entry = next((tmp_path / ".speechlint_cache").rglob("a" * 64 + ENTRY_SUFFIX))
    counts_only = Cache(tmp_path, findings_needed=False)
    stored = counts_only.get("a" * 64, lambda: engine.check_file(path, Config()))
    assert stored is not None and sorted(stored.counts()) == sorted(fresh.counts())
    assert stored.findings == fresh.findings  # loaded from disk on demand
    # Same length, findings damaged: the counts still come from the header, and loading the
    # findings finds the damage and checks the draft again instead of trusting them.
    data = entry.read_bytes()
    entry.write_bytes(data[:-5] + b"]]]]]")
    rechecked: list[str] = []

    def recheck():  # type: ignore[no-untyped-def]
        rechecked.append("yes")
        return engine.check_file(path, Config())

    stored = counts_only.get("a" * 64, recheck)
    assert stored is not None and sorted(stored.counts()) == sorted(fresh.counts())
    assert stored.findings == fresh.findings and rechecked == ["yes"]
    # Cut short or grown: a miss, found from the header alone.
    for changed in (data[:-1], data + b" "):
        entry.write_bytes(changed)
        assert counts_only.get("a" * 64, recheck) is None
    assert Cache(tmp_path).get("a" * 64) is None
    # A header longer than the first read (a long path) is read to its end.
    long = engine.check_bytes("长" * 3000 + ".txt", path.read_bytes(), Config())
    Cache(tmp_path).put("b" * 64, long)
    stored = counts_only.get("b" * 64, recheck)
    assert stored is not None and stored.path == long.path
    assert sorted(stored.counts()) == sorted(long.counts())


def test_a_result_sent_from_a_worker_counts_without_unpacking(folder, monkeypatch) -> None:
    import pickle

    from speechlint.checking.config import Config
    from speechlint.checking.engine import Engine
    from speechlint.testing import _plugin_manager

    engine = Engine(_plugin_manager())
    path = folder / "d01.txt"
    fresh = engine.check_file(path, Config())
    assert fresh.findings  # the fixture draft has findings
    wire = pickle.dumps(engine.check_file(path, Config()))
    loads = []
    real = pickle.loads
    monkeypatch.setattr(pickle, "loads", lambda b: loads.append(1) or real(b))
    received = real(wire)
    assert sorted(received.counts()) == sorted(fresh.counts())
    assert loads == []  # the rows blob is still packed
    assert received.findings == fresh.findings
    assert loads == [1]


def test_baseline_reports_only_new_findings(folder, tmp_path) -> None:
    base = tmp_path / "speechlint-baseline.json"
    result = run("check", "--write-baseline", str(base), str(folder))
    # Recording a baseline prints its one line, no findings, and succeeds.
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "写入基线" in result.stderr
    assert run("check", "--baseline", str(base), str(folder)).exit_code == 0
    # edits elsewhere (a new paragraph on top) keep old findings matched
    path = folder / "d01.txt"
    path.write_text(DRAFT.replace("同志们：\n", "同志们：\n今天召开会议。\n"), encoding="utf-8")
    assert run("check", "--baseline", str(base), str(folder)).exit_code == 0
    # a new defect is reported
    text = path.read_text("utf-8").replace(
        "二、突出重点\n正文。", "二、突出重点\n正文。市委副书记×××出席。"
    )
    path.write_text(text, encoding="utf-8")
    out = json.loads(run("check", "--format", "json", "--baseline", str(base), str(folder)).stdout)
    assert [f["code"] for f in out] == ["PH002"]
    # fixed findings drop out when the baseline is written again
    for p in folder.glob("*.txt"):
        p.write_text(CLEAN, encoding="utf-8")
    run("check", "--write-baseline", str(base), str(folder))
    assert json.loads(base.read_text("utf-8"))["files"] == {}


def test_bad_baseline_file(tmp_path, folder) -> None:
    bad = tmp_path / "b.json"
    bad.write_text("[]", encoding="utf-8")
    result = run("check", "--baseline", str(bad), str(folder))
    assert result.exit_code == 2 and "not a speechlint baseline" in result.stderr


def test_output_file_for_sarif(folder, tmp_path) -> None:
    out = tmp_path / "report.sarif"
    result = run("check", "--format", "sarif", "--output-file", str(out), str(folder))
    assert result.stdout == "" and "共检查 13 个文件" in result.stderr
    assert json.loads(out.read_text("utf-8"))["version"] == "2.1.0"
    assert os.path.getsize(out) > 1000


def test_progress_bar_only_on_a_terminal(tmp_path) -> None:
    """Run the CLI in a real pseudo-terminal: the bar appears there and nowhere else."""
    import pty
    import subprocess
    import sys

    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(60):
        (folder / f"d{i:02d}.txt").write_text(CLEAN, encoding="utf-8")
    code = (
        "import sys; from speechlint.cli import main; "
        f"sys.argv = ['speechlint', 'check', '--no-cache', '-q', {str(folder)!r}]; main()"
    )
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdin=slave, stdout=slave, stderr=slave, close_fds=True
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(master)
    assert "检查中" in b"".join(chunks).decode("utf-8", "replace")
    piped = run("check", "--no-cache", str(folder))
    assert "检查中" not in piped.stderr + piped.stdout


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(max_size=12),
    numbers=st.lists(st.integers(min_value=0, max_value=10**6), min_size=8, max_size=8),
    fix=st.none() | st.sampled_from(["safe", "unsafe", "display"]),
    edits=st.lists(st.tuples(st.text(max_size=6)), max_size=3),
    label=st.sampled_from(["", "¶"]),
    severity=st.sampled_from(list(Severity)),
)
def test_json_items_are_json_dumps_with_an_indent(text, numbers, fix, edits, label, severity):
    # The JSON report builds each item directly (json's indented encoder runs in Python and
    # was the run's bottleneck); it must be byte for byte what json.dumps(indent=2) writes,
    # whatever the strings hold (quotes, backslashes, control characters, lone surrogates).
    from speechlint.checking.report import Finding, LocatedEdit
    from speechlint.output.formatters.jsonfmt import finding_json

    located = tuple(LocatedEdit(*numbers[4:8], r + text) for (r,) in edits)
    finding = Finding(
        'd"\\' + text, *numbers[:4], "ZZ" + text, text, "wording", severity, text + "\n\x00",
        fix, located if fix else (), line_label=label,
    )  # fmt: skip
    expected = json.dumps(finding.to_json(), ensure_ascii=False, indent=2)
    assert finding_json(finding) == expected


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_entries_hold_findings_only_as_json_lines(folder, tmp_path, monkeypatch, jobs) -> None:
    # An entry is a signed header line and one JSON array a finding: no report text, and
    # nothing but JSON. Every report made from the entries equals the uncached one.
    monkeypatch.chdir(tmp_path)
    text = run("check", "--no-cache", "--jobs", "1", str(folder)).stdout
    as_json = run("check", "--no-cache", "--jobs", "1", "--format", "json", str(folder)).stdout
    assert run("check", "--jobs", jobs, str(folder)).stdout == text
    entries = list((tmp_path / ".speechlint_cache").rglob("*" + ENTRY_SUFFIX))
    assert len(entries) == 13
    findings = 0
    for entry in entries:
        head = _entry_header(entry.read_bytes())
        assert "r" not in head and set(head) == {"v", "fm", "n", "k", "path", "counts"}
        body = entry.read_bytes().split(b"\n", 1)[1]
        assert len(body) == head["n"]
        for line in body.decode("utf-8").splitlines():
            row = json.loads(line)
            assert isinstance(row, list) and len(row) == 17 and isinstance(row[4], str)
            findings += 1
    assert findings == len(json.loads(as_json))
    assert run("check", "--jobs", jobs, str(folder)).stdout == text
    assert run("check", "--jobs", jobs, "--format", "json", str(folder)).stdout == as_json


def test_damaged_findings_are_rechecked_never_trusted(folder, tmp_path, monkeypatch) -> None:
    from speechlint.running import cache as cache_module

    monkeypatch.chdir(tmp_path)
    text = run("check", "--no-cache", str(folder / "d01.txt")).stdout
    assert run("check", str(folder / "d01.txt")).stdout == text
    (entry,) = (tmp_path / ".speechlint_cache").rglob("*" + ENTRY_SUFFIX)
    good = entry.read_bytes()
    head = _entry_header(good)
    entry.write_bytes(good[:-3] + b"xyz")  # the findings damaged: a miss, checked again
    assert run("check", str(folder / "d01.txt")).stdout == text
    assert entry.read_bytes() == good  # and written anew

    # Read for counts only, a damaged entry gives its header's counts, and whoever then reads
    # the findings gets them by a fresh check.
    start = len(good.split(b"\n", 1)[0]) + 1
    entry.write_bytes(good[:start] + b"\x00" * 8 + good[start + 8 :])
    cache = cache_module.Cache(tmp_path, findings_needed=False)
    rechecked = []
    fresh = cache_module.FileResult("d01.txt", rows=[("row",)])
    result = cache.get(head["k"], lambda: rechecked.append(1) or fresh)
    assert result is not None and rechecked == []
    assert result.rows() == [("row",)] and rechecked == [1]
    # Read for the findings, the same entry is a miss at once.
    other = cache_module.Cache(tmp_path)
    assert other.get(head["k"]) is None and other.misses == 1


def test_rows_of_the_wrong_types_are_never_written_nor_read(tmp_path) -> None:
    # put checks every field's type before writing, so an entry under this user's MAC holds
    # only rows of a Row's types; reading checks their shape.
    from speechlint.checking.report import FileResult
    from speechlint.running import cache as cache_module

    good = [1, 1, 1, 3, "PH001", "p", "placeholder", 3, "m", None, [], "", "", 0, 2, [], 0]
    assert cache_module._decode_rows(json.dumps(good).encode() + b"\n")
    cache = cache_module.Cache(tmp_path)
    written = (*good[:7], Severity.ERROR, *good[8:10], (), *good[11:15], (), good[16])
    cache.put("a" * 64, FileResult("d.txt", rows=[written]))
    assert cache.get("a" * 64) is not None
    for i, bad in enumerate((
        (*written[:4], 5, *written[5:]),  # a code that is a number
        (*written[:10], ((1, 2, 3),), *written[11:]),  # an edit that is not one
        (*written[:10], ((1, 2, 3, 4, 5),), *written[11:]),  # a replacement that is not text
        (*written[:15], ((1.5, 2, "x"),), written[16]),  # a related place with a float
    )):  # fmt: skip
        key = f"{i}" * 64
        cache.put(key, FileResult("d.txt", rows=[bad]))
        assert cache.get(key) is None
    for bad_row in (good[:16], [*good[:7], 99, *good[8:]], {"a": 1}, 5):
        with pytest.raises((ValueError, KeyError, TypeError)):
            cache_module._decode_rows(json.dumps(bad_row).encode() + b"\n")
    with pytest.raises(ValueError):
        cache_module._decode_rows(json.dumps(good).encode())  # no final newline: cut short
