"""The producer qt (Qt 6's QTextDocument printed by QPdfWriter), tuned since stop 18: one real PDF for every fault
it showed in the readers (eval/producers.py, branch prod8q)."""

from __future__ import annotations

from conftest import eval_script, producer_case, read_exactly, text_layer_of

from pipeline.extract import extract_bytes
from pipeline.layout.furniture import foot_page_number
from pipeline.readers.pdf import text_layer

P = eval_script("producers")


def _chars(text: str, x: float, top: float, size: float = 10.0) -> list[dict]:
    return [{"text": ch, "x0": x + k * size, "x1": x + (k + 1) * size, "top": top, "bottom": top + size}
            for k, ch in enumerate(text)]


def test_a_bare_page_number_is_furniture_only_alone_at_the_foot_below_a_gap():
    """The page's number alone on the page's lowest line, in its bottom part, below a clear gap: furniture.
    The same digits as a table's last value (close under the row above), another number, or high on the page:
    not."""
    body = _chars("行政许可", 100, 700) + _chars("12", 400, 700)
    assert foot_page_number(body + _chars("4", 470, 735), 4, 0, 842) == _chars("4", 470, 735)
    assert [c["text"] for c in foot_page_number(body + _chars("- 4 -", 280, 800), 4, 0, 842)] == ["-", "4", "-"]
    assert foot_page_number(body + _chars("5", 470, 735), 4, 0, 842) == []  # not this page's number
    assert foot_page_number(body + _chars("4", 470, 712), 4, 0, 842) == []  # right under a row: a value
    assert foot_page_number(_chars("4", 470, 400), 4, 0, 842) == []  # mid-page
    assert foot_page_number(body + _chars("4", 470, 735) + _chars("合计", 100, 738), 4, 0, 842) == []


def test_page_numbers_and_rows_painted_off_the_page_are_not_read(tmp_path):
    """Qt prints the page's number at its foot, inside the frame of a rowspan label whose rules run down the
    page, and paints every row of a table on every page it spans, the page clipping the rest. The number was
    read as a value of table 三 and the off-page rules hid the row a page break cut, （六）其他处 | 理: 7 of 186
    cells wrong, every document flagged (values printed under no row label)."""
    case = producer_case(P, "qt", "wqy-microhei", "ruled", 0)
    result = read_exactly(P, case, tmp_path)
    assert not any("under no row label" in warning for warning in result["review"])


def test_digit_variants_qt_leaves_out_of_tounicode_are_read_not_sent_to_ocr(tmp_path):
    """Qt's subset of Noto Sans CJK has no cmap, and its /ToUnicode leaves out the digit glyphs its shaper took
    after ©: (cid:442)(cid:443) on the last page, which went to OCR (0.6 CPU s a page). Each is drawn like one
    digit the map gives: read as 2 and 0, no page goes to OCR."""
    case = producer_case(P, "qt", "noto-sans", "ruled", 0)
    data = P._pdf(case, tmp_path)
    text, usable = text_layer_of(data)
    assert "(cid:" not in text and "Copyright©20" in text
    assert usable
    record = extract_bytes(data, case.record["source"])
    assert record["pages_ocr"] == [] and record["pages_needing_ocr"] == []
    read_exactly(P, case, tmp_path)


def test_one_glyph_without_text_on_a_short_page_does_not_send_it_to_ocr(tmp_path):
    """Smiley Sans prints the × of 1920×1080 as multiply.number; Qt's /ToUnicode leaves it out and no glyph the
    map gives is drawn like it. On a full page one such glyph was already under the garbled share; on the short
    last page (the CMS footer alone) it sent the page to OCR (1.4 CPU s), which read the footer as a table with
    blank cells and flagged the record. One glyph is never garbling; two on a short page still are."""
    case = producer_case(P, "qt", "smiley", "unruled", 1)
    data = P._pdf(case, tmp_path)
    record = extract_bytes(data, case.record["source"])
    assert record["pages_ocr"] == [] and record["status"] == "ok", record["review"]
    read_exactly(P, case, tmp_path)

    class Page:
        images: list = []

        def __init__(self, text: str) -> None:
            self.chars = [{"text": t} for t in text]

    footer = "备案号：京ICP备05012345号-1建议使用1920{}1080分辨率浏览Copyright©2022AllRightsReserved"
    assert text_layer(Page(footer.format("(cid:448)"))).usable
    assert not text_layer(Page(footer.format("(cid:448)(cid:449)"))).usable
