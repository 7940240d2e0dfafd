"""What is known about each organisation: for each of the report's six parameters, whether a
confirmed fact holds it and the latest year such a fact describes.

The rule per parameter (the benchmark's bar for "known"):
- members: a member count (a number);
- financing: an amount - the budget, a fee schedule, the budget's shares, or a grant or project
  money the organisation received - or a statement of where its money comes from;
- technology: its field or its focus areas (a statement counts);
- goals: a vision, a mission or a target (a statement counts);
- services: a list of its services;
- staffing: a head count or full-time equivalents (a number).

A fact about another body (`about`: a partner, a project it joined, its programme, a predecessor)
never counts: it is kept for context only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from analysis.dataset.schema import Case, Fact, Observed

if TYPE_CHECKING:
    import pandas as pd

PARAMETERS = ("members", "financing", "technology", "goals", "services", "staffing")


def _years(facts: Iterable[Fact | None]) -> list[int]:
    out = []
    for fact in facts:
        if fact is None or fact.is_missing:
            continue
        for obs in fact.observations() if isinstance(fact, Observed) else [fact]:
            if obs.as_of_year is not None:
                out.append(obs.as_of_year)
    return out


def _facts(case: Case, parameter: str) -> list[Fact | None]:
    fin, goals = case.financing, case.goals
    groups: dict[str, list[Fact | None]] = {
        "members": [case.members.count],
        "financing": [
            fin.budget,
            fin.fee_schedule,
            fin.member_share_pct,
            fin.public_share_pct,
            *fin.funding,
            fin.description,
        ],
        "technology": [case.technology.field, case.technology.flagships],
        "goals": [goals.vision, goals.mission, *goals.targets],
        "services": [case.services.services],
        "staffing": [case.staffing.staff_count, case.staffing.fte],
    }
    return groups[parameter]


def known_since(case: Case) -> dict[str, int | None]:
    """Parameter -> the latest year a confirmed fact of it describes (None: nothing known)."""
    out: dict[str, int | None] = {}
    for parameter in PARAMETERS:
        facts = [
            f for f in _facts(case, parameter) if f is not None and not f.is_missing and not f.about
        ]
        years = _years(facts)
        out[parameter] = max(years) if years else (0 if facts else None)
    return out


def coverage_frame(cases: Mapping[str, Case]) -> pd.DataFrame:
    """Organisations x parameters: the latest year known (<NA> where nothing is known), plus
    `known`, the number of parameters with a fact."""
    import pandas as pd

    rows = {c.case_id: known_since(c) for c in cases.values()}
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=list(PARAMETERS))
    frame = frame.astype("Int64")
    frame["known"] = frame[list(PARAMETERS)].notna().sum(axis=1)
    return frame
