"""The reviewer's edition: one PDF of the whole report, and one language per build.

The default report (Danish, every organisation) is built once per session (conftest.py); an
English edition of the report's six cases and the publisher is built here once.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from helpers import REPORT_DATE
from printed import printed

from analysis.presentation.labels import LABEL_FILE
from analysis.report.build import PDF_STEM, PRINT_SETTINGS, build
from analysis.report.options import Options
from analysis.report.pdf import BROWSER_ENV, find_browser

pypdf = pytest.importorskip("pypdf")
bs4 = pytest.importorskip("bs4")
pytestmark = pytest.mark.kernel  # builds reports
needs_browser = pytest.mark.skipif(find_browser() is None, reason="no Chromium, Chrome or Edge")


@pytest.fixture(scope="module")
def english_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reports")
    options = Options(date=REPORT_DATE, out=out, jobs=2, lang="en", group="report,publisher")
    assert build(options) == 0
    return out / options.folder


def _titles(report: Path) -> list[str]:
    manifest = json.loads((report / "manifest.json").read_text(encoding="utf-8"))
    return [n["title"] for n in manifest["notebooks"]]


def _pdf(report: Path) -> Path:
    return report / f"{PDF_STEM}-{report.name}.pdf"


# a line of the running footer: the page number starts it (pypdf) or ends it (pdftotext)
FOOTER = re.compile(r"^\d+ / \d+|\d+ / \d+$")


def _flat(text: str) -> str:
    """Text with its whitespace runs as one space and ligatures (ﬀ) as letters (NFKC)."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))


@needs_browser
@pytest.mark.parametrize("which", ["default_report", "english_report"])
def test_the_pdf_has_a_title_page_contents_with_true_page_numbers_and_every_section(which, request):
    report = request.getfixturevalue(which)
    pages = [page.text for page in printed(_pdf(report))]
    manifest = json.loads((report / "manifest.json").read_text(encoding="utf-8"))
    assert len(pages) == manifest["edition"]["pdf"]["pages"]
    titles = _titles(report)
    assert len(pages) > len(titles) + 2  # a title page, the contents, a page or more each
    contents_word = "Indhold" if which == "default_report" else "Contents"
    first = _flat(pages[0])
    assert "Best practice" in first and REPORT_DATE in first
    contents = [i for i, text in enumerate(pages[:5]) if contents_word in text]
    assert contents, "no table of contents"
    toc = _flat(" ".join(pages[contents[0] : contents[0] + 3]))
    body = [_flat(text) for text in pages]
    numbers = set()
    for title in titles:
        # every section in the contents with its page number, and on that page
        found = re.search(re.escape(_flat(title)) + r" (\d+)", toc)
        assert found, f"{title!r} not in the contents with a page number"
        number = int(found.group(1))
        assert _flat(title) in body[number - 1], f"{title!r} is not on page {number}"
        numbers.add(number)
    # and the contents' links lead to those pages (the front is printed again: its links kept)
    reader = pypdf.PdfReader(_pdf(report))
    destinations = reader.named_destinations
    targets = {
        reader.get_destination_page_number(destinations[str(link.get_object()["/Dest"])]) + 1
        for page in reader.pages[contents[0] : contents[0] + 3]
        for link in page.get("/Annots") or []
        if "/Dest" in link.get_object()
    }
    assert numbers <= targets, sorted(numbers - targets)
    # page numbers in the footer, not on the title page
    total = len(pages)
    assert f"{total} / {total}" in pages[-1] and "1 / " not in pages[0]
    text = " ".join(body)
    assert "book.compare" not in text and "from analysis" not in text  # no code


@needs_browser
def test_each_figure_is_on_the_page_of_its_caption_and_no_table_caption_ends_a_page(
    default_report,
):
    figure = re.compile(r"^Figur \d+(\.\d+)*: ", re.M)
    table = re.compile(r"^Tabel \d+(\.\d+)*: ")
    captions = 0
    for number, page in enumerate(printed(_pdf(default_report)), 1):
        text = unicodedata.normalize("NFKC", page.text)
        found = len(figure.findall(text))
        captions += found
        if found:
            assert page.images >= found, f"page {number}: a caption without its figure"
        # the running footer (licence and page number) is not the page's last line of text
        lines = [ln for ln in text.splitlines() if ln.strip() and not FOOTER.search(ln)]
        assert not (lines and table.match(lines[-1])), f"page {number} ends with a table caption"
    # every figure of the report, each with its numbered caption
    assert captions == len(list((default_report / "outputs").glob("*/figures/*.png")))


