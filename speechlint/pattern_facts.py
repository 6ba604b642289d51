"""Write the tables of what the analyses know of each built-in pattern
(``speechlint/speed/pattern_facts.json`` and ``pattern_ways.json``, read by
speechlint.speed.facts).

``python -m speechlint.pattern_facts`` loads every built-in rule, runs them over the example
drafts (which creates the patterns rules build from their data), collects every pattern
compiled on first use that is alive then, and writes each one's facts; ``--check`` exits 1
when the tables on disk are not what this makes (a test runs it). Run it after changing a
pattern, a rule's data or an analysis.
"""

from __future__ import annotations

import gc
import json
import sys
from pathlib import Path
from typing import Any

from speechlint.checking.engine import Overrides
from speechlint.running.pipeline import Checker
from speechlint.speed import facts, lazyre, literals, pattern_syntax, prefilter
from speechlint.speed.lazyre import LazyPattern

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "drafts"


def entry_for(pattern: LazyPattern) -> dict[str, Any]:
    """The first-use facts of one pattern, as the table holds them."""
    analysed, required, digits_only = prefilter.first_use_live(pattern)  # type: ignore[arg-type]
    text, flags = pattern.pattern, pattern.flags
    return {
        "requirements": ["".join(sorted(chars)) for chars in required] if analysed else None,
        "digits_only": digits_only,
        "superset": pattern_syntax.superset(text, flags, lazyre.MIN_GUARDED_COST),
        "clauses": [list(clause) for clause in literals.clauses(text, flags)],
    }


def builtin_patterns() -> list[tuple[str, int]]:
    """(text, flags) of every lazily compiled pattern alive once each built-in rule has run
    over the example drafts."""
    codes = tuple(rule.code for rule in Checker().pm.registry)
    checker = Checker(overrides=Overrides(select=codes), rule_timeout=None)
    for draft in sorted(EXAMPLES.iterdir()):
        if checker.is_draft(draft.name):
            checker.check_bytes(draft.name, draft.read_bytes())
    found = {
        (obj.pattern, int(obj.flags))
        for obj in gc.get_objects()
        if isinstance(obj, LazyPattern) and isinstance(obj.pattern, str)
    }
    return sorted(found)


def tables() -> dict[Path, str]:
    """Each table's text: one entry per line, in key order, so a change shows as its lines."""
    first: dict[str, Any] = {}
    later: dict[str, Any] = {}
    for text, flags in builtin_patterns():
        key = facts.key(text, flags)
        pattern = LazyPattern(text, flags)
        first[key] = entry_for(pattern)
        later[key] = prefilter.later_use_facts(pattern)  # type: ignore[arg-type]
    return {facts.TABLE: _text(first), facts.LATER_TABLE: _text(later)}


def _text(entries: dict[str, Any]) -> str:
    lines = [
        f"  {json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}"
        for k, v in sorted(entries.items())
    ]
    return f'{{"version": {facts.VERSION}, "patterns": {{\n' + ",\n".join(lines) + "\n}}\n"


def main(argv: list[str]) -> int:
    if set(argv) - {"--check"}:
        print("usage: python -m speechlint.pattern_facts [--check]")
        return 2
    made = tables()
    if "--check" in argv:
        stale = [
            path
            for path, text in made.items()
            if not path.exists() or path.read_text(encoding="utf-8") != text
        ]
        for path in stale:
            print(f"{path} is out of date: run python -m speechlint.pattern_facts", file=sys.stderr)
        return 1 if stale else 0
    for path, text in made.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path} ({text.count(chr(10)) - 2} patterns)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
