"""The dated report build: contents, failure path, interruption, bad parameters, atomic placement."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import FIXTURES, REPORT_DATE, SIX, leftover_kernels, mark_as_report

from analysis.dataset.paths import DATA_DIR, NOTEBOOK_DIR, ROOT
from analysis.report.build import build
from analysis.report.options import Options
from analysis.report.pdf import BROWSER_ENV
from analysis.report.placement import MANIFEST, NotAReport, place

DATE = REPORT_DATE


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.srcs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "href" in attrs:
            self.hrefs.append(attrs["href"])
        if "src" in attrs:
            self.srcs.append(attrs["src"])


def links(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture
def small_report(default_report):
    return default_report  # built once per session (conftest.py)


@pytest.mark.kernel
def test_small_build_has_index_notebooks_html_outputs_and_manifest(small_report):
    names = [
        "01_introduction",
        "02_background",
        "03_central_themes",
        *(f"04_case__{c}" for c in SIX),
        "05_comparison",
        "06_strategic_choices",
    ]
    for name in names:
        assert (small_report / "notebooks" / f"{name}.ipynb").is_file()
        assert (small_report / f"{name}.html").is_file()  # the site's page, its code folded
    svg = sorted((small_report / "outputs").rglob("*.svg"))
    assert sorted(p.with_suffix("") for p in (small_report / "outputs").rglob("*.png")) == sorted(
        p.with_suffix("") for p in svg
    )
    case_figures = small_report / "outputs" / "04_case__cleantech_north" / "figures"
    assert sorted(p.name for p in case_figures.glob("*.svg")) == [
        "fees.svg",
        "funding.svg",
        "roles.svg",
        "target_board.svg",
    ]
    assert len(list((small_report / "outputs" / "06_strategic_choices").rglob("*.svg"))) == 6
    assert list((small_report / "outputs").rglob("*.csv"))
    assert (small_report / "data" / "cases.csv").is_file()
    assert not [p for p in small_report.parent.iterdir() if ".building-" in p.name]
    assert not list(small_report.glob("*.code.html"))  # one page per section


def _contents(index: Path) -> list[tuple[str, list[str]]]:
    """The front page's tables of contents: (caption, [page, ...]) in order."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(index.read_text(encoding="utf-8"), "html.parser")
    trees = []
    for tree in soup.select("article div.toctree-wrapper"):
        caption = tree.select_one("p.caption")
        hrefs = [a["href"] for a in tree.select("a.reference.internal") if "#" not in a["href"]]
        if hrefs:
            trees.append((caption.get_text(strip=True) if caption else "", hrefs))
    return trees


@pytest.mark.kernel
def test_index_lists_every_section_in_report_order_grouped_and_all_links_resolve(small_report):
    trees = _contents(small_report / "index.html")
    captions = [c for c, _ in trees]
    pages = [h for _, hrefs in trees for h in hrefs]
    # the report's chapters, then the report's six cases in order, its publisher, the benchmark
    # grouped by sector; then 3.3 and 3.4; then the pages on provenance and the build
    assert trees[0] == (
        "Rapporten",
        ["01_introduction.html", "02_background.html", "03_central_themes.html"],
    )
    assert trees[1] == ("Rapportens seks cases", [f"04_case__{c}.html" for c in SIX])
    assert trees[2] == ("Rapportens udgiver", ["04_case__copenhagen_cleantech_cluster.html"])
    assert "Benchmark: energi" in captions  # the benchmark is grouped by sector
    every = {f"04_case__{p.stem}.html" for p in (DATA_DIR / "cases").glob("*.yaml")}
    cases = [h for h in pages if h.startswith("04_case__")]
    assert set(cases) == every and len(cases) == len(every)
    assert trees[-2] == (
        "Sammenligning",
        ["05_comparison.html", "06_strategic_choices.html", "07_explorer.html"],
    )
    assert trees[-1] == ("Om udgaven", ["provenance.html", "about.html"])
    index = small_report / "index.html"
    for href in links(index).hrefs:
        if not re.match(r"https?://|#", href):
            assert (small_report / re.split(r"[#?]", href)[0]).is_file(), href
    text = index.read_text(encoding="utf-8")
    assert DATE in text and f"best-practice-cluster-management-{DATE}.pdf" in text
    about = (small_report / "about.html").read_text(encoding="utf-8")
    # the parameters as a reader reads them: labelled, no Python reprs, timings off the front page
    assert "Valuta</th><td>DKK" in about and "Organisationer</th><td>eco_world_styria, " in about
    assert "[" not in about.split("<article")[1] and "None" not in about
    assert " s</td>" not in text and " s</td>" in about


