"""Shared by the browser tests: where Chromium is, how it is started, the marks, a free port
and JupyterLab's menus (the `browser` and `jupyterlab` fixtures are in conftest)."""

from __future__ import annotations

import shutil
import socket
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# drives chromium and starts kernels: not in `make test-fast`
BROWSER_MARKS = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed"),
    pytest.mark.browser,
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def served(url: str, timeout: float = 60) -> bool:
    """Whether `url` answers within `timeout` seconds (a server started by a test)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return True
        except OSError:
            time.sleep(0.5)
    return False


def menu(page, menu: str, item: str) -> None:
    page.locator(f".lm-MenuBar-itemLabel:text-is('{menu}')").click()
    page.locator(f".lm-Menu-itemLabel:text-is('{item}')").click()
