"""The command line contract: output formats, exit codes, stdin, folders, colour."""

from __future__ import annotations

import json
import unicodedata

import pytest

from speechlint.output.formatters.base import display_width
from tests.conftest import ROOT, run, run_json, run_process

TITLE = "在全县工会工作会议上的讲话\n"
BAD = TITLE + "同志们：\n回顾总结20xx年工作，市委副书记×××同志出席。\n"
CLEAN = TITLE + "同志们：\n回顾总结2023年工作。\n"


def test_json_contract(draft) -> None:
    path = draft(BAD)
    code, findings = run_json(str(path))
    assert code == 1
    assert findings == [
        {
            "path": str(path),
            "line": 3,
            "column": 5,
            "end_line": 3,
            "end_column": 9,
            "code": "PH001",
            "name": "placeholder-year",
            "category": "placeholder",
            "severity": "error",
            "message": "占位符“20xx”未替换为实际年份",
            "fix": None,
        },
        {
            "path": str(path),
            "line": 3,
            "column": 18,
            "end_line": 3,
            "end_column": 21,
            "code": "PH002",
            "name": "placeholder-name",
            "category": "placeholder",
            "severity": "error",
            "message": "占位符“×××”未替换为实际名称",
            "fix": None,
        },
    ]


def test_text_format_and_summary(draft) -> None:
    path = draft(BAD)
    result = run("check", str(path))
    lines = result.stdout.splitlines()
    assert lines[0] == f"{path}:3:5: PH001 占位符“20xx”未替换为实际年份"
    assert lines[-1] == "共检查 1 个文件，发现 2 处问题：错误 2，警告 0，提示 0。"
    assert "\x1b[" not in result.stdout  # not a terminal: no colour


def test_show_source_caret_lines_up_under_wide_characters(draft) -> None:
    path = draft(BAD)
    result = run("check", "--show-source", "--select", "PH001", str(path))
    lines = result.stdout.splitlines()
    source_line, caret_line = lines[2], lines[3]
    prefix = source_line[: source_line.index("|") + 2]
    shown = source_line[len(prefix) :]
    carets = caret_line[len(prefix) :]
    assert carets.strip() == "^^^^"
    assert display_width(shown[: shown.index("20xx")]) == len(carets) - len(carets.lstrip())
    assert all(unicodedata.east_asian_width(c) == "W" for c in "回顾总结")


def test_colour_is_forced_or_refused(draft, monkeypatch) -> None:
    path = draft(BAD)
    assert "\x1b[" in run("check", "--color", "always", str(path)).stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run("check", "--color", "auto", str(path)).stdout


def test_exit_codes_and_fail_on(draft) -> None:
    assert run("check", str(draft(CLEAN, name="clean.txt"))).exit_code == 0
    bad = draft(BAD)
    assert run("check", str(bad)).exit_code == 1
    assert run("check", "--fail-on", "never", str(bad)).exit_code == 0
    warn = draft("---\nseverity:\n  PH: warning\n", name=".speechlint.yaml")
    assert warn.exists()
    assert run("check", str(bad)).exit_code == 1  # default fail-on is warning
    assert run("check", "--fail-on", "error", str(bad)).exit_code == 0
    assert run("check", "--select", "NOPE1", str(bad)).exit_code == 2


def test_stdin_with_and_without_a_filename() -> None:
    result = run("check", "-", input=BAD.encode("gb18030"))
    assert result.stdout.startswith("-:3:5: PH001")
    result = run("check", "--stdin-filename", "drafts/x.md", "-", input=BAD.encode())
    assert result.stdout.startswith("drafts/x.md:3:5: PH001")


def test_folders_are_searched_recursively_skipping_hidden_and_other_files(draft) -> None:
    draft(BAD, name="a/one.txt")
    draft(BAD, name="a/b/two.md")
    draft(BAD, name="a/.hidden/three.txt")
    draft(BAD, name="a/.four.txt")
    draft(BAD, name="a/five.doc")
    root = draft(BAD, name="a/six.TXT").parent
    _code, findings = run_json(str(root))
    files = sorted({f["path"].split("/a/")[1] for f in findings})
    assert files == ["b/two.md", "one.txt", "six.TXT"]


def test_output_is_sorted_by_path(draft) -> None:
    for name in ["z.txt", "m.txt", "a.txt"]:
        draft(BAD, name=f"d/{name}")
    _code, findings = run_json(str(draft(BAD, name="d/b.txt").parent))
    paths = [f["path"] for f in findings]
    assert paths == sorted(paths)


def test_unsupported_file_named_explicitly(draft) -> None:
    result = run("check", str(draft("x", name="x.pdf")))
    assert result.exit_code == 2
    assert "unsupported file type" in result.stderr


def test_output_file_keeps_a_summary_on_stderr(draft, tmp_path) -> None:
    out = tmp_path / "report.json"
    result = run("check", "--format", "json", "--output-file", str(out), str(draft(BAD)))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert len(json.loads(out.read_text("utf-8"))) == 2
    assert "发现 2 处问题" in result.stderr


def test_unknown_format() -> None:
    result = run("check", "--format", "yaml", "-", input=b"x")
    assert result.exit_code == 2
    assert "unknown format 'yaml'" in result.stderr


