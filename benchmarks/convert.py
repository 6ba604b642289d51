"""The cost of reading an old-format draft: LibreOffice converts it to .docx first.

    python benchmarks/convert.py [--runs 5]

Makes a .docx from the example drafts, converts it with LibreOffice to .doc, .odt and .rtf,
and times ``speechlint check --no-cache`` on each (one process per run, the conversion
included) next to the .docx itself. Prints medians; asserts nothing. Needs LibreOffice.
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        sys.exit("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    import docx

    text = (HERE.parent / "examples" / "drafts" / "county-union-work-meeting.txt").read_text(
        "utf-8"
    )
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        document = docx.Document()
        for line in text.splitlines():
            document.add_paragraph(line)
        buffer = io.BytesIO()
        document.save(buffer)
        word = root / "draft.docx"
        word.write_bytes(buffer.getvalue())
        files = [word]
        for ext in ("doc", "odt", "rtf"):
            subprocess.run(
                [office, "--headless", f"-env:UserInstallation={(root / 'profile').as_uri()}",
                 "--convert-to", ext, "--outdir", str(root), str(word)],
                check=True, capture_output=True,
            )  # fmt: skip
            files.append(root / f"draft.{ext}")
        print(f"one draft ({len(text)} characters), {args.runs} runs each, whole processes:")
        for path in files:
            times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                subprocess.run(
                    [sys.executable, "-m", "speechlint", "check", "--no-cache", "-q", str(path)],
                    capture_output=True,
                )
                times.append(time.perf_counter() - started)
            print(f"  {path.suffix:<6} median {statistics.median(times):6.2f} s")


if __name__ == "__main__":
    main()
