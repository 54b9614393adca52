"""Resumable batches of whole archives into the DuckDB store.

Inputs are listed and hashed first; documents already in the store for this pipeline version and repeats
of the same content are skipped. The rest go to an engine (local process pool or Dask) and their records
are written as they come back, one transaction each: a rerun after a crash finishes the rest, with no
duplicates.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..build import build_id
from ..extract import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT
from ..inputs import DEFAULT_MAX_BYTES, Item, items
from ..sinks.store import Store, store_path
from .engines import default_workers, run_dask, run_local

QUARANTINE_FILE = "quarantine.tsv"


@dataclass
class BatchOptions:
    workers: int = field(default_factory=default_workers)
    engine: str = "local"  # "local" | "dask"
    scheduler: str | None = None
    force: bool = False
    timeout: float | None = DEFAULT_TIMEOUT
    memory_mb: int | None = DEFAULT_MEMORY_MB
    max_bytes: int = DEFAULT_MAX_BYTES

    def __post_init__(self) -> None:
        if self.engine not in ("local", "dask"):
            raise ValueError(f"unknown engine {self.engine!r} (local or dask)")
        if self.workers < 1:
            raise ValueError("--workers must be at least 1")
        if self.scheduler and self.engine != "dask":
            raise ValueError("--scheduler needs --engine dask")


@dataclass
class BatchResult:
    inputs: int = 0
    processed: int = 0
    skipped_done: int = 0
    duplicates: int = 0
    status: Counter = field(default_factory=Counter)


def plan(paths: list[Path], store: Store, options: BatchOptions,
         on_item: Callable[[Item], None] | None = None) -> tuple[list[Item], BatchResult]:
    """The items still to process, after resume and duplicate skipping; every path is recorded."""
    result = BatchResult()
    done = set() if options.force else store.done(build_id())
    queue: list[Item] = []
    seen: set[str] = set()
    sources = []
    # absolute: the store is read later from elsewhere (gongkai review), where a relative path means nothing
    for item in items([Path(os.path.abspath(p)) for p in paths], options.max_bytes):
        result.inputs += 1
        sources.append((item.sha256, item.location, item.source, item.size))
        if item.sha256 in done:
            result.skipped_done += 1
        elif item.sha256 in seen:
            result.duplicates += 1
        else:
            seen.add(item.sha256)
            queue.append(item)
        if on_item:
            on_item(item)
    store.add_sources(sources)
    return queue, result


def run(queue: list[Item], store: Store, options: BatchOptions, result: BatchResult,
        on_record: Callable[[dict], None] | None = None) -> BatchResult:
    """Process ``queue`` and write each document as it finishes; ``on_record`` sees its rows (and status)."""
    if options.engine == "dask":
        stream = run_dask(queue, options.workers, options.max_bytes, options.scheduler)
    else:
        stream = run_local(queue, options.workers, options.max_bytes, options.timeout, options.memory_mb)
    for _, rows in stream:
        store.write_rows(rows)
        result.processed += 1
        result.status[rows["status"]] += 1
        if on_record:
            on_record(rows)
    return result


def write_quarantine(out: Path, store: Store) -> Path:
    """The bad inputs and why, one per line (they are listed, never moved or deleted). Backslash, tab, newline
    and carriage return in a field are written ``\\``, ``\t``, ``\n``, ``\r`` (the escapes of PostgreSQL's
    text format), so a name can never forge a row or a column."""
    store.flush()
    rows = store.con.execute("SELECT path, kind, message FROM errors ORDER BY path").fetchall()
    target = out / QUARANTINE_FILE
    lines = ["\t".join(tsv_field(v) for v in row) + "\n" for row in [("path", "kind", "reason"), *rows]]
    target.write_text("".join(lines), encoding="utf-8")
    return target


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def tsv_field(value: object) -> str:
    """One field of a TSV row, escaped."""
    return "" if value is None else str(value).translate(_TSV_ESCAPES)


class StoreBusy(Exception):
    """Another gongkai process holds the store's lock."""


#: Documents a batch writes per transaction.
WRITE_BATCH = 32


def open_store(out: Path) -> Store:
    """The batch folder's store (or the ``.duckdb`` file named), for writing; :class:`StoreBusy` when another
    process is writing it."""
    import duckdb

    (out.parent if out.suffix == ".duckdb" else out).mkdir(parents=True, exist_ok=True)
    try:
        return Store(store_path(out), batch_size=WRITE_BATCH)
    except duckdb.IOException as exc:
        if "lock" not in str(exc).lower():
            raise
        raise StoreBusy(busy_message(store_path(out), exc)) from None


def busy_message(db: Path, exc: Exception) -> str:
    """What to tell the user when the store is locked, with the holder's PID where DuckDB names it."""
    import re

    pid = re.search(r"PID (\d+)", str(exc))
    holder = f" (process {pid.group(1)})" if pid else ""
    return (f"the store {db} is busy: another gongkai batch or review is using it{holder}. Wait for it to "
            "finish, or use another --out folder")
