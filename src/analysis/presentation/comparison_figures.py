"""Figures of the cross-case comparison (3.3) and the strategic choices (3.4).

Missing values are written as n/a where their bar or dot would be; values resting on external
sources, own figures or computations are hatched; the focal organisation is drawn in a strong
colour with its name in bold.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import MaxNLocator

from analysis.compute.metrics import (
    FEE_SIZES,
    Metric,
    case_metrics,
    fee_comparison,
    priorities_frame,
)
from analysis.compute.parameters import DEFAULT_CURRENCY
from analysis.dataset.currency import DEFAULT_YEAR
from analysis.dataset.schema import Case, Fact
from analysis.presentation.canvas import NA_COLOUR, figure_title, na_note, new_figure
from analysis.presentation.display import level_names, number
from analysis.presentation.labels import label
from analysis.presentation.style import PALETTE, SOURCE_HATCH, colour, style
from analysis.presentation.synthesis import shown

if TYPE_CHECKING:
    import pandas as pd

    from analysis.compute.strategy import Position

FOCAL = "#000000"  # the focal organisation: black diamonds (shape and colour both differ)


def _unknown_note(fig: Figure, names: Sequence[str], lang: str, known: int) -> None:
    """One line under a chart: for how many of the organisations the value is known. The chart
    shows only those; the unknown ones are named once, in the coverage matrix (3.3)."""
    if names:
        text = label("chart_unknown", lang, n=known, m=known + len(names))
        # supxlabel, not fig.text: constrained layout keeps room for it under the axes
        fig.supxlabel(textwrap.fill(text, 120), x=0.01, ha="left", fontsize=8, color=NA_COLOUR)


def _unknown_height(names: Sequence[str]) -> float:
    return 0.41 if names else 0.0


def _colour_legend(fig: Figure, names: Sequence[str]) -> None:
    """A legend under the chart: one series colour per name, in order."""
    fig.legend(
        handles=[Patch(color=colour(i), label=name) for i, name in enumerate(names)],
        loc="outside right upper",  # the bottom holds the line of unknown organisations
        ncol=1,
        frameon=False,
        fontsize=8.5,
    )


def _hatch(metric: Metric) -> str:
    if metric.rests_on_external:
        return SOURCE_HATCH["external"]
    return SOURCE_HATCH.get(metric.source, "")


def metric_bars(
    cases: Mapping[str, Case],
    key: str,
    title: str,
    lang: str,
    currency: str,
    year: int,
    log: bool = False,
    decimals: int | None = None,
) -> Figure:
    """One horizontal bar per case with a known value, largest first; the cases whose value is
    unknown are named in one line under the chart."""
    pairs = [(c.title, case_metrics(c, currency, year)[key]) for c in cases.values()]
    shown_pairs = sorted(
        [(n, m) for n, m in pairs if m.value is not None], key=lambda nm: -(nm[1].value or 0)
    )
    unknown = [n for n, m in pairs if m.value is None]
    names = [n for n, _ in shown_pairs]
    metrics = [m for _, m in shown_pairs]
    with style():
        fig = new_figure(7.5, 0.9 + 0.4 * max(len(names), 1) + _unknown_height(unknown))
        ax = fig.add_subplot()
        ys = list(range(len(names)))[::-1]
        known = [m.value for m in metrics if m.value is not None]
        for y, m in zip(ys, metrics, strict=True):
            if m.value is None:
                continue
            ax.barh([y], [m.value], color=colour(0), hatch=_hatch(m), edgecolor="white", height=0.6)
            ax.text(
                m.value,
                y,
                f" {shown(m, lang, decimals)}" + (f" ({m.year})" if m.year else ""),
                va="center",
                fontsize=8.5,
            )
        ax.set_yticks(ys, names)
        if log and known:
            ax.set_xscale("log")
            ax.set_xlim(min(known) / 2, max(known) * 4)
        elif known:
            ax.set_xlim(0, max(known) * 1.25)
        if not log:
            ax.xaxis.set_major_locator(MaxNLocator(5))
        ax.xaxis.set_major_formatter(lambda v, _: number(v, lang))
        ax.xaxis.set_minor_formatter(lambda v, _: "")
        _unknown_note(fig, unknown, lang, known=len(names))
        figure_title(fig, title)
    return fig


def funding_comparison(cases: Mapping[str, Case], lang: str) -> Figure:
    """Member / public / foundation shares as stacked bars, one per case; n/a rows named."""
    keys = ("member_share_pct", "public_share_pct", "foundation_share_pct")
    # shares do not depend on currency or year; the defaults will do
    every = {c.title: case_metrics(c, DEFAULT_CURRENCY, DEFAULT_YEAR) for c in cases.values()}
    known = {n: m for n, m in every.items() if not all(m[k].missing for k in keys)}
    unknown = [n for n in every if n not in known]
    names = list(known)
    with style():
        fig = new_figure(7.5, 1.3 + 0.4 * max(len(names), 1) + _unknown_height(unknown))
        ax = fig.add_subplot()
        ys = list(range(len(names)))[::-1]
        for y, metrics in zip(ys, known.values(), strict=True):
            left = 0.0
            for i, k in enumerate(keys):
                m = metrics[k]
                if m.value is None:
                    continue
                ax.barh(
                    [y],
                    [m.value],
                    left=left,
                    color=colour(i),
                    hatch=_hatch(m),
                    edgecolor="white",
                    height=0.6,
                )
                left += m.value
        ax.set_yticks(ys, names)
        ax.set_xlim(0, 100)
        ax.set_xlabel(label("share_pct", lang))
        _colour_legend(fig, [label(k, lang) for k in ("member", "public", "foundation")])
        _unknown_note(fig, unknown, lang, known=len(names))
        figure_title(fig, label("funding_all_title", lang))
    return fig


def staff_comparison(cases: Mapping[str, Case], lang: str) -> Figure:
    """Head count and full-time equivalents side by side per case with either known; the others
    are named in one line under the chart."""
    # Head count and FTE do not depend on currency or year; any pair will do here.
    every = {
        c.title: [
            case_metrics(c, DEFAULT_CURRENCY, DEFAULT_YEAR)[k] for k in ("staff_count", "staff_fte")
        ]
        for c in cases.values()
    }
    unknown = [n for n, pair in every.items() if all(m.value is None for m in pair)]
    names = [n for n in every if n not in unknown]
    staff = [every[n] for n in names]
    with style():
        fig = new_figure(7.5, 1.3 + 0.5 * max(len(names), 1) + _unknown_height(unknown))
        ax = fig.add_subplot()
        ys = list(range(len(names)))[::-1]
        for y, pair in zip(ys, staff, strict=True):
            for j, m in enumerate(pair):
                yy = y + (0.18 if j == 0 else -0.18)
                if m.value is None:
                    na_note(ax, 0.05, yy, label("na", lang))
                    continue
                ax.barh(
                    [yy],
                    [m.value],
                    height=0.34,
                    color=colour(j),
                    hatch=_hatch(m),
                    edgecolor="white",
                )
                ax.text(m.value, yy, f" {shown(m, lang)}", va="center", fontsize=8)
        ax.set_yticks(ys, names)
        known = [m.value for pair in staff for m in pair if m.value is not None]
        ax.set_xlim(0, max([*known, 1]) * 1.2)
        _colour_legend(fig, [label(k, lang) for k in ("metric.staff_count", "metric.staff_fte")])
        _unknown_note(fig, unknown, lang, known=len(names))
        figure_title(fig, label("staff_chart_title", lang))
    return fig


def fee_comparison_chart(cases: Mapping[str, Case], currency: str, year: int, lang: str) -> Figure:
    """Fee for companies of 10, 100 and 1,000 employees per organisation and level."""
    frame = fee_comparison(cases, currency, year)
    groups = []
    unknown = []
    for case in cases.values():
        part = frame[frame.case_id == case.case_id]
        names = level_names(case, lang)
        if part["level"].isna().all():
            unknown.append(case.title)  # no fee schedule: counted under the chart, not a row
            continue
        for level, g in part.groupby("level", sort=False):
            groups.append((f"{case.title}: {names.get(level, level)}", g, g.source_kind.iloc[0]))
    known = len(cases) - len(unknown)
    with style():
        fig = new_figure(7.5, 1.4 + 0.5 * max(len(groups), 1) + _unknown_height(unknown))
        ax = fig.add_subplot()
        ys = list(range(len(groups)))[::-1]
        height = 0.8 / len(FEE_SIZES)
        for y, (_name, g, kind) in zip(ys, groups, strict=True):
            for j, size in enumerate(FEE_SIZES):
                value = float(g[g.employees == size].fee_converted.iloc[0])
                ax.barh(
                    [y + 0.4 - height * (j + 0.5)],
                    [value],
                    height=height * 0.9,
                    color=colour(j),
                    hatch=SOURCE_HATCH.get(kind, ""),
                    edgecolor="white",
                )
        ax.set_yticks(ys, [textwrap.fill(n, 38) for n, _, _ in groups])
        ax.xaxis.set_major_locator(MaxNLocator(5))
        ax.xaxis.set_major_formatter(lambda v, _: number(v, lang))
        ax.set_xlabel(f"{label('annual_fee', lang)} ({currency})")
        fig.legend(
            handles=[
                Patch(color=colour(j), label=label("employees_n", lang, n=number(s, lang)))
                for j, s in enumerate(FEE_SIZES)
            ],
            loc="outside right lower",  # clear of the long title and of the line under the chart
            ncol=1,
            frameon=False,
            fontsize=8.5,
        )
        _unknown_note(fig, unknown, lang, known=known)
        figure_title(fig, label("fee_chart_title", lang, currency=currency))
    return fig


def priority_heatmap(cases: Mapping[str, Case], segments: pd.DataFrame, lang: str) -> Figure:
    """All cases' coded Target Board priorities as one heatmap (seaborn); n/a cells marked."""
    import seaborn as sns

    frame = priorities_frame(cases)
    order = segments.sort_values("order")
    frame = frame[list(order.segment_id)]
    unknown = [cases[i].title for i in frame.index if frame.loc[i].isna().all()]
    frame = frame[frame.notna().any(axis=1)]
    # long names wrap, so that the six columns keep the width their headings need
    frame.index = [textwrap.fill(cases[i].title, 30) for i in frame.index]
    frame.columns = [textwrap.fill(t, 12) for t in order[f"label_{lang}"]]
    annot = frame.map(lambda v: label("na", lang) if v != v else str(int(v)))
    with style():
        fig = new_figure(9, 1.8 + 0.4 * max(len(frame), 1) + _unknown_height(unknown))
        ax = fig.add_subplot()
        sns.heatmap(
            frame,
            ax=ax,
            vmin=0,
            vmax=3,
            cmap="Blues",
            annot=annot,
            fmt="",
            cbar_kws={"label": label("priority", lang), "ticks": [0, 1, 2, 3]},
            linewidths=1,
            linecolor="white",
            mask=frame.isna(),
        )
        for y, row in enumerate(frame.itertuples(index=False)):
            for x, v in enumerate(row):
                if v != v:  # NaN: the coding is missing, say so in the empty cell
                    na_note(ax, x + 0.5, y + 0.5, label("na", lang), ha="center")
        ax.tick_params(axis="x", labelrotation=0, labelsize=8)
        ax.tick_params(axis="y", labelrotation=0)
        ax.set_xlabel("")
        _unknown_note(fig, unknown, lang, known=len(frame))
        figure_title(fig, label("heatmap_title", lang))
    return fig


