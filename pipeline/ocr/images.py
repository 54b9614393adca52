"""Page images for OCR: pages of a PDF rendered with pdfium, and the frames of PNG, JPEG and TIFF files.

PDF pages are rendered at :data:`RENDER_DPI`, enough for 8 pt digits and no more (the recogniser scales every
line to 48 pixels high anyway); image files scanned at less are scaled up to it, so that thin rules and small
digits meet the same thresholds on either route. An image file's resolution is taken from its tags; without one, the page is
assumed to be A4 wide, which is what annual reports are printed on.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import numpy as np
from PIL import Image, ImageSequence, UnidentifiedImageError

from ..errors import ExtractionError
from .colour import to_grey

RENDER_DPI = 200
#: Frames of an image file beyond this are not read (no report is this long).
MAX_FRAMES = 400
#: Larger images are refused (Pillow's own guard against decompression bombs is 179 M pixels).
MAX_PIXELS = 60_000_000
A4_WIDTH_INCH = 8.27
#: Image modes with no colour in them (the rest are read in colour, so that seals can be taken out).
GREY_MODES = frozenset({"1", "L", "LA", "I", "I;16", "F"})
#: Resolutions outside this range in an image's tags are taken for wrong tags.
PLAUSIBLE_DPI = (72, 1200)


def render_pdf_page(pdf, index: int, dpi: float = RENDER_DPI) -> np.ndarray:
    """Page ``index`` of an open ``pypdfium2.PdfDocument`` as a greyscale array, coloured ink (seals) taken
    out (:func:`pipeline.ocr.colour.to_grey`)."""
    page = pdf[index]
    try:
        return to_grey(np.asarray(page.render(scale=dpi / 72).to_pil().convert("RGB")))
    finally:
        page.close()


def image_frames(data: bytes) -> Iterator[tuple[np.ndarray, float]]:
    """(greyscale array, dpi) for each frame of an image file."""
    try:
        img = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ExtractionError("unreadable", f"the image cannot be opened: {exc}") from exc
    n = getattr(img, "n_frames", 1)
    if n > MAX_FRAMES:
        raise ExtractionError("too_large", f"the image has {n} frames, more than the {MAX_FRAMES} read")
    for frame in ImageSequence.Iterator(img):
        if frame.width * frame.height > MAX_PIXELS:
            raise ExtractionError("too_large", f"a page of {frame.width}×{frame.height} pixels is larger than OCR reads")
        try:
            gray = frame.convert("L") if frame.mode in GREY_MODES else frame.convert("RGB")
        except OSError as exc:  # truncated or corrupt image data
            raise ExtractionError("unreadable", f"the image data is damaged: {exc}") from exc
        dpi = _dpi(frame)
        if dpi < RENDER_DPI:  # read small scans as PDF pages are read: at RENDER_DPI
            scale = RENDER_DPI / dpi
            gray = gray.resize((round(gray.width * scale), round(gray.height * scale)), Image.Resampling.BICUBIC)
            dpi = RENDER_DPI
        yield to_grey(np.asarray(gray)), dpi


def _dpi(frame: Image.Image) -> float:
    tagged = frame.info.get("dpi")
    if tagged:
        dpi = float(tagged[0])
        if PLAUSIBLE_DPI[0] <= dpi <= PLAUSIBLE_DPI[1]:
            return dpi
    return frame.width / A4_WIDTH_INCH