@needs_browser
def test_nothing_in_the_pdf_runs_past_the_page_edge(default_report):
    outside = [
        (number, text)
        for number, page in enumerate(printed(_pdf(default_report)), 1)
        for x, _, text in page.runs
        if not 0 <= x <= page.width - 10
    ]
    assert outside == []


def test_the_pdf_reader_finds_text_past_either_page_edge(tmp_path):
    """What the edge check reads: text drawn past a page's edges is found, with its place."""
    import pikepdf

    document = pikepdf.new()
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
    )
    drawn = b"".join(
        b"BT /F1 12 Tf %d 700 Td (%s) Tj ET " % (x, word)
        for x, word in ((50, b"inside"), (700, b"right"), (-200, b"left"))
    )
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=[0, 0, 595, 842],
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
        Contents=document.make_stream(drawn),
    )
    document.pages.append(pikepdf.Page(page))
    document.save(tmp_path / "edges.pdf")
    (page,) = printed(tmp_path / "edges.pdf")
    assert "inside" in page.text and page.width == 595
    starts = {text: round(x) for x, _, text in page.runs}
    assert starts == {"inside": 50, "right": 700, "left": -200}


def test_without_a_browser_the_site_is_built_without_the_pdf_and_says_so(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv(BROWSER_ENV, str(tmp_path / "no-such-browser"))
    options = Options(date=REPORT_DATE, out=tmp_path, jobs=2, group="publisher")
    assert build(options) == 0
    report = tmp_path / options.folder
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("warning: no PDF: no Chromium, Chrome or Edge")
    assert (report / "index.html").is_file() and not list(report.glob("*.pdf"))
    assert ".pdf" not in (report / "index.html").read_text(encoding="utf-8")
    manifest = json.loads((report / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["edition"]["pdf"]["file"] is None
    # known from the start: no print page is written, and the site once (its log says so)
    logs = tmp_path / f".{options.folder}.logs"
    assert (logs / "sphinx-html.log").is_file() and not (logs / "sphinx-singlehtml.log").exists()


def _labels() -> list[dict[str, str]]:
    with LABEL_FILE.open(encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def _other_language_phrases(lang: str) -> dict[str, str]:
    """Label texts of the other language that cannot occur in this one's: two words or more
    (a single word such as 'Technology' also occurs in names, 'Heidelberg Technology Park')."""
    other = "en" if lang == "da" else "da"
    rows = _labels()
    own = " ".join(r[lang] for r in rows)
    phrases = {}
    for row in rows:
        if row["key"].startswith("unit."):  # the data's own units: the report may use them too
            continue
        for text in re.split(r"\{[^}]*\}", row[other]):
            text = text.strip(" :;,.()")
            if row[other] != row[lang] and " " in text and len(text) >= 8 and text not in own:
                phrases[text] = row["key"]
    return phrases


def _reader_text(page: Path, lang: str) -> tuple[str, list[str]]:
    """What a reader reads on a page, and its table cells: without code, and without the
    note column, whose notes are recorded in English in the data (annotations of sources)."""
    soup = bs4.BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for tag in soup.select("script, style, pre, code, .highlight, .jp-InputArea"):
        tag.decompose()
    note = "Note"
    for table in soup.select("table"):
        header = table.select("thead tr")
        if not header:
            continue
        names = [th.get_text(strip=True) for th in header[0].find_all(["th", "td"])]
        if note in names:
            # counted from the right: the index cells on the left span rows
            from_right = len(names) - names.index(note)
            for row in table.select("tbody tr"):
                cells = row.find_all(["th", "td"])
                if len(cells) >= from_right:
                    cells[-from_right].decompose()
    cells = [td.get_text(" ", strip=True) for td in soup.select("td")]
    return _flat(soup.get_text(" ")), cells


ESCAPED = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|amp|lt|gt|quot);")  # text HTML-escaped twice
ENGLISH_DECIMAL = re.compile(r"(?<![\d.,])\d+\.(?!\d{3}(?!\d))\d+(?![\d.])")  # 73.0, 5.6176
DANISH_NUMBER = re.compile(  # 0,45, 1.650
    r"(?<![\d.,])\d+,(?!\d{3}(?!\d))\d+(?![\d,])|(?<![\d.,])\d{1,3}\.\d{3}(?![\d])"
)


@pytest.mark.parametrize("which", ["default_report", "english_report"])
def test_a_report_is_in_one_language_throughout(which, request):
    report = request.getfixturevalue(which)
    lang = "da" if which == "default_report" else "en"
    phrases = _other_language_phrases(lang)
    assert len(phrases) > 100
    wrong_format = DANISH_NUMBER if lang == "en" else ENGLISH_DECIMAL
    found: list[str] = []
    pages = sorted(report.glob("*.html"))
    assert len(pages) > 10
    for page in pages:
        if page.name in ("genindex.html", "search.html"):
            continue
        text, cells = _reader_text(page, lang)
        found += [f"{page.name}: {key}: {p!r}" for p, key in phrases.items() if p in text]
        found += [f"{page.name}: escaped twice: {m.group(0)}" for m in ESCAPED.finditer(text)]
        found += [
            f"{page.name}: number {m.group(0)!r} in {cell!r}"
            for cell in cells
            if "http" not in cell
            for m in wrong_format.finditer(cell)
            # a name, not a decimal: "Industry 4.0" is "Industri 4.0" in Danish too
            if not re.search(r"(?i)industr\w* " + re.escape(m.group(0)), cell)
        ]
    assert found == []


# ------------------------------------------------------------------ a browser that misbehaves


def _fake_browser(
    folder: Path, body: str, *, executable: bool = True, shebang: bool = True
) -> Path:
    """A stand-in for Chromium: a script that does `body` with the print target in $PDF."""
    path = folder / "fake-browser"
    head = "#!/bin/sh\n" if shebang else ""
    path.write_text(
        head
        + 'for a in "$@"; do case "$a" in --print-to-pdf=*) PDF="${a#*=}";; esac; done\n'
        + body
        + "\n",
        encoding="utf-8",
    )
    path.chmod(0o755 if executable else 0o644)
    return path


def _page(folder: Path) -> Path:
    page = folder / "index.html"
    page.write_text("<html><body><p>x</p></body></html>", encoding="utf-8")
    return page


@pytest.mark.skipif(os.name != "posix", reason="the stand-in browser is a shell script")
@pytest.mark.parametrize(
    ("body", "flags", "says"),
    [
        ("sleep 30", {}, "did not finish printing within 1 s"),
        ('printf "%s" "not a pdf" > "$PDF"', {}, "wrote a PDF that cannot be read"),
        ('printf "%%PDF-1.4 broken" > "$PDF"', {}, "wrote a PDF that cannot be read"),
        ("exit 3", {}, "could not print index.html (exit 3)"),
        ("true", {"executable": False}, "is not a program this user may run"),
        ("true", {"shebang": False}, "cannot start"),
    ],
    ids=["hangs", "junk", "broken-pdf", "crashes", "not-executable", "no-shebang"],
)
def test_a_browser_that_hangs_crashes_writes_junk_or_cannot_start_is_one_pdf_error(
    tmp_path, monkeypatch, body, flags, says
):
    from analysis.report.pdf import PdfError, make_pdf

    monkeypatch.setenv(BROWSER_ENV, str(_fake_browser(tmp_path, body, **flags)))
    started = time.monotonic()
    with pytest.raises(PdfError) as caught:
        make_pdf(_page(tmp_path), tmp_path / "out.pdf", tmp_path / "scratch", timeout=1)
    message = str(caught.value)
    assert says in message and "\n" not in message
    assert time.monotonic() - started < 15


@pytest.mark.skipif(os.name != "posix", reason="process groups")
def test_a_hanging_browser_ends_with_the_build_even_a_killed_one(tmp_path):
    """kill -9 of the process that prints leaves no browser (nor its children) behind."""
    import psutil

    mark = f"fake-browser-{os.getpid()}-{time.monotonic_ns()}"
    browser = _fake_browser(tmp_path, f"sh -c 'sleep 60; echo {mark}' & sleep 60 # {mark}")
    page = _page(tmp_path)
    printer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from analysis.report.pdf import make_pdf;"
            "make_pdf(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), timeout=120)",
            str(page),
            str(tmp_path / "out.pdf"),
            str(tmp_path / "scratch"),
        ],
        env={**os.environ, BROWSER_ENV: str(browser)},
    )

    def running() -> list[psutil.Process]:
        found = []
        for proc in psutil.process_iter(["cmdline"]):
            if any(mark in part for part in proc.info["cmdline"] or []):
                found.append(proc)
        return found

    deadline = time.time() + 30
    while not running() and time.time() < deadline:
        time.sleep(0.1)
    assert running(), "the stand-in browser did not start"
    printer.kill()  # kill -9: the printer cannot clean up
    printer.wait()
    deadline = time.time() + 10
    while running() and time.time() < deadline:
        time.sleep(0.1)
    assert running() == []


def test_the_pdf_timeout_is_an_option_checked_like_the_others(cli, tmp_path):
    run = cli("build", "--out", tmp_path, "--pdf-timeout", "soon")
    assert run.code == 2 and "--pdf-timeout" in run.err and len(run.err_lines) == 1


def _pdf_with_pages(path: Path, texts: list[str], link_on_first: bool = False) -> Path:
    """A small PDF whose pages each draw one text (and, optionally, a link on page 1)."""
    import pikepdf

    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont="/Helvetica"
        )
    )
    for text in texts:
        stream = pikepdf.Stream(pdf, f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode())
        page = pikepdf.Page(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                MediaBox=[0, 0, 595, 842],
                Contents=pdf.make_indirect(stream),
                Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
            )
        )
        pdf.pages.append(page)
    if link_on_first:
        link = pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Link,
            Rect=[72, 700, 300, 740],
            Dest=pikepdf.Array([pdf.pages[-1].obj, pikepdf.Name.Fit]),
        )
        pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([link]))
    pdf.save(path)
    return path


