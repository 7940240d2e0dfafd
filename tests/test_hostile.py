"""Data is text, never markup: a hostile case file cannot inject markup, read files or run script.

One case file (as a member might submit it) fills every text field of the schema with hostile
text in turn: MyST and reStructuredText directives and roles (`{include}` of a file outside the
data, `{raw} html`), raw HTML and script, Jinja expressions, Markdown links with `javascript:`
and `data:` schemes, quotes that would end an attribute or a directive's option, and a word too
long for any column. A sector label (reference data) does the same for the contents' headings.
The report is built from it (site and PDF) and then checked as a reader would meet it:

- no file content from outside the data (a canary file, /etc/passwd) in any file of the report
  or in the PDF's text;
- no script runs on any page in Chromium (a dialog would be one), no live link or frame with a
  scheme other than http(s);
- the hostile text is shown literally (the name as the case page's heading).
"""

from __future__ import annotations

import itertools
import shutil
import types
import typing
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, get_args, get_origin

import pytest
import yaml
from helpers import REPORT_DATE
from printed import printed
from pydantic import BaseModel

from analysis.dataset import schema
from analysis.dataset.paths import DATA_DIR

CASE_ID = "hostile_cluster"
SECTOR = "hostile_sector"
PASSWD_LINE = "root:x:0:"  # what /etc/passwd would show if it were included

# {canary}: the absolute path of a file outside the data folder that no output may contain.
ONE_LINE = (
    "Acme <img src=x onerror=alert('img')> Cluster {include}`{canary}`",
    "<script>alert('script')</script> ```{include} {canary}```",
    "{download}`x <{canary}>` {eval-rst}`.. include:: {canary}` {raw}`<b>raw</b>`",
    "[click](javascript:alert('md')) <javascript:alert('auto')> ![i](data:text/html,x)",
    ".. include:: ../../../../../../../../../../etc/passwd",
    ":download:`x <{canary}>` :raw-html:`<script>alert('role')</script>`",
    "{{ 7*7 }} {% include '{canary}' %} ${x} {#anchor}",
    "$x^2$ \\(y\\) **bold** _it_ # heading | a | b | <!-- comment",
    '\'|# quoted "caption" : key: value & &amp; &lt;',
    "<iframe src=\"javascript:alert('iframe')\"></iframe><a href=\"javascript:alert('a')\">l</a>",
    "W" * 900,
)
MULTI_LINE = (
    "Leak\n\n```{include} {canary}\n```\n",
    "```{raw} html\n<script>alert('raw block')</script>\n```\n",
    ".. raw:: html\n\n   <script>alert('rst')</script>\n\n.. include:: {canary}\n",
    "x\n\n<script>alert('block')</script>\n\n:::{include} ../../../../../../../../etc/passwd\n:::\n",
    "{% raw %}\n{{ config }}\n{% endraw %}\n<style>body{display:none}</style>",
)
URLS = (
    "https://evil.example/\"><script>alert('url')</script>",
    "https://evil.example/{include}{canary}",
    "https://evil.example/x?a=1&b=<img/src/onerror=alert('q')>",
    "https://evil.example/'onmouseover='alert(1)",
)
SECTOR_LABEL = "Evil '|# {include} <b>bold</b> \" quote"


class Payloads:
    """Hostile texts in turn, each kind from its own list (one line where the schema allows one
    line only)."""

    def __init__(self, canary: Path) -> None:
        def fill(texts: tuple[str, ...]) -> Iterator[str]:
            return itertools.cycle([t.replace("{canary}", str(canary)) for t in texts])

        self.one, self.multi, self.url = fill(ONE_LINE), fill(MULTI_LINE), fill(URLS)
        # a text field that may hold several lines gets one-line and multi-line text in turn
        self.text = itertools.cycle([self.one, self.multi])

    def label(self) -> str:
        return next(self.one)

    def note(self) -> str:
        return next(next(self.text))


