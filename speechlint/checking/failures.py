"""What code from a plugin or a rule may raise, and how its failure is told in one line."""

from __future__ import annotations

# Caught and reported as the plugin's (or the rule's) failure. A plugin never decides the exit
# status: sys.exit() at import or in a rule, or a KeyboardInterrupt it raises itself, is a
# plugin failure (exit 2), not the run's end.
PLUGIN_FAILURES = (Exception, SystemExit, KeyboardInterrupt)


def one_line(exc: BaseException) -> str:
    """``ValueError: bad value``: the exception's type and the first line of its message."""
    text = f"{type(exc).__name__}: {exc}".strip()
    return text.splitlines()[0] if text else type(exc).__name__