def coverage_matrix(cases: Mapping[str, Case], lang: str) -> Figure:
    """What is known: organisations x the six parameters, each known cell showing the latest year
    a confirmed fact of it describes; unknown cells empty. Organisations in the order given."""
    from analysis.compute.coverage import PARAMETERS, known_since

    names = [c.title for c in cases.values()]
    known = [known_since(c) for c in cases.values()]
    with style():
        fig = new_figure(7.5, 1.4 + 0.28 * max(len(names), 1))
        ax = fig.add_subplot()
        ax.set_xlim(-0.5, len(PARAMETERS) - 0.5)
        ax.set_ylim(len(names) - 0.5, -0.5)
        for y, years in enumerate(known):
            for x, parameter in enumerate(PARAMETERS):
                year = years[parameter]
                if year is None:
                    continue
                ax.add_patch(
                    Rectangle((x - 0.46, y - 0.42), 0.92, 0.84, color=PALETTE["sky"], lw=0)
                )
                ax.text(x, y, str(year) if year else "", ha="center", va="center", fontsize=7.5)
        ax.set_xticks(
            range(len(PARAMETERS)),
            [label(f"param.{p}", lang) for p in PARAMETERS],
            fontsize=8,
            rotation=35,
            ha="left",
            rotation_mode="anchor",
        )
        ax.xaxis.tick_top()
        ax.set_yticks(range(len(names)), names, fontsize=8)
        ax.tick_params(length=0)
        for side in ("top", "right", "bottom", "left"):
            ax.spines[side].set_visible(False)
        figure_title(fig, label("coverage_title", lang))
    return fig


