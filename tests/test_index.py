"""The report's contents (analysis.report.index): sections in the report's order, case
sections grouped under their headings, the build's parameters as a reader reads them."""

from __future__ import annotations

from pathlib import Path

from helpers import SIX

from analysis.compute.selection import case_order
from analysis.report.execute import Result
from analysis.report.index import Section, collect_outputs, grouped, readable_parameters
from analysis.report.plan import Job


def _section(name: str, case_id: str | None = None) -> Section:
    parameters = {"case_id": case_id} if case_id else {}
    job = Job(name, Path(f"{name}.ipynb"), Path(f"{name}.out.ipynb"), parameters, title=name)
    return Section(name, name, Result(job, ok=True, seconds=1.0))


def test_case_sections_are_grouped_under_headings_in_the_editions_order(dataset):
    benchmark = [c for c, case in dataset.cases.items() if case.group == "benchmark"][:3]
    cases = ["copenhagen_cleantech_cluster", *benchmark, *reversed(SIX)]  # out of order
    sections = [
        _section("01_introduction"),
        _section("03_central_themes"),
        *[_section(f"04_case__{c}", c) for c in cases],
        _section("05_comparison"),
    ]
    parts = grouped(sections, dataset, "en")
    assert [p.heading for p in parts[:2]] == [None, None]  # chapters stand alone
    assert parts[-1].heading is None and parts[-1].sections[0].name == "05_comparison"
    headed = [p for p in parts if p.heading]
    assert headed[0].heading == "The report's six cases"
    assert headed[1].heading == "The report's publisher"
    assert all(p.heading.startswith("Benchmark: ") for p in headed[2:])
    # within the run, the edition's order (the report's six by number, then the rest)
    shown = [s.result.job.parameters["case_id"] for p in headed for s in p.sections]
    sectors = dataset.reference.sectors.sector_id
    assert shown == [c for c in case_order(dataset.cases, sectors) if c in cases]
    # a heading appears once per run of its sections
    assert len({p.heading for p in headed}) == len(headed)


def test_a_chapter_between_case_sections_ends_their_run(dataset):
    sections = [
        _section("04_case__eco_world_styria", "eco_world_styria"),
        _section("05_comparison"),
        _section("04_case__cleantech_north", "cleantech_north"),
    ]
    parts = grouped(sections, dataset, "da")
    assert [(p.heading, [s.name for s in p.sections]) for p in parts] == [
        ("Rapportens seks cases", ["04_case__eco_world_styria"]),
        (None, ["05_comparison"]),
        ("Rapportens seks cases", ["04_case__cleantech_north"]),
    ]


def test_a_reader_sees_lists_joined_and_unset_filters_in_words():
    parameters = {
        "lang": "en",
        "currency": "EUR",
        "year": 2010,
        "cases": ["a", "b"],
        "group": None,
        "kind": None,
        "focal_case": None,
        "as_of": "",
    }
    rows = dict(readable_parameters(parameters, "en"))
    assert rows["Organisations"] == "a, b"
    assert rows["Groups"] == "all" and rows["Countries"] == "all"
    assert rows["Kind of body"] == "cluster organisations and the report's six"
    assert rows["Focal organisation"] == "-" and rows["Year of the data (as_of)"] == "-"
    assert rows["Year of the exchange rates"] == "2010"
    assert "jobs" not in " ".join(rows).lower()  # how many ran at once is not the report's content
    assert readable_parameters(parameters, "da")[0][0] == "Sprog"


def test_outputs_are_listed_relative_to_the_report_and_sorted(tmp_path):
    assert collect_outputs(tmp_path, "05_comparison") == []  # a section that saved nothing
    folder = tmp_path / "outputs" / "05_comparison"
    (folder / "tables").mkdir(parents=True)
    (folder / "figures").mkdir()
    (folder / "tables" / "t.csv").write_text("x", encoding="utf-8")
    (folder / "figures" / "f.png").write_bytes(b"png")
    assert collect_outputs(tmp_path, "05_comparison") == [
        "outputs/05_comparison/figures/f.png",
        "outputs/05_comparison/tables/t.csv",
    ]
