"""Cross-case comparison (report 3.3): the six parameters side by side, and ratios computed from them.

Every metric is a `Metric`: its value, its source kind, and its basis - the fact it is (field path
and source reference, as in facts.csv) or the formula that computed it. A ratio is computed only
when all its inputs are known; otherwise it is missing, never 0.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from analysis.compute.fees import level_fee
from analysis.dataset.currency import annual_rate, convert
from analysis.dataset.schema import SEGMENTS, Case, Fact

if TYPE_CHECKING:
    import pandas as pd

FEE_SIZES = (10, 100, 1000)


@dataclass(frozen=True)
class Metric:
    value: float | None  # a yes/no fact is 1.0 or 0.0
    source: str  # report, derived, external, own or missing
    basis: str = ""  # 'members.count (p. 16)' or the formula of a computed value
    inputs: tuple[str, ...] = field(default=())  # source kinds of the inputs of a computed value
    yes_no: bool = False  # the value answers a yes/no question (1.0 yes, 0.0 no)

    @property
    def missing(self) -> bool:
        return self.value is None

    @property
    def rests_on_external(self) -> bool:
        return self.source in ("external", "own") or any(
            k in ("external", "own") for k in self.inputs
        )


def from_fact(fact: Fact | None, path: str) -> Metric:
    """A fact's value as a metric, with the fact's field path and source as its basis."""
    value = None if fact is None or fact.is_missing else getattr(fact, "value", None)
    if fact is None or value is None:
        return Metric(None, "missing", path)
    ref = fact.source_ref()
    basis = f"{path} ({ref})" if ref else path
    return Metric(float(value), fact.source, basis, yes_no=isinstance(value, bool))


def ratio(numerator: Metric, denominator: Metric, scale: float, formula: str) -> Metric:
    """numerator / denominator x scale, only when both are known and the denominator is > 0."""
    if numerator.value is None or not denominator.value:
        return Metric(None, "missing", formula)
    return Metric(
        numerator.value / denominator.value * scale,
        "derived",
        formula,
        (numerator.source, denominator.source),
    )


def case_metrics(case: Case, currency: str, year: int) -> dict[str, Metric]:
    """The comparison metrics of one case."""
    fin, staff = case.financing, case.staffing
    out = {
        "members": from_fact(case.members.count, "members.count"),
        "budget": from_fact(fin.budget, "financing.budget"),
        "member_share_pct": from_fact(fin.member_share_pct, "financing.member_share_pct"),
        "public_share_pct": from_fact(fin.public_share_pct, "financing.public_share_pct"),
        "foundation_share_pct": from_fact(
            fin.foundation_share_pct, "financing.foundation_share_pct"
        ),
        "staff_count": from_fact(staff.staff_count, "staffing.staff_count"),
        "staff_fte": from_fact(staff.fte, "staffing.fte"),
        "restricted": from_fact(case.technology.restricted, "technology.restricted"),
    }
    budget = out["budget"]
    if budget.value is None or fin.budget.unit is None:
        out["budget_converted"] = Metric(None, "missing", "financing.budget")
    else:
        rate = annual_rate(currency, year) / annual_rate(fin.budget.unit, year)
        out["budget_converted"] = Metric(
            convert(budget.value, fin.budget.unit, currency, year),
            "derived",
            f"financing.budget x {rate:.4f} {currency}/{fin.budget.unit} (ECB average {year})",
            (budget.source,),
        )
    out["budget_per_member"] = ratio(
        out["budget_converted"], out["members"], 1, f"budget in {currency} / members.count"
    )
    staff_basis = out["staff_count"] if not out["staff_count"].missing else out["staff_fte"]
    out["staff_per_100_members"] = ratio(
        staff_basis,
        out["members"],
        100,
        "staffing.staff_count (or staffing.fte) / members.count x 100",
    )
    flagships = case.technology.flagships
    if flagships.items is None:
        out["flagships"] = Metric(None, "missing", "technology.flagships")
    else:  # the number of items of the list fact, with the list's own source
        ref = flagships.source_ref()
        out["flagships"] = Metric(
            len(flagships.items), flagships.source, f"technology.flagships ({ref}): number of items"
        )
    return out


METRIC_ORDER = (
    "members",
    "budget",
    "budget_converted",
    "member_share_pct",
    "public_share_pct",
    "foundation_share_pct",
    "staff_count",
    "staff_fte",
    "budget_per_member",
    "staff_per_100_members",
    "restricted",
    "flagships",
)


def comparison_long(cases: Mapping[str, Case], currency: str, year: int) -> pd.DataFrame:
    """One row per case and metric: value (a float; yes/no answers are 1.0/0.0 with `yes_no`
    set), unit, source kind, basis."""
    import pandas as pd

    rows: list[dict[str, object]] = []
    for case in cases.values():
        metrics = case_metrics(case, currency, year)
        units = {
            "budget": case.financing.budget.unit or "",
            "budget_converted": currency,
            "budget_per_member": currency,
            "member_share_pct": "%",
            "public_share_pct": "%",
            "foundation_share_pct": "%",
        }
        for key in METRIC_ORDER:
            m = metrics[key]
            rows.append(
                {
                    "case_id": case.case_id,
                    "name": case.title,
                    "metric": key,
                    "value": m.value,
                    "unit": units.get(key, ""),
                    "source_kind": m.source,
                    "basis": m.basis,
                    "rests_on_external": m.rests_on_external,
                    "yes_no": m.yes_no,
                }
            )
    return pd.DataFrame(rows)


def fee_comparison(
    cases: Mapping[str, Case], currency: str, year: int, sizes: Sequence[int] = FEE_SIZES
) -> pd.DataFrame:
    """The annual fee a company of each size would pay at each organisation and level."""
    import pandas as pd

    rows: list[dict[str, object]] = []
    for case in cases.values():
        schedule = case.financing.fee_schedule
        if not schedule.levels or schedule.currency is None:
            rows.append(
                {
                    "case_id": case.case_id,
                    "name": case.title,
                    "level": None,
                    "employees": None,
                    "fee": None,
                    "currency": None,
                    "fee_converted": None,
                    "source_kind": "missing",
                }
            )
            continue
        for level in schedule.levels:
            for size in sizes:
                amount, _ = level_fee(level, size)
                rows.append(
                    {
                        "case_id": case.case_id,
                        "name": case.title,
                        "level": level.level,
                        "employees": size,
                        "fee": amount,
                        "currency": schedule.currency,
                        "fee_converted": convert(amount, schedule.currency, currency, year),
                        "source_kind": schedule.source,
                    }
                )
    return pd.DataFrame(rows)


def priorities_frame(cases: Mapping[str, Case]) -> pd.DataFrame:
    """Cases x segments: the coded priority (float, NaN where missing)."""
    import pandas as pd

    data = {
        case.case_id: {s: case.goals.priorities.by_segment()[s].value for s in SEGMENTS}
        for case in cases.values()
    }
    return pd.DataFrame.from_dict(data, orient="index", dtype="float").reindex(columns=SEGMENTS)


def select_cases(
    cases: Mapping[str, Case], selection: str | Sequence[str] | None
) -> dict[str, Case]:
    """The cases named in `selection` ('a,b' or a list; empty = all), in report order."""
    from analysis.dataset.loading import get_case

    if not selection:
        return dict(cases)
    ids = (
        [s.strip() for s in selection.split(",")] if isinstance(selection, str) else list(selection)
    )
    chosen = {get_case(cases, case_id, argument="cases").case_id for case_id in ids if case_id}
    return {case_id: case for case_id, case in cases.items() if case_id in chosen}