# ------------------------------------------------------------------ strategic choices


def _dots(ax, xs: list[float], ys: list[float], colours: list[str], focal_at: int | None) -> None:
    """All dots of a chart in one or two scatter calls (one artist each, fast with many cases);
    the focal organisation, if any, as a larger black diamond on top."""
    others = [i for i in range(len(xs)) if i != focal_at]
    if others:
        ax.scatter(
            [xs[i] for i in others],
            [ys[i] for i in others],
            s=60,
            zorder=3,
            color=[colours[i] for i in others],
            edgecolor="white",
        )
    if focal_at is not None:
        ax.scatter(
            [xs[focal_at]],
            [ys[focal_at]],
            s=110,
            zorder=4,
            marker="D",
            color=FOCAL,
            edgecolor="white",
        )


def axis_chart(
    positions: Sequence[Position],
    axis: str,
    cases: Mapping[str, Case],
    lang: str,
    focal: str | None = None,
) -> Figure:
    """One strategic axis as a dot plot: a row per case with a position between the two poles,
    the organisations without one named in a line under the chart; the focal organisation in
    bold as a black diamond (always a row, n/a where its position is unknown)."""
    mine = {p.case_id: p for p in positions if p.axis == axis}
    order = [c for c in cases if c in mine and (mine[c].score is not None or c == focal)]
    unknown = [cases[c].title for c in cases if c in mine and c not in order]
    with style():
        fig = new_figure(7.5, 1.2 + 0.4 * max(len(order), 1) + _unknown_height(unknown))
        ax = fig.add_subplot()
        ys = list(range(len(order)))[::-1]
        ax.hlines(ys, 0, 1, color="#DDDDDD", lw=0.8)
        xs: list[float] = []
        yy: list[float] = []
        colours: list[str] = []
        focal_at: int | None = None
        for i, (y, case_id) in enumerate(zip(ys, order, strict=True)):
            score = mine[case_id].score
            if score is None:
                na_note(ax, 0.5, y, label("na", lang), size=8.5, ha="center")
                continue
            if case_id == focal:
                focal_at = len(xs)
            xs.append(score)
            yy.append(y)
            colours.append(colour(i))
        _dots(ax, xs, yy, colours, focal_at)
        ax.set_yticks(ys, [cases[c].title for c in order])
        for tick, case_id in zip(ax.get_yticklabels(), order, strict=True):
            if case_id == focal:
                tick.set_fontweight("bold")
        ax.set_xlim(-0.04, 1.04)
        ax.set_ylim(-0.7, max(len(order), 1) - 0.3)
        ax.set_xticks(
            [0, 0.25, 0.5, 0.75, 1],
            [label(f"axis.{axis}.left", lang), "", "", "", label(f"axis.{axis}.right", lang)],
        )
        figure_title(fig, label(f"axis.{axis}", lang))
        _unknown_note(fig, unknown, lang, known=len(order))
    return fig


