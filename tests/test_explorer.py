"""The explorer (section 3.5): what it computes, its widgets, and the same in a real browser.

- Without a browser: the comparison view follows its filters, measure and year, with each
  value's year and sources; a state the data cannot answer is a sentence; one's own
  organisation is validated, placed on the strategic axes with its nearest organisations, and
  written to a data folder only when asked (and then validated like any case file).
- In headless Chromium (marked `browser`): the Voilà app (`make explore`) and the notebook in
  JupyterLab, with widgets changed and the chart, table and sentence checked.
- The report's page shows the explorer's starting point as a figure and says how to run it.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from browsing import CHROMIUM, free_port, menu, served
from helpers import edit_case

from analysis.dataset.errors import DataError
from analysis.dataset.loading import load_dataset, parse_case
from analysis.dataset.paths import DATA_DIR, ROOT
from analysis.notebook.explorer import (
    MEASURES,
    Explorer,
    compare_view,
    own_case,
    placement,
    save_case,
)
from analysis.presentation.labels import label

HOSTILE = "<script>alert('x')</script> <img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def data():
    return load_dataset()


def test_compare_view_lists_every_known_value_with_its_year_and_source(data):
    view = compare_view(data, "members", lang="en")
    compared = [c for c in data.cases.values() if c.case_id in data.cases]
    assert view.figure is not None
    assert len(view.table) > 30
    known, total = map(int, re.findall(r"\d+", view.message))
    assert known == len(view.table) <= total <= len(compared)
    assert (view.table["Year"].str.fullmatch(r"\d{4}|n/a")).all()
    assert view.table["Source"].str.len().gt(3).all()
    assert "ECO World Styria" in set(view.table["Case"])


def test_compare_view_follows_the_measure_the_filters_and_the_year(data):
    members = compare_view(data, "members", lang="en")
    budget = compare_view(data, "budget_converted", lang="en")
    assert len(budget.table) < len(members.table)  # budgets are known for fewer
    report = compare_view(data, "members", group=["report"], lang="en")
    assert len(report.table) == 6
    earlier = compare_view(data, "members", as_of=2010, lang="en")
    assert (earlier.table["Year"].replace("n/a", "0").astype(int) <= 2010).all()
    assert len(earlier.table) < len(members.table)


def test_every_measure_can_be_chosen_without_an_error(data):
    for measure in MEASURES:
        view = compare_view(data, measure, lang="en")
        assert view.message and (view.figure is None) == view.table.empty, measure


def test_a_state_the_data_cannot_answer_is_a_sentence(data):
    nothing = compare_view(data, "budget_converted", as_of=2005, lang="en")
    assert nothing.figure is None and nothing.table.empty
    assert nothing.message == "Budget (DKK): nothing known for the chosen organisations (2005)."
    nobody = compare_view(data, "members", country=["AQ"], lang="en")
    assert nobody.figure is None
    assert nobody.message == label("explore.none_selected", "en")


def test_own_organisation_is_validated_like_a_case_file():
    with pytest.raises(DataError) as err:
        own_case("Our cluster", members=-3)
    assert "members.count.value: -3" in str(err.value.problems[0])


def test_own_organisation_on_too_few_axes_gets_a_sentence_not_neighbours(data):
    found = placement(data, own_case("Our cluster", members=120), "en")
    assert found.neighbours is None
    assert found.message.startswith("Your organisation stands on 1 of five axes")
    assert "Secretariat" in found.message


def test_own_organisation_is_placed_and_its_nearest_organisations_follow(data):
    case = own_case(
        "Our cluster",
        members=120,
        budget=5_000_000,
        currency="DKK",
        fte=6,
        services=["Matchmaking", "Events"],
        goals="Grow the region's cleantech companies",
    )
    found = placement(data, case, "en")
    assert found.neighbours is not None and 1 <= len(found.neighbours) <= 5
    assert sum(v is not None for v in found.scores.values()) >= 3
    assert all(0 <= v <= 1 for v in found.scores.values() if v is not None)
    more_members = placement(data, own_case("Our cluster", members=1200, fte=6), "en")
    assert more_members.scores["membership"] > found.scores["membership"]


def test_nothing_is_written_unless_saved_and_a_saved_case_validates(data_dir):
    before = sorted(p.name for p in (DATA_DIR / "cases").iterdir())
    explorer = Explorer(load_dataset(data_dir), lang="en")
    explorer.widget()
    w = explorer._widgets
    w["name"].value, w["members"].value, w["fte"].value = "Our Cluster", 120, 6.0
    assert sorted(p.name for p in (DATA_DIR / "cases").iterdir()) == before
    assert not (data_dir / "cases" / "our_cluster.yaml").exists()
    path = save_case(own_case("Our Cluster", members=120, fte=6), data_dir)
    assert path == data_dir / "cases" / "our_cluster.yaml"
    case, problems = parse_case(path)
    assert case is not None and not problems and case.members.count.value == 120
    with pytest.raises(DataError, match="exists"):
        save_case(own_case("Our Cluster", members=1), data_dir)
    assert case.members.count.value == 120  # the first file is left as it was


def test_widgets_follow_a_change_and_escape_the_data(data_dir):
    edit_case(data_dir, "eco_world_styria", lambda d: d["name"].update(value=HOSTILE))
    explorer = Explorer(load_dataset(data_dir), lang="en")
    explorer.widget()
    w = explorer._widgets
    members_table = w["table"].value
    assert "&lt;script&gt;" in members_table and "<script>" not in members_table
    assert "<img" not in members_table
    w["measure"].value = "budget_converted"
    assert w["table"].value != members_table
    assert "Known for" in w["message"].value
    assert w["as_of"].label == "latest"
    w["as_of"].value = min(w["as_of"].options[1:], key=lambda o: o[1])[1]
    w["measure"].value = "staff_per_100_members"
    assert "nothing known" in w["message"].value or "Known for" in w["message"].value
    w["country"].value = ()
    w["group"].value = ("own",)  # no own organisation among the case files
    assert label("explore.none_selected", "en") in w["message"].value
    w["name"].value, w["members"].value = HOSTILE, 50
    assert "of five axes" in w["result"].value and "<script>" not in w["result"].value


def test_the_app_notebook_is_in_one_language_without_notes_and_with_its_parameters(tmp_path):
    from analysis.report.app import app_notebook
    from analysis.report.notebooks import cell_lang

    nb = app_notebook("en", tmp_path)
    assert {cell_lang(c) for c in nb.cells} <= {None, "en"}
    assert not any("notebook-only" in c.metadata.tags for c in nb.cells)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.tags]
    assert len(injected) == 1
    values: dict[str, object] = {}
    exec(injected[0].source, values)  # the cell as the kernel runs it
    assert values["lang"] == "en" and values["data_dir"] == str(tmp_path)
    assert values["interactive"] is True


def test_explore_refuses_a_bad_language_port_or_data_folder_in_one_line(cli, data_dir):
    for args, field in (
        (("--lang", "fr"), "--lang"),
        (("--port", "80"), "--port"),
        (("--port", "x"), "--port"),
    ):
        run = cli("explore", *args)
        assert run.code == 2 and len(run.err_lines) == 1 and field in run.err, args
    edit_case(data_dir, "eco_world_styria", lambda d: d["members"]["count"].update(value=-1))
    run = cli("explore", "--data-dir", str(data_dir))
    assert run.code == 2 and "eco_world_styria.yaml" in run.err and "-1" in run.err


# ------------------------------------------------------------------ in a real browser


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """`make explore`'s command on a free port, in its own process group (stopped with Voilà
    and its kernels afterwards)."""
    port = free_port()
    home = tmp_path_factory.mktemp("voila-home")
    env = {**os.environ, "HOME": str(home), "JUPYTER_CONFIG_DIR": str(home / ".jupyter")}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "analysis",
            "explore",
            f"--port={port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    if not served(f"{url}/voila/static/voila.js"):
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail("the explorer app did not start")
    yield url
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def _local_only(page) -> None:
    """Fetch nothing from the network (Voilà's page asks a CDN for an icon font)."""
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())


