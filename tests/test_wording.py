"""Wording data: the built-in list, an organisation's own list, unsafe fixes."""

from __future__ import annotations

import json

import pytest

from speechlint.checking.patterns import PatternDataError
from speechlint.rules.wording import builtin_entries, parse_entries
from tests.conftest import run, run_json, run_process

DRAFT = (
    "在全市工会工作会议上的讲话\n同志们：\n"
    "市总要求各级工会有利提升服务水平，为发展做出新的更大贡献。\n谢谢大家！\n"
)


def test_builtin_list_is_large_and_sourced() -> None:
    entries = builtin_entries()
    assert len(entries) >= 150
    assert all(e.source for e in entries)
    assert {e.rule for e in entries} == {"WD001", "WD002", "WD003", "WD004"}


def test_shipped_data_proves_itself_on_its_examples() -> None:
    # At start-up the shipped lists are compiled lazily without running their examples; here
    # every pattern is compiled and must match its bad examples and none of its good ones.
    from speechlint.rules import placeholder
    from speechlint.speed.lazyre import LazyPattern

    checked, lazy = builtin_entries(verify=True), builtin_entries()
    assert [e.regex.pattern for e in checked] == [e.regex.pattern for e in lazy]
    assert all(isinstance(e.regex, LazyPattern) for e in lazy)
    assert not any(isinstance(e.regex, LazyPattern) for e in checked)
    places = placeholder.entries(verify=True)
    assert [e.regex.pattern for e in places] == [e.regex.pattern for e in placeholder.entries()]


def test_a_broken_shipped_entry_would_fail_the_check() -> None:
    data = [{"wrong": "其它", "right": "其他", "source": "x", "examples": {"bad": ["其他"]}}]
    with pytest.raises(PatternDataError, match="does not match its own example"):
        parse_entries(data, "wording.yaml", default_rule="WD001")
    assert parse_entries(data, "wording.yaml", default_rule="WD001", verified=True)


def test_house_style_file_named_in_the_config(draft) -> None:
    draft(
        "- {pattern: '市总(?!工会)', right: 市总工会, source: 办公室规定,"
        " examples: {bad: [市总要求], good: [市总工会]}}\n",
        name="styles/house.yaml",
    )
    draft("rules:\n  WD005:\n    files: [styles/house.yaml]\n", name=".speechlint.yaml")
    _, findings = run_json("--select", "WD005", str(draft(DRAFT, name="sub/d.txt")))
    assert [(f["line"], f["column"], f["message"]) for f in findings] == [
        (3, 1, "“市总”应写作“市总工会”")
    ]


def test_an_edited_house_style_list_is_applied_not_read_from_the_cache(tmp_path, draft) -> None:
    # The list is data the config names: editing it changes the findings though neither the
    # draft, the config nor speechlint changed, so the cache must know the list's content.
    entry = (
        "- {pattern: '市总(?!工会)', right: RIGHT, source: 办公室规定,"
        " examples: {bad: [市总要求], good: [市总工会]}}\n"
    )
    house = draft(entry.replace("RIGHT", "市总工会"), name="house.yaml")
    draft("rules:\n  WD005:\n    files: [house.yaml]\n", name=".speechlint.yaml")
    path = draft(DRAFT)

    def messages() -> list[str]:
        result = run_process("check", "--select", "WD005", "--format", "json", str(path),
                             cwd=tmp_path)  # fmt: skip
        assert result.returncode == 1, result.stderr
        return [f["message"] for f in json.loads(result.stdout)]

    assert messages() == messages() == ["“市总”应写作“市总工会”"]
    house.write_text(entry.replace("RIGHT", "市总工会党组"), encoding="utf-8")
    assert messages() == ["“市总”应写作“市总工会党组”"]


def test_a_house_style_entry_that_fails_its_examples_is_one_error(draft) -> None:
    draft(
        "- {wrong: 市总, right: 市总工会, source: x, examples: {bad: [市总], good: [市总工会]}}\n",
        name="house.yaml",
    )
    draft("rules:\n  WD005:\n    files: [house.yaml]\n", name=".speechlint.yaml")
    result = run("check", str(draft(DRAFT)))
    assert result.exit_code == 2
    assert "matches '市总' in its counter-example '市总工会'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"wrong": "a", "pattern": "b", "source": "s", "examples": {"bad": ["a"]}}, "exactly one"),
        ({"wrong": "甲", "source": "s"}, "needs examples.bad"),
        ({"pattern": "甲\\b", "source": "s", "examples": {"bad": ["甲"]}}, "never matches"),
        ({"pattern": "(甲+)+", "source": "s", "examples": {"bad": ["甲"]}}, "backtrack"),
        ({"wrong": "甲", "examples": {"bad": ["甲"]}}, "missing `source`"),
    ],
)
def test_bad_entries_are_refused(entry: dict, message: str) -> None:
    with pytest.raises(PatternDataError, match=message):
        parse_entries([{"rule": "WD005", **entry}], "house.yaml")


