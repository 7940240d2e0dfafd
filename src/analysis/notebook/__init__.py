"""The notebook facade: what a notebook imports. `setup()` validates the parameters and loads the
data; the returned `Notebook` shows figures and tables with captions and sources; `tables` holds
the table functions the notebooks call directly."""

from analysis.notebook.book import Notebook, setup
from analysis.presentation import tables

__all__ = ["Notebook", "setup", "tables"]
