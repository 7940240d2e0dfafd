"""Placing one's own organisation: the template validates, a filled-in copy appears in the
comparison and on every strategic axis, and the worked example renders with the six cases."""

from __future__ import annotations

import json
import math
import re
import shutil

import nbformat
import pytest
import yaml

from analysis.compute.strategy import positions_frame
from analysis.dataset.loading import load_cases, load_dataset
from analysis.dataset.paths import NOTEBOOK_DIR, ROOT
from analysis.presentation.tables import comparison_table
from analysis.report.execute import run_jobs
from analysis.report.plan import Job

TEMPLATE = ROOT / "data" / "templates" / "organisation.yaml"
EXAMPLE = ROOT / "examples" / "eksempelklyngen.yaml"
OWN = {"source": "own", "date": "2026-11", "note": "test value"}


def fill_template(data_dir):
    data = yaml.safe_load(TEMPLATE.read_text(encoding="utf-8"))
    data["case_id"] = "test_cluster"
    data["name"] = {"value": "Test Cluster", **OWN}
    data["country"] = {"da": "Danmark", "en": "Denmark", **OWN}
    members = data["members"]
    members["count"] = {"value": 80, "unit": "members", **OWN}
    members["types"] = {"items": [{"da": "virksomheder", "en": "companies"}], **OWN}
    members["open_admission"] = {"value": True, **OWN}
    fin = data["financing"]
    for key, value in (("member", 70), ("public", 30), ("foundation", 0)):
        fin[f"{key}_share_pct"] = {"value": value, "unit": "%", **OWN}
    fin["budget"] = {"value": 1_500_000, "unit": "DKK", **OWN}
    data["technology"]["restricted"] = {"value": False, **OWN}
    data["goals"]["priorities"]["research_networking"] = {"value": 3, **OWN}
    data["services"]["services"] = {
        "items": [{"id": "events", "activity": "seminars", "da": "Arrangementer", "en": "Events"}],
        **OWN,
    }
    data["staffing"]["fte"] = {"value": 2, "unit": "FTE", **OWN}
    path = data_dir / "cases" / "test_cluster.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _text(path):
    nb = nbformat.read(path, as_version=4)
    return json.dumps(
        [o.get("data", {}) for c in nb.cells for o in c.get("outputs", [])], ensure_ascii=False
    )


def test_template_as_shipped_validates_once_copied(data_dir, cli):
    shutil.copy(TEMPLATE, data_dir / "cases" / "my_organisation.yaml")
    run = cli("validate", "--data-dir", data_dir)
    cases = len(list((data_dir / "cases").glob("*.yaml")))
    assert run.code == 0 and f"{cases} cases" in run.out


def test_filled_template_appears_in_the_comparison_and_on_every_axis(data_dir, cli):
    fill_template(data_dir)
    assert cli("validate", "--data-dir", data_dir).code == 0
    dataset = load_dataset(data_dir)
    scores = positions_frame(dataset.cases, dataset.reference)
    mine = scores.loc["test_cluster"]
    assert not any(math.isnan(v) for v in mine), mine
    table = comparison_table(dataset.cases, "DKK", 2010, "en")
    assert table.loc["Test Cluster", "Number of members"] == "80*"


@pytest.mark.kernel
def test_notebooks_render_the_own_organisation_and_the_worked_example(data_dir, tmp_path):
    fill_template(data_dir)
    shutil.copy(EXAMPLE, data_dir / "cases")
    assert "eksempelklyngen" in load_cases(data_dir)
    jobs = []
    for focal in ("test_cluster", "eksempelklyngen"):
        for stem in ("05_comparison", "06_strategic_choices"):
            params = {"data_dir": str(data_dir), "lang": "en"}
            if stem == "06_strategic_choices":
                params["focal_case"] = focal
            jobs.append(
                Job(
                    f"{stem}-{focal}",
                    NOTEBOOK_DIR / f"{stem}.ipynb",
                    tmp_path / f"{stem}-{focal}.ipynb",
                    params,
                )
            )
    results = run_jobs(jobs, workers=2)
    assert all(r.ok for r in results), [r.error for r in results]
    comparison = _text(tmp_path / "05_comparison-test_cluster.ipynb")
    assert "Test Cluster" in comparison and "Eksempelklyngen (fiktiv)" in comparison
    for focal, name in (
        ("test_cluster", "Test Cluster"),
        ("eksempelklyngen", "Eksempelklyngen (fiktiv)"),
    ):
        choices = _text(tmp_path / f"06_strategic_choices-{focal}.ipynb")
        for axis in ("Membership", "Financing", "Technology", "Role", "Secretariat"):
            assert re.search(rf"Table 3\.4\.\d+: {axis} - position and inputs", choices)
        assert re.search(
            rf"Table 3\.4\.\d+: The organisations nearest to {re.escape(name)}", choices
        )


def test_an_organisation_with_only_members_budget_and_fte_gets_nearest_ones_and_is_told_why(
    data_dir, monkeypatch
):
    """The template filled with the three numbers a staff member knows first: it stands on two
    axes (membership, secretariat), gets its nearest organisations on those two, and the page
    says which axes it lacks and which fields would place it on them."""
    from analysis.compute.strategy import nearest
    from analysis.notebook import book as book_module
    from analysis.notebook import setup

    data = yaml.safe_load(TEMPLATE.read_text(encoding="utf-8"))
    data["case_id"] = "three_numbers"
    data["name"] = {"value": "Three Numbers Cluster", **OWN}
    data["members"]["count"] = {"value": 120, "unit": "members", **OWN}
    data["financing"]["budget"] = {"value": 2_000_000, "unit": "DKK", **OWN}
    data["staffing"]["fte"] = {"value": 4, "unit": "FTE", **OWN}
    (data_dir / "cases" / "three_numbers.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    shown: list[object] = []
    monkeypatch.setattr(book_module, "_display", lambda *objects: shown.extend(objects))
    book = setup(lang="en", data_dir=str(data_dir))
    book.select(focal="three_numbers")
    scores = book.scores()
    assert scores.loc["three_numbers"].notna().sum() == 2
    assert nearest(scores, "three_numbers", min_shared=2)
    book.nearest()
    texts = [getattr(o, "data", "") or getattr(o, "_repr_html_", lambda: "")() for o in shown]
    said = " ".join(str(t) for t in texts)
    assert "stands on only 2 of five axes" in said
    assert "financing.public_share_pct" in said and "services.services" in said
    assert "Three Numbers Cluster" in said  # the tables of its nearest organisations follow
    assert sum("<table" in str(t) for t in texts) == 2
