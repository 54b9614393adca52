"""The producer xhtml2pdf (reportlab underneath), tuned since stop 17: one real PDF for every fault it showed in
the readers (eval/producers.py, branch prod7)."""

from __future__ import annotations

from conftest import eval_script, producer_case, read_exactly

from pipeline.readers.pdf import TABLE_SETTINGS
from pipeline.readers.pdf_page import PdfiumPdf
from pipeline.readers.pdf_tables import TableText, find_tables

P = eval_script("producers")


def _table_three(data: bytes):
    """The page holding table 三 and the table itself (the one with the most rows)."""
    pdf = PdfiumPdf(data)
    for number in range(1, len(pdf) + 1):
        page = pdf.page(number)
        if "申请人情况" in "".join(c["text"] for c in page.chars):
            return page, max(find_tables(page, TABLE_SETTINGS), key=lambda t: len(t.rows))
    raise AssertionError("table 三 not found")


def test_labels_printed_past_their_cells_sides_stay_in_their_cell(tmp_path):
    """xhtml2pdf centres a label too long for its narrow cell and lets it run out over both sides: 4.保护第三方
    合法权益's last ideographs over 自然人's value, （二）部分公开（区分处理的…）out of the table's left side.
    Taken character by character, labels were cut among cells and values read 益0: 26 of 221 cells wrong."""
    case = producer_case(P, "xhtml2pdf", "wqy-zenhei", "ruled", 0)
    page, table = _table_three(P._pdf(case, tmp_path))
    overflow = TableText(page.chars).overflows(table)
    left = table.bbox[0]
    assert any(box[0] < left for box in overflow.boxes)  # the PDF really prints labels out of the table
    rows = TableText(page.chars).extract(table.rows, overflow.moved)
    texts = {text for row in rows for text in row if text}
    assert "4.保护第三方合法权益" in texts and "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" in texts
    read_exactly(P, case, tmp_path)


def test_two_labels_printed_over_each_other_on_one_line_stay_apart(tmp_path):
    """In Smiley Sans, （五）不予处理 (centred on its rowspan) and 3.要求提供公开出版物 (overflowing its cell) share
    a line and overlap; 3 starts 0.06 pt after 予 ends, 处 right where 予 ends. Chained in order of position,
    3 went after 予 and both labels came out cut (（五）不予3处.要理求…): 15 values in no row (flagged)."""
    case = producer_case(P, "xhtml2pdf", "smiley", "ruled", 1)
    page, table = _table_three(P._pdf(case, tmp_path))
    texts = TableText(page.chars)
    rows = texts.extract(table.rows, texts.overflows(table).moved)
    cells = {text for row in rows for text in row if text}
    assert "（五）不予处理" in cells and "3.要求提供公开出版物" in cells
    read_exactly(P, case, tmp_path)
