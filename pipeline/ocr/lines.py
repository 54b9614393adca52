"""Lines of text in a region of a page: the bands of rows that hold ink, and the ink's extent in each.

Printed reports set text in straight lines, so once the page is square a horizontal projection separates
them; the recogniser then reads each line crop without a detection model (the costly part of OCR). A line
of few characters can fall apart into thin bands (the strokes of 三, the dot over 主), so bands much thinner
than a line of text are joined to a neighbour while the two together are no taller than a line.
"""

from __future__ import annotations

import numpy as np

#: Rows with fewer ink pixels than this are paper (specks of noise).
MIN_ROW_INK = 2
#: A line holds at least this many ink pixels.
MIN_LINE_INK = 12
#: Height of a line of body text, inches (10.5–12 pt characters), unless the page says otherwise.
TEXT_HEIGHT_INCH = 0.16
#: A band thinner than this share of a line is a fragment; joined bands stay within this share of a line.
FRAGMENT = 0.6
JOINED = 1.25
#: Paper this many line heights wide splits a line outside the tables into separately read pieces.
SEGMENT_GAP = 1.5
#: A line taller than this many line heights may hold lines stacked in it (:func:`pieces`); its words are
#: cut at gaps of paper this many line heights wide.
STACKED = 1.5
WORD_GAP = 0.5
#: A piece whose words are all narrower than this many line heights (numbers, null markers, short header
#: words) may hold values of narrow neighbouring columns closer than SEGMENT_GAP (:func:`columns`).
SHORT_WORD = 4.0
#: Rows with at least this many pieces are a table's rows: their pieces show where its columns part.
MIN_ROW_PIECES = 3
#: Paper kept around a line's ink when it is cut out for the recogniser, as shares of the line's height:
#: cut tight, the recogniser drops the first and last characters.
PAD_SIDES = 0.6
PAD_ABOVE = 0.2

Box = tuple[int, int, int, int]


def text_lines(ink: np.ndarray, dpi: float, line_height: float | None = None) -> list[Box]:
    """Boxes (x0, y0, x1, y1) of the ink of each text line in ``ink`` (a binary region), top to bottom."""
    height = line_height or TEXT_HEIGHT_INCH * dpi
    bands = _join_fragments(_runs((ink > 0).sum(axis=1) >= MIN_ROW_INK), height)
    boxes = []
    h, w = ink.shape
    for y0, y1 in bands:
        band = ink[y0:y1] > 0
        if band.sum() < MIN_LINE_INK or y1 - y0 < FRAGMENT * height * 0.5:
            continue
        cols = np.flatnonzero(band.sum(axis=0))
        x0, x1 = int(cols[0]), int(cols[-1]) + 1
        boxes.append((x0, y0, x1, y1))
    return boxes


def segments(ink: np.ndarray, box: Box, height: float) -> list[Box]:
    """The line ``box`` cut at gaps of paper wider than :data:`SEGMENT_GAP` line heights: the columns of a
    table printed without rules, which read as one run of digits when cut as one line (59 and 23 as 5923)."""
    x0, y0, x1, y1 = box
    on = (ink[y0:y1, x0:x1] > 0).any(axis=0)
    gap = SEGMENT_GAP * height
    pieces: list[list[int]] = []
    for s, e in _runs(on):
        if pieces and s - pieces[-1][1] < gap:
            pieces[-1][1] = e
        else:
            pieces.append([s, e])
    return [(x0 + s, y0, x0 + e, y1) for s, e in pieces] or [box]


