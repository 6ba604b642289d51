"""What a checking process of the server does. Each request's work runs in a process of a
small pool, never in the server's own: a draft that takes too long is stopped by ending its
process, and the server keeps serving. A process keeps its loaded engine between requests
and nothing else."""

from __future__ import annotations

import base64
import re
from html import escape
from pathlib import Path
from typing import Any

from speechlint.checking.engine import Overrides
from speechlint.checking.report import FileResult
from speechlint.output.formatters.base import FormatOptions
from speechlint.output.formatters.html import HtmlFormatter
from speechlint.running.pipeline import Checker
from speechlint.serve import languagetool

_config: Path | None = None
_checkers: dict[tuple[tuple[str, ...], tuple[str, ...], bool], Checker] = {}
_MAX_CHECKERS = 8

# English reasons of the readers, as the people who use the page read them.
_REASONS = [
    (
        "encrypted or an old binary .doc",
        "文件已加密，或是旧的 .doc 格式：请在 Word 中另存为不带密码的 .docx",
    ),
    ("zip bomb", "文件解压后异常巨大（疑为压缩炸弹），未读取"),
    ("expands to", "文件解压后过大，不像讲话稿，未读取"),
    ("not a valid .docx", "不是有效的 .docx 文件：请在 Word 中重新保存"),
    ("not a Word document", "是压缩文件，但不是 Word 文档"),
    ("could not be opened as a Word", "无法作为 Word 文档打开：文件可能已损坏"),
    ("binary file", "是二进制文件，不是文稿"),
    ("cannot decode", "无法识别文字编码：请另存为 UTF-8"),
    ("byte-order mark", "文字编码与文件开头的标记不符：请另存为 UTF-8"),
    ("larger than", "文件过大"),
]


def chinese_error(name: str, error: str) -> str:
    if any("\u4e00" <= ch <= "\u9fff" for ch in error):  # the reader said it in Chinese
        return f"{name}：{error}"
    for key, text in _REASONS:
        if key in error:
            return f"{name}：{text}"
    return f"{name}：无法检查（{error}）"


def start(config: str | None) -> None:
    """The pool's initializer: the engine loads here, once per process."""
    global _config
    _config = Path(config) if config else None
    _checker((), (), False)  # load the rules before the first request


def _checker(enabled: tuple[str, ...], disabled: tuple[str, ...], only: bool) -> Checker:
    key = (enabled, disabled, only)
    checker = _checkers.get(key)
    if checker is None:
        if enabled or disabled:
            registry = _checker((), (), False).pm.registry
            for field, codes in (("enabledRules", enabled), ("disabledRules", disabled)):
                registry.check_selectors(list(codes), field)  # RegistryError: a 400
        overrides = Overrides(
            select=enabled if only else None,
            ignore=disabled,
            extend_select=() if only else enabled,
        )
        if len(_checkers) >= _MAX_CHECKERS:
            _checkers.clear()
        checker = _checkers[key] = Checker(_config, overrides, keep_source=True)
    return checker


def _download(label: str, filename: str, data: bytes, mime: str) -> str:
    encoded = base64.b64encode(data).decode("ascii")
    return (
        f'<a class="download" download="{escape(filename, quote=True)}" '
        f'href="data:{mime};base64,{encoded}">{label}</a>'
    )


_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def shown_name(name: str) -> str:
    """An uploaded file's name as shown and offered for download: its last part, without
    characters a file name cannot hold. Never used as a path."""
    leaf = re.split(r"[\\/]", name)[-1].strip() or "文稿"
    return _UNSAFE_NAME.sub("_", leaf)[:120]


def check_page(files: list[tuple[str, bytes]], text: str) -> dict[str, Any]:
    """The report page for uploaded files and pasted text: the HTML report, with the Word
    copies to download under each Word draft and the corrected text under pasted text."""
    checker = _checker((), (), False)
    checker.new_run()  # nothing of an earlier request's drafts is compared with these
    results: list[FileResult] = []
    extras: dict[str, str] = {}
    for raw_name, data in files:
        name = shown_name(raw_name)
        if not checker.is_draft(name):
            results.append(
                FileResult(
                    name, errors=[f"{name}：不是可检查的文稿，请上传 .docx、.txt 或 .md 文件"]
                )
            )
            continue
        result = checker.check_bytes(name, data)
        if result.errors:
            result.errors = [chinese_error(name, e.split(": ", 1)[-1]) for e in result.errors]
        elif name.lower().endswith(".docx"):
            annotated, fixed, applied = checker.word_copies(name, data, result)
            stem = name[: -len(".docx")]
            links = [
                _download(
                    "下载批注版（每处问题一条 Word 批注）", f"{stem}-批注.docx", annotated, _WORD
                )
            ]
            if applied:
                links.append(
                    _download(f"下载改正版（已改 {applied} 处）", f"{stem}-改正.docx", fixed, _WORD)
                )
            extras[name] = f'<p class="downloads">{"　".join(links)}</p>'
        results.append(result)
    if text.strip():
        name = "粘贴的文本"
        result = checker.check_text(text, name)
        fixed_text, applied = checker.fixed_text(text, name)
        results.append(result)
        extras[name] = (
            '<form class="corrected" method="post" action="check" enctype="multipart/form-data">'
            f"<p>可自动改正 {applied} 处；改正后的文本（可再修改）：</p>"
            f'<textarea name="text" rows="8">{escape(fixed_text)}</textarea>'
            '<p><button type="submit">重新检查</button></p></form>'
        )
    options = FormatOptions(
        registry=checker.pm.registry, rule_link="rules/{code}", draft_extras=extras
    )
    return {"html": HtmlFormatter(options).render(results), "errors": checker.errors}


def check_languagetool(
    text: str, enabled: tuple[str, ...], disabled: tuple[str, ...], only: bool
) -> dict[str, Any]:
    checker = _checker(enabled, disabled, only)
    checker.new_run()
    result = checker.check_text(text, "-")
    return languagetool.response(text, result)
