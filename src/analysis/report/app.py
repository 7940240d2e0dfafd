"""The explorer as a small web app on this machine (Voilà, no code shown): `analysis explore`.

The app runs a copy of `notebooks/07_explorer.ipynb` in one language, without the cells meant
for notebook users, with its parameters set (language, data folder). The copy lives in a
temporary folder removed when the app stops; the committed notebook is never touched.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

from analysis.compute.parameters import DEFAULT_LANG
from analysis.dataset.paths import NOTEBOOK_DIR
from analysis.report.notebooks import keep_language
from analysis.report.site import NOTEBOOK_ONLY

EXPLORER = NOTEBOOK_DIR / "07_explorer.ipynb"
HOST = "127.0.0.1"  # local only: the app is never served to the network
DEFAULT_PORT = 8866


def app_notebook(lang: str = DEFAULT_LANG, data_dir: Path | None = None) -> nbformat.NotebookNode:
    """The explorer notebook as the app shows it: one language, no notebook-only cells, its
    parameters set."""
    from papermill.parameterize import parameterize_notebook

    nb = keep_language(nbformat.read(EXPLORER, as_version=4), lang)
    nb.cells = [c for c in nb.cells if NOTEBOOK_ONLY not in c.metadata.get("tags", [])]
    for cell in nb.cells:
        cell.metadata.setdefault("tags", [])  # papermill reads every cell's tags
    nb.metadata.setdefault("papermill", {})  # and records the parameters there
    parameters = {"lang": lang, "data_dir": str(data_dir or ""), "interactive": True}
    return parameterize_notebook(nb, parameters, report_mode=False)


def voila_command(notebook: Path, port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={HOST}",
    ]


def run_app(
    lang: str = DEFAULT_LANG, data_dir: Path | None = None, port: int = DEFAULT_PORT
) -> int:
    """Serve the explorer at http://127.0.0.1:<port> until interrupted; Voilà and its kernels
    stop with it."""
    with tempfile.TemporaryDirectory(prefix="explorer-") as folder:
        notebook = Path(folder) / "explorer.ipynb"
        nbformat.write(app_notebook(lang, data_dir), notebook)
        print(f"the explorer: http://{HOST}:{port}/ (Ctrl+C stops it)", flush=True)
        proc = subprocess.Popen(voila_command(notebook, port), cwd=folder)
        try:
            return proc.wait()
        except KeyboardInterrupt:
            proc.terminate()
            proc.wait(timeout=30)
            raise
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
