"""The wide table as a Parquet file."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from .wide import wide_table


def write_parquet(path: Path, records: list[dict]) -> None:
    pq.write_table(wide_table(records), path)
