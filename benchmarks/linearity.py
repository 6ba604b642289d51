"""Does any rule cost more than linearly in the length of one draft?

    python benchmarks/linearity.py [--mb 2] [--factor 5] [--single-line] [--rules PU001,SF014]

Checks one generated draft of --mb megabytes and the same draft repeated --factor times, each rule alone
(with the parser, which every rule needs), in this process, and prints each rule's two times
(CPU, the least of three runs) and their ratio, largest first. A linear rule shows a ratio near the factor; a rule above
1.5 × factor is marked. ``--single-line`` joins the draft into one line (one paragraph): the
shape that exposed a quadratic sentence search in SF014, where each 其中 scanned back to the
start of the line (2 -> 10.5 MB: ratio 14.3 before the fix, 5.1 after). Sizes much smaller
than the defaults hide such a term under the linear work. Figures vary with the machine's
load: read the ratios.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import corpus  # noqa: E402

from speechlint import prefilter  # noqa: E402
from speechlint.config import Config  # noqa: E402
from speechlint.engine import Engine, Overrides  # noqa: E402
from speechlint.plugins import PluginManager  # noqa: E402


def make_draft(megabytes: float, single_line: bool, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    paragraphs = corpus.source_paragraphs()
    parts = []
    size = 0
    while size < megabytes * 1024 * 1024:
        chunk = corpus.draft(rng, paragraphs, 64 * 1024)
        parts.append(chunk)
        size += len(chunk.encode())
    text = "".join(parts)
    if single_line:
        text = text.replace("\n", "")
    return text.encode("utf-8")


def seconds(engine: Engine, data: bytes, runs: int = 1) -> float:
    """CPU seconds of checking data, the least of runs (a single run is noisy here)."""
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        engine.check_bytes("draft.txt", data, Config())
        best = min(best, time.process_time() - started)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--mb", type=float, default=2.0, help="size of the smaller draft")
    ap.add_argument("--factor", type=int, default=5, help="how many times larger the other is")
    ap.add_argument("--single-line", action="store_true", help="join each draft into one line")
    ap.add_argument("--rules", default="", help="comma-separated codes (default: all)")
    args = ap.parse_args()

    # The larger draft is the smaller one repeated: the same words in the same proportions,
    # so a rule whose prefilter skips the small draft skips the large one too, and the ratio
    # measures length alone.
    small = make_draft(args.mb, args.single_line)
    large = small * args.factor
    piece = small[:200_000].decode("utf-8", "ignore").encode("utf-8")
    codes = [c for c in args.rules.split(",") if c] or sorted(
        cls.code for cls in Engine(PluginManager()).settings_for(Config(), None).rules
    )
    print(
        f"drafts of {len(small) / 1e6:.1f} and {len(large) / 1e6:.1f} MB"
        f"{', one line each' if args.single_line else ''}; each rule alone, with the parser"
    )
    rows = []
    for code in codes:
        engine = Engine(PluginManager(), Overrides(select=(code,)))
        engine.rule_timeout = None
        # Compile patterns, load data and jieba, and let every scan finish timing its ways
        # (prefilter.TRIALS per way) first: a trial of a slow way would land in one figure.
        for _ in range(prefilter.TRIALS * 4):
            seconds(engine, piece)
        a, b = seconds(engine, small, 3), seconds(engine, large, 3)
        rows.append((b / a if a else 0.0, code, a, b))
    limit = 1.5 * args.factor
    print(f"{'rule':8} {'small s':>9} {'large s':>9} {'ratio':>7}")
    for ratio, code, a, b in sorted(rows, reverse=True):
        mark = "  <- more than linear" if ratio > limit else ""
        print(f"{code:8} {a:9.3f} {b:9.3f} {ratio:7.2f}{mark}")


if __name__ == "__main__":
    main()
