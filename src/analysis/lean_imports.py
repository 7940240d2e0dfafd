"""One optional import left out of this project's processes: it costs about a second of CPU in
each of them, and nothing here uses it.

jsonschema, which nbformat imports (and so papermill, nbconvert, MyST-NB, nbval and Jupyter's
servers), imports `rfc3987_syntax` whenever it is installed, for its "iri" and "iri-reference"
format checks; that module builds some 35 Lark parsers when it is imported, 0.8-1.3 s of CPU
on the project's machine, in the build, in each of its two Sphinx runs and in each test worker
(python-jsonschema/jsonschema#1428). It comes in as an extra of jupyter-events. No schema this
project validates has those formats, and jsonschema checks formats only when asked to; marked as
absent, the module is not imported and jsonschema goes without those two checks (its other
format checks are unchanged: tests/test_environment.py).

Importing this module is enough: `python -m analysis` imports it first, pytest loads it as a
plugin (`-p analysis.lean_imports` in pyproject.toml) before its other plugins, and run as a
script it starts a module the same way (Sphinx: `python -P lean_imports.py sphinx ARGS`; a
script, so that the package is not imported only to start Sphinx).
"""

from __future__ import annotations

import runpy
import sys

LEFT_OUT = "rfc3987_syntax"

# None in sys.modules makes `import rfc3987_syntax` raise ImportError, which jsonschema expects
# of an optional module; a process that already has it keeps it.
sys.modules.setdefault(LEFT_OUT, None)  # type: ignore[arg-type]


def run_module(argv: list[str]) -> None:
    """Run module argv[0] as `python -m` would, with argv[1:] as its arguments."""
    sys.argv = list(argv)
    runpy.run_module(argv[0], run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    run_module(sys.argv[1:])
