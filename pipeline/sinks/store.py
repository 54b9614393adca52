"""The DuckDB store: records, field values in long form, identity checks, errors, and every path seen.

A document is identified by its content hash (its path when it has none). Its rows are written in one
transaction, so it is in the store completely or not at all (a batch killed with -9 loses at most the
document being written); a document written again replaces its earlier rows.
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
CREATE TABLE IF NOT EXISTS sources (sha256 VARCHAR, path VARCHAR PRIMARY KEY, source VARCHAR, size BIGINT);
"""
_DOCUMENT_TABLES = ("records", "field_values", "checks", "errors")
STORE_FILE = "gongkai.duckdb"


def store_path(out: Path) -> Path:
    """The database file of a batch folder (or the file itself when given one)."""
    return out / STORE_FILE if out.suffix != ".duckdb" else out


class Store:
    def __init__(self, path: Path, read_only: bool = False) -> None:
        self.con = duckdb.connect(str(path), read_only=read_only)
        if not read_only:
            self.con.execute(_SCHEMA)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def done(self, pipeline_version: str) -> set[str]:
        """Content hashes already processed by this pipeline version: a rerun skips them."""
        rows = self.con.execute("SELECT sha256 FROM records WHERE pipeline_version = ? AND sha256 IS NOT NULL",
                                [pipeline_version]).fetchall()
        return {r[0] for r in rows}

    def add_sources(self, rows: list[tuple[str, str, str, int]]) -> None:
        """Every (sha256, path, source, size) seen, duplicates included: no input is lost from view."""
        if rows:
            self.con.executemany("INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?)", rows)

    def write(self, record: dict) -> None:
        doc_id = record.get("sha256") or record.get("path") or record["source"]
        meta = record.get("meta") or {}
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            for table in _DOCUMENT_TABLES:
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

    def records(self, batch: int = 500):
        """Every stored record, streamed in batches (the full record, as written)."""
        cursor = self.con.execute("SELECT record FROM records ORDER BY path, doc_id")
        while rows := cursor.fetchmany(batch):
            yield [json.loads(r[0]) for r in rows]

    def summary(self) -> dict:
        """Counts for the end-of-batch report: status, formats, editions, failures, identity verdicts."""
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
