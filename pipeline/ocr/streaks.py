"""Streaks a scanner's glass draws the whole length of a page, taken out of the grey before anything reads it.

A speck of dust on a sheet feeder's glass (or on a flatbed's sensor) stays put while the page moves past it, so it
prints a thin grey line along the feed from the top edge of the scan to the bottom, straight through the margins,
the text and the tables. Left in, rule finding takes it for a vertical rule (it is longer than any rule), so a
table's cells are cut in two and lines of text are split where it crosses them. A printed rule never reaches into
the page's top and bottom margins, and no printed mark is one pixel column darker than its neighbours over most of
the page's height, so the streak is told by that and taken out of the grey (:func:`without_streaks`). A crease
across a sheet that was folded leaves the same mark the other way (a thin dark ridge from edge to edge, in its
shadow), told and taken out the same way on the transposed page.
"""

from __future__ import annotations

import numpy as np

#: A pixel is on a streak's line when it is this many grey levels darker than the pixels STREAK_SIDE_PX to its
#: left and to its right (a streak is 1–3 px wide once blurred).
STREAK_DARKER = 10
STREAK_SIDE_PX = 3
#: A column is a streak when its pixels are on the line over this share of the page's height (a streak measures
#: 0.8–0.95 on the tuning pages, where text crosses it; a table's vertical rule at most the table's share, 0.3–0.8)
#: and over END_SHARE of each END_BAND of the page's height at the top and at the bottom (its margins, where no
#: rule is printed).
STREAK_SHARE = 0.3
END_BAND = 0.05
END_SHARE = 0.8
#: A streak across the page (a crease) casts a shadow this far (inches) on either side (the fold's long side: 2.5–5
#: mm); its paper is taken from the SHADOW_ENDS_PX columns at either end of that reach, and no column of the shadow
#: is brightened more than MAX_GAIN times.
SHADOW_INCH = 0.3
SHADOW_ENDS_PX = 3
MAX_GAIN = 1.5
#: Only a whole page has margins: an image less than this high (inches) is a piece of one.
MIN_PAGE_INCH = 5.0
#: Columns taken in on either side of a streak's columns (its blurred rim), and how far the grey it is painted
#: with is taken from beyond them.
RIM_PX = 1
FILL_AWAY_PX = 1
#: Columns where the streak makes more than this share of the grey are drawn across from their neighbours
#: rather than unmixed (dividing by 1 - share there would blow up the scan's noise).
UNMIX_MAX = 0.75


def streak_columns(gray: np.ndarray, dpi: float) -> list[tuple[int, int]]:
    """The [x0, x1) column ranges of ``gray`` (a greyscale page as scanned at ``dpi``) that are streaks along its
    length. None on an image less than MIN_PAGE_INCH high: a piece of a page (a table cropped to its frame) has no
    margins, and its rules run its whole length."""
    height, width = gray.shape
    side = STREAK_SIDE_PX
    if width <= 2 * side + 1 or height < MIN_PAGE_INCH * dpi:
        return []
    g = gray.astype(np.int16)
    on = g[:, side:-side] < np.minimum(g[:, : -2 * side], g[:, 2 * side :]) - STREAK_DARKER
    band = max(1, int(END_BAND * height))
    streak = ((on.mean(axis=0) >= STREAK_SHARE) & (on[:band].mean(axis=0) >= END_SHARE)
              & (on[-band:].mean(axis=0) >= END_SHARE))
    xs = np.flatnonzero(streak) + side
    runs: list[tuple[int, int]] = []
    for x in xs.tolist():
        if runs and x <= runs[-1][1]:
            runs[-1] = (runs[-1][0], x + 1)
        else:
            runs.append((x, x + 1))
    return runs


def without_streaks(gray: np.ndarray, dpi: float) -> np.ndarray:
    """``gray`` with the streaks along its length (:func:`streak_columns`) and across its width taken out; the
    page as given when it has none. Across: the ridge of a crease where the sheet was folded (in three for an
    envelope), a thin dark line from the left edge of the scan to the right, through the margins, the text and
    the values, which rule finding took for a rule (it is wider than any table) and which cut a row of cells in
    two, their values lost; it is told and taken out as a streak is, on the transpose."""
    gray = _without_column_streaks(gray, dpi)
    if gray.shape[0] < MIN_PAGE_INCH * dpi:
        return gray  # a strip of a page (a table cropped to its frame): its rules run its whole width
    across = np.ascontiguousarray(gray.T)
    runs = streak_columns(across, dpi)
    if not runs:
        return gray
    fixed = _without_column_streaks(_unshaded(across, dpi, runs), dpi)
    return gray if fixed is across else np.ascontiguousarray(fixed.T)


