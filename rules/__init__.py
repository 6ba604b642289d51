"""speechlint's built-in rules, installed as ``speechlint.rules``.

This module is a pluggy plugin found through the ``speechlint`` entry-point group, exactly as
a third-party rule package is. Rule modules are imported when the hook runs, not before.
"""

from __future__ import annotations

from speechlint.checking.hookspecs import hookimpl


@hookimpl
def speechlint_add_rules() -> list[type]:
    from speechlint.rules import (
        dates,
        layout,
        numbering,
        placeholder,
        punctuation,
        repetition,
        roster,
        statistic,
        structure,
        wording,
    )

    return [
        *structure.RULES,
        *numbering.RULES,
        *placeholder.RULES,
        *repetition.RULES,
        *statistic.RULES,
        *punctuation.RULES,
        *wording.RULES,
        *dates.RULES,
        *roster.RULES,
        *layout.RULES,
    ]


@hookimpl
def speechlint_add_vocabulary() -> list[str]:
    from speechlint.checking.patterns import rule_data

    text = rule_data("vocabulary.txt").read_text("utf-8")
    return [w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")]
