"""The DuckDB store: records, field values in long form, identity checks, errors.

A document's rows are written in one transaction, so it is in the store completely or not at all; a
document written again (same path, or same source when there is no path) replaces its earlier rows.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

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
"""
_TABLES = ("records", "field_values", "checks", "errors")


class Store:
    def __init__(self, path: Path) -> None:
        self.con = duckdb.connect(str(path))
        self.con.execute(_SCHEMA)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def write(self, record: dict) -> None:
        doc_id = record.get("path") or record["source"]
        meta = record.get("meta") or {}
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            for table in _TABLES:
                con.execute(f"DELETE FROM {table} WHERE doc_id = ?", [doc_id])
            con.execute(
                "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [doc_id, record["source"], record.get("path"), record.get("sha256"), meta.get("agency"),
                 meta.get("year"), meta.get("edition"), record.get("status"), record.get("error"),
                 record.get("error_kind"), record.get("format"), record.get("pipeline_version"),
                 json.dumps(record.get("warnings", []), ensure_ascii=False),
                 json.dumps(record, ensure_ascii=False)],
            )
            provenance = record.get("provenance", {})
            values = [
                (doc_id, record["source"], key, value, provenance.get(key, {}).get("method"),
                 provenance.get(key, {}).get("confidence"), bool(provenance.get(key, {}).get("ambiguous")),
                 json.dumps(provenance.get(key, {}), ensure_ascii=False))
                for key, value in record.get("fields", {}).items()
            ]
            if values:
                con.executemany("INSERT INTO field_values VALUES (?, ?, ?, ?, ?, ?, ?, ?)", values)
            checks = [(doc_id, record["source"], c["identity"], c["verdict"], c.get("lhs"), c.get("rhs"))
                      for c in record.get("checks", [])]
            if checks:
                con.executemany("INSERT INTO checks VALUES (?, ?, ?, ?, ?, ?)", checks)
            if record.get("error"):
                con.execute("INSERT INTO errors VALUES (?, ?, ?, ?, ?)",
                            [doc_id, record["source"], record.get("path"), record.get("error_kind"), record["error"]])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