@pytest.mark.kernel
def test_pages_are_self_contained_and_the_code_is_folded_under_each_output(small_report):
    from bs4 import BeautifulSoup

    for page in small_report.glob("*.html"):
        parsed = links(page)
        remote = [u for u in parsed.srcs if re.match(r"https?://", u)]
        assert remote == [], page.name  # sources are links to the web; nothing is loaded from it
    site = (small_report / "04_case__cleantech_north.html").read_text()
    article = BeautifulSoup(site, "html.parser").select_one("article")
    folds = article.select("details.hide.above-input")
    # every block of code is in a fold ("Vis kode"), closed, above the output it makes
    assert folds and all(f.select_one("summary").get_text(" ", strip=True) for f in folds)
    assert all("Vis kode" in f.select_one("summary").get_text() for f in folds)
    code = article.select(".highlight")
    assert code and all(c.find_parent("details", class_="hide") for c in code)
    assert not any(f.has_attr("open") for f in folds)
    assert '<span class="n">book</span>' in site
    # a page of the site: its contents, search and navigation; and a link to its notebook
    assert "bd-docs-nav" in site and "search" in site and "prev-next" in site
    assert 'href="notebooks/04_case__cleantech_north.ipynb"' in site
    # instructions for notebook users: folded too, never open in the reader's text
    note = article.select_one("details.notebook-only")
    assert note is not None and not note.has_attr("open") and "Sæt" in note.get_text()
    assert all(s.find_parent("details") for s in article.find_all(string=re.compile("Sæt ")))
    figures = re.findall(r"<img [^>]*>", site.split("<article")[1])
    assert len(figures) == 4  # each with its numbered caption as its alternative text
    assert all(re.search(r'alt="Figur 3\.2\.\d+\.\d+: [^"]+"', f) for f in figures)
    # each figure's caption is numbered within the case's section and can be linked to
    assert re.search(
        r'<p class="caption figure-caption" id="fig-3-2-2-1"><b>Figur 3\.2\.2\.1: ', site
    )


@pytest.mark.kernel
def test_manifest_checksums_match_the_data_files(small_report):
    manifest = json.loads((small_report / "manifest.json").read_text())
    assert manifest["data"]["sha256"]
    for name, digest in manifest["data"]["sha256"].items():
        assert hashlib.sha256((DATA_DIR / name).read_bytes()).hexdigest() == digest
    assert {n["name"] for n in manifest["notebooks"]} >= {"04_case__cleantech_north"}
    assert all(n["seconds"] > 0 for n in manifest["notebooks"])
    every = [p.stem for p in sorted((DATA_DIR / "cases").glob("*.yaml"))]
    assert manifest["packages"]["pandas"] and sorted(manifest["parameters"]["cases"]) == every


@pytest.mark.kernel
def test_failing_notebook_keeps_failed_folder_and_leaves_existing_report(tmp_path, capsys):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(NOTEBOOK_DIR / "01_introduction.ipynb", notebooks)
    shutil.copy(FIXTURES / "notebooks" / "02_raises.ipynb", notebooks)
    out = tmp_path / "reports"
    existing = mark_as_report(out / DATE)
    (existing / "index.html").write_text("the good report")
    options = Options(date=DATE, out=out, jobs=2, notebook_dir=notebooks)
    assert build(options) == 1
    err = capsys.readouterr().err
    assert re.search(r"02_raises: cell \d+ \(In \[\d+\]\): ValueError: deliberate failure", err)
    assert (existing / "index.html").read_text() == "the good report"
    failed = out / f"{DATE}.failed" / "notebooks" / "02_raises.ipynb"
    assert "An Exception was encountered at" in failed.read_text()  # papermill's error banner
    assert (out / f"{DATE}.failed" / "notebooks" / "01_introduction.ipynb").is_file()


