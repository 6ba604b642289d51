"""One pipeline for every entry point: discover → read → parse → rules → suppress/select →
locate → report.

``plan(options)`` finds the drafts and the configuration that applies to each, loads the
plugins those configurations may load, validates the configuration and the selection, and
makes the engine: a ``Plan``, whose ``reports()`` yields one ``FileResult`` per draft in path
order (checked in worker processes and answered from the results cache where the plan
allows). ``lint_paths(options)`` is the two in one, and ``lint_text(text)`` checks a text
held in memory. The command line builds its options and hands the stream to a formatter;
the web page, the language server and plugins use the same calls.

What the run needs is planned from declarations, never from names: a rule that compares
drafts (``Rule.cross_file``) runs the folder in one process, a formatter that shows the
text (``Formatter.needs_source``) keeps the sources, and the readers (built-in and plugins)
say which files are drafts.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

from speechlint.checking.config import Config, ConfigError, ConfigFinder, resolved
from speechlint.checking.engine import Engine, Overrides
from speechlint.checking.registry import RegistryError
from speechlint.checking.report import FileResult
from speechlint.document.source import SourceText
from speechlint.running.cache import Cache
from speechlint.running.cache import refusal as cache_refusal
from speechlint.running.plugins import PluginManager
from speechlint.running.runner import Task, default_jobs, iter_check


class LintError(Exception):
    """The run cannot start: a configuration, selection or plugin problem, one line each."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


class LintOptions(NamedTuple):
    """What a run checks and how. Selectors are codes, names, prefixes or ALL."""

    paths: tuple[str, ...] = (".",)
    config: Path | None = None  # --config: this file for every draft, instead of discovery
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    encoding: str | None = None  # force this encoding instead of detecting it
    jobs: int | None = None  # worker processes (None: one per CPU)
    cache: bool = True  # the results cache in .speechlint_cache/ of the current folder
    counts_only: bool = False  # the caller reads counts, not findings (--statistics)
    rule_timeout: float | None = 60.0
    keep_source: bool = False  # keep each draft's text and tree on its result
    skip_other_files: bool = False  # named files no reader owns are passed over, not errors
    stdin_filename: str | None = None  # the name and config anchor of "-" (standard input)


class Plan:
    """A run, planned: its drafts, engine and the problems already found. (A plain class,
    not a dataclass: generating one's methods cost a one-draft run ~1 ms.)"""

    def __init__(
        self,
        options: LintOptions,
        pm: PluginManager,
        finder: ConfigFinder,
        configs: list[Config],
        engine: Engine,
        tasks: list[Task],
        stdin: bool,
        plugin_files: list[Path],
        errors: list[str],
        warnings: list[str],
    ) -> None:
        self.options, self.pm, self.finder, self.configs = options, pm, finder, configs
        self.engine = engine
        self.tasks = tasks  # the drafts named or found, in path order
        self.stdin = stdin  # whether "-" was among the paths
        self.plugin_files = plugin_files
        self.errors = errors  # each makes the run exit 2
        self.warnings = warnings
        self.cache: Cache | None = None

    @property
    def in_one_process(self) -> bool:
        """A formatter that keeps the sources, or a rule that compares drafts on for any of
        them: then every draft is checked here, in path order, without the per-draft cache."""
        return self.engine.keep_source or self.engine.any_cross_file(
            (t.config, t.file) for t in self.tasks
        )

    def stdin_config(self) -> Config:
        return self.finder.for_path(stdin_anchor(self.options.stdin_filename))

    def check_stdin(self, data: bytes) -> FileResult:
        name = self.options.stdin_filename or "-"
        return self.engine.check_bytes(
            name, data, self.stdin_config(), Path(name), self.options.encoding
        )

    def reports(
        self,
        progress: Callable[[int], None] | None = None,
        *,
        rows_needed: bool = True,
        render: Callable[[FileResult], str] | None = None,
    ) -> Iterator[FileResult]:
        """One result per draft in path order, as each is ready. ``rows_needed=False``: the
        caller reads only counts and ``render``'s text for each draft (made where the draft
        is checked; see runner.iter_check). Run-level errors land in ``engine.errors``."""
        one = self.in_one_process
        workers = 1 if one else (self.options.jobs or default_jobs())
        cache = None
        if self.options.cache and not one:
            refused = cache_refusal(Path.cwd())
            if refused is None:
                cache = Cache(Path.cwd(), findings_needed=not self.options.counts_only)
            else:
                self.warnings.append(refused)
        self.cache = cache
        yield from iter_check(
            self.tasks,
            self.engine,
            self.plugin_files,
            workers,
            cache,
            self.options.encoding,
            progress,
            rows_needed=rows_needed,
            render=render,
        )


