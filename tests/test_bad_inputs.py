"""The table of bad inputs (docs/robustness.md): each gives one line naming the file and the
reason, exit code 2 where the run is incomplete, and every other file is still checked."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import run

GOOD = "在全县工会工作会议上的讲话\n同志们：\n回顾总结20xx年工作。\n谢谢大家！\n"


def check_folder(folder: Path, *args: str):
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    result = run("check", "--no-cache", "--select", "PH", *args, str(folder))
    assert "good.txt:3:5: PH001" in result.stdout, "the other files must still be checked"
    assert "Traceback" not in result.stderr
    return result


def one_error(result, name: str, reason: str) -> None:
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, lines
    assert name in lines[0] and reason in lines[0], lines[0]
    assert result.exit_code == 2


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("empty.txt", b""),
        ("spaces.txt", " \n\u3000\n\t\r\n".encode()),
        ("title.txt", "讲话".encode()),
    ],
)
def test_empty_blank_and_title_only_files_are_fine(tmp_path, name, data) -> None:
    (tmp_path / name).write_bytes(data)
    result = check_folder(tmp_path)
    assert result.exit_code == 1 and result.stderr == ""


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("nul.txt", b"abc\x00\x01\x02def\x00", "binary file"),
        ("garbage.txt", b"abc \x80\x81\xff\xfd " * 5, "cannot decode"),
        ("bom.txt", b"\xff\xfe\xfd abc \x80\x81\xff" * 5, "byte-order mark"),
        ("fake.docx", "其实是文本".encode(), "not a valid .docx"),
    ],
)
def test_unreadable_content(tmp_path, name, data, reason) -> None:
    (tmp_path / name).write_bytes(data)
    one_error(check_folder(tmp_path), name, reason)


def test_mixed_encodings_in_one_file(tmp_path) -> None:
    """UTF-8 and GBK bytes in one file: neither decoding is clean, so the file is refused with
    one line (save it again in one encoding); forcing one encoding fails the same clear way."""
    data = "第一段。\n".encode() + "第二段20xx年。\n".encode("gbk")
    (tmp_path / "mixed.txt").write_bytes(data)
    one_error(check_folder(tmp_path), "mixed.txt", "cannot decode")
    forced = run("check", "--no-cache", "--encoding", "gb18030", str(tmp_path / "mixed.txt"))
    assert forced.exit_code == 2 and "cannot decode as gb18030" in forced.stderr


def test_utf16_without_bom(tmp_path) -> None:
    (tmp_path / "u16.txt").write_bytes(GOOD.encode("utf-16-le"))
    assert "u16.txt:3:5: PH001" in check_folder(tmp_path).stdout


def test_a_directory_named_like_a_draft_is_searched_not_read(tmp_path) -> None:
    inner = tmp_path / "x.txt"
    inner.mkdir()
    (inner / "inside.txt").write_text(GOOD, encoding="utf-8")
    result = check_folder(tmp_path)
    assert "x.txt/inside.txt:3:5" in result.stdout and result.exit_code == 1


def test_symlink_loop(tmp_path) -> None:
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "dirloop").symlink_to(tmp_path, target_is_directory=True)
    result = check_folder(tmp_path)
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2 and all("symbolic links" in e for e in errors), errors


def test_a_file_that_disappears_between_listing_and_reading(tmp_path, monkeypatch) -> None:
    from speechlint.running import runner

    original = runner.iter_check

    def vanish(tasks, *args, **kwargs):
        for t in tasks:
            if t.path.name == "gone.txt":
                t.path.unlink()
        return original(tasks, *args, **kwargs)

    monkeypatch.setattr("speechlint.running.pipeline.iter_check", vanish)
    (tmp_path / "gone.txt").write_text(GOOD, encoding="utf-8")
    one_error(check_folder(tmp_path), "gone.txt", "no such file")


def test_no_read_permission(tmp_path, monkeypatch) -> None:
    target = tmp_path / "secret.txt"
    target.write_text(GOOD, encoding="utf-8")
    if os.geteuid() != 0:
        target.chmod(0)  # the real thing
    else:  # root reads any file: the engine's read refuses instead
        from speechlint.checking import engine

        real = engine.read_regular

        def deny(file, *args, **kwargs):
            if os.fspath(file).endswith("secret.txt"):
                raise PermissionError(13, "Permission denied")
            return real(file, *args, **kwargs)

        monkeypatch.setattr(engine, "read_regular", deny)
    one_error(check_folder(tmp_path), "secret.txt", "permission denied")


def test_a_path_with_bytes_that_are_not_utf8(tmp_path) -> None:
    folder = os.fsencode(tmp_path)
    with open(folder + b"/\xb9\xa4\xbb\xe1.txt", "wb") as handle:  # 工会 in GBK
        handle.write(GOOD.encode())
    with open(folder + b"/\xff\xfe.txt", "wb") as handle:  # not GBK either
        handle.write(GOOD.encode())
    result = check_folder(tmp_path)
    assert "工会.txt:3:5: PH001" in result.stdout
    assert "\ufffd" in result.stdout and result.exit_code == 1


def test_slow_plugin_rule_is_stopped(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # plugins load from configs in the current folder
    (tmp_path / "slow.py").write_text(
        textwrap.dedent('''
        import time
        from speechlint.checking.diagnostics import Category
        from speechlint.checking.hookspecs import hookimpl
        from speechlint.checking.rule import Rule

        class Slow(Rule):
            """检查内容 为什么 示例 修改为 配置项"""
            code = "ZZ009"
            name = "slow"
            category = Category.WORDING
            def finish(self, ctx):
                time.sleep(30)

        @hookimpl
        def speechlint_add_rules():
            return [Slow]
    '''),
        encoding="utf-8",
    )
    (tmp_path / ".speechlint.yaml").write_text("plugins: [slow.py]\n", encoding="utf-8")
    started = time.monotonic()
    result = check_folder(tmp_path, "--extend-select", "ZZ009", "--rule-timeout", "0.5")
    assert time.monotonic() - started < 10
    one_error(result, "good.txt", "rule ZZ009 (slow) took longer than 0.5 s and was stopped")


def test_rule_timeout_limits_each_call_not_the_whole_draft(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # plugins load from configs in the current folder
    # Three calls of 0.3 s each exceed 0.5 s together; none alone does, so none is stopped.
    (tmp_path / "steady.py").write_text(
        textwrap.dedent('''
        import time
        from speechlint.checking.diagnostics import Category
        from speechlint.checking.hookspecs import hookimpl
        from speechlint.checking.rule import Rule

        def make(code):
            class Steady(Rule):
                """检查内容 为什么 示例 修改为 配置项"""
                name = "steady-" + code.lower()
                category = Category.WORDING
                def finish(self, ctx):
                    time.sleep(0.3)
                    ctx.report(0, 1, "稳定")
            Steady.code = code
            return Steady

        @hookimpl
        def speechlint_add_rules():
            return [make("ZZ010"), make("ZZ011"), make("ZZ012")]
    '''),
        encoding="utf-8",
    )
    (tmp_path / ".speechlint.yaml").write_text("plugins: [steady.py]\n", encoding="utf-8")
    result = check_folder(tmp_path, "--select", "ZZ010,ZZ011,ZZ012", "--rule-timeout", "0.5")
    assert "took longer" not in result.stderr, result.stderr
    assert [code for code in ("ZZ010", "ZZ011", "ZZ012") if code in result.stdout] == [
        "ZZ010",
        "ZZ011",
        "ZZ012",
    ]


def test_fix_never_writes_through_a_symlink_out_of_the_tree(tmp_path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    target = outside / "target.txt"
    target.write_text("在大会上的讲话\n同志们:\n", encoding="utf-8")
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "link.txt").symlink_to(target)
    result = run("check", "--fix", str(drafts))
    assert "outside the checked folder" in result.stderr and result.exit_code == 2
    assert target.read_text("utf-8") == "在大会上的讲话\n同志们:\n"


KILL_SCRIPT = """
import sys
from pathlib import Path
from speechlint.checking.fixer import write_atomically
from speechlint.document.source import SourceText
path = Path(sys.argv[1])
texts = ["甲" * 3_000_000, "乙" * 3_000_000]
i = 0
print("ready", flush=True)
while True:
    current = path.read_bytes()
    write_atomically(path, current, SourceText(str(path), "", "utf-8"), texts[i % 2])
    i += 1
