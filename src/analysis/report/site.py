"""The dated report as a site: Sphinx with MyST-NB and the book theme renders the executed
notebooks (their code folded away above each output, "Vis kode"; each page links its
notebook) with a sidebar of contents on every page, previous/next links, offline search, a
provenance page and an about page.

Why Sphinx rather than our own pages: the sidebar, the navigation, the search index and the
single page the PDF is printed from all come with it; for the whole benchmark's pages it takes
about 10 s, written while the PDF prints (benchmarks/bench_build.py measures it). One page per
section, its code folded on it, rather than a second page with code for each: Sphinx's time
grows with the square of the pages (every page's sidebar lists them all), and the second pages
took it from 10 to 23 s.

Sphinx runs in a child process (its extensions register themselves globally, once per process)
on copies of the executed notebooks in a hidden source folder of the build's work folder, and
writes into a folder of its own there, whose pages are then moved up into the work folder; the
sources, the doctrees and Sphinx's folders are removed before the report is placed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
import markupsafe
import nbformat

import analysis.lean_imports
from analysis.presentation.display import number
from analysis.presentation.labels import label
from analysis.report.index import Part, Section, readable_parameters

if TYPE_CHECKING:
    from analysis.report.manifest import Manifest

TEMPLATES = Path(__file__).with_name("templates")
SPHINX_CONF = TEMPLATES / "sphinx"
SOURCE = ".site"  # the site's sources, inside the work folder
# The build's logs (workers, Sphinx): they name the machine's paths, so they stay out of the
# published report: a finished build moves them beside it (<out>/.<folder>.logs), a failed one
# keeps them in <folder>.failed.
LOGS = ".logs"
DOCTREES = ".doctrees"
SITE_OUT = ".sphinx"  # Sphinx's output folders (html/, print/), inside the work folder
NOTEBOOK_ONLY = "notebook-only"  # the tag of a narrative cell for notebook users only
EXTRA_PAGES = {"provenance": "prov.title", "about": "index.about"}  # page -> its title's label
LEAN_IMPORTS = str(Path(analysis.lean_imports.__file__).resolve())
# a Sphinx run in the background: the processor's time goes first to the others (this much
# nicer than the build, at most the lowest priority, 19)
BACKGROUND_NICENESS = 10
BELOW_NORMAL = getattr(subprocess, "BELOW_NORMAL_PRIORITY_CLASS", 0)  # Windows' counterpart
SPHINX_TIMEOUT = 600  # seconds; the whole benchmark's site takes about 10


class SiteError(Exception):
    """The site could not be built; the message is one line."""


PUNCTUATION = set("\\`*_{}[]()#+-.!|<>&$%~^:\"'=;,/?@")


def one_line(text: object) -> str:
    """Text on one line: every run of whitespace (line breaks of every kind included) one space.
    Data cannot hold line breaks in one-line fields; this keeps a page's markup whole even so."""
    return " ".join(str(text).split())


def md_escape(text: object) -> str:
    """Text as literal Markdown (MyST) inline text: on one line, every ASCII punctuation
    character backslash-escaped, so that no role, directive, link, HTML or emphasis starts."""
    return "".join("\\" + c if c in PUNCTUATION else c for c in one_line(text))


