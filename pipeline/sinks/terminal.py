"""Records for a person at a terminal: what ``gongkai extract`` shows on a TTY instead of JSON Lines.

Like ``pip`` and ``ruff``, the command writes for a person when a person is looking (stdout a terminal) and
machine-readable output when piped or asked (``--json``, ``-o``). One document gets a summary: status, agency,
year, edition, the tables found, the identity verdicts, the cells flagged for review with the reason, the
prose figures and where the JSON went. Several documents get one line each, then the totals.
"""

from __future__ import annotations

from collections import Counter
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..template.identities import DOUBTFUL, HOLDS, NOT_ASSESSABLE, SOURCE_BREAK

#: The template's tables by the prefix of their keys; the legacy statistics table.
TABLES = (("active.", "二 主动公开"), ("requests.", "三 依申请公开"), ("review.", "四 复议诉讼"),
          ("suit_", "四 复议诉讼"), ("legacy.", "legacy statistics"))
#: Review reasons and prose figures listed before "… and N more".
MAX_LISTED = 12
_STATUS_STYLE = {"ok": "bold green", "flagged": "bold yellow", "error": "bold red"}
HELD, BROKEN = HOLDS, SOURCE_BREAK


def console(stream: TextIO) -> Console:
    return Console(file=stream, highlight=False, soft_wrap=False)


def tables_found(record: dict) -> list[tuple[str, int]]:
    """(table, number of values read) for each table the record holds values of."""
    counts = Counter(next((name for prefix, name in TABLES if key.startswith(prefix)), "other")
                     for key in record.get("fields") or {})
    return [(name, counts[name]) for name in dict.fromkeys(name for _, name in TABLES) if counts[name]]


def verdicts(record: dict) -> Counter:
    return Counter(c["verdict"] for c in record.get("checks") or [] if not c["identity"].startswith("prose."))


def show_record(out: Console, record: dict, json_target: str) -> None:
    """The summary of one record."""
    status = record.get("status") or "?"
    meta = record.get("meta") or {}
    out.print(Text.assemble((f"{record.get('source')}  ", "bold"), (status, _STATUS_STYLE.get(status, ""))))
    if status == "error":
        out.print(f"  error ({record.get('error_kind')}): {record.get('error')}")
        out.print(f"  JSON: {json_target}")
        return
    out.print(f"  agency   {meta.get('agency') or '— not found'}")
    out.print(f"  year     {meta.get('year') or '— not found'}    edition {meta.get('edition') or '—'}    "
              f"format {record.get('format') or '—'}")
    found = tables_found(record)
    out.print("  tables   " + ("; ".join(f"{name} ({n} values)" for name, n in found) if found else "none found"))
    counts = verdicts(record)
    if counts:
        out.print(f"  identities  {counts[HELD]} held, {counts[BROKEN]} broken in the source, "
                  f"{counts[DOUBTFUL]} doubtful, {counts[NOT_ASSESSABLE]} not assessable")
        for check in record.get("checks") or []:
            if check["verdict"] in (BROKEN, DOUBTFUL) and not check["identity"].startswith("prose."):
                out.print(f"    {check['verdict']}: {check['identity']} ({check.get('lhs')} ≠ {check.get('rhs')})")
    reasons = list(record.get("review") or [])
    out.print(f"  flagged  {len(reasons)} for review" + (":" if reasons else ""))
    _listed(out, reasons)
    prose = record.get("prose") or []
    out.print(f"  prose    {len(prose)} figure(s)" + (":" if prose else ""))
    _listed(out, [f"{p['metric']} = {p['value']} {p.get('unit') or ''}  “{p.get('text', '')}”" for p in prose])
    for warning in record.get("warnings") or []:
        if warning not in reasons:
            out.print(f"  warning  {warning}", style="yellow")
    out.print(f"  JSON: {json_target}")


def _listed(out: Console, lines: list[str]) -> None:
    for line in lines[:MAX_LISTED]:
        out.print(f"    {line}", markup=False)
    if len(lines) > MAX_LISTED:
        out.print(f"    … and {len(lines) - MAX_LISTED} more")


def show_table(out: Console, records: list[dict], json_target: str) -> None:
    """One line per record, then the totals."""
    table = Table(box=None, pad_edge=False)
    for column in ("document", "status", "agency", "year", "edition", "identities held/broken", "flagged",
                   "prose"):
        table.add_column(column)
    for r in records:
        meta, counts, status = r.get("meta") or {}, verdicts(r), r.get("status") or "?"
        table.add_row(r.get("source") or "", Text(status, _STATUS_STYLE.get(status, "")),
                      meta.get("agency") or (r.get("error") or "")[:40], str(meta.get("year") or ""),
                      meta.get("edition") or "", f"{counts[HELD]}/{counts[BROKEN]}" if counts else "",
                      str(len(r.get("review") or [])), str(len(r.get("prose") or [])))
    out.print(table)
    totals = Counter(r.get("status") for r in records)
    out.print(f"{len(records)} document(s): {totals['ok']} ok, {totals['flagged']} flagged, {totals['error']} error(s)")
    out.print(f"JSON: {json_target}")
