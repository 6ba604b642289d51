"""``speechlint serve``: the real server on a free loopback port, driven by real clients — a
headless browser for the page, language_tool_python for the LanguageTool API, and plain HTTP
for every bad input."""

from __future__ import annotations

import base64
import io
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
import zipfile
from collections.abc import Iterator

import pytest

from tests.conftest import ROOT, run

pytest.importorskip("starlette", reason="the serve extra is not installed")
pytest.importorskip("uvicorn", reason="the serve extra is not installed")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# An OLE2 file that is no document: what the page says depends on whether LibreOffice is here.
OLE_MESSAGE = "不是 Word/WPS 文档，或文件已损坏"
DRIVER = shutil.which("chromedriver")

SPEECH = (
    "在全县工会工作会议上的讲话\n同志们：\n回顾总结20xx年工作，召开全委(扩大)会议。\n"
    "市委副书记×××同志出席。\n谢谢大家！\n"
)
SLOW_PLUGIN = '''
import time
from speechlint import Category, Rule, Severity, hookimpl

class Slow(Rule):
    """一条很慢的规则（测试用）。

    检查内容
        无。

    为什么
        无。

    示例
        无。

    修改为
        无。

    配置项
        无。
    """
    code = "ZZ900"
    name = "slow"
    category = Category.WORDING
    severity = Severity.INFO

    def finish(self, ctx):
        if "慢慢" in ctx.text:
            time.sleep(30)

@hookimpl
def speechlint_add_rules():
    return [Slow]
'''


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("serve")
    (folder / "slow.py").write_text(SLOW_PLUGIN, encoding="utf-8")
    config = folder / ".speechlint.yaml"
    config.write_text("plugins: [slow.py]\n", encoding="utf-8")
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "speechlint", "serve", "--port", str(port), "--config",
         str(config), "--max-size", "2", "--timeout", "8", "--workers", "1"],
        cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "v2/languages", timeout=2).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    out = process.stdout.read().decode() if process.stdout else ""
                    raise AssertionError(f"the server did not start:\n{out}") from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            log = process.communicate(timeout=20)[0].decode()
        except subprocess.TimeoutExpired:
            process.kill()
            log = process.communicate()[0].decode()
        # Nothing of a draft is logged: request lines only.
        assert "20xx" not in log and "同志们" not in log


