"""One function per figure. Each returns a matplotlib Figure (no pyplot state, no backend forced),
so the same code serves the notebooks, the report build and any script."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, FancyBboxPatch, Patch
from matplotlib.ticker import MaxNLocator

from analysis.dataset.schema import Case, Fact, Observed, PriorityFact
from analysis.presentation.canvas import figure_title, na_note, new_figure
from analysis.presentation.display import level_names, missing_text, number
from analysis.presentation.labels import label
from analysis.presentation.style import PALETTE, SOURCE_HATCH, SOURCE_LINESTYLE, colour, style

if TYPE_CHECKING:
    import pandas as pd

RINGS = 4  # the target board's rings; priority 3 sits in the innermost, 0 in the outermost


def placeholder(title: str, fact: Fact | None, lang: str) -> Figure:
    """A small figure that says plainly that the data is missing (shown instead of a blank)."""
    with style():
        fig = new_figure(7.5, 1.6)
        ax = fig.add_subplot()
        figure_title(fig, title)
        ax.text(
            0.5,
            0.45,
            missing_text(fact, lang),
            ha="center",
            va="center",
            fontsize=13,
            color=PALETTE["grey"],
            transform=ax.transAxes,
        )
        ax.set_axis_off()
    return fig


# ------------------------------------------------------------------ background figures


def theory_timeline(theories: pd.DataFrame, lang: str) -> Figure:
    """Section 2.1: the cluster theories by year, one row each (author and concept as labels)."""
    rows = theories.sort_values("year", ascending=False).reset_index(drop=True)
    with style():
        fig = new_figure(8, 0.45 * len(rows) + 1.2)
        ax = fig.add_subplot()
        names = [f"{row.author} ({row.year}): {row.concept}" for row in rows.itertuples()]
        ax.hlines(names, 1880, rows["year"], color=PALETTE["grey"], lw=0.8)
        ax.scatter(rows["year"], names, s=45, color=colour(0), zorder=3)
        for row, name in zip(rows.itertuples(), names, strict=True):
            ax.annotate(
                str(row.year),
                (row.year, name),
                textcoords="offset points",
                xytext=(7, 0),
                va="center",
                fontsize=8.5,
            )
        ax.set_xlim(1880, 2015)
        ax.set_xlabel(label("year", lang))
        figure_title(fig, label("timeline_title", lang))
    return fig


def _board(ax, segments: pd.DataFrame, lang: str) -> dict[str, float]:
    """Draw the empty board; return each segment's middle angle (radians)."""
    for ring in range(RINGS, 0, -1):
        shade = 0.97 - 0.07 * (RINGS - ring)
        ax.add_patch(
            Circle((0, 0), ring, facecolor=(shade, shade, shade), edgecolor="white", lw=1.5)
        )
    rows = segments.sort_values("order").reset_index(drop=True)
    step = 2 * math.pi / len(rows)
    angles = {}
    for i, row in rows.iterrows():
        start = math.pi / 2 - i * step
        ax.plot([0, RINGS * math.cos(start)], [0, RINGS * math.sin(start)], color="white", lw=2)
        mid = start - step / 2
        angles[row.segment_id] = mid
        name = row.label_da if lang == "da" else row.label_en
        x, y = (RINGS + 0.35) * math.cos(mid), (RINGS + 0.35) * math.sin(mid)
        ha = "left" if x > 0.3 else ("right" if x < -0.3 else "center")
        ax.text(x, y, textwrap.fill(name, 16), ha=ha, va="center", fontsize=9)
    ax.set_xlim(-RINGS - 2.6, RINGS + 2.6)
    ax.set_ylim(-RINGS - 0.9, RINGS + 0.9)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return angles


