"""The blank figure every chart starts from, its title, and its rendering to PNG or SVG bytes.

Figures are matplotlib `Figure` objects (no pyplot state, no backend forced), so JupyterLab keeps
its inline display and the report build renders the same objects to files.
"""

from __future__ import annotations

import io

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analysis.presentation.style import PNG_METADATA, SVG_METADATA, style


def new_figure(width: float, height: float) -> Figure:
    return Figure(figsize=(width, height), layout="constrained")


def figure_title(fig: Figure, text: str) -> None:
    """Figure title flush left over the whole figure (axis labels included)."""
    fig.suptitle(text, x=0.01, ha="left", fontsize=12, fontweight="bold")


def render(fig: Figure, fmt: str) -> bytes:
    """The figure as PNG or SVG bytes, reproducibly (no dates or versions embedded).

    The first rendering lays the figure out; later ones keep that layout instead of computing
    it again (the PNG and SVG of a figure are the same drawing).
    """
    buffer = io.BytesIO()
    metadata = PNG_METADATA if fmt == "png" else SVG_METADATA
    with style():
        fig.savefig(buffer, format=fmt, metadata=metadata)
    fig.set_layout_engine("none")
    return buffer.getvalue()


NA_COLOUR = "#555555"  # grey: a value that is not known


def na_note(ax: Axes, x: float, y: float, text: str, size: float = 8, ha: str = "left") -> None:
    """Write that a value is unknown ('n/a') where its bar, dot or cell would be: small grey
    italics, the same in every figure."""
    ax.text(x, y, text, ha=ha, va="center", color=NA_COLOUR, fontsize=size, style="italic")
