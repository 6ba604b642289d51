from __future__ import annotations


class InputError(Exception):
    """A file that cannot be checked: the message says what is wrong and what to do."""
