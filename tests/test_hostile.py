"""Hostile but fair inputs (README, "Robustness"): a draft is never lost, a folder from someone
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
    from speechlint.cache import FORMAT

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
    from speechlint.cache import ENTRY_SUFFIX

    entries = list((repo / ".speechlint_cache").rglob("*" + ENTRY_SUFFIX))
    assert entries
    for entry in entries:  # their entries, doctored: no findings, a forged report text
        signature, rest = entry.read_bytes().split(b" ", 1)
        head, _body = rest.split(b"\n", 1)
        fields = json.loads(head)
        fields["counts"] = []
        text = "\x1b[2J::error file=x::伪造的问题\n".encode()
        fields["r"] = ["speechlint.formatters.text.plain_text", len(text), fields["fm"]]
        entry.write_bytes(signature + b" " + json.dumps(fields).encode() + b"\n" + _body + text)
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
    from speechlint.cache import ENTRY_SUFFIX, INDEX

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
    from speechlint.cache import INDEX

    (folder / INDEX).unlink(missing_ok=True)
    (folder / INDEX).symlink_to("/dev/zero")
    result = run_process("check", "drafts", cwd=repo)
    assert result.returncode == 1 and b"Traceback" not in result.stderr
    assert time.monotonic() - started < 120


def test_the_user_key_is_private_and_a_planted_one_is_not_used(tmp_path: Path) -> None:
    from speechlint import user_key

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
    from speechlint.docx_edit import _element_census

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
