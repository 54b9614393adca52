"""The held-out scanner styles of stop 25 (branch hscan25): ``screen_photo``, a phone photo of the report on a
monitor made by scikit-image, and ``archive_jpeg2000``, an archive's JPEG 2000 access copy made by OpenJPEG (on a
colour scan scikit-image makes). scikit-image and the real ``opj_compress`` / ``opj_decompress`` found and really
used, the same bytes for the same seed name, another page for another, the page's size and resolution kept, the
print still print, each style's own mark (the panel's stripes beaten into moiré on the paper; the sensor's grain
wiped from the paper by the wavelet coder at its low rate, the paper yellow), and nothing sent to the network. No
page of theirs is read by the OCR here (held out: only the lead's held-out run reads them); the checks look at the
pixels only."""

from __future__ import annotations

import random
import subprocess

import numpy as np
import pytest
import skimage
from PIL import Image
from scan_style_checks import assert_seeded_by_name, assert_the_page_and_its_print_are_kept, network_attempts
from scipy import ndimage

from pipeline.synth import openjpeg
from pipeline.synth.scanner_styles import HELD_OUT, STYLES, rasterise, scan_styled

NEW_STYLES = ("screen_photo", "archive_jpeg2000")
#: The degraded page's share of ink pixels against the clean page's (measured over six seed names on eye-checked
#: pages: screen_photo 1.00–1.09, archive_jpeg2000 0.92–0.97).
INK_RATIO = (0.8, 1.25)
#: The print's darkest 2 % against the paper's median (measured 162–181 and 151–167).
MIN_CONTRAST = 130
#: Inked rows within this share of the clean page's (measured: screen_photo 19–42 rows more of 2,061, the camera's
#: frame a little inside the page, so the print comes a little larger; archive_jpeg2000 7–16 more, the turn).
ROW_SLACK = 0.03
#: The paper's colour (red less blue, smoothed over 7×7 pixels, away from the print) varies by more than this on the
#: screen photo (measured 1.6–6.3 levels over six seed names: the moiré of the panel's stripes; 0 on the clean page).
MOIRE = 1.0
#: The paper's grain (each pixel less its 3×3 mean, away from the print) on the access copy against the scan coded:
#: measured 0.12–0.29 of it (the wavelet coder at 60–90:1 keeps no pixel noise).
GRAIN_KEPT = 0.45
#: The access copy's paper is yellow: red over blue by at least this (measured 12–20 levels).
YELLOW = 6


@pytest.fixture(scope="module")
def scans(table_page) -> dict[str, bytes]:
    """The test page through each style, made once for the module (seed name ``h-a.pdf``)."""
    return {style: scan_styled(table_page, style, "h-a.pdf") for style in NEW_STYLES}


def _away_from_print(grey: np.ndarray) -> np.ndarray:
    """Paper pixels with no print within 7 pixels."""
    return ndimage.minimum_filter(grey, 15) > 150


def _paper_chroma_spread(img: Image.Image) -> float:
    rgb = np.asarray(img.convert("RGB"), dtype=np.float32)
    chroma = ndimage.uniform_filter(rgb[..., 0] - rgb[..., 2], 7)
    return float(chroma[_away_from_print(np.asarray(img.convert("L")))].std())


def _paper_grain(img: Image.Image) -> float:
    grey = np.asarray(img.convert("L"), dtype=np.float32)
    return float((grey - ndimage.uniform_filter(grey, 3))[_away_from_print(grey)].std())


def test_the_new_styles_are_held_out_beside_the_earlier_ones():
    assert set(NEW_STYLES) <= set(HELD_OUT) <= set(STYLES)
    assert {"fax", "phone", "bound_volume", "archive_bilevel", "web_page_images", "laser_print",
            "cleaned_scan"} <= set(HELD_OUT) and "document_camera" not in HELD_OUT
    assert "scikit-image" in STYLES["screen_photo"].degrade.__doc__
    assert "OpenJPEG" in STYLES["archive_jpeg2000"].degrade.__doc__
    assert STYLES["screen_photo"].dpi == 200 and STYLES["archive_jpeg2000"].dpi == 200


def test_openjpeg_is_called_by_its_paths_and_codes_jpeg_2000():
    assert openjpeg.binaries() == (str(openjpeg.COMPRESS), str(openjpeg.DECOMPRESS))
    ramp = Image.fromarray(np.tile(np.arange(0, 256, 4, dtype=np.uint8), (48, 1)))
    same = openjpeg.round_trip(ramp, [])  # lossless by default
    assert same.mode == "L" and np.array_equal(np.asarray(same), np.asarray(ramp))
    lossy = openjpeg.round_trip(ramp.convert("RGB"), ["-I", "-r", "40"])
    assert lossy.mode == "RGB" and lossy.size == ramp.size and not np.array_equal(np.asarray(lossy.convert("L")),
                                                                                np.asarray(ramp))
    assert openjpeg.round_trip(ramp, [], ["-r", "1"]).size == (32, 24)  # a reduced resolution level
    with pytest.raises(RuntimeError, match="opj_compress failed"):  # more wavelet levels than the page has: said
        openjpeg.round_trip(ramp, ["-n", "9"])


