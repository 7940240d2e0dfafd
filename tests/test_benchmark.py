"""The benchmark as a reader can trust it: what kind of body each entry is, what counts as known,
where each value comes from, and the report's frameworks applied to every organisation by the
same written rules."""

from __future__ import annotations

import csv
from urllib.parse import urlparse

from analysis.compute.coverage import PARAMETERS, coverage_frame, known_since
from analysis.compute.frames import facts_frame
from analysis.compute.selection import compared_by_default, select_cases
from analysis.compute.strategy import MIN_SHARED_AXES, positions_frame
from analysis.dataset.coding import activity_of, rules_from_table
from analysis.dataset.paths import DATA_DIR
from analysis.dataset.schema import BODY_KINDS, SEGMENTS, Fact


def test_every_organisation_says_what_kind_of_body_it_is_and_why(dataset):
    for case in dataset.cases.values():
        kind = case.kind
        assert kind.value in BODY_KINDS, case.case_id
        assert kind.source in ("coded", "own", "derived") and kind.note, case.case_id
        if kind.source == "coded":
            assert "ECCP" in (kind.rule or ""), case.case_id


def test_the_default_comparison_holds_cluster_organisations_and_the_reports_six(dataset):
    default = select_cases(dataset.cases, kind="default")
    others = [c for c in dataset.cases.values() if c.case_id not in default]
    assert others, "trade associations, incubators and programmes are shown apart"
    assert all(c.kind.value != "cluster_organisation" and c.group != "report" for c in others)
    assert all(compared_by_default(c) for c in default.values())
    assert len(select_cases(dataset.cases, kind="all")) == len(dataset.cases)
    incubators = select_cases(dataset.cases, kind="incubator")
    assert {c.kind.value for c in incubators.values()} == {"incubator"}


def test_a_fact_about_another_body_never_counts_as_known():
    from analysis.dataset.schema import Case

    fact = {"source": "derived", "formula": "test value"}
    base = {
        "case_id": "x",
        "group": "benchmark",
        "kind": {"value": "cluster_organisation", **fact},
        "sector": "cleantech",
        "country_codes": ["DK"],
        "name": {"value": "X", **fact},
    }
    partner = Case.model_validate(
        {
            **base,
            "members": {"count": {"value": 40, "unit": "members", "about": "A partner", **fact}},
            "financing": {
                "funding": [
                    {"id": "g", "kind": "grant", "da": "x", "en": "x", "about": "A project", **fact}
                ]
            },
        }
    )
    assert known_since(partner)["members"] is None
    assert known_since(partner)["financing"] is None
    own = partner.model_copy(
        update={
            "members": partner.members.model_copy(
                update={"count": partner.members.count.model_copy(update={"about": None})}
            )
        }
    )
    assert known_since(own)["members"] is not None


def test_facts_about_other_bodies_are_marked_in_the_data(dataset):
    marked = [
        (c.case_id, f.about) for c in dataset.cases.values() for f in c.financing.funding if f.about
    ]
    assert len(marked) >= 10  # members' project money, partners' projects, predecessors


def test_every_organisation_knows_four_parameters_through_facts_of_its_own(dataset):
    frame = coverage_frame(dataset.cases)
    assert frame["known"].min() >= 4, frame[frame["known"] < 4].index.tolist()


def test_no_external_url_is_a_bare_home_page(dataset):
    facts = facts_frame(dataset.cases)
    urls = facts.loc[facts["url"].notna(), ["case_id", "field", "url"]].drop_duplicates()
    bare = [
        (r.case_id, r.field, r.url)
        for r in urls.itertuples()
        if urlparse(r.url).path in ("", "/") and not urlparse(r.url).query
    ]
    assert bare == []


