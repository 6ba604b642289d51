"""speechlint's speed, measured as whole processes, next to a baseline in the same run.

    python benchmarks/run.py [--files 2000] [--runs 5] [--folder-runs 3] [--corpus DIR]

Prints: cold single-draft latency (median of --runs fresh processes), folder
throughput in MB/s with --jobs 1 and --jobs 2 (cold: --no-cache; medians of --folder-runs),
the time for half and a quarter of the corpus (cost should be linear: whole / half, and
(whole - half) / (half - quarter), which a run's fixed cost does not bend; ratios taken within
each round), the first run with the cache on (which writes it), the warm re-run from the cache
(counts only, and with the text report), peak RSS of the largest process, jieba's load time,
and the same for a baseline — bare interpreter start-up, and reading every file and running
one regex — so the figures can be read as ratios on a noisy machine. The corpus comes from
benchmarks/corpus.py (deterministic).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import corpus  # noqa: E402

PY = sys.executable
SPEECHLINT = [PY, "-m", "speechlint"]

ENV = dict(os.environ)


def measure(
    cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB of the largest process, children included)."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env or ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _pid, _status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    return wall, usage.ru_maxrss / 1024


def median_of(
    cmd: list[str], runs: int, cwd: Path | None = None, env: dict[str, str] | None = None
) -> tuple[float, float]:
    results = [measure(cmd, cwd, env) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


BASELINE_SCAN = """
import re, sys, pathlib
pattern = re.compile(r"20[xX]{2}|[，。；]")
n = 0
for p in sorted(pathlib.Path(sys.argv[1]).rglob("*.txt")):
    n += len(pattern.findall(p.read_text("utf-8")))