def hostile_case(canary: Path) -> dict[str, Any]:
    """A valid case file whose every text field (of every kind of fact and item) is hostile."""
    p = Payloads(canary)

    def fact(**value: Any) -> dict[str, Any]:
        # external (url, date, as_of) and, beside them, a note, a formula and a rule: each is
        # allowed on any fact and each is shown somewhere (tables, sources, bases)
        return {
            "source": "external",
            "url": next(p.url),
            "date": "2020",
            "as_of": 2020,
            "note": p.note(),
            "formula": p.note(),
            "rule": p.note(),
            **value,
        }

    def text() -> dict[str, Any]:
        return fact(da=p.label(), en=p.label())

    def items(n: int = 2, **extra: Any) -> dict[str, Any]:
        return fact(
            items=[{"name": p.label(), "da": p.label(), "en": p.label(), **extra} for _ in range(n)]
        )

    def count(value: int, unit_history: bool = True) -> dict[str, Any]:
        observed = fact(value=value, unit=p.note())
        if unit_history:
            observed["history"] = [
                {**fact(value=value - 1, unit=p.note()), "as_of": 2015, "about": p.label()}
            ]
        return observed

    return {
        "case_id": CASE_ID,
        "group": "benchmark",
        "kind": fact(value="cluster_organisation"),
        "sector": SECTOR,
        "country_codes": ["DK"],
        "name": fact(value=p.label()),
        "city": fact(value=p.label()),
        "region": text(),
        "country": text(),
        "founded": fact(value="2005", event="founded"),
        "milestones": [fact(value="2010", event="brand")],
        "ownership": text(),
        "management": items(1),
        "summary": text(),
        "recognition": [text()],
        "members": {
            "count": count(120),
            "levels": items(2),
            "types": items(2),
            "named_members": items(1),
            "admission": text(),
            "open_admission": fact(value=True),
            "geography": text(),
            "outside_region_pct": fact(value=10, unit="%"),
            "network": count(700, unit_history=False),
        },
        "financing": {
            "budget": {
                **fact(value=1_000_000, unit="DKK"),
                "unit_basis": {"source": "derived", "formula": p.note(), "alternatives": ["EUR"]},
            },
            "member_share_pct": fact(value=40, unit="%"),
            "public_share_pct": fact(value=60, unit="%"),
            "fee_schedule": {
                **fact(currency="DKK", levels=[{"level": "basic", "fixed": 1000}]),
                "currency_basis": {"source": "derived", "formula": p.note()},
            },
            "description": text(),
            "public_support": text(),
            "funding": [
                {
                    **fact(value=500_000, unit="EUR"),
                    "id": "grant_1",
                    "kind": "grant",
                    "da": p.label(),
                    "en": p.label(),
                    "period": "2019-2021",
                    "about": p.label(),
                }
            ],
        },
        "technology": {"field": text(), "flagships": items(2), "restricted": fact(value=False)},
        "goals": {
            "vision": text(),
            "mission": text(),
            "targets": [
                {
                    **fact(value=100, unit=p.note(), year=2025),
                    "id": "target_1",
                    "da": p.label(),
                    "en": p.label(),
                }
            ],
            "targets_note": text(),
            "choices": text(),
            "priorities": {s: {**fact(value=2), "source": "coded"} for s in schema.SEGMENTS},
        },
        "services": {
            "services": items(2, activity="matchmaking"),
            "premium": items(1),
            "network": text(),
            "activity_coding": {**fact(), "source": "coded"},
        },
        "staffing": {
            "staff_count": count(6),
            "fte": fact(value=4.5, unit=p.note()),
            "roles": items(1, count=1),
            "background": text(),
        },
    }


# ------------------------------------------------------------------ the corpus covers the schema


def _text_kind(annotation: Any) -> bool:
    """Whether a field holds free text (Label, Text or Url), not an id, a date or a code."""
    union = get_origin(annotation) in (typing.Union, types.UnionType)
    for arg in get_args(annotation) if union else [annotation]:
        if get_origin(arg) is Annotated:
            for meta in arg.__metadata__:
                if getattr(meta, "func", None) in (schema._visible, schema._label):
                    return True
                if "https?" in str(getattr(meta, "pattern", "")):
                    return True
    return False


def _models(annotation: Any) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    for arg in get_args(annotation) or [annotation]:
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            found.append(arg)
        elif get_args(arg):
            found += _models(arg)
    return found


def _declared_by(model: type[BaseModel], name: str) -> str:
    """The class that declares a field (a fact's note is Fact's, whichever fact holds it)."""
    for cls in model.__mro__:
        if name in getattr(cls, "__annotations__", {}):
            return cls.__name__
    return model.__name__


