"""Ruled tables on a scanned page: the ruling lines, and the cells they enclose.

The rules are the long straight runs of ink, found by morphological opening with a thin horizontal and a
thin vertical bar. A cell is then a connected region of paper inside a table that no rule crosses, so a
merged cell (rowspan, colspan) comes out as one region without any special case. Rows and columns are
numbered by the distinct top and left edges of the cells, as pdfplumber numbers a born-digital table.
Short stray segments (strokes of characters, dashes) end up in the rule mask but enclose nothing, so they
cannot split a cell.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from .binarize import hairlines

#: Shortest rule searched for, inches: below the narrowest column and the lowest row of a printed table.
MIN_RULE_INCH = 0.14
#: Runs this many times the shortest rule are rules when they meet or cross a rule across (a piece of a
#: broken rule); shorter ones must end on rules at both ends; runs this share of the page long are rules wherever
#: they stand. (A scan whose strokes are degraded into long straight runs makes long runs inside the text;
#: they end on no rule.)
LONG_RULE = 3
FREE_RULE_SHARE = 0.4
#: Most ink (share) along either side of a rule piece that is not anchored at both ends.
BESIDE_INK = 0.2
#: Thickest (inches, on average along its length) such a piece may be: a short line of text blurred along the
#: feed and bold is a solid run as long as a rule, with paper above and below it, but as thick as the text
#: (行政强制: 14 px at 200 dpi; rules: 1-5 px).
MAX_RULE_INCH = 0.04
#: Most a piece not anchored at both ends may stray (pixels, root mean square) from the straight line through
#: its middle: a rule's pieces lie on one line (0.5 px at most, measured on broken, folded, photographed and fed
#: scans); a bold line of text blurred along the feed joins its strokes' runs into a staircase across the line's
#: height (1.7-3.5 px) that is as long, as thin on average and as clear above and below as a rule.
STRAIGHT_RMS_PX = 1.0
#: Gaps (inches) along a rule bridged once its pieces are known to be rules: broken and faded rules.
RULE_GAP_INCH = 0.3
#: A scrap of rule too short to stand alone is put back when a rule continues its line within this many
#: inches (a rule faded over most of a cell's side leaves a scrap by the crossing), lined up within ALIGN_PX.
REJOIN_GAP_INCH = 0.75
ALIGN_PX = 2
#: How close (inches) a short rule's end must come to a rule across it.
TOUCH_INCH = 0.03
#: A rule that stops short of a rule across its line, by no more than this (inches), is carried on to it: the
#: faded last stretch of a broken rule, which bridging (rule on both sides of the gap) cannot close.
REACH_INCH = 0.2
#: ... or by no more than this (inches) when its line goes on past that rule across (another long piece within
#: STEP_PX rows of its own beyond it): a rule printed a little askew and faxed at standard resolution steps a fax
#: line (2 px) at a time and drops out where it straddles two lines, 50 px or more before a column rule.
CONTINUED_REACH_INCH = 0.5
STEP_PX = 3
#: A rule's line goes on, faded, where the grey along it stays at least this many grey levels darker than the
#: paper just above and below it (a faded rule prints 200–245 on paper of 250; noise is a few levels).
FADED_DARKER = 10
#: Rows of paper looked at above and below a rule's line, from this far away (pixels).
PAPER_AWAY_PX = 2
PAPER_ROWS = 4
#: Thickness of the frame drawn round a table (pixels).
FRAME_PX = 3
#: A table is at least this share of the page wide, and holds at least MIN_CELLS cells, or ROW_CELLS when it is
#: ROW_WIDTH of the page wide: a table's last row that a page break left alone on the next page is a label and
#: one value (行政事业性收费 and its amount under a merged cell) as wide as the report's tables; read as a line of
#: text, its value went to no row. (A web page's search box and button, printed with the report, are 3 cells a
#: quarter of the page wide.)
MIN_TABLE_WIDTH = 0.25
MIN_CELLS = 4
ROW_CELLS = 2
ROW_WIDTH = 0.6
#: A cell is at least this big, inches (smaller regions are gaps where rules cross).
MIN_CELL_INCH = 0.1
#: Edges of cells closer than this (inches) are one boundary of the grid: a phone's lens bows a rule near the
#: page's edge (a scanner app's page squared by its rules keeps that bow: the header cells under one top rule
#: start 87, 98, 97 and 88 px down), and printed edges of one table that are not one stand a cell apart (0.1 in).
EDGE_TOLERANCE_INCH = 0.07


@dataclass(frozen=True)
class GridCell:
    row: int
    col: int
    rowspan: int
    colspan: int
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels, inside the rules


@dataclass(frozen=True)
class GridTable:
    box: tuple[int, int, int, int]
    cells: tuple[GridCell, ...]


def rule_mask(ink: np.ndarray, dpi: float, gray: np.ndarray | None = None) -> np.ndarray:
    """255 on the page's horizontal and vertical rules (``gray``, the page the ink was taken from, lets faded
    stretches of rules that binarising dropped be followed: :func:`_faded`)."""
    length = max(9, int(MIN_RULE_INCH * dpi))
    if gray is not None:  # hairline rules, one pixel thin, that the ink's median smoothing took out
        ink = cv2.bitwise_or(ink, hairlines(gray, ink, dpi))
    h = _runs(ink, length, horizontal=True)
    v = _runs(ink, length, horizontal=False)
    hr, vr = _ruled(h, v, ink, length, dpi, horizontal=True), _ruled(v, h, ink, length, dpi, horizontal=False)
    h, v = _rejoined(h, hr, ink, length, dpi, vr), _rejoined(v.T, vr.T, ink.T, length, dpi, hr.T).T
    h, v = np.ascontiguousarray(h), np.ascontiguousarray(v)
    h, v = _bridged(h, length, dpi, horizontal=True), _bridged(v, length, dpi, horizontal=False)
    h, v = _both_ways(lambda rules, across: _stepped(rules, length, dpi), h, v)
    if gray is not None:
        h, v = _both_ways(lambda rules, across, g, i: _faded(rules, across, g, i, length), h, v, gray, ink)
    h, v = _both_ways(lambda rules, across: _reaching(rules, across, length, dpi), h, v)
    return cv2.dilate(cv2.bitwise_or(h, v), np.ones((3, 3), np.uint8))


def _both_ways(step, h: np.ndarray, v: np.ndarray, *pages: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``step(rules, across, *pages)``, written for rules along x, applied to the horizontal rules and, through
    the transposes (contiguous, for OpenCV), to the vertical ones; both from the rules as they were."""
    def t(a: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray(a.T)

    return step(h, v, *pages), t(step(t(v), t(h), *(t(p) for p in pages)))


def _rejoined(runs: np.ndarray, rules: np.ndarray, ink: np.ndarray, length: int, dpi: float,
              across: np.ndarray | None = None) -> np.ndarray:
    """The rules with the pieces of broken rules put back: a run too short to be a rule on its own (a scrap of
    a rule with a gap or a faded stretch after it) that lines up with a long rule (LONG_RULE times the
    shortest) within REJOIN_GAP_INCH along its own line is part of that rule, and the gap between them is rule
    too, if it has paper along both sides. (Lined up with short rules, scraps of text strokes would mesh over a
    page of prose; a stroke of a heading between two tables would join them.) A scrap on one side of a long rule
    only, whose gap to it meets a rule ``across`` (the rules the other way) while its own far end meets none, lies
    beyond the crossing the rule ends on, outside the cell it would close: a stroke of the text under a table in
    line with a column rule (UMing's 个 under table 四: the rule carried down through a paragraph made it a row
    of the table). A faded side's scrap by the next crossing meets that crossing. Horizontal frame: rules run
    along x (pass the transposes for vertical rules)."""
    loose = cv2.bitwise_and(runs, cv2.bitwise_not(rules))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(loose, connectivity=8)
    if n < 2:
        return rules
    m, parts, extents, _ = cv2.connectedComponentsWithStats(rules, connectivity=8)
    long_ = extents[:, cv2.CC_STAT_WIDTH] >= LONG_RULE * length
    long_[0] = False
    anchors = np.where(long_[parts], np.uint8(255), np.uint8(0))
    gap = int(REJOIN_GAP_INCH * dpi)
    reach = cv2.dilate(anchors, np.ones((2 * ALIGN_PX + 1, 2 * gap + 1), np.uint8))
    near = np.unique(labels[(reach > 0) & (loose > 0)])  # only scraps that a long rule's line comes near
    out = rules.copy()
    width = rules.shape[1]
    touch = max(3, int(TOUCH_INCH * dpi))
    for i in near[near > 0].tolist():
        x, y, w, h, _ = (int(v) for v in stats[i])
        band = anchors[max(0, y - ALIGN_PX) : y + h + ALIGN_PX]
        after = np.flatnonzero(band[:, x + w : min(width, x + w + gap)].any(axis=0))
        before = np.flatnonzero(band[:, max(0, x - gap) : x].any(axis=0))
        if not (len(after) or len(before)) or not _clear_beside(ink, (x, y, w, h), touch, True):
            continue
        if h > _thickness(parts, extents, band, x, w, gap, y - ALIGN_PX) + 2 * ALIGN_PX:
            continue  # thicker than the rule it lines up with: a stain's streak, not a scrap of that rule
        x0 = max(0, x - gap) + int(before[-1]) if len(before) else x
        x1 = x + w + int(after[0]) if len(after) else x + w
        if across is not None and bool(len(before)) != bool(len(after)):  # a scrap on one side of a rule only
            span, far = ((x0, x), x + w - 1) if len(before) else ((x + w, x1), x)
            rows = slice(max(0, y - ALIGN_PX), y + h + ALIGN_PX)
            lo = max(0, span[0] - touch)
            met = np.flatnonzero(across[rows, lo : span[1] + touch].any(axis=0))
            if (len(met) and not across[rows, max(0, far - touch) : far + touch + 1].any()
                    and _table_edge(anchors, across, lo + int(met[0] if len(before) else met[-1]),
                                    1 if len(before) else -1, (y, y + h), touch)):
                continue  # beyond the table's edge its rule ends on: text in line with it, not a scrap of it
        out[y : y + h, x0:x1] = 255
    return out


def _table_edge(anchors: np.ndarray, across: np.ndarray, at: int, step: int, own: tuple[int, int],
                touch: int) -> bool:
    """Is the rule across at column ``at`` the table's edge, going ``step`` (1: rightwards) from it: no long rule
    of the anchors' direction (other than on the scrap's ``own`` rows) goes on beyond it along the rule across?
    Beyond an inner crossing the table's other rules go on (a broken rule's scrap there is one); beyond its
    frame there is only the page's text. Beyond is measured row by row from the rule's own far side there,
    TOUCH to 3 TOUCH past it: a page left a little askew (a table too short to square it by,
    :mod:`pipeline.ocr.keystone`) slants the rule across by a few pixels over its length, and the ends of the inner
    rules that stop on it, a few pixels past its far side, poked into a window fixed at ``at`` (seed 89's table
    四: a column rule carried down through the heading and paragraph under it made them a row of the table); an
    inner rule that goes on beyond it fills the window."""
    lo, hi = (max(0, at - touch), at + 3 * touch + 1) if step > 0 else (max(0, at - 3 * touch), at + touch + 1)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(across[:, lo:hi], connectivity=8)
    if n < 2:
        return True
    i = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_HEIGHT]))
    top, bottom = int(stats[i, cv2.CC_STAT_TOP]), int(stats[i, cv2.CC_STAT_TOP] + stats[i, cv2.CC_STAT_HEIGHT])
    mine = labels[top:bottom] == i
    far = lo + (mine.shape[1] - 1 - mine[:, ::-1].argmax(axis=1) if step > 0 else mine.argmax(axis=1))
    far = np.where(mine.any(axis=1), far, at)  # a row the rule misses (a gap in it): measured from ``at``
    offsets = np.arange(touch, 3 * touch + 1) * step
    cols = np.clip(far[:, None] + offsets[None, :], 0, anchors.shape[1] - 1)
    beyond = (anchors[np.arange(top, bottom)[:, None], cols] > 0).any(axis=1)
    beyond[max(0, own[0] - top - ALIGN_PX) : max(0, own[1] - top + ALIGN_PX)] = False
    return not beyond.any()


