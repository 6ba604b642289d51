"""How long jieba takes to load, and how many MB/s the repetition (RP) rules check.

    python benchmarks/repetition.py [--megabytes 4]

The corpus is built from ../shared/seeds when present (else examples/drafts): paragraphs
shuffled, numbers varied, and a doubled word inserted every few paragraphs so that the RP
prefilter finds real candidates and jieba really segments.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus as corpus_module


def paragraphs() -> list[str]:
    return [p for p in corpus_module.source_paragraphs() if len(p) > 20]


def corpus(megabytes: float, seed: int = 7) -> str:
    rng = random.Random(seed)
    paras = paragraphs()
    parts = ["在全县工会工作会议上的讲话", "同志们："]
    size = 0
    i = 0
    while size < megabytes * 1024 * 1024:
        p = rng.choice(paras)
        p = "".join(str(rng.randint(0, 9)) if ch.isdigit() else ch for ch in p)
        if i % 5 == 0:
            k = rng.randrange(0, max(1, len(p) - 4))
            p = p[:k] + p[k : k + 2] + p[k:]  # a doubled two-character run
        parts.append(p)
        size += len(p.encode("utf-8")) + 1
        i += 1
    return "\n".join(parts) + "\n"


def jieba_load_seconds(runs: int = 5) -> float:
    code = (
        "import time; from speechlint.checking import segment; t = time.perf_counter(); "
        "segment.tokenizer(); print(time.perf_counter() - t)"
    )
    times = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(runs)
    ]
    return statistics.median(times)


def rp_throughput(text: str, runs: int = 3) -> float:
    from speechlint.checking import segment
    from speechlint.testing import check_text

    segment.tokenizer()  # measured separately above
    check_text(text[:20000], ["RP001", "RP002", "RP003"])  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        check_text(text, ["RP001", "RP002", "RP003"])
        times.append(time.perf_counter() - started)
    return len(text.encode("utf-8")) / (1024 * 1024) / statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--megabytes", type=float, default=4.0)
    args = ap.parse_args()
    text = corpus(args.megabytes)
    print(f"corpus: {len(text.encode('utf-8')) / 1024 / 1024:.1f} MB")
    print(f"jieba load (median of 5 fresh processes): {jieba_load_seconds():.2f} s")
    print(f"RP001-RP003 throughput (median of 3): {rp_throughput(text):.1f} MB/s")


if __name__ == "__main__":
    main()
