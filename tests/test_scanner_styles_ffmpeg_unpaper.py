"""The scanner styles of stop 24 (branch hscan24; held out when made, ``document_camera`` tuned from stop 25):
``document_camera``, a still from a document camera's recording made by FFmpeg's filters and libx264, and
``cleaned_scan``, an FFmpeg grey scan cleaned by unpaper. The real ``ffmpeg`` and ``unpaper`` found by their paths and really used, the same bytes for the same seed name, another
page for another, the page's size and resolution kept, the print still print, each style's own mark (a colour still
whose edges the video coding spread, darker to its corners; a sheet unpaper straightened and whose paper it wiped
white), and nothing sent to the network. No page of theirs is read by the OCR here (``cleaned_scan`` is held out:
only the lead's held-out run reads it); the checks look at the pixels only."""

from __future__ import annotations

import random
import subprocess

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw
from scan_style_checks import assert_seeded_by_name, assert_the_page_and_its_print_are_kept, network_attempts

from pipeline.synth import ffmpeg, unpaper
from pipeline.synth.scanner_styles import HELD_OUT, STYLES, rasterise, scan_styled

NEW_STYLES = ("document_camera", "cleaned_scan")
#: The degraded page's share of ink pixels against the clean page's (measured over six seed names on eye-checked
#: pages: document_camera 1.06–1.21, cleaned_scan 0.89–0.96).
INK_RATIO = (0.75, 1.4)
#: The print's darkest 2 % against the paper's median (measured 145–165 and 173–185).
MIN_CONTRAST = 120
#: Inked rows within this share of the clean page's (measured: 24–42 rows fewer of 2,061, the perspective;
#: cleaned_scan 0–34 rows more, the turn unpaper left and specks it kept).
ROW_SLACK = 0.04
#: Pixels between ink and paper (grey 60–200) per ink pixel in the page's middle (away from the vignette's dark
#: corners) on the still against the clean 200 dpi page's: measured 1.15–2.82 against 0.23, 5.0–12.3 times: the
#: sensor's sampling at 103–185 dpi and the 4:2:0 coding spread every edge.
EDGE_SPREAD = 3.0
#: The paper's tone (90th percentile) near a corner against the page's middle: measured 38–58 levels darker.
VIGNETTE = 20
#: Pure white pixels: the scan's paper is never 255 (measured: none on six seed names, median paper 234–245); unpaper's grey filter wipes about half the
#: page (measured 0.48–0.50).
WHITE_BEFORE, WHITE_AFTER = 0.01, 0.3


@pytest.fixture(scope="module")
def scans(table_page) -> dict[str, bytes]:
    """The test page through each style, made once for the module (seed name ``h-a.pdf``)."""
    return {style: scan_styled(table_page, style, "h-a.pdf") for style in NEW_STYLES}


def _stored(scanned: bytes) -> Image.Image:
    doc = pdfium.PdfDocument(scanned)
    (image,) = [o for o in doc[0].get_objects() if isinstance(o, pdfium.PdfImage)]
    return image.get_bitmap().to_pil()


