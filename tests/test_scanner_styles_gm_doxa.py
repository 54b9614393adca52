"""The held-out scanner styles of stop 22 (branch hscan22): ``bound_volume``, made by GraphicsMagick, and
``archive_bilevel``, a GraphicsMagick grey scan put to one bit by ΔOxa's Sauvola or Wolf threshold (doxapy). The
real ``gm`` found by its path, doxapy really used, the same bytes for the same seed name, another page for another,
the page's size and resolution kept, the print still print, each style's own mark (the spine side's shadow and
gutter; one bit a pixel at 300 dpi), and nothing sent to the network. No page of theirs is read by the OCR here
(held out: only the lead's held-out run reads them); the checks look at the pixels only."""

from __future__ import annotations

import random

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image
from scan_style_checks import (
    INK,
    INKED_ROW,
    assert_seeded_by_name,
    assert_the_page_and_its_print_are_kept,
    grey,
    network_attempts,
    scanned_and_clean,
)

from pipeline.synth import doxa, graphicsmagick
from pipeline.synth.scanner_styles import HELD_OUT, STYLES, rasterise, scan_styled

NEW_STYLES = ("bound_volume", "archive_bilevel")
#: The degraded page's share of ink pixels against the clean page's (measured over six seed names on eye-checked
#: pages: bound_volume 1.41–1.53, the gutter's dark band counting as ink; archive_bilevel 1.13–1.47, Wolf's
#: threshold thickening strokes more than Sauvola's).
INK_RATIO = (0.8, 1.8)
#: The print's darkest 2 % against the paper's median (bound_volume 166–170; archive_bilevel is bilevel: 255).
MIN_CONTRAST = 120
#: The gutter's dark band runs the page's whole height, so every row has "ink" at the spine's edge: the shared
#: check's rows are loose for bound_volume (2,334–2,336 inked rows against the clean page's 2,061); the print's
#: own rows are checked away from the spine (:func:`test_the_bound_page_is_dark_at_its_spine_side_only_and_its_print_kept_away_from_it`).
ROW_SLACK = {"bound_volume": 0.2, "archive_bilevel": 0.05}
#: The paper's tone (a column's 90th percentile) over the tenth of the page on the spine's side against the
#: page's: measured 160–180 against 226–233, a drop of 47–70 levels; on the far side the drop is 0.
SPINE_DARKER, FAR_SIDE_FLAT = 30, 5


@pytest.fixture(scope="module")
def scans(table_page) -> dict[str, bytes]:
    """The test page through each style, made once for the module (seed name ``h-a.pdf``)."""
    return {style: scan_styled(table_page, style, "h-a.pdf") for style in NEW_STYLES}


def test_the_new_styles_are_held_out_beside_the_earlier_ones():
    assert set(NEW_STYLES) <= set(HELD_OUT) <= set(STYLES)
    assert {"fax", "phone"} <= set(HELD_OUT)
    assert "GraphicsMagick" in STYLES["bound_volume"].degrade.__doc__
    assert "doxapy" in STYLES["archive_bilevel"].degrade.__doc__
    assert STYLES["archive_bilevel"].dpi == 300


def test_graphicsmagick_is_called_by_its_path_and_checked_to_be_graphicsmagick():
    assert graphicsmagick.binary() == str(graphicsmagick.BINARY)
    out = graphicsmagick.run(Image.new("L", (40, 30), 200), ["-negate"])
    assert out.size == (40, 30) and int(np.asarray(out.convert("L")).max()) == 55
    side = graphicsmagick.append([Image.new("L", (10, 30), 0), Image.new("L", (5, 30), 255)])
    assert side.size == (15, 30)
    ramp = np.asarray(graphicsmagick.gradient(20, 4, 200, 40))
    assert ramp.shape == (4, 20) and ramp[0, 0] == 200 and ramp[0, -1] == 40