"""


@pytest.mark.slow
def test_kill_9_during_fix_leaves_the_old_or_the_new_file(tmp_path) -> None:
    path = tmp_path / "draft.txt"
    path.write_text("甲" * 3_000_000, encoding="utf-8")
    valid = {("甲" * 3_000_000).encode(), ("乙" * 3_000_000).encode()}
    for delay in (0.05, 0.11, 0.17, 0.23, 0.31, 0.37, 0.43, 0.53):
        proc = subprocess.Popen(
            [sys.executable, "-c", KILL_SCRIPT, str(path)], stdout=subprocess.PIPE
        )
        assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
        time.sleep(delay)
        proc.kill()  # SIGKILL: no cleanup handlers run
        proc.wait()
        assert path.read_bytes() in valid
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "draft.txt"]
    assert all(name.endswith(".speechlint-tmp") for name in leftovers)  # never the draft itself


@pytest.mark.slow
def test_a_100_mb_single_line_draft_finishes_in_bounded_memory(tmp_path) -> None:
    # A realistic density of defects (a placeholder and a half-width mark every ~270
    # characters); memory is linear in the number of findings, and this keeps it honest.
    unit = (
        "各级工会组织要紧紧围绕中心任务，团结动员广大职工建功立业。全年组织劳动竞赛128场次，"
        "职工提合理化建议412条，被采纳258条，实现技术革新62项，同比增长13.8%。"
        "要充分发挥工人阶级主力军作用，引导广大职工积极投身经济建设主战场，在深化改革第一线"
        "攻坚克难;要主动关心慰问困难职工群众，千方百计解决他们生活中的困难，维护他们的合法"
        "权益，让他们切实感受到党和政府的温暖。回顾总结20xx年工作，我们深刻体会到，只有坚定"
        "不移争取党政重视，才能营造工会工作的良好环境；只有紧紧围绕全县工作大局，才能彰显"
        "工会组织的积极作为。"
    ).encode()
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        for _ in range(100 * 2**20 // (len(unit) * 1000) + 1):
            handle.write(unit * 1000)
    assert path.stat().st_size >= 100 * 2**20
    out, err = tmp_path / "out", tmp_path / "err"
    with out.open("wb") as o, err.open("wb") as e:  # files, not pipes: wait4 cannot deadlock
        proc = subprocess.Popen(
            [sys.executable, "-m", "speechlint", "check", "--no-cache", "-q", "--statistics",
             str(path)],
            stdout=o, stderr=e,
        )  # fmt: skip
        _pid, status, usage = os.wait4(proc.pid, 0)
    stdout, stderr = out.read_bytes(), err.read_bytes()
    assert os.waitstatus_to_exitcode(status) == 1, stderr.decode()[-500:]  # findings, no errors
    assert b"PH001" in stdout and b"took longer" not in stderr
    assert usage.ru_maxrss < 2 * 2**20, f"peak RSS {usage.ru_maxrss // 1024} MB"  # KB on Linux
