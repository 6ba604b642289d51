"""Data-driven patterns that prove themselves when they load.

Every pattern in a data file carries examples that must match and must not match. A
pattern that fails its own examples, uses ``\\b`` (which never matches between Han
characters, so the rule would silently find nothing — vale#1154), or nests quantifiers in
a way that can backtrack catastrophically is refused with a one-line error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from speechlint.lazyre import lazy

# (x+)+, (x*)*, (x+)*{n}: a group that ends in a quantifier and is itself quantified.
_NESTED_QUANTIFIER = re.compile(r"\((?:[^()\\]|\\.)*[+*}]\)\s*[+*{]")
MAX_PATTERN_LENGTH = 2000


class PatternDataError(ValueError):
    pass


def compile_checked(
    pattern: str,
    where: str,
    should_match: Iterable[Any] = (),
    should_not: Iterable[Any] = (),
    *,
    verified: bool = False,
) -> re.Pattern[str]:
    """pattern compiled, after proving it on its examples. ``verified``: data shipped with
    speechlint, whose examples the test suite proves; it is compiled on first use and its
    examples are not run again at every start-up (that cost ~30 ms per process)."""
    if not isinstance(pattern, str) or not pattern:
        raise PatternDataError(f"{where}: pattern must be a non-empty string")
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise PatternDataError(f"{where}: pattern is longer than {MAX_PATTERN_LENGTH} characters")
    if "\\b" in pattern.replace("\\\\", ""):
        raise PatternDataError(
            rf"{where}: \b never matches between Chinese characters; use lookarounds instead"
        )
    if _NESTED_QUANTIFIER.search(pattern):
        raise PatternDataError(
            f"{where}: nested quantifiers such as (a+)+ can backtrack catastrophically; rewrite it"
        )
    if verified:
        return lazy(pattern)
    try:
        regex = re.compile(pattern)
    except re.error as exc:
        raise PatternDataError(f"{where}: invalid regular expression: {exc}") from None
    for ex in should_match:
        text = ex if isinstance(ex, str) else str(ex)
        if not regex.search(text):
            raise PatternDataError(f"{where}: pattern does not match its own example {text!r}")
    for ex in should_not:
        text = ex if isinstance(ex, str) else str(ex)
        m = regex.search(text)
        if m:
            raise PatternDataError(
                f"{where}: pattern matches {m.group(0)!r} in its counter-example {text!r}"
            )
    return regex


def load_yaml(name_or_path: str | Path) -> Any:
    """Load a data file shipped in ``speechlint.rules/data`` or at a user's path (safe YAML)."""
    if isinstance(name_or_path, Path):
        where = str(name_or_path)
        try:
            text = name_or_path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise PatternDataError(f"{where}: cannot read: {exc}") from None
    else:
        where = f"speechlint.rules/data/{name_or_path}"
        text = resources.files("speechlint.rules").joinpath("data", name_or_path).read_text("utf-8")
    # Imported here: a run answered from the cache loads no rule data and needs no YAML.
    import yaml

    # libyaml's safe loader when PyYAML was built with it (ten times faster), else the pure one.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise PatternDataError(f"{where}: not valid YAML: {str(exc).splitlines()[0]}") from None
