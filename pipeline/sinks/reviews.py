"""Corrections made on the review page, applied to a record: the value a person vouched for, the machine's beside.

A review row says: in document ``doc_id``, ``key`` is ``value`` (``None`` for a cell printed blank; ``printed``
False when the reviewer says the report does not print it), by ``reviewer`` at ``reviewed_at``. Applying it sets the value
with provenance ``method: reviewed``, who and when, and keeps the machine reading (value, method, confidence)
under ``machine``. Applying the same rows twice gives the same record, and a record extracted again (a new
build, ``--force``) gets them back: the store keeps the rows apart from the records.

Once every flagged cell of a record has been reviewed, its status is ``reviewed``.
"""

from __future__ import annotations

from ..record import DOUBT_BELOW, STATUS_ERROR, is_incomplete
from ..repair import is_ocr
from ..template.editions import is_template
from ..template.identities import DOUBTFUL, SOURCE_BREAK, check_prose, check_record

STATUS_REVIEWED = "reviewed"
METHOD_REVIEWED = "reviewed"
REVIEW_COLUMNS = ("doc_id", "key", "value", "printed", "reviewer", "reviewed_at")
#: Where a value was printed: kept from the machine's provenance so the page can still show it.
_WHERE = ("page", "bbox", "block", "row", "col", "cell", "span", "offset", "text", "label", "run")


def flagged_keys(record: dict) -> set[str]:
    """Cells a person is asked to look at: ambiguous, low-confidence or unsure OCR readings, and the values of
    identities that break (doubtful or in the source)."""
    out = set()
    for key, where in (record.get("provenance") or {}).items():
        if where.get("method") == METHOD_REVIEWED:
            continue
        if where.get("ambiguous") or (where.get("confidence") or 0) < DOUBT_BELOW:
            out.add(key)
    for check in record.get("checks") or []:
        if check.get("verdict") in (DOUBTFUL, SOURCE_BREAK) and not check["identity"].startswith("prose."):
            out.update(check.get("keys", []))
    return out


def apply_reviews(record: dict, reviews: list[dict]) -> dict:
    """``record`` with the review rows applied (latest per key wins); the input is not changed."""
    if not reviews or record.get("status") == STATUS_ERROR:
        return record
    record = {**record, "fields": dict(record.get("fields") or {}),
              "provenance": {k: dict(v) for k, v in (record.get("provenance") or {}).items()}}
    flagged_before = flagged_keys(record) | set(record.get("reviewed_keys") or [])
    fields, provenance = record["fields"], record["provenance"]
    latest = {}
    for row in sorted(reviews, key=lambda r: str(r.get("reviewed_at"))):
        latest[row["key"]] = row
    for key, row in latest.items():
        old = provenance.get(key, {})
        machine = old.get("machine") if old.get("method") == METHOD_REVIEWED else {
            "value": fields.get(key), "printed": key in fields, "method": old.get("method"),
            "confidence": old.get("confidence")}
        if row.get("printed", True):
            fields[key] = row.get("value")
        else:
            fields.pop(key, None)
        provenance[key] = {**{k: old[k] for k in _WHERE if k in old}, "method": METHOD_REVIEWED, "confidence": 1.0,
                           "reviewed_by": row.get("reviewer"), "reviewed_at": str(row.get("reviewed_at")), "machine": machine}
    record["reviewed_keys"] = sorted(set(record.get("reviewed_keys") or []) | set(latest))
    _recheck(record)
    if not (flagged_before | flagged_keys(record)) - set(record["reviewed_keys"]):
        record["status"] = STATUS_REVIEWED
        record["review"] = []
    record["reviewed_by"] = sorted(set(record.get("reviewed_by") or []) | {str(r.get("reviewer")) for r in latest.values()})
    record["reviewed_at"] = max([str(r.get("reviewed_at")) for r in latest.values()]
                                + ([record["reviewed_at"]] if record.get("reviewed_at") else []))
    return record


def _recheck(record: dict) -> None:
    """The identity verdicts of the values as they now stand (a reviewed value is certain)."""
    edition = (record.get("meta") or {}).get("edition")
    if not is_template(edition):
        return
    provenance = record["provenance"]
    doubtful = {k for k, p in provenance.items() if p.get("method") != METHOD_REVIEWED
                and ((p.get("confidence") or 0) < DOUBT_BELOW or is_ocr(p))}
    record["checks"] = check_record(record["fields"], edition, doubtful, is_incomplete(record.get("warnings", []))) + check_prose(
        record["fields"], record.get("prose") or [])
