"""The web server: the page, the report, rule documentation and the LanguageTool API.

A Starlette application run by uvicorn. Requests are read whole (up to ``max_bytes``) and
handed to a pool of checking processes (``worker``), each of which keeps a loaded engine; a
check that runs past ``timeout`` seconds is stopped by ending the pool's processes, which
are then started afresh, and the server goes on serving. Nothing of a draft is kept after
its response, and nothing is logged but uvicorn's request line.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import threading
from collections.abc import AsyncIterator, Callable
from multiprocessing.pool import Pool
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from speechlint.checking.registry import RegistryError
from speechlint.rule_docs import rule_heading
from speechlint.running.plugins import PluginManager
from speechlint.serve import languagetool, pages, worker

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_TIMEOUT = 60.0
MAX_FILES = 20
# A body over the limit is read and dropped up to this many times the limit, then cut off.
DRAIN_FACTOR = 4


class BodyLimit:
    """ASGI middleware: a request body over ``limit`` bytes is answered 413 before the
    application reads it (a stated Content-Length at once, a streamed body as it passes
    the limit); smaller bodies are read whole and handed on."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        stated = dict(scope.get("headers") or []).get(b"content-length")
        over = stated is not None and stated.isdigit() and int(stated) > self.limit
        if over and int(stated or b"0") > DRAIN_FACTOR * self.limit:
            await _too_large(scope, self.limit)(scope, receive, send)  # not worth reading
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            size += len(body)
            more = message.get("more_body", False)
            if size > self.limit:
                # The rest is read and dropped (up to a bound), so that the client, still
                # sending, gets the answer rather than a reset connection.
                over = True
                if size > DRAIN_FACTOR * self.limit:
                    break
                continue
            chunks.append(body)
        if over:
            await _too_large(scope, self.limit)(scope, receive, send)
            return
        whole = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": whole, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def _too_large(scope: Scope, limit: int) -> Response:
    message = f"请求超过 {limit // (1024 * 1024)} MB 的上限，请拆分文稿或减少一次上传的文件"
    if str(scope.get("path", "")).startswith("/v2/"):
        return JSONResponse({"error": message}, status_code=413)
    return HTMLResponse(pages.error(message), status_code=413)


class Checkers:
    """The pool of checking processes, started afresh when a check has to be stopped."""

    def __init__(self, config: Path | None, processes: int, timeout: float) -> None:
        self.config, self.processes, self.timeout = config, processes, timeout
        self._lock = threading.Lock()
        self._pool: Pool | None = None

    def pool(self) -> Pool:
        with self._lock:
            if self._pool is None:
                # spawn: a fresh interpreter, not a fork of a process running an event loop.
                context = multiprocessing.get_context("spawn")
                self._pool = context.Pool(
                    self.processes,
                    initializer=worker.start,
                    initargs=(str(self.config) if self.config else None,),
                )
            return self._pool

    def restart(self, stuck: Pool) -> None:
        with self._lock:
            if self._pool is stuck:
                self._pool = None
        stuck.terminate()

    async def run(self, function: Callable[..., Any], *args: Any) -> Any:
        pool = self.pool()
        pending = pool.apply_async(function, args)
        try:
            return await asyncio.to_thread(pending.get, self.timeout)
        except multiprocessing.TimeoutError:
            await asyncio.to_thread(self.restart, pool)
            raise TimeoutError from None

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.terminate()


def create_app(
    config: Path | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    processes: int = 2,
) -> ASGIApp:
    checkers = Checkers(config, processes, timeout)
    registry = PluginManager().registry  # rule documentation, in this process

    async def index(request: Request) -> Response:
        return HTMLResponse(pages.index(max_bytes // (1024 * 1024)))

    async def check(request: Request) -> Response:
        try:
            form = await request.form(
                max_files=MAX_FILES, max_fields=MAX_FILES + 10, max_part_size=max_bytes
            )
        except Exception:  # a malformed or non-form body: said in one line
            return HTMLResponse(
                pages.error("请求格式不对：请从页面上选择文件或粘贴文本后提交"), 400
            )
        files: list[tuple[str, bytes]] = []
        for item in form.getlist("files"):
            if isinstance(item, str):
                continue
            data = await item.read()
            await item.close()
            if item.filename or data:
                files.append((item.filename or "未命名", data))
        text = form.get("text")
        text = text if isinstance(text, str) else ""
        await form.close()
        if not files and not text.strip():
            return HTMLResponse(
                pages.error("没有收到文件或文本：请选择文件，或粘贴讲话稿文本"), 400
            )
        try:
            outcome = await checkers.run(worker.check_page, files, text)
        except TimeoutError:
            return HTMLResponse(pages.error(f"检查超过 {timeout:g} 秒，已停止：文稿可能过长"), 503)
        except Exception:
            return HTMLResponse(pages.error("检查时出错，请稍后再试"), 500)
        return HTMLResponse(outcome["html"])

    async def rule(request: Request) -> Response:
        found = registry.get(request.path_params["code"])
        if found is None:
            return HTMLResponse(pages.error("没有这条规则"), 404)
        return HTMLResponse(pages.rule_doc(rule_heading(found), found.doc()))

    async def languages(request: Request) -> Response:
        return JSONResponse(languagetool.LANGUAGES)

    async def lt_check(request: Request) -> Response:
        try:
            form = await request.form(max_files=0, max_fields=50, max_part_size=max_bytes)
        except Exception:
            return JSONResponse({"error": "the request must be form data"}, 400)
        language = form.get("language")
        if not isinstance(language, str) or language not in languagetool.ACCEPTED_LANGUAGES:
            return JSONResponse(
                {"error": f"language {language!r} is not supported; use zh-CN or auto"}, 400
            )
        text, data = form.get("text"), form.get("data")
        try:
            if isinstance(text, str):
                pass
            elif isinstance(data, str):
                text = languagetool.text_of_data(data)
            else:
                return JSONResponse({"error": "missing 'text' or 'data'"}, 400)
        except ValueError as exc:
            return JSONResponse({"error": f"invalid 'data': {exc}"}, 400)
        enabled = _codes(form.get("enabledRules"))
        disabled = _codes(form.get("disabledRules"))
        only = form.get("enabledOnly") == "true"
        try:
            answer = await checkers.run(worker.check_languagetool, text, enabled, disabled, only)
        except TimeoutError:
            return JSONResponse({"error": f"the check took longer than {timeout:g} s"}, 503)
        except RegistryError as exc:
            return JSONResponse({"error": str(exc)}, 400)
        except Exception:
            return JSONResponse({"error": "the check failed"}, 500)
        return JSONResponse(answer)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await asyncio.to_thread(checkers.pool)  # the checking processes start with the server
        try:
            yield
        finally:
            checkers.close()

    app = Starlette(
        routes=[
            Route("/", index),
            Route("/check", check, methods=["POST"]),
            Route("/rules/{code}", rule),
            Route("/v2/languages", languages),
            Route("/v2/check", lt_check, methods=["POST"]),
        ],
        lifespan=lifespan,
    )
    return BodyLimit(app, max_bytes)


def _codes(value: Any) -> tuple[str, ...]:
    if not isinstance(value, str):
        return ()
    return tuple(sorted({c.strip() for c in value.split(",") if c.strip()}))


__all__ = ["create_app"]
