"""`python -m analysis build`: every notebook through papermill into reports/<date>/.

The report is built in a work folder beside its final place and moved into reports/<date>/ only
when every notebook succeeded (an atomic exchange where the OS offers one). A failed build keeps
its executed notebooks, with papermill's error banner, in reports/<date>.failed/ and leaves an
existing report untouched; an interrupted build removes its work folder.
"""

from __future__ import annotations

import argparse
import ctypes
import datetime as dt
import fcntl
import hashlib
import html
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from .currency import DEFAULT_YEAR, supported_currencies
from .errors import DataError, Problem, UsageError
from .execute import Job, Result, run_jobs
from .export import export
from .fees import CASE_ID_PATTERN
from .labels import LANGS
from .loading import Dataset, data_files, display_path, load_dataset
from .notebooks import CASE_NOTEBOOK, notebook_paths
from .paths import NOTEBOOK_DIR, REPORTS_DIR, ROOT

PACKAGES = (
    "pandas",
    "matplotlib",
    "numpy",
    "seaborn",
    "pydantic",
    "pyyaml",
    "papermill",
    "nbconvert",
    "nbformat",
    "nbclient",
    "ipykernel",
    "jupyter-client",
    "currencyconverter",
)


@dataclass
class Options:
    date: str
    out: Path
    lang: str = "da"
    currency: str = "DKK"
    cases: list[str] | None = None
    jobs: int = 1
    data_dir: Path | None = None
    year: int = DEFAULT_YEAR
    notebook_dir: Path = NOTEBOOK_DIR
    focal_case: str | None = None


@dataclass
class Section:
    """One entry of index.html: an executed notebook and its HTML forms."""

    name: str
    title: str
    result: Result
    outputs: list[str] = field(default_factory=list)


def parse_options(args: argparse.Namespace) -> Options:
    """Check every build argument; all problems are reported together, before any kernel starts."""
    problems: list[Problem] = []

    def bad(arg: str, value: object, expected: str) -> None:
        problems.append(Problem("argument", arg, value, expected))

    date = dt.date.today().isoformat()
    if args.date is not None:
        try:
            date = dt.date.fromisoformat(args.date).isoformat()
        except ValueError:
            bad("--date", args.date, "expected a date YYYY-MM-DD")
    if args.lang not in LANGS:
        bad("--lang", args.lang, "expected da or en")
    if args.currency not in supported_currencies():
        bad("--currency", args.currency, "expected an ECB currency code such as DKK, EUR, USD")
    jobs = os.cpu_count() or 1
    if args.jobs is not None:
        if str(args.jobs).isdigit() and int(args.jobs) >= 1:
            jobs = int(args.jobs)
        else:
            bad("--jobs", args.jobs, "expected a whole number >= 1")
    cases = None
    if args.cases is not None:
        cases = [c.strip() for c in args.cases.split(",") if c.strip()]
        for case_id in cases:
            if not CASE_ID_PATTERN.match(case_id):
                bad("--cases", case_id, "expected ids of lowercase letters, digits and _")
        if not cases:
            bad("--cases", args.cases, "expected one or more case ids separated by commas")
    focal = getattr(args, "focal_case", None) or None
    if focal is not None and not CASE_ID_PATTERN.match(focal):
        bad("--focal-case", focal, "expected an id of lowercase letters, digits and _")
    out = Path(args.out).resolve() if args.out else REPORTS_DIR
    if out.exists() and not out.is_dir():
        bad("--out", str(out), "expected a folder")
    if problems:
        raise UsageError(problems)
    data_dir = Path(args.data_dir).resolve() if args.data_dir else None
    return Options(date, out, args.lang, args.currency, cases, jobs, data_dir, focal_case=focal)