def schema_text_fields() -> set[tuple[str, str]]:
    """Every (declaring model, field) of the case schema that holds free text."""
    fields: set[tuple[str, str]] = set()
    todo, seen = [schema.Case], set()
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        hints = typing.get_type_hints(model, include_extras=True)
        for name in model.model_fields:
            if _text_kind(hints[name]):
                fields.add((_declared_by(model, name), name))
            todo += _models(hints[name])
    return fields


def filled_text_fields(case: BaseModel) -> set[tuple[str, str]]:
    """The (model, field) pairs that hold text in a validated case."""
    filled: set[tuple[str, str]] = set()

    def walk(value: Any) -> None:
        if isinstance(value, BaseModel):
            for name in type(value).model_fields:
                inner = getattr(value, name)
                if isinstance(inner, str):
                    filled.add((_declared_by(type(value), name), name))
                walk(inner)
        elif isinstance(value, list | tuple):
            for inner in value:
                walk(inner)

    walk(case)
    return filled


def test_the_hostile_corpus_fills_every_text_field_of_the_schema(tmp_path):
    case = schema.Case.model_validate(hostile_case(tmp_path / "canary.txt"))
    missing = schema_text_fields() - filled_text_fields(case)
    assert not missing, f"text fields no hostile text reaches: {sorted(missing)}"


@pytest.mark.parametrize("text", ["Acme\n\n```{include} /etc/passwd\n```", "A\rB", "A\u2028B"])
def test_names_and_labels_refuse_line_breaks(text):
    with pytest.raises(ValueError, match="one line"):
        schema.NameFact(value=text, source="derived", formula="x")


@pytest.mark.parametrize("text", [" ", "\t  \t"])
def test_a_name_of_only_blanks_is_refused(text):
    with pytest.raises(ValueError, match=r"not blank|control"):
        schema.NameFact(value=text, source="derived", formula="x")


def test_names_are_trimmed():
    assert schema.NameFact(value="  Acme  ", source="derived", formula="x").value == "Acme"


# ------------------------------------------------------------------ the report built from it


