"""Configuration: ``.speechlint.yaml`` or ``[tool.speechlint]`` in ``pyproject.toml``.

The nearest file walking up from each draft applies to it; ``--config`` overrides. YAML is
loaded with ``yaml.safe_load`` only, so a ``!!python/object`` tag can never execute.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from speechlint.checking.diagnostics import Severity
from speechlint.checking.registry import Registry, RegistryError
from speechlint.safety.safe_io import CONFIG_LIMIT, read_regular

CONFIG_FILES = (".speechlint.yaml", ".speechlint.yml")
KEYS = (
    "select",
    "ignore",
    "extend-select",
    "per-file-ignores",
    "severity",
    "exclude",
    "plugins",
    "rules",
    "fail-on",
    "genre",
    "docx-revisions",
    "layout",
    "facts",
    "people",
    "phrases",
)
DEFAULT_EXCLUDE = ("node_modules", "__pycache__", "site-packages", "*.egg-info")


def resolved(path: Path) -> Path:
    """path.resolve(), but a symlink loop or an unreadable link gives the absolute path."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _resolved_folder(folder: Path, seen: dict[Path, Path]) -> Path:
    """resolved(folder), once per folder and cache."""
    real = seen.get(folder)
    if real is None:
        real = seen[folder] = resolved(folder)
    return real


def _resolved_via_parent(path: Path, folders: dict[Path, Path]) -> str:
    """str(resolved(path)), resolving each folder once: a draft that is not itself a symlink
    resolves to its resolved folder plus its name (a warm run over 2,000 drafts spent more
    time in realpath and pathlib than in reading its cache)."""
    if path.name in ("", ".", "..") or os.path.islink(path):
        return str(resolved(path))
    return os.path.join(_resolved_folder(path.parent, folders), path.name)


class ConfigError(ValueError):
    """A configuration problem, phrased as one line naming the file."""


