"""Small frozen value types that rules produce and formatters consume."""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import NamedTuple


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r} (use error, warning or info)") from None


# What users read: the Chinese names of the categories and severities (reports, explain).
CATEGORY_NAMES = {
    "structure": "结构",
    "numbering": "编号",
    "placeholder": "占位符",
    "repetition": "重复",
    "statistic": "数字",
    "punctuation": "标点",
    "wording": "用词",
    "layout": "版式",
}
SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}


class Category(StrEnum):
    STRUCTURE = "structure"
    NUMBERING = "numbering"
    PLACEHOLDER = "placeholder"
    REPETITION = "repetition"
    STATISTIC = "statistic"
    PUNCTUATION = "punctuation"
    WORDING = "wording"
    LAYOUT = "layout"

    def __str__(self) -> str:
        return self.value


class Applicability(StrEnum):
    SAFE = "safe"  # applied by --fix
    UNSAFE = "unsafe"  # applied by --fix --unsafe-fixes
    DISPLAY = "display"  # shown as a suggestion, never applied

    def __str__(self) -> str:
        return self.value


# Edit, Fix and Diagnostic are named tuples, not frozen dataclasses: a draft yields ~80
# findings, and a frozen dataclass sets each field through object.__setattr__ — building the
# three objects cost ~7 µs per finding, a tuple ~1 µs. Immutable and hashable either way.


_new = tuple.__new__


class Edit(NamedTuple):
    """Replace text[start:end] with replacement (code-point offsets)."""

    start: int
    end: int
    replacement: str


class Fix(NamedTuple):
    applicability: Applicability
    edits: tuple[Edit, ...]

    @classmethod
    def replace(
        cls,
        start: int,
        end: int,
        replacement: str,
        applicability: Applicability = Applicability.SAFE,
    ) -> Fix:
        # tuple.__new__ directly: a named tuple's generated __new__ costs as much again, and a
        # draft has dozens of fixes.
        return _new(cls, (applicability, (_new(Edit, (start, end, replacement)),)))


class Diagnostic(NamedTuple):
    code: str
    name: str
    category: Category
    severity: Severity
    message: str
    start: int
    end: int
    fix: Fix | None = None
    # Extra facts for formatters (e.g. "related": (start, end) of an earlier occurrence).
    related: tuple[tuple[int, int, str], ...] = ()
