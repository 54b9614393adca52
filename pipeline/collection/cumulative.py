"""Legacy cuts decided across years: this year's 历年累计 is last year's 历年累计 plus this year's 本年度.

A legacy table flattened into running text prints ``17525003``: 175 | 25003 or 1752 | 5003 … The report alone
may not decide (the record lists the readings as an ambiguity, each with its 历年累计). Where the collection holds
the same agency's reports on consecutive years (agencies grouped as :mod:`.agencies` groups them), the years of
one row form a chain: each year's reading must satisfy ``cumulative == previous cumulative + this year``. Every
year offers the readings its report printed (one, where the report read the row with one cut; several, where it
left the cut open); a reading is decided where it is the same in every combination of the chain's readings
that satisfies all the equations (one neighbour with one reading decides as before; two or more ambiguous
years are decided together when their readings fit in one way only). A chain no combination satisfies decides
nothing. A reading so fixed replaces the record's value (method ``cross_year``, the neighbours and the equation
in its provenance, the printed readings kept) and its ambiguity and review reason go; the record is ``ok`` only
when no other reason is left. A row the report read with one cut that no identity checked is checked the same
way: the review reason goes where the neighbouring year agrees, a warning is added where it disagrees. Only
readings the reports printed are ever chosen.

The pass is a function of the records as extracted: what it changed is kept in the record (``cross_year``:
the decisions, and the parts of the record as they were before), and :func:`resolve_cuts` undoes an earlier
pass before deciding again. So running it twice gives the same records, and a year added later (a batch
rerun, a panel export of more records) decides with everything the collection now holds. A record a person
reviewed is left as it stands. This module is the one home of the logic: the panel export
(:mod:`.panel`) and the batch store pass (:mod:`pipeline.batch.cuts`) both call :func:`resolve_cuts`.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from ..record import PINNED_SPLIT
from .agencies import group_agencies

_AMBIGUOUS = "ambiguous reading of {label!r}"
#: The record key holding what the pass changed; the provenance method of a value it decided.
CROSS_YEAR = "cross_year"
METHOD = "cross_year"
_REVIEWED = "reviewed"
#: (本年度, 历年累计) of one reading of a row.
Reading = tuple


@dataclass
class CutResolution:
    """What the cross-year check decided: (source, key, value, by) resolved; (source, key) left open."""

    resolved: list[tuple[str, str, int, str]] = field(default_factory=list)
    open: list[tuple[str, str]] = field(default_factory=list)
    confirmed: list[tuple[str, str]] = field(default_factory=list)  # (source, key): a single cut checked
    contradicted: list[tuple[str, str, int, int]] = field(default_factory=list)  # (agency, key, first, last year)


def _definite(record: dict, key: str) -> tuple[int, int] | None:
    """(本年度, 历年累计) of a row the record read with one reading, else None."""
    prov = (record.get("provenance") or {}).get(key) or {}
    value = (record.get("fields") or {}).get(key)
    if prov.get("ambiguous") or "cumulative" not in prov or not isinstance(value, int):
        return None
    return value, prov["cumulative"]


def _ambiguity(record: dict, key: str) -> dict | None:
    """The record's open cut of ``key`` that carries each reading's 历年累计, if any."""
    for amb in record.get("ambiguities") or []:
        if list(amb.get("keys", ())) == [key] and "cumulative" in amb:
            return amb
    return None


def _readings(amb: dict) -> list[Reading] | None:
    """Each reading of an open cut as (本年度, 历年累计); None when a reading's 历年累计 is unknown (no equation
    can check it, so the row cannot be decided)."""
    out = []
    for alt, cum in zip([amb["chosen"], *amb["alternatives"]], amb["cumulative"], strict=False):
        if len(alt) != 1 or len(cum) != 1 or alt[0] is None or cum[0] is None:
            return None
        out.append((alt[0], cum[0]))
    return out if len(out) == 1 + len(amb["alternatives"]) else None


def _options(record: dict, key: str) -> set[Reading] | None:
    """The readings the record allows for ``key``; None where it says nothing checkable (a reviewed value, a
    row without 历年累计, a reading with an unknown one)."""
    prov = (record.get("provenance") or {}).get(key) or {}
    if prov.get("method") == _REVIEWED:
        return None
    amb = _ambiguity(record, key)
    if amb is not None:
        readings = _readings(amb)
        return None if readings is None else set(readings)
    known = _definite(record, key)
    return None if known is None else {known}


def _neighbours(records: list[dict]) -> dict[tuple[str, int], list[dict]]:
    good = [r for r in records if r.get("status") != "error" and (r.get("meta") or {}).get("agency")
            and (r.get("meta") or {}).get("year") is not None]
    groups = group_agencies((r["meta"]["agency"], r["meta"]["year"]) for r in good)
    out: dict[tuple[str, int], list[dict]] = {}
    for r in good:
        out.setdefault((groups.group(r["meta"]["agency"])[0], r["meta"]["year"]), []).append(r)
    return out


def resolve_cuts(records: list[dict]) -> CutResolution:
    """Decide the ambiguous legacy cuts of ``records`` (changed in place) with the agency's neighbouring years,
    after undoing what an earlier pass decided (so the result depends on the records as extracted only)."""
    for record in records:
        undo_cuts(record)
    by_year = _neighbours(records)
    result = CutResolution()
    by_agency: dict[str, dict[int, list[dict]]] = {}
    for (agency, year), group in by_year.items():
        by_agency.setdefault(agency, {})[year] = group
    for agency, years in sorted(by_agency.items()):
        keys = sorted({k for group in years.values() for r in group if _changeable(r)
                       for a in r.get("ambiguities") or [] if "cumulative" in a and len(a.get("keys", ())) == 1
                       for k in a["keys"]})
        for key in keys:
            for run in _runs(years, key):
                _decide_run(agency, key, run, result)
    for (agency, year), group in by_year.items():
        for record in group:
            if _changeable(record):
                _confirm_cuts(record, by_year.get((agency, year - 1), []), by_year.get((agency, year + 1), []),
                              result)
            result.open += [(record.get("source"), k) for a in record.get("ambiguities") or [] for k in a["keys"]]
    return result


def _changeable(record: dict) -> bool:
    """A record the pass may change: not one a person reviewed."""
    return record.get("status") != _REVIEWED


@dataclass
class _Year:
    year: int
    records: list[dict]
    readings: set[Reading]


def _runs(years: dict[int, list[dict]], key: str) -> list[list[_Year]]:
    """Consecutive years whose reports allow readings of ``key`` (copies of one year: the readings they all
    allow), split where a year is missing, says nothing checkable, or its reports share no reading, and where
    two years' readings never fit."""
    runs: list[list[_Year]] = []
    for year in sorted(years):
        allowed = [(r, o) for r in years[year] if (o := _options(r, key)) is not None]
        if not allowed:
            continue
        readings = set.intersection(*(o for _, o in allowed))
        if not readings:  # two reports on one year that share no reading: not copies, and not one chain
            continue
        entry = _Year(year, [r for r, _ in allowed], readings)
        if runs and runs[-1][-1].year == year - 1:
            runs[-1].append(entry)
        else:
            runs.append([entry])
    return [part for run in runs for part in _linked(run) if len(part) > 1]


