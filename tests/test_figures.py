"""Figures: one function each, returning a Figure, reproducible bytes, missing data made visible."""

from __future__ import annotations

import pytest
from helpers import SIX
from matplotlib.figure import Figure
from overlap import overlapping_texts

from analysis.notebook.book import render
from analysis.presentation import figures
from analysis.presentation.figures import CASE_FIGURES, REFERENCE_FIGURES, target_board_basis


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("key", sorted(CASE_FIGURES))
def test_case_figure_draws_for_the_reports_cases_and_names_the_case(dataset, key, lang):
    # every organisation's figures, in both languages, are drawn and checked the same way by
    # the overlap test below (marked slow: a minute of CPU); here the report's six
    segments = dataset.reference.target_board_segments
    for case in (dataset.cases[c] for c in SIX):
        fig = CASE_FIGURES[key].draw(case, lang, segments)
        assert isinstance(fig, Figure) and case.name.value in fig.get_suptitle()


@pytest.mark.parametrize("key", sorted(REFERENCE_FIGURES))
def test_reference_figure_draws_from_its_table(dataset, key):
    spec = REFERENCE_FIGURES[key]
    assert isinstance(spec.draw(dataset.reference.tables[spec.table], "da"), Figure)


def test_figures_render_to_identical_bytes_twice(dataset):
    case = dataset.cases["eco_world_styria"]
    segments = dataset.reference.target_board_segments
    first = figures.case_target_board(segments, case, "da")
    second = figures.case_target_board(segments, case, "da")
    assert render(first, "png") == render(second, "png")
    svg = render(first, "svg")
    assert svg == render(second, "svg")
    assert b"<dc:date>" not in svg


def _texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def test_missing_priorities_are_written_as_na_not_drawn_as_zero(dataset):
    from analysis.dataset.schema import Goals, Services

    segments = dataset.reference.target_board_segments
    # an organisation with no goal statement and no service: nothing to code its priorities from
    case = dataset.cases["medicon_valley_alliance"].model_copy(
        update={"goals": Goals(), "services": Services()}
    )
    fig = figures.case_target_board(segments, case, "en")
    assert _texts(fig).count("n/a") == 6
    assert not [c for ax in fig.axes for c in ax.collections]  # no dots at all


def test_missing_fee_schedule_gives_a_visible_na_figure(dataset):
    fig = figures.fee_curves(dataset.cases["medicon_valley_alliance"], "da")
    assert "n/a - side tabt" in _texts(fig)


def test_external_fee_schedule_is_drawn_dashed(dataset):
    fig = figures.fee_curves(dataset.cases["cleantech_san_diego"], "en")
    assert {line.get_linestyle() for line in fig.axes[0].lines} == {"--"}
    assert any("external" in t.get_text() for t in fig.texts)


def test_partial_funding_mix_names_the_missing_share(dataset):
    case = dataset.cases["eco_world_styria"].model_copy(deep=True)
    missing = case.financing.foundation_share_pct.model_copy(
        update={"value": None, "source": "missing", "page": None}
    )
    case.financing.__dict__["foundation_share_pct"] = missing
    legend = figures.funding_mix(case, "en").legends[0]
    assert any("Foundations: n/a" in t.get_text() for t in legend.get_texts())


def test_target_board_uses_shares_once_they_are_filled_in(dataset):
    segments = dataset.reference.target_board_segments.copy()
    assert "ordinal ranking" in target_board_basis(segments, "en")
    segments["share_pct"] = [60.0, 55.0, 30.0, 35.0, 10.0, 70.0]
    assert "percentages" in target_board_basis(segments, "en")
    assert "70 %" in _texts(figures.target_board(segments, "en"))


def test_the_overlap_check_finds_text_that_overlaps():
    fig = Figure(figsize=(4, 2))
    fig.add_subplot().set_title("Title")
    fig.text(0.1, 0.5, "Two labels", fontsize=20)
    fig.text(0.12, 0.5, "on one spot", fontsize=20)
    assert overlapping_texts(fig) == [("Two labels", "on one spot")]
    fig = Figure(figsize=(4, 2))
    fig.text(0.1, 0.2, "Apart")
    fig.text(0.1, 0.8, "apart")
    assert overlapping_texts(fig) == []


def _report_figures(dataset, lang: str) -> dict[str, Figure]:
    """Every figure of the default report in one language, as the notebooks draw them."""
    from analysis.compute.strategy import AXES, positions, scores_frame
    from analysis.presentation import comparison_figures
    from analysis.presentation.comparison_figures import COMPARISON_FIGURES, Inputs

    segments = dataset.reference.target_board_segments
    out = {
        f"ref.{key}": spec.draw(dataset.reference.tables[spec.table], lang)
        for key, spec in REFERENCE_FIGURES.items()
    }
    for case_id, case in dataset.cases.items():
        for key, spec in CASE_FIGURES.items():
            out[f"{case_id}.{key}"] = spec.draw(case, lang, segments)
        history = figures.history_chart(case, lang)
        if history is not None:
            out[f"{case_id}.history"] = history
    inputs = Inputs(dataset.cases, segments, lang, "DKK", 2010)
    out.update({f"3.3.{key}": spec.draw(inputs) for key, spec in COMPARISON_FIGURES.items()})
    found = positions(dataset.cases, dataset.reference)
    for axis in AXES:
        out[f"3.4.{axis.id}"] = comparison_figures.axis_chart(
            found, axis.id, dataset.cases, lang, None
        )
    scores = scores_frame(found, list(dataset.cases))
    out["3.4.overview"] = comparison_figures.choices_overview(scores, dataset.cases, lang, None)
    return out


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["da", "en"])
def test_no_text_overlaps_in_any_figure_of_the_report(dataset, lang):
    from analysis.presentation.style import style

    with style():  # the notebooks draw every figure in the project style
        drawn = _report_figures(dataset, lang)
        overlaps = {name: found for name, fig in drawn.items() if (found := overlapping_texts(fig))}
    assert len(drawn) > 150
    assert overlaps == {}
    # each organisation's own figures are titled with its name
    untitled = [
        name
        for name, fig in drawn.items()
        if (case_id := name.split(".")[0]) in dataset.cases
        and name.split(".", 1)[1] in CASE_FIGURES
        and dataset.cases[case_id].name.value not in fig.get_suptitle()
    ]
    assert len(drawn) > len(dataset.cases) * len(CASE_FIGURES) and untitled == []
