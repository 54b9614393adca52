"""Who changed what and when: one JSON line per save, appended, never rewritten.

The log sits in the corpus folder as ``.review-log.jsonl``: hidden, so ``gongkai extract`` and ``gongkai batch``
never take it for a report when they are pointed at the corpus.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from .files import append_line

LOG_NAME = ".review-log.jsonl"


class ReviewLog:
    def __init__(self, corpus: Path) -> None:
        self.path = corpus / LOG_NAME
        self._lock = threading.Lock()

    def append(self, entry: dict) -> None:
        with self._lock:
            append_line(self.path, json.dumps(entry, ensure_ascii=False, sort_keys=False))

    def entries(self) -> list[dict]:
        if not self.path.is_file():
            return []
        return [json.loads(line) for line in self.path.read_text("utf-8").splitlines() if line.strip()]