@pytest.mark.kernel
@pytest.mark.parametrize(
    "sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=["ctrl-c", "kill", "hangup"]
)
def test_interrupted_build_leaves_no_half_written_report(tmp_path, sig):
    out = tmp_path / "reports"
    mark_as_report(out / DATE)
    (out / DATE / "index.html").write_text("the good report")
    started = time.time()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "analysis",
            "build",
            "--date",
            DATE,
            "--out",
            str(out),
            "--jobs",
            "2",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.time() + 60
    while not list(out.glob(f".{DATE}.building-*/notebooks/*.ipynb")) and time.time() < deadline:
        time.sleep(0.2)
    assert time.time() < deadline, "the build never started a notebook"
    os.killpg(proc.pid, sig) if sig == signal.SIGINT else proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert sorted(p.name for p in out.iterdir() if not p.name.endswith(".lock")) == [DATE]
    assert (out / DATE / "index.html").read_text() == "the good report"
    time.sleep(1.5)  # orphaned kernels notice within a second
    assert leftover_kernels(started) == []
    # and no kernel of the stopped build wrote its work folder back after the build removed it
    assert sorted(p.name for p in out.iterdir() if not p.name.endswith(".lock")) == [DATE]


def test_bad_build_parameters_stop_before_any_kernel(tmp_path):
    out = tmp_path / "reports"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "build",
            "--date",
            "2010-13-01",
            "--lang",
            "fr",
            "--currency",
            "XYZ",
            "--jobs",
            "0",
            "--cases",
            "nope,../x",
            "--out",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    for fragment in ("--date", "--lang", "--currency", "--jobs", "'../x'"):
        assert any(fragment in line for line in lines), fragment
    assert all(line.startswith("error: ") for line in lines) and "Traceback" not in proc.stderr
    assert not out.exists() or not any(out.iterdir())


def test_unknown_case_and_bad_data_are_reported_before_building(tmp_path, data_dir, cli):
    (data_dir / "cases" / "cleantech_north.yaml").write_text("- not a mapping\n")
    run = cli("build", "--out", tmp_path / "r", "--cases", "nope", "--data-dir", data_dir)
    assert run.code == 2 and "cleantech_north.yaml" in run.err
    assert not (tmp_path / "r").exists()


def test_place_replaces_an_existing_report_whole(tmp_path):
    final = tmp_path / DATE
    mark_as_report(final)
    (final / "old.txt").write_text("old")
    work = tmp_path / "work"
    mark_as_report(work)
    (work / "new.txt").write_text("new")
    place(work, final)
    assert sorted(p.name for p in final.iterdir()) == [MANIFEST, "new.txt"]
    assert not work.exists()


@pytest.mark.parametrize("what", ["folder", "file", "failed-folder"])
def test_out_never_replaces_what_is_not_a_report_of_this_project(tmp_path, cli, what):
    """--out P --date D where P/D is a user's folder or file (or P/D.failed is): one line, exit
    2, nothing touched, no hidden copy left behind."""
    folder = f"{DATE}-cases-eco_world_styria"  # the folder of the selection built below
    target = tmp_path / folder if what != "failed-folder" else tmp_path / f"{folder}.failed"
    if what == "file":
        target.write_text("precious")
    else:
        target.mkdir()
        (target / "wedding.jpg").write_text("precious")
    before = sorted(p.name for p in tmp_path.iterdir())
    run = cli("build", "--out", tmp_path, "--date", DATE, "--cases", "eco_world_styria")
    assert run.code == 2 and len(run.err_lines) == 1
    assert "not a report of this project" in run.err
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    kept = target if what == "file" else target / "wedding.jpg"
    assert kept.read_text() == "precious"