def _second_look() -> list[dict[str, str]]:
    with (DATA_DIR / "checks" / "second_look.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_numeric_external_fact_had_a_second_look_recorded_beside_the_data(dataset):
    checked = {
        (r["case_id"], round(float(r["value"]), 4), r["url"])
        for r in _second_look()
        if r["value"] not in ("", "nan")
    }
    facts = facts_frame(dataset.cases)
    numeric = facts[(facts.source_kind == "external") & facts.value_num.notna()]
    unchecked = sorted(
        {
            (r.case_id, r.field, r.url)
            for r in numeric.itertuples()
            if (r.case_id, round(float(r.value_num), 4), r.url) not in checked
        }
    )
    assert unchecked == []
    assert {r["checked_on"] for r in _second_look()} == {"2026-11-30"}


def test_the_benchmark_answers_on_numbers_for_most_cluster_organisations(dataset):
    """The quantitative core of the default comparison (see the README's counts)."""
    compared = select_cases(dataset.cases, kind="default")
    frame = coverage_frame(compared)
    share = frame[list(PARAMETERS)].notna().mean()
    assert len(compared) >= 45
    assert share["members"] >= 0.8 and share["staffing"] >= 0.5


def test_nine_in_ten_organisations_stand_on_three_axes_and_get_nearest_ones(dataset):
    scores = positions_frame(dataset.cases, dataset.reference)
    placed = scores.notna().sum(axis=1) >= MIN_SHARED_AXES
    assert placed.mean() >= 0.9, scores[~placed].index.tolist()


# ------------------------------------------------------------------ the frameworks, coded by rule


def test_every_organisation_with_goals_or_services_is_coded_by_the_same_rules(dataset):
    from analysis.dataset.coding import PRIORITY_RULE

    for case in dataset.cases.values():
        has_text = (
            case.services.services.items is not None
            or any(not getattr(case.goals, f).is_missing for f in ("vision", "mission", "choices"))
            or bool(case.goals.targets)
        )
        priorities = case.goals.priorities.by_segment()
        if not has_text:
            continue
        for segment in SEGMENTS:
            fact = priorities[segment]
            if fact.source == "own":
                continue
            assert fact.value is not None, (case.case_id, segment)
            assert PRIORITY_RULE in (fact.rule or fact.formula or ""), (case.case_id, segment)
            assert fact.as_of_year is not None, (case.case_id, segment)
            assert fact.page or fact.pages or fact.url or fact.source == "derived"


def test_a_service_gets_the_first_activity_whose_keywords_it_contains(dataset):
    rules = rules_from_table(dataset.reference.coding_rules)
    assert activity_of("Lobbying for better framework conditions", rules)[0] == "lobbying"
    assert activity_of("Training courses for engineers", rules)[0] == "education"
    assert (
        activity_of("Advice to start-ups on their business plans", rules)[0] == "entrepreneurship"
    )
    assert activity_of("Stands at international trade fairs", rules)[0] == "investment"
    assert activity_of("Matchmaking between firms and researchers", rules)[0] == "matchmaking"
    assert activity_of("R&D project labelling", rules)[0] == "partnerships"
    assert activity_of("Networking events and seminars", rules)[0] == "seminars"
    assert activity_of("Newsletter and website", rules)[0] == "communication"
    assert activity_of("Legal assistance", rules) is None  # no rule: left uncoded, never guessed


def test_a_priority_follows_the_points_of_the_written_rule(dataset):
    from analysis.dataset.coding import code_cases
    from analysis.dataset.schema import Case

    fact = {"source": "derived", "formula": "test value"}
    case = Case.model_validate(
        {
            "case_id": "x",
            "group": "benchmark",
            "kind": {"value": "cluster_organisation", **fact},
            "sector": "cleantech",
            "country_codes": ["DK"],
            "name": {"value": "X", **fact},
            "goals": {
                "vision": {"da": "x", "en": "More jobs and growth in the region", **fact},
                "mission": {"da": "x", "en": "Create jobs through innovation", **fact},
            },
            "services": {
                "services": {
                    "items": [
                        {"da": "x", "en": "Matchmaking events between companies"},
                        {"da": "x", "en": "Workshops"},
                    ],
                    **fact,
                }
            },
        }
    )
    coded = code_cases({"x": case}, dataset.reference)["x"].goals.priorities
    assert coded.cluster_expansion.value == 3  # two goal statements: 4 points
    assert coded.innovation_technology.value == 2  # one goal statement: 2 points
    assert coded.commercial_cooperation.value == 1  # one matchmaking service: 1 point
    assert coded.research_networking.value == 1  # one seminar service: 1 point
    assert coded.policy_action.value == 0  # nothing names it
    assert "job" in (coded.cluster_expansion.note or "")


def test_what_an_organisation_states_itself_is_never_recoded(dataset):
    from analysis.dataset.coding import code_cases

    case = dataset.cases["eco_world_styria"]
    own = Fact.model_fields  # noqa: F841 - the schema's Fact is what PriorityFact extends
    from analysis.dataset.schema import PriorityFact

    stated = PriorityFact(value=1, source="own", date="2026", note="their own priority")
    priorities = case.goals.priorities.model_copy(update={"policy_action": stated})
    mine = case.model_copy(
        update={"goals": case.goals.model_copy(update={"priorities": priorities})}
    )
    recoded = code_cases({"eco_world_styria": mine}, dataset.reference)["eco_world_styria"]
    assert recoded.goals.priorities.policy_action == stated
