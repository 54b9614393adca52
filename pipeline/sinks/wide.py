"""The wide form researchers ask for: one row per document, one column per canonical key.

Beside each value the flags companion (:func:`flags_table`, same rows and columns) says how far to trust it:
the method, ``ambiguous``, ``low``, the identity marks, or why there is no value (``blank``, ``absent``,
``not_in_edition``, ``unread``; see :mod:`.trust`).
"""

from __future__ import annotations

import json

import pyarrow as pa

from ..calibration import IDENTITY, Calibration
from ..template.schema import load_schema
from .codebook import label_zh
from .store import doc_id_of, report_id
from .trust import trust, verdicts_of

ID_COLUMNS = ("source", "path", "agency", "year", "edition", "status", "error")
#: After the identity columns: what a citation and a deduplication need.
DATASET_COLUMNS = ("doc_id", "report_id", "copies", "kept", "pipeline_version", "model_hashes", "reviewed_by",
                   "reviewed_at")
LABEL_CHOICES = ("key", "zh")


def model_hashes_of(record: dict) -> str:
    """The model hashes a record names (``prose=…;labels=…``), empty when its build did not record them."""
    hashes = record.get("model_hashes") or record.get("models") or {}
    if isinstance(hashes, dict):
        return ";".join(f"{k}={_hash(v)}" for k, v in sorted(hashes.items()))
    return str(hashes)


def _hash(value: object) -> str:
    """A model's hash whether the record gives it as text or as an entry (``{"sha256": …}``)."""
    if isinstance(value, dict):
        return str(value.get("sha256") or value.get("hash") or value.get("digest") or "")
    return str(value)


def column_names(labels: str = "key") -> list[str]:
    """The wide table's column names: keys, or the Chinese labels (``row·column``) with ``labels="zh"``."""
    fields = load_schema().fields
    keys = list(fields) if labels == "key" else [label_zh(f) for f in fields.values()]
    return [*ID_COLUMNS, *DATASET_COLUMNS, *keys]


def _id_row(record: dict, copies: dict[str, tuple[str, int, bool]] | None) -> dict:
    meta = record.get("meta") or {}
    doc_id = doc_id_of(record)
    report, count, kept = (copies or {}).get(doc_id) or (report_id(record), None, None)
    return {"source": record.get("source"), "path": record.get("path"), "agency": meta.get("agency"),
            "year": meta.get("year"), "edition": meta.get("edition"), "status": record.get("status"),
            "error": record.get("error") or "", "doc_id": doc_id, "report_id": report, "copies": count,
            "kept": kept, "pipeline_version": record.get("pipeline_version"),
            "model_hashes": model_hashes_of(record), "reviewed_by": ", ".join(record.get("reviewed_by") or []),
            "reviewed_at": record.get("reviewed_at")}


_ID_TYPES = {"year": pa.int64(), "copies": pa.int64(), "kept": pa.bool_()}


def wide_table(records: list[dict], copies: dict | None = None, labels: str = "key") -> pa.Table:
    """Records as an Arrow table: identity columns, then every schema key (null where no number is printed).

    ``copies``: doc_id → (report_id, copies, kept) from :meth:`Store.copies`."""
    fields = load_schema().fields
    names = column_names(labels)
    columns: dict[str, list] = {name: [] for name in names}
    head = len(ID_COLUMNS) + len(DATASET_COLUMNS)
    for record in records:
        row = _id_row(record, copies)
        for name in names[:head]:
            columns[name].append(row[name])
        values = record.get("fields") or {}
        for key, name in zip(fields, names[head:], strict=True):
            columns[name].append(values.get(key))
    types = _ID_TYPES | {name: pa.int64() if f.type == "int" else pa.float64()
                         for name, f in zip(names[head:], fields.values(), strict=True)}
    return pa.table({name: pa.array(values, type=types.get(name, pa.string())) for name, values in columns.items()})


def flags_table(records: list[dict], copies: dict | None = None, labels: str = "key",
                calibration: Calibration = IDENTITY) -> pa.Table:
    """The flags companion: the wide table's rows and columns, each key cell a flag (see :class:`.trust.Trust`)."""
    fields = load_schema().fields
    names = column_names(labels)
    head = len(ID_COLUMNS) + len(DATASET_COLUMNS)
    columns: dict[str, list] = {name: [] for name in names}
    for record in records:
        row = _id_row(record, copies)
        for name in names[:head]:
            columns[name].append(row[name])
        verdicts = verdicts_of(record)
        for key, name in zip(fields, names[head:], strict=True):
            columns[name].append(trust(record, key, calibration, verdicts).flags)
    return pa.table({name: pa.array(values, type=_ID_TYPES.get(name, pa.string()))
                     for name, values in columns.items()})


def file_metadata(version: str, hashes: dict[str, str]) -> dict[str, str]:
    """What every exported file names: the exporting tool's version and the model hashes."""
    return {"gongkai_version": version, "model_hashes": json.dumps(hashes, sort_keys=True)}
