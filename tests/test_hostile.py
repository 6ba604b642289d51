"""Hostile but fair inputs (docs/robustness.md): a draft is never lost, a folder from someone
else never runs code or feeds the report, and nothing hangs. Each test builds the attack for
real in a temporary folder."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import run, run_process

DRAFT = "在全县工作会议上的讲话\n同志们：\n回顾20xx年工作，我们取得了成绩。\n谢谢大家！\n"


def _drafts(folder: Path, n: int = 3) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        path = folder / f"d{i}.txt"
        path.write_text(DRAFT, encoding="utf-8")
        out.append(path)
    return out


# -- 1. an output path that is one of the run's inputs ----------------------------------------


@pytest.mark.parametrize(
    "option",
    [
        ("--output-file",),
        ("--format", "html", "--output-file"),
        ("--format", "json", "--output-file"),
        ("--write-baseline",),
    ],
)
@pytest.mark.parametrize("how", ["same path", "hard link", "symlink"])
def test_an_output_over_a_draft_is_refused_before_anything_is_written(
    tmp_path: Path, option: tuple[str, ...], how: str
) -> None:
    (draft,) = _drafts(tmp_path / "drafts", 1)
    target = draft
    if how == "hard link":
        target = tmp_path / "linked.txt"
        os.link(draft, target)
    elif how == "symlink":
        target = tmp_path / "pointer.txt"
        target.symlink_to(draft)
    before = draft.read_bytes()
    result = run("check", "--no-cache", *option, str(target), str(draft))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "names this draft" in result.stderr
    assert draft.read_bytes() == before


def test_annotate_over_a_hard_link_of_the_draft_is_refused(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("同志们：")
    document.add_paragraph("回顾20xx年工作。")
    draft = tmp_path / "d.docx"
    document.save(str(draft))
    link = tmp_path / "copy.docx"
    os.link(draft, link)
    before = draft.read_bytes()
    result = run("check", "--no-cache", "--annotate", str(link), str(draft))
    assert result.exit_code == 2 and "names this draft" in result.stderr
    assert draft.read_bytes() == before


def test_a_report_is_written_whole_by_rename(tmp_path: Path) -> None:
    _drafts(tmp_path / "drafts", 2)
    report = tmp_path / "report.txt"
    report.write_text("old report\n", encoding="utf-8")
    inode = report.stat().st_ino
    result = run("check", "--no-cache", "--output-file", str(report), str(tmp_path / "drafts"))
    assert result.exit_code == 1
    assert "PH001" in report.read_text(encoding="utf-8")
    assert report.stat().st_ino != inode  # a new file renamed over the old one
    assert sorted(p.name for p in tmp_path.iterdir()) == ["drafts", "report.txt"]


# -- 2. a cache folder that is a link, or holds links -----------------------------------------


def test_a_cache_folder_that_is_a_link_is_refused_and_nothing_outside_is_touched(
    tmp_path: Path,
) -> None:
    parent = tmp_path / "parent"
    repo = parent / "repo"
    _drafts(repo / "drafts")
    old = parent / "v3"  # what upkeep would take for an old cache format
    old.mkdir()
    (old / "keep.txt").write_text("mine", encoding="utf-8")
    (repo / ".speechlint_cache").symlink_to("..")
    result = run_process("check", "drafts", cwd=repo)
    assert result.returncode == 1, result.stderr
    assert b"symbolic link" in result.stderr
    assert (old / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert not (parent / ".gitignore").exists() and not (parent / "CACHEDIR.TAG").exists()


def test_links_inside_the_cache_are_never_followed(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    _drafts(repo / "drafts")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    long_ago = time.time() - 90 * 86400
    for name in ("a.tmp", "b.entry"):
        (elsewhere / name).write_text("not yours", encoding="utf-8")
        os.utime(elsewhere / name, (long_ago, long_ago))
    from speechlint.running.cache import FORMAT

    cache = repo / ".speechlint_cache"
    cache.mkdir()
    (cache / f"v{FORMAT}").symlink_to(elsewhere)
    result = run_process("check", "drafts", cwd=repo)
    assert result.returncode == 1 and b"symbolic link" in result.stderr
    assert sorted(p.name for p in elsewhere.iterdir()) == ["a.tmp", "b.entry"]
    # Dangling links where the cache writes its own files: replaced, never written through.
    (cache / f"v{FORMAT}").unlink()
    (cache / ".gitignore").symlink_to(tmp_path / "made-through-a-link")
    (cache / "CACHEDIR.TAG").symlink_to(tmp_path / "tag-through-a-link")
    result = run_process("check", "drafts", cwd=repo)
    assert result.returncode == 1, result.stderr
    assert not (tmp_path / "made-through-a-link").exists()
    assert not (tmp_path / "tag-through-a-link").exists()
    assert (cache / ".gitignore").is_file() and not (cache / ".gitignore").is_symlink()


# -- 7. a results cache this user's speechlint did not write ----------------------------------


def test_a_cache_from_a_cloned_repository_is_never_trusted(tmp_path: Path) -> None:
    """The colleague's cache (written with their key) and a hand-made one (fake findings,
    terminal escapes, workflow commands) give exactly the findings of a run without a cache."""
    repo = tmp_path / "repo"
    _drafts(repo / "drafts", 4)
    theirs = {"SPEECHLINT_KEY_DIR": str(tmp_path / "colleague-key")}
    honest = run_process("check", "--no-cache", "drafts", cwd=repo)
    assert honest.returncode == 1 and b"PH001" in honest.stdout
    assert run_process("check", "drafts", cwd=repo, env=theirs).stdout == honest.stdout
    from speechlint.running.cache import ENTRY_SUFFIX

    entries = list((repo / ".speechlint_cache").rglob("*" + ENTRY_SUFFIX))
    assert entries
    for entry in entries:  # their entries, doctored: no counts, a forged finding
        signature, rest = entry.read_bytes().split(b" ", 1)
        head, body = rest.split(b"\n", 1)
        fields = json.loads(head)
        fields["counts"] = []
        forged = [1, 1, 1, 2, "PH001", "x", "placeholder", 3, "\x1b[2J::error file=x::伪造", None,
                  [], "", "", 0, 1, [], 0]  # fmt: skip
        body = json.dumps(forged, ensure_ascii=False).encode() + b"\n" + body
        fields["n"] = len(body)
        entry.write_bytes(signature + b" " + json.dumps(fields).encode() + b"\n" + body)
    for args in ((), ("--statistics",), ("--format", "json")):
        mine = run_process("check", *args, "drafts", cwd=repo)
        clean = run_process("check", "--no-cache", *args, "drafts", cwd=repo)
        assert mine.stdout == clean.stdout and mine.returncode == clean.returncode == 1
        assert b"\x1b" not in mine.stdout and b"::error" not in mine.stdout


def test_malformed_and_huge_cache_files_are_misses(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    _drafts(repo / "drafts", 2)
    honest = run_process("check", "--no-cache", "drafts", cwd=repo).stdout
    run_process("check", "drafts", cwd=repo)
    from speechlint.running.cache import ENTRY_SUFFIX, INDEX

    folder = next((repo / ".speechlint_cache").glob("v*"))
    junk = [b"", b"\xff\xfe garbage", b"0" * 32 + b" {}\n", b"x" * (3 * 1024 * 1024)]
    for i, entry in enumerate(sorted(folder.glob("*" + ENTRY_SUFFIX))):
        entry.write_bytes(junk[i % len(junk)])
    (folder / INDEX).write_bytes(b"not an index")
    result = run_process("check", "drafts", cwd=repo)
    assert result.stdout == honest and b"Traceback" not in result.stderr


# -- 9. files that are not regular files ------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifos_and_devices_never_hang_the_run(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    _drafts(repo / "drafts", 2)
    os.mkfifo(repo / "drafts" / "pipe.txt")  # in a folder run: skipped, not waited on
    started = time.monotonic()
    folder_run = run_process("check", "--no-cache", "drafts", cwd=repo)
    assert folder_run.returncode == 1, folder_run.stderr
    named = run_process("check", "--no-cache", "drafts/pipe.txt", cwd=repo)
    assert named.returncode == 2 and b"named pipe" in named.stderr
    os.mkfifo(repo / "baseline.json")
    result = run_process("check", "--baseline", "baseline.json", "drafts", cwd=repo)
    assert result.returncode == 2 and b"named pipe" in result.stderr
    (repo / ".speechlint.yaml").write_text(
        "rules:\n  WD005:\n    files: [/dev/zero]\n", encoding="utf-8"
    )
    result = run_process("check", "--no-cache", "drafts", cwd=repo)
    assert result.returncode == 2 and b"/dev/zero" in result.stderr
    assert b"Traceback" not in result.stderr
    (repo / ".speechlint.yaml").unlink()
    run_process("check", "drafts", cwd=repo)  # a cache to plant links in
    folder = next((repo / ".speechlint_cache").glob("v*"))
    from speechlint.running.cache import INDEX

    (folder / INDEX).unlink(missing_ok=True)
    (folder / INDEX).symlink_to("/dev/zero")
    result = run_process("check", "drafts", cwd=repo)
    assert result.returncode == 1 and b"Traceback" not in result.stderr
    assert time.monotonic() - started < 120


def test_the_user_key_is_private_and_a_planted_one_is_not_used(tmp_path: Path) -> None:
    from speechlint.safety import user_key

    folder = tmp_path / "keys"
    folder.mkdir()
    env = {"SPEECHLINT_KEY_DIR": str(folder)}
    repo = tmp_path / "repo"
    _drafts(repo / "drafts", 1)
    run_process("check", "drafts", cwd=repo, env=env)
    key = folder / "key"
    assert key.stat().st_mode & 0o777 == 0o600 and key.stat().st_size == user_key.KEY_BYTES
    assert user_key._read_key(str(key)) is not None
    os.chmod(key, 0o644)  # readable by others: not a secret any more
    assert user_key._read_key(str(key)) is None
    key.unlink()
    key.symlink_to(tmp_path / "somewhere")
    assert user_key._read_key(str(key)) is None
    shutil.rmtree(folder)


# -- 5. Word elements --fix must keep ---------------------------------------------------------


def _docx_with(tmp_path: Path, run_xml: str, doctype: str = "") -> Path:
    """A .docx whose second paragraph is the single run run_xml (WordprocessingML)."""
    import zipfile

    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("同志们：")
    document.add_paragraph("PLACEHOLDER")
    plain = tmp_path / "plain.docx"
    document.save(str(plain))
    target = tmp_path / "d.docx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(target, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                start = text.index("<w:r>", text.index("PLACEHOLDER") - 200)
                end = text.index("</w:r>", start) + len("</w:r>")
                text = text[:start] + run_xml + text[end:]
                if doctype:
                    head_end = text.index("?>") + 2
                    text = text[:head_end] + doctype + text[head_end:]
                data = text.encode("utf-8")
            out.writestr(info, data)
    return target


def test_fix_leaves_runs_with_hyphens_and_page_breaks_alone(tmp_path: Path) -> None:
    from speechlint.output.docx_edit import _element_census

    run_xml = (
        "<w:r><w:t>截止目前，我们完成了任务</w:t><w:noBreakHyphen/><w:t>甲</w:t>"
        '<w:softHyphen/><w:br w:type="page"/></w:r>'
    )
    draft = _docx_with(tmp_path, run_xml)
    before = _element_census(draft.read_bytes())
    result = run("check", "--no-cache", "--fix", str(draft))
    assert "Traceback" not in result.stderr
    import io
    import zipfile

    after = draft.read_bytes()
    assert _element_census(after) == before
    xml = zipfile.ZipFile(io.BytesIO(after)).read("word/document.xml")
    assert b"noBreakHyphen" in xml and b"softHyphen" in xml and b'w:type="page"' in xml
    assert "were not applied" in result.stderr  # counted in the note


def test_fix_does_not_write_a_document_with_a_dtd(tmp_path: Path) -> None:
    doctype = '<!DOCTYPE w:document [<!ENTITY who "同志们">]>'
    draft = _docx_with(tmp_path, "<w:r><w:t>截止目前，&who;好</w:t></w:r>", doctype)
    before = draft.read_bytes()
    result = run("check", "--no-cache", "--fix", str(draft))
    assert "Traceback" not in result.stderr and "DTD" in result.stderr
    assert draft.read_bytes() == before


def test_fix_in_word_still_applies_in_plain_runs(tmp_path: Path) -> None:
    import docx

    draft = _docx_with(tmp_path, "<w:r><w:t>截止目前，我们完成了任务。</w:t></w:r>")
    result = run("check", "--no-cache", "--fix", str(draft))
    assert "Traceback" not in result.stderr
    texts = [p.text for p in docx.Document(str(draft)).paragraphs]
    assert "截至目前，我们完成了任务。" in texts


# -- 3, 4, 17. --fix and the draft on disk ----------------------------------------------------


def test_an_editor_save_during_fix_is_kept(tmp_path: Path, monkeypatch) -> None:
    """The editor's save lands while --fix writes its temporary file (made to happen at the
    fsync of that file, the widest part of the window): the user's version stays."""
    from speechlint.checking import fixer

    draft = tmp_path / "d.txt"
    draft.write_text("同志们,\n截止目前，工作顺利。\n", encoding="utf-8")
    real_fsync = os.fsync
    saved = "同志们：\n这是编辑器刚保存的版本。\n"

    def editor_saves(fd: int) -> None:
        real_fsync(fd)
        if draft.read_text(encoding="utf-8") != saved:
            draft.write_text(saved, encoding="utf-8")

    monkeypatch.setattr(fixer.os, "fsync", editor_saves)
    result = run("check", "--no-cache", "--fix", str(draft))
    assert result.exit_code == 2 and "saved by another program" in result.stderr
    assert draft.read_text(encoding="utf-8") == saved
    assert [p.name for p in tmp_path.iterdir()] == ["d.txt"]


