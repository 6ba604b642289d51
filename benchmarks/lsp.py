"""``speechlint lsp`` on a large document: the time from opening a 1 MB draft to its
diagnostics, and from one typed character to the new diagnostics (debounce included).

    python benchmarks/lsp.py [--mb 1]

Starts the real server over stdio with pygls's client. Prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

HERE = Path(__file__).resolve().parent


def draft(megabytes: float) -> str:
    parts = []
    for path in sorted((HERE.parent / "examples" / "drafts").glob("*.txt")):
        data = path.read_bytes()
        for codec in ("utf-8-sig", "gb18030"):
            try:
                parts.append(data.decode(codec))
                break
            except UnicodeDecodeError:
                continue
    body = "\n".join("\n".join(p.splitlines()[2:]) for p in parts)
    text = parts[0].splitlines()[0] + "\n同志们：\n"
    while len(text.encode()) < megabytes * 1024 * 1024:
        text += body + "\n"
    return text


async def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--mb", type=float, default=1.0)
    args = ap.parse_args()
    text = draft(args.mb)
    client = LanguageClient("speechlint-benchmark", "1")
    arrived: asyncio.Queue[types.PublishDiagnosticsParams] = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def diagnostics(params: types.PublishDiagnosticsParams) -> None:
        arrived.put_nowait(params)

    await client.start_io(sys.executable, "-m", "speechlint", "lsp")
    with tempfile.TemporaryDirectory() as folder:
        uri = (Path(folder) / "large.txt").as_uri()
        await client.initialize_async(
            types.InitializeParams(capabilities=types.ClientCapabilities())
        )
        client.initialized(types.InitializedParams())
        started = time.perf_counter()
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id="plaintext", version=1, text=text
                )
            )
        )
        opened = await arrived.get()
        first = time.perf_counter() - started
        started = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
                content_changes=[
                    types.TextDocumentContentChangePartial(
                        range=types.Range(
                            start=types.Position(line=1, character=0),
                            end=types.Position(line=1, character=0),
                        ),
                        text="好",
                    )
                ],
            )
        )
        await arrived.get()
        again = time.perf_counter() - started
        print(f"document: {len(text.encode()) / 2**20:.2f} MB, {text.count(chr(10)) + 1} lines")
        print(
            f"  open -> diagnostics          {first:6.2f} s   ({len(opened.diagnostics)} diagnostics)"
        )
        print(f"  one character -> diagnostics {again:6.2f} s   (0.3 s of it the debounce)")
        await client.shutdown_async(None)
        client.exit(None)
    await client.stop()


if __name__ == "__main__":
    asyncio.run(main())
