"""Ink versus paper for a scanned page: the one binarisation every later step reads.

Scans are unevenly lit (a gradient across the page) and noisy, so one global threshold loses the light
end of the page; a local (adaptive) threshold over a window about a quarter inch wide follows the light.
The grey is smoothed by a 3×3 median first (noise, dither dots), which also wipes out a line one pixel thin: the
hairline rules of a clean born-digital page rendered at 200 dpi (a table's cells merge, two values read as one,
``0`` and ``74`` as ``074``). Rule finding puts back the straight runs of the unsmoothed ink a rule's shortest
length long (:func:`hairlines`).
That threshold is relative, so a light mark (a copier's toner smudge, a stain's edge) passes it as well as
print does: :func:`faint_marks` finds the marks that are nowhere as dark as the page's print.
"""

from __future__ import annotations

import cv2
import numpy as np

#: Ink must be this many grey levels darker than its neighbourhood.
CONTRAST = 18
#: A mark whose darkest pixel stands less than this share of the print's contrast below its neighbourhood is
#: not print (a smudge, a stain): the print's contrast is that of the darker marks of the page (this percentile).
FAINT_SHARE = 0.4
#: A mark under SOFT_SHARE of the print's contrast whose edges are soft (its steepest grey gradient, 3×3 Sobel,
#: under SOFT_EDGE times its contrast) is not print either: a stain is a blurred blob (its marks measure 1.5–2.7
#: on the tuning pages), print has sharp edges (4–8, blurred and JPEG scans included: none of their print marks
#: in that contrast band measured under 3.3).
SOFT_SHARE = 0.6
SOFT_EDGE = 3.3
#: A mark this many times wider than high and at most DASH_INCH wide may be a minus sign, which a blurred scan
#: prints thin and light: never taken for a faint mark (a lost sign is a wrong value no identity may catch).
DASH_ASPECT = 1.8
DASH_INCH = 0.1
#: Or CORE_ASPECT times wider than high at its core, the columns and rows this share of the way from paper to its
#: darkest pixel (:func:`core_size`: a sheet feeder blurs a minus sign along the feed, 1.75 at its core; a smudge
#: or blot is round there, about 1).
DASH_CORE = 0.75
CORE_ASPECT = 1.5
#: A pixel of a mark under this share of the print's contrast is not print either (print's strokes stand well
#: above it at their core; a stain's rim does not).
FAINT_PIXEL_SHARE = 0.3
PRINT_PERCENTILE = 90
#: A straight run of the unsmoothed ink at least this long (inches: the shortest rule the grid looks for) is
#: print even where the median took it out: a hairline rule. Dither dots and noise make no such unbroken run.
HAIRLINE_INCH = 0.14


def ink_mask(gray: np.ndarray, dpi: float) -> np.ndarray:
    """255 where there is ink, 0 on paper."""
    block = _window(dpi)
    smooth = cv2.medianBlur(gray, 3)
    return cv2.adaptiveThreshold(smooth, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, CONTRAST)


def hairlines(gray: np.ndarray, ink: np.ndarray, dpi: float) -> np.ndarray:
    """255 on unbroken horizontal and vertical runs, HAIRLINE_INCH long or more, of the unsmoothed ink that
    ``ink`` (from :func:`ink_mask`) lacks: the hairline rules its median took out. Only whole stretches of line
    (the pixel the median rounds off a rule's end or corner stays off), and for rule finding only: the rest of
    the page (orientation, text) reads the smoothed ink."""
    raw = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, _window(dpi), CONTRAST)
    raw = cv2.bitwise_and(raw, cv2.bitwise_not(ink))
    length = max(9, int(HAIRLINE_INCH * dpi))
    across = cv2.morphologyEx(raw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    down = cv2.morphologyEx(raw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))
    return cv2.bitwise_or(across, down)


def _window(dpi: float) -> int:
    return max(15, int(dpi / 4) | 1)


