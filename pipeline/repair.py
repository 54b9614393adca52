"""Numbers read by OCR, checked against the template's identities, and repaired where the identities pin them.

OCR confuses digits (0/6/8/9, 1/7) and drops or doubles them. A number the recogniser was unsure of (or read
negative in a column that cannot be: a mark before it taken for a minus) is replaced only when two broken
identities that cross at it (its row total and its column total) both hold again with one value, no other
unsure reading could do the same, that value is a plausible misreading of what was printed (at most two digits
changed, dropped or doubled), and it breaks no identity that held.
The printed reading, the identities and the reason stay beside the value.
A number that is unsure and that no identity (nor the report's prose stating the same value) vouches for is
reported for review, never guessed (a legacy report, with no identities, has only its prose); nor is anything
repaired from an identity one of whose rows was not read. A cell read as blank unsurely (marks in it that were
not read) is reported too, whatever the identities say: a lost ``0`` leaves every sum as it was, so an
identity that holds vouches for nothing there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from .mapper.active import SIGNED_COLUMNS
from .template.identities import holds
from .template.schema import Identity, load_schema

#: The recogniser's confidence from which an OCR reading is taken as read (calibrated on generated scans
#: apart from the test set: see eval/ocr_accuracy.py).
OCR_CONFIDENT = 0.97
#: Broken identities that must all hold again with the repaired value: one identity alone leans on its other
#: readings being right, which a badly degraded scan does not warrant (measured: eval/ocr_accuracy.py --severity 2
#: made 7 wrong repairs of 10 with one identity); a row total and a column total crossing at the cell pin it.
MIN_AGREEING = 2
#: A repair changes at most this many digits of the printed reading (one in a number of one or two digits).
MAX_EDITS = 2


@dataclass
class Repairs:
    repaired: list[dict] = field(default_factory=list)  # key, value, ocr_reading, confidence, identities, reason
    unsure: list[str] = field(default_factory=list)  # OCR readings neither confident nor pinned by an identity


def is_ocr(prov: Mapping) -> bool:
    return "ocr_confidence" in prov


def repair_ocr(fields: dict, provenance: dict[str, dict], edition: str) -> Repairs:
    """Repair ``fields`` in place (and mark ``provenance``) where the identities pin an unsure OCR reading."""
    out = Repairs()
    unsure = {k for k, p in provenance.items() if is_ocr(p) and isinstance(fields.get(k), int)
              and (p["ocr_confidence"] < OCR_CONFIDENT or _unsigned_negative(k, fields[k]))}
    blanks = [k for k, p in provenance.items() if is_ocr(p) and p["ocr_confidence"] < OCR_CONFIDENT
              and fields.get(k) is None]
    if not unsure:
        out.unsure = sorted(blanks)
        return out
    identities = load_schema().identities_for(edition)
    changed = True
    while changed:
        changed = False
        for identity in identities:
            if holds(identity, fields) is not False:
                continue
            if not all(k in fields for k in identity.keys):
                continue  # a row of the identity was not read: its sum cannot vouch for anything
            fixes = [fix for k in identity.keys if k in unsure and (fix := _fix(identity, k, fields, identities))]
            fixes = [f for f in fixes if len(f[2]) >= MIN_AGREEING]
            if len(fixes) != 1:
                continue  # nothing two identities agree on, or more than one reading could be the wrong one
            key, value, held = fixes[0]
            prov = provenance[key]
            printed = fields[key]
            fields[key] = value
            unsure.discard(key)
            reason = (f"OCR read {printed} (confidence {prov['ocr_confidence']:.2f}); "
                      f"{', '.join(held)} hold only with {value}")
            prov.update(repaired=True, ocr_reading=printed, repair_reason=reason, method="ocr+identity")
            out.repaired.append({"key": key, "value": value, "ocr_reading": printed,
                                 "confidence": prov["ocr_confidence"], "identities": held, "reason": reason})
            changed = True
    vouched = {k for i in identities if holds(i, fields) is True for k in i.keys} | _stated(provenance)
    out.unsure = sorted([k for k in unsure if k not in vouched] + blanks)
    return out


def _stated(provenance: dict[str, dict]) -> set[str]:
    """Values the report's own sentences state as well (a legacy table's cell the prose confirms, ``prose`` in its
    provenance: :func:`pipeline.mapper.pre2019._check_prose`): a second printing, read apart, vouches for the
    reading as an identity that holds does."""
    return {k for k, p in provenance.items() if p.get("prose")}


def _unsigned_negative(key: str, value: int) -> bool:
    """Is ``value`` a negative number read in a column that cannot be negative (all but table 二's 本年增/减)?
    Its minus was no minus but a mark before the number (a fax's garbled scan line leaves a dash beside it, a
    speck shaped like one): however sure the recogniser, the reading is unsure, for an identity to pin or a person
    to check."""
    return value < 0 and key.split(".")[-1] not in SIGNED_COLUMNS


def _fix(identity: Identity, key: str, fields: dict, identities: list[Identity]) -> tuple[str, int, list[str]] | None:
    """(key, value, the broken identities it mends) if changing ``key`` alone repairs ``identity`` plausibly.

    The caller keeps only fixes that mend :data:`MIN_AGREEING` identities, and only a single such fix."""
    lhs = sum(fields[k] for k in identity.lhs if fields.get(k) is not None)
    rhs = sum(fields[k] for k in identity.rhs if fields.get(k) is not None)
    old = fields[key]
    value = old + (rhs - lhs) * (1 if key in identity.lhs else -1)
    if value < 0 or not _plausible(old, value):
        return None
    involved = [i for i in identities if key in i.keys]
    before = {i.name: holds(i, fields) for i in involved}
    fields[key] = value
    try:
        after = {i.name: holds(i, fields) for i in involved}
    finally:
        fields[key] = old
    if any(before[n] is True and after[n] is not True for n in before):
        return None  # it would break an identity that held
    return key, value, [n for n, v in after.items() if v is True and before[n] is not True]


def _plausible(printed: int, value: int) -> bool:
    """Could OCR have read ``value`` as ``printed``: a few digits changed, dropped or doubled."""
    a, b = str(printed), str(value)
    edits = 1 if max(len(a), len(b)) <= 2 else MAX_EDITS
    return abs(len(a) - len(b)) <= 1 and Levenshtein.distance(a, b) <= edits
