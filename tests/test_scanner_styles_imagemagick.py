"""The scanner styles made by ImageMagick (``office_scan``, ``copy_of_copy``, ``microfilm``; branch hscan8; held out,
but copy_of_copy tuned since stop 19): the real binary found by its path, the same bytes for the same seed name, the page's size and resolution kept, the
print still print. No page of theirs is read by the OCR here (held out: only the lead's held-out run reads them);
the checks look at the pixels only."""

from __future__ import annotations

import random

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from pipeline.synth import magick
from pipeline.synth.scanner_styles import HELD_OUT, STYLES, rasterise, scan_styled

MAGICK_STYLES = ("office_scan", "copy_of_copy", "microfilm")
#: Grey levels under this are ink (the OCR's own binarising is not used: these pages are never read here).
INK = 128
#: The degraded page's share of ink pixels against the clean page's: moderate severity neither drowns the page in
#: marks nor fades the print away. A copy of a copy thickens its strokes (measured on eye-checked pages: 1.05,
#: 1.69, 0.96 for the three styles; 1.49–1.69 for copy_of_copy over six seed names).
INK_RATIO = (0.7, 1.8)
#: The print's darkest 2 % against the paper's median: still far apart (microfilm, the flattest by design: about
#: 110; office_scan 180, copy_of_copy 212).
MIN_CONTRAST = 80
#: A4 in points, as Chromium prints it.
A4_POINTS = (595.0, 842.0)
#: The stand-in that shadows ImageMagick's convert on PATH on some machines: never the binary used.
PATH_CONVERT = "/usr/local/bin/convert"


def _grey(img: Image.Image) -> np.ndarray:
    return np.asarray(img.convert("L"))


def test_the_imagemagick_styles_are_held_out_beside_the_earlier_ones_but_copy_of_copy_tuned_from_stop_19():
    assert set(MAGICK_STYLES) - set(HELD_OUT) == {"copy_of_copy"}
    assert {"fax", "phone", "scan_app"} <= set(HELD_OUT)
    assert set(HELD_OUT) <= set(STYLES)
    assert all("ImageMagick" in STYLES[s].degrade.__doc__ for s in MAGICK_STYLES)


def test_the_real_imagemagick_is_called_by_its_path():
    path = magick.binary()
    assert path in magick.CANDIDATES and path != PATH_CONVERT
    out = magick.run(Image.new("L", (40, 30), 200), ["-negate"], seed=1)
    assert out.size == (40, 30) and int(np.asarray(out.convert("L")).max()) == 55


def test_a_missing_imagemagick_says_which_package_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(magick, "CANDIDATES", (str(tmp_path / "convert-im6.q16"),))
    magick.binary.cache_clear()
    try:
        with pytest.raises(magick.MagickMissing, match="apt-get install imagemagick"):
            magick.binary()
    finally:
        magick.binary.cache_clear()


@pytest.mark.parametrize("style", MAGICK_STYLES)
def test_an_imagemagick_style_is_seeded_by_name_keeps_the_page_and_its_print(table_page, style):
    spec = STYLES[style]
    scanned = scan_styled(table_page, style, "h-a.pdf")
    assert scan_styled(table_page, style, "h-a.pdf") == scanned  # the same name, the same bytes
    doc = pdfium.PdfDocument(scanned)
    assert len(doc) == 1
    width, height = doc[0].get_size()
    assert abs(width - A4_POINTS[0]) < 1 and abs(height - A4_POINTS[1]) < 1
    (image,) = [o for o in doc[0].get_objects() if isinstance(o, pdfium.PdfImage)]
    clean_page = rasterise(table_page, spec.dpi)[0]
    assert image.get_px_size() == clean_page.size  # the resolution kept, through ImageMagick's turns and scalings
    assert abs(image.get_px_size()[0] / (width / 72) - spec.dpi) < 1

    clean = _grey(clean_page)
    page = _grey(doc[0].render(scale=spec.dpi / 72).to_pil())
    assert np.abs(np.subtract(page.shape, clean.shape)).max() <= 1  # rendering back rounds to a pixel
    h, w = min(page.shape[0], clean.shape[0]), min(page.shape[1], clean.shape[1])
    page, clean = page[:h, :w], clean[:h, :w]
    ratio = (page < INK).mean() / (clean < INK).mean()
    assert INK_RATIO[0] < ratio < INK_RATIO[1], ratio
    assert np.median(page) - np.percentile(page, 2) > MIN_CONTRAST
    # the print is where it was: the page's ink rows are the clean page's, give or take the style's turn or scale
    rows, clean_rows = (page < INK).mean(axis=1) > 0.01, (clean < INK).mean(axis=1) > 0.01
    assert abs(int(rows.sum()) - int(clean_rows.sum())) < 0.1 * clean_rows.sum()


@pytest.mark.parametrize("style", MAGICK_STYLES)
def test_another_seed_name_makes_another_page(table_page, style):
    spec = STYLES[style]
    band = rasterise(table_page, spec.dpi)[0].crop((0, 0, 600, 400))  # a corner is enough to tell pages apart
    first = np.asarray(spec.degrade(band, random.Random("a"), 1.0, spec.dpi))
    assert first.shape == (400, 600)
    assert np.array_equal(first, np.asarray(spec.degrade(band, random.Random("a"), 1.0, spec.dpi)))
    assert not np.array_equal(first, np.asarray(spec.degrade(band, random.Random("b"), 1.0, spec.dpi)))