@dataclass(eq=False)
class Config:
    path: Path | None = None
    root: Path = field(default_factory=Path.cwd)
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    severity: dict[str, Severity] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    plugins: list[Path] = field(default_factory=list)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    fail_on: str | None = None
    genre: str | None = None  # speech, host or report: overrides what each draft shows
    # Word's tracked changes: "accepted" reads a draft as it reads once they are accepted,
    # "original" as it read before them.
    docx_revisions: str = "accepted"
    # The printed form checked in Word drafts (the LY rules): {"profile": "gbt9704", ...}.
    layout: dict[str, Any] = field(default_factory=dict)
    # Built on first use (see _exclusion_matchers and _relative); not configuration.
    _matchers: tuple[re.Pattern[str], re.Pattern[str] | None] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    _resolved_root: Path | None = field(default=None, init=False, repr=False, compare=False)
    _resolved_dirs: dict[Path, Path] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @property
    def where(self) -> str:
        return str(self.path) if self.path else "command line"

    def is_excluded(self, path: Path) -> bool:
        return self._excluded_rel(self._relative(path))

    def _excluded_rel(self, relative: str) -> bool:
        whole, part = self._exclusion_matchers()
        rel = os.path.normcase(relative)
        return bool(whole.match(rel)) or (
            part is not None and any(part.match(p) for p in rel.split("/"))
        )

    def child_exclusion(self, folder: Path) -> Callable[[str], bool]:
        """is_excluded for the entries of folder that are not symlinks, by name: the folder
        is resolved once, not each of its 2,000 drafts (a warm run's largest share after
        reading its cache)."""
        rel = self._under_root(str(_resolved_folder(folder, self._resolved_dirs)))
        # Outside the root a path is matched as given: (folder / name).as_posix().
        base = (folder / "_").as_posix()[:-1] if rel is None else "" if rel == "." else rel + "/"
        whole, part = self._exclusion_matchers()
        if part is None or os.path.normcase("a/b") != "a/b":  # (Windows: names change case)
            return lambda name: self._excluded_rel(base + name)
        # A pattern without a slash excludes a path when it matches any one component: the
        # folder's own components are the same for all its entries, so they are tested once.
        if any(part.match(component) for component in base.split("/")[:-1]):
            return lambda name: True
        return lambda name: bool(whole.match(base + name) or part.match(name))

    def _exclusion_matchers(self) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
        """The exclude patterns as two compiled regexes, built once (fnmatch per pattern per
        file cost more than reading a cached result): one for the path relative to the root
        (``pat`` or anything under ``pat/``), one for any single path component (patterns
        without a slash)."""
        if self._matchers is None:
            whole: list[str] = []
            part: list[str] = []
            for pattern in [*DEFAULT_EXCLUDE, *self.exclude]:
                pat = os.path.normcase(pattern.rstrip("/"))
                whole += [fnmatch.translate(pat), fnmatch.translate(pat + "/*")]
                if "/" not in pat:
                    part.append(fnmatch.translate(pat))
            self._matchers = (
                re.compile("|".join(whole)),
                re.compile("|".join(part)) if part else None,
            )
        return self._matchers

    def _relative(self, path: Path) -> str:
        """The path relative to the root, resolved, with forward slashes (the path as given
        when it lies outside the root)."""
        rel = self._under_root(_resolved_via_parent(path, self._resolved_dirs))
        return path.as_posix() if rel is None else rel

    def _under_root(self, real: str) -> str | None:
        """A resolved path relative to the resolved root, with forward slashes ("." for the
        root itself); None outside the root."""
        if self._resolved_root is None:
            self._resolved_root = resolved(self.root)
        root = str(self._resolved_root)
        if real == root:
            return "."
        prefix = root if root.endswith(os.sep) else root + os.sep
        if real.startswith(prefix):
            return real[len(prefix) :].replace(os.sep, "/")
        return None

    def ignores_for(self, path: Path | str) -> list[str]:
        if not self.per_file_ignores:
            return []
        path = Path(path)
        rel = self._relative(path)
        out: list[str] = []
        for pattern, codes in self.per_file_ignores.items():
            if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(path.name, pattern):
                out.extend(codes)
        return out

    def validate(self, registry: Registry) -> None:
        """Rule codes and per-rule options are checked once all plugins are loaded."""
        try:
            for key, selectors in (
                ("select", self.select or []),
                ("ignore", self.ignore),
                ("extend-select", self.extend_select),
                ("severity", list(self.severity)),
            ):
                registry.check_selectors(selectors, f"{self.where}: {key}")
            for pattern, codes in self.per_file_ignores.items():
                registry.check_selectors(codes, f"{self.where}: per-file-ignores[{pattern!r}]")
        except RegistryError as exc:
            raise ConfigError(str(exc)) from None
        from speechlint.checking.rule import OptionError

        for key, opts in self.rules.items():
            rule = registry.get(key)
            if rule is None:
                hint = registry.suggest(key)
                raise ConfigError(
                    f"{self.where}: rules: unknown rule {key!r}"
                    + (f" (did you mean {hint!r}?)" if hint else "")
                )
            try:
                rule.resolve_options(opts)
            except OptionError as exc:
                raise ConfigError(f"{self.where}: rules: {exc}") from None
            for name, value in list(opts.items()):
                option = rule.options.get(name.replace("-", "_"))
                if option is not None and option.paths and isinstance(value, list):
                    opts[name] = [str(self.root / str(v)) for v in value]
            # A rule whose options name data files checks them now: a broken table is a
            # configuration error (file, entry, the closest valid key), not a failed rule.
            check = getattr(rule, "check_data", None)
            problem = check(opts) if check is not None else None
            if problem:
                raise ConfigError(f"{self.where}: {problem}")

    def options_for(self, rule: type) -> dict[str, Any]:
        merged: dict[str, Any] = {}
        if self.layout and rule.code.startswith("LY"):  # type: ignore[attr-defined]
            # layout: {profile: gbt9704, body-size: 16} is every layout rule's options.
            known = getattr(rule, "options", {})
            merged.update({k: v for k, v in self.layout.items() if k in known})
        for key in (rule.code, rule.name):  # type: ignore[attr-defined]
            merged.update(self.rules.get(key, {}))
        return merged


