"""Preloaded kernels: a new process per notebook, nothing carried over, nothing left behind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import nbformat
import pytest
from conftest import code_notebook, leftover_kernels

from analysis.report.execute import run_jobs
from analysis.report.plan import Job

PROBE = (
    "import json, os, sys, pandas as pd, analysis\n"
    "print(json.dumps({'pid': os.getpid(), 'leak': hasattr(analysis, '_leak'),"
    " 'rows': pd.get_option('display.max_rows'), 'preloaded': 'matplotlib.figure' in sys.modules}))\n"
    "analysis._leak = 1\n"
    "pd.set_option('display.max_rows', 3)"
)


pytestmark = pytest.mark.kernel  # starts kernels; not in `make test-fast`


def _probe_notebook(path):
    code_notebook(path, PROBE)
    return path


def _report(path):
    (cell,) = nbformat.read(path, as_version=4).cells
    return json.loads(cell.outputs[0]["text"])


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


def test_without_preloading_kernels_start_the_ordinary_way(tmp_path):
    source = _probe_notebook(tmp_path / "probe.ipynb")
    (result,) = run_jobs([Job("plain", source, tmp_path / "plain.ipynb", {})], 1, preload=False)
    assert result.ok and not _report(tmp_path / "plain.ipynb")["leak"]


def test_no_kernel_or_preloader_outlives_a_run(tmp_path):
    started = time.time()
    source = _probe_notebook(tmp_path / "probe.ipynb")
    run_jobs([Job("a", source, tmp_path / "a.ipynb", {})], workers=1)
    time.sleep(1.5)  # kernels watch their launcher twice a second
    assert leftover_kernels(started) == []


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


def test_a_failing_cell_is_not_retried(tmp_path):
    from analysis.report.execute import run_job

    code_notebook(tmp_path / "bad.ipynb", "raise KeyError('boom')")
    result = run_job(Job("bad", tmp_path / "bad.ipynb", tmp_path / "bad-out.ipynb", {}))
    assert (result.ok, result.attempts) == (False, 1)
    assert "KeyError" in result.error and "cell 0" in result.error


def test_a_cell_that_never_returns_fails_after_the_cell_timeout(tmp_path):
    notebook = code_notebook(tmp_path / "sleeps.ipynb", "import time\ntime.sleep(600)")
    job = Job("sleeps", notebook, tmp_path / "out.ipynb", {}, cell_timeout=2)
    started = time.perf_counter()
    [result] = run_jobs([job], workers=1)
    assert time.perf_counter() - started < 60  # not the ten minutes the cell asks for
    assert not result.ok and "ran longer than 2 s" in result.error


def test_leftover_processes_are_looked_for_among_this_runs_own_only():
    """Another build on the same machine (a process without this run's mark) is not a leftover
    of ours; one of ours is."""
    from conftest import RUN_MARK

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