def _edge_pixels_per_ink(page: np.ndarray) -> float:
    """In the page's middle half (both ways): the corners' vignette is not an edge."""
    h, w = page.shape
    middle = page[h // 4:3 * h // 4, w // 4:3 * w // 4]
    return float(((middle > 60) & (middle < 200)).sum() / (middle < 128).sum())


def _skew(page: np.ndarray) -> float:
    """The turn (degrees, to 0.1°) that lines the ink's rows up best: the angle whose rotation makes the row sums of
    the ink most uneven (text lines and rules line up with rows)."""
    ink = Image.fromarray(((page < 128) * 255).astype(np.uint8))
    angles = np.arange(-2.5, 2.51, 0.1)
    spread = [np.var(np.asarray(ink.rotate(-a, resample=Image.Resampling.BILINEAR)).sum(axis=1)) for a in angles]
    return float(angles[int(np.argmax(spread))])


def test_cleaned_scan_is_held_out_beside_the_earlier_ones_and_document_camera_tuned_from_stop_25():
    assert "cleaned_scan" in HELD_OUT and "document_camera" not in HELD_OUT and set(HELD_OUT) <= set(STYLES)
    assert {"fax", "phone", "bound_volume", "archive_bilevel", "web_page_images", "laser_print"} <= set(HELD_OUT)
    assert "libx264" in STYLES["document_camera"].degrade.__doc__
    assert "unpaper" in STYLES["cleaned_scan"].degrade.__doc__ and "FFmpeg" in STYLES["cleaned_scan"].degrade.__doc__
    assert STYLES["document_camera"].dpi == 200 and STYLES["cleaned_scan"].dpi == 200


def test_ffmpeg_and_unpaper_are_called_by_their_paths_and_checked_to_be_what_they_say():
    assert ffmpeg.binary() == str(ffmpeg.BINARY) and unpaper.binary() == str(unpaper.BINARY)
    out = ffmpeg.filtered(Image.new("L", (40, 30), 200), "negate,scale=20:16")
    assert out.size == (20, 16) and int(np.asarray(out.convert("L")).max()) == 55
    still = ffmpeg.video_still(Image.new("RGB", (64, 48), (200, 180, 160)), "format=yuv420p", ["-crf", "30"],
                               "scale=80:60,format=rgb24")
    assert still.size == (80, 60) and still.mode == "RGB"
    with pytest.raises(RuntimeError, match="FFmpeg failed"):  # a filter FFmpeg lacks, said plainly
        ffmpeg.filtered(Image.new("L", (8, 8), 200), "nosuchfilter")
    # unpaper takes the lone speck for dirt and keeps the print
    sheet = Image.new("L", (600, 800), 255)
    draw = ImageDraw.Draw(sheet)
    draw.rectangle((150, 200, 450, 260), fill=0)
    draw.rectangle((300, 600, 301, 601), fill=0)
    cleaned = np.asarray(unpaper.clean(sheet, ["--no-deskew", "--no-border-align", "--no-mask-center"]))
    assert cleaned.shape == (800, 600) and (cleaned < 128).sum() == pytest.approx(301 * 61, rel=0.05)
    assert cleaned[590:610, 290:310].min() == 255


def test_the_styles_really_use_their_programs(monkeypatch, table_page):
    """Every program a style runs is its own library's: document_camera FFmpeg twice (the recording, the still),
    cleaned_scan FFmpeg (the scan) then unpaper."""
    programs = {ffmpeg.binary(), unpaper.binary()}  # found (and checked) before the count starts
    calls: list[str] = []
    real_run = subprocess.run
    monkeypatch.setattr(subprocess, "run", lambda cmd, *a, **k: calls.append(cmd[0]) or real_run(cmd, *a, **k))
    band = rasterise(table_page, 200)[0].crop((0, 0, 800, 600))
    out = STYLES["document_camera"].degrade(band, random.Random("a"), 1.0, 200)
    assert out.size == band.size and out.mode == "RGB" and calls == [ffmpeg.binary()] * 2
    calls.clear()
    out = STYLES["cleaned_scan"].degrade(band, random.Random("a"), 1.0, 200)
    assert out.size == band.size and out.mode == "L" and calls == [ffmpeg.binary(), unpaper.binary()]
    assert len(programs) == 2


@pytest.mark.parametrize("style", NEW_STYLES)
def test_a_new_style_is_seeded_by_name_keeps_the_page_and_its_print(table_page, scans, style):
    assert scan_styled(table_page, style, "h-a.pdf") == scans[style]  # the same name, the same bytes
    assert_the_page_and_its_print_are_kept(table_page, scans[style], style, ink_ratio=INK_RATIO,
                                           min_contrast=MIN_CONTRAST, row_slack=ROW_SLACK)


@pytest.mark.parametrize("style", NEW_STYLES)
def test_another_seed_name_makes_another_page(table_page, style):
    assert_seeded_by_name(table_page, style, (800, 600))


def test_the_document_camera_still_is_colour_soft_and_darker_to_its_corners(table_page, scans):
    """The stored still is colour, its edges spread by the sensor's sampling and the video coding far beyond the
    clean page's, and its corners darker than its middle (the vignette)."""
    stored = _stored(scans["document_camera"])
    assert stored.mode == "RGB"
    page = np.asarray(stored.convert("L"))
    clean = np.asarray(rasterise(table_page, 200)[0].convert("L"))
    assert _edge_pixels_per_ink(page) > EDGE_SPREAD * _edge_pixels_per_ink(clean)
    h, w = page.shape
    corner = np.percentile(page[int(0.02 * h):int(0.08 * h), int(0.02 * w):int(0.08 * w)], 90)
    middle = np.percentile(page[int(0.45 * h):int(0.55 * h), int(0.45 * w):int(0.55 * w)], 90)
    assert corner < middle - VIGNETTE


def test_the_cleaned_scan_is_straightened_and_its_paper_wiped_white(monkeypatch, table_page):
    """unpaper's work shows: the scan FFmpeg made is turned 0.5–1.5° with grey paper, the page unpaper gives back
    stands within 0.3° of straight and much of its paper is pure white (its grey filter). On some pages its left and
    right edge scans disagree and it leaves the turn (measured over eight seed names: five straightened to 0.2° or
    less, one to 0.3°, one from 1.2° to 0.8°, one left at 1.5°): the names checked are ones it straightens."""
    real_clean = unpaper.clean
    seen: list[Image.Image] = []
    monkeypatch.setattr(unpaper, "clean", lambda img, options=(): seen.append(img) or real_clean(img, options))
    page = rasterise(table_page, 200)[0]
    for name in ("b", "c", "d"):  # seed names whose pages unpaper straightens (measured: 1.0°, 1.3°, 1.5° to 0°)
        out = np.asarray(STYLES["cleaned_scan"].degrade(page, random.Random(f"cleaned_scan|{name}|1.0"), 1.0, 200))
        scan = np.asarray(seen.pop())
        assert 0.4 <= abs(_skew(scan)) <= 1.6 and abs(_skew(out)) <= 0.3
        assert (scan == 255).mean() < WHITE_BEFORE and (out == 255).mean() > WHITE_AFTER


def test_making_a_new_style_page_asks_no_network():
    """A fresh interpreter with the network cut counts every attempt while both styles make a page."""
    assert network_attempts(NEW_STYLES) == 0