def plan(options: LintOptions) -> Plan:
    """Discover the drafts, load the plugins their configurations may load, validate the
    configuration and selection, and make the engine. LintError when the run cannot start."""
    try:
        finder = ConfigFinder(options.config)
    except ConfigError as exc:
        raise LintError([str(exc)]) from None
    pm = PluginManager()
    errors: list[str] = []
    warnings: list[str] = []

    # Every config (and so every plugin, reader included) is known before rules are chosen.
    found: list[tuple[str, str, Config | None, Path, bool]] = []  # shown, file, cfg, root, folder
    stdin = False
    try:
        for raw in options.paths or (".",):
            if raw == "-":
                stdin = True
                # Found now, like every draft's, so that its plugins load as theirs do.
                finder.for_path(stdin_anchor(options.stdin_filename))
                continue
            path = Path(raw)
            if path.is_dir():
                # Every file for now: which are drafts, the readers say once the plugins
                # (and their readers) are loaded.
                for file, cfg in iter_drafts(path, finder, None):
                    found.append((display_path(file), file, cfg, path, True))
            elif not path.exists() and not path.is_symlink():
                errors.append(f"{raw}: no such file or folder; check the path")
            elif finder.for_path(path).is_excluded(path):
                continue
            else:
                found.append((display_path(raw), str(path), None, path.parent, False))
    except ConfigError as exc:
        raise LintError([str(exc)]) from None
    configs = finder.loaded or [Config()]
    plugin_files, untrusted = trusted_plugin_files(configs, finder.explicit)
    for cfg in untrusted:
        warnings.append(
            f"{cfg.where}: its plugins were not loaded, since this configuration lies outside "
            "the current folder and its git repository; run speechlint from its folder, or "
            f"pass --config {cfg.where} to allow them"
        )
    for plugin_file in plugin_files:
        pm.load_file(plugin_file)
    registry = pm.registry
    try:
        for cfg in configs:
            cfg.validate(registry)
        for key, values in (
            ("--select", options.select or ()),
            ("--ignore", options.ignore),
            ("--extend-select", options.extend_select),
        ):
            registry.check_selectors(list(values), key)
    except (ConfigError, RegistryError) as exc:
        raise LintError([*pm.errors, str(exc)]) from None
    # The drafts are the files some reader owns: in folders the rest is passed over; a file
    # named that no reader owns is an error unless skip_other_files.
    suffixes = pm.suffixes
    tasks: list[Task] = []
    for shown, file, known, root, in_folder in found:
        leftover = office_leftover(file)
        if leftover is not None:
            # Word's lock file of an open draft, a save's temporary: never a draft.
            if not in_folder and not options.skip_other_files:
                errors.append(f"{shown}: {leftover}")
        elif file.lower().endswith(suffixes):
            tasks.append(Task(shown, file, known or finder.for_path(Path(file)), root))
        elif not in_folder and not options.skip_other_files:
            errors.append(f"{shown}: unsupported file type; speechlint reads {', '.join(suffixes)}")
    if not tasks and not stdin and not errors and not options.skip_other_files:
        # Nothing checked is no pass: a CI job pointed at the wrong folder must not go green.
        where = "、".join(options.paths or (".",))
        errors.append(
            f"{where}: 未找到可检查的文稿（{'、'.join(suffixes)}）；请检查路径，或配置中的 exclude"
        )
    del found  # the tasks hold it now: a 10,000-draft folder held twice cost ~3 MB more
    tasks.sort(key=lambda t: t.shown)  # results arrive, and are reported, in path order
    engine = Engine(
        pm,
        Overrides(
            select=tuple(options.select) if options.select else None,
            ignore=tuple(options.ignore),
            extend_select=tuple(options.extend_select),
        ),
    )
    engine.rule_timeout = options.rule_timeout if options.rule_timeout else None
    engine.keep_source = options.keep_source
    return Plan(
        options=options,
        pm=pm,
        finder=finder,
        configs=configs,
        engine=engine,
        tasks=tasks,
        stdin=stdin,
        plugin_files=plugin_files,
        errors=[*pm.errors, *errors],
        warnings=warnings,
    )


def lint_paths(options: LintOptions) -> Iterator[FileResult]:
    """Check the drafts ``options`` names (folders searched), one result per draft in path
    order; a draft that cannot be read has its own ``errors``. LintError when the run cannot
    start, and after the last result when the run had problems of its own (a path that does
    not exist, a plugin that failed, a rule whose data did not load)."""
    planned = plan(options)
    yield from planned.reports()
    problems = [*planned.errors, *planned.engine.errors]
    if problems:
        raise LintError(problems)


