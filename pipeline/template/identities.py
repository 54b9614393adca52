"""The template's accounting identities, evaluated on a record, each with a verdict.

A broken identity is blamed on the source when every value in it was read cleanly (a cell or an
unambiguous number in text); otherwise the extraction is doubtful. Identities know nothing about readers:
they see values and, per value, whether it was read cleanly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import cache

from .schema import Identity, load_schema

HOLDS = "holds"
SOURCE_BREAK = "source_break"
DOUBTFUL = "doubtful"
NOT_ASSESSABLE = "not_assessable"


def _sum(values: Mapping[str, object], keys: Iterable[str]) -> tuple[Decimal | int, list[str]]:
    used = [k for k in keys if values.get(k) is not None]
    numbers = [values[k] for k in used]
    if all(type(n) is int for n in numbers):
        return sum(numbers), used  # the common case, exact without Decimal
    return sum((Decimal(str(n)) for n in numbers), Decimal(0)), used


def holds(identity: Identity, values: Mapping[str, object]) -> bool | None:
    """True or False where the identity can be assessed on these values; None where it cannot."""
    lhs, lhs_used = _sum(values, identity.lhs)
    if not lhs_used:
        return None
    rhs, rhs_used = _sum(values, identity.rhs)
    if not rhs_used:
        return None
    return lhs == rhs


def count_holding(identities: Iterable[Identity], values: Mapping[str, object]) -> tuple[int, int]:
    """(identities that hold, identities that break) — the score a digit split is chosen by."""
    ok = broken = 0
    for identity in identities:
        verdict = holds(identity, values)
        if verdict is True:
            ok += 1
        elif verdict is False:
            broken += 1
    return ok, broken


def identities_over(keys: Iterable[str], edition: str) -> list[Identity]:
    """The identities of an edition that involve any of ``keys``."""
    wanted = set(keys)
    return [i for i in _identities(edition) if wanted.intersection(i.keys)]


@cache
def _identities(edition: str) -> tuple[Identity, ...]:
    return tuple(load_schema().identities_for(edition))


def check_record(values: Mapping[str, object], edition: str, doubtful_keys: set[str],
                 incomplete: bool = False) -> list[dict]:
    """One verdict per identity of the edition: holds, source_break, doubtful or not_assessable.

    ``incomplete``: part of the document could not be read (a page needing OCR, a row not found), so a
    break that involves a key without a value may be ours, not the source's.
    """
    results = []
    for identity in _identities(edition):
        lhs, lhs_used = _sum(values, identity.lhs)
        rhs, rhs_used = _sum(values, identity.rhs)
        if not lhs_used or not rhs_used:
            verdict = NOT_ASSESSABLE
        elif lhs == rhs:
            verdict = HOLDS
        elif doubtful_keys.intersection(lhs_used + rhs_used) or (
            incomplete and len(lhs_used) + len(rhs_used) < len(identity.keys) and _unread(identity, values)
        ):
            verdict = DOUBTFUL
        else:
            verdict = SOURCE_BREAK
        entry = {"identity": identity.name, "verdict": verdict}
        if verdict != NOT_ASSESSABLE:
            entry.update(lhs=_number(lhs), rhs=_number(rhs))
        if verdict in (SOURCE_BREAK, DOUBTFUL):
            entry["keys"] = lhs_used + rhs_used
        results.append(entry)
    return results


def _unread(identity: Identity, values: Mapping[str, object]) -> bool:
    """Some key of the identity has no value though its row was read elsewhere in the table's family."""
    return any(k not in values for k in identity.keys if not k.split(".")[1].startswith("other"))


def _number(value: Decimal | int) -> int | float:
    if isinstance(value, int):
        return value
    return int(value) if value == value.to_integral_value() else float(value)


#: Prose metrics that restate a table figure: the prose metric → the table keys it should equal (summed).
PROSE_TABLE = {
    "requests_received": ("requests.new_received.total",),
    "admin_reviews": ("review.total",),
    "admin_suits": ("suit_direct.total", "suit_after_review.total"),
}
PROSE_AGREES = "prose_agrees"
PROSE_DIFFERS = "prose_differs"


def check_prose(values: Mapping[str, object], prose: list[dict]) -> list[dict]:
    """Prose figures against the table they restate. A difference is reported, never resolved: a report may
    state the figure for part of the agency only (the office, one department), or the table may be wrong."""
    results = []
    for metric, keys in PROSE_TABLE.items():
        stated = [p for p in prose if p["metric"] == metric]
        table, used = _sum(values, keys)
        if not stated or not used:
            continue
        for entry in stated:
            agrees = Decimal(str(entry["value"])) == Decimal(str(table))
            check = {"identity": f"prose.{metric}", "verdict": PROSE_AGREES if agrees else PROSE_DIFFERS,
                     "lhs": entry["value"], "rhs": _number(table), "keys": used, "text": entry["text"]}
            if not agrees:
                check["note"] = (f"the prose says {entry['value']} ({entry['text']}), table {' + '.join(used)} "
                                 f"says {_number(table)}: the prose figure may cover only part of the agency "
                                 "(for instance the office alone), or one of the two is wrong")
            results.append(check)
    return results
