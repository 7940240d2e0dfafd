"""`python -m analysis`: the command-line interface."""

from analysis.cli import main

raise SystemExit(main())
