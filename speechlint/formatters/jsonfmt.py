"""``--format json``: one JSON array of findings (the stable contract CI tools parse)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from speechlint.formatters.base import Formatter
from speechlint.report import FileResult


class JsonFormatter(Formatter):
    name = "json"
    description = "a JSON array of findings with 1-based, character-counted positions"

    def render(self, results: list[FileResult]) -> str:
        chunks: list[str] = []
        self.stream(results, chunks.append)
        return "".join(chunks)

    def stream(self, results: Iterable[FileResult], write: Callable[[str], None]) -> None:
        """The same bytes as json.dumps(all findings, indent=2), written finding by finding."""
        first = True
        for r in results:
            for f in r.findings:
                item = json.dumps(f.to_json(), ensure_ascii=False, indent=2)
                write(("[\n" if first else ",\n") + "  " + item.replace("\n", "\n  "))
                first = False
        write("[]\n" if first else "\n]\n")
