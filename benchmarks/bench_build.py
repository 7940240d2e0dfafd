"""Benchmark of the report build (prints numbers; not a test).

1. The default report with `python -m analysis build` (parallel workers, in-process papermill
   and nbconvert): the whole benchmark, and the report's six cases alone (`--group report`,
   the size of the first edition, for comparing speed across versions). Against it, the same
   work done the naive way: the papermill CLI, then the nbconvert CLI twice (with and without
   code), one notebook at a time. Prints both and the ratio.
   The PDF (Sphinx's single page, two prints by Chromium) and the site (Sphinx, written while
   the PDF prints) are timed by the build itself (manifest.json, `edition`) and printed as parts
   of its total; the naive way renders no site or PDF, so the ratio compares the notebook
   phases.
   Two ratios from the whole benchmark's build: its notebook phase (from the start to the
   manifest, manifest.json `total_seconds`) against the cells' own time (papermill's duration
   of every cell in the published notebooks) spread over the build's jobs; and the edition's
   share (site and PDF: everything after the notebook phase) of the whole build.
2. The time per added organisation: the build with every organisation in data/, then with 60
   generated organisations more (copies under new ids in a temporary data folder);
   (T(N + 60) - T(N)) / 60.

Usage: .venv/bin/python benchmarks/bench_build.py [--skip-naive] [--skip-cases] [--jobs N]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "src"))

from analysis.dataset.loading import load_dataset  # noqa: E402
from analysis.report.options import Options  # noqa: E402
from analysis.report.plan import plan  # noqa: E402


def timed(cmd: list[str], **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(
        cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kwargs
    )
    return time.perf_counter() - start


def fast_build(
    out: Path, jobs: int, data_dir: Path | None = None, extra: tuple[str, ...] = ()
) -> float:
    cmd = [
        str(BIN / "python"),
        "-m",
        "analysis",
        "build",
        "--date",
        "2010-09-01",
        "--out",
        str(out),
        "--jobs",
        str(jobs),
    ]
    if data_dir:
        cmd += ["--data-dir", str(data_dir)]
    return timed([*cmd, *extra])


def edition_seconds(report: Path) -> tuple[float, float, int | None]:
    """The site's and the PDF's seconds of a build, and the PDF's page count, from its manifest."""
    edition = json.loads((report / "manifest.json").read_text(encoding="utf-8"))["edition"]
    pdf = edition["pdf"]
    return edition["site_seconds"], pdf["seconds"], pdf.get("pages")


def phase_ratios(report: Path, jobs: int, wall: float) -> None:
    """Print the notebook phase against the cells' own time over the jobs, and the edition's
    share of the whole build."""
    manifest = json.loads((report / "manifest.json").read_text(encoding="utf-8"))
    cells = 0.0
    for notebook in (report / "notebooks").glob("*.ipynb"):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            cells += (cell.get("metadata", {}).get("papermill") or {}).get("duration") or 0.0
    spread = cells / max(1, min(jobs, os.cpu_count() or 1))
    phase = manifest["total_seconds"]
    print(f"  the cells' own time: {cells:5.1f} s; over {jobs} jobs: {spread:5.1f} s")
    print(f"  the notebook phase:  {phase:5.1f} s = {phase / spread:4.2f} x that (target <= 1.5 x)")
    edition = wall - phase
    print(
        f"  the edition (site and PDF): {edition:5.1f} s = {edition / wall:4.0%} of the build"
        " (target <= 33 %)"
    )


def naive_build(out: Path) -> float:
    """The same notebooks and parameters, one CLI call after another."""
    dataset = load_dataset()
    work = out / "naive"
    options = Options(date="2010-09-01", out=out)
    jobs = plan(options, dataset, list(dataset.cases), work)
    start = time.perf_counter()
    for job in jobs:
        job.output.parent.mkdir(parents=True, exist_ok=True)
        cmd = [
            str(BIN / "papermill"),
            str(job.notebook),
            str(job.output),
            "--cwd",
            str(job.notebook.parent),
            "--no-progress-bar",
        ]
        for key, value in job.parameters.items():
            cmd += ["-p", key, str(value)]
        subprocess.run(
            cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        for extra in ([], ["--no-input"]):
            subprocess.run(
                [
                    str(BIN / "jupyter"),
                    "nbconvert",
                    "--to",
                    "html",
                    *extra,
                    "--output-dir",
                    str(work / "html"),
                    "--output",
                    job.name + (".no-code" if extra else ""),
                    str(job.output),
                ],
                check=True,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
    return time.perf_counter() - start


def generated_data(folder: Path, extra: int) -> Path:
    """The data folder plus `extra` copies of its organisations under new ids (no case numbers,
    in the benchmark group)."""
    shutil.copytree(ROOT / "data", folder, ignore=shutil.ignore_patterns("templates"))
    sources = sorted((ROOT / "data" / "cases").glob("*.yaml"))
    for n in range(extra):
        source = sources[n % len(sources)]
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        data["case_id"] = f"{data['case_id']}_copy{n}"
        data["group"] = "benchmark"
        data.pop("case_no", None)
        (folder / "cases" / f"{data['case_id']}.yaml").write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    return folder


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-naive", action="store_true")
    parser.add_argument("--skip-cases", action="store_true")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPUs; build jobs = {args.jobs}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        count = len(list((ROOT / "data" / "cases").glob("*.yaml")))
        fast = fast_build(tmp / "fast", args.jobs)
        print(f"build, all {count} organisations:         {fast:7.1f} s")
        site, pdf, pages = edition_seconds(tmp / "fast" / "2010-09-01")
        print(
            f"  the PDF ({pages} pages: Sphinx's single page, a print and the front again): {pdf:5.1f} s"
        )
        print(
            f"  the site (Sphinx, written while the print page is and the PDF prints): {site:5.1f} s"
        )
        notebooks = fast - pdf - max(0.0, site - pdf)
        phase_ratios(tmp / "fast" / "2010-09-01", args.jobs, fast)
        six = fast_build(tmp / "six", args.jobs, extra=("--group", "report"))
        print(f"build, the report's six (--group report): {six:5.1f} s")
        site, pdf, pages = edition_seconds(tmp / "six" / "2010-09-01-group-report")
        print(f"  the PDF ({pages} pages): {pdf:5.1f} s; the site: {site:5.1f} s")
        if not args.skip_naive:
            naive = naive_build(tmp / "naive")
            print(f"naive (papermill CLI + nbconvert CLI):  {naive:7.1f} s")
            print(f"ratio naive / build's notebook phase:   {naive / notebooks:7.1f} x")
        if not args.skip_cases:
            data = generated_data(tmp / "data_more", 60)
            many = fast_build(tmp / "many", args.jobs, data)
            print(
                f"build with {count} organisations: {fast:.1f} s; with {count + 60}: {many:.1f} s"
            )
            print(f"time per added organisation:            {(many - fast) / 60:7.2f} s")


if __name__ == "__main__":
    main()