def _thickness(parts: np.ndarray, extents: np.ndarray, band: np.ndarray, x: int, w: int, gap: int,
               top: int) -> int:
    """The thickest (average across its length) of the long rules in ``band`` (the anchors' rows by a scrap
    at ``x``, ``w`` wide, whose ``band`` starts at row ``top``) within ``gap`` of it along its line: a scrap of
    a rule is no thicker than the rule (a faded one is thinner), a stain's streak lined up with it is (11 px
    against the 5 px of the rule in a stained scan)."""
    x0, x1 = max(0, x - gap), min(parts.shape[1], x + w + gap)
    rows = slice(max(0, top), max(0, top) + band.shape[0])
    labels = np.unique(parts[rows, x0:x1][band[:, x0:x1] > 0])
    return max((round(extents[i, cv2.CC_STAT_AREA] / extents[i, cv2.CC_STAT_WIDTH]) for i in labels.tolist()
                if i), default=0)


def _faded(rules: np.ndarray, across: np.ndarray, gray: np.ndarray, ink: np.ndarray, length: int) -> np.ndarray:
    """The long rules carried on along their own line through a faded stretch to the next rule: from each end,
    the columns where the line is ink or at least FADED_DARKER grey levels darker than the paper just above
    and below it, as far as they go; the stretch is rule when it reaches a rule (across it or along its line).
    Binarising drops a rule faded to light grey (the copier's toner ran thin, a scanner's line degradation),
    so a cell side is missing and two cells read as one; the grey still shows it, which no text does (a
    character's strokes leave paper between them on any line). Horizontal frame: rules run along x (pass
    the transposes for vertical rules)."""
    n, _, stats, _ = cv2.connectedComponentsWithStats(rules, connectivity=8)
    height, width = rules.shape
    out = rules
    for i in range(1, n):
        x, y, w, h, _ = (int(v) for v in stats[i])
        if w < LONG_RULE * length or y < PAPER_AWAY_PX + PAPER_ROWS or y + h + PAPER_AWAY_PX + PAPER_ROWS > height:
            continue
        line = gray[y - 1 : y + h + 1].astype(np.int16).mean(axis=0)
        paper = np.maximum(gray[y - PAPER_AWAY_PX - PAPER_ROWS : y - PAPER_AWAY_PX].max(axis=0),
                           gray[y + h + PAPER_AWAY_PX : y + h + PAPER_AWAY_PX + PAPER_ROWS].max(axis=0))
        on = (paper - line >= FADED_DARKER) | ink[y : y + h].any(axis=0)
        met = (across[y : y + h].any(axis=0) | rules[y : y + h].any(axis=0)) & ~_own(x, w, width)
        for start, step in ((x + w, 1), (x - 1, -1)):
            end, last = start, None
            while 0 <= end < width and on[end]:
                if met[end]:
                    last = end
                end += step
            if last is not None:
                out = out if out is not rules else rules.copy()
                lo, hi = sorted((start, last))
                out[y : y + h, lo : hi + 1] = 255
    return out