def test_rules_lists_every_rule_and_explain_prints_docs() -> None:
    result = run("rules", "--format", "json")
    rows = json.loads(result.stdout)
    codes = [r["code"] for r in rows]
    assert codes == sorted(codes)
    assert {"PH001", "PH002", "PH003", "PH004", "PH005"} <= set(codes)
    assert all(set(r) >= {"code", "name", "category", "severity", "fixable"} for r in rows)
    text = run("explain", "placeholder-year").stdout
    assert text.startswith("PH001 placeholder-year（占位符，错误）")
    assert "为什么" in text and "GB/T 9704-2012" in text
    assert run("explain", "PU001").stdout.startswith(
        "PU001 half-width-punctuation（标点，错误，可自动修复）"
    )
    assert "默认关闭" in run("explain", "RP005").stdout.splitlines()[0]
    bad = run("explain", "PH01")
    assert bad.exit_code == 2 and "did you mean 'PH001'" in bad.stderr


def test_init_writes_a_valid_config_and_refuses_to_overwrite(tmp_path, draft) -> None:
    assert run("init", str(tmp_path)).exit_code == 0
    assert (tmp_path / ".speechlint.yaml").read_text("utf-8").startswith("# speechlint")
    again = run("init", str(tmp_path))
    assert again.exit_code == 2 and "already exists" in again.stderr
    assert run("check", str(draft(CLEAN))).exit_code == 0  # the written config loads


@pytest.mark.slow
def test_python_dash_m_runs_the_same_cli(tmp_path) -> None:
    (tmp_path / "d.txt").write_text(BAD, encoding="utf-8")
    proc = run_process("check", "d.txt", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.decode().startswith("d.txt:3:5: PH001")
    assert b"Traceback" not in proc.stderr


def test_examples_folder_matches_the_checked_in_expected_output() -> None:
    import os

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = run("check", "examples/")
    finally:
        os.chdir(cwd)
    expected = (ROOT / ".ci" / "examples-expected.txt").read_text("utf-8")
    assert result.stdout == expected


def test_plain_text_lines_are_the_findings_lines(tmp_path) -> None:
    # Without colour or source the text format writes straight from the rows; every line must
    # be what TextFormatter.line makes from the Finding — for a text draft, a Word draft
    # (¶ labels), a draft sent through a worker (rows unpickled) and findings set directly.
    import pickle

    from speechlint.checking.config import Config
    from speechlint.checking.engine import Engine
    from speechlint.output.formatters.base import FormatOptions
    from speechlint.output.formatters.text import TextFormatter
    from speechlint.running.plugins import PluginManager
    from tests.test_docx import make_docx

    text_draft = tmp_path / "a.txt"
    text_draft.write_text(BAD + "一、回顾\n1、截止目前,同比增长13.8。\n", "utf-8")
    word_draft = make_docx(tmp_path / "b.docx")
    engine = Engine(PluginManager())
    results = [engine.check_file(p, Config()) for p in (text_draft, word_draft)]
    results.append(pickle.loads(pickle.dumps(results[0])))
    kept = engine.check_file(text_draft, Config())
    kept.findings = kept.findings[1:]
    results.append(kept)
    formatter = TextFormatter(FormatOptions())
    expected = "".join(formatter.line(f) + "\n" for r in results for f in r.findings)
    assert "¶" in expected and expected.count("\n") > 8
    assert formatter.render(results) == expected


def test_the_command_freezes_the_heap_before_the_interpreter_exits(draft) -> None:
    # run() (the console script, python -m speechlint) freezes what is alive as its command
    # ends, so the collector pass of the interpreter's exit skips it; the exit status and the
    # report are main's. A program that calls main() in-process keeps its collector as it was.
    import gc
    import subprocess
    import sys

    path = draft(BAD)
    probe = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('frozen', gc.get_freeze_count(), file=sys.stderr))\n"
        f"sys.argv = ['speechlint', 'check', {str(path)!r}]\n"
        "from speechlint.cli import run\n"
        "run()\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 1 and "PH001" in done.stdout
    frozen = int(done.stderr.split("frozen ")[1].split()[0])
    assert frozen > 10_000  # the modules and the rules, at least

    before = gc.get_freeze_count()
    assert run("check", str(path)).exit_code == 1
    assert gc.get_freeze_count() == before


def test_init_with_data_writes_example_data_that_loads(tmp_path) -> None:
    assert run("init", "--with-data", str(tmp_path)).exit_code == 0
    for name in ("facts.yaml", "名单.yaml", "提法.yaml"):
        assert (tmp_path / name).read_text("utf-8").startswith("#")
    config = (tmp_path / ".speechlint.yaml").read_text("utf-8")
    assert "# facts: facts.yaml" in config and "# people: 名单.yaml" in config
    # Switched on, the example data loads and checks a draft.
    (tmp_path / ".speechlint.yaml").write_text(
        config.replace("# facts:", "facts:").replace("# people:", "people:")
        .replace("# phrases:", "phrases:"),
        encoding="utf-8",
    )  # fmt: skip
    draft = tmp_path / "报告.txt"
    draft.write_text(
        "临河县政府工作报告\n（2025年3月1日）\n各位代表：\n"
        "2024年全县实现地区生产总值195.7亿元，县长赵立群出席。\n",
        encoding="utf-8",
    )
    out = run("check", "--no-cache", "--format", "json", str(draft))
    codes = {f["code"] for f in json.loads(out.stdout)}
    assert {"SF016", "NM001"} <= codes
    again = run("init", "--with-data", str(tmp_path))
    assert again.exit_code == 2 and "already exists" in again.stderr


def test_the_county_example_shows_the_data_checks() -> None:
    out = run("check", "--no-cache", "--format", "json", str(ROOT / "examples" / "county"))
    codes = sorted({f["code"] for f in json.loads(out.stdout)})
    assert codes == ["DT001", "DT004", "NM001", "NM002", "NM003", "SF016"]
