"""A reproducible edition of *Best practice i cluster management* (Copenhagen Cleantech Cluster,
2010) and an open benchmark of cluster organisations.

The package follows the data flow, one subpackage per layer; a layer imports only the layers
before it (checked by import-linter in `make lint`):

    dataset       paths, errors, currency, schema, loading: the validated case files and tables
    compute       fees, frames, metrics, strategy, synthesis, export: numbers from the dataset
    presentation  labels, display, style, canvas, tables, figures: what a reader sees
    notebook      the facade the notebooks import (setup, Notebook, tables)
    report        options, plan, execute, kernels, index, manifest, placement, build, notebooks
    cli           `python -m analysis ...`
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from analysis.compute.parameters import DEFAULT_CURRENCY
from analysis.dataset.currency import DEFAULT_YEAR
from analysis.dataset.version import VERSION

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd
    from matplotlib.figure import Figure

    from analysis.dataset.loading import Dataset

__all__ = [
    "__version__",
    "case_figure",
    "cases_frame",
    "comparison_figure",
    "comparison_frame",
    "facts_frame",
    "load",
    "metrics_frame",
    "read_export",
]


__version__ = VERSION


def load(data_dir: str | Path | None = None) -> Dataset:
    """The validated dataset (cases and reference tables) of `data_dir` (default: data/)."""
    from analysis.dataset.loading import load_dataset

    return load_dataset(data_dir)


def cases_frame(data: Dataset | None = None) -> pd.DataFrame:
    """One row per organisation (see analysis.compute.frames), with its kind and sector labels;
    missing values are <NA>."""
    from analysis.compute.export import sector_labels
    from analysis.compute.frames import cases_frame as frame

    data = data or load()
    return frame(data.cases, sector_labels(data.reference))


def facts_frame(data: Dataset | None = None) -> pd.DataFrame:
    """One row per value with typed columns (value_num, as_of, source_kind, page, url ...)."""
    from analysis.compute.frames import facts_frame as frame

    return frame((data or load()).cases)


def comparison_frame(
    data: Dataset | None = None,
    currency: str = DEFAULT_CURRENCY,
    year: int = DEFAULT_YEAR,
    as_of: int | None = None,
) -> pd.DataFrame:
    """The long comparison frame the notebooks use: one row per organisation and metric, with
    value, unit, source kind, basis, the year it describes and its marks (nullable dtypes)."""
    from analysis.compute.metrics import comparison_long

    return comparison_long((data or load()).cases, currency, year, as_of)


def metrics_frame(
    data: Dataset | None = None,
    currency: str = DEFAULT_CURRENCY,
    year: int = DEFAULT_YEAR,
    as_of: int | None = None,
) -> pd.DataFrame:
    """One row per organisation, one typed column per comparable metric (members, budget in
    `currency` at the ECB rate of `year`, shares, staff, ratios ...), each with its year
    (`<metric>_year`) and what it rests on (`<metric>_basis`); <NA> where unknown."""
    from analysis.compute.metrics import metrics_frame as frame

    return frame((data or load()).cases, currency, year, as_of)


def read_export(folder: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A data export (`python -m analysis export`, or a report's data/ folder) as typed frames:
    (cases, facts), as its datapackage.json describes them."""
    from analysis.compute.export import read_export as read

    return read(folder)


def comparison_figure(
    key: str,
    data: Dataset | None = None,
    cases: str | list[str] | None = None,
    lang: str = "da",
    currency: str = DEFAULT_CURRENCY,
    year: int = DEFAULT_YEAR,
) -> Figure:
    """A cross-case chart of 3.3 as a matplotlib Figure (members, budget, funding, staff,
    budget_per_member, staff_per_100_members, fees, coverage, priorities), for `cases` (ids;
    default: the organisations 3.3 compares). The notebooks show the same figures."""
    from analysis.compute.selection import select_cases
    from analysis.presentation.comparison_figures import COMPARISON_FIGURES, Inputs

    data = data or load()
    chosen = select_cases(data.cases, cases, kind=None if cases else "default")
    inputs = Inputs(chosen, data.reference.target_board_segments, lang, currency, year)
    return COMPARISON_FIGURES[key].draw(inputs)


def case_figure(key: str, case_id: str, data: Dataset | None = None, lang: str = "da") -> Figure:
    """A figure of one organisation's section as a matplotlib Figure (funding, fees,
    target_board, roles)."""
    from analysis.dataset.loading import get_case
    from analysis.presentation.figures import CASE_FIGURES

    data = data or load()
    case = get_case(data.cases, case_id)
    return CASE_FIGURES[key].draw(case, lang, data.reference.target_board_segments)
