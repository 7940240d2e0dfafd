"""Strategic choices (3.4): each axis follows its documented rule; missing data stays off the axis."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.compute.strategy import AXES, MIN_SHARED_AXES, nearest, positions_frame, rule_text


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


def _case(**sections):
    """A minimal benchmark organisation; each section (financing, technology ...) maps its
    fields to facts (or lists of facts) written as in a file, without their source."""
    from analysis.dataset.schema import Case

    fact = {"source": "derived", "formula": "test value"}

    def sourced(value):
        return [sourced(v) for v in value] if isinstance(value, list) else {**fact, **value}

    return Case.model_validate(
        {
            "case_id": "test_org",
            "group": "benchmark",
            "kind": {"value": "cluster_organisation", **fact},
            "sector": "cleantech",
            "country_codes": ["DK"],
            "name": {"value": "Test", **fact},
            **{
                name: {f: sourced(v) for f, v in section.items()}
                for name, section in sections.items()
            },
        }
    )


def test_financing_axis_is_the_public_share_where_it_is_known(scores):
    assert scores.loc["eco_world_styria", "financing"] == pytest.approx(0.61)
    assert scores.loc["cleantech_north", "financing"] == 0


@pytest.mark.parametrize(
    ("financing", "expected"),
    [
        ({"description": {"da": "x", "en": "Funded by the region and the EU"}}, 0.75),
        ({"description": {"da": "x", "en": "Membership fees and a regional grant"}}, 0.5),
        ({"description": {"da": "x", "en": "Financed by its members' fees"}}, 0.25),
        (
            {
                "funding": [
                    {"id": "g", "kind": "grant", "da": "x", "en": "x", "value": 1, "unit": "EUR"}
                ]
            },
            0.75,
        ),
        (
            {
                "funding": [
                    {
                        "id": "g",
                        "kind": "grant",
                        "da": "x",
                        "en": "x",
                        "about": "A partner's project",
                    }
                ]
            },
            None,
        ),
        ({}, None),
    ],
    ids=["public", "both", "members", "a-grant", "a-partners-grant", "nothing"],
)
def test_financing_axis_places_by_where_the_money_comes_from_otherwise(
    dataset, financing, expected
):
    from analysis.compute.strategy import financing as axis

    score, _ = axis(_case(financing=financing), dataset.reference)
    assert score == expected


def test_technology_axis_follows_the_membership_restriction(scores):
    assert scores.loc["eco_world_styria", "technology"] == 1
    assert scores.loc["cleantech_north", "technology"] == 0


@pytest.mark.parametrize(
    ("technology", "expected"),
    [
        ({"flagships": {"items": [{"da": "a", "en": "a"}]}}, 0.75),
        ({"flagships": {"items": [{"da": c, "en": c} for c in "abc"]}}, 0.5),
        ({"flagships": {"items": [{"da": c, "en": c} for c in "abcde"]}}, 0.25),
        ({"flagships": {"items": [{"da": c, "en": c} for c in "abcdefgh"]}}, 0.0),
        ({"field": {"da": "x", "en": "solar, wind and biomass"}}, 0.5),
        ({"field": {"da": "x", "en": "water"}, "restricted": {"value": False}}, 0.0),
        ({}, None),
    ],
    ids=["one-area", "three-areas", "five-areas", "eight-areas", "field", "not-restricted", "none"],
)
def test_technology_axis_otherwise_counts_the_areas_an_organisation_names(
    dataset, technology, expected
):
    from analysis.compute.strategy import technology as axis

    score, _ = axis(_case(technology=technology), dataset.reference)
    assert score == expected


def test_membership_axis_averages_size_breadth_and_openness(scores):
    size = (math.log10(202) - 1) / 2  # ICT Bern: 202 members
    expected = (size + 4 / 4 + 1) / 3  # four member types, open admission
    assert scores.loc["ict_cluster_bern", "membership"] == pytest.approx(expected)


def test_staffing_axis_prefers_fte_over_head_count(scores):
    assert scores.loc["cleantech_north", "staffing"] == pytest.approx(0.04)  # 0.4 FTE
    assert scores.loc["eco_world_styria", "staffing"] == 1  # 10 staff, FTE unknown
    assert math.isnan(scores.loc["northern_colorado_clean_energy", "staffing"])


def test_role_axis_combines_objectives_and_services(dataset, scores):
    """The documented rule, computed here from the case's coded priorities and services."""
    ref = dataset.reference
    position = dict(
        zip(ref.reglab_activities.activity_id, ref.reglab_activities.position, strict=True)
    )
    served: dict[str, list[int]] = {}
    for row in ref.segment_activities.itertuples():
        served.setdefault(row.segment_id, []).append(position[row.activity_id])
    for case_id in ("cleantech_north", "eco_world_styria", "capenergies"):
        case = dataset.cases[case_id]
        prios = {s: f.value for s, f in case.goals.priorities.by_segment().items() if f.value}
        weight = sum(prios.values())
        objectives = (
            (sum(v * sum(served[s]) / len(served[s]) for s, v in prios.items()) / weight - 1) / 8
            if weight
            else None
        )
        coded = [position[i.activity] for i in case.services.services.items or [] if i.activity]
        services = (sum(coded) / len(coded) - 1) / 8 if coded else None
        parts = [x for x in (objectives, services) if x is not None]
        assert scores.loc[case_id, "role"] == pytest.approx(sum(parts) / len(parts)), case_id


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
