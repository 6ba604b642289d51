"""Checking many drafts: the cache, parallel worker processes, deterministic order."""

from __future__ import annotations

import gc
import os
from collections import deque
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from speechlint.checking.config import Config
from speechlint.checking.engine import Engine, Overrides
from speechlint.checking.report import FileResult, Row
from speechlint.running.cache import Cache, settings_fingerprint
from speechlint.running.plugins import PluginManager

if TYPE_CHECKING:  # the pool's module is imported only when a pool is used
    from concurrent.futures import Future

# Below this many files a pool costs more than it saves.
MIN_FILES_FOR_POOL = 8
# Drafts sent to a worker at a time, and chunks submitted ahead per worker: enough to keep
# every worker busy while this process reports (32 a chunk timed the same as 8), few enough
# that the finished results waiting here stay a megabyte or so.
CHUNK = 8
IN_FLIGHT_PER_WORKER = 3
# Where iter_check takes a draft's result from: checked now, its cache entry, or (counts only)
# the summary the stat index keeps.
FRESH, ENTRY, SUMMARY = 0, 1, 2


class WorkerLost(RuntimeError):
    """A worker process ended in the middle of the run (killed, or out of memory)."""

    def __init__(self, near: str) -> None:
        super().__init__(
            f"{near}: a worker process stopped while checking this draft or the ones after it"
            " (killed, or out of memory?); run again, or with --jobs 1"
        )


class Task(NamedTuple):  # one per draft: 10,000 of them in a large folder
    shown: str
    # The draft's path as a str: a Path object per draft held ~240 bytes more, 2.4 MB of a
    # 10,000-draft run's peak in the parent and in every forked worker.
    file: str
    config: Config
    root: Path | None = None  # the folder the draft was found in (fixes stay inside it)

    @property
    def path(self) -> Path:
        return Path(self.file)


_worker_engine: Engine | None = None
_worker_encoding: str | None = None
_worker_cache: Cache | None = None
_worker_render: Callable[[FileResult], str] | None = None
_worker_rows_needed = True


def _init_worker(
    plugin_files: list[Path],
    overrides: Overrides,
    encoding: str | None,
    timeout: float | None,
    gc_thresholds: tuple[int, ...] | None = None,
    cache_root: Path | None = None,
    render: Callable[[FileResult], str] | None = None,
    rows_needed: bool = True,
) -> None:
    global _worker_engine, _worker_encoding, _worker_cache, _worker_render, _worker_rows_needed
    if gc_thresholds:  # the parent's (a forked worker has them already; a spawned one not)
        gc.set_threshold(*gc_thresholds)
    pm = PluginManager()
    for f in plugin_files:
        pm.load_file(f)
    _worker_engine = Engine(pm, overrides)
    _worker_engine.rule_timeout = timeout
    _worker_encoding = encoding
    _worker_cache = Cache(cache_root) if cache_root is not None else None
    _worker_render, _worker_rows_needed = render, rows_needed


def _check_in_worker(job: tuple[Task, str | None]) -> tuple[FileResult, list[str]]:
    """Check one draft, store its cache entry (given its key) and, where the run asked for
    it, write its report text and keep its rows back: see iter_check."""
    assert _worker_engine is not None
    task, key = job
    result = _check_task(_worker_engine, task, _worker_encoding)
    if not _worker_rows_needed and not result.errors:
        result.send_rows = False
        if _worker_render is not None:
            result.rendered = _worker_render(result)
    if key is not None and _worker_cache is not None:
        _worker_cache.put(key, result)
    errors = list(_worker_engine.errors)
    _worker_engine.errors.clear()
    return result, errors


def _check_chunk(jobs: list[tuple[Task, str | None]]) -> list[tuple[FileResult, list[str]]]:
    return [_check_in_worker(job) for job in jobs]


