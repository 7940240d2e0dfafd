"""Project locations. Relative paths in notebooks resolve from the project root, so a notebook
runs the same in JupyterLab, under papermill from any working directory, and under nbval."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # src/analysis (this file is in its dataset/)


def project_root() -> Path:
    """The folder holding pyproject.toml and data/ (src layout: two levels above the package)."""
    override = os.environ.get("ANALYSIS_PROJECT_ROOT")
    if override:
        return Path(override).resolve()
    candidate = PACKAGE_DIR.parents[1]
    if (candidate / "pyproject.toml").is_file() and (candidate / "data").is_dir():
        return candidate
    for folder in (Path.cwd(), *Path.cwd().parents):  # a non-editable install
        if (folder / "data" / "cases").is_dir():
            return folder
    return Path.cwd()


ROOT = project_root()
DATA_DIR = ROOT / "data"
NOTEBOOK_DIR = ROOT / "notebooks"
REPORTS_DIR = ROOT / "reports"


def resolve(path: str | os.PathLike[str] | None, default: Path, base: Path | None = None) -> Path:
    """`path` made absolute against `base` (the project root unless given); `default` if None."""
    if path is None or str(path) == "":
        return default
    path = Path(path).expanduser()
    return path if path.is_absolute() else (base or ROOT) / path


def resolve_data_dir(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: the argument (relative to the project root), or ANALYSIS_DATA_DIR, or data/."""
    env = os.environ.get("ANALYSIS_DATA_DIR")
    return resolve(data_dir, default=Path(env) if env else DATA_DIR)


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the project root when inside it."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def public_path(path: Path) -> str:
    """A path as a published report may show it: relative to the project root when inside it,
    else only its last part (a report names no folder of the machine it was built on)."""
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return f".../{path.name}"
