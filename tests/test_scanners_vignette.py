"""Light that falls off towards a page's corners is no desk round a photographed sheet (issue 13, branch scan14m).

A microfilm reader-printer's print (``microfilm``: soft, low in contrast, its lamp brighter in the middle than at
the corners) has a lit middle fading into a darker rim. Otsu's threshold on the reduced page split the two, the
rim ran along most of the page's edges, and the lit middle was taken for a photographed sheet: the page was warped
to it and the print round it lost (a table at the top of the page read as nothing). A sheet on a desk ends in a
step down all along its outline; a vignette's middle has one only where its outline runs along print.

Fixtures are whole pages as :func:`pipeline.ocr.perspective.sheet_corners` sees them: the PDF reader's render
(grey, 200 dpi) reduced to its 50 dpi with the same ``INTER_AREA`` resize, so the test takes the same decision
as the reader (a whole page at 200 dpi is 0.9 MB). Each test of the vignette fails on the code before the fix.
"""

from pathlib import Path

import cv2
import numpy as np

from pipeline.ocr.perspective import REDUCED_DPI, sheet_corners

DATA = Path(__file__).resolve().parent / "data"


def _grey(name: str):
    return cv2.imread(str(DATA / name), cv2.IMREAD_GRAYSCALE)


def test_a_microfilm_print_with_a_lit_middle_is_left_flat():
    """Tuning seed 101's ``m101-000.microfilm.s1.noto-sans`` page 5 (``python eval/scanners.py --styles microfilm
    --docs 1 --seed 101 --fonts noto-sans``): table 三's last rows, 结转, and table 四's first row. The lit middle
    (from about table 三's third row to above the foot) was taken for the sheet and the page warped to it: the
    rows above it (8.属于行政查询事项, 1.本机关不掌握相关政府信息) and below it (结转, table 四's 行政复议 | 行政诉讼)
    were lost. Its outline steps down along about a quarter of its length (where it runs along the table), a
    sheet's along all of it. The same class cost check seed 45's ``m45-001`` (page 6: table 四's 15 values) and
    seed 46's ``m46-001`` and ``m46-002`` (studied openly at stop 24)."""
    assert sheet_corners(_grey("microfilm_lit_middle_50dpi.png"), REDUCED_DPI) is None


def test_a_photographed_sheet_on_a_desk_is_still_found():
    """Tuning seed 7's ``m7-000.photo.s1.noto-serif`` page 4 (our own photo model: the sheet in perspective on a
    brown desk, lit by a linear gradient): its corners are found as before, the sheet's edge a step all round."""
    corners = sheet_corners(_grey("photo_sheet_on_desk_50dpi.png"), REDUCED_DPI)
    assert corners is not None
    assert np.abs(corners - [[33.5, 31.5], [384.5, 30.5], [392.5, 552.5], [19.5, 554.5]]).max() < 1


def test_a_document_camera_still_of_a_ruled_page_is_left_flat():
    """Check seed 45's ``m45-000.document_camera.s1.noto-serif`` page 4 (studied openly at stop 25, when
    ``document_camera`` moved to the tuned side; the class did not show on tuning seeds 61, 67 and 71): table 三's
    rows from 上年结转 down. The camera's vignette leaves a lit middle, and on a page of ruled tables its outline
    runs along the rules for half its length, a step down as a sheet's edge is (0.52 of it), so it passed for a
    sheet: the page was warped to it and the rows outside it lost (结转, 予以公开, and the last rows: 35 cells
    read blank, flagged). A sheet is a quadrilateral; that middle is rounded (0.75 of the union of it and its
    corners' quadrilateral; the photographed sheet 0.98)."""
    assert sheet_corners(_grey("document_camera_ruled_lit_middle_50dpi.png"), REDUCED_DPI) is None
