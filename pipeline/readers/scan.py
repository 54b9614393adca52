"""Scanned reports that come as image files (PNG, JPEG, TIFF with one page per frame), read by OCR.

Also home of :func:`ocr_module`, the one place that decides whether OCR can run: the ``ocr`` extra
(RapidOCR, ONNX Runtime, OpenCV) is optional, and without it scans give a clear error record.
"""

from __future__ import annotations

from types import ModuleType

from ..document import Block, Document
from ..errors import ExtractionError
from ..layout.unruled import ROWS_JOINED, Pages
from .formats import FormatOption
from .normalize import normalize_text


def ocr_module() -> ModuleType | None:
    """:mod:`pipeline.ocr` when the ``ocr`` extra is installed, else None."""
    from .. import ocr

    if not ocr.available():
        return None
    try:
        ocr.read_page  # noqa: B018 - loads OpenCV: the extra may be half installed
    except ImportError:
        return None
    return ocr


def read(data: bytes, source: str) -> Document:
    ocr = ocr_module()
    if ocr is None:
        raise ExtractionError("needs_ocr", "the file is an image (a scanned page): reading it needs OCR, "
                              "which is the ocr extra: pip install 'gongkai[ocr]'")
    doc = Document(source=source, format="image")
    pages: list[list[tuple[float, Block]]] = []
    unruled = Pages(fold=normalize_text)
    for number, (gray, dpi) in enumerate(ocr.image_frames(data), start=1):
        if ocr.dark_all_over(gray):  # no paper shows: nothing printed there can be read
            doc.warnings.append(ocr.dark_warning(number))
            items = []
        else:
            items, _ = ocr.read_page(gray, dpi, number, unruled=unruled)
        pages.append(items)
        doc.pages_ocr.append(number)
    if unruled.join(pages):
        doc.warnings.append(ROWS_JOINED)
    doc.page_count = len(pages)
    doc.blocks = [b for items in pages for _, b in items]
    doc.warnings.extend(unruled.warnings(doc.tables))
    return doc


#: Scanned pages as images.
FORMATS = (
    FormatOption("png", "a PNG image", magic=(b"\x89PNG\r\n\x1a\n",), read=read),
    FormatOption("jpeg", "a JPEG image", magic=(b"\xff\xd8\xff",), read=read),
    FormatOption("tiff", "a TIFF image", magic=(b"II*\x00", b"MM\x00*"), read=read),
)
