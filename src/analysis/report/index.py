"""index.html, the entry page of a dated report, rendered from a Jinja2 template with the
label table's texts in the build's language."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from analysis.dataset.loading import Dataset
from analysis.presentation.labels import label
from analysis.report.execute import Result
from analysis.report.plan import Job

TEMPLATES = Path(__file__).with_name("templates") / "site"


@dataclass
class Section:
    """One entry of index.html: an executed notebook and its HTML forms."""

    name: str
    title: str
    result: Result
    outputs: list[str] = field(default_factory=list)


def notebook_title(job: Job, dataset: Dataset) -> str:
    """The section's title: the case's number and name, or the notebook's first heading."""
    case_id = job.parameters.get("case_id")
    if case_id:
        case = dataset.cases[case_id]
        number = f"3.2.{case.case_no} " if case.case_no else "3.2 "
        return f"{number}{case.title}"
    import nbformat

    nb = nbformat.read(job.notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("# "):
            return str(cell.source.splitlines()[0][2:].strip())
    return job.name


def collect_outputs(work: Path, name: str) -> list[str]:
    """The figures and tables a notebook saved, as paths relative to the report folder."""
    folder = work / "outputs" / name
    if not folder.exists():
        return []
    return sorted(p.relative_to(work).as_posix() for p in folder.rglob("*") if p.is_file())


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def write_index(
    work: Path, lang: str, date: str, sections: list[Section], manifest: dict[str, Any]
) -> None:
    page = (
        _environment()
        .get_template("index.html.j2")
        .render(
            lang=lang,
            date=date,
            sections=sections,
            manifest=manifest,
            t=lambda key: label(key, lang),
        )
    )
    (work / "index.html").write_text(page, encoding="utf-8")
