"""Does any rule cost more than linearly in the length of one draft?

    python benchmarks/linearity.py [--mb 2] [--factor 5] [--runs 5] [--single-line]
        [--rules PU001,SF014]

Checks one generated draft of --mb megabytes and the same draft repeated --factor times, each
rule alone, in this process, and prints each rule's own CPU time on both (the median of --runs
runs, small and large alternating) and their ratio, largest first. A linear rule shows a ratio
near the factor; a quadratic one near its square.

A rule's own time is its run's time less the parse inside that same run, with the garbage
collector off: the parse is most of a cheap rule's run, so subtracting a parse timed in another
run (or leaving it in) moved the ratio of a 30 ms rule by up to 2x between runs on this machine.
A ratio above 1.5 x factor is measured again with three times the runs. If it holds, and the
large draft's figure is above --floor seconds (below that, a ratio is noise), the large draft is
doubled: a rule that switches ways at some length (speedups.PairScan searches a text of over
a million characters table by table, ~2x the cost per MB of the shared pass below it) reads
about 2 there, a quadratic rule 4. Only a rule above 3 on doubling is marked more than linear.

``--single-line`` joins the draft into one line (one paragraph): the shape that exposed a
quadratic sentence search in SF014, where each 其中 scanned back to the start of the line
(2 -> 10.5 MB: ratio 14.3 before the fix, 5.1 after). Sizes much smaller than the defaults hide
such a term under the linear work.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import corpus  # noqa: E402

from speechlint.checking.config import Config  # noqa: E402
from speechlint.checking.engine import Engine, Overrides  # noqa: E402
from speechlint.document import parser  # noqa: E402
from speechlint.running.plugins import PluginManager  # noqa: E402


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


class ParseClock:
    """Wraps the parser so a run can tell its parse time from the rest (the engine imports
    ``parse`` from the module at each call, so replacing the module attribute is enough)."""

    def __init__(self) -> None:
        self.spent = 0.0
        self._parse: Callable[..., object] = parser.parse

    def __call__(self, *args: object, **kwargs: object) -> object:
        started = time.process_time()
        try:
            return self._parse(*args, **kwargs)
        finally:
            self.spent += time.process_time() - started


CLOCK = ParseClock()
parser.parse = CLOCK  # type: ignore[assignment]


def rule_seconds(engine: Engine, data: bytes) -> tuple[float, float]:
    """(the rule's own CPU seconds, the parse's) of one check of data, in one run."""
    settings = engine.settings_for(Config(), None)
    source = engine.read("draft.txt", data, None)  # outside the clock: the reader is not a rule
    gc.collect()
    gc.disable()
    try:
        CLOCK.spent = 0.0
        started = time.process_time()
        engine.run_rules(source, settings)
        total = time.process_time() - started
    finally:
        gc.enable()
    return total - CLOCK.spent, CLOCK.spent


def measure(engine: Engine, small: bytes, large: bytes, runs: int) -> tuple[float, float, float]:
    """Medians of the rule's own time on small and large (alternating, so a change in the
    machine's speed lands on both), and the parse's ratio as a reference."""
    a, b, pa, pb = [], [], [], []
    for _ in range(runs):
        rule, parse = rule_seconds(engine, small)
        a.append(rule)
        pa.append(parse)
        rule, parse = rule_seconds(engine, large)
        b.append(rule)
        pb.append(parse)
    parse_ratio = statistics.median(pb) / statistics.median(pa)
    return statistics.median(a), statistics.median(b), parse_ratio


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--mb", type=float, default=2.0, help="size of the smaller draft")
    ap.add_argument("--factor", type=int, default=5, help="how many times larger the other is")
    ap.add_argument("--runs", type=int, default=5, help="runs per draft per rule (median)")
    ap.add_argument(
        "--floor", type=float, default=0.05, help="seconds on the large draft below which no mark"
    )
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
        f"{', one line each' if args.single_line else ''}; each rule alone, its own CPU time"
        f" (the parse taken out), median of {args.runs}"
    )
    limit = 1.5 * args.factor
    rows = []
    parse_ratios = []
    for code in codes:
        engine = Engine(PluginManager(), Overrides(select=(code,)))
        engine.rule_timeout = None
        # Compile patterns, load data and jieba, and let every scan settle on its way (a
        # pattern's first use is re's scan; the prefilter picks its way on the second) first.
        for _ in range(3):
            rule_seconds(engine, piece)
        a, b, parse_ratio = measure(engine, small, large, args.runs)
        parse_ratios.append(parse_ratio)
        note = ""
        if a and b / a > limit:
            a, b, _ = measure(engine, small, large, args.runs * 3)
            note = "  (measured again)"
        ratio = b / a if a else 0.0
        if ratio > limit and b < args.floor:
            note += f"  (under {args.floor:g} s: noise)"
        elif ratio > limit:
            # A rule can switch ways with the text's length (speedups.PairScan searches a
            # text of over TEXT_LIMIT characters table by table, and keeps nothing of it):
            # a step between the two sizes, not a growing cost. Doubling the large draft
            # tells them apart: a step reads 2 there, a quadratic rule 4.
            b2, b4, _ = measure(engine, large, large * 2, args.runs)
            double = b4 / b2 if b2 else 0.0
            if double > 1.5 * 2:
                note += f"  <- more than linear (doubled: {double:.2f})"
            else:
                note += f"  (doubled: {double:.2f}, linear above {len(large) / 1e6:.0f} MB)"
        rows.append((ratio, code, a, b, note))
    print(f"{'rule':8} {'small s':>9} {'large s':>9} {'ratio':>7}")
    for ratio, code, a, b, note in sorted(rows, reverse=True):
        print(f"{code:8} {a:9.4f} {b:9.4f} {ratio:7.2f}{note}")
    print(f"the parse alone, for reference: ratio {statistics.median(parse_ratios):.2f}")
    marked = sum("more than linear" in row[4] for row in rows)
    print(f"{marked} of {len(rows)} rules more than linear (limit {limit:g}, doubled 3)")


if __name__ == "__main__":
    main()
