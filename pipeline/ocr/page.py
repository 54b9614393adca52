"""One scanned page into blocks: square it, find its ruled tables and their cells, find the text lines
outside them, and read every line crop with the recogniser in one batch.

The pieces read outside the ruled tables are words with their boxes, as a text layer gives them: tables printed
without rules among them are laid out by :mod:`pipeline.layout.unruled`, the PDF reader's own layout, so a
value (and a blank cell) is placed by where it is printed, not by how many values its line has.

Boxes are reported in the page's own frame (the scan as given, before squaring) and in the caller's unit:
PDF points for a page of a PDF, pixels for an image, so the review page can draw them on the source.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

import cv2
import numpy as np

from ..document import Block, Cell, Paragraph, Table
from ..layout.framed import framed_blocks
from ..layout.furniture import is_page_number
from ..layout.unruled import Pages, Word, unruled_tables
from .binarize import DASH_ASPECT, dash_shaped, faint_marks, ink_mask
from .border import clear_border
from .deskew import correction_angle, rotate
from .engine import LOOKALIKE, Reading, recognise, recognise_digits
from .faxlines import without_garbled_lines
from .grid import GridTable, find_tables, rule_mask
from .keystone import keystone, squared
from .lines import columns, line_height, padded, pieces, text_lines, with_marks
from .margin import with_margin
from .orient import quarter_turns
from .perspective import flattened
from .streaks import without_streaks
from .zeros import confirmed_zeros

#: Pixels trimmed inside a cell's region before looking for its text (what is left of the rules).
CELL_INSET = 2
#: Band along the edges of a scan where nothing is printed, only the shadow of the paper's edge (inches).
EDGE_INCH = 0.25
#: A line below this share of the page's line height is a fragment: only punctuation is taken from it.
FRAGMENT = 0.5
_PUNCTUATION = re.compile(r"^[\"'“”‘’,，.。、:：;；!！?？()（）《》\-—_~·…\s]*$")
#: Lines outside the tables read with less confidence than this are specks, stamps or shadows, not text.
MIN_LINE_SCORE = 0.5
#: Marks no larger than this (inches, both ways) are specks to line finding (a decimal point is 0.02 in).
SPECK_INCH = 0.025
#: A speck painted out of a crop takes this square of pixels round each of its pixels with it (its grey rim,
#: which binarising leaves out).
HALO = 5
#: A cell's line is grown up and down to the specks within this many inches of its top or bottom, speck after
#: speck, by at most GROW_SHARE of its height each way: a halftone screen breaks a light digit's round top and
#: bottom into loose dots (specks), which line finding leaves out and the crop's margin painted paper (0 read U).
#: Then left and right the same way (a screened 0's left stroke, dots only: its right stroke alone read う).
SPECK_STEP_INCH = 0.02
GROW_SHARE = 0.5
#: A crop read with less confidence than this (its least sure character) is read again through a 3×3 mean, and
#: the surer of the two readings kept: a halftone screen's dots read as strokes (a screened 4 read 停 at 0.09, 4
#: at 1.0 once the dots are merged into grey).
SECOND_LOOK = 0.9
#: A crop still read under SECOND_LOOK after the mean is read once more through a 3×3 minimum (its strokes a pixel
#: thicker each way, their gaps closed): a copy of a copy's threshold thins a light face's strokes and breaks them
#: (UMing's 5 without its stem read ``J`` at 0.43, 5 at 0.99 thickened; its 4 without the diagonal ``↓``, 4).
#: What it reads is kept under SECOND_LOOK (unsure): thickened, a 7 has read 1 at 0.92.
THICK_LOOK = np.ones((3, 3), np.uint8)
#: A printed minus sign (a hyphen: 7–11 px wide, 1–3 px high in 10.5 pt CJK fonts at 200 dpi) is at least this
#: share of a line's height wide and this many times wider than high; a mark before a number that is not is a
#: speck (4529 read as -4529), and the cell's confidence is held to SPECK_CONFIDENCE so that it is checked.
MINUS_WIDTH = 0.15
MINUS_ASPECT = DASH_ASPECT
SPECK_CONFIDENCE = 0.9
#: A line of a table cell read as one unsure character (under SECOND_LOOK) is a blot, not print, when its ink is solid
#: (at least BLOT_SOLIDITY of its convex hull: a digit's strokes leave paper inside it, a ``1``'s bar is no thicker
#: than the other digits') and its thickest point is at least BLOT_STROKES times the thickest stroke of the cell's
#: other lines: a stain's dark spot above a ``0`` read ``2``, and the cell read ``20``. It is left out of the cell's
#: text, whose confidence is held to SPECK_CONFIDENCE (an identity must vouch for what is left).
BLOT_SOLIDITY = 0.85
BLOT_STROKES = 1.5
#: A table cell read as at most this many unsure symbols (no digit, letter or ideograph) is read again as digits
#: (:func:`_as_digits`): a copy of a copy's threshold breaks thin strokes (a 4 without its diagonal read ``↓``).
#: So is a cell whose one line reads as one letter or ideograph (a broken 4 read 十, a screened 0 う, a fat
#: blurred 0 ``a``): no table of the report prints a lone letter in a cell, whose row it would lose.
BROKEN_GLYPH_CHARS = 2
BROKEN_GLYPH_CONFIDENCE = 0.5
#: A cell read as blank whose inside still holds marks larger than specks (left out as faint or not read at
#: all: a faded ``0``, or a stain over an empty cell) is blank only this surely: a lost value leaves every sum
#: as it was, so no identity can vouch for such a blank and the record is flagged (see pipeline/repair.py).
MARKED_BLANK_CONFIDENCE = 0.5
#: Marks within this many inches of a cell's sides are what the rules leave, not print.
MARKED_INSET_INCH = 0.02
_SPECK_MARKS = "-－—–−•·.,'`"
_NOTHING_MARKS = _SPECK_MARKS + "/／\\×"
#: Words a report prints for "nothing" in a cell (as the mapper's NULL_CELL): kept as read.
_NOTHING_WORDS = "无空"
_SIGNED = re.compile(f"^[{re.escape(_SPECK_MARKS)}]+\\s*\\d")
#: Letters the recogniser reads for digits in a cell that is otherwise a number.
_DIGIT_LOOKALIKES = str.maketrans(LOOKALIKE | {"，": ","})
_NUMBERISH = re.compile(f"^[\\d{re.escape(''.join(LOOKALIKE))},，.]+$")


@dataclass
class _Crop:
    box: tuple[int, int, int, int]  # the line's ink, pixels, squared page
    owner: int  # index of the cell or outside line it belongs to
    clip: tuple[int, int, int, int]  # what the crop may take in: the cell's inside, or the page
    joined: bool = False  # the next line of a piece that holds stacked lines: joined to the last without a space


def read_page(gray: np.ndarray, dpi: float, page: int, unit: float = 1.0,
              unruled: Pages | None = None) -> tuple[list[tuple[float, Block]], float]:
    """(top, block) pairs for a greyscale page image, and the turn applied to square it (degrees).

    ``unit``: the size of one pixel in the unit boxes are reported in (72/dpi for PDF points). ``unruled``:
    the document's tables printed without rules, page after page (its ``fold`` matches labels; it collects
    what is unsure, for the caller to join and report once every page is read, as the PDF reader does).
    """
    gray = without_streaks(gray, dpi)  # a feeder's glass dust: a line the page's whole length, not a rule
    gray = without_garbled_lines(gray, dpi)  # a fax's scan line lost to a line error: black or out of step
    gray, warp = flattened(gray, dpi)  # a photographed sheet in perspective, mapped back to a rectangle
    gray = clear_border(gray, dpi)  # an open lid's dark bands would be rules, cells and text
    gray, margin = with_margin(gray, dpi)  # a rule along the image's edge would be turned out of it
    scanned_shape = gray.shape
    ink = ink_mask(gray, dpi)
    turns = quarter_turns(gray, ink, dpi)
    if turns:  # fed upside down or a quarter turn off: stand it up before squaring
        gray, ink = np.ascontiguousarray(np.rot90(gray, turns)), np.ascontiguousarray(np.rot90(ink, turns))
    angle = correction_angle(ink)
    if angle:
        gray = rotate(gray, angle)
        ink = ink_mask(gray, dpi)
    rules = rule_mask(ink, dpi, gray)
    square = keystone(rules, dpi)
    if square is not None:  # a scanner app's page left in perspective: squared by its own rules
        gray = squared(gray, square)
        ink = ink_mask(gray, dpi)
        rules = rule_mask(ink, dpi, gray)
    tables = find_tables(rules, dpi)
    marks = cv2.bitwise_and(ink, cv2.bitwise_not(rules))
    # specks: marks of the page that small before the rules are taken out (what the rule mask leaves of a large
    # character's strokes is small too, and is print)
    specks = cv2.bitwise_and(marks, cv2.bitwise_xor(ink, _without_specks(ink, dpi)))
    faint, light = faint_marks(marks, gray, dpi)  # smudges, stains: not print
    text_ink = cv2.bitwise_and(marks, cv2.bitwise_not(light))
    cell_ink = _without_specks(text_ink, dpi)
    # the marks without the faint ones only, light pixels kept: a light face's thin digits, antialiased, are
    # mostly that light (the whole of a 1), so a cell that shows no line without them is looked at with them
    whole_ink = _without_specks(cv2.bitwise_and(marks, cv2.bitwise_not(faint)), dpi)
    stray = cv2.bitwise_or(specks, faint)  # painted out of the crops' margins
    kept = cv2.bitwise_and(marks, cv2.bitwise_not(stray))
    to_source = _back_to_source(gray.shape, angle, unit, turns, scanned_shape, warp, square, margin)

    cell_boxes = [c.box for t in tables for c in t.cells]
    crops = [_Crop(_offset(line, box[0] + CELL_INSET, box[1] + CELL_INSET), i, _inset(box))
             for i, box in enumerate(cell_boxes)
             for line in (_with_dots(_inside(specks, box), found, dpi) for found in _cell_lines(cell_ink, whole_ink, box, dpi))]
    marked = _outside_tables(text_ink, tables, dpi)
    outside = cv2.bitwise_and(marked, cv2.bitwise_not(specks))  # a speck far from print: a line or piece of its own
    lines = text_lines(outside, dpi)
    page_box = (0, 0, gray.shape[1], gray.shape[0])
    height = line_height([c.box for c in crops] + lines, dpi)
    cut = columns(outside, [pieces(outside, box, height, dpi) for box in lines], height)
    cut = [[[with_marks(cv2.bitwise_and(marked, specks), sub, height) for sub in piece] for piece in line]
           for line in cut]
    crops += [_Crop(sub, len(cell_boxes) + j, _between(line, i, page_box), joined=k > 0)
              for j, line in enumerate(cut) for i, piece in enumerate(line) for k, sub in enumerate(piece)]
    cuts = [padded(c.box, max(height, c.box[3] - c.box[1]), c.clip) for c in crops]
    images = [_unspecked(gray, stray, kept, c.box, cut) for c, cut in zip(crops, cuts, strict=True)]
    lines_of = Counter(c.owner for c in crops)
    in_cell = [c.owner < len(cell_boxes) for c in crops]
    read = _as_digits(images, _surer(images), in_cell,
                      [c.owner < len(cell_boxes) and lines_of[c.owner] == 1 for c in crops])
    read = confirmed_zeros(images, read, in_cell)  # a clean 0 read a little unsure: a second look and its ring

    texts: dict[int, list[str]] = {}
    scores: dict[int, float] = {}
    means: dict[int, float] = {}
    words: list[Word] = []  # the pieces outside the ruled tables, squared page, pixels
    blots = _blots(crops, read, cell_ink, len(cell_boxes))
    for k, (crop, reading) in enumerate(zip(crops, read, strict=True)):
        if k in blots:  # a stain's blot on a line of its own in a cell: not a digit, but the cell is checked
            scores[crop.owner] = min(scores.get(crop.owner, 1.0), SPECK_CONFIDENCE)
            continue
        text = reading.text.strip()
        if crop.box[3] - crop.box[1] < FRAGMENT * height and not _PUNCTUATION.match(text):
            continue  # a mark on its own line (a wrapped closing quote) read as characters it cannot be
        if crop.owner >= len(cell_boxes) and reading.mean < MIN_LINE_SCORE:
            continue  # a piece of a line outside the tables read unsure: a speck, a stamp, a punched hole
        if crop.owner >= len(cell_boxes) and text:
            words.append(Word(_cell_text([text]), *crop.box, confidence=round(reading.least, 4)))
        owned = texts.setdefault(crop.owner, [])
        if crop.joined and owned:
            owned[-1] += text  # a wrapped label's next line (CJK wraps need no space)
        else:
            owned.append(text)
        scores[crop.owner] = min(reading.least, scores.get(crop.owner, 1.0))
        means[crop.owner] = min(reading.mean, means.get(crop.owner, 1.0))

    for i, box in enumerate(cell_boxes):
        if texts.get(i) and _SIGNED.match(texts[i][0]) and _speck_first(_inside(cell_ink, box), _inside(gray, box),
                                                                         height, dpi):
            texts[i][0] = texts[i][0].lstrip(_SPECK_MARKS + " ")  # a speck before the number, not a minus sign
            scores[i] = min(scores.get(i, 1.0), SPECK_CONFIDENCE)  # read, but not sure: an identity must vouch
    print_marks = cv2.bitwise_and(marks, cv2.bitwise_not(specks))
    for i, box in enumerate(cell_boxes):
        if not _cell_text(texts.get(i, [])).strip() and _marked(print_marks, box, dpi):
            scores[i] = min(scores.get(i, 1.0), MARKED_BLANK_CONFIDENCE)

    items: list[tuple[float, Block]] = []
    owners = iter(range(len(cell_boxes)))
    for table in tables:
        cells = [Cell(text=_cell_text(texts.get(i, [])), row=gc.row, col=gc.col, rowspan=gc.rowspan,
                      colspan=gc.colspan, page=page, bbox=to_source(gc.box), confidence=round(scores.get(i, 1.0), 4))
                 for gc, i in zip(table.cells, owners, strict=False)]  # owners runs on over the tables
        items.extend(framed_blocks(Table(cells=cells).rows(), _width(table, unit), page))
    pages = unruled if unruled is not None else Pages()
    found = unruled_tables(words, page, pages.fold)
    pages.add(found)
    items.extend((_onto_source(block, to_source)[1], block) for _, block in found.blocks)
    for i, box in enumerate(lines, start=len(cell_boxes)):
        if found.covers(*box):
            continue  # read as a table printed without rules
        text = " ".join(t for t in texts.get(i, []) if t).strip()  # the pieces of a line stand apart
        if text and means.get(i, 0.0) >= MIN_LINE_SCORE and not is_page_number(text):
            bbox = to_source(box)
            items.append((bbox[1], Paragraph(text=text, page=page, bbox=bbox, confidence=round(scores[i], 4))))
    if turns:  # the tops are in the page as scanned: read in the order of the page stood up
        upright = np.linalg.inv(np.vstack([to_source.matrix, [0, 0, 1]]))[1]
        items = [(min(float(upright @ [*to_source.flat(x / unit, y / unit), 1]) for x in b.bbox[::2]
                      for y in b.bbox[1::2]), b) for _, b in items]
    items.sort(key=lambda item: item[0])
    return items, angle


def _onto_source(table: Table, to_source) -> tuple[float, float, float, float]:
    """Move a table laid out on the squared page (pixels) onto the page as scanned, in the caller's unit, as
    the ruled tables' cells are; returns its new box."""
    for cell in table.cells:
        if cell.bbox is not None:
            cell.bbox = to_source(cell.bbox)
    table.bbox = to_source(table.bbox)
    return table.bbox


