"""What the analyses know of each built-in pattern, worked out when speechlint is built.

The prefilter and the lazy patterns read a pattern's text before its first use: the
characters a match needs, the strings a draft must hold, a cheaper pattern to try first.
Worked out at every start, that is ~10 ms of a one-draft run (the patterns are read by a
parser written in Python); the built-in patterns never change between runs, so
``python -m speechlint.pattern_facts`` works it out once and writes it beside this file,
and a test fails when the files are not what the analyses give today: ``pattern_facts.json``
holds what a pattern's first use needs, ``pattern_ways.json`` what the prefilter needs from
its second use on (how to find where matches may begin: a folder run's), so a one-draft run
reads only the first. A pattern not in the table (a plugin's, a user's word list) is analysed
when first used, as before; an entry is found by the pattern's whole text and flags, so a
pattern that changed cannot be given another's facts.

The table is data, read with ``json``, and each entry is checked for the shape its reader
needs; an entry of any other shape counts as missing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

TABLE = Path(__file__).with_name("pattern_facts.json")
LATER_TABLE = Path(__file__).with_name("pattern_ways.json")
# Bumped when an analysis changes what it reports, so an old table is not read.
VERSION = 1

_tables: dict[Path, dict[str, Any]] = {}


def key(pattern: str, flags: int) -> str:
    """The table's key for a pattern: its flags as given to ``re.compile`` (``re.UNICODE``,
    which a compiled str pattern always carries, left out) and its text."""
    return f"{int(flags) & ~int(re.UNICODE)}:{pattern}"


def _load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return {}
    patterns = data.get("patterns")
    return patterns if isinstance(patterns, dict) else {}


def _entry(path: Path, pattern: object, flags: int) -> dict[str, Any] | None:
    if not isinstance(pattern, str):
        return None
    table = _tables.get(path)
    if table is None:
        table = _tables[path] = _load(path)
    entry = table.get(key(pattern, flags))
    return entry if isinstance(entry, dict) else None


def lookup(pattern: object, flags: int) -> dict[str, Any] | None:
    """The first-use entry of pattern, or None (not built in, or not a str pattern)."""
    return _entry(TABLE, pattern, flags)


def later_uses(pattern: object, flags: int) -> dict[str, Any] | None:
    """The entry of pattern in the table of later uses, or None."""
    return _entry(LATER_TABLE, pattern, flags)


def strings(value: object) -> tuple[str, ...] | None:
    """value as a tuple of strings, None when it is anything else."""
    if isinstance(value, list) and all(isinstance(s, str) for s in value):
        return tuple(value)
    return None


def clauses(entry: dict[str, Any]) -> tuple[tuple[str, ...], ...] | None:
    """The entry's gate clauses (speechlint.speed.literals), None when malformed."""
    value = entry.get("clauses")
    if not isinstance(value, list):
        return None
    found = [strings(clause) for clause in value]
    if any(clause is None or not clause for clause in found):
        return None
    return tuple(clause for clause in found if clause is not None)