print(n)
"""


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--folder-runs", type=int, default=3, help="rounds of the folder runs")
    ap.add_argument("--corpus", type=Path, help="reuse a corpus folder instead of generating one")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="speechlint-bench-"))
    try:
        folder = args.corpus or work / "corpus"
        if args.corpus is None:
            corpus.build(folder, args.files, seed=1)
        files = sorted(folder.rglob("*.txt"))
        megabytes = sum(p.stat().st_size for p in files) / 2**20
        one = min(files, key=lambda p: abs(p.stat().st_size - 15 * 1024))
        print(
            f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
        )
        print(
            f"corpus: {len(files)} drafts, {megabytes:.1f} MB; single draft {one.stat().st_size / 1024:.1f} KB"
        )
        print()

        # Every process runs in the temporary folder: `python -m speechlint` started in a
        # checkout would import the checkout's speechlint/ instead of the installed package.
        start, start_rss = median_of([PY, "-c", "pass"], args.runs, cwd=work)
        scan, scan_rss = median_of(
            [PY, "-c", BASELINE_SCAN, str(folder)], max(3, args.runs // 2), cwd=work
        )
        print("baseline")
        print(f"  interpreter start-up            {start:7.3f} s   peak {start_rss:6.0f} MB")
        print(
            f"  read all files + one regex      {scan:7.3f} s   {megabytes / scan:6.1f} MB/s   peak {scan_rss:6.0f} MB"
        )

        print("speechlint")
        one_cmd = [*SPEECHLINT, "check", "--no-cache", "-q", str(one)]
        single, single_rss = median_of(one_cmd, args.runs, cwd=work)
        print(
            f"  one draft, cold process         {single:7.3f} s   peak {single_rss:6.0f} MB"
            f"   ({single / start:.0f}x start-up)"
        )
        jieba = subprocess.run(
            [PY, "-c", "import time; from speechlint.checking import segment; t = time.perf_counter(); "
             "segment.tokenizer(); print(time.perf_counter() - t)"],
            capture_output=True, text=True, check=True, cwd=work, env=ENV,
        )  # fmt: skip
        print(f"  jieba load (when needed)        {float(jieba.stdout):7.3f} s")
        # Folder runs, cold. On a shared machine one run can be off by half, so each figure is
        # a median, and the ratios (to the baseline scan, whole to half) are taken within a
        # round — scan, whole, half back to back — and their median printed.
        cold_cmd = [*SPEECHLINT, "check", "--no-cache", "-q", "--statistics"]
        one_job, one_job_rss = median_of([*cold_cmd, "--jobs", "1", str(folder)],
                                         args.folder_runs, cwd=work)  # fmt: skip
        print(
            f"  folder, --jobs 1, cold          {one_job:7.3f} s   {megabytes / one_job:6.1f} MB/s"
            f"   peak {one_job_rss:6.0f} MB   ({one_job / scan:.1f}x baseline scan)"
        )
        # Linear cost: the first half of the corpus should take half the time (±15%). A run
        # also has a fixed cost (start-up, loading rule data before the workers fork), which
        # pulls whole / half below 2; the quarter corpus gives the cost of the drafts alone:
        # (whole - half) / (half - quarter) is 2.00 for a cost linear in the drafts, whatever
        # the fixed cost.
        half, quarter = work / "half", work / "quarter"
        for part_folder, share in ((half, 2), (quarter, 4)):
            part_folder.mkdir()
            for p in files[: len(files) // share]:
                (part_folder / p.name).symlink_to(p)
        rounds = []
        for _ in range(args.folder_runs):
            round_scan, _ = measure([PY, "-c", BASELINE_SCAN, str(folder)], cwd=work)
            whole, whole_rss = measure([*cold_cmd, "--jobs", "2", str(folder)], cwd=work)
            part, _ = measure([*cold_cmd, "--jobs", "2", str(half)], cwd=work)
            fourth, _ = measure([*cold_cmd, "--jobs", "2", str(quarter)], cwd=work)
            rounds.append((round_scan, whole, part, whole_rss, fourth))
        cold = statistics.median(r[1] for r in rounds)
        to_scan = statistics.median(r[1] / r[0] for r in rounds)
        print(
            f"  folder, --jobs 2, cold          {cold:7.3f} s   {megabytes / cold:6.1f} MB/s"
            f"   peak {max(r[3] for r in rounds):6.0f} MB   ({to_scan:.1f}x baseline scan)"
        )
        half_wall = statistics.median(r[2] for r in rounds)
        ratio = statistics.median(r[1] / r[2] for r in rounds)
        print(
            f"  half the folder, --jobs 2, cold {half_wall:7.3f} s   full / half = "
            f"{ratio:.2f} (linear: 2.00)"
        )
        fourth_wall = statistics.median(r[4] for r in rounds)
        marginal = statistics.median((r[1] - r[2]) / (r[2] - r[4]) for r in rounds)
        fixed = statistics.median(2 * r[4] - r[2] for r in rounds)
        print(
            f"  a quarter, --jobs 2, cold       {fourth_wall:7.3f} s   (full - half) / (half -"
            f" quarter) = {marginal:.2f} (linear: 2.00); fixed cost ~{fixed:.2f} s"
        )
        # The first run with the cache on checks every draft and writes its entry: what a CI
        # job without a kept cache pays each time (one run, next to the --no-cache median).
        # It writes the text report, as `speechlint check drafts/` does, so its entries hold
        # the report's text for the warm text run below; the cold run counts only, so the
        # ratio includes making 170,000 lines of report.
        filling, _ = measure([*SPEECHLINT, "check", "-q", "--jobs", "2", str(folder)],
                             cwd=work)  # fmt: skip
        print(
            f"  folder, --jobs 2, filling cache {filling:7.3f} s   {filling / cold:.2f}x the cold"
            " run (one run, text report)"
        )
        warm, warm_rss = median_of([*SPEECHLINT, "check", "-q", "--statistics", str(folder)],
                                   max(3, args.runs // 2), cwd=work)  # fmt: skip
        print(
            f"  folder, warm cache              {warm:7.3f} s   {100 * warm / cold:5.1f}% of cold"
            f"   peak {warm_rss:6.0f} MB"
        )
        # Target 3 is the run above (counts only). A warm run that prints every finding reads
        # every entry and copies out the text stored with it: ~85 findings a draft here,
        # 170,000 lines of report.
        text, _ = median_of([*SPEECHLINT, "check", str(folder)], max(3, args.runs // 2),
                            cwd=work)  # fmt: skip
        print(
            f"  folder, warm cache, text report {text:7.3f} s   {100 * text / cold:5.1f}% of cold"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
