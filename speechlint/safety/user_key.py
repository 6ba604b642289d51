"""The secret that tells speechlint's own cache files from anybody else's.

A results cache lies in the checked folder, and a folder cloned from a colleague can ship one;
the compiled-pattern file lies in the user's cache directory. Neither may be trusted for
being there: every cache file speechlint writes carries a keyed BLAKE2b digest (a MAC) made
with this key, and a file whose digest does not match is ignored as if it were missing. The
key is 32 random bytes in ``key`` in the user's cache directory (``$XDG_CACHE_HOME/speechlint``
or ``~/.cache/speechlint``; ``$SPEECHLINT_KEY_DIR`` overrides), made on first use with mode
0600 in a folder of mode 0700. A key file that is a link, not a regular file, not the user's
own, readable by others or of the wrong size is not used; without a usable key the caches are
simply off.
"""

from __future__ import annotations

import contextlib
import functools
import os
import stat
import sys

KEY_BYTES = 32
MAC_BYTES = 16  # hex: 32 characters at the head of each cache file


def key_directory() -> str | None:
    """Where the key lives; None when there is no home to keep it in."""
    return os.environ.get("SPEECHLINT_KEY_DIR") or user_cache_folder()


def user_cache_folder() -> str | None:
    """speechlint's folder in the user's cache directory, as black and pre-commit keep theirs:
    ``$XDG_CACHE_HOME/speechlint`` or ``~/.cache/speechlint`` (``~/Library/Caches`` on macOS,
    ``%LOCALAPPDATA%`` on Windows); None when there is no home to expand."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
    elif sys.platform == "darwin":
        base = os.path.expanduser("~/Library/Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    if not base or base.startswith("~"):
        return None
    return os.path.join(base, "speechlint")


@functools.cache  # once a process (a forked worker inherits it)
def user_key() -> bytes | None:
    """This user's cache key, made on first use; None when none can be kept safely."""
    folder = key_directory()
    if folder is None:
        return None
    path = os.path.join(folder, "key")
    key = _read_key(path)
    if key is not None:
        return key
    with contextlib.suppress(OSError):
        os.makedirs(folder, mode=0o700, exist_ok=True)
    tmp = f"{path}.{os.getpid()}.new"
    try:
        fd = os.open(
            tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600
        )
    except OSError:
        return None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(os.urandom(KEY_BYTES))
        # link() fails if another process made the key first: then its key is the one.
        with contextlib.suppress(OSError):
            os.link(tmp, path)
    except OSError:
        return None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    return _read_key(path)


def _read_key(path: str) -> bytes | None:
    try:
        fd = os.open(
            path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if (
            not stat.S_ISREG(st.st_mode)
            or st.st_size != KEY_BYTES
            or (hasattr(os, "geteuid") and st.st_uid != os.geteuid())
            or (os.name == "posix" and st.st_mode & 0o077)
        ):
            return None
        data = os.read(fd, KEY_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if len(data) == KEY_BYTES else None


def mac(key: bytes, *parts: bytes | memoryview) -> str:
    """The keyed digest of parts (BLAKE2b's own keyed mode is a MAC), as hex."""
    from speechlint.safety.digests import keyed_blake2b

    h = keyed_blake2b(key, MAC_BYTES)
    for part in parts:
        h.update(part)
    return h.hexdigest()  # type: ignore[no-any-return]
