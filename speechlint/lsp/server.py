"""``speechlint lsp``: a language server over standard input and output (pygls 2).

Diagnostics for ``.txt`` and ``.md`` documents (and the ``plaintext`` and ``markdown``
language ids) on open, on change (after ~300 ms without typing) and on save, cleared on
close; quick fixes, "fix all", "ignore this rule in this paragraph"; the rule's documentation
on hover. Positions are counted in the encoding the client negotiates (UTF-16 unless it
offers UTF-8 or UTF-32): pygls converts the engine's character offsets. The configuration is
found from each document's folder as the command line finds it, afresh at every check, so an
edited ``.speechlint.yaml`` applies at once; a broken one is one error diagnostic and one
window message. The engine runs in this process, through the same pipeline as the command
line (``speechlint.running.pipeline.Checker``).
"""

from __future__ import annotations

import asyncio
import re
from bisect import bisect_right
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.workspace import TextDocument

from speechlint import __version__
from speechlint.checking.config import ConfigError, ConfigFinder
from speechlint.checking.diagnostics import Severity
from speechlint.checking.registry import RegistryError
from speechlint.checking.report import FileResult, Finding
from speechlint.document.source import SourceText
from speechlint.rule_docs import rule_heading
from speechlint.running.pipeline import Checker, LintError

DEBOUNCE = 0.3  # seconds without typing before a changed document is checked
SUFFIXES = (".txt", ".md", ".markdown")
LANGUAGES = ("plaintext", "markdown")
FIX_ALL = types.CodeActionKind.SourceFixAll.value + ".speechlint"
_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class Positions:
    """Character offsets of one text as LSP positions in the negotiated encoding, on the
    lines LSP counts (\\n, \\r\\n, \\r). Made once per check: converting each of thousands of
    findings by walking the document (pygls's per-call way) took 27 s on a 1 MB draft."""

    def __init__(self, text: str, encoding: str) -> None:
        self.text = text
        self.starts = [0, *(m.end() for m in _LINE_BREAK.finditer(text))]
        self.encoding = encoding

    def __call__(self, offset: int) -> types.Position:
        line = bisect_right(self.starts, offset) - 1
        start = self.starts[line]
        if self.encoding == types.PositionEncodingKind.Utf32:
            units = offset - start
        elif self.encoding == types.PositionEncodingKind.Utf8:
            units = len(self.text[start:offset].encode("utf-8", "surrogatepass"))
        else:
            piece = self.text[start:offset]
            units = len(piece) + sum(1 for ch in piece if ord(ch) > 0xFFFF)
        return types.Position(line=line, character=units)


class SpeechlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("speechlint", __version__)
        self.unsafe_fixes = False
        self.on_type = True  # check as the user types (False: on open and save only)
        self.pending: dict[str, asyncio.Task[None]] = {}
        # The findings last published for each document, with the text they were made on.
        self.results: dict[str, tuple[str, FileResult]] = {}
        self._checkers: dict[tuple[str, float], Checker] = {}

    # -- checking ---------------------------------------------------------------------------

    def checker_for(self, doc: TextDocument) -> Checker:
        """The checker for the configuration of the document's folder, read afresh (a config
        file edited since is read again; its checker is kept while the file is unchanged)."""
        finder = ConfigFinder(None)
        path = Path(doc.path) if doc.path else Path.cwd() / "_"
        config = finder.for_path(path)
        stamp = 0.0
        if config.path is not None:
            try:
                stamp = config.path.stat().st_mtime
            except OSError:
                stamp = -1.0
        key = (config.where, stamp)
        checker = self._checkers.get(key)
        if checker is None:
            if len(self._checkers) > 16:
                self._checkers.clear()
            checker = self._checkers[key] = Checker(config)
        return checker

    def check(self, doc: TextDocument) -> None:
        if not is_draft(doc):
            return
        text = doc.source
        try:
            checker = self.checker_for(doc)
            result = checker.check_text(text, doc.path or doc.uri)
        except (ConfigError, LintError, RegistryError) as exc:
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            self.window_show_message(
                types.ShowMessageParams(
                    type=types.MessageType.Error, message=f"speechlint：配置有误：{message}"
                )
            )
            self.publish(doc, [config_diagnostic(message)])
            self.results.pop(doc.uri, None)
            return
        self.results[doc.uri] = (text, result)
        at = self.positions(text)
        self.publish(doc, [diagnostic(at, f) for f in result.findings])

    def positions(self, text: str) -> Positions:
        encoding = self.workspace.position_encoding or types.PositionEncodingKind.Utf16
        return Positions(text, str(encoding))

    def publish(self, doc: TextDocument, diagnostics: list[types.Diagnostic]) -> None:
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=doc.uri, version=doc.version, diagnostics=diagnostics
            )
        )

    def schedule(self, uri: str, delay: float) -> None:
        """Check the document after ``delay`` seconds, unless it changes again before."""
        earlier = self.pending.pop(uri, None)
        if earlier is not None:
            earlier.cancel()

        async def later() -> None:
            await asyncio.sleep(delay)
            self.pending.pop(uri, None)
            self.check(self.workspace.get_text_document(uri))

        self.pending[uri] = asyncio.get_running_loop().create_task(later())

    def findings_at(self, uri: str, text: str, offset: int) -> list[Finding]:
        known = self.results.get(uri)
        if known is None or known[0] != text:
            return []
        return [f for f in known[1].findings if f.start <= offset <= max(f.end, f.start + 1)]


def is_draft(doc: TextDocument) -> bool:
    return doc.language_id in LANGUAGES or (doc.path or doc.uri).lower().endswith(SUFFIXES)


