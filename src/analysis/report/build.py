"""`python -m analysis build`: every notebook through papermill into reports/<date>/.

The steps, each in its own module: options (check the arguments) -> plan (one job per notebook)
-> execute (papermill in worker processes, kernels from kernels) -> index and
manifest (the entry page and what the report was built from) -> placement (the finished folder
replaces the old report whole). A failed build keeps its executed notebooks, with papermill's
error banner, in reports/<date>.failed/ and leaves an existing report untouched; an interrupted
build removes its work folder.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from analysis.compute.export import export, sector_labels
from analysis.dataset.errors import DataError, Problem, UsageError
from analysis.dataset.loading import Dataset, data_files, load_dataset
from analysis.dataset.paths import display_path
from analysis.report.execute import STOP_SIGNALS, Result, run_jobs
from analysis.report.index import Section, collect_outputs, grouped
from analysis.report.manifest import Edition, Manifest, Pdf, manifest
from analysis.report.options import Options, check_cases
from analysis.report.pdf import NO_BROWSER, PdfError, find_browser, make_pdf
from analysis.report.placement import (
    NotAReport,
    check_target,
    keep_failed,
    place,
    remove_stale_work,
    work_prefix,
)
from analysis.report.plan import Job, plan
from analysis.report.site import (
    DOCTREES,
    LOGS,
    SITE_OUT,
    SOURCE,
    SiteError,
    SphinxRun,
    publish_site,
    start_site,
    write_pages,
    write_sources,
)

SNAPSHOT = ".data"  # inside the work folder; removed before the report is placed
# the single page the PDF is printed from, written while the site is: MyST-NB keeps its
# copies beside a builder's output folder, so the two have separate parents; removed likewise
PRINT = f"{SITE_OUT}-print/print"
# the single page the PDF is printed from: without code, with the print stylesheet
PRINT_SETTINGS = {
    "html_theme": "basic",
    "html_css_files": "print.css",
    "nb_remove_code_source": "1",
}
PDF_STEM = "best-practice-cluster-management"


def snapshot_data(source: Path, target: Path) -> Path:
    """Copy the data files (only regular files: cases, reference tables) to `target`, which
    appears only once the copy is whole (written beside it, then renamed)."""
    partial = target.with_name(target.name + ".partial")
    partial.mkdir(parents=True)
    for path in data_files(source):
        copy = partial / path.relative_to(source)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
    partial.rename(target)
    return target


def publish_permissions(folder: Path) -> None:
    """Give the report the permissions the user's umask asks for: the work folder and the
    files written through temporary files are private (0700/0600) until now."""
    mask = os.umask(0)
    os.umask(mask)
    folder.chmod(0o777 & ~mask)
    for path in folder.rglob("*"):
        path.chmod((0o777 if path.is_dir() else 0o666) & ~mask)


def keep_logs(logs: Path, target: Path) -> None:
    """Move the build's logs out of the report to `target` beside it (replacing older ones)."""
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target, ignore_errors=True)
    if logs.exists() and not target.exists():
        logs.rename(target)
    else:
        shutil.rmtree(logs, ignore_errors=True)


def _remove(folder: Path) -> None:
    """Remove a work folder, again if a stopping worker wrote into it meanwhile."""
    for _ in range(20):
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            return
        time.sleep(0.1)


def _short(value: object) -> str:
    """A parameter's value in a few characters: a list by its length, '-' for none."""
    if isinstance(value, list):
        return f"{len(value)} organisations" if len(value) > 3 else ",".join(map(str, value))
    return "-" if value in (None, "") else str(value)


def _say_what_is_replaced(final: Path, parameters: Mapping[str, object]) -> None:
    """A report of the same folder built with other parameters is replaced: say so, in one
    short line ('replacing reports/X, built with other parameters: as_of 2015 -> -')."""
    try:
        old = json.loads((final / "manifest.json").read_text(encoding="utf-8"))["parameters"]
    except (OSError, ValueError, KeyError, TypeError):
        return
    changed = [
        f"{k} {_short(old.get(k))} -> {_short(v)}"
        for k, v in parameters.items()
        if old.get(k) != v and k != "jobs"  # how many ran at once does not change the report
    ]
    if changed:
        print(
            f"replacing {display_path(final)}, built with other parameters: {'; '.join(changed)}",
            flush=True,
        )


