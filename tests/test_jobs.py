"""The number of worker processes never changes what a run reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_process

PASSAGE = (
    "全县上下要坚持以人民为中心的发展思想，扎实推进乡村全面振兴，加快建设现代化产业体系，"
    "不断增进民生福祉，奋力谱写高质量发展新篇章。"
)


def _folder(root: Path) -> Path:
    """Thirty drafts in three folders; the middle folder's config turns RP005 on (neither
    the first draft's nor the last draft's settings have it), and its drafts share a long
    passage with each other and with the first folder's."""
    for folder in ("a", "b", "c"):
        (root / folder).mkdir(parents=True)
        for k in range(10):
            title = f"在全县第{k + 1}次工作会议上的讲话"
            body = f"{title}\n同志们：\n{PASSAGE}\n今年是20xx年。\n谢谢大家！\n"
            (root / folder / f"{k:02d}.txt").write_text(body, encoding="utf-8")
    (root / "b" / ".speechlint.yaml").write_text("extend-select: [RP005]\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["cache", "no-cache"])
def test_jobs_give_identical_output_with_a_cross_file_rule_in_a_subfolder(
    tmp_path: Path, cache: list[str]
) -> None:
    _folder(tmp_path / "drafts")
    outputs = []
    for jobs in ("1", "2", "4", "2"):
        done = run_process("check", "--jobs", jobs, *cache, "drafts", cwd=tmp_path)
        assert done.returncode == 1, done.stderr.decode()
        outputs.append(done.stdout)
    assert all(out == outputs[0] for out in outputs), "output differs with --jobs"
    text = outputs[0].decode()
    # The sub-folder's drafts repeat the passage of the drafts checked before them.
    assert text.count("RP005") >= 9
    flagged = [line.split(":")[0] for line in text.splitlines() if " RP005 " in line]
    assert flagged and all(name.startswith("drafts/b/") for name in flagged)
