"""Strategic choices (report 3.4): the axes on which the cases differ, each with a rule computed
from the data, and the placement of a focal organisation among the cases.

Every axis gives each case a score from 0 to 1 (the left pole to the right pole) or none when the
data it needs is missing. The parts of a score (the values behind it, with their sources) are kept
so that a reader can check every position.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from analysis.compute.metrics import Metric, from_fact
from analysis.dataset.schema import Case, Fact

if TYPE_CHECKING:
    import pandas as pd

    from analysis.dataset.loading import Reference


Kind = Literal["number", "count", "percent", "yes_no", "position", "positions"]


@dataclass(frozen=True)
class Part:
    """One input of a score: what it is, its value, the fact it rests on (its source) and its
    own 0-1 contribution. `kind` says how the value reads: a number, a count, a percentage,
    yes/no, or a mean position with the number of coded services behind it (`n`)."""

    key: str  # label key of the input
    value: float | None
    kind: Kind
    fact: Fact | None
    score: float | None
    n: int | None = None


@dataclass(frozen=True)
class Position:
    case_id: str
    axis: str
    score: float | None
    parts: tuple[Part, ...]


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _clip(x: float) -> float:
    return max(0.0, min(1.0, x))


def _metric_part(
    key: str, metric: Metric, fact: Fact, score: float | None, kind: Kind = "number"
) -> Part:
    return Part(key, metric.value, kind, fact, score)


# ------------------------------------------------------------------ the five axes


def membership(case: Case, ref: Reference) -> tuple[float | None, list[Part]]:
    """Exclusive (0) or open and broad (1): the mean of what is known of
    size  - log10(members) from 1 (10 members) to 3 (1,000 members), scaled to 0-1;
    breadth - the number of member types, 4 or more = 1;
    openness - open admission = 1, selective or exclusive = 0."""
    members = case.members
    parts: list[Part] = []
    count = from_fact(members.count, "members.count")
    size = (
        None if count.value is None or count.value < 1 else _clip((math.log10(count.value) - 1) / 2)
    )
    parts.append(_metric_part("axis_part_members", count, members.count, size))
    types = members.types.items
    breadth = None if types is None else _clip(len(types) / 4)
    parts.append(
        Part(
            "axis_part_types",
            None if types is None else len(types),
            "count",
            members.types,
            breadth,
        )
    )
    open_fact = members.open_admission
    openness = None if open_fact is None or open_fact.value is None else float(open_fact.value)
    parts.append(Part("axis_part_open", openness, "yes_no", open_fact, openness))
    return _mean([p.score for p in parts if p.score is not None]), parts


def money_sources(case: Case, ref: Reference) -> tuple[set[str], list[tuple[str, Fact]]]:
    """Where an organisation's money comes from as its own facts say it: 'public' and/or
    'member', with the facts that say so. A statement of financing counts by the keywords of
    the financing rules (data/reference/coding_rules.csv); a grant or programme money it received
    counts as public; a fee schedule or a member share above 0 as member money."""
    from analysis.dataset.coding import rules_from_table

    fin = case.financing
    found: list[tuple[str, Fact]] = []
    rules = [r for r in rules_from_table(ref.coding_rules) if r.framework == "financing"]
    for fact in (fin.description, fin.public_support):
        if fact is not None and not fact.is_missing and not fact.about and fact.en:
            found += [(r.code, fact) for r in rules if r.match(fact.en)]
    for funding in fin.funding:
        if not funding.about and funding.kind in ("grant", "programme"):
            found.append(("public", funding))
    if not fin.fee_schedule.is_missing and not fin.fee_schedule.about:
        found.append(("member", fin.fee_schedule))
    if fin.member_share_pct.value and not fin.member_share_pct.about:
        found.append(("member", fin.member_share_pct))
    return {kind for kind, _ in found}, found


def financing(case: Case, ref: Reference) -> tuple[float | None, list[Part]]:
    """Member-financed (0) or publicly financed (1): the public share of the budget / 100 where
    it is known; otherwise where the money comes from by the organisation's own financing facts
    (money_sources): public money only 0.75, both public and member money 0.5, member money only
    0.25 (a coarse placement, marked as coded)."""
    fin = case.financing
    public = from_fact(fin.public_share_pct, "financing.public_share_pct")
    if public.value is not None:
        share = public.value / 100
        return share, [
            _metric_part("axis_part_public", public, fin.public_share_pct, share, "percent")
        ]
    kinds, found = money_sources(case, ref)
    placed = {"public": 0.75, "member": 0.25}
    score = 0.5 if len(kinds) == 2 else placed[next(iter(kinds))] if kinds else None
    fact = found[0][1] if found else None
    return score, [
        Part("axis_part_public", None, "percent", fin.public_share_pct, None),
        Part("axis_part_sources", score, "position", fact, score, len(found)),
    ]


def focus_areas(case: Case) -> tuple[int | None, Fact | None]:
    """How many technology areas an organisation names: its flagships, else the areas of its
    field's English text (split at commas, semicolons, slashes and 'and')."""
    tech = case.technology
    if tech.flagships.items is not None and not tech.flagships.about:
        return len(tech.flagships.items), tech.flagships
    field = tech.field
    if not field.is_missing and not field.about and field.en:
        areas = [a for a in re.split(r",|;|/|\band\b", field.en) if a.strip()]
        return len(areas), field
    return None, None


