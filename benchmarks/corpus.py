"""A deterministic corpus of speech drafts for benchmarks and stress runs.

    python benchmarks/corpus.py OUT_DIR [--files 2000] [--large-mb 0] [--seed 1]

Built from ../shared/seeds when present (else examples/drafts): each draft gets a title and a
salutation, paragraphs drawn from the sources in a shuffled order with their numbers varied,
sections numbered 一、二、…, a placeholder now and then, a doubled sentence now and then, and a
closing. ``--large-mb`` adds one very large single draft. The same arguments always give the
same bytes.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[、.．])")
_CN = "一二三四五六七八九十"


def source_paragraphs() -> list[str]:
    folder = SEEDS if SEEDS.is_dir() else ROOT / "examples" / "drafts"
    out: list[str] = []
    for path in sorted(folder.glob("*.txt")):
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("gb18030")
        for line in text.splitlines():
            line = _ORDINAL.sub("", line.strip(" \u3000"))
            if len(line) >= 30:
                out.append(line)
    return out


def _vary_numbers(text: str, rng: random.Random) -> str:
    return re.sub(r"\d", lambda _m: str(rng.randint(0, 9)), text)


def draft(rng: random.Random, paragraphs: list[str], target_bytes: int) -> str:
    lines = [f"在全县第{rng.randint(1, 30)}次工会工作会议上的讲话", "同志们："]
    sections = rng.randint(3, 5)
    lines.append(f"今天召开会议。下面，我讲{_CN[sections - 1]}点意见。")
    size = sum(len(x.encode()) for x in lines)
    per_section = max(1, target_bytes // sections)
    for s in range(sections):
        lines.append(f"{_CN[s]}、{rng.choice(paragraphs)[:24]}")
        used = 0
        while used < per_section:
            p = _vary_numbers(rng.choice(paragraphs), rng)
            roll = rng.random()
            if roll < 0.05:
                p = p.replace("20", "20xx", 1) if "20" in p else "××" + p
            elif roll < 0.08:
                cut = p.find("。") + 1
                if cut > 8:
                    p = p[:cut] + p[:cut] + p[cut:]  # a doubled sentence
            lines.append(p)
            used += len(p.encode())
        size += used
    lines.append("同志们，让我们团结一心，开拓进取，为推动高质量发展作出新的更大贡献！")
    lines.append("谢谢大家！")
    return "\n".join(lines) + "\n"


def build(out: Path, files: int, large_mb: float = 0.0, seed: int = 1, size_kb: int = 15) -> int:
    rng = random.Random(seed)
    paragraphs = source_paragraphs()
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    width = len(str(files))
    for i in range(files):
        text = draft(rng, paragraphs, int(rng.uniform(0.6, 1.4) * size_kb * 1024))
        data = text.encode("utf-8")
        (out / f"draft-{i:0{width}d}.txt").write_bytes(data)
        total += len(data)
    if large_mb:
        path = out / "large-draft.txt"
        with path.open("w", encoding="utf-8") as handle:
            written = 0
            while written < large_mb * 1024 * 1024:
                chunk = draft(rng, paragraphs, 256 * 1024)
                handle.write(chunk)
                written += len(chunk.encode())
        total += path.stat().st_size
    return total


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("out", type=Path)
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--large-mb", type=float, default=0.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--size-kb", type=int, default=15)
    args = ap.parse_args()
    total = build(args.out, args.files, args.large_mb, args.seed, args.size_kb)
    print(f"{args.files} drafts, {total / 2**20:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
