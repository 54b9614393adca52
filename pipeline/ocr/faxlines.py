"""A fax's garbled scan lines, taken out of the page as received before anything reads it.

A Group 3 fax codes each scan line on its own, as runs of white and black in turn. A bit the telephone line flips
can make the receiver lose the line's runs, and it prints the rest of that line black: a thin solid line (one fax
line, two or three pixels at 200 dpi once the receiver doubles the standard resolution's lines) from somewhere on
the page to its right edge, over whatever was printed there. Rule finding takes it for a rule (it is longer than
most of a table), and a row of cells it runs through is cut in two, its values halved and read blank. No print
runs into the page's right margin as a thin straight line with paper just above and below it, so the line is told
by that, followed leftwards while it stays solid, and concealed as a fax receiver conceals a bad line: its rows
drawn from the good rows above and below it.
"""

from __future__ import annotations

import numpy as np

#: A pixel is on a thin horizontal line when it is this many grey levels darker than the pixels LINE_SIDE_PX above
#: and below it (a fax line doubled and scaled to 200 dpi is 2–3 px thick).
LINE_DARKER = 10
LINE_SIDE_PX = 4
#: The page's right margin, as a share of its width (the last stretch of every scan line, where nothing is printed
#: within a few pixels of a thin line); a garbled line is on over at least MARGIN_ON of it.
MARGIN_BAND = 0.05
MARGIN_ON = 0.8
#: Thickest garbled line, inches (one fax line of 3.85 a mm, doubled: 0.01 in; a rule printed thick is not thin).
MAX_LINE_INCH = 0.02
#: Gaps (pixels) along the line bridged while it is followed leftwards (a pel the scaling dropped).
GAP_PX = 2
#: More lines than this reaching the right edge are not line errors (0–2 a page, 0–4 at the harsh severity) but print
#: that runs off the page: the rules of a table the scan cut.
MAX_LINES = 4
#: Only a whole page has a right margin: an image less than this high or wide (inches) is a piece of one.
MIN_PAGE_INCH = 5.0


def garbled_lines(gray: np.ndarray, dpi: float) -> list[tuple[int, int, int]]:
    """The garbled scan lines of ``gray`` (a greyscale page as received, at ``dpi``), as (y0, y1, x0): rows
    [y0, y1), solid from column x0 to the right edge. None on a piece of a page (under MIN_PAGE_INCH either way)."""
    height, width = gray.shape
    side = LINE_SIDE_PX
    if height < MIN_PAGE_INCH * dpi or width < MIN_PAGE_INCH * dpi:
        return []
    g = gray.astype(np.int16)
    margin = max(1, int(MARGIN_BAND * width))
    rows = np.zeros(height, dtype=bool)
    rows[side : height - side] = _on(g[:, width - margin :]).mean(axis=1) >= MARGIN_ON
    thickest = max(1, round(MAX_LINE_INCH * dpi))
    lines = []
    for y0, y1 in _runs(rows):
        if y1 - y0 > thickest:
            continue
        lightest = g[y0:y1].max(axis=0)  # a column is on the line when every row of it is dark there
        cut = (float(np.median(lightest[width - margin :])) + float(np.median(g[y0 - side, width - margin :]))) / 2
        lines.append((y0, y1, _left_end(lightest < cut, GAP_PX)))
    return lines if len(lines) <= MAX_LINES else []


def without_garbled_lines(gray: np.ndarray, dpi: float) -> np.ndarray:
    """``gray`` with each garbled scan line (:func:`garbled_lines`) concealed: the upper half of its rows (and a row
    of rim either side) drawn from the row above it, the lower half from the row below, from the line's left end to
    the right edge. A stroke or a rule that crossed the line joins up again. The page as given when it has none."""
    lines = garbled_lines(gray, dpi)
    if not lines:
        return gray
    out = gray.copy()
    height = gray.shape[0]
    for y0, y1, x0 in lines:
        top, bottom = max(0, y0 - 2), min(height - 1, y1 + 1)  # the good rows beyond a row of rim
        mid = (top + bottom + 1) // 2
        out[top + 1 : mid, x0:] = gray[top, x0:]
        out[mid:bottom, x0:] = gray[bottom, x0:]
    return out


def _on(g: np.ndarray) -> np.ndarray:
    """Pixels of ``g`` darker than the pixels LINE_SIDE_PX above and below: the rows of a thin horizontal line
    (LINE_SIDE_PX rows fewer at either end than ``g``)."""
    side = LINE_SIDE_PX
    return g[side:-side] < np.minimum(g[: -2 * side], g[2 * side :]) - LINE_DARKER


def _left_end(on: np.ndarray, gap: int) -> int:
    """Where the run of ``on`` (a column mask) that reaches its right end starts, gaps up to ``gap`` bridged."""
    xs = np.flatnonzero(on)
    if not len(xs) or xs[-1] < len(on) - 1 - gap:
        return len(on)
    breaks = np.flatnonzero(np.diff(xs) > gap + 1)
    return int(xs[breaks[-1] + 1]) if len(breaks) else int(xs[0])


def _runs(on: np.ndarray) -> list[tuple[int, int]]:
    idx = np.flatnonzero(np.diff(np.concatenate(([0], on.astype(np.int8), [0]))))
    return [(int(s), int(e)) for s, e in zip(idx[::2], idx[1::2], strict=True)]
