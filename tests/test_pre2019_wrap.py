"""A legacy statement wrapped across printed lines is read from its whole sentence (issue 14: no wrong & ok).

The page is generated legacy report L61-001 of eval/legacy_scans.py (seed 61, the 序号 style) printed by Chromium:
the PDF reader gives a paragraph block per printed line, and ``未收到有关政府信息公开工作的举报投诉。`` wraps after
``未收到有关政府``; on main the record was ``ok`` without ``legacy.complaints`` (gold 0)."""

from __future__ import annotations

import random
import shutil

import pytest

from pipeline.document import Paragraph
from pipeline.extract import extract_bytes
from pipeline.mapper.pre2019 import pre2019_region
from pipeline.prose.pre2019 import pre2019_statements
from pipeline.prose.running import SENTENCE_END, running_texts
from pipeline.readers import read_document
from pipeline.sections import Segment
from pipeline.synth.pre2019 import STYLES, render_pre2019, sample_pre2019
from pipeline.synth.scanner_styles import FONTS, print_html


@pytest.fixture(scope="module")
def printed() -> tuple[dict, bytes]:
    """The gold and the text-layer PDF of L61-001, made as eval/legacy_scans.py makes it (its ``solid`` rules)."""
    assert shutil.which("chromium"), "the chromium Debian package is needed (scripts/test.sh installs it)"
    rng = random.Random(61)
    sub = [rng.getrandbits(63) for _ in range(2)][1]
    gold = sample_pre2019(random.Random(sub), "L61-001.html", STYLES[1])
    return gold, print_html(render_pre2019(gold, f"legacy_{STYLES[1]}_html"), FONTS["noto-serif"], "solid")


def test_a_zero_in_words_wrapped_across_lines_is_read(printed):
    gold, pdf = printed
    assert gold["fields"]["legacy.complaints"] == 0
    doc = read_document(pdf, "x.pdf")
    open_line = next(i for i, b in enumerate(doc.blocks) if b.text.endswith("未收到有关政府"))
    assert doc.blocks[open_line + 1].text.startswith("信息公开工作的举报投诉")  # the sentence wraps here
    record = extract_bytes(pdf, "x.pdf")
    assert record["fields"]["legacy.complaints"] == 0
    where = record["provenance"]["legacy.complaints"]
    # where the phrase starts (its block and span) and the block it ends in
    assert where["block"] == open_line and where["end_block"] == open_line + 1
    assert doc.blocks[open_line].text[slice(*where["span"])] == "未收到有关政府"
    assert where["text"].startswith("未收到有关政府") and where["text"].endswith("举报")
    for key, value in record["fields"].items():  # nothing read is wrong
        if key.startswith("legacy.") and value is not None:
            assert value == gold["fields"][key], key


def test_a_sentence_left_open_never_runs_into_the_next_section(printed):
    """A line left open before a section heading (五、因…申请行政复议…) is not joined to it: 未收到 + the heading's
    行政复议 would say reviews 0 from text of two sections."""
    _, pdf = printed
    doc = read_document(pdf, "x.pdf")
    heading = next(i for i, b in enumerate(doc.blocks) if b.text.startswith("五、") and "行政复议" in b.text)
    doc.blocks[heading - 1] = Paragraph("我市依申请公开政府信息未收到", page=doc.blocks[heading - 1].page)
    said = pre2019_statements(doc, [], 2015, exclude=pre2019_region(doc))
    assert not any(s.where["block"] == heading - 1 for s in said)
    assert not any(s.indicator == "reviews" and s.value == 0 for s in said)


def test_both_sentence_readers_join_the_printed_lines_alike(printed):
    """One home for joining wrapped lines (pipeline.prose.running, mend24): the legacy statements and the prose
    metrics read L61-001's wrapped sentence (blocks …未收到有关政府 / 信息公开工作的举报投诉。) as one text, and every
    character of every joined text points back at the character printed (the prose metrics' reading may leave
    characters out and write a year in digits, never move an offset)."""
    _, pdf = printed
    doc = read_document(pdf, "x.pdf")
    segments = [Segment(i) for i, b in enumerate(doc.blocks) if isinstance(b, Paragraph)]
    open_line = next(i for i, b in enumerate(doc.blocks) if b.text.endswith("未收到有关政府"))
    for runs, exact in ((running_texts(doc, segments), False),
                        (running_texts(doc, segments, read=False, ends=SENTENCE_END), True)):
        wrapped = next(r for r in runs if "未收到有关政府信息公开工作的举报投诉。" in r.text)
        assert {seg.block for _, seg, _ in wrapped.pieces} == {open_line, open_line + 1}
        for run in runs:
            for offset, char in enumerate(run.text):
                block, at = run.at(offset)
                printed_char = doc.blocks[block].text[at]
                assert printed_char == char or (not exact and char.isdigit()), (run.text, offset)


def test_a_list_the_sentence_of_another_year_opens_stays_that_years(printed):
    """Why the legacy reader closes a line only at a sentence's end (SENTENCE_END), where the prose metrics also
    close it at ；：: a statement's year is its sentence's, and the items a colon opens on the lines after it belong
    to that sentence. On L61-001 (a 2015 report) with its requests sentence made 2014's list, 同意公开2件 is 2014's."""
    _, pdf = printed
    doc = read_document(pdf, "x.pdf")
    at = next(i for i, b in enumerate(doc.blocks) if b.text.startswith("2015年，我市共受理政府信息公开申请"))
    assert doc.blocks[at + 1].text == "件。"
    doc.blocks[at] = Paragraph("2014年，我市共受理政府信息公开申请3件，其中：", page=doc.blocks[at].page)
    doc.blocks[at + 1] = Paragraph("同意公开2件；", page=doc.blocks[at + 1].page)
    said = pre2019_statements(doc, [], 2015, exclude=pre2019_region(doc))
    assert not any(s.indicator == "granted" for s in said)
    segments = [Segment(i) for i, b in enumerate(doc.blocks) if isinstance(b, Paragraph)]
    assert any(r.text == "同意公开2件；" for r in running_texts(doc, segments))  # the prose metrics read it apart
