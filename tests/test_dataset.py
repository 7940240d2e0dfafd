"""The dataset: six cases in report order, provenance on every value, the report's numbers exact."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from helpers import ROOT, SIX

from analysis.compute.coverage import coverage_frame
from analysis.compute.frames import (
    cases_frame,
    fact_counts,
    facts_frame,
    iter_facts,
    iter_observations,
)


def test_the_report_six_then_its_publisher_then_the_benchmark_load_in_order(dataset):
    ids = list(dataset.cases)
    assert ids[:7] == [*SIX, "copenhagen_cleantech_cluster"]
    assert [c.case_no for c in dataset.cases.values()][:7] == [1, 2, 3, 4, 5, 6, 7]
    assert ids[7:] == sorted(ids[7:])  # the benchmark by id
    assert {c.group for c in list(dataset.cases.values())[7:]} == {"benchmark"}


def test_the_benchmark_has_27_or_more_organisations_each_with_four_parameters_known(dataset):
    coverage = coverage_frame(dataset.cases)
    assert len(coverage) >= 27
    assert (coverage["known"] >= 4).all(), coverage[coverage["known"] < 4]
    groups = [c.group for c in dataset.cases.values()]
    assert groups.count("report") == 6 and groups.count("publisher") == 1
    assert groups.count("benchmark") >= 20


def test_every_report_value_carries_a_page(dataset):
    report_facts = [
        (case.case_id, path, fact)
        for case in dataset.cases.values()
        for path, fact in iter_facts(case)
        if fact.source == "report"
    ]
    assert len(report_facts) > 50
    pages = {(c, p): f.pages or [f.page or 0] for c, p, f in report_facts}
    assert [key for key, found in pages.items() if not all(1 <= n <= 25 for n in found)] == []


def test_every_reference_row_carries_a_page_or_our_reason(dataset):
    for name, table in dataset.reference.tables.items():
        if name == "segment_activities":  # our coding, not the report's: each row says why
            assert table["note"].str.len().gt(0).all()
            continue
        if name == "coding_rules":  # our rules: each says what it codes, on the report's pages
            assert table["note"].str.len().gt(0).all()
            assert dataset.reference.sources[name].source.startswith("Our coding")
            continue
        if name == "sectors":  # our classification, and sources.yaml says so
            assert dataset.reference.sources[name].source.startswith("Our classification")
            continue
        column = "pages" if "pages" in table else "page"
        assert table[column].notna().all(), name


def test_every_fact_names_its_source_in_full(dataset):
    """report: a page; coded: its rule and what it rests on (the report's pages, or a public
    page's url, date and year); derived: a formula; external: url, the page's date and the year
    the value describes - for every fact and every dated observation."""
    for case in dataset.cases.values():
        for path, fact, _ in iter_observations(case):
            where = f"{case.case_id}: {path}"
            if fact.source == "report":
                assert fact.page or fact.pages, where
            if fact.source == "coded":
                rests = fact.page or fact.pages or (fact.url and fact.date and fact.as_of)
                assert fact.rule and rests, where
            if fact.source == "derived":
                assert fact.formula, where
            if fact.source == "external":
                assert fact.url and fact.date and fact.as_of, where


def test_target_board_priorities_are_coded_never_report(dataset):
    for case in dataset.cases.values():
        for segment, fact in case.goals.priorities.by_segment().items():
            assert fact.source in ("coded", "missing", "own"), (case.case_id, segment)


# The report's own numbers (transcript page in the last column).
REPORT_NUMBERS = [
    ("eco_world_styria", "members.count", "150", 16),
    ("eco_world_styria", "financing.member_share_pct", "39", 17),
    ("eco_world_styria", "financing.public_share_pct", "61", 17),
    ("eco_world_styria", "financing.foundation_share_pct", "0", 17),
    ("eco_world_styria", "staffing.staff_count", "10", 19),
    ("eco_world_styria", "goals.targets[on_top].value", "20", 17),
    ("eco_world_styria", "goals.targets[on_top].year", "2015", 17),
    ("eco_world_styria", "members.outside_region_pct", "10", 16),
    ("cleantech_north", "members.count", "10", 21),
    ("cleantech_north", "financing.public_share_pct", "0", 22),
    ("cleantech_north", "financing.fee_schedule.core.fixed", "5000", 22),
    ("ict_cluster_bern", "members.count", "202", 25),
    ("ict_cluster_bern", "staffing.fte", "1", 24),
    ("ict_cluster_bern", "members.outside_region_pct", "10", 25),
    ("medicon_valley_alliance", "staffing.fte", "10", 14),
]


@pytest.mark.parametrize(("case_id", "field", "value", "page"), REPORT_NUMBERS)
def test_export_reproduces_report_number(dataset, case_id, field, value, page):
    facts = facts_frame(dataset.cases)
    row = facts[(facts.case_id == case_id) & (facts.field == field) & facts.headline]
    assert row[["value", "source_kind", "source_ref"]].values.tolist() == [
        [value, "report", f"p. {page}"]
    ]


def test_styria_amounts_are_the_reports_and_the_restored_euro_sign_is_derived(dataset):
    facts = facts_frame(dataset.cases)
    for field in ("financing.fee_schedule.standard.cap", "financing.budget"):
        row = facts[(facts.case_id == "eco_world_styria") & (facts.field == field)].iloc[0]
        assert (row.unit, row.source_kind, row.unit_source) == ("EUR", "report", "derived")


def test_missing_values_are_na_never_zero(dataset):
    frame = cases_frame(dataset.cases).set_index("case_id")
    assert frame.isna().loc["ict_cluster_bern", "budget_amount"]
    assert frame.isna().loc["medicon_valley_alliance", ["budget_amount", "public_share_pct"]].all()
    assert frame.loc["cleantech_north", "public_share_pct"] == 0  # a real zero from p. 22


def test_fact_counts_add_up_to_every_fact(dataset):
    counts = fact_counts(dataset.cases)
    assert list(counts.index) == list(dataset.cases)
    per_case = {c.case_id: sum(1 for _ in iter_observations(c)) for c in dataset.cases.values()}
    assert counts["total"].to_dict() == per_case


def test_reference_tables_have_the_reports_shape(dataset):
    ref = dataset.reference
    assert len(ref.target_board_segments) == 6 and ref.target_board_segments.share_pct.isna().all()
    assert list(ref.reglab_activities.sort_values("position").activity_id)[:1] == ["matchmaking"]
    assert len(ref.reglab_activities) == 9
    assert ref.staffing_study.share_pct.tolist() == [73, 15, 12]
    assert set(ref.interviewees.kind) == {"expert", "practitioner"}
    assert ref.cluster_theories.year.is_monotonic_increasing
    assert ref.parameters.number.tolist() == [1, 2, 3, 4, 5, 6]


def test_analysis_load_gives_the_dataset_and_its_typed_frames():
    import analysis

    data = analysis.load()
    facts = analysis.facts_frame(data)
    assert str(facts["value_num"].dtype) == "Float64" and str(facts["as_of"].dtype) == "Int64"
    mva = facts[(facts.case_id == "medicon_valley_alliance") & (facts.field == "members.count")]
    assert {(int(r.value_num), int(r.as_of), bool(r.headline)) for r in mva.itertuples()} >= {
        (256, 2007, True)
    }
    cases = analysis.cases_frame(data).set_index("case_id")
    assert cases.loc["eco_world_styria", "members"] == 150
    assert pd.isna(cases.loc["ict_cluster_bern", "budget_amount"])  # missing is <NA>, never 0
    comparison = analysis.comparison_frame(data)
    assert set(comparison.metric) >= {"members", "staff_per_100_members"}


def test_project_root_is_found_from_any_working_directory(tmp_path):
    # notebooks opened in JupyterLab and papermill runs elsewhere resolve data/ from here
    done = subprocess.run(
        [sys.executable, "-c", "from analysis.dataset.paths import ROOT; print(ROOT)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(done.stdout.strip()) == ROOT


def test_the_researchers_api_gives_typed_frames_and_figures(tmp_path, cli):
    import matplotlib

    import analysis

    data = analysis.load()
    assert analysis.__version__ and analysis.__version__ != "0+unknown"
    long = analysis.comparison_frame(data)
    assert str(long["value"].dtype) == "Float64" and str(long["unit"].dtype) == "string"
    assert str(long["yes_no"].dtype) == "boolean" and not (long["unit"] == "").any()
    wide = analysis.metrics_frame(data)
    assert wide.loc["eco_world_styria", "members"] == 150
    assert str(wide["members_year"].dtype) == "Int64"
    assert str(wide["restricted"].dtype) == "boolean"
    assert wide["budget_basis"].isna().sum() == wide["budget"].isna().sum()
    cases = analysis.cases_frame(data)
    assert {"kind", "sector_label_da", "sector_label_en"} <= set(cases.columns)
    facts = analysis.facts_frame(data)
    row = facts[facts.field == "technology.flagships[0].en"].iloc[0]
    assert (row.parameter, row["item"], row.attribute) == ("technology", "0", "en")
    assert (facts["page"].notna() <= facts["pages"].notna()).all()  # page only for one page
    from analysis.compute.selection import select_cases

    assert list(select_cases(data.cases, cases=["clean"])) == ["clean"]
    figure = analysis.comparison_figure("members", data, lang="en")
    assert isinstance(figure, matplotlib.figure.Figure)
    assert isinstance(
        analysis.case_figure("funding", "eco_world_styria", data), matplotlib.figure.Figure
    )


def test_the_priorities_are_the_target_boards_six_segments_in_its_order():
    from analysis.dataset.schema import SEGMENTS, Priorities

    assert tuple(Priorities.model_fields) == SEGMENTS and len(SEGMENTS) == 6
