"""Word's and WPS's older formats, LibreOffice's and RTF: converted to .docx by LibreOffice in
headless mode, then read as Word drafts.

The format is told by the file's first bytes, not only its name: an OLE2 compound file (old
Word ``.doc``, most ``.wps``), a zip (``.docx`` — read directly — or ``.odt``), or ``{\\rtf``.
Each conversion runs in a temporary folder of its own with its own LibreOffice profile (so
parallel jobs do not collide), under a time limit, and the folder is removed afterwards; the
file's own name is never used there. Results are cached by the file's content like any
other draft's, so an unchanged file is converted once.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from speechlint.document.readers.errors import InputError

SUFFIXES = (".doc", ".dot", ".wps", ".wpt", ".odt", ".rtf")
TIMEOUT = 120.0  # seconds for one conversion
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NO_OFFICE = "未安装 LibreOffice。请安装 LibreOffice，或在 Word/WPS 中另存为 .docx 后再检查"


def soffice() -> str | None:
    """The LibreOffice program, if installed (``$SPEECHLINT_SOFFICE`` names another)."""
    chosen = os.environ.get("SPEECHLINT_SOFFICE")
    if chosen:
        return chosen if shutil.which(chosen) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def kind_of(data: bytes) -> str:
    """What the bytes are: "docx", "odt", "ole" (old Word or WPS), "rtf", or "" (neither)."""
    if data.startswith(OLE_MAGIC):
        return "ole"
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "word/document.xml" in names:
                    return "docx"
                if "mimetype" in names and archive.read("mimetype").startswith(
                    b"application/vnd.oasis.opendocument.text"
                ):
                    return "odt"
        except (zipfile.BadZipFile, OSError, KeyError):
            return ""
    return ""


def _stream_named(data: bytes, name: str) -> bool:
    return name.encode("utf-16-le") in data


def to_docx(path: str, data: bytes) -> bytes:
    """The document converted to .docx by LibreOffice (the .docx itself when it is one).
    InputError, in one line, when it cannot be."""
    suffix = os.path.splitext(path)[1].lower() or ".doc"
    kind = kind_of(data)
    if kind == "docx":
        return data
    if not kind:
        raise InputError(f"不是可读取的 {suffix} 文件（既不是 Word/WPS 文档，也不是 ODT 或 RTF）")
    if kind == "ole":
        # An OLE2 container's streams are named in UTF-16 in its directory: an encrypted
        # Office file holds EncryptedPackage; a Word or WPS document, WordDocument.
        if _stream_named(data, "EncryptedPackage") or _stream_named(data, "EncryptionInfo"):
            raise InputError(
                f"{suffix} 文件设有打开密码：请在 Word/WPS 中取消密码，另存为 .docx 后再检查"
            )
        if not _stream_named(data, "WordDocument"):
            raise InputError("不是 Word/WPS 文档，或文件已损坏：请在 Word/WPS 中另存为 .docx")
    program = soffice()
    if program is None:
        raise InputError(f"无法读取 {suffix} 文件：{_NO_OFFICE}")
    extension = {"ole": ".doc", "odt": ".odt", "rtf": ".rtf"}[kind]
    folder = Path(tempfile.mkdtemp(prefix="speechlint-convert-"))
    try:
        source = folder / f"draft{extension}"
        source.write_bytes(data)
        out = folder / "out"
        command = [
            program, "--headless", "--norestore", "--nolockcheck",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--convert-to", "docx", "--outdir", str(out), str(source),
        ]  # fmt: skip
        try:
            subprocess.run(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise InputError(
                f"{suffix} 文件转换超过 {TIMEOUT:g} 秒仍未完成：请在 Word/WPS 中另存为 .docx"
            ) from None
        except OSError as exc:
            raise InputError(f"无法运行 LibreOffice（{exc.strerror}）：{_NO_OFFICE}") from None
        converted = out / "draft.docx"
        if not converted.is_file() or converted.stat().st_size == 0:
            raise InputError(
                f"LibreOffice 无法转换此 {suffix} 文件：文件可能已加密或损坏，"
                "请在 Word/WPS 中打开并另存为 .docx"
            )
        return converted.read_bytes()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
