"""The producer iText 5 and the fonts AR PL UKai and HanaMinA (tuned since stop 19, branch prod9i): one real PDF
of ``eval/producers.py``'s matrix for each fault they showed in the readers and the mapper."""

from __future__ import annotations

import shutil

import pytest
from conftest import eval_script, producer_case, read_exactly

from pipeline.readers.pdf_page import PdfiumPdf

P = eval_script("producers")


@pytest.fixture
def _java():
    if shutil.which("java") is None or shutil.which("javac") is None:
        pytest.skip("a JDK is not installed: scripts/install_producers.sh installs it with libitext5-java")


def test_a_table_four_printed_blank_whose_row_itext_draws_at_no_height_reads_blank(_java, tmp_path):
    """iText draws a row whose cells are all empty at no height: table 四's 15 blank cells lie on the header's
    bottom rule, no row of the grid, and the table was "not found" (15 of 200 cells wrong, flagged)."""
    case = producer_case(P, "itext", "wqy-zenhei", "ruled", 1)
    assert all(case.record["fields"][f"review.{c}"] is None for c in ("upheld", "total"))
    data = P._pdf(case, tmp_path)
    pdf = PdfiumPdf(data)
    try:
        page = next(pdf.page(n) for n in range(len(pdf), 0, -1)
                    if "结果维持" in "".join(c["text"] for c in pdf.page(n).chars))
        flat = [o for o in page.objects.get("curve", []) + page.objects.get("rect", []) if o["bottom"] == o["top"]]
        assert len(flat) >= 15  # the blank row: its cells drawn, each with no height
    finally:
        pdf.close()
    result = read_exactly(P, case, tmp_path)
    assert result["status"] != "ok"  # said, so that a person confirms the blanks
    assert any("no values row" in w for w in result["review"])


def test_a_page_of_blank_rows_goes_on_in_the_columns_of_the_table_the_page_before_ended_with(_java, tmp_path):
    """A page holding only table 三's blank rows (labels wrapped in a narrow column, no values line) after a
    page that ended with the table: with no values there were no columns, the labels were running text, and a
    label wrapped over lines (7.属于行 / 政执法案 / 卷) matched no row (7 cells not found, flagged). The rows go
    on in the columns the table had on the page before (so in cairo's, qt's and xelatex's PDFs of the matrix)."""
    from pipeline.readers.pdf import read

    case = producer_case(P, "itext", "droid", "unruled-cut", 1)
    doc = read(P._pdf(case, tmp_path), "x.pdf")
    pages = {c.page for t in doc.tables for c in t.cells}
    blank = [t for t in doc.tables if t.page not in (None, min(pages))
             and all(not c.text for c in t.cells if c.col > 0) and len(t.rows()) >= 10]
    assert blank, "a table of blank rows only"
    labels = [c.text for c in blank[0].cells if c.col == 0]
    assert "7.属于行政执法案卷" in labels and all(len(r) == len(blank[0].rows()[0]) for r in blank[0].rows())
    read_exactly(P, case, tmp_path)


def test_wkhtmltopdf_rows_a_page_break_parts_keep_their_labels_and_table_four_its_columns(tmp_path):
    """wkhtmltopdf in AR PL UKai (a font tuned since stop 19). At the head of page 3, 形） (the tail of a label cut
    by the break), then 1.属于国家秘密 drawn with its label cells a band lower than its values: the values took
    形） for their label (8 cells wrong). On page 4, the feet of table 四's rowspan header cells, which Qt paints
    above the page, stood as 15 empty cells over the values: the values went five columns right, every group
    total holding (15 cells wrong, and with table 三 right, status ``ok``)."""
    if shutil.which("wkhtmltopdf") is None:
        pytest.skip("wkhtmltopdf is not installed: scripts/test.sh installs it")
    result = read_exactly(P, producer_case(P, "wkhtmltopdf", "ukai", "ruled", 0), tmp_path)
    assert result["status"] == "ok"


def test_a_header_set_one_character_a_line_at_a_page_foot_heads_the_values_on_the_next(tmp_path):
    """MuPDF in HanaMinA sets table 三's header one character a line in its narrow columns (自 / 然 / 人, 小 / 计),
    at the foot of page 3, the values on page 4: line by line the header named no column, it was lost, and with it
    小计 (one value too many each row: 28 cells wrong, flagged). Its cells, joined down their columns, name them."""
    case = producer_case(P, "mupdf", "hanamin", "unruled", 0)
    pdf = PdfiumPdf(P._pdf(case, tmp_path))
    try:
        chars = {c["text"]: c for c in pdf.page(3).chars}
    finally:
        pdf.close()
    for upper, lower in (("自", "然"), ("小", "计")):  # the header as printed: one character a line
        assert chars[lower]["top"] >= chars[upper]["bottom"] - 1 and abs(chars[lower]["x0"] - chars[upper]["x0"]) < 1
    assert read_exactly(P, case, tmp_path)["status"] == "ok"
