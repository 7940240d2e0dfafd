"""Command-line interface: validate, export, fee, cases, explore, build.

Errors are printed one per line as `error: <file>: <field>: <value>: <expected>`, with exit
status 2 and no traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from analysis.dataset.errors import DataError, Problem
from analysis.dataset.schema import SOURCE_KINDS

EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """argparse, but its usage errors are one line too."""

    def error(self, message: str) -> None:  # type: ignore[override]
        print(f"error: {self.prog}: {message} (see --help)", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


def _data_dir(value: str | None) -> Path | None:
    # On the command line a relative path means relative to where the user stands.
    return Path(value).resolve() if value else None


def cmd_validate(args: argparse.Namespace) -> int:
    from analysis.compute.frames import fact_counts
    from analysis.dataset.loading import load_dataset
    from analysis.dataset.paths import display_path

    dataset = load_dataset(_data_dir(args.data_dir))
    counts = fact_counts(dataset.cases).sum()
    kinds = ", ".join(f"{kind} {int(counts[kind])}" for kind in SOURCE_KINDS)
    print(
        f"ok: {len(dataset.cases)} cases, {len(dataset.reference.tables)} reference tables, "
        f"{int(counts['total'])} facts ({kinds}) in {display_path(dataset.data_dir)}"
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from analysis.compute.export import export, sector_labels
    from analysis.dataset.loading import load_dataset
    from analysis.dataset.paths import display_path

    dataset = load_dataset(_data_dir(args.data_dir))
    try:
        written = export(dataset.cases, Path(args.to), sector_labels(dataset.reference))
    except OSError as exc:
        where = exc.filename or args.to
        raise DataError(
            [Problem(str(where), "--to", args.to, f"cannot write here: {exc.strerror or exc}")]
        ) from None
    for path in written:
        print(f"wrote {display_path(path)}")
    return 0


def cmd_fee(args: argparse.Namespace) -> int:
    from analysis.compute.fees import fee, parse_employees
    from analysis.dataset.loading import get_case, load_cases

    parse_employees(args.employees)  # argument errors before any file is read
    cases = load_cases(_data_dir(args.data_dir))
    result = fee(args.case_id, args.employees, args.level, cases=cases)
    if result is None:
        schedule = get_case(cases, args.case_id).financing.fee_schedule
        print(f"n/a - no fee schedule for {args.case_id} ({schedule.note or 'missing'})")
        return 0
    print(result)
    return 0


def cmd_cases(args: argparse.Namespace) -> int:
    from analysis.dataset.loading import load_cases

    cases = load_cases(_data_dir(args.data_dir))
    width = max(len(c) for c in cases)
    for case in cases.values():
        print(f"{case.case_id:<{width}}  {case.title}  ({case.country.en or 'n/a'})")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from analysis.report.options import check_build_args

    options, dataset = check_build_args(args)
    from analysis.report.build import build  # papermill, nbformat ...: only once the checks pass

    return build(options, dataset)


def cmd_explore(args: argparse.Namespace) -> int:
    from analysis.compute.parameters import read_parameters
    from analysis.dataset.loading import load_dataset
    from analysis.report.app import run_app

    lang = read_parameters({"lang": args.lang}, ["lang"], command_line=True)["lang"]
    if not args.port.isdigit() or not 1024 <= int(args.port) <= 65535:
        raise DataError([Problem("argument", "--port", args.port, "expected 1024 to 65535")])
    data_dir = _data_dir(args.data_dir)
    load_dataset(data_dir)  # bad data is told here, one line each, before the app starts
    return run_app(lang, data_dir, int(args.port))


def parser() -> argparse.ArgumentParser:
    top = _Parser(prog="python -m analysis", description=__doc__.splitlines()[0])
    sub = top.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def data_dir_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--data-dir", help="data folder with cases/ and reference/ (default: data/)")

    p = sub.add_parser("validate", help="check every case file and reference table")
    data_dir_option(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("export", help="write cases.csv and facts.csv")
    p.add_argument("--to", required=True, help="output folder (created if needed)")
    data_dir_option(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("fee", help="annual membership fee for a company size")
    p.add_argument("case_id")
    p.add_argument("--employees", required=True, help="number of employees (whole number >= 0)")
    p.add_argument("--level", help="membership level (default: the first, cheapest)")
    data_dir_option(p)
    p.set_defaults(func=cmd_fee)

    p = sub.add_parser("cases", help="list case ids, names and countries")
    data_dir_option(p)
    p.set_defaults(func=cmd_cases)

    p = sub.add_parser("explore", help="the explorer as a web app at http://127.0.0.1:8866/")
    p.add_argument("--lang", help="language of the app: da or en (default: da)")
    p.add_argument("--port", default="8866", help="local port (default: 8866)")
    data_dir_option(p)
    p.set_defaults(func=cmd_explore)

    p = sub.add_parser("build", help="run every notebook into reports/<date>/")
    # every option of the build is a parameter of analysis.compute.parameters (its name with -
    # for _), read and checked there: one name, one default, one message for each
    from analysis.compute.parameters import PARAMETERS
    from analysis.report.options import BUILD_PARAMETERS

    for name in BUILD_PARAMETERS:
        parameter = PARAMETERS[name]
        p.add_argument(parameter.option, dest=name, help=parameter.help)
    p.set_defaults(func=cmd_build)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except DataError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
