"""The DuckDB store: records, field values in long form, identity checks, errors, and every path seen.

``cut_log`` says which records a pass over the whole store rewrote after a batch, and why (the legacy cuts
decided with the agency's neighbouring years, :mod:`pipeline.batch.cuts`). Two more tables make it a dataset: ``reviews`` (corrections saved on the review page; kept apart from the
records, so a record extracted again gets them back, see :mod:`.reviews`) and ``reports`` (per document, the
report it reads: agency, year, edition and values hashed, so the same report in two formats is one report).
The view ``copies`` says, per report, how many copies the store holds and which one is kept (status, then more
values, then the smaller source name, then the document id: the panel's order).

A document is identified by its content hash (its path when it has none). Its rows are written in one
transaction, so it is in the store completely or not at all (a batch killed with -9 loses at most the
document being written); a document written again replaces its earlier rows.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

import duckdb
import pyarrow as pa

from ..inputs import display_name
from .reviews import REVIEW_COLUMNS, apply_reviews

_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    doc_id VARCHAR PRIMARY KEY, source VARCHAR, path VARCHAR, sha256 VARCHAR, agency VARCHAR, year INTEGER,
    edition VARCHAR, status VARCHAR, error VARCHAR, error_kind VARCHAR, format VARCHAR,
    pipeline_version VARCHAR, warnings JSON, record JSON);
CREATE TABLE IF NOT EXISTS field_values (
    doc_id VARCHAR, source VARCHAR, key VARCHAR, value DOUBLE, method VARCHAR, confidence DOUBLE,
    ambiguous BOOLEAN, provenance JSON);
CREATE TABLE IF NOT EXISTS checks (
    doc_id VARCHAR, source VARCHAR, identity VARCHAR, verdict VARCHAR, lhs DOUBLE, rhs DOUBLE);
CREATE TABLE IF NOT EXISTS errors (doc_id VARCHAR, source VARCHAR, path VARCHAR, kind VARCHAR, message VARCHAR);
CREATE TABLE IF NOT EXISTS sources (sha256 VARCHAR, path VARCHAR PRIMARY KEY, source VARCHAR, size BIGINT);
CREATE TABLE IF NOT EXISTS reviews (
    doc_id VARCHAR, key VARCHAR, value DOUBLE, printed BOOLEAN, reviewer VARCHAR, reviewed_at VARCHAR);
CREATE TABLE IF NOT EXISTS reports (doc_id VARCHAR PRIMARY KEY, report_id VARCHAR);
CREATE TABLE IF NOT EXISTS cut_log (
    run_at VARCHAR, doc_id VARCHAR, source VARCHAR, key VARCHAR, action VARCHAR, old_value DOUBLE,
    new_value DOUBLE, old_status VARCHAR, new_status VARCHAR, neighbours VARCHAR, equation VARCHAR);
CREATE OR REPLACE VIEW copies AS
WITH filled AS (SELECT doc_id, count(value) AS n FROM field_values GROUP BY doc_id),
candidates AS (
    SELECT r.doc_id, p.report_id, r.status, r.source, coalesce(f.n, 0) AS n
    FROM records r JOIN reports p USING (doc_id) LEFT JOIN filled f USING (doc_id) WHERE r.status <> 'error')
SELECT doc_id, report_id, count(*) OVER (PARTITION BY report_id) AS copies,
       row_number() OVER (PARTITION BY report_id ORDER BY
           CASE status WHEN 'ok' THEN 0 WHEN 'reviewed' THEN 0 WHEN 'flagged' THEN 1 ELSE 9 END,
           n DESC, source, doc_id) = 1 AS kept
FROM candidates;
"""
_DOCUMENT_TABLES = ("records", "field_values", "checks", "errors", "reports")
STORE_FILE = "gongkai.duckdb"
log = logging.getLogger(__name__)
#: Arrow types for columns that may be all null in a batch (Arrow cannot guess a type from nulls alone).
_TYPES = {"year": pa.int32(), "value": pa.float64(), "old_value": pa.float64(), "new_value": pa.float64(), "confidence": pa.float64(), "lhs": pa.float64(),
          "rhs": pa.float64(), "size": pa.int64(), "ambiguous": pa.bool_(), "printed": pa.bool_()}
_RECORD_COLUMNS = ("doc_id", "source", "path", "sha256", "agency", "year", "edition", "status", "error", "error_kind",
                   "format", "pipeline_version", "warnings", "record")


