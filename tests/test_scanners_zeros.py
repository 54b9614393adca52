"""A clean ``0`` read a little unsure (0.90–0.97) is confirmed by a second look and by its ring shape, so that a
right document is not flagged for it (issue 13, ``scan_app``).

Fixture ``scan_app_unsure_zeros.png``: a crop of a real scan, page 4 of the eval document
``m71-002.scan_app.s1.uming`` (``eval/scanners.py --styles scan_app --docs 3 --seed 71``), squared as the OCR
squares it, stored at 16 grey levels: table 三's rows (七)总计 and 四、结转下年度继续办理, every org column ``0``.
Fixture ``scan_not_zeros.png``: three cell crops of real scans, 50 px each, read ``4`` and ``8`` (the same page) and
``6`` (page 3 of ``m7-000.g3_fax.s1.noto-serif``, seed 7)."""

from pathlib import Path

import cv2

from pipeline.ocr.page import read_page
from pipeline.ocr.zeros import SURE, ring

DPI = 200
DATA = Path(__file__).resolve().parent / "data"


def test_clean_zeros_read_a_little_unsure_are_confirmed():
    """On the base four of these zeros read 0.91–0.95 (no identity covers the 小计 column: the record was flagged
    though every value was right); each is a ring and its second look reads 0, so each is taken as read."""
    page = cv2.imread(str(DATA / "scan_app_unsure_zeros.png"), cv2.IMREAD_GRAYSCALE)
    items, _ = read_page(page, DPI, 4)
    rows = [[(c.text, c.confidence) for c in row] for _, block in items for row in getattr(block, "rows", list)()]
    assert [t for t, _ in rows[0]][2:] == ["86", "0", "0", "0", "0", "0", "0", "86"]
    assert [t for t, _ in rows[1]][1:] == ["8", "0", "0", "0", "0", "0", "0", "8"]
    assert all(conf >= SURE for row in rows for text, conf in row if text == "0")


def test_other_digits_are_not_rings():
    """A 4 (its closed triangle), an 8 (two holes) and a 6 (its hole in one half) are not a 0's ring: a 0 read
    unsure in their place stays unsure."""
    strip = cv2.imread(str(DATA / "scan_not_zeros.png"), cv2.IMREAD_GRAYSCALE)
    assert not any(ring(strip[:, 50 * j : 50 * j + 50]) for j in range(3))
