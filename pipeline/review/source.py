"""The source beside the grid: PDF and scan pages as images, HTML sandboxed, text and Word as read.

- PDF (born-digital or image-only scans, whatever read them): every page rendered with pypdfium2; the page
  size in PDF points goes to the page, which draws a value's bbox (PDF points, top-left origin, as pdfplumber
  gives them) over the image. Image files (PNG, JPEG, TIFF) are shown the same way, a pixel being 72/dpi points.
- HTML: the original page in an iframe that may not run scripts (sandbox attribute, and a
  ``Content-Security-Policy: sandbox`` header on the page itself, with nothing fetched from the network), and
  the document as the reader read it, where the value's cell or span is highlighted.
- Text: the decoded text, the value's characters highlighted by their offset.
- Word: the document as read.

Rendering is done on request and cached (a few documents, their pages); pdfium is not thread-safe, so every
call into it holds one lock.
"""

from __future__ import annotations

import io
import re
import threading
import zipfile
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from ..document import Document, Paragraph, Table
from ..readers import read_document, sniff_format
from ..readers.encoding import decode
from .files import Refused, read_location
from .queue import ReviewItem

#: Page images are rendered at this many pixels per PDF point (144 dpi): sharp enough to read digits.
RENDER_SCALE = 2.0
#: A page image never has more pixels than this (an A4 page at RENDER_SCALE has 2 M): a crafted
#: 14400 × 14400 pt page is rendered smaller instead of taking gigabytes.
MAX_PAGE_PIXELS = 8_000_000
JPEG_QUALITY = 82
CACHED_DOCUMENTS = 6
CACHED_PAGES = 48
#: Where a sentence ends, for showing a prose figure with its sentence.
_SENTENCE_END = re.compile(r"[。！？；!?;\n]")
#: In a PDF's text a line break is only where the line ran out: sentences end at punctuation.
_PDF_SENTENCE_END = re.compile(r"[。！？；!?;]")
IMAGE_FORMATS = ("png", "jpeg", "tiff", "gif")
_PDFIUM = threading.Lock()


@dataclass(frozen=True)
class Page:
    number: int  # 1-based, as provenance counts pages
    width: float  # PDF points
    height: float


class _LRU(OrderedDict):
    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def put(self, key, value):
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.size:
            self.popitem(last=False)
        return value


class Sources:
    """Document bytes and what is shown of them, for the documents under ``root``."""

    def __init__(self, root: Path, max_bytes: int) -> None:
        self.root = root
        self.max_bytes = max_bytes
        self._data: _LRU = _LRU(CACHED_DOCUMENTS)
        self._docs: _LRU = _LRU(CACHED_DOCUMENTS)
        self._pages: _LRU = _LRU(CACHED_PAGES)

    def data(self, item: ReviewItem) -> bytes:
        if not item.location:
            raise Refused("the document is not in the served folder")
        if item.id not in self._data:
            try:
                self._data.put(item.id, read_location(self.root, item.location, self.max_bytes))
            except (OSError, KeyError, zipfile.BadZipFile) as exc:  # gone since the queue was made, a bad archive
                raise Refused(f"{item.location} cannot be read: {exc}") from exc
        return self._data[item.id]

    def kind(self, item: ReviewItem) -> str:
        """``pdf``, ``image``, ``html``, ``text``, ``docx`` or what else the bytes are."""
        fmt = sniff_format(self.data(item))
        return "image" if fmt in IMAGE_FORMATS else fmt

    def pages(self, item: ReviewItem) -> list[Page]:
        data, kind = self.data(item), self.kind(item)
        if kind == "pdf":
            return pdf_pages(data)
        if kind == "image":
            return image_pages(data)
        return []

    def page_image(self, item: ReviewItem, number: int) -> bytes:
        """Page ``number`` (1-based) as a JPEG; IndexError when there is no such page."""
        key = (item.id, number)
        if key not in self._pages:
            data = self.data(item)
            render = render_pdf_page if self.kind(item) == "pdf" else render_image_page
            self._pages.put(key, render(data, number))
        return self._pages[key]

    def document(self, item: ReviewItem) -> Document | None:
        """The document as the readers read it (None when they cannot): blocks to show and to find
        sentences in."""
        if item.id not in self._docs:
            try:
                doc = read_document(self.data(item), item.source)
            except Exception:  # noqa: BLE001 - an unreadable document is shown without its reading
                doc = None
            self._docs.put(item.id, doc)
        return self._docs[item.id]

    def text(self, item: ReviewItem) -> str:
        return decode(self.data(item))[0]


def pdf_pages(data: bytes) -> list[Page]:
    import pypdfium2 as pdfium

    with _PDFIUM:
        pdf = pdfium.PdfDocument(data)
        try:
            out = []
            for i in range(len(pdf)):
                page = pdf[i]
                width, height = page.get_size()
                if page.get_rotation() in (90, 270):
                    width, height = height, width
                out.append(Page(i + 1, width, height))
                page.close()
            return out
        finally:
            pdf.close()


