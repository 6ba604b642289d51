"""The built-in rules (rules/, installed as speechlint.rules) sit on the engine's lower
layers: a rule may import checking, document, speed and safety, never what runs or reports
(running, output, cli). lint-imports checks speechlint/ itself (see pyproject.toml)."""

from __future__ import annotations

import ast

from tests.conftest import ROOT

ALLOWED = ("speechlint.checking", "speechlint.document", "speechlint.speed", "speechlint.safety")


def _imports(path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
    return found


def test_the_built_in_rules_import_only_the_layers_below_them() -> None:
    files = sorted((ROOT / "rules").glob("*.py"))
    assert files
    wrong = [
        f"{path.name}: {module}"
        for path in files
        for module in _imports(path)
        if module.startswith("speechlint.")
        and not module.startswith("speechlint.rules")
        and not module.startswith(ALLOWED)
    ]
    assert wrong == []