def _environment() -> jinja2.Environment:
    """Jinja for the site's MyST pages. Data reaches them only through three filters, one per
    context: `html` (inside a raw HTML block: escaped, on one line, since a blank line would end
    the block and let MyST read the rest), `md` (Markdown text: every punctuation character
    escaped) and `option` (a directive's option value: one line; Sphinx escapes it)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES / "site"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["html"] = html_text
    env.filters["md"] = lambda text: markupsafe.Markup(md_escape(text))
    env.filters["option"] = directive_option
    return env


def html_text(text: object) -> markupsafe.Markup:
    """Text for a raw HTML block of a MyST page: one line, HTML-escaped."""
    return markupsafe.escape(one_line(text))


def directive_option(text: object) -> markupsafe.Markup:
    """Text as the value of a directive's option (a toctree's caption): one line, quoted as a
    single-quoted scalar (MyST reads options like YAML: a bare '#' would start a comment, a
    leading '|' or quote change the value), and not HTML-escaped: Sphinx escapes it."""
    return markupsafe.Markup("'" + one_line(text).replace("'", "''") + "'")


def image_alt_text(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Each figure's numbered caption as its image's alternative text on the site: the notebook
    keeps it in the output's metadata, MyST-NB reads it from the cell's (mystnb.image.alt)."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            alt = output.get("metadata", {}).get("image/png", {}).get("alt")
            if alt:
                cell.metadata.setdefault("mystnb", {})["image"] = {"alt": one_line(alt)}
    return nb


def page_notebook(work: Path, section: Section, lang: str) -> nbformat.NotebookNode:
    """The site's copy of an executed notebook: its title the section's (a case notebook's
    heading names its case), under it a link to the notebook, and its code folded away on the
    page ("Vis kode" above a cell's output opens it; the setup cells without output, one fold
    for each run of them), as are the notes for notebook users (which parameter to set): a
    reader sees the report, and whoever wants the code finds it where its output is. The print
    leaves both out (PRINT_SETTINGS in build.py, print.css)."""
    nb = image_alt_text(nbformat.read(work / "notebooks" / f"{section.name}.ipynb", as_version=4))
    cells: list[nbformat.NotebookNode] = []
    for cell in nb.cells:
        tags = cell.metadata.setdefault("tags", [])
        if cell.cell_type == "code":
            previous = cells[-1] if cells else None
            if (
                not cell.get("outputs")
                and previous is not None
                and previous.cell_type == "code"
                and not previous.get("outputs")
            ):
                previous.source = f"{previous.source.rstrip()}\n\n{cell.source}"
                continue
            tags.append("hide-input")
        elif NOTEBOOK_ONLY in tags:
            cell.source = fold(cell.source, label("site.for_notebook_users", lang))
        cells.append(cell)
    nb.cells = cells
    return _with_title_and_link(nb, md_escape(section.title), section.name, lang)


def fold(markdown: str, summary: str) -> str:
    """Markdown of our own notebooks (never data) folded under `summary` (a label of ours,
    escaped all the same): shown on the site when opened, left out of the print."""
    return (
        f'<details class="{NOTEBOOK_ONLY}"><summary>{markupsafe.escape(summary)}</summary>'
        f"\n\n{markdown.strip()}\n\n</details>"
    )


def _with_title_and_link(
    nb: nbformat.NotebookNode, title: str, name: str, lang: str
) -> nbformat.NotebookNode:
    """`nb` with `title` (Markdown, escaped) as its first heading, or a heading of its own
    where it has none, and under it the link to the section's notebook."""
    titled = False
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("# "):
            rest = cell.source.split("\n", 1)[1] if "\n" in cell.source else ""
            cell.source = f"# {title}\n{rest}"
            titled = True
            break
    link = nbformat.v4.new_markdown_cell(
        f'<p class="page-links"><a href="notebooks/{name}.ipynb">{label("site.notebook", lang)}</a></p>'
    )
    first = next((i for i, c in enumerate(nb.cells) if c.cell_type == "markdown"), -1)
    nb.cells.insert(first + 1, link)
    if not titled:
        nb.cells.insert(0, nbformat.v4.new_markdown_cell(f"# {title}"))
    return nb


def toctrees(parts: list[Part], lang: str) -> list[tuple[str, list[str]]]:
    """The front page's tables of contents: the chapters, each group of case sections under its
    heading, the comparison, then the pages on provenance and the build."""
    trees: list[tuple[str, list[str]]] = []
    seen_cases = False
    for part in parts:
        if part.heading is not None:
            seen_cases = True
            trees.append((part.heading, [s.name for s in part.sections]))
            continue
        caption = label("site.comparison" if seen_cases else "site.chapters", lang)
        if trees and trees[-1][0] == caption:
            trees[-1][1].extend(s.name for s in part.sections)
        else:
            trees.append((caption, [s.name for s in part.sections]))
    trees.append((label("site.edition", lang), list(EXTRA_PAGES)))
    return trees


def write_sources(
    work: Path,
    parts: list[Part],
    lang: str,
    date: str,
    manifest: Manifest,
    pdf: str | None,
) -> None:
    """The site's sources in work/.site: the notebooks' copies and the Markdown pages."""
    (work / SOURCE).mkdir(exist_ok=True)
    for section in (s for p in parts for s in p.sections):
        text = nbformat.writes(page_notebook(work, section, lang))
        (work / SOURCE / f"{section.name}.ipynb").write_text(text, encoding="utf-8")
    write_pages(work, parts, lang, date, manifest, pdf)


def write_pages(
    work: Path,
    parts: list[Part],
    lang: str,
    date: str,
    manifest: Manifest,
    pdf: str | None,
) -> None:
    """The site's Markdown pages (front page, provenance, about), which link the PDF when there
    is one. A page whose text is unchanged is not written again, so that Sphinx does not read
    it again."""
    sections = [s for p in parts for s in p.sections]

    def t(key: str) -> str:
        return label(key, lang)

    def seconds(value: float) -> str:
        return f"{number(value, lang, 1)} s"

    common = {"t": t, "seconds": seconds, "lang": lang, "date": date, "pdf": pdf}
    env = _environment()
    pages = {
        "index": env.get_template("index.md.j2").render(
            title=t("index.title"),
            version=manifest["data"]["version"],
            # a CSS string of our own label (the PDF's running footer): quotes and backslashes
            # escaped for CSS, then HTML-escaped by the template
            page_footer=t("site.page_footer").replace("\\", "\\\\").replace('"', '\\"'),
            parts=parts,
            toctrees=toctrees(parts, lang),
            extra=[(name, t(key)) for name, key in EXTRA_PAGES.items()],
            **common,
        ),
        "provenance": env.get_template("provenance.md.j2").render(**common),
        "about": env.get_template("about.md.j2").render(
            manifest=manifest,
            parameters=readable_parameters(manifest["parameters"], lang),
            sections=sections,
            **common,
        ),
    }
    for name, text in pages.items():
        path = work / SOURCE / f"{name}.md"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


