"""Entry points read without importlib.metadata give what importlib.metadata gives."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

from speechlint.running import entrypoints
from speechlint.running.entrypoints import EntryPoint, entry_points


def _from_metadata(group: str) -> list[tuple[str, str, str]]:
    return [(ep.name, ep.value, ep.group) for ep in metadata.entry_points(group=group)]


def test_every_group_of_this_environment_is_read_alike() -> None:
    groups = metadata.entry_points().groups
    assert "speechlint" in groups and "console_scripts" in groups
    for group in groups:
        assert [tuple(ep) for ep in entry_points(group)] == _from_metadata(group), group


def _dist(root: Path, folder: str, text: str | None) -> None:
    (root / folder).mkdir(parents=True)
    if text is not None:
        (root / folder / "entry_points.txt").write_text(text, encoding="utf-8")


def test_a_constructed_path_is_read_in_importlib_metadatas_order(tmp_path, monkeypatch) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    _dist(
        first,
        "Foo_Bar-1.0.dist-info",
        "# c\n[speechlint]\n b = pkg.b\n# off = not.an.entry\n\na=pkg.a:Rules\n[x]\nc = z\n",
    )
    _dist(first, "baz-2.0.egg-info", "[speechlint]\nbaz = baz.plugin:hooks [extra]\n")
    _dist(first, "empty-1.0.dist-info", None)  # no entry_points.txt
    _dist(first, "foo_bar-0.9.dist-info", "[speechlint]\nold = same.dist.in.one.folder\n")
    _dist(second, "foo.bar-2.0.dist-info", "[speechlint]\nshadowed = by.the.first\n")
    _dist(second, "later-1.0.dist-info", "[speechlint]\na = later.a\n")
    (first / "not-metadata").mkdir()
    (first / "module.py").write_text("", encoding="utf-8")
    monkeypatch.setattr(sys, "path", [str(first), str(tmp_path / "missing"), str(second)])
    for group in ("speechlint", "x", "none"):
        assert [tuple(ep) for ep in entrypoints._scan(group)] == _from_metadata(group), group
    names = sorted(ep.name for ep in entry_points("speechlint"))
    # One foo_bar: the first folder's first listed (listing order is the file system's), never
    # the second folder's; later's own "a" stays (names may repeat across distributions).
    assert "shadowed" not in names
    assert names in (["a", "a", "b", "baz"], ["a", "baz", "old"])
    assert entry_points("x") == [EntryPoint("c", "z", "x")]


def test_a_zip_on_the_path_is_left_to_importlib_metadata(tmp_path, monkeypatch) -> None:
    archive = tmp_path / "plugins.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("zipped-1.0.dist-info/entry_points.txt", "[speechlint]\nzipped = zipped.rules\n")
        z.writestr("zipped-1.0.dist-info/METADATA", "Name: zipped\nVersion: 1.0\n")
    monkeypatch.setattr(sys, "path", [str(archive)])
    with pytest.raises(entrypoints._Unusual):
        entrypoints._scan("speechlint")
    assert entry_points("speechlint") == [EntryPoint("zipped", "zipped.rules", "speechlint")]


def test_a_finder_that_provides_distributions_is_left_to_importlib_metadata(monkeypatch) -> None:
    class Finder:
        @staticmethod
        def find_spec(*args: object) -> None:
            return None

        @staticmethod
        def find_distributions(*args: object) -> list[object]:
            return []

    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, Finder])
    with pytest.raises(entrypoints._Unusual):
        entrypoints._scan("speechlint")
    assert [tuple(ep) for ep in entry_points("speechlint")] == _from_metadata("speechlint")


def test_load_resolves_module_and_attributes() -> None:
    assert EntryPoint("j", "os.path:join", "g").load() is os.path.join
    assert EntryPoint("m", "os.path", "g").load() is os.path
    assert EntryPoint("e", "os : path.join [extra]", "g").load() is os.path.join
    with pytest.raises(ValueError, match="malformed"):
        EntryPoint("bad", "not a value", "g").load()
    with pytest.raises(AttributeError):
        EntryPoint("gone", "os:no_such_thing", "g").load()


def test_a_check_run_imports_no_importlib_metadata(tmp_path) -> None:
    # ~20 ms of every start (email, zipfile, csv, ...), for reading a few small files.
    (tmp_path / "a.txt").write_text("同志们：回顾总结20xx年工作。\n", encoding="utf-8")
    code = (
        "import sys\nfrom speechlint.cli import main\n"
        "sys.argv = ['speechlint', 'check', 'a.txt']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('importlib.metadata' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert any("PH001" in line for line in out)  # the built-in rules were found and ran
    assert out[-1] == "False"
