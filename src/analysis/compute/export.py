"""Write the dataset as CSV: cases.csv (one row per case) and facts.csv (one row per value)."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from analysis.compute.frames import (
    CASE_COLUMNS,
    FACT_COLUMNS,
    case_record,
    fact_records,
    format_value,
)
from analysis.dataset.schema import Case


def _csv_text(columns: list[str], rows: Sequence[Mapping[str, object]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: format_value(v) for k, v in row.items()} for row in rows)
    return buffer.getvalue()


def write_text_atomic(path: Path, text: str) -> None:
    """Write beside the target and rename, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export_tables(cases: Mapping[str, Case]) -> dict[str, str]:
    """File name -> CSV text, computed fully before anything is written."""
    return {
        "cases.csv": _csv_text(CASE_COLUMNS, [case_record(c) for c in cases.values()]),
        "facts.csv": _csv_text(FACT_COLUMNS, [r for c in cases.values() for r in fact_records(c)]),
    }


def export(cases: Mapping[str, Case], to: Path) -> list[Path]:
    """Write cases.csv and facts.csv into `to` (created if needed); returns the paths."""
    tables = export_tables(cases)
    written = []
    for name, text in tables.items():
        write_text_atomic(to / name, text)
        written.append(to / name)
    return written
