"""speechlint's work counted in instructions, which a busy machine does not change.

    python benchmarks/instructions.py [--drafts 100] [--warm-up 30] [--corpus DIR]

Wall times on a shared machine drift by a third within minutes; the number of instructions a
process executes does not (``valgrind --tool=callgrind`` counts them, and gives the same
count for the same build, input and environment whatever else the machine is doing). So two
builds can be compared a few percent apart, which paired wall times cannot resolve here.
Prints, for the speechlint this interpreter imports:

- instructions to check one draft in a process that has checked --warm-up drafts before
  (the engine's steady state, as in a folder run's workers): the difference between a
  process that checks --drafts more and one that does not, divided by --drafts;
- one draft's whole process (``speechlint check --no-cache -q --rule-timeout 0``: start-up,
  imports, compiling the patterns the draft needs);
- a warm run over the corpus (``--statistics``, the cache filled first).

Needs valgrind on PATH; the corpus comes from benchmarks/corpus.py (deterministic), as for
run.py. Under callgrind a process runs ~50× slower: the defaults take two to three minutes.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

PY = sys.executable

STEADY = """
import sys
from pathlib import Path
from speechlint.checking.config import Config
from speechlint.checking.engine import Engine
from speechlint.running.plugins import PluginManager

engine = Engine(PluginManager())
engine.rule_timeout = None
settings = engine.settings_for(Config(), None)
files = sorted(Path(sys.argv[1]).glob("*.txt"))
warm, n, checks = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "1"
drafts = [(str(f), f.read_bytes()) for f in files[: warm + n]]
for name, data in drafts[:warm]:
    engine.check_source(engine.read(name, data, None), settings)
if checks:
    for name, data in drafts[warm:]:
        engine.check_source(engine.read(name, data, None), settings)
"""


# The runs keep compiled patterns in the temporary folder (main() sets it), not the user's cache.
ENV = dict(os.environ)


def instructions(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> int:
    """Instructions the process executed, as callgrind counts them."""
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
        cwd=cwd, env=env or ENV, capture_output=True, text=True, check=False,
    )  # fmt: skip
    found = re.search(r"Collected : (\d+)", out.stderr)
    if found is None:
        sys.exit(f"valgrind did not report a count for {cmd}:\n{out.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--drafts", type=int, default=100)
    ap.add_argument("--warm-up", type=int, default=30)
    ap.add_argument("--corpus", type=Path, help="use this folder of .txt drafts instead")
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not on PATH: install it (Debian: apt install valgrind)")
    work = Path(tempfile.mkdtemp(prefix="speechlint-instructions-"))
    try:
        folder = args.corpus
        if folder is None:
            folder = work / "corpus"
            corpus.build(folder, args.warm_up + args.drafts, seed=1)
        folder = folder.resolve()
        files = sorted(folder.glob("*.txt"))
        if len(files) < args.warm_up + args.drafts:
            sys.exit(f"{folder}: {len(files)} drafts, fewer than --warm-up + --drafts")
        script = work / "steady.py"
        script.write_text(STEADY, encoding="utf-8")
        steady = [PY, str(script), str(folder), str(args.warm_up), str(args.drafts)]
        without = instructions([*steady, "0"], work)
        with_drafts = instructions([*steady, "1"], work)
        per_draft = (with_drafts - without) / args.drafts
        print(f"corpus: {folder}")
        print(f"  one draft in a warmed-up process  {per_draft / 1e6:8.2f} M instructions")
        one = files[args.warm_up]
        # No rule watchdog: under callgrind a rule may run past its 60 s and be stopped.
        one_cmd = [PY, "-m", "speechlint", "check", "--no-cache", "-q", "--rule-timeout", "0"]
        whole = instructions([*one_cmd, str(one)], work)
        print(f"  one draft, whole process          {whole / 1e9:8.3f} G instructions")
        warm_cmd = [PY, "-m", "speechlint", "check", "-q", "--statistics", str(folder)]
        subprocess.run(warm_cmd, cwd=work, env=ENV, capture_output=True, check=False)  # fill
        warm = instructions(warm_cmd, work)
        print(f"  warm run, {len(files)} drafts            {warm / 1e9:8.3f} G instructions")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
