"""Small frozen value types that rules produce and formatters consume."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum


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


class Category(StrEnum):
    STRUCTURE = "structure"
    NUMBERING = "numbering"
    PLACEHOLDER = "placeholder"
    REPETITION = "repetition"
    STATISTIC = "statistic"
    PUNCTUATION = "punctuation"
    WORDING = "wording"

    def __str__(self) -> str:
        return self.value


class Applicability(StrEnum):
    SAFE = "safe"  # applied by --fix
    UNSAFE = "unsafe"  # applied by --fix --unsafe-fixes
    DISPLAY = "display"  # shown as a suggestion, never applied

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace text[start:end] with replacement (code-point offsets)."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Fix:
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
        return cls(applicability, (Edit(start, end, replacement),))


@dataclass(frozen=True, slots=True)
class Diagnostic:
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
