"""The engine: read → parse → one walk with the selected rules → suppress → select → locate."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from speechlint.checking import suppress
from speechlint.checking.config import Config
from speechlint.checking.diagnostics import Diagnostic, Severity
from speechlint.checking.failures import PLUGIN_FAILURES, one_line
from speechlint.checking.report import FileResult, select_and_locate
from speechlint.checking.rule import Rule, RuleContext
from speechlint.document.readers.errors import InputError
from speechlint.document.source import SourceText
from speechlint.safety.safe_io import UnsafeFile, read_regular

if TYPE_CHECKING:  # the engine is handed its plugin manager; it never makes one
    from speechlint.running.plugins import PluginManager

DEFAULT_RULE_TIMEOUT = 60.0


class RuleTimeout(BaseException):
    """Raised inside a rule that ran past its time (BaseException: rules catch Exception)."""


class _Watchdog:
    """Stops a rule call that runs longer than `seconds` (main thread on Unix; else no limit).

    One interval timer per draft instead of one per rule call: a draft makes ~300 rule
    calls, and installing a handler and arming a timer around each cost more than some rules.
    The timer fires `seconds` after the draft starts; the handler raises only if the call
    running then has itself lasted that long, and otherwise re-arms for the call's remainder.
    """

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.usable = (
            seconds is not None
            and seconds > 0
            and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
        )
        self.call_started: float | None = None  # None between calls
        self._previous: Any = None

    def _expire(self, _signum: int, _frame: Any) -> None:
        assert self.seconds is not None
        started = self.call_started
        elapsed = 0.0 if started is None else time.perf_counter() - started
        if started is not None and elapsed >= self.seconds * 0.999:
            raise RuleTimeout
        signal.setitimer(signal.ITIMER_REAL, max(self.seconds - elapsed, 0.001))

    def __enter__(self) -> _Watchdog:
        if self.usable:
            assert self.seconds is not None
            self._previous = signal.signal(signal.SIGALRM, self._expire)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.usable:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)


# A draft larger than this is refused rather than risk the machine (a speech is ~20 KB).
MAX_BYTES = 200 * 1024 * 1024


class Overrides(NamedTuple):
    """Command-line selection that overrides or extends the configuration files."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()


@dataclass
class FileSettings:
    rules: list[type[Rule]]
    options: dict[str, dict[str, Any]]
    severities: dict[str, Severity]
    genre: str | None = None  # the config's genre: key (None: decided from each draft)
    # What readers are told (a Word file's tracked changes: docx-revisions).
    reader_options: dict[str, str] = field(default_factory=dict)
    # The rules whose preparation succeeded, worked out on the first draft (Engine._ready).
    ready: list[type[Rule]] | None = field(default=None, init=False, repr=False)


