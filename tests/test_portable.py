"""The build on a machine without fork(), fcntl and renameat2 (as on Windows): forced here by a
sitecustomize module (tests/fixtures/no_fork) that removes them from every Python process of the
run. It must validate, build the same report as the fast path, and replace an old report whole."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from helpers import FIXTURES, REPORT_DATE, ROOT, mark_as_report

from analysis.report.build import build
from analysis.report.options import Options
from analysis.report.pdf import BROWSER_ENV

pytestmark = pytest.mark.kernel  # starts kernels; not in `make test-fast`

NO_FORK = FIXTURES / "no_fork"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(NO_FORK), str(ROOT / "src")]),
        # the PDF is printed the same way on both paths (tests/test_edition.py): not here
        BROWSER_ENV: "no-pdf-in-this-test",
    }
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _outputs(notebook: Path) -> list[list[dict]]:
    """The outputs of every code cell, as a reader sees them (no timing metadata)."""
    nb = nbformat.read(notebook, as_version=4)
    return [
        [{k: v for k, v in out.items() if k != "metadata"} for out in cell.get("outputs", [])]
        for cell in nb.cells
        if cell.cell_type == "code"
    ]


# Two of the report's cases keep the run short (ordinary kernels start slowly) and still run
# every notebook; the fast path builds the same selection for the comparison.
SELECTION = ("--cases", "eco_world_styria,cleantech_north")


@pytest.fixture(scope="module")
def portable_report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("portable")
    report = out / f"{REPORT_DATE}-cases-eco_world_styria-cleantech_north"
    # A report of ours is in place (as a previous build left it) ...
    (mark_as_report(report) / "only-in-the-old-report.txt").write_text("old", encoding="utf-8")
    built = _run("build", "--date", REPORT_DATE, "--out", str(out), "--jobs", "2", *SELECTION)
    assert built.returncode == 0, built.stderr
    # ... and the build replaced it whole without renameat2: old aside, new in, old removed.
    assert not (report / "only-in-the-old-report.txt").exists()
    return report


@pytest.fixture(scope="module")
def fast_report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("fast")
    options = Options(
        date=REPORT_DATE, out=out, jobs=2, cases=["eco_world_styria", "cleantech_north"]
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(BROWSER_ENV, "no-pdf-in-this-test")
        assert build(options) == 0
    return out / options.folder


def test_the_simulated_machine_really_lacks_fork_fcntl_and_renameat2():
    probe = (
        "import os, ctypes, importlib.util\n"
        "try:\n    import fcntl\n    has_fcntl = True\nexcept ImportError:\n    has_fcntl = False\n"
        "libc = ctypes.CDLL(None)\n"
        "print(hasattr(os, 'fork'), has_fcntl, hasattr(libc, 'renameat2'))"
    )
    env = {**os.environ, "PYTHONPATH": str(NO_FORK)}
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["False", "False", "False"]


def test_validate_works_without_fork_and_fcntl():
    done = _run("validate")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def test_portable_build_runs_ordinary_kernels_and_spawned_workers(portable_report):
    manifest = json.loads((portable_report / "manifest.json").read_text())
    assert manifest["execution"] == {"kernels": "ordinary", "workers": "spawn"}
    siblings = [
        p.name
        for p in portable_report.parent.iterdir()
        if not p.name.endswith((".lock", ".logs"))  # the lock file and the logs kept beside
    ]
    assert siblings == [portable_report.name]  # nothing left aside: no old report, no work folder


def test_portable_build_gives_the_same_report_as_the_fast_path(portable_report, fast_report):
    default_report = fast_report
    fast = json.loads((default_report / "manifest.json").read_text())
    assert fast["execution"] == {"kernels": "preloaded", "workers": "fork"}

    def files(root: Path) -> list[str]:
        return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())

    skip = ("logs/",)  # worker logs are named by process id
    names = [f for f in files(default_report) if not f.startswith(skip)]
    assert [f for f in files(portable_report) if not f.startswith(skip)] == names
    for name in names:
        if name.startswith("notebooks/"):
            assert _outputs(portable_report / name) == _outputs(default_report / name), name
        elif name.startswith(("outputs/", "data/")):
            same = (portable_report / name).read_bytes() == (default_report / name).read_bytes()
            assert same, name
