"""Figures: one function each, returning a Figure, reproducible bytes, missing data made visible."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure

from analysis.dataset.loading import load_dataset
from analysis.notebook.book import render
from analysis.presentation import figures
from analysis.presentation.figures import CASE_FIGURES, REFERENCE_FIGURES, target_board_basis


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("key", sorted(CASE_FIGURES))
def test_case_figure_draws_for_every_case(dataset, key, lang):
    segments = dataset.reference.target_board_segments
    for case in dataset.cases.values():
        fig = CASE_FIGURES[key].draw(case, lang, segments)
        assert isinstance(fig, Figure) and fig.get_suptitle()
        assert case.name.value in fig.get_suptitle()


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
    segments = dataset.reference.target_board_segments
    fig = figures.case_target_board(segments, dataset.cases["medicon_valley_alliance"], "en")
    assert _texts(fig).count("n/a - page lost") == 6
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
