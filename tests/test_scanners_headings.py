"""A section heading whose 、 the OCR lost still opens its section (issue 13, ``scan_app``).

Fixture: a crop of a real scan, page 2 of the eval document ``m103-002.scan_app.s1.uming``
(``eval/scanners.py --styles scan_app --docs 3 --seed 103``), squared as the OCR squares it, stored at 16 grey
levels, ten rows of paper repeated under it (a line within 0.25 inch of a scan's edge is the paper's shadow, not
read): the end of section 一 and the heading 二、主动公开政府信息情况 over table 二, which the OCR reads
``二主动公开政府信息情况``."""

from pathlib import Path

import cv2

from pipeline.document import Document, Paragraph
from pipeline.ocr.page import read_page
from pipeline.sections import find_sections

DPI = 200
DATA = Path(__file__).resolve().parent / "data"


def _doc(*texts: str) -> Document:
    return Document(source="t", format="pdf", blocks=[Paragraph(text=t) for t in texts])


def test_a_heading_read_without_its_mark_opens_its_section():
    """On the base section 二 was not found: the tables were read from sections 三 to 四 only, and table 二, printed
    between this heading and section 三, was "not found" (22 cells, flagged)."""
    items, _ = read_page(cv2.imread(str(DATA / "scan_app_heading_lost_mark.png"), cv2.IMREAD_GRAYSCALE), DPI, 2)
    lines = [block.text for _, block in items]
    assert lines[-1] == "二主动公开政府信息情况"
    doc = _doc("一、总体情况", *lines, "表", "三、收到和处理政府信息公开申请情况")
    sections = find_sections(doc)
    assert sections.found == [1, 2, 3]
    assert sections.segments[2][0].block == len(lines)  # the heading's own line


def test_prose_that_starts_with_the_numeral_opens_no_section():
    """Only a short line of its own, no sentence in it, is a heading without its mark: 二是… is prose."""
    doc = _doc("一、总体情况", "二是主动公开政府信息", "二主动公开工作稳步推进，取得了成效。")
    assert find_sections(doc).found == [1]