def check_cases(options: Options, dataset: Dataset) -> list[str]:
    """The case ids to build (all by default; a focal organisation is always included)."""
    wanted = list(dataset.cases) if options.cases is None else list(options.cases)
    if options.focal_case and options.focal_case not in wanted:
        wanted.append(options.focal_case)
    unknown = [c for c in wanted if c not in dataset.cases]
    if unknown:
        known = ", ".join(dataset.cases)
        raise UsageError(
            [
                Problem(
                    "argument",
                    "--focal-case" if c == options.focal_case else "--cases",
                    c,
                    f"unknown case; expected one of: {known}",
                )
                for c in unknown
            ]
        )
    return [c for c in dataset.cases if c in wanted]  # in report order


def notebook_parameters(path: Path) -> set[str]:
    """Names assigned in a notebook's cell tagged `parameters`."""
    import re

    import nbformat

    for cell in nbformat.read(path, as_version=4).cells:
        if "parameters" in cell.metadata.get("tags", []):
            return set(re.findall(r"^(\w+)\s*=", cell.source, re.M))
    return set()


def plan(options: Options, dataset: Dataset, cases: Sequence[str], work: Path) -> list[Job]:
    """One job per notebook, the case notebook once per case, in the report's order."""
    jobs = []
    offered = {
        "lang": options.lang,
        "data_dir": str(dataset.data_dir),
        "currency": options.currency,
        "year": options.year,
        "cases": ",".join(cases) if options.cases is not None else "",
        "focal_case": options.focal_case or "",
    }
    for source in notebook_paths(options.notebook_dir):
        accepted = notebook_parameters(source)
        common = {k: v for k, v in offered.items() if k in accepted}
        runs = [(source.stem, {})]
        if source.stem == CASE_NOTEBOOK:
            runs = [
                (
                    f"{source.stem}__{c}",
                    {"case_id": c},
                )
                for c in cases
            ]
        for name, extra in runs:
            jobs.append(
                Job(
                    name=name,
                    notebook=source,
                    output=work / "notebooks" / f"{name}.ipynb",
                    parameters={**common, **extra, "export_dir": str(work / "outputs" / name)},
                    html=work / "html" / f"{name}.html",
                    html_no_code=work / "html" / f"{name}.no-code.html",
                    cwd=source.parent,
                )
            )
    return jobs


# ------------------------------------------------------------------ index and manifest


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def data_checksums(dataset: Dataset) -> dict[str, str]:
    return {str(p.relative_to(dataset.data_dir)): _sha256(p) for p in data_files(dataset.data_dir)}


def data_version(checksums: dict[str, str]) -> str:
    joined = "\n".join(f"{name} {digest}" for name, digest in sorted(checksums.items()))
    return hashlib.sha256(joined.encode()).hexdigest()[:12]


