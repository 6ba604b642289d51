"""``speechlint serve`` under load: concurrent clients posting a 15 KB draft.

    python benchmarks/serve.py [--clients 8] [--requests 400] [--workers 2] [--api]

Starts the real server on a free loopback port, then ``--clients`` threads send
``--requests`` requests in all (the report page; with ``--api``, LanguageTool's /v2/check)
and prints throughput, median and p95 latency, the server's peak memory (its process and
its checking processes, from /proc) and the number of errors, which should be 0. Prints;
asserts nothing.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _status(pid: int) -> dict[str, str]:
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    return dict(line.split(":", 1) for line in lines if ":" in line)


def peak_kb(pid: int) -> int:
    """VmHWM of the server and of its checking processes (its children), in KB."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        status = _status(int(entry.name))
        if int(entry.name) == pid or status.get("PPid", "").strip() == str(pid):
            total += int(status.get("VmHWM", "0 kB").split()[0])
    return total


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--requests", type=int, default=400)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--api", action="store_true", help="LanguageTool's /v2/check, not the page")
    args = ap.parse_args()

    text = _fifteen_kb()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "speechlint", "serve", "--port", str(port),
         "--workers", str(args.workers)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(url + "v2/languages", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        if args.api:
            target = url + "v2/check"
            body = urllib.parse.urlencode({"text": text, "language": "zh-CN"}).encode()
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
        else:
            target = url + "check"
            boundary = "speechlintbench"
            body = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\n'
                f"{text}\r\n--{boundary}--\r\n"
            ).encode()
            headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        latencies: list[float] = []
        errors = 0
        lock = threading.Lock()
        remaining = [args.requests]

        def client() -> None:
            nonlocal errors
            while True:
                with lock:
                    if remaining[0] <= 0:
                        return
                    remaining[0] -= 1
                started = time.perf_counter()
                try:
                    request = urllib.request.Request(target, data=body, headers=headers)
                    with urllib.request.urlopen(request, timeout=120) as response:
                        response.read()
                        ok = response.status == 200
                except (urllib.error.URLError, OSError):
                    ok = False
                took = time.perf_counter() - started
                with lock:
                    latencies.append(took)
                    errors += not ok

        started = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
        latencies.sort()
        p95 = latencies[int(0.95 * (len(latencies) - 1))]
        print(
            f"{'API /v2/check' if args.api else 'page /check'}: {args.requests} requests of "
            f"{len(text.encode()) // 1024} KB, {args.clients} clients, {args.workers} workers"
        )
        print(f"  throughput  {args.requests / wall:8.1f} requests/s   ({wall:.2f} s)")
        print(
            f"  latency     median {statistics.median(latencies) * 1000:7.1f} ms   "
            f"p95 {p95 * 1000:7.1f} ms"
        )
        print(f"  peak memory {peak_kb(server.pid) / 1024:8.1f} MB (server and checking processes)")
        print(f"  errors      {errors}")
    finally:
        server.terminate()
        server.wait(timeout=30)


def _fifteen_kb() -> str:
    """A 15 KB draft made from the example drafts (with their defects)."""
    examples = sorted((HERE.parent / "examples" / "drafts").glob("*.txt"))
    texts = []
    for path in examples:
        data = path.read_bytes()
        for codec in ("utf-8-sig", "gb18030"):
            try:
                texts.append(data.decode(codec))
                break
            except UnicodeDecodeError:
                continue
    text = "\n".join(texts)
    while len(text.encode()) < 15 * 1024:
        text += "\n" + "\n".join(texts[0].splitlines()[2:])
    return text


if __name__ == "__main__":
    main()
