"""The tuned producers MuPDF (PyMuPDF's Story) and cairo (``pdftocairo -pdf``): one real PDF each for every
fault they showed in the readers (eval/producers.py)."""

from __future__ import annotations

import shutil

import pypdfium2
import pytest
from conftest import eval_script, producer_case, read_exactly

from pipeline.readers.pdf_page import MAX_DESCENT_EM, font_descents

P = eval_script("producers")


def _needs(*tools: str) -> None:
    for tool in tools:
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is not installed: scripts/test.sh installs it")


def test_a_font_whose_descent_is_its_bounding_box_keeps_its_characters_in_their_rows(tmp_path):
    """cairo re-embeds Noto Serif CJK as Type 1 with /Descent -1049 (the FontBBox's foot): boxed from it, every
    character hung below its baseline, the second line of a header (商业企|业) fell into the values row and
    60 of 186 cells were wrong (flagged)."""
    _needs("chromium", "soffice", "pdftocairo")
    case = producer_case(P, "cairo", "noto-serif", "ruled", 1)
    data = P._pdf(case, tmp_path)
    assert min(font_descents(data).values()) < -1000 * MAX_DESCENT_EM  # the PDF really prints such a descent
    assert read_exactly(P, case, tmp_path)["status"] == "ok"


def test_digits_in_a_type3_font_stay_on_the_line_of_their_label(tmp_path):
    """cairo writes the digits a fallback face gave Droid Sans Fallback as a Type 3 font, which has no descent:
    boxed from the baseline up they stood 0.4 em above the label's ideographs, and table 二's values
    (行政许可 275) came out a line of their own: the rows read blank."""
    _needs("chromium", "soffice", "pdftocairo")
    case = producer_case(P, "cairo", "droid", "unruled-cut", 0)
    assert b"/Type3" in P._pdf(case, tmp_path)
    read_exactly(P, case, tmp_path)


def test_labels_in_cells_that_lost_their_rules_are_read_and_a_wrapped_title_gives_the_year(tmp_path):
    """MuPDF draws no side of a rowspan label cut by a page break where it goes on, so the label cells of
    （六）其他处理 and 四、结转下年度继续办理 beside it lost their top rule: pdfplumber found no cell, the labels
    were in no cell and no line (14 cells wrong). The title wraps after 工作 and the sidebar names the year
    before: the year was the sidebar's."""
    read_exactly(P, producer_case(P, "mupdf", "wqy-microhei", "ruled", 1), tmp_path)


def test_a_sub_row_label_without_its_cell_is_read_not_given_to_the_outer_row(tmp_path):
    """MuPDF lost the cell of 1.申请人无正当理由逾期不补正… beside （六）其他处理 (cut by a page break): its values
    went to （六） as one row. The label is read from the gap between the row's cells."""
    read_exactly(P, producer_case(P, "mupdf", "wqy-microhei", "ruled-cut", 1), tmp_path)


def test_other_handling_with_values_of_its_own_beside_its_sub_rows_flags_the_record():
    """The same loss on any format: a sub-row of （六）其他处理 printed without its label gave （六） its values
    as one row, and no identity tells the two apart: it came out ok with 7 cells wrong."""
    from pipeline.extract import extract_bytes
    from pipeline.synth.generate import synth_record
    from pipeline.synth.html_render import render_html

    record = synth_record(3, "x.html", ("2021",))
    label = "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    html = render_html(record, "cms").decode("utf-8")
    assert label in html and "requests.other_no_correction.total" in record["fields"]
    out = extract_bytes(html.replace(label, "").encode("utf-8"), "x.html")
    assert out["status"] != "ok"
    assert any("beside its sub-rows" in r for r in out["review"]), out["review"]


def test_table_four_values_printed_on_one_line_in_two_tables_are_read_left_to_right(tmp_path):
    """MuPDF made table 四's five 行政复议 value cells a table of their own, read after the ten 行政诉讼 ones:
    the groups came out swapped with every group total holding, status ok."""
    read_exactly(P, producer_case(P, "mupdf", "wqy-microhei", "ruled-cut", 0), tmp_path)


def test_a_minus_printed_as_a_non_breaking_hyphen_is_a_value_of_a_table_without_rules(tmp_path):
    """MuPDF prints a minus as U+2011: table 二's row 行政处罚 24 ‑5 195, printed without rules, was no values
    line, and 24 ‑5 went into its label (flagged, 3 cells wrong)."""
    case = producer_case(P, "mupdf", "noto-mono", "unruled", 2)
    pdf = pypdfium2.PdfDocument(P._pdf(case, tmp_path))
    try:
        text = "".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()
    assert "\u2011" in text  # the producer really prints the non-breaking hyphen
    assert read_exactly(P, case, tmp_path)["status"] == "ok"


def test_a_blank_row_at_a_page_foot_is_not_joined_with_the_row_heading_the_next_page(tmp_path):
    """Unruled, table 三 cut by the page: 5.要求行政机关确认或重新出具已获取信息 (blank) ends one page and
    1.申请人无正当理由逾期不补正… with its values heads the next. The two labels were joined as one row cut in
    two, and row 5 was lost (flagged). Both name a row whole: two rows."""
    read_exactly(P, producer_case(P, "mupdf", "noto-sans", "unruled-cut", 0), tmp_path)
