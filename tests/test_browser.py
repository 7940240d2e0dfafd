"""As a researcher and a reviewer would use it, in a real browser (headless Chromium).

- A researcher opens a notebook in JupyterLab, clears it, runs all cells and sees every figure.
- A reviewer opens the dated index.html from disk, follows a link and sees every figure.

Needs Debian's chromium (/usr/bin/chromium) and the `browser` extra (playwright); skipped
otherwise. Run with `make browser-test`, which installs both.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from analysis.dataset.paths import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
sync_api = pytest.importorskip("playwright.sync_api", reason="the browser extra is not installed")
pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed"),
    pytest.mark.browser,  # drives chromium and starts kernels: not in `make test-fast`
    pytest.mark.kernel,
]
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    port, token = _free_port(), secrets.token_hex(16)
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


def _menu(page, menu: str, item: str) -> None:
    page.locator(f".lm-MenuBar-itemLabel:text-is('{menu}')").click()
    page.locator(f".lm-Menu-itemLabel:text-is('{item}')").click()


def test_researcher_runs_the_case_notebook_in_jupyterlab(browser, jupyterlab):
    url, token = jupyterlab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{url}/lab/tree/notebooks/04_case.ipynb?token={token}")
    page.locator(".jp-Notebook").wait_for(timeout=60_000)
    idle = page.locator(".jp-StatusBar-TextItem", has_text="| Idle")
    idle.wait_for(timeout=60_000)  # the kernel has started and answered
    images = page.locator(".jp-OutputArea-output img")
    _menu(page, "Edit", "Clear Outputs of All Cells")
    page.wait_for_function("document.querySelectorAll('.jp-OutputArea-output img').length === 0")
    _menu(page, "Run", "Run All Cells")
    try:
        page.wait_for_function(
            "document.querySelectorAll('.jp-OutputArea-output img').length >= 5", timeout=120_000
        )
    except Exception:
        shots = Path(os.environ.get("TMPDIR", "/tmp"))
        page.screenshot(path=str(shots / "jupyterlab-failure.png"))
        page.locator(".jp-Notebook").press("Control+Home")
        page.screenshot(path=str(shots / "jupyterlab-failure-top.png"))
        raise
    idle.wait_for(timeout=60_000)
    assert images.count() == 5  # funding, fees, Target Board, over time, roles
    assert (
        page.locator(
            ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
        ).count()
        == 0
    )
    assert (
        page.locator(".jp-RenderedText[data-mime-type='application/vnd.jupyter.error']").count()
        == 0
    )
    widths = images.evaluate_all("els => els.map(e => e.naturalWidth)")
    assert all(w > 300 for w in widths)
    page.close()


def test_reviewer_reads_the_report_from_disk(browser, default_report):
    page = browser.new_page()
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto((default_report / "index.html").as_uri())
    links = page.locator("ol li > a")
    cases = len(list((ROOT / "data" / "cases").glob("*.yaml")))
    assert links.count() == 5 + cases  # the sections in the report's order, one per case
    for i in range(links.count()):
        page.goto((default_report / "index.html").as_uri())
        title = page.locator("ol li > a").nth(i).inner_text()
        page.locator("ol li > a").nth(i).click()
        page.wait_for_load_state("load")
        images = page.locator("img")
        widths = images.evaluate_all("els => els.map(e => e.naturalWidth)")
        assert all(w > 0 for w in widths), title
        assert page.locator(".highlight").count() == 0, title  # the reviewer's form has no code
    assert failed == []
    page.close()
