"""As a researcher and a reviewer would use it, in a real browser (headless Chromium).

- A researcher opens a notebook in JupyterLab, clears it, runs all cells and sees every figure.
- A reviewer opens the dated site's index.html from disk, follows every link of every page,
  sees every figure with its numbered caption, and searches; nothing comes from the network.

Needs Debian's chromium (/usr/bin/chromium) and the `browser` extra (playwright); skipped
otherwise. Run with `make browser-test`, which installs both.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from browsing import BROWSER_MARKS, menu

from analysis.dataset.paths import ROOT

pytest.importorskip("playwright.sync_api", reason="the browser extra is not installed")
pytestmark = BROWSER_MARKS


def test_researcher_runs_the_case_notebook_in_jupyterlab(browser, jupyterlab):
    url, token = jupyterlab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{url}/lab/tree/notebooks/04_case.ipynb?token={token}")
    page.locator(".jp-Notebook").wait_for(timeout=60_000)
    idle = page.locator(".jp-StatusBar-TextItem", has_text="| Idle")
    idle.wait_for(timeout=60_000)  # the kernel has started and answered
    images = page.locator(".jp-OutputArea-output img")
    menu(page, "Edit", "Clear Outputs of All Cells")
    page.wait_for_function("document.querySelectorAll('.jp-OutputArea-output img').length === 0")
    menu(page, "Run", "Run All Cells")
    try:
        page.wait_for_function(
            "document.querySelectorAll('.jp-OutputArea-output img').length >= 5", timeout=120_000
        )
    except Exception:
        shots = Path(os.environ.get("TMPDIR", "/tmp"))
        page.screenshot(path=str(shots / "jupyterlab-failure.png"))
        page.locator(".jp-Notebook").press("Control+Home")
        page.screenshot(path=str(shots / "jupyterlab-failure-top.png"))
        raise
    idle.wait_for(timeout=60_000)
    assert images.count() == 5  # funding, fees, Target Board, over time, roles
    assert (
        page.locator(
            ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
        ).count()
        == 0
    )
    assert (
        page.locator(".jp-RenderedText[data-mime-type='application/vnd.jupyter.error']").count()
        == 0
    )
    widths = images.evaluate_all("els => els.map(e => e.naturalWidth)")
    assert all(w > 300 for w in widths)
    page.close()


def _page_path(report: Path, url: str) -> Path | None:
    """The file of the report a file:// URL points at (None outside the report)."""
    from urllib.parse import unquote, urlparse

    parsed = urlparse(url)
    if parsed.scheme != "file":
        return None
    path = Path(unquote(parsed.path))
    return path if path.is_relative_to(report) else None


# What the walk checks on a page, read in one evaluation (a round trip per check would
# spend most of the walk waiting): sidebar and previous/next links, code blocks in view and
# folded away, the text,
# each figure's loaded width and the numbered captions of its output, and every link.
PAGE_FACTS = """() => ({
    nav: document.querySelectorAll("nav.bd-docs-nav a").length,
    prevNext: document.querySelectorAll(".prev-next-area a").length,
    code: [...document.querySelectorAll("pre, .highlight")].filter(e => e.checkVisibility()).length,
    folded: document.querySelectorAll("details.hide.above-input:not([open]) .highlight").length,
    text: document.body.innerText,
    images: [...document.querySelectorAll("div.cell_output img")].map(img => ({
        width: img.naturalWidth,
        captions: [...img.closest("div.cell_output").querySelectorAll("p.figure-caption")]
            .map(p => [p.innerText, p.id || ""]),
    })),
    links: [...document.querySelectorAll("a[href]")].map(a => a.href),
})"""


def test_reviewer_navigates_the_whole_site_from_disk(browser, default_report):
    """Every link of every page leads somewhere (a page, an anchor on it, or a file of the
    report), every site page has the contents sidebar, every figure its numbered caption, the
    search box finds a case, and nothing is fetched from the network."""
    page = browser.new_page()
    network: list[str] = []
    page.on(
        "request",
        lambda r: network.append(r.url) if not r.url.startswith(("file:", "data:")) else None,
    )
    start = (default_report / "index.html").as_uri()
    queue, seen, files = [start], {start}, set()
    figure_caption = re.compile(r"^(Figur|Figure) \d+(\.\d+)*: \S")
    visited = 0
    while queue:
        url = queue.pop(0)
        page.goto(url)
        visited += 1
        name = url.rsplit("/", 1)[-1]
        seen_here = page.evaluate(PAGE_FACTS)  # one round trip per page
        if name != "genindex.html":
            # the contents on every page, previous/next below every section
            assert seen_here["nav"] > 5, name
            if name not in ("index.html", "search.html"):
                assert seen_here["prevNext"] >= 1, name
            # no code in view; a section's code folded on its page
            assert seen_here["code"] == 0, name
            assert (seen_here["folded"] > 0) == bool(re.match(r"\d\d_", name)), name
        text = seen_here["text"]
        assert not re.search(r"&(#\d+|#x[0-9a-f]+|amp|lt|gt|quot);", text), f"{name}: escaped twice"
        # every figure: loaded, followed by its numbered caption with an anchor
        for i, image in enumerate(seen_here["images"]):
            assert image["width"] > 0, name
            assert len(image["captions"]) == 1, (name, i)
            caption_text, caption_id = image["captions"][0]
            assert figure_caption.match(caption_text), caption_text
            assert caption_id.startswith("fig-")
        for href in seen_here["links"]:
            target, _, anchor = href.partition("#")
            path = _page_path(default_report, target)
            if path is None:
                continue  # a source on the web: a link, never followed here
            assert path.is_file(), f"{name}: dead link {href}"
            if path.suffix == ".html":
                if anchor and target != url.partition("#")[0]:
                    html = path.read_text(encoding="utf-8")
                    assert f'id="{anchor}"' in html, f"{name}: no anchor {href}"
                if target not in seen and "?" not in target:
                    seen.add(target)
                    queue.append(target)
            else:
                files.add(path)
    # a page per organisation, one per other section, and the front, provenance and about pages
    assert visited >= len(list((ROOT / "data" / "cases").glob("*.yaml"))) + 6 + 3
    assert any(f.suffix == ".pdf" for f in files) and any(f.suffix == ".ipynb" for f in files)

    # a figure and a table by their number
    page.goto(f"{(default_report / '05_comparison.html').as_uri()}#tab-3-3-2")
    assert page.locator("#tab-3-3-2").inner_text().startswith("Tabel 3.3.2:")
    assert page.locator("#tab-3-3-2").is_visible()

    # a section's code, opened where its output is, and the notes for notebook users
    page.goto((default_report / "04_case__cleantech_north.html").as_uri())
    fold = page.locator("details.hide.above-input").nth(2)
    fold.locator("summary").click()
    assert fold.locator(".highlight").first.is_visible()
    assert "book." in fold.inner_text()
    note = page.locator("details.notebook-only")
    assert not note.locator("code").first.is_visible()
    note.locator("summary").click()
    assert "case_id" in note.inner_text() and note.locator("code").first.is_visible()

    # the search box, from disk
    page.goto(start)
    page.locator("button.search-button-field, button.search-button").first.click()
    box = page.locator("input[name='q']").first
    box.fill("Medicon")
    box.press("Enter")
    page.wait_for_url("**/search.html?q=Medicon*")
    results = page.locator("#search-results li, ul.search li")
    results.first.wait_for(timeout=30_000)
    assert results.count() >= 2
    assert "Medicon Valley Alliance" in page.locator("#search-results").inner_text()
    assert network == []
    page.close()
