"""Shared fixtures: a private copy of the data folder, the CLI run in-process, the default
report built once, headless Chromium and JupyterLab on a copy of the notebooks."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from browsing import ARGS, CHROMIUM, free_port

from analysis.cli import main
from analysis.dataset.paths import DATA_DIR, ROOT

FIXTURES = Path(__file__).parent / "fixtures"
SIX = [  # the report's cases, in its order
    "eco_world_styria",
    "cleantech_north",
    "ict_cluster_bern",
    "northern_colorado_clean_energy",
    "cleantech_san_diego",
    "medicon_valley_alliance",
]
collect_ignore = ["fixtures"]  # inputs for tests (a failing notebook among them), not tests


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A writable copy of data/ (cases and reference tables)."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target, ignore=shutil.ignore_patterns("templates"))
    return target


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run `python -m analysis ARGS` in-process and capture its exit code and output."""

    def run(*args: str) -> Run:
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse's own exits
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


REPORT_DATE = "2010-09-01"


@pytest.fixture(scope="session")
def default_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default report (all cases, fast path), built once and shared by the tests that only
    read it (contents, links, the browser, the comparison with the portable path)."""
    from analysis.report.build import build
    from analysis.report.options import Options

    out = tmp_path_factory.mktemp("reports")
    assert build(Options(date=REPORT_DATE, out=out, jobs=2)) == 0
    return out / REPORT_DATE


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="the browser extra is not installed"
    )
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    port, token = free_port(), secrets.token_hex(16)
    home = tmp_path_factory.mktemp("home")  # a clean user: no workspace or settings carried over
    # A copy of the notebooks, so that an autosave cannot touch the committed ones; paths inside
    # them resolve from the project root wherever they are opened.
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    env = {**os.environ, "HOME": str(home), "JUPYTER_CONFIG_DIR": str(home / ".jupyter")}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            f"--port={port}",
            "--ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            *(["--allow-root"] if os.geteuid() == 0 else []),
        ],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=1)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("JupyterLab did not start")
    yield url, token
    proc.terminate()
    proc.wait(timeout=20)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """nbval's items run the committed notebooks in kernels: mark them as such."""
    for item in items:
        if str(item.path).endswith(".ipynb"):
            item.add_marker(pytest.mark.kernel)


def code_notebook(path: Path, source: str) -> Path:
    """Write a one-cell notebook for the python3 kernel (inputs for the execution tests)."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    nb = new_notebook(cells=[new_code_cell(source)])
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)
    return path


def mark_as_report(folder: Path) -> Path:
    """Make `folder` look like a report this project built (its manifest's mark), so that a
    build may replace it."""
    import json

    from analysis.report.placement import GENERATOR, MANIFEST

    folder.mkdir(parents=True, exist_ok=True)
    (folder / MANIFEST).write_text(json.dumps({"generator": GENERATOR}), encoding="utf-8")
    return folder


def edit_case(data_dir: Path, case_id: str, change: Callable[[dict], None]) -> Path:
    """Load a case file, apply `change` to its mapping and write it back."""
    path = data_dir / "cases" / f"{case_id}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# Every process this test run starts inherits this mark, so that the tests that look for
# leftover processes look at their own only: another build on the same machine is none of theirs.
RUN_MARK = "ANALYSIS_TEST_RUN"
os.environ[RUN_MARK] = f"{os.getpid()}-{uuid.uuid4().hex}"


def ours(proc: object) -> bool:
    """Whether a psutil process was started by this test run (it carries RUN_MARK)."""
    import psutil

    try:
        return proc.environ().get(RUN_MARK) == os.environ[RUN_MARK]  # type: ignore[attr-defined]
    except (psutil.Error, OSError):
        return False


def leftover_kernels(since: float) -> list[list[str]]:
    """Preloader, launcher and kernel processes of this test run started after `since` that
    are still running."""
    import psutil

    found = []
    for proc in psutil.process_iter(["cmdline", "create_time", "status"]):
        cmdline = proc.info["cmdline"] or []
        if (
            (proc.info["create_time"] or 0) >= since - 1
            and proc.info["status"] != psutil.STATUS_ZOMBIE
            and any("analysis.report.kernels" in part for part in cmdline)
            and ours(proc)
        ):
            found.append(cmdline)
    return found


__all__ = [
    "FIXTURES",
    "REPORT_DATE",
    "ROOT",
    "SIX",
    "Run",
    "code_notebook",
    "edit_case",
    "leftover_kernels",
    "mark_as_report",
    "ours",
]