def git_commit() -> str | None:
    if not (ROOT / ".git").exists():
        return None
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return commit + ("+dirty" if dirty.strip() else "")


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def notebook_title(job: Job, dataset: Dataset) -> str:
    case_id = job.parameters.get("case_id")
    if case_id:
        case = dataset.cases[case_id]
        number = f"3.2.{case.case_no} " if case.case_no else "3.2 "
        return f"{number}{case.name.value}"
    import nbformat

    nb = nbformat.read(job.notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("# "):
            return cell.source.splitlines()[0][2:].strip()
    return job.name


INDEX_TEXT = {
    "da": {
        "title": "Best practice i cluster management - rapport",
        "built": "Bygget",
        "sections": "Afsnit",
        "no_code": "Læs (uden kode)",
        "with_code": "med kode",
        "notebook": "notebook",
        "params": "Parametre",
        "data": "Dataversion",
        "outputs": "Figurer og tabeller",
        "export": "Dataudtræk",
        "commit": "Git commit",
        "manifest": "Manifest",
    },
    "en": {
        "title": "Best practice in cluster management - report",
        "built": "Built",
        "sections": "Sections",
        "no_code": "Read (without code)",
        "with_code": "with code",
        "notebook": "notebook",
        "params": "Parameters",
        "data": "Data version",
        "outputs": "Figures and tables",
        "export": "Data export",
        "commit": "Git commit",
        "manifest": "Manifest",
    },
}

INDEX_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;color:#222;line-height:1.45}h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}
table{border-collapse:collapse}td,th{padding:.25rem .8rem .25rem 0;text-align:left;vertical-align:top}
ol li{margin:.35rem 0}.muted{color:#666;font-size:.9rem}code{font-size:.9rem}
"""


def write_index(work: Path, options: Options, sections: list[Section], manifest: dict) -> None:
    text = INDEX_TEXT[options.lang]
    esc = html.escape
    items = []
    for section in sections:
        name = section.name
        items.append(
            f'<li><a href="html/{esc(name)}.no-code.html">{esc(section.title)}</a> '
            f'<span class="muted">(<a href="html/{esc(name)}.html">{text["with_code"]}</a>, '
            f'<a href="notebooks/{esc(name)}.ipynb">{text["notebook"]}</a>, '
            f"{section.result.seconds:.1f} s)</span></li>"
        )
    outputs = []
    for section in sections:
        links = ", ".join(f'<a href="{esc(p)}">{esc(Path(p).name)}</a>' for p in section.outputs)
        if links:
            outputs.append(f"<li>{esc(section.title)}: {links}</li>")
    params = manifest["parameters"]
    rows = "".join(
        f"<tr><th>{esc(k)}</th><td><code>{esc(str(v))}</code></td></tr>" for k, v in params.items()
    )
    page = f"""<!DOCTYPE html>
<html lang="{options.lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(text["title"])} {esc(options.date)}</title><style>{INDEX_CSS}</style></head>
<body><h1>{esc(text["title"])}</h1>
<p class="muted">{text["built"]}: {esc(options.date)} &middot; {text["data"]}:
<code>{esc(manifest["data"]["version"])}</code> &middot; {text["commit"]}:
<code>{esc(str(manifest["git_commit"]))}</code></p>
<h2>{text["sections"]}</h2><ol>{"".join(items)}</ol>
<h2>{text["params"]}</h2><table>{rows}</table>
<h2>{text["export"]}</h2><p><a href="data/cases.csv">cases.csv</a>, <a href="data/facts.csv">facts.csv</a>,
<a href="manifest.json">{text["manifest"]}</a></p>
<h2>{text["outputs"]}</h2><ul>{"".join(outputs)}</ul>
</body></html>
"""
    (work / "index.html").write_text(page, encoding="utf-8")


def collect_outputs(work: Path, name: str) -> list[str]:
    folder = work / "outputs" / name
    if not folder.exists():
        return []
    return sorted(str(p.relative_to(work)) for p in folder.rglob("*") if p.is_file())


# ------------------------------------------------------------------ atomic placement


@contextmanager
def lock(path: Path) -> Iterator[None]:
    """An exclusive lock file, so two builds never move folders at the same moment."""
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False if not supported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def place(work: Path, final: Path) -> None:
    """Move the finished work folder to `final`, replacing an older report atomically."""
    with lock(final.parent / f".{final.name}.lock"):
        if not final.exists():
            work.rename(final)
            return
        if _exchange(work, final):
            shutil.rmtree(work)  # now holds the previous report
            return
        old = final.with_name(f".{final.name}.old-{os.getpid()}")
        final.rename(old)
        work.rename(final)
        shutil.rmtree(old)


# ------------------------------------------------------------------ the build


def _on_sigterm(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def build(options: Options, dataset: Dataset | None = None) -> int:
    """Run the whole build; returns the exit status (0 ok, 1 a notebook failed, 2 bad input)."""
    started = time.perf_counter()
    dataset = dataset or load_dataset(options.data_dir)
    cases = check_cases(options, dataset)
    options.out.mkdir(parents=True, exist_ok=True)
    final = options.out / options.date
    work = Path(tempfile.mkdtemp(dir=options.out, prefix=f".{options.date}.building-"))
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        jobs = plan(options, dataset, cases, work)
        total = len(jobs)
        print(
            f"building {display_path(final)}: {total} notebooks, {options.jobs} at a time",
            flush=True,
        )
        done = 0

        def progress(result: Result) -> None:
            nonlocal done
            done += 1
            status = "ok" if result.ok else "FAILED"
            retry = " (kernel retried)" if result.attempts > 1 else ""
            print(
                f"[{done:>2}/{total}] {status:<6} {result.job.name:<45} {result.seconds:6.1f} s"
                f"{retry}",
                flush=True,
            )

        # Start the notebooks that take longest (the cross-case ones) first, so that no worker
        # sits idle at the end while one long notebook finishes; report them in plan order.
        first = sorted(jobs, key=lambda j: 0 if "case_id" not in j.parameters else 1)
        order = {job.name: i for i, job in enumerate(jobs)}
        results = sorted(
            run_jobs(first, options.jobs, progress, log_dir=work / "logs"),
            key=lambda r: order[r.job.name],
        )
        failed = [r for r in results if not r.ok]
        if failed:
            return _keep_failed(work, final, failed)
        export(dataset.cases, work / "data")
        sections = [
            Section(
                r.job.name, notebook_title(r.job, dataset), r, collect_outputs(work, r.job.name)
            )
            for r in results
        ]
        checksums = data_checksums(dataset)
        manifest = {
            "date": options.date,
            "parameters": {
                "lang": options.lang,
                "currency": options.currency,
                "year": options.year,
                "cases": cases,
                "jobs": options.jobs,
                "data_dir": display_path(dataset.data_dir),
                "focal_case": options.focal_case,
            },
            "data": {"version": data_version(checksums), "sha256": checksums},
            "git_commit": git_commit(),
            "packages": package_versions(),
            "notebooks": [
                {
                    "name": r.job.name,
                    "notebook": display_path(r.job.notebook),
                    "parameters": {
                        k: v
                        for k, v in r.job.parameters.items()
                        if k not in ("data_dir", "export_dir")
                    },
                    "seconds": round(r.seconds, 3),
                    **r.timings,
                    "kernel_attempts": r.attempts,
                }
                for r in results
            ],
            "total_seconds": round(time.perf_counter() - started, 3),
        }
        write_index(work, options, sections, manifest)
        (work / "manifest.json").write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        place(work, final)
        print(
            f"built {display_path(final)}/index.html: {total} notebooks in "
            f"{time.perf_counter() - started:.1f} s",
            flush=True,
        )
        return 0
    except KeyboardInterrupt:
        print("interrupted: no report written", file=sys.stderr, flush=True)
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)
        shutil.rmtree(work, ignore_errors=True)


def _keep_failed(work: Path, final: Path, failed: list[Result]) -> int:
    kept = final.with_name(f"{final.name}.failed")
    with lock(final.parent / f".{final.name}.lock"):
        shutil.rmtree(kept, ignore_errors=True)
        work.rename(kept)
    for result in failed:
        notebook = kept / "notebooks" / result.job.output.name
        print(f"error: {result.job.name}: {result.error}", file=sys.stderr)
        print(f"       executed notebook kept in {display_path(notebook)}", file=sys.stderr)
    kept_note = "" if not final.exists() else f"; {display_path(final)} left as it was"
    print(f"build failed: {len(failed)} notebook(s){kept_note}", file=sys.stderr, flush=True)
    return 1


def build_from_args(args: argparse.Namespace) -> int:
    """Check arguments and data together (every problem reported at once), then build."""
    problems: list[Problem] = []
    options = None
    try:
        options = parse_options(args)
    except UsageError as exc:
        problems += exc.problems
    dataset = None
    try:
        dataset = load_dataset(Path(args.data_dir).resolve() if args.data_dir else None)
    except DataError as exc:
        problems += exc.problems
    if problems:
        raise DataError(problems)
    return build(options, dataset)
