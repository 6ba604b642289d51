"""The command line: ``speechlint check|rules|explain|outline|init``."""

from __future__ import annotations

import contextlib
import gc
import itertools
import json
import os
import sys
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import click

from speechlint import __version__
from speechlint.checking.config import DEFAULT_CONFIG, Config, ConfigError, ConfigFinder
from speechlint.checking.diagnostics import Severity
from speechlint.checking.engine import MAX_BYTES, Engine
from speechlint.checking.report import CountRow, FileResult
from speechlint.checking.rule import DOC_HEADINGS
from speechlint.document.readers.errors import InputError
from speechlint.output.formatters.base import FormatOptions, summary_from
from speechlint.output.formatters.text import plain_text
from speechlint.running import baseline as baselines
from speechlint.running.cache import CACHE_DIR
from speechlint.running.pipeline import LintError, LintOptions, plan
from speechlint.running.plugins import PluginManager
from speechlint.running.runner import Task, WorkerLost
from speechlint.safety.safe_io import (
    atomic_output,
    file_identity,
    read_regular,
    write_bytes_atomically,
)

# The collector's thresholds while the command runs (Python's defaults: 700, 10, 10).
GC_THRESHOLDS = (10_000, 50, 50)
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _err(message: str) -> None:
    click.echo(f"error: {message}", err=True)


def _split(values: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for v in values:
        out.extend(p.strip() for p in v.split(",") if p.strip())
    return out


def _color(choice: str) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="speechlint")
def main() -> None:
    """speechlint: a linter for Chinese official speech drafts (讲话稿、致辞、工作报告)."""
    # A draft's check allocates tens of thousands of short-lived containers, nearly all freed
    # by reference counting; at Python's default (a collection every 700 net allocations)
    # the collector ran ~250 times a draft for little. Set for the command only, never on
    # import: a program that imports speechlint keeps its own settings.
    gc.set_threshold(*GC_THRESHOLDS)


