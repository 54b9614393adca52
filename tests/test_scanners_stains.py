"""Stains over ruled tables (issue 13, ``stained`` style): a stain's streak lined up with a column rule is not a
piece of that rule. Fixture: a crop of a real scan, page 5 of the eval document ``m13-000.stained.s1.noto-sans``
(``eval/scanners.py --seed 13``), squared as the OCR squares it: the last row of table 三, then, below the
heading, the top of table 四, with a stain's streak running down between them in line with a column rule."""

from pathlib import Path

import cv2

from pipeline.ocr.binarize import ink_mask
from pipeline.ocr.grid import find_tables, rule_mask

DPI = 200
DATA = Path(__file__).resolve().parent / "data"


def test_a_stain_streak_in_line_with_a_column_rule_does_not_join_two_tables():
    """The streak (11 px thick, the rule 5 px) was taken for a faded scrap of the rule and joined table 三 to
    table 四: one grid whose rows read as runs of digits (124/198 cells, flagged). It fails on the base."""
    page = cv2.imread(str(DATA / "stained_streak_under_table.png"), cv2.IMREAD_GRAYSCALE)
    tables = find_tables(rule_mask(ink_mask(page, DPI), DPI, page), DPI)
    first = tables[0]
    assert first.box[3] < 160  # table 三 ends at its own bottom rule (row 147), not at table 四's (row 380)
    assert len(first.cells) == 8  # the row's label and its seven values
    assert all(t.box[1] > 250 for t in tables[1:])