def pieces(ink: np.ndarray, box: Box, height: float, dpi: float) -> list[list[Box]]:
    """The line ``box`` cut into separately read pieces (:func:`segments`), each as the lines stacked in it,
    top to bottom (one for a piece of a plain line).

    A table printed without rules sets a label wrapped over two lines beside its row's values, centred between
    the two: the page's rows of ink run on from the label's first line through the values to its second, so
    the three make one band of the page, taller than a line. Such a band is cut at every gap between words
    (WORD_GAP line heights), each word looked at for stacked lines, and neighbouring words on the same lines
    within SEGMENT_GAP line heights made one piece again: the label (its lines read one by one,
    joined), then the values."""
    x0, y0, x1, y1 = box
    if y1 - y0 <= STACKED * height:
        return [[piece] for piece in segments(ink, box, max(height, y1 - y0))]
    groups: list[tuple[list[int], list[Box]]] = []
    for word in _words(ink, box, height):
        lines = _stacked(ink, word, height, dpi)
        if groups and word[0] - groups[-1][0][2] < SEGMENT_GAP * height and _same_lines(groups[-1][1], lines):
            groups[-1][0][2] = word[2]
        else:
            groups.append(([word[0], y0, word[2], y1], lines))
    return [_stacked(ink, tuple(g), height, dpi) for g, _ in groups]  # tight: a crop as tall as the band reads small


def columns(ink: np.ndarray, lines: list[list[list[Box]]], height: float) -> list[list[list[Box]]]:
    """The pieces of each line (:func:`pieces`, per line) with a piece of short words cut where the page's
    other table rows part columns.

    The narrow right-hand columns of a table printed without rules stand closer than SEGMENT_GAP line
    heights, so their values run into one piece and read as one number (6 and 872 as 6872). A gap between
    two words of a piece is a column's edge when another row (one of MIN_ROW_PIECES pieces or more) has one
    piece over the word on its left and another over the word on its right: the gap is measured against the
    columns the table shows, not a fixed width. In a table's row itself, the pieces after its label are its
    values: there every word gap parts columns (two columns whose values stand close in every row, 0 and 0,
    are parted by no other row). Only short words (SHORT_WORD) are cut off, and only after a piece's last long
    word (a label run up to its row's first value), so running text with a wide space is never split."""
    rows = [[piece[0] for piece in line] for line in lines if len(line) >= MIN_ROW_PIECES]
    out = []
    for line in lines:
        cut: list[list[Box]] = []
        for i, piece in enumerate(line):
            if len(piece) > 1:
                cut.append(piece)
                continue
            row = len(line) >= MIN_ROW_PIECES
            cut.extend([part] for part in _at_columns(ink, piece[0], height, rows, i > 0 and row, row))
        out.append(cut)
    return out


def _at_columns(ink: np.ndarray, box: Box, height: float, rows: list[list[Box]], values: bool,
                row: bool) -> list[Box]:
    """The piece cut where the table's columns part it: between two words where another row has one piece
    over the part so far and another over the next word (``values``: at every gap). In a table's ``row``,
    the short words after a piece's last long word may be cut off that way too (a label run up to its row's
    first value: ``…反复申请`` and ``0``, or a wrapped label's line ending in ``不`` beside a ``0``, closer than
    SEGMENT_GAP); a piece with a long word is never cut at every gap, nor anywhere outside a table's row."""
    words = _words(ink, box, height)
    long = [k for k, w in enumerate(words) if w[2] - w[0] > SHORT_WORD * height]
    if long:
        if not row:
            return [box]
        words = [(words[0][0], box[1], words[long[-1]][2], box[3]), *words[long[-1] + 1 :]]
        values = False
    if len(words) < 2:
        return [box]
    parts = [list(words[0])]
    for right in words[1:]:
        if values or any(_parted(parts[-1], right, other) for other in rows):
            parts.append(list(right))
        else:
            parts[-1][2] = right[2]
    return [(p[0], box[1], p[2], box[3]) for p in parts]


def _parted(left: Box | list[int], right: Box, row: list[Box]) -> bool:
    """Does ``row`` have one piece over ``left`` and a different one over ``right`` (x only)?"""
    over = [i for i, p in enumerate(row) if p[0] < left[2] and left[0] < p[2]]
    under = [i for i, p in enumerate(row) if p[0] < right[2] and right[0] < p[2]]
    return bool(over) and bool(under) and max(over) < min(under)


