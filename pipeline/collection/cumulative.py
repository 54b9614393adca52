"""Legacy cuts decided across years: this year's 历年累计 is last year's 历年累计 plus this year's 本年度.

A legacy table flattened into running text prints ``17525003``: 175 | 25003 or 1752 | 5003 … The report alone
may not decide (the record lists the readings as an ambiguity, each with its 历年累计). Where the collection holds
the same agency's report on the year before (agencies grouped as :mod:`.agencies` groups them), and that report
read the row with one 历年累计, only the reading with ``cumulative == previous + this year`` can be right; the year
after decides the same way (``next cumulative == cumulative + next year``). A reading so fixed replaces the
record's value and its ambiguity goes; a row with no reading that fits, or several, stays ambiguous and flagged.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .agencies import group_agencies

_AMBIGUOUS = "ambiguous reading of {label!r}"


@dataclass
class CutResolution:
    """What the cross-year check decided: (source, key, value, by) resolved; (source, key) left open."""

    resolved: list[tuple[str, str, int, str]] = field(default_factory=list)
    open: list[tuple[str, str]] = field(default_factory=list)


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
    for group in by_year.values():
        for record in group:
            result.open += [(record.get("source"), k) for a in record.get("ambiguities") or [] for k in a["keys"]]
    return result


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
