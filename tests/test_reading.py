"""Encodings, BOMs and line endings drafts really come in; unreadable files."""

from __future__ import annotations

import codecs
import os
import sys

import pytest

from speechlint.document.readers.errors import InputError
from speechlint.document.readers.text import decode, encode, read_text
from tests.conftest import run, run_json

TEXT = "同志们：\n回顾总结20xx年工作。\n"


@pytest.mark.parametrize(
    ("encoding", "bom", "expected"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", codecs.BOM_UTF8, "utf-8"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16-le"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16-be"),
        ("gb18030", b"", "gb18030"),
        ("gbk", b"", "gb18030"),
    ],
)
def test_encodings_are_detected_and_findings_land_on_the_same_column(
    draft, encoding: str, bom: bytes, expected: str
) -> None:
    path = draft(TEXT, encoding=encoding, bom=bom)
    text, enc, had_bom = decode(path.read_bytes(), str(path))
    assert text == TEXT
    assert enc == expected
    assert had_bom == bool(bom)
    code, findings = run_json("--select", "PH", str(path))
    assert code == 1
    assert [(f["line"], f["column"], f["code"]) for f in findings] == [(2, 5, "PH001")]


def test_utf16_without_bom_is_recognised(draft) -> None:
    path = draft(TEXT, encoding="utf-16-le")
    text, enc, bom = decode(path.read_bytes(), str(path))
    assert (text, enc, bom) == (TEXT, "utf-16-le", False)


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_line_endings_count_lines_the_same(draft, newline: str) -> None:
    path = draft(TEXT.replace("\n", newline))
    _code, findings = run_json("--select", "PH", str(path))
    assert [(f["line"], f["column"], f["end_column"]) for f in findings] == [(2, 5, 9)]


def test_bom_and_encoding_survive_a_round_trip() -> None:
    for codec, bom in [("utf-8", codecs.BOM_UTF8), ("utf-16-be", codecs.BOM_UTF16_BE)]:
        data = bom + TEXT.replace("\n", "\r\n").encode(codec)
        source = read_text("x.txt", data, "text")
        assert encode(source, source.text) == data
    data = TEXT.encode("gb18030")
    source = read_text("x.txt", data, "text")
    assert encode(source, source.text) == data


def test_forced_encoding_overrides_detection(draft) -> None:
    path = draft("回顾20xx年", encoding="gb18030")
    _code, findings = run_json("--select", "PH", "--encoding", "gb18030", str(path))
    assert findings[0]["column"] == 3
    result = run("check", "--encoding", "utf-8", str(path))
    assert result.exit_code == 2
    assert "cannot decode as utf-8" in result.stderr


def test_full_width_indentation_and_blank_lines_are_normal(draft) -> None:
    path = draft("　　回顾20xx年工作。\n\n　　\n　　谢谢大家！\n")
    _code, findings = run_json("--select", "PH", str(path))
    assert [(f["line"], f["column"]) for f in findings] == [(1, 5)]


def test_binary_and_undecodable_files_get_one_line_and_the_rest_are_checked(draft) -> None:
    draft("\x00\x01\x02\x03binary", name="a.txt")
    (draft("x", name="b.txt")).write_bytes(b"abc \xff\xff\x80 broken")
    folder = draft("回顾20xx年", name="c.txt").parent
    result = run("check", "--select", "PH", str(folder))
    assert result.exit_code == 2
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2
    assert any("a.txt: is a binary file" in e for e in errors)
    assert any("b.txt: cannot decode" in e and "--encoding" in e for e in errors)
    assert "c.txt:1:3: PH001" in result.stdout
    assert "Traceback" not in result.stderr


def test_missing_file_is_reported_and_others_still_checked(draft) -> None:
    good = draft("回顾20xx年")
    result = run("check", "--select", "PH", str(good.parent / "nope.txt"), str(good))
    assert result.exit_code == 2
    assert "nope.txt: no such file or folder" in result.stderr
    assert "PH001" in result.stdout


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file(draft) -> None:
    path = draft("回顾20xx年")
    path.chmod(0)
    try:
        result = run("check", str(path))
    finally:
        path.chmod(0o644)
    assert result.exit_code == 2
    assert "permission denied" in result.stderr


def test_decode_raises_input_error_for_garbage() -> None:
    with pytest.raises(InputError, match="cannot decode"):
        decode(b"abc \xff\xff\x80" * 3, "x")
    with pytest.raises(InputError, match="binary"):
        decode(bytes(range(256)), "x")


def test_utf16_without_bom_holding_characters_with_a_zero_byte(tmp_path) -> None:
    """一 (U+4E00), 开 (U+5F00) and U+3000 put a NUL on the other byte's side: still text."""
    from speechlint.document.readers.text import decode

    text = "同志们：\u3000一起开创新局面。\n一是开好会。\n"
    for codec in ("utf-16-le", "utf-16-be"):
        assert decode(text.encode(codec), "d.txt") == (text, codec, False)
