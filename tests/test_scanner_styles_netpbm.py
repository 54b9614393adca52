"""The scanner styles made by Netpbm (``g3_fax``, ``folded``; branch hscan9; held out at stop 19, tuned from
stop 20): Netpbm's own programs found
by path, a real Group 3 codec, the same bytes for the same seed name, the page's size and resolution kept, the
print still print, and each style's own mark (the fax's doubled lines, the creases' shadows). No page of theirs is
read by the OCR here (held out: only the lead's held-out run reads them); the checks look at the pixels only."""

from __future__ import annotations

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image
from scan_style_checks import (
    INK,
    assert_seeded_by_name,
    assert_the_page_and_its_print_are_kept,
    grey,
    scanned_and_clean,
)

from pipeline.synth import netpbm
from pipeline.synth.scanner_styles import (
    FAX_LINE_PELS,
    FOLD_PANELS,
    HELD_OUT,
    MM_PER_INCH,
    STYLES,
    rasterise,
    scan_styled,
)

NETPBM_STYLES = ("g3_fax", "folded")
#: The degraded page's share of ink pixels against the clean page's: moderate severity neither drowns the page in
#: marks nor fades the print away (measured over four seed names: g3_fax 1.27–1.39, its threshold at 72–80 % of
#: white printing every pel a quarter covered; folded 0.95–0.98).
INK_RATIO = (0.7, 1.6)
#: The print's darkest 2 % against the paper's median: still far apart (g3_fax is bilevel: 255; folded 205–212).
MIN_CONTRAST = 120
#: Standard resolution halves the vertical detail: every scan line is printed twice, so of the rows with print, the
#: share that repeats the row above or below (measured: g3_fax 1.0 against the clean page's 0.70).
FAX_PAIRED_ROWS = 0.95
#: A row's paper tone: a high percentile of its pixels (a ruled row is mostly ink, so not its median).
PAPER_PERCENTILE = 90
#: A crease's shadow: the paper's tone within this many mm of a third of the page drops at least this many grey
#: levels under the page's paper (measured over four seed names: 48–67 at the ridge; the first panel: 0–1).
CREASE_MM, CREASE_DARKER, FLAT_PANEL = 12, 30, 10


@pytest.fixture(scope="module")
def scans(table_page) -> dict[str, bytes]:
    """The test page through each style, made once for the module (seed name ``h-a.pdf``)."""
    return {style: scan_styled(table_page, style, "h-a.pdf") for style in NETPBM_STYLES}


def test_the_netpbm_styles_are_tuned_from_stop_20_and_the_earlier_held_out_ones_stay():
    """g3_fax and folded were held out when made (stop 19) and moved to the tuned side after their one held-out run."""
    assert not set(NETPBM_STYLES) & set(HELD_OUT)
    assert {"fax", "phone"} <= set(HELD_OUT)
    assert set(HELD_OUT) <= set(STYLES)
    assert all("Netpbm" in STYLES[s].degrade.__doc__ for s in NETPBM_STYLES)


def test_netpbm_programs_are_called_by_path_and_checked_to_be_netpbm():
    path = netpbm.program("pamfunc")
    assert path == str(netpbm.BIN / "pamfunc")
    out = netpbm.run(Image.new("L", (40, 30), 200), [["pamfunc", "-subtractor=50"]])
    assert out.size == (40, 30) and int(np.asarray(out).max()) == 150


def test_the_fax_codec_is_group_3_at_standard_resolution():
    """pbmtog3 cuts a line to the fax's 1728 pels; g3topbm -stretch doubles every line, as a receiver does."""
    sent = Image.new("1", (1800, 50), 1)
    sent.paste(0, (100, 10, 400, 20))
    coded = netpbm.bytes_through(netpbm.to_pnm(sent), [["pbmtog3"]])
    assert len(coded) < 1800 * 50 // 8 // 4  # run lengths, not pixels
    received = np.asarray(netpbm.decode(netpbm.bytes_through(coded, [["g3topbm", "-stretch"]])))
    assert received.shape == (100, FAX_LINE_PELS)
    assert np.array_equal(received[::2], received[1::2])
    assert not received[20:40, 100:400].any() and received[:20].all()


@pytest.mark.parametrize("style", NETPBM_STYLES)
def test_a_netpbm_style_is_seeded_by_name_keeps_the_page_and_its_print(table_page, scans, style):
    assert scan_styled(table_page, style, "h-a.pdf") == scans[style]  # the same name, the same bytes
    assert_the_page_and_its_print_are_kept(table_page, scans[style], style, ink_ratio=INK_RATIO,
                                           min_contrast=MIN_CONTRAST, row_slack=0.1)


def test_the_fax_is_bilevel_with_half_the_vertical_detail(table_page, scans):
    doc = pdfium.PdfDocument(scans["g3_fax"])
    (image,) = [o for o in doc[0].get_objects() if isinstance(o, pdfium.PdfImage)]
    page = grey(image.get_bitmap().to_pil())  # the stored image itself, not rendered (rendering interpolates)
    clean = grey(rasterise(table_page, STYLES["g3_fax"].dpi)[0])
    assert set(np.unique(page)) <= {0, 255}

    def paired(ink: np.ndarray) -> float:
        inked = np.flatnonzero(ink.any(axis=1))
        inked = inked[(inked > 0) & (inked < len(ink) - 1)]
        return float(np.mean([np.array_equal(ink[i], ink[i - 1]) or np.array_equal(ink[i], ink[i + 1])
                              for i in inked]))

    fax, sharp = paired(page < INK), paired(clean < INK)
    assert fax > FAX_PAIRED_ROWS > sharp, (fax, sharp)


def test_the_folded_page_shows_its_creases(table_page, scans):
    page, _ = scanned_and_clean(table_page, scans["folded"], STYLES["folded"].dpi)
    rows = np.percentile(page, PAPER_PERCENTILE, axis=1)  # the paper's tone along the page, print and rules aside
    paper = np.median(rows)
    reach = round(CREASE_MM * STYLES["folded"].dpi / MM_PER_INCH)
    for k in range(1, FOLD_PANELS):
        third = page.shape[0] * k // FOLD_PANELS
        assert paper - rows[third - reach:third + reach].min() > CREASE_DARKER, k
    flat = rows[:page.shape[0] // FOLD_PANELS - reach]  # the first panel: no crease, no shadow
    assert paper - flat.min() < FLAT_PANEL


@pytest.mark.parametrize("style", NETPBM_STYLES)
def test_another_seed_name_makes_another_page(table_page, style):
    assert assert_seeded_by_name(table_page, style, (600, 400)).shape == (400, 600)
