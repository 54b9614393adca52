"""The record: the shared gold shape (source, meta, fields, prose) plus provenance, checks and warnings.

The build (``pipeline_version``) and the models in use are handed in by the caller, which owns them.
"""

from __future__ import annotations

from decimal import Decimal

from .mapper.common import TableReading
from .mapper.resolve import RowFit
from .mapper.splits import Part
from .repair import Repairs, is_ocr, repair_ocr
from .template.editions import DEFAULT, is_template
from .template.identities import DOUBTFUL, check_prose, check_record

#: Confidence of a value read from a cell or a separated number under an exactly matched label.
CLEAN = 1.0
#: Cut from a run of digits, the one cut the row (and the identities) allow.
PINNED_SPLIT = 0.95
#: Below this, a value makes a broken identity "doubtful" rather than a break in the source.
DOUBT_BELOW = 0.8

#: Warnings that put a record up for review.
_REVIEW_WARNINGS = ("not found", "no values", "expected", "needs OCR", "could not be read", "no way to split",
                    "too many ways", "read as blank", "extra value")

STATUS_OK = "ok"
STATUS_FLAGGED = "flagged"
STATUS_ERROR = "error"


def json_number(value: int | Decimal | None) -> int | float | None:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and "." not in str(value) else float(value)
    return value


def _provenance(part: Part, row: RowFit) -> dict:
    method = "split" if part.split else ("cell" if "row" in part.where or "cell" in part.where else "text")
    confidence = PINNED_SPLIT if part.split else CLEAN
    if is_ocr(part.where):
        method = "ocr"
        confidence *= part.where["ocr_confidence"]
    if row.ambiguous:
        confidence = 1.0 / (1 + len(row.alternatives))
    if row.label_score < 100.0:
        confidence *= row.label_score / 100.0
    out = {"method": method, "confidence": round(confidence, 3), "label": row.label, **part.where}
    if row.ambiguous:
        out["ambiguous"] = True
    return out


def build_record(source: str, meta: dict, readings: list[TableReading], prose: list[dict],
                 warnings: list[str], extra: dict | None = None, *, version: str,
                 models: dict[str, str] | None = None) -> dict:
    """The record of one document. ``version``: the build (:func:`pipeline.build.build_id`); ``models``: the
    hash of each trained model in use (:func:`pipeline.models.model_hashes`)."""
    fields: dict[str, object] = {}
    provenance: dict[str, dict] = {}
    ambiguities: list[dict] = []
    for reading in readings:
        warnings.extend(reading.warnings)
        for row in reading.rows:
            if row.chosen is None:
                continue
            for key, part in zip(row.keys, row.chosen, strict=True):
                fields[key] = json_number(part.value)
                provenance[key] = _provenance(part, row)
            if row.ambiguous:
                ambiguities.append(_ambiguity(row))
    edition = meta.get("edition") or DEFAULT.name
    repairs = repair_ocr(fields, provenance, edition) if is_template(edition) else Repairs()
    # a broken identity over OCR readings may be the OCR's doing: never blamed on the source unseen
    doubtful = {k for k, p in provenance.items() if p["confidence"] < DOUBT_BELOW or is_ocr(p)}
    incomplete = any(s in w for w in warnings for s in ("not found", "needs OCR", "could not be read"))
    checks = (check_record(fields, edition, doubtful, incomplete)
              if is_template(meta.get("edition")) else [])
    checks += check_prose(fields, prose)
    reasons = [f"ambiguous reading of {a['label']!r}" for a in ambiguities]
    reasons += [f"identity {c['identity']} broken, extraction doubtful" for c in checks if c["verdict"] == DOUBTFUL]
    reasons += [f"OCR reading of {k} ({fields[k]}, confidence {provenance[k]['ocr_confidence']:.2f}) is unsure "
                "and no identity pins it" for k in repairs.unsure]
    reasons += [w for w in warnings if any(s in w for s in _REVIEW_WARNINGS)]
    record = {
        "source": source,
        "meta": meta,
        "fields": fields,
        "prose": prose,
        "status": STATUS_FLAGGED if reasons else STATUS_OK,
        "review": reasons,
        "error": None,
        "checks": checks,
        "ambiguities": ambiguities,
        "repairs": repairs.repaired,
        "warnings": warnings,
        "provenance": provenance,
        "pipeline_version": version,
        "models": dict(models or {}),
    }
    record.update(extra or {})
    return record


def _ambiguity(row: RowFit) -> dict:
    return {
        "label": row.label,
        "keys": row.keys,
        "printed": " ".join(dict.fromkeys(p.where.get("run", p.raw) for p in row.chosen)),
        "chosen": [json_number(p.value) for p in row.chosen],
        "alternatives": [[json_number(p.value) for p in alt] for alt in row.alternatives],
        "reason": "no identity decides between these readings",
    }


def error_record(source: str, kind: str, message: str, extra: dict | None = None, *, version: str) -> dict:
    record = {
        "source": source,
        "meta": {"agency": None, "year": None, "edition": None},
        "fields": {},
        "prose": [],
        "status": STATUS_ERROR,
        "review": [],
        "error": message,
        "error_kind": kind,
        "checks": [],
        "ambiguities": [],
        "repairs": [],
        "warnings": [],
        "provenance": {},
        "pipeline_version": version,
    }
    record.update(extra or {})
    return record
