"""Tables as the report would print them, in Danish or English, with the source of every value."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from analysis.dataset.currency import annual_rate, convert
from analysis.dataset.schema import Case, Fact, MoneyFact
from analysis.presentation.display import (
    basis_text,
    fact_note,
    fact_value,
    level_names,
    missing_text,
    number,
    part_value,
    source_text,
    unit_text,
    year_text,
)
from analysis.presentation.labels import label

if TYPE_CHECKING:
    import pandas as pd


def _frame(rows: Sequence[Mapping[str, object]], columns: list[str]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(rows, columns=columns)


def _isna(value: object) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


def _node(case: Case, path: str) -> object:
    node: object = case
    for part in path.split("."):
        node = getattr(node, part, None)
    return node


def get_fact(case: Case, path: str) -> Fact | None:
    """The fact at a dotted path such as 'members.count' (None for an absent optional fact)."""
    node: object = case
    for part in path.split("."):
        node = getattr(node, part, None)
        if node is None:
            return None
    return node if isinstance(node, Fact) else None


def _fact_row(path: str, fact: Fact | None, lang: str) -> dict[str, object]:
    return {
        label("field", lang): label(path, lang),
        label("value", lang): fact_value(fact, lang),
        label("year", lang): year_text(fact),
        label("source", lang): source_text(fact, lang),
        label("note", lang): fact_note(fact, lang),
    }


def fact_table(case: Case, fields: Sequence[str], lang: str) -> pd.DataFrame:
    """One row per field: label, value (n/a where missing), source and note."""
    rows: list[dict[str, object]] = []
    for path in fields:
        node = _node(case, path)
        if isinstance(node, list):  # a list of facts (recognition, funding ...): one row each
            rows.extend(_fact_row(path, fact, lang) for fact in node)
            continue
        fact = get_fact(case, path)
        if fact is None and path.split(".")[-1] in (
            "named_members",
            "outside_region_pct",
            "budget_upper_bound",
            "member_income",
            "public_income",
            "network",
            "public_support",
            "network",
            "targets_note",
        ):
            continue  # optional facts that this case does not have
        rows.append(_fact_row(path, fact, lang))
    cols = [label(k, lang) for k in ("field", "value", "year", "source", "note")]
    return _frame(rows, cols).set_index(cols[0])


def case_overview(cases: Mapping[str, Case], lang: str) -> pd.DataFrame:
    """The cases with number, place and founding date (report section 1.2 and 3.2)."""
    rows = []
    for case in cases.values():
        rows.append(
            {
                label("number", lang): case.case_no if case.case_no is not None else "",
                label("name", lang): case.title,
                label("city", lang): fact_value(case.city, lang),
                label("region", lang): fact_value(case.region, lang),
                label("country", lang): fact_value(case.country, lang),
                label("founded", lang): fact_value(case.founded, lang),
                label("source", lang): "; ".join(
                    dict.fromkeys(
                        source_text(f, lang)
                        for f in (case.city, case.region, case.country, case.founded)
                        if not f.is_missing
                    )
                ),
            }
        )
    columns = [
        label(k, lang) for k in ("number", "name", "city", "region", "country", "founded", "source")
    ]
    return _frame(rows, columns).set_index(columns[0])


def interviewees(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Experts and practitioners grouped by kind and country (page 5)."""
    frame = table.copy()
    frame["kind_label"] = frame["kind"].map(lambda k: label(k, lang))
    frame["country"] = frame[f"country_{lang}"].fillna(label("na", lang))
    frame["role"] = frame[f"role_{lang}"].fillna("")
    frame["organisation"] = frame["organisation"].fillna("")
    frame = frame.sort_values(["kind", "country", "name"], kind="stable")
    out = frame[["kind_label", "country", "name", "role", "organisation"]]
    out.columns = [
        label(k, lang) for k in ("kind", "country", "name", "role_title", "organisation")
    ]
    return out.set_index(list(out.columns[:2]))


