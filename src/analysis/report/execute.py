"""Run notebooks with papermill, N at a time in worker processes. (Their pages, with and without
code, are the site's: analysis.report.site renders them with Sphinx.)

Workers are started once and import papermill once, so each notebook costs only its kernel start,
its own imports and its cells. A kernel that fails to start is retried once
(papermill's known race when several kernels start together).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import ExitStack, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import analysis.lean_imports  # noqa: F401  (before papermill: spawned workers import it first)
from analysis.report.kernels import Preloader, can_preload
from analysis.report.notebooks import KERNEL, keep_language
from analysis.report.plan import Job

_kernel_name = KERNEL  # set per worker by warm_up


@dataclass
class Result:
    job: Job
    ok: bool
    seconds: float
    error: str = ""  # 'cell 7: KeyError: ...' when the notebook failed
    attempts: int = 1
    timings: dict[str, float] = field(default_factory=dict)


# The signals that stop a build like Ctrl-C: SIGTERM, and SIGHUP (the terminal closed) where
# the system has it.
STOP_SIGNALS = (signal.SIGTERM, *((signal.SIGHUP,) if hasattr(signal, "SIGHUP") else ()))


def _worker_signals() -> None:
    # Ctrl-C is handled by the parent, which stops the workers; a worker must not die half-way
    # through writing a file because the terminal sent SIGINT to the whole process group.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forked worker inherits the build's SIGTERM/SIGHUP handler (which turns them into
    # KeyboardInterrupt, caught and waited out deep in nbclient): the parent's terminate()
    # must end a worker at once.
    for stop in STOP_SIGNALS:
        signal.signal(stop, signal.SIG_DFL)


def _end_with_parent(parent: int) -> None:
    """A worker must not outlive the build that started it (kill -9 of the build leaves no
    signal to pass on): a thread ends the worker, and so its kernels, once the parent is gone."""
    import threading

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    if os.name == "posix":  # elsewhere a parent's death does not change getppid
        threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def warm_up(
    log_dir: str | None = None, kernel_name: str = KERNEL, env: dict[str, str] | None = None
) -> None:
    """Import the heavy libraries once per worker (a pool initializer). With `log_dir`, the
    worker's stderr (and so its kernels' warnings) goes to a log file there, not the terminal.
    `kernel_name` and `env` select the preloaded kernels of analysis.report.kernels."""
    global _kernel_name
    _kernel_name = kernel_name
    os.environ.update(env or {})
    _worker_signals()
    _end_with_parent(os.getppid())
    if log_dir:
        Path(log_dir).mkdir(parents=True, exist_ok=True)
        log = os.open(
            Path(log_dir) / f"worker-{os.getpid()}.log",
            os.O_WRONLY | os.O_CREAT | os.O_APPEND,
            0o644,
        )
        os.dup2(log, 2)
        os.close(log)
    import papermill  # noqa: F401


def _no_cell_ran(output: Path) -> bool:
    """True when the executed copy shows no cell run: the kernel never got going."""
    import nbformat

    if not output.exists():
        return True
    try:
        nb = nbformat.read(output, as_version=4)
    except Exception:  # a half-written file is as good as no run
        return True
    return all(c.get("execution_count") is None for c in nb.cells if c.cell_type == "code")


def show_parameters(nb: Any, shown: dict[str, Any], job: Job) -> None:
    """Rewrite papermill's injected-parameters cell and its record in the metadata with the
    parameters as a reader should see them (no absolute paths of the build's work folder)."""
    record = nb.metadata.get("papermill")
    if record is not None:
        record["parameters"] = dict(shown)
        record["input_path"] = f"notebooks/{job.notebook.name}"
        record["output_path"] = f"notebooks/{job.output.name}"
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            lines = ["# Parameters"] + [f"{name} = {value!r}" for name, value in shown.items()]
            cell.source = "\n".join(lines)


def run_job(job: Job) -> Result:
    """Execute one notebook (papermill) and render its HTML forms; never raises for a notebook
    error, which is reported in the Result instead."""
    import nbformat
    import papermill
    from nbclient.exceptions import CellTimeoutError
    from papermill.exceptions import PapermillExecutionError

    from analysis.report.readiness import ReadyKernelManager

    start = time.perf_counter()
    job.output.parent.mkdir(parents=True, exist_ok=True)
    attempts = 0
    error = ""
    executed = None
    while True:
        attempts += 1
        try:
            executed = papermill.execute_notebook(
                str(job.notebook),
                str(job.output),
                parameters=job.parameters,
                kernel_name=_kernel_name,
                cwd=str(job.cwd or job.notebook.parent),
                progress_bar=False,
                log_output=False,
                request_save_on_cell_execute=False,
                # Outputs are complete when the last cell returns; waiting for a graceful
                # kernel exit would only idle the worker.
                shutdown_kernel="immediate",
                execution_timeout=job.cell_timeout,
                kernel_manager_class=ReadyKernelManager,
            )
            break
        except CellTimeoutError:
            error = f"a cell ran longer than {job.cell_timeout} s (--cell-timeout) and was stopped"
            break
        except PapermillExecutionError as exc:
            error = f"cell {exc.cell_index} (In [{exc.exec_count}]): {exc.ename}: {exc.evalue}"
            break
        except Exception as exc:
            if attempts == 1 and _no_cell_ran(job.output):
                continue  # retry once: kernels that start together can race for ports
            error = f"{type(exc).__name__}: {exc}"
            break
    seconds = time.perf_counter() - start
    if executed is not None:
        # The report is in one language: the other language's narrative goes.
        keep_language(executed, str(job.parameters.get("lang", "da")))
        if job.shown_parameters is not None:
            # The build passes paths of its work folder; the report shows what a reader needs.
            show_parameters(executed, job.shown_parameters, job)
        nbformat.write(executed, job.output)
    total = time.perf_counter() - start
    return Result(
        job,
        not error,
        total,
        error,
        attempts,
        {"execute": round(seconds, 3), "render": round(total - seconds, 3)},
    )


def run_jobs(
    jobs: Iterable[Job],
    workers: int,
    on_result: Callable[[Result], None] | None = None,
    log_dir: Path | None = None,
    preload: bool = True,
) -> list[Result]:
    """Run every job, `workers` at a time; failures do not stop the others.

    With `preload` (and where the OS can fork), one preloader process serves every worker's
    kernels (analysis.report.kernels); elsewhere each notebook gets an ordinary ipykernel.
    """
    jobs = list(jobs)
    with ExitStack() as stack:
        kernel_name, env = KERNEL, {}
        if preload and can_preload():
            preloader = stack.enter_context(Preloader(log_dir))
            kernel_name, env = preloader.kernel_name, preloader.env
        pool = ProcessPoolExecutor(
            max_workers=max(1, min(workers, len(jobs))),
            initializer=warm_up,
            initargs=(str(log_dir) if log_dir else None, kernel_name, env),
            mp_context=worker_context(),
        )
        return _collect(pool, jobs, on_result)


def worker_context() -> multiprocessing.context.BaseContext:
    """Fork where the OS has it (workers start at once); spawn elsewhere, as on Windows."""
    method = "fork" if hasattr(os, "fork") else "spawn"
    return multiprocessing.get_context(method)


def _collect(
    pool: ProcessPoolExecutor, jobs: list[Job], on_result: Callable[[Result], None] | None
) -> list[Result]:
    results: list[Result] = []
    try:
        pending: set[Future[Result]] = {pool.submit(run_job, job) for job in jobs}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                result = future.result()
                results.append(result)
                if on_result:
                    on_result(result)
    except BaseException:
        stop_pool(pool)
        raise
    pool.shutdown(wait=True)
    order = {job.name: i for i, job in enumerate(jobs)}
    return sorted(results, key=lambda r: order[r.job.name])


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop the workers now (their kernels exit when they see their parent gone). The workers
    are this process's multiprocessing children (multiprocessing.active_children, a public
    API): a broken pool has already forgotten its own, and a worker left running would go on
    writing into the work folder the build is removing."""
    processes = multiprocessing.active_children()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            with suppress(ProcessLookupError):  # it may have ended since (or been killed)
                process.terminate()  # SIGTERM on POSIX, TerminateProcess on Windows
    for process in processes:
        process.join(timeout=5)
