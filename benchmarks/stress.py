"""A stress run: many generated drafts, peak memory and wall time, --jobs 1 against --jobs 2.

    python benchmarks/stress.py [--files 10000] [--small 100]

Checks that results are identical with --jobs 1 and --jobs 2 (byte for byte, JSON), and
reports wall time and the peak RSS of the largest process for the full corpus and for a
small one, so memory growth with the number of files shows as a ratio.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def run(folder: Path, jobs: int, out: Path) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, exit status) of one check of folder, its JSON to out.
    An exit status other than 0 or 1 (findings) stops the script with speechlint's error."""
    cmd = [sys.executable, "-m", "speechlint", "check", "--no-cache", "--format", "json",
           "--jobs", str(jobs), "--output-file", str(out), "-q", str(folder)]  # fmt: skip
    errors = out.with_suffix(".stderr")
    started = time.perf_counter()
    # In the work folder: `python -m speechlint` started in a checkout would import the
    # checkout's speechlint/ instead of the installed package (and fail to find its rules).
    with errors.open("wb") as stderr:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=stderr, cwd=out.parent)
        _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        last = errors.read_text("utf-8", "replace").strip().splitlines()[-1:] or ["(nothing)"]
        sys.exit(f"speechlint exited with {code} on {folder}: {last[0]}")
    return wall, usage.ru_maxrss / 1024, code


def own_peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--files", type=int, default=10_000)
    ap.add_argument("--small", type=int, default=100)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="speechlint-stress-"))
    try:
        big, small = work / "big", work / "small"
        # The corpora are built, and the reports hashed, so that this process stays small: a
        # child's peak RSS as wait4 reports it starts from this process's own high-water mark
        # (the child is forked from it before it runs speechlint), and hashing a 400 MB report
        # in one read made every later run "peak" at 420 MB.
        for folder, files in ((big, args.files), (small, args.small)):
            subprocess.run(
                [sys.executable, str(HERE / "corpus.py"), str(folder), "--files", str(files),
                 "--seed", "7"],
                check=True, stdout=subprocess.DEVNULL,
            )  # fmt: skip
        print(f"this script's own peak RSS before the runs: {own_peak_mb():.0f} MB")
        mb = sum(p.stat().st_size for p in big.glob("*.txt")) / 2**20
        print(f"{args.files} drafts, {mb:.1f} MB")
        digests = {}
        for jobs in (1, 2):
            out = work / f"jobs{jobs}.json"
            wall, rss, code = run(big, jobs, out)
            with out.open("rb") as report:
                digests[jobs] = hashlib.file_digest(report, "sha256").hexdigest()
            print(
                f"  --jobs {jobs}: {wall:8.1f} s  {mb / wall:5.2f} MB/s  peak {rss:6.0f} MB  exit {code}"
            )
        _w, small_rss, _c = run(small, 2, work / "small.json")
        print(f"  {args.small} drafts, --jobs 2: peak {small_rss:.0f} MB")
        print(f"  identical results with --jobs 1 and 2: {digests[1] == digests[2]}")
        print(f"  peak RSS, {args.files} vs {args.small} drafts: {rss / small_rss:.2f}x")
        sys.exit(0 if digests[1] == digests[2] else 1)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
