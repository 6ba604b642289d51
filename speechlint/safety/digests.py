"""Digests, without loading OpenSSL where Python's own code will do.

Importing hashlib loads OpenSSL (~3.5 ms and 2 MB here), which most runs never need: one with
--no-cache, a warm run whose drafts the stat index knows, a run that reports nothing. BLAKE2b
comes from Python's own ``_blake2``; hashlib is imported on the first SHA-256.
"""

from __future__ import annotations

from typing import Any

try:
    # Bound once: an import statement in a function ran at each of a warm run's 2,000 cache
    # keys (~1.3 µs each, half a key's cost).
    from _blake2 import blake2b as _blake2b_type

    _blake2b: Any = _blake2b_type
except ImportError:  # pragma: no cover - every CPython build we know has it
    _blake2b = None


def sha256(data: bytes = b"") -> Any:
    """hashlib.sha256, with hashlib imported on first use."""
    import hashlib

    return hashlib.sha256(data)


def blake2b(data: bytes = b"", digest_size: int = 64) -> Any:
    """BLAKE2b (what hashlib.blake2b gives), without importing hashlib."""
    if _blake2b is None:  # pragma: no cover
        import hashlib

        return hashlib.blake2b(data, digest_size=digest_size)
    return _blake2b(data, digest_size=digest_size)


def keyed_blake2b(key: bytes, digest_size: int) -> Any:
    """BLAKE2b in its keyed mode (a MAC), without importing hashlib."""
    if _blake2b is None:  # pragma: no cover
        import hashlib

        return hashlib.blake2b(key=key, digest_size=digest_size)
    return _blake2b(key=key, digest_size=digest_size)


def key_hash(data: bytes = b"") -> Any:
    """The hash that names cached things (entries, settings, code): BLAKE2b of 32 bytes, or
    SHA-256 where an interpreter was built without _blake2."""
    if _blake2b is None:  # pragma: no cover
        return sha256(data)
    return _blake2b(data, digest_size=32)


def file_digest(path: str) -> str | None:
    """key_hash of a file's bytes, as hex; None when it cannot be read."""
    from speechlint.safety.safe_io import DATA_LIMIT, read_regular

    try:
        # Only a regular file, and at most DATA_LIMIT of it: a wording list named as
        # /dev/zero must not hang the settings' fingerprint.
        return key_hash(read_regular(path, DATA_LIMIT)).hexdigest()  # type: ignore[no-any-return]
    except OSError:
        return None
