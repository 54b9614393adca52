"""Per value, what a researcher needs to trust it: its state, method, confidence, ambiguity and identities.

States keep apart what one empty cell would hide (documented in README, "For researchers"):

* ``value``: a number was printed (zero included);
* ``blank``: the cell was printed empty, ``/``, ``-`` or ``无`` (``null`` in the record);
* ``absent``: the report's edition has this key but the report does not print it;
* ``not_in_edition``: the report's edition has no such key;
* ``unread``: the document gave an error record, nothing was read.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..calibration import IDENTITY, Calibration, method_of
from ..template.schema import load_schema

VALUE, BLANK, ABSENT, NOT_IN_EDITION, UNREAD = "value", "blank", "absent", "not_in_edition", "unread"
STATES = (VALUE, BLANK, ABSENT, NOT_IN_EDITION, UNREAD)
#: Below this calibrated confidence a value is marked ``low`` in the flags companion.
LOW_CONFIDENCE = 0.8
#: Identity verdicts that put a value in doubt (the flags companion names them).
_DOUBT_VERDICTS = {"doubtful": "doubtful", "source_break": "breaks"}


def state(record: dict, key: str) -> str:
    """Which of :data:`STATES` a key is in for this record."""
    if record.get("status") == "error":
        return UNREAD
    fields = record.get("fields") or {}
    if key in fields:
        return BLANK if fields[key] is None else VALUE
    edition = (record.get("meta") or {}).get("edition")
    field = load_schema().fields.get(key)
    return ABSENT if field is not None and edition in field.editions else NOT_IN_EDITION


@cache
def identities_of(edition: str | None) -> dict[str, tuple[str, ...]]:
    """Per key, the names of the identities of the edition it takes part in."""
    out: dict[str, list[str]] = {}
    for identity in load_schema().identities_for(edition or ""):
        for key in dict.fromkeys(identity.keys):
            out.setdefault(key, []).append(identity.name)
    return {k: tuple(v) for k, v in out.items()}


@dataclass(frozen=True)
class Trust:
    """One value's trust columns."""

    state: str
    method: str | None
    confidence: float | None
    calibrated: float | None
    ambiguous: bool
    identities: str  # "name=verdict;…" over the identities the key takes part in
    reviewed_by: str | None
    reviewed_at: str | None
    machine_value: object

    @property
    def flags(self) -> str:
        """The flags companion's cell: the state, or the method with its marks (``split+ambiguous``)."""
        if self.state != VALUE and self.method is None:
            return self.state
        marks = [self.method or self.state]
        if self.ambiguous:
            marks.append("ambiguous")
        if self.calibrated is not None and self.calibrated < LOW_CONFIDENCE and self.method != "reviewed":
            marks.append("low")
        for verdict in dict.fromkeys(p.rpartition("=")[2] for p in self.identities.split(";") if p):
            if verdict in _DOUBT_VERDICTS:
                marks.append(_DOUBT_VERDICTS[verdict])
        if self.state == BLANK:
            marks.append(BLANK)
        return "+".join(marks)


def trust(record: dict, key: str, calibration: Calibration = IDENTITY,
          verdicts: dict[str, str] | None = None) -> Trust:
    """The trust columns of ``key`` in ``record`` (``verdicts``: identity name → verdict, computed once per
    record by :func:`verdicts_of`)."""
    verdicts = verdicts_of(record) if verdicts is None else verdicts
    where = (record.get("provenance") or {}).get(key)
    edition = (record.get("meta") or {}).get("edition")
    names = identities_of(edition).get(key, ())
    identities = ";".join(f"{n}={verdicts[n]}" for n in names if n in verdicts)
    if where is None:
        return Trust(state(record, key), None, None, None, False, identities, None, None, None)
    method = method_of(where)
    confidence = where.get("confidence")
    machine = where.get("machine") or {}
    return Trust(state(record, key), method, confidence, calibration.apply(method, confidence),
                 bool(where.get("ambiguous")), identities, where.get("reviewed_by"), where.get("reviewed_at"),
                 machine.get("value"))


def verdicts_of(record: dict) -> dict[str, str]:
    return {c["identity"]: c["verdict"] for c in record.get("checks") or [] if "identity" in c}
