"""One group's entry points, read the way importlib.metadata finds them, without importing it.

Plugins are found through the ``speechlint`` entry-point group at every start. Importing
``importlib.metadata`` (which imports email, zipfile, csv and more) cost ~20 ms, a tenth of a
warm run and more than the search itself, which needs only each distribution's
``entry_points.txt``. This module repeats what ``importlib.metadata.entry_points(group=...)``
does for the ordinary case — folders on ``sys.path`` holding ``*.dist-info`` and ``*.egg-info``
folders — in the same order and with the same rule for a distribution installed twice (the
first on ``sys.path`` wins, names compared after PEP 503 normalisation). Anything else (a zip
or egg on ``sys.path``, a metadata folder whose name it cannot read, an import finder other
than the standard one that provides distributions) is left to ``importlib.metadata`` itself.
A test compares the two on real and constructed environments.
"""

from __future__ import annotations

import os
import re
import sys
from importlib import import_module
from typing import Any, NamedTuple

_INFO_SUFFIXES = (".dist-info", ".egg-info")
# importlib.metadata.EntryPoint.pattern
_VALUE = re.compile(r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$")


class EntryPoint(NamedTuple):
    name: str
    value: str
    group: str

    def load(self) -> Any:
        """The object the entry point names (as importlib.metadata.EntryPoint.load)."""
        match = _VALUE.match(self.value)
        if match is None:
            raise ValueError(f"malformed entry point value {self.value!r}")
        target: Any = import_module(match.group("module"))
        for attr in filter(None, (match.group("attr") or "").split(".")):
            target = getattr(target, attr)
        return target


class _Unusual(Exception):
    """The environment has something only importlib.metadata reads right."""


def entry_points(group: str) -> list[EntryPoint]:
    """The entry points of ``group`` of the distributions on ``sys.path``."""
    try:
        return _scan(group)
    except _Unusual:
        from importlib.metadata import entry_points as from_metadata

        return [EntryPoint(ep.name, ep.value, ep.group) for ep in from_metadata(group=group)]


def _scan(group: str) -> list[EntryPoint]:
    from importlib.machinery import PathFinder

    if any(
        finder is not PathFinder and getattr(finder, "find_distributions", None) is not None
        for finder in sys.meta_path
    ):
        raise _Unusual
    seen: set[str] = set()
    found: list[EntryPoint] = []
    for root in sys.path:
        for info in _metadata_folders(root):
            name = _normalized(os.path.basename(info))
            if name in seen:
                continue
            seen.add(name)
            found += _read(info, group)
    return found


def _metadata_folders(root: str) -> list[str]:
    """The metadata folders in one ``sys.path`` entry, grouped by distribution name in the
    order importlib.metadata's ``Lookup`` lists them."""
    if not isinstance(root, str):
        raise _Unusual
    try:
        children = os.listdir(root or ".")
    except NotADirectoryError:
        raise _Unusual from None  # a zip file: importlib.metadata reads inside it
    except OSError:
        return []  # a folder that does not exist (python311.zip, typically) holds nothing
    if os.path.basename(root).lower().endswith(".egg"):
        raise _Unusual  # an unpacked egg keeps its metadata in EGG-INFO
    groups: dict[str, list[str]] = {}
    for child in children:
        low = child.lower()
        if low.endswith(_INFO_SUFFIXES):
            if not child.endswith(_INFO_SUFFIXES):
                # importlib.metadata then reads the name from the metadata file itself.
                raise _Unusual
            groups.setdefault(_normalized(child), []).append(os.path.join(root, child))
    return [path for paths in groups.values() for path in paths]


def _normalized(folder: str) -> str:
    """A distribution's name from its metadata folder's name (``Foo.Bar-1.0.dist-info``),
    PEP 503 normalised with underscores (``foo_bar``: importlib.metadata's
    Prepared.normalize of PathDistribution._name_from_stem)."""
    name = folder.rpartition(".")[0].partition("-")[0]
    return re.sub(r"[-_.]+", "-", name).lower().replace("-", "_")


def _read(info: str, group: str) -> list[EntryPoint]:
    """The entry points of ``group`` in one metadata folder's entry_points.txt (the format
    importlib.metadata's Sectioned reads: ``[group]`` lines, ``name = value`` lines, blank
    lines and ``#`` comments skipped)."""
    try:
        with open(os.path.join(info, "entry_points.txt"), encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError):
        return []
    out = []
    section = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line.strip("[]")
            continue
        if section == group and "=" in line:
            name, value = line.split("=", 1)
            out.append(EntryPoint(name.strip(), value.strip(), group))
    return out
