"""Every parameter of the notebooks, the build and the API, in one table: its name, its default,
how it is read from what a user typed, and what a bad value is told (once).

The same name everywhere: `cases`, `group`, `as_of` ... in a notebook's parameters cell, in
`analysis.compute.selection.select_cases` and the API, and as `--cases`, `--group`, `--as-of` on
the command line (the option is the name with - for _). `read_parameters` reads a mapping of
them and reports every problem at once, in one line each, named as the user wrote it:
`report/options.py` (the command line), `notebook/book.py` (`setup`, `select`) and
`compute/selection.py` read them through it.

Checks that need the data (an unknown case id, an unknown sector) are made where the data is
(`select_cases`, `report.options.check_cases`), with the same wording.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.dataset.currency import DEFAULT_YEAR, supported_currencies
from analysis.dataset.errors import Problem, UsageError
from analysis.dataset.schema import BODY_KINDS, GROUPS, ID_PATTERN
from analysis.dataset.text import whole_number

DEFAULT_LANG = "da"
DEFAULT_CURRENCY = "DKK"
DEFAULT_CELL_TIMEOUT = 600  # seconds; the slowest cell of the report takes about 2
DEFAULT_PDF_TIMEOUT = 300  # seconds for one print; the whole benchmark takes about 10
LANGS = ("da", "en")
KIND_CHOICES = (*BODY_KINDS, "all", "default")
NAME_RULE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")


@dataclass(frozen=True)
class Parameter:
    """One parameter: its default, how its text is read (ValueError when it is bad) and what
    a bad value is told."""

    name: str
    default: Any
    read: Callable[[Any], Any]
    expected: str
    help: str

    @property
    def option(self) -> str:
        """Its name on the command line: --as-of for as_of."""
        return "--" + self.name.replace("_", "-")


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _choice(choices: Iterable[str]) -> Callable[[Any], str]:
    known = tuple(choices)

    def read(value: Any) -> str:
        if _text(value) not in known:
            raise ValueError
        return _text(value)

    return read


def _whole(minimum: int) -> Callable[[Any], int]:
    def read(value: Any) -> int:
        number = whole_number(value)
        if number is None or number < minimum:
            raise ValueError
        return number

    return read


def _year_or_none(value: Any) -> int | None:
    if _text(value) == "":
        return None
    year = whole_number(value)
    if year is None or not 1800 <= year <= 2100:
        raise ValueError
    return year


def _year(value: Any) -> int:
    year = _year_or_none(value)
    if year is None:
        raise ValueError
    return year


def items(value: Any) -> list[str]:
    """A comma-separated text or a list as a list of its non-empty entries."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v).strip() for v in value if str(v).strip()]


def _list_of(check: Callable[[str], bool]) -> Callable[[Any], str]:
    """A comma-separated list whose every entry passes `check`, as the same text."""

    def read(value: Any) -> str:
        entries = items(value)
        for entry in entries:
            if not check(entry):
                raise ValueError(entry)  # the entry that is wrong, not the whole list
        return ",".join(entries)

    return read


def _ids(value: Any) -> list[str] | None:
    if value is None:
        return None
    ids = items(value)
    if not ids:
        raise ValueError
    for entry in ids:
        if not ID_PATTERN.match(entry):
            raise ValueError(entry)  # the id that is wrong, not the whole list
    return ids


def _id_or_none(value: Any) -> str | None:
    if _text(value) == "":
        return None
    if not ID_PATTERN.match(_text(value)):
        raise ValueError
    return _text(value)


def _currency(value: Any) -> str:
    if _text(value) not in supported_currencies():
        raise ValueError
    return _text(value)


def _date(value: Any) -> str:
    if value is None or value == "":
        return dt.date.today().isoformat()
    return dt.date.fromisoformat(_text(value)).isoformat()


def _name(value: Any) -> str:
    if _text(value) and not NAME_RULE.match(_text(value)):
        raise ValueError
    return _text(value)


def _path(value: Any) -> Path | None:
    return Path(_text(value)).resolve() if _text(value) else None


