"""One PDF of the whole edition, printed by a Chromium-based browser (Chromium, Chrome or Edge)
from the single page Sphinx writes of the site (the singlehtml builder, with print.css).

The browser is the system's: `CLUSTER_REPORT_BROWSER` names one, else the usual commands and
install locations are tried (Debian's `chromium`, Chrome, and Edge, which every Windows desktop
has). Without one, the build says so in one line and the site has no PDF.

The page numbers of the table of contents need a second print: the first tells on which page
each section starts (the PDF's named destinations of the contents' links, read with pypdf).
Only the front (title page and contents) is printed again, with the numbers in place and the
total in its footers, and its pages take the place of the first print's (pikepdf): the space
the numbers take is reserved in the first print, so no page moves and the contents' links stay
as they were. Should the front not come out with as many pages as before the first section,
the whole page is printed again instead.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from analysis.compute.parameters import DEFAULT_PDF_TIMEOUT
from analysis.report.guard import CANNOT_START, end_group

BROWSER_ENV = "CLUSTER_REPORT_BROWSER"
COMMANDS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "msedge")
INSTALLED = (
    r"%ProgramFiles(x86)%\Microsoft\Edge\Application\msedge.exe",
    r"%ProgramFiles%\Microsoft\Edge\Application\msedge.exe",
    r"%ProgramFiles%\Google\Chrome\Application\chrome.exe",
    r"%LocalAppData%\Google\Chrome\Application\chrome.exe",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
)
PRINT_TIMEOUT = DEFAULT_PDF_TIMEOUT  # seconds for one print (--pdf-timeout)
NO_BROWSER = f"no Chromium, Chrome or Edge found (install one, or name it in {BROWSER_ENV})"


class PdfError(Exception):
    """No PDF could be made; the message is one line."""


def find_browser() -> str | None:
    """The browser to print with, or None."""
    named = os.environ.get(BROWSER_ENV)
    if named:
        return shutil.which(named) or (named if Path(named).is_file() else None)
    for command in COMMANDS:
        found = shutil.which(command)
        if found:
            return found
    for path in INSTALLED:
        expanded = os.path.expandvars(path)
        if "%" not in expanded and Path(expanded).is_file():
            return expanded
    return None


def print_to_pdf(browser: str, page: Path, pdf: Path, profile: Path, timeout: float) -> None:
    """Print `page` to `pdf` with the browser in headless mode (its own throw-away profile, no
    header or footer of its own: print.css numbers the pages). The browser runs under a guard
    (analysis.report.guard) that ends it and its children with the build, even a killed one;
    one that cannot start, hangs past `timeout` seconds or fails is a PdfError."""
    if not os.access(browser, os.X_OK):
        raise PdfError(f"{browser} is not a program this user may run")
    command = [
        browser,
        "--headless",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--disable-background-networking",
        "--no-pdf-header-footer",
        f"--user-data-dir={profile}",
        f"--print-to-pdf={pdf}",
        page.as_uri(),
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
    pdf.unlink(missing_ok=True)
    errors = profile.parent / f"{pdf.stem}.guard.log"
    with errors.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "analysis.report.guard", str(os.getpid()), *command],
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=os.name == "posix",
            creationflags=getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0),
        )
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise PdfError(
                f"{Path(browser).name} did not finish printing within {timeout:g} s (--pdf-timeout)"
            ) from None
        finally:
            end_group(process)  # the browser's children too, whatever happened
    said = errors.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    if process.returncode == CANNOT_START and said:
        raise PdfError(said[-1])
    if process.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        raise PdfError(
            f"{Path(browser).name} could not print {page.name} (exit {process.returncode})"
        )


def read_pdf(pdf: Path, browser: str) -> Any:
    """The printed PDF, read with pypdf; one the browser wrote broken is a PdfError."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(pdf)
        len(reader.pages)  # reading the page tree finds most damage at once
    except Exception as exc:  # pypdf raises many kinds on a damaged file; all mean the same here
        raise PdfError(
            f"{Path(browser).name} wrote a PDF that cannot be read ({type(exc).__name__})"
        ) from None
    return reader


