"""The wide form researchers ask for: one row per document, one column per canonical key."""

from __future__ import annotations

import pyarrow as pa

from ..template.schema import load_schema

ID_COLUMNS = ("source", "path", "agency", "year", "edition", "status", "error")


def wide_table(records: list[dict]) -> pa.Table:
    """Records as an Arrow table: identity columns, then every schema key (null where not printed)."""
    fields = load_schema().fields
    columns: dict[str, list] = {name: [] for name in ID_COLUMNS}
    for key in fields:
        columns[key] = []
    for record in records:
        meta = record.get("meta") or {}
        row = {"source": record.get("source"), "path": record.get("path"), "agency": meta.get("agency"),
               "year": meta.get("year"), "edition": meta.get("edition"), "status": record.get("status"),
               "error": record.get("error") or ""}
        for name in ID_COLUMNS:
            columns[name].append(row[name])
        values = record.get("fields") or {}
        for key in fields:
            columns[key].append(values.get(key))
    types = {"year": pa.int64()} | {k: pa.int64() if f.type == "int" else pa.float64() for k, f in fields.items()}
    arrays = {name: pa.array(values, type=types.get(name, pa.string())) for name, values in columns.items()}
    return pa.table(arrays)
