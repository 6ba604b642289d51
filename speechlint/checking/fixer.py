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

from speechlint.checking import suppress
from speechlint.checking.diagnostics import Applicability, Diagnostic, Edit
from speechlint.document.readers.text import encode
from speechlint.document.source import SourceText
from speechlint.safety.safe_io import TEMP_SUFFIX, atomic_output, read_regular

MAX_PASSES = 10
MAX_FIX_BYTES = 512 * 1024 * 1024  # a draft re-read before it is replaced (engine reads less)


class FixError(Exception):
    pass


def choose_edits(diagnostics: list[Diagnostic], unsafe: bool = False) -> list[Edit]:
    """The edits of every applicable fix that does not overlap an earlier chosen one."""
    return choose_fixes(diagnostics, unsafe)[0]


def choose_fixes(diagnostics: list[Diagnostic], unsafe: bool = False) -> tuple[list[Edit], int]:
    """(the edits of every applicable fix that does not overlap an earlier chosen one, how
    many fixes they make up): a fix may have several edits (a pair of brackets), and the
    count of fixes is what the summary's "可用 --fix" counted."""
    fixes = 0
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
        fixes += 1
    return sorted(chosen, key=lambda e: e.start), fixes


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
    unencodable: int = 0  # fixes skipped: the file's encoding cannot hold their text


def _encodable(edit: Edit, encoding: str) -> bool:
    try:
        edit.replacement.encode(encoding)
    except UnicodeEncodeError:
        return False
    except LookupError:  # an encoding Python does not know cannot have been read either
        return True
    return True


def fix_source(engine: Any, source: SourceText, settings: Any, unsafe: bool = False) -> FixOutcome:
    """Fix, re-lint and fix again until nothing changes (at most MAX_PASSES passes)."""
    text = source.text
    applied = 0
    seen = {text}
    skipped: set[tuple[int, str]] = set()
    for n in range(1, MAX_PASSES + 1):
        current = SourceText(
            source.path, text, source.encoding, source.bom, source.kind, source.line_label
        )
        diagnostics, _errors, _doc = engine.run_rules(current, settings)
        diagnostics = suppress.apply(diagnostics, current)
        # A fix whose text the file's encoding cannot hold (`——` in a GB2312 file, say) is
        # skipped with a note, not written as an error that stops the run.
        diagnostics = [
            d for d in diagnostics if d.fix is None or _fits(d, source.encoding, skipped)
        ]
        edits, fixes = choose_fixes(diagnostics, unsafe)
        if not edits:
            return FixOutcome(text, applied, n, True, len(skipped))
        new = apply_edits(text, edits)
        if new in seen:  # two fixes undo each other: stop rather than oscillate
            return FixOutcome(text, applied, n, False, len(skipped))
        seen.add(new)
        applied += fixes
        text = new
    return FixOutcome(text, applied, MAX_PASSES, False, len(skipped))


def _fits(d: Diagnostic, encoding: str, skipped: set[tuple[int, str]]) -> bool:
    assert d.fix is not None
    if all(_encodable(e, encoding) for e in d.fix.edits):
        return True
    skipped.add((d.start, d.code))
    return False


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
    try:
        data = encode(source, text)
    except UnicodeEncodeError:
        raise FixError(
            f"the fixed text cannot be saved as {source.encoding}; not written"
        ) from None
    _replace_bytes(path, original, data, root)


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
    before = _stamp(target)
    if before is None:
        raise FixError("disappeared while it was being checked; nothing was written")
    # The mode bits, not only access(): root may write any file, but a draft someone made
    # read-only (chmod 444) is theirs to keep as it is.
    if not before[4] & 0o222 or not os.access(target, os.W_OK):
        raise FixError("is read-only; fixes were not written")
    remove_stale_temporaries(target)

    def unchanged() -> None:
        # Immediately before the rename: an editor that saved the draft while the new text
        # was being written would otherwise lose that save without a word.
        if _stamp(target) != before or _content(target) != original:
            raise FixError(
                "was saved by another program while fixes were being written; that version "
                "was kept and no fixes were written; run again"
            )

    try:
        with atomic_output(target, "wb", before_replace=unchanged) as handle:
            handle.write(data)
    except OSError as exc:
        raise FixError(f"could not be written: {exc.strerror}") from None


STALE_AFTER = 3600  # seconds: a temporary file this old belongs to no running --fix


def _stamp(path: Path) -> tuple[int, int, int, int, int] | None:
    """(device, inode, size, modification time, mode bits) of path, or None if it is gone."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, stat.S_IMODE(st.st_mode))


def _content(path: Path) -> bytes | None:
    try:
        return read_regular(path, MAX_FIX_BYTES)
    except OSError:
        return None


def is_stale_temporary(folder: str, name: str, now: float) -> bool:
    """Whether ``folder/name`` is a temporary file a killed ``--fix`` left: named as
    _replace_bytes names them, a regular file (not a link) of this user's, over an hour old."""
    if not (name.startswith(".") and name.endswith(TEMP_SUFFIX)):
        return False
    try:
        st = os.lstat(os.path.join(folder, name))
    except OSError:
        return False
    return (
        stat.S_ISREG(st.st_mode)
        and (not hasattr(os, "getuid") or st.st_uid == os.getuid())
        and st.st_mtime < now - STALE_AFTER
    )


def remove_stale_temporaries(draft: Path) -> int:
    """Remove the temporary files a killed ``--fix`` of this draft left beside it."""
    import time

    folder = str(draft.parent)
    now = time.time()
    removed = 0
    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    prefix = f".{draft.name}."
    for name in names:
        if name.startswith(prefix) and is_stale_temporary(folder, name, now):
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(folder, name))
                removed += 1
    return removed