def run() -> None:
    """The ``speechlint`` command (and ``python -m speechlint``): main, then a quicker exit."""
    try:
        main()
    finally:
        # As the interpreter exits it runs the cycle collector over everything still alive
        # (modules, rules, the run's tallies) before freeing it: ~4% of a warm folder run's
        # instructions. Frozen objects are skipped by the collector, and are still freed as
        # the modules are cleared. Here only, at the end of the process's own command: a
        # program that calls main() keeps its collector as it was.
        gc.freeze()


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "--format", "fmt", default="text", show_default=True,
    help="Output format: text, json, github, gitlab, junit, sarif, html (and plugins' formats).",
)  # fmt: skip
@click.option(
    "--config", "config_path", type=click.Path(path_type=Path), help="Use this config file."
)
@click.option("--select", multiple=True, help="Rules to run (codes, names, prefixes, ALL).")
@click.option("--ignore", multiple=True, help="Rules to skip.")
@click.option("--extend-select", multiple=True, help="Rules to add to the selection.")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info", "never"]),
    help="Exit 1 when a finding is at least this severe [default: warning].",
)
@click.option("--show-source", is_flag=True, help="Show the line and a caret under each finding.")
@click.option("--stdin-filename", help="The path to report when reading from `-`.")
@click.option("--encoding", help="Read drafts in this encoding instead of detecting it.")
@click.option(
    "--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
    help="Colour the report: auto colours a terminal only (NO_COLOR turns it off).",
)  # fmt: skip
@click.option("--output-file", type=click.Path(path_type=Path), help="Write the report here.")
@click.option("-q", "--quiet", is_flag=True, help="No summary line.")
@click.option("--fix", is_flag=True, help="Apply safe fixes to the files (atomic writes).")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, apply unsafe fixes too.")
@click.option("--diff", is_flag=True, help="Show the fixes as a diff; write nothing.")
@click.option(
    "--cross-file", is_flag=True, help="Also find passages repeated across drafts (RP005)."
)
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), default=None,
    help="Check files in this many processes [default: the number of CPUs].",
)  # fmt: skip
@click.option("--no-cache", is_flag=True, help="Do not read or write .speechlint_cache/.")
@click.option("--statistics", is_flag=True, help="Show counts per rule instead of each finding.")
@click.option(
    "--write-baseline", type=click.Path(path_type=Path), help="Record current findings here."
)
@click.option("--baseline", type=click.Path(path_type=Path), help="Report only new findings.")
@click.option(
    "--rule-timeout", type=float, default=60.0, show_default=True,
    help="Seconds one rule may spend on one draft before it is stopped (0: no limit).",
)  # fmt: skip
@click.option(
    "--annotate", type=click.Path(path_type=Path),
    help="Write a copy of the .docx draft with one Word comment per finding.",
)  # fmt: skip
@click.option(
    "--skip-other-files", is_flag=True,
    help="Pass over named files that no reader handles (for pre-commit, which names them all).",
)  # fmt: skip
def check(
    paths: tuple[str, ...],
    fmt: str,
    config_path: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    extend_select: tuple[str, ...],
    fail_on: str | None,
    show_source: bool,
    stdin_filename: str | None,
    encoding: str | None,
    color: str,
    output_file: Path | None,
    quiet: bool,
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    cross_file: bool,
    jobs: int | None,
    no_cache: bool,
    statistics: bool,
    write_baseline: Path | None,
    baseline: Path | None,
    rule_timeout: float,
    annotate: Path | None,
    skip_other_files: bool,
) -> None:
    """Check drafts (.txt, .md, .docx, and what plugins read) in files or folders; `-` reads
    standard input."""
    lint_options = LintOptions(
        paths=paths or (".",),
        config=config_path,
        select=tuple(_split(select)) if select else None,
        ignore=tuple(_split(ignore)),
        extend_select=tuple(_split(extend_select)) + (("RP005",) if cross_file else ()),
        encoding=encoding,
        jobs=jobs,
        cache=not no_cache,
        counts_only=statistics and not (baseline or write_baseline) and annotate is None,
        rule_timeout=rule_timeout,
        skip_other_files=skip_other_files,
        stdin_filename=stdin_filename,
    )
    try:
        run_plan = plan(lint_options)
    except LintError as exc:
        for line in exc.lines:
            _err(line)
        sys.exit(EXIT_ERROR)
    for line in run_plan.warnings:
        click.echo(f"warning: {line}", err=True)
    warned = len(run_plan.warnings)  # the cache's own are added as the run starts
    pm, engine, configs = run_plan.pm, run_plan.engine, run_plan.configs
    registry = pm.registry
    formatters = pm.formatters
    if fmt not in formatters:
        for line in pm.errors:
            _err(line)
        _err(f"unknown format {fmt!r}; choose from {', '.join(sorted(formatters))}")
        sys.exit(EXIT_ERROR)
    if statistics and fmt not in ("text", "json"):
        _err(f"--statistics prints a table or JSON; it cannot be used with --format {fmt}")
        sys.exit(EXIT_ERROR)
    errors = run_plan.errors
    # The HTML report shows each draft's text and outline, so sources are kept in memory.
    engine.keep_source = formatters[fmt].needs_source
    fixer = None
    if fix or diff:
        from speechlint.running.fix_command import FileFixer  # here: only --fix and --diff need it

        fixer = FileFixer(engine, unsafe_fixes, diff)
    file_tasks = run_plan.tasks
    _refuse_outputs_over_inputs(
        file_tasks,
        (("--output-file", output_file), ("--write-baseline", write_baseline),
         ("--annotate", annotate)),
    )  # fmt: skip
    stdin_inputs = ["-"] if run_plan.stdin else []
    first: list[FileResult] = []
    if run_plan.stdin:
        data = sys.stdin.buffer.read()
        if fixer is not None:
            name = stdin_filename or "-"
            first.append(fixer.stdin(name, data, run_plan.stdin_config(), encoding))
        else:
            first.append(run_plan.check_stdin(data))

    colored = _color(color) and output_file is None  # a report written to a file is plain
    with contextlib.ExitStack() as stack:
        stream: Iterator[FileResult]
        if fixer is not None:
            fixed = first + [
                fixer.file(t.shown, t.path, t.config, encoding, t.root) for t in file_tasks
            ]
            if diff or stdin_inputs:
                # --diff prints the changes; --fix on standard input prints the fixed text.
                for r in fixed:
                    for line in r.errors:
                        _err(line)
                click.echo("".join(fixer.output), nl=False)
                if any(r.errors for r in fixed) or engine.errors:
                    sys.exit(EXIT_ERROR)
                if diff:
                    sys.exit(EXIT_FINDINGS if fixer.changed else EXIT_OK)
                # --fix on standard input: what no fix could settle goes to standard error
                # (standard output holds the fixed text), and decides the exit status.
                for r in fixed:
                    click.echo(plain_text(r), err=True, nl=False)
                severities = [f.severity for r in fixed for f in r.findings]
                sys.exit(EXIT_FINDINGS if _fails(severities, fail_on, configs) else EXIT_OK)
            stream = iter(fixed)
        else:
            progress = None
            if sys.stderr.isatty() and len(file_tasks) >= 50:
                bar = stack.enter_context(
                    click.progressbar(length=len(file_tasks), label="检查中", file=sys.stderr)
                )
                progress = bar.update
            # With no baseline or annotated copy, this process needs each draft's counts and
            # what the formatter can make of one draft on its own (made where the draft is
            # checked), never the findings themselves.
            render = (
                None
                if statistics
                else formatters[fmt](
                    FormatOptions(color=colored, show_source=show_source)
                ).per_file()
            )
            only_report = (
                (render is not None or lint_options.counts_only)
                and baseline is None
                and write_baseline is None
                and annotate is None
            )
            stream = itertools.chain(
                first,
                _stopping_on_a_lost_worker(run_plan.reports(
                    progress,
                    rows_needed=not only_report,
                    render=render if only_report else None,
                )),
            )  # fmt: skip
        recorded = None
        if baseline is not None:
            try:
                recorded = baselines.load(baseline)
            except baselines.BaselineError as exc:
                _err(str(exc))
                sys.exit(EXIT_ERROR)
        tally = Tally(recorded, keep=annotate is not None, fingerprints=write_baseline is not None)
        options = FormatOptions(
            color=colored,
            show_source=show_source,
            registry=registry,
            tool_version=__version__,
        )
        if output_file is not None:
            try:
                # Written beside the target and renamed over it at the end: a run that stops
                # half-way leaves the old report, never half of a new one.
                handle = stack.enter_context(atomic_output(output_file))
            except OSError as exc:
                _err(f"{output_file}: cannot write the report: {exc.strerror}")
                sys.exit(EXIT_ERROR)
            write: Any = handle.write
        else:
            # click strips ANSI codes off a non-terminal unless told otherwise (--color always).
            def write(chunk: str) -> None:
                click.echo(chunk, nl=False, color=options.color)

        if write_baseline is not None and not statistics:
            # Recording a baseline reports nothing: the one line below says what was written.
            for _ in tally.feed(stream):
                pass
        elif statistics:
            for _ in tally.feed(stream):
                pass
            write(tally.statistics_json() if fmt == "json" else tally.statistics_table())
        else:
            formatters[fmt](options).stream(tally.feed(stream), write)

    for line in run_plan.warnings[warned:]:
        click.echo(f"warning: {line}", err=True)
    errors.extend(engine.errors)
    errors.extend(tally.errors)
    summary = summary_from(tally.files, tally.counts, tally.fixable)
    if output_file is not None:
        if not quiet:
            click.echo(summary, err=True)
    elif fmt == "text" and not quiet and write_baseline is None:
        click.echo(summary)
        if fixer is not None and fixer.applied:
            click.echo(f"已修复 {fixer.applied} 处问题（{fixer.changed} 个文件）。")
    if annotate is not None:
        _write_annotated(annotate, file_tasks, tally.kept, errors)
    if write_baseline is not None:
        try:
            count = baselines.write_rows(write_baseline, tally.rows)
        except OSError as exc:
            _err(f"{write_baseline}: cannot write the baseline: {exc.strerror}")
            sys.exit(EXIT_ERROR)
        click.echo(f"已将 {count} 处现有问题写入基线 {write_baseline}。", err=True)
        for line in errors:
            _err(line)
        # The findings are now the baseline's: a run that recorded them succeeded.
        sys.exit(EXIT_ERROR if errors else EXIT_OK)
    for line in errors:
        _err(line)

    if errors:
        sys.exit(EXIT_ERROR)
    found = [severity for severity, n in tally.counts.items() if n]
    sys.exit(EXIT_FINDINGS if _fails(found, fail_on, configs) else EXIT_OK)