def target_board(segments: pd.DataFrame, lang: str) -> Figure:
    """Figure 1: the six objective segments, nearer the centre = pursued by more initiatives.

    Positions use the Greenbook's shares where `share_pct` is filled in for every segment,
    otherwise the report's ordinal ranking (`rank_tier`, 1 = most often pursued).
    """
    use_shares = bool(segments["share_pct"].notna().all())
    tiers = int(segments["rank_tier"].max())
    with style():
        fig = new_figure(7.5, 6)
        ax = fig.add_subplot()
        angles = _board(ax, segments, lang)
        for _, row in segments.iterrows():
            if use_shares:
                radius = RINGS * (1 - float(row.share_pct) / 100)
                text = f"{number(float(row.share_pct), lang)} %"
            else:
                radius = (row.rank_tier - 0.5) * RINGS / tiers
                text = f"{label('rank_tier', lang).split(' (')[0]} {row.rank_tier}"
            x, y = (
                radius * math.cos(angles[row.segment_id]),
                radius * math.sin(angles[row.segment_id]),
            )
            ax.scatter([x], [y], s=120, color=PALETTE["blue"], edgecolor="white", zorder=5)
            ax.text(x, y - 0.42, text, ha="center", va="top", fontsize=8)
        figure_title(fig, label("fig1_title", lang))
    return fig


def case_target_board(segments: pd.DataFrame, case: Case, lang: str) -> Figure:
    """Figure 3: a case's priority (0-3) per segment as a dot; 3 near the centre, 0 at the edge.

    Missing priorities are written as n/a in their segment. Priorities are never stated by the
    report: our coding of its text is drawn as a hollow ring, an organisation's own figure as a
    filled dot, and the legend says which is which.
    """
    priorities: dict[str, PriorityFact] = case.goals.priorities.by_segment()
    kinds: set[str] = set()
    with style():
        fig = new_figure(7.5, 6)
        ax = fig.add_subplot()
        angles = _board(ax, segments, lang)
        for segment, fact in priorities.items():
            angle = angles[segment]
            if fact.value is None:
                x, y = 2 * math.cos(angle), 2 * math.sin(angle)
                na_note(ax, x, y, missing_text(fact, lang), ha="center")
                continue
            radius = RINGS - 0.5 - fact.value
            x, y = radius * math.cos(angle), radius * math.sin(angle)
            filled = fact.source != "coded"
            kinds.add(fact.source)
            ax.scatter(
                [x],
                [y],
                s=150,
                zorder=5,
                linewidth=2,
                color=PALETTE["vermillion"] if filled else "white",
                edgecolor=PALETTE["vermillion"],
            )
            ax.text(x, y - 0.42, str(fact.value), ha="center", va="top", fontsize=8)
        handles = [
            Line2D(
                [],
                [],
                linestyle="",
                marker="o",
                markersize=9,
                markeredgewidth=2,
                markeredgecolor=PALETTE["vermillion"],
                markerfacecolor="white" if kind == "coded" else PALETTE["vermillion"],
                label=label("legend_coded" if kind == "coded" else "legend_own", lang),
            )
            for kind in sorted(kinds)
        ]
        if handles:
            fig.legend(handles=handles, loc="lower left", frameon=False, fontsize=8.5)
        figure_title(fig, label("fig3_title", lang, name=case.title))
    return fig


HISTORY_FIELDS = (
    "members.count",
    "financing.budget",
    "staffing.staff_count",
    "staffing.fte",
)


def history_series(case: Case) -> dict[str, list[Observed]]:
    """The dated fields of a case with two or more observations, oldest first."""
    out = {}
    for path in HISTORY_FIELDS:
        node: object = case
        for part in path.split("."):
            node = getattr(node, part)
        if isinstance(node, Observed):
            dated = [f for f in node.observations() if f.as_of_year is not None]
            if len(dated) >= 2:
                out[path] = dated
    return out