def _linked(run: list[_Year]) -> list[list[_Year]]:
    """``run`` split where no reading of a year fits any reading of the next: the equation does not hold
    between those reports at all (a cumulative restarted, two agencies under one name), so it says nothing."""
    parts = [[run[0]]]
    for year in run[1:]:
        if any(_follows(p, r) for p in parts[-1][-1].readings for r in year.readings):
            parts[-1].append(year)
        else:
            parts.append([year])
    return parts


def _follows(previous: Reading, current: Reading) -> bool:
    """This year's 历年累计 is last year's plus this year's 本年度."""
    return current[1] == previous[1] + current[0]


def _decide_run(agency: str, key: str, run: list[_Year], result: CutResolution) -> None:
    """Every year's readings that some consistent combination of the run uses; a year left with one is decided."""
    forward = [run[0].readings]
    for year in run[1:]:
        forward.append({r for r in year.readings if any(_follows(p, r) for p in forward[-1])})
    backward = [run[-1].readings]
    for year in reversed(run[:-1]):
        backward.insert(0, {r for r in year.readings if any(_follows(r, n) for n in backward[0])})
    alive = [f & b for f, b in zip(forward, backward, strict=True)]
    if not alive[0]:
        result.contradicted.append((agency, key, run[0].year, run[-1].year))
        return
    for i, year in enumerate(run):
        if len(alive[i]) != 1:
            continue
        (reading,) = alive[i]
        neighbours = [run[j] for j in (i - 1, i + 1) if 0 <= j < len(run)]
        equation = _equation(reading, run, alive, i)
        for record in year.records:
            amb = _ambiguity(record, key)
            if amb is None or not _changeable(record):
                continue
            sources = [str(r.get("source")) for n in neighbours for r in n.records]
            _apply(record, amb, key, reading, sources, equation)
            result.resolved.append((record.get("source"), key, reading[0], "; ".join(sources)))


