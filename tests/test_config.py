"""Configuration files, selection, severity, per-file ignores and inline suppression."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run, run_json

# The built-in readers' suffixes (speechlint.document.readers.builtin): what a folder run reads.
DRAFTS = (".docx", ".markdown", ".md", ".txt")

BAD = "在全县工会工作会议上的讲话\n同志们：\n回顾总结20xx年工作，市委副书记×××同志出席。\n"


def codes(findings: list[dict]) -> list[str]:
    return [f["code"] for f in findings]


def test_config_is_found_walking_up(draft) -> None:
    draft("ignore: [PH002]\n", name="proj/.speechlint.yaml")
    path = draft(BAD, name="proj/sub/deeper/d.txt")
    assert codes(run_json(str(path))[1]) == ["PH001"]


def test_pyproject_tool_table(draft) -> None:
    draft('[tool.speechlint]\nselect = ["PH002"]\n', name="proj/pyproject.toml")
    path = draft(BAD, name="proj/d.txt")
    assert codes(run_json(str(path))[1]) == ["PH002"]


def test_explicit_config_overrides_discovery(draft) -> None:
    draft("ignore: [PH002]\n", name="proj/.speechlint.yaml")
    other = draft("ignore: [PH001]\n", name="other.yaml")
    path = draft(BAD, name="proj/d.txt")
    assert codes(run_json("--config", str(other), str(path))[1]) == ["PH002"]


@pytest.mark.parametrize(
    ("select", "ignore", "expected"),
    [
        ("PH,ST", "", ["PH001", "PH002"]),
        ("PH", "PH002", ["PH001"]),
        ("PH001", "PH", ["PH001"]),  # the more specific selector wins
        ("placeholder-name", "", ["PH002"]),
        ("P", "", ["PH001", "PH002"]),
    ],
)
def test_selectors(draft, select: str, ignore: str, expected: list[str]) -> None:
    args = ["--select", select] + (["--ignore", ignore] if ignore else [])
    assert codes(run_json(*args, str(draft(BAD)))[1]) == expected


def test_extend_select_adds_to_the_config(draft) -> None:
    draft("select: [PH001]\n", name=".speechlint.yaml")
    path = draft(BAD)
    assert codes(run_json("--extend-select", "PH002", str(path))[1]) == ["PH001", "PH002"]


def test_severity_override_and_per_file_ignores(draft) -> None:
    draft(
        "severity:\n  PH002: info\nper-file-ignores:\n  'old/*.txt': [PH]\n",
        name=".speechlint.yaml",
    )
    path = draft(BAD, name="new.txt")
    old = draft(BAD, name="old/a.txt")
    findings = run_json(str(path))[1]
    assert [(f["code"], f["severity"]) for f in findings] == [("PH001", "error"), ("PH002", "info")]
    assert run_json(str(old))[1] == []


def test_exclude_skips_folders_and_explicit_files(draft) -> None:
    draft("exclude: [archive/, '*_old.txt']\n", name=".speechlint.yaml")
    draft(BAD, name="archive/a.txt")
    draft(BAD, name="b_old.txt")
    keep = draft(BAD, name="c.txt")
    _code, findings = run_json(str(keep.parent))
    assert {f["path"].rsplit("/", 1)[1] for f in findings} == {"c.txt"}
    assert run_json(str(keep.parent / "b_old.txt"))[1] == []


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("selct: [PH]\n", "unknown key 'selct' (did you mean 'select'?)"),
        ("select: [PH01]\n", "unknown rule or prefix 'PH01' (did you mean 'PH001'?)"),
        ("ignore: [placeholder-yaer]\n", "did you mean 'placeholder-year'?"),
        ("select: 3\n", "select must be a list of strings"),
        ("severity: {PH001: fatal}\n", "unknown severity 'fatal'"),
        ("rules: {PH009: {}}\n", "unknown rule 'PH009'"),
        ("rules: {PH001: {colour: red}}\n", "has no option 'colour'"),
        ("[not, yaml: at all\n", "not valid YAML"),
        ("- a\n- b\n", "must be a mapping"),
        ("!!python/object/apply:os.system ['echo pwned']\n", "not valid YAML"),
    ],
)
def test_bad_configs_are_one_line_errors(draft, config: str, message: str) -> None:
    cfg = draft(config, name=".speechlint.yaml")
    result = run("check", str(draft(BAD)))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert str(cfg) in lines[0] and message in lines[0]
    assert "Traceback" not in result.stderr


SUPPRESSED = """在全县工会工作会议上的讲话
同志们：
<!-- speechlint: ignore PH001 -->
回顾总结20xx年工作。
回顾总结20xx年工作。
<!-- speechlint: disable placeholder-name -->
市委副书记×××同志，20xx年。
<!-- speechlint: enable placeholder-name -->
市委副书记×××同志。
"""


def test_inline_suppression(draft) -> None:
    findings = run_json("--select", "PH", str(draft(SUPPRESSED)))[1]
    assert [(f["line"], f["code"]) for f in findings] == [
        (5, "PH001"),
        (7, "PH001"),
        (9, "PH002"),
    ]


def test_file_ignore_directive(draft) -> None:
    text = "<!-- speechlint: file-ignore PH001, PH002 -->\n" + BAD
    assert run_json(str(draft(text)))[1] == []
    text = "<!-- speechlint: file-ignore -->\n" + BAD
    assert run_json(str(draft(text)))[1] == []


def test_directive_lines_are_not_part_of_the_draft(draft) -> None:
    # The directive's half-width colon and Latin letters must not reach any rule.
    text = "<!-- speechlint: ignore PH001 -->\n在全县工会工作会议上的讲话\n同志们：\n"
    assert run_json("--select", "ALL", str(draft(text)))[1] == []


def _walk_by_definition(root, finder):  # type: ignore[no-untyped-def]
    """The folder walk as os.walk defines it, each path judged by Config.is_excluded."""
    import os
    from pathlib import Path

    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        config = finder.for_path(here / "_")
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and not config.is_excluded(here / d)
        )
        for name in sorted(filenames):
            if name.startswith(".") or not name.lower().endswith(DRAFTS):
                continue
            if not config.is_excluded(here / name):
                yield here / name, config


def test_the_folder_walk_equals_os_walk_with_exclusions(tmp_path, monkeypatch) -> None:
    from speechlint.checking.config import ConfigFinder
    from speechlint.running.pipeline import iter_drafts

    root = tmp_path / "proj"
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / "archive").mkdir()
    (root / ".hidden").mkdir()
    (root / "sub" / "drafts_old").mkdir()
    (root / "other").mkdir()
    (root / ".speechlint.yaml").write_text(
        "exclude: [archive/, '*_old.txt', 'sub/deeper/x*.md', drafts_old, skip.txt]\n",
        encoding="utf-8",
    )
    # The nearest config governs a folder: other/ excludes b.txt and nothing else.
    (root / "other" / ".speechlint.yaml").write_text("exclude: ['b.txt']\n", encoding="utf-8")
    names = [
        "a.txt", "b.txt", "c_old.txt", "d.md", "e.docx", "f.pdf", ".g.txt", "archive/h.txt",
        "sub/a.txt", "sub/b.txt", "other/b.txt", "other/c_old.txt", "sub/deeper/x1.md",
        "sub/deeper/y1.md", "sub/drafts_old/z.txt", ".hidden/i.txt", "Z.TXT", "sub/skip.txt",
    ]  # fmt: skip
    for name in names:
        (root / name).write_text("同志们：", encoding="utf-8")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "linked_old.txt").write_text("同志们：", encoding="utf-8")
    (outside / "node_modules").mkdir()  # excluded by default, outside the root too
    (outside / "node_modules" / "n.txt").write_text("同志们：", encoding="utf-8")
    (root / "link.txt").symlink_to(outside / "linked_old.txt")  # outside: judged as given
    (root / "link2.txt").symlink_to(root / "a.txt")
    (root / "linked_folder").symlink_to(outside, target_is_directory=True)  # not entered
    absolute = (root, root / "sub", root / "other", tmp_path)
    # Relative starts too: "..", seen from sub/, lies outside sub/'s default root.
    for cwd, starts in (
        (tmp_path, absolute),
        (root / "sub", (*absolute, Path(".."), Path("."))),
        (root / "other", (Path(".."), Path("../sub"))),
    ):
        for start in starts:
            monkeypatch.chdir(cwd)
            found = [(str(p), c.path) for p, c in iter_drafts(start, ConfigFinder(None), DRAFTS)]
            expected = [(str(p), c.path) for p, c in _walk_by_definition(start, ConfigFinder(None))]
            assert found == expected
            assert found  # the tree has drafts to find
    # Started inside an excluded folder, every draft below it is excluded by that component.
    for start in (outside / "node_modules", root / "sub" / "drafts_old"):
        found = [(str(p), c.path) for p, c in iter_drafts(start, ConfigFinder(None), DRAFTS)]
        expected = [(str(p), c.path) for p, c in _walk_by_definition(start, ConfigFinder(None))]
        assert found == expected == []
    monkeypatch.chdir(tmp_path)
    kept = {
        Path(p).relative_to(root).as_posix()
        for p, _c in iter_drafts(root, ConfigFinder(None), DRAFTS)
    }
    assert {
        "a.txt",
        "b.txt",
        "sub/b.txt",
        "other/c_old.txt",
        "link.txt",
        "sub/deeper/y1.md",
    } <= kept
    excluded = {"c_old.txt", "archive/h.txt", "other/b.txt", "sub/deeper/x1.md", ".hidden/i.txt"}
    excluded.add("sub/skip.txt")  # a pattern without a slash matches the name in any folder
    assert not kept & (excluded | {"sub/drafts_old/z.txt", "linked_folder/linked_old.txt"})


def test_rule_options_are_each_rules_own() -> None:
    # Defaults are worked out once per class and copied for each rule made: a rule that
    # changes its options must not change the next draft's, nor a subclass's.
    from typing import ClassVar

    from speechlint.checking.rule import Option, Rule

    class Base(Rule):
        code, name = "ZZ101", "base"
        options: ClassVar[dict[str, Option]] = {"limit": Option(3, "a limit", int)}

    class Child(Base):
        code, name = "ZZ102", "child"
        options: ClassVar[dict[str, Option]] = {
            "limit": Option(5, "a limit", int),
            "mode": Option("a", "a mode", str),
        }

    first = Base()
    first.opts["limit"] = 99
    assert Base().opts == {"limit": 3}
    assert Child().opts == {"limit": 5, "mode": "a"}
    assert Base({"limit": 7}).opts == {"limit": 7}
    assert Base().opts == {"limit": 3}


@pytest.mark.parametrize(
    ("roster", "said"),
    [
        ("people:\n  - nme: 张三\n", "each person needs a name"),
        (
            "people:\n  - name: 张三\n    titel: [市长]\n",
            "unknown key 'titel' (did you mean 'titles'?)",
        ),
        ("people:\n  - name: 张三\n    titles: [{title: 市长, since: 三月}]\n", "is not a date"),
        ("people:\n  - name: 张三\n  - name: 张三\n", "listed twice"),
        ("people:\n  - name: 张三\norder: [李四]\n", "not among people"),
    ],
)
def test_a_broken_roster_is_a_config_error(tmp_path: Path, roster: str, said: str) -> None:
    (tmp_path / "名单.yaml").write_text(roster, encoding="utf-8")
    config = tmp_path / "c.yaml"
    config.write_text("people: 名单.yaml\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("讲话\n同志们：\n张三市长出席。\n", encoding="utf-8")
    result = run("check", "--config", str(config), str(tmp_path / "a.txt"))
    assert result.exit_code == 2 and said in result.output and "Traceback" not in result.output
    if "unknown key" in said or "not a date" in said or "twice" in said:
        assert ".yaml:3:" in result.output or ".yaml:2:" in result.output  # file and line


@pytest.mark.parametrize(
    ("table", "said"),
    [
        (
            "- {pattern: 旧提法, untill: '2023-12-31'}\n",
            "unknown key 'untill' (did you mean 'until'?)",
        ),
        ("- {pattern: 旧提法, until: 去年}\n", "is not a date"),
        ("- {pattern: 旧提法}\n", "give since or until"),
    ],
)
def test_a_broken_phrase_list_is_a_config_error(tmp_path: Path, table: str, said: str) -> None:
    (tmp_path / "提法.yaml").write_text(table, encoding="utf-8")
    config = tmp_path / "c.yaml"
    config.write_text("phrases: 提法.yaml\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("讲话\n同志们：\n旧提法。\n", encoding="utf-8")
    result = run("check", "--config", str(config), str(tmp_path / "a.txt"))
    assert result.exit_code == 2 and said in result.output and "Traceback" not in result.output
