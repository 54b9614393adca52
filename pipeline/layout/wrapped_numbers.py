"""Numbers wrapped over two lines of their cell in a table printed without rules, found by their geometry.

A table sized from its content (prawn-table gives a column the width of its widest character, and the header
自 / 然 / 人 is one character wide) breaks a number too wide for its cell: 228 prints as 22 over 8, the two
lines centred on the row, so the row's other values stand on a line between them. Read line by line, each part
was a row of its own (22 under no row label, 8 in the next row) and the row's own cell was blank.

A pair is two value words, one right under the other at a cell's line pitch, aligned in one column, with values
of other columns standing on the line half-way between them (the row) and none of the row's values in their
column; and, so that two rows packed close under a label centred between them are never taken for one cell,
no value of the row's columns stands on either part's line (a cell's lines hold only the wrapped parts).
Geometry only: the caller checks the texts (:func:`pipeline.layout.unruled.unruled_tables`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import Protocol, TypeVar

#: The lines of one cell stand this many line heights apart, middle to middle (the face's line gap; prawn's
#: 1.2–1.3); the lines of two rows further (padding), or closer only when the rows are packed with no padding.
PITCH = (0.8, 1.6)
#: The row's values stand on the line half-way between the parts: their middles within this share of a height.
ROW_TOLERANCE = 0.2
#: Two parts are one column's when their left edges, right edges or centres agree within this share of a height.
ALIGN = 0.25


class Box(Protocol):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


W = TypeVar("W", bound=Box)


def wrapped_pairs(values: Sequence[W]) -> list[tuple[W, W]]:
    """The (upper, lower) parts of the numbers printed over two lines of their cell among ``values`` (the value
    words of one page). A word that could pair in more than one way pairs in none."""
    order = sorted(values, key=_middle)
    middles = [_middle(w) for w in order]

    def near(y: float, tolerance: float) -> list[W]:
        return order[bisect_left(middles, y - tolerance) : bisect_right(middles, y + tolerance)]

    found: list[tuple[W, W]] = []
    for i, a in enumerate(order):
        height = a.bottom - a.top
        for b in order[i + 1 : bisect_right(middles, middles[i] + PITCH[1] * height)]:
            h = min(height, b.bottom - b.top)
            if not PITCH[0] * h <= _middle(b) - _middle(a) <= PITCH[1] * h or not _aligned(a, b, h):
                continue
            middle = (_middle(a) + _middle(b)) / 2
            row = [v for v in near(middle, ROW_TOLERANCE * h) if v is not a and v is not b]
            if not row or any(_over(v, a) or _over(v, b) for v in row):
                continue  # no row between them, or a value of the row in their column: two rows' values
            levels = near(_middle(a), ALIGN * h) + near(_middle(b), ALIGN * h)
            if any(_over(u, v) for u in levels for v in row):
                continue  # a part's line holds a value in a column of the row: a row of its own
            found.append((a, b))
    counts: dict[int, int] = {}
    for a, b in found:
        counts[id(a)] = counts.get(id(a), 0) + 1
        counts[id(b)] = counts.get(id(b), 0) + 1
    return [(a, b) for a, b in found if counts[id(a)] == 1 and counts[id(b)] == 1]


def _middle(w: Box) -> float:
    return (w.top + w.bottom) / 2


def _over(a: Box, b: Box) -> bool:
    """Whether the two stand in one column (their x-ranges overlap)."""
    return a.x0 < b.x1 and b.x0 < a.x1


def _aligned(a: Box, b: Box, height: float) -> bool:
    edge = ALIGN * height
    return _over(a, b) and (abs(a.x0 - b.x0) < edge or abs(a.x1 - b.x1) < edge
                            or abs((a.x0 + a.x1) - (b.x0 + b.x1)) < 2 * edge)
