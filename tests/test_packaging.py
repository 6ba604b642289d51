"""The wheel holds speechlint/ only: nothing named `rules` may land in site-packages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile

import pytest

from tests.conftest import ROOT

# What a build must not see: a developer's in-place build of the extension (an editable
# install leaves one in speechlint/) would otherwise land in every wheel, compiler or not.
BUILD_LEFTOVERS = shutil.ignore_patterns(
    ".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__", "*.so", "*.pyd",
    ".hypothesis", ".speechlint_cache", ".pytest_cache", ".ruff_cache",
)  # fmt: skip


def clean_source(tmp_path) -> str:
    """The project as a fresh clone has it."""
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=BUILD_LEFTOVERS)
    return str(copy)


@pytest.mark.slow
def test_wheel_contents(tmp_path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation",
         "--outdir", str(tmp_path / "dist"), clean_source(tmp_path)],
        capture_output=True, text=True,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    wheel = next((tmp_path / "dist").glob("speechlint-*.whl"))
    # The version is written once, in speechlint/__init__.py; the wheel must carry it.
    from speechlint import __version__

    assert wheel.name.startswith(f"speechlint-{__version__}-"), wheel.name
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert tops == {"speechlint", f"speechlint-{__version__}.dist-info"}, tops
    assert "speechlint/rules/__init__.py" in names
    assert "speechlint/rules/data/placeholders.yaml" in names
    # The JSON form of the shipped YAML, which spares a run parsing it.
    assert "speechlint/rules/data/placeholders.yaml.json" in names
    assert "speechlint/rules/data/wording.yaml.json" in names
    assert "speechlint/rules/data/jieba-dict.txt.json" in names
    # What the analyses know of the built-in patterns, so that a run need not work it out.
    assert "speechlint/speed/pattern_facts.json" in names
    assert "speechlint/speed/pattern_ways.json" in names
    assert not any(n.startswith("rules/") for n in names)
    # The optional compiled scans: built wherever a C compiler is (CI and this machine have
    # gcc); without one the build goes on and the pure-Python twins run.
    if shutil.which(sysconfig.get_config_var("CC").split()[0]):
        assert any(n.startswith("speechlint/speed/_speedups.") for n in names), names
        assert "-py3-none-any" not in wheel.name
    assert not any(n.endswith(".c") for n in names)  # the source belongs in the sdist only
    entry_points = (
        zipfile.ZipFile(wheel)
        .read(next(n for n in names if n.endswith("entry_points.txt")))
        .decode()
    )
    assert "builtin-rules = speechlint.rules" in entry_points
    assert "speechlint = speechlint.cli:run" in entry_points

    # Installed by pip, the build is named by the RECORD pip writes (cache keys include it):
    # the same wheel installed elsewhere (another CI job) gets the same name, so a restored
    # cache still answers; a source tree is named by its files instead.
    from speechlint.running.cache import installed_record

    stamps = []
    for target in ("one", "two"):
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index",
             "--target", str(tmp_path / target), str(wheel)],
            check=True, capture_output=True,
        )  # fmt: skip
        stamps.append(installed_record(str(tmp_path / target / "speechlint")))
    assert stamps[0] is not None and stamps[0] == stamps[1]


@pytest.mark.slow
def test_builds_without_a_c_compiler(tmp_path) -> None:
    # The compiled scans are optional: with no working compiler the build still succeeds,
    # without the extension (speechlint then runs the pure-Python twins), and the sdist
    # carries the C source and setup.py so an install from it can compile where it can.
    env = {**os.environ, "CC": "false", "LDSHARED": "false"}
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--sdist", "--no-isolation",
         "--outdir", str(tmp_path / "dist"), clean_source(tmp_path)],
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    wheel = next((tmp_path / "dist").glob("speechlint-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "speechlint/speed/speedups.py" in names
    assert not any(n.startswith("speechlint/speed/_speedups") for n in names), names
    sdist = next((tmp_path / "dist").glob("speechlint-*.tar.gz"))
    with tarfile.open(sdist) as tar:
        members = {m.name.split("/", 1)[1] for m in tar.getmembers() if "/" in m.name}
    assert {"setup.py", "speechlint/speed/_speedups.c", "speechlint/speed/speedups.py"} <= members
