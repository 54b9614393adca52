"""A fax's garbled scan lines, taken out of the page as received before anything reads it.

A Group 3 fax codes each scan line on its own, as runs of white and black in turn. A bit the telephone line flips
can make the receiver lose the line's runs, and it prints the rest of that line black: a thin solid line (one fax
line, two or three pixels at 200 dpi once the receiver doubles the standard resolution's lines) from somewhere on
the page to its right edge, over whatever was printed there. Rule finding takes it for a rule (it is longer than
most of a table), and a row of cells it runs through is cut in two, its values halved and read blank. No print
runs into the page's right margin as a thin straight line with paper just above and below it, so the line is told
by that, followed leftwards while it stays solid, and concealed as a fax receiver conceals a bad line: its rows
drawn from the good rows above and below it.

A flipped bit can also make the receiver read the rest of the line's runs at the wrong lengths: the line goes on
printing runs of the right kinds, out of step with the print (shifted along the line). Then every column rule the
line crosses from the error on is cut for one fax line, and the print's strokes show beside where they were, as
dots and dashes inside the cells of the row (a 0 read ``.0..``, the row lost). No print cuts three or more column
rules and every one after them to the page's right end for two or three pixels at one height, so the line is told
by that (:func:`cut_lines`) and concealed the same way. Where a rule across meets a column rule the line would print
that rule's run too, so a gap there (the pale pixel a renderer leaves at a clean print's one-pixel crossing) is no cut.
"""

from __future__ import annotations

import cv2
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
#: A line read out of step cuts the vertical runs that cross it (column rules): solid ink at least SOLID_INCH above and
#: below it (a rule's end on a rule across is not cut) and at least RULE_SIDE_INCH on one side (a character's strokes
#: are shorter at 10.5 pt: two lines of a paragraph set close are not a rule cut at the gap between them); at least
#: MIN_CUT of them, CUT_SHARE of every such run from the first one cut to the page's right end, the last one among them.
RULE_RUN_INCH = 0.2
RULE_SIDE_INCH = 0.15
SOLID_INCH = 0.03
MIN_CUT = 3
CUT_SHARE = 0.75
#: A band row inked over this share of RULE_SIDE_INCH on both sides of a column rule's gap is a rule across it.
ACROSS_SHARE = 0.9
#: Ink, on the page's 0–255 grey (a fax is black and white; a grey scan's rules are darker than this).
INK_GREY = 128


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
    """``gray`` with each garbled scan line (:func:`garbled_lines`, :func:`cut_lines`) concealed: the upper half of its rows (and a row
    of rim either side) drawn from the row above it, the lower half from the row below, from the line's left end to
    the right edge. A stroke or a rule that crossed the line joins up again. The page as given when it has none."""
    lines = garbled_lines(gray, dpi) + cut_lines(gray, dpi)
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


def cut_lines(gray: np.ndarray, dpi: float) -> list[tuple[int, int, int]]:
    """The scan lines of ``gray`` (a page as received, at ``dpi``) read out of step from some column to the right
    end, as (y0, y1, x0): rows [y0, y1), garbled from column x0 on. Such a line cuts the column rules it crosses
    from the error on (at least MIN_CUT of them and CUT_SHARE of the long vertical runs from the first cut one to
    the right end, the last one cut), and none before it; x0 is the end of the last run before them it does not
    cut. More than MAX_LINES such lines a page are print (rules broken at one height), not line errors."""
    height = gray.shape[0]
    thickest = max(1, round(MAX_LINE_INCH * dpi))
    solid, side = max(1, round(SOLID_INCH * dpi)), max(1, round(RULE_SIDE_INCH * dpi))
    ink = (gray < INK_GREY).astype(np.uint8)
    closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((thickest + 1, 1), np.uint8))
    runs = cv2.morphologyEx(closed, cv2.MORPH_OPEN, np.ones((max(1, round(RULE_RUN_INCH * dpi)), 1), np.uint8))
    cut = runs & (1 - ink)  # a long vertical run's gap of a few rows
    starts = np.count_nonzero(cut[:, 1:] > cut[:, :-1], axis=1) + cut[:, 0]  # gaps in each row
    lines = []
    for y0, y1 in _runs(starts >= MIN_CUT):
        if y1 - y0 > thickest or y0 < solid or y1 + solid > height:
            continue
        up, down = _solid_run(ink[max(0, y0 - side) : y0][::-1]), _solid_run(ink[y1 : y1 + side])
        ends = (np.minimum(up, down) >= solid) & (np.maximum(up, down) >= side)
        paper = ~ink[y0:y1].any(axis=0)
        # a rule: columns solid on both sides (a step of a column between them); cut where they are paper in the band
        # (a screen's dotted rule has solid columns that go on through the band beside dotted ones)
        # a rule across the band (ink on both sides of the column) makes a crossing, whose pale pixel a renderer's
        # smoothing leaves (a clean print's hairline rules) is no cut: a line out of step prints that rule's run too
        crossed = [(s, e, bool(paper[s:e][ends[s:e]].mean() > 0.5) and not _ruled_across(ink[y0:y1], s, e, side))
                   for s, e in _runs(np.convolve(ends, np.ones(3), "same") > 0)]
        x0 = _first_cut(crossed)
        if x0 is not None:
            lines.append((y0, y1, x0))
    return lines if len(lines) <= MAX_LINES else []


def _ruled_across(band: np.ndarray, start: int, end: int, side: int) -> bool:
    """Whether a row of ``band`` (0/1 ink, a scan line's rows) is ink over ACROSS_SHARE of the ``side`` columns
    either side of columns [start, end): a rule across that the column rule there meets (a crossing, not a cut)."""
    left, right = band[:, max(0, start - side) : start], band[:, end : end + side]
    if left.shape[1] == 0 or right.shape[1] == 0:
        return False
    return bool(((left.mean(axis=1) >= ACROSS_SHARE) & (right.mean(axis=1) >= ACROSS_SHARE)).any())


def _solid_run(rows: np.ndarray) -> np.ndarray:
    """For each column of ``rows`` (0/1, nearest row first), how many rows from the first are ink without a break."""
    return np.cumprod(rows, axis=0, dtype=np.int32).sum(axis=0)


def _first_cut(crossed: list[tuple[int, int, bool]]) -> int | None:
    """Where a line's garbled stretch starts, given the vertical runs it crosses ((start, end, cut) left to right):
    the end of the last run not cut before the first run from which on at least MIN_CUT and CUT_SHARE of the runs are
    cut, the last one among them (0 when there is no run before it); None when there is no such stretch. (A run left
    whole is print the line still printed in step: concealed, a stroke one fax line thin would be lost.)"""
    if not crossed or not crossed[-1][2]:
        return None
    cuts = np.cumsum([c for *_, c in crossed][::-1])[::-1]  # runs cut from each run on
    for i, (_, _, c) in enumerate(crossed):
        if c and cuts[i] >= MIN_CUT and cuts[i] >= CUT_SHARE * (len(crossed) - i):
            return crossed[i - 1][1] if i else 0
    return None


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