def test_unsafe_fixes_only_with_the_flag(draft) -> None:
    path = draft(DRAFT)
    run("check", "--fix", "--select", "WD", str(path))
    assert "有利提升" in path.read_text("utf-8")  # an unsafe fix is not applied by --fix
    run("check", "--fix", "--unsafe-fixes", "--select", "WD", str(path))
    assert "有力提升服务水平，为发展作出新的更大贡献" in path.read_text("utf-8")


def test_the_shipped_json_is_made_from_the_shipped_yaml() -> None:
    # load_yaml reads the JSON beside each shipped YAML file when its digest matches; after
    # an edit of the YAML, run `python -m speechlint.checking.patterns` to write the JSON anew.
    from importlib import resources

    from speechlint.checking import patterns

    folder = resources.files("speechlint.rules").joinpath("data")
    for name in patterns.SHIPPED_DATA:
        raw = folder.joinpath(name).read_bytes()
        frozen = patterns.read_frozen(folder.joinpath(name + patterns.FROZEN_SUFFIX), raw)
        assert frozen is not None, (
            f"{name}.json is stale: run python -m speechlint.checking.patterns"
        )
        assert frozen == patterns.parse_yaml(raw.decode("utf-8"), name)


def test_every_shipped_yaml_file_has_its_json() -> None:
    # A data file read at every start-up without its JSON imports PyYAML (~20 ms a process).
    from importlib import resources

    from speechlint.checking import patterns

    folder = resources.files("speechlint.rules").joinpath("data")
    shipped = sorted(p.name for p in folder.iterdir() if p.name.endswith(".yaml"))
    assert shipped == sorted(patterns.SHIPPED_DATA)


def test_a_stale_or_damaged_json_is_not_used(tmp_path) -> None:
    from speechlint.checking import patterns

    source = b"- a: 1\n"
    frozen = tmp_path / "x.yaml.json"
    digest = patterns.source_digest(source)
    frozen.write_text(json.dumps({"source": digest, "data": [{"a": 1}]}), encoding="utf-8")
    assert patterns.read_frozen(frozen, source) == [{"a": 1}]
    assert patterns.read_frozen(frozen, b"- a: 2\n") is None  # the YAML was edited since
    assert patterns.read_frozen(frozen, b"- a: 1\n\n") is None  # a line added
    frozen.write_text("{not json", encoding="utf-8")
    assert patterns.read_frozen(frozen, source) is None
    assert patterns.read_frozen(tmp_path / "missing.json", source) is None


def test_checking_a_draft_imports_no_yaml(tmp_path) -> None:
    # Without a YAML config, no process needs PyYAML: importing it and parsing the shipped
    # lists cost ~0.1 s, a third of checking one draft.
    import subprocess
    import sys

    draft = tmp_path / "d.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    code = f"""
import sys
from speechlint.cli import main
sys.argv = ["speechlint", "check", "--no-cache", {str(draft)!r}]
try:
    main()
except SystemExit:
    pass
print("yaml" in sys.modules)
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True)
    lines = out.stdout.splitlines()
    assert any("WD001" in line for line in lines), out.stdout  # the word list was loaded
    assert lines[-1] == "False"


def test_rule_data_is_found_on_disk_and_through_importlib_resources(monkeypatch) -> None:
    # A plain path when the package lies on disk (importing importlib.resources costs ~7 ms a
    # process); importlib.resources where it does not (a zip import, say).
    from pathlib import Path

    import speechlint.rules
    from speechlint.checking.patterns import rule_data

    on_disk = rule_data("words2.txt")
    assert isinstance(on_disk, Path) and on_disk.is_file()
    monkeypatch.setattr(speechlint.rules, "__file__", "/nonexistent/speechlint/rules/__init__.py")
    assert not (Path(speechlint.rules.__file__).parent / "data").is_dir()
    through_resources = rule_data("words2.txt")  # found by the package's loader instead
    assert through_resources.read_text("utf-8") == on_disk.read_text("utf-8")