def _unshaded(gray: np.ndarray, dpi: float, runs: list[tuple[int, int]]) -> np.ndarray:
    """``gray`` (the transposed page: a crease runs down a column) with the shadow on either side of each streak
    (``runs``, :func:`streak_columns` of ``gray``) lifted: within SHADOW_INCH of it, each column is brightened by what its paper in the page's margins (the
    END_BAND at either end, where nothing is printed) lacks of the paper beyond the shadow. A crease's shadow
    darkens the paper by a sixth or so over a few millimetres, enough for the local threshold to take a band of it
    for ink, a line from edge to edge that rule finding joined to a table's rule beside it (a cell made of the page
    right of the table). A glass streak, without a shadow, is left as it was: its margins are as light as the
    paper's."""
    height, width = gray.shape
    band = max(1, int(END_BAND * height))
    margins = np.vstack([gray[:band], gray[-band:]])
    reach = int(SHADOW_INCH * dpi)
    out = gray.astype(np.float32)
    for x0, x1 in runs:
        left, right = max(0, x0 - reach), min(width, x1 + reach)
        tone = np.median(margins[:, left:right], axis=0).astype(np.float32)
        paper = max(float(tone[:SHADOW_ENDS_PX].max()), float(tone[-SHADOW_ENDS_PX:].max()))
        gain = np.clip(paper / np.maximum(tone, 1.0), 1.0, MAX_GAIN)
        out[:, left:right] *= gain
    return np.clip(np.rint(out), 0, 255).astype(np.uint8)


def _without_column_streaks(gray: np.ndarray, dpi: float) -> np.ndarray:
    """``gray`` with each streak (:func:`streak_columns`) taken out. The page is mostly paper, so a column's
    median is what the streak made of paper there: the streak's own grey (its core's median) mixed in at a share
    ``a`` of the column. Where the share is at most UNMIX_MAX the print under it is unmixed, ``(grey - a·streak) /
    (1 - a)`` (a stroke half under the streak keeps its own edge and darkness); the columns covered more than that
    are drawn across from the unmixed columns beside them (a stroke crossing the streak joins up). The page as
    given when it has none."""
    runs = streak_columns(gray, dpi)
    if not runs:
        return gray
    out = gray.copy()
    width = gray.shape[1]
    for x0, x1 in runs:
        left, right = max(0, x0 - RIM_PX - FILL_AWAY_PX), min(width - 1, x1 - 1 + RIM_PX + FILL_AWAY_PX)
        if right - left < 2:
            continue
        out[:, left + 1 : right] = _unstreaked(gray[:, left : right + 1].astype(np.float32))
    return out


def _unstreaked(band: np.ndarray) -> np.ndarray:
    """The inner columns of ``band`` (a streak's columns with a column of page on either side) as printed."""
    medians = np.median(band, axis=0)
    paper = float(max(medians[0], medians[-1]))
    streak = float(medians.min())
    if paper - streak < STREAK_DARKER:
        return band[:, 1:-1].astype(np.uint8)
    share = np.clip((paper - medians) / (paper - streak), 0.0, 1.0)
    share[0] = share[-1] = 0.0  # the page beside the streak stays as it is
    clear = share <= UNMIX_MAX
    fixed = (band - streak * share) / np.maximum(1.0 - share, 1.0 - UNMIX_MAX)
    xs = np.arange(band.shape[1], dtype=np.float32)
    for k in np.flatnonzero(~clear):
        lo, hi = np.flatnonzero(clear[:k])[-1], k + np.flatnonzero(clear[k:])[0]
        t = (xs[k] - lo) / (hi - lo)
        fixed[:, k] = fixed[:, lo] * (1 - t) + fixed[:, hi] * t
    return np.clip(np.rint(fixed[:, 1:-1]), 0, 255).astype(np.uint8)
