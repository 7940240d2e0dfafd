"""Finds text that overlaps in a drawn matplotlib figure: tick labels (those in view), axis
labels, titles, annotations, figure-level texts and legends (each legend as one box)."""

from __future__ import annotations

import itertools

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text


def _in_view(axis, label: Text) -> bool:
    low, high = sorted(axis.get_view_interval())
    position = label.get_position()[0 if axis.axis_name == "x" else 1]
    return low - 1e-9 <= position <= high + 1e-9


def drawn_texts(fig: Figure) -> list[Text]:
    texts: list[Text] = list(fig.texts)
    for sub in (fig._suptitle, fig._supxlabel, fig._supylabel):
        if sub is not None:
            texts.append(sub)
    for ax in fig.axes:
        texts += [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label]
        texts += ax.texts
        for axis in (ax.xaxis, ax.yaxis):
            texts += [t for t in axis.get_ticklabels() if _in_view(axis, t)]
    unique = list({id(t): t for t in texts}.values())  # a figure's suptitle is also in .texts
    return [t for t in unique if t.get_visible() and t.get_text().strip()]


def overlapping_texts(fig: Figure, tolerance: float = 1.0) -> list[tuple[str, str]]:
    """Pairs of texts whose boxes overlap by more than `tolerance` pixels both ways."""
    FigureCanvasAgg(fig)
    fig.draw_without_rendering()  # the layout, where every text lands, without the pixels
    renderer = fig.canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in drawn_texts(fig)]
    # a legend counts as one box (its entries, markers and frame) against every other text
    legends = [*fig.legends, *(ax.get_legend() for ax in fig.axes if ax.get_legend())]
    boxes += [("(legend)", legend.get_window_extent(renderer)) for legend in legends]
    found = []
    for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
        width = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
        height = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
        if width > tolerance and height > tolerance:
            found.append((a[:40], b[:40]))
    return found