def lint_text(
    text: str,
    *,
    path: str | None = None,
    config: Config | None = None,
    select: tuple[str, ...] | None = None,
    ignore: tuple[str, ...] = (),
    extend_select: tuple[str, ...] = (),
) -> FileResult:
    """Check a text held in memory: ``path`` names it in the result (and makes ``.md`` text
    Markdown); ``config`` applies (none: the defaults, no file is looked up)."""
    checker = Checker(config, Overrides(select=select, ignore=ignore, extend_select=extend_select))
    result = checker.check_text(text, path or "-")
    result.errors[:0] = checker.errors
    return result


class Checker:
    """Drafts held in memory, checked by one engine loaded once: what a server (the web page,
    the language server) keeps between requests. The same engine, rules and readers as a
    run over files; nothing of one draft is kept for the next."""

    def __init__(
        self,
        config: Config | Path | None = None,
        overrides: Overrides | None = None,
        *,
        keep_source: bool = False,
        rule_timeout: float | None = 60.0,
    ) -> None:
        self.pm = PluginManager()
        try:
            if isinstance(config, Path):
                # Named explicitly: its plugins are trusted, as with --config.
                loaded = ConfigFinder(config).explicit
                assert loaded is not None
                self.config = loaded
            else:
                self.config = config or Config()
            for plugin_file in self.config.plugins:
                self.pm.load_file(plugin_file)
            self.config.validate(self.pm.registry)
        except (ConfigError, RegistryError) as exc:
            raise LintError([*self.pm.errors, str(exc)]) from None
        self.engine = Engine(self.pm, overrides)
        self.engine.keep_source = keep_source
        self.engine.rule_timeout = rule_timeout

    @property
    def errors(self) -> list[str]:
        """Problems of the checker itself: a plugin that failed, a rule whose data did not load."""
        return [*self.pm.errors, *self.engine.errors]

    def new_run(self) -> None:
        """Forget what rules that compare drafts (Rule.cross_file) learned from earlier
        drafts: the drafts checked after this are a run of their own (one request)."""
        self.engine.run_state = {}

    def is_draft(self, name: str) -> bool:
        """Whether a reader owns a file of this name (its suffix)."""
        return self.pm.reader_for(name) is not None

    def check_bytes(self, name: str, data: bytes) -> FileResult:
        """A file's bytes, read by the reader its name's suffix chooses (never a path: the
        name is only shown)."""
        return self.engine.check_bytes(name, data, self.config, None, None)

    def check_text(self, text: str, name: str = "-") -> FileResult:
        kind = "markdown" if name.lower().endswith((".md", ".markdown")) else "text"
        source = SourceText(path=name, text=text, kind=kind)
        return self.engine.check_source(source, self.engine.settings_for(self.config, None))

    def fixed_text(self, text: str, name: str = "-") -> tuple[str, int]:
        """The text with the safe fixes applied (as --fix), and how many were applied."""
        from speechlint.checking.fixer import fix_source

        kind = "markdown" if name.lower().endswith((".md", ".markdown")) else "text"
        source = SourceText(path=name, text=text, kind=kind)
        outcome = fix_source(self.engine, source, self.engine.settings_for(self.config, None))
        return outcome.text, outcome.applied

    def word_copies(self, name: str, data: bytes, result: FileResult) -> tuple[bytes, bytes, int]:
        """(a copy with one Word comment per finding, as --annotate; a copy with the safe
        fixes applied inside single runs, as --fix; how many were applied). The original
        bytes are never changed."""
        from speechlint.output.docx_edit import UnsafeDocument, annotate, apply_fixes

        annotated = annotate(data, result.findings)
        fixed, applied, current = data, 0, result
        for _ in range(3):  # a fix may reveal another, as --fix's passes do
            if current.errors or not any(f.fix_applicability == "safe" for f in current.findings):
                break
            try:
                new, done, _refused = apply_fixes(fixed, current.findings)
            except UnsafeDocument:
                break
            if not done:
                break
            fixed, applied = new, applied + done
            current = self.check_bytes(name, fixed)
        return annotated, fixed, applied


# -- discovery --------------------------------------------------------------------------------


