"""The version of the edition and its dataset (the installed package's), one for both: it is
`analysis.__version__`, CITATION.cff's and every export's datapackage.json version."""

from __future__ import annotations

from importlib import metadata


def package_version() -> str:
    try:
        return metadata.version("analysis")
    except metadata.PackageNotFoundError:  # run from a source tree that is not installed
        return "0+unknown"


VERSION = package_version()