def _own(x: int, w: int, width: int) -> np.ndarray:
    own = np.zeros(width, dtype=bool)
    own[x : x + w] = True
    return own


def _reaching(rules: np.ndarray, across: np.ndarray, length: int, dpi: float) -> np.ndarray:
    """The long rules (LONG_RULE times the shortest) with each end that stops short of a rule across it
    (within REACH_INCH, on the rule's own rows; within CONTINUED_REACH_INCH if its line goes on past that rule:
    :func:`_goes_on`) carried on to that rule. A table's rules all end on rules, so an end in open paper with a
    rule just beyond it is a broken rule whose last stretch faded: left open, the two cells beside it would be one
    cell. An end already touching a rule across (within TOUCH_INCH) is left alone; short pieces too (strokes of a
    heading over a table: carried down to its top rule, they would make the heading a row of cells). Horizontal
    frame: rules run along x (pass the transposes for vertical rules)."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(rules, connectivity=8)
    reach, touch = int(REACH_INCH * dpi), max(3, int(TOUCH_INCH * dpi))
    far = int(CONTINUED_REACH_INCH * dpi)
    long_ = stats[:, cv2.CC_STAT_WIDTH] >= LONG_RULE * length
    long_[0] = False
    width = rules.shape[1]
    out = rules
    for i in np.flatnonzero(long_).tolist():
        x, y, w, h, _ = (int(v) for v in stats[i])
        band = across[y : y + h]
        if band[:, max(0, x + w - 1 - touch) : x + w + touch].any() or x + w >= width:
            pass  # the right end meets a rule (or the page's edge)
        elif len(hit := np.flatnonzero(band[:, x + w : x + w + far].any(axis=0))) and (
                hit[0] < reach or _goes_on(labels, long_, band, i, y, x + w + int(hit[0]), 1, touch)):
            out = out if out is not rules else rules.copy()
            out[y : y + h, x + w : x + w + int(hit[0]) + 1] = 255
        if band[:, max(0, x - touch) : x + touch + 1].any() or x == 0:
            continue
        if len(hit := np.flatnonzero(band[:, max(0, x - far) : x].any(axis=0))) and (
                x - (max(0, x - far) + int(hit[-1])) <= reach
                or _goes_on(labels, long_, band, i, y, max(0, x - far) + int(hit[-1]), -1, touch)):
            out = out if out is not rules else rules.copy()
            out[y : y + h, max(0, x - far) + int(hit[-1]) : x] = 255
    return out


def _goes_on(labels: np.ndarray, long_: np.ndarray, band: np.ndarray, i: int, y: int, at: int, step: int,
             touch: int) -> bool:
    """Does the line of rule ``i`` (its rows start at ``y``; ``band``: the rules across on its rows) go on past the
    rule across met at column ``at``, going ``step`` (1: rightwards)? Another long rule within STEP_PX rows of its
    own starts within twice ``touch`` columns beyond that rule's far side."""
    end = at
    while 0 <= end + step < band.shape[1] and band[:, end + step].any():
        end += step
    lo, hi = sorted((end + step, end + step * (2 * touch + 1)))
    near = labels[max(0, y - STEP_PX) : y + band.shape[0] + STEP_PX, max(0, lo) : max(0, hi + 1)]
    return any(j != i and long_[j] for j in np.unique(near).tolist())


