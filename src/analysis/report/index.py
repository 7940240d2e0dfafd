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


@dataclass
class Part:
    """A heading of the index and the sections under it (no heading: the report's chapters)."""

    heading: str | None
    sections: list[Section]


GROUP_ORDER = {"report": 0, "publisher": 1, "benchmark": 2, "own": 3}


def grouped(sections: list[Section], dataset: Dataset, lang: str) -> list[Part]:
    """The sections in report order, the case sections grouped under headings - the report's
    cases, its publisher, the benchmark by sector, own organisations - so that a reader finds
    one quickly. Within a heading the cases keep the report's order."""
    sectors = dataset.reference.sectors
    sector_names = dict(zip(sectors.sector_id, sectors[f"label_{lang}"], strict=True))

    def heading(case_id: str) -> tuple[int, str]:
        case = dataset.cases[case_id]
        text = label(f"index.group.{case.group}", lang)
        if case.group == "benchmark":
            text += f": {sector_names.get(case.sector, case.sector)}"
        return GROUP_ORDER[case.group], text

    def close(groups: dict[tuple[int, str], list[Section]]) -> list[Part]:
        return [Part(text, members) for (_, text), members in sorted(groups.items())]

    parts: list[Part] = []
    cases: dict[tuple[int, str], list[Section]] = {}  # the run of case sections, by heading
    for section in sections:
        case_id = section.result.job.parameters.get("case_id")
        if case_id is not None:
            cases.setdefault(heading(case_id), []).append(section)
            continue
        parts += close(cases)
        cases = {}
        parts.append(Part(None, [section]))
    parts += close(cases)
    return parts


def write_index(
    work: Path, lang: str, date: str, parts: list[Part], manifest: dict[str, Any]
) -> None:
    page = (
        _environment()
        .get_template("index.html.j2")
        .render(
            lang=lang,
            date=date,
            parts=parts,
            sections=[s for p in parts for s in p.sections],
            manifest=manifest,
            t=lambda key: label(key, lang),
        )
    )
    (work / "index.html").write_text(page, encoding="utf-8")
    about = (
        _environment()
        .get_template("about.html.j2")
        .render(
            lang=lang,
            date=date,
            manifest=manifest,
            parameters=readable_parameters(manifest["parameters"], lang),
            t=lambda key: label(key, lang),
        )
    )
    (work / "about.html").write_text(about, encoding="utf-8")


SHOWN_PARAMETERS = (  # what shapes the report a reader sees (not how many ran at once)
    "lang",
    "currency",
    "year",
    "as_of",
    "group",
    "sector",
    "country",
    "focal_case",
    "cases",
    "data_dir",
)


def readable_parameters(parameters: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """The build's parameters as a reader reads them: labelled, lists joined, unset as '-'."""
    rows = []
    for key in SHOWN_PARAMETERS:
        value = parameters.get(key)
        if isinstance(value, list):
            text = ", ".join(str(v) for v in value) if value else "-"
        elif value is None or value == "":
            text = label(
                "index.param_all" if key in ("group", "sector", "country") else "index.param_none",
                lang,
            )
        else:
            text = str(value)
        rows.append((label(f"index.param.{key}", lang), text))
    return rows
