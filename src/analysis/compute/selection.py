"""Which organisations a comparison covers, and as of which year.

`select_cases` narrows the dataset by ids, group (report, publisher, benchmark, own), sector
(data/reference/sectors.csv) and country (ISO codes); `snapshot` gives the cases as they were in
a year, every dated field holding its observation for that year or the latest before it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast

from pydantic import BaseModel

from analysis.compute.parameters import PARAMETERS, items, read_parameters
from analysis.dataset.errors import Problem, UsageError, suggest
from analysis.dataset.loading import get_case
from analysis.dataset.schema import (
    DEFAULT_KINDS,
    Case,
    Fact,
    Observed,
)

ALL_KINDS = "all"


def compared_by_default(case: Case) -> bool:
    """Whether a comparison includes the organisation when no `kind` is asked for: cluster
    organisations (the ECCP criteria), the report's six as the report compares them, and an own
    organisation; trade associations, incubators, programmes and networks are shown apart."""
    kind = case.kind.value
    return case.group in ("report", "own") or kind is None or kind in DEFAULT_KINDS


def select_cases(
    all_cases: Mapping[str, Case],
    /,
    cases: str | Sequence[str] | None = None,
    group: str | Sequence[str] | None = None,
    sector: str | Sequence[str] | None = None,
    country: str | Sequence[str] | None = None,
    sectors: Iterable[str] | None = None,
    kind: str | Sequence[str] | None = None,
) -> dict[str, Case]:
    """The organisations of `all_cases` named in `cases` ('a,b' or a list of ids; empty = all)
    that also match every filter given (each a comma-separated list; empty = no filter), in the
    dataset's order.
    `sectors` are the known sector ids, for a clear error on an unknown one. `kind` filters by
    kind of body: a list of BODY_KINDS, 'all', or 'default' (compared_by_default); None or
    empty = no filter. Organisations named in `cases` are kept whatever their kind. The same
    name for the same thing as on the command line (--cases) and in the notebooks (cases)."""
    ids = items(cases)
    chosen = {get_case(all_cases, case_id, argument="cases").case_id for case_id in ids}
    # the filters' form is checked by the one table of parameters; which sectors exist, here
    read_parameters({"group": group, "sector": sector, "country": country, "kind": kind},
                    ("group", "sector", "country", "kind"))  # fmt: skip
    groups, wanted_sectors, kinds = items(group), items(sector), items(kind)
    countries = [c.upper() for c in items(country)]
    if sectors is not None:
        known = set(sectors)
        unknown = [
            Problem(
                "parameter",
                "sector",
                s,
                f"one of: {', '.join(sorted(known))}" + suggest(s, known),
            )
            for s in wanted_sectors
            if s not in known
        ]
        if unknown:
            raise UsageError(unknown)

    def kind_matches(case: Case) -> bool:
        if not kinds or ALL_KINDS in kinds or case.case_id in chosen:
            return True
        if "default" in kinds and compared_by_default(case):
            return True
        return case.kind.value in kinds

    return {
        case_id: case
        for case_id, case in all_cases.items()
        if (not ids or case_id in chosen)
        and (not groups or case.group in groups)
        and (not wanted_sectors or case.sector in wanted_sectors)
        and (not countries or set(case.country_codes) & set(countries))
        and kind_matches(case)
    }


def parse_year(value: object, argument: str = "as_of") -> int | None:
    """A year from a parameter ('' or None: none), read as the parameter `as_of` is."""
    try:
        return read_parameters({"as_of": value}, ("as_of",))["as_of"]
    except UsageError:
        expected = PARAMETERS["as_of"].expected
        raise UsageError([Problem("parameter", argument, value, expected)]) from None


# What names an organisation is never hidden by a year: its name, kind, place and sector.
IDENTITY = ("name", "kind", "city", "region", "country")


def _later(fact: Fact, as_of: int) -> bool:
    year = fact.as_of_year
    return year is not None and year > as_of


def _at(model: BaseModel, as_of: int) -> BaseModel:
    """`model` as it was known in `as_of`: every dated field holds its observation for that year
    or the latest before it, and every other fact that describes a later year is hidden (a
    missing fact, or left out of its list)."""
    changes: dict[str, Any] = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        if name in IDENTITY:
            continue
        if isinstance(value, Observed):
            changes[name] = value.at(as_of)
        elif isinstance(value, Fact):
            if _later(value, as_of):
                changes[name] = type(value)(source="missing", note=f"described {value.as_of_year}")
        elif isinstance(value, BaseModel):
            changes[name] = _at(value, as_of)
        elif isinstance(value, list) and value and isinstance(value[0], Fact):
            changes[name] = [f for f in value if not _later(f, as_of)]
    return model.model_copy(update=changes)


def founded_after(case: Case, as_of: int) -> bool:
    """Whether the organisation began after `as_of` (its founding or opening year is later)."""
    founded = case.founded
    year = founded.value_year
    return (
        year is not None
        and founded.event in (None, "founded", "opened_for_members")
        and (year > as_of)
    )


def snapshot(cases: Mapping[str, Case], as_of: int | None) -> dict[str, Case]:
    """The cases as of a year: every dated field holds its observation for `as_of` (or the
    latest before it; missing where there is none), every fact describing a later year is
    hidden, and organisations founded later are left out. None: the headline observations."""
    if as_of is None:
        return dict(cases)
    return {
        case_id: cast(Case, _at(case, as_of))
        for case_id, case in cases.items()
        if not founded_after(case, as_of)
    }


GROUP_ORDER = {"report": 0, "publisher": 1, "benchmark": 2, "own": 3}


def case_order(cases: Mapping[str, Case], sector_order: Sequence[str]) -> list[str]:
    """The organisations in the edition's order: the report's six by their case number, the
    publisher, the benchmark by sector (in the order of sectors.csv) and name, own ones last."""
    rank = {sector: i for i, sector in enumerate(sector_order)}

    def key(case_id: str) -> tuple[int, int, float, str, str]:
        case = cases[case_id]
        sector = rank.get(case.sector or "", len(rank)) if case.group == "benchmark" else 0
        number = float(case.case_no) if case.case_no else float("inf")
        return GROUP_ORDER.get(case.group, len(GROUP_ORDER)), sector, number, case.title, case_id

    return sorted(cases, key=key)


def case_numbers(cases: Mapping[str, Case], sector_order: Sequence[str]) -> dict[str, str]:
    """Each organisation's section number, 3.2.1 onwards, in `case_order`. The numbers are
    those of the whole dataset, so a filtered build keeps them (and a citation stays true)."""
    return {case_id: f"3.2.{i}" for i, case_id in enumerate(case_order(cases, sector_order), 1)}
