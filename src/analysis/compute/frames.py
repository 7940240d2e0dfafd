"""The dataset as pandas tables, with one convention for missing values (<NA>, never 0):

- `cases_frame`: one row per organisation (identity, group, sector, headline numbers, their years);
- `facts_frame`: one row per value of every fact, dated observations included, with typed columns:
  `value` (text as stored), `value_num` (the number where the value is numeric), `unit`, `lang`
  (da/en for text), `unit_source` (`derived` where we restored the unit, e.g. a lost euro
  sign), `as_of` (the year the value describes), `headline` (False for an older or
  newer observation kept in a field's history), `source_kind`, `page`, `pages`, `url`,
  `source_date` (the page's own date), `source_ref` (readable provenance) and `note`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from analysis.dataset.schema import (
    SOURCE_KINDS,
    Case,
    Fact,
    FeeSchedule,
    ListFact,
    Observed,
    TargetFact,
    TextFact,
)

if TYPE_CHECKING:
    import pandas as pd

FACT_COLUMNS = [
    "case_id",
    "field",
    "parameter",
    "item",
    "attribute",
    "headline",
    "lang",
    "value",
    "value_num",
    "unit",
    "unit_source",
    "as_of",
    "source_kind",
    "page",
    "pages",
    "url",
    "source_date",
    "source_ref",
    "note",
    "about",
]
FACT_TYPES = {
    "headline": "boolean",
    "value_num": "Float64",
    "as_of": "Int64",
    "page": "Int64",
}
CASE_COLUMNS = [
    "case_id",
    "case_no",
    "name",
    "group",
    "kind",
    "sector",
    "sector_label_da",
    "sector_label_en",
    "country_codes",
    "city",
    "region",
    "country",
    "founded_year",
    "founded_event",
    "members",
    "members_as_of",
    "budget_amount",
    "budget_currency",
    "budget_as_of",
    "member_share_pct",
    "public_share_pct",
    "foundation_share_pct",
    "staff_count",
    "staff_fte",
    "staff_as_of",
]
CASE_INTEGER = ["case_no", "founded_year", "members", "members_as_of", "staff_count"]
CASE_INTEGER += ["budget_as_of", "staff_as_of"]
CASE_NUMBER = [
    "budget_amount",
    "member_share_pct",
    "public_share_pct",
    "foundation_share_pct",
    "staff_fte",
]


def iter_facts(model: BaseModel, prefix: str = "") -> Iterator[tuple[str, Fact]]:
    """Every headline fact of a case (or section) with its dotted field path, in file order;
    lists of facts (recognition, milestones, targets) give one path per entry."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        path = f"{prefix}{name}"
        if isinstance(value, Fact):
            yield path, value
        elif isinstance(value, BaseModel):
            yield from iter_facts(value, prefix=f"{path}.")
        elif isinstance(value, list) and value and isinstance(value[0], Fact):
            for i, fact in enumerate(value):
                key = fact.id if isinstance(fact, TargetFact) else str(i)
                yield f"{path}[{key}]", fact


def iter_observations(case: Case) -> Iterator[tuple[str, Fact, bool]]:
    """(path, fact, headline) for every fact and every dated observation in its history."""
    for path, fact in iter_facts(case):
        yield path, fact, True
        if isinstance(fact, Observed):
            for older in fact.history:
                yield path, older, False


def format_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    return float(value) if isinstance(value, int | float) else None


def _value_rows(path: str, fact: Fact) -> Iterator[tuple[str, Any, str, str]]:
    """(field, value, unit, lang) of one fact; a missing fact gives one empty row."""
    if fact.is_missing:
        yield path, None, "", ""
    elif isinstance(fact, TargetFact):
        yield f"{path}.value", fact.value, fact.unit or "", ""
        yield f"{path}.year", fact.year, "", ""
        yield f"{path}.da", fact.da, "", "da"
        yield f"{path}.en", fact.en, "", "en"
    elif isinstance(fact, TextFact):
        yield f"{path}.da", fact.da or "", "", "da"
        yield f"{path}.en", fact.en or "", "", "en"
    elif isinstance(fact, ListFact):
        if not fact.items:
            yield path, "(none)", "", ""
        for i, item in enumerate(fact.items or []):
            key = f"{path}[{item.id or i}]"
            for attr in ("name", "da", "en", "count", "fte", "activity"):
                if getattr(item, attr) is not None:
                    lang = attr if attr in ("da", "en") else ""
                    yield f"{key}.{attr}", getattr(item, attr), "", lang
    elif isinstance(fact, FeeSchedule):
        cur = fact.currency or ""
        for level in fact.levels or []:
            base = f"{path}.{level.level}"
            yield f"{base}.fixed", level.fixed, cur, ""
            yield f"{base}.per_employee", level.per_employee, f"{cur} per employee", ""
            yield f"{base}.cap", level.cap, cur, ""
    else:
        yield path, getattr(fact, "value", None), getattr(fact, "unit", None) or "", ""


