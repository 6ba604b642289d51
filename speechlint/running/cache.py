"""A cache of per-file results keyed by file content, effective settings, version and the
code and data files that checked (see settings_fingerprint).

Re-checking an unchanged folder loads a small file per draft instead of parsing and
running rules. The content of a draft is known by its SHA-256; a stat index remembers each
draft's digest with its size, modification and change times and inode, so a draft whose
``stat`` is unchanged is not even read again (as git's index does; a draft changed within the
last seconds is not remembered, since a second change in the same clock tick could keep its
times). An entry is JSON lines: a header line with the findings counted by rule (all a
``--statistics`` or exit-status run needs), then one line per finding, decoded only when a
formatter asks for them. Entries hold findings only, never report text: every report is
made by its formatter from the findings. The stat index also keeps, beside each draft's
digest, the key of its last entry and that entry's counts: a run that needs only counts
(``--statistics``) then opens no entry at all for an unchanged draft, one file read for the
whole folder instead of one per draft.

The folder may come from anywhere (a cloned repository can ship one), so nothing in it is
trusted beyond what is checked: it is plain data (JSON, which decodes to lists, strings and
numbers and runs no code); each file's first line carries a MAC made with this user's private
key (see user_key), so an entry or index another user or a hand wrote is a miss; and every
value is checked for its type and shape before use. Anything unreadable, corrupted, too large
or written by another version is ignored (a miss), never fatal. Writes are atomic (temporary
file + rename).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from speechlint import __version__
from speechlint.checking.diagnostics import Severity
from speechlint.checking.report import CountRow, FileResult, Row
from speechlint.safety.atomic_write import write_atomically
from speechlint.safety.digests import file_digest, key_hash, sha256
from speechlint.safety.safe_io import UnsafeFile, read_regular
from speechlint.safety.user_key import mac, user_key

CACHE_DIR = ".speechlint_cache"
FORMAT = 13  # bump when the stored rows, the keys, the stat index or the folder's layout change
# The stat index: a line "<MAC> <JSON header>" ({"n": ..., "tidied": ...}: the body's length,
# when cache_upkeep last ran), where the MAC (user_key.mac) covers the header and the body,
# then the body, one JSON object:
# {"counts": [[code, name, severity, fixable, n], ...],
#  "files": {absolute path: [size, mtime_ns, ctime_ns, inode, digest, key, counts]}}
# where a draft's counts are indexes into the shared table of count rows, and key and counts
# are those of the draft's last cache entry (absent until one is written or read). A folder's
# drafts share a few hundred distinct count rows: an index per row is one small integer to
# decode and a row shared, not built, for each draft.
INDEX = "stat-index"
# An entry: a line "<MAC> <JSON header>", then one JSON array per finding (a Row, see
# checking.report, with the severity as its number), each on its own line.
ENTRY_SUFFIX = ".jsonl"
CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by speechlint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
# A draft modified or changed less than this long ago is hashed every time (racily clean).
RACY_SECONDS = 2.0
# The stat index keeps other runs' drafts up to this many entries (~150 bytes each).
INDEX_KEEP = 20_000
# Larger files in the cache folder are not read (a link to /dev/zero, a planted giant).
INDEX_LIMIT = 256 * 1024 * 1024
ENTRY_LIMIT = 512 * 1024 * 1024


def refusal(root: Path) -> str | None:
    """Why the cache under root cannot be used, or None. A cache folder (or its format folder)
    that is a symbolic link is refused: upkeep would delete and write where it points (a
    cloned repository's ``.speechlint_cache -> ..``). (Without a usable key, see user_key, a
    Cache reads and writes nothing: no entry could be proved this user's.)"""
    for shown in (CACHE_DIR, f"{CACHE_DIR}/v{FORMAT}"):
        folder = root / shown
        if os.path.islink(folder):
            return f"{shown} is a symbolic link; the cache is not used (remove the link)"
        if os.path.lexists(folder) and not os.path.isdir(folder):
            return f"{shown} is not a folder; the cache is not used (remove it)"
    return None


def settings_fingerprint(settings: Any, encoding: str | None = None) -> str:
    """What a draft's entry depends on besides the draft: speechlint's build, the selected
    rules and the code that defines them, their options and the files those name, the
    severities, the genre the config sets, and the encoding forced with --encoding."""
    data = {
        "version": __version__,
        "format": FORMAT,
        "build": _own_build(),
        "rules": sorted(r.code for r in settings.rules),
        "plugins": _plugin_code(settings.rules),
        "options": {k: settings.options[k] for k in sorted(settings.options)},
        "files": _option_files(settings),
        "severities": {k: int(v) for k, v in sorted(settings.severities.items())},
        "genre": settings.genre,
        "encoding": encoding,
    }
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return str(key_hash(text.encode("utf-8")).hexdigest())


# -- the code and data a check ran with -------------------------------------------------------
# The version alone does not name them: a source tree or a git install keeps its version from
# edit to edit, and a plugin file or a wording list named in the config changes with no version
# at all. Without these, an edited rule's old findings came back from the cache.


def _file_digest(path: str) -> str:
    """A file's digest, or "-" when it cannot be read (the check then reports that)."""
    return file_digest(path) or "-"


def installed_record(package: str) -> str | None:
    """The digest of the RECORD pip wrote when it installed the package folder ``package``
    from a wheel. RECORD lists every installed file with its SHA-256, so it names the build: a
    reinstall of the same wheel, or another machine with it (a CI job), keeps the cache. None
    for a source tree or an editable install, whose code does not lie beside a RECORD."""
    record = os.path.join(os.path.dirname(package), f"speechlint-{__version__}.dist-info", "RECORD")
    try:
        with open(record, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    name = os.path.basename(package).encode()
    return key_hash(data).hexdigest() if name + b"/__init__.py" in data else None


def folder_stamp(folder: str) -> str:
    """The names, sizes and modification times of the files below ``folder`` (``__pycache__``
    left out): a source tree's edits change it, and a stat per file costs ~1 ms in all."""
    h = key_hash()
    for here, folders, files in os.walk(folder):
        folders[:] = sorted(f for f in folders if f != "__pycache__")
        for name in sorted(files):
            path = os.path.join(here, name)
            try:
                st = os.stat(path)
            except OSError:
                continue
            line = f"{os.path.relpath(path, folder)}\0{st.st_size}\0{st.st_mtime_ns}\n"
            h.update(line.encode("utf-8", "surrogateescape"))
    return str(h.hexdigest())


def package_folder() -> str:
    """The folder of the speechlint package itself (this module lies two levels below it):
    every layer's code, not only this one's, names the build."""
    import speechlint

    return os.path.dirname(os.path.abspath(speechlint.__file__))


@functools.cache  # once a process: its code is loaded once
def _own_build() -> str:
    """speechlint's own code and data (the engine, the built-in rules and their lists)."""
    package = package_folder()
    stamp = installed_record(package)
    if stamp is None:
        # The built-in rules may live outside the package folder (rules/ in a source tree,
        # installed as speechlint.rules).
        rules = getattr(sys.modules.get("speechlint.rules"), "__file__", None)
        folders = {package} | ({os.path.dirname(os.path.abspath(rules))} if rules else set())
        stamp = "+".join(folder_stamp(f) for f in sorted(folders))
    return stamp


def _plugin_code(rules: Any) -> dict[str, str]:
    """The source file of each module outside speechlint that defines a selected rule, by
    its content (read at each fingerprint, a few per run: a plugin file edited between two
    checks in one process is loaded anew by a new plugin manager)."""
    out: dict[str, str] = {}
    for rule in rules:
        module = rule.__module__
        if module == "speechlint" or module.startswith("speechlint."):
            continue
        path = getattr(sys.modules.get(module), "__file__", None)
        key = path or module
        if key not in out:
            out[key] = _file_digest(path) if path else "-"
    return dict(sorted(out.items()))


def _option_files(settings: Any) -> dict[str, str]:
    """The files that path options name (WD005's wording lists), by their content."""
    out: dict[str, str] = {}
    for rule in settings.rules:
        names = [name for name, option in rule.options.items() if option.paths]
        if names:
            # As the rule reads them: names with - or _, defaults where none is given.
            resolved = rule.resolve_options(settings.options.get(rule.code) or {})
            for name in names:
                for path in resolved[name] or ():
                    out[str(path)] = _file_digest(str(path))
    return dict(sorted(out.items()))


def _encode_rows(rows: list[Row]) -> bytes:
    """Rows as JSON lines: one array a finding, the severity (an IntEnum) as its number."""
    dumps = _ROW_ENCODER.encode
    lines = [dumps([*r[:7], int(r[7]), *r[8:]]) for r in rows]
    lines.append("")
    return "\n".join(lines).encode("utf-8", "surrogateescape")


# Compact, and the text as it is: drafts are Chinese, and escaped they would take ~3x the bytes.
_ROW_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)
_SEVERITIES = {int(s): s for s in Severity}
_ROW_LENGTH = 17


def _decode_rows(body: bytes | memoryview) -> list[Row]:
    """The rows _encode_rows wrote, or ValueError (KeyError, TypeError) when the body is not
    such lines. Only the rows' shape is checked here: their types were checked before they
    were written (put), and the MAC the caller checked proves these are the bytes written.
    (Checking every field again cost more than decoding: a warm text report 1.2 s -> 2.3 s.)"""
    data = bytes(body)
    if not data:
        return []
    if not data.endswith(b"\n"):
        raise ValueError("damaged cache entry")
    # One document of all the lines (a raw newline never occurs inside a JSON value): one
    # call into the C decoder instead of one a finding.
    joined = b"[" + data[:-1].replace(b"\n", b",") + b"]"
    decoded = json.loads(joined.decode("utf-8", "surrogateescape"))
    severities = _SEVERITIES
    # Each row stays the list JSON gave, fixed in place: rows are only indexed, and building
    # a tuple of each cost four times as much (a warm text report of 145,000 findings: 0.27 s).
    for r in decoded:
        if type(r) is not list or len(r) != _ROW_LENGTH:
            raise ValueError("damaged cache entry")
        r[7] = severities[r[7]]
        edits, related = r[10], r[15]
        r[10] = tuple(map(tuple, edits)) if edits else ()
        r[15] = tuple(map(tuple, related)) if related else ()
    return cast("list[Row]", decoded)


def _check_rows(rows: list[Row]) -> None:
    """ValueError unless every row has the types a Row has (so a formatter never meets a
    string where a number belongs, whatever the file held)."""
    for r in rows:
        if not (
            type(r[0]) is int and type(r[1]) is int and type(r[2]) is int and type(r[3]) is int
            and type(r[4]) is str and type(r[5]) is str and type(r[6]) is str
            and type(r[8]) is str and (r[9] is None or type(r[9]) is str)
            and type(r[11]) is str and type(r[12]) is str
            and type(r[13]) is int and type(r[14]) is int and type(r[16]) is int
            and all(len(e) == 5 and type(e[4]) is str
                    and all(type(x) is int for x in e[:4]) for e in r[10])
            and all(all(type(v) is int or type(v) is str for v in x) for x in r[15])
        ):  # fmt: skip
            raise ValueError("damaged cache entry")


def _first_line(name: str) -> tuple[bytes, int]:
    """(the file's first line with its newline, or all of it if it has none; its size), read
    with plain system calls: no buffered file object for a line of a few hundred bytes."""
    fd = os.open(name, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UnsafeFile("not a regular file")
        data = os.read(fd, 4096)
        while b"\n" not in data and len(data) < 1024 * 1024:
            more = os.read(fd, 65536)
            if not more:
                break
            data += more
        size = os.fstat(fd).st_size
    finally:
        os.close(fd)
    end = data.find(b"\n") + 1
    return (data[:end] if end else data), size


class Cache:
    def __init__(self, root: Path, findings_needed: bool = True) -> None:
        """findings_needed False: the run reads only counts (``--statistics``, the exit
        status), so ``get`` reads an entry's first line and leaves the findings on disk."""
        self.findings_needed = findings_needed
        self._key = user_key() or b""  # refusal() said whether there is one
        self.root = root  # a worker process opens its own Cache here to write entries
        self.dir = root / CACHE_DIR / f"v{FORMAT}"
        self._dir = str(self.dir)
        self.hits = 0
        self.misses = 0
        # path -> [size, mtime_ns, ctime_ns, inode, digest(, key, counts)]; loaded on first use.
        self._index: dict[str, list[Any]] | None = None
        self._counts: list[CountRow] = []  # the index's table of count rows
        self._count_ids: dict[CountRow, int] = {}
        self._index_changed = False
        self._tidied: object = None  # when upkeep last ran (the index's header says)
        self._made = False  # whether this run has made sure the folder exists
        # A draft's folder as given -> its absolute name with a trailing separator.
        self._folders: dict[str, str] = {}
        self._seen: set[str] = set()  # the drafts this run asked about

    @staticmethod
    def key(digest: str, shown: str, settings_fp: str) -> str:
        """The entry for a draft whose bytes have this ``digest``, shown under this name,
        checked with these settings."""
        # One buffer: the same bytes as hashing the three parts in turn (the fingerprint and
        # the digest are ASCII), for ~half the instructions of a warm run's key.
        data = f"{settings_fp}\0{shown}\0{digest}".encode("utf-8", "surrogateescape")
        return str(key_hash(data).hexdigest())

    def digest(self, path: Path | str) -> str | None:
        """The SHA-256 of the file's bytes (None if it cannot be read): see lookup."""
        found = self.lookup(path)
        return None if found is None else found[1]

    def lookup(self, path: Path | str) -> tuple[str, str] | None:
        """(the file's absolute name, the SHA-256 of its bytes), or None if it cannot be read:
        the digest from the stat index when size, times and inode are as recorded, else read,
        hashed and recorded. A warm run over 2,000 drafts then reads none of them (reading and
        hashing them was a third of its time). The name is what summary and remember take."""
        name = self._absolute(path)
        try:
            st = os.stat(name)
        except OSError:
            return None
        stamp = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
        index = self._load_index()
        self._seen.add(name)
        known = index.get(name)
        if known is not None and known[:4] == stamp:
            return name, known[4]
        if not stat.S_ISREG(st.st_mode):
            return None  # a FIFO or device: the check itself says what it is
        try:
            digest = sha256(read_regular(name, ENTRY_LIMIT)).hexdigest()
        except OSError:
            return None
        # Recorded only when both times lie safely in the past: a file written twice within
        # one tick of a coarse clock would otherwise keep the stamp of its first version.
        settled = time.time_ns() - int(RACY_SECONDS * 1e9)
        if st.st_mtime_ns < settled and st.st_ctime_ns < settled:
            index[name] = [*stamp, digest]
            self._index_changed = True
        elif known is not None:
            del index[name]  # its record, summary included, is out of date
            self._index_changed = True
        return name, digest

    def _absolute(self, path: Path | str) -> str:
        """os.path.abspath(path), normalising each folder once, not each of its drafts."""
        path = os.fspath(path)
        if os.altsep is None:
            # Split at the last separator by hand, and join by concatenation: posixpath's
            # split and join were ~14K instructions a draft, a tenth of a warm run's loop.
            cut = path.rfind(os.sep) + 1
            folder, leaf = path[:cut], path[cut:]
        else:  # Windows: either separator, and drive letters
            folder, leaf = os.path.split(path)
        if leaf in ("", os.curdir, os.pardir):
            return os.path.abspath(path)
        prefix = self._folders.get(folder)
        if prefix is None:
            prefix = self._folders[folder] = os.path.join(os.path.abspath(folder or os.curdir), "")
        return prefix + leaf

    def has_summary(self, name: str, key: str) -> bool:
        """Whether the stat index remembers counts of entry ``key`` for the draft ``name``
        (summary reads them, and may still find them unreadable)."""
        record = self._load_index().get(name)
        return record is not None and len(record) == 7 and record[5] == key

    def summary(self, name: str, key: str) -> list[CountRow] | None:
        """The counts of entry ``key`` as the stat index remembers them for the draft ``name``
        (from lookup), or None: a counts-only run needs nothing else of an unchanged draft.
        They are the counts the entry's header holds (remember is given them as the entry is
        written or read), so they stand even if the entry itself has since been removed."""
        record = self._load_index().get(name)
        if record is None or len(record) != 7 or record[5] != key:
            return None
        # The index passed its MAC as it loaded: these are the integers save_index wrote.
        try:
            return list(map(self._counts.__getitem__, record[6]))
        except (IndexError, TypeError):
            del record[5:]  # forgotten, so that remember writes it anew from the entry
            self._index_changed = True
            return None

    def remember(self, name: str, key: str, counts: list[CountRow]) -> None:
        """Note in the stat index that the draft ``name`` has entry ``key`` with these counts
        (only for a draft the index records: one changed just now is not)."""
        record = self._load_index().get(name)
        if record is None or record[5:6] == [key]:
            return  # not recorded, or already known: a key fixes its entry's counts
        ids = self._count_ids
        row_ids: list[int] = []
        for code, rule_name, severity, safe, n in counts:
            row = (code, rule_name, _SEVERITIES[int(severity)], bool(safe), n)
            row_id = ids.get(row)
            if row_id is None:
                row_id = ids[row] = len(self._counts)
                self._counts.append(row)
            row_ids.append(row_id)
        record[5:] = [key, row_ids]
        self._index_changed = True

    def _load_index(self) -> dict[str, list[Any]]:
        if self._index is None:
            self._index = {}
            try:
                data = read_regular(os.path.join(self._dir, INDEX), INDEX_LIMIT, follow=False)
                # A MAC, then a header line with the body's length: an index this user's
                # speechlint did not write, or a damaged one, is ignored whole.
                head_end = data.index(b"\n") + 1
                body = data[head_end:]
                head = json.loads(self._unsigned(data[:head_end], body))
                if head.get("n") != len(body):
                    raise ValueError("damaged stat index")
                loaded = json.loads(body.decode("utf-8", "surrogateescape"))
                tidied = head.get("tidied")
                counts = [
                    (code, name, _SEVERITIES[severity], bool(safe), n)
                    for code, name, severity, safe, n in loaded["counts"]
                ]
                if not all(
                    isinstance(c[0], str) and isinstance(c[1], str) and type(c[4]) is int
                    for c in counts
                ):
                    raise ValueError("damaged stat index")
                files = loaded["files"]
                index = {}
                for name, record in files.items():
                    if (
                        isinstance(record, list)
                        and len(record) in (5, 7)
                        and all(type(x) is int for x in record[:4])
                        and isinstance(record[4], str)
                        and (len(record) == 5 or isinstance(record[5], str))
                    ):
                        index[name] = record
                self._index = index
                self._counts = counts
                self._count_ids = {row: i for i, row in enumerate(counts)}
                self._tidied = tidied
            except (OSError, ValueError, EOFError, KeyError, TypeError, AttributeError):
                pass  # no index or a damaged one: every draft is hashed, as without it
        return self._index

    def save_index(self) -> None:
        """Write the stat index if this run added to it (atomically; never fatal). Runs at
        the same time may each write theirs: the last one wins, and what the other learned
        is merely learned again."""
        if not self._index_changed or self._index is None:
            return
        self._index_changed = False
        # Drafts checked by other runs from this folder stay known, but not without bound:
        # an index grown far past what this run checks keeps only this run's drafts.
        if len(self._index) > max(INDEX_KEEP, 2 * len(self._seen)):
            self._index = {k: v for k, v in self._index.items() if k in self._seen}
        # The table keeps the count rows the kept drafts use, renumbered in that order.
        ids: dict[int, int] = {}
        table: list[list[Any]] = []
        for record in self._index.values():
            if len(record) != 7:
                continue
            try:
                for old in record[6]:
                    if old not in ids:
                        code, name, severity, safe, n = self._counts[old]
                        ids[old] = len(table)
                        table.append([code, name, int(severity), safe, n])
                record[6] = [ids[old] for old in record[6]]
            except (IndexError, TypeError):  # damaged (no run asked for it): forgotten
                del record[5:]
        self._counts = [(c, n, _SEVERITIES[s], safe, k) for c, n, s, safe, k in table]
        self._count_ids = {row: i for i, row in enumerate(self._counts)}
        data = json.dumps(
            {"counts": table, "files": self._index}, ensure_ascii=False, separators=(",", ":")
        ).encode("utf-8", "surrogateescape")
        head: dict[str, Any] = {"n": len(data)}
        now = time.time()
        # Here, in a run that changed the index, and at most once a day: a warm run over an
        # unchanged folder never lists the cache.
        from speechlint.running import cache_upkeep

        if cache_upkeep.is_due(self._tidied, now):
            live = {record[5] for record in self._index.values() if len(record) == 7}
            cache_upkeep.tidy(self._dir, FORMAT, live, now)
            self._tidied = int(now)
        head["tidied"] = self._tidied
        line = json.dumps(head).encode() + b"\n"
        self._write(os.path.join(self._dir, INDEX), [self._signed(line, data), data])

    def _signed(self, line: bytes, *parts: bytes) -> bytes:
        """A cache file's first line: "<MAC> " and line (one line of JSON), the MAC covering
        the line and the parts that follow it."""
        return mac(self._key, line, *parts).encode() + b" " + line

    def _unsigned(self, signed: bytes, *parts: bytes) -> bytes:
        """The line _signed signed (with these parts), or ValueError when its MAC does not
        prove that this user's speechlint wrote it."""
        cut = signed.index(b" ")
        line = signed[cut + 1 :]
        if not self._key or signed[:cut].decode("ascii") != mac(self._key, line, *parts):
            # A plain comparison: the MAC is checked against files, not against an attacker
            # who can time it.
            raise ValueError("not written by this user's speechlint")
        return line

    def _name(self, key: str) -> str:
        # Plain strings: building Path objects was a visible share of a warm run. One folder,
        # not git's two-character subfolders: in a micro-benchmark on ext4, writing 2,000
        # entries into 256 subfolders took 0.43-0.62 s, into one folder 0.12-0.13 s, and a
        # folder of 10,000 names is nothing to a file system of today. Upkeep
        # (cache_upkeep) keeps the count down.
        return os.path.join(self._dir, key + ENTRY_SUFFIX)

    def has(self, key: str) -> bool:
        """Whether an entry exists (cheap; get() still validates it)."""
        return os.path.isfile(self._name(key))

    def get(self, key: str, recheck: Callable[[], FileResult] | None = None) -> FileResult | None:
        """The stored result, or None (a miss) for a missing, foreign or damaged entry.

        When findings are not needed only the header line is read (the findings are most of
        the bytes), its length is checked against the file's, and the findings' MAC is
        checked only if they are loaded after all; findings that prove damaged then (or whose
        rows are not of a Row's types) call recheck."""
        name = self._name(key)
        try:
            if self.findings_needed:
                data = read_regular(name, ENTRY_LIMIT, follow=False)
                head_end = data.index(b"\n") + 1
                head = data[:head_end]
                size = len(data)
            else:
                head, size = _first_line(name)
                data = None
            # The first line is "<MAC> <header>": its MAC covers the header, and the header
            # names the MAC of the findings.
            raw = json.loads(self._unsigned(head))
            if raw.get("v") != __version__ or raw.get("k") != key:
                raise ValueError("foreign cache entry")
            path = raw["path"]
            counts = [(c, n, _SEVERITIES[s], bool(safe), k) for c, n, s, safe, k in raw["counts"]]
            findings_mac, n = raw["fm"], raw["n"]
            # The findings are decoded later, when no miss can be reported any more: check
            # now, cheaply, that the parts are those that were written.
            if (
                not isinstance(path, str)
                or not isinstance(findings_mac, str)
                or not head.endswith(b"\n")
                or type(n) is not int
                or n != size - len(head)
                or not all(type(c[0]) is str and type(c[1]) is str and type(c[4]) is int
                           for c in counts)
            ):  # fmt: skip
                raise ValueError("damaged cache entry")
            checked = False  # the findings' MAC, checked now or in load_rows
            if data is not None:
                if mac(self._key, memoryview(data)[len(head) :]) != findings_mac:
                    raise ValueError("damaged cache entry")
                checked = True
        except (OSError, ValueError, KeyError, TypeError, UnicodeError):
            self.misses += 1
            return None
        self.hits += 1

        def load_rows() -> list[Row]:
            if data is not None:  # a view, not a copy: most warm hits never come here
                body: bytes | memoryview = memoryview(data)[len(head) :]
            else:  # left on disk: read it now
                try:
                    body = read_regular(name, ENTRY_LIMIT, follow=False)[len(head) :]
                except OSError:
                    body = b""
            try:
                if not checked and mac(self._key, body) != findings_mac:
                    raise ValueError("damaged cache entry")
                return _decode_rows(body)
            except (ValueError, KeyError, TypeError, IndexError, UnicodeError):
                if recheck is None:
                    raise ValueError(f"{path}: damaged cache entry; run with --no-cache") from None
                return recheck().rows()

        return FileResult(path, load_rows=load_rows, counts=counts)

    def put(self, key: str, result: FileResult) -> None:
        """Store the result's findings (never report text: formatters make reports)."""
        if result.errors:
            return  # never cache an incomplete check
        target = self._name(key)
        try:
            rows = result.rows()
            _check_rows(rows)  # what get would refuse is not written
            findings = _encode_rows(rows)
        except (ValueError, TypeError, IndexError, UnicodeError):  # a plugin's odd value
            return
        header: dict[str, Any] = {
            "v": __version__,
            "fm": mac(self._key, findings),
            "n": len(findings),
            "k": key,
            "path": result.path,
            "counts": [[c, n, int(s), safe, k] for c, n, s, safe, k in result.counts()],
        }
        # json.dumps never emits a raw newline, so the header is the first line. Its MAC
        # covers the header alone, which names the findings' MAC: a counts-only run reads
        # the first line and no more.
        # ASCII: a path's undecodable bytes (surrogates) survive as escapes.
        line = json.dumps(header).encode("ascii") + b"\n"
        self._write(target, [self._signed(line), findings])

    def _write(self, target: str, chunks: list[bytes]) -> None:
        """Write chunks to target atomically (temporary file + rename); never fatal."""
        if not self._key:
            return
        with contextlib.suppress(OSError):
            if not self._made:  # once a run, not per entry
                # Each folder made here, or found as a real folder, never through a link: a
                # cache folder planted as a link would have this run write where it points.
                for folder in (self.dir.parent, self.dir):
                    with contextlib.suppress(FileExistsError):
                        os.mkdir(folder)
                    if os.path.islink(folder) or not os.path.isdir(folder):
                        return
                # Written by rename, which replaces a planted link instead of writing through
                # it. Backup and archiving tools that follow the Cache Directory Tagging
                # Specification (bford.info/cachedir) skip a folder holding CACHEDIR.TAG. Made
                # apart from .gitignore: a cache from before it was written has one already.
                for leaf, content in ((".gitignore", "# created by speechlint\n*\n"),
                                      ("CACHEDIR.TAG", CACHEDIR_TAG)):  # fmt: skip
                    made = str(self.dir.parent / leaf)
                    if not os.path.isfile(made) or os.path.islink(made):
                        write_atomically(made, [content.encode("utf-8")])
                self._made = True
            write_atomically(target, chunks)
