"""The build's options: parsed from the command line and checked together, before any kernel
starts, so that a user sees every problem at once."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from analysis.compute.selection import parse_year, select_cases
from analysis.dataset.currency import DEFAULT_YEAR, supported_currencies
from analysis.dataset.errors import Problem, UsageError, suggest
from analysis.dataset.loading import Dataset
from analysis.dataset.paths import NOTEBOOK_DIR, REPORTS_DIR
from analysis.dataset.schema import ID_PATTERN
from analysis.dataset.text import whole_number
from analysis.presentation.labels import LANGS
from analysis.report.pdf import PRINT_TIMEOUT

DEFAULT_CELL_TIMEOUT = 600  # seconds; the slowest cell of the report takes about 2
MAX_NAME = 80  # characters of a selection's part of the folder name
NAME_RULE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")


@dataclass
class Options:
    date: str
    out: Path
    lang: str = "da"
    currency: str = "DKK"
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
    pdf_timeout: int = PRINT_TIMEOUT
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
        if self.lang != "da":
            name += f"-{self.lang}"
        if self.currency != "DKK":
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


def parse_options(args: argparse.Namespace) -> Options:
    """Check every build argument; all problems are reported together, before any kernel starts."""
    problems: list[Problem] = []

    def bad(arg: str, value: object, expected: str) -> None:
        problems.append(Problem("argument", arg, value, expected))

    date = dt.date.today().isoformat()
    if args.date is not None:
        try:
            date = dt.date.fromisoformat(args.date).isoformat()
        except ValueError:
            bad("--date", args.date, "expected a date YYYY-MM-DD")
    if args.lang not in LANGS:
        bad("--lang", args.lang, "expected da or en")
    if args.currency not in supported_currencies():
        bad("--currency", args.currency, "expected an ECB currency code such as DKK, EUR, USD")
    jobs = os.cpu_count() or 1
    if args.jobs is not None:
        number = whole_number(args.jobs)
        if number is not None and number >= 1:
            jobs = number
        else:
            bad("--jobs", args.jobs, "expected a whole number >= 1")
    cases = None
    if args.cases is not None:
        cases = [c.strip() for c in args.cases.split(",") if c.strip()]
        for case_id in cases:
            if not ID_PATTERN.match(case_id):
                bad("--cases", case_id, "expected ids of lowercase letters, digits and _")
        if not cases:
            bad("--cases", args.cases, "expected one or more case ids separated by commas")
    focal = getattr(args, "focal_case", None) or None
    if focal is not None and not ID_PATTERN.match(focal):
        bad("--focal-case", focal, "expected an id of lowercase letters, digits and _")
    cell_timeout = DEFAULT_CELL_TIMEOUT
    raw_timeout = getattr(args, "cell_timeout", None)
    if raw_timeout is not None:
        number = whole_number(raw_timeout)
        if number is not None and number >= 1:
            cell_timeout = number
        else:
            bad("--cell-timeout", raw_timeout, "expected a whole number of seconds >= 1")
    pdf_timeout = PRINT_TIMEOUT
    raw_pdf_timeout = getattr(args, "pdf_timeout", None)
    if raw_pdf_timeout is not None:
        number = whole_number(raw_pdf_timeout)
        if number is not None and number >= 1:
            pdf_timeout = number
        else:
            bad("--pdf-timeout", raw_pdf_timeout, "expected a whole number of seconds >= 1")
    name = getattr(args, "name", None) or ""
    if name and not NAME_RULE.match(name):
        bad("--name", name, "expected lowercase letters, digits, - and _ (at most 60)")
    as_of = None
    try:
        as_of = parse_year(getattr(args, "as_of", None), "--as-of")
    except UsageError as exc:
        problems.extend(exc.problems)
    out = Path(args.out).resolve() if args.out else REPORTS_DIR
    if out.exists() and not out.is_dir():
        bad("--out", str(out), "expected a folder")
    if problems:
        raise UsageError(problems)
    data_dir = Path(args.data_dir).resolve() if args.data_dir else None
    return Options(
        date,
        out,
        args.lang,
        args.currency,
        cases,
        jobs,
        data_dir,
        focal_case=focal,
        group=getattr(args, "group", None) or "",
        sector=getattr(args, "sector", None) or "",
        country=getattr(args, "country", None) or "",
        kind=getattr(args, "kind", None) or "",
        as_of=as_of,
        cell_timeout=cell_timeout,
        pdf_timeout=pdf_timeout,
        name=name,
    )


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
