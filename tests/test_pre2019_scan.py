"""A scanned legacy (pre-2019) statistics table: an unsure OCR reading of a cell reaches the record (issues 13, 14).

The page is a generated Fujian table printed by Chromium and rasterised at 200 dpi, an ink blot over the last
digit of one 本年度 cell that no sentence of the report states. The full scanner run is eval/legacy_scans.py."""

from __future__ import annotations

import io
import random
import shutil

import numpy as np
from PIL import ImageDraw

from pipeline.extract import extract_bytes
from pipeline.mapper.pre2019 import map_pre2019
from pipeline.readers import read_document
from pipeline.record import build_record
from pipeline.repair import OCR_CONFIDENT
from pipeline.sections import find_sections
from pipeline.synth.pre2019 import render_pre2019, sample_pre2019
from pipeline.synth.scanner_styles import FONTS, print_html, rasterise

DPI = 200
KEY = "legacy.replies_total"  # 对申请的答复总数: the sample's prose does not state it


def _blotted_table_page() -> tuple[dict, bytes]:
    """The gold record and a one-page image PDF: the table's page, a grey blot over the key's last digit."""
    gold = sample_pre2019(random.Random(5), "x.html", "fujian")
    pdf = print_html(render_pre2019(gold, "legacy_fujian_html"), FONTS["noto-sans"])
    where = extract_bytes(pdf, "x.pdf")["provenance"][KEY]  # the cell's place, from the text layer
    page = rasterise(pdf, DPI)[where["page"] - 1].convert("L")
    x0, y0, x1, y1 = (int(v * DPI / 72) for v in where["bbox"])
    ink = np.asarray(page)[y0 + 6 : y1 - 6, x0 + 6 : x1 - 6] < 128  # inside the rules: the digits
    cols, rows = np.flatnonzero(ink.any(axis=0)), np.flatnonzero(ink.any(axis=1))
    left, right, top, bottom = x0 + 6 + cols[0], x0 + 6 + cols[-1], y0 + 6 + rows[0], y0 + 6 + rows[-1]
    cx = right - (right - left) / 4
    ImageDraw.Draw(page).ellipse((cx - 6, top - 3, cx + 6, bottom + 3), fill=60)
    buf = io.BytesIO()
    page.save(buf, "PDF", resolution=float(DPI))
    return gold, buf.getvalue()


def test_an_unsure_ocr_reading_of_a_legacy_cell_reaches_the_record():
    """The blotted cell's OCR confidence is kept in the legacy provenance, and the record names the unsure reading
    for review (on main the legacy cell left the confidence out: the record could not see it)."""
    assert shutil.which("chromium"), "the chromium Debian package is needed (scripts/test.sh installs it)"
    gold, scan = _blotted_table_page()
    doc = read_document(scan, "x.pdf")
    reading = map_pre2019(doc, find_sections(doc), [], gold["meta"]["year"])
    record = build_record("x.pdf", {"edition": "legacy", "year": gold["meta"]["year"]}, [reading], [], [],
                          version="test")
    prov = record["provenance"][KEY]
    assert prov["method"] == "ocr" and prov["ocr_confidence"] < OCR_CONFIDENT
    assert record["status"] == "flagged"
    assert any(r.startswith(f"OCR reading of {KEY} (") for r in record["review"])
    # every other cell read from the table carries its reading's confidence too; confident ones are not named
    for key, p in record["provenance"].items():
        if "row" in p:
            assert "ocr_confidence" in p
            if p["ocr_confidence"] >= OCR_CONFIDENT and record["fields"][key] is not None:
                assert not any(r.startswith(f"OCR reading of {key} (") for r in record["review"])
