"""What a report was built from: parameters, the SHA-256 of every data file, package versions,
the git commit and per-notebook timings (written as manifest.json)."""

from __future__ import annotations

import hashlib
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any, NotRequired, TypedDict

from analysis.dataset.loading import Dataset, data_files
from analysis.dataset.paths import ROOT, public_path
from analysis.report.execute import Result, worker_context
from analysis.report.kernels import can_preload
from analysis.report.options import Options
from analysis.report.placement import GENERATOR


class Parameters(TypedDict):
    """What the report was asked for (shown on its about page)."""

    lang: str
    currency: str
    year: int
    cases: list[str]
    jobs: int
    data_dir: str
    focal_case: str | None
    group: str | None  # as given: comma-separated
    sector: str | None
    country: str | None
    kind: str | None
    as_of: int | None
    selection: str | None


class DataInfo(TypedDict):
    version: str  # a short hash of the data files' checksums
    sha256: dict[str, str]  # data file (relative) -> checksum


class Execution(TypedDict):
    kernels: str  # preloaded (forked) or ordinary
    workers: str  # fork or spawn


class Pdf(TypedDict, total=False):
    file: str | None  # None: no PDF (the reason says why)
    pages: int
    reason: str
    seconds: float


class Edition(TypedDict):
    pdf: Pdf
    site_seconds: float


class Manifest(TypedDict):
    """manifest.json: what a report was built from and how long it took."""

    generator: str  # the mark of a report this project made (placement.is_report)
    status: str
    date: str
    parameters: Parameters
    data: DataInfo
    execution: Execution
    git_commit: str | None
    packages: dict[str, str]
    notebooks: list[dict[str, Any]]  # one record per notebook, with its phases' timings
    total_seconds: float
    edition: NotRequired[Edition]  # added once the site and the PDF are made


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
    "sphinx",
    "myst-nb",
    "sphinx-book-theme",
    "pypdf",
)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def data_checksums(dataset: Dataset) -> dict[str, str]:
    return {
        p.relative_to(dataset.data_dir).as_posix(): _sha256(p) for p in data_files(dataset.data_dir)
    }


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


def manifest(
    options: Options,
    dataset: Dataset,
    cases: list[str],
    results: list[Result],
    seconds: float,
    source: Path | None = None,
) -> Manifest:
    """The manifest of a finished build (`source`: the data folder the snapshot was taken of)."""
    checksums = data_checksums(dataset)
    return {
        "generator": GENERATOR,
        "status": "complete",
        "date": options.date,
        "parameters": {
            "lang": options.lang,
            "currency": options.currency,
            "year": options.year,
            "cases": cases,
            "jobs": options.jobs,
            "data_dir": public_path(source or dataset.data_dir),
            "focal_case": options.focal_case,
            "group": options.group or None,
            "sector": options.sector or None,
            "country": options.country or None,
            "kind": options.kind or None,
            "as_of": options.as_of,
            "selection": options.selection_name or None,
        },
        "data": {"version": data_version(checksums), "sha256": checksums},
        "execution": {  # how this machine ran it: the fast path, or the portable one
            "kernels": "preloaded" if can_preload() else "ordinary",
            "workers": worker_context().get_start_method(),
        },
        "git_commit": git_commit(),
        "packages": package_versions(),
        "notebooks": [
            {
                "name": r.job.name,
                "title": r.job.title,
                "notebook": public_path(r.job.notebook),
                "parameters": {
                    k: v for k, v in r.job.parameters.items() if k not in ("data_dir", "export_dir")
                },
                "seconds": round(r.seconds, 3),
                **r.timings,
                "kernel_attempts": r.attempts,
            }
            for r in results
        ],
        "total_seconds": round(seconds, 3),
    }
