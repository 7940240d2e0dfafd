"""Cross-case comparison (report 3.3): the six parameters side by side, and ratios computed from them.

Every metric is a `Metric`: its value, its source kind, the year(s) it describes, and its basis -
the fact it is (field path and source reference, as in facts.csv) or the formula that computed
it. A ratio is computed only when all its inputs are known; otherwise it is missing, never 0. A
ratio whose inputs describe different years says so (`years_apart`).

Staff are compared in one unit, full-time equivalents (FTE). Where a case gives only a head
count, the head count stands in as an upper bound of its FTE (`upper_bound`), and is shown so.

`snapshot(cases, as_of)` gives the cases as they were in a year: for every dated field, the
observation describing that year or the latest one before it (see `Observed.at`); None keeps
each field's headline observation.
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
    years: tuple[int, ...] = ()  # the year(s) the value or its inputs describe
    upper_bound: bool = False  # at most this value (a head count standing in for FTE)

    @property
    def years_apart(self) -> bool:
        """A computed value whose inputs describe different years."""
        return len(set(self.years)) > 1

    @property
    def year(self) -> int | None:
        """The year the value describes (the latest of its inputs' years)."""
        return max(self.years) if self.years else None

    @property
    def missing(self) -> bool:
        return self.value is None

    @property
    def rests_on_external(self) -> bool:
        return self.source in ("external", "own") or any(
            k in ("external", "own") for k in self.inputs
        )


def from_fact(fact: Fact | None, path: str) -> Metric:
    """A fact's value as a metric, with the fact's field path and source as its basis; a fact
    about another body (a partner, a predecessor) is no value of this organisation's."""
    value = None if fact is None or fact.is_missing or fact.about else getattr(fact, "value", None)
    if fact is None or value is None:
        return Metric(None, "missing", path)
    ref = fact.source_ref()
    basis = f"{path} ({ref})" if ref else path
    year = fact.as_of_year
    return Metric(
        float(value),
        fact.source,
        basis,
        yes_no=isinstance(value, bool),
        years=(year,) if year is not None else (),
    )


def ratio(numerator: Metric, denominator: Metric, scale: float, formula: str) -> Metric:
    """numerator / denominator x scale, only when both are known and the denominator is > 0."""
    if numerator.value is None or not denominator.value:
        return Metric(None, "missing", formula)
    return Metric(
        numerator.value / denominator.value * scale,
        "derived",
        formula,
        (numerator.source, denominator.source, *numerator.inputs),
        years=(*numerator.years, *denominator.years),
        upper_bound=numerator.upper_bound,
    )


def case_metrics(case: Case, currency: str, year: int) -> dict[str, Metric]:
    """The comparison metrics of one case (`year`: the year of the exchange rates). For the
    data of another year, pass the case through `snapshot` first."""
    fin, staff = case.financing, case.staffing
    budget_fact = fin.budget
    out = {
        "members": from_fact(case.members.count, "members.count"),
        "budget": from_fact(budget_fact, "financing.budget"),
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
    unit = getattr(budget_fact, "unit", None)
    if budget.value is None or unit is None:
        out["budget_converted"] = Metric(None, "missing", "financing.budget")
    else:
        rate = annual_rate(currency, year) / annual_rate(unit, year)
        out["budget_converted"] = Metric(
            convert(budget.value, unit, currency, year),
            "derived",
            f"financing.budget x {rate:.4f} {currency}/{unit} (ECB average {year})",
            (budget.source,),
            years=budget.years,
        )
    out["budget_per_member"] = ratio(
        out["budget_converted"], out["members"], 1, f"budget in {currency} / members.count"
    )
    out["staff_per_100_members"] = ratio(
        staff_fte_or_bound(out["staff_fte"], out["staff_count"]),
        out["members"],
        100,
        "staffing.fte (head count as an upper bound where FTE is unknown) / members.count x 100",
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


def staff_fte_or_bound(fte: Metric, head_count: Metric) -> Metric:
    """Staff in FTE; where only a head count is known, the head count as an upper bound."""
    if fte.value is not None or head_count.value is None:
        return fte
    return Metric(
        head_count.value,
        head_count.source,
        f"{head_count.basis}: head count, at most as many FTE",
        head_count.inputs,
        years=head_count.years,
        upper_bound=True,
    )


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


def comparison_long(
    cases: Mapping[str, Case], currency: str, year: int, as_of: int | None = None
) -> pd.DataFrame:
    """One row per case and metric: value (a float; yes/no answers are 1.0/0.0 with `yes_no`
    set), unit, source kind, basis."""
    import pandas as pd

    rows: list[dict[str, object]] = []
    from analysis.compute.selection import snapshot

    for case in snapshot(cases, as_of).values():
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
                    "as_of": m.year,
                    "years_apart": m.years_apart,
                    "upper_bound": m.upper_bound,
                    "yes_no": m.yes_no,
                }
            )
    frame = pd.DataFrame(rows, columns=LONG_COLUMNS)
    frame["unit"] = frame["unit"].replace("", None)
    return frame.astype(LONG_TYPES)


LONG_COLUMNS = [
    "case_id",
    "name",
    "metric",
    "value",
    "unit",
    "source_kind",
    "basis",
    "rests_on_external",
    "as_of",
    "years_apart",
    "upper_bound",
    "yes_no",
]
# nullable dtypes throughout: <NA> where unknown, never NaN, "" or 0
LONG_TYPES = {
    "case_id": "string",
    "name": "string",
    "metric": "string",
    "value": "Float64",
    "unit": "string",
    "source_kind": "string",
    "basis": "string",
    "rests_on_external": "boolean",
    "as_of": "Int64",
    "years_apart": "boolean",
    "upper_bound": "boolean",
    "yes_no": "boolean",
}


def metrics_frame(
    cases: Mapping[str, Case], currency: str, year: int, as_of: int | None = None
) -> pd.DataFrame:
    """One row per organisation, one typed column per comparable metric (METRIC_ORDER), each
    with `<metric>_year` (the year it describes) and `<metric>_basis` (the fact or formula it
    rests on); yes/no metrics are boolean. <NA> where unknown."""
    import pandas as pd

    long = comparison_long(cases, currency, year, as_of)
    frame = pd.DataFrame(index=pd.Index(long["case_id"].unique(), name="case_id", dtype="string"))
    frame["name"] = long.groupby("case_id", sort=False)["name"].first().astype("string")
    for key in METRIC_ORDER:
        part = long[long["metric"] == key].set_index("case_id")
        values = part["value"]
        if bool(part["yes_no"].any()):
            values = values.map(lambda v: pd.NA if pd.isna(v) else bool(v)).astype("boolean")
        frame[key] = values
        frame[f"{key}_year"] = part["as_of"]
        frame[f"{key}_basis"] = part["basis"].where(values.notna())
    return frame


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
