"""Formats CI systems understand: GitHub annotations, SARIF 2.1.0, JUnit XML, GitLab Code
Quality."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from speechlint.checking.diagnostics import Severity
from speechlint.checking.report import FileResult, Finding
from speechlint.output.formatters.base import Formatter
from speechlint.safety.digests import sha256

_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_GITLAB_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubFormatter(Formatter):
    name = "github"
    description = "GitHub Actions workflow commands: annotations on pull requests"

    def render(self, results: list[FileResult]) -> str:
        chunks: list[str] = []
        self.stream(results, chunks.append)
        return "".join(chunks)

    def stream(self, results: Iterable[FileResult], write: Callable[[str], None]) -> None:
        for r in results:
            lines = []
            for f in r.findings:
                props = ",".join(
                    [
                        f"file={_gh_property(f.path)}",
                        f"line={f.line}",
                        f"col={f.column}",
                        f"endLine={f.end_line}",
                        f"endColumn={f.end_column}",
                        f"title={_gh_property(f'{f.code} {f.name}')}",
                    ]
                )
                lines.append(f"::{_GITHUB_LEVEL[f.severity]} {props}::{_gh_data(f.message)}")
            if lines:
                write("\n".join(lines) + "\n")


def _uri(path: str) -> str:
    return quote(PurePath(path).as_posix())


def _region(line: int, column: int, end_line: int, end_column: int) -> dict[str, int]:
    region = {"startLine": line, "startColumn": column, "endLine": end_line}
    # SARIF regions are exclusive at the end; an empty span still needs endColumn > 0.
    region["endColumn"] = max(end_column, 1)
    return region


class SarifFormatter(Formatter):
    name = "sarif"
    description = "SARIF 2.1.0 for code-scanning tools (GitHub, Azure DevOps, IDEs)"

    def render(self, results: list[FileResult]) -> str:
        registry: Any = self.options.registry
        rules = list(registry) if registry is not None else []
        index = {r.code: i for i, r in enumerate(rules)}
        sarif_rules = []
        for r in rules:
            doc = r.doc()
            sarif_rules.append(
                {
                    "id": r.code,
                    "name": r.name,
                    "shortDescription": {"text": r.summary() or r.name},
                    "fullDescription": {"text": doc or r.name},
                    "help": {"text": doc or r.name},
                    "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity]},
                    "properties": {"category": str(r.category), "fixable": r.fixable},
                }
            )
        sarif_results = []
        for res in results:
            for f in res.findings:
                sarif_results.append(self._result(f, index))
        errors = [e for r in results for e in r.errors]
        run: dict[str, Any] = {
            "tool": {
                "driver": {
                    "name": "speechlint",
                    "version": self.options.tool_version or "0",
                    "informationUri": "https://pypi.org/project/speechlint/",
                    "rules": sarif_rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": sarif_results,
            "invocations": [
                {
                    "executionSuccessful": not errors,
                    "toolExecutionNotifications": [
                        {"level": "error", "message": {"text": e}} for e in errors
                    ],
                }
            ],
        }
        doc = {
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [run],
        }
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"

    @staticmethod
    def _result(f: Finding, index: dict[str, int]) -> dict[str, Any]:
        result: dict[str, Any] = {
            "ruleId": f.code,
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(f.path)},
                        "region": _region(f.line, f.column, f.end_line, f.end_column),
                    }
                }
            ],
            "partialFingerprints": {"speechlint/v1": fingerprint(f)},
        }
        if f.code in index:
            result["ruleIndex"] = index[f.code]
        if f.fix_applicability is not None and f.fix_edits:
            result["fixes"] = [
                {
                    "description": {"text": f"{f.fix_applicability} fix: {f.message}"},
                    "artifactChanges": [
                        {
                            "artifactLocation": {"uri": _uri(f.path)},
                            "replacements": [
                                {
                                    "deletedRegion": _region(
                                        e.line, e.column, e.end_line, e.end_column
                                    ),
                                    "insertedContent": {"text": e.replacement},
                                }
                                for e in f.fix_edits
                            ],
                        }
                    ],
                }
            ]
        return result


def offending_text(f: Finding) -> str:
    start = f.column - 1 - f.text_offset
    if f.end_line == f.line:
        return f.line_text[start : f.end_column - 1 - f.text_offset]
    return f.line_text[start:]


def fingerprint(f: Finding) -> str:
    """Stable across edits elsewhere in the draft: rule, offending text and a little context."""
    start = f.column - 1 - f.text_offset
    before = f.line_text[max(0, start - 6) : start]
    after_start = f.end_column - 1 - f.text_offset if f.end_line == f.line else len(f.line_text)
    after = f.line_text[after_start : after_start + 6]
    key = "\0".join([f.code, before, offending_text(f), after])
    return sha256(key.encode("utf-8")).hexdigest()[:20]  # type: ignore[no-any-return]


class JunitFormatter(Formatter):
    name = "junit"
    description = "JUnit XML: one test suite per file, one failure per finding"

    def render(self, results: list[FileResult]) -> str:
        # Imported here: xml.sax.saxutils pulls in urllib.request, http.client and ssl, which
        # every other run would pay for at start-up.
        from xml.sax.saxutils import quoteattr

        total = sum(max(1, len(r.findings)) for r in results)
        failures = sum(len(r.findings) for r in results)
        errors = sum(1 for r in results if r.errors)
        out = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<testsuites name="speechlint" tests="{total}" failures="{failures}" '
            f'errors="{errors}">',
        ]
        for r in results:
            n = max(1, len(r.findings))
            out.append(
                f'  <testsuite name={quoteattr(r.path)} tests="{n}" '
                f'failures="{len(r.findings)}" errors="{1 if r.errors else 0}">'
            )
            if not r.findings:
                case = f'    <testcase name="speechlint" classname={quoteattr(r.path)}'
                if r.errors:
                    msg = "; ".join(r.errors)
                    out.append(f"{case}><error message={quoteattr(msg)}/></testcase>")
                else:
                    out.append(f"{case}/>")
            for f in r.findings:
                name = f"{f.code} {f.name} ({f.line}:{f.column})"
                detail = f"{f.path}:{f.line_label}{f.line}:{f.column}: {f.code} {f.message}"
                out.append(
                    f"    <testcase name={quoteattr(name)} classname={quoteattr(r.path)}>"
                    f"<failure message={quoteattr(f.message)} type={quoteattr(f.severity.label)}>"
                    f"{_xml_text(detail)}</failure></testcase>"
                )
            out.append("  </testsuite>")
        out.append("</testsuites>")
        return "\n".join(out) + "\n"


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class GitlabFormatter(Formatter):
    name = "gitlab"
    description = "GitLab Code Quality report (JSON)"

    def render(self, results: list[FileResult]) -> str:
        items = []
        seen: dict[str, int] = {}
        for r in results:
            for f in r.findings:
                fp = fingerprint(f) + f.path
                seen[fp] = seen.get(fp, 0) + 1
                digest = sha256(f"{fp}\0{seen[fp]}".encode()).hexdigest()
                items.append(
                    {
                        "description": f"{f.code} {f.message}",
                        "check_name": f.code,
                        "fingerprint": digest,
                        "severity": _GITLAB_SEVERITY[f.severity],
                        "location": {
                            "path": PurePath(f.path).as_posix(),
                            "positions": {
                                "begin": {"line": f.line, "column": f.column},
                                "end": {"line": f.end_line, "column": f.end_column},
                            },
                        },
                    }
                )
        return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
