"""One PDF of the whole edition, printed by a Chromium-based browser (Chromium, Chrome or Edge)
from the single page Sphinx writes of the site (the singlehtml builder, with print.css).

The browser is the system's: `CLUSTER_REPORT_BROWSER` names one, else the usual commands and
install locations are tried (Debian's `chromium`, Chrome, and Edge, which every Windows desktop
has). Without one, the build says so in one line and the site has no PDF.

The page numbers of the table of contents need two prints: the first tells on which page each
section starts (the PDF's named destinations of the contents' links, read with pypdf), the
second prints the numbers in place; the space they take is reserved in the first, so the pages
do not move.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from pathlib import Path

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
PRINT_TIMEOUT = 300  # seconds for one print; the whole benchmark takes about 10


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


def print_to_pdf(browser: str, page: Path, pdf: Path, profile: Path) -> None:
    """Print `page` to `pdf` with the browser in headless mode (its own throw-away profile, no
    header or footer of its own: print.css numbers the pages)."""
    command = [
        browser,
        "--headless",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--no-pdf-header-footer",
        f"--user-data-dir={profile}",
        f"--print-to-pdf={pdf}",
        page.as_uri(),
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
    pdf.unlink(missing_ok=True)
    process = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=os.name == "posix",
    )
    try:
        process.wait(timeout=PRINT_TIMEOUT)
    except BaseException:
        _stop(process)
        raise
    finally:
        if process.poll() is None:
            _stop(process)
    if process.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        raise PdfError(
            f"{Path(browser).name} could not print {page.name} (exit {process.returncode})"
        )


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End the browser and every process it started."""
    try:
        if os.name == "posix":
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()


def section_pages(pdf: Path) -> dict[str, int]:
    """The page (1-based) each section starts on, by its document name, from the PDF's named
    destinations (document-<name>, the anchors of the singlehtml page)."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
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


def make_pdf(page: Path, pdf: Path, scratch: Path) -> int:
    """Print the single page of the edition to `pdf` (two prints: the contents' page numbers);
    returns its page count."""
    browser = find_browser()
    if browser is None:
        raise PdfError(
            f"no Chromium, Chrome or Edge found (install one, or name it in {BROWSER_ENV})"
        )
    from pypdf import PdfReader

    scratch.mkdir(parents=True, exist_ok=True)
    first = scratch / "first.pdf"
    print_to_pdf(browser, page, first, scratch / "profile")
    fill_contents(page, section_pages(first))
    print_to_pdf(browser, page, pdf, scratch / "profile")
    return len(PdfReader(pdf).pages)
