"""Paper put round a page whose print runs to the image's edge, before it is turned and squared.

A phone scanner app cuts the sheet out at the corners it detects, off by a percent or two, and a sheet cut inside
its margin keeps a table's outer rule in the image's outermost pixels. Deskewing turns the page, and squaring it
by its rules warps it, within the image's own size: print that close to an edge is turned out of the frame
there, the table's outer rule is lost along that stretch, and its last column's cells are open to the page
(two rows' values read as one cell, ``6`` over ``0`` as ``60``). A margin of paper round such a page keeps it in.
"""

from __future__ import annotations

import numpy as np

from .faxlines import MIN_PAGE_INCH

#: Print this close to an image's edge (inches) runs to the edge.
EDGE_INCH = 0.03
#: ...when it is a rule along the edge: ink this long (inches) in one row or column of the edge band.
RULE_INCH = 0.3
#: Paper added on every side (inches): more than a 3° turn moves a page's corner pixels on an A4 page.
MARGIN_INCH = 0.3
#: Ink, on the page's 0–255 grey.
INK_GREY = 128


def with_margin(gray: np.ndarray, dpi: float) -> tuple[np.ndarray, int]:
    """``gray`` with a margin of its paper on every side when a rule runs along one of its edges (:func:`edge_rule`),
    and the margin's width (pixels; 0, the page as given, when there is none)."""
    if not edge_rule(gray, dpi):
        return gray, 0
    pad = round(MARGIN_INCH * dpi)
    paper = int(np.percentile(gray[::4, ::4], 90))
    return np.pad(gray, pad, mode="constant", constant_values=paper), pad


def edge_rule(gray: np.ndarray, dpi: float) -> bool:
    """Whether a rule runs along an edge of ``gray``: ink RULE_INCH long down a column of the outermost EDGE_INCH
    at the left or right, or along a row of it at the top or bottom (a character's stroke is shorter). Only a whole
    page (MIN_PAGE_INCH each way) has edges of its own: a crop of one is cut through its rules."""
    if min(gray.shape) < MIN_PAGE_INCH * dpi:
        return False
    band, rule = max(1, round(EDGE_INCH * dpi)), round(RULE_INCH * dpi)
    ink = gray < INK_GREY
    sides = (ink[:, :band].T, ink[:, -band:].T, ink[:band], ink[-band:])
    return any(_longest_run(side) >= rule for side in sides)


def _longest_run(lines: np.ndarray) -> int:
    """The longest run of True along any row of ``lines``."""
    best = 0
    for line in lines:
        edges = np.flatnonzero(np.diff(np.concatenate(([0], line.astype(np.int8), [0]))))
        if edges.size:
            best = max(best, int((edges[1::2] - edges[::2]).max()))
    return best
