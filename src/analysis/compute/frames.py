"""Cases as pandas tables: one row per case, and a long table of every fact with its provenance."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from analysis.dataset.schema import (
    SOURCE_KINDS,
    Case,
    Fact,
    FeeSchedule,
    ListFact,
    TargetFact,
    TextFact,
)

if TYPE_CHECKING:
    import pandas as pd

FACT_COLUMNS = ["case_id", "field", "value", "unit", "source_kind", "source_ref", "note"]
CASE_COLUMNS = [
    "case_id",
    "case_no",
    "name",
    "city",
    "region",
    "country",
    "founded_year",
    "members",
    "budget_amount",
    "budget_currency",
    "member_share_pct",
    "public_share_pct",
    "foundation_share_pct",
    "staff_count",
    "staff_fte",
]


def iter_facts(model: BaseModel, prefix: str = "") -> Iterator[tuple[str, Fact]]:
    """Every fact of a case (or section) with its dotted field path, in file order."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        path = f"{prefix}{name}"
        if isinstance(value, Fact):
            yield path, value
        elif isinstance(value, BaseModel):
            yield from iter_facts(value, prefix=f"{path}.")
        elif isinstance(value, list) and value and isinstance(value[0], TargetFact):
            for target in value:
                yield f"{path}.{target.id}", target


def format_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _value_rows(path: str, fact: Fact) -> Iterator[tuple[str, str, str]]:
    """(field, value, unit) triples of one fact; a missing fact gives one empty row."""
    if fact.is_missing:
        yield path, "", ""
    elif isinstance(fact, TargetFact):
        yield f"{path}.value", format_value(fact.value), fact.unit or ""
        yield f"{path}.year", format_value(fact.year), ""
        yield f"{path}.da", fact.da, ""
        yield f"{path}.en", fact.en, ""
    elif isinstance(fact, TextFact):
        yield f"{path}.da", fact.da or "", ""
        yield f"{path}.en", fact.en or "", ""
    elif isinstance(fact, ListFact):
        if not fact.items:
            yield path, "(none)", ""
        for i, item in enumerate(fact.items or []):
            key = f"{path}[{item.id or i}]"
            for attr in ("name", "da", "en", "count", "fte", "activity"):
                if getattr(item, attr) is not None:
                    yield f"{key}.{attr}", format_value(getattr(item, attr)), ""
    elif isinstance(fact, FeeSchedule):
        cur = fact.currency or ""
        for level in fact.levels or []:
            base = f"{path}.{level.level}"
            yield f"{base}.fixed", format_value(level.fixed), cur
            yield f"{base}.per_employee", format_value(level.per_employee), f"{cur} per employee"
            yield f"{base}.cap", format_value(level.cap), cur
    else:
        yield path, format_value(getattr(fact, "value", None)), getattr(fact, "unit", None) or ""


def fact_records(case: Case) -> list[dict[str, str]]:
    """The long-format rows of one case (the columns of facts.csv)."""
    rows = []
    for path, fact in iter_facts(case):
        for field, value, unit in _value_rows(path, fact):
            rows.append(
                {
                    "case_id": case.case_id,
                    "field": field,
                    "value": value,
                    "unit": unit,
                    "source_kind": fact.source,
                    "source_ref": fact.source_ref(),
                    "note": fact.note or "",
                }
            )
    return rows


def facts_frame(cases: Mapping[str, Case]) -> pd.DataFrame:
    """One row per value of every case, with its source kind and reference."""
    import pandas as pd

    rows = [row for case in cases.values() for row in fact_records(case)]
    return pd.DataFrame(rows, columns=FACT_COLUMNS)


def case_record(case: Case) -> dict[str, Any]:
    """The one-row summary of a case (the columns of cases.csv); None where missing."""
    return {
        "case_id": case.case_id,
        "case_no": case.case_no,
        "name": case.title,
        "city": case.city.value,
        "region": case.region.en,
        "country": case.country.en,
        "founded_year": case.founded.year,
        "members": case.members.count.value,
        "budget_amount": case.financing.budget.value,
        "budget_currency": case.financing.budget.unit,
        "member_share_pct": case.financing.member_share_pct.value,
        "public_share_pct": case.financing.public_share_pct.value,
        "foundation_share_pct": case.financing.foundation_share_pct.value,
        "staff_count": case.staffing.staff_count.value,
        "staff_fte": case.staffing.fte.value,
    }


def cases_frame(cases: Mapping[str, Case]) -> pd.DataFrame:
    """One row per case; missing values are <NA> (nullable dtypes), never 0."""
    import pandas as pd

    frame = pd.DataFrame([case_record(c) for c in cases.values()], columns=CASE_COLUMNS)
    integer = ["case_no", "founded_year", "members", "staff_count"]
    number = [
        "budget_amount",
        "member_share_pct",
        "public_share_pct",
        "foundation_share_pct",
        "staff_fte",
    ]
    frame[integer] = frame[integer].astype("Int64")
    frame[number] = frame[number].astype("Float64")
    text = [c for c in CASE_COLUMNS if c not in integer + number]
    frame[text] = frame[text].astype("string")
    return frame


def fact_counts(cases: Mapping[str, Case]) -> pd.DataFrame:
    """How many facts each case records, by source kind (a fact may hold several values)."""
    import pandas as pd

    rows = [(case.case_id, fact.source) for case in cases.values() for _, fact in iter_facts(case)]
    frame = pd.DataFrame(rows, columns=["case_id", "source_kind"])
    table = pd.crosstab(frame["case_id"], frame["source_kind"]).reindex(list(cases))
    table = table.reindex(columns=list(SOURCE_KINDS), fill_value=0)
    table["total"] = table.sum(axis=1)
    return table