def _equation(reading: Reading, run: list[_Year], alive: list[set[Reading]], i: int) -> str:
    """The equations that fix ``reading`` with the neighbouring years (their readings where they are fixed too)."""
    parts = []
    if i > 0:
        before = run[i - 1]
        if len(alive[i - 1]) == 1:
            (p,) = alive[i - 1]
            parts.append(f"历年累计 {reading[1]} = {before.year} 历年累计 {p[1]} ({_names(before)}) + 本年度 "
                         f"{reading[0]}")
        else:
            parts.append(f"the only reading that fits a reading of {before.year} ({_names(before)})")
    if i + 1 < len(run):
        after = run[i + 1]
        if len(alive[i + 1]) == 1:
            (n,) = alive[i + 1]
            parts.append(f"{after.year} 历年累计 {n[1]} ({_names(after)}) = 历年累计 {reading[1]} + {after.year} "
                         f"本年度 {n[0]}")
        else:
            parts.append(f"the only reading that fits a reading of {after.year} ({_names(after)})")
    return "; ".join(parts)


def _names(year: _Year) -> str:
    return ", ".join(str(r.get("source")) for r in year.records)


def _confirm_cuts(record: dict, before: list[dict], after: list[dict], result: CutResolution) -> None:
    """A row cut out of a run of digits with one reading that no identity checked (flagged by
    :func:`pipeline.record._unpinned_cuts`) is checked by the neighbouring year: the reason goes where the
    cumulative agrees, a warning is added where it disagrees."""
    provenance = record.get("provenance") or {}
    for reason in list(record.get("review") or []):
        m = _UNPINNED.match(reason)
        if m is None:
            continue
        keys = [k for k, p in provenance.items() if repr(p.get("label")) == m.group("label") and "cumulative" in p]
        verdicts = [_agrees(_definite(record, k), k, before, after) for k in keys]
        if keys and all(v[0] is True for v in verdicts):
            _snapshot(record, keys)
            record["review"].remove(reason)
            for key, (_, by) in zip(keys, verdicts, strict=True):
                provenance[key]["cross_year"] = f"历年累计 agrees with the agency's neighbouring year ({by})"
                _decisions(record).append({"key": key, "action": "confirmed", "value": record["fields"][key],
                                           "neighbours": [by], "equation": provenance[key]["cross_year"]})
                result.confirmed.append((record.get("source"), key))
            _recompute_status(record)
        elif any(v[0] is False for v in verdicts):
            _snapshot(record, [])
            warning = f"cross-year: the 历年累计 of {m.group('label')} disagrees with the agency's neighbouring year"
            record.setdefault("warnings", []).append(warning)
            _decisions(record).append({"key": keys[0], "action": "disagrees", "value": record["fields"].get(keys[0]),
                                       "neighbours": [v[1] for v in verdicts if v[0] is False], "equation": warning})


