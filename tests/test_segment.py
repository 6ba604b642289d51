"""jieba loads lazily: only when a selected rule needs tokens and a candidate exists."""

from __future__ import annotations

import subprocess
import sys

import pytest

SCRIPT = """
import sys
from speechlint.cli import main
sys.argv = ["speechlint", "check", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print("JIEBA", "jieba" in sys.modules, file=sys.stderr)
"""


def loaded(tmp_path, text: str, *args: str) -> bool:
    path = tmp_path / "d.txt"
    path.write_text(text, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, *args, str(path)], capture_output=True, text=True
    )
    return "JIEBA True" in proc.stderr


@pytest.mark.parametrize(
    ("text", "args", "expected"),
    [
        ("讲话\n同志们：\n今天召开会议。\n", (), False),  # no repeated run: no candidate
        ("讲话\n同志们：\n学习工作会议会议精神。\n", (), True),
        ("讲话\n同志们：\n学习工作会议会议精神。\n", ("--select", "PH,ST"), False),
    ],
)
def test_jieba_loads_only_when_needed(tmp_path, text, args, expected) -> None:
    assert loaded(tmp_path, text, *args) is expected


def test_domain_vocabulary_is_added(tmp_path) -> None:
    from speechlint import segment
    from speechlint.plugins import PluginManager

    segment.add_vocabulary(PluginManager().vocabulary())
    assert "工人先锋号" in segment.cut("争创工人先锋号")
    assert segment.is_word("十四五")
