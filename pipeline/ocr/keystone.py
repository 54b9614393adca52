"""A page left in perspective after deskewing, squared by its own rules.

A phone scanner app cuts the sheet out at the corners it detects and flattens it, but its corners are off by
a percent or two: the page fills the image (no desk round it for :mod:`.perspective` to find) and is still a
keystone. Deskewing turns it by one angle; what is left is a table whose rules are not square to each other
and not parallel: rows that climb 20 to 60 px across the page, columns leaning the other way. Cells are numbered
by their top and left edges (0.04 inch apart at most for one row), so the cells of one row took rows of their
own, a column's cells took several columns, and a table cut by a page break, framed level, left its leaning
rules' tops open (the label cells above them one region).

Horizontal rules are parallel in print and so are vertical ones: the outermost long rules of each direction
enclose a printed rectangle, and the homography taking their four crossings to an axis-aligned rectangle (the
same place, on average) squares every rule of the page. It is used only when some crossing moves by
:data:`MIN_SHIFT_PX` or more and it leaves every long rule square within :data:`MAX_LEFT_PX` (a sheet folded in
panels, each askew its own way, is no perspective: left as it is).
"""

from __future__ import annotations

import cv2
import numpy as np

#: Rules used: horizontal ones at least this share of the page wide, vertical ones this share of it high.
MIN_WIDTH_SHARE = 0.4
MIN_HEIGHT_SHARE = 0.2
#: The outermost rules must stand at least this far apart (inches), or the crossings say little of the page.
MIN_SPAN_INCH = 1.0
#: A crossing moved by less than this (pixels) leaves the page as it is (a flat scan, squared by deskewing).
MIN_SHIFT_PX = 4
#: After squaring, each long rule's ends may differ by at most this (pixels) across its own line, and by half
#: what the worst of them did before: the lens's barrel bow is left (up to 7 px at a line through the middle
#: of a page whose outer rules it bows least), a panel of a folded sheet askew its own way is not squared.
MAX_LEFT_PX = 10
#: A rule whose slant is off the page's other rules' by more than this over its length (pixels) is not used.
OFF_FIT_PX = 5
#: Runs opened with a bar this long (inches) before rules are fitted (a cell's short sides are left out), on
#: the rule mask reduced by REDUCE (a tenth of the time; a rule's slope still from hundreds of points).
BAR_INCH = 0.5
REDUCE = 4


def keystone(rules: np.ndarray, dpi: float) -> np.ndarray | None:
    """The homography (3×3) that squares the page of ``rules`` (a squared page's rule mask), or None when its
    rules are square already or do not say how."""
    height, width = rules.shape
    across = _agreeing(_fitted(rules, dpi, True, MIN_WIDTH_SHARE * width), width)
    down = _agreeing(_fitted(rules, dpi, False, MIN_HEIGHT_SHARE * height), height)
    if len(across) < 2 or len(down) < 2:
        return None
    top, bottom, left, right = across[0], across[-1], down[0], down[-1]
    if min(_at(bottom, width / 2) - _at(top, width / 2), _at(right, height / 2) - _at(left, height / 2)) \
            < MIN_SPAN_INCH * dpi:
        return None
    quad = np.float32([_crossing(top, left), _crossing(top, right), _crossing(bottom, right),
                       _crossing(bottom, left)])
    x0, x1 = (quad[0, 0] + quad[3, 0]) / 2, (quad[1, 0] + quad[2, 0]) / 2
    y0, y1 = (quad[0, 1] + quad[1, 1]) / 2, (quad[2, 1] + quad[3, 1]) / 2
    square = np.float32([[x0, y0], [x1, y0], [x1, y1], [x0, y1]])
    if float(np.abs(quad - square).max()) < MIN_SHIFT_PX:
        return None
    m = cv2.getPerspectiveTransform(quad, square)
    before = max(_left(np.eye(3), across, True), _left(np.eye(3), down, False))
    if max(_left(m, across, True), _left(m, down, False)) > min(MAX_LEFT_PX, before / 2):
        return None
    return m


def squared(gray: np.ndarray, m: np.ndarray) -> np.ndarray:
    """``gray`` through the homography ``m``, what falls outside carrying on the scan's own edge pixels.

    Not filled with the paper's grey: where the scan's rim is darker than its paper (the grey frame round a
    document camera's sheet, a vignette's corners), that fill stood against it in a step along the squared page's
    edge, binarised into a rule the page long, and the rules near it made a table of the page's margin whose one
    cell held every cell beside it (``22`` and ``0`` read as one value, ``220``)."""
    return cv2.warpPerspective(gray, m, (gray.shape[1], gray.shape[0]), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REPLICATE)


