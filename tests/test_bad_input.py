"""Bad input: one clear line per problem (file, field, value), exit 2, no traceback, nothing written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers import edit_case

CASE = "eco_world_styria"


def case_path(data_dir: Path, case_id: str = CASE) -> Path:
    return data_dir / "cases" / f"{case_id}.yaml"


def assert_rejected(run, *fragments: str, lines: int | None = 1) -> None:
    assert run.code == 2, run
    assert "Traceback" not in run.err
    if lines is not None:
        assert len(run.err_lines) == lines, run.err
    for fragment in fragments:
        assert fragment in run.err, (fragment, run.err)
    assert all(line.startswith("error: ") for line in run.err_lines)


def test_yaml_syntax_error_names_file_and_line(cli, data_dir):
    case_path(data_dir).write_text("case_id: eco_world_styria\nname: [unclosed\n", encoding="utf-8")
    assert_rejected(
        cli("validate", "--data-dir", data_dir), "cases/eco_world_styria.yaml", "line 3"
    )


def test_empty_file_is_reported_not_crashing(cli, data_dir):
    case_path(data_dir).write_text("", encoding="utf-8")
    assert_rejected(cli("validate", "--data-dir", data_dir), "eco_world_styria.yaml", "empty")


def test_top_level_list_is_rejected(cli, data_dir):
    case_path(data_dir).write_text("- a\n- b\n", encoding="utf-8")
    assert_rejected(cli("validate", "--data-dir", data_dir), "(top level)", "'list'", "mapping")


def test_non_utf8_bytes_are_reported_with_offset(cli, data_dir):
    path = case_path(data_dir)
    path.write_bytes(path.read_bytes().replace("Østrig".encode(), "Østrig".encode("latin-1")))
    assert_rejected(
        cli("validate", "--data-dir", data_dir), "eco_world_styria.yaml", "(byte ", "UTF-8"
    )


def test_missing_required_field_is_named(cli, data_dir):
    edit_case(data_dir, CASE, lambda d: d.pop("sector"))
    assert_rejected(
        cli("validate", "--data-dir", data_dir), "sector", "required field sector is missing"
    )


def test_a_missing_key_of_a_fact_is_named(cli, data_dir):
    edit_case(data_dir, "cap_digital", lambda d: d["members"]["count"].pop("source"))
    assert_rejected(
        cli("validate", "--data-dir", data_dir),
        "members.count.source",
        "required field source is missing",
    )


@pytest.mark.parametrize(
    ("change", "fragments"),
    [
        (lambda d: d.update(staffng=d.pop("staffing")), ("staffng", "did you mean 'staffing'?")),
        (
            lambda d: d["members"]["count"].update(sourc=d["members"]["count"].pop("source")),
            ("members.count.sourc", "did you mean 'source'?"),
        ),
        (
            lambda d: d["kind"].update(value="cluster_organization"),
            ("kind.value", "did you mean 'cluster_organisation'?"),
        ),
        (lambda d: d.update(sector="itc"), ("sector", "did you mean 'ict'?")),
    ],
    ids=["section", "key", "choice", "sector"],
)
def test_a_misspelt_field_or_choice_gets_a_suggestion(cli, data_dir, change, fragments):
    edit_case(data_dir, "cap_digital", change)
    run = cli("validate", "--data-dir", data_dir)
    assert_rejected(run, *fragments, lines=None)


def test_values_are_shown_as_written_in_yaml_not_as_python(cli, data_dir):
    edit_case(data_dir, "cap_digital", lambda d: d["members"].update(count=[1, 2]))
    run = cli("validate", "--data-dir", data_dir)
    assert "[1, 2]" in run.err and "{'" not in run.err


def test_wrong_type_names_field_and_value(cli, data_dir):
    edit_case(data_dir, CASE, lambda d: d["members"]["count"].update(value="many"))
    assert_rejected(
        cli("validate", "--data-dir", data_dir), "members.count.value", "'many'", "whole number"
    )


def test_number_as_text_is_a_wrong_type(cli, data_dir):
    edit_case(data_dir, CASE, lambda d: d["members"]["count"].update(value="150"))
    assert_rejected(cli("validate", "--data-dir", data_dir), "members.count.value", "'150'")


def test_negative_count_is_rejected(cli, data_dir):
    edit_case(data_dir, CASE, lambda d: d["members"]["count"].update(value=-5))
    assert_rejected(cli("validate", "--data-dir", data_dir), "members.count.value", "-5", ">= 0")


def test_negative_amount_is_rejected(cli, data_dir):
    edit_case(data_dir, CASE, lambda d: d["financing"]["budget"].update(value=-800000))
    assert_rejected(cli("validate", "--data-dir", data_dir), "financing.budget.value", "-800000")


def test_negative_fee_is_rejected(cli, data_dir):
    edit_case(
        data_dir, CASE, lambda d: d["financing"]["fee_schedule"]["levels"][0].update(fixed=-1)
    )
    assert_rejected(
        cli("validate", "--data-dir", data_dir), "financing.fee_schedule.levels[0].fixed", "-1"
    )


def test_share_above_100_is_rejected(cli, data_dir):
    edit_case(data_dir, CASE, lambda d: d["financing"]["public_share_pct"].update(value=161))
    # The share itself is out of range; the sum check does not run on an invalid share.
    assert_rejected(
        cli("validate", "--data-dir", data_dir), "financing.public_share_pct.value", "161", "<= 100"
    )


def test_shares_not_summing_to_100_are_rejected(cli, data_dir):
    edit_case(data_dir, CASE, lambda d: d["financing"]["public_share_pct"].update(value=66))
    assert_rejected(
        cli("validate", "--data-dir", data_dir), "financing", "39 + 66 + 0 = 105", "sum to 100"
    )


def test_shares_within_half_a_point_are_accepted(cli, data_dir):
    edit_case(data_dir, CASE, lambda d: d["financing"]["public_share_pct"].update(value=61.4))
    assert cli("validate", "--data-dir", data_dir).code == 0


def test_unknown_currency_is_rejected(cli, data_dir):
    edit_case(data_dir, CASE, lambda d: d["financing"]["budget"].update(unit="EURO"))
    assert_rejected(
        cli("validate", "--data-dir", data_dir), "financing.budget.unit", "'EURO'", "currency"
    )


def test_duplicate_case_id_names_both_files(cli, data_dir):
    copy = data_dir / "cases" / "eco_world_styria.yml"
    copy.write_bytes(case_path(data_dir).read_bytes().replace(b"case_no: 1", b"case_no: 9"))
    run = cli("validate", "--data-dir", data_dir)
    assert_rejected(run, "case_id", "duplicate", "eco_world_styria.yml", "eco_world_styria.yaml")


def test_case_id_must_match_file_name(cli, data_dir):
    path = case_path(data_dir)
    path.rename(path.with_name("styria.yaml"))
    assert_rejected(cli("validate", "--data-dir", data_dir), "styria.yaml", "case_id", "file name")


def test_unsafe_yaml_tag_is_refused_and_never_executed(cli, data_dir, tmp_path):
    marker = tmp_path / "executed"
    case_path(data_dir).write_text(
        f'case_id: !!python/object/apply:os.system ["touch {marker}"]\n', encoding="utf-8"
    )
    assert_rejected(cli("validate", "--data-dir", data_dir), "unsafe or unknown YAML tag")
    assert not marker.exists()


def test_duplicate_yaml_key_is_rejected(cli, data_dir):
    path = case_path(data_dir)
    path.write_text(path.read_text(encoding="utf-8") + "case_no: 7\n", encoding="utf-8")
    assert_rejected(cli("validate", "--data-dir", data_dir), "duplicate key 'case_no'")


def test_report_value_without_page_is_rejected(cli, data_dir):
    edit_case(data_dir, CASE, lambda d: d["members"]["count"].pop("page"))
    assert_rejected(cli("validate", "--data-dir", data_dir), "members.count", "needs its page")


def test_missing_value_that_carries_a_value_is_rejected(cli, data_dir):
    edit_case(data_dir, CASE, lambda d: d["members"]["count"].update(source="missing"))
    assert_rejected(
        cli("validate", "--data-dir", data_dir), "members.count", "must not carry a value"
    )


def test_missing_data_dir_is_one_line(cli, tmp_path):
    assert_rejected(
        cli("validate", "--data-dir", tmp_path / "nope"), "--data-dir", "no such folder"
    )


def test_all_problems_of_a_run_are_reported(cli, data_dir):
    edit_case(data_dir, CASE, lambda d: d["members"]["count"].update(value=-1))
    edit_case(data_dir, "cleantech_north", lambda d: d["financing"]["budget"].update(unit="XYZ"))
    (data_dir / "reference" / "staffing_study.csv").write_text(
        "band,staff_min,staff_max,share_pct,page\n1-3,1,3,173,14\n", encoding="utf-8"
    )
    run = cli("validate", "--data-dir", data_dir)
    assert_rejected(
        run, "eco_world_styria.yaml", "cleantech_north.yaml", "staffing_study.csv", lines=None
    )
    assert len(run.err_lines) >= 3


def test_export_writes_nothing_when_data_is_bad(cli, data_dir, tmp_path):
    edit_case(data_dir, CASE, lambda d: d["members"]["count"].update(value=-1))
    out = tmp_path / "export"
    assert_rejected(cli("export", "--to", out, "--data-dir", data_dir), "members.count.value")
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["fee", "unknown_case", "--employees", "5"], ["'unknown_case'", "unknown case"]),
        (["fee", "../../etc/passwd", "--employees", "5"], ["'../../etc/passwd'", "lowercase"]),
        (["fee", CASE, "--employees", "-3"], ["--employees", "'-3'", "whole number"]),
        (["fee", CASE, "--employees", "ten"], ["--employees", "'ten'", "whole number"]),
        (["fee", CASE, "--employees", "2.5"], ["--employees", "'2.5'", "whole number"]),
        (
            ["fee", CASE, "--employees", "5", "--level", "gold"],
            ["--level", "'gold'", "standard, premium"],
        ),
    ],
    ids=[
        "unknown-case",
        "path-like-case",
        "negative-employees",
        "text-employees",
        "fractional-employees",
        "unknown-level",
    ],
)
def test_fee_rejects_bad_arguments_in_one_line(cli, args, fragments):
    assert_rejected(cli(*args), *fragments)


def test_bad_input_from_a_real_process_has_no_traceback(data_dir):
    edit_case(data_dir, CASE, lambda d: d["members"]["count"].update(value=-1))
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "validate", "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_coded_value_without_its_rule_is_rejected(cli, data_dir):
    def coded_without_rule(d):
        d["goals"]["priorities"] = {"policy_action": {"value": 1, "source": "coded", "page": 17}}

    edit_case(data_dir, CASE, coded_without_rule)
    assert_rejected(
        cli("validate", "--data-dir", data_dir),
        "goals.priorities.policy_action",
        "a coded value needs its rule and what it rests on",
    )


def test_priority_claimed_as_report_is_rejected(cli, data_dir):
    def claim_report(d):
        d["goals"]["priorities"] = {"policy_action": {"value": 1, "source": "report", "page": 17}}

    edit_case(data_dir, CASE, claim_report)
    assert_rejected(
        cli("validate", "--data-dir", data_dir),
        "goals.priorities.policy_action",
        "a priority is our coding",
    )


def test_external_value_without_as_of_is_rejected(cli, data_dir):
    edit_case(data_dir, "cleantech_san_diego", lambda d: d["members"]["count"].pop("as_of"))
    assert_rejected(cli("validate", "--data-dir", data_dir), "members.count", "as_of")


# ------------------------------------------------------------------ hostile data (issue 12)


def _alias_bomb(levels: int = 9) -> str:
    """Nested aliases: ten times as many values per level, 10**levels in all when expanded."""
    text = "\nlol:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    previous = "a"
    for i in range(1, levels + 1):
        text += f"  b{i}: &b{i} [" + ", ".join([f"*{previous}"] * 10) + "]\n"
        previous = f"b{i}"
    return text


def _limit_memory() -> None:  # in the child: 1.5 GB of address space is plenty for validate
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))


@pytest.mark.skipif(sys.platform == "win32", reason="resource limits are POSIX")
def test_yaml_alias_bomb_is_refused_at_once_without_expanding_it(data_dir):
    path = case_path(data_dir)
    path.write_text(path.read_text(encoding="utf-8") + _alias_bomb(), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "validate", "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=30,
        preexec_fn=_limit_memory,  # expanding the bomb would need far more than this
        check=False,
    )
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1 and "YAML aliases are not allowed" in proc.stderr


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("budget", float("inf"), "finite number"),
        ("budget", float("nan"), "finite number"),
        ("budget", 1e30, "<= 1000000000000"),
    ],
    ids=["infinite", "nan", "astronomical"],
)
def test_amounts_must_be_finite_and_plausible(cli, data_dir, field, value, expected):
    edit_case(data_dir, CASE, lambda d: d["financing"][field].update(value=value))
    assert_rejected(cli("validate", "--data-dir", data_dir), f"financing.{field}", expected)


def test_counts_must_be_plausible(cli, data_dir):
    edit_case(data_dir, CASE, lambda d: d["members"]["count"].update(value=10**30))
    assert_rejected(cli("validate", "--data-dir", data_dir), "members.count", "<= 1000000")


@pytest.mark.parametrize(
    "table",
    ["target_board_segments", "reglab_activities", "parameters", "interviewees", "sectors"],
)
def test_reference_table_with_only_its_header_is_refused(cli, data_dir, table):
    path = data_dir / "reference" / f"{table}.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0]
    path.write_text(header + "\n", encoding="utf-8")
    run = cli("validate", "--data-dir", data_dir)
    assert run.code == 2 and f"{table}.csv: (rows): 0: at least" in run.err, run.err


@pytest.mark.parametrize(
    ("char", "code"),
    [("\x00", "0000"), ("\u202e", "202E"), ("\x1b", "001B"), ("\u2066", "2066")],
    ids=["nul", "right-to-left-override", "escape", "isolate"],
)
def test_control_and_bidi_characters_in_text_are_refused(cli, data_dir, char, code):
    edit_case(data_dir, CASE, lambda d: d["name"].update(value=f"ECO{char}World"))
    assert_rejected(cli("validate", "--data-dir", data_dir), "name", f"U+{code}")


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_names_and_labels_that_a_spreadsheet_reads_as_formulas_are_refused(cli, data_dir, start):
    edit_case(data_dir, CASE, lambda d: d["region"].update(en=f"{start}HYPERLINK(1)"))
    assert_rejected(cli("validate", "--data-dir", data_dir), "region.en", "spreadsheet formula")


def test_notes_that_start_like_formulas_are_neutralised_in_the_csv(cli, data_dir, tmp_path):
    edit_case(data_dir, CASE, lambda d: d["members"]["count"].update(note="=cmd|' /C calc'!A0"))
    assert cli("export", "--to", tmp_path, "--data-dir", data_dir).code == 0
    text = (tmp_path / "facts.csv").read_text(encoding="utf-8")
    assert "'=cmd|" in text and ",=cmd|" not in text


def test_dollar_signs_in_names_are_drawn_literally():
    from analysis.dataset.loading import load_dataset
    from analysis.presentation.canvas import render
    from analysis.presentation.comparison_figures import metric_bars

    cases = dict(load_dataset().cases)
    eco = cases["eco_world_styria"]
    cases["eco_world_styria"] = eco.model_copy(
        update={"name": eco.name.model_copy(update={"value": r"$\frac{1}{0}$ Cluster $x^{"})}
    )
    fig = metric_bars(cases, "members", "t", "en", "DKK", 2010)
    assert render(fig, "png")  # draws without parsing the name as mathematics
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert r"$\frac{1}{0}$ Cluster $x^{" in labels
    assert not any(t.get_parse_math() for t in fig.axes[0].get_yticklabels())


def test_largest_plausible_values_still_draw(data_dir):
    """Whatever validates must build: the extremes of the ranges render in the charts."""
    from analysis.dataset.loading import load_dataset
    from analysis.presentation.canvas import render
    from analysis.presentation.comparison_figures import metric_bars

    edit_case(data_dir, CASE, lambda d: d["members"]["count"].update(value=1_000_000))
    edit_case(data_dir, CASE, lambda d: d["financing"]["budget"].update(value=1e12))
    cases = load_dataset(data_dir).cases
    for key in ("members", "budget_converted", "budget_per_member", "staff_per_100_members"):
        assert render(metric_bars(cases, key, key, "da", "DKK", 2010, log=key == "members"), "png")


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--jobs", "²"),
        ("--cell-timeout", "²"),
        ("--as-of", "²⁰¹⁵"),
        ("--jobs", "٣"),
        ("--pdf-timeout", "¹"),
    ],
)
def test_numbers_on_the_command_line_are_ascii_digits_or_one_line(cli, tmp_path, option, value):
    run = cli("build", "--out", tmp_path, option, value)
    assert run.code == 2 and len(run.err_lines) == 1 and option in run.err
    assert "Traceback" not in run.err


def test_fee_employees_in_unicode_digits_are_one_line(cli):
    run = cli("fee", "eco_world_styria", "--employees", "¹⁰")
    assert run.code == 2 and len(run.err_lines) == 1 and "--employees" in run.err