def split_field(field: str) -> tuple[str, str | None, str | None]:
    """A field path in tidy parts: (parameter, item, attribute): the section it belongs to, the
    entry of a list or the level of a fee schedule, and what of that entry (or the language of
    a text). 'financing.funding[grant_1]' -> ('financing', 'grant_1', None);
    'technology.flagships.items[3].en' -> ('technology', '3', 'en'); 'region.da' -> ('region',
    None, 'da'); 'financing.fee_schedule.basic.fixed' -> ('financing', 'basic', 'fixed')."""
    parts = field.split(".")
    parameter = parts[0].split("[", 1)[0]
    items = re.findall(r"\[([^\]]+)\]", field)
    last = parts[-1] if len(parts) > 1 else None
    if ".fee_schedule." in field and len(parts) >= 4:
        return parameter, parts[-2], last
    if items and last and "[" not in last:
        return parameter, items[-1], last
    if last in ("da", "en"):
        return parameter, items[-1] if items else None, last
    return parameter, items[-1] if items else None, None


def fact_records(case: Case) -> list[dict[str, Any]]:
    """The long-format rows of one case (the columns of facts.csv), None where missing."""
    rows = []
    for path, fact, headline in iter_observations(case):
        pages = fact.pages or ([fact.page] if fact.page else [])
        basis = getattr(fact, "unit_basis", None) or getattr(fact, "currency_basis", None)
        for field, value, unit, lang in _value_rows(path, fact):
            parameter, item, attribute = split_field(field)
            rows.append(
                {
                    "case_id": case.case_id,
                    "field": field,
                    "parameter": parameter,
                    "item": item,
                    "attribute": attribute,
                    "headline": headline,
                    "lang": lang or None,
                    "value": None if value is None else format_value(value),
                    "value_num": _number(value),
                    "unit": unit or None,
                    "unit_source": basis.source if basis is not None and unit else None,
                    "as_of": None if fact.is_missing else fact.as_of_year,
                    "source_kind": fact.source,
                    # one page where the value rests on one, else empty: all are in pages
                    "page": pages[0] if len(pages) == 1 else None,
                    "pages": ";".join(str(p) for p in pages) or None,
                    "url": fact.url,
                    "source_date": fact.date,
                    "source_ref": fact.source_ref() or None,
                    "note": fact.note,
                    "about": fact.about,
                }
            )
    return rows


def facts_frame(cases: Mapping[str, Case]) -> pd.DataFrame:
    """One row per value of every case (dated observations included), typed (see module)."""
    import pandas as pd

    rows = [row for case in cases.values() for row in fact_records(case)]
    frame = pd.DataFrame(rows, columns=FACT_COLUMNS)
    text = [c for c in FACT_COLUMNS if c not in FACT_TYPES]
    return frame.astype({**FACT_TYPES, **dict.fromkeys(text, "string")})


def case_record(case: Case, sectors: Mapping[str, tuple[str, str]] | None = None) -> dict[str, Any]:
    """The one-row summary of a case (the columns of cases.csv); None where missing. `sectors`:
    sector id -> (Danish, English) label, from data/reference/sectors.csv."""
    fin, staff = case.financing, case.staffing
    staff_fact = staff.fte if not staff.fte.is_missing else staff.staff_count
    return {
        "case_id": case.case_id,
        "case_no": case.case_no,
        "name": case.title,
        "group": case.group,
        "kind": case.kind.value,
        "sector": case.sector,
        "sector_label_da": (sectors or {}).get(case.sector, ("", ""))[0] or None,
        "sector_label_en": (sectors or {}).get(case.sector, ("", ""))[1] or None,
        "country_codes": ";".join(case.country_codes),
        "city": case.city.value,
        "region": case.region.en,
        "country": case.country.en,
        "founded_year": case.founded.value_year,
        "founded_event": case.founded.event,
        "members": case.members.count.value,
        "members_as_of": case.members.count.as_of_year,
        "budget_amount": fin.budget.value,
        "budget_currency": fin.budget.unit,
        "budget_as_of": fin.budget.as_of_year,
        "member_share_pct": fin.member_share_pct.value,
        "public_share_pct": fin.public_share_pct.value,
        "foundation_share_pct": fin.foundation_share_pct.value,
        "staff_count": staff.staff_count.value,
        "staff_fte": staff.fte.value,
        "staff_as_of": None if staff_fact.is_missing else staff_fact.as_of_year,
    }


def cases_frame(
    cases: Mapping[str, Case], sectors: Mapping[str, tuple[str, str]] | None = None
) -> pd.DataFrame:
    """One row per case; missing values are <NA> (nullable dtypes), never 0."""
    import pandas as pd

    rows = [case_record(c, sectors) for c in cases.values()]
    frame = pd.DataFrame(rows, columns=CASE_COLUMNS)
    frame[CASE_INTEGER] = frame[CASE_INTEGER].astype("Int64")
    frame[CASE_NUMBER] = frame[CASE_NUMBER].astype("Float64")
    text = [c for c in CASE_COLUMNS if c not in CASE_INTEGER + CASE_NUMBER]
    frame[text] = frame[text].astype("string")
    return frame


def fact_counts(cases: Mapping[str, Case]) -> pd.DataFrame:
    """How many facts each case records, by source kind (a fact may hold several values;
    dated observations in a field's history count as facts of their own)."""
    import pandas as pd

    rows = [
        (case.case_id, fact.source)
        for case in cases.values()
        for _, fact, _ in iter_observations(case)
    ]
    frame = pd.DataFrame(rows, columns=["case_id", "source_kind"])
    table = pd.crosstab(frame["case_id"], frame["source_kind"]).reindex(list(cases))
    table = table.reindex(columns=list(SOURCE_KINDS), fill_value=0)
    table["total"] = table.sum(axis=1)
    return table