def history_chart(case: Case, lang: str) -> Figure | None:
    """A small time series per dated field with two or more observations (None: no field has
    two); the report's values filled, values from other sources hollow."""
    series = history_series(case)
    if not series:
        return None
    with style():
        fig = new_figure(7.5, 2.6 if len(series) <= 2 else 4.8)
        rows = 1 if len(series) <= 2 else 2
        cols = 1 if len(series) == 1 else 2
        for i, (path, facts) in enumerate(series.items()):
            ax = fig.add_subplot(rows, cols, i + 1)
            xs = [f.as_of_year or 0 for f in facts]
            ys = [float(getattr(f, "value", 0) or 0) for f in facts]
            ax.plot(xs, ys, color=PALETTE["grey"], lw=1, zorder=1)
            for x, y, f in zip(xs, ys, facts, strict=True):
                stated = f.source == "report"
                ax.scatter(
                    [x],
                    [y],
                    s=36,
                    zorder=2,
                    linewidth=1.5,
                    color=PALETTE["blue"] if stated else "white",
                    edgecolor=PALETTE["blue"],
                )
            # the currency for amounts; counts say what they count in the tables, not here
            unit = f" ({getattr(facts[-1], 'unit', '')})" if path == "financing.budget" else ""
            ax.set_title(textwrap.fill(label(path, lang) + unit, 40), fontsize=9.5, loc="left")
            ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
            ax.yaxis.set_major_locator(MaxNLocator(nbins=4))
            ax.yaxis.set_major_formatter(lambda v, _: number(v, lang))
            ax.set_ylim(0, max(ys) * 1.15 if max(ys) > 0 else 1)
            ax.tick_params(labelsize=8)
        present = {f.source == "report" for facts in series.values() for f in facts}
        handles = [
            Line2D(
                [],
                [],
                linestyle="",
                marker="o",
                markersize=6,
                markeredgecolor=PALETTE["blue"],
                markerfacecolor=PALETTE["blue"] if kind else "white",
                label=label("legend_report" if kind else "legend_other_sources", lang),
            )
            for kind in sorted(present, reverse=True)
        ]
        fig.legend(handles=handles, loc="outside lower center", ncol=2, frameon=False, fontsize=8)
        figure_title(fig, label("history_title", lang, name=case.title))
    return fig


def activity_map(activities: pd.DataFrame, lang: str) -> Figure:
    """Figure 2: the nine activity types on a diagonal from service provider to catalyst."""
    rows = activities.sort_values("position").reset_index(drop=True)
    with style():
        fig = new_figure(9, 6.5)
        ax = fig.add_subplot()
        n = len(rows)
        for i, row in rows.iterrows():
            x, y = i / (n - 1), i / (n - 1)
            name = row.label_da if lang == "da" else row.label_en
            shade = colour(0) if i < n / 2 else colour(1)
            box = FancyBboxPatch(
                (x - 0.11, y - 0.04),
                0.22,
                0.08,
                boxstyle="round,pad=0.01",
                facecolor=shade,
                alpha=0.18,
                edgecolor=shade,
                lw=1.2,
            )
            ax.add_patch(box)
            ax.text(
                x,
                y,
                f"{row.position}. " + textwrap.fill(name, 24),
                ha="center",
                va="center",
                fontsize=8,
            )
        ax.annotate(
            "",
            xy=(1.13, 0.99),
            xytext=(0.03, -0.11),
            arrowprops={"arrowstyle": "->", "color": PALETTE["grey"], "lw": 1.2},
        )
        ax.set_xlim(-0.16, 1.16)
        ax.set_ylim(-0.12, 1.12)
        ax.set_xticks([0, 1], [label("service_provider", lang), label("catalyst", lang)])
        ax.set_yticks([])
        ax.set_xlabel(label("involvement", lang))
        ax.set_ylabel(label("effect", lang))
        figure_title(fig, label("fig2_title", lang))
    return fig


def staffing_study_chart(study: pd.DataFrame, lang: str) -> Figure:
    """Section 3.1: German cluster organisations by number of staff (share in %)."""
    with style():
        fig = new_figure(6.4, 3.6)
        ax = fig.add_subplot()
        bars = ax.bar(study["band"], study["share_pct"], color=colour(0), width=0.6)
        ax.bar_label(bars, labels=[f"{number(v, lang)} %" for v in study["share_pct"]], padding=2)
        ax.set_xlabel(label("staff_band", lang))
        ax.set_ylabel(label("organisations_pct", lang))
        ax.set_ylim(0, 100)
        figure_title(fig, label("staffing_study_title", lang))
    return fig


