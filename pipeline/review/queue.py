"""The review queue: every document with its record, flagged first, then by its lowest confidence.

Two kinds of input. A batch store (``gongkai batch --out DIR``): the records are in DuckDB, the documents where
the batch found them; the queue is read with a few SQL queries and each record is loaded when it is opened,
so a store of many documents costs little memory. A folder: its documents (as ``gongkai batch`` walks them:
recursively, hidden files, gold and label files skipped, zip members included), each with its record from a
records file of ``gongkai extract`` (matched by content hash, then path, then name), or extracted here.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..build import build_id
from ..extract import extract_item
from ..inputs import Item, items, read_records
from ..record import STATUS_FLAGGED, error_record
from ..sinks.store import STORE_FILE
from .files import split_location


@dataclass
class ReviewItem:
    """One document in the queue: what the queue page lists, without the full record."""

    id: str
    source: str
    location: str | None  # a file, or ``archive.zip!member``; None when the document is not served
    status: str
    agency: str | None = None
    year: int | None = None
    edition: str | None = None
    confidence: float | None = None  # the lowest confidence of any value; None when nothing was read
    reasons: list[str] = field(default_factory=list)
    error: str | None = None
    sha256: str | None = None
    format: str | None = None

    @property
    def order(self) -> tuple:
        """Flagged first, then the least sure: an error record (nothing read) counts as confidence 0."""
        return (self.status != STATUS_FLAGGED, self.confidence if self.confidence is not None else 0.0, self.source)


def item_id(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def lowest_confidence(record: dict) -> float | None:
    values = [p.get("confidence") for p in record.get("provenance", {}).values()]
    values += [e.get("provenance", {}).get("confidence") for e in record.get("prose", [])]
    values = [v for v in values if isinstance(v, int | float)]
    return min(values) if values else None


def summary(record: dict, location: str | None, key: str) -> ReviewItem:
    meta = record.get("meta") or {}
    return ReviewItem(
        id=item_id(key), source=record.get("source") or Path(location or "?").name, location=location,
        status=record.get("status") or "error", agency=meta.get("agency"), year=meta.get("year"),
        edition=meta.get("edition"), confidence=lowest_confidence(record), reasons=list(record.get("review") or []),
        error=record.get("error"), sha256=record.get("sha256"), format=record.get("format"))


class Queue:
    """The ordered items and, for each, its record."""

    def __init__(self, entries: list[ReviewItem], root: Path, kind: str) -> None:
        self.items = sorted(entries, key=lambda i: i.order)
        self.by_id = {i.id: i for i in self.items}
        self.root = root  # documents are read only from under this folder
        self.kind = kind  # "folder" | "store"

    def record(self, item: ReviewItem) -> dict:
        raise NotImplementedError

    def after(self, item: ReviewItem) -> ReviewItem | None:
        """The next document in queue order."""
        index = self.items.index(item)
        return self.items[index + 1] if index + 1 < len(self.items) else None


class FolderQueue(Queue):
    def __init__(self, folder: Path, records_file: Path | None, max_bytes: int,
                 progress: Callable[[int, int, str], None] | None = None, timeout: float | None = None) -> None:
        folder = folder.resolve()
        given = load_records(records_file) if records_file else []
        skip = {records_file.resolve()} if records_file else set()
        docs = [i for i in items([folder], max_bytes) if Path(i.path).resolve() not in skip]
        matcher = _Matcher(given)
        self.records: dict[str, dict] = {}
        entries = []
        for n, doc in enumerate(docs, 1):
            if not Path(doc.path).resolve().is_relative_to(folder):  # a link out of the folder: never read
                record = error_record(doc.source, "outside", "the file links to a place outside the served folder",
                                      version=build_id())
                entry = summary(record, None, f"outside:{doc.location}")
                self.records[entry.id] = record
                entries.append(entry)
                continue
            record = matcher.take(doc)
            if record is None:
                if progress:
                    progress(n, len(docs), doc.source)
                record = extract_item(doc, max_bytes, timeout)
            record = {**record, "path": doc.location, "sha256": record.get("sha256") or doc.sha256}
            entry = summary(record, doc.location, doc.location)
            self.records[entry.id] = record
            entries.append(entry)
        for record in matcher.unused():  # a record whose document is not in the folder: listed, never read
            entry = summary(record, None, f"record:{record.get('path') or record.get('source')}")
            entry.reasons = ["the document is not in the served folder", *entry.reasons]
            self.records[entry.id] = record
            entries.append(entry)
        super().__init__(entries, folder, "folder")

    def record(self, item: ReviewItem) -> dict:
        return self.records[item.id]


class _Matcher:
    """Records from a records file, found for a document by content hash, then path, then a unique name."""

    def __init__(self, records: list[dict]) -> None:
        self.records = records
        self.used: set[int] = set()
        self.by_sha, self.by_path, self.by_name = {}, {}, {}
        names: dict[str, list[int]] = {}
        for i, r in enumerate(records):
            if r.get("sha256"):
                self.by_sha.setdefault(r["sha256"], i)
            if r.get("path"):
                self.by_path.setdefault(os.path.realpath(r["path"]), i)
            names.setdefault(r.get("source") or "", []).append(i)
        self.by_name = {name: found[0] for name, found in names.items() if name and len(found) == 1}

    def take(self, doc: Item) -> dict | None:
        for index in (self.by_sha.get(doc.sha256), self.by_path.get(os.path.realpath(doc.location)),
                      self.by_name.get(doc.source)):
            if index is not None and index not in self.used:
                self.used.add(index)
                return self.records[index]
        return None

    def unused(self) -> list[dict]:
        return [r for i, r in enumerate(self.records) if i not in self.used]


def load_records(path: Path) -> list[dict]:
    """Records from a JSON Lines file of ``gongkai extract`` (one record per line)."""
    out = list(read_records(path))
    for number, record in enumerate(out, start=1):
        if "source" not in record:
            raise ValueError(f"{path}: record {number} is not a gongkai record (no source)")
    return out


class StoreQueue(Queue):
    """A batch store, read-only and briefly: a running batch may still be writing it."""

    def __init__(self, db: Path, root: Path | None = None) -> None:
        self.db = db
        with self._connect() as con:
            rows = con.execute(
                "SELECT doc_id, source, path, sha256, agency, year, edition, status, error, format, "
                "CAST(json_extract(record, '$.review') AS VARCHAR) FROM records").fetchall()
            lowest = dict(con.execute(
                "SELECT doc_id, min(confidence) FROM field_values GROUP BY doc_id").fetchall())
        entries = []
        for doc_id, source, path, sha, agency, year, edition, status, error, fmt, review in rows:
            entries.append(ReviewItem(
                id=item_id(doc_id), source=source, location=path, status=status, agency=agency, year=year,
                edition=edition, confidence=lowest.get(doc_id), reasons=json.loads(review or "[]"), error=error,
                sha256=sha, format=fmt))
        self.doc_ids = {item_id(r[0]): r[0] for r in rows}
        super().__init__(entries, root or common_folder([r[2] for r in rows], db.parent), "store")

    def _connect(self):
        import duckdb

        return duckdb.connect(str(self.db), read_only=True)

    def record(self, item: ReviewItem) -> dict:
        with self._connect() as con:
            row = con.execute("SELECT record FROM records WHERE doc_id = ?", [self.doc_ids[item.id]]).fetchone()
        return json.loads(row[0])


def common_folder(locations: list[str | None], fallback: Path) -> Path:
    """The deepest folder holding every document of a store: what is served by default."""
    folders = [str(Path(split_location(loc)[0]).resolve().parent) for loc in locations if loc]
    if not folders:
        return fallback.resolve()
    return Path(os.path.commonpath(folders))


def store_file(target: Path) -> Path | None:
    """The DuckDB file when ``target`` is a batch store (its folder or the file), else None."""
    if target.is_file() and target.suffix == ".duckdb":
        return target
    if target.is_dir() and (target / STORE_FILE).is_file():
        return target / STORE_FILE
    return None
