"""Render a gold record as a scanned copy of its printed report: fixtures for the needs-OCR path (and OCR later).

The report is :func:`pipeline.synth.pdf_render.render_pdf` in the ``portrait`` layout, rasterised page by page
with pypdfium2 at 150–200 dpi and degraded the way scanners and copiers degrade paper, every choice drawn
from a generator seeded by the record's ``source`` name (:func:`scan_params`):

- each page turned by up to ±1.5° and shifted a few pixels (fed in askew), edges filled with paper colour;
- a slight Gaussian blur (optics, paper not flat on the glass);
- uneven illumination: a brightness gradient across the page in a random direction;
- Gaussian sensor noise (luminance);
- greyscale, or colour with a warm paper tint;
- JPEG compression at quality 40–70 (the pages are encoded and decoded once, so the artefacts are in them).

:func:`scan_pdf_of` scans any born-digital PDF the same way (the real reports, for the OCR tests).

Layouts (:data:`SCAN_LAYOUTS`): ``scan_pdf``, an image-only PDF of the pages (one JPEG per page, no text layer)
and ``scan_png``, the page that holds the first part of table 三, as one PNG. :func:`render_scan_pages` gives
the page images and :func:`render_scan_tiff` a multi-page TIFF. Output is deterministic.
"""

from __future__ import annotations

import hashlib
import io
import random
import time
from dataclasses import dataclass

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter

from pipeline.synth.pdf_render import render_pdf
from pipeline.synth.report_text import report_title

SCAN_LAYOUTS = ("scan_pdf", "scan_png")
DPI_CHOICES = (150, 175, 200)
SOURCE_LAYOUT = "portrait"
#: Text on the first page of table 三 (its header), used to find that page.
REQUESTS_MARK = "申请人情况"


@dataclass(frozen=True)
class PageParams:
    """How one page went through the scanner."""

    angle: float  # degrees, counter-clockwise
    shift: tuple[int, int]  # pixels
    blur: float  # Gaussian radius, pixels
    noise: float  # standard deviation, grey levels
    light: float  # brightness lost at the dark end of the gradient (0.06–0.22)
    light_angle: float  # direction of the gradient, radians
    seed: int  # for the noise


@dataclass(frozen=True)
class ScanParams:
    """The scan of one document: resolution, colour, JPEG quality, and each page's params."""

    dpi: int
    grey: bool
    tint: tuple[float, float, float]
    quality: int
    pages: tuple[PageParams, ...]


def _rng(name: str) -> random.Random:
    digest = hashlib.sha256(f"scan|{name}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def scan_params(record: dict, n_pages: int = 8) -> ScanParams:
    """The scan's choices for a record (for its first ``n_pages`` pages), seeded by its source name."""
    return params_for(record.get("source", ""), n_pages)


def params_for(name: str, n_pages: int) -> ScanParams:
    """The scan's choices for a document called ``name`` (for its first ``n_pages`` pages)."""
    rng = _rng(name)
    dpi = rng.choice(DPI_CHOICES)
    grey = rng.random() < 0.6
    tint = (1.0, rng.uniform(0.96, 0.99), rng.uniform(0.88, 0.95))
    quality = rng.randint(40, 70)
    pages = tuple(
        PageParams(
            angle=rng.uniform(-1.5, 1.5),
            shift=(rng.randint(-12, 12), rng.randint(-12, 12)),
            blur=rng.uniform(0.3, 0.9) * dpi / 150,
            noise=rng.uniform(3.0, 9.0),
            light=rng.uniform(0.06, 0.22),
            light_angle=rng.uniform(0, 2 * np.pi),
            seed=rng.getrandbits(32),
        )
        for _ in range(n_pages)
    )
    return ScanParams(dpi, grey, tint, quality, pages)


def _rasterise(pdf: bytes, dpi: int) -> list[Image.Image]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in range(len(doc))]
    finally:
        doc.close()


def requests_page(pdf: bytes) -> int:
    """Index of the page that holds the first part of table 三 (the page with its header)."""
    doc = pdfium.PdfDocument(pdf)
    try:
        for i in range(len(doc)):
            textpage = doc[i].get_textpage()
            if REQUESTS_MARK in textpage.get_text_range():
                return i
    finally:
        doc.close()
    raise ValueError("table 三 is not in the PDF")


def degrade(page: Image.Image, params: ScanParams, p: PageParams) -> Image.Image:
    """One page as it comes off the scanner: askew, soft, unevenly lit, noisy, JPEG-compressed."""
    paper = tuple(round(255 * t * 0.97) for t in params.tint)
    img = page.convert("L") if params.grey else page
    fill = round(sum(paper) / 3) if params.grey else paper
    img = img.rotate(p.angle, resample=Image.Resampling.BILINEAR, translate=p.shift, fillcolor=fill)
    img = img.filter(ImageFilter.GaussianBlur(p.blur))
    arr = np.asarray(img, dtype=np.float32)
    h, w = arr.shape[:2]
    ramp_x = (np.arange(w, dtype=np.float32) / w - 0.5) * np.float32(np.cos(p.light_angle))
    ramp_y = (np.arange(h, dtype=np.float32) / h - 0.5) * np.float32(np.sin(p.light_angle))
    along = ramp_y[:, None] + ramp_x[None, :]
    low, high = float(along.min()), float(along.max())
    light = (1.0 - p.light * (along - low) / max(high - low, 1e-6)) * 0.97
    if params.grey:
        arr *= light
    else:
        arr *= light[..., None] * np.asarray(params.tint, dtype=np.float32)
    noise = np.random.default_rng(p.seed).standard_normal((h, w), dtype=np.float32)  # luminance noise
    noise *= p.noise
    arr += noise if params.grey else noise[..., None]
    np.clip(arr, 0, 255, out=arr)
    out = Image.fromarray(arr.astype(np.uint8))
    buf = io.BytesIO()
    out.save(buf, "JPEG", quality=params.quality)
    buf.seek(0)
    scanned = Image.open(buf)
    scanned.load()
    return scanned


