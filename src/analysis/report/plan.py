"""The build's plan: one job per notebook (the case notebook once per case), each given only the
parameters its `parameters` cell declares (read with papermill's own inspection)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.compute.selection import case_numbers
from analysis.dataset.loading import Dataset
from analysis.dataset.paths import display_path
from analysis.report.notebooks import CASE_NOTEBOOK, notebook_paths
from analysis.report.options import Options


@dataclass(frozen=True)
class Job:
    """One notebook execution: source notebook, executed copy, parameters, HTML outputs."""

    name: str
    notebook: Path
    output: Path
    parameters: dict[str, Any]
    cwd: Path | None = None
    cell_timeout: int | None = None  # seconds a cell may run; None: no limit
    # the injected parameters as the published notebook shows them (None: as they were run)
    shown_parameters: dict[str, Any] | None = None
    title: str = ""  # the section's title: '3.3 Opsummering ...', '3.2.1 ECO World Styria'


def notebook_title(notebook: Path, lang: str) -> str:
    """A notebook's first heading in `lang` (its narrative cells are tagged by language)."""
    import nbformat

    from analysis.report.notebooks import keep_language

    nb = keep_language(nbformat.read(notebook, as_version=4), lang)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("# "):
            return str(cell.source.splitlines()[0][2:].strip())
    return notebook.stem


def notebook_parameters(path: Path) -> set[str]:
    """Names declared in a notebook's cell tagged `parameters`."""
    import papermill

    return set(papermill.inspect_notebook(str(path)))


def plan(
    options: Options,
    dataset: Dataset,
    cases: Sequence[str],
    work: Path,
    source_dir: Path | None = None,
) -> list[Job]:
    """One job per notebook, the case notebook once per case, in the report's order.
    `source_dir`: the data folder the build's snapshot was taken of (shown in the notebooks)."""
    source_dir = source_dir or dataset.data_dir
    jobs = []
    offered = {
        "lang": options.lang,
        "data_dir": str(dataset.data_dir),
        "currency": options.currency,
        "year": options.year,
        # the user's own filters: a notebook selects with them (and its default kind of body)
        "cases": ",".join(options.cases or []),
        "group": options.group,
        "sector": options.sector,
        "country": options.country,
        "kind": options.kind,
        "focal_case": options.focal_case or "",
        "as_of": "" if options.as_of is None else str(options.as_of),
        # the explorer's page in the report shows its starting point, not widgets (a static
        # site has no kernel to run them)
        "interactive": False,
    }
    numbers = case_numbers(dataset.cases, dataset.reference.sectors.sector_id)
    for source in notebook_paths(options.notebook_dir):
        accepted = notebook_parameters(source)
        common = {k: v for k, v in offered.items() if k in accepted}
        runs: list[tuple[str, dict[str, Any], str]] = [
            (source.stem, {}, notebook_title(source, options.lang))
        ]
        if source.stem == CASE_NOTEBOOK:
            runs = [
                (f"{source.stem}__{c}", {"case_id": c}, f"{numbers[c]} {dataset.cases[c].title}")
                for c in cases
            ]
        for name, extra, title in runs:
            jobs.append(
                Job(
                    name=name,
                    notebook=source,
                    output=work / "notebooks" / f"{name}.ipynb",
                    parameters={**common, **extra, "export_dir": str(work / "outputs" / name)},
                    cwd=source.parent,
                    cell_timeout=options.cell_timeout,
                    title=title,
                    shown_parameters={
                        **common,
                        **extra,
                        # where the data came from (the build reads a snapshot of it), and
                        # no export folder: the saved files are beside the notebook's page
                        **({"data_dir": display_path(source_dir)} if "data_dir" in common else {}),
                    },
                )
            )
    return jobs
