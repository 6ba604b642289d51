"""Time on input built to make a pattern or a parser loop: every figure must grow linearly.

    python benchmarks/hostile.py [--megabytes 1] [--nested-levels 10000]

Prints, for a draft of one repeated character (spaces, U+3000, underscores, a Han character,
punctuation...) of the given size and of half that size, the time through the default rules
and the ratio of the two (linear: ~2). Then the same for a Markdown list nested ever deeper
(the largest, 10,000 levels, is ~100 MB). Figures are printed, never asserted; the test suite
holds the same inputs to a generous bound (tests/test_hostile.py).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Characters a pattern could loop on: blanks, placeholder marks, dashes, digits, Han.
CHARACTERS = " \u3000_xX*×-—…·.。，、：0１一会\t"


def timed(path: Path) -> float:
    cmd = [sys.executable, "-m", "speechlint", "check", "--no-cache", "-q", str(path)]
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, cwd=path.parent)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr.decode(errors="replace"))
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=1.0)
    parser.add_argument("--nested-levels", type=int, default=10_000)
    args = parser.parse_args()
    size = int(args.megabytes * 1024 * 1024)
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        print(f"{'character':<12}{'half (s)':>10}{'full (s)':>10}{'ratio':>8}")
        for ch in CHARACTERS:
            times = []
            for n in (size // 2, size):
                path = folder / "draft.txt"
                path.write_text(ch * (n // len(ch.encode())), encoding="utf-8")
                times.append(timed(path))
            print(f"{ch.encode('unicode_escape').decode():<12}{times[0]:>10.2f}{times[1]:>10.2f}"
                  f"{times[1] / times[0]:>8.2f}")  # fmt: skip
        print(f"\n{'nested list levels':<20}{'MB':>8}{'time (s)':>10}")
        levels = args.nested_levels
        for n in (levels // 4, levels // 2, levels):
            path = folder / "nested.md"
            with path.open("w", encoding="utf-8") as out:
                for i in range(n):
                    out.write("  " * i + f"- 第{i}项\n")
            mb = path.stat().st_size / 1e6
            print(f"{n:<20}{mb:>8.1f}{timed(path):>10.2f}")


if __name__ == "__main__":
    main()
