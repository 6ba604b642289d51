"""Writing a file so that a reader sees its old bytes or its new ones, never a part."""

from __future__ import annotations

import contextlib
import itertools
import os
from collections.abc import Iterable

_COUNT = itertools.count()  # numbers this process's temporary files


def write_atomically(path: str, chunks: Iterable[bytes]) -> bool:
    """Write ``chunks`` to ``path`` through a temporary file beside it and a rename. False,
    with no temporary file left behind, if any step fails; the caller decides whether that
    matters (for the caches it never does)."""
    # A name no other writer uses: this process's id and its own count. tempfile.mkstemp's
    # random names and checks cost a tenth of a cache entry's write. The ".tmp" ending is
    # what cache_upkeep removes once a killed run has left it an hour.
    tmp = f"{path}.{os.getpid()}-{next(_COUNT)}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
        os.replace(tmp, path)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return False
    return True
