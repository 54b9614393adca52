"""The OCR route (issue 4) on generated scans and scans of the real reports: image-only PDFs, PNG, multi-page
TIFF, a PDF that mixes born-digital and scanned pages, and the pieces (deskew, grid) on known geometry."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from pipeline.extract import extract_bytes, extract_data
from pipeline.ocr.binarize import ink_mask
from pipeline.ocr.deskew import correction_angle, rotate
from pipeline.ocr.grid import find_tables, rule_mask
from pipeline.synth.generate import synth_record
from pipeline.synth.pdf_render import render_pdf
from pipeline.synth.scan_render import render_scan, render_scan_tiff, scan_pdf_of, visible_gold

REPO = Path(__file__).resolve().parents[1]
REAL = REPO / "corpora" / "real"


def _record(seed: int, name: str, editions=("2019", "2021")) -> dict:
    record = synth_record(seed, name, editions)
    record.pop("_paragraphs", None)
    return record


def _wrong(record: dict, gold: dict) -> list[tuple[str, object, object]]:
    return [(k, v, record["fields"].get(k)) for k, v in gold["fields"].items() if record["fields"].get(k) != v]


@pytest.fixture(scope="module")
def scanned():
    """A generated 2021 report as an image-only scan, and its record."""
    gold = _record(21, "ocr-a.scan_pdf.pdf", ("2021",))
    data = render_scan({**gold, "source": "ocr-a.scan_pdf.pdf"}, "scan_pdf")
    return gold, data, extract_bytes(data, "ocr-a.scan_pdf.pdf")


def test_image_only_pdf_reads_every_cell(scanned):
    gold, _, record = scanned
    assert record["status"] in ("ok", "flagged") and record["error"] is None
    assert _wrong(record, gold) == []
    assert record["meta"] == gold["meta"]
    assert record["pages_ocr"] == list(range(1, record["pages"] + 1)) and record["pages_needing_ocr"] == []


def test_ocr_values_keep_provenance_and_confidence(scanned):
    _, _, record = scanned
    prov = record["provenance"]["requests.new_received.total"]
    assert prov["method"] in ("ocr", "ocr+identity")
    assert 0 < prov["ocr_confidence"] <= 1 and 0 < prov["confidence"] <= 1
    assert prov["page"] >= 1 and len(prov["bbox"]) == 4
    x0, y0, x1, y1 = prov["bbox"]
    assert 0 <= x0 < x1 <= 612 and 0 <= y0 < y1 <= 842  # PDF points on an A4 page
    json.dumps(record)  # plain JSON: no numpy numbers
    assert any("ocr_confidence" in p["provenance"] for p in record["prose"])


def test_real_report_scan(tmp_path):
    """A scan of the real hongze-2024 PDF (rasterised, turned, blurred, noisy, JPEG): every cell right, or
    the document flagged."""
    gold = json.loads((REAL / "hongze-2024.gold.json").read_text(encoding="utf-8"))
    data = scan_pdf_of((REAL / "hongze-2024.pdf").read_bytes(), "hongze-2024", 2024)
    record = extract_bytes(data, "hongze-2024.scan.pdf")
    wrong = _wrong(record, gold)
    cells = len(gold["fields"])
    assert (cells - len(wrong)) / cells >= 0.995 or record["status"] == "flagged", wrong
    assert record["meta"]["year"] == 2024 and record["meta"]["edition"] == "2021"


def test_png_and_jpeg_page():
    name = "ocr-b.scan_png.png"
    gold = visible_gold({**_record(22, name), "source": name}, "scan_png")
    data = render_scan({**_record(22, name), "source": name}, "scan_png")
    assert data.startswith(b"\x89PNG")
    record = extract_bytes(data, name)
    assert record["format"] == "image" and record["pages"] == 1
    assert len(gold["fields"]) > 20 and _wrong(record, gold) == []
    jpeg = io.BytesIO()
    Image.open(io.BytesIO(data)).save(jpeg, "JPEG", quality=60)  # the same page as a JPEG file
    assert _wrong(extract_bytes(jpeg.getvalue(), "ocr-b.jpg"), gold) == []


def test_multipage_tiff():
    name = "ocr-c.tif"
    gold = {**_record(23, name, ("2019",)), "source": name}
    data = render_scan_tiff(gold)
    assert data[:4] in (b"II*\x00", b"MM\x00*")
    record = extract_bytes(data, name)
    assert record["pages"] == Image.open(io.BytesIO(data)).n_frames > 1
    assert _wrong(record, gold) == [] and record["meta"] == gold["meta"]


def test_pdf_mixing_born_digital_and_scanned_pages():
    """Page 2 of a born-digital report replaced by its scan: the text layer is used where there is one,
    OCR where there is none, and the record is complete."""
    name = "ocr-d.pdf"
    gold = {**_record(24, name, ("2021",)), "source": name}
    digital = pdfium.PdfDocument(render_pdf(gold, "portrait"))
    scan = pdfium.PdfDocument(render_scan(gold, "scan_pdf"))
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(digital, [0])
    mixed.import_pages(scan, [1])
    mixed.import_pages(digital, list(range(2, len(digital))))
    buf = io.BytesIO()
    mixed.save(buf)
    record = extract_bytes(buf.getvalue(), name)
    assert record["pages_ocr"] == [2] and record["pages_needing_ocr"] == []
    assert _wrong(record, gold) == []
    methods = {p["method"] for p in record["provenance"].values()}
    assert "ocr" in methods and "cell" in methods


def test_without_the_ocr_extra_a_scan_is_a_clear_error(monkeypatch, scanned):
    from pipeline.readers import pdf as pdf_reader
    from pipeline.readers import scan as scan_reader

    monkeypatch.setattr(pdf_reader, "ocr_module", lambda: None)
    monkeypatch.setattr(scan_reader, "ocr_module", lambda: None)
    _, data, _ = scanned
    record = extract_data(data, "x.pdf")
    assert record["status"] == "error" and record["error_kind"] == "needs_ocr"
    png = extract_data(render_scan({**_record(22, "y.png"), "source": "y.png"}, "scan_png"), "y.png")
    assert png["error_kind"] == "needs_ocr" and "gongkai[ocr]" in png["error"]


def test_bad_images_give_error_records():
    truncated = render_scan({**_record(22, "t.png"), "source": "t.png"}, "scan_png")[:5000]
    assert extract_data(truncated, "t.png")["status"] == "error"
    blank = io.BytesIO()
    Image.new("L", (1240, 1754), 255).save(blank, "PNG")
    record = extract_data(blank.getvalue(), "blank.png")
    assert record["status"] == "error" and record["error_kind"] in ("not_a_report", "needs_ocr")


def _ruled_page(angle: float) -> np.ndarray:
    """A white A4 page at 150 dpi with a 5×4 ruled grid, turned by ``angle`` degrees."""
    img = np.full((1754, 1240), 245, np.uint8)
    xs, ys = [200, 500, 700, 900, 1040], [300, 380, 460, 540, 620, 700]
    for x in xs:
        img[ys[0]:ys[-1] + 2, x:x + 2] = 20
    for y in ys:
        img[y:y + 2, xs[0]:xs[-1] + 2] = 20
    return np.asarray(Image.fromarray(img).rotate(angle, fillcolor=245, resample=Image.Resampling.BILINEAR))


@pytest.mark.parametrize("angle", [-1.4, -0.6, 0.0, 0.9, 1.5])
def test_deskew_finds_the_turn(angle):
    page = _ruled_page(angle)
    found = correction_angle(ink_mask(page, 150))
    assert abs(found + angle) <= 0.1


def test_grid_cells_of_a_turned_table():
    page = _ruled_page(1.2)
    page = rotate(page, correction_angle(ink_mask(page, 150)))
    [table] = find_tables(rule_mask(ink_mask(page, 150), 150), 150)
    assert len(table.cells) == 20
    assert {(c.row, c.col) for c in table.cells} == {(r, c) for r in range(5) for c in range(4)}
