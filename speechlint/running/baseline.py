"""Baselines: adopt speechlint on an old folder without fixing every draft first.

``--write-baseline FILE`` records the current findings keyed by file, rule and a fingerprint
of the offending text and its immediate context — not the line number, so edits elsewhere in
a draft keep the baseline valid. ``--baseline FILE`` then reports only findings that are not
in it. Writing the baseline again drops the findings fixed since.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from speechlint.checking.report import FileResult
from speechlint.output.formatters.ci import fingerprint
from speechlint.safety.safe_io import BASELINE_LIMIT, UnsafeFile, atomic_output, read_regular

VERSION = 1


class BaselineError(ValueError):
    pass


def _key_path(path: str) -> str:
    return Path(path).as_posix()


def build(results: list[FileResult]) -> dict[str, Any]:
    files: dict[str, dict[str, dict[str, int]]] = {}
    for r in results:
        for f in r.findings:
            per_rule = files.setdefault(_key_path(f.path), {}).setdefault(f.code, {})
            fp = fingerprint(f)
            per_rule[fp] = per_rule.get(fp, 0) + 1
    return {"speechlint-baseline": VERSION, "files": files}


def write(path: Path, results: list[FileResult]) -> int:
    return write_rows(path, [(f.path, f.code, fingerprint(f)) for r in results for f in r.findings])


def write_rows(path: Path, rows: list[tuple[str, str, str]]) -> int:
    """Write a baseline from (path, code, fingerprint) rows, one per current finding."""
    files: dict[str, dict[str, dict[str, int]]] = {}
    for file, code, fp in rows:
        per_rule = files.setdefault(_key_path(file), {}).setdefault(code, {})
        per_rule[fp] = per_rule.get(fp, 0) + 1
    data = {"speechlint-baseline": VERSION, "files": files}
    with atomic_output(path) as handle:
        handle.write(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return sum(n for rules in files.values() for fps in rules.values() for n in fps.values())


def load(path: Path) -> dict[str, dict[str, dict[str, int]]]:
    """The recorded findings of a baseline file, every value checked to be of the type
    ``write_rows`` writes: a hand-edited or foreign file is a BaselineError, never a crash."""
    try:
        data = json.loads(read_regular(path, BASELINE_LIMIT).decode("utf-8"))
    except UnsafeFile as exc:
        raise BaselineError(f"{path}: {exc.reason}") from None
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read the baseline: {exc.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise BaselineError(f"{path}: not a speechlint baseline (invalid JSON)") from None
    if not isinstance(data, dict) or data.get("speechlint-baseline") != VERSION:
        raise BaselineError(f"{path}: not a speechlint baseline (version {VERSION})")
    files = data.get("files")
    if not isinstance(files, dict):
        raise BaselineError(f"{path}: the baseline has no `files` table")
    for file, rules in files.items():
        if not isinstance(rules, dict) or not all(
            isinstance(code, str)
            and isinstance(fps, dict)
            and all(isinstance(fp, str) and type(n) is int and n >= 0 for fp, n in fps.items())
            for code, fps in rules.items()
        ):
            raise BaselineError(
                f"{path}: the entry for {file!r} is not of the form "
                "{code: {fingerprint: count}}; write the baseline again with --write-baseline"
            )
    return files


def apply(results: list[FileResult], baseline: dict[str, dict[str, dict[str, int]]]) -> int:
    """Drop findings recorded in the baseline (each recorded count once); return how many."""
    dropped = 0
    for r in results:
        kept = []
        for f in r.findings:
            per_rule = baseline.get(_key_path(f.path), {}).get(f.code, {})
            fp = fingerprint(f)
            if per_rule.get(fp, 0) > 0:
                per_rule[fp] -= 1
                dropped += 1
            else:
                kept.append(f)
        r.findings = kept
    return dropped
