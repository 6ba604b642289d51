"""The pluggy contract between speechlint and its plugins (built-in ones included).

A plugin is a module or object with functions named like the specs below, decorated with
``speechlint.hookimpl``. Third-party packages expose it in the ``speechlint`` entry-point
group; a local file can be named under ``plugins:`` in the config.
"""

from __future__ import annotations

from typing import Any

import pluggy

hookspec = pluggy.HookspecMarker("speechlint")
hookimpl = pluggy.HookimplMarker("speechlint")


@hookspec
def speechlint_add_rules() -> list[type]:
    """Return rule classes (subclasses of ``speechlint.rule.Rule``) this plugin provides."""


@hookspec
def speechlint_add_formatters() -> dict[str, type]:
    """Return ``{name: Formatter subclass}`` for ``--format NAME``."""


@hookspec
def speechlint_add_vocabulary() -> list[str]:
    """Return words jieba must keep whole (official terms such as 工人先锋号, 十四五)."""


@hookspec(firstresult=True)
def speechlint_read(path: str, data: bytes, encoding: str | None) -> Any:
    """Turn a file's bytes into a ``SourceText``, or return None if this reader does not
    handle the file. The first non-None result wins; built-in readers run last."""


@hookspec(historic=True)
def speechlint_configure(config: Any) -> None:
    """Called once with the run's configuration before any file is checked."""