def _bridged(rules: np.ndarray, length: int, dpi: float, horizontal: bool) -> np.ndarray:
    """Rules with the gaps along them closed: a broken or faded rule is one rule again. Only pieces at least
    LONG_RULE times the shortest rule are joined (short pieces anchored at both ends need no joining, and
    joining them joins strokes of text into rules)."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(rules, connectivity=8)
    extent = stats[:, cv2.CC_STAT_WIDTH if horizontal else cv2.CC_STAT_HEIGHT]
    long_ = extent >= LONG_RULE * length
    long_[0] = False
    pieces = np.where(long_[labels], np.uint8(255), np.uint8(0))
    gap = max(3, int(RULE_GAP_INCH * dpi))
    thick = cv2.dilate(pieces, np.ones((3, 1) if horizontal else (1, 3), np.uint8))
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1) if horizontal else (1, gap))
    return cv2.bitwise_or(rules, cv2.bitwise_and(cv2.morphologyEx(thick, cv2.MORPH_CLOSE, kernel),
                                                 cv2.morphologyEx(pieces, cv2.MORPH_CLOSE, kernel)))


def _stepped(rules: np.ndarray, length: int, dpi: float) -> np.ndarray:
    """The rules with the gaps closed where a rule steps to the next line: two long pieces (LONG_RULE times the
    shortest rule), the second starting within RULE_GAP_INCH after the first ends and within STEP_PX rows of its
    rows there, are one rule. A rule printed a little askew and faxed at standard resolution (a fax line is 2 px at
    200 dpi) jumps a fax line at a time and can drop out for a few pixels at the jump; its pieces then share no
    row, so bridging (:func:`_bridged`, along each row) leaves the gap, and the cells above and below it were one
    cell (seed 109's 行政处罚 and 行政强制 labels, their values shifted up a row). Horizontal frame: rules run along
    x (pass the transposes for vertical rules)."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(rules, connectivity=8)
    long_ = stats[:, cv2.CC_STAT_WIDTH] >= LONG_RULE * length
    long_[0] = False
    if long_.sum() < 2:
        return rules
    gap, touch = max(3, int(RULE_GAP_INCH * dpi)), max(3, int(TOUCH_INCH * dpi))
    height, width = rules.shape
    out = rules
    for i in np.flatnonzero(long_).tolist():
        x, w = int(stats[i, cv2.CC_STAT_LEFT]), int(stats[i, cv2.CC_STAT_WIDTH])
        end = x + w - 1
        rows = np.flatnonzero(labels[:, end] == i)
        top, bottom = max(0, int(rows[0]) - STEP_PX), min(height, int(rows[-1]) + STEP_PX + 1)
        window = labels[top:bottom, end + 1 : min(width, end + 1 + gap)]
        starts = [j for j in np.unique(window).tolist()
                  if j != i and long_[j] and stats[j, cv2.CC_STAT_LEFT] >= end - touch]
        if not starts:
            continue
        j = min(starts, key=lambda k: int(stats[k, cv2.CC_STAT_LEFT]))
        at = int(np.flatnonzero((window == j).any(axis=0))[0])  # its first column within the step's rows
        theirs = np.flatnonzero(window[:, at] == j) + top
        first = end + 1 + at
        lo, hi = min(int(rows[0]), int(theirs[0])), max(int(rows[-1]), int(theirs[-1]))
        out = out if out is not rules else rules.copy()
        out[lo : hi + 1, end + 1 : first + 1] = 255
    return out


def _runs(ink: np.ndarray, length: int, horizontal: bool) -> np.ndarray:
    """Straight runs of ink at least ``length`` long in one direction, small gaps bridged."""
    size = (length, 1) if horizontal else (1, length)
    bridge = (max(3, length // 4), 1) if horizontal else (1, max(3, length // 4))
    closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, bridge))
    return cv2.morphologyEx(closed, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, size))


