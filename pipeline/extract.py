"""One document in, one record out: the pure per-document function every front end calls.

``extract_bytes`` is pure (bytes and a name in, a record out). ``extract_file`` adds the file system and
turns every failure into an error record, so a batch never stops on one bad file.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
import types
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .build import build_id
from .errors import ExtractionError
from .inputs import (
    DEFAULT_MAX_BYTES,
    REFUSED_SPECIAL,
    Item,
    NotRegularFile,
    display_name,
    raw_name,
    read_regular,
    sha256_bytes,
    size_error,
)
from .mapper import map_pre2019, map_tables
from .models import hand_in
from .prose import extract_prose
from .readers import read_document
from .record import build_record, error_record
from .sections import detect_edition, find_meta, find_sections
from .template.editions import is_template

log = logging.getLogger(__name__)

#: With fewer headings than this and no table read, a page is not taken for an annual report.
MIN_HEADINGS_FOR_REPORT = 3
#: Seconds one document may take (``extract``, ``batch``, the review page): room for a long scanned report at
#: 1-3 s a page.
DEFAULT_TIMEOUT = 600.0
#: Memory a ``batch`` worker may use, in MB: a pathological PDF is stopped, not the machine.
DEFAULT_MEMORY_MB = 3072


class DocumentTimeout(BaseException):
    """One document ran past its time limit (a BaseException, so that no ``except Exception`` swallows it)."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`DocumentTimeout` in the block after ``seconds`` (SIGALRM: the main thread of a Unix
    process only; elsewhere, or with no ``seconds``, the block runs unlimited)."""
    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise DocumentTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def extract_bytes(data: bytes, source: str) -> dict:
    """The record for one document's bytes. Raises :class:`ExtractionError` for unusable input."""
    models = hand_in()  # each model is read when a stage first needs it
    doc = read_document(data, source)
    sections = find_sections(doc)
    meta = find_meta(doc)
    edition, edition_basis = detect_edition(doc, meta.year)
    warnings = list(doc.warnings)
    template = is_template(edition)
    if not template:  # the pre-2019 table's cuts are confirmed by the prose: the prose first
        prose = extract_prose(doc, sections, meta.year, model=models.prose)
        readings = [map_pre2019(doc, sections, prose, meta.year)]
    else:  # the template's tables confirm, complete or break down the prose figures: the tables first
        readings = map_tables(doc, sections, edition)
        prose = extract_prose(doc, sections, meta.year, model=models.prose, readings=readings)
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
        if not template:
            warnings.append("legacy (2008-2018) report: no statistics table and no statement of its indicators found")
        else:
            warnings.append("no template table (二, 三 or 四) was found")
    for table, name in (("requests", "三"), ("litigation", "四"), ("active", "二")):
        if template and not any(r.found for r in readings if r.table == table):
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
    return build_record(source, record_meta, readings, prose, warnings, extra, version=build_id(),
                        models=models.hashes)


def too_large(source: str, size: int, max_bytes: int, extra: dict | None = None) -> dict:
    return error_record(source, "too_large", size_error(size, max_bytes) or "", extra, version=build_id())


def extract_data(data: bytes, source: str, extra: dict | None = None, timeout: float | None = None) -> dict:
    """The record for a document's bytes; an error record (never an exception) when they cannot be read or
    take longer than ``timeout`` seconds."""
    extra = dict(extra or {}, sha256=sha256_bytes(data))
    try:
        with time_limit(timeout):
            record = extract_bytes(data, source)
    except DocumentTimeout:
        return error_record(source, "timeout", f"stopped after {timeout:g} s (the time limit for one document)",
                            extra, version=build_id())
    except ExtractionError as exc:
        return error_record(source, exc.kind, exc.message, extra, version=build_id())
    except MemoryError:
        return error_record(source, "memory", "the document needs more memory than allowed", extra, version=build_id())
    except RecursionError:
        return error_record(source, "unreadable", "the document is nested too deeply to read", extra, version=build_id())
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop a batch
        log.debug("internal error on %s", source, exc_info=True)
        return error_record(source, "internal", f"internal error ({type(exc).__name__}: {exc})", extra, version=build_id())
    record.update(extra)
    return record


def extract_item(item: Item, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float | None = None) -> dict:
    """The record for a listed document (a file or an archive member); an error record when it cannot be read."""
    where = {"path": item.location} | ({"raw_path": item.raw_path} if item.raw_path else {})
    extra = where | {"sha256": item.sha256}
    if item.refused:
        return error_record(item.source, *item.refused, extra, version=build_id())
    if size_error(item.size, max_bytes):
        return too_large(item.source, item.size, max_bytes, extra)
    try:
        data = item.read()
    except (OSError, zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError, IndexError) as exc:
        return error_record(item.source, "unreadable", f"the file cannot be read: {exc}", extra, version=build_id())
    return extract_data(data, item.source, where, timeout)


def extract_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, name: str | None = None,
                 timeout: float | None = None) -> dict:
    """The record for a file; an error record (never an exception) when it cannot be read. A name that is
    not UTF-8 is shown decoded (``path``, ``source``), its bytes kept escaped in ``raw_path``."""
    source = display_name(name or path.name)
    where = {"path": display_name(path)} | ({"raw_path": raw_name(path)} if raw_name(path) else {})
    try:
        size = path.stat().st_size
        if size_error(size, max_bytes):
            return too_large(source, size, max_bytes, where)
        data = read_regular(path)
    except NotRegularFile as exc:
        return error_record(source, REFUSED_SPECIAL, str(exc), where, version=build_id())
    except OSError as exc:
        return error_record(source, "unreadable", f"the file cannot be read: {exc.strerror or exc}", where, version=build_id())
    return extract_data(data, source, where, timeout)


class _CallableModule(types.ModuleType):
    """``from pipeline import extract`` finds this module, not a function: a package's submodule always wins
    over a name of the package. So the module itself is callable: ``extract(path)`` is
    :func:`pipeline.api.extract`, the notebook API, while ``from pipeline.extract import extract_file`` works
    as before."""

    def __call__(self, document, name: str | None = None, **options):
        from .api import extract

        return extract(document, name, **options)


sys.modules[__name__].__class__ = _CallableModule