def _post(
    url: str, fields: dict[str, str], files: list[tuple[str, bytes]] = ()
) -> tuple[int, bytes]:
    boundary = uuid.uuid4().hex
    body = io.BytesIO()
    for name, value in fields.items():
        body.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
        )
        body.write(value.encode("utf-8") + b"\r\n")
    for filename, data in files or ():
        body.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
        )
        body.write(data + b"\r\n")
    body.write(f"--{boundary}--\r\n".encode())
    request = urllib.request.Request(
        url, data=body.getvalue(),
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_the_languagetool_client_gets_what_the_command_line_finds(server, tmp_path) -> None:
    language_tool_python = pytest.importorskip("language_tool_python")
    # 𠮷 lies outside the BMP: LanguageTool counts it as two UTF-16 units before 20xx.
    text = "在全县工会工作会议上的讲话\n同志们：\n𠮷市回顾总结20xx年工作，召开全委(扩大)会议。\n"
    draft = tmp_path / "draft.txt"
    draft.write_text(text, encoding="utf-8")
    expected = json.loads(run("check", "--no-cache", "--format", "json", str(draft)).stdout)
    starts = [0]
    for line in text.split("\n")[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    want = sorted((f["code"], starts[f["line"] - 1] + f["column"] - 1) for f in expected)

    tool = language_tool_python.LanguageTool("zh-CN", remote_server=server.rstrip("/"))
    try:
        matches = tool.check(text)
    finally:
        tool.close()
    # The client turns LanguageTool's UTF-16 offsets back into code points.
    got = sorted((m.rule_id, m.offset) for m in matches)
    assert got == want and want
    year = next(m for m in matches if m.rule_id == "PH001")
    assert text[year.offset : year.offset + year.error_length] == "20xx"
    paren = next(m for m in matches if m.rule_id == "PU001")
    assert paren.replacements == ["（扩大）"]


def test_the_raw_api_counts_utf16_units_and_selects_rules(server) -> None:
    text = "同志们：\n𠮷回顾总结20xx年工作。\n"
    status, body = _post(server + "v2/check", {"text": text, "language": "zh-CN"})
    assert status == 200
    answer = json.loads(body)
    year = next(m for m in answer["matches"] if m["rule"]["id"] == "PH001")
    assert year["offset"] == text.index("20xx") + 1 and year["length"] == 4
    assert answer["software"]["name"] == "speechlint"
    status, body = _post(
        server + "v2/check",
        {"text": text, "language": "auto", "disabledRules": "PH001,ST001"},
    )
    assert status == 200
    assert not {m["rule"]["id"] for m in json.loads(body)["matches"]} & {"PH001", "ST001"}
    annotated = json.dumps({"annotation": [{"markup": "<p>"}, {"text": "回顾总结20xx年工作。"}]})
    status, body = _post(server + "v2/check", {"data": annotated, "language": "zh-CN"})
    year = next(m for m in json.loads(body)["matches"] if m["rule"]["id"] == "PH001")
    assert year["offset"] == 3 + 4
    for fields, code in (
        ({"text": text, "language": "en-US"}, 400),
        ({"language": "zh-CN"}, 400),
        ({"data": "{not json", "language": "zh-CN"}, 400),
        ({"text": text, "language": "zh-CN", "enabledRules": "NOPE9"}, 400),
    ):
        status, body = _post(server + "v2/check", fields)
        assert status == code and "error" in json.loads(body)


def test_bad_inputs_get_one_chinese_line_and_the_server_goes_on(server) -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (60 * 1024 * 1024))
    cases = [
        ([("讲话.docx", b"this is not a zip")], "不是有效的 .docx 文件"),
        # An old .doc (or an encrypted .docx) named .docx: LibreOffice is asked, and fails.
        ([("讲话.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)], OLE_MESSAGE),
        ([("讲话.docx", bomb.getvalue())], "压缩炸弹"),
        ([("程序.exe", b"MZ\x90\0")], "不是可检查的文稿"),
        ([("../../etc/passwd.txt", SPEECH.encode())], "passwd.txt"),
        ([("二进制.txt", b"\0\1\2\3" * 10)], "二进制文件"),
    ]
    for files, expected in cases:
        status, body = _post(server + "check", {}, files)
        page = body.decode("utf-8")
        assert status == 200 and expected in page, (files[0][0], page[:300])
        assert "Traceback" not in page
    status, body = _post(server + "check", {})
    assert status == 400 and "没有收到文件或文本" in body.decode()
    status, body = _post(server + "check", {"text": "字" * (1024 * 1024)})
    assert status == 413 and "MB 的上限" in body.decode()
    status, body = _post(server + "v2/check", {"text": "字" * (1024 * 1024), "language": "zh"})
    assert status == 413 and "error" in json.loads(body)
    # A check that runs past the time limit is stopped; the next one is answered.
    started = time.monotonic()
    status, body = _post(server + "check", {"text": "同志们：\n慢慢来。\n"})
    assert status == 503 and "已停止" in body.decode()
    assert time.monotonic() - started < 25
    status, body = _post(server + "check", {"text": SPEECH})
    assert status == 200 and "PH001" in body.decode()


def test_rule_documentation_opens_from_the_report(server) -> None:
    with urllib.request.urlopen(server + "rules/PH001", timeout=10) as response:
        page = response.read().decode()
    assert "PH001 placeholder-year（占位符，错误）" in page and "为什么" in page
    status, _ = _post(server + "check", {"text": SPEECH})
    assert status == 200
    try:
        urllib.request.urlopen(server + "rules/XX999", timeout=10)
    except urllib.error.HTTPError as exc:
        assert exc.code == 404
    else:
        raise AssertionError("an unknown rule has no page")


@pytest.mark.skipif(
    not (CHROMIUM and DRIVER),
    reason="chromium and chromedriver are not installed (apt-get install chromium chromium-driver)",
)
def test_the_page_in_headless_chromium(server, tmp_path) -> None:
    import docx
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    word = tmp_path / "全委会讲话.docx"
    original = _docx(SPEECH.strip().split("\n"))
    word.write_bytes(original)
    text = tmp_path / "致辞.txt"
    text.write_text(SPEECH, encoding="utf-8")

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
                "--window-size=1300,1000"):  # fmt: skip
        options.add_argument(arg)
    browser = webdriver.Chrome(service=Service(DRIVER), options=options)
    try:
        browser.get(server)
        assert "讲话稿检查" in browser.title
        browser.find_element(By.ID, "files").send_keys(f"{word}\n{text}")
        browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        WebDriverWait(browser, 60).until(ec.presence_of_element_located((By.ID, "summary")))
        marks = browser.find_elements(By.CSS_SELECTOR, "mark.finding")
        assert any(m.text == "20xx" for m in marks) and any(m.text == "×××" for m in marks)
        drafts = browser.find_elements(By.CSS_SELECTOR, "article.draft h2")
        assert {d.text.split(" ")[0] for d in drafts} == {"全委会讲话.docx", "致辞.txt"}
        links = {
            a.get_attribute("download"): a.get_attribute("href")
            for a in browser.find_elements(By.CSS_SELECTOR, "a.download")
        }
        assert set(links) == {"全委会讲话-批注.docx", "全委会讲话-改正.docx"}
        rule_link = browser.find_element(By.CSS_SELECTOR, "a.rule")
        assert rule_link.get_attribute("href").startswith(server + "rules/")
        browser.save_screenshot(str(tmp_path / "serve.png"))
    finally:
        browser.quit()

    def opened(href: str) -> bytes:
        return base64.b64decode(href.split(",", 1)[1])

    annotated = opened(links["全委会讲话-批注.docx"])
    reopened = docx.Document(io.BytesIO(annotated))  # a Word file python-docx opens
    assert "\n".join(p.text for p in reopened.paragraphs) == SPEECH.strip()
    with zipfile.ZipFile(io.BytesIO(annotated)) as z:
        comments = z.read("word/comments.xml").decode("utf-8")
    assert "PH001" in comments and "PU001" in comments
    corrected = docx.Document(io.BytesIO(opened(links["全委会讲话-改正.docx"])))
    body = "\n".join(p.text for p in corrected.paragraphs)
    assert "全委（扩大）会议" in body and "(扩大)" not in body
    assert word.read_bytes() == original  # the original is never touched


def test_the_serve_extra_is_named_when_missing(tmp_path) -> None:
    # Without uvicorn the command says which extra to install, in one line.
    probe = (
        "import sys; sys.modules['uvicorn'] = None; "
        "from speechlint.cli import main; sys.argv = ['speechlint', 'serve']; main()"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2
    assert "speechlint[serve]" in done.stderr and "Traceback" not in done.stderr
