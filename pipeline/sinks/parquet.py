"""The wide table as a Parquet file (``gongkai extract --parquet``), naming the version and the model hashes."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from ..build import build_id
from ..models import model_hashes
from .wide import file_metadata, wide_table


def write_parquet(path: Path, records: list[dict]) -> None:
    table = wide_table(records)
    pq.write_table(table.replace_schema_metadata(file_metadata(build_id(), model_hashes(calibration=True))), path)
