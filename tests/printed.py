"""A printed PDF as the tests read it: each page's text, its images and where each run of text
starts and ends.

Poppler's pdftotext reads the text where it is installed (Debian's poppler-utils; .ci/run
installs it with Chromium): the benchmark's 283 pages in about 2.5 s, where pypdf, which reads
it otherwise, takes 15-25 s (Chromium writes a string per run of glyphs, which pypdf parses in
Python). The images are counted from each page's resources with pypdf either way.
"""

from __future__ import annotations

import functools
import html
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pypdf


@dataclass(frozen=True)
class PrintedPage:
    text: str  # each line without its indentation
    images: int
    # (x where a run of text starts, x where it ends, the text); pdftotext gives words and
    # their ends, pypdf runs of text and a low estimate of their ends
    runs: tuple[tuple[float, float, str], ...]
    width: float


@functools.lru_cache(maxsize=4)
def printed(pdf: Path) -> tuple[PrintedPage, ...]:
    """Every page of a PDF, read once."""
    reader = pypdf.PdfReader(pdf)
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        texts, runs = _poppler_pages(pdftotext, pdf)
    else:
        texts, runs = _pypdf_pages(reader)
    return tuple(
        PrintedPage(
            "\n".join(line.strip() for line in text.splitlines()),
            images(page),
            page_runs,
            float(page.mediabox.width),
        )
        for text, page_runs, page in zip(texts, runs, reader.pages, strict=True)
    )


Runs = tuple[tuple[float, float, str], ...]
WORD = re.compile(r'<word xMin="([-\d.]+)"[^>]*xMax="([-\d.]+)"[^>]*>([^<]*)</word>')


def _poppler_pages(pdftotext: str, pdf: Path) -> tuple[list[str], list[Runs]]:
    """Each page's text as laid out (a contents line keeps its page number), and where each
    word starts and ends (pdftotext -bbox). pdftotext leaves out text outside a page, so the
    words are read from a copy whose pages are three times as wide (a page's width more on
    each side) and placed back: text past either edge is found, as pypdf finds it."""
    import pikepdf

    def run(source: Path, *options: str) -> str:
        command = [pdftotext, "-enc", "UTF-8", *options, str(source), "-"]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout

    texts = run(pdf, "-layout").split("\f")[:-1]  # a form feed ends each page
    with tempfile.TemporaryDirectory() as scratch:
        wide = Path(scratch) / "wide.pdf"
        lefts = []
        with pikepdf.open(pdf) as document:
            for page in document.pages:
                x0, y0, x1, y1 = (float(v) for v in page.mediabox)
                page.mediabox = pikepdf.Array([x0 - (x1 - x0), y0, x1 + (x1 - x0), y1])
                if "/CropBox" in page.obj:
                    del page.obj["/CropBox"]
                lefts.append(x1 - x0)  # where the page's own left edge is in the copy
            document.save(wide)
        pages = run(wide, "-bbox").split("<page ")[1:]
    words = [
        tuple(
            (float(start) - left, float(end) - left, html.unescape(word))
            for start, end, word in WORD.findall(page)
        )
        for page, left in zip(pages, lefts, strict=True)
    ]
    return texts, words


def _pypdf_pages(reader: pypdf.PdfReader) -> tuple[list[str], list[Runs]]:
    texts, runs = [], []
    for page in reader.pages:
        found: list[tuple[float, float, str]] = []

        def visit(text, cm, tm, font, size, found=found):
            if text.strip():
                start = tm[4] * cm[0] + cm[4]
                # a glyph of a sans font is at least about 0.4 em wide: a low estimate of the end
                end = start + len(text.rstrip()) * size * tm[0] * cm[0] * 0.4
                found.append((start, end, text))

        texts.append(page.extract_text(visitor_text=visit) or "")
        runs.append(tuple(found))
    return texts, runs


def images(page: pypdf.PageObject | pypdf.generic.DictionaryObject) -> int:
    """The images a page (or a form on it) draws, counted from its resources: what
    `len(page.images)` gives, without decoding every image (a third of pypdf's reading time)."""
    resources = page.get("/Resources")
    objects = resources.get_object().get("/XObject") if resources is not None else None
    count = 0
    for ref in (objects.get_object() if objects is not None else {}).values():
        found = ref.get_object()
        if found.get("/Subtype") == "/Image":
            count += 1
        elif found.get("/Subtype") == "/Form":
            count += images(found)
    return count