def display_path(raw: str) -> str:
    """A path as people should read it. File names with bytes that are not UTF-8 (copied from
    a Chinese Windows machine, say) are shown decoded as GB18030, else with replacement
    characters; the file itself is still opened by its real bytes."""
    if raw.isascii() or raw.isprintable():  # nothing was surrogate-escaped: shown as it is
        return raw  # (the same string object: a 10,000-draft folder holds each path once)
    data = os.fsencode(raw)
    for codec in ("utf-8", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", "replace")


def office_leftover(path: str) -> str | None:
    """What a file is when Word, WPS or LibreOffice left it beside a draft (a lock file of an
    open document, a save's temporary file), in one line; None for any other file."""
    name = os.path.basename(path)
    if name.startswith("~$"):
        return "是 Word/WPS 打开文稿时留下的锁文件（~$…），不是文稿；关闭该文稿后它会消失"
    if name.startswith("~WRL") and name.lower().endswith(".tmp"):
        return "是 Word 保存时留下的临时文件（~WRL….tmp），不是文稿"
    if name.startswith(".~lock.") and name.endswith("#"):
        return "是 LibreOffice 打开文稿时留下的锁文件（.~lock.…#），不是文稿"
    return None


def stdin_anchor(stdin_filename: str | None) -> Path:
    """The path whose configuration applies to a draft read from standard input."""
    return Path(stdin_filename) if stdin_filename else Path.cwd() / "_"


def iter_drafts(
    root: Path, finder: ConfigFinder, suffixes: tuple[str, ...] | None
) -> Iterator[tuple[str, Config]]:
    """Drafts below a folder (their names, as str(Path) writes them), with the configuration
    that applies to each: files whose names end in one of ``suffixes`` (every file when it is
    None: the caller filters them once the readers are known), hidden folders and files
    skipped, config ``exclude`` applied. Like ``os.walk`` (top-down, sorted, symlinked folders
    listed but not entered, unreadable folders skipped), from ``os.scandir`` entries, which
    know without another system call whether they are symlinks. Folders wait on a stack, not
    in recursive calls: a tree nested a thousand deep must not exhaust Python's recursion
    limit."""
    pending = [Path(root)]
    while pending:
        here = pending.pop()
        files, folders = _draft_folder(here, finder, suffixes)
        yield from files
        pending.extend(reversed(folders))  # the first folder is taken next, as os.walk does


def _draft_folder(
    here: Path, finder: ConfigFinder, suffixes: tuple[str, ...] | None
) -> tuple[list[tuple[str, Config]], list[Path]]:
    """(the drafts in one folder with their config, its subfolders to enter), both sorted."""
    # Names joined as str: a Path per draft cost ~10 µs, a tenth of a warm run's own work.
    # str(Path(".") / name) is name alone.
    prefix = "" if str(here) == os.curdir else os.path.join(str(here), "")
    config = finder.for_path(here / "_")
    # Names and symlink flags only, not the DirEntry objects: a folder of 10,000 drafts held
    # them all (~2 MB) while its drafts were collected.
    folders: list[tuple[str, bool]] = []
    files: list[tuple[str, bool]] = []
    try:
        with os.scandir(here) as listing:
            for entry in listing:
                name = entry.name
                if name.startswith("."):
                    continue
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                if is_dir:
                    folders.append((name, entry.is_symlink()))
                elif (suffixes is None or name.lower().endswith(suffixes)) and _is_regular(entry):
                    # A FIFO or a device named like a draft is passed over: opening it could
                    # wait forever (a file named on the command line is refused instead).
                    files.append((name, entry.is_symlink()))
    except OSError:
        return [], []
    excluded_child = config.child_exclusion(here)

    def excluded(name: str, is_symlink: bool) -> bool:
        # A symlink is judged by where it points, as is_excluded resolves it.
        if is_symlink:
            return config.is_excluded(here / name)
        return excluded_child(name)

    files.sort()
    folders.sort()
    return (
        [(prefix + name, config) for name, link in files if not excluded(name, link)],
        # Symlinked folders are not entered (os.walk's default).
        [here / name for name, link in folders if not link and not excluded(name, link)],
    )


def _is_regular(entry: os.DirEntry[str]) -> bool:
    """False for a FIFO, device or socket; True for a file, and for a link that cannot be
    followed (a loop, a dangling link), whose reading then says what is wrong."""
    try:
        return entry.is_file() or (entry.is_symlink() and not os.path.exists(entry.path))
    except OSError:
        return True


def trusted_plugin_files(
    configs: list[Config], explicit: Config | None
) -> tuple[list[Path], list[Config]]:
    """(the plugin files to load, the configurations whose plugins are not loaded). Plugins
    run code as the user, so they load only from a configuration named with --config or
    lying inside the current folder or its git repository: not from a parent folder's (a
    shared temporary folder, a drafts folder received from someone else)."""
    with_plugins = [cfg for cfg in configs if cfg.plugins]
    if not with_plugins:
        return [], []  # most runs: no folder is looked up
    here = resolved(Path.cwd())
    roots = [here]
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            roots.append(folder)
            break
    files: list[Path] = []
    untrusted: list[Config] = []
    for cfg in with_plugins:
        place = resolved(cfg.path) if cfg.path is not None else here
        if cfg is explicit or any(place.is_relative_to(root) for root in roots):
            files.extend(cfg.plugins)
        else:
            untrusted.append(cfg)
    return files, untrusted


__all__ = [
    "Checker",
    "LintError",
    "LintOptions",
    "Plan",
    "display_path",
    "iter_drafts",
    "lint_paths",
    "lint_text",
    "plan",
]
