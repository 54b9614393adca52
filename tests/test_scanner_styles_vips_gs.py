"""The held-out scanner styles of stop 23 (branch hscan23): ``web_page_images``, made by libvips, and
``laser_print``, made by Ghostscript's raster devices. The real ``vips`` and ``gs`` found by their paths and really
used, the same bytes for the same seed name, another page for another, the page's size and resolution kept, the print
still print, each style's own mark (the page resampled below its resolution, in colour; grey printed as a halftone
screen), and nothing sent to the network. No page of theirs is read by the OCR here (held out: only the lead's
held-out run reads them); the checks look at the pixels only."""

from __future__ import annotations

import random
import subprocess

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw
from scan_style_checks import assert_seeded_by_name, assert_the_page_and_its_print_are_kept, network_attempts

from pipeline.synth import ghostscript, vips
from pipeline.synth.scanner_styles import HELD_OUT, STYLES, rasterise, scan_styled

NEW_STYLES = ("web_page_images", "laser_print")
#: The degraded page's share of ink pixels against the clean page's (measured over six seed names on eye-checked
#: pages: web_page_images 0.93–1.02, laser_print 1.02–1.05).
INK_RATIO = (0.8, 1.25)
#: The print's darkest 2 % against the paper's median (measured 167–177 and 189–203).
MIN_CONTRAST = 140
#: Inked rows within this share of the clean page's (measured: 0–2 rows of 1,545; 4–8 of 2,061, the slight turn).
ROW_SLACK = 0.02
#: Pixels between ink and paper (grey 60–200) per ink pixel: 0.26 on the clean 150 dpi page, 1.09–1.28 on
#: web_page_images' (the resize to 110–135 dpi and back spreads every edge over more pixels).
EDGE_SPREAD = 2.0


@pytest.fixture(scope="module")
def scans(table_page) -> dict[str, bytes]:
    """The test page through each style, made once for the module (seed name ``h-a.pdf``)."""
    return {style: scan_styled(table_page, style, "h-a.pdf") for style in NEW_STYLES}


def _edge_pixels_per_ink(page: np.ndarray) -> float:
    return float(((page > 60) & (page < 200)).sum() / (page < 128).sum())


def test_the_new_styles_are_held_out_beside_the_earlier_ones():
    assert set(NEW_STYLES) <= set(HELD_OUT) <= set(STYLES)
    assert {"fax", "phone", "bound_volume", "archive_bilevel"} <= set(HELD_OUT)
    assert "libvips" in STYLES["web_page_images"].degrade.__doc__
    assert "Ghostscript" in STYLES["laser_print"].degrade.__doc__
    assert STYLES["web_page_images"].dpi == 150 and STYLES["laser_print"].dpi == 200
    assert STYLES["laser_print"].rules == "faint"  # grey rules, for the printer's screen to break into dots


def test_vips_and_ghostscript_are_called_by_their_paths_and_checked_to_be_what_they_say():
    assert vips.binary() == str(vips.BINARY) and ghostscript.binary() == str(ghostscript.BINARY)
    out = vips.run(Image.new("L", (40, 30), 200), [("invert", [], ".v"), ("resize", ["0.5"], ".png")])
    assert out.size == (20, 15) and int(np.asarray(out.convert("L")).max()) == 55
    grey = Image.new("L", (40, 30), 128)
    program = ("28.8 21.6 scale /DeviceGray setcolorspace << /ImageType 1 /Width 40 /Height 30 /BitsPerComponent 8 "
               "/Decode [0 1] /ImageMatrix [40 0 0 -30 0 30] /DataSource Image0 (r) file >> image showpage\n")
    contone = np.asarray(ghostscript.render(program, [grey], "pgmraw", 100, (40, 30)))
    assert contone.shape == (30, 40) and set(np.unique(contone)) == {128}
    screened = np.asarray(ghostscript.render(program, [grey], "pbmraw", 600, (240, 180)).convert("L"))
    assert screened.shape == (180, 240) and 0.3 < (screened == 0).mean() < 0.7  # mid grey as a screen of dots
    with pytest.raises(RuntimeError, match="undefined in nonsense"):  # a PostScript error, said plainly
        ghostscript.render("nonsense showpage\n", [], "pgmraw", 72, (10, 10))


def test_the_styles_really_use_their_programs(monkeypatch, table_page):
    """Every program a style runs is its own library's: web_page_images only vips, laser_print only gs (twice:
    the print, the scan)."""
    programs = {vips.binary(), ghostscript.binary()}  # found (and checked) before the count starts
    calls: list[str] = []
    real_run = subprocess.run
    monkeypatch.setattr(subprocess, "run", lambda cmd, *a, **k: calls.append(cmd[0]) or real_run(cmd, *a, **k))
    band = rasterise(table_page, 200)[0].crop((0, 0, 600, 400))
    out = STYLES["web_page_images"].degrade(band, random.Random("a"), 1.0, 150)
    assert out.size == band.size and out.mode == "RGB"
    assert calls and set(calls) == {vips.binary()} and len(programs) == 2
    calls.clear()
    out = STYLES["laser_print"].degrade(band, random.Random("a"), 1.0, 200)
    assert out.size == band.size and out.mode == "L" and calls == [ghostscript.binary()] * 2


@pytest.mark.parametrize("style", NEW_STYLES)
def test_a_new_style_is_seeded_by_name_keeps_the_page_and_its_print(table_page, scans, style):
    assert scan_styled(table_page, style, "h-a.pdf") == scans[style]  # the same name, the same bytes
    assert_the_page_and_its_print_are_kept(table_page, scans[style], style, ink_ratio=INK_RATIO,
                                           min_contrast=MIN_CONTRAST, row_slack=ROW_SLACK)


@pytest.mark.parametrize("style", NEW_STYLES)
def test_another_seed_name_makes_another_page(table_page, style):
    assert_seeded_by_name(table_page, style, (600, 400))


def test_the_web_page_images_are_colour_and_lost_resolution(table_page, scans):
    """The stored page is colour (the site's JPEGs), and every edge is spread as a resize to 110–135 dpi and back
    spreads it: far more pixels between ink and paper per ink pixel than on the clean page at the same 150 dpi."""
    doc = pdfium.PdfDocument(scans["web_page_images"])
    (image,) = [o for o in doc[0].get_objects() if isinstance(o, pdfium.PdfImage)]
    stored = image.get_bitmap().to_pil()
    assert stored.mode == "RGB"
    clean = np.asarray(rasterise(table_page, 150)[0].convert("L"))
    assert _edge_pixels_per_ink(np.asarray(stored.convert("L"))) > EDGE_SPREAD * _edge_pixels_per_ink(clean)


def test_the_laser_print_breaks_grey_into_a_screen_and_keeps_the_paper_flat():
    """A flat grey block (the faint rules' #c4c4c4) comes back darker than the paper and mottled by the halftone
    screen (measured: its spread 46–60 grey levels over six seed names), the paper round it flat."""
    page = Image.new("RGB", (600, 400), (255, 255, 255))
    ImageDraw.Draw(page).rectangle((100, 100, 300, 300), fill=(196, 196, 196))
    for name in "abc":
        out = np.asarray(STYLES["laser_print"].degrade(page, random.Random(name), 1.0, 200))
        block, paper = out[140:260, 140:260], out[20:80, 350:550]
        assert block.mean() < paper.mean() - 30 and block.std() > 30 and paper.std() < 3


def test_making_a_new_style_page_asks_no_network():
    """A fresh interpreter with the network cut counts every attempt while both styles make a page."""
    assert network_attempts(NEW_STYLES) == 0
