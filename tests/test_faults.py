"""Faults during a build: a killed build, worker or preloader, a full disk, a place that cannot
be written. Always one clear line or a finished report, never a hang, an orphan or a half
report, and an older report stays as it was."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pytest
from helpers import REPORT_DATE, ROOT, code_notebook, mark_as_report

from analysis.report import build as build_module
from analysis.report.build import build
from analysis.report.execute import run_jobs
from analysis.report.options import Options
from analysis.report.pdf import BROWSER_ENV
from analysis.report.plan import Job

pytestmark = pytest.mark.skipif(os.name != "posix", reason="signals and process trees are POSIX")

SMALL = ("--cases", "cleantech_north", "--jobs", "2")
FOLDER = f"{REPORT_DATE}-cases-cleantech_north"  # a selection gets a folder of its own


def _start(out: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            *(sys.executable, "-m", "analysis", "build", "--date", REPORT_DATE, "--out", str(out)),
            *SMALL,
            *extra,
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, BROWSER_ENV: "no-pdf-in-this-test"},  # the PDF is not under test
    )


def _wait_for(condition, timeout: float = 60) -> bool:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def _descendants(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _alive(procs: list[psutil.Process]) -> list[psutil.Process]:
    return [p for p in procs if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]


@pytest.mark.kernel
def test_kill_9_of_the_build_leaves_no_process_and_the_next_build_removes_its_folder(tmp_path):
    out = tmp_path / "reports"
    proc = _start(out)
    assert _wait_for(lambda: list(out.glob(f".{FOLDER}.building-*/notebooks/*.ipynb")))
    family = _descendants(proc.pid)
    assert family, "the build started no workers"
    proc.kill()  # SIGKILL: no handler runs, nothing is passed on
    proc.wait()
    # workers watch their parent, launchers theirs, the preloader its own: all end by themselves
    assert _wait_for(lambda: not _alive(family), timeout=20), [p.cmdline() for p in _alive(family)]
    stale = list(out.glob(f".{FOLDER}.building-*"))
    assert stale  # the killed build could not clean up ...
    done = _start(out)
    assert done.wait(timeout=300) == 0, done.stderr.read()
    assert not list(out.glob(f".{FOLDER}.building-*"))  # ... the next build did
    assert (out / FOLDER / "index.html").is_file()
    # and the killed build's preloader folder in the temp directory is gone too
    assert not list(Path(tempfile.gettempdir()).glob(f"analysis-kernels-{proc.pid}-*"))


@pytest.mark.kernel
def test_a_killed_worker_ends_the_build_with_one_line_and_no_report(tmp_path):
    out = tmp_path / "reports"
    proc = _start(out)
    assert _wait_for(lambda: list(out.glob(f".{FOLDER}.building-*/notebooks/*.ipynb")))
    workers = [p for p in psutil.Process(proc.pid).children() if "serve" not in p.cmdline()]
    workers[0].send_signal(signal.SIGKILL)
    assert proc.wait(timeout=120) == 1
    lines = [line for line in proc.stderr.read().splitlines() if line.strip()]
    assert len(lines) == 1 and "a worker process died" in lines[0], lines
    assert not (out / FOLDER).exists()
    assert not list(out.glob(f".{FOLDER}.building-*"))


@pytest.mark.kernel
def test_a_killed_preloader_is_noticed_at_once_and_ordinary_kernels_take_over(tmp_path):
    notebook = code_notebook(tmp_path / "small.ipynb", "print(6 * 7)")
    jobs = [Job(f"n{i}", notebook, tmp_path / f"out{i}.ipynb", {}) for i in range(4)]

    def kill_preloader() -> None:
        for p in psutil.Process().children(recursive=True):
            try:  # a child may end (or be a zombie) while we look at it
                cmdline = p.cmdline()
                if "serve" in cmdline and any("analysis.report.kernels" in c for c in cmdline):
                    p.send_signal(signal.SIGKILL)
            except psutil.Error:
                continue

    started = time.perf_counter()
    killed = []

    def on_result(result) -> None:
        if not killed:  # after the first notebook, the preloader dies
            kill_preloader()
            killed.append(True)

    results = run_jobs(jobs, workers=1, on_result=on_result)
    assert killed and all(r.ok for r in results), [r.error for r in results]
    assert time.perf_counter() - started < 60  # not minutes of waiting for a dead preloader


def test_an_out_folder_that_cannot_be_made_is_one_line(cli, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    run = cli("build", "--out", blocker / "reports", "--cases", "cleantech_north")
    assert run.code == 2 and "Traceback" not in run.err
    assert len(run.err_lines) == 1 and "--out" in run.err and "cannot write here" in run.err


def test_an_export_target_that_cannot_be_written_is_one_line(cli, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    run = cli("export", "--to", blocker / "out")
    assert run.code == 2 and len(run.err_lines) == 1 and "cannot write here" in run.err


@pytest.mark.kernel
def test_a_full_disk_is_one_line_and_the_old_report_stays(tmp_path, monkeypatch, capsys):
    out = tmp_path / "reports"
    old = mark_as_report(out / FOLDER)
    (old / "index.html").write_text("the older report", encoding="utf-8")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(out / "x" / "facts.csv"))

    monkeypatch.setattr(build_module, "export", full)
    options = Options(date=REPORT_DATE, out=out, cases=["cleantech_north"], jobs=2)
    assert build(options) == 1
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(err) == 1 and "No space left on device (ENOSPC)" in err[0], err
    assert (old / "index.html").read_text(encoding="utf-8") == "the older report"
    assert [p.name for p in out.iterdir() if not p.name.endswith(".lock")] == [FOLDER]


def test_an_unreadable_reference_table_is_one_line(cli, data_dir):
    table = data_dir / "reference" / "parameters.csv"
    table.unlink()
    table.mkdir()  # a folder where the table should be: it cannot be read as a file
    run = cli("validate", "--data-dir", data_dir)
    assert run.code == 2 and len(run.err_lines) == 1 and "Traceback" not in run.err
    assert "parameters.csv" in run.err and "cannot be read" in run.err


def test_a_cases_folder_that_cannot_be_listed_is_one_line(cli, data_dir):
    import shutil

    shutil.rmtree(data_dir / "cases")
    (data_dir / "cases").write_text("not a folder", encoding="utf-8")
    run = cli("validate", "--data-dir", data_dir)
    assert run.code == 2 and len(run.err_lines) == 1 and "Traceback" not in run.err
    assert "cases" in run.err
