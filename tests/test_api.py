"""The calls a program (the web page, the language server, a plugin's own tool) makes: the
same pipeline the command line runs, with the same findings."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import speechlint
from speechlint import LintError, LintOptions, lint_paths, lint_text
from tests.conftest import run_json

BAD = (
    "在全县工会工作会议上的讲话\n同志们：\n回顾总结20xx年工作，市委副书记×××同志出席。\n"
    "谢谢大家！\n"
)


def test_lint_text_finds_what_the_command_line_finds(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "draft.txt").write_text(BAD, encoding="utf-8")
    _code, from_cli = run_json("--no-cache", "draft.txt")
    result = lint_text(BAD, path="draft.txt")
    assert result.errors == []
    assert [f.to_json() for f in result.findings] == from_cli
    assert {f.code for f in result.findings} >= {"PH001", "PH002"}


def test_lint_text_selection_and_config() -> None:
    only = lint_text(BAD, select=("PH001",))
    assert {f.code for f in only.findings} == {"PH001"}
    config = speechlint.Config(ignore=["PH"])
    assert not any(f.code.startswith("PH") for f in lint_text(BAD, config=config).findings)


def test_lint_paths_streams_the_folder_in_path_order(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("b.txt", "a.md", "c/d.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(BAD, encoding="utf-8")
    (tmp_path / "notes.csv").write_text("x", encoding="utf-8")
    results = list(lint_paths(LintOptions(paths=(".",), jobs=1, cache=False)))
    assert [r.path for r in results] == sorted(r.path for r in results)
    assert {Path(r.path).name for r in results} == {"a.md", "b.txt", "d.txt"}
    assert all(any(f.code == "PH001" for f in r.findings) for r in results)


def test_lint_paths_reports_problems_of_the_run(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(BAD, encoding="utf-8")
    results = lint_paths(LintOptions(paths=("a.txt", "missing.txt"), cache=False))
    first = next(results)
    assert first.path == "a.txt" and first.findings
    with pytest.raises(LintError, match=r"missing\.txt: no such file"):
        next(results)
    with pytest.raises(LintError, match="did you mean"):
        list(lint_paths(LintOptions(paths=("a.txt",), select=("PH01",))))


def test_the_public_names_load_lazily() -> None:
    probe = (
        "import sys, speechlint; "
        "print('speechlint.checking.engine' in sys.modules); "
        "speechlint.Rule; print('speechlint.checking.rule' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]
    for name in speechlint.__all__:
        assert getattr(speechlint, name) is not None
    with pytest.raises(AttributeError):
        speechlint.NoSuchThing  # noqa: B018
    assert json.loads(json.dumps(speechlint.__version__))
