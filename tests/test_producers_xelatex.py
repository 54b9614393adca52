"""The producer xelatex (xeCJK, longtable), tuned since stop 18: one real PDF for every fault it showed in the
unruled reader (eval/producers.py, branch prod8x)."""

from __future__ import annotations

from conftest import eval_script, producer_case, read_exactly

from pipeline.layout.furniture import foot_page_number
from pipeline.readers.pdf import read
from pipeline.readers.pdf_page import PdfiumPdf

P = eval_script("producers")
#: The printed number of the page the first test looks at.
PAGE_NUMBER = 2


def test_a_bare_page_number_is_no_value_of_an_unruled_table(tmp_path):
    """LaTeX's plain page style prints the page number alone, centred at the foot: ``2`` under table 三 was
    read as a values line, made a column of its own between 商业企业 and 科研机构 (every value after it one
    column right), and table 四's ``3`` a row of extra values: 50 of 198 cells wrong (flagged)."""
    case = producer_case(P, "xelatex", "wqy-microhei", "unruled", 0)
    pdf = PdfiumPdf(P._pdf(case, tmp_path))
    page = pdf.page(2)
    _, top, _, bottom = page.bbox
    found = foot_page_number(page.chars, PAGE_NUMBER, top, bottom)
    assert "".join(c["text"] for c in found) == str(PAGE_NUMBER)  # the page number, and none of the table's values
    read_exactly(P, case, tmp_path)


def test_a_row_numbering_set_apart_from_its_label_stays_with_it(tmp_path):
    """xeCJK puts glue between Latin and CJK text, so ``1.`` and ``属于`` are two words, and 国家秘, centred
    under both, stood over two words of the line above: taken for a header over two cells, it was not joined
    to them, and every row of （三）不予公开 got the label of another (2.国家秘密其他): 54 of 200 cells wrong."""
    case = producer_case(P, "xelatex", "gkai", "unruled", 1)
    doc = read(P._pdf(case, tmp_path), "x.pdf")
    labels = {c.text for t in doc.tables for c in t.cells if c.col == 0}
    assert "（三）不予公开1.属于国家秘密" in labels and "2.其他法律行政法规禁止公开" in labels
    read_exactly(P, case, tmp_path)


def test_a_header_with_nothing_under_it_before_the_next_section_is_a_blank_row(tmp_path):
    """Table 四 printed blank without rules is its header alone at the foot of page 3, and 五、… opens page 4:
    read as a header-only table, the mapper found no values and left the 15 cells missing. The blank row is
    read as blank cells, and said (the record is reviewed)."""
    case = producer_case(P, "xelatex", "wqy-zenhei", "unruled", 0)
    doc = read(P._pdf(case, tmp_path), "x.pdf")
    assert any("nothing under it before the next section" in w for w in doc.warnings)
    result = read_exactly(P, case, tmp_path)
    assert result["status"] != "ok"
