"""The committed notebooks: which they are, how to re-execute them deliberately, and how to keep
their stored form free of volatile metadata.

    python -m analysis.report.notebooks refresh [NAME ...]   # `make refresh`: execute, strip, sync pairs
    python -m analysis.report.notebooks check                # exit 1 if a notebook and its .py differ
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

import nbformat

from analysis.compute.parameters import NOTEBOOK, PARAMETERS, SELECTION
from analysis.dataset.paths import NOTEBOOK_DIR

# The parameters the committed notebooks are stored with. Running a notebook in JupyterLab with
# other values autosaves them into the .ipynb and its .py twin; tests/test_notebooks.py fails
# then, and `make lab` explores on scratch copies instead.
# the committed notebooks keep the defaults of every parameter they declare (one table:
# analysis.compute.parameters); case_id names the case the stored case notebook shows
DEFAULT_PARAMETERS: dict[str, object] = {
    "case_id": "eco_world_styria",
    **{
        name: "" if PARAMETERS[name].default is None else PARAMETERS[name].default
        for name in (*SELECTION, *NOTEBOOK)
    },
    "export_dir": "",
    "interactive": True,  # the explorer (07): widgets in JupyterLab, its starting point in a build
}
KERNEL = "python3"
KERNELSPEC = {"name": KERNEL, "display_name": "Python 3 (ipykernel)", "language": "python"}
CASE_NOTEBOOK = "04_case"


LANG_TAG = "lang-"  # a markdown cell tagged lang-da or lang-en is narrative in that language


def cell_lang(cell: nbformat.NotebookNode) -> str | None:
    """The language a cell's narrative is written in (its lang-xx tag), None for any."""
    for tag in cell.get("metadata", {}).get("tags", []):
        if tag.startswith(LANG_TAG):
            return str(tag[len(LANG_TAG) :])
    return None


def keep_language(nb: nbformat.NotebookNode, lang: str) -> nbformat.NotebookNode:
    """The notebook in one language: narrative cells written in another language removed.
    The committed notebooks hold each narrative cell in Danish and English side by side."""
    nb.cells = [c for c in nb.cells if cell_lang(c) in (None, lang)]
    return nb


def notebook_paths(folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """The report's notebooks in order: NN_name.ipynb."""
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


def strip_volatile(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove what changes on every run but says nothing about the results.

    - papermill's per-cell timings/status and its notebook-level record: they hold wall-clock times;
    - nbclient's `execution` timestamps in cell metadata: same reason;
    - the kernel's language_info version string: it changes with patch releases of Python.
    Outputs, the parameters cell and its tags are kept.
    """
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata.get("language_info", {}).pop("version", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        cell.metadata.pop("ExecuteTime", None)
    return nb


def execute_in_place(path: Path, timeout: int = 600) -> None:
    """Run a notebook top to bottom with its default parameters and store the outputs."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    NotebookClient(
        nb, timeout=timeout, kernel_name=KERNEL, resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    nbformat.write(strip_volatile(nb), path)


def pair(path: Path) -> Path:
    return path.with_suffix(".py")


def sync_pair(path: Path) -> None:
    """Write the py:percent twin of a notebook (the text form reviewers diff)."""
    import jupytext

    nb = jupytext.read(path)
    jupytext.write(nb, pair(path), fmt="py:percent")


def out_of_sync(paths: Iterable[Path]) -> list[Path]:
    """Notebooks whose code and markdown differ from their paired .py file."""
    import jupytext

    stale = []
    for path in paths:
        twin = pair(path)
        if not twin.exists():
            stale.append(path)
            continue
        expected = jupytext.writes(jupytext.read(path), fmt="py:percent")
        if expected != twin.read_text(encoding="utf-8"):
            stale.append(path)
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.report.notebooks")
    sub = parser.add_subparsers(dest="command", required=True)
    refresh = sub.add_parser("refresh", help="re-execute notebooks and store their outputs")
    refresh.add_argument("names", nargs="*", help="notebook names (default: all)")
    sub.add_parser("check", help="fail when a notebook and its paired .py differ")
    args = parser.parse_args(argv)
    paths = notebook_paths()
    if args.command == "check":
        stale = out_of_sync(paths)
        for path in stale:
            print(f"error: {path.name}: out of sync with {pair(path).name}", file=sys.stderr)
        return 1 if stale else 0
    chosen = [p for p in paths if not args.names or p.stem in args.names]
    for path in chosen:
        # The .py twin may have been edited (it is the readable form): bring its cells in first,
        # keeping the ids and metadata of the cells that did not change.
        if pair(path).exists() and out_of_sync([path]):
            import jupytext
            from jupytext.combine import combine_inputs_with_outputs

            text = jupytext.read(pair(path))
            combine_inputs_with_outputs(text, nbformat.read(path, as_version=4), fmt="py:percent")
            nbformat.write(text, path)
        execute_in_place(path)
        sync_pair(path)
        print(f"refreshed {path.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