def test_the_reprinted_front_replaces_the_first_pages_and_keeps_their_links(tmp_path):
    from analysis.report.pdf import replace_front

    whole = _pdf_with_pages(tmp_path / "whole.pdf", ["Title", "Contents", "Body 1", "Body 2"], True)
    front = _pdf_with_pages(tmp_path / "front.pdf", ["Title", "Contents 3 4"])
    replace_front(whole, front, tmp_path / "out.pdf")
    reader = pypdf.PdfReader(tmp_path / "out.pdf")
    assert [p.extract_text().strip() for p in reader.pages] == [
        "Title",
        "Contents 3 4",
        "Body 1",
        "Body 2",
    ]
    (link,) = reader.pages[0]["/Annots"]  # the first print's link, to its last page, kept
    assert reader.get_page_number(link.get_object()["/Dest"][0]) == 3


def test_the_front_alone_hides_what_follows_the_contents_and_counts_all_pages():
    from analysis.report.pdf import front_only

    html = (
        '<html><head><title>t</title></head><body><div class="title-page">T</div>'
        '<nav class="print-toc"><ol><li>1. Indledning</li></ol></nav>'
        '<section id="document-01_introduction"><p>the report</p></section></body></html>'
    )
    front = front_only(html, 283)
    assert "nav.print-toc ~ *" in front and '" / 283"' in front
    assert front.index("<style>") < front.index("</head>") and front.count("</head>") == 1
    # the title page and the contents, and nothing of what follows them
    assert front.endswith("<li>1. Indledning</li></ol></nav>") and "the report" not in front
    # a page without the contents' list is printed whole, with the front's style all the same
    whole = html.replace("print-toc", "other")
    assert front_only(whole, 3).endswith("</html>") and '" / 3"' in front_only(whole, 3)


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="POSIX process priorities")
def test_the_site_is_written_in_the_background_while_the_pdfs_steps_go_first(tmp_path):
    from analysis.report.site import BACKGROUND_NICENESS, SphinxRun, start_site

    own = os.getpriority(os.PRIO_PROCESS, 0)
    site = start_site(tmp_path, "da")  # no sources: Sphinx fails, but only after a second
    print_page = SphinxRun(tmp_path, "singlehtml", tmp_path / "print", "da", PRINT_SETTINGS)
    try:
        assert os.getpriority(os.PRIO_PROCESS, site.process.pid) == min(
            own + BACKGROUND_NICENESS, 19
        )
        assert os.getpriority(os.PRIO_PROCESS, print_page.process.pid) == own
    finally:
        site.stop()
        print_page.stop()
