"""Each CLI command on the real data."""

from __future__ import annotations

from helpers import ROOT


def test_validate_prints_one_summary_line(cli):
    run = cli("validate")
    assert run.code == 0 and run.err == ""
    cases = len(list((ROOT / "data" / "cases").glob("*.yaml")))
    assert run.out.count("\n") == 1 and run.out.startswith(
        f"ok: {cases} cases, 10 reference tables"
    )


def test_cases_lists_ids_names_and_countries(cli):
    run = cli("cases")
    lines = run.out.splitlines()
    assert run.code == 0 and len(lines) == len(list((ROOT / "data" / "cases").glob("*.yaml")))
    assert lines[0].split()[0] == "eco_world_styria" and "(Austria)" in lines[0]


def test_export_writes_both_tables_and_their_data_package(cli, tmp_path):
    run = cli("export", "--to", tmp_path / "out")
    assert run.code == 0
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["cases.csv", "datapackage.json", "facts.csv"]


def test_unknown_command_is_a_one_line_error(cli):
    run = cli("frobnicate")
    assert run.code == 2 and len(run.err_lines) == 1