def _fitted(rules: np.ndarray, dpi: float, horizontal: bool, shortest: float) -> list[tuple[float, float, int, int]]:
    """(slope, intercept, start, end) of each rule at least ``shortest`` long: y = slope·x + intercept for a
    horizontal one (start and end along x), x = slope·y + intercept for a vertical one."""
    small = cv2.resize(rules, None, fx=1 / REDUCE, fy=1 / REDUCE, interpolation=cv2.INTER_AREA)
    small = np.where(small > 0, np.uint8(255), np.uint8(0))
    bar = max(3, int(BAR_INCH * dpi / REDUCE))
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (bar, 1) if horizontal else (1, bar))
    opened = cv2.morphologyEx(small, cv2.MORPH_OPEN, kernel)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(opened, connectivity=8)
    out = []
    for i in range(1, n):
        x, y, w, h, _ = (int(v) for v in stats[i])
        if (w if horizontal else h) * REDUCE < shortest:
            continue
        ys, xs = np.nonzero(labels[y : y + h, x : x + w] == i)
        along, off = ((xs + x, ys + y) if horizontal else (ys + y, xs + x))
        along, off = (along + 0.5) * REDUCE, (off + 0.5) * REDUCE  # pixel centres, full page
        slope, intercept = np.polyfit(along, off, 1)
        out.append((float(slope), float(intercept), int(along.min()), int(along.max())))
    return out


def _agreeing(lines: list[tuple[float, float, int, int]], extent: int) -> list[tuple[float, float, int, int]]:
    """The rules whose slant agrees with the others', ordered by where they cross the page's middle: under a
    perspective a rule's slope changes evenly with its place across the page, so the slopes are fitted against
    the places (weighted by length) and a rule off that fit by more than OFF_FIT_PX over its length is left out
    (a short rule of another table bowed by the lens, a rule that took in a stroke). Then the shortest rule off it
    is left out and the rest fitted again, until every one agrees: a long rule's slant is its chord's across the
    page, which the perspective sets, a short one's at the page's top or foot is the lens's bow there; with few
    rules, two short ones bowed the other way (a second table at the page's foot) pulled the one fit off every
    rule, and the page was left in perspective. Three must be left agreeing: rules whittled down to two (a
    document camera's lens fans a table's columns out; the two kept were the sheet's edges) say nothing of a
    perspective, and what the first fit kept is returned."""
    lines = sorted(lines, key=lambda f: _at(f, extent / 2))
    first = None  # the rules that agree with the first fit
    while len(lines) >= 3:
        place = np.array([_at(f, extent / 2) for f in lines])
        slope = np.array([f[0] for f in lines])
        length = np.array([f[3] - f[2] for f in lines], dtype=np.float64)
        off = np.abs(slope - np.polyval(np.polyfit(place, slope, 1, w=np.sqrt(length)), place)) * length
        if off.max() <= OFF_FIT_PX:
            return lines
        first = first if first is not None else [f for f, o in zip(lines, off, strict=True) if o <= OFF_FIT_PX]
        drop = min(np.flatnonzero(off > OFF_FIT_PX), key=lambda i: length[i])
        lines = lines[:drop] + lines[drop + 1 :]
    # down to two, none of them checked by a third: the rules fan out (a lens, not a perspective)
    return lines if first is None else first


def _at(line: tuple[float, float, int, int], t: float) -> float:
    return line[0] * t + line[1]


def _crossing(horizontal: tuple[float, float, int, int], vertical: tuple[float, float, int, int]) -> list[float]:
    """Where y = a·x + b meets x = c·y + d."""
    a, b, c, d = horizontal[0], horizontal[1], vertical[0], vertical[1]
    y = (a * d + b) / (1 - a * c)
    return [c * y + d, y]


def _left(m: np.ndarray, lines: list[tuple[float, float, int, int]], horizontal: bool) -> float:
    """The most any of ``lines`` is still off square through ``m``: its two ends' difference across its line."""
    worst = 0.0
    for line in lines:
        ends = [[line[2], _at(line, line[2])], [line[3], _at(line, line[3])]]
        if not horizontal:
            ends = [e[::-1] for e in ends]
        (ax, ay), (bx, by) = cv2.perspectiveTransform(np.float64([ends]), m)[0]
        worst = max(worst, abs(by - ay) if horizontal else abs(bx - ax))
    return worst