LEGEND_MAX = 12  # beyond this many organisations a colour legend no longer helps


def choices_overview(
    scores: pd.DataFrame, cases: Mapping[str, Case], lang: str, focal: str | None = None
) -> Figure:
    """All axes at once: one row per axis, a dot per case, the focal organisation highlighted.
    With more than LEGEND_MAX organisations only the focal one is named in the legend."""
    axes = list(scores.columns)
    order = list(cases)
    with style():
        fig = new_figure(8, 1.2 + 0.9 * len(axes))
        ax = fig.add_subplot()
        ys = list(range(len(axes)))[::-1]
        ax.hlines(ys, 0, 1, color=PALETTE["grey"], lw=0.8)
        for y, axis in zip(ys, axes, strict=True):
            ax.text(
                -0.02, y, label(f"axis.{axis}.left", lang), ha="right", va="center", fontsize=8.5
            )
            ax.text(
                1.02, y, label(f"axis.{axis}.right", lang), ha="left", va="center", fontsize=8.5
            )
            known = scores[axis].dropna()
            ids = list(known.index)
            _dots(
                ax,
                list(known.values),
                [y] * len(ids),
                [colour(order.index(i)) for i in ids],
                ids.index(focal) if focal in ids else None,
            )
        ax.set_yticks(ys, [label(f"axis.{a}", lang) for a in axes])
        ax.tick_params(axis="y", pad=95, length=0)
        ax.spines["left"].set_visible(False)
        ax.set_xlim(-0.02, 1.02)
        ax.set_xticks([])
        ax.spines["bottom"].set_visible(False)
        shown = list(scores.index) if len(scores) <= LEGEND_MAX else [i for i in [focal] if i]
        handles = [
            Patch(color=FOCAL if i == focal else colour(order.index(i)), label=cases[i].title)
            for i in shown
        ]
        if handles:
            fig.legend(
                handles=handles, loc="outside lower center", ncol=3, frameon=False, fontsize=8
            )
        figure_title(fig, label("choices_title", lang))
    return fig