def hostile_data(tmp_path: Path) -> tuple[Path, Path, str]:
    """A copy of the data folder with the hostile case and a hostile sector label, and the
    canary file outside it; returns (data folder, canary file, canary text)."""
    secret = f"CANARY-{uuid.uuid4().hex}"
    canary = tmp_path / "secret.txt"
    canary.write_text(secret + "\n", encoding="utf-8")
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("templates"))
    case = hostile_case(canary)
    (data / "cases" / f"{CASE_ID}.yaml").write_text(
        yaml.safe_dump(case, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    sectors = data / "reference" / "sectors.csv"
    label = SECTOR_LABEL.replace('"', '""')
    with sectors.open("a", encoding="utf-8") as handle:
        handle.write(f'{SECTOR},"{label}","{label}",hostile test sector\n')
    return data, canary, secret


def test_the_hostile_case_file_validates(tmp_path, cli):
    data, _, _ = hostile_data(tmp_path)
    run = cli("validate", "--data-dir", data)
    assert run.code == 0, run.err


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """The report of the hostile case and one of the report's (site and, with a browser, the
    PDF); returns (report folder, canary text, the hostile name)."""
    from analysis.report.build import build
    from analysis.report.options import Options

    base = tmp_path_factory.mktemp("hostile")
    data, canary, secret = hostile_data(base)
    out = base / "reports"
    options = Options(
        date=REPORT_DATE, out=out, jobs=2, data_dir=data, cases=[CASE_ID, "eco_world_styria"]
    )
    assert build(options) == 0
    name = hostile_case(canary)["name"]["value"]
    return out / options.folder, secret, name


def _pdf_text(report: Path) -> str:
    found = list(report.glob("*.pdf"))
    return "\n".join(page.text for page in printed(found[0])) if found else ""


TEXT_SUFFIXES = {".html", ".js", ".json", ".csv", ".ipynb", ".txt", ".md", ".svg", ".css", ".xml"}


@pytest.mark.kernel
def test_no_file_from_outside_the_data_reaches_any_output_of_the_report(hostile_report):
    report, secret, _ = hostile_report
    leaked = []
    for path in report.rglob("*"):
        if path.is_file() and path.suffix in TEXT_SUFFIXES:
            text = path.read_text(encoding="utf-8", errors="replace")
            if secret in text or PASSWD_LINE in text:
                leaked.append(path.relative_to(report).as_posix())
    pdf = _pdf_text(report)
    assert secret not in pdf and PASSWD_LINE not in pdf, "the PDF shows a file's content"
    assert leaked == []


@pytest.mark.kernel
def test_every_csv_of_the_report_is_spreadsheet_safe(hostile_report):
    import csv

    from analysis.compute.export import SPREADSHEET_START

    report, _, _ = hostile_report
    formulas = []
    for path in report.rglob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                formulas += [
                    (path.name, cell)
                    for cell in row
                    if cell.lstrip(" ").startswith(SPREADSHEET_START) and not _is_number(cell)
                ]
    assert formulas == []


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _runs_past_the_edge(pdf: Path) -> list[tuple[int, str]]:
    """Runs of text of the PDF that end beyond the page's right edge."""
    return [
        (number, text[:40])
        for number, page in enumerate(printed(pdf), 1)
        for _, end, text in page.runs
        if end > page.width + 2
    ]


@pytest.mark.kernel
def test_the_pdf_shows_the_hostile_name_literally_and_nothing_runs_off_its_pages(hostile_report):
    report, _, _ = hostile_report
    pdfs = list(report.glob("*.pdf"))
    if not pdfs:
        pytest.skip("no browser to print the PDF")
    flat = " ".join(_pdf_text(report).split())
    assert "Acme <img src=x onerror=alert('img')> Cluster" in flat
    assert _runs_past_the_edge(pdfs[0]) == []


def _chromium():
    import shutil as _shutil

    path = _shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.skip("chromium is not installed")
    return pytest.importorskip("playwright.sync_api"), path


@pytest.mark.browser
@pytest.mark.kernel
def test_no_script_runs_and_no_dangerous_link_lives_on_any_page_and_text_is_literal(
    hostile_report,
):
    """Every page of the report in Chromium: no dialog (every payload's script would open one),
    no link, frame or image with a scheme other than http(s) and the report's own files, no
    page wider than the window (a long word breaks), and the name as the case page's heading."""
    sync_api, chromium = _chromium()
    report, _, name = hostile_report
    dialogs: list[str] = []
    problems: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        pages = sorted(report.glob("*.html"))
        assert any(p.name == f"04_case__{CASE_ID}.html" for p in pages)
        for html in pages:
            page.goto(html.as_uri())
            page.wait_for_load_state("load")
            page.wait_for_timeout(50)  # an onerror handler fires once the image has failed
            # every address on the page, but the figures the report embeds (data:image/png)
            schemes = page.evaluate(
                """() => [...document.querySelectorAll('[href],[src],[action],[formaction]')]
                    .map(e => String(e.href || e.src || e.action || e.formAction || ''))
                    .filter(u => !(/^data:image\\/(png|svg\\+xml);/.test(u)))
                    .map(u => u.split(':')[0].toLowerCase())"""
            )
            bad = sorted({s for s in schemes if s not in ("http", "https", "file", "")})
            if bad:
                problems.append(f"{html.name}: links with scheme {bad}")
            too_wide = page.evaluate(
                "() => document.documentElement.scrollWidth > window.innerWidth + 1"
            )
            if too_wide:
                problems.append(f"{html.name}: wider than the window")
        page.goto((report / f"04_case__{CASE_ID}.html").as_uri())
        heading = page.locator("article h1, main h1").first.inner_text()
        browser.close()
    assert dialogs == [], f"script ran: {dialogs}"
    assert problems == []
    assert " ".join(name.split()) in " ".join(heading.split())


def test_the_site_pages_keep_data_on_one_line_and_escaped_in_each_context():
    """The front page's MyST source: a title with a blank line and a directive stays inside its
    raw HTML block (one line, escaped); a caption cannot end its option or start a comment."""
    from analysis.report.site import _environment, directive_option, md_escape

    title = "Leak\n\n```{include} /etc/passwd\n```\n<script>alert(1)</script>"
    html = str(_environment().from_string("<li>{{ t|html }}</li>").render(t=title))
    assert "\n" not in html and "<script>" not in html and "&lt;script&gt;" in html
    assert md_escape("{include}`x` [a](javascript:b)") == (
        "\\{include\\}\\`x\\` \\[a\\]\\(javascript\\:b\\)"
    )
    assert str(directive_option("it's #1\n:maxdepth: 9")) == "'it''s #1 :maxdepth: 9'"
