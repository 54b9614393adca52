"""The wide form of a store, as Parquet, CSV or XLSX: one row per input document, one column per key.

Records are streamed from the store in batches, so an archive-sized store is never held in memory at once.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from openpyxl import Workbook

from .store import Store
from .wide import wide_table


def export(store: Store, parquet: Path | None = None, csv_path: Path | None = None,
           xlsx: Path | None = None) -> int:
    """Write the requested files; the number of rows written."""
    writer = None
    csv_file = csv_writer = None
    workbook = sheet = None
    rows = 0
    try:
        for batch in store.records():
            table = wide_table(batch)
            rows += table.num_rows
            if parquet:
                writer = writer or pq.ParquetWriter(parquet, table.schema)
                writer.write_table(table)
            if csv_path:
                if csv_writer is None:
                    csv_file = csv_path.open("w", encoding="utf-8", newline="")
                    csv_writer = csv.writer(csv_file)
                    csv_writer.writerow(table.column_names)
                csv_writer.writerows(_rows(table))
            if xlsx:
                if sheet is None:
                    workbook, sheet = _workbook(table.column_names)
                for row in _rows(table):
                    sheet.append(row)
        if rows == 0:
            empty = wide_table([])
            if parquet:
                pq.write_table(empty, parquet)
            if csv_path:
                csv_path.write_text(",".join(empty.column_names) + "\n", encoding="utf-8")
            if xlsx:
                workbook, _ = _workbook(empty.column_names)
    finally:
        if writer is not None:
            writer.close()
        if csv_file is not None:
            csv_file.close()
    if workbook is not None:
        workbook.save(xlsx)
    return rows


def _workbook(header: list[str]):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("records")
    sheet.append(header)
    return workbook, sheet


def _rows(table: pa.Table):
    columns = [table.column(i).to_pylist() for i in range(table.num_columns)]
    return zip(*columns, strict=True)


# --------------------------------------------------------------------------- the panel and other row lists

#: The file types a row list is written as, by the output's suffix.
ROW_FORMATS = (".csv", ".xlsx", ".parquet")


def rows_table(rows: list[dict], columns: tuple[str, ...] | list[str]) -> pa.Table:
    """Rows as an Arrow table: a column of numbers is int64, or float64 when one is not whole; others text."""
    arrays = {}
    for name in columns:
        values = [row.get(name) for row in rows]
        present = [v for v in values if v is not None]
        if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
            whole = all(float(v).is_integer() for v in present)
            kind = pa.int64() if whole else pa.float64()
            values = [None if v is None else (int(v) if whole else float(v)) for v in values]
        else:
            kind = pa.string()
            values = [None if v is None else str(v) for v in values]
        arrays[name] = pa.array(values, type=kind)
    return pa.table(arrays)


def write_rows(rows: list[dict], columns: tuple[str, ...] | list[str], path: Path, sheet: str = "panel") -> None:
    """Write rows as CSV, XLSX or Parquet, chosen by the suffix of ``path`` (see :data:`ROW_FORMATS`)."""
    suffix = path.suffix.lower()
    if suffix not in ROW_FORMATS:
        raise ValueError(f"{path}: write .csv, .xlsx or .parquet")
    table = rows_table(rows, columns)
    if suffix == ".parquet":
        pq.write_table(table, path)
    elif suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(table.column_names)
            writer.writerows(_rows(table))
    else:
        workbook = Workbook(write_only=True)
        ws = workbook.create_sheet(sheet)
        ws.append(table.column_names)
        for row in _rows(table):
            ws.append(row)
        workbook.save(path)
