"""Built-in formatters, registered through the same hook a plugin's formatters use."""

from __future__ import annotations

from speechlint.checking.hookspecs import hookimpl
from speechlint.output.formatters.base import FormatOptions, Formatter, summary_from
from speechlint.output.formatters.ci import (
    GithubFormatter,
    GitlabFormatter,
    JunitFormatter,
    SarifFormatter,
)
from speechlint.output.formatters.html import HtmlFormatter
from speechlint.output.formatters.jsonfmt import JsonFormatter
from speechlint.output.formatters.text import TextFormatter

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