def section_pages(reader: Any) -> dict[str, int]:
    """The page (1-based) each section starts on, by its document name, from the PDF's named
    destinations (document-<name>, the anchors of the singlehtml page)."""
    pages: dict[str, int] = {}
    for name, destination in reader.named_destinations.items():
        name = name.lstrip("/")  # PDF names: /document-05_comparison
        if name.startswith("document-"):
            index = reader.get_destination_page_number(destination)
            if index is not None:
                pages[name.removeprefix("document-")] = index + 1
    return pages


TOC_ENTRY = re.compile(r'<span class="page" data-doc="([^"]+)"></span>')


def fill_contents(page: Path, numbers: dict[str, int]) -> None:
    """Write each section's page number into the table of contents of the print page."""
    text = page.read_text(encoding="utf-8")

    def number(match: re.Match[str]) -> str:
        found = numbers.get(match.group(1))
        return f'<span class="page" data-doc="{match.group(1)}">{found or ""}</span>'

    page.write_text(TOC_ENTRY.sub(number, text), encoding="utf-8")


def make_pdf(
    page: Path,
    pdf: Path,
    scratch: Path,
    timeout: float = PRINT_TIMEOUT,
    browser: str | None = None,
) -> int:
    """Print the single page of the edition to `pdf` (then its front again: the contents' page
    numbers) with `browser` (by default the one `find_browser` finds); returns its page count.
    Each print may take `timeout` seconds."""
    browser = browser or find_browser()
    if browser is None:
        raise PdfError(NO_BROWSER)
    scratch.mkdir(parents=True, exist_ok=True)
    first = scratch / "first.pdf"
    print_to_pdf(browser, page, first, scratch / "profile", timeout)
    reader = read_pdf(first, browser)
    try:
        numbers = section_pages(reader)
    except Exception as exc:  # a readable file whose destinations are damaged
        raise PdfError(
            f"{Path(browser).name} wrote a PDF that cannot be read ({type(exc).__name__})"
        ) from None
    fill_contents(page, numbers)
    total = len(reader.pages)
    front_pages = min(numbers.values(), default=1) - 1  # the pages before the first section
    front = page.with_name("front.html")
    front.write_text(front_only(page.read_text(encoding="utf-8"), total), encoding="utf-8")
    front_pdf = scratch / "front.pdf"
    print_to_pdf(browser, front, front_pdf, scratch / "profile", timeout)
    if front_pages > 0 and len(read_pdf(front_pdf, browser).pages) == front_pages:
        replace_front(first, front_pdf, pdf)
    else:  # the front did not come out as in the first print: print the whole page again
        print_to_pdf(browser, page, pdf, scratch / "profile", timeout)
    return len(read_pdf(pdf, browser).pages)


# Printed alone, the front keeps its layout (everything after the contents is hidden, nothing
# before it moves) and its footers name the whole PDF's page count.
FRONT_STYLE = (
    "<style>nav.print-toc ~ * {{ display: none !important; }}"
    '@page {{ @bottom-center {{ content: counter(page) " / {total}"; }} }}'
    "@page :first {{ @bottom-center {{ content: none; }} }}</style>"
)


CONTENTS = '<nav class="print-toc">'


def front_only(html: str, total: int) -> str:
    """The print page as its front alone: title page and contents, footers of `total` pages.
    The page ends after the contents (the browser closes what is left open), so that the
    browser does not read the whole report again only to hide it: 0.7 s instead of 1.6 s for
    the benchmark's front."""
    html = html.replace("</head>", FRONT_STYLE.format(total=int(total)) + "</head>", 1)
    start = html.find(CONTENTS)
    end = html.find("</nav>", start) if start >= 0 else -1
    return html[: end + len("</nav>")] if end >= 0 else html


def replace_front(whole: Path, front: Path, out: Path) -> None:
    """Write `whole` to `out` with its first pages' content replaced by those of `front` (same
    size and layout): each page keeps its own links, the rest of the PDF is untouched."""
    import pikepdf

    try:
        with pikepdf.open(whole) as target, pikepdf.open(front) as source:
            for number, page in enumerate(source.pages):
                into = target.pages[number].obj
                into.Contents = target.copy_foreign(page.obj.Contents)
                into.Resources = target.copy_foreign(source.make_indirect(page.obj.Resources))
            target.save(out)
    except pikepdf.PdfError as exc:  # a printed file qpdf cannot take apart
        out.unlink(missing_ok=True)
        raise PdfError(
            f"the printed pages could not be put together ({type(exc).__name__})"
        ) from None
