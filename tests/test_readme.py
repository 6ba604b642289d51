"""The README's two set-up commands are the ones CI runs."""

from __future__ import annotations

from tests.conftest import ROOT

INSTALL = (
    "python3 -m venv .venv && . .venv/bin/activate && pip install . && speechlint check examples/"
)
TEST = "pip install -e '.[test]' && pytest"


def test_readme_commands_are_what_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert readme.count(INSTALL) == 2  # English and Chinese quick start
    assert TEST in readme
    assert f"\n{TEST}\n" in ci
    assert "speechlint check examples/" in ci
