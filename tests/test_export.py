"""The export (analysis.compute.export): a Frictionless Data Package of exactly the cases it is
given, spreadsheet-safe cells, all files or none, and read back typed."""

from __future__ import annotations

import csv
import json
import os

import pandas as pd
import pytest
from helpers import edit_case

from analysis.compute.export import (
    datapackage,
    export,
    read_export,
    safe_frame,
    spreadsheet_safe,
    write_files_atomic,
)
from analysis.compute.frames import FACT_COLUMNS
from analysis.dataset.loading import load_dataset


@pytest.mark.parametrize(
    "text", ["=1+1", "+1", "-1+2", "@SUM(A1)", "  =HYPERLINK(1)", "\t=1", "\r=1"]
)
def test_text_a_spreadsheet_would_run_as_a_formula_gets_an_apostrophe(text):
    assert spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize("value", ["Acme", "a = b", "", 5, -3.5, None, True])
def test_ordinary_text_and_numbers_reach_the_csv_unchanged(value):
    assert spreadsheet_safe(value) == value


def test_a_frames_cells_index_and_column_labels_are_all_made_safe():
    frame = pd.DataFrame({"=col": ["=cell", "ok"]}, index=["@row", "plain"])
    safe = safe_frame(frame)
    assert list(safe.columns) == ["'=col"] and list(safe.index) == ["'@row", "plain"]
    assert safe["'=col"].tolist() == ["'=cell", "ok"]
    assert list(frame.columns) == ["=col"]  # the caller's frame is left as it was


def test_a_failed_write_leaves_the_folder_as_it_was_and_no_temporary_file(tmp_path, monkeypatch):
    (tmp_path / "cases.csv").write_text("old", encoding="utf-8")
    real_replace, moved = os.replace, []

    def replace_then_fail(source, target):
        if moved:  # the second file cannot be moved in (disk full, no permission ...)
            raise OSError(28, "No space left on device")
        moved.append(target)
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace_then_fail)
    with pytest.raises(OSError):
        write_files_atomic(tmp_path, {"facts.csv": "new", "cases.csv": "new"})
    # the first file did go in; what matters: no half-written file, no temporary file left
    leftovers = sorted(p.name for p in tmp_path.iterdir())
    assert leftovers == ["cases.csv", "facts.csv"]
    assert (tmp_path / "cases.csv").read_text(encoding="utf-8") == "old"


def test_a_failed_write_before_any_move_changes_nothing(tmp_path, monkeypatch):
    (tmp_path / "cases.csv").write_text("old", encoding="utf-8")

    def fail(source, target):
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_files_atomic(tmp_path, {"cases.csv": "new", "facts.csv": "new"})
    assert [p.name for p in tmp_path.iterdir()] == ["cases.csv"]
    assert (tmp_path / "cases.csv").read_text(encoding="utf-8") == "old"


def test_the_export_holds_exactly_the_cases_it_is_given(dataset, tmp_path):
    chosen = {c: dataset.cases[c] for c in ("eco_world_styria", "medicon_valley_alliance")}
    export(chosen, tmp_path, created="2010-09-01")
    cases, facts = read_export(tmp_path)
    assert cases.case_id.tolist() == list(chosen)
    assert set(facts.case_id) == set(chosen)
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert package["created"] == "2010-09-01"


def test_a_note_that_is_a_formula_is_neutralised_in_the_csv_and_read_back_as_text(
    data_dir, tmp_path
):
    formula = '=HYPERLINK("http://evil.example","x")'
    edit_case(data_dir, "eco_world_styria", lambda d: d["city"].update(note=formula))
    dataset = load_dataset(data_dir)
    export({"eco_world_styria": dataset.cases["eco_world_styria"]}, tmp_path / "out")
    with (tmp_path / "out" / "facts.csv").open(encoding="utf-8") as handle:
        notes = [r["note"] for r in csv.DictReader(handle) if r["field"] == "city"]
    assert notes == ["'" + formula]
    _, facts = read_export(tmp_path / "out")
    assert facts.loc[facts.field == "city", "note"].tolist() == ["'" + formula]


def test_the_descriptor_describes_every_column_that_is_written(dataset, tmp_path):
    export(dict(dataset.cases), tmp_path)
    package = datapackage()
    assert "created" not in package  # no date unless the build gives one
    for resource in package["resources"]:
        with (tmp_path / resource["path"]).open(encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        assert header == [f["name"] for f in resource["schema"]["fields"]]
        assert all(f["description"] for f in resource["schema"]["fields"])


def test_export_writes_empty_cells_for_missing(cli, tmp_path):
    run = cli("export", "--to", tmp_path)
    assert run.code == 0
    with (tmp_path / "cases.csv").open(encoding="utf-8") as handle:
        rows = {r["case_id"]: r for r in csv.DictReader(handle)}
    assert rows["ict_cluster_bern"]["budget_amount"] == ""
    assert rows["eco_world_styria"]["budget_amount"] == "800000"
    assert rows["cleantech_north"]["public_share_pct"] == "0"
    with (tmp_path / "facts.csv").open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header == FACT_COLUMNS


def test_export_is_a_data_package_that_frictionless_validates(cli, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    assert cli("export", "--to", tmp_path).code == 0
    report = frictionless.validate(tmp_path / "datapackage.json")
    assert report.valid, [e.message for task in report.tasks for e in task.errors][:5]
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    facts = {f["name"]: f["type"] for f in package["resources"][1]["schema"]["fields"]}
    assert facts["value_num"] == "number" and facts["as_of"] == "integer"


def test_an_export_reads_back_typed_with_its_version_sources_and_foreign_key(tmp_path, cli):
    import json

    import analysis

    assert cli("export", "--to", tmp_path).code == 0
    cases, facts = analysis.read_export(tmp_path)
    assert str(cases["members"].dtype) == "Int64" and str(facts["value_num"].dtype) == "Float64"
    assert str(facts["headline"].dtype) == "boolean"
    assert cases.loc[cases.case_id == "eco_world_styria", "members"].item() == 150
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert package["version"] == analysis.__version__
    assert package["sources"] and package["contributors"]
    facts_schema = next(r for r in package["resources"] if r["name"] == "facts")["schema"]
    assert facts_schema["foreignKeys"][0]["reference"] == {"resource": "cases", "fields": "case_id"}