def _table_text(page) -> str:
    return page.locator("table.explore-table").first.inner_text()


def _wait_for_new_table(page, before: str) -> None:
    page.wait_for_function(
        "t => document.querySelector('table.explore-table').innerText !== t", arg=before
    )


@pytest.mark.browser
@pytest.mark.kernel
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed")
def test_staff_change_the_app_and_the_chart_and_table_follow(browser, app):
    page = browser.new_page(viewport={"width": 1300, "height": 1400})
    _local_only(page)
    page.goto(app, timeout=120_000)
    page.locator("table.explore-table").first.wait_for(timeout=120_000)
    body = page.inner_text("body")
    assert "from analysis" not in body and "interactive = " not in body  # no code, no notes
    assert "Udforsk sammenligningen" in body and "Explore the comparison" not in body
    first = _table_text(page)
    message = page.locator(".explore-message").first
    assert re.match(r"Kendt for \d+ af \d+ organisationer", message.inner_text())
    assert page.locator(".widget-output img").count() == 1
    page.locator(".widget-dropdown select").first.select_option(label="Budget (DKK)")
    _wait_for_new_table(page, first)
    assert "ECO World Styria" in _table_text(page)
    assert page.locator(".widget-output img").count() == 1
    # a year before any budget is known: a sentence, no chart, no traceback
    page.locator(".widget-dropdown select").nth(2).select_option(index=1)
    page.wait_for_function(
        "() => /intet kendt/.test(document.querySelector('.explore-message').innerText)"
    )
    assert page.locator(".widget-output img").count() == 0
    assert "Traceback" not in page.inner_text("body")
    # your organisation: one figure places it on one axis, and says what is missing
    page.locator(".lm-TabBar-tab").nth(1).click()
    page.locator(".widget-text input").first.fill("Vores klynge")
    members = page.locator(".widget-inline-hbox input[type=number]").first
    members.fill("120")
    members.press("Enter")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.explore-message')]"
        ".some(e => /står på 1 af fem akser/.test(e.innerText))"
    )
    assert "Traceback" not in page.inner_text("body")
    page.close()