def test_fix_leaves_a_read_only_draft_alone_even_as_root(tmp_path: Path) -> None:
    draft = tmp_path / "d.txt"
    draft.write_text("同志们,\n截止目前，工作顺利。\n", encoding="utf-8")
    before = draft.read_bytes()
    draft.chmod(0o444)
    result = run("check", "--no-cache", "--fix", str(draft))
    assert result.exit_code == 2 and "read-only" in result.stderr
    assert draft.read_bytes() == before and draft.stat().st_mode & 0o777 == 0o444


def test_stale_fix_temporaries_are_removed_by_the_next_fix_and_by_clean(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    draft = tmp_path / "d.txt"
    draft.write_text("同志们,\n截止目前，工作顺利。\n", encoding="utf-8")
    long_ago = time.time() - 2 * 3600
    stale = tmp_path / ".d.txt.abc123.speechlint-tmp"
    fresh = tmp_path / ".d.txt.def456.speechlint-tmp"  # another --fix, running now
    other = tmp_path / ".notes.txt.swp"  # not ours
    for path in (stale, fresh, other):
        path.write_text("half", encoding="utf-8")
    for path in (stale, other):
        os.utime(path, (long_ago, long_ago))
    run("check", "--no-cache", "--fix", str(draft))
    assert not stale.exists() and fresh.exists() and other.exists()
    sub = tmp_path / "sub"
    sub.mkdir()
    left = sub / ".e.txt.x.speechlint-tmp"
    left.write_text("half", encoding="utf-8")
    os.utime(left, (long_ago, long_ago))
    result = run("clean")
    assert result.exit_code == 0 and "interrupted --fix" in result.stdout
    assert not left.exists() and fresh.exists() and other.exists()


# -- 6. plugins named by a config outside the current folder ----------------------------------


MARKER_PLUGIN = """
from pathlib import Path
Path({marker!r}).write_text("ran")
"""


def test_a_parent_folder_config_never_runs_its_plugins(tmp_path: Path) -> None:
    shared = tmp_path / "shared-tmp"
    project = shared / "received" / "drafts"
    _drafts(project, 1)
    marker = tmp_path / "marker"
    (shared / "evil.py").write_text(MARKER_PLUGIN.format(marker=str(marker)), encoding="utf-8")
    (shared / ".speechlint.yaml").write_text("plugins: [evil.py]\n", encoding="utf-8")
    for args in (["check", "--no-cache", "."], ["check", "--stdin-filename", "x.txt", "-"]):
        result = run_process(*args, cwd=project, input=DRAFT.encode())
        assert not marker.exists(), args
        assert result.returncode == 1
        assert b"plugins were not loaded" in result.stderr and b"--config" in result.stderr
    # Named with --config, or run from the config's own folder, they load (the user's choice).
    run_process("check", "--no-cache", "--config", str(shared / ".speechlint.yaml"), ".",
                cwd=project)  # fmt: skip
    assert marker.exists()
    marker.unlink()
    run_process("check", "--no-cache", "-", cwd=shared, input=DRAFT.encode())
    assert marker.exists()


# -- 11, 12, 16. configuration values ---------------------------------------------------------


def test_a_yaml_alias_bomb_is_refused_quickly(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    _drafts(tmp_path / "drafts", 1)
    lines = ["rules:", "  RP004:", "    ignore: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"x{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    (tmp_path / ".speechlint.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.monotonic()
    result = run("check", "drafts")
    assert time.monotonic() - started < 10
    assert result.exit_code == 2 and "aliases" in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_wording_list_pattern_that_can_backtrack_is_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    _drafts(tmp_path / "drafts", 1)
    (tmp_path / "house.yaml").write_text(
        "- pattern: '(?:市+|市)+总'\n  replacement: 市总\n  message: 重复\n"
        "  examples: {bad: [市市总], good: [市长]}\n",
        encoding="utf-8",
    )
    (tmp_path / ".speechlint.yaml").write_text(
        "extend-select: [WD005]\nrules:\n  WD005:\n    files: [house.yaml]\n", encoding="utf-8"
    )
    result = run("check", "--no-cache", "drafts")
    assert result.exit_code == 2 and "backtrack" in result.stderr


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ("RP003: {min-length: yes}", "must be int, not bool"),
        ("RP003: {min-length: -5}", "at least 2"),
        ("RP004: {ignore: [1, 2]}", "list of strings"),
        ("PU001: {latin-parentheses: always}", "one of keep, fix"),
        ("ST010: {phrases: 以上发言}", "must be list"),
    ],
)
def test_wrong_option_values_are_config_errors(
    tmp_path: Path, monkeypatch, options: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    _drafts(tmp_path / "drafts", 1)
    (tmp_path / ".speechlint.yaml").write_text(f"rules:\n  {options}\n", encoding="utf-8")
    result = run("check", "--no-cache", "drafts")
    assert result.exit_code == 2 and message in result.stderr, result.stderr
    assert options.split(":")[0] in result.stderr


def test_a_short_gb18030_draft_with_word_line_breaks_is_read(tmp_path: Path) -> None:
    draft = tmp_path / "d.txt"
    draft.write_bytes("同志们：\v\v\v回顾20xx年工作。\n".encode("gb18030"))
    result = run("check", "--no-cache", "--select", "PH001", str(draft))
    assert result.exit_code == 1 and "PH001" in result.stdout, result.stderr


# -- 13, 14, 15. plugins that exit, encodings, deep folders, odd baselines --------------------


EXITING_PLUGIN = '''
import sys
from speechlint.checking.diagnostics import Category
from speechlint.checking.hookspecs import hookimpl
from speechlint.checking.rule import Rule
{at_import}

class Exiting(Rule):
    """检查内容 为什么 示例 修改为 配置项"""
    code = "ZZ007"
    name = "exiting"
    category = Category.WORDING
    def finish(self, ctx):
        {in_rule}

@hookimpl
def speechlint_add_rules():
    return [Exiting]
'''


@pytest.mark.parametrize(
    ("at_import", "in_rule", "jobs"),
    [
        ("sys.exit(0)", "pass", "1"),
        ("", "sys.exit(0)", "1"),
        ("", "sys.exit(0)", "2"),
        ("", "raise KeyboardInterrupt", "1"),
        ("raise SystemExit(1)", "pass", "2"),
    ],
)
def test_a_plugin_never_decides_the_exit_status(
    tmp_path: Path, at_import: str, in_rule: str, jobs: str
) -> None:
    _drafts(tmp_path / "drafts", 10)
    plugin = EXITING_PLUGIN.format(at_import=at_import, in_rule=in_rule)
    (tmp_path / "exiting.py").write_text(plugin, encoding="utf-8")
    (tmp_path / ".speechlint.yaml").write_text(
        "plugins: [exiting.py]\nextend-select: [ZZ007]\n", encoding="utf-8"
    )
    result = run_process("check", "--no-cache", "--jobs", jobs, "drafts", cwd=tmp_path)
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert "Traceback" not in err and "Aborted" not in err
    assert ("SystemExit" in err) or ("KeyboardInterrupt" in err)
    if at_import:  # the plugin failed to load, so its rule named in the config is unknown
        assert "failed to load" in err
    else:
        assert b"PH001" in result.stdout  # the built-in rules still reported


@pytest.mark.parametrize("encoding", ["gb2312", "shift_jis", "euc_kr", "hz"])
def test_a_fix_the_encoding_cannot_hold_is_skipped_with_a_note(
    tmp_path: Path, encoding: str
) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    # PU006-style fixes insert —— (not in these encodings' repertoires for some), and a
    # half-width comma after the salutation is fixed to ：, which all of them hold.
    text = "同志们,\n工作要抓紧--必须落实。\n"
    first = folder / "a.txt"
    try:
        first.write_bytes(text.encode(encoding))
    except UnicodeEncodeError:
        pytest.skip(f"{encoding} cannot hold the test draft")
    (folder / "b.txt").write_text("同志们,\n回顾20xx年。\n", encoding="utf-8")
    result = run("check", "--no-cache", "--fix", "--encoding", encoding, str(first))
    assert "Traceback" not in result.stderr
    assert result.exit_code in (0, 1), result.stderr
    first.read_bytes().decode(encoding)  # still the file's encoding, whole
    if encoding == "gb2312":  # its 破折号 is U+2015: the fix's U+2014 does not fit
        assert "cannot hold" in result.stderr and "--" in first.read_bytes().decode(encoding)


def test_a_thousand_nested_folders_are_walked(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    folders = [Path("d")]
    for _ in range(990):  # one at a time: os.makedirs itself recurses
        folders.append(folders[-1] / "n")
    try:
        for folder in folders:
            folder.mkdir()
        (folders[-1] / "x.txt").write_text(DRAFT, encoding="utf-8")
        result = run("check", "--no-cache", "d")
        assert result.exit_code == 1 and "PH001" in result.stdout, result.stderr[-300:]
    finally:  # removed deepest first: shutil.rmtree (pytest's clean-up) recurses too
        (folders[-1] / "x.txt").unlink(missing_ok=True)
        for folder in reversed(folders):
            if folder.is_dir():
                folder.rmdir()


@pytest.mark.parametrize(
    "files",
    [
        {"a.txt": ["not", "a", "table"]},
        {"a.txt": {"PH001": {"fp": "3"}}},
        {"a.txt": {"PH001": {"fp": -1}}},
        {"a.txt": {"PH001": ["fp"]}},
        {"a.txt": 7},
    ],
)
def test_a_baseline_with_wrong_value_types_is_one_line(tmp_path: Path, files: dict) -> None:
    _drafts(tmp_path / "drafts", 1)
    baseline = tmp_path / "b.json"
    baseline.write_text(json.dumps({"speechlint-baseline": 1, "files": files}), encoding="utf-8")
    result = run("check", "--no-cache", "--baseline", str(baseline), str(tmp_path / "drafts"))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "b.json" in result.stderr and "--write-baseline" in result.stderr


# -- 10. input built to make a pattern loop ---------------------------------------------------

LOOP_CHARACTERS = " \u3000_xX*×-—…·.。，、：0１一会\t"


@pytest.mark.parametrize("ch", list(LOOP_CHARACTERS))
def test_a_long_run_of_one_character_takes_linear_time(ch: str) -> None:
    """Every default rule over 256 KB and 512 KB of one repeated character, in-process: the
    larger may take at most 3x (linear: 2x; a quadratic pattern or rule: 4x) and 20 s.
    benchmarks/hostile.py prints the same for 1 MB."""
    from speechlint.checking.config import Config
    from speechlint.checking.engine import Engine
    from speechlint.testing import _plugin_manager

    engine = Engine(_plugin_manager())
    engine.check_bytes("warm.txt", "同志们：一二三。".encode(), Config())  # data loaded
    times = []
    for size in (128 * 1024, 256 * 1024):
        data = (ch * (size // len(ch.encode()))).encode()
        best = float("inf")
        for _ in range(2):
            started = time.perf_counter()
            result = engine.check_bytes("loop.txt", data, Config())
            best = min(best, time.perf_counter() - started)
        assert not result.errors, result.errors
        times.append(best)
    assert times[1] < 20
    assert times[1] < 3 * times[0] + 0.5, times  # (+0.5 s: noise on runs of milliseconds)


@pytest.mark.parametrize(
    ("pattern", "dangerous"),
    [
        ("(?:市+|市)+总", True),
        ("(a+)+", True),
        ("(a|ab)*", True),
        ("(a*){15}", True),
        (r"(\(a+\))+", True),
        ("(?:甲|乙)+", False),
        ("(?:[一二三]、)+", False),
        ("(?:新的|更大的?|重要的?){0,2}", False),
        ("(?P<n>x+)", False),
        ("[(]+", False),
    ],
)
def test_the_backtracking_guard(pattern: str, dangerous: bool) -> None:
    from speechlint.checking.patterns import backtracks

    assert backtracks(pattern) is dangerous


def test_the_results_cache_knows_the_forced_encoding(tmp_path: Path) -> None:
    """A run with --encoding latin-1 and then a plain run must not share cache entries, and
    an unknown codec is an error, never an answer from the cache."""
    repo = tmp_path / "repo"
    (repo / "drafts").mkdir(parents=True)
    (repo / "drafts" / "d.txt").write_text(DRAFT, encoding="utf-8")
    plain = run_process("check", "--no-cache", "drafts", cwd=repo)
    run_process("check", "--encoding", "latin-1", "drafts", cwd=repo)
    time.sleep(2.1)  # past the stat index's racy window, so the second run may use it
    run_process("check", "--encoding", "latin-1", "drafts", cwd=repo)
    assert run_process("check", "drafts", cwd=repo).stdout == plain.stdout
    unknown = run_process("check", "--encoding", "no-such-codec", "drafts", cwd=repo)
    assert unknown.returncode == 2 and b"no-such-codec" in unknown.stderr