def technology(case: Case, ref: Reference) -> tuple[float | None, list[Part]]:
    """Open to all technologies (0) or picking winners (1): 1 where membership is limited to
    the organisation's technology flagships, 0 where it says it is not; otherwise by how many
    technology areas it names (focus_areas): 1 area 0.75, 2-3 areas 0.5, 4-6 areas 0.25, 7 or
    more 0 (a coarse placement, marked as coded)."""
    tech = case.technology
    restricted = None if tech.restricted.value is None else float(tech.restricted.value)
    areas, basis = focus_areas(case)
    breadth = None
    if areas is not None and areas > 0:
        breadth = 0.75 if areas == 1 else 0.5 if areas <= 3 else 0.25 if areas <= 6 else 0.0
    score = restricted if restricted is not None else breadth
    return score, [
        Part("axis_part_restricted", restricted, "yes_no", tech.restricted, restricted),
        Part(
            "axis_part_flagships",
            areas,
            "count",
            basis,
            None if restricted is not None else breadth,
        ),
    ]


def activity_positions(ref: Reference) -> tuple[dict[str, float], dict[str, float]]:
    """RegLab position (1-9) of each activity, and the mean position of each segment's activities."""
    activities = dict(
        zip(ref.reglab_activities.activity_id, ref.reglab_activities.position, strict=True)
    )
    segments: dict[str, list[float]] = {}
    for row in ref.segment_activities.itertuples():
        segments.setdefault(row.segment_id, []).append(activities[row.activity_id])
    return (
        {k: float(v) for k, v in activities.items()},
        {k: sum(v) / len(v) for k, v in segments.items()},
    )


def role(case: Case, ref: Reference) -> tuple[float | None, list[Part]]:
    """Service provider (0) or catalyst (1), on RegLab's ordering of nine activities (1-9):
    the mean of (a) the priority-weighted position of the Target Board objectives, each objective
    placed at the mean position of the activities that serve it (segment_activities.csv), and
    (b) the mean position of the case's services coded with an activity; (position - 1) / 8."""
    activity_pos, segment_pos = activity_positions(ref)
    priorities = case.goals.priorities.by_segment()
    known = {s: f.value for s, f in priorities.items() if f.value is not None}
    weight = sum(known.values())
    objective = (
        None if not weight else (sum(v * segment_pos[s] for s, v in known.items()) / weight - 1) / 8
    )
    coded = [activity_pos[i.activity] for i in case.services.services.items or [] if i.activity]
    services = (sum(coded) / len(coded) - 1) / 8 if coded else None
    first = next(iter(priorities.values()))
    parts = [
        Part("axis_part_objectives", objective, "position", first if known else None, objective),
        Part(
            "axis_part_services",
            services,
            "positions",
            case.services.activity_coding if coded else None,
            services,
            len(coded),
        ),
    ]
    return _mean([p.score for p in parts if p.score is not None]), parts


