"""PDFium pages (pipeline/readers/pdf_page.py) give what pdfplumber's own pages give, at a fraction of the cost."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pdfplumber
import pytest

from pipeline.document import Table
from pipeline.layout.unruled import Pages
from pipeline.readers import pdf as pdf_reader
from pipeline.readers.normalize import normalize_text
from pipeline.readers.pdf_page import PdfiumPdf, font_descents, printed_boxes
from pipeline.readers.pdf_tables import TableText, find_tables

CORPORA = Path(__file__).resolve().parents[1] / "corpora"
#: Our own renderer (reportlab), a real Word export with vertical text and Times digits, and a WPS layout.
SAMPLES = [CORPORA / "pdf" / "synth-000.portrait.pdf", CORPORA / "real" / "hongze-2023.pdf",
           CORPORA / "pdf" / "pingtan-2019.wps.pdf"]
#: Points a character's corner may move between the two parsers (PDFium's 32-bit floats, its own advances).
CHAR_SLACK = 0.5


def _pages(path: Path):
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    data = path.read_bytes()
    with pdfplumber.open(io.BytesIO(data)) as plumbed:
        pdfium = PdfiumPdf(data)
        try:
            for number, page in enumerate(plumbed.pages, start=1):
                yield page, pdfium.page(number)
        finally:
            pdfium.close()


def _cells(items) -> list[tuple]:
    return [(c.row, c.col, c.text, tuple(round(v, 3) for v in c.bbox)) for _, b in items if isinstance(b, Table)
            for c in b.cells]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_tables_and_text_lines_are_pdfplumbers(path):
    for plumbed, pdfium in _pages(path):
        number = plumbed.page_number
        before = pdf_reader._page_blocks(plumbed, number, set(), set(), Pages(fold=normalize_text))
        after = pdf_reader._page_blocks(pdfium, number, set(), set(), Pages(fold=normalize_text))
        assert _cells(after) == _cells(before), (path.name, number)
        lines = [normalize_text(line["text"]) for line in pdfium.extract_text_lines(strip=True)]
        assert lines == [normalize_text(line["text"]) for line in plumbed.extract_text_lines(strip=True)]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_rules_and_characters_sit_where_pdfminer_puts_them(path):
    for plumbed, pdfium in _pages(path):
        def edges(page):
            return sorted((str(e["orientation"]), round(e["x0"], 3), round(e["top"], 3), round(e["x1"], 3),
                           round(e["bottom"], 3)) for e in page.edges)

        assert edges(pdfium) == edges(plumbed)
        assert pdfium.mediabox == plumbed.mediabox
        mine: dict[str, list[dict]] = {}
        for c in pdfium.chars:
            mine.setdefault(normalize_text(c["text"]), []).append(c)
        lost = [c for c in plumbed.chars if not any(
            all(abs(m[k] - c[k]) <= CHAR_SLACK for k in ("x0", "x1", "top", "bottom"))
            for m in mine.get(normalize_text(c["text"]), ()))]
        assert len(pdfium.chars) == len(plumbed.chars) and not lost, lost[:5]


def test_a_page_without_unicode_mapping_is_still_called_garbled():
    data = (CORPORA / "pdf" / "garbled" / "garbled-cid.pdf").read_bytes()
    pdfium = PdfiumPdf(data)
    try:
        layer = pdf_reader.text_layer(pdfium.page(1))
    finally:
        pdfium.close()
    assert not layer.usable and "cid" in layer.reason


def test_descriptor_descents_and_printed_boxes_are_read_from_the_bytes():
    data = (b"5 0 obj\n<</Type/FontDescriptor/FontName/ABCDEF+Song#20Ti/Ascent 880/Descent -120>>\nendobj\n"
            b"6 0 obj\n<</Type/FontDescriptor/FontName/Bare/Flags 4>>\nendobj\n"
            b"7 0 obj\n<</Type/Page/MediaBox[0 0 595.303937007874 841.889763779528]>>\nendobj\n")
    descents = font_descents(data)
    assert descents[b"ABCDEF+Song Ti"] == -120 and descents[b"Song Ti"] == -120 and descents[b"Bare"] == 0
    boxes = printed_boxes(data)
    assert 841.889763779528 in boxes.values() and 595.303937007874 in boxes.values()


def test_the_reader_reads_a_report_through_pdfium():
    doc = pdf_reader.read((CORPORA / "real" / "hongze-2023.pdf").read_bytes(), "hongze-2023.pdf")
    assert doc.page_count == 5 and not doc.pages_needing_ocr
    assert any(isinstance(b, Table) for b in doc.blocks)


def test_text_drawn_twice_for_fake_bold_reads_once_without_blanks():
    """Qt prints bold by drawing a line again a hair to the right; PDFium's text page keeps one copy and leaves
    the other object empty, which must not come out as spaces inside the words (一、 总 体 → 一、总体)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    from pipeline.synth.pdf_render import FONT_FILE

    pdfmetrics.registerFont(TTFont("FakeBoldFace", str(FONT_FILE), subfontIndex=0))
    out = io.BytesIO()
    sheet = canvas.Canvas(out, pagesize=A4)
    for word, y in (("一、总体情况", 700), ("二、主动公开政府信息情况", 650)):
        for shift in (0.0, 0.29):
            sheet.setFont("FakeBoldFace", 12)
            sheet.drawString(72 + shift, y, word)
        sheet.setFont("FakeBoldFace", 12)
    sheet.drawString(72, 600, "政府信息 公开")  # a printed space stays a space
    sheet.save()
    pdf = PdfiumPdf(out.getvalue())
    try:
        lines = [line["text"] for line in pdf.page(1).extract_text_lines()]
    finally:
        pdf.close()
    assert lines == ["一、总体情况", "二、主动公开政府信息情况", "政府信息 公开"], lines


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_tables_cells_and_text_are_pdfplumbers(path):
    """pdf_tables finds cells and their characters through indexes: the same tables, cells and text as
    pdfplumber's own ``find_tables`` and ``Table.extract``."""
    pdf = PdfiumPdf(path.read_bytes())
    tables = 0
    try:
        for number in range(1, len(pdf) + 1):
            page = pdf.page(number)
            texts = TableText(page.chars)
            ours, theirs = find_tables(page, pdf_reader.TABLE_SETTINGS), page.find_tables(pdf_reader.TABLE_SETTINGS)
            assert [t.cells for t in ours] == [t.cells for t in theirs], (path.name, number)
            for table in ours:
                tables += 1
                assert texts.extract(table.rows) == table.extract(), (path.name, number)
            page.close()
    finally:
        pdf.close()
    assert tables
