"""The held-out producer added at stop 20 (branch hprod10): ``jspdf`` (jsPDF and jspdf-autotable on Node.js).

Nothing here reads a jsPDF PDF with the pipeline: its PDF of a small article (not a report) is checked by its
pages, fonts (poppler's ``pdffonts``), text (``pdftotext``) and rendered pixels (``pdftoppm``), as the tests of
the other held-out producers do.
"""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from conftest import SMALL_ARTICLE, eval_script
from PIL import Image

from pipeline.synth import producers
from pipeline.synth.generate import synth_record
from pipeline.synth.producers import FONTS, PRODUCERS, produce

P = eval_script("producers")
def _print(monkeypatch, font: str, layout: str) -> bytes:
    monkeypatch.setattr(producers, "page_html", lambda *_args, **_kw: SMALL_ARTICLE)
    monkeypatch.setattr(producers, "_article", lambda html: html)
    return produce({"source": "small.pdf"}, "jspdf", font, layout)


def _pdf_facts(data: bytes, tmp_path: Path, name: str) -> tuple[str, int, str, str]:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    run = {"capture_output": True, "text": True, "check": True}
    info = subprocess.run(["pdfinfo", str(path)], **run).stdout
    fonts = subprocess.run(["pdffonts", str(path)], **run).stdout
    text = subprocess.run(["pdftotext", str(path), "-"], **run).stdout
    producer = re.search(r"Producer:\s+(.*)", info).group(1)
    return producer, int(re.search(r"Pages:\s+(\d+)", info).group(1)), fonts, text


def _embedded(fonts: str) -> list[str]:
    """The names of the fonts ``pdffonts`` lists as embedded."""
    rows = [line.split() for line in fonts.splitlines()[2:]]
    return [row[0] for row in rows if row[-5] == "yes"]


def _longest_dark_run(data: bytes, page: int, tmp_path: Path) -> int:
    """The longest horizontal run of dark pixels on ``page`` rendered at 50 dpi: a table's rule, not a text line."""
    path = tmp_path / "page.pdf"
    path.write_bytes(data)
    png = subprocess.run(["pdftoppm", "-r", "50", "-gray", "-png", "-f", str(page), "-l", str(page), str(path)],
                         capture_output=True, check=True).stdout
    image = Image.open(io.BytesIO(png)).convert("L")
    width, height = image.size
    pixels = image.load()
    best = 0
    for y in range(height):
        run = 0
        for x in range(width):
            run = run + 1 if pixels[x, y] < 160 else 0
            best = max(best, run)
    return best


def test_jspdf_is_a_producer_held_out_in_every_font():
    assert "jspdf" in PRODUCERS and "jspdf" in P.HELD_OUT_PRODUCERS
    assert {"ghostscript", "tcpdf"} <= set(P.HELD_OUT_PRODUCERS) and "prawn" not in P.HELD_OUT_PRODUCERS
    cases = P.cases(["jspdf"], ["wqy-microhei", "droid", "babelstone"], ["ruled", "unruled-cut"], 1, [])
    assert len(cases) == 6 and all(c.held_out for c in cases)


def test_jspdf_prints_a_small_article_with_the_face_cut_out_of_its_collection_and_embedded(tmp_path, monkeypatch):
    """WenQuanYi Micro Hei is a face of a .ttc: jsPDF is given it cut out; two pages (the spacer's page break), the
    face embedded under its file's name, the text with its markup characters as printed."""
    data = _print(monkeypatch, "wqy-microhei", "ruled")
    written_by, pages, fonts, text = _pdf_facts(data, tmp_path, "jspdf")
    assert data.startswith(b"%PDF") and written_by.startswith("jsPDF")
    assert pages == 2 and "wqy-microhei-0" in _embedded(fonts), fonts
    flat = text.replace("\n", "")
    assert "三、本年度办理结果" in flat and "第二十条第（一）项" in flat and "共37件" in flat, text
    assert '比例 100% 以上 & <b> "引号" $5_000 #1 {a} \\end' in text, text


def test_jspdf_prints_what_droid_sans_fallback_lacks_in_dejavu_sans(tmp_path, monkeypatch):
    """Droid Sans Fallback has no Latin digits: the title's and a mixed cell's digits are printed in DejaVu Sans."""
    data = _print(monkeypatch, "droid", "ruled")
    _, pages, fonts, text = _pdf_facts(data, tmp_path, "droid")
    assert pages == 2 and {"DroidSansFallbackFull", "DejaVuSans"} <= set(_embedded(fonts)), fonts
    flat = text.replace("\n", "")
    assert "某县2024年报告" in flat and "共37件" in flat and "0001/2024-1" in flat, text


def test_jspdf_rules_a_table_only_when_ruled(tmp_path, monkeypatch):
    """Page 2 holds the table: grid lines across it when ruled (theme 'grid'), no line at all when not ('plain')."""
    ruled = _longest_dark_run(_print(monkeypatch, "wqy-microhei", "ruled"), 2, tmp_path)
    unruled = _longest_dark_run(_print(monkeypatch, "wqy-microhei", "unruled"), 2, tmp_path)
    assert ruled > 250 and unruled < 40, (ruled, unruled)


@pytest.mark.parametrize("font", [key for key, (_family, face) in FONTS.items() if face is None])
def test_jspdf_refuses_the_cff_fonts(font):
    with pytest.raises(P.Unsupported, match="CFF"):
        produce(synth_record(3, "c.pdf", ("2021",)), "jspdf", font, "ruled")


@pytest.mark.parametrize("producer", ["jspdf", "chromium", "tcpdf"])
def test_a_producer_fails_in_a_font_fontconfig_does_not_have_instead_of_printing_another_face(monkeypatch, producer):
    """fontconfig answers a family that is not installed (AR PL UKai and WenQuanYi Zen Hei were not, on the stop-20
    machine) with DejaVu Sans; jsPDF, given that file, printed the ideographs as missing glyphs (the first held-out
    generation made 11 such PDFs), and a browser prints another CJK face. Now every producer's document fails
    (counted ``failed``, never made)."""
    monkeypatch.setitem(FONTS, "absent", ("Gongkai Absent Song", ("/nonexistent/absent.ttf", 0)))
    monkeypatch.setattr(producers, "page_html", lambda *_args, **_kw: SMALL_ARTICLE)
    monkeypatch.setattr(producers, "_article", lambda html: html)
    with pytest.raises(RuntimeError, match="'Gongkai Absent Song' is not installed"):
        produce({"source": "small.pdf"}, producer, "absent", "ruled")