def _scan(record: dict) -> tuple[list[Image.Image], ScanParams, bytes]:
    """The degraded pages, the scan's params and the born-digital PDF they come from."""
    pdf = render_pdf(record, SOURCE_LAYOUT)
    pages, params = scan_pages(pdf, record.get("source", ""))
    return pages, params, pdf


def scan_pages(pdf: bytes, name: str, severity: float = 1.0) -> tuple[list[Image.Image], ScanParams]:
    """Any born-digital PDF (a real report, say) as scanned pages, the choices seeded by ``name``.

    ``severity`` above 1 makes a worse scanner (stress tests): blur, noise and uneven light scaled by it, JPEG
    quality divided by it, 150 dpi."""
    params = params_for(name, 0)
    if severity != 1.0:
        params = ScanParams(150, params.grey, params.tint, max(10, round(params.quality / severity)), ())
    pages = _rasterise(pdf, params.dpi)
    base = params_for(name, len(pages))
    params = ScanParams(params.dpi, params.grey, params.tint, params.quality, tuple(
        PageParams(p.angle, p.shift, p.blur * severity, p.noise * severity, min(0.5, p.light * severity),
                   p.light_angle, p.seed) for p in base.pages))
    return [degrade(page, params, p) for page, p in zip(pages, params.pages, strict=True)], params


def scan_pdf_of(pdf: bytes, name: str, year: int, severity: float = 1.0) -> bytes:
    """An image-only PDF scan of a born-digital PDF (``severity``: see :func:`scan_pages`)."""
    pages, params = scan_pages(pdf, name, severity)
    return _pdf(pages, params, {"meta": {"year": year}, "source": name, "_title": f"{name}（扫描件）"})


def render_scan_pages(record: dict) -> list[Image.Image]:
    """The scanned pages of the record's report, as images at the chosen dpi."""
    return _scan(record)[0]


def _timestamp(record: dict) -> time.struct_time:
    return time.strptime(f"{record['meta']['year'] + 1}-01-20 09:30:00", "%Y-%m-%d %H:%M:%S")


def _pdf(pages: list[Image.Image], params: ScanParams, record: dict) -> bytes:
    buf = io.BytesIO()
    when = _timestamp(record)
    pages[0].save(
        buf,
        "PDF",
        save_all=True,
        append_images=pages[1:],
        resolution=float(params.dpi),
        quality=params.quality,
        title=record.get("_title") or f"{report_title(record)}（扫描件）",
        producer="Scanner PDF",
        creator="Scanner PDF",
        creationDate=when,
        modDate=when,
    )
    return buf.getvalue()


def _png(page: Image.Image, params: ScanParams) -> bytes:
    buf = io.BytesIO()
    page.save(buf, "PNG", dpi=(params.dpi, params.dpi), optimize=False)
    return buf.getvalue()


def render_scan_tiff(record: dict) -> bytes:
    """The scanned pages as one multi-page TIFF (JPEG-compressed at the scan's quality, the dpi in the tags)."""
    pages, params, _ = _scan(record)
    buf = io.BytesIO()
    pages[0].save(
        buf,
        "TIFF",
        save_all=True,
        append_images=pages[1:],
        compression="jpeg",
        quality=params.quality,
        dpi=(params.dpi, params.dpi),
    )
    return buf.getvalue()


def render_scan(record: dict, layout: str) -> bytes:
    """``scan_pdf``: an image-only PDF of the scanned report; ``scan_png``: the page with table 三's start."""
    if layout not in SCAN_LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; one of {SCAN_LAYOUTS}")
    pages, params, pdf = _scan(record)
    if layout == "scan_pdf":
        return _pdf(pages, params, record)
    return _png(pages[requests_page(pdf)], params)


def visible_gold(record: dict, layout: str) -> dict:
    """The gold of what the scan shows: the whole record for ``scan_pdf``; for ``scan_png`` (one page) the
    fields, prose and meta printed on that page.

    Which keys a page prints is read from the born-digital page (its text layer, by gongkai's PDF reader,
    exact on every generated PDF); the values always come from the record."""
    if layout != "scan_png":
        return record
    from pipeline.extract import extract_bytes  # the reader, not the values: see above

    pdf = render_pdf(record, SOURCE_LAYOUT)
    index = requests_page(pdf)
    page_record = extract_bytes(_single_page(pdf, index), "page")
    doc = pdfium.PdfDocument(pdf)
    try:
        page_text = doc[index].get_textpage().get_text_range()
    finally:
        doc.close()
    flat = "".join(page_text.split())
    meta = {k: (v if page_record["meta"].get(k) is not None else None) for k, v in record["meta"].items()}
    meta["edition"] = record["meta"].get("edition")
    return {**record, "meta": meta,
            "fields": {k: v for k, v in record["fields"].items() if k in page_record["fields"]},
            "prose": [p for p in record.get("prose", []) if "".join(p["text"].split()) in flat]}


def _single_page(pdf: bytes, index: int) -> bytes:
    src = pdfium.PdfDocument(pdf)
    out = pdfium.PdfDocument.new()
    try:
        out.import_pages(src, [index])
        buf = io.BytesIO()
        out.save(buf)
        return buf.getvalue()
    finally:
        out.close()
        src.close()
