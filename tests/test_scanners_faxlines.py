"""Rules on pages faxed at standard resolution (issue 13, ``g3_fax`` style).

A line error the receiver prints black from the error to the right edge is concealed before rule finding, so it
cannot cut a row of table 三 in two. Fixture: a real page made
by the style, page 4 of the eval document ``m61-001`` (``eval/scanners.py --styles g3_fax --seed 61``: Chromium's
print in Noto Sans CJK, table 三's rows 一 to (四)3) through :func:`pipeline.synth.scanner_styles.g3_fax` seeded
``probe64``, whose line error left a black line on rows 831–832 from column 660 to the edge, through the row
3.危及“三安全一稳定” and its seven 0s.

A row rule that drops out where it steps from one fax line to the next is carried on to the column rule it stops
short of. Fixture: a crop of a real scan, page 5 of the eval document ``m107-001.g3_fax.s1.noto-sans``
(``eval/scanners.py --styles g3_fax --fonts noto-sans --seed 107``), squared as the OCR squares it: table 三's rows
2.重复申请 to 4.无正当理由大量反复申请, the rule under row 3 missing for 49 px before a column rule and going on 3 px
higher past it.

A row rule that steps to the next fax line in open paper, with a gap of a few pixels at the step and no row shared
by its two pieces, is one rule. Fixture: a crop of a real scan, page 2 of the eval document
``m109-002.g3_fax.s1.uming`` (``eval/scanners.py --styles g3_fax --seed 109``), squared as the OCR squares it:
table 二's rows 行政处罚 and 行政强制, the rule between them on rows 1882-1884 up to column 349 (of the page) and on
rows 1879-1880 from column 356.

A line error that makes the receiver read the rest of a scan line's runs out of step (shifted along the line) cuts
every column rule from the error on and leaves dashes beside the strokes in the cells; it is concealed as well.
Fixture: page 5 of the eval document ``m61-000`` (``eval/scanners.py --styles g3_fax --seed 61``: Chromium's print in
Noto Serif CJK, table 三's rows (三)5 to (五)1) through :func:`pipeline.synth.scanner_styles.g3_fax`'s steps seeded
``probe59`` with one bit of its MH code flipped (the style flips 0-2 a page), stored as received: rows 679-680 read
out of step from column 295 to the edge, every column rule cut there, a dash before the 0 of 1.信访举报投诉类申请's
first value (read ``-0`` on the base). The class is the one that cost the lead's check document (seed 29, studied
openly at stop 23) its row 4.保护第三方合法权益: a 0 with dashes beside it read ``.0..``, the row lost (flagged)."""

import re
from pathlib import Path

import cv2
import numpy as np

from pipeline.ocr.binarize import ink_mask
from pipeline.ocr.faxlines import cut_lines, garbled_lines, without_garbled_lines
from pipeline.ocr.grid import find_tables, rule_mask
from pipeline.ocr.page import read_page

DPI = 200
DATA = Path(__file__).resolve().parent / "data"


def _page() -> np.ndarray:
    return cv2.imread(str(DATA / "g3_fax_garbled_line.png"), cv2.IMREAD_GRAYSCALE)


def test_a_garbled_scan_line_is_found_and_concealed():
    page = _page()
    lines = garbled_lines(page, DPI)
    assert len(lines) == 1
    y0, y1, x0 = lines[0]
    assert (y0, y1) == (831, 833) and 600 < x0 < 680  # the line starts in the row's label, left of its values
    fixed = without_garbled_lines(page, DPI)
    assert garbled_lines(fixed, DPI) == []
    changed = np.flatnonzero((fixed != page).any(axis=1))
    changed = changed[changed < 950]  # the page's line read out of step, rows 959-960, is concealed too (see below)
    assert changed.min() >= y0 - 1 and changed.max() <= y1  # the line and a row of rim either side, nothing else
    assert (fixed[:950, : x0] == page[:950, : x0]).all()


def test_a_row_a_garbled_scan_line_ran_through_reads_its_values():
    """On the base the line was a rule: the row's cells were cut in two, its values read blank (four at
    confidence 1.0) and their halves as a row of their own (0, V, blanks)."""
    items, _ = read_page(_page(), DPI, 4)
    rows: dict[int, list[str]] = {}
    for _, block in items:
        for cell in getattr(block, "cells", []):
            rows.setdefault(cell.row, []).append(cell.text)
    row = next(texts for texts in rows.values() if any("危及" in t for t in texts))
    assert row[-7:] == ["0"] * 7
    assert all(re.search("[\u4e00-\u9fff]", texts[0]) for texts in rows.values())  # no row of half values


def test_a_rule_broken_at_a_fax_step_is_carried_on_to_the_column_rule():
    """On the base the break (49 px, more than REACH_INCH) stayed open: the cell of row 3 and the one under it were
    one cell, read ``00`` (two stacked 0s), and row 4 printed 6 of its 7 values: the row was read blank (seed 107,
    565/572, flagged)."""
    crop = cv2.imread(str(DATA / "g3_fax_stepped_rule.png"), cv2.IMREAD_GRAYSCALE)
    tables = find_tables(rule_mask(ink_mask(crop, DPI), DPI, crop), DPI)
    assert len(tables) == 1
    cells = tables[0].cells
    assert all(c.rowspan == 1 for c in cells)
    assert sorted({c.row for c in cells}) == [0, 1, 2] and len(cells) == 27  # 3 rows of 9 (a sliver, a label, 7)


