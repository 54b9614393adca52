"""The pass over a whole store after a batch: legacy cuts decided with the agency's neighbouring years, written back.

A run-on legacy row (本年度 and 历年累计 printed as one run of digits) that its report alone leaves open is
decided by :func:`pipeline.collection.cumulative.resolve_cuts` (the one home of the logic; the panel export runs
it too). This pass runs it over every record of the store, as extracted (an earlier pass's decisions are undone
first), and rewrites the records that come out different, with their ``cut_log`` rows, in transactions of up to 32 records
(which key, which value before and after, which status, which neighbouring documents, which equation). So it is
idempotent (a second pass rewrites nothing), resumable (a pass killed half-way is finished by the next one) and
complete when a year is added later (``gongkai batch`` runs it over the whole store at its end, new documents or
not). The wide, long, flags and Stata exports then read the decided values from the store.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ..collection.cumulative import CROSS_YEAR, CutResolution, resolve_cuts
from ..sinks.store import Store, doc_id_of
from ..template.editions import PRE2019
from . import WRITE_BATCH

#: The columns of the store's ``cut_log`` table, in the order :func:`_log_rows` fills them.
LOG_COLUMNS = ("run_at", "doc_id", "source", "key", "action", "old_value", "new_value", "old_status", "new_status",
               "neighbours", "equation")


@dataclass
class CutsPass:
    """What one pass did: legacy records read and rewritten, and the cross-year resolution of the whole store."""

    records: int = 0
    rewritten: list[str] = field(default_factory=list)  # doc ids
    resolution: CutResolution = field(default_factory=CutResolution)
    log_rows: int = 0


def decide_cuts(store: Store, run_at: str | None = None, chunk: int = WRITE_BATCH) -> CutsPass:
    """Decide the open legacy cuts of every record in ``store`` and write the records that changed, ``chunk``
    records (with their log rows) per transaction."""
    run_at = run_at or datetime.now(UTC).isoformat(timespec="seconds")
    stored, others = _load(store)
    work = copy.deepcopy(stored)
    out = CutsPass(records=len(stored), resolution=resolve_cuts(work + others))
    changed = [(old, new) for old, new in zip(stored, work, strict=True) if _canonical(old) != _canonical(new)]
    for start in range(0, len(changed), chunk):
        part = changed[start:start + chunk]
        log = [row for old, new in part for row in _log_rows(old, new, run_at)]
        store.rewrite([new for _, new in part], {c: [row[i] for row in log] for i, c in enumerate(LOG_COLUMNS)})
        out.rewritten += [doc_id_of(new) for _, new in part]
        out.log_rows += len(log)
    return out


def _load(store: Store) -> tuple[list[dict], list[dict]]:
    """The legacy records whole (only they carry cuts), and of every other record what groups agencies across
    years (its source, status, agency and year): the grouping is the panel's, over the whole store, without
    reading every record's JSON."""
    store.flush()
    legacy = [json.loads(r[0]) for r in store.con.execute(
        "SELECT record FROM records WHERE edition = ? ORDER BY path, doc_id", [PRE2019.name]).fetchall()]
    others = [{"source": source, "status": status, "meta": {"agency": agency, "year": year, "edition": edition}}
              for source, status, agency, year, edition in store.con.execute(
                  "SELECT source, status, agency, year, edition FROM records WHERE edition IS DISTINCT FROM ? "
                  "ORDER BY path, doc_id", [PRE2019.name]).fetchall()]
    return legacy, others


def _canonical(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


def _log_rows(old: dict, new: dict, run_at: str) -> list[tuple]:
    """One row per key the rewrite changes: its decision now (decided, confirmed, disagrees), or ``reopened``
    where an earlier pass's decision no longer holds (the neighbour it relied on changed)."""
    before = {(d["key"], d["action"]): d for d in (old.get(CROSS_YEAR) or {}).get("decisions", [])}
    after = {(d["key"], d["action"]): d for d in (new.get(CROSS_YEAR) or {}).get("decisions", [])}
    rows = []
    for key, action in sorted(set(before) | set(after)):
        decision = after.get((key, action))
        if decision is not None and before.get((key, action)) == decision:
            continue
        why = decision or before[(key, action)]
        rows.append((run_at, doc_id_of(new), new.get("source"), key, action if decision else "reopened",
                     _number(old["fields"].get(key)), _number(new["fields"].get(key)), old.get("status"),
                     new.get("status"), "; ".join(why.get("neighbours") or []), why.get("equation")))
    if not rows:  # changed, but no decision to name (cannot happen unless the record changed outside the pass)
        rows.append((run_at, doc_id_of(new), new.get("source"), None, "rewritten", None, None, old.get("status"),
                     new.get("status"), "", "the record as extracted, an earlier pass undone"))
    return rows


def _number(value) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
