"""Plugins: local files, third-party packages, and plugins that break."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

from speechlint.running.cache import ENTRY_SUFFIX
from tests.conftest import ROOT, run, run_json, run_process

BAD = "在全县工会工作会议上的讲话\n同志们：\n咱们回顾总结20xx年工作。\n"

RULE_FILE = '''
from speechlint.checking.diagnostics import Category, Severity
from speechlint.checking.hookspecs import hookimpl
from speechlint.checking.rule import Rule

class Zanmen(Rule):
    """Flags 咱们.

    检查内容 x 为什么 x 示例 x 修改为 x 配置项 x
    """
    code = "ZZ001"
    name = "zanmen"
    category = Category.WORDING
    severity = Severity.WARNING
    visits = frozenset({"paragraph"})

    def visit(self, node, ctx):
        i = ctx.text.find("咱们", node.start, node.end)
        if i >= 0:
            ctx.report(i, i + 2, "口语词“咱们”宜改为“我们”")

@hookimpl
def speechlint_add_rules():
    return [Zanmen]
'''


def write_plugin(tmp_path: Path, body: str, name: str = "plugin.py") -> None:
    (tmp_path / name).write_text(textwrap.dedent(body), encoding="utf-8")
    (tmp_path / ".speechlint.yaml").write_text(f"plugins: [{name}]\n", encoding="utf-8")


def test_local_plugin_file_from_config(tmp_path, draft, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # plugins load from configs in the current folder
    write_plugin(tmp_path, RULE_FILE)
    code, findings = run_json(str(draft(BAD)))
    assert code == 1
    # Sorted by position: the plugin's finding at column 1 comes first.
    assert [(f["code"], f["line"], f["column"]) for f in findings] == [
        ("ZZ001", 3, 1),
        ("PH001", 3, 7),
    ]


def _messages_and_entries(tmp_path: Path, draft: Path) -> tuple[list[str], int]:
    """A real check run in tmp_path with the cache on: the messages, and how many cache
    entries there are afterwards."""
    result = run_process("check", "--format", "json", str(draft), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    entries = list((tmp_path / ".speechlint_cache").rglob("*" + ENTRY_SUFFIX))
    return [f["message"] for f in json.loads(result.stdout)], len(entries)


def test_an_edited_plugin_file_is_checked_again_not_read_from_the_cache(tmp_path, draft) -> None:
    # A plugin author edits the rule and checks again: the draft and speechlint's version are
    # the same, so only the plugin's own code can tell the cache that the entry is stale.
    write_plugin(tmp_path, RULE_FILE)
    path = draft(BAD)
    first, entries = _messages_and_entries(tmp_path, path)
    assert "口语词“咱们”宜改为“我们”" in first and entries == 1
    again = _messages_and_entries(tmp_path, path)
    assert again == (first, 1)  # unchanged: answered by the one entry
    write_plugin(tmp_path, RULE_FILE.replace("宜改为", "请改为"))
    edited, entries = _messages_and_entries(tmp_path, path)
    assert "口语词“咱们”请改为“我们”" in edited and "口语词“咱们”宜改为“我们”" not in edited
    assert entries == 2


def test_plugin_rules_are_selectable_and_configurable_like_built_ins(
    tmp_path, draft, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)  # plugins load from configs in the current folder
    write_plugin(tmp_path, RULE_FILE)
    (tmp_path / ".speechlint.yaml").write_text(
        "plugins: [plugin.py]\nselect: [ZZ]\nseverity: {zanmen: info}\n", encoding="utf-8"
    )
    findings = run_json(str(draft(BAD)))[1]
    assert [(f["code"], f["severity"]) for f in findings] == [("ZZ001", "info")]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "raise ImportError('no module named foo')\n",
            "failed to load: ImportError: no module named foo",
        ),
        (
            "from speechlint.checking.hookspecs import hookimpl\n"
            "@hookimpl\ndef speechlint_add_rules():\n    raise RuntimeError('boom')\n",
            "raised in speechlint_add_rules: RuntimeError: boom",
        ),
        (
            "from speechlint.checking.hookspecs import hookimpl\n"
            "@hookimpl\ndef speechlint_add_rules():\n    return 42\n",
            "returned int from speechlint_add_rules",
        ),
        (
            "from speechlint.checking.hookspecs import hookimpl\n"
            "@hookimpl\ndef speechlint_add_rules():\n    return [object]\n",
            "is not a speechlint Rule subclass",
        ),
    ],
)
def test_broken_plugins_are_one_line_and_built_ins_still_run(
    tmp_path, draft, body, message, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)  # plugins load from configs in the current folder
    write_plugin(tmp_path, body)
    result = run("check", "--format", "json", str(draft(BAD)))
    assert result.exit_code == 2
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and message in errors[0], errors
    assert "Traceback" not in result.stderr
    assert "PH001" in result.stdout


def test_a_rule_that_raises_is_reported_and_other_rules_still_run(
    tmp_path, draft, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)  # plugins load from configs in the current folder
    write_plugin(
        tmp_path,
        RULE_FILE.replace('i = ctx.text.find("咱们", node.start, node.end)', "1 / 0"),
    )
    result = run("check", "--format", "json", str(draft(BAD)))
    assert result.exit_code == 2
    assert "rule ZZ001 (zanmen) failed: ZeroDivisionError" in result.stderr
    assert "PH001" in result.stdout


def test_missing_plugin_file(tmp_path, draft, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # plugins load from configs in the current folder
    (tmp_path / ".speechlint.yaml").write_text("plugins: [nope.py]\n", encoding="utf-8")
    result = run("check", str(draft(BAD)))
    assert result.exit_code == 2
    assert "nope.py does not exist" in result.stderr


def test_a_plugin_code_that_clashes_with_a_built_in(tmp_path, draft, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # plugins load from configs in the current folder
    write_plugin(tmp_path, RULE_FILE.replace('"ZZ001"', '"PH001"'))
    result = run("check", str(draft(BAD)))
    assert result.exit_code == 2
    assert "rule code PH001" in result.stderr and "already taken" in result.stderr


@pytest.mark.slow
def test_example_plugin_package_installs_into_a_fresh_environment(tmp_path) -> None:
    """The plugin in examples/plugin, installed with pip into a new venv, adds its rule."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    inner = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    # See this test run's packages (speechlint itself, click, …) without re-installing them.
    outer = sysconfig.get_paths()["purelib"]
    Path(inner, "_outer_env.pth").write_text(f"import site; site.addsitedir({outer!r})\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
         str(ROOT / "examples" / "plugin")],
        check=True, capture_output=True,
    )  # fmt: skip
    rules = subprocess.run(
        [str(python), "-m", "speechlint", "rules"], capture_output=True, text=True
    )
    assert "EX001  colloquial-word" in rules.stdout
    draft = tmp_path / "d.txt"
    draft.write_text(BAD, encoding="utf-8")
    check = subprocess.run(
        [str(python), "-m", "speechlint", "check", "--format", "json", str(draft)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert check.returncode == 1, check.stderr
    assert "口语词“咱们”宜改为“我们”" in check.stdout


VISITOR_FILE = '''
from speechlint.checking.diagnostics import Category
from speechlint.checking.hookspecs import hookimpl
from speechlint.checking.rule import Rule

SEEN = {}

def make(code, kinds, fail_at=None):
    class Visitor(Rule):
        """检查内容 x 为什么 x 示例 x 修改为 x 配置项 x"""
        name = "visitor-" + code.lower()
        category = Category.STRUCTURE
        visits = frozenset(kinds)
        def visit(self, node, ctx):
            SEEN.setdefault(self.code, []).append((node.kind, node.start))
            if len(SEEN[self.code]) == fail_at:
                raise ValueError("stop")
            ctx.report(node.start, node.start + 1, "到此")
        def finish(self, ctx):
            SEEN.setdefault(self.code, []).append(("finish", -1))
    Visitor.code = code
    return Visitor

@hookimpl
def speechlint_add_rules():
    return [make("ZZ021", {"section", "item"}), make("ZZ022", {"paragraph"}),
            make("ZZ023", {"paragraph"}, fail_at=2)]
'''


def test_visiting_rules_see_their_nodes_in_document_order(tmp_path) -> None:
    # The engine hands each visiting rule its nodes in one call: each must still see every
    # node of its kinds in document order, then finish; a rule that fails part-way is
    # reported, loses its findings, and stops nobody else.
    from speechlint.checking.config import Config
    from speechlint.checking.engine import Engine
    from speechlint.document.parser import parse
    from speechlint.document.source import SourceText
    from speechlint.running.plugins import PluginManager

    (tmp_path / "visitor.py").write_text(VISITOR_FILE, encoding="utf-8")
    pm = PluginManager()
    pm.load_file(tmp_path / "visitor.py")
    module = sys.modules[next(m for m in sys.modules if m.endswith("_visitor"))]
    text = "讲话\n同志们：\n一、认识\n一是学。二是做。\n二、行动\n正文。\n（一）细则\n正文。\n"
    source = SourceText("v.txt", text)
    engine = Engine(pm)
    config = Config(select=["ZZ021", "ZZ022", "ZZ023"])
    result = engine.check_source(source, engine.settings_for(config, None))
    walk = [(n.kind, n.start) for n in parse(source).walk()]
    assert module.SEEN["ZZ021"][:-1] == [w for w in walk if w[0] in ("section", "item")]
    assert module.SEEN["ZZ022"][:-1] == [w for w in walk if w[0] == "paragraph"]
    assert module.SEEN["ZZ021"][-1] == module.SEEN["ZZ022"][-1] == ("finish", -1)
    assert module.SEEN["ZZ023"] == [w for w in walk if w[0] == "paragraph"][:2]  # no finish
    assert [e for e in result.errors if "ZZ023" in e] == [
        "v.txt: rule ZZ023 (visitor-zz023) failed: ValueError: stop; other rules still ran"
    ]
    codes = {f.code for f in result.findings}
    assert codes == {"ZZ021", "ZZ022"}


KILLER_FILE = '''
import multiprocessing, os, signal
from speechlint.checking.diagnostics import Category, Severity
from speechlint.checking.hookspecs import hookimpl
from speechlint.checking.rule import Rule

class Killer(Rule):
    """Kills the worker process that checks a draft holding 崩溃 (as the OOM killer would).

    检查内容 x 为什么 x 示例 x 修改为 x 配置项 x
    """
    code = "ZZ009"
    name = "killer"
    category = Category.WORDING
    severity = Severity.WARNING
    visits = frozenset({"paragraph"})

    def visit(self, node, ctx):
        if multiprocessing.parent_process() is not None and "崩溃" in ctx.text:
            os.kill(os.getpid(), signal.SIGKILL)

@hookimpl
def speechlint_add_rules():
    return [Killer]
'''


def test_a_worker_that_dies_stops_the_run_with_one_line_and_exit_2(tmp_path) -> None:
    write_plugin(tmp_path, KILLER_FILE)
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    for i in range(12):
        words = "崩溃" if i == 5 else "正常"
        (drafts / f"d{i:02d}.txt").write_text(f"同志们：\n{words}。\n", encoding="utf-8")
    result = run_process("check", "--jobs", "2", "--no-cache", "drafts", cwd=tmp_path)
    err = result.stderr.decode("utf-8")
    assert result.returncode == 2, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "a worker process stopped" in err and "--jobs 1" in err


READER_FILE = '''
from speechlint import InputError, Reader, SourceText, hookimpl

class Notes(Reader):
    """Drafts kept as .note files: a "NOTE" line, then the text in UTF-8."""
    name = "note"
    suffixes = (".note",)
    fixes = FIXES

    def read(self, path, data, encoding):
        if not data.startswith(b"NOTE\\n"):
            raise InputError("is not a note file; its first line must be NOTE")
        return SourceText(path=path, text=" " * 4 + data[4:].decode("utf-8"), kind="text")

@hookimpl
def speechlint_add_readers():
    return [Notes()]
'''


def _note_plugin(tmp_path: Path, fixes: str) -> None:
    write_plugin(tmp_path, READER_FILE.replace("FIXES", fixes))


def test_a_plugin_reader_works_as_a_built_in_one(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    _note_plugin(tmp_path, "None")
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "a.note").write_bytes(b"NOTE\n" + BAD.encode())
    (drafts / "b.txt").write_text(BAD, encoding="utf-8")
    (drafts / "c.other").write_text(BAD, encoding="utf-8")
    # In a folder run the .note draft is found; a file no reader owns is passed over.
    code, findings = run_json("drafts")
    assert code == 1
    assert {f["path"] for f in findings} == {str(Path("drafts/a.note")), str(Path("drafts/b.txt"))}
    # Named, it is read too; its reader's error is one line.
    assert run_json("drafts/a.note")[0] == 1
    (drafts / "bad.note").write_bytes(BAD.encode())
    result = run("check", "drafts/bad.note")
    assert result.exit_code == 2 and "first line must be NOTE" in result.output
    # A file no reader owns, named: refused, unless --skip-other-files (pre-commit's case).
    refused = run("check", "drafts/c.other")
    assert refused.exit_code == 2 and ".note" in refused.output
    assert run("check", "--skip-other-files", "drafts/c.other").exit_code == 0


def test_fix_writes_only_through_a_reader_that_can(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = "在全县工作会议上的讲话\n同志们：\n我们要加强工会 工作。\n谢谢大家！\n"
    _note_plugin(tmp_path, "None")
    note = tmp_path / "a.note"
    note.write_bytes(b"NOTE\n" + text.encode())
    before = note.read_bytes()
    result = run("check", "--fix", "a.note")
    assert result.exit_code == 1 and "PU012" in result.output
    assert "cannot write fixes" in result.output
    assert note.read_bytes() == before


def test_plugin_readers_that_return_garbage_are_reported(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_plugin(
        tmp_path,
        """
        from speechlint.checking.hookspecs import hookimpl

        @hookimpl
        def speechlint_add_readers():
            return ["not a reader"]
        """,
    )
    (tmp_path / "a.txt").write_text(BAD, encoding="utf-8")
    result = run("check", "a.txt")
    assert result.exit_code == 2
    assert "garbage from add_readers" in result.output


def test_plugin_formatters_that_are_not_formatters_are_reported(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_plugin(
        tmp_path,
        """
        from speechlint.checking.hookspecs import hookimpl

        @hookimpl
        def speechlint_add_formatters():
            return {"csv": 5}
        """,
    )
    (tmp_path / "a.txt").write_text(BAD, encoding="utf-8")
    result = run("check", "--format", "csv", "a.txt")
    assert result.exit_code == 2
    assert "garbage from add_formatters" in result.output
    assert "Traceback" not in result.output
