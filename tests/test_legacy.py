"""Every draft an office has: .doc, .wps, .odt and .rtf through LibreOffice, Word's tracked
changes, lock files, and "nothing checked" that is not a pass."""

from __future__ import annotations

import copy
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.conftest import run, run_process

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
needs_office = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui); "
    ".ci/run installs it",
)

PARAGRAPHS = [
    "在全县工会工作会议上的讲话",
    "同志们：",
    "回顾总结20xx年工作，召开全委(扩大)会议。",
    "一、提高认识",
    "市委副书记×××同志出席会议。",
    "三、狠抓落实",
    "截止目前，全县共建会48家。",
    "谢谢大家！",
]


def _docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _findings(*paths: Path) -> list[tuple[str, str, int, int]]:
    out = json.loads(run("check", "--no-cache", "--format", "json", *map(str, paths)).stdout)
    return sorted((Path(f["path"]).stem, f["code"], f["line"], f["column"]) for f in out)


def _convert(source: Path, target_ext: str, out: Path) -> Path:
    out.mkdir(exist_ok=True)
    subprocess.run(
        [SOFFICE, "--headless", f"-env:UserInstallation={(out / 'profile').as_uri()}",
         "--convert-to", target_ext, "--outdir", str(out), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    made = out / f"{source.stem}.{target_ext}"
    assert made.is_file()
    return made


@needs_office
def test_doc_odt_rtf_and_wps_give_the_findings_of_the_docx_they_came_from(tmp_path) -> None:
    word = tmp_path / "讲话.docx"
    word.write_bytes(_docx(PARAGRAPHS))
    made = tmp_path / "made"
    legacy = [_convert(word, ext, made) for ext in ("doc", "odt", "rtf")]
    # Most .wps files are Word 97 files with another name.
    wps = made / "讲话.wps"
    wps.write_bytes((made / "讲话.doc").read_bytes())
    expected = [f for f in _findings(word)]
    assert {code for _stem, code, *_ in expected} >= {"PH001", "PH002", "PU001", "NU001", "WD001"}
    for path in [*legacy, wps]:
        got = json.loads(run("check", "--no-cache", "--format", "json", str(path)).stdout)
        assert sorted((f["code"], f["line"], f["column"]) for f in got) == sorted(
            (code, line, column) for _stem, code, line, column in expected
        ), path.suffix
    # A .doc that is really a .docx is read as what it is (no conversion needed).
    renamed = tmp_path / "其实是docx.doc"
    renamed.write_bytes(word.read_bytes())
    assert [f[1:] for f in _findings(renamed)] == [f[1:] for f in expected]


@needs_office
def test_fix_is_refused_and_annotate_writes_a_docx_copy(tmp_path) -> None:
    word = tmp_path / "讲话.docx"
    word.write_bytes(_docx(PARAGRAPHS))
    doc = _convert(word, "doc", tmp_path / "made")
    before = doc.read_bytes()
    fixed = run_process("check", "--fix", str(doc))
    assert "另存为 .docx" in fixed.stderr.decode()
    assert doc.read_bytes() == before
    copy_path = tmp_path / "讲话-批注.docx"
    done = run_process("check", str(doc), "--annotate", str(copy_path))
    assert done.returncode == 1, done.stderr.decode()
    with zipfile.ZipFile(copy_path) as z:
        comments = z.read("word/comments.xml").decode("utf-8")
    assert "PH001" in comments and "WD001" in comments
    assert doc.read_bytes() == before


def test_without_libreoffice_each_file_gets_one_line_and_the_rest_goes_on(tmp_path) -> None:
    (tmp_path / "旧稿.doc").write_bytes(OLE + "WordDocument".encode("utf-16-le") + b"\0" * 2000)
    (tmp_path / "新稿.txt").write_text("\n".join(PARAGRAPHS) + "\n", encoding="utf-8")
    done = run_process("check", str(tmp_path), env={"SPEECHLINT_SOFFICE": "no-such-office"})
    err = done.stderr.decode()
    assert done.returncode == 2
    assert "无法读取 .doc 文件：未安装 LibreOffice" in err and err.count("\n") == 1
    assert "PH001" in done.stdout.decode()  # the text draft was still checked
    doctor = run_process("doctor", env={"SPEECHLINT_SOFFICE": "no-such-office"})
    assert "不可用：未安装 LibreOffice" in doctor.stdout.decode()


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (OLE + "EncryptedPackage".encode("utf-16-le") + b"\0" * 600, "设有打开密码"),
        (OLE + bytes(range(256)) * 20, "不是 Word/WPS 文档，或文件已损坏"),
        (b"plain words, no document", "不是可读取的 .doc 文件"),
    ],
)
def test_a_corrupt_or_protected_doc_is_one_line(tmp_path, content: bytes, said: str) -> None:
    bad = tmp_path / "加密.doc"
    bad.write_bytes(content)
    done = run_process("check", str(bad))
    assert done.returncode == 2
    err = done.stderr.decode()
    assert said in err and err.count("\n") == 1 and "Traceback" not in err


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _tracked() -> bytes:
    """A draft with a tracked insertion (20xx), a deletion (2024) and a move: accepted it
    reads 回顾总结20xx年工作, before the changes 回顾总结2024年工作."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document()
    for text in ("在全县工会工作会议上的讲话", "同志们：", "回顾总结", "谢谢大家！"):
        document.add_paragraph(text)
    paragraph = document.paragraphs[2]._p
    run = paragraph.findall(qn("w:r"))[0]

    def revision(tag: str, text: str, deleted: bool = False) -> None:
        wrapper = paragraph.makeelement(
            qn(tag), {qn("w:id"): str(len(paragraph)), qn("w:author"): "t"}
        )
        new_run = copy.deepcopy(run)
        for t in new_run.findall(qn("w:t")):
            new_run.remove(t)
        text_element = new_run.makeelement(qn("w:delText" if deleted else "w:t"), {})
        text_element.text = text
        new_run.append(text_element)
        wrapper.append(new_run)
        paragraph.append(wrapper)

    revision("w:del", "2024", deleted=True)
    revision("w:ins", "20xx")
    revision("w:moveFrom", "年工作", deleted=True)
    revision("w:moveTo", "年工作")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_tracked_changes_are_read_accepted_or_as_they_were(tmp_path) -> None:
    draft = tmp_path / "修订稿.docx"
    draft.write_bytes(_tracked())
    outline = run("outline", str(draft)).stdout
    assert "回顾总结20xx年工作" in outline and "2024" not in outline
    accepted = json.loads(run("check", "--no-cache", "--format", "json", str(draft)).stdout)
    year = next(f for f in accepted if f["code"] == "PH001")
    assert (year["line"], year["column"]) == (3, 5)
    (tmp_path / ".speechlint.yaml").write_text("docx-revisions: original\n", encoding="utf-8")
    original = json.loads(run("check", "--no-cache", "--format", "json", str(draft)).stdout)
    assert not any(f["code"] == "PH001" for f in original)
    (tmp_path / ".speechlint.yaml").unlink()
    # The comment sits on 20xx, inside the tracked insertion.
    copy_path = tmp_path / "批注.docx"
    run("check", str(draft), "--annotate", str(copy_path))
    with zipfile.ZipFile(copy_path) as z:
        body = z.read("word/document.xml").decode("utf-8")
    start = body.index("commentRangeStart")
    assert "20xx" in body[start : body.index("commentRangeEnd", start)]
    bad = tmp_path / "bad.yaml"
    bad.write_text("docx-revisions: both\n", encoding="utf-8")
    result = run("check", "--config", str(bad), str(draft))
    assert result.exit_code == 2 and "docx-revisions must be accepted or original" in result.output


def test_lock_files_are_passed_over_in_folders_and_named_when_given(tmp_path) -> None:
    (tmp_path / "讲话.txt").write_text("\n".join(PARAGRAPHS) + "\n", encoding="utf-8")
    (tmp_path / "~$讲话.docx").write_bytes(b"\x06owner" + b"\0" * 100)
    (tmp_path / "~WRL0001.tmp").write_bytes(b"\0" * 10)
    done = run_process("check", str(tmp_path))
    assert done.returncode == 1 and not done.stderr.decode()
    named = run_process("check", str(tmp_path / "~$讲话.docx"))
    err = named.stderr.decode()
    assert named.returncode == 2 and "锁文件" in err and err.count("\n") == 1


def test_nothing_checked_is_no_pass(tmp_path) -> None:
    (tmp_path / "notes.csv").write_text("a,b\n", encoding="utf-8")
    done = run_process("check", str(tmp_path))
    assert done.returncode == 2 and "未找到可检查的文稿" in done.stderr.decode()
    # pre-commit hands over whatever changed: with --skip-other-files, nothing is fine.
    hook = run_process("check", "--skip-other-files", str(tmp_path / "notes.csv"))
    assert hook.returncode == 0