def staffing(case: Case, ref: Reference) -> tuple[float | None, list[Part]]:
    """Lean (0) or staffed (1) secretariat: full-time equivalents (head count where FTE is
    unknown) / 10, at most 1. The German study (p. 14) calls 1-3 staff the common, lean case."""
    staff = case.staffing
    fte = from_fact(staff.fte, "staffing.fte")
    count = from_fact(staff.staff_count, "staffing.staff_count")
    chosen, fact, key = (
        (fte, staff.fte, "axis_part_fte")
        if not fte.missing
        else (count, staff.staff_count, "axis_part_staff")
    )
    score = None if chosen.value is None else _clip(chosen.value / 10)
    return score, [_metric_part(key, chosen, fact, score)]


@dataclass(frozen=True)
class Axis:
    id: str
    rule: Callable[[Case, Reference], tuple[float | None, list[Part]]]


AXES: tuple[Axis, ...] = (
    Axis("membership", membership),
    Axis("financing", financing),
    Axis("technology", technology),
    Axis("role", role),
    Axis("staffing", staffing),
)


def rule_text(axis: Axis) -> str:
    """The documented rule of an axis (its function's docstring, in one paragraph)."""
    return " ".join((axis.rule.__doc__ or "").split())


def positions(cases: Mapping[str, Case], ref: Reference) -> list[Position]:
    """Every case's position on every axis."""
    out = []
    for axis in AXES:
        for case in cases.values():
            score, parts = axis.rule(case, ref)
            out.append(Position(case.case_id, axis.id, score, tuple(parts)))
    return out


def scores_frame(found: list[Position], case_ids: list[str]) -> pd.DataFrame:
    """Cases x axes from computed positions: the score (NaN where the data is missing)."""
    import pandas as pd

    data: dict[str, dict[str, float | None]] = {}
    for p in found:
        data.setdefault(p.case_id, {})[p.axis] = p.score
    frame = pd.DataFrame.from_dict(data, orient="index", dtype="float")
    return frame.reindex(index=case_ids, columns=[a.id for a in AXES])


def positions_frame(cases: Mapping[str, Case], ref: Reference) -> pd.DataFrame:
    """Cases x axes: the score (NaN where the data is missing)."""
    return scores_frame(positions(cases, ref), list(cases))


MIN_SHARED_AXES = 3  # a distance must rest on a majority of the five axes
# ... unless the focal organisation stands on fewer: then on all of its axes, never fewer than
# two, and the page says so (notebook.book.Notebook.nearest)
FEWEST_AXES = 2


@dataclass(frozen=True)
class Neighbour:
    case_id: str
    distance: float
    shared_axes: int
    differences: tuple[tuple[str, float], ...]  # (axis, other - focal) where it matters


def nearest(
    scores: pd.DataFrame, focal: str, min_shared: int = MIN_SHARED_AXES, threshold: float = 0.25
) -> list[Neighbour]:
    """Other cases by mean absolute difference over the axes both have; differences of at least
    `threshold` are the ones that matter. Cases sharing fewer than `min_shared` axes are left out."""
    mine = scores.loc[focal]
    out = []
    for case_id, row in scores.iterrows():
        if case_id == focal:
            continue
        both = mine.notna() & row.notna()
        if int(both.sum()) < min_shared:
            continue
        diffs = row[both] - mine[both]
        out.append(
            Neighbour(
                case_id,
                float(diffs.abs().mean()),
                int(both.sum()),
                tuple((axis, float(d)) for axis, d in diffs.items() if abs(d) >= threshold),
            )
        )
    return sorted(out, key=lambda n: (n.distance, n.case_id))
