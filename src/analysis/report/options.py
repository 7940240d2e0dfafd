"""The build's options: parsed from the command line and checked together, before any kernel
starts, so that a user sees every problem at once."""

from __future__ import annotations

import argparse
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from analysis.compute.parameters import (
    BUILD,
    DEFAULT_CELL_TIMEOUT,
    DEFAULT_CURRENCY,
    DEFAULT_LANG,
    DEFAULT_PDF_TIMEOUT,
    NOTEBOOK,
    PARAMETERS,
    SELECTION,
    read_parameters,
)
from analysis.compute.selection import select_cases
from analysis.dataset.currency import DEFAULT_YEAR
from analysis.dataset.errors import DataError, Problem, UsageError, suggest
from analysis.dataset.loading import Dataset, load_dataset
from analysis.dataset.paths import NOTEBOOK_DIR, REPORTS_DIR

MAX_NAME = 80  # characters of a selection's part of the folder name


@dataclass
class Options:
    """The build's parameters, read and checked by `parse_options` from the command line (or
    given directly in the tests and the API); names, defaults and checks are those of
    analysis.compute.parameters.PARAMETERS."""

    date: str
    out: Path
    lang: str = DEFAULT_LANG
    currency: str = DEFAULT_CURRENCY
    cases: list[str] | None = None
    jobs: int = 1
    data_dir: Path | None = None
    year: int = DEFAULT_YEAR
    notebook_dir: Path = NOTEBOOK_DIR
    focal_case: str | None = None
    group: str = ""
    sector: str = ""
    country: str = ""
    kind: str = ""  # kinds of body compared (empty: cluster organisations and the report's six)
    as_of: int | None = None
    cell_timeout: int = DEFAULT_CELL_TIMEOUT
    pdf_timeout: int = DEFAULT_PDF_TIMEOUT
    name: str = ""  # the report folder's name after the date, for a selection (--name)

    @property
    def selection_name(self) -> str:
        """A readable name of the selection ('' for the default report): `name` where given,
        else the filters, the year and the focal organisation ('sector-energy-focal-...')."""
        if self.name:
            return self.name
        parts = []
        if self.cases is not None:
            ids = self.cases
            parts.append("cases-" + ("-".join(ids) if len(ids) <= 3 else f"{len(ids)}"))
        for key in ("group", "sector", "country", "kind"):
            value = getattr(self, key)
            if value:
                parts.append(f"{key}-" + "+".join(v.strip() for v in value.split(",") if v.strip()))
        if self.as_of is not None:
            parts.append(f"as-of-{self.as_of}")
        if self.focal_case:
            parts.append(f"focal-{self.focal_case}")
        text = "-".join(parts)
        if len(text) > MAX_NAME:  # a path stays short on every desktop; the hash keeps it unique
            digest = hashlib.sha256(text.encode()).hexdigest()[:8]
            text = f"{text[: MAX_NAME - 9]}-{digest}"
        return text

    @property
    def folder(self) -> str:
        """The report's folder name: the date, then the language and the currency where they
        are not the defaults, then the selection (selection_name), so that builds with other
        settings or another selection never replace each other (nor the day's default report)."""
        name = self.date
        if self.lang != DEFAULT_LANG:
            name += f"-{self.lang}"
        if self.currency != DEFAULT_CURRENCY:
            name += f"-{self.currency}"
        if self.selection_name:
            name += f"-{self.selection_name}"
        return name

    @property
    def filtered(self) -> bool:
        """Whether the report covers a selection rather than every organisation."""
        return bool(
            self.cases is not None or self.group or self.sector or self.country or self.kind
        )


BUILD_PARAMETERS = (*NOTEBOOK, *SELECTION, *BUILD)


def parse_options(args: argparse.Namespace) -> Options:
    """Check every build argument (analysis.compute.parameters: one rule and one message per
    parameter); all problems are reported together, before any kernel starts."""
    values = read_parameters(vars(args), BUILD_PARAMETERS, command_line=True)
    values["out"] = values["out"] or REPORTS_DIR
    values["jobs"] = values["jobs"] or os.cpu_count() or 1
    out = values["out"]
    if out.exists() and not out.is_dir():
        raise UsageError([Problem("argument", "--out", str(out), PARAMETERS["out"].expected)])
    return Options(**values)


def check_cases(options: Options, dataset: Dataset) -> list[str]:
    """The case ids to build (all by default, or those the options select; a focal organisation
    is always included)."""
    wanted = list(dataset.cases) if options.cases is None else list(options.cases)
    if options.group or options.sector or options.country or options.kind:
        # ids the user named (unknown ones are reported below), not the whole dataset: a kind
        # filter keeps named organisations whatever their kind
        present = [c for c in options.cases or [] if c in dataset.cases]
        sectors = set(dataset.reference.sectors.sector_id)
        chosen = select_cases(
            dataset.cases,
            present if options.cases is not None else None,
            options.group,
            options.sector,
            options.country,
            sectors=sectors,
            kind=options.kind or None,
        )
        wanted = [c for c in wanted if c in chosen or c not in dataset.cases]
        if not chosen:
            filters = " ".join(
                f"--{name} {value}"
                for name, value in (
                    ("cases", ",".join(options.cases or [])),
                    ("group", options.group),
                    ("sector", options.sector),
                    ("country", options.country),
                    ("kind", options.kind),
                )
                if value
            )
            raise UsageError(
                [
                    Problem(
                        "argument",
                        "selection",
                        filters,
                        "no organisation matches these filters; expected at least one "
                        "(python -m analysis cases lists them)",
                    )
                ]
            )
    if options.focal_case and options.focal_case not in wanted:
        wanted.append(options.focal_case)
    unknown = [c for c in wanted if c not in dataset.cases]
    if unknown:
        raise UsageError(
            [
                Problem(
                    "argument",
                    "--focal-case" if c == options.focal_case else "--cases",
                    c,
                    "unknown case"
                    + (suggest(c, dataset.cases) or " (python -m analysis cases lists them)"),
                )
                for c in unknown
            ]
        )
    return [c for c in dataset.cases if c in wanted]  # in report order


def check_build_args(args: argparse.Namespace) -> tuple[Options, Dataset]:
    """The build's options and data from the command line, checked together (every problem
    reported at once, as one DataError). Nothing of the build's machinery is needed for this,
    so that a mistyped option is told in a fraction of a second (analysis.cli imports the
    build only once this passes)."""
    problems: list[Problem] = []
    options = None
    try:
        options = parse_options(args)
    except UsageError as exc:
        problems += exc.problems
    dataset = None
    try:
        dataset = load_dataset(Path(args.data_dir).resolve() if args.data_dir else None)
    except DataError as exc:
        problems += exc.problems
    if problems or options is None or dataset is None:
        raise DataError(problems)
    return options, dataset
