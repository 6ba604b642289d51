"""speechlint: a plugin-based linter for Chinese official speech drafts.

The names plugins and programs use are importable from here (``from speechlint import Rule,
hookimpl, lint_text``); each is loaded on first use, so ``import speechlint`` stays cheap. The
modules behind them may move between layers; these names do not.
"""

from __future__ import annotations

import importlib
from typing import Any

# The one place the version is written (pyproject.toml reads it). Not looked up through
# importlib.metadata: that import alone cost 30 ms of a 0.3 s single-draft run.
__version__ = "0.1.0"

_PUBLIC = {
    # checking one draft: what a rule plugin writes
    "Rule": "speechlint.checking.rule",
    "RuleContext": "speechlint.checking.rule",
    "Option": "speechlint.checking.rule",
    "Category": "speechlint.checking.diagnostics",
    "Severity": "speechlint.checking.diagnostics",
    "Fix": "speechlint.checking.diagnostics",
    "Applicability": "speechlint.checking.diagnostics",
    "hookimpl": "speechlint.checking.hookspecs",
    "Config": "speechlint.checking.config",
    "Finding": "speechlint.checking.report",
    "FileResult": "speechlint.checking.report",
    # documents: what a reader plugin writes
    "Reader": "speechlint.document.readers.base",
    "InputError": "speechlint.document.readers.errors",
    "SourceText": "speechlint.document.source",
    # reports: what a formatter plugin writes
    "Formatter": "speechlint.output.formatters.base",
    "FormatOptions": "speechlint.output.formatters.base",
    # running: what a program calls
    "lint_text": "speechlint.running.pipeline",
    "lint_paths": "speechlint.running.pipeline",
    "LintOptions": "speechlint.running.pipeline",
    "LintError": "speechlint.running.pipeline",
    "Checker": "speechlint.running.pipeline",
}

__all__ = ["__version__", *_PUBLIC]


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'speechlint' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
