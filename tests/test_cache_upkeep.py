"""The results cache is kept from growing without bound, and `speechlint clean` removes it."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from speechlint.running import cache as cache_module
from speechlint.running import cache_upkeep
from speechlint.safety.user_key import mac, user_key
from tests.conftest import run

DRAFT = "在全县工会工作会议上的讲话\n同志们：\n回顾总结20xx年工作。\n谢谢大家!\n"
DAY = 86400
ENTRY = cache_module.ENTRY_SUFFIX


@pytest.fixture
def cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of drafts checked once from tmp_path: returns the cache's format folder."""
    monkeypatch.setattr(cache_module, "RACY_SECONDS", 0.0)
    monkeypatch.chdir(tmp_path)
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    for i in range(4):
        (drafts / f"d{i}.txt").write_text(DRAFT.replace("20xx", f"20{i}x"), encoding="utf-8")
    assert run("check", str(drafts)).exit_code == 1
    return tmp_path / cache_module.CACHE_DIR / f"v{cache_module.FORMAT}"


def _index(format_dir: Path) -> tuple[dict, bytes]:
    signature, signed = (format_dir / cache_module.INDEX).read_bytes().split(b" ", 1)
    assert signature.decode() == mac(user_key(), signed)
    head, body = signed.split(b"\n", 1)
    return json.loads(head), body


def _set_tidied(format_dir: Path, when: object) -> None:
    """Rewrite the stat index's header as if upkeep last ran at ``when`` (signed anew with
    this user's key, as speechlint writes it)."""
    head, body = _index(format_dir)
    head["tidied"] = when
    line = json.dumps(head).encode() + b"\n"
    signed = mac(user_key(), line, body).encode() + b" " + line + body
    (format_dir / cache_module.INDEX).write_bytes(signed)


def _entries(format_dir: Path) -> set[str]:
    return {p.stem for p in format_dir.glob("*" + ENTRY)}


def _age(path: Path, days: float) -> Path:
    when = time.time() - days * DAY
    os.utime(path, (when, when))
    return path


def _file(path: Path, days: float, data: bytes = b"{}\n[]") -> Path:
    """Write path, last modified ``days`` ago."""
    path.write_bytes(data)
    return _age(path, days)


def _live(format_dir: Path) -> set[str]:
    _head, body = _index(format_dir)
    return {record[5] for record in json.loads(body)["files"].values() if len(record) == 7}


def test_a_run_that_changes_the_index_removes_what_no_draft_needs(cached: Path) -> None:
    live = _live(cached)
    assert len(live) == 4 and _entries(cached) == live
    drafts = cached.parent.parent / "drafts"
    # Last month's edits: entries the index no longer names, written long ago.
    stale = _file(cached / ("ab" + "0" * 62 + ENTRY), 31)
    recent = _file(cached / ("ab" + "1" * 62 + ENTRY), 7)  # another selection's, last week
    for key in live:  # the drafts' own entries are old too, but named by the index
        _age(cached / f"{key}{ENTRY}", 90)
    # Runs killed hours and days ago, and one writing now.
    killed = _file(cached / f"{next(iter(live))}{ENTRY}.123-4.tmp", 0.1, b"partial")
    writing = _file(cached / f"ab{ENTRY}.123-5.tmp", 0, b"partial")
    index_tmp = _file(cached / "stat-index.123-6.tmp", 2, b"partial")
    older = cached.parent / f"v{cache_module.FORMAT - 1}"  # an older speechlint's cache
    (older / "ab").mkdir(parents=True)  # it had subfolders: removed whole
    (older / "ab" / "x.json").write_text("{}", encoding="utf-8")
    newer = cached.parent / f"v{cache_module.FORMAT + 1}"  # a newer one's: not ours to judge
    newer.mkdir()
    other = cached.parent / "notes"
    other.mkdir()
    _set_tidied(cached, int(time.time()) - 2 * DAY)

    (drafts / "d0.txt").write_text(DRAFT.replace("20xx", "2024"), encoding="utf-8")
    assert run("check", str(drafts)).exit_code == 1

    now_live = _live(cached)
    assert len(now_live) == 4 and len(now_live - live) == 1
    # d0's previous entry, written long ago and named no more, is gone with the stale one.
    assert _entries(cached) == now_live | {recent.stem}
    assert not stale.exists() and not killed.exists() and not index_tmp.exists()
    assert writing.exists()
    assert not older.exists() and newer.is_dir() and other.is_dir()
    head, _body = _index(cached)
    assert time.time() - 60 < head["tidied"] <= time.time()


def test_upkeep_runs_at_most_once_a_day(cached: Path) -> None:
    drafts = cached.parent.parent / "drafts"
    first = _index(cached)[0]["tidied"]
    stale = _file(cached / ("ab" + "0" * 62 + ENTRY), 40)

    (drafts / "d1.txt").write_text(DRAFT, encoding="utf-8")  # the index changes
    run("check", str(drafts))
    assert stale.exists() and _index(cached)[0]["tidied"] == first  # tidied today already

    _set_tidied(cached, int(time.time()) + 30 * DAY)  # a clock that was wrong, or set back
    (drafts / "d2.txt").write_text(DRAFT, encoding="utf-8")
    run("check", str(drafts))
    assert not stale.exists()