def _str_list(value: Any, key: str, where: str) -> list[str]:
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: {key} must be a list of strings")
    return value


def from_mapping(data: Any, path: Path | None, root: Path) -> Config:
    where = str(path) if path else "configuration"
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(
            f"{where}: the configuration must be a mapping of keys, not {type(data).__name__}"
        )
    cfg = Config(path=path, root=root)
    for key, value in data.items():
        norm = str(key).replace("_", "-")
        if norm not in KEYS:
            import difflib  # here: only a mistyped key needs it

            hint = difflib.get_close_matches(norm, KEYS, n=1)
            raise ConfigError(
                f"{where}: unknown key {key!r}"
                + (f" (did you mean {hint[0]!r}?)" if hint else f"; valid keys: {', '.join(KEYS)}")
            )
        if norm == "select":
            cfg.select = _str_list(value, norm, where)
        elif norm == "ignore":
            cfg.ignore = _str_list(value, norm, where)
        elif norm == "extend-select":
            cfg.extend_select = _str_list(value, norm, where)
        elif norm == "exclude":
            cfg.exclude = _str_list(value, norm, where)
        elif norm == "plugins":
            cfg.plugins = [(root / p) for p in _str_list(value, norm, where)]
        elif norm == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: per-file-ignores must map globs to lists of codes")
            cfg.per_file_ignores = {
                str(k): _str_list(v, f"per-file-ignores[{k!r}]", where) for k, v in value.items()
            }
        elif norm == "severity":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: severity must map codes to error/warning/info")
            try:
                cfg.severity = {str(k): Severity.parse(str(v)) for k, v in value.items()}
            except ValueError as exc:
                raise ConfigError(f"{where}: severity: {exc}") from None
        elif norm == "rules":
            if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
                raise ConfigError(f"{where}: rules must map rule codes to option mappings")
            cfg.rules = {str(k): dict(v) for k, v in value.items()}
        elif norm == "genre":
            from speechlint.document.genre import GENRES

            if value not in GENRES:
                raise ConfigError(f"{where}: genre must be one of {', '.join(GENRES)}")
            cfg.genre = value
        elif norm == "facts":
            # facts: data/统计公报.yaml is SF016's table (its option file).
            files = [value] if isinstance(value, str) else value
            if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
                raise ConfigError(f"{where}: facts must be a file or a list of files")
            cfg.rules.setdefault("SF016", {})["file"] = list(files)
        elif norm == "phrases":
            # phrases: data/提法.yaml adds an office's dated phrases to DT004's.
            files = [value] if isinstance(value, str) else value
            if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
                raise ConfigError(f"{where}: phrases must be a file or a list of files")
            cfg.rules.setdefault("DT004", {})["file"] = list(files)
        elif norm == "people":
            # people: data/领导名单.yaml is the roster of the NM rules (their option file).
            if not isinstance(value, str):
                raise ConfigError(f"{where}: people must be the path of a roster file")
            for code in ("NM001", "NM002", "NM003"):
                cfg.rules.setdefault(code, {})["file"] = [value]
        elif norm == "layout":
            profiles = ("off", "gbt9704", "reading-copy")
            if isinstance(value, str):
                value = {"profile": value}
            if not isinstance(value, dict) or value.get("profile", "gbt9704") not in profiles:
                raise ConfigError(
                    f"{where}: layout must be {', '.join(profiles)} or a mapping with profile"
                )
            cfg.layout = {"profile": "gbt9704", **{str(k): v for k, v in value.items()}}
        elif norm == "docx-revisions":
            if value not in ("accepted", "original"):
                raise ConfigError(f"{where}: docx-revisions must be accepted or original")
            cfg.docx_revisions = value
        elif norm == "fail-on":
            if value not in ("error", "warning", "info", "never"):
                raise ConfigError(f"{where}: fail-on must be error, warning, info or never")
            cfg.fail_on = value
    return cfg