def iter_check(
    tasks: list[Task],
    engine: Engine,
    plugin_files: list[Path],
    jobs: int,
    cache: Cache | None,
    encoding: str | None,
    progress: Callable[[int], None] | None = None,
    *,
    rows_needed: bool = True,
    render: Callable[[FileResult], str] | None = None,
) -> Iterator[FileResult]:
    """Results in the order of ``tasks``, each as soon as it and those before it are done, so a
    caller can report and drop them: memory stays flat however many drafts there are.
    Run-level errors land in ``engine.errors``.

    With worker processes, each worker writes the cache entries of the drafts it checks.
    ``rows_needed=False`` says the caller reads only counts and, if ``render`` is given,
    ``result.rendered`` (render's text for the draft, made by the worker): the workers then
    do not send the findings (reading them raises), which spares pickling them, unpickling
    them here and formatting them here — together about a tenth of a folder run's work.
    Results read from the cache or checked here always hold their findings."""
    if rows_needed:
        render = None  # the rows go to the caller, who makes the report from them
    keys: list[str | None] = [None] * len(tasks)
    names: list[str | None] = [None] * len(tasks)  # absolute names, as the stat index has them
    # Hits are only noted here and loaded as the stream reaches them, so a warm run never
    # holds every draft's results at once. A counts-only run takes an unchanged draft's counts
    # from the stat index (SUMMARY): it opens no entry at all.
    source = bytearray(len(tasks))  # FRESH, ENTRY or SUMMARY
    pending: list[tuple[int, Task, str | None]] = []
    fingerprints: dict[tuple[str, tuple[str, ...]], str] = {}
    for i, task in enumerate(tasks):
        key = None
        if cache is not None:
            found = cache.lookup(task.file)
            if found is not None:
                names[i], digest = found
                # The settings are the same for every draft with this key: resolved and
                # fingerprinted only for the first, not for each of 2,000 drafts.
                fp_key = engine.settings_key(task.config, task.file)
                if fp_key not in fingerprints:
                    settings = engine.settings_for(task.config, task.file)
                    # The forced --encoding decides what text the bytes are: part of the key.
                    fingerprints[fp_key] = settings_fingerprint(settings, encoding)
                key = Cache.key(digest, task.shown, fingerprints[fp_key])
        keys[i] = key
        if cache is None or key is None:
            pending.append((i, task, key))
        elif not cache.findings_needed and cache.has_summary(names[i] or "", key):
            source[i] = SUMMARY
        elif cache.has(key):
            source[i] = ENTRY
        else:
            pending.append((i, task, key))

    def fresh() -> Iterator[tuple[int, FileResult, bool]]:
        """(task index, result, whether its cache entry is written already)."""
        if jobs > 1 and len(pending) >= MIN_FILES_FOR_POOL:
            import multiprocessing  # only when a pool is used
            from concurrent.futures import ProcessPoolExecutor
            from concurrent.futures.process import BrokenProcessPool

            workers = min(jobs, len(pending))
            # Rule data and jieba loaded here before the fork are shared by the workers
            # instead of loaded again in each.
            if multiprocessing.get_start_method() == "fork":
                warmed: set[int] = set()
                for _i, task, _k in pending:
                    settings = engine.settings_for(task.config, task.file)
                    if id(settings) not in warmed:
                        warmed.add(id(settings))
                        engine.warm_up(settings)
                # Everything loaded so far lives as long as the run: out of the collector's
                # reach, the workers' collections neither walk it nor copy its pages (the
                # gc.freeze documentation's advice for forking servers).
                gc.freeze()
            try:
                with ProcessPoolExecutor(
                    max_workers=workers,
                    initializer=_init_worker,
                    initargs=(
                        plugin_files,
                        engine.overrides,
                        encoding,
                        engine.rule_timeout,
                        gc.get_threshold(),
                        cache.root if cache is not None else None,
                        render,
                        rows_needed,
                    ),
                ) as pool:
                    size = max(1, min(CHUNK, len(pending) // (workers * 4) or 1))
                    chunks = (pending[a : a + size] for a in range(0, len(pending), size))
                    # A bounded window of chunks in flight, not all submitted at once (as
                    # pool.map does): when this process writes the report more slowly than
                    # the workers check, finished results would otherwise pile up here —
                    # memory growing with the folder (10,000 drafts: +30 MB).
                    window: deque[tuple[list[tuple[int, Task, str | None]], Future[Any]]] = deque()

                    def submit_next() -> None:
                        part = next(chunks, None)
                        if part is not None:
                            jobs_ = [(t, k) for _i, t, k in part]
                            try:
                                window.append((part, pool.submit(_check_chunk, jobs_)))
                            except BrokenProcessPool:
                                # A worker died before this chunk went out: the chunk in
                                # flight names the draft (its result raises), else this one.
                                if not window:
                                    raise WorkerLost(part[0][1].shown) from None

                    for _ in range(workers * IN_FLIGHT_PER_WORKER):
                        submit_next()
                    while window:
                        part, future = window.popleft()
                        try:
                            outcomes = future.result()
                        except BrokenProcessPool:
                            raise WorkerLost(part[0][1].shown) from None
                        submit_next()
                        for (i, _task, _key), (result, errors) in zip(part, outcomes, strict=True):
                            for e in errors:
                                if e not in engine.errors:
                                    engine.errors.append(e)
                            yield i, result, True
            finally:
                gc.unfreeze()  # a long-lived caller's later garbage stays collectable
        else:
            for i, task, _key in pending:
                yield i, _check_task(engine, task, encoding), False

    new = fresh()
    try:
        for i, task in enumerate(tasks):
            key = keys[i]
            if source[i] != FRESH:
                assert cache is not None and key is not None and names[i] is not None
                # Bound lazily: most warm drafts never need it.
                check_here = partial(_check_task, engine, task, encoding)
                name = names[i]
                assert name is not None
                counts = cache.summary(name, key) if source[i] == SUMMARY else None
                if counts is not None:
                    result = FileResult(
                        task.shown, counts=counts, load_rows=partial(_rows, cache, key, check_here)
                    )
                else:  # the entry (also where a summary proved unreadable after all)
                    source[i] = ENTRY
                    entry = cache.get(key, check_here)
                    if entry is None:
                        # The entry vanished or was damaged since it was found: check it here.
                        entry = check_here()
                        cache.put(key, entry)
                    result = entry
            else:
                j, result, stored = next(new)
                assert j == i
                if cache is not None and key is not None and not stored:
                    cache.put(key, result)
            if key is not None and source[i] != SUMMARY and not result.errors:
                # What a later counts-only run reads instead of the entry.
                name = names[i]
                assert cache is not None and name is not None
                cache.remember(name, key, result.counts())
            if progress:
                progress(1)
            yield result
    finally:
        if cache is not None:
            cache.save_index()


def _check_task(engine: Engine, task: Task, encoding: str | None) -> FileResult:
    """Check one task's draft: in a worker, here, or (bound lazily) a cached draft's fallback."""
    return engine.check_file(task.file, task.config, encoding, task.shown)


def _rows(cache: Cache, key: str, check_here: Callable[[], FileResult]) -> list[Row]:
    """The findings of a draft whose counts came from the stat index: from its cache entry,
    or (the entry gone or damaged) from checking the draft again."""
    result = cache.get(key, check_here) or check_here()
    return result.rows()


def default_jobs() -> int:
    return os.cpu_count() or 1
