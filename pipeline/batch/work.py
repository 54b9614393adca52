"""The per-document task that batch engines run: an :class:`Item` in, a record out (never an exception).

Workers read the document themselves, so only a small item crosses between processes.
"""

from __future__ import annotations

import resource
import zipfile

from ..extract import extract_data, too_large
from ..record import error_record
from .inputs import Item


def limit_memory(megabytes: int | None) -> None:
    """Cap this worker's address space: a document that needs more fails with MemoryError, alone."""
    if megabytes:
        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def process(item: Item, max_bytes: int) -> dict:
    extra = {"path": item.location, "sha256": item.sha256}
    if item.size > max_bytes:
        return too_large(item.source, item.size, max_bytes, extra)
    try:
        data = item.read()
    except (OSError, zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError) as exc:
        return error_record(item.source, "unreadable", f"the file cannot be read: {exc}", extra)
    return extract_data(data, item.source, {"path": item.location})


def process_bytes(data: bytes, source: str, location: str) -> dict:
    """The same task for engines whose workers cannot see the files (a Dask cluster)."""
    return extract_data(data, source, {"path": location})
