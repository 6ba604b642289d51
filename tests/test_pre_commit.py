"""The hooks in .pre-commit-hooks.yaml, run by the real pre-commit in a temporary git repo.

pre-commit installs this checkout into its own virtual environment, which needs the package
registry for speechlint's dependencies: the test is marked `network` (and `slow`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

BAD = "在全县工会工作会议上的讲话\n同志们：\n回顾总结20xx年工作。\n谢谢大家！\n"
CLEAN = "在全县工会工作会议上的讲话\n同志们：\n回顾总结2023年工作。\n谢谢大家！\n"
FIXABLE = "在全县工会工作会议上的讲话\n同志们:\n回顾总结2023年工作;谢谢大家!\n"
FIXED = "在全县工会工作会议上的讲话\n同志们：\n回顾总结2023年工作；谢谢大家！\n"


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=check)


def test_hook_definitions() -> None:
    hooks = {
        h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    }
    assert set(hooks) == {"speechlint", "speechlint-fix"}
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["require_serial"] is True
        # Every file is handed over and speechlint's readers pick the drafts: a plugin's
        # reader works in the hook as a built-in one does.
        assert hook["types"] == ["file"] and "files" not in hook
        assert "--skip-other-files" in hook["entry"]
    assert "--fix" in hooks["speechlint-fix"]["entry"]


@pytest.mark.slow
@pytest.mark.network
def test_real_pre_commit_in_a_temporary_repo(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
        "NO_COLOR": "1",
    }  # fmt: skip
    os.environ.update({k: v for k, v in env.items() if k.startswith("GIT_")})
    # A snapshot of this working tree as a git repository pre-commit can clone.
    src = tmp_path / "speechlint-src"
    shutil.copytree(
        ROOT, src,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__",
            ".speechlint_cache", ".hypothesis", ".pytest_cache", ".ruff_cache",
        ),
    )  # fmt: skip
    git(src, "init", "-q")
    git(src, "add", "-A")
    git(src, "commit", "-q", "-m", "snapshot")
    rev = git(src, "rev-parse", "HEAD").stdout.strip()

    docs = tmp_path / "docs"
    docs.mkdir()
    git(docs, "init", "-q")
    (docs / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump(
            {"repos": [{"repo": str(src), "rev": rev,
                        "hooks": [{"id": "speechlint-fix"}, {"id": "speechlint"}]}]}
        ),
        encoding="utf-8",
    )  # fmt: skip
    git(docs, "add", ".pre-commit-config.yaml")
    pc = [sys.executable, "-m", "pre_commit"]
    subprocess.run([*pc, "install"], cwd=docs, env=env, check=True, capture_output=True)

    def commit(name: str, text: str) -> subprocess.CompletedProcess[str]:
        (docs / name).write_text(text, encoding="utf-8")
        git(docs, "add", name)
        return subprocess.run(
            ["git", "commit", "-m", f"add {name}"], cwd=docs, env=env,
            capture_output=True, text=True, timeout=900,
        )  # fmt: skip

    clean = commit("clean.txt", CLEAN)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    other = commit("notes.csv", "a,b\n1,2\n")  # no reader owns it: passed over
    assert other.returncode == 0, other.stdout + other.stderr

    bad = commit("bad.txt", BAD)
    assert bad.returncode != 0
    assert "bad.txt:3:5: PH001 占位符“20xx”未替换为实际年份" in bad.stdout + bad.stderr
    git(docs, "rm", "-q", "--cached", "bad.txt")
    (docs / "bad.txt").unlink()

    first = commit("speech.txt", FIXABLE)
    assert first.returncode != 0  # the fix hook rewrote the file, so this commit stops
    assert "files were modified by this hook" in first.stdout + first.stderr
    assert (docs / "speech.txt").read_text("utf-8") == FIXED
    second = commit("speech.txt", FIXED)
    assert second.returncode == 0, second.stdout + second.stderr
