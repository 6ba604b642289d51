"""A cache of per-file results keyed by file content, effective settings and version.

Re-checking an unchanged folder reads each file, hashes it and loads a small JSON file
instead of parsing and running rules. Anything unreadable, corrupted or written by another
version is ignored (a miss), never fatal. Writes are atomic (temporary file + rename).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from speechlint import __version__
from speechlint.diagnostics import Severity
from speechlint.report import FileResult, Finding, LocatedEdit

CACHE_DIR = ".speechlint_cache"
FORMAT = 2  # bump when the stored rows change


def settings_fingerprint(settings: Any) -> str:
    data = {
        "version": __version__,
        "format": FORMAT,
        "rules": sorted(r.code for r in settings.rules),
        "options": {k: settings.options[k] for k in sorted(settings.options)},
        "severities": {k: int(v) for k, v in sorted(settings.severities.items())},
    }
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _pack(findings: list[Finding]) -> tuple[list[str], list[list[Any]]]:
    """Findings as compact rows; each line's text is stored once, not once per finding."""
    lines: dict[str, int] = {}
    rows = []
    for f in findings:
        idx = lines.setdefault(f.line_text, len(lines))
        edits = [[e.line, e.column, e.end_line, e.end_column, e.replacement] for e in f.fix_edits]
        rows.append(
            [f.line, f.column, f.end_line, f.end_column, f.code, f.name, f.category,
             int(f.severity), f.message, f.fix_applicability, edits, idx, f.line_label,
             f.start, f.end, f.text_offset]
        )  # fmt: skip
    return list(lines), rows


_SEVERITIES = {int(s): s for s in Severity}


def _unpack(path: str, lines: list[str], rows: list[list[Any]]) -> list[Finding]:
    out = []
    for r in rows:
        edits = tuple(map(LocatedEdit._make, r[10])) if r[10] else ()
        out.append(
            Finding(path, r[0], r[1], r[2], r[3], r[4], r[5], r[6], _SEVERITIES[r[7]], r[8],
                    r[9], edits, lines[r[11]], r[12], r[13], r[14], (), r[15])
        )  # fmt: skip
    return out


class Cache:
    def __init__(self, root: Path) -> None:
        self.dir = root / CACHE_DIR / f"v{FORMAT}"
        self.hits = 0
        self.misses = 0

    @staticmethod
    def key(data: bytes, shown: str, settings_fp: str) -> str:
        h = hashlib.sha256()
        h.update(settings_fp.encode())
        h.update(b"\0" + shown.encode("utf-8", "surrogateescape") + b"\0")
        h.update(data)
        return h.hexdigest()

    def _file(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key}.json"

    def get(self, key: str) -> FileResult | None:
        try:
            raw = json.loads(self._file(key).read_text("utf-8"))
            if raw.get("v") != __version__ or raw.get("k") != key:
                raise ValueError("foreign cache entry")
            result = FileResult(raw["path"], _unpack(raw["path"], raw["lines"], raw["rows"]))
        except (OSError, ValueError, KeyError, TypeError):
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, key: str, result: FileResult) -> None:
        if result.errors:
            return  # never cache an incomplete check
        target = self._file(key)
        try:
            lines, rows = _pack(result.findings)
        except (ValueError, TypeError):
            return
        payload = {"v": __version__, "k": key, "path": result.path, "lines": lines, "rows": rows}
        with contextlib.suppress(OSError):
            target.parent.mkdir(parents=True, exist_ok=True)
            ignore = self.dir.parent / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# created by speechlint\n*\n", encoding="utf-8")
            fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(payload, handle, ensure_ascii=False)
                os.replace(tmp, target)
            except (OSError, ValueError):  # a cache write is never fatal
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
