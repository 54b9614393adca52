"""Legacy cuts decided across years: this year's 历年累计 is last year's 历年累计 plus this year's 本年度.

A legacy table flattened into running text prints ``17525003``: 175 | 25003 or 1752 | 5003 … The report alone
may not decide (the record lists the readings as an ambiguity, each with its 历年累计). Where the collection holds
the same agency's report on the year before (agencies grouped as :mod:`.agencies` groups them), and that report
read the row with one 历年累计, only the reading with ``cumulative == previous + this year`` can be right; the year
after decides the same way (``next cumulative == cumulative + next year``). A reading so fixed replaces the
record's value and its ambiguity goes; a row with no reading that fits, or several, stays ambiguous and flagged.
A row the report read with one cut that no identity checked is checked the same way: the review reason goes
where the neighbouring year agrees, a warning is added where it disagrees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .agencies import group_agencies

_AMBIGUOUS = "ambiguous reading of {label!r}"


@dataclass
class CutResolution:
    """What the cross-year check decided: (source, key, value, by) resolved; (source, key) left open."""

    resolved: list[tuple[str, str, int, str]] = field(default_factory=list)
    open: list[tuple[str, str]] = field(default_factory=list)
    confirmed: list[tuple[str, str]] = field(default_factory=list)  # (source, key): a single cut checked


def _definite(record: dict, key: str) -> tuple[int, int] | None:
    """(本年度, 历年累计) of a row the record read with one reading, else None."""
    prov = (record.get("provenance") or {}).get(key) or {}
    value = (record.get("fields") or {}).get(key)
    if prov.get("ambiguous") or "cumulative" not in prov or not isinstance(value, int):
        return None
    return value, prov["cumulative"]


def _neighbours(records: list[dict]) -> dict[tuple[str, int], list[dict]]:
    good = [r for r in records if r.get("status") != "error" and (r.get("meta") or {}).get("agency")
            and (r.get("meta") or {}).get("year") is not None]
    groups = group_agencies((r["meta"]["agency"], r["meta"]["year"]) for r in good)
    out: dict[tuple[str, int], list[dict]] = {}
    for r in good:
        out.setdefault((groups.group(r["meta"]["agency"])[0], r["meta"]["year"]), []).append(r)
    return out


def resolve_cuts(records: list[dict]) -> CutResolution:
    """Decide the ambiguous legacy cuts of ``records`` (changed in place) with the agency's neighbouring years."""
    by_year = _neighbours(records)
    result = CutResolution()
    changed = True
    while changed:
        changed = False
        for (agency, year), group in by_year.items():
            for record in group:
                for amb in list(record.get("ambiguities") or []):
                    if len(amb.get("keys", ())) != 1 or "cumulative" not in amb:
                        continue
                    key = amb["keys"][0]
                    readings = [(alt[0], cum[0]) for alt, cum in
                                zip([amb["chosen"], *amb["alternatives"]], amb["cumulative"], strict=False)]
                    fits, by = _fitting(readings, key, by_year.get((agency, year - 1), []),
                                        by_year.get((agency, year + 1), []))
                    if len(fits) == 1:
                        _apply(record, amb, key, fits[0], by)
                        result.resolved.append((record.get("source"), key, fits[0][0], by))
                        changed = True
    for (agency, year), group in by_year.items():
        for record in group:
            _confirm_cuts(record, by_year.get((agency, year - 1), []), by_year.get((agency, year + 1), []), result)
            result.open += [(record.get("source"), k) for a in record.get("ambiguities") or [] for k in a["keys"]]
    return result


def _confirm_cuts(record: dict, before: list[dict], after: list[dict], result: CutResolution) -> None:
    """A row cut out of a run of digits with one reading that no identity checked (flagged by
    :func:`pipeline.record._unpinned_cuts`) is checked by the neighbouring year: the reason goes where the
    cumulative agrees, a warning is added where it disagrees."""
    provenance = record.get("provenance") or {}
    removed = False
    for reason in list(record.get("review") or []):
        m = _UNPINNED.match(reason)
        if m is None:
            continue
        keys = [k for k, p in provenance.items() if repr(p.get("label")) == m.group("label") and "cumulative" in p]
        verdicts = [_agrees(_definite(record, k), k, before, after) for k in keys]
        if keys and all(v is True for v in verdicts):
            record["review"].remove(reason)
            removed = True
            for key in keys:
                provenance[key]["cross_year"] = "历年累计 agrees with the agency's neighbouring year"
                result.confirmed.append((record.get("source"), key))
        elif any(v is False for v in verdicts):
            record.setdefault("warnings", []).append(
                f"cross-year: the 历年累计 of {m.group('label')} disagrees with the agency's neighbouring year")
    if removed and record.get("status") == "flagged" and not record["review"]:
        record["status"] = "ok"  # the cuts were the only reasons, and each is now checked


def _agrees(reading: tuple[int, int] | None, key: str, before: list[dict], after: list[dict]) -> bool | None:
    """True where a neighbouring year's reading fits ``reading``, False where one contradicts it, None where
    no neighbour read the row with one 历年累计."""
    if reading is None:
        return None
    verdict = None
    for others, fits in ((before, lambda r, o: r[1] == o[1] + r[0]), (after, lambda r, o: o[1] == r[1] + o[0])):
        for other in others:
            known = _definite(other, key)
            if known is not None:
                if fits(reading, known):
                    return True
                verdict = False
    return verdict


#: The review reason of a cut no identity checked (the label as repr() prints it).
_UNPINNED = re.compile(r"^digits run together in (?P<label>'[^']*'|\"[^\"]*\") \(")


def _fitting(readings: list[tuple], key: str, before: list[dict], after: list[dict]) -> tuple[list[tuple], str]:
    """The readings that the year before or the year after allows, and which report decided."""
    for others, fits in ((before, lambda r, o: r[1] == o[1] + r[0]), (after, lambda r, o: o[1] == r[1] + o[0])):
        for other in others:
            known = _definite(other, key)
            if known is None:
                continue
            kept = [r for r in readings if None not in r and fits(r, known)]
            if kept:
                return kept, str(other.get("source"))
    return [], ""


def _apply(record: dict, amb: dict, key: str, reading: tuple[int, int], by: str) -> None:
    record["fields"][key] = reading[0]
    prov = record["provenance"].setdefault(key, {})
    prov.pop("ambiguous", None)
    prov.update(cumulative=reading[1], cross_year=f"历年累计 {reading[1]} agrees with {by}")
    record["ambiguities"].remove(amb)
    reason = _AMBIGUOUS.format(label=amb["label"])
    record["review"] = [r for r in record.get("review") or [] if r != reason]
    if record.get("status") == "flagged" and not record["review"]:
        record["status"] = "ok"
