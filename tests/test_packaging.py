"""The wheel holds speechlint/ only: nothing named `rules` may land in site-packages."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from tests.conftest import ROOT


@pytest.mark.slow
def test_wheel_contents(tmp_path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation",
         "--outdir", str(tmp_path), str(ROOT)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    wheel = next(tmp_path.glob("speechlint-*.whl"))
    # The version is written once, in speechlint/__init__.py; the wheel must carry it.
    from speechlint import __version__

    assert wheel.name.startswith(f"speechlint-{__version__}-"), wheel.name
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert tops == {"speechlint", wheel.name.split("-py3")[0] + ".dist-info"}, tops
    assert "speechlint/rules/__init__.py" in names
    assert "speechlint/rules/data/placeholders.yaml" in names
    # The JSON form of the shipped YAML, which spares a run parsing it.
    assert "speechlint/rules/data/placeholders.yaml.json" in names
    assert "speechlint/rules/data/wording.yaml.json" in names
    assert "speechlint/rules/data/jieba-dict.txt.json" in names
    assert not any(n.startswith("rules/") for n in names)
    entry_points = (
        zipfile.ZipFile(wheel)
        .read(next(n for n in names if n.endswith("entry_points.txt")))
        .decode()
    )
    assert "builtin-rules = speechlint.rules" in entry_points
    assert "speechlint = speechlint.cli:main" in entry_points
