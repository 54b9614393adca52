"""The long export: one row per value, with what a researcher needs to weigh it.

Per document, a row for every key it prints (a number or a blank cell) and every key its edition has but it
does not print (``absent``); keys of other editions are left out (the codebook lists them). Columns: the
document (doc_id, report_id, kept copy, source, agency, year, edition, status), the key and its value, the
``state`` (:mod:`.trust`), the ``method`` (cell, text, split, ocr, repaired, prose, reviewed), the raw and the
calibrated ``confidence``, ``ambiguous``, the ``identities`` it takes part in with their verdicts, and for a
reviewed value who, when and the machine reading.
"""

from __future__ import annotations

import pyarrow as pa

from ..calibration import IDENTITY, Calibration
from ..template.schema import load_schema
from .store import doc_id_of, report_id
from .trust import NOT_IN_EDITION, UNREAD, trust, verdicts_of
from .wide import model_hashes_of

LONG_COLUMNS = ("doc_id", "report_id", "kept", "source", "agency", "year", "edition", "status", "key", "value",
                "state", "method", "confidence", "calibrated_confidence", "ambiguous", "identities",
                "reviewed_by", "reviewed_at", "machine_value", "pipeline_version", "model_hashes")
_TYPES = {"year": pa.int64(), "value": pa.float64(), "confidence": pa.float64(),
          "calibrated_confidence": pa.float64(), "ambiguous": pa.bool_(), "kept": pa.bool_(),
          "machine_value": pa.float64()}


def long_rows(record: dict, copies: dict | None = None, calibration: Calibration = IDENTITY) -> list[dict]:
    """The long rows of one record."""
    meta = record.get("meta") or {}
    doc_id = doc_id_of(record)
    report, _, kept = (copies or {}).get(doc_id) or (report_id(record), None, None)
    head = {"doc_id": doc_id, "report_id": report, "kept": kept, "source": record.get("source"),
            "agency": meta.get("agency"), "year": meta.get("year"), "edition": meta.get("edition"),
            "status": record.get("status"), "pipeline_version": record.get("pipeline_version"),
            "model_hashes": model_hashes_of(record)}
    fields = record.get("fields") or {}
    verdicts = verdicts_of(record)
    rows = []
    for key in load_schema().fields:
        t = trust(record, key, calibration, verdicts)
        if t.state in (NOT_IN_EDITION, UNREAD) and key not in fields:
            continue
        machine = t.machine_value if isinstance(t.machine_value, int | float) else None
        rows.append({**head, "key": key, "value": fields.get(key), "state": t.state, "method": t.method,
                     "confidence": t.confidence, "calibrated_confidence": t.calibrated, "ambiguous": t.ambiguous,
                     "identities": t.identities, "reviewed_by": t.reviewed_by, "reviewed_at": t.reviewed_at,
                     "machine_value": machine})
    return rows


def long_table(records: list[dict], copies: dict | None = None, calibration: Calibration = IDENTITY) -> pa.Table:
    rows = [row for record in records for row in long_rows(record, copies, calibration)]
    return pa.table({c: pa.array([r[c] for r in rows], type=_TYPES.get(c, pa.string())) for c in LONG_COLUMNS})
