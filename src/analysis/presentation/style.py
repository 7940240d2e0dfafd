"""One plotting style for every figure: colour-blind-safe colours, a font with æ, ø, å, and
settings that make saved SVG and PNG files byte-for-byte reproducible."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import matplotlib as mpl
from cycler import cycler

# Okabe & Ito (2008), safe for the common forms of colour blindness.
PALETTE = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}
# Black is kept for highlighting (a focal organisation), so it is not among the series colours.
SERIES = ["blue", "orange", "green", "vermillion", "sky", "purple", "yellow"]
SOURCE_HATCH = {"report": "", "derived": "//", "external": "xx", "own": "..", "missing": ""}
SOURCE_LINESTYLE = {"report": "-", "derived": "-", "external": "--", "own": "-.", "missing": ":"}

RC: Any = {  # Any: matplotlib types rcParams keys as literals, this is a plain dict
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],  # bundled with matplotlib; has Danish letters
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": cycler(color=[PALETTE[c] for c in SERIES]),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "svg.fonttype": "none",  # text stays text: smaller files, searchable, faster to write
    "svg.hashsalt": "cluster-report",  # fixed ids in SVG output: same input, same bytes
    "hatch.linewidth": 0.8,
    # Names from the data are drawn literally: "$...$" in a name is text, not mathematics.
    "text.parse_math": False,
}

PNG_METADATA = {"Software": None}  # no version string in the PNG
SVG_METADATA = {"Date": None}  # no timestamp in the SVG


def colour(index: int) -> str:
    return PALETTE[SERIES[index % len(SERIES)]]


@contextmanager
def style() -> Iterator[None]:
    """Draw inside the project style without changing the caller's global settings."""
    with mpl.rc_context(RC):
        yield