# ------------------------------------------------------------------ case figures


def funding_mix(case: Case, lang: str) -> Figure:
    """The case's funding mix as one stacked bar; n/a shares are named, derived/external hatched."""
    fin = case.financing
    parts = [
        ("member", fin.member_share_pct),
        ("public", fin.public_share_pct),
        ("foundation", fin.foundation_share_pct),
    ]
    title = label("funding_title", lang, name=case.title)
    if all(fact.value is None for _, fact in parts):
        return placeholder(title, fin.member_share_pct, lang)
    with style():
        fig = new_figure(7.5, 2.6)
        ax = fig.add_subplot()
        left = 0.0
        handles = []
        for i, (key, fact) in enumerate(parts):
            name = label(key, lang)
            if fact.value is None:
                handles.append(
                    Patch(
                        facecolor="white",
                        edgecolor=PALETTE["grey"],
                        label=f"{name}: {missing_text(fact, lang)}",
                    )
                )
                continue
            bar = ax.barh(
                [0],
                [fact.value],
                left=left,
                color=colour(i),
                edgecolor="white",
                hatch=SOURCE_HATCH[fact.source],
                height=0.6,
            )
            if fact.value >= 6:
                ax.bar_label(
                    bar,
                    labels=[f"{number(fact.value, lang)} %"],
                    label_type="center",
                    color="white",
                    fontweight="bold",
                )
            handles.append(
                Patch(
                    facecolor=colour(i),
                    hatch=SOURCE_HATCH[fact.source],
                    label=f"{name}: {number(fact.value, lang)} %",
                )
            )
            left += fact.value
        ax.set_xlim(0, 100)
        ax.set_yticks([])
        ax.set_xlabel(label("share_pct", lang))
        if any(f.source in ("derived", "external") for _, f in parts if f.value is not None):
            # the hatching explained as an entry of the legend, where it cannot collide with it
            handles.append(
                Patch(
                    facecolor="white",
                    edgecolor=PALETTE["grey"],
                    hatch=SOURCE_HATCH["derived"],
                    label=label("hatched_note", lang),
                )
            )
        fig.legend(handles=handles, loc="outside lower center", ncol=3, frameon=False, fontsize=8.5)
        figure_title(fig, title)
    return fig


