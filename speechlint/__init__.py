"""speechlint: a plugin-based linter for Chinese official speech drafts."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("speechlint")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
