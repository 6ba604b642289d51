"""A cache of per-file results keyed by file content, effective settings and version.

Re-checking an unchanged folder reads each file, hashes it and loads a small JSON file
instead of parsing and running rules. An entry is two lines of JSON: a header with the
findings counted by rule (all a ``--statistics`` or exit-status run needs), then the findings
themselves, decoded and built only when a formatter asks for them. Anything unreadable, corrupted
or written by another version is ignored (a miss), never fatal. Writes are atomic (temporary
file + rename).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import zlib
from pathlib import Path
from typing import Any

from speechlint import __version__
from speechlint.diagnostics import Severity
from speechlint.report import FileResult, LocatedEdit, Row

CACHE_DIR = ".speechlint_cache"
FORMAT = 4  # bump when the stored rows change


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


def _pack(rows: list[Row]) -> tuple[list[str], list[list[Any]]]:
    """Rows as JSON-ready lists; each line's text is stored once, not once per finding."""
    lines: dict[str, int] = {}
    out = []
    for r in rows:
        idx = lines.setdefault(r[11], len(lines))
        out.append(
            [*r[:7], int(r[7]), r[8], r[9], [list(e) for e in r[10]], idx, r[12], r[13], r[14],
             [list(x) for x in r[15]], r[16]]
        )  # fmt: skip
    return list(lines), out


_SEVERITIES = {int(s): s for s in Severity}


def _unpack(lines: list[str], packed: list[list[Any]]) -> list[Row]:
    out = []
    for r in packed:
        edits = tuple(map(LocatedEdit._make, r[10])) if r[10] else ()
        related = tuple(map(tuple, r[15])) if r[15] else ()
        out.append(
            (*r[:7], _SEVERITIES[r[7]], r[8], r[9], edits, lines[r[11]], r[12], r[13], r[14],
             related, r[16])
        )  # fmt: skip
    return out


class Cache:
    def __init__(self, root: Path) -> None:
        self.dir = root / CACHE_DIR / f"v{FORMAT}"
        self._dir = str(self.dir)
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
        return Path(self._name(key))

    def _name(self, key: str) -> str:
        # Plain strings: building Path objects was a visible share of a warm run.
        return os.path.join(self._dir, key[:2], key + ".json")

    def has(self, key: str) -> bool:
        """Whether an entry exists (cheap; get() still validates it)."""
        return os.path.isfile(self._name(key))

    def get(self, key: str) -> FileResult | None:
        try:
            with open(self._name(key), "rb") as handle:
                data = handle.read()
            newline = data.index(b"\n")
            raw = json.loads(data[:newline])
            if raw.get("v") != __version__ or raw.get("k") != key:
                raise ValueError("foreign cache entry")
            path = raw["path"]
            counts = [(c, n, _SEVERITIES[s], bool(safe), k) for c, n, s, safe, k in raw["counts"]]
            packed = data[newline + 1 :]
            # The findings line is decoded later, when no miss can be reported any more:
            # check now, cheaply, that it is the line that was written.
            if not isinstance(path, str) or raw.get("crc") != zlib.crc32(packed):
                raise ValueError("damaged cache entry")
        except (OSError, ValueError, KeyError, TypeError):
            self.misses += 1
            return None
        self.hits += 1

        def load_rows() -> list[Row]:
            lines, rows = json.loads(packed)
            return _unpack(lines, rows)

        return FileResult(path, load_rows=load_rows, counts=counts)

    def put(self, key: str, result: FileResult) -> None:
        if result.errors:
            return  # never cache an incomplete check
        target = self._file(key)
        try:
            lines, rows = _pack(result.rows())
        except (ValueError, TypeError):
            return
        findings = json.dumps([lines, rows], ensure_ascii=False).encode("utf-8")
        header = {
            "v": __version__,
            "crc": zlib.crc32(findings),
            "k": key,
            "path": result.path,
            "counts": [[c, n, int(s), safe, k] for c, n, s, safe, k in result.counts()],
        }
        with contextlib.suppress(OSError):
            target.parent.mkdir(parents=True, exist_ok=True)
            ignore = self.dir.parent / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# created by speechlint\n*\n", encoding="utf-8")
            fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as handle:
                    # json.dumps never emits a raw newline, so the header is the first line.
                    handle.write(json.dumps(header, ensure_ascii=False).encode("utf-8") + b"\n")
                    handle.write(findings)
                os.replace(tmp, target)
            except (OSError, ValueError):  # a cache write is never fatal
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
