"""Built-in formatters, registered through the same hook a plugin's formatters use."""

from __future__ import annotations

from speechlint.formatters.base import FormatOptions, Formatter, summary_from
from speechlint.formatters.ci import (
    GithubFormatter,
    GitlabFormatter,
    JunitFormatter,
    SarifFormatter,
)
from speechlint.formatters.html import HtmlFormatter
from speechlint.formatters.jsonfmt import JsonFormatter
from speechlint.formatters.text import TextFormatter
from speechlint.hookspecs import hookimpl

__all__ = ["FormatOptions", "Formatter", "summary_from"]


@hookimpl
def speechlint_add_formatters() -> dict[str, type[Formatter]]:
    builtin = (
        TextFormatter,
        JsonFormatter,
        GithubFormatter,
        SarifFormatter,
        JunitFormatter,
        GitlabFormatter,
        HtmlFormatter,
    )
    return {f.name: f for f in builtin}
