"""Producer-matrix documents and the fonts they are printed in: the faces of other designs (Kai, an old Song, a
condensed oblique face with proportional digits; eval/producers.py, branch prod5) and each fault the tuned fonts
showed in the readers, on the real PDF."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import eval_script

P = eval_script("producers")
NEW_FONTS = ("gkai", "wenkai", "gbsn", "smiley")


def _read(producer: str, font: str, layout: str, index: int, tmp_path: Path) -> dict:
    case = P.cases([producer], [font], [layout], index + 1, [])[index]
    result = P.run_case(case, tmp_path)
    assert result is not None and "produce_error" not in result, result
    return result


def test_the_new_faces_are_tuned_installed_and_print_digits():
    from fontTools.ttLib import TTFont

    for font in NEW_FONTS:
        family, face = P.FONTS[font]
        assert not P.is_held_out("chromium", font)
        assert face is not None and Path(face[0]).is_file(), f"{family}: scripts/test.sh installs it"
        assert all(ord(d) in TTFont(face[0], fontNumber=face[1]).getBestCmap() for d in "0123456789")


def test_a_band_qt_draws_under_a_header_a_page_cut_is_no_row(tmp_path):
    """wkhtmltopdf × LXGW WenKai: table 四's header breaks over two pages, and under it Qt draws an empty band
    over the ten 行政诉讼 columns, beside the five 行政复议 values that run down past it. Read as a row, its ten
    blanks came before the ten values printed under them: 10 cells wrong (flagged, extra values)."""
    if shutil.which("wkhtmltopdf") is None:
        pytest.fail("wkhtmltopdf is not installed: scripts/test.sh installs it")
    result = _read("wkhtmltopdf", "wenkai", "ruled", 1, tmp_path)
    assert result["wrong"] == 0, (result["wrong_keys"], result["review"])
    assert result["meta_right"] and not any("extra value" in r for r in result["review"])


@pytest.mark.parametrize("font", ["gkai", "gbsn"])
def test_a_wrapped_group_label_that_looks_like_a_heading_does_not_cut_an_unruled_table(font, tmp_path):
    """fpdf2 × AR PL KaitiM GB / SungtiL GB, unruled: fpdf2 keeps the 22 rows under 三、本年度办理结果 on one page,
    which at 10 pt these faces overflow, so the producer prints at 9 pt. There the group label's first line,
    三、本年度, falls between the lines of 3.补正后申 / 请内容仍不 / 明确 and was taken for a section heading: the
    table was cut there, the row's label halved and its 7 values read into no row (flagged)."""
    result = _read("fpdf2", font, "unruled", 1, tmp_path)
    assert result["wrong"] == 0, (result["wrong_keys"], result["review"])
    assert result["meta_right"] and not any("under no row label" in r for r in result["review"])


def test_an_outer_label_a_page_cut_is_joined_before_the_rows_own_label(tmp_path):
    """LibreOffice × WenQuanYi Zen Hei, unruled, table 三 cut by a page: wide glyphs in the narrow Word cell put
    三、本 beside （一）予以公开 and its values at the page's foot, and 年度办理结果 at the next page's head. Joined
    after the row's own label (三、本（一）予以公开年度办理结果), the group came last and the row's 7 values went
    to no row (flagged); the tail now completes the outer label, before the row's own."""
    if shutil.which("soffice") is None:
        pytest.fail("LibreOffice is not installed: scripts/test.sh installs it")
    result = _read("libreoffice", "wqy-zenhei", "unruled-cut", 1, tmp_path)
    assert result["wrong"] == 0, (result["wrong_keys"], result["review"])
    assert not any("under no row label" in r for r in result["review"])


def test_a_label_heading_the_next_page_left_of_the_cut_row_is_not_its_outer_labels_tail(tmp_path):
    """wkhtmltopdf × Smiley Sans, unruled: 4.保护第三方合法权益 at a page's foot, （三）不予公开 (the group's label,
    printed left of it) at the next page's head. It is not under the row's label, so it is no tail of an outer
    label inside it: put inside (4（三）不予公开.保护…), a value went to no row and flagged a record read right."""
    if shutil.which("wkhtmltopdf") is None:
        pytest.fail("wkhtmltopdf is not installed: scripts/test.sh installs it")
    result = _read("wkhtmltopdf", "smiley", "unruled", 0, tmp_path)
    assert result["wrong"] == 0, (result["wrong_keys"], result["review"])
    assert result["status"] == "ok", result["review"]


def test_a_group_label_alone_on_its_line_is_no_section_heading(tmp_path):
    """wkhtmltopdf × LXGW WenKai, unruled: the rowspan label 三、本年度办理结果 is printed alone on its line, between
    table 三's blank rows 4.–8. at the head of a page and its next values line. Numbered like a section heading, it
    was taken for a caption and cut the table there: the five blank rows above it were lost (42 cells wrong,
    flagged). A line naming a group whole is the table's own (四、政府信息公开行政复议、行政诉讼情况, which only
    contains a group's name, is still a heading)."""
    if shutil.which("wkhtmltopdf") is None:
        pytest.fail("wkhtmltopdf is not installed: scripts/test.sh installs it")
    result = _read("wkhtmltopdf", "wenkai", "unruled", 2, tmp_path)
    assert result["wrong"] == 0, (result["wrong_keys"], result["review"])
    assert not any("rows not found" in r for r in result["review"])
