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
FORMAT = 1


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


def _finding_to_dict(f: Finding) -> dict[str, Any]:
    return {
        "p": f.path, "l": f.line, "c": f.column, "el": f.end_line, "ec": f.end_column,
        "code": f.code, "name": f.name, "cat": f.category, "sev": int(f.severity),
        "msg": f.message, "fa": f.fix_applicability,
        "fe": [[e.line, e.column, e.end_line, e.end_column, e.replacement] for e in f.fix_edits],
        "lt": f.line_text, "lab": f.line_label, "s": f.start, "e": f.end,
    }  # fmt: skip


def _finding_from_dict(d: dict[str, Any]) -> Finding:
    return Finding(
        path=d["p"], line=d["l"], column=d["c"], end_line=d["el"], end_column=d["ec"],
        code=d["code"], name=d["name"], category=d["cat"], severity=Severity(d["sev"]),
        message=d["msg"], fix_applicability=d["fa"],
        fix_edits=tuple(LocatedEdit(*e) for e in d["fe"]),
        line_text=d["lt"], line_label=d["lab"], start=d["s"], end=d["e"],
    )  # fmt: skip


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
            result = FileResult(raw["path"], [_finding_from_dict(d) for d in raw["findings"]])
        except (OSError, ValueError, KeyError, TypeError):
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, key: str, result: FileResult) -> None:
        if result.errors:
            return  # never cache an incomplete check
        target = self._file(key)
        payload = {
            "v": __version__,
            "k": key,
            "path": result.path,
            "findings": [_finding_to_dict(f) for f in result.findings],
        }
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
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
