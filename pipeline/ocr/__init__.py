"""OCR of scanned pages (the ``ocr`` extra): squared, ruled tables found with OpenCV, lines read by RapidOCR.

:func:`read_page` turns one page image into the same blocks a born-digital page gives, each cell and line
with the recogniser's confidence. Nothing here runs unless a page has no usable text layer. Importing this
package needs no extra; OpenCV and RapidOCR load with the first of the names below that needs them.
"""

from __future__ import annotations

import importlib

from .engine import THREADS_ENV, OcrUnavailable, available

_LAZY = {"read_page": "page", "dark_all_over": "dark", "dark_warning": "dark", "image_frames": "images", "render_pdf_page": "images", "RENDER_DPI": "images"}

__all__ = ["RENDER_DPI", "THREADS_ENV", "OcrUnavailable", "available", "dark_all_over", "dark_warning", "image_frames",
           "read_page", "render_pdf_page"]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
