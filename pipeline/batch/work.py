"""The per-document task that batch engines run: an :class:`Item` in, a record out (never an exception).

Workers read the document themselves, so only a small item crosses between processes.
"""

from __future__ import annotations

import os
import resource

from ..extract import extract_data, extract_item
from ..inputs import Item
from ..ocr.engine import THREADS_ENV as OCR_THREADS_ENV
from ..sinks.store import rows_of


def init_worker(megabytes: int | None) -> None:
    """Load what every document needs once (so it does not count against a document's time limit), then
    cap this worker's address space: a document that needs more fails with MemoryError, alone.

    The cap is ``megabytes`` on top of what the worker already maps (a forked worker inherits its parent's
    address space), and OCR runs on one thread per worker (the workers already fill the cores)."""
    os.environ.setdefault(OCR_THREADS_ENV, "1")
    warm_up()
    if megabytes:
        limit = _mapped_bytes() + megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _mapped_bytes() -> int:
    """This process's address space now (Linux), or 0 where it cannot be read."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def warm_up() -> None:
    """What the command line loads only when a document first needs it, loaded before any document here."""
    import importlib

    from ..models import hand_in, label_model, prose_model
    from ..prose.nlp import nlp
    from ..prose.rules import _matcher
    from ..template.labels import label_index

    for module in ("pipeline.readers.pdf", "docx", "charset_normalizer", "cn2an"):
        importlib.import_module(module)
    hand_in()
    label_index()
    nlp()
    _matcher()
    prose_model()
    label_model()


def process_bytes(data: bytes, source: str, location: str) -> dict:
    """The same task for engines whose workers cannot see the files (a Dask cluster)."""
    return extract_data(data, source, {"path": location})


def process_rows(item: Item, max_bytes: int) -> dict:
    """The task local workers run: the record already turned into store rows (the writer only inserts)."""
    return rows_of(extract_item(item, max_bytes))


def process_bytes_rows(data: bytes, source: str, location: str) -> dict:
    return rows_of(process_bytes(data, source, location))
