"""``speechlint lsp``: the real server over stdio, driven by a real LSP client (pytest-lsp)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.conftest import run

pytest.importorskip("pygls", reason="the lsp extra is not installed")
pytest_lsp = pytest.importorskip("pytest_lsp", reason="pytest-lsp is not installed")

from lsprotocol import types  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities  # noqa: E402

SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "speechlint", "lsp"])
# 𠮷 lies outside the BMP: two UTF-16 units, four UTF-8 bytes, one character.
DRAFT = (
    "在全县工会工作会议上的讲话\n同志们：\n𠮷市回顾总结20xx年工作，召开全委(扩大)会议。\n"
    "加强工会 工作。\n谢谢大家！\n"
)


def _units(text: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-16":
        return len(text.encode("utf-16-le")) // 2
    return len(text)


def _expected(path: Path, encoding: str) -> list[tuple[str, int, int, int, int]]:
    """The command line's findings as LSP ranges in the given encoding."""
    findings = json.loads(run("check", "--no-cache", "--format", "json", str(path)).stdout)
    lines = path.read_text("utf-8").split("\n")

    def position(line: int, column: int) -> tuple[int, int]:
        return line - 1, _units(lines[line - 1][: column - 1], encoding)

    return sorted(
        (f["code"], *position(f["line"], f["column"]), *position(f["end_line"], f["end_column"]))
        for f in findings
    )


def _got(client: LanguageClient, uri: str) -> list[tuple[str, int, int, int, int]]:
    return sorted(
        (
            str(d.code),
            d.range.start.line,
            d.range.start.character,
            d.range.end.line,
            d.range.end.character,
        )
        for d in client.diagnostics.get(uri, [])
    )


async def _start(client: LanguageClient, root: Path, encodings: list[str] | None = None) -> None:
    capabilities = client_capabilities("visual-studio-code")
    if encodings is not None:
        capabilities.general = types.GeneralClientCapabilities(position_encodings=encodings)
    await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities,
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="drafts")],
        )
    )


async def _open(client: LanguageClient, path: Path, text: str, language: str = "plaintext") -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id=language, version=1, text=text
            )
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return uri


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
@pytest.mark.parametrize("encoding", ["utf-16", "utf-8", "utf-32"])
async def test_diagnostics_are_the_command_lines_in_the_negotiated_encoding(
    client: LanguageClient, tmp_path: Path, encoding: str
) -> None:
    path = tmp_path / "讲话.txt"
    path.write_text(DRAFT, encoding="utf-8")
    await _start(client, tmp_path, [encoding])
    uri = await _open(client, path, DRAFT)
    expected = _expected(path, encoding)
    assert _got(client, uri) == expected and any(code == "PH001" for code, *_ in expected)
    # 20xx stands after 𠮷 on its line: its start differs by encoding.
    year = next(d for d in client.diagnostics[uri] if d.code == "PH001")
    before = "𠮷市回顾总结"
    assert year.range.start.character == _units(before, encoding)
    assert all(d.source == "speechlint" for d in client.diagnostics[uri])


@pytest.mark.asyncio
async def test_a_quick_fix_and_a_change_clear_the_diagnostic(
    client: LanguageClient, tmp_path: Path
) -> None:
    path = tmp_path / "讲话.md"
    path.write_text(DRAFT, encoding="utf-8")
    await _start(client, tmp_path)
    uri = await _open(client, path, DRAFT, "markdown")
    space = next(d for d in client.diagnostics[uri] if d.code == "PU012")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=space.range,
            context=types.CodeActionContext(diagnostics=[space]),
        )
    )
    assert actions
    fix = next(a for a in actions if a.diagnostics and a.diagnostics[0].code == "PU012"
               and a.title.startswith("修复"))  # fmt: skip
    ignore = next(a for a in actions if a.title == "在本段忽略 PU012")
    assert fix.edit is not None and ignore.edit is not None
    (edit,) = fix.edit.changes[uri]
    assert edit.new_text == ""
    lines = DRAFT.split("\n")
    line = lines[edit.range.start.line]
    units = line.encode("utf-16-le")
    start, end = edit.range.start.character, edit.range.end.character
    assert units[2 * start : 2 * end].decode("utf-16-le") == " "
    fixed_line = (units[: 2 * start] + units[2 * end :]).decode("utf-16-le")
    row = edit.range.start.line
    fixed = "\n".join([*lines[:row], fixed_line, *lines[row + 1 :]])
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)],
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    codes = [d.code for d in client.diagnostics[uri]]
    assert "PU012" not in codes and "PH001" in codes
    # "Fix all": one edit that applies every safe fix.
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=types.Position(line=0, character=0),
                              end=types.Position(line=0, character=0)),
            context=types.CodeActionContext(
                diagnostics=[], only=[types.CodeActionKind.SourceFixAll]
            ),
        )
    )  # fmt: skip
    (fix_all,) = actions
    assert "全委（扩大）会议" in fix_all.edit.changes[uri][0].new_text


@pytest.mark.asyncio
async def test_hover_shows_the_rules_documentation(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "讲话.txt"
    await _start(client, tmp_path)
    uri = await _open(client, path, DRAFT)
    year = next(d for d in client.diagnostics[uri] if d.code == "PH001")
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=year.range.start
        )
    )
    assert hover is not None
    assert "PH001 placeholder-year（占位符，错误）" in hover.contents.value
    assert "为什么" in hover.contents.value
    nothing = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=4, character=1),
        )
    )
    assert nothing is None


@pytest.mark.asyncio
async def test_a_broken_config_is_one_diagnostic_and_a_message(
    client: LanguageClient, tmp_path: Path
) -> None:
    (tmp_path / ".speechlint.yaml").write_text("select: [NOPE9]\n", encoding="utf-8")
    path = tmp_path / "讲话.txt"
    await _start(client, tmp_path)
    uri = await _open(client, path, DRAFT)
    (only,) = client.diagnostics[uri]
    assert only.severity == types.DiagnosticSeverity.Error and "配置有误" in only.message
    assert any("配置有误" in m.message for m in client.messages)
    # The file fixed, the server checks with it at the next change.
    (tmp_path / ".speechlint.yaml").write_text("ignore: [PH001]\n", encoding="utf-8")
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=DRAFT)],
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    codes = {d.code for d in client.diagnostics[uri]}
    assert ("PH001" not in codes and "PH002" in codes) or "PU001" in codes


@pytest.mark.asyncio
async def test_closing_clears_and_other_languages_are_left_alone(
    client: LanguageClient, tmp_path: Path
) -> None:
    await _start(client, tmp_path)
    code = (tmp_path / "tool.py").as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=code, language_id="python", version=1, text="x = '20xx'\n"
            )
        )
    )
    uri = await _open(client, tmp_path / "讲话.txt", DRAFT)
    assert client.diagnostics[uri] and code not in client.diagnostics
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert not client.diagnostics[uri]
