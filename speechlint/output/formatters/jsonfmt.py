"""``--format json``: one JSON array of findings (the stable contract CI tools parse)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from json.encoder import encode_basestring as _quoted  # json's own (C) string escaping

from speechlint.checking.report import FileResult, Finding
from speechlint.output.formatters.base import Formatter

_EDIT_KEYS = ("line", "column", "end_line", "end_column", "replacement")


class JsonFormatter(Formatter):
    name = "json"
    description = "a JSON array of findings with 1-based, character-counted positions"

    def render(self, results: list[FileResult]) -> str:
        chunks: list[str] = []
        self.stream(results, chunks.append)
        return "".join(chunks)

    def per_file(self) -> Callable[[FileResult], str] | None:
        return json_items

    def stream(self, results: Iterable[FileResult], write: Callable[[str], None]) -> None:
        """The same bytes as json.dumps(all findings, indent=2), written finding by finding."""
        first = True
        for r in results:
            # A worker may have written the draft's items already (runner.iter_check).
            items = r.rendered if r.rendered is not None else json_items(r)
            if items:
                write(("[\n" if first else ",\n") + items)
                first = False
        write("[]\n" if first else "\n]\n")


def json_items(result: FileResult) -> str:
    """The draft's findings as items of the report's array, indented and joined; worker
    processes call it too, so that the parent only writes the text."""
    return ",\n".join("  " + finding_json(f).replace("\n", "\n  ") for f in result.findings)


def finding_json(f: Finding) -> str:
    """json.dumps(f.to_json(), ensure_ascii=False, indent=2), built directly: with an indent,
    json encodes in Python, ~20 µs a finding — the whole run's bottleneck for a report of
    ~85 findings a draft. Finding.to_json stays the contract's readable definition; a
    hypothesis test holds this function to it."""
    q = _quoted
    fix = f.fix_applicability
    if fix is None:
        fix_text = "null"
    else:
        edits = ",\n".join(
            "      {\n"
            + ",\n".join(
                f"        {q(k)}: {q(v) if isinstance(v, str) else v}"
                for k, v in zip(_EDIT_KEYS, e, strict=True)
            )
            + "\n      }"
            for e in f.fix_edits
        )
        fix_text = (
            f'{{\n    "applicability": {q(fix)},\n    "edits": '
            + (f"[\n{edits}\n    ]" if edits else "[]")
            + "\n  }"
        )
    paragraph = f',\n  "paragraph": {f.line}' if f.line_label == "¶" else ""
    return (
        f'{{\n  "path": {q(f.path)},\n  "line": {f.line},\n  "column": {f.column},\n'
        f'  "end_line": {f.end_line},\n  "end_column": {f.end_column},\n'
        f'  "code": {q(f.code)},\n  "name": {q(f.name)},\n  "category": {q(f.category)},\n'
        f'  "severity": {q(f.severity.label)},\n  "message": {q(f.message)},\n'
        f'  "fix": {fix_text}{paragraph}\n}}'
    )
