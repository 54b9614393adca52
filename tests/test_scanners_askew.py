"""A table left a little askew: its bottom rule slants by a few pixels, and a stroke of the text under it in line
with a column rule is still not a scrap of that rule (issue 13, ``scan_app``).

Fixture: a crop of a real scan, page 5 of the eval document ``m89-001.scan_app.s1.uming``
(``eval/scanners.py --styles scan_app --docs 3 --seed 89 --fonts uming``), squared as the OCR squares it (table 四
is too short for :mod:`pipeline.ocr.keystone` to square the page by, so its rules still slant about 10 px over the
page's width), stored at 16 grey levels: table 四 at the top of the page, the heading 五、存在的主要问题及改进情况 and
the first lines of the paragraph under it."""

from pathlib import Path

import cv2

from pipeline.ocr.binarize import ink_mask
from pipeline.ocr.grid import find_tables, rule_mask

DPI = 200
DATA = Path(__file__).resolve().parent / "data"


def test_a_text_stroke_under_an_askew_table_does_not_carry_its_column_rule_down():
    """On the base a stroke of the paragraph's first line (0.55 inch under the bottom rule, in line with the column rule between 尚未审结 and
    总计) was put back as a scrap of that rule: the table's frame took the heading and the paragraph's first line in
    as a row of cells, its text read as values (review.upheld 2301, table 四's row shifted: 7 cells wrong, flagged).
    The column rules that end on the slanting bottom rule at its far end poked past the fixed window that looked
    for rules going on beyond it."""
    page = cv2.imread(str(DATA / "scan_app_askew_table_edge.png"), cv2.IMREAD_GRAYSCALE)
    tables = find_tables(rule_mask(ink_mask(page, DPI), DPI, page), DPI)
    assert len(tables) == 1
    assert tables[0].box[3] < 480  # the bottom rule (rows 452-460), not the paragraph's first line (row 594)
    assert all(cell.box[3] < 480 for cell in tables[0].cells)
