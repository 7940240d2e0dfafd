"""The committed notebooks: thin, parameterised, stable, paired with text, runnable for every case."""

from __future__ import annotations

import ast
import json
import re
import shutil

import nbformat
import pytest
from helpers import FIXTURES, SIX

from analysis.dataset.loading import load_dataset
from analysis.dataset.paths import NOTEBOOK_DIR
from analysis.presentation.figures import CASE_FIGURES, history_series
from analysis.report.execute import run_jobs
from analysis.report.notebooks import (
    CASE_NOTEBOOK,
    DEFAULT_PARAMETERS,
    cell_lang,
    keep_language,
    notebook_paths,
    out_of_sync,
)
from analysis.report.plan import Job

NOTEBOOKS = notebook_paths()


pytestmark = pytest.mark.kernel  # starts kernels; not in `make test-fast`


def _code_cells(path):
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


def test_report_notebooks_exist_in_report_order():
    assert [p.stem for p in NOTEBOOKS] == [
        "01_introduction",
        "02_background",
        "03_central_themes",
        "04_case",
        "05_comparison",
        "06_strategic_choices",
        "07_explorer",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_has_exactly_one_parameters_cell(path):
    tagged = [c for c in _code_cells(path) if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    assert "lang = " in tagged[0].source and "data_dir = " in tagged[0].source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_stays_thin_logic_lives_in_the_package(path):
    for cell in _code_cells(path):
        assert not re.search(r"^\s*(def|class|for|while)\s", cell.source, re.M), cell.source
        if "parameters" not in cell.metadata.get("tags", []):  # one line per parameter there
            assert len(cell.source.splitlines()) <= 6, cell.source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_stored_notebook_has_outputs_and_no_volatile_or_machine_data(path):
    text = path.read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=4)
    shown = [c for c in _code_cells(path) if "book." in c.source and "= setup(" not in c.source]
    assert shown and all(c.get("outputs") for c in shown)
    assert not re.search(r"/(root|home|tmp|work)/", text)
    for key in ('"start_time"', '"end_time"', '"duration"', '"papermill"', '"execution"'):
        assert key not in text
    assert not any(o.get("output_type") == "error" for c in nb.cells for o in c.get("outputs", []))
    assert "0x7f" not in text  # no memory addresses


def test_every_notebook_is_in_sync_with_its_paired_py_file():
    assert out_of_sync(NOTEBOOKS) == []


def test_pair_check_detects_an_edited_py_file(tmp_path):
    for suffix in (".ipynb", ".py"):
        shutil.copy(
            NOTEBOOK_DIR / f"01_introduction{suffix}", tmp_path / f"01_introduction{suffix}"
        )
    twin = tmp_path / "01_introduction.py"
    twin.write_text(twin.read_text(encoding="utf-8") + "\n# %%\nprint(1)\n", encoding="utf-8")
    assert out_of_sync([tmp_path / "01_introduction.ipynb"]) == [tmp_path / "01_introduction.ipynb"]


def _outputs(path):
    nb = nbformat.read(path, as_version=4)
    return [o for c in nb.cells for o in c.get("outputs", [])]


def _text(outputs):
    return json.dumps([o.get("data", o.get("text", "")) for o in outputs], ensure_ascii=False)


def test_case_notebook_runs_for_all_six_cases_from_any_directory(tmp_path):
    # papermill with each case id, run from a working directory outside the project, two at a
    # time; paths inside the notebook resolve from the project root.
    jobs = [
        Job(
            name=case_id,
            notebook=NOTEBOOK_DIR / f"{CASE_NOTEBOOK}.ipynb",
            output=tmp_path / f"{case_id}.ipynb",
            parameters={"case_id": case_id},
            cwd=tmp_path,
        )
        for case_id in SIX
    ]
    results = run_jobs(jobs, workers=2)
    assert [(r.job.name, r.ok, r.error) for r in results] == [(c, True, "") for c in SIX]
    cases = load_dataset().cases
    for case_id in SIX:
        outputs = _outputs(tmp_path / f"{case_id}.ipynb")
        images = [o for o in outputs if "image/png" in o.get("data", {})]
        # a chart per case figure with data (the others are one line), and a time series where
        # a value has two years
        case = cases[case_id]
        drawn = [
            key
            for key, spec in CASE_FIGURES.items()
            if any(f is not None and not f.is_missing for f in spec.facts(case))
        ]
        assert len(images) == len(drawn) + (1 if history_series(case) else 0), case_id
        if len(drawn) < len(CASE_FIGURES):  # the missing charts are each one line of text
            assert "ingen data i kilderne, så intet diagram" in _text(outputs), case_id
    ict = _text(_outputs(tmp_path / "ict_cluster_bern.ipynb"))
    assert "n/a - side tabt" in ict and "ICT Cluster Bern" in ict


def test_case_notebook_renders_a_case_file_added_to_the_data_folder(data_dir, tmp_path):
    shutil.copy(FIXTURES / "fictional_test_cluster.yaml", data_dir / "cases")
    out = tmp_path / "fictional.ipynb"
    job = Job(
        name="fictional",
        notebook=NOTEBOOK_DIR / f"{CASE_NOTEBOOK}.ipynb",
        output=out,
        parameters={"case_id": "fictional_test_cluster", "data_dir": str(data_dir), "lang": "en"},
    )
    (result,) = run_jobs([job], workers=1)
    assert result.ok, result.error
    text = _text(_outputs(out))
    assert "Fictional Test Cluster" in text and "Denmark" in text
    assert "derived" in text  # its values are marked as derived (fictional), with the formula
    # 1.2 lists the report's six only; an added organisation joins the comparison (3.3)
    intro, comparison = (NOTEBOOK_DIR / f"{n}.ipynb" for n in ("01_introduction", "05_comparison"))
    jobs = [
        Job(nb.stem, nb, tmp_path / f"{nb.stem}.ipynb", {"data_dir": str(data_dir)})
        for nb in (intro, comparison)
    ]
    assert all(r.ok for r in run_jobs(jobs, workers=2))
    assert "Fictional Test Cluster" not in _text(_outputs(tmp_path / "01_introduction.ipynb"))
    assert "Fictional Test Cluster" in _text(_outputs(tmp_path / "05_comparison.ipynb"))


def test_background_notebooks_run_in_english(tmp_path):
    jobs = [
        Job(p.stem, p, tmp_path / p.name, {"lang": "en"})
        for p in NOTEBOOKS
        if p.stem != CASE_NOTEBOOK
    ]
    results = run_jobs(jobs, workers=2)
    assert all(r.ok for r in results), [r.error for r in results]
    text = _text(_outputs(tmp_path / "02_background.ipynb"))
    # numbered within section 2, the report's own number in words
    caption = r"Figure 2\.\d: Cluster Initiative Target Board \(the report(&#x27;|')s Figure 1\)"
    assert re.search(caption, text)
    assert "ordinal ranking" in text  # Figure 1 says what its positions rest on


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebook_keeps_its_default_parameters(path):
    """Exploring in JupyterLab autosaves other parameters into the committed files; the stored
    notebook (and so what nbval checks) must be the defaults' run."""
    import papermill

    declared = papermill.inspect_notebook(str(path))
    stored = {name: ast.literal_eval(p["default"]) for name, p in declared.items()}
    assert stored == {name: DEFAULT_PARAMETERS[name] for name in declared}


def _headings(source: str) -> list[str]:
    """A markdown cell's headings as level and number: ['#', '## 2.1'] ..."""
    out = []
    for line in source.splitlines():
        found = re.match(r"(#+) ([\d.]*)", line)
        if found:
            out.append(f"{found.group(1)} {found.group(2)}".strip())
    return out


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_narrative_cell_is_there_in_danish_and_in_english(path):
    # a Danish build must not fall back on English narrative, nor an English one on Danish:
    # each English cell has its Danish twin right after it, with the same headings
    cells = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown"]
    langs = [cell_lang(c) for c in cells]
    assert langs == ["en", "da"] * (len(cells) // 2), langs
    for english, danish in zip(cells[::2], cells[1::2], strict=True):
        assert _headings(english.source) == _headings(danish.source)
        assert english.source != danish.source
    for lang in ("da", "en"):
        kept = keep_language(nbformat.read(path, as_version=4), lang)
        assert {cell_lang(c) for c in kept.cells} <= {None, lang}