def _ruled(runs: np.ndarray, across: np.ndarray, ink: np.ndarray, length: int, dpi: float,
           horizontal: bool) -> np.ndarray:
    """The runs that are rules: long ones, and short ones whose both ends meet a rule across them.

    A short run standing free is a stroke of a character (the 1 of a number, the 一 of 一、) and must stay
    text; a short rule of a table always ends on rules (a column that exists in one row only), and those are long
    (LONG_RULE times the shortest): a scan blurred along the feed draws a character's strokes long enough to be
    runs both ways, and its short strokes must not vouch for each other (制 became a little grid, and its strokes
    were taken out of the text as rules: 行政强制 read 行政强)."""
    reach = max(3, int(TOUCH_INCH * dpi))
    square = np.ones((2 * reach + 1, 2 * reach + 1), np.uint8)
    near = cv2.dilate(across, square)
    ends_on = cv2.dilate(_long(across, length, not horizontal), square)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
    keep = np.zeros(n, dtype=bool)
    page = runs.shape[1] if horizontal else runs.shape[0]
    for i in range(1, n):
        x, y, w, h, _ = stats[i]
        extent = w if horizontal else h
        if extent >= FREE_RULE_SHARE * page:
            keep[i] = True
            continue
        if horizontal:
            ends = (ends_on[y : y + h, x].any(), ends_on[y : y + h, x + w - 1].any())
        else:
            ends = (ends_on[y, x : x + w].any(), ends_on[y + h - 1, x : x + w].any())
        keep[i] = all(ends) or (extent >= LONG_RULE * length and bool(near[y : y + h, x : x + w].any())
                                and stats[i][cv2.CC_STAT_AREA] <= MAX_RULE_INCH * dpi * extent
                                and _clear_beside(ink, (x, y, w, h), reach * 2, horizontal)
                                and _straight(labels[y : y + h, x : x + w] == i, horizontal))
    return np.where(keep[labels], np.uint8(255), np.uint8(0))