def test_doxa_keeps_the_print_black_and_hollows_what_a_local_threshold_hollows():
    """ΔOxa's Sauvola: a thin dark line and a block's edge stay black (0), the paper white; inside a block wider than
    the window the local mean is the ink's own, so the block comes out hollow (the artefact of a local threshold)."""
    page = np.full((60, 80), 230, np.uint8)
    page[10:30, 10:30] = 20
    page[40:42, 5:70] = 60
    out = np.asarray(doxa.binarise(Image.fromarray(page), "SAUVOLA", 15, 0.2).convert("L"))
    assert out[41, 20] == 0 and out[10, 15] == 0 and out[50, 75] == 255
    assert out[20, 20] == 255


def test_the_styles_really_use_their_libraries(monkeypatch, table_page):
    """Every GraphicsMagick call goes through ``gm convert``; archive_bilevel's bits come from doxapy's binariser."""
    calls: list[str] = []
    real_convert, real_binarise = graphicsmagick._convert, doxa.binarise
    monkeypatch.setattr(graphicsmagick, "_convert", lambda args, data=None: calls.append("gm") or real_convert(args, data))
    monkeypatch.setattr(doxa, "binarise", lambda *a, **k: calls.append("doxa") or real_binarise(*a, **k))
    band = rasterise(table_page, 300)[0].crop((0, 0, 600, 400))
    out = STYLES["archive_bilevel"].degrade(band, random.Random("a"), 1.0, 300)
    assert calls == ["gm", "doxa"] and out.mode == "1" and out.size == band.size
    calls.clear()
    STYLES["bound_volume"].degrade(band, random.Random("a"), 1.0, 200)
    assert calls and set(calls) == {"gm"}


@pytest.mark.parametrize("style", NEW_STYLES)
def test_a_new_style_is_seeded_by_name_keeps_the_page_and_its_print(table_page, scans, style):
    assert scan_styled(table_page, style, "h-a.pdf") == scans[style]  # the same name, the same bytes
    assert_the_page_and_its_print_are_kept(table_page, scans[style], style, ink_ratio=INK_RATIO,
                                           min_contrast=MIN_CONTRAST, row_slack=ROW_SLACK[style])


@pytest.mark.parametrize("style", NEW_STYLES)
def test_another_seed_name_makes_another_page(table_page, style):
    assert_seeded_by_name(table_page, style, (600, 400))


def test_the_archive_copy_is_one_bit_a_pixel_at_300_dpi(table_page, scans):
    doc = pdfium.PdfDocument(scans["archive_bilevel"])
    (image,) = [o for o in doc[0].get_objects() if isinstance(o, pdfium.PdfImage)]
    page = grey(image.get_bitmap().to_pil())  # the stored image itself, not rendered (rendering interpolates)
    assert set(np.unique(page)) <= {0, 255}
    assert page.shape[::-1] == rasterise(table_page, 300)[0].size


def test_the_bound_page_is_dark_at_its_spine_side_only_and_its_print_kept_away_from_it(table_page, scans):
    """The tenth of the page on one side (the spine's) is darker than the page's paper, the other tenth is not, and
    away from the spine the print's rows are the clean page's."""
    page, clean = scanned_and_clean(table_page, scans["bound_volume"], STYLES["bound_volume"].dpi)
    cols = np.percentile(page, 90, axis=0)  # the paper's tone across the page, print and rules aside
    tenth, paper = page.shape[1] // 10, np.median(cols)
    drops = sorted((paper - cols[:tenth].mean(), paper - cols[-tenth:].mean()))
    assert drops[0] < FAR_SIDE_FLAT and drops[1] > SPINE_DARKER, drops
    spine_left = cols[:tenth].mean() < cols[-tenth:].mean()
    flat = np.s_[:, 3 * tenth:] if spine_left else np.s_[:, :-3 * tenth]
    rows, clean_rows = ((p[flat] < INK).mean(axis=1) > INKED_ROW for p in (page, clean))
    assert abs(int(rows.sum()) - int(clean_rows.sum())) < 0.05 * clean_rows.sum()


def test_making_a_new_style_page_asks_no_network():
    """A fresh interpreter with the network cut counts every attempt while both styles make a page."""
    assert network_attempts(("bound_volume", "archive_bilevel")) == 0
