"""The scanner styles made by ImageMagick (``office_scan``, ``copy_of_copy``, ``microfilm``; branch hscan8; held out
when made, ``copy_of_copy`` tuned since stop 19, ``office_scan`` and ``microfilm`` since stop 24): the real binary
found by its path, the same bytes for the same seed name, the page's size and resolution kept, the print still print.
The checks look at the pixels only."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from scan_style_checks import assert_seeded_by_name, assert_the_page_and_its_print_are_kept

from pipeline.synth import magick
from pipeline.synth.scanner_styles import HELD_OUT, STYLES, scan_styled

MAGICK_STYLES = ("office_scan", "copy_of_copy", "microfilm")
#: The degraded page's share of ink pixels against the clean page's: moderate severity neither drowns the page in
#: marks nor fades the print away. A copy of a copy thickens its strokes (measured on eye-checked pages: 1.05,
#: 1.69, 0.96 for the three styles; 1.49–1.69 for copy_of_copy over six seed names).
INK_RATIO = (0.7, 1.8)
#: The print's darkest 2 % against the paper's median: still far apart (microfilm, the flattest by design: about
#: 110; office_scan 180, copy_of_copy 212).
MIN_CONTRAST = 80
#: The stand-in that shadows ImageMagick's convert on PATH on some machines: never the binary used.
PATH_CONVERT = "/usr/local/bin/convert"


def test_the_imagemagick_styles_are_tuned_from_stops_19_and_24_and_fax_and_phone_stay_held_out():
    """Held out when made (stop 8); each moved to the tuned side after its held-out runs, before any tuning on it."""
    assert not set(MAGICK_STYLES) & set(HELD_OUT)
    assert {"fax", "phone"} <= set(HELD_OUT)
    assert set(HELD_OUT) <= set(STYLES)
    assert all("ImageMagick" in STYLES[s].degrade.__doc__ for s in MAGICK_STYLES)


def test_the_real_imagemagick_is_called_by_its_path():
    path = magick.binary()
    assert path in magick.CANDIDATES and path != PATH_CONVERT
    out = magick.run(Image.new("L", (40, 30), 200), ["-negate"], seed=1)
    assert out.size == (40, 30) and int(np.asarray(out.convert("L")).max()) == 55


@pytest.mark.parametrize("style", MAGICK_STYLES)
def test_an_imagemagick_style_is_seeded_by_name_keeps_the_page_and_its_print(table_page, style):
    scanned = scan_styled(table_page, style, "h-a.pdf")
    assert scan_styled(table_page, style, "h-a.pdf") == scanned  # the same name, the same bytes
    # the resolution kept through ImageMagick's turns and scalings
    assert_the_page_and_its_print_are_kept(table_page, scanned, style, ink_ratio=INK_RATIO,
                                           min_contrast=MIN_CONTRAST, row_slack=0.1)


@pytest.mark.parametrize("style", MAGICK_STYLES)
def test_another_seed_name_makes_another_page(table_page, style):
    assert assert_seeded_by_name(table_page, style, (600, 400)).shape == (400, 600)


def test_office_scan_keeps_a_page_with_little_ink_legible():
    """A page with under 1 % ink (four lines) keeps its paper white and its print dark. The recipe's
    ``-linear-stretch`` once clipped more pixels to black than the page had ink and turned it black (stop 24, seeds 47
    and 61); since stop 25 the black point clips at most half the ink."""
    import io

    from PIL import ImageDraw, ImageFont

    page = Image.new("L", (1240, 1754), 255)  # A4 at 150 dpi
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 30)
    for row in range(4):
        draw.text((150, 200 + 60 * row), f"二、主动公开政府信息情况 第{row + 1}项 {4529 + row}", font=font, fill=0)
    ink = float(np.mean(np.asarray(page) < 128))
    assert 0.005 < ink < 0.01
    buf = io.BytesIO()
    page.save(buf, "PDF", resolution=150.0)
    for name in ("sparse-a.pdf", "sparse-b.pdf", "sparse-c.pdf"):
        scanned = np.asarray(Image.open(io.BytesIO(_first_image(scan_styled(buf.getvalue(), "office_scan", name)))))
        assert np.median(scanned) > 200, name  # the paper stays paper
        assert 0.5 * ink < float(np.mean(scanned < 128)) < 6 * ink, name  # the print stays print (the stretch thickens it)


def _first_image(pdf_bytes: bytes) -> bytes:
    """The first page of an image-only PDF as PNG bytes."""
    import io

    import pypdfium2 as pdfium

    out = io.BytesIO()
    pdfium.PdfDocument(pdf_bytes)[0].render(scale=1).to_pil().convert("L").save(out, "PNG")
    return out.getvalue()
