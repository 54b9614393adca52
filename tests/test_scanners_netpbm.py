"""The OCR on pages of the scanner styles made by Netpbm (``g3_fax``, ``folded``; tuned from stop 20): a page printed
by Chromium, through the style's own degradation, read by :func:`pipeline.ocr.page.read_page`. The styles' own
pixels are checked in tests/test_scanner_styles_netpbm.py."""

from __future__ import annotations

import random
import shutil

import numpy as np
import pypdfium2 as pdfium
import pytest

from pipeline.document import Table
from pipeline.extract import extract_bytes
from pipeline.ocr.page import read_page
from pipeline.synth.generate import synth_record
from pipeline.synth.html_render import render_html
from pipeline.synth.scanner_styles import FONTS, STYLES, folded, print_html, rasterise, scan_styled

DPI = 200
_APPLICANTS = ("natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total")
#: The rows of table 三 that its page holds, top to bottom.
_ON_THE_PAGE = ("carried_over", "granted", "partially_granted", "denied_state_secret", "denied_prohibited_by_law",
                "denied_endangers_safety", "denied_third_party", "denied_internal_affairs", "denied_process_info",
                "denied_enforcement_file", "denied_inquiry_matter", "unable_not_held", "unable_needs_creation",
                "unable_unclear")


@pytest.fixture(scope="module")
def table_three():
    """A 2021 report's HTML printed to PDF by headless Chromium in Noto Serif CJK: its record, and the page that
    holds table 三's rows (rendered at DPI)."""
    assert shutil.which("chromium"), "the chromium Debian package is needed (scripts/test.sh installs it)"
    record = synth_record(4113, "matrix-a.html", ("2021",))
    pdf = print_html(render_html(record, "cms"), FONTS["noto-serif"])
    doc = pdfium.PdfDocument(pdf)
    number = next(i for i, page in enumerate(doc) if page.get_textpage().search("予以公开").get_next())
    return record, rasterise(pdf, DPI)[number], number


@pytest.mark.parametrize("name", ["f-m", "f-dy"])
def test_a_crease_through_a_row_of_values_is_no_rule(table_three, name):
    """Table 三's page folded in three (``folded``). ``f-m``: the upper crease's ridge, a thin dark line from edge to
    edge, runs through the values of the 其他法律行政法规禁止公开 row. Rule finding took it for a rule (it is wider
    than any table), the row was cut in two and its seven values read blank (unsure, flagged; the ``folded`` style's
    misses on seeds 13 and 51). ``f-dy``: the lower crease lies along a rule; its shadow, dark enough for the local
    threshold, made a band of ink from the table's rule to the page's edge, and the page right of the table became
    a cell of every row above it (an eighth value in a row of seven). The ridge is taken out of the grey as a streak
    across the page and its shadow lifted (:mod:`pipeline.ocr.streaks`), and every row of the page reads its
    values."""
    record, page, number = table_three
    scan = np.asarray(folded(page, random.Random(name), 1.0, DPI))
    items, _ = read_page(scan, DPI, number + 1)
    rows = [[c.text for c in row] for _, b in items if isinstance(b, Table) for row in b.rows()]
    numbers = [row[-7:] for row in rows if len(row) >= 7 and all(t.isdigit() for t in row[-7:])]
    expected = [[str(record["fields"][f"requests.{key}.{a}"]) for a in _APPLICANTS] for key in _ON_THE_PAGE]
    assert numbers == expected, rows  # in order: rows of 0s are alike, one of them lost shifts the rest


def test_a_fax_line_s_dash_before_a_total_is_no_minus():
    """A report faxed (``g3_fax``, the scanner matrix's document ``m51-001``, seed 51, Noto Sans CJK): the telephone
    line garbled the scan line through table 三's 补正后申请内容仍不明确 row, which left a dash before its total's
    2, minus-shaped, and the total read ``-2`` at 0.99, flagged only by the two identities it broke. No column but
    table 二's 本年增/减 can be negative, so the reading is unsure however sure the recogniser, and the row total and
    the column total that cross at it pin it to 2 (the printed reading kept beside it). From stop 23 (scan13f) that
    line is found as a line read out of step (:func:`pipeline.ocr.faxlines.cut_lines`: it cuts the row's column rules)
    and concealed before reading, so the dash is gone and the total reads 2 as printed."""
    rng = random.Random(51)
    sub = [rng.getrandbits(40) for _ in range(2)][1]
    record = synth_record(sub, "m51-001.html")
    name = "m51-001.g3_fax.s1.noto-sans.pdf"
    pdf = print_html(render_html(record, "cms"), FONTS["noto-sans"], STYLES["g3_fax"].rules)
    out = extract_bytes(scan_styled(pdf, "g3_fax", name), name)
    key = "requests.unable_unclear.total"
    assert out["fields"][key] == record["fields"][key] == 2
    assert out["provenance"][key].get("ocr_reading", -2) == -2  # read 2, or -2 and pinned to 2
    wrong = [(k, v, out["fields"].get(k)) for k, v in record["fields"].items() if out["fields"].get(k) != v]
    assert wrong == [] or out["status"] == "flagged", wrong