def test_a_stand_in_for_one_openjpeg_program_at_the_others_path_does_not_count(monkeypatch, tmp_path):
    """The decoder's own words at the encoder's path do not make it the encoder."""
    stand_in = tmp_path / "opj_compress"
    stand_in.write_text("#!/bin/sh\necho 'This is the opj_decompress utility from the OpenJPEG project.'\n")
    stand_in.chmod(0o755)
    openjpeg.binaries.cache_clear()
    monkeypatch.setattr(openjpeg, "COMPRESS", stand_in)
    try:
        with pytest.raises(openjpeg.OpenJPEGMissing, match="apt-get install libopenjp2-tools"):
            openjpeg.binaries()
    finally:
        openjpeg.binaries.cache_clear()


def test_the_styles_really_use_their_libraries(monkeypatch, table_page):
    """screen_photo runs scikit-image's warp, noise and sharpening once each and no program; archive_jpeg2000
    turns the sheet with scikit-image's rotate, then runs OpenJPEG's encoder and decoder, in that order."""
    programs = openjpeg.binaries()  # found (and checked) before the count starts
    calls: list[str] = []
    real_run = subprocess.run
    monkeypatch.setattr(subprocess, "run", lambda cmd, *a, **k: calls.append(cmd[0]) or real_run(cmd, *a, **k))
    for module, name in ((skimage.transform, "warp"), (skimage.util, "random_noise"),
                         (skimage.filters, "unsharp_mask"), (skimage.transform, "rotate")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _real=real, _name=name, **k: calls.append(_name) or _real(*a, **k))
    band = rasterise(table_page, 200)[0].crop((0, 0, 800, 600))
    out = STYLES["screen_photo"].degrade(band, random.Random("a"), 1.0, 200)
    assert out.size == band.size and out.mode == "RGB" and calls == ["warp", "random_noise", "unsharp_mask"]
    calls.clear()
    out = STYLES["archive_jpeg2000"].degrade(band, random.Random("a"), 1.0, 200)
    assert out.size == band.size and out.mode == "RGB" and calls == ["rotate", "random_noise", *programs]


@pytest.mark.parametrize("style", NEW_STYLES)
def test_a_new_style_is_seeded_by_name_keeps_the_page_and_its_print(table_page, scans, style):
    assert scan_styled(table_page, style, "h-a.pdf") == scans[style]  # the same name, the same bytes
    assert_the_page_and_its_print_are_kept(table_page, scans[style], style, ink_ratio=INK_RATIO,
                                           min_contrast=MIN_CONTRAST, row_slack=ROW_SLACK)


@pytest.mark.parametrize("style", NEW_STYLES)
def test_another_seed_name_makes_another_page(table_page, style):
    assert_seeded_by_name(table_page, style, (800, 600))


def test_the_screen_photo_shows_the_panels_moire_on_the_paper(table_page):
    """The clean page's paper is one colour; the photo's paper beats red and blue (the panel's stripes sampled by
    the camera's grid)."""
    page = rasterise(table_page, 200)[0]
    assert _paper_chroma_spread(page) == 0
    for name in ("a", "b"):
        out = STYLES["screen_photo"].degrade(page, random.Random(f"screen_photo|{name}|1.0"), 1.0, 200)
        assert _paper_chroma_spread(out) > MOIRE


def test_the_jpeg2000_copy_loses_the_scans_grain_and_keeps_its_yellow_paper(monkeypatch, table_page):
    """The scan coded carries the sensor's grain; the access copy from the first quality layer has little of it left
    (the wavelet coder's low rate), and its paper stays the scan's yellow."""
    real = openjpeg.round_trip
    seen: list[Image.Image] = []
    monkeypatch.setattr(openjpeg, "round_trip", lambda img, encode, decode=(): seen.append(img) or real(img, encode,
                                                                                                        decode))
    page = rasterise(table_page, 200)[0]
    for name in ("a", "b"):
        out = STYLES["archive_jpeg2000"].degrade(page, random.Random(f"archive_jpeg2000|{name}|1.0"), 1.0, 200)
        scan = seen.pop()
        assert _paper_grain(out) < GRAIN_KEPT * _paper_grain(scan)
        rgb = np.asarray(out, dtype=np.float32)
        paper = np.asarray(out.convert("L")) > 180
        assert np.median(rgb[..., 0][paper] - rgb[..., 2][paper]) > YELLOW


def test_making_a_new_style_page_asks_no_network():
    """A fresh interpreter with the network cut counts every attempt while both styles make a page."""
    assert network_attempts(NEW_STYLES) == 0
