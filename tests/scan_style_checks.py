"""The checks every scanner-style test file makes of its styles, from the pixels alone (no OCR): the same seed name
gives the same page, another name another; the scan keeps the A4 page and its resolution; the print is still print
where it was. Each file passes its own measured bounds."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image

from pipeline.synth.scanner_styles import STYLES, rasterise

#: Grey levels under this are ink (the OCR's own binarising is not used: held-out pages are never read in tests).
INK = 128
#: A4 in points, as Chromium prints it.
A4_POINTS = (595.0, 842.0)
#: A row with more than this share of ink pixels holds print.
INKED_ROW = 0.01


def grey(img: Image.Image) -> np.ndarray:
    return np.asarray(img.convert("L"))


def scanned_and_clean(table_page: bytes, scanned: bytes, dpi: int) -> tuple[np.ndarray, np.ndarray]:
    """The scan's page rendered back from its PDF and the clean page, both grey and cut to one size (rendering
    back rounds to a pixel)."""
    page = grey(pdfium.PdfDocument(scanned)[0].render(scale=dpi / 72).to_pil())
    clean = grey(rasterise(table_page, dpi)[0])
    assert np.abs(np.subtract(page.shape, clean.shape)).max() <= 1
    h, w = min(page.shape[0], clean.shape[0]), min(page.shape[1], clean.shape[1])
    return page[:h, :w], clean[:h, :w]


def assert_the_page_and_its_print_are_kept(table_page: bytes, scanned: bytes, style: str, *,
                                           ink_ratio: tuple[float, float], min_contrast: float,
                                           row_slack: float) -> None:
    """One A4 page at the style's resolution; its ink share against the clean page's within ``ink_ratio``; the
    print's darkest 2 % at least ``min_contrast`` under the paper's median; as many inked rows as the clean page
    within ``row_slack`` of them (the style's turn, slant or scale)."""
    dpi = STYLES[style].dpi
    doc = pdfium.PdfDocument(scanned)
    assert len(doc) == 1
    width, height = doc[0].get_size()
    assert abs(width - A4_POINTS[0]) < 1 and abs(height - A4_POINTS[1]) < 1
    (image,) = [o for o in doc[0].get_objects() if isinstance(o, pdfium.PdfImage)]
    assert image.get_px_size() == rasterise(table_page, dpi)[0].size  # the resolution kept
    assert abs(image.get_px_size()[0] / (width / 72) - dpi) < 1

    page, clean = scanned_and_clean(table_page, scanned, dpi)
    ratio = (page < INK).mean() / (clean < INK).mean()
    assert ink_ratio[0] < ratio < ink_ratio[1], ratio
    assert np.median(page) - np.percentile(page, 2) > min_contrast
    rows, clean_rows = (page < INK).mean(axis=1) > INKED_ROW, (clean < INK).mean(axis=1) > INKED_ROW
    assert abs(int(rows.sum()) - int(clean_rows.sum())) < row_slack * clean_rows.sum()


def degraded_corner(table_page: bytes, style: str, seed_name: str, corner: tuple[int, int]) -> np.ndarray:
    """The page's top-left ``corner`` (width, height) through the style, seeded by ``seed_name``: a corner is
    enough to tell pages apart."""
    spec = STYLES[style]
    band = rasterise(table_page, spec.dpi)[0].crop((0, 0, *corner))
    return np.asarray(spec.degrade(band, random.Random(seed_name), 1.0, spec.dpi))


def assert_seeded_by_name(table_page: bytes, style: str, corner: tuple[int, int]) -> np.ndarray:
    """The same seed name degrades the same way, another name another; gives the first degraded corner."""
    first = degraded_corner(table_page, style, "a", corner)
    assert np.array_equal(first, degraded_corner(table_page, style, "a", corner))
    assert not np.array_equal(first, degraded_corner(table_page, style, "b", corner))
    return first


def network_attempts(styles: tuple[str, ...], drop_env: tuple[str, ...] = ()) -> int:
    """How many times a fresh interpreter, with the network cut and ``drop_env`` unset, tries to connect while each of
    ``styles`` makes a page: a style may ask nothing of the network (the styles are made offline, in CI too)."""
    code = textwrap.dedent(f"""
        import random, socket
        attempts = []
        def cut(*args, **kwargs):
            attempts.append(args)
            raise OSError("no network in this test")
        socket.socket.connect = cut
        socket.getaddrinfo = cut
        from PIL import Image
        from pipeline.synth.scanner_styles import STYLES
        for style in {styles!r}:
            STYLES[style].degrade(Image.new("RGB", (300, 200), (250, 250, 250)), random.Random(1), 1.0, 200)
        print(len(attempts))
    """)
    env = {k: v for k, v in os.environ.items() if k not in drop_env}
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).resolve().parents[1]), env.get("PYTHONPATH", "")])
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return int(out.stdout.strip())