def test_placement_refuses_what_appeared_at_the_target_meanwhile(tmp_path):
    final = tmp_path / DATE
    final.mkdir()
    (final / "wedding.jpg").write_text("precious")
    work = tmp_path / "work"
    mark_as_report(work)
    with pytest.raises(NotAReport):
        place(work, final)
    assert (final / "wedding.jpg").read_text() == "precious" and work.exists()


def test_two_placements_at_once_leave_one_whole_report(tmp_path):
    final = tmp_path / DATE
    works = []
    for n in range(2):
        work = tmp_path / f"work{n}"
        mark_as_report(work)
        for i in range(50):
            (work / f"file{i}.txt").write_text(str(n))
        works.append(work)
    threads = [threading.Thread(target=place, args=(w, final)) for w in works]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    contents = {p.read_text() for p in final.iterdir() if p.name != MANIFEST}
    assert len(list(final.iterdir())) == 51 and len(contents) == 1
    assert not any(w.exists() for w in works)


@pytest.mark.kernel
def test_report_folder_and_files_follow_the_umask(default_report):
    mask = os.umask(0)
    os.umask(mask)
    assert default_report.stat().st_mode & 0o777 == 0o777 & ~mask
    for path in [default_report / "data" / "facts.csv", default_report / "index.html"]:
        assert path.stat().st_mode & 0o777 == 0o666 & ~mask, path


@pytest.mark.kernel
def test_the_build_uses_one_snapshot_of_the_data_whatever_happens_to_it(tmp_path, data_dir):
    out = tmp_path / "reports"
    case = data_dir / "cases" / "cleantech_north.yaml"
    original = case.read_bytes()
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "analysis", "build", "--date", DATE, "--out", str(out)),
            *("--data-dir", str(data_dir), "--cases", "cleantech_north", "--jobs", "2"),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, BROWSER_ENV: "no-pdf-in-this-test"},  # the PDF is not under test
    )
    deadline = time.time() + 60
    while not list(out.glob(f".{DATE}*.building-*/.data/cases")) and time.time() < deadline:
        time.sleep(0.05)
    # the snapshot is taken: now change the data under the running build
    case.write_text(
        original.decode("utf-8").replace("CleanTech North", "Renamed Meanwhile"), encoding="utf-8"
    )
    assert proc.wait(timeout=300) == 0, proc.stderr.read()
    report = out / f"{DATE}-cases-cleantech_north"
    manifest = json.loads((report / "manifest.json").read_text(encoding="utf-8"))
    digest = hashlib.sha256(original).hexdigest()
    assert manifest["data"]["sha256"]["cases/cleantech_north.yaml"] == digest
    assert "Renamed Meanwhile" not in (report / "data" / "cases.csv").read_text(encoding="utf-8")
    assert "Renamed Meanwhile" not in (
        report / "notebooks" / "04_case__cleantech_north.ipynb"
    ).read_text(encoding="utf-8")
    assert not (report / ".data").exists()


def test_builds_in_another_language_or_currency_get_their_own_folder():
    base = Options(date=DATE, out=Path("reports"))
    assert base.folder == DATE
    assert Options(date=DATE, out=Path("r"), lang="en").folder == f"{DATE}-en"
    assert Options(date=DATE, out=Path("r"), lang="en", currency="EUR").folder == f"{DATE}-en-EUR"


@pytest.mark.parametrize(
    ("fields", "folder"),
    [
        ({"group": "report"}, "group-report"),
        (
            {"sector": "energy", "focal_case": "energy_cluster_denmark"},
            "sector-energy-focal-energy_cluster_denmark",
        ),
        ({"country": "DK,SE", "as_of": 2015}, "country-DK+SE-as-of-2015"),
        ({"cases": ["clean", "made"]}, "cases-clean-made"),
        ({"kind": "all"}, "kind-all"),
        ({"group": "report", "name": "first-edition"}, "first-edition"),
    ],
)
def test_a_selection_gets_a_folder_of_its_own_and_never_replaces_the_default_report(fields, folder):
    assert Options(date=DATE, out=Path("r"), **fields).folder == f"{DATE}-{folder}"


