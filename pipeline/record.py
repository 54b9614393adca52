"""The record: the shared gold shape (source, meta, fields, prose) plus provenance, checks and warnings.

The build (``pipeline_version``) and the models in use are handed in by the caller, which owns them.
"""

from __future__ import annotations

from decimal import Decimal

from .layout.unruled import ROWS_JOINED
from .mapper.common import TableReading
from .mapper.resolve import RowFit
from .mapper.splits import Part
from .repair import is_ocr, repair_ocr
from .template.editions import DEFAULT, is_template
from .template.identities import DOUBTFUL, SOURCE_BREAK, check_prose, check_record, holds, identities_over

#: Confidence of a value read from a cell or a separated number under an exactly matched label.
CLEAN = 1.0
#: Cut from a run of digits, the one cut the row (and the identities) allow.
PINNED_SPLIT = 0.95
#: Below this, a value makes a broken identity "doubtful" rather than a break in the source.
DOUBT_BELOW = 0.8

#: Words that put a warning's record up for review whatever else it says (an OCR note added to an
#: informational one, say).
REVIEW_MARKS = ("not found", "no values", "expected", "needs OCR", "could not be read", "no way to split",
                "too many ways", "read as blank", "extra value", "could not be placed",
                "could not be joined with certainty", "read into no row", "beside the outer label",
                "under no row label", "may have lost its label")
#: Warnings that only say what was done, with nothing for a person to confirm. Every other warning puts the
#: record up for review: a warning written later flags by default, so a new doubt can never leave a record
#: ``ok`` because its wording matched no list.
INFORMATIONAL_WARNINGS = (
    "no statistics table and no statement of its indicators found",  # a legacy report stating nothing
    ROWS_JOINED,  # joined only when certain (else UNSURE_CUT flags)
    "read in the template's column order",  # a misread header: the template's own columns are read
    "a value under a column the row does not have was not read",  # nothing read into a field
    "blank cells placed by the columns the full rows print",  # placed by the text layer's positions
    "blank cells placed under the header's columns",
)
#: Warnings that say part of the report was not read, so an identity over the unread part cannot be assessed.
INCOMPLETE_WARNINGS = ("not found", "needs OCR", "could not be read")


def needs_review(warning: str) -> bool:
    """Whether a warning puts its record up for review: all but :data:`INFORMATIONAL_WARNINGS` do, and those
    too when they carry one of the :data:`REVIEW_MARKS`."""
    return any(s in warning for s in REVIEW_MARKS) or not any(s in warning for s in INFORMATIONAL_WARNINGS)


def is_incomplete(warnings: list[str]) -> bool:
    """Whether the warnings say part of the report was not read (its identities then cannot all be assessed)."""
    return any(s in w for w in warnings for s in INCOMPLETE_WARNINGS)


STATUS_OK = "ok"
STATUS_FLAGGED = "flagged"
STATUS_ERROR = "error"


def json_number(value: int | Decimal | None) -> int | float | None:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and "." not in str(value) else float(value)
    return value


#: Row readings that fill cells running text left unprinted (a row with no values, blanks cut off its end).
_INFERRED_FITS = ("blank", "trimmed")
#: Methods whose value is one printed number standing alone (a cell, or a number apart in a text line).
_READ_WHOLE = ("cell", "text")


def read_right(prov: dict) -> bool:
    """Positive evidence that a value was read as printed, so a broken identity over it is the report's:
    one number standing alone in its cell or line, under an exactly matched label, unambiguous, not read by
    OCR, not cut out of run-together digits, not wrapped over lines in its cell, not in a table continued
    without its header rows."""
    return (prov["method"] in _READ_WHOLE and prov["confidence"] >= DOUBT_BELOW and not prov.get("ambiguous")
            and not prov.get("wrapped") and not prov.get("continued"))


