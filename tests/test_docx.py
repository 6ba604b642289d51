"""Word drafts: real .docx files built with python-docx."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import docx
import pytest

from speechlint.document.readers.docx_reader import format_number, read_docx
from speechlint.document.readers.errors import InputError
from tests.conftest import run


def make_docx(path: Path) -> Path:
    d = docx.Document()
    d.add_paragraph("在全县工会工作会议上的讲话")
    d.add_paragraph("同志们：")
    d.add_paragraph("回顾总结20xx年工作。下面，我讲三点意见。")
    for heading in ["提高认识", "突出重点"]:
        d.add_paragraph(heading, style="List Number")
        d.add_paragraph("正文在这里。")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "表格中的20XX年"
    table.cell(0, 1).text = "其它内容。"
    d.sections[0].header.paragraphs[0].text = "页眉里的20xx不属于讲话"
    d.add_paragraph("谢谢大家！")
    d.save(path)
    return path


def test_paragraphs_tables_and_generated_numbering(tmp_path) -> None:
    path = make_docx(tmp_path / "d.docx")
    source = read_docx(str(path), path.read_bytes())
    lines = source.text.splitlines()
    assert lines[3] == "1.提高认识" and lines[5] == "2.突出重点"
    assert "表格中的20XX年" in lines and "页眉里的20xx不属于讲话" not in source.text
    assert source.extra["generated_ordinals"] == [(3, 2), (5, 2)]


def test_findings_use_paragraph_numbers(tmp_path) -> None:
    path = make_docx(tmp_path / "d.docx")
    text = run("check", "--select", "PH001", str(path)).stdout
    assert f"{path}:¶3:5: PH001" in text
    findings = json.loads(run("check", "--format", "json", "--select", "PH001", str(path)).stdout)
    assert [(f["line"], f["paragraph"]) for f in findings] == [(3, 3), (8, 8)]


def test_word_counting_formats() -> None:
    assert format_number(3, "chineseCounting") == "三"
    assert format_number(12, "chineseCountingThousand") == "十二"
    assert format_number(2, "ideographTraditional") == "乙"
    assert format_number(4, "decimalEnclosedCircle") == "④"
    assert format_number(4, "upperRoman") == "IV"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"just text, not a zip", "not a valid .docx file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "encrypted or an old binary .doc"),
    ],
)
def test_bad_word_files(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_docx("x.docx", data)


def test_a_zip_that_is_not_word_and_a_zip_bomb() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(InputError, match="not a Word document"):
        read_docx("x.docx", buf.getvalue())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"\0" * (50 * 1024 * 1024))
    with pytest.raises(InputError, match="zip bomb"):
        read_docx("x.docx", buf.getvalue())


def formatted_draft(path: Path) -> Path:
    d = docx.Document()
    d.add_paragraph("在全县工会工作会议上的讲话")
    d.add_paragraph("同志们:")
    p = d.add_paragraph()
    bold = p.add_run("截止目前，全县共召开")
    bold.bold = True
    italic = p.add_run("全委(扩大)会议;回顾20xx年工作，技术比武.")
    italic.italic = True
    p.add_run("..等等。")  # the ellipsis "..." spans two runs: not fixable in Word
    d.add_paragraph("谢谢大家!")
    d.save(path)
    return path


def test_annotate_writes_comments_on_the_offending_text(tmp_path) -> None:
    path = formatted_draft(tmp_path / "d.docx")
    before = path.read_bytes()
    out = tmp_path / "reviewed.docx"
    result = run("check", "--annotate", str(out), str(path))
    assert path.read_bytes() == before  # the original is never modified
    findings = json.loads(run("check", "--format", "json", str(path)).stdout)
    reviewed = docx.Document(out)
    comments = list(reviewed.comments)
    assert len(comments) == len(findings) > 5
    assert all(c.author == "speechlint" for c in comments)
    assert any(
        c.text.startswith("WD001 misused-word：“截止目前”应写作“截至目前”") for c in comments
    )
    assert any("建议修改为：截至" in c.text for c in comments)
    original_text = [p.text for p in docx.Document(path).paragraphs]
    assert [p.text for p in reviewed.paragraphs] == original_text
    runs = [(r.text, r.bold, r.italic) for r in reviewed.paragraphs[2].runs if r.text]
    assert ("截止", True, None) in runs  # split at the finding, formatting kept
    assert ("20xx", None, True) in runs
    assert "条批注" in result.stderr


def test_annotate_refuses_to_overwrite_the_draft(tmp_path) -> None:
    path = formatted_draft(tmp_path / "d.docx")
    result = run("check", "--annotate", str(path), str(path))
    assert result.exit_code == 2 and "names this draft" in result.stderr


def test_fix_in_word_keeps_formatting_and_reports_what_it_cannot_fix(tmp_path) -> None:
    path = formatted_draft(tmp_path / "d.docx")
    result = run("check", "--fix", str(path))
    fixed = docx.Document(path)
    assert fixed.paragraphs[1].text == "同志们："
    runs = [(r.text, r.bold, r.italic) for r in fixed.paragraphs[2].runs]
    assert runs[0] == ("截至目前，全县共召开", True, None)
    assert runs[1][0].startswith("全委（扩大）会议；回顾20xx年工作") and runs[1][2] is True
    assert "技术比武...等等" in fixed.paragraphs[2].text  # spans two runs: left for Word
    assert "not applied; fix them in Word" in result.stderr
    again = run("check", "--fix", str(path))
    assert "已修复" not in again.stdout


def test_word_table_cells_are_not_headings(tmp_path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("在全县经济工作会议上的讲话")
    document.add_paragraph("同志们：")
    document.add_paragraph("一、总体情况")
    document.add_paragraph("今年经济运行平稳。")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "一、主要指标"
    table.cell(0, 1).text = "三、完成情况"
    table.cell(1, 0).text = "同志们"
    table.cell(1, 1).text = "95%"
    document.add_paragraph("二、下步打算")
    document.add_paragraph("要狠抓落实。谢谢大家！")
    path = tmp_path / "t.docx"
    document.save(str(path))
    outline = run("outline", str(path)).stdout
    sections = [line for line in outline.splitlines() if " section " in line]
    assert len(sections) == 2, outline  # 一、总体情况 and 二、下步打算; the cells are paragraphs
    result = run("check", "--no-cache", "--select", "NU,ST", str(path))
    assert "NU001" not in result.stdout and "ST005" not in result.stdout, result.stdout


def test_word_table_cells_need_no_terminal_mark(tmp_path) -> None:
    document = docx.Document()
    for text in ["在全县表彰大会上的讲话", "同志们：", "一、肯定成绩", "受表彰的个人名单如下："]:
        document.add_paragraph(text)
    table = document.add_table(rows=2, cols=2)
    for k, name in enumerate(["王明", "李强", "赵敏", "孙丽"]):
        table.cell(k // 2, k % 2).text = name
    document.add_paragraph("二、学习先进")
    document.add_paragraph(
        "希望受到表彰的同志珍惜荣誉、戒骄戒躁，在各自的岗位上继续发挥示范带头作用，再创佳绩"
    )
    document.add_paragraph("同志们，让我们共同努力！")
    path = tmp_path / "t.docx"
    document.save(str(path))
    result = run("check", "--no-cache", "--select", "PU009", "--format", "json", str(path))
    lines = [f["line"] for f in json.loads(result.stdout)]
    assert lines == [10], result.stdout  # ¶10, the body paragraph; none of the cells (¶5–8)
