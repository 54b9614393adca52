"""Stains over ruled tables (issue 13, ``stained`` style): a stain's streak lined up with a column rule is not a
piece of that rule. Fixture: a crop of a real scan, page 5 of the eval document ``m13-000.stained.s1.noto-sans``
(``eval/scanners.py --seed 13``), squared as the OCR squares it: the last row of table 三, then, below the
heading, the top of table 四, with a stain's streak running down between them in line with a column rule.

A stain's dark spot on a line of its own in a cell is not a digit. Fixture: a crop of a real scan, page 5 of the eval
document ``m7-000.stained.s1.noto-sans`` (``eval/scanners.py --seed 7``), squared as the OCR squares it: table 三's
last two rows (七)总计 and 四、结转下年度继续办理 from the natural persons' column on, a spot 17 px across above the 0 of
结转's sixth value (法人或其他组织 小计)."""

from pathlib import Path

import cv2

from pipeline.ocr.binarize import ink_mask
from pipeline.ocr.grid import find_tables, rule_mask
from pipeline.ocr.page import SPECK_CONFIDENCE, read_page

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


def test_a_stain_spot_above_a_zero_is_not_read_as_a_digit():
    """On the base the spot was a line of its own, read ``2`` (0.71), and the cell ``20`` (seed 7, flagged). The
    spot is left out of the cell's text, whose reading stays unsure: an identity must vouch for the 0."""
    page = cv2.imread(str(DATA / "stained_blot_over_zero.png"), cv2.IMREAD_GRAYSCALE)
    items, _ = read_page(page, DPI, 5)
    rows = [[(c.text, c.confidence) for c in row] for _, block in items for row in getattr(block, "rows", list)()]
    assert [t for t, _ in rows[0]] == ["2", "0", "0", "1", "0", "3", "6"]
    assert [t for t, _ in rows[1]] == ["0"] * 7
    assert rows[1][5][1] <= SPECK_CONFIDENCE
    assert all(conf >= 0.97 for i, (_, conf) in enumerate(rows[1]) if i != 5)
