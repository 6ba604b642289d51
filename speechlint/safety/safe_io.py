"""Reading and writing files that may come from someone else.

Speech folders are shared between offices and cloned from colleagues, so any path speechlint
opens may be a FIFO, a device, a link to ``/dev/zero`` or a file of gigabytes. Everything read
here is checked to be a regular file before a byte is read (opened with ``O_NONBLOCK``, so
that opening a FIFO cannot wait for a writer) and read up to a stated limit. Everything
written here goes through a temporary file beside the target and a rename, so a reader (or
the user) sees the old file or the new one, never a part.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

# Limits for files that are not drafts: a config, a baseline, a wording list, a cache index.
CONFIG_LIMIT = 1024 * 1024
DATA_LIMIT = 16 * 1024 * 1024
BASELINE_LIMIT = 256 * 1024 * 1024


class UnsafeFile(OSError):
    """A path that is not a regular file, or one over its size limit: ``reason`` says which
    and what to do, in words that follow the file's name."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.strerror = reason


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_regular(path: str | os.PathLike[str], limit: int | None, *, follow: bool = True) -> bytes:
    """The bytes of the regular file at path, or UnsafeFile (not a regular file, or larger
    than ``limit`` bytes) or another OSError. ``follow`` False: a symbolic link is refused
    (files only speechlint itself writes, such as the cache's)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if not follow and os.path.islink(path):
            raise UnsafeFile("is a symbolic link; speechlint does not follow it here") from exc
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UnsafeFile(f"is {_kind(st.st_mode)}, not a file; give a regular file")
        if limit is not None and st.st_size > limit:
            raise UnsafeFile(f"is larger than {_size(limit)}; not read")
        # Plain reads of the size fstat gave (and on, should the file grow): no buffered
        # file object for a draft read once.
        want = st.st_size + 1 if limit is None else min(st.st_size, limit) + 1
        chunks = [os.read(fd, want)]
        while chunks[-1] and (limit is None or sum(map(len, chunks)) <= limit):
            chunks.append(os.read(fd, 1 << 20))
        data = b"".join(chunks)
    finally:
        os.close(fd)
    if limit is not None and len(data) > limit:  # it grew while being read
        raise UnsafeFile(f"is larger than {_size(limit)}; not read")
    return data


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{n} bytes"


def file_identity(path: str | os.PathLike[str]) -> tuple[int, int] | None:
    """(device, inode) of the file path names (links followed), or None if there is none."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


# The ending of every temporary file written here (``.<name>.<random>.speechlint-tmp``): what
# the next --fix of a draft and ``speechlint clean`` remove once a killed run left it.
TEMP_SUFFIX = ".speechlint-tmp"


@contextlib.contextmanager
def atomic_output(
    path: Path, mode: str = "w", before_replace: Callable[[], None] | None = None
) -> Iterator[IO[Any]]:
    """A file object whose content replaces ``path`` when the block ends without an error
    (text mode as UTF-8, or ``"wb"``): flushed, fsynced, renamed over the target, the rename
    made durable. ``before_replace`` runs immediately before the rename and may raise to stop
    it. On any error nothing is replaced and no temporary file stays. An existing target
    keeps its permission bits; a new one gets those a plain open() would give it."""
    import tempfile

    folder = path.parent
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=folder)
    try:
        encoding = None if "b" in mode else "utf-8"
        with os.fdopen(fd, mode, encoding=encoding) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _mode_for(path))
        if before_replace is not None:
            before_replace()
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _mode_for(path: Path) -> int:
    """The permission bits of path, or (mkstemp makes 0600 files) those a plain open() gives a
    new file under the current umask."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Replace path's content with data through a temporary file and a rename."""
    with atomic_output(path, "wb") as handle:
        handle.write(data)
