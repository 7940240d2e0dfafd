"""The manifest (analysis.report.manifest): what a report was built from, every key its
readers expect, checksums of every data file, and no folder of the machine."""

from __future__ import annotations

import json
import typing
from pathlib import Path

import pytest

from analysis.dataset.loading import load_dataset
from analysis.report import manifest as manifest_module
from analysis.report.execute import Result
from analysis.report.manifest import (
    Manifest,
    Parameters,
    data_checksums,
    data_version,
    manifest,
    package_versions,
)
from analysis.report.options import Options
from analysis.report.placement import GENERATOR, is_report
from analysis.report.plan import Job


def _record(data_dir: Path, tmp_path: Path, **options: object) -> Manifest:
    dataset = load_dataset(data_dir)
    job = Job(
        "04_case__eco_world_styria",
        Path("notebooks/04_case.ipynb"),
        tmp_path / "out.ipynb",
        {"case_id": "eco_world_styria", "data_dir": str(data_dir), "export_dir": str(tmp_path)},
        title="3.2.1 ECO World Styria",
    )
    result = Result(job, ok=True, seconds=1.23456, attempts=2, timings={"execute": 1.0})
    chosen = Options(date="2010-09-01", out=tmp_path, **options)  # type: ignore[arg-type]
    return manifest(chosen, dataset, ["eco_world_styria"], [result], 9.87654, data_dir)


def test_the_manifest_has_every_key_its_readers_expect_and_marks_our_report(data_dir, tmp_path):
    record = _record(data_dir, tmp_path, group="report", as_of=2010)
    assert set(record) == set(typing.get_type_hints(Manifest)) - {"edition"}
    assert set(record["parameters"]) == set(typing.get_type_hints(Parameters))
    assert record["parameters"]["group"] == "report" and record["parameters"]["as_of"] == 2010
    assert record["parameters"]["sector"] is None  # unset filters are null, not ""
    assert record["parameters"]["selection"] == "group-report-as-of-2010"
    (tmp_path / "manifest.json").write_text(json.dumps(record), encoding="utf-8")
    assert record["generator"] == GENERATOR and is_report(tmp_path)


def test_the_manifest_names_no_folder_of_the_machine(data_dir, tmp_path):
    record = _record(data_dir, tmp_path)
    text = json.dumps(record)
    assert str(tmp_path) not in text and str(data_dir) not in text
    assert record["parameters"]["data_dir"] == ".../data"
    notebook = record["notebooks"][0]
    assert "data_dir" not in notebook["parameters"] and "export_dir" not in notebook["parameters"]
    assert (notebook["seconds"], notebook["kernel_attempts"], notebook["execute"]) == (
        1.235,
        2,
        1.0,
    )
    assert record["total_seconds"] == 9.877


def test_every_data_file_has_its_checksum_and_a_change_changes_the_version(data_dir):
    dataset = load_dataset(data_dir)
    checksums = data_checksums(dataset)
    assert "cases/eco_world_styria.yaml" in checksums
    assert any(name.startswith("reference/") for name in checksums)
    version = data_version(checksums)
    assert version == data_version(dict(reversed(list(checksums.items()))))  # order-free
    case = data_dir / "cases" / "eco_world_styria.yaml"
    case.write_text(case.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert data_version(data_checksums(load_dataset(data_dir))) != version


def test_outside_a_git_checkout_the_commit_is_unknown_not_an_error(tmp_path, monkeypatch):
    monkeypatch.setattr(manifest_module, "ROOT", tmp_path)
    assert manifest_module.git_commit() is None


def test_a_package_that_is_not_installed_is_said_so(monkeypatch):
    monkeypatch.setattr(manifest_module, "PACKAGES", ("pandas", "no-such-package-here"))
    versions = package_versions()
    assert versions["no-such-package-here"] == "not installed"
    assert versions["pandas"][0].isdigit() and versions["python"][0].isdigit()


@pytest.mark.skipif(not (manifest_module.ROOT / ".git").exists(), reason="not a git checkout")
def test_in_a_checkout_the_commit_is_named():
    commit = manifest_module.git_commit()
    assert commit is not None and len(commit.removesuffix("+dirty")) == 40
