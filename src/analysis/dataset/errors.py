"""Problems found in input data, reported one line each, without tracebacks."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


def suggest(word: object, choices: Iterable[str]) -> str:
    """'; did you mean 'staffing'?' for a near miss among `choices`, else ''."""
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


class Written(str):
    """A value shown as it is (a key or a word of ours), not as data the user wrote."""


def _short(value: object, limit: int = 80) -> str:
    """The value as the user wrote it in YAML, on one line: 'text' quoted, a mapping as
    {key: value, ...}, shortened to `limit` characters."""
    if isinstance(value, Written):
        text = str(value)
    elif isinstance(value, dict | list):
        import yaml

        text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**6)
    else:
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
