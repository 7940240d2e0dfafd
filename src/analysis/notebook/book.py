"""What a notebook needs in one object: the validated data, its parameters, and `figure` /
`table` calls that display a result with its caption and, in a report build, also save it.

Figures are rendered once to PNG (shown inline and saved); SVG is rendered only when saving.
Nothing here selects a matplotlib backend, so JupyterLab keeps its inline display.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from IPython.display import HTML, Image, display

from analysis.compute.parameters import DEFAULT_CURRENCY, DEFAULT_LANG, read_parameters
from analysis.dataset.currency import DEFAULT_YEAR
from analysis.dataset.errors import Problem, UsageError
from analysis.dataset.loading import Dataset, get_case, load_dataset
from analysis.dataset.paths import resolve
from analysis.presentation.canvas import render
from analysis.presentation.display import (
    TableDisplay,
    numbered_caption,
    source_html,
    sources_line,
)
from analysis.presentation.figures import CASE_FIGURES, REFERENCE_FIGURES, target_board_basis
from analysis.presentation.labels import has_label, label

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from analysis.dataset.schema import Case


def _display(*objects: object) -> None:
    display(*objects)


@dataclass
class Notebook:
    """Parameters plus data of one notebook run."""

    data: Dataset
    lang: str = DEFAULT_LANG
    currency: str = DEFAULT_CURRENCY
    year: int = DEFAULT_YEAR
    export_dir: Path | None = None
    case: Case | None = None
    selection: dict[str, Case] | None = None
    focal: str | None = None
    # the section number (3.3, or 3.2.n for a case) that numbers its figures and tables
    section: str = ""
    _positions: list | None = None  # strategic positions of the selected cases, computed once
    as_of: int | None = None  # the year of the data (select), None: each field's headline
    # organisations the filters match that are not cluster organisations (shown apart)
    apart: dict[str, Case] = field(default_factory=dict)
    _counts: dict[str, int] = field(default_factory=dict)

    @property
    def cases(self) -> dict[str, Case]:
        """The cases this notebook compares (all unless `select` narrowed them)."""
        return self.selection if self.selection is not None else self.data.cases

    def select(
        self,
        cases: str = "",
        focal: str = "",
        group: str = "",
        sector: str = "",
        country: str = "",
        as_of: int | str | None = None,
        kind: str = "",
    ) -> dict[str, Case]:
        """Narrow the comparison to `cases` ('a,b'; empty = all) and the organisations matching
        `group`, `sector` and `country` (comma-separated; empty = any) and `kind` (empty: the
        cluster organisations and the report's six; 'all'; or kinds such as
        'trade_association'), as of the year `as_of` (None: each field's headline observation);
        a focal organisation is always included. The others the filters match are in `apart`."""
        from analysis.compute.selection import case_order, parse_year, select_cases, snapshot

        everything = self.data.cases
        self.focal = get_case(everything, focal, argument="focal_case").case_id if focal else None
        known = set(self.ref.sectors.sector_id)
        chosen = select_cases(
            everything, cases, group, sector, country, sectors=known, kind=kind or "default"
        )
        # the organisations the filters match but whose kind keeps them out of the comparison
        self.apart = {
            c: v
            for c, v in select_cases(
                everything, cases, group, sector, country, sectors=known
            ).items()
            if c not in chosen
        }
        if not chosen and not kind and self.apart:
            # the filters match no cluster organisation (--group publisher): compare what they
            # match rather than nothing; its kind is shown with it
            chosen, self.apart = self.apart, {}
        if not chosen:
            filters = ", ".join(
                f"{k}={v!r}"
                for k, v in (("group", group), ("sector", sector), ("country", country))
                if v
            )
            raise UsageError(
                [
                    Problem(
                        "parameter",
                        "cases",
                        filters,
                        "no organisation matches; expected at least one",
                    )
                ]
            )
        if self.focal and self.focal not in chosen:
            chosen = {c: everything[c] for c in everything if c in chosen or c == self.focal}
        # in the edition's order (the report's six, the publisher, the benchmark by sector), as
        # the contents list them
        order = case_order(chosen, list(self.ref.sectors.sector_id))
        chosen = {c: chosen[c] for c in order}
        self.as_of = parse_year(as_of, "as_of")
        self.selection = snapshot(chosen, self.as_of)
        self._positions = None
        return self.selection

    def positions(self) -> list:
        """Every selected case's position on every strategic axis (computed once)."""
        from analysis.compute.strategy import positions

        if self._positions is None:
            self._positions = positions(self.cases, self.ref)
        return self._positions

    def compare(self, key: str) -> None:
        """A comparison figure (3.3) with caption and the sources of the facts behind it."""
        from analysis.presentation.comparison_figures import COMPARISON_FIGURES, Inputs

        spec = COMPARISON_FIGURES[key]
        inputs = Inputs(
            self.cases, self.ref.target_board_segments, self.lang, self.currency, self.year
        )
        facts = [f for case in self.cases.values() for f in spec.facts(case)]
        fields = {"currency": self.currency, "year": self.year}
        source = label(spec.source, self.lang) if spec.source else sources_line(facts, self.lang)
        if (
            not spec.source
            and self.as_of is not None
            and not any(f is not None and not f.is_missing for f in facts)
        ):  # nothing known by then: say so, not that the sources hold nothing
            source = label("nothing_known_year", self.lang, year=str(self.as_of))
        self.figure(
            f"compare_{key}", spec.draw(inputs), label(spec.caption, self.lang, **fields), source
        )

    def summary(self) -> None:
        """The data-driven summary of similarities and differences, as a list."""
        from analysis.presentation.synthesis import summary

        segments = self.ref.target_board_segments
        names = dict(zip(segments.segment_id, segments[f"label_{self.lang}"], strict=True))
        items = summary(self.cases, names, self.currency, self.year, self.lang)
        _display(HTML("<ul>" + "".join(f"<li>{html.escape(t)}</li>" for t in items) + "</ul>"))

    def choices(self) -> None:
        """All strategic axes in one figure, the focal organisation highlighted."""
        from analysis.presentation.comparison_figures import choices_overview

        scores = self.scores()
        self.figure(
            "choices_overview",
            choices_overview(scores, self.cases, self.lang, self.focal),
            label("choices_caption", self.lang),
            label("sum_sources", self.lang),
        )

    def scores(self) -> pd.DataFrame:
        """Cases x axes (0-1, NaN where missing) for the selected cases."""
        from analysis.compute.strategy import scores_frame

        return scores_frame(self.positions(), list(self.cases))

    def nearest(self) -> None:
        """The focal organisation's nearest cases and the differences that matter (if focal)."""
        from analysis.compute.strategy import FEWEST_AXES, MIN_SHARED_AXES, nearest
        from analysis.presentation import tables

        if not self.focal:
            _display(HTML(f"<p><i>{html.escape(label('no_focal', self.lang))}</i></p>"))
            return
        scores = self.scores()
        focal = self.cases[self.focal]
        fields = {"name": focal.title, "n": str(MIN_SHARED_AXES)}
        placed = [
            a for a in scores.columns if scores.loc[self.focal, a] == scores.loc[self.focal, a]
        ]
        shared = min(MIN_SHARED_AXES, len(placed))
        if len(placed) < MIN_SHARED_AXES:  # say what is missing, and what would place it
            missing = [a for a in scores.columns if a not in placed]
            text = label(
                "focal_too_few" if shared >= FEWEST_AXES else "focal_too_few_none",
                self.lang,
                k=str(len(placed)),
                axes=", ".join(label(f"axis.{a}", self.lang) for a in placed) or "-",
                missing=", ".join(label(f"axis.{a}", self.lang) for a in missing),
                fields="; ".join(label(f"axis_fields.{a}", self.lang) for a in missing),
                **fields,
            )
            _display(HTML(f"<p><i>{html.escape(text)}</i></p>"))
            if shared < FEWEST_AXES:
                return
            fields["n"] = str(shared)
        same = [c for c, case in self.cases.items() if case.sector == focal.sector]
        for key, peers in (("neighbours", scores), ("neighbours_sector", scores.loc[same])):
            found = nearest(peers, self.focal, min_shared=shared)
            if not found:
                text = label("neighbours_none", self.lang, **fields)
                _display(HTML(f"<p><i>{html.escape(text)}</i></p>"))
                continue
            self.table(
                key, tables.neighbours_table(found, self.cases, self.focal, self.lang), **fields
            )

    def shown_apart(self) -> None:
        """The organisations the selection's filters match that are not compared by default
        (trade associations, incubators, programmes, networks), with their kind."""
        if not self.apart:
            return
        items = "".join(
            f"<li>{html.escape(c.title)} ({html.escape(label(f'kind.{c.kind.value}', self.lang))})</li>"
            for c in self.apart.values()
        )
        intro = html.escape(label("apart_intro", self.lang))
        _display(HTML(f"<p>{intro}</p><ul>{items}</ul>"))

    def axis(self, axis: str) -> None:
        """One strategic axis: its chart, then a table of every case's position and inputs."""
        from analysis.presentation import tables
        from analysis.presentation.comparison_figures import axis_chart

        found = self.positions()
        name = label(f"axis.{axis}", self.lang)
        caption = label(
            "axis_chart_caption",
            self.lang,
            axis=name,
            left=label(f"axis.{axis}.left", self.lang),
            right=label(f"axis.{axis}.right", self.lang),
        )
        # each position's inputs and their sources are in the table that follows the chart: a
        # source line of every organisation's pages would be longer than the chart
        self.figure(
            f"axis_{axis}",
            axis_chart(found, axis, self.cases, self.lang, self.focal),
            caption,
            label("axis_sources_below", self.lang),
        )
        self.table(f"axis_{axis}", tables.axis_table(found, axis, self.cases, self.lang), axis=name)

    def use_case(self, case_id: str) -> Case:
        """Select the case this notebook renders (names its tables and figures)."""
        from analysis.compute.selection import case_numbers

        self.case = get_case(self.data.cases, case_id, argument="case_id")
        self.section = case_numbers(self.data.cases, self.ref.sectors.sector_id)[case_id]
        return self.case

    def current(self) -> Case:
        """The case chosen with `use_case` (an error before one is chosen)."""
        if self.case is None:
            raise UsageError([Problem("notebook", "case_id", None, "call use_case(case_id) first")])
        return self.case

    def heading(self) -> None:
        """The case's line under the section title: 3.2.n Name, Country (the report's case
        number where it has one)."""
        from analysis.presentation.display import country_names

        case = self.current()
        # the country as a source names it, else the country codes every case file carries
        country = case.country.text(self.lang) or country_names(case.country_codes, self.lang)
        sectors = self.ref.sectors
        names = dict(zip(sectors.sector_id, sectors[f"label_{self.lang}"], strict=True))
        line = (
            f"<b>{html.escape(self.section)} {html.escape(case.title)}</b>, {html.escape(country)}"
            f" &middot; {html.escape(names.get(case.sector, case.sector))}"
        )
        if case.kind.value and case.kind.value != "cluster_organisation":
            line += f" &middot; {html.escape(label(f'kind.{case.kind.value}', self.lang))}"
        if case.case_no:
            line += f" &middot; {html.escape(label('case_no', self.lang, no=case.case_no))}"
        _display(HTML(f'<p class="case-line">{line}</p>'))

    def case_figure(self, key: str) -> None:
        """One of the case figures (funding, fees, target_board, roles) with caption and sources."""
        spec = CASE_FIGURES[key]
        case = self.current()
        caption = label(spec.caption, self.lang, name=case.title)
        facts = spec.facts(case)
        if all(f is None or f.is_missing for f in facts):
            # nothing to draw: one line instead of a large empty chart
            note = f"{caption} {label('chart_no_data', self.lang)}"
            _display(HTML(f'<p class="caption"><i>{html.escape(note)}</i></p>'))
            return
        fig = spec.draw(case, self.lang, self.ref.target_board_segments)
        if key == "target_board":
            caption += " " + label("fig3_coding", self.lang)
        self.figure(key, fig, caption, sources_line(spec.facts(case), self.lang))

    def history(self) -> None:
        """The case's dated values over time, or one line saying there is no series."""
        from analysis.presentation.figures import history_chart, history_series

        case = self.current()
        fig = history_chart(case, self.lang)
        if fig is None:
            _display(HTML(f"<p><i>{html.escape(label('history_none', self.lang))}</i></p>"))
            return
        facts = [f for series in history_series(case).values() for f in series]
        caption = label("history_caption", self.lang, name=case.title)
        self.figure("history", fig, caption, sources_line(facts, self.lang))

    def reference_figure(self, key: str) -> None:
        """A background figure (theory_timeline, figure_1, figure_2, staffing_study)."""
        spec = REFERENCE_FIGURES[key]
        table = self.ref.tables[spec.table]
        caption = label(spec.caption, self.lang)
        if key == "figure_1":
            caption += " " + target_board_basis(table, self.lang)
        self.figure(key, spec.draw(table, self.lang), caption, label(spec.source, self.lang))

    @property
    def ref(self):
        return self.data.reference

    def number(self, kind: str) -> str:
        """The next number of a figure or table in this section: 3.3.1, 3.3.2 ..."""
        self._counts[kind] = self._counts.get(kind, 0) + 1
        return f"{self.section}.{self._counts[kind]}" if self.section else str(self._counts[kind])

    def figure(self, name: str, fig: Figure, caption: str, source: str) -> None:
        """Show a figure with its numbered caption (an anchor: fig-3-3-1) and source line,
        which links the sources' URLs and the edition's page on provenance; save PNG and SVG
        in a report build."""
        png = render(fig, "png")
        title = numbered_caption("figure", self.number("figure"), caption, self.lang)
        _display(Image(data=png, format="png", alt=title.text))
        _display(HTML(title.html(source_html(source, self.lang))))
        if self.export_dir is not None:
            folder = self.export_dir / "figures"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{name}.png").write_bytes(png)
            (folder / f"{name}.svg").write_bytes(render(fig, "svg"))

    def table(self, key: str, frame: pd.DataFrame, **fields: str) -> None:
        """Show a table under its caption (label tab_<name>); save it as CSV in a report build."""

        if self.case:
            fields.setdefault("name", self.case.title)
        caption_key = f"tab_{key.split('_')[0]}" if key.startswith("axis_") else f"tab_{key}"
        caption = label(caption_key, self.lang, **fields) if has_label(caption_key) else ""
        title = numbered_caption("table", self.number("table"), caption, self.lang)
        _display(TableDisplay(frame, self.lang, caption=title.html()))
        if self.export_dir is not None:
            folder = self.export_dir / "tables"
            folder.mkdir(parents=True, exist_ok=True)
            from analysis.compute.export import safe_frame

            safe_frame(frame).to_csv(folder / f"{key}.csv", encoding="utf-8", lineterminator="\n")


def setup(
    lang: str = DEFAULT_LANG,
    data_dir: str | None = None,
    export_dir: str | None = None,
    currency: str = DEFAULT_CURRENCY,
    year: int = DEFAULT_YEAR,
    section: str = "",
) -> Notebook:
    """Validate the parameters, load the data (paths resolve from the project root), set display
    options that keep stored outputs stable. `section` (such as "3.3") numbers the notebook's
    figures and tables; a case notebook takes its case's number in `use_case`."""
    import pandas as pd

    # the same checks and messages as on the command line (analysis.compute.parameters)
    checked = read_parameters(
        {"lang": lang, "currency": currency, "year": year}, ("lang", "currency", "year")
    )
    lang, currency, year = checked["lang"], checked["currency"], checked["year"]
    # pandas picks max_columns by whether it was imported in a terminal (0: fit the terminal's
    # width) or a kernel (20); a kernel preloaded outside IPython would get the terminal's choice.
    pd.set_option("display.max_columns", 20)
    pd.set_option("display.max_colwidth", None)
    pd.set_option("display.max_rows", 200)
    pd.set_option("display.width", 120)
    data = load_dataset(data_dir or None)
    out = resolve(export_dir, default=Path()) if export_dir else None
    return Notebook(
        data=data, lang=lang, currency=currency, year=year, export_dir=out, section=section
    )
