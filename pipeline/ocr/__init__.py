"""OCR of scanned pages (the ``ocr`` extra): squared, ruled tables found with OpenCV, lines read by RapidOCR.

:func:`read_page` turns one page image into the same blocks a born-digital page gives, each cell and line
with the recogniser's confidence. Nothing here runs unless a page has no usable text layer.
"""

from .engine import OcrUnavailable, available
from .images import RENDER_DPI, image_frames, render_pdf_page
from .page import read_page

__all__ = ["RENDER_DPI", "OcrUnavailable", "available", "image_frames", "read_page", "render_pdf_page"]
