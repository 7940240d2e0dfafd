"""Preloaded kernels: a new process per notebook, nothing carried over, nothing left behind;
the launcher that stands in for ipykernel, and its fallback to an ordinary kernel."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time

import nbformat
import pytest
from helpers import code_notebook, leftover_kernels

from analysis.report import kernels
from analysis.report.execute import run_jobs
from analysis.report.plan import Job

PROBE = (
    "import json, os, sys, pandas as pd, analysis\n"
    "print(json.dumps({'pid': os.getpid(), 'leak': hasattr(analysis, '_leak'),"
    " 'rows': pd.get_option('display.max_rows'), 'preloaded': 'matplotlib.figure' in sys.modules}))\n"
    "analysis._leak = 1\n"
    "pd.set_option('display.max_rows', 3)"
)


kernel = pytest.mark.kernel  # starts kernels; not in `make test-fast`


def _probe_notebook(path):
    code_notebook(path, PROBE)
    return path


def _report(path):
    (cell,) = nbformat.read(path, as_version=4).cells
    return json.loads(cell.outputs[0]["text"])


@kernel
def test_each_notebook_gets_a_fresh_preloaded_kernel(tmp_path):
    source = _probe_notebook(tmp_path / "probe.ipynb")
    jobs = [Job(f"run{i}", source, tmp_path / f"run{i}.ipynb", {}) for i in range(3)]
    results = run_jobs(jobs, workers=1)  # one worker: the runs follow each other
    assert all(r.ok for r in results), [r.error for r in results]
    reports = [_report(tmp_path / f"run{i}.ipynb") for i in range(3)]
    assert len({r["pid"] for r in reports}) == 3  # a new process each time
    assert all(r["preloaded"] for r in reports)  # ... started from the preloaded state
    assert not any(r["leak"] for r in reports)  # ... with nothing from the previous notebook
    assert {r["rows"] for r in reports} == {60}  # pandas' default, not the 3 set before


@kernel
def test_without_preloading_kernels_start_the_ordinary_way(tmp_path):
    source = _probe_notebook(tmp_path / "probe.ipynb")
    (result,) = run_jobs([Job("plain", source, tmp_path / "plain.ipynb", {})], 1, preload=False)
    assert result.ok and not _report(tmp_path / "plain.ipynb")["leak"]


@kernel
def test_no_kernel_or_preloader_outlives_a_run(tmp_path):
    started = time.time()
    source = _probe_notebook(tmp_path / "probe.ipynb")
    run_jobs([Job("a", source, tmp_path / "a.ipynb", {})], workers=1)
    time.sleep(1.5)  # kernels watch their launcher twice a second
    assert leftover_kernels(started) == []


@kernel
def test_a_kernel_that_fails_to_start_is_retried_once(tmp_path, monkeypatch):
    import papermill

    from analysis.report.execute import run_job

    real = papermill.execute_notebook
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:  # as when two kernels race for a port: no cell has run
            raise RuntimeError("Kernel died before replying to kernel_info")
        return real(*args, **kwargs)

    monkeypatch.setattr(papermill, "execute_notebook", flaky)
    source = _probe_notebook(tmp_path / "probe.ipynb")
    result = run_job(Job("flaky", source, tmp_path / "flaky.ipynb", {}))
    assert (result.ok, result.attempts, len(calls)) == (True, 2, 2)


@kernel
def test_a_failing_cell_is_not_retried(tmp_path):
    from analysis.report.execute import run_job

    code_notebook(tmp_path / "bad.ipynb", "raise KeyError('boom')")
    result = run_job(Job("bad", tmp_path / "bad.ipynb", tmp_path / "bad-out.ipynb", {}))
    assert (result.ok, result.attempts) == (False, 1)
    assert "KeyError" in result.error and "cell 0" in result.error


@kernel
def test_a_cell_that_never_returns_fails_after_the_cell_timeout(tmp_path):
    notebook = code_notebook(tmp_path / "sleeps.ipynb", "import time\ntime.sleep(600)")
    job = Job("sleeps", notebook, tmp_path / "out.ipynb", {}, cell_timeout=2)
    started = time.perf_counter()
    [result] = run_jobs([job], workers=1)
    assert time.perf_counter() - started < 60  # not the ten minutes the cell asks for
    assert not result.ok and "ran longer than 2 s" in result.error


@kernel
def test_leftover_processes_are_looked_for_among_this_runs_own_only():
    """Another build on the same machine (a process without this run's mark) is not a leftover
    of ours; one of ours is."""
    from helpers import RUN_MARK

    since = time.time()
    command = [sys.executable, "-c", "import time; time.sleep(60)", "analysis.report.kernels"]
    foreign_env = {k: v for k, v in os.environ.items() if k != RUN_MARK}
    foreign = subprocess.Popen(command, env=foreign_env)
    own = subprocess.Popen(command)
    try:
        deadline = time.time() + 10
        while len(leftover_kernels(since)) < 1 and time.time() < deadline:
            time.sleep(0.05)
        time.sleep(0.2)
        found = leftover_kernels(since)
        assert len(found) == 1
    finally:
        for proc in (foreign, own):
            proc.kill()
            proc.wait()


# ---------------------------------------------------------- the launcher, without a kernel

posix_only = pytest.mark.skipif(not kernels.can_preload(), reason="no fork or Unix sockets")


class FellBack(Exception):
    """Raised in place of exec'ing an ordinary ipykernel."""


@pytest.fixture
def fallback(monkeypatch):
    """Record the launcher's fallback to an ordinary kernel instead of exec'ing it."""

    def fall_back(argv):
        raise FellBack(argv)

    monkeypatch.setattr(kernels, "_fallback", fall_back)
    monkeypatch.delenv(kernels.SOCKET_ENV, raising=False)
    monkeypatch.delenv(kernels.PRELOADER_PID_ENV, raising=False)
    return monkeypatch


def test_the_kernelspec_that_jupyter_finds_runs_the_launcher(tmp_path):
    from jupyter_client.kernelspec import KernelSpecManager

    base = kernels.kernelspec_dir(tmp_path)
    manager = KernelSpecManager(kernel_dirs=[str(base / "kernels")])
    spec = manager.get_kernel_spec(kernels.KERNEL_NAME)
    assert spec.argv[0] == sys.executable and spec.argv[-3:] == [
        "launch",
        "-f",
        "{connection_file}",
    ]
    assert spec.language == "python" and spec.interrupt_mode == "signal"
    # the launcher starts before every kernel: it imports the standard library only
    started = subprocess.run(
        [*spec.argv[:-3], "no-such-command"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPROFILEIMPORTTIME": "1"},
        timeout=60,
    )
    assert started.returncode == 2 and "usage: python -m analysis.report.kernels" in started.stderr
    imported = re.findall(r"^import time:.*\|\s*(\S+)$", started.stderr, re.M)
    assert "json" in imported  # the profile is there ...
    assert not [m for m in imported if m.split(".")[0] in ("analysis", "pydantic", "pandas")]


def test_without_a_preloader_the_launcher_becomes_an_ordinary_kernel(fallback):
    with pytest.raises(FellBack) as fell:
        kernels.launch(["-f", "kernel.json"])
    assert fell.value.args[0] == ["-f", "kernel.json"]


@posix_only
def test_a_socket_nobody_listens_on_falls_back_at_once(fallback, tmp_path):
    path = tmp_path / "preloader.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as bound:
        bound.bind(str(path))  # bound, never listening: a preloader that died
        fallback.setenv(kernels.SOCKET_ENV, str(path))
        started = time.monotonic()
        with pytest.raises(FellBack):
            kernels.launch(["-f", "kernel.json"])
    assert time.monotonic() - started < 5


@posix_only
def test_a_dead_preloader_is_not_waited_for(fallback, tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    fallback.setenv(kernels.SOCKET_ENV, str(tmp_path / "never-made.sock"))
    fallback.setenv(kernels.PRELOADER_PID_ENV, str(dead.pid))
    started = time.monotonic()
    with pytest.raises(FellBack):
        kernels.launch(["-f", "kernel.json"])
    assert time.monotonic() - started < 5  # not the 60 s a preloader still importing gets


@posix_only
def test_a_process_is_alive_until_it_ends_and_a_zombie_counts_as_dead():
    assert kernels.pid_alive(os.getpid())
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    deadline = time.monotonic() + 30
    while kernels.pid_alive(child.pid) and time.monotonic() < deadline:
        time.sleep(0.02)  # exited but not reaped: a zombie, dead all the same
    assert not kernels.pid_alive(child.pid)
    child.wait()
    assert not kernels.pid_alive(child.pid)


def test_the_kernels_module_refuses_an_unknown_command(capsys):
    assert kernels.main(["serve"]) == 2
    assert "usage: python -m analysis.report.kernels" in capsys.readouterr().err


@posix_only
def test_a_launcher_whose_build_is_gone_exits_instead_of_becoming_a_kernel(fallback, tmp_path):
    path = tmp_path / "preloader.sock"
    parents = iter([os.getppid(), 1])  # the manager when it starts; then it is gone (reparented)
    fallback.setattr(kernels.os, "getppid", lambda: next(parents, 1))
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as bound:
        bound.bind(str(path))  # the preloader stopped with the build
        fallback.setenv(kernels.SOCKET_ENV, str(path))
        with pytest.raises(SystemExit) as ended:
            kernels.launch(["-f", "kernel.json"])
    assert ended.value.code == 0  # not FellBack: no ordinary kernel left running for nobody
