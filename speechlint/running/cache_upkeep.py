"""Keeping the results cache from growing without bound.

Entries are keyed by a draft's content and settings, so every edit of a draft adds an entry
and leaves the last one behind, and a speechlint whose cache layout changed (a new ``FORMAT``)
starts a new ``v<N>`` folder beside the old one. Without upkeep a shared folder's cache only
grows: for 2,000 drafts, ~65 MB a format. At most once a day (``TIDY_EVERY``), a run that
saves the stat index removes:

- the folders of older cache formats (``v<N>`` below the current one; a newer speechlint's
  folder is left to it);
- entries the stat index does not name as a draft's latest and that were written more than
  ``ENTRY_DAYS`` ago (what another selection of rules still uses is merely checked again);
- temporary files a killed run left behind, older than ``TMP_AGE``.

Each removal is allowed to fail: another run may be removing or writing the same files.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Set
from dataclasses import dataclass

from speechlint.running.cache import ENTRY_SUFFIX

TIDY_EVERY = 24 * 3600  # seconds between two runs' upkeep of the same cache
ENTRY_DAYS = 30
TMP_AGE = 3600  # seconds: a temporary file this old belongs to no live run


@dataclass
class Tidied:
    """What one upkeep removed."""

    formats: int = 0  # older format folders
    entries: int = 0
    temporary: int = 0


def is_due(last_tidied: object, now: float) -> bool:
    """Whether a cache last tidied at ``last_tidied`` (seconds since the epoch, as the stat
    index's header records it; anything else means never) is due for upkeep at ``now``."""
    if type(last_tidied) is not int and type(last_tidied) is not float:
        return True
    # A clock set back (or a header from the future) must not put upkeep off for years.
    return not (now - TIDY_EVERY < last_tidied <= now)


def tidy(format_dir: str, current: int, live: Set[str], now: float) -> Tidied:
    """Remove from the cache folder ``format_dir`` (``.speechlint_cache/v<current>``) the
    entries that are not in ``live`` (the keys the stat index names) and are older than
    ``ENTRY_DAYS``, old temporary files, and the sibling folders of older formats."""
    done = Tidied()
    entry_limit = now - ENTRY_DAYS * 86400
    tmp_limit = now - TMP_AGE
    for name in _names(os.path.dirname(format_dir)):
        if name[:1] == "v" and name[1:].isdigit() and int(name[1:]) < current:
            old = os.path.join(os.path.dirname(format_dir), name)
            if os.path.isdir(old) and not os.path.islink(old):
                shutil.rmtree(old, ignore_errors=True)
                done.formats += not os.path.lexists(old)
    with contextlib.suppress(OSError), os.scandir(format_dir) as found:
        for item in found:
            name = item.name
            if name.endswith(ENTRY_SUFFIX):
                if name[: -len(ENTRY_SUFFIX)] not in live:
                    done.entries += _remove_if_older(item, entry_limit)
            elif name.endswith(".tmp"):
                done.temporary += _remove_if_older(item, tmp_limit)
    return done


def _names(folder: str) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:
        return []


def _remove_if_older(item: os.DirEntry[str], limit: float) -> int:
    """1 if the file ``item`` was last modified before ``limit`` and is now removed, else 0."""
    try:
        if not item.is_file(follow_symlinks=False) or item.stat().st_mtime >= limit:
            return 0
        os.unlink(item.path)
    except OSError:  # gone already, or not ours to remove
        return 0
    return 1
