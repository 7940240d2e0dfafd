"""`python -m analysis build`: the dated report.

Until the notebooks exist, the build validates the data and writes its export into
reports/<date>/data/, atomically (built beside its final place, then renamed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import tempfile
from pathlib import Path

from .errors import Problem, UsageError
from .export import export
from .loading import display_path, load_dataset
from .paths import REPORTS_DIR


def parse_date(value: str | None) -> str:
    if value is None:
        return dt.date.today().isoformat()
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise UsageError([Problem("argument", "--date", value, "expected YYYY-MM-DD")]) from None


def build_from_args(args: argparse.Namespace) -> int:
    date = parse_date(args.date)
    out = Path(args.out).resolve() if args.out else REPORTS_DIR
    dataset = load_dataset(Path(args.data_dir).resolve() if args.data_dir else None)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=out, prefix=f".{date}.building-"))
    try:
        export(dataset.cases, work / "data")
        final = out / date
        if final.exists():
            old = final.with_name(f".{date}.old")
            shutil.rmtree(old, ignore_errors=True)
            final.rename(old)
            work.rename(final)
            shutil.rmtree(old)
        else:
            work.rename(final)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"report: {display_path(final)}")
    return 0