def fee_curves(case: Case, lang: str, max_employees: int = 1000) -> Figure:
    """Annual fee against company size, one line per level; external schedules dashed."""
    from analysis.compute.fees import level_fee

    schedule = case.financing.fee_schedule
    title = label("fees_title", lang, name=case.title)
    if not schedule.levels:
        return placeholder(title, schedule, lang)
    names = level_names(case, lang)
    sizes = list(range(0, max_employees + 1, max(1, max_employees // 200)))
    with style():
        fig = new_figure(7.5, 4)
        ax = fig.add_subplot()
        for i, level in enumerate(schedule.levels):
            fees = [level_fee(level, n)[0] for n in sizes]
            ax.plot(
                sizes,
                fees,
                color=colour(i),
                lw=2,
                linestyle=SOURCE_LINESTYLE[schedule.source],
                label=names.get(level.level, level.level),
            )
            if level.cap is not None and level.per_employee:
                reach = math.ceil((level.cap - level.fixed) / level.per_employee)
                if reach <= max_employees:
                    ax.scatter([reach], [level.cap], color=colour(i), zorder=4, s=25)
                    ax.annotate(
                        f"{label('cap', lang)} {number(level.cap, lang)}",
                        (reach, level.cap),
                        textcoords="offset points",
                        xytext=(6, -12),
                        fontsize=8,
                    )
        ax.set_xlabel(label("employees", lang))
        ax.set_ylabel(f"{label('annual_fee', lang)} ({schedule.currency})")
        ax.set_ylim(bottom=0)
        ax.set_xlim(0, max_employees)
        ax.yaxis.set_major_formatter(lambda v, _: number(v, lang))
        ax.legend(title=label("level", lang), frameon=False)
        figure_title(fig, title)
        if schedule.source == "external":
            fig.text(
                0.99, 0.01, label("dashed_note", lang), ha="right", fontsize=7.5, color="#555555"
            )
    return fig


def staff_roles(case: Case, lang: str) -> Figure:
    """Roles in the secretariat (number of people); roles without a count are marked n/a."""
    roles = case.staffing.roles
    title = label("roles_title", lang, name=case.title)
    if not roles.items:
        return placeholder(title, roles, lang)
    items = list(reversed(roles.items))
    with style():
        fig = new_figure(7.5, 0.5 + 0.42 * len(items) + 1.2)
        ax = fig.add_subplot()
        names = [textwrap.fill(item.label(lang), 40) for item in items]
        counts = [item.count or 0 for item in items]
        bars = ax.barh(names, counts, color=colour(0), hatch=SOURCE_HATCH[roles.source], height=0.6)
        ax.bar_label(
            bars,
            labels=[
                number(item.count, lang) if item.count is not None else missing_text(None, lang)
                for item in items
            ],
            padding=3,
        )
        ax.set_xlabel(label("count", lang))
        ax.set_xlim(0, max([*counts, 1]) * 1.2)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        figure_title(fig, title)
        staff = case.staffing
        ax.set_title(
            f"{label('staffing.staff_count', lang)}: "
            f"{number(staff.staff_count.value, lang)}; {label('staffing.fte', lang)}: "
            f"{number(staff.fte.value, lang)}",
            loc="left",
            fontsize=9,
            fontweight="normal",
            color="#333333",
        )
        if roles.source in ("derived", "external"):
            fig.text(
                0.99, 0.01, label("hatched_note", lang), ha="right", fontsize=7.5, color="#555555"
            )
    return fig


# ------------------------------------------------------------------ registry


@dataclass(frozen=True)
class CaseFigure:
    """A case figure: how to draw it, its caption label, and the facts it shows (their sources
    make the caption's source line)."""

    draw: Callable[[Case, str, pd.DataFrame], Figure]  # (case, lang, target board segments)
    caption: str
    facts: Callable[[Case], list[Fact]]


CASE_FIGURES: dict[str, CaseFigure] = {
    "funding": CaseFigure(
        lambda case, lang, _: funding_mix(case, lang),
        "funding_caption",
        lambda c: [
            c.financing.member_share_pct,
            c.financing.public_share_pct,
            c.financing.foundation_share_pct,
        ],
    ),
    "fees": CaseFigure(
        lambda case, lang, _: fee_curves(case, lang),
        "fees_caption",
        lambda c: [c.financing.fee_schedule],
    ),
    "target_board": CaseFigure(
        lambda case, lang, segments: case_target_board(segments, case, lang),
        "fig3_caption",
        lambda c: list(c.goals.priorities.by_segment().values()),
    ),
    "roles": CaseFigure(
        lambda case, lang, _: staff_roles(case, lang),
        "roles_caption",
        lambda c: [c.staffing.roles, c.staffing.staff_count, c.staffing.fte],
    ),
}


@dataclass(frozen=True)
class ReferenceFigure:
    """A background figure drawn from one reference table, with caption and source labels."""

    table: str
    draw: Callable[[pd.DataFrame, str], Figure]
    caption: str
    source: str


REFERENCE_FIGURES: dict[str, ReferenceFigure] = {
    "theory_timeline": ReferenceFigure(
        "cluster_theories", theory_timeline, "timeline_caption", "timeline_source"
    ),
    "figure_1": ReferenceFigure(
        "target_board_segments", target_board, "fig1_caption", "fig1_source"
    ),
    "figure_2": ReferenceFigure("reglab_activities", activity_map, "fig2_caption", "fig2_source"),
    "staffing_study": ReferenceFigure(
        "staffing_study", staffing_study_chart, "staffing_study_caption", "staffing_study_source"
    ),
}


def target_board_basis(segments: pd.DataFrame, lang: str) -> str:
    """Says what the positions of Figure 1 rest on: shares when all are known, else the ranking."""
    key = "fig1_basis_share" if bool(segments["share_pct"].notna().all()) else "fig1_basis_rank"
    return label(key, lang)