def test_a_warm_run_over_an_unchanged_folder_does_not_list_the_cache(cached: Path) -> None:
    # It writes nothing, so it has no upkeep to do: the cheap path stays cheap.
    older = cached.parent / f"v{cache_module.FORMAT - 1}"
    older.mkdir()
    _set_tidied(cached, 0)
    before = (cached / cache_module.INDEX).read_bytes()
    assert run("check", str(cached.parent.parent / "drafts")).exit_code == 1
    assert older.is_dir() and (cached / cache_module.INDEX).read_bytes() == before


@pytest.mark.parametrize(
    ("last", "due"),
    [
        (None, True),
        ("yesterday", True),
        (True, True),
        (1_000_000 - cache_upkeep.TIDY_EVERY - 1, True),
        (1_000_000 - cache_upkeep.TIDY_EVERY + 1, False),
        (1_000_000, False),
        (1_000_000.5, True),  # later than now: a clock set back
    ],
)
def test_upkeep_is_due_after_a_day_or_when_the_record_is_unusable(last, due) -> None:
    assert cache_upkeep.is_due(last, 1_000_000) is due


def test_upkeep_leaves_links_alone(tmp_path: Path) -> None:
    # A link in the cache (a user's doing) is neither followed nor removed.
    outside = tmp_path / "outside"
    outside.mkdir()
    kept = _file(outside / f"old{ENTRY}", 90)
    current = tmp_path / "cache" / "v9"
    current.mkdir(parents=True)
    (tmp_path / "cache" / "v3").symlink_to(outside)
    (current / f"old{ENTRY}").symlink_to(kept)
    (current / f"old{ENTRY}.1-1.tmp").symlink_to(kept)
    done = cache_upkeep.tidy(str(current), 9, set(), time.time())
    assert kept.exists() and (tmp_path / "cache" / "v3").is_symlink()
    assert (current / f"old{ENTRY}").is_symlink() and (current / f"old{ENTRY}.1-1.tmp").is_symlink()
    assert (done.formats, done.entries, done.temporary) == (0, 0, 0)


def test_the_cache_folder_is_tagged_for_backup_tools_and_git(cached: Path) -> None:
    top = cached.parent
    tag = (top / "CACHEDIR.TAG").read_text("ascii")
    assert tag.startswith("Signature: 8a477f597d28d172789f06886806bc55\n")
    assert (top / ".gitignore").read_text("utf-8").splitlines()[-1] == "*"
    # A cache made before the tag was written (it has its .gitignore) gets it as it is written.
    (top / "CACHEDIR.TAG").unlink()
    drafts = top.parent / "drafts"
    (drafts / "d3.txt").write_text(DRAFT.replace("20xx", "2025"), encoding="utf-8")
    run("check", str(drafts))
    assert (top / "CACHEDIR.TAG").read_text("ascii") == tag


def test_clean_removes_the_cache_and_says_how_much(cached: Path) -> None:
    size = sum(p.stat().st_size for p in cached.parent.rglob("*") if p.is_file())
    result = run("clean")
    assert result.exit_code == 0
    assert result.stdout == f"removed .speechlint_cache/ ({size / 1e3:.0f} KB)\n"
    assert not cached.parent.exists()
    again = run("clean")
    assert again.exit_code == 0 and "nothing to remove" in again.stdout


@pytest.mark.parametrize("kind", ["link", "file"])
def test_clean_leaves_what_is_not_a_cache_folder(tmp_path, monkeypatch, kind) -> None:
    monkeypatch.chdir(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("x", encoding="utf-8")
    if kind == "link":
        (tmp_path / ".speechlint_cache").symlink_to(elsewhere)
    else:
        (tmp_path / ".speechlint_cache").write_text("notes", encoding="utf-8")
    result = run("clean")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "not a cache folder" in result.stderr
    assert (elsewhere / "keep.txt").exists() and os.path.lexists(tmp_path / ".speechlint_cache")


def test_entries_lie_in_one_folder_and_no_temporary_file_is_left(cached: Path) -> None:
    names = sorted(p.name for p in cached.iterdir())
    assert cache_module.INDEX in names and len(names) == 5
    assert all(
        p.is_file() and p.suffix == ENTRY for p in cached.glob("*") if p.name != cache_module.INDEX
    )


def test_a_write_that_fails_leaves_nothing_behind(tmp_path: Path) -> None:
    # A folder where the entry should go: the rename fails; the run goes on without it.
    from speechlint.checking.report import FileResult

    cache = cache_module.Cache(tmp_path)
    key = "ab" * 32
    blocked = Path(cache._name(key))
    blocked.mkdir(parents=True)
    cache.put(key, FileResult("a.txt", []))
    assert blocked.is_dir() and sorted(p.name for p in blocked.parent.iterdir()) == [blocked.name]
    cache.put("cd" * 32, FileResult("a.txt", []))
    assert cache.get("cd" * 32) is not None
