"""Which way up a page was scanned (0, 90, 180 or 270 degrees), found before deskewing.

Pages come upside down (fed the wrong way) or a quarter turn off (a portrait page scanned landscape). Two
cheap tests decide:

1. **Which way the lines run.** Printed lines leave blank rows of paper between them, so the projection of
   the ink across the lines alternates sharply between ink and paper; along the lines, characters follow one
   another with thin gaps that a reduced page fills. The direction whose projection alternates more is the
   direction of the lines.
2. **Which end is up.** A few line crops are read by the recogniser as they stand and turned half round;
   upright text gives many confidently read characters, upside-down text few, unsure ones. On a table page
   both projections alternate alike (rules and cells), so both quarter turns are read and compared.
"""

from __future__ import annotations

import cv2
import numpy as np

from .engine import recognise
from .lines import padded, segments, text_lines

#: The page is reduced to this resolution for both tests' line finding, and rules (runs longer than
#: RULE_INCH) are taken out of its ink, so that a table page is judged by the text in its cells.
REDUCED_DPI = 100
RULE_INCH = 0.4
#: Lines read for the up/down test, and the most line heights' width of each that is read.
PROBE_LINES = 3
PROBE_WIDTH_LINES = 9
#: One direction's projection must alternate this many times more than the other's to name the lines' run.
CLEAR = 1.15
#: An upright reading this confident over this many characters needs no comparison.
SURE = 0.95
SURE_CHARS = 8
#: A turn must give this many more confidently read characters than the page as it stands.
MIN_GAIN = 3.0
#: Height of a line of body text, inches.
LINE_INCH = 0.16


def quarter_turns(gray: np.ndarray, ink: np.ndarray, dpi: float) -> int:
    """``k`` such that ``np.rot90(gray, k)`` is upright."""
    text = _text_ink(ink, dpi)
    rows, cols = _alternation(text.sum(axis=1)), _alternation(text.sum(axis=0))
    scale = dpi / REDUCED_DPI
    portrait = gray.shape[0] >= gray.shape[1]
    if rows >= CLEAR * cols and portrait:
        axes = [(0, 2)]
    elif cols >= CLEAR * rows and not portrait:
        axes = [(1, 3)]
    else:  # a table page (both directions alternate alike: rows of digits across a turned table) or a page
        # whose shape contradicts its lines (an A4 page scanned a quarter turn off lies landscape): read both
        axes = [(0, 2), (1, 3)] if rows >= cols else [(1, 3), (0, 2)]
    upright = recognise(_probes(gray, text, scale))
    if axes[0] == (0, 2) and _sure(upright):
        return 0  # the common case, upright: its first reading settles it
    k, best = max((_which_end_up(gray, text, scale, turns) for turns in axes), key=lambda r: r[1])
    return k if best >= _evidence(upright) + MIN_GAIN else 0  # little text either way: leave the page be


def _sure(readings) -> bool:
    """Upright beyond doubt: enough characters, every line read with high confidence (upside-down or turned
    text never is: its best lines read at 0.5–0.8)."""
    return sum(len(r.text.strip()) for r in readings) >= SURE_CHARS and all(r.mean >= SURE for r in readings)


def _text_ink(ink: np.ndarray, dpi: float) -> np.ndarray:
    """The page's ink at :data:`REDUCED_DPI`, without its rules."""
    scale = REDUCED_DPI / dpi
    small = cv2.resize(ink, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    small = np.where(small > 64, np.uint8(255), np.uint8(0))
    n = max(9, int(RULE_INCH * REDUCED_DPI))
    rules = cv2.bitwise_or(cv2.morphologyEx(small, cv2.MORPH_OPEN, np.ones((1, n), np.uint8)),
                           cv2.morphologyEx(small, cv2.MORPH_OPEN, np.ones((n, 1), np.uint8)))
    return cv2.subtract(small, cv2.dilate(rules, np.ones((3, 3), np.uint8)))


def _alternation(profile: np.ndarray) -> float:
    p = profile.astype(np.float64)
    total = p.sum()
    return float(np.abs(np.diff(p)).sum() / total) if total else 0.0


def _which_end_up(gray: np.ndarray, text: np.ndarray, scale: float, turns: tuple[int, int]) -> tuple[int, float]:
    """Of the two half-turn-apart orientations ``turns``, the one read more confidently, and its confidence."""
    k = turns[0]
    crops = _probes(np.rot90(gray, k), np.ascontiguousarray(np.rot90(text, k)), scale)
    if not crops:
        return k, 0.0
    a = _evidence(recognise(crops))
    b = _evidence(recognise([np.ascontiguousarray(c[::-1, ::-1]) for c in crops]))
    return (turns[1], b) if b > a else (k, a)


def _evidence(readings) -> float:
    """Characters read, weighted by confidence: upright lines give many sure characters, turned ones few."""
    return float(sum(len(r.text.strip()) * r.mean for r in readings))


def _probes(gray: np.ndarray, text: np.ndarray, scale: float) -> list[np.ndarray]:
    """Full-resolution crops of a few well-inked lines of ordinary height, each cut to a bounded width.

    Lines are cut at wide gaps first: a row of a table is a row of cells, and a row of 0s reads as 0s whichever
    way up it stands, so it tells nothing; a run of several characters does."""
    height = LINE_INCH * REDUCED_DPI
    pieces = [p for line in text_lines(text, REDUCED_DPI) for p in segments(text, line, height)]
    boxes = [b for b in pieces if 0.6 * height <= b[3] - b[1] <= 1.6 * height and b[2] - b[0] >= 3 * height]
    boxes.sort(key=lambda b: -int((text[b[1]:b[3], b[0]:b[2]] > 0).sum()))
    h, w = gray.shape
    crops = []
    for x0, y0, x1, y1 in boxes[:PROBE_LINES]:
        half = int(PROBE_WIDTH_LINES * (y1 - y0) / 2)  # the middle of the line: the same piece either way up
        mid = (x0 + x1) // 2
        x0, x1 = max(x0, mid - half), min(x1, mid + half)
        box = tuple(round(v * scale) for v in (x0, y0, x1, y1))
        cx0, cy0, cx1, cy1 = padded(box, box[3] - box[1], (0, 0, w, h))
        crops.append(np.ascontiguousarray(gray[cy0:cy1, cx0:cx1]))
    return crops