# ------------------------------------------------------------------ registry


@dataclass(frozen=True)
class Inputs:
    """The plain data a comparison figure is drawn from."""

    cases: Mapping[str, Case]
    segments: pd.DataFrame  # the Target Board segments (reference table)
    lang: str
    currency: str
    year: int


@dataclass(frozen=True)
class ComparisonFigure:
    """How to draw a comparison figure from its inputs, its caption label, and the facts it shows
    (their sources make the source line)."""

    draw: Callable[[Inputs], Figure]
    caption: str
    facts: Callable[[Case], list[Fact]]
    source: str | None = None  # a label for the source line where it is not the facts' sources


def _both(first: Fact, second: Fact) -> list[Fact]:
    """The two facts behind a ratio, or none where the ratio cannot be computed."""
    known = all(getattr(f, "value", None) is not None and not f.about for f in (first, second))
    return [first, second] if known else []


def _bars(key: str, title: str, log: bool = False, decimals: int | None = None):
    def draw(inputs: Inputs) -> Figure:
        return metric_bars(
            inputs.cases,
            key,
            label(title, inputs.lang, currency=inputs.currency),
            inputs.lang,
            inputs.currency,
            inputs.year,
            log=log,
            decimals=decimals,
        )

    return draw


COMPARISON_FIGURES: dict[str, ComparisonFigure] = {
    "members": ComparisonFigure(
        _bars("members", "members_chart_title", log=True),
        "members_chart_caption",
        lambda c: [c.members.count],
    ),
    "budget": ComparisonFigure(
        _bars("budget_converted", "budget_chart_title", decimals=0),
        "budget_chart_caption",
        lambda c: [c.financing.budget],
    ),
    "funding": ComparisonFigure(
        lambda inputs: funding_comparison(inputs.cases, inputs.lang),
        "funding_all_caption",
        lambda c: [
            c.financing.member_share_pct,
            c.financing.public_share_pct,
            c.financing.foundation_share_pct,
        ],
    ),
    "staff": ComparisonFigure(
        lambda inputs: staff_comparison(inputs.cases, inputs.lang),
        "staff_chart_caption",
        lambda c: [c.staffing.staff_count, c.staffing.fte],
    ),
    "budget_per_member": ComparisonFigure(
        _bars("budget_per_member", "metric.budget_per_member", decimals=0),
        "ratio_budget_caption",
        # the sources of the bars drawn: only organisations whose ratio is known
        lambda c: _both(c.financing.budget, c.members.count),
    ),
    "staff_per_100_members": ComparisonFigure(
        _bars("staff_per_100_members", "metric.staff_per_100_members", decimals=1),
        "ratio_staff_caption",
        lambda c: _both(
            c.staffing.fte if c.staffing.fte.value is not None else c.staffing.staff_count,
            c.members.count,
        ),
    ),
    "fees": ComparisonFigure(
        lambda inputs: fee_comparison_chart(
            inputs.cases, inputs.currency, inputs.year, inputs.lang
        ),
        "fee_chart_caption",
        lambda c: [c.financing.fee_schedule],
    ),
    "coverage": ComparisonFigure(
        lambda inputs: coverage_matrix(inputs.cases, inputs.lang),
        "coverage_caption",
        lambda c: [],
        source="coverage_source",
    ),
    "priorities": ComparisonFigure(
        lambda inputs: priority_heatmap(inputs.cases, inputs.segments, inputs.lang),
        "heatmap_caption",
        lambda c: list(c.goals.priorities.by_segment().values()),
    ),
}
