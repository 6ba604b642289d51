"""Only the optional compiled scans live here; everything else is in pyproject.toml.

``optional=True``: where no C compiler is at hand the build goes on without the extension and
speechlint runs its pure-Python twins (speechlint/speed/speedups.py), with the same findings.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("speechlint.speed._speedups", ["speechlint/speed/_speedups.c"], optional=True)
    ],
)