def test_a_long_selection_gets_a_short_unique_folder_name():
    many = [f"case_{i:03d}" for i in range(3)]
    long = Options(date=DATE, out=Path("r"), cases=many, sector="a" * 90)
    other = Options(date=DATE, out=Path("r"), cases=many, sector="a" * 89 + "b")
    assert len(long.folder) <= len(DATE) + 1 + 80 and long.folder != other.folder


def test_a_report_name_is_checked_like_any_argument(cli, tmp_path):
    run = cli("build", "--out", tmp_path, "--name", "../../etc")
    assert run.code == 2 and "--name" in run.err and len(run.err_lines) == 1


def test_replacing_a_report_made_with_other_parameters_is_said(tmp_path, capsys):
    from analysis.report.build import _say_what_is_replaced

    old = tmp_path / DATE
    old.mkdir()
    (old / "manifest.json").write_text(
        json.dumps({"parameters": {"as_of": 2015, "jobs": 1, "lang": "da"}}), encoding="utf-8"
    )
    _say_what_is_replaced(old, {"as_of": None, "jobs": 2, "lang": "da"})
    out = capsys.readouterr().out
    assert "built with other parameters: as_of 2015 -> -" in out and "jobs" not in out
    _say_what_is_replaced(old, {"as_of": 2015, "jobs": 2, "lang": "da"})
    assert capsys.readouterr().out == ""


@pytest.mark.kernel
def test_published_notebooks_carry_no_path_of_the_build(small_report):
    pages = [*(small_report / "notebooks").glob("*.ipynb"), *small_report.rglob("*.html")]
    assert len(pages) > 30
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert str(small_report.parent) not in text and ".building-" not in text, page.name
        assert str(ROOT) not in text, page.name
    case = (small_report / "notebooks" / "04_case__cleantech_north.ipynb").read_text("utf-8")
    assert "case_id = 'cleantech_north'" in case and "data_dir = 'data'" in case


@pytest.mark.kernel
def test_a_report_names_no_folder_of_the_machine_and_publishes_no_logs(small_report):
    """No file of the report (manifest, about page, CSVs, notebooks, pages) holds an absolute
    path of the machine; the build's logs are kept beside the report, not in it."""
    assert not (small_report / "logs").exists() and not (small_report / ".logs").exists()
    assert (small_report.parent / f".{small_report.name}.logs").is_dir()
    machine = [str(ROOT), str(small_report.parent), os.path.expanduser("~"), "/tmp/"]
    for path in small_report.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".csv", ".ipynb", ".txt", ".js"):
            text = path.read_text(encoding="utf-8", errors="replace")
            found = [m for m in machine if m and m != "/" and m in text]
            assert found == [], f"{path.relative_to(small_report)} names {found}"


def test_the_about_page_and_manifest_show_a_data_folder_outside_the_project_by_name_only(
    tmp_path,
):
    from analysis.dataset.paths import public_path

    assert public_path(DATA_DIR) == "data"
    assert public_path(tmp_path / "mydata") == ".../mydata"


@pytest.mark.parametrize(
    "args",
    [("--country", "ZZ"), ("--group", "own"), ("--sector", "energy", "--country", "US")],
    ids=["country", "group", "sector-and-country"],
)
def test_an_empty_selection_is_refused_in_one_line_before_any_notebook_runs(cli, tmp_path, args):
    run = cli("build", "--out", tmp_path, "--date", DATE, *args)
    assert run.code == 2 and len(run.err_lines) == 1
    assert "no organisation matches" in run.err and args[1] in run.err
    assert list(tmp_path.iterdir()) == []


def test_a_report_built_into_the_data_folder_is_not_counted_as_data(data_dir):
    from analysis.dataset.loading import data_files

    before = data_files(data_dir)
    stray = data_dir / "reports" / DATE / "data"
    stray.mkdir(parents=True)
    (stray / "cases.csv").write_text("case_id\nx\n", encoding="utf-8")
    (data_dir / "cases" / "notes.txt").write_text("not data", encoding="utf-8")
    assert data_files(data_dir) == before
