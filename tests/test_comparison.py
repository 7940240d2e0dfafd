"""Cross-case comparison (3.3): metrics with provenance, ratios only from known inputs, a summary
that follows the data."""

from __future__ import annotations

import pandas as pd
import pytest
from helpers import SIX, edit_case

from analysis.compute.metrics import case_metrics, comparison_long, fee_comparison
from analysis.compute.selection import select_cases
from analysis.dataset.currency import convert
from analysis.dataset.errors import UsageError
from analysis.dataset.loading import load_cases
from analysis.presentation.synthesis import marker, shown, summary
from analysis.presentation.tables import comparison_table


@pytest.fixture(scope="module")
def report_six(dataset):
    """The report's six cases (the summary's sentences below are about them)."""
    return select_cases(dataset.cases, group="report")


def _segment_names(dataset):
    seg = dataset.reference.target_board_segments
    return dict(zip(seg.segment_id, seg.label_en, strict=True))


def test_budget_per_member_is_the_converted_budget_over_members(dataset):
    m = case_metrics(dataset.cases["eco_world_styria"], "DKK", 2010)
    assert m["budget_per_member"].value == pytest.approx(convert(800_000, "EUR", "DKK") / 150)
    assert m["budget_per_member"].source == "derived"
    # the converted budget (derived from the report's budget) over the report's member count
    assert m["budget_per_member"].inputs == ("derived", "report", "report")


def test_ratio_with_a_missing_input_is_missing_not_zero(dataset):
    m = case_metrics(dataset.cases["ict_cluster_bern"], "DKK", 2010)
    assert m["budget"].missing and m["budget_per_member"].missing
    assert m["budget_per_member"].value is None
    # ICT Bern has FTE but no head count: staff per 100 members falls back to FTE (1 / 202)
    assert m["staff_per_100_members"].value == pytest.approx(100 / 202)


def test_values_resting_on_external_sources_are_flagged(dataset):
    m = case_metrics(dataset.cases["cleantech_san_diego"], "DKK", 2010)
    assert m["members"].rests_on_external and m["staff_per_100_members"].rests_on_external
    assert not case_metrics(dataset.cases["eco_world_styria"], "DKK", 2010)[
        "members"
    ].rests_on_external


def test_every_comparison_number_names_its_fact_or_formula(dataset):
    frame = comparison_long(dataset.cases, "EUR", 2010)
    known = frame[frame.value.notna()]
    plain = known[known.source_kind != "derived"]
    assert plain.basis.str.match(r"^[a-z_.]+ \(").all()  # 'members.count (p. 16)'
    facts_fields = {"members.count", "financing.budget", "staffing.fte", "staffing.staff_count"}
    assert {b.split(" ")[0] for b in known.basis} & facts_fields == facts_fields


def test_fee_comparison_converts_each_level_and_size(dataset):
    frame = fee_comparison(dataset.cases, "DKK", 2010)
    row = frame[
        (frame.case_id == "eco_world_styria")
        & (frame.level == "standard")
        & (frame.employees == 100)
    ].iloc[0]
    assert (row.fee, row.currency) == (600, "EUR")
    assert row.fee_converted == pytest.approx(convert(600, "EUR", "DKK"))
    missing = frame[frame.case_id == "medicon_valley_alliance"]
    assert len(missing) == 1 and missing.fee.isna().all()


def test_summary_says_among_how_many_which_years_and_the_range_naming_no_unknowns(
    dataset, report_six
):
    sentences = summary(report_six, _segment_names(dataset), "DKK", 2010, "en")
    text = " ".join(sentences)
    members = sentences[0]
    assert members.startswith("Membership: known for 6 of 6 organisations (")
    assert "from 10 (CleanTech North) to 256* (Medicon Valley Alliance)" in members
    assert "median 127.5" in members  # six values: the median of 10, ..., 256
    budget = sentences[1]
    assert "known for 2 of 6 organisations (2010)" in budget and "median" not in budget
    assert "unknown for" not in text  # the coverage matrix names the unknown ones, once
    assert "Membership limited to technology flagships: ECO World Styria" in text


def test_summary_changes_with_the_data(data_dir, dataset, report_six):
    before = summary(report_six, _segment_names(dataset), "DKK", 2010, "en")
    edit_case(data_dir, "cleantech_north", lambda d: d["members"]["count"].update(value=400))
    cases = select_cases(load_cases(data_dir), group="report")
    after = summary(cases, _segment_names(dataset), "DKK", 2010, "en")
    assert before[0] != after[0]
    assert "to 400 (CleanTech North)" in after[0]


def test_summary_in_danish_uses_danish_templates_and_numbers(dataset, report_six):
    text = " ".join(summary(report_six, _segment_names(dataset), "DKK", 2010, "da"))
    assert "Medlemstallet: kendt for 6 af 6 organisationer" in text
    assert "fra 10 (CleanTech North) til 256* (Medicon Valley Alliance)" in text


def test_selection_narrows_the_comparison_in_report_order(dataset):
    chosen = select_cases(dataset.cases, "medicon_valley_alliance,eco_world_styria")
    assert list(chosen) == ["eco_world_styria", "medicon_valley_alliance"]
    table = comparison_table(chosen, "EUR", 2010, "en")
    assert list(table.index) == ["ECO World Styria", "Medicon Valley Alliance"]
    assert table.loc["Medicon Valley Alliance", "Budget (EUR)"] == "n/a"