def _straight(piece: np.ndarray, horizontal: bool) -> bool:
    """Does a run's ``piece`` (its mask in its box) lie along one straight line, as a rule does, slanted or not?
    A line of bold text whose strokes' runs joined into one steps up and down across the line's height (a
    sheet feeder's 1.本机关不掌握相关政府信 became a rule through its label cell, and the row's values lost their
    label). The middle of each column is fitted with a line; what is left, root mean square, must stay within
    STRAIGHT_RMS_PX."""
    along = piece if horizontal else piece.T
    counts = along.sum(axis=0)
    cols = np.flatnonzero(counts)
    if len(cols) < 3:
        return True
    middle = (along * np.arange(along.shape[0])[:, None]).sum(axis=0)[cols] / counts[cols]
    fit = np.polyval(np.polyfit(cols, middle, 1), cols)
    return float(np.sqrt(np.mean((middle - fit) ** 2))) <= STRAIGHT_RMS_PX


def _long(runs: np.ndarray, length: int, horizontal: bool) -> np.ndarray:
    """The stretches of ``runs`` at least LONG_RULE times ``length`` long in their own direction (an opening:
    cheaper than labelling the page's runs, and the same on a squared page, whose rules are straight)."""
    size = (LONG_RULE * length, 1) if horizontal else (1, LONG_RULE * length)
    return cv2.morphologyEx(runs, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, size))