def store_path(out: Path) -> Path:
    """The database file of a batch folder (or the file itself when given one)."""
    return out / STORE_FILE if out.suffix != ".duckdb" else out


class Store:
    def __init__(self, path: Path, read_only: bool = False, batch_size: int = 1) -> None:
        """``batch_size`` documents go in one transaction (a batch writes many; a crash loses only those)."""
        self.con = duckdb.connect(str(path), read_only=read_only)
        self.batch_size = batch_size
        self.pending: list[dict] = []
        if not read_only:
            self.con.execute(_SCHEMA)

    def close(self) -> None:
        self.flush()
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def done(self, pipeline_version: str) -> set[str]:
        """Content hashes already processed by this pipeline version: a rerun skips them."""
        self.flush()
        rows = self.con.execute("SELECT sha256 FROM records WHERE pipeline_version = ? AND sha256 IS NOT NULL",
                                [pipeline_version]).fetchall()
        return {r[0] for r in rows}

    def add_sources(self, rows: list[tuple[str, str, str, int]]) -> None:
        """Every (sha256, path, source, size) seen, duplicates included: no input is lost from view."""
        rows = list({row[1]: row for row in rows}.values())  # a path given twice is one path
        if rows:
            columns = list(zip(*rows, strict=True))
            self._insert("sources", dict(zip(("sha256", "path", "source", "size"), columns, strict=True)),
                         replace=True)

    def _insert(self, table: str, columns: dict[str, list], replace: bool = False) -> None:
        """Rows as one Arrow table: one statement, not one per row (a record has ~200 values)."""
        self.con.register("_rows", pa.table({k: pa.array(list(v), type=_TYPES.get(k, pa.string())) for k, v in columns.items()}))
        try:
            verb = "INSERT OR REPLACE" if replace else "INSERT"
            self.con.execute(f"{verb} INTO {table} ({', '.join(columns)}) SELECT {', '.join(columns)} FROM _rows")
        finally:
            self.con.unregister("_rows")

    def write(self, record: dict) -> None:
        self.write_rows(rows_of(record))

    def write_rows(self, rows: dict) -> None:
        """One document's rows (from :func:`rows_of`); written with the next flush."""
        self.pending.append(rows)
        if len(self.pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        """The pending documents in one transaction: each is in the store completely or not at all. When the
        transaction fails, each document is written alone, so one bad document never costs the others; one
        that still fails is stored as an error record saying why."""
        if not self.pending:
            return
        batch, self.pending = list({rows["doc_id"]: rows for rows in self.pending}.values()), []
        try:
            self._write(batch)
        except Exception:  # noqa: BLE001 - a document the store refuses must not cost the others
            if len(batch) == 1:
                self._write_failure(batch[0])
                return
            for rows in batch:
                try:
                    self._write([rows])
                except Exception:  # noqa: BLE001
                    self._write_failure(rows)

    def _write_failure(self, rows: dict) -> None:
        """An error record in place of a document whose rows the store refused (logged; never raised)."""
        try:
            self._write([_failure_rows(rows)])
        except Exception:  # noqa: BLE001
            log.exception("the store refused %s and its error record", rows["doc_id"])
        else:
            log.warning("the store refused the rows of %s; an error record is written instead", rows["doc_id"])

    def rewrite(self, records: list[dict], log: dict[str, list]) -> None:
        """Replace stored records after a pass over the store, with the ``cut_log`` rows saying why, in one
        transaction: a pass killed half-way leaves each record either as it was or rewritten and logged."""
        self.flush()
        if records:
            self._write([rows_of(record) for record in records], log)

    def _write(self, batch: list[dict], log: dict[str, list] | None = None) -> None:
        con = self.con
        ids = [rows["doc_id"] for rows in batch]
        con.execute("BEGIN TRANSACTION")
        try:
            placeholders = ", ".join("?" * len(ids))
            known = [r[0] for r in con.execute(f"SELECT doc_id FROM records WHERE doc_id IN ({placeholders})",
                                               ids).fetchall()]
            if known:  # written before: replace (a new document has no rows anywhere, writes being atomic)
                marks = ", ".join("?" * len(known))
                for table in _DOCUMENT_TABLES:
                    con.execute(f"DELETE FROM {table} WHERE doc_id IN ({marks})", known)
            self._insert("records", dict(zip(_RECORD_COLUMNS, zip(*(r["records"] for r in batch), strict=True),
                                             strict=True)))
            for table in ("field_values", "checks"):
                columns = {k: [v for rows in batch for v in rows[table][k]] for k in batch[0][table]}
                if columns["doc_id"]:
                    self._insert(table, columns)
            errors = [rows["errors"] for rows in batch if rows["errors"]]
            if errors:
                self._insert("errors", dict(zip(("doc_id", "source", "path", "kind", "message"),
                                                zip(*errors, strict=True), strict=True)))
            reports = [(rows["doc_id"], rows["report_id"]) for rows in batch if rows.get("report_id")]
            if reports:
                self._insert("reports", {"doc_id": [r[0] for r in reports], "report_id": [r[1] for r in reports]})
            self._reapply_reviews(ids)
            if log and log.get("doc_id"):
                self._insert("cut_log", log)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise

    def reviews(self, doc_id: str) -> list[dict]:
        """The review rows of one document, oldest first."""
        rows = self.con.execute(f"SELECT {', '.join(REVIEW_COLUMNS)} FROM reviews WHERE doc_id = ? "
                                "ORDER BY reviewed_at", [doc_id]).fetchall()
        return [dict(zip(REVIEW_COLUMNS, r, strict=True)) for r in rows]

    def add_reviews(self, doc_id: str, reviews: list[dict]) -> dict:
        """Store a reviewer's corrections of one document and rewrite its rows with them; the record as it now
        stands. ``reviews``: dicts with ``key``, ``value``, ``printed``, ``reviewer``, ``reviewed_at``."""
        self.flush()
        if self.con.execute("SELECT count(*) FROM records WHERE doc_id = ?", [doc_id]).fetchone()[0] == 0:
            raise KeyError(f"no document {doc_id} in the store")
        self.con.execute("BEGIN TRANSACTION")
        try:
            if reviews:
                self._insert("reviews", {c: [_review_value(r, c, doc_id) for r in reviews] for c in REVIEW_COLUMNS})
            record = self._reapply_reviews([doc_id])[doc_id]
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise
        return record

    def _reapply_reviews(self, ids: list[str]) -> dict[str, dict]:
        """Apply the stored review rows to these documents' records (inside the caller's transaction)."""
        placeholders = ", ".join("?" * len(ids))
        reviewed = [r[0] for r in self.con.execute(
            f"SELECT DISTINCT doc_id FROM reviews WHERE doc_id IN ({placeholders})", ids).fetchall()]
        out = {}
        for doc_id in reviewed:
            row = self.con.execute("SELECT record FROM records WHERE doc_id = ?", [doc_id]).fetchone()
            if row is None:
                continue
            record = apply_reviews(json.loads(row[0]), self.reviews(doc_id))
            for table in _DOCUMENT_TABLES:
                self.con.execute(f"DELETE FROM {table} WHERE doc_id = ?", [doc_id])
            rows = rows_of(record)
            self._insert("records", dict(zip(_RECORD_COLUMNS, ([v] for v in rows["records"]), strict=True)))
            for table in ("field_values", "checks"):
                if rows[table]["doc_id"]:
                    self._insert(table, rows[table])
            self._insert("reports", {"doc_id": [doc_id], "report_id": [rows["report_id"]]})
            out[doc_id] = record
        return out

    def copies(self) -> dict[str, tuple[str | None, int, bool]]:
        """Per document: its report id, how many copies of that report the store holds, and whether it is the
        copy kept (:func:`copy_rank`; the ``copies`` view says the same in SQL)."""
        ranked: dict[str, list[tuple[tuple, str]]] = {}
        ids: dict[str, str | None] = {}
        for batch in self.records():
            for record in batch:
                doc_id, report = doc_id_of(record), report_id(record)
                ids[doc_id] = report
                if report is not None:
                    ranked.setdefault(report, []).append((copy_rank(record), doc_id))
        kept = {min(group)[1] for group in ranked.values()}
        return {d: (r, len(ranked[r]) if r else 1, d in kept if r else False) for d, r in ids.items()}

    def records(self, batch: int = 500):
        """Every stored record, streamed in batches (the full record, as written)."""
        self.flush()
        cursor = self.con.execute("SELECT record FROM records ORDER BY path, doc_id")
        while rows := cursor.fetchmany(batch):
            yield [json.loads(r[0]) for r in rows]

    def summary(self) -> dict:
        """Counts for the end-of-batch report: status, formats, editions, failures, identity verdicts."""
        self.flush()
        def pairs(sql: str) -> dict:
            return {str(k): v for k, v in self.con.execute(sql).fetchall()}

        return {
            "documents": self.con.execute("SELECT count(*) FROM records").fetchone()[0],
            "paths": self.con.execute("SELECT count(*) FROM sources").fetchone()[0],
            "status": pairs("SELECT status, count(*) FROM records GROUP BY 1 ORDER BY 2 DESC"),
            "formats": pairs("SELECT coalesce(format, '-'), count(*) FROM records GROUP BY 1 ORDER BY 2 DESC"),
            "editions": pairs("SELECT coalesce(edition, '-'), count(*) FROM records GROUP BY 1 ORDER BY 2 DESC"),
            "failures": pairs("SELECT kind, count(*) FROM errors GROUP BY 1 ORDER BY 2 DESC"),
            "verdicts": pairs("SELECT verdict, count(*) FROM checks GROUP BY 1 ORDER BY 2 DESC"),
        }


def _review_value(review: dict, column: str, doc_id: str):
    if column == "doc_id":
        return doc_id
    if column == "value":
        return _float(review.get("value"))
    if column == "printed":
        return bool(review.get("printed", True))
    return None if review.get(column) is None else str(review[column])


def report_id(record: dict) -> str | None:
    """The report a record reads: agency, year, edition and every value, hashed. The same report published as a
    PDF and as a web page has one report id; an error record has none."""
    if record.get("status") == "error":
        return None
    meta = record.get("meta") or {}
    fields = record.get("fields") or {}
    text = json.dumps([meta.get("agency"), meta.get("year"), meta.get("edition"),
                       sorted((k, None if v is None else float(v)) for k, v in fields.items())],
                      ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def copy_rank(record: dict) -> tuple:
    """Lower is kept among the copies of one report (the ``copies`` view's order, the panel's too)."""
    status = {"ok": 0, "reviewed": 0, "flagged": 1}.get(record.get("status"), 9)
    filled = sum(v is not None for v in (record.get("fields") or {}).values())
    return status, -filled, str(record.get("source")), str(doc_id_of(record))


def doc_id_of(record: dict) -> str:
    return record.get("sha256") or record.get("path") or record["source"]


def _failure_rows(rows: dict) -> dict:
    """The rows of an error record standing in for a document the store could not take."""
    _, source, path, sha256 = rows["records"][:4]
    record = {"source": display_name(source or "?"), "meta": {"agency": None, "year": None, "edition": None}, "fields": {}, "prose": [],
              "status": "error", "review": [], "error": "the store could not write this document's record",
              "error_kind": "internal", "checks": [], "warnings": [], "path": path and display_name(path), "sha256": sha256}
    return rows_of(record)


def _float(value) -> float | None:
    return None if value is None else float(value)


def rows_of(record: dict) -> dict:
    """The store rows of a record, JSON already serialised: pure, so batch workers can do it, not the writer."""
    doc_id = doc_id_of(record)
    meta = record.get("meta") or {}
    source = record["source"]
    provenance = record.get("provenance", {})
    fields = record.get("fields", {})
    prov = [provenance.get(key, {}) for key in fields]
    checks = record.get("checks", [])
    return {
        "doc_id": doc_id,
        "report_id": report_id(record),
        "status": record.get("status"),
        "records": [doc_id, source, record.get("path"), record.get("sha256"), meta.get("agency"), meta.get("year"),
                    meta.get("edition"), record.get("status"), record.get("error"), record.get("error_kind"),
                    record.get("format"), record.get("pipeline_version"),
                    json.dumps(record.get("warnings", []), ensure_ascii=False), json.dumps(record, ensure_ascii=False)],
        "field_values": {
            "doc_id": [doc_id] * len(fields), "source": [source] * len(fields), "key": list(fields),
            "value": [None if v is None else float(v) for v in fields.values()],
            "method": [p.get("method") for p in prov], "confidence": [p.get("confidence") for p in prov],
            "ambiguous": [bool(p.get("ambiguous")) for p in prov],
            "provenance": [json.dumps(p, ensure_ascii=False) for p in prov]},
        "checks": {
            "doc_id": [doc_id] * len(checks), "source": [source] * len(checks),
            "identity": [c["identity"] for c in checks], "verdict": [c["verdict"] for c in checks],
            "lhs": [_float(c.get("lhs")) for c in checks], "rhs": [_float(c.get("rhs")) for c in checks]},
        "errors": [doc_id, source, record.get("path"), record.get("error_kind"), record["error"]]
        if record.get("error") else None,
    }