def theories(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    out = table.sort_values("year")[["year", "concept", "author", "work", "footnote"]].copy()
    out.columns = [
        label("year", lang),
        label("concept", lang),
        label("author", lang),
        label("work", lang),
        "Fn.",
    ]
    return out.set_index(out.columns[0])


def segments(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    out = table.sort_values("rank_tier", kind="stable")
    rows = [
        {
            label("segment", lang): getattr(row, f"label_{lang}"),
            label("rank_tier", lang): row.rank_tier,
            label("share_pct", lang): (
                label("na", lang) if _isna(row.share_pct) else number(row.share_pct, lang)
            ),
            label("source", lang): f"{label('page', lang)} {row.pages.replace(';', ', ')}",
        }
        for row in out.itertuples()
    ]
    columns = [label(k, lang) for k in ("segment", "rank_tier", "share_pct", "source")]
    return _frame(rows, columns).set_index(columns[0])


def activities(table: pd.DataFrame, attention: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The nine activity types with their prerequisites and points of attention (pp. 9-12)."""
    rows = []
    for row in table.sort_values("position").itertuples():
        points = attention[attention.activity_id == row.activity_id]
        for kind in ("prerequisite", "attention"):
            items = points[points.kind == kind][f"label_{lang}"].tolist()
            if items:
                rows.append(
                    {
                        label("position", lang): row.position,
                        label("activity", lang): getattr(row, f"label_{lang}"),
                        label("kind", lang): label(kind, lang),
                        label("attention_points", lang): "; ".join(items),
                        label("source", lang): f"{label('page', lang)} {row.page}",
                    }
                )
    columns = [
        label(k, lang) for k in ("position", "activity", "kind", "attention_points", "source")
    ]
    return _frame(rows, columns).set_index(columns[:3])


def parameters(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    out = table.sort_values("number")[["number", f"label_{lang}"]].copy()
    out.columns = [label("number", lang), label("parameter", lang)]
    return out.set_index(out.columns[0])


def staffing_study(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    out = table[["band", "share_pct", "page"]].copy()
    out.columns = [
        label("staff_band", lang),
        label("organisations_pct", lang),
        label("source", lang),
    ]
    out[label("source", lang)] = out[label("source", lang)].map(
        lambda p: f"{label('page', lang)} {p}"
    )
    return out.set_index(out.columns[0])


def priority_coding(
    cases: Mapping[str, Case], segments_table: pd.DataFrame, lang: str
) -> pd.DataFrame:
    """Every case's coded priority per segment, with the page and the reason for the code."""
    names = dict(zip(segments_table.segment_id, segments_table[f"label_{lang}"], strict=True))
    rows = []
    for case in cases.values():
        for segment, fact in case.goals.priorities.by_segment().items():
            rows.append(
                {
                    label("case", lang): case.title,
                    label("segment", lang): names[segment],
                    label("priority", lang): fact_value(fact, lang),
                    label("source", lang): source_text(fact, lang),
                    label("note", lang): fact_note(fact, lang) if not fact.is_missing else "",
                }
            )
    columns = [label(k, lang) for k in ("case", "segment", "priority", "source", "note")]
    return _frame(rows, columns).set_index(columns[:2])


def priority_matrix(
    cases: Mapping[str, Case], segments_table: pd.DataFrame, lang: str
) -> pd.DataFrame:
    """Cases x segments: the coded priority, or n/a."""
    rows = {}
    order = segments_table.sort_values("order")
    for case in cases.values():
        prios = case.goals.priorities.by_segment()
        rows[case.title] = {
            row[f"label_{lang}"]: (
                str(prios[row.segment_id].value)
                if prios[row.segment_id].value is not None
                else missing_text(prios[row.segment_id], lang)
            )
            for _, row in order.iterrows()
        }
    import pandas as pd

    return pd.DataFrame.from_dict(rows, orient="index")


def budget_table(case: Case, currency: str, year: int, lang: str) -> pd.DataFrame:
    """The budget in the case's currency and converted at the ECB annual average of `year`."""
    rows = []
    for path in ("financing.budget", "financing.budget_upper_bound"):
        fact = get_fact(case, path)
        if not isinstance(fact, MoneyFact):
            continue
        if fact.value is None or fact.unit is None:
            converted, rate = missing_text(fact, lang), ""
        else:
            value = convert(fact.value, fact.unit, currency, year)
            converted = f"{number(round(value), lang)} {currency}"
            rate = (
                f"1 {fact.unit} = {number(annual_rate(currency, year) / annual_rate(fact.unit, year), lang, 4)}"
                f" {currency} (ECB {year})"
            )
        rows.append(
            {
                label("field", lang): label(path, lang),
                label("amount", lang): fact_value(fact, lang),
                label("in_currency", lang): converted,
                label("rate", lang): rate,
                label("source", lang): source_text(fact, lang),
                label("note", lang): fact_note(fact, lang),
            }
        )
    columns = [label(k, lang) for k in ("field", "amount", "in_currency", "rate", "source", "note")]
    return _frame(rows, columns).set_index(columns[0])


def fee_table(case: Case, lang: str) -> pd.DataFrame:
    schedule = case.financing.fee_schedule
    columns = [label(k, lang) for k in ("level", "fixed", "per_employee", "cap", "source")]
    if not schedule.levels:
        rows = [
            dict(
                zip(
                    columns,
                    [missing_text(schedule, lang), "", "", "", label("missing", lang)],
                    strict=True,
                )
            )
        ]
        return _frame(rows, columns).set_index(columns[0])
    cur = schedule.currency
    names = level_names(case, lang)
    rows = [
        {
            columns[0]: names.get(level.level, level.level),
            columns[1]: f"{number(level.fixed, lang)} {cur}",
            columns[2]: f"{number(level.per_employee, lang)} {cur}",
            columns[3]: (
                f"{number(level.cap, lang)} {cur}" if level.cap is not None else label("none", lang)
            ),
            columns[4]: source_text(schedule, lang),
        }
        for level in schedule.levels
    ]
    return _frame(rows, columns).set_index(columns[0])


def targets_table(case: Case, lang: str) -> pd.DataFrame:
    columns = [label(k, lang) for k in ("target", "target_value", "unit", "year", "source", "note")]
    rows = [
        {
            columns[0]: getattr(t, lang),
            columns[1]: number(t.value, lang),
            columns[2]: unit_text(t.unit, lang),
            columns[3]: str(t.year) if t.year else label("na", lang),
            columns[4]: source_text(t, lang),
            columns[5]: fact_note(t, lang),
        }
        for t in case.goals.targets
    ]
    if not rows:
        note = case.goals.targets_note
        rows = [
            dict(
                zip(
                    columns,
                    [
                        fact_value(note, lang) if note else label("none", lang),
                        "",
                        "",
                        "",
                        source_text(note, lang),
                        fact_note(note, lang),
                    ],
                    strict=True,
                )
            )
        ]
    return _frame(rows, columns).set_index(columns[0])


# The fields shown in each part of a case section (report 3.2), in the report's order.
SECTIONS: dict[str, tuple[str, ...]] = {
    "intro": (
        "name",
        "city",
        "region",
        "country",
        "founded",
        "milestones",
        "ownership",
        "management",
        "summary",
        "recognition",
    ),
    "members": (
        "members.count",
        "members.levels",
        "members.types",
        "members.named_members",
        "members.admission",
        "members.geography",
        "members.outside_region_pct",
        "members.network",
    ),
    "financing": (
        "financing.budget",
        "financing.budget_upper_bound",
        "financing.member_share_pct",
        "financing.member_income",
        "financing.public_share_pct",
        "financing.public_income",
        "financing.foundation_share_pct",
        "financing.description",
        "financing.public_support",
        "financing.funding",
    ),
    "technology": ("technology.field", "technology.flagships", "technology.restricted"),
    "goals": ("goals.vision", "goals.mission", "goals.choices", "goals.targets_note"),
    "services": ("services.services", "services.premium", "services.network"),
    "staffing": ("staffing.staff_count", "staffing.fte", "staffing.roles", "staffing.background"),
}


# ------------------------------------------------------------------ comparison (3.3)


def _cell(metric, lang: str, decimals: int | None = None) -> str:
    from analysis.presentation.synthesis import marker, shown

    if metric.value is None:
        return label("na", lang)
    if metric.yes_no:
        return label("yes" if metric.value else "no", lang) + marker(metric)
    return shown(metric, lang, decimals)


COMPARISON_PARTS = {  # the parameters side by side, in two tables narrow enough for a page
    "money": (
        "members",
        "budget",
        "budget_converted",
        "member_share_pct",
        "public_share_pct",
        "foundation_share_pct",
    ),
    "staff": ("members", "staff_count", "staff_fte", "budget_per_member", "staff_per_100_members"),
}


def comparison_table(
    cases: Mapping[str, Case], currency: str, year: int, lang: str, part: str = "money"
) -> pd.DataFrame:
    """The parameters side by side: one row per organisation (so that forty and more stay
    readable), one column per metric of `part` (COMPARISON_PARTS: members and money, or staff
    and ratios; technology has a table of its own); the marks of `synthesis.marker`. Only
    organisations and metrics with a known value are shown."""
    from analysis.compute.metrics import case_metrics

    metric_keys = COMPARISON_PARTS[part]

    decimals = {"budget_per_member": 0, "budget_converted": 0, "staff_per_100_members": 1}
    data = {}
    known: set[str] = set()  # the columns with at least one known value
    for case in cases.values():
        metrics = case_metrics(case, currency, year)
        column = {}
        for key in metric_keys:
            text = _cell(metrics[key], lang, decimals.get(key))
            name = label(f"metric.{key}", lang, currency=currency)
            if not metrics[key].missing:
                known.add(name)
                if key == "budget":
                    text = f"{text} {case.financing.budget.unit}"
            column[name] = text
        if any(not metrics[key].missing for key in metric_keys):
            data[case.title] = column  # a row of only n/a says nothing: the matrix shows it
    import pandas as pd

    frame = pd.DataFrame(data).T
    return frame[[c for c in frame.columns if c in known]] if len(frame) else frame


def comparison_sources(
    cases: Mapping[str, Case], currency: str, year: int, lang: str
) -> pd.DataFrame:
    """Every number of the comparison with its source kind and basis (fact or formula)."""
    from analysis.compute.metrics import comparison_long

    frame = comparison_long(cases, currency, year)
    frame = frame[frame["value"].notna()].copy()
    frame["metric"] = frame["metric"].map(lambda k: label(f"metric.{k}", lang, currency=currency))
    frame["value"] = [
        label("yes" if v else "no", lang) if yes_no else number(v, lang)
        for v, yes_no in zip(frame["value"], frame["yes_no"], strict=True)
    ]
    frame["source_kind"] = frame["source_kind"].map(lambda k: label(k, lang))
    frame["basis"] = frame["basis"].map(lambda b: basis_text(b, lang))
    frame["unit"] = frame["unit"].map(lambda u: unit_text(u, lang))
    out = frame[["name", "metric", "value", "unit", "source_kind", "basis"]]
    out.columns = [label(k, lang) for k in ("case", "field", "value", "unit", "source", "note")]
    return out.set_index(list(out.columns[:2]))


def fee_comparison_table(
    cases: Mapping[str, Case], currency: str, year: int, lang: str
) -> pd.DataFrame:
    from analysis.compute.metrics import fee_comparison

    frame = fee_comparison(cases, currency, year)
    rows = []
    for case in cases.values():
        part = frame[frame.case_id == case.case_id]
        names = level_names(case, lang)
        if part["level"].isna().all():
            continue  # no fee schedule: not a row of n/a (the coverage matrix says what is known)
        for level, group in part.groupby("level", sort=False):
            row = {
                label("case", lang): case.title,
                label("level", lang): names.get(level, level),
            }
            for r in group.itertuples():
                mark = "*" if r.source_kind in ("external", "own") else ""
                row[label("employees_n", lang, n=number(r.employees, lang))] = (
                    f"{number(round(r.fee_converted), lang)}{mark}"
                )
            row[label("source", lang)] = source_text(case.financing.fee_schedule, lang)
            rows.append(row)
    out = _frame(rows, list(rows[0]) if rows else [])
    return out.set_index(list(out.columns[:2]))


def technology_comparison(cases: Mapping[str, Case], lang: str) -> pd.DataFrame:
    rows = [
        {
            label("case", lang): case.title,
            label("technology.field", lang): fact_value(case.technology.field, lang),
            label("technology.flagships", lang): fact_value(case.technology.flagships, lang),
            label("technology.restricted", lang): fact_value(case.technology.restricted, lang),
            label("source", lang): "; ".join(
                dict.fromkeys(
                    source_text(f, lang)
                    for f in (case.technology.flagships, case.technology.restricted)
                    if not f.is_missing
                )
            ),
        }
        for case in cases.values()
        # an organisation of which nothing on technology is known is no row of n/a
        if not all(
            f.is_missing
            for f in (case.technology.field, case.technology.flagships, case.technology.restricted)
        )
    ]
    if not rows:
        return _frame([], [label("case", lang)])
    out = _frame(rows, list(rows[0]))
    return out.set_index(out.columns[0])


# ------------------------------------------------------------------ strategic choices (3.4)


def axis_table(positions, axis: str, cases: Mapping[str, Case], lang: str) -> pd.DataFrame:
    """One axis: every case's position and each input with its value, source and contribution."""
    rows = []
    for p in positions:
        if p.axis != axis or p.score is None:  # not placed: no row of n/a (the chart says so)
            continue
        name = cases[p.case_id].title
        for part in p.parts:
            if part.value is None:  # an unknown input is no row of n/a; the rule says what counts
                continue
            rows.append(
                {
                    label("case", lang): name,
                    label("score", lang): (
                        number(p.score, lang, 2) if p.score is not None else label("na", lang)
                    ),
                    label("input", lang): label(part.key, lang),
                    label("value", lang): part_value(part, lang),
                    label("component", lang): (
                        number(part.score, lang, 2) if part.score is not None else "-"
                    ),
                    label("source", lang): source_text(part.fact, lang),
                }
            )
    columns = [label(k, lang) for k in ("case", "score", "input", "value", "component", "source")]
    return _frame(rows, columns).set_index(columns[:3])


def rules_table(lang: str) -> pd.DataFrame:
    from analysis.compute.strategy import AXES

    rows = [
        {
            label("axis", lang): label(f"axis.{a.id}", lang),
            "0": label(f"axis.{a.id}.left", lang),
            "1": label(f"axis.{a.id}.right", lang),
            label("rule", lang): label(f"axis.{a.id}.rule", lang),
        }
        for a in AXES
    ]
    out = _frame(rows, list(rows[0]))
    return out.set_index(out.columns[0])


def scores_table(scores: pd.DataFrame, cases: Mapping[str, Case], lang: str) -> pd.DataFrame:
    scores = scores.dropna(how="all")  # an organisation on no axis is no row of n/a
    out = scores.rename(
        index={i: cases[i].title for i in scores.index},
        columns={a: label(f"axis.{a}", lang) for a in scores.columns},
    )
    return out.map(lambda v: label("na", lang) if _isna(v) else number(v, lang, 2))


def neighbours_table(neighbours, cases: Mapping[str, Case], focal: str, lang: str) -> pd.DataFrame:
    """The focal organisation's nearest cases and the differences that matter, in words."""
    rows = []
    for n in neighbours:
        words = []
        for axis, diff in n.differences:
            pole = label(f"axis.{axis}.right" if diff > 0 else f"axis.{axis}.left", lang)
            words.append(
                f"{label(f'axis.{axis}', lang)}: {label('more', lang)} {pole} "
                f"({number(abs(diff), lang, 2)})"
            )
        rows.append(
            {
                label("case", lang): cases[n.case_id].title,
                label("distance", lang): number(n.distance, lang, 2),
                label("shared_axes", lang): n.shared_axes,
                label("differences", lang): "; ".join(words) or "-",
            }
        )
    columns = [label(k, lang) for k in ("case", "distance", "shared_axes", "differences")]
    return _frame(rows, columns).set_index(columns[0])