def _without_specks(ink: np.ndarray, dpi: float) -> np.ndarray:
    """The ink without marks too small for any character (noise, a seal's leftovers, dust), so that they make
    no line or piece of their own. Only line finding reads this: the recogniser still sees a decimal point, and
    outside the tables a piece is widened to the marks at its ends (:func:`~pipeline.ocr.lines.with_marks`:
    a title whose box stops short of its last mark loses its last character)."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    small = max(2, round(SPECK_INCH * dpi))
    specks = (stats[:, cv2.CC_STAT_WIDTH] <= small) & (stats[:, cv2.CC_STAT_HEIGHT] <= small)
    specks[0] = False
    if not specks.any():
        return ink
    return np.where(specks[labels], np.uint8(0), ink)


def _unspecked(gray: np.ndarray, stray: np.ndarray, kept: np.ndarray, box: tuple[int, int, int, int],
               cut: tuple[int, int, int, int]) -> np.ndarray:
    """The crop ``cut`` of the page for the line ``box``, the ``stray`` marks (specks, faint marks) in its margin
    (outside ``box``) painted paper with their grey rim, never over the ``kept`` print. Line finding does not see
    them, but the recogniser reads the whole crop: a copier's smudge beside a cell's ``0`` read ``80`` or ``01``.
    A speck inside the box (a decimal point) is kept."""
    x0, y0, x1, y1 = cut
    crop = gray[y0:y1, x0:x1]
    margin = stray[y0:y1, x0:x1].copy()
    margin[max(0, box[1] - y0):max(0, box[3] - y0), max(0, box[0] - x0):max(0, box[2] - x0)] = 0
    if not margin.any():
        return crop
    crop = crop.copy()
    near = np.ones((3, 3), np.uint8)
    rim = cv2.dilate(margin, np.ones((HALO, HALO), np.uint8)) & ~cv2.dilate(kept[y0:y1, x0:x1], near)
    crop[rim > 0] = np.median(crop)
    return crop


def _marked(marks: np.ndarray, box: tuple[int, int, int, int], dpi: float) -> bool:
    """Does a cell hold marks (``marks``: the ink without rules and specks) away from its sides?"""
    x0, y0, x1, y1 = box
    inset = CELL_INSET + round(MARKED_INSET_INCH * dpi)
    return bool(marks[y0 + inset : max(y0 + inset, y1 - inset), x0 + inset : max(x0 + inset, x1 - inset)].any())


def _speck_first(ink: np.ndarray, grey: np.ndarray, height: float, dpi: float) -> bool:
    """Is the leftmost mark of a cell (``ink`` and ``grey``: the cell's inside) too short or not flat enough to be a
    minus sign (a speck of dirt or noise)? Its shape is read on the grey too (a minus blurred along a feeder's feed
    stays a minus: :func:`~pipeline.ocr.binarize.dash_shaped`)."""
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if n < 3:
        return False
    first = min(range(1, n), key=lambda i: stats[i][0])
    box = tuple(int(v) for v in stats[first][:4])
    return box[2] < MINUS_WIDTH * height or not (box[2] >= MINUS_ASPECT * box[3] or dash_shaped(grey, box, dpi))


def _cell_lines(cell_ink: np.ndarray, whole_ink: np.ndarray, box: tuple[int, int, int, int],
                dpi: float) -> list[tuple[int, int, int, int]]:
    """The text lines of a cell, found without light pixels (a stain's rim that runs into a digit would widen its
    line) unless that leaves the cell empty: then with them, so that no value of thin print is lost (a real
    report's light Song digits at 200 dpi read blank)."""
    return text_lines(_inside(cell_ink, box), dpi) or text_lines(_inside(whole_ink, box), dpi)


def _blots(crops: list[_Crop], read: list[Reading], ink: np.ndarray, cells: int) -> set[int]:
    """The crops (indices) that are blots in their table cell (BLOT_SOLIDITY, BLOT_STROKES): one unsure
    character on a line of its own, beside other lines of the same cell, whose ink is a solid spot much thicker
    than their strokes. ``ink``: the page's text ink (rules, specks and faint marks out); ``cells``: crops owned
    by an index below it are the tables' cells."""
    lines: dict[int, list[int]] = {}
    for k, crop in enumerate(crops):
        if crop.owner < cells:
            lines.setdefault(crop.owner, []).append(k)
    out: set[int] = set()
    for ks in lines.values():
        if len(ks) < 2:
            continue
        thick = {k: _thickest(ink, crops[k].box) for k in ks}
        for k in ks:
            others = max(thick[j] for j in ks if j != k)
            if (read[k].least < SECOND_LOOK and len(read[k].text.strip()) == 1 and others > 0
                    and thick[k] >= BLOT_STROKES * others and _solid(ink, crops[k].box)):
                out.add(k)
    return out


def _thickest(ink: np.ndarray, box: tuple[int, int, int, int]) -> float:
    """Half the thickness of the thickest stroke (or spot) of the ink in ``box``: its largest distance to paper."""
    x0, y0, x1, y1 = box
    mask = (ink[y0:y1, x0:x1] > 0).astype(np.uint8)
    return float(cv2.distanceTransform(mask, cv2.DIST_L2, 3).max()) if mask.any() else 0.0


def _solid(ink: np.ndarray, box: tuple[int, int, int, int]) -> bool:
    """Is the ink in ``box`` one solid spot: at least BLOT_SOLIDITY of its convex hull?"""
    x0, y0, x1, y1 = box
    mask = (ink[y0:y1, x0:x1] > 0).astype(np.uint8)
    points = cv2.findNonZero(mask)
    if points is None:
        return False
    hull = cv2.contourArea(cv2.convexHull(points))
    return hull > 0 and float(mask.sum()) >= BLOT_SOLIDITY * hull


def _surer(crops: list[np.ndarray]) -> list[Reading]:
    """The recogniser's readings of ``crops``, each crop read under SECOND_LOOK read again through a 3×3 mean and
    the reading whose least sure character is surer kept; then each still under it read through a 3×3 minimum
    (:data:`THICK_LOOK`), kept if surer but never surer than SECOND_LOOK: strokes thickened may join into another
    digit, so such a reading is an unsure one that an identity must vouch for (pipeline/repair.py)."""
    read = recognise(crops)
    looks = ((lambda crop: cv2.blur(crop, (3, 3)), 1.0), (lambda crop: cv2.erode(crop, THICK_LOOK), SECOND_LOOK))
    for look, most in looks:
        unsure = [k for k, r in enumerate(read) if r.least < SECOND_LOOK]
        for k, again in zip(unsure, recognise([look(crops[k]) for k in unsure]), strict=True):
            if again.least > read[k].least:
                read[k] = _at_most(again, most)
    return read


def _at_most(reading: Reading, confidence: float) -> Reading:
    """``reading`` no surer than ``confidence``: a reading got by a changed look at the crop is kept unsure."""
    return Reading(reading.text, min(reading.mean, confidence), min(reading.least, confidence))


def _broken_glyph(reading: Reading, alone: bool = False) -> bool:
    """Is a cell's reading a few symbols and nothing else (no digit, letter or ideograph): what a digit whose
    strokes a copier's threshold broke reads as (a 4 without its diagonal read ``↓`` or ``」``)? A cell of dashes
    or slashes alone (a printed "nothing") is not: it stays as read. ``alone``: the reading is its cell's only
    line, which may then be one letter or ideograph too (a broken 4 read 十, a screened 0 read う, a fat blurred
    0 read ``a`` surely): a label's wrapped last character stands on a line of its own, a cell's only line
    does not; a letter the tables read as a digit anyway (O, l) and a printed 无 stay as read."""
    text = reading.text.strip()
    if alone and len(text) == 1 and unicodedata.category(text)[0] == "L":
        return text not in LOOKALIKE and text not in _NOTHING_WORDS
    return (0 < len(text) <= BROKEN_GLYPH_CHARS and all(unicodedata.category(ch)[0] in "SP" for ch in text)
            and not all(ch in _NOTHING_MARKS for ch in text))


def _as_digits(crops: list[np.ndarray], read: list[Reading], in_cell: list[bool],
               alone: list[bool] | None = None) -> list[Reading]:
    """``read``, each table cell's crop read as :func:`_broken_glyph` read again as digits only, as printed and
    thickened (:data:`THICK_LOOK`), and kept as the digits it most resembles, with BROKEN_GLYPH_CONFIDENCE at
    most: an unsure number, which only an identity that holds over it (pipeline/repair.py) can vouch for, where
    the symbol would have lost its whole row. ``alone``: which crops are their cell's only line."""
    alone = alone or [False] * len(read)
    again = [k for k, (r, cell, one) in enumerate(zip(read, in_cell, alone, strict=True))
             if cell and _broken_glyph(r, one)]
    if not again:
        return read
    looks = recognise_digits([c for k in again for c in (crops[k], cv2.erode(crops[k], THICK_LOOK))])
    out = list(read)
    for j, k in enumerate(again):
        digits = max(looks[2 * j : 2 * j + 2], key=lambda r: r.least)
        if digits.text:
            out[k] = _at_most(digits, BROKEN_GLYPH_CONFIDENCE)
    return out


def _with_dots(specks: np.ndarray, box: tuple[int, int, int, int], dpi: float) -> tuple[int, int, int, int]:
    """The line ``box`` of a cell grown up and down through the ``specks`` over its columns that lie within
    SPECK_STEP_INCH of its edge, one after another (a screened digit's dotted top), by at most GROW_SHARE of its
    height each way; then left and right the same way through the specks over its rows (a screened 0 whose left
    stroke is a column of loose dots: the crop's margin painted them paper, and the right stroke alone read う)."""
    x0, y0, x1, y1 = box
    step, most = max(1, round(SPECK_STEP_INCH * dpi)), round(GROW_SHARE * (y1 - y0))
    rows = np.flatnonzero((specks[:, x0:x1] > 0).any(axis=1))
    top, bottom = y0, y1
    for r in rows[::-1]:  # upwards from the top edge
        if r < top and top - r <= step and y0 - r <= most:
            top = int(r)
    for r in rows:  # downwards from the bottom edge
        if r >= bottom and r - bottom < step and r + 1 - y1 <= most:
            bottom = int(r) + 1
    cols = np.flatnonzero((specks[top:bottom] > 0).any(axis=0))
    left, right = x0, x1
    for c in cols[::-1]:  # leftwards: a screened 0's left stroke, dots only, beside its joined right stroke
        if c < left and left - c <= step and x0 - c <= most:
            left = int(c)
    for c in cols:  # rightwards
        if c >= right and c - right < step and c + 1 - x1 <= most:
            right = int(c) + 1
    return (left, top, right, bottom)


def _outside_tables(text_ink: np.ndarray, tables: list[GridTable], dpi: float) -> np.ndarray:
    """The ink outside the tables and away from the edges of the scan (shadows of the paper's edge)."""
    outside = text_ink.copy()
    for t in tables:
        x0, y0, x1, y1 = t.box
        outside[y0:y1, x0:x1] = 0
    edge = int(EDGE_INCH * dpi)
    outside[:edge] = 0
    outside[-edge:] = 0
    outside[:, :edge] = 0
    outside[:, -edge:] = 0
    return outside


def _between(line: list[list[tuple[int, int, int, int]]], i: int,
             page: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """What the crop of piece ``i`` of a line may take in: the page, up to halfway to the pieces beside it
    (the values of narrow columns stand closer than a crop's paper on either side)."""
    left = (max(b[2] for b in line[i - 1]) + min(b[0] for b in line[i])) // 2 if i > 0 else page[0]
    right = (max(b[2] for b in line[i]) + min(b[0] for b in line[i + 1])) // 2 if i + 1 < len(line) else page[2]
    return (left, page[1], right, page[3])


def _inset(box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = box
    return (x0 + CELL_INSET, y0 + CELL_INSET, max(x0 + CELL_INSET, x1 - CELL_INSET), max(y0 + CELL_INSET, y1 - CELL_INSET))


def _inside(ink: np.ndarray, box: tuple[int, int, int, int]) -> np.ndarray:
    x0, y0, x1, y1 = _inset(box)
    return ink[y0:y1, x0:x1]


def _offset(box: tuple[int, int, int, int], dx: int, dy: int) -> tuple[int, int, int, int]:
    return (box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy)


def _cell_text(lines: list[str]) -> str:
    """A cell's lines joined as printed (CJK wraps need no space); a number's look-alike letters made digits."""
    text = "".join(lines)
    if _NUMBERISH.match(text) and (any(ch.isdigit() for ch in text) or len(text) == 1):
        return text.translate(_DIGIT_LOOKALIKES)  # a lone O in a table of numbers is a 0
    return text


def _width(table: GridTable, unit: float) -> float:
    return (table.box[2] - table.box[0]) * unit


def _back_to_source(shape: tuple[int, int], angle: float, unit: float, turns: int = 0,
                    scanned: tuple[int, int] | None = None, warp: np.ndarray | None = None,
                    square: np.ndarray | None = None, margin: int = 0):
    """Map a box on the squared page back onto the page as scanned (before its squaring by its rules, the
    homography ``square``, its quarter turns, its turn by ``angle``, the paper ``margin`` put round it and its
    flattening by the homography ``warp``), in the caller's unit. ``scanned``: the page's shape as turned (its
    margin included)."""
    h, w = shape
    inverse = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0) if angle else np.eye(3)[:2]
    inverse = np.vstack([inverse, [0, 0, 1]])
    sh, sw = scanned or shape
    for j in range(turns % 4, 0, -1):  # np.rot90 took (x, y) of a page W wide to (y, W - x): undo, last first
        width = sw if (j - 1) % 2 == 0 else sh
        inverse = np.array([[0, -1, width], [1, 0, 0], [0, 0, 1]], dtype=np.float64) @ inverse
    inverse = (np.array([[1, 0, -margin], [0, 1, -margin], [0, 0, 1]], dtype=np.float64) @ inverse)[:2]
    unwarp = None if warp is None else np.linalg.inv(warp)
    unsquare = None if square is None else np.linalg.inv(square)

    def convert(box: tuple[int, int, int, int]) -> tuple[float, float, float, float]:
        x0, y0, x1, y1 = box
        corners = np.array([[x0, y0], [x1, y0], [x0, y1], [x1, y1]], dtype=np.float64)
        if unsquare is not None:
            corners = cv2.perspectiveTransform(corners[None], unsquare)[0]
        corners = np.hstack([corners, np.ones((4, 1))]) @ inverse.T
        if unwarp is not None:
            corners = cv2.perspectiveTransform(corners[None], unwarp)[0]
        x0, y0 = corners.min(axis=0)
        x1, y1 = corners.max(axis=0)
        return tuple(round(float(v) * unit, 2) for v in (x0, y0, x1, y1))

    def flat(x: float, y: float) -> tuple[float, float]:
        """A point of the page as scanned (pixels) on the page before its quarter turns."""
        if warp is None:
            return x, y
        return tuple(cv2.perspectiveTransform(np.array([[[x, y]]], dtype=np.float64), warp)[0, 0])

    convert.matrix = inverse  # squared page → page before its flattening, pixels
    convert.flat = flat
    return convert
