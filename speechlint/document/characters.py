"""The Han characters, as the parser and the rules read them: a class for patterns and a test
for one character. Kept apart from the parser so a rule can use them without loading it (a
warm run, answered from the cache, imports the rules but never the parser)."""

from __future__ import annotations

# The common block first: re tests a class's ranges in order, for every character.
HAN = "\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff"


def is_han(ch: str) -> bool:
    """Whether ch is one character of HAN (compares, where a class would be compiled; the
    tests hold the two to the same characters)."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"
