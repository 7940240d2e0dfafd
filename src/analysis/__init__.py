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

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd

    from analysis.dataset.loading import Dataset

__all__ = ["cases_frame", "comparison_frame", "facts_frame", "load"]


def load(data_dir: str | Path | None = None) -> Dataset:
    """The validated dataset (cases and reference tables) of `data_dir` (default: data/)."""
    from analysis.dataset.loading import load_dataset

    return load_dataset(data_dir)


def cases_frame(data: Dataset | None = None) -> pd.DataFrame:
    """One row per organisation (see analysis.compute.frames); missing values are <NA>."""
    from analysis.compute.frames import cases_frame as frame

    return frame((data or load()).cases)


def facts_frame(data: Dataset | None = None) -> pd.DataFrame:
    """One row per value with typed columns (value_num, as_of, source_kind, page, url ...)."""
    from analysis.compute.frames import facts_frame as frame

    return frame((data or load()).cases)


def comparison_frame(
    data: Dataset | None = None, currency: str = "DKK", year: int = 2010, as_of: int | None = None
) -> pd.DataFrame:
    """The long comparison frame the notebooks use: one row per organisation and metric, with
    value, unit, source kind, basis, the year it describes and its marks."""
    from analysis.compute.metrics import comparison_long

    return comparison_long((data or load()).cases, currency, year, as_of)