@pytest.mark.browser
@pytest.mark.kernel
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed")
def test_researcher_runs_the_explorer_in_jupyterlab_and_changes_a_widget(browser, jupyterlab):
    url, token = jupyterlab
    page = browser.new_page(viewport={"width": 1400, "height": 1200})
    _local_only(page)
    page.goto(f"{url}/lab/tree/notebooks/07_explorer.ipynb?token={token}")
    page.locator(".jp-Notebook").wait_for(timeout=60_000)
    page.locator(".jp-StatusBar-TextItem", has_text="| Idle").wait_for(timeout=60_000)
    menu(page, "Run", "Run All Cells")
    page.locator("table.explore-table").first.wait_for(timeout=120_000)
    first = _table_text(page)
    page.locator(".widget-dropdown select").first.select_option(
        label=label("metric.staff_fte", "da")
    )
    _wait_for_new_table(page, first)
    assert page.locator(".widget-output img").count() == 1
    errors = page.locator(".jp-RenderedText[data-mime-type='application/vnd.jupyter.error']")
    assert errors.count() == 0
    page.close()


@pytest.mark.kernel  # builds the default report
def test_the_report_shows_the_explorers_starting_point_and_how_to_run_it(default_report):
    page = (default_report / "07_explorer.html").read_text(encoding="utf-8")
    assert "make explore" in page and "07_explorer.ipynb" in page
    assert re.search(r"Figur 3\.5\.\d+: Udforskerens udgangspunkt", page)
    assert "<img" in page
    assert "application/vnd.jupyter.widget" not in page  # no widget a static page cannot run
