"""speechlint: a plugin-based linter for Chinese official speech drafts."""

# The one place the version is written (pyproject.toml reads it). Not looked up through
# importlib.metadata: that import alone cost 30 ms of a 0.3 s single-draft run.
__version__ = "0.1.0"

__all__ = ["__version__"]
