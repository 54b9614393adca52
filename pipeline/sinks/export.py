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
