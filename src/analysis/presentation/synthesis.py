"""The cross-case summary (report 3.3) written from the numbers, so that it changes with the data.

Sentence templates live in the label table (da/en); this module only chooses and fills them.
Values resting on external sources or own figures carry a '*', derived values a '†', ratios
whose inputs describe different years a '‡', and a head count standing in for FTE a '≤'.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping

from analysis.compute.metrics import Metric, case_metrics, priorities_frame
from analysis.dataset.schema import Case
from analysis.presentation.display import number
from analysis.presentation.labels import label


def marker(metric: Metric) -> str:
    """The marks after a value: * external or own, † derived, ‡ inputs from different years."""
    mark = "*" if metric.rests_on_external else ("†" if metric.source == "derived" else "")
    return mark + ("‡" if metric.years_apart else "")


def shown(metric: Metric, lang: str, decimals: int | None = None) -> str:
    """A metric as text with its marks: '≤ 6,7*‡' ('≤' where it is an upper bound)."""
    bound = "≤ " if metric.upper_bound else ""
    return bound + number(metric.value, lang, decimals) + marker(metric)


def _names(names: list[str], lang: str) -> str:
    return ", ".join(names) if names else label("nobody", lang)


def years_text(metrics: list[Metric]) -> str:
    """The years the values describe: '2022' or '2009-2024' (n/a where no year is known)."""
    years = sorted({m.year for m in metrics if m.year is not None})
    if not years:
        return ""
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"


def range_sentence(
    what: str, values: list[tuple[str, Metric]], lang: str, decimals: int | None = None
) -> str:
    """What is known of a quantity, among how many and for which years: 'X: known for 12 of 45
    organisations (2009-2024); median m, from low (A) to high (B).' The organisations whose
    value is unknown are not named here: the coverage matrix names them once."""
    known = [(n, m) for n, m in values if not m.missing]

    def fmt(m: Metric) -> str:
        return shown(m, lang, decimals)

    if not known:
        return label("sum_none", lang, what=what)
    metrics = [m for _, m in known]
    years = years_text(metrics)
    if len(known) == 1:
        name, m = known[0]
        return label(
            "sum_single", lang, what=what, name=name, value=fmt(m), m=len(values), years=years
        )
    low = min(known, key=lambda nm: nm[1].value or 0.0)  # known: no value is None
    high = max(known, key=lambda nm: nm[1].value or 0.0)
    median = statistics.median(m.value for m in metrics if m.value is not None)
    return label(
        "sum_range" if len(known) >= 3 else "sum_range_few",  # a median of two says nothing
        lang,
        what=what,
        n=len(known),
        m=len(values),
        years=years,
        median=number(median, lang, decimals),
        low=fmt(low[1]),
        low_name=low[0],
        high=fmt(high[1]),
        high_name=high[0],
    )


def summary(
    cases: Mapping[str, Case],
    segment_labels: Mapping[str, str],
    currency: str,
    year: int,
    lang: str,
) -> list[str]:
    """The summary sentences, in `lang`, for the given cases."""
    metrics = {c.case_id: case_metrics(c, currency, year) for c in cases.values()}
    names = {c.case_id: c.title for c in cases.values()}

    def pairs(key: str) -> list[tuple[str, Metric]]:
        return [(names[i], metrics[i][key]) for i in cases]

    def what(key: str) -> str:
        return label(f"sum_what.{key}", lang, currency=currency)

    staff = [
        (names[i], m["staff_fte"] if not m["staff_fte"].missing else m["staff_count"])
        for i, m in metrics.items()
    ]
    sentences = [
        range_sentence(what("members"), pairs("members"), lang),
        range_sentence(what("budget_converted"), pairs("budget_converted"), lang, 0),
        range_sentence(what("member_share_pct"), pairs("member_share_pct"), lang),
        range_sentence(what("public_share_pct"), pairs("public_share_pct"), lang),
        range_sentence(what("staff"), staff, lang),
        range_sentence(what("budget_per_member"), pairs("budget_per_member"), lang, 0),
        range_sentence(what("staff_per_100_members"), pairs("staff_per_100_members"), lang, 1),
    ]
    restricted = [
        names[i] + marker(m["restricted"])
        for i, m in metrics.items()
        if m["restricted"].value == 1.0
    ]
    open_ = [
        names[i] + marker(m["restricted"])
        for i, m in metrics.items()
        if m["restricted"].value == 0.0
    ]
    unknown = [names[i] for i, m in metrics.items() if m["restricted"].missing]
    sentences.append(
        label(
            "sum_tech",
            lang,
            restricted=_names(restricted, lang),
            open=_names(open_, lang),
            rest=len(unknown),
        )
    )
    prios = priorities_frame(cases).dropna(how="all")
    if prios.empty:
        sentences.append(label("sum_priority_none", lang))
    else:
        means = prios.mean(axis=0, skipna=True).dropna()
        top, bottom = means.idxmax(), means.idxmin()
        one = len(prios) == 1  # "among the 1 organisations" would not read
        sentences.append(
            label(
                "sum_priority_one" if one else "sum_priority",
                lang,
                k=len(prios),
                name=names[prios.index[0]],
                top=segment_labels[top],
                top_avg=number(means[top], lang, 1),
                bottom=segment_labels[bottom],
                bottom_avg=number(means[bottom], lang, 1),
            )
        )
    if any(m.rests_on_external for ms in metrics.values() for m in ms.values()):
        sentences.append(label("sum_sources", lang))
    return sentences