def _provenance(part: Part, row: RowFit) -> dict:
    method = "split" if part.split else ("cell" if "row" in part.where or "cell" in part.where else "text")
    confidence = PINNED_SPLIT if part.split else CLEAN
    if part.where.get("placed"):  # put among cells an OCR dump printed blank, by what constrains the row
        method, confidence = "placed", PINNED_SPLIT
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
    inferred: set[str] = set()  # blanks inferred from what running text did not print: not seen
    for reading in readings:
        warnings.extend(reading.warnings)
        for row in reading.rows:
            if row.chosen is None:
                continue
            if row.fit.method in _INFERRED_FITS:
                inferred.update(row.keys)
            for key, part in zip(row.keys, row.chosen, strict=True):
                fields[key] = json_number(part.value)
                provenance[key] = _provenance(part, row)
            if row.ambiguous:
                ambiguities.append(_ambiguity(row))
    edition = meta.get("edition") or DEFAULT.name
    # every edition: a legacy report has no identities to repair by, but its unsure OCR readings are reported
    repairs = repair_ocr(fields, provenance, edition)
    # a broken identity is blamed on the source only with positive evidence that its values were read right
    doubtful = {k for k, p in provenance.items() if not read_right(p)} | inferred
    checks = (check_record(fields, edition, doubtful, is_incomplete(warnings))
              if is_template(meta.get("edition")) else [])
    checks += check_prose(fields, prose)
    reasons = [f"ambiguous reading of {a['label']!r}" for a in ambiguities]
    reasons += [f"identity {c['identity']} broken, extraction doubtful" for c in checks if c["verdict"] == DOUBTFUL]
    reasons += [f"identity {c['identity']} broken by the report as printed ({c['lhs']} ≠ {c['rhs']}; its values "
                "were read cleanly from aligned cells): confirm that the report itself is wrong"
                for c in checks if c["verdict"] == SOURCE_BREAK]
    reasons += [f"OCR reading of {k} ({_shown(fields[k])}, confidence {provenance[k]['ocr_confidence']:.2f}) is "
                "unsure and no identity pins it" for k in repairs.unsure]
    reasons += _unpinned_cuts(readings, fields, edition)
    reasons += [w for w in warnings if needs_review(w)]
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


def _shown(value: object) -> str:
    """A value as a review reason names it (a cell read as blank says so)."""
    return "blank" if value is None else str(value)


def _unpinned_cuts(readings: list[TableReading], fields: dict, edition: str) -> list[str]:
    """Rows whose digits were cut although a run could be one number (``47`` beside blank cells, or 4|7), and
    no identity that holds checks the cut: one reading, but not a verified one."""
    reasons = []
    for reading in readings:
        for row in reading.rows:
            if row.chosen is None or row.ambiguous:
                continue
            runs = sorted({p.where.get("run", p.raw) for p in row.chosen if p.split})
            if not any(len(r) > 1 and not r.startswith("0") for r in runs):
                continue
            if is_template(edition) and any(holds(i, fields) for i in identities_over(row.keys, edition)):
                continue
            reasons.append(f"digits run together in {row.label!r} ({', '.join(runs)}) were cut into cells with "
                           "no identity to check the cut")
    return reasons


def _printed(row: RowFit) -> str:
    """What the row printed: each run of digits once (its cuts share it), each value apart, no blank cell (a
    placement among blank cells repeats a 0 the row printed twice: ``0 1 2 0 3``)."""
    runs: dict[object, str] = {}
    for i, part in enumerate(row.chosen):
        run = part.where.get("run")
        if part.kind != "empty":
            runs.setdefault(run if run is not None else i, run if run is not None else part.raw)
    return " ".join(runs.values())


def _ambiguity(row: RowFit) -> dict:
    out = {
        "label": row.label,
        "keys": row.keys,
        "printed": _printed(row),
        "chosen": [json_number(p.value) for p in row.chosen],
        "alternatives": [[json_number(p.value) for p in alt] for alt in row.alternatives],
        "reason": "no identity decides between these readings",
    }
    if any("cumulative" in p.where for alt in (row.chosen, *row.alternatives) for p in alt):
        # a legacy row's 历年累计 with each reading: what the previous year's report can decide
        out["cumulative"] = [[p.where.get("cumulative") for p in alt] for alt in (row.chosen, *row.alternatives)]
    return out


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
