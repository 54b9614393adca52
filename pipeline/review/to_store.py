"""A save on the review page, carried into the batch store it came from (issue 17: corrections reach the data).

The gold file and the log are written by :mod:`.gold`; for a store's queue the same save also becomes review rows
in the store (:meth:`pipeline.sinks.store.Store.add_reviews`): every cell the reviewer changed or accepted, and
every flagged cell (saving the page vouches for what it shows), each with who, when and the machine reading.
The store rewrites the record, so every export carries ``method: reviewed``; a record whose flagged cells are all
reviewed becomes ``reviewed``. A store a batch is writing cannot be opened: the rows then wait in
``pending-reviews.jsonl`` beside the store (the save says so) and go in with the next save that can open it.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from ..sinks.reviews import flagged_keys
from ..sinks.store import Store
from .files import append_line
from .queue import Queue, ReviewItem

PENDING = "pending-reviews.jsonl"


def review_rows(record: dict, values: dict, accepted: set[str], user: str, at: str) -> list[dict]:
    """The review rows of one save: changed, accepted and flagged cells, as the reviewer left them."""
    extracted = record.get("fields") or {}
    changed = {k for k in set(values) | set(extracted)
               if (k in values) != (k in extracted) or values.get(k) != extracted.get(k)}
    keys = changed | set(accepted) | flagged_keys(record)
    return [{"key": key, "value": values.get(key), "printed": key in values, "reviewer": user, "reviewed_at": at}
            for key in sorted(keys)]


def save_to_store(queue: Queue, item: ReviewItem, record: dict, values: dict, accepted: set[str],
                  user: str) -> dict:
    """Write the save into the queue's store, if it has one; what happened, for the page."""
    db = getattr(queue, "db", None)
    if queue.kind != "store" or db is None:
        return {"written": False, "why": "not a batch store: the gold file holds the correction"}
    import duckdb

    at = datetime.now(UTC).isoformat(timespec="microseconds")  # two saves in one second keep their order
    rows = review_rows(record, values, accepted, user, at)
    doc_id = queue.doc_ids[item.id]
    pending = Path(db).parent / PENDING
    try:
        with Store(db) as store:
            waiting = _pending(pending)
            for other, other_rows in waiting.items():
                if other != doc_id and other in queue.doc_ids.values():
                    store.add_reviews(other, other_rows)
            updated = store.add_reviews(doc_id, waiting.get(doc_id, []) + rows)
        pending.unlink(missing_ok=True)  # only once they are in
    except duckdb.IOException as exc:
        append_line(pending, json.dumps({"doc_id": doc_id, "rows": rows}, ensure_ascii=False))
        return {"written": False, "why": f"the store is busy (a batch is writing it?): the correction waits in "
                                         f"{pending.name} and goes in with the next save: {exc}"}
    item.status = updated.get("status") or item.status
    return {"written": True, "cells": len(rows), "status": item.status}


def _pending(path: Path) -> dict[str, list[dict]]:
    """The review rows that waited for the store, by document."""
    if not path.is_file():
        return {}
    out: dict[str, list[dict]] = {}
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            entry = json.loads(line)
            out.setdefault(entry["doc_id"], []).extend(entry["rows"])
    return out