def _fails(severities: Iterable[Severity], fail_on: str | None, configs: list[Config]) -> bool:
    """Whether findings of these severities make the run exit 1: --fail-on, else the first
    config's fail-on, else warning."""
    threshold = fail_on or next((c.fail_on for c in configs if c.fail_on), None) or "warning"
    if threshold == "never":
        return False
    floor = Severity.parse(threshold)
    return any(severity >= floor for severity in severities)


def _refuse_outputs_over_inputs(
    tasks: list[Task], outputs: Iterable[tuple[str, Path | None]]
) -> None:
    """Exit 2 before anything is written when an output path is one of the drafts being
    checked (the same file by device and inode: a hard link or a symlink of a draft too):
    writing the report there would destroy the draft it reports on."""
    wanted = {ident: option for option, path in outputs if path and (ident := file_identity(path))}
    if not wanted:
        return
    for task in tasks:
        option = wanted.get(file_identity(task.file))  # type: ignore[arg-type]
        if option is not None:
            _err(
                f"{task.shown}: {option} names this draft, which is being checked; "
                "give another path for the output (nothing was written)"
            )
            sys.exit(EXIT_ERROR)


def _stopping_on_a_lost_worker(results: Iterator[FileResult]) -> Iterator[FileResult]:
    """The results, or one line and exit status 2 if a worker process died: a run that could
    not check every draft must not read as one that found problems (exit 1) or none."""
    try:
        yield from results
    except WorkerLost as exc:
        _err(str(exc))
        sys.exit(EXIT_ERROR)


