"""environment.yml (conda), pyproject.toml and the lock file name the same dependencies."""

from __future__ import annotations

import re
import tomllib

import yaml

from analysis.dataset.paths import ROOT


def _name(spec: str) -> str:
    return re.split(r"[<>=!~\[ ;]", spec, maxsplit=1)[0].lower().replace("_", "-")


def _lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements" / "constraints.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            pins[_name(name)] = version.strip()
    return pins


def _environment() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    out = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str) and _name(dep) not in ("python", "pip"):
            name, _, version = dep.partition("=")
            out[_name(name)] = version.lstrip("=")
    return out


def _pyproject() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    deps = project["dependencies"] + project["optional-dependencies"]["dev"]
    return {_name(d) for d in deps}


def test_environment_yml_lists_the_same_packages_as_pyproject():
    assert set(_environment()) == _pyproject()


def test_environment_yml_pins_the_locked_versions():
    lock = _lock()
    assert {name: lock.get(name) for name in _environment()} == _environment()


def test_every_dependency_is_pinned_in_the_lock():
    assert _pyproject() <= set(_lock())


def test_the_release_version_is_one_in_the_package_citation_and_changelog():
    import yaml

    import analysis

    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["version"] == analysis.__version__
    assert str(citation["date-released"]) and citation["license"] == "CC-BY-4.0"
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {analysis.__version__} (" in changelog
