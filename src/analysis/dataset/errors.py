"""Problems found in input data, reported one line each, without tracebacks."""

from __future__ import annotations

from dataclasses import dataclass


def _short(value: object, limit: int = 80) -> str:
    text = repr(value)
    text = " ".join(text.split())  # one line, whatever the value held
    return text if len(text) <= limit else text[: limit - 3] + "..."


@dataclass(frozen=True)
class Problem:
    """One problem in one input: where it is, what was found and what was expected."""

    file: str
    field: str
    value: object
    expected: str

    def __str__(self) -> str:
        expected = " ".join(self.expected.split())
        return f"{self.file}: {self.field}: {_short(self.value)}: {expected}"


class DataError(Exception):
    """Raised with every problem found, so that a user can fix them all in one go."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(DataError):
    """A bad command-line argument or notebook parameter (same one-line format)."""