# Findings per severity, fixable findings, per rule (code, name), fixable per rule code.
_Totals = tuple[dict[Severity, int], int, dict[tuple[str, str], int], dict[str, int]]


class Tally:
    """What the run needs to remember while results stream past: errors, counts per severity
    and rule, baseline fingerprints — not the findings themselves."""

    def __init__(self, recorded: Any, keep: bool, fingerprints: bool) -> None:
        self.recorded = recorded
        self.keep = keep
        self.fingerprints = fingerprints
        self.errors: list[str] = []
        self.files = 0
        # How often each count row was seen: rows are counted as they stream past (in C, by
        # Counter) and added up by severity and rule once at the end. Adding each of a warm
        # run's ~25,000 rows to three tallies in Python was a sixth of its loop.
        self._seen: Counter[CountRow] = Counter()
        self.rows: list[tuple[str, str, str]] = []
        self.kept: list[FileResult] = []

    def feed(self, results: Iterable[FileResult]) -> Iterator[FileResult]:
        from speechlint.output.formatters.ci import fingerprint

        count = self._seen.update
        for r in results:
            if r.errors:
                self.errors.extend(r.errors)
                if not r.findings:
                    continue
            if self.fingerprints:
                self.rows.extend((f.path, f.code, fingerprint(f)) for f in r.findings)
            if self.recorded is not None:
                baselines.apply([r], self.recorded)
            self.files += 1
            count(r.counts())
            if self.keep:
                self.kept.append(r)
            yield r

    def _add_up(self) -> _Totals:
        # Added up at each ask, a few times a run, over the distinct rows (a few hundred).
        counts = dict.fromkeys(Severity, 0)
        fixable = 0
        per_rule: dict[tuple[str, str], int] = {}
        fixable_rule: dict[str, int] = {}
        for (code, name, severity, safe, n), times in self._seen.items():
            n *= times
            counts[severity] += n
            per_rule[code, name] = per_rule.get((code, name), 0) + n
            if safe:
                fixable += n
                fixable_rule[code] = fixable_rule.get(code, 0) + n
        return counts, fixable, per_rule, fixable_rule

    @property
    def counts(self) -> dict[Severity, int]:
        """Findings per severity."""
        return self._add_up()[0]

    @property
    def fixable(self) -> int:
        return self._add_up()[1]

    @property
    def per_rule(self) -> dict[tuple[str, str], int]:
        return self._add_up()[2]

    @property
    def fixable_rule(self) -> dict[str, int]:
        return self._add_up()[3]

    def statistics(self) -> list[tuple[str, str, int, bool]]:
        """(code, name, count, safely fixable) per rule, most frequent first."""
        _counts, _fixable, per_rule, fixable_rule = self._add_up()
        rows = sorted(per_rule.items(), key=lambda kv: (-kv[1], kv[0][0]))
        return [(code, name, n, bool(fixable_rule.get(code))) for (code, name), n in rows]

    def statistics_table(self) -> str:
        """Counts per rule, most frequent first: a folder-wide view."""
        lines = [
            f"{n:>6}  {code}  {name:<30}{'  [可修复]' if fixable else ''}"
            for code, name, n, fixable in self.statistics()
        ]
        return "\n".join(lines) + ("\n" if lines else "")

    def statistics_json(self) -> str:
        """The same counts as JSON: [{"code", "name", "count", "fixable"}, …]."""
        rows = [
            {"code": code, "name": name, "count": n, "fixable": fixable}
            for code, name, n, fixable in self.statistics()
        ]
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def _write_annotated(
    target: Path, tasks: list[Task], results: list[FileResult], errors: list[str]
) -> None:
    """--annotate: a reviewed copy of the one Word draft; the original is never touched. A
    .doc, .wps, .odt or .rtf draft gets an annotated .docx copy (of its converted text)."""
    from speechlint.document.readers.errors import InputError
    from speechlint.document.readers.legacy import SUFFIXES as LEGACY
    from speechlint.document.readers.legacy import to_docx
    from speechlint.output.docx_edit import annotate

    words = [t for t in tasks if t.path.suffix.lower() in (".docx", *LEGACY)]
    if len(words) != 1 or len(tasks) != 1:
        _err("--annotate needs exactly one Word draft (.docx, .doc, .wps, .odt, .rtf) to check")
        sys.exit(EXIT_ERROR)
    task = words[0]
    findings = [f for r in results if r.path == task.shown for f in r.findings]
    try:
        data = to_docx(task.file, task.path.read_bytes())
        copy = annotate(data, findings, task.config.docx_revisions)
        write_bytes_atomically(target, copy)
    except InputError as exc:
        errors.append(f"{task.shown}: {exc}")
        return
    except OSError as exc:
        errors.append(f"{target}: cannot write the annotated copy: {exc.strerror}")
        return
    click.echo(f"已在 {target} 中添加 {len(findings)} 条批注。", err=True)


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def list_rules(fmt: str) -> None:
    """List every rule: code, name, category, severity, fixable."""
    pm = PluginManager()
    registry = pm.registry
    rows = [
        {
            "code": r.code,
            "name": r.name,
            "category": str(r.category),
            "severity": r.severity.label,
            "fixable": r.fixable,
            "default": r.default_enabled,
            "summary": r.summary(),
        }
        for r in registry
    ]
    for line in pm.errors:
        _err(line)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for row in rows:
            flags = ("fix" if row["fixable"] else "   ") + (
                "" if row["default"] else "  (off by default)"
            )
            click.echo(
                f"{row['code']}  {row['name']:<30} {row['category']:<12} "
                f"{row['severity']:<8} {flags}"
            )
    sys.exit(EXIT_ERROR if pm.errors else EXIT_OK)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--config", "config_path", type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="Use this config file for every draft.",
)  # fmt: skip
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the browser.")
@click.option(
    "--max-size", default=20, show_default=True, type=click.IntRange(1, 1024),
    help="Largest request, in MB.",
)  # fmt: skip
@click.option(
    "--timeout", default=60.0, show_default=True, type=click.FloatRange(1, 3600),
    help="Seconds one check may take before it is stopped.",
)  # fmt: skip
@click.option(
    "--workers", default=2, show_default=True, type=click.IntRange(1, 64),
    help="Checking processes.",
)  # fmt: skip
def serve(
    host: str,
    port: int,
    config_path: Path | None,
    open_browser: bool,
    max_size: int,
    timeout: float,
    workers: int,
) -> None:
    """Serve the checking page and a LanguageTool-compatible API on this machine."""
    try:
        import uvicorn

        from speechlint.serve.app import create_app
    except ImportError as exc:
        _err(f"speechlint serve needs its extra ({exc.name} is missing): "
             "pip install 'speechlint[serve]'")  # fmt: skip
        sys.exit(EXIT_ERROR)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(
            f"warning: listening on {host}: drafts sent to this page can then be read by anyone "
            "on the network who can reach it; use the default 127.0.0.1 to keep them on this "
            "machine",
            err=True,
        )
    app = create_app(config_path, max_bytes=max_size * 1024 * 1024, timeout=timeout,
                     processes=workers)  # fmt: skip
    url = f"http://{'localhost' if host in ('127.0.0.1', '::1') else host}:{port}/"
    click.echo(f"speechlint 检查页面：{url}（Ctrl+C 停止）", err=True)
    if open_browser:
        import webbrowser

        threading.Timer(1.5, webbrowser.open, args=(url,)).start()
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=True)


