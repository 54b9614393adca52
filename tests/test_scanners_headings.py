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


#: Each section's heading as the 2019 template prints it (section number → heading).
_PRINTED = {1: "一、总体情况", 2: "二、主动公开政府信息情况", 3: "三、收到和处理政府信息公开申请情况",
            4: "四、政府信息公开行政复议、行政诉讼情况", 5: "五、存在的主要问题及改进情况", 6: "六、其他需要报告的事项"}


def test_both_heading_patterns_read_every_heading_alike():
    """HEADINGS and LOST_MARK_HEADINGS are built from one table of (numeral, words) (mend24, stop 24; before, the
    second was made by editing the first's source text). Pinned for every heading: with its 、 the heading pattern
    finds it; without the mark, or with a dot for it, only the whole-line pattern does; a 二是/二要 line of prose
    (the numeral, then 是 or 要) is neither; and no pattern finds another section's heading."""
    from pipeline.sections import HEADINGS, LOST_MARK_HEADINGS

    assert HEADINGS.keys() == LOST_MARK_HEADINGS.keys() == _PRINTED.keys()
    for number, printed in _PRINTED.items():
        numeral, words = printed.split("、", 1)
        for other in _PRINTED:
            assert bool(HEADINGS[other].search(printed)) == (other == number), (other, printed)
        for lost in (numeral + words, f"{numeral}.{words}", f"{numeral}．{words}", f" {numeral} · {words}"):
            assert not HEADINGS[number].search(lost), lost
            assert [n for n in _PRINTED if LOST_MARK_HEADINGS[n].match(lost)] == [number], lost
        for prose in (f"{numeral}是{words}", f"{numeral}要{words}", f"{numeral}是加强{words}工作"):
            assert not any(p.match(prose) for p in LOST_MARK_HEADINGS.values()), prose
            assert not any(p.search(prose) for p in HEADINGS.values()), prose
