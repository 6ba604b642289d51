"""Applying fixes: non-overlapping edits, re-lint, bounded passes, atomic writes.

Only ``--fix`` writes. A write goes to a temporary file in the draft's own folder, is flushed
and fsynced, and is renamed over the original (so a crash leaves the old file or the new
one, never half of one). The file's encoding, byte-order mark, line endings and mode bits
are kept; a file that changed on disk after it was read is not overwritten.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from speechlint import suppress
from speechlint.diagnostics import Applicability, Diagnostic, Edit
from speechlint.readers.text import encode
from speechlint.safe_io import read_regular
from speechlint.source import SourceText

MAX_PASSES = 10
MAX_FIX_BYTES = 512 * 1024 * 1024  # a draft re-read before it is replaced (engine reads less)


class FixError(Exception):
    pass


def choose_edits(diagnostics: list[Diagnostic], unsafe: bool = False) -> list[Edit]:
    """The edits of every applicable fix that does not overlap an earlier chosen one."""
    allowed = {Applicability.SAFE} | ({Applicability.UNSAFE} if unsafe else set())
    chosen: list[Edit] = []
    taken: list[tuple[int, int]] = []

    def clashes(e: Edit) -> bool:
        for a, b in taken:
            # Overlap, or two edits at the same point (their order would be ambiguous).
            if (
                (e.start < b and a < e.end)
                or e.start == a
                or (e.start == e.end and a <= e.start <= b)
            ):
                return True
        return False

    for d in sorted(diagnostics, key=lambda d: (d.start, d.end, d.code)):
        if d.fix is None or d.fix.applicability not in allowed:
            continue
        edits = sorted(d.fix.edits, key=lambda e: e.start)
        if any(clashes(e) for e in edits):
            continue
        if any(x.end > y.start for x, y in itertools.pairwise(edits)):
            continue  # a fix whose own edits overlap is garbage; skip it
        chosen.extend(edits)
        taken.extend((e.start, e.end) for e in edits)
    return sorted(chosen, key=lambda e: e.start)


def apply_edits(text: str, edits: list[Edit]) -> str:
    out: list[str] = []
    pos = 0
    for e in sorted(edits, key=lambda e: e.start):
        out.append(text[pos : e.start])
        out.append(e.replacement)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


@dataclass
class FixOutcome:
    text: str
    applied: int
    passes: int
    converged: bool


def fix_source(engine: Any, source: SourceText, settings: Any, unsafe: bool = False) -> FixOutcome:
    """Fix, re-lint and fix again until nothing changes (at most MAX_PASSES passes)."""
    text = source.text
    applied = 0
    seen = {text}
    for n in range(1, MAX_PASSES + 1):
        current = SourceText(
            source.path, text, source.encoding, source.bom, source.kind, source.line_label
        )
        diagnostics, _errors, _doc = engine.run_rules(current, settings)
        diagnostics = suppress.apply(diagnostics, current)
        edits = choose_edits(diagnostics, unsafe)
        if not edits:
            return FixOutcome(text, applied, n, True)
        new = apply_edits(text, edits)
        if new in seen:  # two fixes undo each other: stop rather than oscillate
            return FixOutcome(text, applied, n, False)
        seen.add(new)
        applied += len(edits)
        text = new
    return FixOutcome(text, applied, MAX_PASSES, False)


def unified_diff(path: str, before: str, after: str) -> str:
    import difflib  # here, as tempfile below: only --diff and --fix need them

    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    out = "".join(lines)
    return out if out.endswith("\n") or not out else out + "\n"


def write_atomically(
    path: Path, original: bytes, source: SourceText, text: str, root: Path | None = None
) -> None:
    """Replace path's content with text encoded like the source, or raise FixError."""
    _replace_bytes(path, original, encode(source, text), root)


def write_docx_atomically(
    path: Path, original: bytes, data: bytes, root: Path | None = None
) -> None:
    _replace_bytes(path, original, data, root)


def _replace_bytes(path: Path, original: bytes, data: bytes, root: Path | None = None) -> None:
    target = path
    if path.is_symlink():
        target = path.resolve()
        if not target.is_file():
            raise FixError("is a symlink to something that is not a file; not writing")
        if root is not None and not target.is_relative_to(root.resolve()):
            raise FixError(
                "is a symlink to a file outside the checked folder; not writing through it"
            )
    try:
        current = read_regular(target, MAX_FIX_BYTES)
    except OSError as exc:
        raise FixError(f"cannot be re-read before writing: {exc.strerror}") from None
    if current != original:
        raise FixError("changed on disk while it was being checked; not overwritten, run again")
    mode = stat.S_IMODE(target.stat().st_mode)
    if not os.access(target, os.W_OK):
        raise FixError("is read-only; fixes were not written")
    import tempfile

    fd, tmp = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".speechlint-tmp", dir=target.parent
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise FixError(f"could not be written: {exc.strerror}") from None
    with contextlib.suppress(OSError):  # make the rename itself durable
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