def _clear_beside(ink: np.ndarray, box: tuple[int, int, int, int], reach: int, horizontal: bool) -> bool:
    """Is there mostly paper along both sides of a run? A rule has; a run made of text strokes (a degraded
    line of text) has characters above and below it."""
    x, y, w, h = (int(v) for v in box)
    if horizontal:
        sides = (ink[max(0, y - reach) : y, x : x + w], ink[y + h : y + h + reach, x : x + w])
    else:
        sides = (ink[y : y + h, max(0, x - reach) : x], ink[y : y + h, x + w : x + w + reach])
    return all(side.size == 0 or float((side > 0).mean()) < BESIDE_INK for side in sides)


def find_tables(rules: np.ndarray, dpi: float) -> list[GridTable]:
    """The ruled tables of a page (top to bottom), each with its cells."""
    page_w = rules.shape[1]
    n, _, stats, _ = cv2.connectedComponentsWithStats(rules, connectivity=8)
    tables = []
    for i in range(1, n):
        x, y, w, h, _ = stats[i]
        if w < MIN_TABLE_WIDTH * page_w or h < MIN_CELL_INCH * dpi * 2:
            continue
        cells = _cells(_framed(rules[y : y + h, x : x + w], dpi), (x, y), dpi)
        if len(cells) >= (MIN_CELLS if w < ROW_WIDTH * page_w else ROW_CELLS):
            tables.append(GridTable((int(x), int(y), int(x + w), int(y + h)), cells))
    tables.sort(key=lambda t: t.box[1])
    return tables


def _framed(rules: np.ndarray, dpi: float) -> np.ndarray:
    """The table's rules with a frame around them: a table broken across pages is printed without the rule
    under its last row (or above its first), and those rows must still be cells. Vertical rules that end
    short of the frame's top or bottom (within REACH_INCH) are carried on to it: the rules of a table cut by
    a page break end level in print, but not on a photographed page made flat again, and a gap of a pixel
    between a rule's end and the frame joins the cells on either side of the rule."""
    framed = rules.copy()
    reach = int(REACH_INCH * dpi)
    if framed.shape[0] > 2 * reach:
        for band in (framed[:2 * reach], framed[::-1][:2 * reach]):  # the top and the bottom, as views
            on = band > 0
            first = np.where(on[:reach].any(axis=0), on[:reach].argmax(axis=0), reach)
            rows = np.arange(2 * reach)[:, None]
            run = ((rows >= first) & (rows < first + reach) & ~on).any(axis=0)  # a gap within reach below it
            for c in np.flatnonzero((first > 0) & (first < reach) & ~run):
                band[: first[c], c] = 255
    cv2.rectangle(framed, (0, 0), (framed.shape[1] - 1, framed.shape[0] - 1), 255, FRAME_PX)
    return framed


def _cells(rules: np.ndarray, origin: tuple[int, int], dpi: float) -> tuple[GridCell, ...]:
    paper = cv2.bitwise_not(rules)
    n, _, stats, _ = cv2.connectedComponentsWithStats(paper, connectivity=4)
    h, w = rules.shape
    smallest = MIN_CELL_INCH * dpi
    boxes = []
    for i in range(1, n):
        x, y, bw, bh, _ = stats[i]
        if bw < smallest or bh < smallest:
            continue
        boxes.append((int(x), int(y), int(x + bw), int(y + bh)))
    if not boxes:
        return ()
    tol = EDGE_TOLERANCE_INCH * dpi
    rows = _boundaries([b[1] for b in boxes], tol)
    cols = _boundaries([b[0] for b in boxes], tol)
    ox, oy = origin
    cells = []
    for x0, y0, x1, y1 in boxes:
        r, c = _index(rows, y0, tol), _index(cols, x0, tol)
        rowspan = max(1, sum(1 for b in rows if y0 - tol <= b < y1 - tol))
        colspan = max(1, sum(1 for b in cols if x0 - tol <= b < x1 - tol))
        cells.append(GridCell(r, c, rowspan, colspan, (x0 + ox, y0 + oy, x1 + ox, y1 + oy)))
    cells.sort(key=lambda c: (c.row, c.col))
    return tuple(cells)


def _boundaries(edges: list[int], tol: float) -> list[float]:
    """Distinct edge positions: edges within ``tol`` of each other are one boundary."""
    out: list[list[int]] = []
    for e in sorted(edges):
        if out and e - out[-1][-1] <= tol:
            out[-1].append(e)
        else:
            out.append([e])
    return [sum(g) / len(g) for g in out]


def _index(boundaries: list[float], edge: int, tol: float) -> int:
    return min(range(len(boundaries)), key=lambda i: abs(boundaries[i] - edge))
