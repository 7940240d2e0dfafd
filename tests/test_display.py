"""How values, captions, sources and tables read on the site, in each language."""

from __future__ import annotations

import re

import pandas as pd

from analysis.compute.selection import case_numbers, case_order
from analysis.dataset.loading import load_dataset
from analysis.presentation.display import (
    TableDisplay,
    basis_text,
    linked,
    numbered_caption,
    source_html,
)
from analysis.report.pdf import BROWSER_ENV, find_browser
from analysis.report.site import md_escape


def test_urls_in_text_become_links_named_by_their_domain_and_the_rest_stays_text():
    html = linked("ekstern: https://www.kpbs.org/a?b=1&c=2 (2009-03-05); <b>, https://x.dk/p.")
    assert '<a href="https://www.kpbs.org/a?b=1&amp;c=2">kpbs.org</a> (2009-03-05);' in html
    assert "&lt;b&gt;" in html  # text is never markup
    assert html.endswith('<a href="https://x.dk/p">x.dk</a>.')  # the full stop is the sentence's


def test_a_caption_is_numbered_in_its_section_and_linkable_by_its_number():
    caption = numbered_caption("table", "3.3.2", "De seks parametre", "da")
    assert caption.text == "Tabel 3.3.2: De seks parametre" and caption.anchor == "tab-3-3-2"
    assert 'id="tab-3-3-2"' in caption.html()
    figure = numbered_caption("figure", "2.1", "", "en")
    assert figure.text == "Figure 2.1" and figure.anchor == "fig-2-1"


def test_every_source_line_links_the_provenance_page():
    line = source_html("rapportens s. 17", "da")
    assert line.startswith("Kilde: rapportens s. 17")
    assert '<a class="provenance" href="provenance.html">om kilder og mærker</a>' in line


def test_tables_show_decimals_in_the_language_and_sources_as_links():
    frame = pd.DataFrame(
        {"share": [73.0, 0.45, None], "source": ["s. 5", "ekstern: https://a.dk/x (n.d.)", ""]}
    )
    da = TableDisplay(frame, "da")._repr_html_()
    en = TableDisplay(frame, "en")._repr_html_()
    assert "<td>73</td>" in da and "<td>0,45</td>" in da and "<td>n/a</td>" in da
    assert "<td>0.45</td>" in en and "73.0" not in en
    assert '<a href="https://a.dk/x">a.dk</a>' in da
    assert repr(TableDisplay(frame, "da")) == repr(frame)  # the text form is pandas' own


def test_a_basis_reads_in_danish_with_its_rate_and_pages_in_danish_form():
    basis = "financing.budget x 7.4473 DKK/EUR (ECB average 2010)"
    assert basis_text(basis, "da") == "financing.budget x 7,4473 DKK/EUR (ECB-gennemsnit 2010)"
    assert basis_text("members.count (p. 16)", "da") == "members.count (s. 16)"
    assert basis_text(basis, "en") == basis


def test_case_numbers_follow_the_editions_order_and_do_not_change_with_a_selection():
    data = load_dataset()
    sectors = data.reference.sectors.sector_id
    numbers = case_numbers(data.cases, sectors)
    assert numbers["eco_world_styria"] == "3.2.1" and numbers["medicon_valley_alliance"] == "3.2.6"
    assert numbers["copenhagen_cleantech_cluster"] == "3.2.7"
    order = case_order(data.cases, sectors)
    assert sorted(numbers.values(), key=lambda n: int(n.rsplit(".", 1)[1])) == [
        numbers[c] for c in order
    ]
    benchmark = [c for c in order if data.cases[c].group == "benchmark"]
    ranks = {s: i for i, s in enumerate(sectors)}
    assert [ranks[data.cases[c].sector] for c in benchmark] == sorted(
        ranks[data.cases[c].sector] for c in benchmark
    )


def test_markdown_special_characters_in_a_title_stay_literal():
    title = "3.2.8 *Foo* [x](y) <script> # _a_"
    escaped = md_escape(title)
    assert not re.search(r"(?<!\\)[*\[\]<>#_]", escaped)


def test_the_browser_named_in_the_environment_is_used_or_none_is_found(monkeypatch, tmp_path):
    fake = tmp_path / "chrome"
    fake.write_text("")
    monkeypatch.setenv(BROWSER_ENV, str(fake))
    assert find_browser() == str(fake)
    monkeypatch.setenv(BROWSER_ENV, str(tmp_path / "missing"))
    assert find_browser() is None