def test_staff_per_100_members_uses_fte_for_every_case_and_marks_head_counts(dataset):
    per_case = {c: case_metrics(case, "DKK", 2010) for c, case in dataset.cases.items()}
    # ICT Bern and MVA give FTE: plain ratios
    assert per_case["ict_cluster_bern"]["staff_per_100_members"].value == pytest.approx(100 / 202)
    assert not per_case["ict_cluster_bern"]["staff_per_100_members"].upper_bound
    # CleanTech North: 0.4 FTE (two days a week), not its head count of one
    assert per_case["cleantech_north"]["staff_per_100_members"].value == pytest.approx(4.0)
    # ECO World Styria gives only a head count: shown as an upper bound, never as FTE
    styria = per_case["eco_world_styria"]["staff_per_100_members"]
    assert styria.upper_bound and styria.value == pytest.approx(10 / 150 * 100)
    assert shown(styria, "en", 1) == "≤ 6.7†"


def test_a_ratio_whose_inputs_describe_different_years_is_marked(dataset):
    mva = case_metrics(dataset.cases["medicon_valley_alliance"], "DKK", 2010)
    ratio = mva["staff_per_100_members"]  # 10 FTE in 2010 over 256 members in 2007
    assert ratio.years == (2010, 2007) and ratio.years_apart
    assert marker(ratio).endswith("‡")
    same_year = case_metrics(dataset.cases["eco_world_styria"], "DKK", 2010)["budget_per_member"]
    assert not same_year.years_apart and "‡" not in marker(same_year)


def test_as_of_picks_the_observation_of_that_year_or_before(dataset):
    long = comparison_long(dataset.cases, "DKK", 2010, as_of=2008)
    members = long[long.metric == "members"].set_index("case_id")
    assert members.loc["medicon_valley_alliance", "value"] == 256  # counted in 2007
    assert members.loc["medicon_valley_alliance", "as_of"] == 2007
    assert pd.isna(members.loc["eco_world_styria", "value"])  # its count describes 2010


def test_filters_select_by_group_sector_and_country(dataset):
    report = select_cases(dataset.cases, group="report")
    assert list(report) == SIX
    danish = select_cases(dataset.cases, country="dk")
    assert "medicon_valley_alliance" in danish and "energy_cluster_denmark" in danish
    assert all("DK" in c.country_codes for c in danish.values())
    life = select_cases(dataset.cases, sector="life_science", group="report,benchmark")
    assert {c.sector for c in life.values()} == {"life_science"}
    with pytest.raises(UsageError, match="group"):
        select_cases(dataset.cases, group="nonsense")


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_comparison_tables_have_no_row_of_only_na_in_either_language(dataset, lang):
    from analysis.compute.strategy import positions, scores_frame
    from analysis.presentation.labels import label
    from analysis.presentation.tables import (
        axis_table,
        fee_comparison_table,
        scores_table,
        technology_comparison,
    )

    cases = select_cases(dataset.cases, kind="default")
    found = positions(cases, dataset.reference)
    tables = {
        "comparison": comparison_table(cases, "DKK", 2010, lang),
        "fees": fee_comparison_table(cases, "DKK", 2010, lang),
        "technology": technology_comparison(cases, lang),
        "scores": scores_table(scores_frame(found, list(cases)), cases, lang),
        **{f"axis {a}": axis_table(found, a, cases, lang) for a in ("membership", "staffing")},
    }
    na = {label("na", lang), label("na_page_lost", lang), label("missing", lang), "", "-"}
    for name, table in tables.items():
        rows = [r for r in table.itertuples(index=False) if all(str(v) in na for v in r)]
        assert rows == [], name


@pytest.mark.parametrize("lang", ["da", "en"])
def test_no_sentence_or_chart_note_lists_the_unknown_organisations(dataset, lang):
    from analysis.presentation.labels import label

    cases = select_cases(dataset.cases, kind="default")
    text = " ".join(summary(cases, _segment_names(dataset), "DKK", 2010, lang))
    unknown = [c.title for c in cases.values() if c.members.count.value is None]
    assert unknown and not any(name in text for name in unknown if len(name) > 6)
    assert "{names}" not in label("chart_unknown", lang)  # a chart says how many, not who


def test_as_of_hides_every_fact_of_a_later_year_and_organisations_founded_later(dataset):
    from analysis.compute.coverage import known_since
    from analysis.compute.selection import snapshot

    then = snapshot(dataset.cases, 2015)
    assert "energy_cluster_denmark" not in then  # founded in 2020
    for case in then.values():
        years = [y for y in known_since(case).values() if y]
        assert all(y <= 2015 for y in years), (case.case_id, known_since(case))
        assert all((f.as_of_year or 0) <= 2015 for f in case.financing.funding), case.case_id
        assert all((t.as_of_year or 0) <= 2015 for t in case.goals.targets), case.case_id
    # a qualitative fact of a later year is hidden too, not only dated counts
    mva_now = dataset.cases["medicon_valley_alliance"].services.services
    mva_then = then["medicon_valley_alliance"].services.services
    assert (mva_now.as_of_year or 0) > 2015 and mva_then.is_missing


@pytest.mark.parametrize("lang", ["da", "en"])
def test_a_summary_of_one_organisation_names_it_rather_than_counting_one(dataset, lang):
    one = {"eco_world_styria": dataset.cases["eco_world_styria"]}
    text = " ".join(summary(one, _segment_names(dataset), "DKK", 2010, lang))
    assert "de 1 organisationer" not in text and "the 1 organisations" not in text
    assert ("den ene organisation" if lang == "da" else "the one organisation") in text
    assert "ECO World Styria" in text
