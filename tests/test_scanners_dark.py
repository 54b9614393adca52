"""A scanned page that came out dark all over is named, so its record is flagged as incomplete (issue 13,
``office_scan``).

Fixture ``office_scan_dark_page.png``: page 3 of the eval document ``m61-000.office_scan.s1.noto-serif``
(``eval/scanners.py --styles office_scan --docs 3 --seed 61``, a tuning seed), the page image as the scan PDF
stores it (150 dpi, 8-bit grey). The printed page is table 二 (3.9 % of it ink); the recipe's
``-linear-stretch`` put its black point at paper and the page went black but for noise. On the base the OCR read
nothing there and said nothing of the page: the record was flagged only because table 二's rows were "not found"
(a page of prose lost that way would have been lost silently). The seed-47 documents the lead's check lost 55
cells on (pages 3 of ``m47-001``, 3, 4 and 6 of ``m47-002``) are such pages."""

import io
from pathlib import Path

import numpy as np
from PIL import Image

from pipeline.ocr.dark import dark_all_over
from pipeline.readers import pdf, scan
from pipeline.record import is_incomplete, needs_review

DATA = Path(__file__).resolve().parent / "data"
FIXTURE = DATA / "office_scan_dark_page.png"


def _dark_warnings(warnings: list[str]) -> list[str]:
    return [w for w in warnings if "dark all over" in w]


def test_a_page_scanned_black_is_named_and_flags_its_record():
    """Read as a scan PDF page (the eval's route): page 1 is named, the warning flags the record and marks it
    incomplete, and nothing is read from the page's noise."""
    buf = io.BytesIO()
    Image.open(FIXTURE).save(buf, "PDF", resolution=150.0)
    doc = pdf.read(buf.getvalue(), "m61-000.office_scan.page3.pdf")
    warnings = _dark_warnings(doc.warnings)
    assert len(warnings) == 1 and warnings[0].startswith("page 1:")
    assert needs_review(warnings[0]) and is_incomplete(warnings)
    assert doc.blocks == []


def test_an_image_file_scanned_black_is_named():
    """The same page as an image file (the scan reader)."""
    doc = scan.read(FIXTURE.read_bytes(), "m61-000.office_scan.page3.png")
    assert len(_dark_warnings(doc.warnings)) == 1 and doc.blocks == []


def test_real_scans_of_other_styles_are_not_dark():
    """Every other stored crop of a real scan (fax, scanner app, halftone, stains, sheet feeder, copies) shows
    paper: none is taken for a page scanned black. (``scan_app_bowed_rules.png`` is no scan but a rule mask, white
    rules on black.)"""
    others = [p for p in sorted(DATA.glob("*.png")) if p not in (FIXTURE, DATA / "scan_app_bowed_rules.png")]
    assert others
    for path in others:
        gray = np.asarray(Image.open(path).convert("L"))
        assert not dark_all_over(gray), path.name