@main.command()
def lsp() -> None:
    """Run the language server on standard input and output (for editors)."""
    try:
        from speechlint.lsp.server import main as serve_lsp
    except ImportError as exc:
        _err(f"speechlint lsp needs its extra ({exc.name} is missing): "
             "pip install 'speechlint[lsp]'")  # fmt: skip
        sys.exit(EXIT_ERROR)
    serve_lsp()


@main.command()
def doctor() -> None:
    """Say which readers, extras and helpers this installation has."""
    import importlib.util
    import platform

    from speechlint.document.readers.legacy import soffice
    from speechlint.speed.speedups import COMPILED

    pm = PluginManager()
    click.echo(f"speechlint {__version__}，Python {platform.python_version()}（{sys.executable}）")
    click.echo("读取器：")
    by_reader: dict[str, list[str]] = {}
    for suffix, reader in sorted(pm.readers.items()):
        by_reader.setdefault(reader.name or type(reader).__name__, []).append(suffix)
    office = soffice()
    for name, suffixes in by_reader.items():
        state = "可用"
        if name == "legacy":
            state = f"可用（LibreOffice：{office}）" if office else "不可用：未安装 LibreOffice"
        elif name == "docx" and importlib.util.find_spec("docx") is None:
            state = "不可用：未安装 python-docx"
        click.echo(f"  {name:<8} {' '.join(suffixes):<40} {state}")
    click.echo("可选功能：")
    for extra, modules in (("serve", ("starlette", "uvicorn", "multipart")),
                           ("lsp", ("pygls", "lsprotocol"))):  # fmt: skip
        missing = [m for m in modules if importlib.util.find_spec(m) is None]
        state = "已安装" if not missing else f"未安装（pip install 'speechlint[{extra}]'）"
        click.echo(f"  {extra:<8} {state}")
    click.echo(f"  C 加速    {'已编译' if COMPILED else '未编译（结果相同，速度稍慢）'}")
    for line in pm.errors:
        _err(line)
    sys.exit(EXIT_ERROR if pm.errors else EXIT_OK)