def _agrees(reading: tuple[int, int] | None, key: str, before: list[dict], after: list[dict]
            ) -> tuple[bool | None, str]:
    """True where a neighbouring year's reading fits ``reading``, False where one contradicts it, None where
    no neighbour read the row with one 历年累计; and the neighbour's source."""
    if reading is None:
        return None, ""
    verdict: tuple[bool | None, str] = (None, "")
    for others, fits in ((before, lambda r, o: _follows(o, r)), (after, lambda r, o: _follows(r, o))):
        for other in others:
            known = _definite(other, key)
            if known is not None:
                if fits(reading, known):
                    return True, str(other.get("source"))
                verdict = (False, str(other.get("source")))
    return verdict


#: The review reason of a cut no identity checked (the label as repr() prints it).
_UNPINNED = re.compile(r"^digits run together in (?P<label>'[^']*'|\"[^\"]*\") \(")


def _apply(record: dict, amb: dict, key: str, reading: Reading, by: list[str], equation: str) -> None:
    """The decided reading in place of the open cut: value, provenance, ambiguity, review reason, status."""
    _snapshot(record, [key])
    record["fields"][key] = reading[0]
    old = record["provenance"].get(key) or {}
    prov = {k: v for k, v in old.items() if k != "ambiguous"}
    prov.update(method=METHOD, read_as=old.get("method"), confidence=max(old.get("confidence") or 0, PINNED_SPLIT),
                cumulative=reading[1], cross_year=equation, neighbours=by, printed=amb.get("printed"),
                readings=[list(r) for r in _readings(amb) or []])
    record["provenance"][key] = prov
    record["ambiguities"].remove(amb)
    reason = _AMBIGUOUS.format(label=amb["label"])
    record["review"] = [r for r in record.get("review") or [] if r != reason]
    _decisions(record).append({"key": key, "action": "decided", "value": reading[0], "cumulative": reading[1],
                               "neighbours": by, "equation": equation})
    _recompute_status(record)


def _recompute_status(record: dict) -> None:
    """Flagged only while a review reason remains."""
    if record.get("status") == "flagged" and not record.get("review"):
        record["status"] = "ok"


def _snapshot(record: dict, keys: list[str]) -> None:
    """Keep what the pass is about to change, once (the record as extracted), so :func:`undo_cuts` can restore it."""
    state = record.get(CROSS_YEAR)
    if state is None:
        state = record[CROSS_YEAR] = {"decisions": [], "before": {
            "status": record.get("status"), "review": list(record.get("review") or []),
            "warnings": list(record.get("warnings") or []),
            "ambiguities": copy.deepcopy(record.get("ambiguities") or []), "values": {}}}
    values = state["before"]["values"]
    for key in keys:
        if key not in values:
            values[key] = {"value": record["fields"].get(key), "printed": key in record["fields"],
                           "provenance": copy.deepcopy((record.get("provenance") or {}).get(key))}


def _decisions(record: dict) -> list[dict]:
    return record[CROSS_YEAR]["decisions"]


def undo_cuts(record: dict) -> dict:
    """``record`` (changed in place) as it was before a cross-year pass changed it; a record a person reviewed
    since is left as it stands."""
    state = record.get(CROSS_YEAR)
    if state is None or not _changeable(record):
        return record
    del record[CROSS_YEAR]
    before = state["before"]
    record["status"], record["review"] = before["status"], before["review"]
    record["warnings"], record["ambiguities"] = before["warnings"], before["ambiguities"]
    for key, was in before["values"].items():
        if was["printed"]:
            record["fields"][key] = was["value"]
        else:
            record["fields"].pop(key, None)
        if was["provenance"] is None:
            record["provenance"].pop(key, None)
        else:
            record["provenance"][key] = was["provenance"]
    return record
