"""JSON Lines: one record per line, UTF-8, Chinese kept as printed."""

from __future__ import annotations

import json
from typing import TextIO


def write_record(stream: TextIO, record: dict) -> None:
    stream.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