def render_pdf_page(data: bytes, number: int) -> bytes:
    import pypdfium2 as pdfium

    with _PDFIUM:
        pdf = pdfium.PdfDocument(data)
        try:
            if not 1 <= number <= len(pdf):
                raise IndexError(number)
            page = pdf[number - 1]
            image = page.render(scale=render_scale(*page.get_size())).to_pil()
            page.close()
        finally:
            pdf.close()
    return _jpeg(image)


def render_scale(width: float, height: float) -> float:
    """Pixels per point for a page of ``width`` × ``height`` points: :data:`RENDER_SCALE`, less for a page
    so large that it would pass :data:`MAX_PAGE_PIXELS`."""
    area = max(width * height, 1.0)
    # one pixel less on the longer side: the renderer rounds each side up
    return min(RENDER_SCALE, (MAX_PAGE_PIXELS / area) ** 0.5 - 1 / max(width, height, 1.0))


def pdf_sentence(data: bytes, number: int, text: str) -> tuple[str, list[float]] | None:
    """The sentence holding ``text`` on page ``number`` of a PDF's text layer, and the bbox of ``text`` (PDF
    points, top-left origin): read with pdfium, so a scanned page is never OCRed just to show a sentence.
    None when the page's text layer does not hold it."""
    import pypdfium2 as pdfium

    wanted = "".join(text.split())
    if not wanted:
        return None
    with _PDFIUM:
        pdf = pdfium.PdfDocument(data)
        try:
            if not 1 <= number <= len(pdf):
                return None
            page = pdf[number - 1]
            height = page.get_size()[1]
            textpage = page.get_textpage()
            full = textpage.get_text_range()
            kept = [i for i, ch in enumerate(full) if not ch.isspace()]  # index in the page's characters
            compact = "".join(full[i] for i in kept)
            at = compact.find(wanted)
            if at < 0:
                return None
            first, last = kept[at], kept[at + len(wanted) - 1]
            boxes = [textpage.get_charbox(i) for i in range(first, last + 1) if not full[i].isspace()]
        finally:
            pdf.close()
    starts = [m.end() for m in _PDF_SENTENCE_END.finditer(full, 0, first)]
    end = _PDF_SENTENCE_END.search(full, last)
    found = "".join(full[starts[-1] if starts else 0 : end.end() if end else len(full)].split())
    left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
    return found, [left, height - max(b[3] for b in boxes), right, height - min(b[1] for b in boxes)]


def _frames(data: bytes):
    from PIL import Image, ImageSequence

    image = Image.open(io.BytesIO(data))
    return image, ImageSequence.Iterator(image)


def image_pages(data: bytes) -> list[Page]:
    image, frames = _frames(data)
    out = []
    for i, frame in enumerate(frames):
        dpi = frame.info.get("dpi", (72, 72))[0] or 72
        out.append(Page(i + 1, frame.width * 72 / dpi, frame.height * 72 / dpi))
    return out


def render_image_page(data: bytes, number: int) -> bytes:
    image, frames = _frames(data)
    for i, frame in enumerate(frames, 1):
        if i == number:
            return _jpeg(frame.copy())
    raise IndexError(number)


def _jpeg(image) -> bytes:
    buf = io.BytesIO()
    image.convert("RGB").save(buf, "JPEG", quality=JPEG_QUALITY)
    return buf.getvalue()


def blocks_view(doc: Document | None) -> list[dict]:
    """The document's blocks for the page: paragraphs, grid tables (with spans) and 1-D runs of cells."""
    if doc is None:
        return []
    out = []
    for i, block in enumerate(doc.blocks):
        if isinstance(block, Paragraph):
            out.append({"kind": "p", "block": i, "text": block.text, "page": block.page})
        elif isinstance(block, Table) and block.grid:
            rows = [[{"row": c.row, "col": c.col, "text": c.text, "rowspan": c.rowspan, "colspan": c.colspan}
                     for c in row] for row in block.rows()]
            out.append({"kind": "grid", "block": i, "rows": rows})
        elif isinstance(block, Table):
            out.append({"kind": "run", "block": i, "cells": [{"cell": c.col, "text": c.text} for c in block.cells]})
    return out


def sentence(doc: Document | None, entry: dict) -> str:
    """The sentence a prose figure stands in (the figure's own span when the document cannot say more)."""
    text = entry.get("text") or ""
    prov = entry.get("provenance") or {}
    block, span = prov.get("block"), prov.get("span")
    if doc is None or not isinstance(block, int) or not 0 <= block < len(doc.blocks) or not span:
        return text
    body = getattr(doc.blocks[block], "text", None)
    if not body or not 0 <= span[0] <= span[1] <= len(body):
        return text
    starts = [m.end() for m in _SENTENCE_END.finditer(body, 0, span[0])]
    end = _SENTENCE_END.search(body, span[1])
    found = body[starts[-1] if starts else 0 : end.end() if end else len(body)].strip()
    if "".join(text.split()) not in "".join(found.split()):  # the record is not of this reading of the file
        return text
    return found
