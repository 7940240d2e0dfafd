"""Shared fixtures: the dataset, a private copy of the data folder, the CLI run in-process, the
default report built once, headless Chromium and JupyterLab on a copy of the notebooks. Helpers
that are not fixtures are in helpers.py, the browser's settings in browsing.py."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from browsing import ARGS, CHROMIUM, free_port, served
from helpers import REPORT_DATE, Run

from analysis.cli import main
from analysis.dataset.loading import Dataset, load_dataset
from analysis.dataset.paths import DATA_DIR, ROOT

collect_ignore = ["fixtures"]  # inputs for tests (a failing notebook among them), not tests


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    """The committed data, loaded once per test module (tests read it, never change it)."""
    return load_dataset()


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


@pytest.fixture(scope="session")
def default_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default report (all cases, fast path), built once per test run and shared by the
    tests that only read it (contents, links, the browser, the comparison with the portable
    path). Under pytest-xdist the workers share it: the first to need it builds it, under a
    lock, and the others wait for it."""
    from filelock import FileLock

    from analysis.report.build import build
    from analysis.report.options import Options

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's own folder, above each worker's
    out = root / "default-report"
    with FileLock(root / "default-report.lock"):
        if not (out / REPORT_DATE / "manifest.json").is_file():
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
    if not served(f"{url}/api/status?token={token}"):
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
