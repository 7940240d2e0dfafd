"""Strategic choices (3.4): each axis follows its documented rule; missing data stays off the axis."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.compute.strategy import AXES, MIN_SHARED_AXES, nearest, positions_frame, rule_text
from analysis.dataset.loading import load_dataset


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


@pytest.fixture(scope="module")
def scores(dataset):
    return positions_frame(dataset.cases, dataset.reference)


def test_every_axis_has_a_documented_rule():
    assert [a.id for a in AXES] == ["membership", "financing", "technology", "role", "staffing"]
    assert all(len(rule_text(a)) > 60 for a in AXES)


def test_the_rules_table_states_each_axis_rule_as_its_code_documents_it():
    # the table shows the rule in the build's language (labels.csv); the English text must stay
    # the rule's docstring, so that a change of the rule changes what readers are told
    from analysis.presentation.labels import label

    for axis in AXES:
        assert label(f"axis.{axis.id}.rule", "en") == rule_text(axis)
        assert label(f"axis.{axis.id}.rule", "da") != rule_text(axis)


def test_financing_axis_is_the_public_share(scores):
    assert scores.loc["eco_world_styria", "financing"] == pytest.approx(0.61)
    assert scores.loc["cleantech_north", "financing"] == 0
    assert math.isnan(scores.loc["medicon_valley_alliance", "financing"])


def test_technology_axis_follows_the_membership_restriction(scores):
    assert scores.loc["eco_world_styria", "technology"] == 1
    assert scores.loc["cleantech_north", "technology"] == 0
    assert math.isnan(scores.loc["ict_cluster_bern", "technology"])


def test_membership_axis_averages_size_breadth_and_openness(scores):
    size = (math.log10(202) - 1) / 2  # ICT Bern: 202 members
    expected = (size + 4 / 4 + 1) / 3  # four member types, open admission
    assert scores.loc["ict_cluster_bern", "membership"] == pytest.approx(expected)


def test_staffing_axis_prefers_fte_over_head_count(scores):
    assert scores.loc["cleantech_north", "staffing"] == pytest.approx(0.04)  # 0.4 FTE
    assert scores.loc["eco_world_styria", "staffing"] == 1  # 10 staff, FTE unknown
    assert math.isnan(scores.loc["northern_colorado_clean_energy", "staffing"])


def test_role_axis_combines_objectives_and_services(dataset, scores):
    # CleanTech North: objectives commercial cooperation 3 (matchmaking, 1) and networking 1
    # (seminars 2 and knowledge 7 -> 4.5); services: five entrepreneurship (8), communication (3),
    # seminars (2).
    objectives = ((3 * 1 + 1 * 4.5) / 4 - 1) / 8
    services = ((5 * 8 + 3 + 2) / 7 - 1) / 8
    assert scores.loc["cleantech_north", "role"] == pytest.approx((objectives + services) / 2)
    assert math.isnan(scores.loc["medicon_valley_alliance", "role"])


def test_nearest_uses_only_shared_axes_and_names_big_differences(scores):
    found = nearest(scores, "eco_world_styria")
    assert found and all(n.shared_axes >= 2 for n in found)
    assert [n.distance for n in found] == sorted(n.distance for n in found)
    north = next(n for n in found if n.case_id == "cleantech_north")
    assert dict(north.differences)["technology"] == -1  # North is open, Styria picks winners


def test_nearest_cases_need_the_stated_minimum_of_shared_axes():
    scores = pd.DataFrame(
        {"membership": [0.2, 0.3, 0.1], "financing": [0.5, 0.5, None], "role": [0.4, 0.4, None]},
        index=["focal", "three_shared", "one_shared"],
    )
    found = nearest(scores, "focal")
    assert MIN_SHARED_AXES == 3
    assert [n.case_id for n in found] == ["three_shared"]  # one shared axis is not enough
    assert found[0].shared_axes == 3