@main.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Print the documentation of a rule, by code or name."""
    registry = PluginManager().registry
    found = registry.get(rule)
    if found is None:
        hint = registry.suggest(rule)
        _err(f"unknown rule {rule!r}" + (f" (did you mean {hint!r}?)" if hint else ""))
        sys.exit(EXIT_ERROR)
    from speechlint.rule_docs import rule_heading  # here: only explain needs it

    click.echo(rule_heading(found) + "\n")
    click.echo(found.doc())
    if found.options:
        click.echo("\n配置项默认值：")
        for key, opt in found.options.items():
            click.echo(f"  {key}: {opt.default!r}  — {opt.help}")


def _outline_rows(doc: Any, source: Any) -> list[dict[str, Any]]:
    rows = []
    for node in doc.walk():
        if node.kind == "document":
            continue
        line, col = source.line_col(node.start)
        rows.append(
            {
                "line": line,
                "column": col,
                "depth": node.depth() - 1,
                "kind": node.kind,
                "level": node.level or None,
                "ordinal": node.ordinal,
                "marker": node.marker or None,
                "style": node.style or None,
                "text": source.text[node.start : node.end],
            }
        )
    return rows


@main.command()
@click.argument("file", type=click.Path(path_type=str))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--width", default=24, show_default=True, help="Characters of text per node.")
@click.option("--encoding", help="Read the draft in this encoding.")
def outline(file: str, fmt: str, width: int, encoding: str | None) -> None:
    """Print the section tree of a draft."""
    pm = PluginManager()
    try:
        data = sys.stdin.buffer.read() if file == "-" else read_regular(file, MAX_BYTES)
    except OSError as exc:
        _err(f"{file}: cannot be read: {exc.strerror}")
        sys.exit(EXIT_ERROR)
    try:
        source = Engine(pm).read(file, data, encoding)
    except InputError as exc:
        _err(f"{file}: {exc}")
        sys.exit(EXIT_ERROR)
    from speechlint.document.genre import NAMES
    from speechlint.document.parser import (
        parse,  # here: only the outline command parses in this module
    )

    doc = parse(source, finder_genre(file))
    rows = _outline_rows(doc, source)
    if fmt == "json":
        for row in rows:
            row["text"] = row["text"][:width]
        click.echo(json.dumps({"genre": doc.genre, "nodes": rows}, ensure_ascii=False, indent=2))
        return
    click.echo(f"genre: {doc.genre} ({NAMES[doc.genre]})")
    for row in rows:
        attrs = []
        if row["level"]:
            attrs.append(f"L{row['level']}")
        if row["ordinal"] is not None:
            attrs.append(f"#{row['ordinal']}")
        if row["style"]:
            attrs.append(row["style"])
        text = row["text"].replace("\n", " ")
        snippet = text[:width] + ("…" if len(text) > width else "")
        label = f"{'  ' * row['depth']}{row['kind']}"
        click.echo(f"{row['line']:>5}  {label:<24} {' '.join(attrs):<16} {snippet}")


def finder_genre(file: str) -> str | None:
    """The genre: key of the configuration that applies to file (None: decided from it)."""
    try:
        anchor = Path.cwd() / "_" if file == "-" else Path(file)
        return ConfigFinder().for_path(anchor).genre
    except ConfigError:
        return None


@main.command()
@click.argument("directory", default=".", type=click.Path(path_type=Path, file_okay=False))
@click.option("--force", is_flag=True, help="Overwrite an existing .speechlint.yaml.")
@click.option(
    "--with-data", is_flag=True,
    help="Also write commented example data: a fact table, a roster and a phrase list.",
)  # fmt: skip
def init(directory: Path, force: bool, with_data: bool) -> None:
    """Write a commented default .speechlint.yaml (and, with --with-data, example data)."""
    from speechlint.checking.patterns import rule_data

    target = directory / ".speechlint.yaml"
    templates = ("facts.yaml", "名单.yaml", "提法.yaml") if with_data else ()
    for name in (".speechlint.yaml", *templates):
        if (directory / name).exists() and not force:
            _err(f"{directory / name} already exists; use --force to overwrite it")
            sys.exit(EXIT_ERROR)
    config = DEFAULT_CONFIG
    if with_data:
        config += (
            "\n# The office's own data (examples written beside this file: edit them, then\n"
            "# remove the # below). facts: figures for SF016; people: the roster for NM001-NM003;\n"
            "# phrases: dated phrases for DT004. speechlint explain SF016 / NM001 / DT004.\n"
            "# facts: facts.yaml\n# people: 名单.yaml\n# phrases: 提法.yaml\n"
        )
    try:
        directory.mkdir(parents=True, exist_ok=True)
        target.write_text(config, encoding="utf-8")
        for name in templates:
            data = rule_data("templates").joinpath(name).read_bytes()
            (directory / name).write_bytes(data)
    except OSError as exc:
        _err(f"{target}: cannot write: {exc.strerror}")
        sys.exit(EXIT_ERROR)
    click.echo(f"wrote {target}" + (f" and {', '.join(templates)}" if templates else ""))


@main.command()
def clean() -> None:
    """Remove the results cache (.speechlint_cache/) of the current directory, and the
    temporary files a killed --fix left below it."""
    import shutil

    stale = _remove_stale_fix_temporaries(os.curdir)
    if stale:
        click.echo(f"removed {stale} temporary files left by an interrupted --fix")
    target = Path(CACHE_DIR)
    if not os.path.lexists(target):
        click.echo(f"no {CACHE_DIR}/ here; nothing to remove")
        return
    if target.is_symlink() or not target.is_dir():
        # Removing what a link points to, or a file of the same name, is not ours to do.
        _err(f"{CACHE_DIR}: not a cache folder (a link or a file); remove it by hand")
        sys.exit(EXIT_ERROR)
    size = 0
    for folder, _dirs, files in os.walk(target):
        for name in files:
            with contextlib.suppress(OSError):
                size += os.lstat(os.path.join(folder, name)).st_size
    try:
        shutil.rmtree(target)
    except OSError as exc:
        _err(f"{CACHE_DIR}: cannot remove: {exc.strerror or exc}; check its permissions")
        sys.exit(EXIT_ERROR)
    amount = f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.0f} KB"
    click.echo(f"removed {CACHE_DIR}/ ({amount})")


def _remove_stale_fix_temporaries(root: str) -> int:
    """Remove, below root (links not followed, hidden folders not entered), the temporary
    files of --fix runs that were killed (see fixer.is_stale_temporary)."""
    import time

    from speechlint.checking.fixer import is_stale_temporary

    now = time.time()
    removed = 0
    for folder, folders, files in os.walk(root):
        folders[:] = [f for f in folders if not f.startswith(".")]
        for name in files:
            if is_stale_temporary(folder, name, now):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(folder, name))
                    removed += 1
    return removed


# Rule docs must keep these headings (tests/test_rule_docs.py checks every rule).
__all__ = ["DOC_HEADINGS", "main"]
