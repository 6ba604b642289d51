from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

# The key that signs cache files (speechlint/safety/user_key.py), in a folder of the tests' own.
_KEY_DIR = tempfile.mkdtemp(prefix="speechlint-test-key-")
os.environ["SPEECHLINT_KEY_DIR"] = _KEY_DIR

from speechlint.cli import main  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
SCHEMAS = SHARED / "schemas"

needs_seeds = pytest.mark.skipif(
    not (SEEDS / "EXPECTED.yaml").is_file(),
    reason="../shared/seeds is not here (a fresh clone outside the team workspace)",
)


def run(*args: str, input: bytes | str | None = None, env: dict[str, str] | None = None):
    """Run the CLI in-process (click's CliRunner); returns the click Result."""
    runner = CliRunner()
    return runner.invoke(main, list(args), input=input, env=env, catch_exceptions=False)


def run_json(*args: str, input: bytes | str | None = None) -> tuple[int, list[dict]]:
    result = run("check", "--format", "json", *args, input=input)
    return result.exit_code, json.loads(result.stdout or "[]")


def run_process(*args: str, cwd: Path | None = None, input: bytes | None = None, env=None):
    """Run the installed CLI as a real process (python -m speechlint)."""
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "speechlint", *args],
        cwd=cwd,
        input=input,
        capture_output=True,
        env=full_env,
        timeout=300,
    )


@pytest.fixture
def draft(tmp_path: Path):
    """Write a draft into tmp_path: draft("text", name="a.txt", encoding="utf-8")."""

    def write(
        text: str, name: str = "draft.txt", encoding: str = "utf-8", bom: bytes = b""
    ) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(bom + text.encode(encoding))
        return path

    return write


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_KEY_DIR, ignore_errors=True)
