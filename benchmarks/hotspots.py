"""Where a folder run spends its time: cProfile over one process (``--jobs 1``, cold cache).

    python benchmarks/hotspots.py [--files 500] [--corpus DIR] [--top 25] [--save FILE]

Prints the functions with the most time of their own, then the time per part of speechlint:
the parser, the engine, the prefilter, each built-in rule by its code. A C function's time (a
regular expression's scan, a compiled helper, ``str.find``) is counted for the Python
function that called it, so a rule's share includes the scans it asked for. ``--save`` keeps
the raw profile for ``python -m pstats`` or snakeviz.

The run is the one ``run.py`` times (``check --no-cache -q --statistics``), in this process
with one job: a worker of a ``--jobs 2`` run does the same work per draft.
cProfile adds a fixed cost to every Python call, so code that makes many small calls reads
dearer than it is: read the shares, not the seconds (``instructions.py`` counts instructions).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import subprocess
import sys
import tempfile
import types
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import corpus  # noqa: E402

# pstats' key of a function: (file name, first line, name); "~" is the file of C functions.
Func = tuple[str, int, str]


def _code_objects(code: types.CodeType) -> Iterator[types.CodeType]:
    """code and the code of every function, comprehension and lambda defined inside it."""
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _code_objects(const)


def rule_functions() -> dict[Func, str]:
    """The pstats key of every function written in a built-in or plugin rule class (its
    nested functions included) -> the rule's code. Helpers of a shared base class count for
    their module instead."""
    from speechlint.running.plugins import PluginManager

    out: dict[Func, str] = {}
    for rule in PluginManager().registry:
        for value in vars(rule).values():
            if isinstance(value, staticmethod | classmethod):
                value = value.__func__
            elif isinstance(value, property):
                value = value.fget
            code = getattr(value, "__code__", None)
            if code is None:
                continue
            for inner in _code_objects(code):
                out[(inner.co_filename, inner.co_firstlineno, inner.co_name)] = rule.code
    return out


def module_names() -> dict[str, str]:
    """A loaded module's file -> its name."""
    out: dict[str, str] = {}
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None)
        if path:
            out[path] = name
    return out


def part_of(func: Func, rules: dict[Func, str], modules: dict[str, str]) -> str:
    """The part a Python function belongs to: a rule's code, a speechlint module, or the
    top-level package of any other module (re, json, jieba…)."""
    if func in rules:
        return rules[func]
    module = modules.get(func[0])
    if module is None:
        return Path(func[0]).name if func[0] != "~" else "(C, called from C)"
    if module.startswith("speechlint."):
        return module.removeprefix("speechlint.")
    return module.split(".")[0]


def parts(stats: pstats.Stats) -> Counter[str]:
    """Own time per part; a C function's own time goes to its callers' parts, split as
    cProfile recorded it per caller."""
    rules = rule_functions()
    modules = module_names()
    out: Counter[str] = Counter()
    for func, (_cc, _nc, own, _cum, callers) in stats.stats.items():  # type: ignore[attr-defined]
        if func[0] != "~":
            out[part_of(func, rules, modules)] += own
            continue
        for caller, (_ccc, _cnc, caller_own, _ccum) in callers.items():
            out[part_of(caller, rules, modules)] += caller_own
    return out


def describe(func: Func) -> str:
    file, line, name = func
    if file == "~":
        return name
    path = Path(file)
    where = "/".join(path.parts[-2:]) if path.parent.name in ("rules", "formatters") else path.name
    return f"{where}:{line}({name})"


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--files", type=int, default=500)
    ap.add_argument("--corpus", type=Path, help="reuse a corpus folder instead of generating one")
    ap.add_argument("--top", type=int, default=25, help="how many functions to list")
    ap.add_argument("--save", type=Path, help="write the raw profile here (pstats format)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="speechlint-hotspots-") as tmp:
        work = Path(tmp)
        folder = args.corpus
        if folder is None:
            folder = work / "corpus"
            corpus.build(folder, args.files)
        drafts = sorted(folder.rglob("*.txt"))
        if not drafts:
            sys.exit(f"error: {folder}: no .txt drafts to profile")
        size = sum(p.stat().st_size for p in drafts)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "speechlint",
                "check",
                "--no-cache",
                "-q",
                *map(str, drafts[:20]),
            ],
            cwd=work,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )

        from speechlint.cli import main as speechlint_main

        argv = ["check", "--no-cache", "--jobs", "1", "-q", "--statistics", str(folder)]
        profiler = cProfile.Profile()
        os.chdir(work)
        with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
            profiler.enable()
            try:
                speechlint_main(argv, standalone_mode=False)
            finally:
                profiler.disable()

    stats = pstats.Stats(profiler)
    if args.save:
        stats.dump_stats(args.save)
    total = stats.total_tt  # type: ignore[attr-defined]
    print(
        f"speechlint {' '.join(argv[:-1])} over {len(drafts)} drafts ({size / 2**20:.1f} MB):"
        f" {total:.2f} s under cProfile"
    )
    print(f"\nown time, top {args.top} functions")
    print("   share    own s     calls  function")
    rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])  # type: ignore[attr-defined]
    for func, (_cc, calls, own, _cum, _callers) in rows[: args.top]:
        print(f"  {100 * own / total:5.1f}%  {own:7.3f}  {calls:8d}  {describe(func)}")
    print("\ntime by part (C functions counted for their callers)")
    print("   share        s  part")
    for part, seconds in parts(stats).most_common():
        if seconds >= 0.001 * total:
            print(f"  {100 * seconds / total:5.1f}%  {seconds:7.3f}  {part}")


if __name__ == "__main__":
    main()
