"""Write the dataset as a Frictionless Data Package: cases.csv (one row per organisation),
facts.csv (one row per value, dated observations included) and datapackage.json, which describes
both files with their column types; an empty cell means missing, never 0."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.compute.frames import (
    CASE_COLUMNS,
    CASE_INTEGER,
    CASE_NUMBER,
    FACT_COLUMNS,
    FACT_TYPES,
    case_record,
    fact_records,
    format_value,
)
from analysis.dataset.schema import FORMULA_START, Case
from analysis.dataset.version import VERSION

if TYPE_CHECKING:
    import pandas as pd


# What a spreadsheet may read as the start of a formula, after any leading blanks: = + - @, and
# the tab and carriage return some of them skip. Names and labels may not start so; notes may.
SPREADSHEET_START = (*FORMULA_START, "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A value as it may go into a CSV cell: text that a spreadsheet would read as a formula gets
    a leading apostrophe (the usual neutralisation); everything else is returned unchanged."""
    if isinstance(value, str) and value.lstrip(" ").startswith(SPREADSHEET_START):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells, index and column labels are spreadsheet-safe: every
    CSV the build writes goes through this or `_cell`."""
    safe = frame.map(spreadsheet_safe)
    safe.index = safe.index.map(spreadsheet_safe)
    safe.columns = safe.columns.map(spreadsheet_safe)
    return safe


def _cell(value: object) -> str:
    """A value as a CSV cell of the export: spreadsheet-safe text, numbers as they are."""
    return format_value(spreadsheet_safe(value))


def _csv_text(columns: list[str], rows: Sequence[Mapping[str, object]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: _cell(v) for k, v in row.items()} for row in rows)
    return buffer.getvalue()


def write_files_atomic(folder: Path, files: Mapping[str, str]) -> list[Path]:
    """Write every file beside its target first, then move them all in: a reader never sees
    half a file, a failure while writing (disk full, no permission) leaves the folder as it was,
    and no temporary file is left. (A move that fails after another succeeded, rare within one
    folder, leaves the files moved before it replaced, each whole.)"""
    folder.mkdir(parents=True, exist_ok=True)
    temps: list[tuple[str, Path]] = []
    try:
        for name, text in files.items():
            fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
            temps.append((name, Path(temp)))
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        for name, path in temps:
            os.replace(path, folder / name)
    except BaseException:
        for _, path in temps:
            path.unlink(missing_ok=True)
        raise
    return [folder / name for name in files]


CASE_DESCRIPTIONS = {
    "case_id": "Identifier of the organisation (the case file's name)",
    "case_no": "Number of the case in the report (1-6; 7 for its publisher); empty for others",
    "name": "Name of the organisation",
    "group": "report (the report's six cases), publisher, benchmark or own",
    "kind": "Kind of body: cluster_organisation, trade_association, incubator, programme or network",
    "sector_label_da": "The sector's name in Danish (data/reference/sectors.csv)",
    "sector_label_en": "The sector's name in English (data/reference/sectors.csv)",
    "sector": "Sector id (data/reference/sectors.csv; our classification)",
    "country_codes": "ISO 3166-1 alpha-2 codes, separated by ';'",
    "city": "Seat of the organisation",
    "region": "Region (English)",
    "country": "Country or region as the source names it (English)",
    "founded_year": "Year of the founding date",
    "founded_event": "Which event the founding date is: founded, opened_for_members, brand, predecessor",
    "members": "Number of members (headline observation)",
    "members_as_of": "Year the member count describes",
    "budget_amount": "Annual budget (headline observation)",
    "budget_currency": "Currency of the budget (ISO 4217)",
    "budget_as_of": "Year the budget describes",
    "member_share_pct": "Members' share of the budget, percent",
    "public_share_pct": "Public share of the budget, percent",
    "foundation_share_pct": "Foundations' share of the budget, percent",
    "staff_count": "Staff head count (headline observation)",
    "staff_fte": "Staff in full-time equivalents (headline observation)",
    "staff_as_of": "Year the staff figure describes (FTE where known, else head count)",
}
FACT_DESCRIPTIONS = {
    "case_id": "Identifier of the organisation",
    "field": "Dotted path of the value in the case file",
    "parameter": "The section of the case file the value belongs to (members, financing, ...)",
    "item": "The entry of a list (its id or position) or the level of a fee schedule",
    "attribute": "What of that entry the value is (da, en, value, count, fixed ...)",
    "headline": "false for an older or newer observation kept in the field's history",
    "lang": "da or en for text, empty otherwise",
    "value": "The value as stored (text)",
    "value_num": "The value as a number where it is numeric",
    "unit": "Unit or currency of the value",
    "unit_source": "derived where we restored the unit (e.g. a lost euro sign)",
    "as_of": "Year the value describes (not the date of its source)",
    "source_kind": "report, derived, coded, external, own or missing",
    "page": "The page of the report the value rests on, where it rests on one (else see pages)",
    "pages": "All pages, separated by ';'",
    "url": "Public source of an external value",
    "source_date": "The source page's own date (YYYY, YYYY-MM, YYYY-MM-DD or n.d.)",
    "source_ref": "Readable provenance: page, formula, coding rule or url and date",
    "note": "Note on the value",
    "about": "The body the fact describes where that is not the organisation (never counted)",
}
_FRICTIONLESS = {"Int64": "integer", "Float64": "number", "boolean": "boolean"}


def _schema(columns: list[str], types: Mapping[str, str], descriptions: Mapping[str, str]) -> dict:
    return {
        "fields": [
            {
                "name": name,
                "type": _FRICTIONLESS.get(types.get(name, ""), "string"),
                "description": descriptions[name],
            }
            for name in columns
        ],
        "missingValues": [""],
    }


def datapackage(created: str | None = None) -> dict:
    """The Data Package descriptor of cases.csv and facts.csv: its version (the package's),
    the date it was created (`created`, the build's date), licence, sources and contributors,
    and the foreign key from facts to cases."""
    case_types = {**dict.fromkeys(CASE_INTEGER, "Int64"), **dict.fromkeys(CASE_NUMBER, "Float64")}
    return {
        "name": "cluster-organisations-benchmark",
        "version": VERSION,
        **({"created": created} if created else {}),
        "contributors": [{"title": "The cluster-report project contributors", "role": "author"}],
        "sources": [
            {
                "title": "Copenhagen Cleantech Cluster (2010): Best practice i cluster management - "
                "seks casestudier af klyngeorganisationer (pages 1-25)",
            },
            {"title": "Dated public web pages, each named in the url column of facts.csv"},
        ],
        "title": "Cluster organisations: the six cases of 'Best practice i cluster management' "
        "(Copenhagen Cleantech Cluster, 2010) and an open benchmark",
        "description": "Every value names its source: a page of the report, a derivation, our "
        "coding of the report's text, or a dated public page; the year each value describes is "
        "in as_of. Missing values are empty cells, never 0.",
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0"}],
        "resources": [
            {
                "name": "cases",
                "path": "cases.csv",
                "format": "csv",
                "encoding": "utf-8",
                "schema": {
                    **_schema(CASE_COLUMNS, case_types, CASE_DESCRIPTIONS),
                    "primaryKey": ["case_id"],
                },
            },
            {
                "name": "facts",
                "path": "facts.csv",
                "format": "csv",
                "encoding": "utf-8",
                "schema": {
                    **_schema(FACT_COLUMNS, FACT_TYPES, FACT_DESCRIPTIONS),
                    "foreignKeys": [
                        {
                            "fields": "case_id",
                            "reference": {"resource": "cases", "fields": "case_id"},
                        }
                    ],
                },
            },
        ],
    }


def export_tables(
    cases: Mapping[str, Case],
    sectors: Mapping[str, tuple[str, str]] | None = None,
    created: str | None = None,
) -> dict[str, str]:
    """File name -> text, computed fully before anything is written."""
    return {
        "cases.csv": _csv_text(CASE_COLUMNS, [case_record(c, sectors) for c in cases.values()]),
        "facts.csv": _csv_text(FACT_COLUMNS, [r for c in cases.values() for r in fact_records(c)]),
        "datapackage.json": json.dumps(datapackage(created), indent=2, ensure_ascii=False) + "\n",
    }


def export(
    cases: Mapping[str, Case],
    to: Path,
    sectors: Mapping[str, tuple[str, str]] | None = None,
    created: str | None = None,
) -> list[Path]:
    """Write cases.csv, facts.csv and datapackage.json into `to` (created if needed), all or
    none; returns the paths."""
    return write_files_atomic(to, export_tables(cases, sectors, created))


def sector_labels(reference: object) -> dict[str, tuple[str, str]]:
    """Sector id -> (Danish, English) label, from the reference table of sectors."""
    table = reference.sectors  # type: ignore[attr-defined]
    return {row.sector_id: (row.label_da, row.label_en) for row in table.itertuples(index=False)}


def read_export(folder: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The export of `folder` (cases.csv, facts.csv, as datapackage.json describes them) as
    typed frames: (cases, facts), with nullable integers, numbers and booleans, <NA> for an
    empty cell; a neutralised spreadsheet formula keeps its apostrophe (it is text)."""
    import pandas as pd

    folder = Path(folder)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    dtype = {"integer": "Int64", "number": "Float64", "boolean": "boolean", "string": "string"}
    frames = []
    for name in ("cases", "facts"):
        resource = next(r for r in descriptor["resources"] if r["name"] == name)
        fields = resource["schema"]["fields"]
        frame = pd.read_csv(
            folder / resource["path"],
            dtype="string",
            keep_default_na=False,
            na_values=[""],
            encoding="utf-8",
        )
        for f in fields:
            kind = dtype[f["type"]]
            column = frame[f["name"]]
            if kind == "boolean":
                frame[f["name"]] = column.map(
                    lambda v: pd.NA if pd.isna(v) else v == "true"
                ).astype("boolean")
            elif kind != "string":
                frame[f["name"]] = pd.to_numeric(column).astype(kind)
        frames.append(frame)
    return frames[0], frames[1]