def _words(ink: np.ndarray, box: Box, height: float) -> list[Box]:
    """The line ``box`` cut at every gap of paper WORD_GAP line heights wide (:func:`segments` cuts at
    SEGMENT_GAP times its height argument)."""
    return segments(ink, box, WORD_GAP * height / SEGMENT_GAP)


def _same_lines(a: list[Box], b: list[Box]) -> bool:
    """Do two words stand on the same lines: both one line, or as many stacked lines, each pair overlapping
    by more than half the shorter? (A label wrapped beside another, set half a line lower, does not.)"""
    if len(a) != len(b):
        return False
    return len(a) == 1 or all(min(p[3], q[3]) - max(p[1], q[1]) > 0.5 * min(p[3] - p[1], q[3] - q[1])
                              for p, q in zip(a, b, strict=True))


def _stacked(ink: np.ndarray, box: Box, height: float, dpi: float) -> list[Box]:
    x0, y0, x1, y1 = box
    inner = text_lines(ink[y0:y1, x0:x1], dpi, height)
    return [(x0 + a, y0 + b, x0 + c, y0 + d) for a, b, c, d in inner] or [box]


def with_marks(ink: np.ndarray, box: Box, height: float) -> Box:
    """The piece ``box`` (found without specks) widened to the specks (``ink``: the specks only) beside its
    ends within WORD_GAP line heights: a line's closing full stop is a mark that small, and a crop cut short of
    a line's last mark drops its last character."""
    x0, y0, x1, y1 = box
    reach = round(WORD_GAP * height)
    right = np.flatnonzero((ink[y0:y1, x1:x1 + reach] > 0).any(axis=0))
    left = np.flatnonzero((ink[y0:y1, max(0, x0 - reach):x0] > 0).any(axis=0))
    return (max(0, x0 - reach) + int(left[0]) if len(left) else x0, y0,
            x1 + int(right[-1]) + 1 if len(right) else x1, y1)


def padded(box: Box, height: float, clip: Box) -> Box:
    """The box with paper around it in proportion to a line's ``height``, kept within ``clip``."""
    x0, y0, x1, y1 = box
    dx, dy = max(4, round(PAD_SIDES * height)), max(3, round(PAD_ABOVE * height))
    return (max(clip[0], x0 - dx), max(clip[1], y0 - dy), min(clip[2], x1 + dx), min(clip[3], y1 + dy))


def line_height(boxes: list[Box], dpi: float) -> float:
    """The height of a line of text on this page: the median of the lines of two characters or more."""
    heights = sorted(b[3] - b[1] for b in boxes if b[2] - b[0] >= 2 * (b[3] - b[1]))
    return float(heights[len(heights) // 2]) if heights else TEXT_HEIGHT_INCH * dpi


def _runs(on: np.ndarray) -> list[list[int]]:
    idx = np.flatnonzero(np.diff(np.concatenate(([0], on.astype(np.int8), [0]))))
    return [[int(s), int(e)] for s, e in zip(idx[::2], idx[1::2], strict=True)]


def _join_fragments(bands: list[list[int]], height: float) -> list[list[int]]:
    """Join each thin band to the nearer neighbour it fits with, until none can be joined."""
    changed = True
    while changed:
        changed = False
        for i, (s, e) in enumerate(bands):
            if e - s >= FRAGMENT * height:
                continue
            options = []
            if i > 0 and e - bands[i - 1][0] <= JOINED * height:
                options.append((s - bands[i - 1][1], i - 1))
            if i + 1 < len(bands) and bands[i + 1][1] - s <= JOINED * height:
                options.append((bands[i + 1][0] - e, i + 1))
            if options:
                _, j = min(options)
                a, b = min(i, j), max(i, j)
                bands[a:b + 1] = [[bands[a][0], bands[b][1]]]
                changed = True
                break
    return bands