def test_rules_running_off_the_page_are_not_line_errors():
    """A table the scan cut at its right edge has many rules reaching the edge: none is taken out."""
    page = _page()
    for y in range(1700, 2300, 100):  # six rules from the table into the margin, as a cut table's rows
        page[y : y + 2, 300:] = 0
    assert garbled_lines(page, DPI) == []


def test_a_rule_stepping_to_the_next_fax_line_in_open_paper_is_one_rule():
    """On the base the step's gap (6 px, its pieces one row apart) stayed open: the labels 行政处罚 and 行政强制 were
    one cell, and 行政处罚's value was read as 行政强制's (seed 109, table 二 row 行政处罚 not found, flagged)."""
    crop = cv2.imread(str(DATA / "g3_fax_step_in_open_paper.png"), cv2.IMREAD_GRAYSCALE)
    tables = find_tables(rule_mask(ink_mask(crop, DPI), DPI, crop), DPI)
    assert len(tables) == 1
    cells = tables[0].cells
    assert all(c.rowspan == 1 for c in cells)
    assert sorted({c.row for c in cells}) == [0, 1] and len(cells) == 8  # 2 rows: a sliver, a label, a value, a sliver


def _out_of_step() -> np.ndarray:
    return cv2.imread(str(DATA / "g3_fax_line_out_of_step.png"), cv2.IMREAD_GRAYSCALE)


def test_a_line_read_out_of_step_is_found_and_concealed():
    page = _out_of_step()
    assert garbled_lines(page, DPI) == []  # not printed black: its runs are there, out of step
    lines = cut_lines(page, DPI)
    assert len(lines) == 1
    y0, y1, x0 = lines[0]
    assert (y0, y1) == (679, 681) and x0 <= 295  # from the last rule it leaves whole, before the error
    fixed = without_garbled_lines(page, DPI)
    assert cut_lines(fixed, DPI) == []
    changed = np.flatnonzero((fixed != page).any(axis=1))
    assert changed.min() >= y0 - 1 and changed.max() <= y1


def test_a_row_a_line_read_out_of_step_ran_through_reads_its_values():
    """On the base the dash the line left before the row's first 0 was read as a minus sign: ``-0``."""
    items, _ = read_page(_out_of_step(), DPI, 5)
    rows: dict[int, list[str]] = {}
    for _, block in items:
        for cell in getattr(block, "cells", []):
            rows.setdefault(cell.row, []).append(cell.text)
    row = next(texts for texts in rows.values() if any("信访举报" in t for t in texts))
    assert row[-7:] == ["0"] * 7


def test_the_black_line_page_has_a_line_read_out_of_step_too():
    """The page faxed as ``probe64`` got two line errors: the black line, and on rows 959-960 a line read out of step
    from the row 4.保护第三方合法权益's second value on (dashes beside its 0s, every column rule after it cut)."""
    lines = cut_lines(_page(), DPI)
    assert len(lines) == 1
    y0, y1, x0 = lines[0]
    assert (y0, y1) == (959, 961) and 900 < x0 < 1000


def test_print_is_not_a_line_read_out_of_step():
    """Rules broken at a fax step or by a copier, a halftone screen's dotted rules (their gaps at one height, beside
    columns solid through them), a table's frame and the lines of a paragraph set close cut no run of three rules or
    more to the right end."""
    for name in ("g3_fax_stepped_rule.png", "g3_fax_step_in_open_paper.png", "broken_rule_scrap_past_crossing.png",
                 "halftone_dotted_zero.png", "uming_stroke_under_table.png", "stained_streak_under_table.png",
                 "scan_app_bowed_rules.png", "scan_app_keystone_table.png", "feeder_bold_label_line.png"):
        page = cv2.imread(str(DATA / name), cv2.IMREAD_GRAYSCALE)
        assert cut_lines(page, DPI) == [], name


def test_a_clean_print_s_hairline_crossings_are_no_cut():
    """Table 三 laid out by Apache FOP (WenQuanYi Micro Hei; the band of
    ``tests/test_scanners.py::test_hairline_rules_of_a_clean_page_still_part_cells``, rendered at 200 dpi as the
    reader renders a page), stored as rendered: FOP's rules are one pixel, and where a column rule meets a row rule
    the renderer's smoothing leaves one pixel pale (127-139 of 255), a gap in the column rule at one height across
    every column of the table. Those gaps lie on a rule across, which a line read out of step prints as well, so
    they are crossings, not cuts; taken for cuts (stop 23), the row rules were concealed, rows merged and 3 read 30.
    A copy put to one bit (a bilevel scan of such a print) keeps its crossings too."""
    page = cv2.imread(str(DATA / "fop_hairline_crossings.png"), cv2.IMREAD_GRAYSCALE)
    assert cut_lines(page, DPI) == []
    for threshold in (100, 128, 150):
        assert cut_lines(np.where(page < threshold, 0, 255).astype(np.uint8), DPI) == [], threshold
    assert (without_garbled_lines(page, DPI) == page).all()