def load_file(path: Path) -> Config:
    try:
        raw = read_regular(path, CONFIG_LIMIT)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the configuration: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: the configuration is not UTF-8 text") from None
    if path.name == "pyproject.toml":
        import tomllib  # here, as yaml below: a folder without a TOML config never needs it

        try:
            data = tomllib.loads(text).get("tool", {}).get("speechlint")
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    else:
        import yaml  # here, not at the top: a run without a YAML config never needs it

        from speechlint.checking.patterns import YamlTooLarge, safe_yaml

        try:
            data = safe_yaml(text)
        except YamlTooLarge as exc:
            raise ConfigError(f"{path}: {exc}") from None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" (line {mark.line + 1})" if mark is not None else ""
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise ConfigError(f"{path}: not valid YAML{where}: {problem}") from None
    return from_mapping(data, path, path.parent)


def _has_tool_table(path: Path) -> bool:
    import tomllib

    try:
        text = read_regular(path, CONFIG_LIMIT).decode("utf-8")
        return "speechlint" in tomllib.loads(text).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False


class ConfigFinder:
    """Finds the configuration that applies to each path, caching per directory."""

    def __init__(self, explicit: Path | None = None) -> None:
        self.explicit = load_file(explicit) if explicit else None
        self._by_dir: dict[Path, Config] = {}
        self._resolved_dirs: dict[Path, Path] = {}
        self._default = Config(root=Path.cwd())
        self.loaded: list[Config] = [self.explicit] if self.explicit else []

    def for_path(self, path: Path) -> Config:
        if self.explicit is not None:
            return self.explicit
        if path.is_dir():
            return self._for_dir(resolved(path))
        return self._for_dir(_resolved_folder(path.parent, self._resolved_dirs))

    def _for_dir(self, directory: Path) -> Config:
        """The config of the nearest folder up from directory that has one. Walked in a loop,
        not by recursion: a folder nested a thousand deep has a thousand parents."""
        walked: list[Path] = []
        found: Config | None = None
        while found is None:
            if directory in self._by_dir:
                found = self._by_dir[directory]
                break
            walked.append(directory)
            found = self._own_config(directory)
            if found is not None:
                self.loaded.append(found)
            elif directory.parent == directory:
                found = self._default
            else:
                directory = directory.parent
        for folder in walked:
            self._by_dir[folder] = found
        return found

    @staticmethod
    def _own_config(directory: Path) -> Config | None:
        for name in CONFIG_FILES:
            candidate = directory / name
            if candidate.is_file():
                return load_file(candidate)
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and _has_tool_table(candidate):
            return load_file(candidate)
        return None


DEFAULT_CONFIG = """\
# speechlint configuration. Every key is optional; delete what you do not need.
# Selectors are rule codes (PH001), names (placeholder-year), prefixes (PH) or ALL.

# Rules to run (default: every rule that is on by default).
# select: [ALL]

# Rules to turn off, e.g. WD004 (做出/作出) if your house style allows 做出.
ignore: []

# Rules to add on top of the default set (e.g. rules that are off by default).
extend-select: []

# Rules to turn off for some files (globs relative to this file).
per-file-ignores: {}
#   "archive/*.txt": [ST, NU]

# Severity overrides: error, warning or info.
severity: {}
#   PH004: warning

# Files and folders not to check (globs relative to this file).
exclude: []
#   - archive/
#   - "*_old.txt"

# Local plugin files (Python modules with speechlint hook implementations).
plugins: []

# The kind of draft: speech, host (主持词) or report (工作报告). Decided from each draft's
# title and frame when not given; `speechlint outline FILE` shows what was decided.
# genre: report

# Exit with code 1 when a finding is at least this severe: error, warning, info or never.
# fail-on: warning

# Per-rule options; `speechlint explain CODE` lists each rule's options.
rules: {}
#   ST010:
#     phrases: [以上是我的发言]
#   WD005:
#     files: [house-style.yaml]
"""
