"""The layout rules (LY) on Word files built here: styles, direct formatting, theme fonts, a
pasted paragraph, and a file LibreOffice wrote."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.conftest import run

LAYOUT_CODES = ("LY001", "LY002", "LY003", "LY004", "LY005", "LY006", "LY007")


def _east_asian(element, face: str) -> None:
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), face)


def build(
    *,
    margins: bool = True,
    pasted: bool = False,
    stray: bool = False,
    theme: bool = False,
    plain_heading: bool = False,
    title_face: str = "方正小标宋简体",
) -> bytes:
    """A draft set as GB/T 9704 wants (unless told otherwise)."""
    import docx
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if margins:
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.size = Pt(16)
    if theme:
        # The body face named through the theme: minorEastAsia is 仿宋 in this theme.
        rpr = normal.element.get_or_add_rPr()
        fonts = rpr.makeelement(qn("w:rFonts"), {qn("w:eastAsiaTheme"): "minorEastAsia"})
        rpr.insert(0, fonts)
    else:
        _east_asian(normal.element, "仿宋_GB2312")
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28.9)
    ind = fmt._element.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), "200")

    def paragraph(text: str, face: str | None = None, size: float | None = None):
        p = document.add_paragraph()
        run = p.add_run(text)
        if face:
            _east_asian(run._r, face)
        if size:
            run.font.size = Pt(size)
        return p

    title = paragraph("在全县工会工作会议上的讲话", title_face, 22)
    title.paragraph_format.first_line_indent = 0
    paragraph("同志们：")
    paragraph("今天，我们召开全县工会工作会议，主要任务是总结工作，安排部署任务。")
    paragraph("一、总体要求", None if plain_heading else "黑体")
    paragraph("（一）加强学习", "楷体_GB2312")
    paragraph("各级工会要加强学习，提高本领。")
    if pasted:
        paragraph("这一段是从网页上粘贴来的，字体还是宋体小四。", "宋体", 12)
    body = paragraph("各级工会要狠抓落实，")
    if stray:
        run = body.add_run("确保各项任务落到实处。")
        _east_asian(run._r, "宋体")
    paragraph("（二）狠抓落实", "楷体_GB2312")
    paragraph("谢谢大家！")
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    if theme:
        data = _with_theme_face(data, "仿宋")
    return data


def _with_theme_face(data: bytes, face: str) -> bytes:
    """The same file with a theme whose minor East Asian face is ``face``."""
    theme = (
        '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="t">'
        '<a:themeElements><a:fontScheme name="f">'
        '<a:majorFont><a:latin typeface="Calibri"/><a:ea typeface="黑体"/><a:cs typeface=""/>'
        "</a:majorFont>"
        f'<a:minorFont><a:latin typeface="Calibri"/><a:ea typeface="{face}"/>'
        '<a:cs typeface=""/></a:minorFont></a:fontScheme></a:themeElements></a:theme>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            if item.filename != "word/theme/theme1.xml":
                dst.writestr(item, src.read(item))
        dst.writestr("word/theme/theme1.xml", theme)
    return out.getvalue()


def _layout_findings(path: Path, config: Path) -> list[tuple[str, int, str]]:
    out = json.loads(
        run("check", "--no-cache", "--config", str(config), "--format", "json", str(path)).stdout
    )
    return sorted((f["code"], f["line"], f["message"]) for f in out if f["code"].startswith("LY"))


@pytest.fixture
def gbt(tmp_path: Path) -> Path:
    config = tmp_path / "layout.yaml"
    config.write_text("layout: gbt9704\n", encoding="utf-8")
    return config


def test_a_draft_set_as_the_standard_says_has_no_layout_finding(tmp_path, gbt) -> None:
    draft = tmp_path / "讲话.docx"
    draft.write_bytes(build())
    assert _layout_findings(draft, gbt) == []
    # Off unless a profile is chosen: the same draft set otherwise says nothing by default.
    loose = tmp_path / "随意.docx"
    loose.write_bytes(build(margins=False, pasted=True))
    out = json.loads(run("check", "--no-cache", "--format", "json", str(loose)).stdout)
    assert not any(f["code"].startswith("LY") for f in out)


def test_theme_fonts_resolve_to_their_face(tmp_path, gbt) -> None:
    draft = tmp_path / "主题字体.docx"
    draft.write_bytes(build(theme=True))
    assert _layout_findings(draft, gbt) == []
    other = tmp_path / "主题宋体.docx"
    other.write_bytes(_with_theme_face(build(theme=True), "宋体"))
    codes = {code for code, _line, _message in _layout_findings(other, gbt)}
    assert "LY003" in codes


def test_margins_a_pasted_paragraph_a_stray_run_and_a_plain_heading(tmp_path, gbt) -> None:
    draft = tmp_path / "问题.docx"
    draft.write_bytes(
        build(margins=False, pasted=True, stray=True, plain_heading=True, title_face="宋体")
    )
    found = _layout_findings(draft, gbt)
    codes = [code for code, _line, _message in found]
    assert codes.count("LY001") == 1 and "上 25.4 mm（应为 37 mm）" in found[0][2]
    body = next(m for code, _line, m in found if code == "LY003")
    assert body == "正文字体应为仿宋三号，此段为宋体小四"
    heading = next(m for code, _line, m in found if code == "LY004")
    assert heading.startswith("第1层标题字体应为黑体三号，此段为仿宋_GB2312三号")
    title = next(m for code, _line, m in found if code == "LY002")
    assert title == "题目字体应为小标宋二号，此段为宋体二号"
    stray = next(m for code, _line, m in found if code == "LY007")
    assert "宋体" in stray and "仿宋_GB2312" in stray
    assert set(codes) <= set(LAYOUT_CODES)


def test_overrides_and_the_reading_copy_profile(tmp_path) -> None:
    draft = tmp_path / "讲话.docx"
    draft.write_bytes(build())
    reading = tmp_path / "reading.yaml"
    reading.write_text("layout: reading-copy\n", encoding="utf-8")
    codes = {code for code, *_ in _layout_findings(draft, reading)}
    assert {"LY003", "LY005"} <= codes and "LY001" not in codes  # 三号 is small for reading
    larger = tmp_path / "larger.yaml"
    larger.write_text(
        "layout: {profile: reading-copy, body-size: 三号, heading-size: 16}\n", encoding="utf-8"
    )
    codes = {code for code, *_ in _layout_findings(draft, larger)}
    assert "LY003" not in codes and "LY004" not in codes
    bad = tmp_path / "bad.yaml"
    bad.write_text("layout: fancy\n", encoding="utf-8")
    result = run("check", "--config", str(bad), str(draft))
    assert result.exit_code == 2 and "layout must be" in result.output


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_file_libreoffice_wrote_resolves_the_same(tmp_path, gbt) -> None:
    draft = tmp_path / "讲话.docx"
    draft.write_bytes(build(pasted=True))
    out = tmp_path / "lo"
    for source, target in ((draft, "odt"), (out / "讲话.odt", "docx")):
        subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
             "--convert-to", target, "--outdir", str(out), str(source)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
    rewritten = out / "讲话.docx"
    codes = {code for code, *_ in _layout_findings(rewritten, gbt)}
    assert "LY003" in codes  # the pasted 宋体 paragraph, through LibreOffice's own styles
    from speechlint.document.layout import read_layout

    forms = read_layout(rewritten.read_bytes()).paragraphs
    main = forms[2].main()
    assert main is not None and main.face == "仿宋_GB2312" and main.size == 16.0


def test_layout_findings_are_word_comments_in_the_annotated_copy(tmp_path, gbt) -> None:
    draft = tmp_path / "讲话.docx"
    draft.write_bytes(build(pasted=True))
    copy = tmp_path / "批注.docx"
    run("check", "--config", str(gbt), str(draft), "--annotate", str(copy))
    with zipfile.ZipFile(copy) as z:
        assert "LY003" in z.read("word/comments.xml").decode("utf-8")


def test_explain_cites_the_standard_for_every_layout_rule() -> None:
    for code in LAYOUT_CODES:
        text = run("explain", code).stdout
        assert "GB/T 9704-2012" in text, code
