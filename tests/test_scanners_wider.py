"""Tuned scanner styles sampled wider (issue 13, branch scan11w): failure classes that one document per style and
seed did not show. Fixtures are crops of real scans of ``eval/scanners.py --seed 61 --docs 3`` (Chromium's print
of a sampled report, scanned by the style), squared as the OCR squares them, or the very cell crops the
recogniser was given. Each test fails on the code before its fix."""

from pathlib import Path

import cv2
import pytest

from pipeline.document import Table
from pipeline.ocr.binarize import ink_mask
from pipeline.ocr.grid import find_tables, rule_mask
from pipeline.ocr.page import BROKEN_GLYPH_CONFIDENCE, _as_digits, _surer, read_page

DPI = 200
DATA = Path(__file__).resolve().parent / "data"


def _grey(name: str):
    return cv2.imread(str(DATA / name), cv2.IMREAD_GRAYSCALE)


def test_a_bold_label_line_blurred_along_the_feed_is_no_rule():
    """``m61-001.sheet_feeder.s1.noto-sans`` page 4, table 三: the label 1.本机关不掌握相关政府信/息 fills its
    cell's width, and its strokes, bold and blurred, joined into a staircase of runs as long and, on average, as
    thin as a rule. Taken for one, it cut the label cell in two, the row's values spanned both halves and the
    row was lost (7 cells, flagged). The label cell and the values beside it now share one row."""
    page = _grey("feeder_bold_label_line.png")
    tables = find_tables(rule_mask(ink_mask(page, DPI), DPI, page), DPI)

    def cell_at(x: int, y: int):
        return [c for t in tables for c in t.cells if c.box[0] <= x < c.box[2] and c.box[1] <= y < c.box[3]]

    label, value = cell_at(380, 150), cell_at(600, 150)
    assert len(label) == len(value) == 1
    assert cell_at(380, 60) == label  # the label's first line and its second are one cell
    assert (label[0].row, label[0].rowspan) == (value[0].row, value[0].rowspan)
    assert label[0].box[1] < 50 and label[0].box[3] > 200


def test_a_screened_zero_whose_left_stroke_is_dots_is_read_whole():
    """``m61-001.halftone.s1.uming`` page 3, table 三, row 5.属于三类内部事务信息: the halftone screen left one
    0's left stroke as a column of loose dots (specks), which line finding leaves out; the crop's margin painted
    them paper and the right stroke alone read う (0.59), so the row had 6 values of 7 and was lost. The line now
    grows sideways through such dots as it grows up and down."""
    items, _ = read_page(_grey("halftone_dotted_zero.png"), DPI, 1)
    rows = [[c.text for c in row] for _, b in items if isinstance(b, Table) for row in b.rows()]
    assert rows == [["5.属于三类内部事务信息", "0", "0", "0", "0", "0", "0", "0"]]


@pytest.mark.parametrize(("name", "digit"), [("copy_broken_four_cell.png", "4"), ("feeder_bold_zero_cell.png", "0")])
def test_a_cell_read_as_one_letter_is_read_again_as_digits(name: str, digit: str):
    """A cell whose one line reads as a lone letter or ideograph: ``m61-002.copy_of_copy.s1.uming`` page 2,
    table 二, a 4 whose diagonal the copies thinned away read 十 (0.67); ``m61-001.sheet_feeder.s1.noto-sans``
    page 4, a fat blurred 0 read ``a`` (0.99). Either lost its row. Read again as digits, each is what was
    printed, kept unsure (at most BROKEN_GLYPH_CONFIDENCE) for an identity to vouch for or a person to check;
    the same line as one of several in its cell (a label's wrapped last character) stays as read."""
    crops = [_grey(name)]
    read = _as_digits(crops, _surer(crops), [True], [True])
    assert read[0].text == digit and read[0].least <= BROKEN_GLYPH_CONFIDENCE
    kept = _as_digits(crops, _surer(crops), [True], [False])
    assert kept[0].text not in "0123456789"


def test_a_stroke_of_the_text_under_a_table_does_not_carry_a_column_rule_down():
    """Fixture: a crop of a real scan, page 5 of ``m7-000.holes.s1.uming`` (``eval/scanners.py --seed 7``), squared as
    the OCR squares it: table 四's last row (columns 复议 总计 to 复议后起诉 结果维持) and the paragraph under it, where
    the stem of UMing's 个 (问题4个) stands in line with a column rule. On the base the stem was rejoined to the rule
    as a scrap of it, the rule ran down through the paragraph, and the paragraph became a row of the table
    ("table 四: 4 extra value(s) after the row ignored", seven right documents of seed 7 flagged)."""
    page = cv2.imread(str(DATA / "uming_stroke_under_table.png"), cv2.IMREAD_GRAYSCALE)
    tables = find_tables(rule_mask(ink_mask(page, DPI), DPI, page), DPI)
    assert len(tables) == 1
    assert {c.row for c in tables[0].cells} == {0}  # the values' row only
    assert tables[0].box[3] < 120  # the table ends at its bottom rule (row 103), above the paragraph


def test_a_broken_rules_scrap_past_an_inner_crossing_is_still_put_back():
    """A scrap beyond an inner crossing is a piece of a broken rule: the table's other rules go on past that
    crossing. Fixture: a crop of a real scan, page 4 of ``m13-000.broken_rules.s1.uming`` (``eval/scanners.py --seed
    13``), squared as the OCR squares it: table 三's rows 4.保护第三方合法权益 and 5.属于三类内部事务信息 from the
    natural persons' column on. Left out as text past a table's edge, the scrap's cell joined its neighbour and the
    row 4.保护第三方合法权益 was read blank (7 cells, flagged)."""
    page = cv2.imread(str(DATA / "broken_rule_scrap_past_crossing.png"), cv2.IMREAD_GRAYSCALE)
    tables = find_tables(rule_mask(ink_mask(page, DPI), DPI, page), DPI)
    assert len(tables) == 1
    cells = tables[0].cells
    assert all(c.rowspan == 1 and c.colspan == 1 for c in cells)
    assert len(cells) == 18  # two rows of nine

