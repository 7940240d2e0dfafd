"""`python -m analysis`: the command-line interface."""

import analysis.lean_imports  # noqa: F401  (first: it leaves out an import nobody here uses)
from analysis.cli import main

raise SystemExit(main())
