"""Readers: one module per input format, each turning bytes into a :class:`~pipeline.document.Document`.

The format is decided from the content, never from the file name. Every reader's text passes one
normalisation here (:mod:`.normalize`), so no later stage sees radicals, odd dashes or odd spaces.
"""

from __future__ import annotations

from ..document import Document
from ..errors import ExtractionError
from . import doc, docx, html, markdown, scan, text
from .formats import FormatOption, refused
from .normalize import normalize_document


def _read_pdf(data: bytes, source: str) -> Document:
    from . import pdf  # pdfplumber loads with the first PDF

    return pdf.read(data, source)


#: Declared here rather than in pdf.py, so that pdfplumber is imported only when a PDF comes.
PDF = FormatOption("pdf", "a PDF", magic=(b"%PDF-",), read=_read_pdf)
#: Every format, in the order they are tried: a .docx before other ZIP containers, magic bytes before content
#: tests, text last (it takes anything). A new format is one reader module with its FORMAT, and one line here.
FORMATS: tuple[FormatOption, ...] = (
    docx.FORMAT,
    PDF,
    refused("zip", "a ZIP container (Excel, or an archive: give archives to gongkai batch)", b"PK\x03\x04"),
    doc.FORMAT,
    *scan.FORMATS,
    refused("gif", "a GIF image", b"GIF8"),
    refused("gzip", "a gzip archive", b"\x1f\x8b"),
    refused("rar", "a RAR archive", b"Rar!"),
    refused("7z", "a 7-Zip archive", b"7z\xbc\xaf"),
    markdown.FORMAT,  # before HTML: MinerU's Markdown holds <table> blocks
    html.FORMAT,
    text.FORMAT,
)
_BY_NAME = {f.name: f for f in FORMATS}


def sniff_format(data: bytes) -> str:
    """``html``, ``markdown``, ``text``, or the binary format the magic bytes name."""
    return next(f.name for f in FORMATS if f.matches(data))


def read_document(data: bytes, source: str) -> Document:
    """The Document for a file's bytes; :class:`ExtractionError` for what cannot be read."""
    if not data.strip():
        raise ExtractionError("empty", "the file is empty")
    fmt = _BY_NAME[sniff_format(data)]
    if fmt.read is None:
        raise ExtractionError(
            "unsupported_format", f"the file is {fmt.description}; this version of gongkai reads HTML, text, PDF, Word (.docx, .doc) and scanned (PNG, JPEG, TIFF) reports"
        )
    return normalize_document(fmt.read(data, source))
