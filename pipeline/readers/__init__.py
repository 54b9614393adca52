"""Readers: one module per input format, each turning bytes into a :class:`~pipeline.document.Document`.

The format is decided from the content, never from the file name. Every reader's text passes one
normalisation here (:mod:`.normalize`), so no later stage sees radicals, odd dashes or odd spaces.
"""

from __future__ import annotations

from ..document import Document
from ..errors import ExtractionError
from . import doc, docx, html, pdf, scan, text
from .normalize import normalize_document

#: Formats recognised by their first bytes (those without a reader are refused with a clear error).
_MAGIC = (
    (b"%PDF-", "pdf"),
    (b"PK\x03\x04", "zip"),
    (doc.OLE_MAGIC, "ole"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"GIF8", "gif"),
    (b"\x1f\x8b", "gzip"),
    (b"Rar!", "rar"),
    (b"7z\xbc\xaf", "7z"),
)
_FORMAT_NAMES = {
    "pdf": "a PDF",
    "zip": "a ZIP container (Excel, or an archive: give archives to gongkai batch)",
    "png": "a PNG image",
    "jpeg": "a JPEG image",
    "tiff": "a TIFF image",
    "gif": "a GIF image",
    "gzip": "a gzip archive",
    "rar": "a RAR archive",
    "7z": "a 7-Zip archive",
}
#: An OLE container goes to the .doc reader, which tells Word from Excel and PowerPoint by its streams.
READERS = {"html": html.read, "pdf": pdf.read, "docx": docx.read, "ole": doc.read, "text": text.read} | dict.fromkeys(scan.FORMATS, scan.read)


def sniff_format(data: bytes) -> str:
    """``html``, ``text``, or the binary format the magic bytes name."""
    head = data[:16]
    if docx.sniff(data):
        return "docx"
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if html.sniff(data):
        return "html"
    return "text"


def read_document(data: bytes, source: str) -> Document:
    """The Document for a file's bytes; :class:`ExtractionError` for what cannot be read."""
    if not data.strip():
        raise ExtractionError("empty", "the file is empty")
    fmt = sniff_format(data)
    reader = READERS.get(fmt)
    if reader is None:
        raise ExtractionError(
            "unsupported_format", f"the file is {_FORMAT_NAMES[fmt]}; this version of gongkai reads HTML, text, PDF, Word (.docx, .doc) and scanned (PNG, JPEG, TIFF) reports"
        )
    return normalize_document(reader(data, source))
