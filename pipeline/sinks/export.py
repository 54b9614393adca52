"""Exports of a store, one ``to_*`` per format behind one :func:`export` dispatch (as camelot's
``TableList.export``): the wide table (CSV, XLSX, Parquet, Stata), its flags companion, the long table, and row
lists such as the panel.

Records are streamed from the store in batches, so an archive-sized store is never held in memory at once (the
Stata file excepted: pandas writes it whole). Every file names the gongkai version and the model hashes
(Parquet metadata, an ``about`` sheet, the Stata data label, the CSV's columns). Every text cell is made
formula-safe (:mod:`.cells`) and CSV starts with a byte order mark, so Excel shows the Chinese.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from openpyxl import Workbook

from ..calibration import IDENTITY, Calibration
from .cells import CSV_ENCODING, safe_row, xlsx_cell
from .long import long_table
from .store import Store
from .wide import file_metadata, flags_table, wide_table

#: The file types a table is written as, by the output's suffix.
ROW_FORMATS = (".csv", ".xlsx", ".parquet")


@dataclass(frozen=True)
class ExportOptions:
    """What every export of one run shares: labels, the calibration, and what the files name."""

    labels: str = "key"  # "key" or "zh": column headers
    calibration: Calibration = IDENTITY
    version: str = ""
    model_hashes: dict[str, str] = field(default_factory=dict)

    @property
    def metadata(self) -> dict[str, str]:
        return file_metadata(self.version, self.model_hashes)


# --------------------------------------------------------------------------- table writers, by suffix


class _CsvWriter:
    def __init__(self, path: Path, metadata: dict[str, str], sheet: str) -> None:
        self.file = path.open("w", encoding=CSV_ENCODING, newline="")
        self.writer = csv.writer(self.file)
        self.header = False

    def write(self, table: pa.Table) -> None:
        if not self.header:
            self.writer.writerow(safe_row(table.column_names))
            self.header = True
        self.writer.writerows(safe_row(row) for row in _rows(table))

    def close(self) -> None:
        self.file.close()


class _XlsxWriter:
    def __init__(self, path: Path, metadata: dict[str, str], sheet: str) -> None:
        self.path, self.metadata = path, metadata
        self.workbook = Workbook(write_only=True)
        self.sheet = self.workbook.create_sheet(sheet)
        self.header = False

    def write(self, table: pa.Table) -> None:
        if not self.header:
            self.sheet.append([xlsx_cell(c) for c in table.column_names])
            self.header = True
        for row in _rows(table):
            self.sheet.append([xlsx_cell(v) for v in row])

    def close(self) -> None:
        about = self.workbook.create_sheet("about")
        for item in self.metadata.items():
            about.append([xlsx_cell(v) for v in item])
        self.workbook.save(self.path)


class _ParquetWriter:
    def __init__(self, path: Path, metadata: dict[str, str], sheet: str) -> None:
        self.path, self.metadata = path, metadata
        self.writer: pq.ParquetWriter | None = None

    def write(self, table: pa.Table) -> None:
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), **self.metadata})
        self.writer = self.writer or pq.ParquetWriter(self.path, table.schema)
        self.writer.write_table(table)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


WRITERS = {".csv": _CsvWriter, ".xlsx": _XlsxWriter, ".parquet": _ParquetWriter}


def write_tables(tables: Iterator[pa.Table], empty: pa.Table, path: Path, metadata: dict[str, str],
                 sheet: str) -> int:
    """Write a stream of tables (same columns) to ``path`` by its suffix; ``empty`` gives the header when the
    stream has none. The number of rows written."""
    suffix = path.suffix.lower()
    if suffix not in WRITERS:
        raise ValueError(f"{path}: write .csv, .xlsx or .parquet")
    writer = WRITERS[suffix](path, metadata, sheet)
    rows = 0
    try:
        for table in tables:
            rows += table.num_rows
            if table.num_rows:
                writer.write(table)
        if rows == 0:
            writer.write(empty)
    finally:
        writer.close()
    return rows


def _rows(table: pa.Table):
    columns = [table.column(i).to_pylist() for i in range(table.num_columns)]
    return zip(*columns, strict=True)


# --------------------------------------------------------------------------- the store's exports


def to_wide(store: Store, path: Path, options: ExportOptions) -> int:
    """The wide table (one row per document) as CSV, XLSX or Parquet, by the suffix."""
    copies = store.copies()
    return write_tables((wide_table(b, copies, options.labels) for b in store.records()),
                        wide_table([], labels=options.labels), path, options.metadata, "records")


def to_flags(store: Store, path: Path, options: ExportOptions) -> int:
    """The flags companion of the wide table (same rows and columns), by the suffix."""
    copies = store.copies()
    return write_tables((flags_table(b, copies, options.labels, options.calibration) for b in store.records()),
                        flags_table([], labels=options.labels), path, options.metadata, "flags")


def to_long(store: Store, path: Path, options: ExportOptions) -> int:
    """One row per value with its trust columns, by the suffix."""
    copies = store.copies()
    return write_tables((long_table(b, copies, options.calibration) for b in store.records()),
                        long_table([]), path, options.metadata, "values")


def to_dta(store: Store, path: Path, options: ExportOptions) -> int:
    """The wide table as Stata 118 (see :mod:`.dta`)."""
    from .dta import write_dta

    copies = store.copies()
    records = [r for batch in store.records() for r in batch]
    write_dta(path, wide_table(records, copies), records,
              note=f"gongkai {options.version} {json.dumps(options.model_hashes, sort_keys=True)}")
    return len(records)


EXPORTERS: dict[str, Callable[[Store, Path, ExportOptions], int]] = {
    "csv": to_wide, "xlsx": to_wide, "parquet": to_wide, "dta": to_dta, "flags": to_flags, "long": to_long}


def export(store: Store, fmt: str, path: Path, options: ExportOptions | None = None) -> int:
    """Write the store as ``fmt`` (one of :data:`EXPORTERS`) to ``path``; the number of rows written."""
    if fmt not in EXPORTERS:
        raise ValueError(f"unknown export format {fmt!r}; known: {', '.join(EXPORTERS)}")
    return EXPORTERS[fmt](store, path, options or ExportOptions())


# --------------------------------------------------------------------------- the panel and other row lists


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


def write_rows(rows: list[dict], columns: tuple[str, ...] | list[str], path: Path, sheet: str = "panel",
               metadata: dict[str, str] | None = None) -> None:
    """Write rows as CSV, XLSX or Parquet, chosen by the suffix of ``path`` (see :data:`ROW_FORMATS`)."""
    table = rows_table(rows, columns)
    write_tables(iter([table]), table, path, metadata or {}, sheet)