def _cannot(exc: OSError) -> str:
    """An OSError in words: 'cannot write here: No space left on device (ENOSPC)'."""
    name = errno.errorcode.get(exc.errno or 0, "")
    return f"cannot write here: {exc.strerror or exc}" + (f" ({name})" if name else "")


def _on_sigterm(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def _stops_interrupt() -> Iterator[None]:
    """SIGTERM, and SIGHUP (the terminal closed) where it exists, end the build like Ctrl-C;
    the previous handlers come back afterwards."""
    previous = {s: signal.signal(s, _on_sigterm) for s in STOP_SIGNALS}
    try:
        yield
    finally:
        for stop, handler in previous.items():
            signal.signal(stop, handler)


def _work_folder(options: Options, final: Path) -> Path:
    """Check that `final` may be replaced, and make the build's work folder beside it."""
    try:
        check_target(final)
    except NotAReport as exc:
        raise UsageError(
            [Problem("argument", "--out", display_path(options.out), str(exc))]
        ) from None
    try:
        options.out.mkdir(parents=True, exist_ok=True)
        remove_stale_work(options.out)
        return Path(tempfile.mkdtemp(dir=options.out, prefix=work_prefix(options.folder)))
    except OSError as exc:
        raise DataError([Problem("argument", "--out", str(options.out), _cannot(exc))]) from None


def _run_notebooks(jobs: list[Job], options: Options, work: Path) -> list[Result]:
    """Every notebook run, a line of progress each; the results in plan order."""
    total, done = len(jobs), 0

    def progress(result: Result) -> None:
        nonlocal done
        done += 1
        status = "ok" if result.ok else "FAILED"
        retry = " (kernel retried)" if result.attempts > 1 else ""
        print(
            f"[{done:>2}/{total}] {status:<6} {result.job.name:<45} {result.seconds:6.1f} s{retry}",
            flush=True,
        )

    # Start the notebooks that take longest (the cross-case ones) first, so that no worker
    # sits idle at the end while one long notebook finishes; report them in plan order.
    first = sorted(jobs, key=lambda j: 0 if "case_id" not in j.parameters else 1)
    order = {job.name: i for i, job in enumerate(jobs)}
    results = run_jobs(first, options.jobs, progress, log_dir=work / LOGS)
    return sorted(results, key=lambda r: order[r.job.name])


def _failure(exc: BaseException, final: Path, options: Options) -> tuple[str, int] | None:
    """What a failed build says (one line) and its exit status; None for an error this
    mapping does not know (it propagates). The report in place is never touched."""
    kept = f"; {display_path(final)} left as it was" if final.exists() else ""
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted: no report written", 130
    if isinstance(exc, BrokenProcessPool):
        return (
            "error: a worker process died while running the notebooks (killed, or out of "
            f"memory); no report written{kept}",
            1,
        )
    if isinstance(exc, NotAReport):
        return f"error: {exc}; no report written", 2
    if isinstance(exc, SiteError):
        return f"error: the site could not be built: {exc}{kept}", 1
    if isinstance(exc, OSError):  # disk full, a folder made read-only under the build ...
        return f"error: {exc.filename or options.out}: {_cannot(exc)}{kept}", 1
    return None


def build(options: Options, dataset: Dataset | None = None) -> int:
    """Run the whole build; returns the exit status (0 ok, 1 a notebook failed, 2 bad input).

    The steps: check the selection and the target, take one snapshot of the data, run the
    notebooks, export the data, write the edition (site and PDF) and the manifest, and put the
    finished report in place of the old one. Whatever fails leaves the old report as it was,
    and the work folder is removed."""
    started = time.perf_counter()
    dataset = dataset or load_dataset(options.data_dir)
    cases = check_cases(options, dataset)
    final = options.out / options.folder
    work = _work_folder(options, final)
    source = dataset.data_dir
    try:
        with _stops_interrupt():
            # One snapshot of the data for the whole build: whatever happens to data/
            # meanwhile, the notebooks, the export and the manifest describe the same files.
            dataset = load_dataset(snapshot_data(source, work / SNAPSHOT))
            jobs = plan(options, dataset, cases, work, source)
            print(
                f"building {display_path(final)}: {len(jobs)} notebooks, {options.jobs} at a time",
                flush=True,
            )
            results = _run_notebooks(jobs, options, work)
            failed = [r for r in results if not r.ok]
            if failed:
                return _report_failed(keep_failed(work, final), final, failed)
            # the export holds exactly the organisations of this report
            export(
                {c: dataset.cases[c] for c in cases},
                work / "data",
                sector_labels(dataset.reference),
                created=options.date,
            )
            sections = [
                Section(r.job.name, r.job.title, r, collect_outputs(work, r.job.name))
                for r in results
            ]
            parts = grouped(sections, dataset, options.lang)
            seconds = time.perf_counter() - started
            record = manifest(options, dataset, cases, results, seconds, source)
            shutil.rmtree(work / SNAPSHOT)
            record["edition"] = edition(work, options, parts, record)
            (work / "manifest.json").write_text(
                json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
            )
            keep_logs(work / LOGS, options.out / f".{options.folder}.logs")
            publish_permissions(work)
            _say_what_is_replaced(final, record["parameters"])
            place(work, final)
        pdf = record["edition"]["pdf"]
        also = f" and {pdf['file']} ({pdf['pages']} pages)" if pdf["file"] else ""
        print(
            f"built {display_path(final)}/index.html{also}: {len(jobs)} notebooks in "
            f"{time.perf_counter() - started:.1f} s",
            flush=True,
        )
        return 0
    except BaseException as exc:
        told = _failure(exc, final, options)
        if told is None:
            raise
        print(told[0], file=sys.stderr, flush=True)
        return told[1]
    finally:
        _remove(work)


def edition(work: Path, options: Options, parts: list, record: Manifest) -> Edition:
    """The site and the PDF of the report; returns what the manifest records of them.

    Sphinx writes the site's pages while it writes the single page the PDF is printed from,
    and while the browser prints. A PDF that cannot be made is said in one line, and the site
    is written again without its link; without a browser at all, the site is written once,
    without the link, and no print page."""
    name = f"{PDF_STEM}-{options.folder}.pdf"
    started = time.perf_counter()
    browser = find_browser()
    if browser is None:
        _no_pdf(NO_BROWSER)
        write_sources(work, parts, options.lang, options.date, record, None)
        start_site(work, options.lang, background=False).wait()
        pdf: Pdf = {"file": None, "reason": NO_BROWSER, "seconds": 0.0}
        seconds = round(time.perf_counter() - started, 3)
        return _published(work, {"pdf": pdf, "site_seconds": seconds})
    write_sources(work, parts, options.lang, options.date, record, name)
    site_started = time.perf_counter()
    site = start_site(work, options.lang)
    pdf = {"file": name}
    try:
        SphinxRun(work, "singlehtml", work / PRINT, options.lang, PRINT_SETTINGS).wait()
        pdf["pages"] = make_pdf(
            work / PRINT / "index.html",
            work / name,
            work / PRINT / "scratch",
            options.pdf_timeout,
            browser,
        )
    except PdfError as exc:
        _no_pdf(str(exc))
        pdf = {"file": None, "reason": str(exc)}
    except BaseException:  # interrupted, or the disk full: Sphinx must not go on
        site.stop()
        raise
    pdf["seconds"] = round(time.perf_counter() - started, 3)
    site.wait()
    if pdf["file"] is None:  # the pages link the PDF: write them again without it
        write_pages(work, parts, options.lang, options.date, record, None)
        start_site(work, options.lang, background=False).wait()
    return _published(
        work, {"pdf": pdf, "site_seconds": round(time.perf_counter() - site_started, 3)}
    )


def _no_pdf(reason: str) -> None:
    print(f"warning: no PDF: {reason}; the site is built without it", file=sys.stderr, flush=True)


def _published(work: Path, done: Edition) -> Edition:
    """Move the site's pages into the report and remove the sources and Sphinx's folders."""
    publish_site(work)
    for hidden in (SOURCE, DOCTREES, Path(PRINT).parent):
        shutil.rmtree(work / hidden, ignore_errors=True)
    return done


def _report_failed(kept: Path, final: Path, failed: list[Result]) -> int:
    for result in failed:
        notebook = kept / "notebooks" / result.job.output.name
        print(f"error: {result.job.name}: {result.error}", file=sys.stderr)
        print(f"       executed notebook kept in {display_path(notebook)}", file=sys.stderr)
    kept_note = "" if not final.exists() else f"; {display_path(final)} left as it was"
    print(f"build failed: {len(failed)} notebook(s){kept_note}", file=sys.stderr, flush=True)
    return 1
