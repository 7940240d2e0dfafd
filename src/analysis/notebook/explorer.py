"""The explorer: pick organisations, a measure and a year and see the comparison change; enter
one's own organisation's figures and see where it would stand, live, with nothing written to
`data/` unless asked.

Two layers: plain functions that compute what is shown (`compare_view`, `own_case`,
`placement`, `save_case`: testable without a browser) and `Explorer`, the ipywidgets that call
them (in JupyterLab, and as a web app with Voilà: `make explore`). A state the data cannot
answer (nothing known for the selection and year, an organisation on too few axes) is a
sentence, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.compute.metrics import case_metrics
from analysis.compute.parameters import DEFAULT_CURRENCY, DEFAULT_LANG
from analysis.compute.selection import select_cases, snapshot
from analysis.compute.strategy import FEWEST_AXES, MIN_SHARED_AXES, nearest, positions_frame
from analysis.dataset.coding import code_cases
from analysis.dataset.currency import DEFAULT_YEAR
from analysis.dataset.errors import DataError, Problem
from analysis.dataset.loading import Dataset, load_dataset, parse_case
from analysis.dataset.schema import Case
from analysis.presentation.canvas import render
from analysis.presentation.comparison_figures import metric_bars
from analysis.presentation.display import basis_text, country_names, number, sources_line
from analysis.presentation.labels import label
from analysis.presentation.tables import get_fact, neighbours_table

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from analysis.notebook.book import Notebook

# the measures one can compare (keys of analysis.compute.metrics.case_metrics)
MEASURES = (
    "members",
    "budget_converted",
    "staff_fte",
    "staff_count",
    "budget_per_member",
    "staff_per_100_members",
    "public_share_pct",
    "member_share_pct",
)
OWN_ID = "your_organisation"
# the facts each measure rests on (their sources are the table's source column)
INPUTS: dict[str, tuple[str, ...]] = {
    "members": ("members.count",),
    "budget_converted": ("financing.budget",),
    "staff_fte": ("staffing.fte",),
    "staff_count": ("staffing.staff_count",),
    "budget_per_member": ("financing.budget", "members.count"),
    "staff_per_100_members": ("staffing.fte", "staffing.staff_count", "members.count"),
    "public_share_pct": ("financing.public_share_pct",),
    "member_share_pct": ("financing.member_share_pct",),
}


@dataclass(frozen=True)
class View:
    """What the comparison tab shows: a chart (None where nothing is known), the values with
    their years and sources, and a sentence where the data cannot answer."""

    figure: Figure | None
    table: pd.DataFrame
    message: str


def compare_view(
    data: Dataset,
    measure: str = "members",
    group: Sequence[str] = (),
    sector: Sequence[str] = (),
    country: Sequence[str] = (),
    kind: str = "default",
    as_of: int | None = None,
    lang: str = DEFAULT_LANG,
    currency: str = DEFAULT_CURRENCY,
    year: int = DEFAULT_YEAR,
) -> View:
    """The comparison of one measure among the organisations the filters choose, as known for
    `as_of` (None: each field's headline value)."""
    import pandas as pd

    chosen = select_cases(
        data.cases,
        group=list(group),
        sector=list(sector),
        country=list(country),
        sectors=set(data.reference.sectors.sector_id),
        kind=kind or "default",
    )
    cases = snapshot(chosen, as_of)
    columns = [label(k, lang) for k in ("case", "value", "year", "source", "basis")]
    rows = []
    for case in cases.values():
        metric = case_metrics(case, currency, year)[measure]
        if metric.value is None:
            continue
        facts = [get_fact(case, path) for path in INPUTS[measure]]
        rows.append(
            {
                columns[0]: case.title,
                columns[1]: number(metric.value, lang, 0 if metric.value >= 100 else None),
                columns[2]: str(metric.year) if metric.year else label("na", lang),
                columns[3]: sources_line(facts, lang),
                columns[4]: basis_text(metric.basis, lang),
            }
        )
    table = pd.DataFrame(rows, columns=columns)
    what = label(f"metric.{measure}", lang, currency=currency)
    if not chosen:
        return View(None, table, label("explore.none_selected", lang))
    if not rows:
        when = str(as_of) if as_of is not None else label("explore.latest", lang)
        return View(None, table, label("explore.nothing_known", lang, what=what, year=when))
    figure = metric_bars(
        cases, measure, what, lang, currency, year, log=measure == "members", decimals=None
    )
    message = label("explore.known_for", lang, n=str(len(rows)), m=str(len(cases)))
    return View(figure, table, message)


def own_case(
    name: str,
    members: int | None = None,
    budget: float | None = None,
    currency: str = DEFAULT_CURRENCY,
    fte: float | None = None,
    sector: str = "cleantech",
    services: Sequence[str] = (),
    goals: str = "",
    country: str = "DK",
) -> Case:
    """A case file of one's own organisation from what is typed in (each value `own`, dated
    today), validated like any case file; a DataError names what is wrong."""
    today = dt.date.today().isoformat()
    own = {"source": "own", "date": today, "note": "entered in the explorer"}
    record: dict[str, Any] = {
        "case_id": OWN_ID,
        "group": "own",
        "kind": {"value": "cluster_organisation", **own},
        "sector": sector,
        "country_codes": [country],
        "name": {"value": name.strip() or "?", **own},
    }
    if members is not None:
        record.setdefault("members", {})["count"] = {
            "value": int(members),
            "unit": "members",
            **own,
        }
    if budget is not None:
        record.setdefault("financing", {})["budget"] = {
            "value": float(budget),
            "unit": currency,
            **own,
        }
    if fte is not None:
        record.setdefault("staffing", {})["fte"] = {"value": float(fte), "unit": "FTE", **own}
    lines = [line.strip() for line in services if line.strip()]
    if lines:
        record["services"] = {
            "services": {"items": [{"da": line, "en": line} for line in lines], **own}
        }
    if goals.strip():
        text = " ".join(goals.split())
        record["goals"] = {"mission": {"da": text, "en": text, **own}}
    from pydantic import ValidationError

    from analysis.dataset.loading import validation_problems

    try:
        return Case.model_validate(record)
    except ValidationError as exc:
        raise DataError(validation_problems("(explorer)", exc)) from None


@dataclass(frozen=True)
class Placement:
    """Where an organisation stands: its position on each axis (None where unknown), its
    nearest organisations as a table (None where it stands on too few axes) and a sentence."""

    scores: dict[str, float | None]
    neighbours: pd.DataFrame | None
    message: str


def placement(data: Dataset, case: Case, lang: str = DEFAULT_LANG) -> Placement:
    """The organisation among the ones compared by default: coded by the same rules as all of
    them, placed on the five axes, and its nearest organisations."""
    coded = code_cases({case.case_id: case}, data.reference)[case.case_id]
    peers = {**select_cases(data.cases, kind="default"), case.case_id: coded}
    scores = positions_frame(peers, data.reference)
    mine = scores.loc[case.case_id]
    placed = {axis: (None if value != value else float(value)) for axis, value in mine.items()}
    known = [a for a, v in placed.items() if v is not None]
    if len(known) < FEWEST_AXES:
        missing = ", ".join(label(f"axis.{a}", lang) for a in placed if placed[a] is None)
        text = label("explore.too_few_axes", lang, k=str(len(known)), missing=missing)
        return Placement(placed, None, text)
    found = nearest(scores, case.case_id, min_shared=min(MIN_SHARED_AXES, len(known)))
    table = neighbours_table(found[:5], peers, case.case_id, lang) if found else None
    text = label("explore.placed", lang, k=str(len(known)))
    return Placement(placed, table, text)


def save_case(case: Case, data_dir: Path) -> Path:
    """Write the organisation as a case file of `data_dir`/cases (only when the user asks),
    named by a slug of its name; it is read back and validated like any case file before it
    stays, and an existing file is never overwritten."""
    import yaml

    slug = re.sub(r"[^a-z0-9]+", "_", (case.name.value or "").lower()).strip("_") or "own"
    record = case.model_dump(mode="json", exclude_defaults=True)
    record["case_id"] = slug
    folder = data_dir / "cases"
    path = folder / f"{slug}.yaml"
    if path.exists():
        raise DataError([Problem(str(path), "case_id", slug, "a case file of that name exists")])
    text = yaml.safe_dump(record, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    checked, problems = parse_case(path)
    if checked is None:
        path.unlink()
        raise DataError(problems)
    return path


# ------------------------------------------------------------------ the widgets


def _png(figure: Figure) -> bytes:
    return render(figure, "png")


class Explorer:
    """The explorer's two tabs as ipywidgets: 'Compare' (filters, a measure and a year; the chart
    and the table follow) and 'Your organisation' (its figures; its placement and nearest
    organisations follow). `show()` displays them; `static()` shows the default state as plain
    outputs (the report's page)."""

    def __init__(
        self,
        data: Dataset | None = None,
        lang: str = DEFAULT_LANG,
        data_dir: str | Path | None = None,
    ) -> None:
        self.data = data or load_dataset(data_dir or None)
        self.lang = lang
        self.data_dir = self.data.data_dir
        self._widgets: dict[str, Any] = {}

    # -- what is drawn, without widgets (the report's static page, the tests)

    def view(self, **choices: Any) -> View:
        return compare_view(self.data, lang=self.lang, **choices)

    def static(self, book: Notebook | None = None) -> None:
        """The default state, as plain outputs (through `book`, numbered and saved like every
        figure of the report), and how to run the explorer."""
        from IPython.display import HTML, display

        view = self.view()
        if view.figure is not None and book is not None:
            facts = [
                c.members.count for c in select_cases(self.data.cases, kind="default").values()
            ]
            caption = f"{label('explore.caption', self.lang)} {view.message}"
            book.figure("explore_default", view.figure, caption, sources_line(facts, self.lang))
        display(HTML(f"<p>{html.escape(label('explore.how_to_run', self.lang))}</p>"))

    # -- the widgets

    def show(self, interactive: bool = True, book: Notebook | None = None) -> None:
        """Display the explorer (widgets), or its default state where `interactive` is false."""
        if not interactive:
            self.static(book)
            return
        from IPython.display import display

        display(self.widget())

    def widget(self) -> Any:
        import ipywidgets as w

        t = self._t
        sectors = self.data.reference.sectors
        sector_names = dict(zip(sectors.sector_id, sectors[f"label_{self.lang}"], strict=True))
        countries = sorted(
            {c for case in self.data.cases.values() for c in case.country_codes},
            key=lambda c: country_names([c], self.lang),
        )
        years = sorted(
            {
                f.as_of_year
                for case in self.data.cases.values()
                for f in (case.members.count, case.financing.budget, case.staffing.fte)
                if f.as_of_year
            }
        )
        measure = w.Dropdown(
            options=[
                (label(f"metric.{m}", self.lang, currency=DEFAULT_CURRENCY), m) for m in MEASURES
            ],
            value="members",
            description=t("explore.measure"),
        )
        group = w.SelectMultiple(
            options=[
                (label(f"index.group.{g}", self.lang), g)
                for g in ("report", "publisher", "benchmark", "own")
            ],
            description=t("explore.group"),
            rows=4,
        )
        sector = w.SelectMultiple(
            options=[(name, sid) for sid, name in sector_names.items()],
            description=t("explore.sector"),
            rows=6,
        )
        country = w.SelectMultiple(
            options=[(country_names([c], self.lang), c) for c in countries],
            description=t("explore.country"),
            rows=6,
        )
        kind = w.Dropdown(
            options=[(t("explore.kind_default"), "default"), (t("explore.kind_all"), "all")]
            + [
                (label(f"kind.{k}", self.lang), k)
                for k in ("trade_association", "incubator", "programme", "network")
            ],
            value="default",
            description=t("explore.kind"),
        )
        as_of = w.Dropdown(
            # 0 for the latest (a dropdown's None would be no choice at all)
            options=[(t("explore.latest"), 0)] + [(str(y), y) for y in years],
            value=0,
            description=t("explore.as_of"),
        )
        chart = w.Output()
        table = w.HTML()
        message = w.HTML()

        def refresh(*_: Any) -> None:
            try:
                view = compare_view(
                    self.data,
                    measure.value,
                    group.value,
                    sector.value,
                    country.value,
                    kind.value,
                    as_of.value or None,
                    self.lang,
                )
            except DataError as exc:  # a state the data cannot answer: a sentence
                view = View(None, table_frame(), "; ".join(p.expected for p in exc.problems))
            # wait (no flicker) only when a chart follows: else the old one would stay
            chart.clear_output(wait=view.figure is not None)
            if view.figure is not None:
                from IPython.display import Image, display

                with chart:
                    display(Image(data=_png(view.figure), format="png"))
            message.value = f'<p class="explore-message"><i>{html.escape(view.message)}</i></p>'
            table.value = view.table.to_html(index=False, escape=True, classes="explore-table")

        for control in (measure, group, sector, country, kind, as_of):
            control.observe(refresh, names="value")
        refresh()
        compare = w.VBox(
            [
                w.HBox([w.VBox([measure, kind, as_of]), group, sector, country]),
                message,
                chart,
                table,
            ]
        )

        # your organisation (descriptions shown whole: a fixed width, the fields beside it)
        wide = {"style": {"description_width": "12em"}, "layout": w.Layout(width="28em")}
        name = w.Text(value="", description=t("explore.name"), **wide)
        members = w.IntText(value=0, description=t("metric.members"), **wide)
        budget = w.FloatText(value=0.0, description=t("explore.budget"), **wide)
        currency = w.Dropdown(
            options=list(dict.fromkeys([DEFAULT_CURRENCY, "DKK", "EUR", "SEK", "NOK", "USD"])),
            value=DEFAULT_CURRENCY,
            description=t("explore.currency"),
            **wide,
        )
        fte = w.FloatText(value=0.0, description=t("metric.staff_fte"), **wide)
        own_sector = w.Dropdown(
            options=[(n, s) for s, n in sector_names.items()],
            value="cleantech",
            description=t("explore.sector"),
            **wide,
        )
        services = w.Textarea(value="", description=t("explore.services"), rows=4, **wide)
        goals = w.Textarea(value="", description=t("explore.goals"), rows=3, **wide)
        result = w.HTML()
        neighbours = w.HTML()
        save = w.Button(description=t("explore.save"))
        saved = w.HTML()
        state: dict[str, Case] = {}

        def place(*_: Any) -> None:
            try:
                case = own_case(
                    name.value,
                    members.value or None,
                    budget.value or None,
                    currency.value,
                    fte.value or None,
                    own_sector.value,
                    services.value.splitlines(),
                    goals.value,
                )
            except DataError as exc:
                result.value = f"<p><i>{html.escape(str(exc.problems[0]))}</i></p>"
                neighbours.value = ""
                return
            state["case"] = case
            found = placement(self.data, case, self.lang)
            rows = "".join(
                f"<tr><th>{html.escape(label(f'axis.{a}', self.lang))}</th>"
                f"<td>{html.escape(label('na', self.lang) if v is None else number(v, self.lang, 2))}</td></tr>"
                for a, v in found.scores.items()
            )
            result.value = (
                f'<p class="explore-message"><i>{html.escape(found.message)}</i></p>'
                f'<table class="explore-axes">{rows}</table>'
            )
            neighbours.value = (
                ""
                if found.neighbours is None
                else found.neighbours.reset_index().to_html(
                    index=False, escape=True, classes="explore-neighbours"
                )
            )

        def write(*_: Any) -> None:
            if "case" not in state:
                return
            try:
                path = save_case(state["case"], Path(self.data_dir))
            except DataError as exc:
                saved.value = f"<p><i>{html.escape(str(exc.problems[0]))}</i></p>"
                return
            saved.value = f"<p>{html.escape(t('explore.saved'))} {html.escape(str(path.name))}</p>"

        for control in (name, members, budget, currency, fte, own_sector, services, goals):
            control.observe(place, names="value")
        save.on_click(write)
        place()
        yours = w.VBox(
            [
                w.HBox(
                    [
                        w.VBox([name, members, budget, currency, fte]),
                        w.VBox([own_sector, services, goals]),
                    ]
                ),
                result,
                neighbours,
                w.HBox([save, saved]),
            ]
        )
        tabs = w.Tab(children=[compare, yours])
        tabs.set_title(0, t("explore.tab_compare"))
        tabs.set_title(1, t("explore.tab_yours"))
        self._widgets = {
            "measure": measure, "group": group, "sector": sector, "country": country,
            "kind": kind, "as_of": as_of, "table": table, "message": message, "chart": chart,
            "name": name, "members": members, "budget": budget, "fte": fte, "result": result,
            "neighbours": neighbours,
        }  # fmt: skip
        return tabs

    def _t(self, key: str) -> str:
        return label(key, self.lang)


def table_frame() -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame()
