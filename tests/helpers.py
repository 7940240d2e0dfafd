"""Helpers the tests share (fixtures live in conftest.py): the report's six in order, the
fixtures folder, the CLI's captured run, small notebooks and case edits, and the processes
this test run started."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from analysis.dataset.paths import ROOT

FIXTURES = Path(__file__).parent / "fixtures"
SIX = [  # the report's cases, in its order
    "eco_world_styria",
    "cleantech_north",
    "ict_cluster_bern",
    "northern_colorado_clean_energy",
    "cleantech_san_diego",
    "medicon_valley_alliance",
]
REPORT_DATE = "2010-09-01"


@dataclass
class Run:
    """What `python -m analysis ...` did: exit code and output."""

    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


def code_notebook(path: Path, source: str) -> Path:
    """Write a one-cell notebook for the python3 kernel (inputs for the execution tests)."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    nb = new_notebook(cells=[new_code_cell(source)])
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)
    return path


def mark_as_report(folder: Path) -> Path:
    """Make `folder` look like a report this project built (its manifest's mark), so that a
    build may replace it."""
    import json

    from analysis.report.placement import GENERATOR, MANIFEST

    folder.mkdir(parents=True, exist_ok=True)
    (folder / MANIFEST).write_text(json.dumps({"generator": GENERATOR}), encoding="utf-8")
    return folder


def edit_case(data_dir: Path, case_id: str, change: Callable[[dict], None]) -> Path:
    """Load a case file, apply `change` to its mapping and write it back."""
    path = data_dir / "cases" / f"{case_id}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# Every process this test run starts inherits this mark, so that the tests that look for
# leftover processes look at their own only: another build on the same machine is none of theirs.
RUN_MARK = "ANALYSIS_TEST_RUN"
os.environ[RUN_MARK] = f"{os.getpid()}-{uuid.uuid4().hex}"


def ours(proc: object) -> bool:
    """Whether a psutil process was started by this test run (it carries RUN_MARK)."""
    import psutil

    try:
        return proc.environ().get(RUN_MARK) == os.environ[RUN_MARK]  # type: ignore[attr-defined]
    except (psutil.Error, OSError):
        return False


def _kernels_module(part: str) -> bool:
    """Whether a command-line part names analysis.report.kernels: the preloader runs it as
    `-m analysis.report.kernels`, the launcher as the file .../analysis/report/kernels.py."""
    return "analysis.report.kernels" in part or part.replace("\\", "/").endswith(
        "analysis/report/kernels.py"
    )


def leftover_kernels(since: float) -> list[list[str]]:
    """Preloader, launcher and kernel processes of this test run started after `since` that
    are still running."""
    import psutil

    found = []
    for proc in psutil.process_iter(["cmdline", "create_time", "status"]):
        cmdline = proc.info["cmdline"] or []
        if (
            (proc.info["create_time"] or 0) >= since - 1
            and proc.info["status"] != psutil.STATUS_ZOMBIE
            and any(_kernels_module(part) for part in cmdline)
            and ours(proc)
        ):
            found.append(cmdline)
    return found


__all__ = [
    "FIXTURES",
    "REPORT_DATE",
    "ROOT",
    "RUN_MARK",
    "SIX",
    "Run",
    "code_notebook",
    "edit_case",
    "leftover_kernels",
    "mark_as_report",
    "ours",
]
