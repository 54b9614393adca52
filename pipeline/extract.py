"""One document in, one record out: the pure per-document function every front end calls.

``extract_bytes`` is pure (bytes and a name in, a record out). ``extract_file`` adds the file system and
turns every failure into an error record, so a batch never stops on one bad file.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from .errors import ExtractionError
from .mapper import map_legacy, map_tables
from .models import prose_model
from .prose import extract_prose
from .readers import read_document
from .record import build_record, error_record
from .sections import detect_edition, find_meta, find_sections

log = logging.getLogger(__name__)

#: Text and HTML reports are well under this; larger inputs are refused unread (change with --max-mb).
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
#: With fewer headings than this and no table read, a page is not taken for an annual report.
MIN_HEADINGS_FOR_REPORT = 3


def extract_bytes(data: bytes, source: str) -> dict:
    """The record for one document's bytes. Raises :class:`ExtractionError` for unusable input."""
    doc = read_document(data, source)
    sections = find_sections(doc)
    meta = find_meta(doc)
    edition, edition_basis = detect_edition(doc, meta.year)
    warnings = list(doc.warnings)
    if edition == "legacy":  # the legacy table's cuts are confirmed by the prose: the prose first
        prose = extract_prose(doc, sections, meta.year, model=prose_model())
        readings = [map_legacy(doc, sections, prose, meta.year)]
    else:  # the template's tables confirm, complete or break down the prose figures: the tables first
        readings = map_tables(doc, sections, edition)
        prose = extract_prose(doc, sections, meta.year, model=prose_model(), readings=readings)
    if not any(r.found for r in readings):
        if doc.pages_needing_ocr:
            raise ExtractionError(
                "needs_ocr",
                f"{len(doc.pages_needing_ocr)} of {doc.page_count} page(s) have no usable text layer (scanned, or "
                "garbled glyph mapping) and nothing else could be read: the document needs OCR",
            )
        if len(sections.found) < MIN_HEADINGS_FOR_REPORT and not prose:
            raise ExtractionError(
                "not_a_report",
                "no disclosure-report tables or section headings found: this does not look like a "
                "政府信息公开工作年度报告",
            )
        if edition == "legacy":
            warnings.append("legacy (2008-2018) report: no statistics table and no statement of its indicators found")
        else:
            warnings.append("no template table (二, 三 or 四) was found")
    for table, name in (("requests", "三"), ("litigation", "四"), ("active", "二")):
        if edition != "legacy" and not any(r.found for r in readings if r.table == table):
            warnings.append(f"table {name} not found")
    if meta.agency is None:
        warnings.append("agency not found in the title")
    if meta.year is None:
        warnings.append("reporting year not found")
    record_meta = {"agency": meta.agency, "year": meta.year, "edition": edition}
    extra = {"format": doc.format, "encoding": doc.encoding, "edition_basis": edition_basis,
             "sections_found": sections.found}
    if doc.page_count is not None:
        extra.update(pages=doc.page_count, pages_needing_ocr=doc.pages_needing_ocr, pages_ocr=doc.pages_ocr)
    return build_record(source, record_meta, readings, prose, warnings, extra)


def too_large(source: str, size: int, max_bytes: int, extra: dict | None = None) -> dict:
    return error_record(source, "too_large", f"the file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB "
                        "limit for one report (raise it with --max-mb)", extra)


def extract_data(data: bytes, source: str, extra: dict | None = None) -> dict:
    """The record for a document's bytes; an error record (never an exception) when they cannot be read."""
    extra = dict(extra or {}, sha256=hashlib.sha256(data).hexdigest())
    try:
        record = extract_bytes(data, source)
    except ExtractionError as exc:
        return error_record(source, exc.kind, exc.message, extra)
    except MemoryError:
        return error_record(source, "memory", "the document needs more memory than allowed", extra)
    except RecursionError:
        return error_record(source, "unreadable", "the document is nested too deeply to read", extra)
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop a batch
        log.debug("internal error on %s", source, exc_info=True)
        return error_record(source, "internal", f"internal error ({type(exc).__name__}: {exc})", extra)
    record.update(extra)
    return record


def extract_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, name: str | None = None) -> dict:
    """The record for a file; an error record (never an exception) when it cannot be read."""
    source = name or path.name
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return too_large(source, size, max_bytes, {"path": str(path)})
        data = path.read_bytes()
    except OSError as exc:
        return error_record(source, "unreadable", f"the file cannot be read: {exc.strerror or exc}", {"path": str(path)})
    return extract_data(data, source, {"path": str(path)})
