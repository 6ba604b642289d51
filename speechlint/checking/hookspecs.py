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
    """Return rule classes (subclasses of ``speechlint.checking.rule.Rule``) this plugin
    provides."""


@hookspec
def speechlint_add_formatters() -> dict[str, type]:
    """Return ``{name: Formatter subclass}`` for ``--format NAME``."""


@hookspec
def speechlint_add_vocabulary() -> list[str]:
    """Return words jieba must keep whole (official terms such as 工人先锋号, 十四五)."""


@hookspec
def speechlint_add_readers() -> list[Any]:
    """Return readers (instances of ``speechlint.document.readers.base.Reader``): the file suffixes
    each owns and how it reads them. For a suffix two readers claim, a plugin's reader wins
    over a built-in one."""
