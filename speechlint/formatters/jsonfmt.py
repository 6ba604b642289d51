"""``--format json``: one JSON array of findings (the stable contract CI tools parse)."""

from __future__ import annotations

import json

from speechlint.formatters.base import Formatter
from speechlint.report import FileResult


class JsonFormatter(Formatter):
    name = "json"
    description = "a JSON array of findings with 1-based, character-counted positions"

    def render(self, results: list[FileResult]) -> str:
        data = [f.to_json() for r in results for f in r.findings]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