class SphinxRun:
    """Sphinx on work/.site in a child process, started when made; `wait` for its end, where a
    failure raises SiteError with the log's last error line (the whole log:
    work/.logs/sphinx-<builder>.log, kept beside the report, never in it)."""

    def __init__(
        self,
        work: Path,
        builder: str,
        out: Path,
        lang: str,
        overrides: dict[str, str] | None = None,
        background: bool = False,
    ) -> None:
        log_dir = work / LOGS
        log_dir.mkdir(exist_ok=True)
        self.builder = builder
        self.log = log_dir / f"sphinx-{builder}.log"
        settings = {
            "language": lang,
            "html_title": label("index.title", lang),
            "project": label("index.title", lang),
            # the fold over a cell's code ("{type}" would add MyST-NB's English "source")
            "nb_code_prompt_show": label("site.show_code", lang),
            "nb_code_prompt_hide": label("site.hide_code", lang),
            **(overrides or {}),
        }
        # `python -m sphinx`, without the second of imports that jsonschema spends on a check
        # nothing here uses (analysis/lean_imports.py)
        command = [sys.executable, "-P", LEAN_IMPORTS, "sphinx", "-b", builder, "-q"]
        command += ["-c", str(SPHINX_CONF)]
        if hasattr(os, "fork"):  # Sphinx reads in parallel by forking (a third faster here)
            command += ["-j", "auto"]
        # each builder its own doctrees (their settings differ, so nothing would be shared),
        # so that the site and the print page can be read at the same time
        command += ["-d", str(work / DOCTREES / builder)]
        for key, value in settings.items():
            command += ["-D", f"{key}={value}"]
        command += [str(work / SOURCE), str(out)]
        footer = markupsafe.escape(label("site.footer", lang))
        env = {
            **os.environ,
            "PYTHONWARNINGS": "ignore",
            "SOURCE_DATE_EPOCH": "0",
            "EDITION_FOOTER": f"<p>{footer}</p>",
        }
        with self.log.open("w", encoding="utf-8") as stream:
            self.process = subprocess.Popen(
                command,
                stdout=stream,
                stderr=subprocess.STDOUT,
                env=env,
                creationflags=BELOW_NORMAL if background else 0,  # 0 where not Windows
            )
        if background and hasattr(os, "setpriority"):
            # before Sphinx has forked its readers, which inherit it
            with contextlib.suppress(OSError):
                own = os.getpriority(os.PRIO_PROCESS, 0)
                niceness = min(own + BACKGROUND_NICENESS, 19)
                os.setpriority(os.PRIO_PROCESS, self.process.pid, niceness)

    def wait(self) -> None:
        try:
            code = self.process.wait(timeout=SPHINX_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise SiteError(f"sphinx ({self.builder}) ran longer than {SPHINX_TIMEOUT} s") from None
        finally:
            self.stop()
        if code != 0:
            lines = [ln for ln in self.log.read_text(encoding="utf-8").splitlines() if ln.strip()]
            errors = (
                [ln for ln in lines if "ERROR" in ln or "Error" in ln] or lines or ["no output"]
            )
            raise SiteError(f"sphinx ({self.builder}) failed: {errors[-1].strip()}")

    def stop(self) -> None:
        """End Sphinx if it still runs (the build was interrupted or failed meanwhile)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def site_out(work: Path) -> Path:
    """Where Sphinx writes the site's pages (MyST-NB puts its copies beside this folder)."""
    return work / SITE_OUT / "html"


def start_site(work: Path, lang: str, background: bool = True) -> SphinxRun:
    """Start writing the site's pages from the sources (`write_sources`), by default in the
    background: the PDF's steps (the print page, then the browser) come one after the other
    and take longer, so they go first and the site takes the processor time they leave (the
    edition of the whole benchmark: 20.5 -> 19.0 s)."""
    return SphinxRun(work, "html", site_out(work), lang, background=background)


def publish_site(work: Path) -> None:
    """Move the site's pages from Sphinx's folder up into the work folder (index.html is its
    entry page), without what a reader does not need."""
    out = site_out(work)
    for leftover in (".buildinfo", "objects.inv", "_sources"):
        target = out / leftover
        shutil.rmtree(target) if target.is_dir() else target.unlink(missing_ok=True)
    for entry in out.iterdir():
        entry.rename(work / entry.name)
    shutil.rmtree(work / SITE_OUT)