PARAMETERS: dict[str, Parameter] = {
    p.name: p
    for p in (
        Parameter("lang", DEFAULT_LANG, _choice(LANGS), "expected da or en", "label language"),
        Parameter(
            "currency",
            DEFAULT_CURRENCY,
            _currency,
            "expected an ECB currency code such as DKK, EUR, USD",
            "currency for amounts",
        ),
        Parameter(
            "year", DEFAULT_YEAR, _year, "expected a year such as 2010", "year of the ECB rates"
        ),
        Parameter(
            "cases",
            None,
            _ids,
            "expected one or more ids of lowercase letters, digits and _, separated by commas",
            "comma-separated case ids (default: all)",
        ),
        Parameter(
            "group",
            "",
            _list_of(lambda g: g in GROUPS),
            f"expected one or more of: {', '.join(GROUPS)}",
            "only these groups: report, publisher, benchmark, own",
        ),
        Parameter(
            "sector",
            "",
            _list_of(lambda s: bool(ID_PATTERN.match(s))),
            "expected sector ids of data/reference/sectors.csv, separated by commas",
            "only these sectors (ids of data/reference/sectors.csv)",
        ),
        Parameter(
            "country",
            "",
            _list_of(lambda c: len(c) == 2 and c.isascii() and c.isalpha()),
            "expected ISO country codes such as DK, SE",
            "only organisations in these countries (ISO codes: DK,SE)",
        ),
        Parameter(
            "kind",
            "",
            _list_of(lambda k: k in KIND_CHOICES),
            f"expected one or more of: {', '.join(KIND_CHOICES)}",
            "kinds of body to compare: cluster_organisation, trade_association, incubator, "
            "programme, network, or all (default: cluster organisations and the report's six)",
        ),
        Parameter(
            "as_of",
            None,
            _year_or_none,
            "expected a year such as 2015, or empty",
            "compare the data as of this year (default: headline values)",
        ),
        Parameter(
            "focal_case",
            None,
            _id_or_none,
            "expected an id of lowercase letters, digits and _",
            "an organisation to highlight in the strategic choices",
        ),
        Parameter(
            "data_dir",
            None,
            _path,
            "expected a folder",
            "data folder with cases/ and reference/ (default: data/)",
        ),
        # the build's own
        Parameter(
            "date", None, _date, "expected a date YYYY-MM-DD", "report date (default: today)"
        ),
        Parameter("out", None, _path, "expected a folder", "reports folder (default: reports/)"),
        Parameter("jobs", None, _whole(1), "expected a whole number >= 1", "notebooks run at once"),
        Parameter(
            "cell_timeout",
            DEFAULT_CELL_TIMEOUT,
            _whole(1),
            "expected a whole number of seconds >= 1",
            "seconds a notebook cell may run before it fails (default: 600)",
        ),
        Parameter(
            "pdf_timeout",
            DEFAULT_PDF_TIMEOUT,
            _whole(1),
            "expected a whole number of seconds >= 1",
            "seconds the browser may take for each print of the PDF (default: 300)",
        ),
        Parameter(
            "name",
            "",
            _name,
            "expected lowercase letters, digits, - and _ (at most 60)",
            "the report folder's name after the date for a selection (default: from the filters)",
        ),
    )
}
SELECTION = ("cases", "group", "sector", "country", "kind", "as_of", "focal_case")
NOTEBOOK = ("lang", "currency", "year", "data_dir")
BUILD = ("date", "out", "jobs", "cell_timeout", "pdf_timeout", "name")


def read_parameters(
    values: Mapping[str, Any], names: Iterable[str], command_line: bool = False
) -> dict[str, Any]:
    """`values` of the parameters `names` read and checked (a value missing or None takes its
    default); every problem reported at once (UsageError), one line each, named as the user
    wrote it: --option on the command line, the parameter's name in a notebook or the API."""
    out: dict[str, Any] = {}
    problems: list[Problem] = []
    for name in names:
        parameter = PARAMETERS[name]
        value = values.get(name)
        if value is None and name not in ("cases", "date"):  # None: the default
            out[name] = parameter.default
            continue
        try:
            out[name] = parameter.read(value)
        except (ValueError, TypeError) as exc:
            where = parameter.option if command_line else name
            kind = "argument" if command_line else "parameter"
            # a list's wrong entry where the reader names one, else the value as given
            shown = (
                exc.args[0]
                if isinstance(exc, ValueError)
                and len(exc.args) == 1
                and (isinstance(exc.args[0], str) and exc.args[0] in str(value))
                else value
            )
            problems.append(Problem(kind, where, shown, parameter.expected))
    if problems:
        raise UsageError(problems)
    return out
