"""--fix, --diff and --unsafe-fixes: safe edits, atomic writes that keep the file's bytes."""

from __future__ import annotations

import codecs
import os
import stat

import pytest

from speechlint.checking.diagnostics import Applicability, Category, Diagnostic, Edit, Fix, Severity
from speechlint.checking.fixer import FixError, apply_edits, choose_edits, write_atomically
from speechlint.document.readers.text import read_text
from tests.conftest import run, run_json

TAIL = "二、保障\n正文。\n谢谢大家！\n"
FIXABLE = (
    "在全县工会工作会议上的讲话。\n同志们，\n一、要求\n1、加强学习，深入调研\n正文。\n2、狠抓落实\n正文。\n"
    + TAIL
)
FIXED = (
    "在全县工会工作会议上的讲话\n同志们：\n一、要求\n1.加强学习，深入调研\n正文。\n2.狠抓落实\n正文。\n"
    + TAIL
)


@pytest.mark.parametrize(
    ("codec", "bom", "newline"),
    [
        ("utf-8", b"", "\n"),
        ("utf-8", codecs.BOM_UTF8, "\r\n"),
        ("gb18030", b"", "\r\n"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "\r\n"),
        ("utf-8", b"", "\r"),
    ],
)
def test_fix_keeps_encoding_bom_and_line_endings(draft, codec, bom, newline) -> None:
    path = draft(FIXABLE.replace("\n", newline), encoding=codec, bom=bom)
    result = run("check", "--fix", "--select", "ST,NU005", str(path))
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == bom + FIXED.replace("\n", newline).encode(codec)
    assert "已修复 4 处问题（1 个文件）" in result.stdout
    again = run("check", "--fix", "--select", "ST,NU005", str(path))
    assert "已修复" not in again.stdout
    assert path.read_bytes() == bom + FIXED.replace("\n", newline).encode(codec)


def test_fix_keeps_mode_bits_and_leaves_no_temp_file(draft) -> None:
    path = draft(FIXABLE)
    path.chmod(0o640)
    run("check", "--fix", str(path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_diff_shows_changes_and_writes_nothing(draft) -> None:
    path = draft(FIXABLE)
    before = path.read_bytes()
    result = run("check", "--diff", str(path))
    assert result.exit_code == 1
    assert "-1、加强学习，深入调研\n+1.加强学习，深入调研\n" in result.stdout
    assert path.read_bytes() == before
    clean = draft(FIXED, name="clean.txt")
    assert run("check", "--diff", "--select", "ST,NU005", str(clean)).exit_code == 0


def test_fix_on_stdin_prints_the_fixed_text() -> None:
    result = run("check", "--fix", "--select", "ST,NU005", "-", input=FIXABLE.encode())
    assert result.exit_code == 0
    assert result.stdout == FIXED and result.stderr == ""


def test_fix_on_stdin_reports_what_is_left_and_exits_by_it() -> None:
    """The fixed text on standard output; what no fix settles (20xx) on standard error, and
    the exit status by it, as for a file."""
    text = "讲话\n同志们,\n回顾20xx年工作。\n"
    result = run("check", "--fix", "--no-cache", "-", input=text.encode())
    assert result.stdout == "讲话\n同志们：\n回顾20xx年工作。\n"
    assert "PH001" in result.stderr and result.exit_code == 1
    lenient = run("check", "--fix", "--fail-on", "never", "-", input=text.encode())
    assert lenient.exit_code == 0 and "PH001" in lenient.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write read-only files")
def test_read_only_file_is_reported_not_written(draft) -> None:
    path = draft(FIXABLE)
    path.chmod(0o444)
    result = run("check", "--fix", str(path))
    assert result.exit_code == 2
    assert "read-only" in result.stderr
    assert path.read_text("utf-8") == FIXABLE


def test_read_only_file_check_without_root(draft, monkeypatch) -> None:
    path = draft(FIXABLE)
    source = read_text(str(path), path.read_bytes(), "text")
    monkeypatch.setattr(os, "access", lambda *_a, **_k: False)
    with pytest.raises(FixError, match="read-only"):
        write_atomically(path, path.read_bytes(), source, FIXED)
    assert path.read_text("utf-8") == FIXABLE


def test_a_file_changed_on_disk_is_not_overwritten(draft) -> None:
    path = draft(FIXABLE)
    original = path.read_bytes()
    source = read_text(str(path), original, "text")
    path.write_text(FIXABLE + "新增一段。\n", encoding="utf-8")
    with pytest.raises(FixError, match="changed on disk"):
        write_atomically(path, original, source, FIXED)
    assert path.read_text("utf-8").endswith("新增一段。\n")


def test_json_carries_the_fix_edits(draft) -> None:
    _, findings = run_json("--select", "ST003", str(draft(FIXABLE)))
    assert findings[0]["fix"] == {
        "applicability": "safe",
        "edits": [{"line": 1, "column": 14, "end_line": 1, "end_column": 15, "replacement": ""}],
    }


def _diag(start: int, end: int, text: str, applicability=Applicability.SAFE) -> Diagnostic:
    return Diagnostic(
        "XX001", "x", Category.PUNCTUATION, Severity.ERROR, "m", start, end,
        Fix(applicability, (Edit(start, end, text),)),
    )  # fmt: skip


def test_overlapping_and_unsafe_edits_are_not_chosen() -> None:
    diags = [_diag(0, 2, "a"), _diag(1, 3, "b"), _diag(5, 6, "c", Applicability.UNSAFE)]
    assert [(e.start, e.replacement) for e in choose_edits(diags)] == [(0, "a")]
    assert [(e.start, e.replacement) for e in choose_edits(diags, unsafe=True)] == [
        (0, "a"),
        (5, "c"),
    ]
    assert apply_edits("0123456", choose_edits(diags, unsafe=True)) == "a234c6"


def test_findings_and_fixes_built_directly_equal_their_named_tuples() -> None:
    # Fix.replace and RuleContext.report build their tuples with tuple.__new__ (faster than
    # the named tuples' own __new__): they must stay the tuples the named forms make, with
    # every field, should a field ever be added.
    from speechlint.checking.rule import RuleContext
    from speechlint.document.parser import parse
    from speechlint.rules.punctuation import HalfWidthPunctuation

    fix = Fix.replace(3, 4, "，", Applicability.UNSAFE)
    assert fix == Fix(Applicability.UNSAFE, (Edit(3, 4, "，"),))
    assert type(fix) is Fix and type(fix.edits[0]) is Edit
    source = read_text("t.txt", "同志们,大家好。".encode(), "text")
    ctx = RuleContext(source, parse(source))
    ctx.rule = HalfWidthPunctuation()
    ctx.report(4, 3, "消息", fix=fix)
    (found,) = ctx.diagnostics
    expected = Diagnostic(
        "PU001", "half-width-punctuation", Category.PUNCTUATION, Severity.ERROR, "消息", 3, 4, fix
    )
    assert type(found) is Diagnostic and found == expected
    assert len(found) == len(Diagnostic._fields)


def test_fix_counts_the_fixes_the_summary_promised(draft) -> None:
    """A fix of two edits (a pair of brackets) is one fix: --fix says it fixed as many as the
    summary said could be fixed."""
    import re

    path = draft("讲话\n同志们,\n召开全委(扩大)会议;谢谢大家!\n")
    summary = run("check", "--no-cache", str(path)).stdout
    promised = int(re.search(r"其中 (\d+) 处可用 --fix", summary).group(1))
    fixed = run("check", "--no-cache", "--fix", str(path)).stdout
    assert f"已修复 {promised} 处问题" in fixed