def diagnostic(at: Positions, f: Finding) -> types.Diagnostic:
    return types.Diagnostic(
        range=types.Range(start=at(f.start), end=at(max(f.end, f.start))),
        message=f.message,
        severity=_SEVERITY[f.severity],
        code=f.code,
        source="speechlint",
        data={"name": f.name, "fix": f.fix_applicability},
    )


def config_diagnostic(message: str) -> types.Diagnostic:
    zero = types.Position(line=0, character=0)
    return types.Diagnostic(
        range=types.Range(start=zero, end=zero),
        message=f"配置有误：{message}",
        severity=types.DiagnosticSeverity.Error,
        source="speechlint",
    )


def edits_of(at: Positions, f: Finding) -> list[types.TextEdit]:
    """The fix's edits as text edits: each located by its line and column (characters, on
    the lines the engine counts), then in the client's encoding."""
    out = []
    starts = SourceText(path="-", text=at.text).line_starts
    for e in f.fix_edits:
        start = starts[e.line - 1] + e.column - 1
        end = starts[e.end_line - 1] + e.end_column - 1
        out.append(
            types.TextEdit(
                range=types.Range(start=at(start), end=at(end)),
                new_text=e.replacement,
            )
        )
    return out


def make_server() -> SpeechlintServer:
    server = SpeechlintServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: SpeechlintServer, params: types.InitializeParams) -> None:
        # {"unsafeFixes": true} offers the fixes that are likely but not certain too;
        # {"run": "onSave"} checks on open and save only, not as the user types.
        options = params.initialization_options
        if isinstance(options, dict):
            ls.unsafe_fixes = bool(options.get("unsafeFixes"))
            ls.on_type = options.get("run", "onType") != "onSave"

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: SpeechlintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.check(ls.workspace.get_text_document(params.text_document.uri))

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: SpeechlintServer, params: types.DidChangeTextDocumentParams) -> None:
        if ls.on_type:
            ls.schedule(params.text_document.uri, DEBOUNCE)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: SpeechlintServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: SpeechlintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        task = ls.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        ls.results.pop(uri, None)
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: SpeechlintServer, params: types.DidChangeWatchedFilesParams) -> None:
        # A configuration file changed: check every open draft again with it.
        for doc in list(ls.workspace.text_documents.values()):
            ls.check(doc)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: SpeechlintServer, params: types.HoverParams) -> types.Hover | None:
        doc = ls.workspace.get_text_document(params.text_document.uri)
        offset = doc.offset_at_position(params.position)
        found = ls.findings_at(doc.uri, doc.source, offset)
        if not found:
            return None
        registry = ls.checker_for(doc).pm.registry
        parts = []
        for f in found:
            rule = registry.get(f.code)
            if rule is not None:
                parts.append(
                    f"**{rule_heading(rule)}**\n\n{f.message}\n\n```text\n{rule.doc()}\n```"
                )
        return types.Hover(
            contents=types.MarkupContent(
                kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)
            )
        )

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll]
        ),
    )
    def code_action(ls: SpeechlintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        doc = ls.workspace.get_text_document(params.text_document.uri)
        known = ls.results.get(doc.uri)
        if known is None or known[0] != doc.source:
            return []
        text, result = known
        at = ls.positions(text)
        start = doc.offset_at_position(params.range.start)
        end = doc.offset_at_position(params.range.end)
        actions: list[types.CodeAction] = []
        wanted = params.context.only
        if wanted is None or any(k.startswith(types.CodeActionKind.QuickFix) for k in wanted):
            for f in result.findings:
                if f.end < start or f.start > max(end, start):
                    continue
                fixable = f.fix_applicability == "safe" or (
                    f.fix_applicability == "unsafe" and ls.unsafe_fixes
                )
                if fixable and f.fix_edits:
                    actions.append(
                        types.CodeAction(
                            title=f"修复：{f.message}（{f.code}）",
                            kind=types.CodeActionKind.QuickFix,
                            diagnostics=[diagnostic(at, f)],
                            is_preferred=f.fix_applicability == "safe",
                            edit=types.WorkspaceEdit(changes={doc.uri: edits_of(at, f)}),
                        )
                    )
                actions.append(ignore_action(doc.uri, at, f))
        if any(f.fix_applicability == "safe" for f in result.findings) and (
            wanted is None or any(k.startswith("source") for k in wanted)
        ):
            fixed, applied = ls.checker_for(doc).fixed_text(text, doc.path or doc.uri)
            if applied and fixed != text:
                whole = types.Range(
                    start=types.Position(line=0, character=0),
                    end=at(len(text)),
                )
                actions.append(
                    types.CodeAction(
                        title=f"修复本文件全部可安全修复的问题（{applied} 处）",
                        kind=FIX_ALL,
                        edit=types.WorkspaceEdit(
                            changes={doc.uri: [types.TextEdit(range=whole, new_text=fixed)]}
                        ),
                    )
                )
        return actions

    return server


def ignore_action(uri: str, at: Positions, f: Finding) -> types.CodeAction:
    """Insert ``<!-- speechlint: ignore CODE -->`` on a line of its own above the paragraph."""
    line_start = types.Position(line=at(f.start).line, character=0)
    return types.CodeAction(
        title=f"在本段忽略 {f.code}",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic(at, f)],
        edit=types.WorkspaceEdit(
            changes={
                uri: [
                    types.TextEdit(
                        range=types.Range(start=line_start, end=line_start),
                        new_text=f"<!-- speechlint: ignore {f.code} -->\n",
                    )
                ]
            }
        ),
    )


def main() -> None:
    make_server().start_io()
