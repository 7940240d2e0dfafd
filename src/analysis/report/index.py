"""The report's contents: its sections in the report's order, the case sections grouped under
headings (the report's six, its publisher, the benchmark by sector), and the build's parameters
as a reader reads them. analysis.report.site turns them into the site's pages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.compute.selection import case_order
from analysis.dataset.loading import Dataset
from analysis.presentation.labels import label
from analysis.report.execute import Result


@dataclass
class Section:
    """One section of the report: an executed notebook, its title and saved outputs."""

    name: str
    title: str
    result: Result
    outputs: list[str] = field(default_factory=list)


def collect_outputs(work: Path, name: str) -> list[str]:
    """The figures and tables a notebook saved, as paths relative to the report folder."""
    folder = work / "outputs" / name
    if not folder.exists():
        return []
    return sorted(p.relative_to(work).as_posix() for p in folder.rglob("*") if p.is_file())


@dataclass
class Part:
    """A heading of the index and the sections under it (no heading: the report's chapters)."""

    heading: str | None
    sections: list[Section]


def grouped(sections: list[Section], dataset: Dataset, lang: str) -> list[Part]:
    """The sections in report order, the case sections grouped under headings - the report's
    cases, its publisher, the benchmark by sector, own organisations - so that a reader finds
    one quickly, in the order of their numbers (3.2.1 ...)."""
    sectors = dataset.reference.sectors
    sector_names = dict(zip(sectors.sector_id, sectors[f"label_{lang}"], strict=True))
    order = {c: i for i, c in enumerate(case_order(dataset.cases, sectors.sector_id))}

    def heading(case_id: str) -> str:
        case = dataset.cases[case_id]
        text = label(f"index.group.{case.group}", lang)
        if case.group == "benchmark":
            text += f": {sector_names.get(case.sector, case.sector)}"
        return text

    def close(run: list[Section]) -> list[Part]:
        # a run of case sections in the edition's order (their numbers), under their headings
        run = sorted(run, key=lambda s: order[s.result.job.parameters["case_id"]])
        closed: list[Part] = []
        for section in run:
            text = heading(section.result.job.parameters["case_id"])
            if closed and closed[-1].heading == text:
                closed[-1].sections.append(section)
            else:
                closed.append(Part(text, [section]))
        return closed

    parts: list[Part] = []
    run: list[Section] = []  # the current run of case sections
    for section in sections:
        if section.result.job.parameters.get("case_id") is not None:
            run.append(section)
            continue
        parts += close(run)
        run = []
        parts.append(Part(None, [section]))
    parts += close(run)
    return parts


SHOWN_PARAMETERS = (  # what shapes the report a reader sees (not how many ran at once)
    "lang",
    "currency",
    "year",
    "as_of",
    "group",
    "sector",
    "country",
    "kind",
    "focal_case",
    "cases",
    "data_dir",
)


def readable_parameters(parameters: Mapping[str, Any], lang: str) -> list[tuple[str, str]]:
    """The build's parameters as a reader reads them: labelled, lists joined, unset as '-'."""
    rows = []
    for key in SHOWN_PARAMETERS:
        value = parameters.get(key)
        if isinstance(value, list):
            text = ", ".join(str(v) for v in value) if value else "-"
        elif value is None or value == "":
            text = label(
                "index.param_all"
                if key in ("group", "sector", "country")
                else "index.param_kind_default"
                if key == "kind"
                else "index.param_none",
                lang,
            )
        else:
            text = str(value)
        rows.append((label(f"index.param.{key}", lang), text))
    return rows