def _contrasts(grey: np.ndarray, on: np.ndarray, labels: np.ndarray, n: int,
               dpi: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(pixel, relative, contrast) on ``grey``: each ink pixel's darkness under its neighbourhood's mean as a share
    of that mean (x256: the same under any light), and per mark the largest of those shares and the largest
    darkness in grey levels."""
    window = _window(dpi)
    mean = cv2.blur(grey, (window, window), borderType=cv2.BORDER_REPLICATE)
    local = mean[on].astype(np.int32)
    darker = local - grey[on].astype(np.int32)
    pixel = np.zeros(on.shape, np.int32)
    pixel[on] = darker * 256 // np.maximum(local, 1)
    relative = np.zeros(n, np.int32)
    np.maximum.at(relative, labels[on], pixel[on])
    contrast = np.zeros(n, np.int32)
    np.maximum.at(contrast, labels[on], darker)
    return pixel, relative, contrast


def _kept_dark(gray: np.ndarray, median: np.ndarray) -> np.ndarray:
    """The grey of the second look at a mark's contrast: the 3×3 ``median`` (noise out), but no lighter than the
    3×3 mean. The median wipes out what is thinner than two pixels: the dots of a halftone screen (a dithered
    ``0`` in a light stretch of the page measured faint and read blank); the mean keeps their share of darkness.
    A mark (or pixel) is faint only when it is faint on both greys, so nothing the median alone found print
    turns faint (a slash, just above the line on the median, is just under it on this grey)."""
    return np.minimum(median, cv2.blur(gray, (3, 3)))


def core_size(grey: np.ndarray, box: tuple[int, int, int, int]) -> tuple[int, int]:
    """(width, height) of the core of the mark in ``box`` (x, y, w, h on ``grey``): the columns and rows whose
    darkest pixel is DASH_CORE of the way from the paper round it to the mark's darkest pixel. A minus sign
    blurred along a sheet feeder's feed is 10 × 6 px but about 7 × 4 at its core (its rows of blur are light); a
    smudge or blot is as high as wide there too."""
    x, y, w, h = box
    patch = grey[y : y + h, x : x + w].astype(np.int32)
    paper = int(grey[max(0, y - 2) : y + h + 2, max(0, x - 2) : x + w + 2].max())
    level = paper - DASH_CORE * (paper - int(patch.min()))
    return max(1, int((patch.min(axis=0) <= level).sum())), max(1, int((patch.min(axis=1) <= level).sum()))


def dash_shaped(grey: np.ndarray, box: tuple[int, int, int, int], dpi: float) -> bool:
    """Is the mark in ``box`` shaped like a minus sign: at most DASH_INCH wide, and DASH_ASPECT times wider than
    high, or CORE_ASPECT times at its core (:func:`core_size`)?"""
    w, h = box[2], box[3]
    if w > DASH_INCH * dpi or w < h:
        return False
    if w >= DASH_ASPECT * h:
        return True
    core_w, core_h = core_size(grey, box)
    return core_w >= CORE_ASPECT * core_h


def faint_marks(ink: np.ndarray, gray: np.ndarray, dpi: float) -> tuple[np.ndarray, np.ndarray]:
    """(marks, pixels) of ``ink`` (a mask from :func:`ink_mask`, rules taken out) that are not print, 255 on
    them. ``marks``: the marks light all through (each mark's darkest pixel against the mean of its
    neighbourhood, as a share of that mean so that uneven light does not count, under FAINT_SHARE of the print's
    contrast, that of the darker marks of the page), and the
    soft-edged marks under SOFT_SHARE of it (stains). ``pixels``:
    those marks and the pixels of any mark under FAINT_PIXEL_SHARE of it (a stain's rim that runs into a digit
    makes one mark with it), for finding lines only: a serif digit's hairlines are that light too. A mark shaped
    like a minus sign (DASH_ASPECT, DASH_INCH) is never faint."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if n < 2:
        return np.zeros_like(ink), np.zeros_like(ink)
    smooth = cv2.medianBlur(gray, 3)
    on = ink > 0
    pixel, relative, contrast = _contrasts(smooth, on, labels, n, dpi)
    level = float(np.percentile(relative[1:], PRINT_PERCENTILE))
    kept_pixel, kept_relative, _ = _contrasts(_kept_dark(gray, smooth), on, labels, n, dpi)
    kept_level = float(np.percentile(kept_relative[1:], PRINT_PERCENTILE))
    grad = np.abs(cv2.Sobel(smooth, cv2.CV_16S, 1, 0)) + np.abs(cv2.Sobel(smooth, cv2.CV_16S, 0, 1))
    steepest = np.zeros(n, np.int32)
    np.maximum.at(steepest, labels[on], grad[on].astype(np.int32))
    soft = (relative < SOFT_SHARE * level) & (steepest < SOFT_EDGE * np.maximum(contrast, 1))
    width, height = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    dash = np.zeros(n, dtype=bool)
    for i in np.flatnonzero((width[1:] <= DASH_INCH * dpi) & (width[1:] >= height[1:])) + 1:
        dash[i] = dash_shaped(smooth, tuple(int(v) for v in stats[i][:4]), dpi)
    light = (relative < FAINT_SHARE * level) & (kept_relative < FAINT_SHARE * kept_level)
    faint = (light | soft) & ~dash
    faint[0] = False
    marks = faint[labels]
    pixels = marks | (on & ~dash[labels] & (pixel < FAINT_PIXEL_SHARE * level)
                      & (kept_pixel < FAINT_PIXEL_SHARE * kept_level))
    return (np.where(marks, np.uint8(255), np.uint8(0)), np.where(pixels, np.uint8(255), np.uint8(0)))