class Engine:
    def __init__(self, pm: PluginManager, overrides: Overrides | None = None) -> None:
        self.pm = pm
        self.registry = pm.registry
        self.overrides = overrides or Overrides()
        self._settings: dict[tuple[str, tuple[str, ...]], FileSettings] = {}
        self.keep_source = False
        # Run-level problems (a rule whose data failed to load), reported once.
        self.errors: list[str] = []
        self._prepared: dict[str, bool] = {}
        self.run_state: dict[str, Any] = {}
        self._vocabulary_added = False
        # Seconds one rule may spend on one draft before it is stopped (None: no limit).
        self.rule_timeout: float | None = DEFAULT_RULE_TIMEOUT

    def _prepare(self, rule: type[Rule]) -> bool:
        if rule.code not in self._prepared:
            if rule.needs_tokens and not self._vocabulary_added:
                from speechlint.checking import segment

                self._vocabulary_added = True
                segment.add_vocabulary(self.pm.vocabulary())
            try:
                rule.prepare()
                self._prepared[rule.code] = True
            except PLUGIN_FAILURES as exc:
                self._prepared[rule.code] = False
                self.errors.append(f"rule {rule.code} ({rule.name}) is disabled: {one_line(exc)}")
        return self._prepared[rule.code]

    def _ready(self, settings: FileSettings) -> list[type[Rule]]:
        """The rules of settings whose preparation succeeded. They are prepared on the first
        draft checked, not before: a run served from the cache never loads their data."""
        ready = settings.ready
        if ready is None:
            ready = settings.ready = [cls for cls in settings.rules if self._prepare(cls)]
        return ready

    def warm_up(self, settings: FileSettings) -> None:
        """Prepare the rules of settings now, and build jieba's tokenizer (its dictionary
        ready for many searches) if one needs tokens.

        Called before worker processes are forked: they inherit the loaded data instead of
        each loading it again (~0.1 s of CPU per worker)."""
        if any(cls.needs_tokens for cls in self._ready(settings)):
            from speechlint.checking import segment

            segment.prepare_for_many_drafts()

    @staticmethod
    def settings_key(config: Config, path: Path | str | None) -> tuple[str, tuple[str, ...]]:
        """What decides a draft's settings: its config's file (not id(): configs are copied
        into worker processes) and the config's per-file ignores that match it."""
        return config.where, (tuple(config.ignores_for(path)) if path is not None else ())

    def any_cross_file(self, drafts: Iterable[tuple[Config, Path | str | None]]) -> bool:
        """Whether a rule that compares drafts (Rule.cross_file) is on for any of them: each
        distinct setting is resolved once, however many drafts share it."""
        seen: set[tuple[str, tuple[str, ...]]] = set()
        for config, path in drafts:
            key = self.settings_key(config, path)
            if key not in seen:
                seen.add(key)
                if any(r.cross_file for r in self.settings_for(config, path).rules):
                    return True
        return False

    def settings_for(self, config: Config, path: Path | str | None) -> FileSettings:
        key = self.settings_key(config, path)
        settings = self._settings.get(key)
        if settings is None:
            ignores = key[1]
            o = self.overrides
            select = list(o.select) if o.select is not None else config.select
            rules = self.registry.enabled(
                select,
                list(config.ignore) + list(o.ignore) + list(ignores),
                list(config.extend_select) + list(o.extend_select),
            )
            settings = self._settings[key] = FileSettings(
                rules=rules,
                options={r.code: config.options_for(r) for r in rules},
                severities={
                    r.code: sev
                    for r in rules
                    if (sev := self.registry.severity_for(r, config.severity)) is not None
                },
                genre=config.genre,
                reader_options=(
                    {"docx-revisions": config.docx_revisions}
                    if config.docx_revisions != "accepted"
                    else {}
                ),
            )
        return settings

    # -- reading ------------------------------------------------------------------------------

    def read(
        self,
        path: str,
        data: bytes,
        encoding: str | None,
        options: dict[str, str] | None = None,
    ) -> SourceText:
        if len(data) > MAX_BYTES:
            raise InputError(
                f"is {len(data) // (1024 * 1024)} MB, larger than the {MAX_BYTES // (1024 * 1024)}"
                " MB speechlint reads; split it or exclude it"
            )
        return self.pm.read(path, data, encoding, options)

    def check_file(
        self,
        path: Path | str,
        config: Config,
        encoding: str | None = None,
        shown: str | None = None,
    ) -> FileResult:
        shown = shown or str(path)
        try:
            # A str, not a Path: a folder run passes a str per draft, and building a Path to
            # read it cost ~16 µs of a ~1.7 ms draft. Only a regular file is read (a FIFO
            # would wait for a writer forever), and at most MAX_BYTES of it.
            data = read_regular(path, MAX_BYTES)
        except UnsafeFile as exc:
            return FileResult(shown, errors=[f"{shown}: {exc.reason}"])
        except FileNotFoundError:
            return FileResult(shown, errors=[f"{shown}: no such file; check the path"])
        except IsADirectoryError:
            return FileResult(shown, errors=[f"{shown}: is a directory, not a draft"])
        except PermissionError:
            return FileResult(shown, errors=[f"{shown}: permission denied; make it readable"])
        except OSError as exc:
            reason = exc.strerror or one_line(exc)
            return FileResult(shown, errors=[f"{shown}: cannot be read: {reason}"])
        return self.check_bytes(shown, data, config, path, encoding)

    def check_bytes(
        self,
        shown: str,
        data: bytes,
        config: Config,
        path: Path | str | None = None,
        encoding: str | None = None,
    ) -> FileResult:
        settings = self.settings_for(config, path)
        try:
            source = self.read(shown, data, encoding, settings.reader_options)
        except InputError as exc:
            return FileResult(shown, errors=[f"{shown}: {exc}"])
        return self.check_source(source, settings)

    # -- checking -----------------------------------------------------------------------------

    def run_rules(
        self, source: SourceText, settings: FileSettings
    ) -> tuple[list[Diagnostic], list[str], Any]:
        from speechlint.document.parser import (
            parse,  # here: a run answered from the cache parses nothing
        )

        document = parse(source, settings.genre)
        ctx = RuleContext(source, document, self.run_state)
        errors: list[str] = []
        rules: list[Rule] = []
        options = settings.options
        genre = document.genre
        for cls in self._ready(settings):
            if genre not in cls.genres:
                continue  # a convention this genre does not follow (see speechlint.document.genre)
            try:
                rules.append(cls(options.get(cls.code)))
            except PLUGIN_FAILURES as exc:
                errors.append(f"{source.path}: rule {cls.code} could not start: {one_line(exc)}")

        # Most rules only finish; the few that visit nodes get theirs in document order, all
        # in one call (one call per node cost more than some rules' whole work).
        calls: list[tuple[Rule, Any, tuple[Any, ...]]] = []
        for rule in rules:
            visits = rule.visits
            if not visits:
                continue
            if len(visits) == 1:
                (kind,) = visits
                mine = ctx.nodes_of(kind)
            else:
                mine = [n for n in ctx.nodes if n.kind in visits]
            if mine:
                calls.append((rule, _visit_each, (rule, mine, ctx)))
        calls.extend((rule, rule.finish, (ctx,)) for rule in rules)

        broken: set[str] = set()
        watchdog = _Watchdog(self.rule_timeout)
        clock = time.perf_counter
        with watchdog:
            for rule, call, args in calls:
                if rule.code in broken:
                    continue
                ctx.rule = rule
                try:
                    watchdog.call_started = clock()
                    try:
                        call(*args)
                    finally:  # before the handlers: a timer firing in them raises nothing
                        watchdog.call_started = None
                except RuleTimeout:
                    broken.add(rule.code)
                    errors.append(
                        f"{source.path}: rule {rule.code} ({rule.name}) took longer than "
                        f"{self.rule_timeout:g} s and was stopped; other rules still ran"
                    )
                except PLUGIN_FAILURES as exc:
                    broken.add(rule.code)
                    errors.append(
                        f"{source.path}: rule {rule.code} ({rule.name}) failed: "
                        f"{one_line(exc)}; other rules still ran"
                    )
        diagnostics = [d for d in ctx.diagnostics if d.code not in broken]
        return diagnostics, errors, document

    def check_source(self, source: SourceText, settings: FileSettings) -> FileResult:
        diagnostics, errors, document = self.run_rules(source, settings)
        diagnostics = suppress.apply(diagnostics, source)
        generated = source.extra.get("generated_ordinals")
        if generated:
            diagnostics = _mark_generated(diagnostics, source, generated)
        diagnostics.sort(key=_ORDER)
        rows = select_and_locate(source, diagnostics, settings.severities, errors)
        result = FileResult(source.path, errors=errors, rows=rows)
        if self.keep_source:
            result.source = source
            result.document = document
        return result


_ORDER = attrgetter("start", "end", "code")


def _visit_each(rule: Rule, nodes: list[Any], ctx: RuleContext) -> None:
    visit = rule.visit
    for node in nodes:
        visit(node, ctx)


GENERATED_NOTE = "（此序号由Word自动编号生成，请在Word的编号设置中修改）"


def _mark_generated(
    diagnostics: list[Diagnostic], source: SourceText, generated: list[tuple[int, int]]
) -> list[Diagnostic]:
    """A finding on an ordinal Word generates cannot be fixed by editing text: say so."""
    spans = [(source.line_starts[line], source.line_starts[line] + n) for line, n in generated]
    out = []
    for d in diagnostics:
        if any(d.start < b and a < max(d.end, d.start + 1) for a, b in spans):
            d = d._replace(message=d.message + GENERATED_NOTE, fix=None)
        out.append(d)
    return out
