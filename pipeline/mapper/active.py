"""Table 二 (主动公开政府信息情况): the 第二十条 sub-tables, each a header of columns and a few rows.

A row's values fill the columns of the header printed above it; a column the header does not print for
that row (the seed's blank third column of 第（八）项) is not read. No identity ties these cells, so a run
of digits that can be cut several ways is always reported ambiguous.
"""

from __future__ import annotations

from functools import cache

from ..template.schema import load_schema
from .align import HEADER_TOLERANCE, aligned_fit, header_positions
from .common import ProseEvidence, TableReading
from .resolve import RowFit, resolve
from .splits import blank_fit, fit_row, from_text, with_blank_cells
from .stream import LabelTok, RowEnd, Token, ValueTok

#: The columns of table 二 that can be negative (本年增/减): a minus glued between digits signs only these.
SIGNED_COLUMNS = frozenset({"change"})


def _active_ref(tok: LabelTok, kind: str):
    return next((r for r in tok.refs if r.table == "active" and r.kind == kind), None)


def _key(row: str, col: str, edition: str) -> str | None:
    key = f"active.{row}.{col}"
    field = load_schema().fields.get(key)
    return key if field is not None else None


@cache
def _default_columns(row: str, edition: str) -> list[str]:
    return [f.column for f in load_schema().fields.values()
            if f.table == "active" and f.row == row and edition in f.editions]


def map_active(tokens: list[Token], edition: str, evidence: ProseEvidence) -> TableReading:
    reading = TableReading("active")
    header: list[str] = []
    header_toks: list[LabelTok] = []
    in_header = False
    rows: list[tuple[LabelTok, str, list[str], list[LabelTok], list[ValueTok]]] = []
    open_row: list[ValueTok] | None = None
    for tok in tokens:
        if isinstance(tok, LabelTok):
            row, col = _active_ref(tok, "row"), _active_ref(tok, "col")
            if row is not None and not (col is not None and in_header):
                open_row = []
                rows.append((tok, row.ident, list(header), list(header_toks), open_row))
                in_header = False
            elif col is not None:
                if not in_header:
                    header, header_toks, in_header = [], [], True
                header.append(col.ident)
                header_toks.append(tok)
            elif _active_ref(tok, "item") or _active_ref(tok, "header"):
                header, header_toks, in_header, open_row = [], [], True, None
            elif open_row:
                open_row = None
        elif isinstance(tok, ValueTok) and open_row is not None:
            open_row.append(tok)
        elif isinstance(tok, RowEnd) and open_row and any(t.kind != "empty" for t in open_row):
            open_row = None
    for tok, row, columns, header_toks, toks in rows:
        centres = header_positions(header_toks) if columns else None
        _read_row(reading, tok, row, columns or list(_default_columns(row, edition)), toks, edition, centres)
    resolve(reading.rows, [], evidence.support)
    _warn_missing(reading, edition)
    return reading


def _warn_missing(reading: TableReading, edition: str) -> None:
    """Name the rows of a found table 二 that no reading covers. Each row is a sub-table of its own that no
    identity ties to another, so a row the reader lost (an OCR crop missed, a row cut away) would leave the
    record ``ok`` with the field simply absent: it is said, and flags the record ("not found")."""
    if not reading.found:
        return
    read = {k for row in reading.rows for k in row.keys if k}
    fields = load_schema().fields
    for row in dict.fromkeys(f.row for f in fields.values() if f.table == "active" and edition in f.editions):
        keys = {f"active.{row}.{c}" for c in _default_columns(row, edition)}
        if not read & keys:
            label = fields[f"active.{row}.{_default_columns(row, edition)[0]}"].labels(edition)[0]
            reading.warnings.append(f"table 二 row {label!r} not found")


def _read_row(reading: TableReading, tok: LabelTok, row: str, columns: list[str],
              toks: list[ValueTok], edition: str, centres: list[float] | None = None) -> None:
    """One row's values into its cells; ``centres`` are where the header printed its columns (layout text),
    which place the values of a row printed with blank cells."""
    keys = [_key(row, c, edition) for c in columns]
    if not toks and not from_text(tok.where):
        reading.warnings.append(f"table 二 row '{tok.match.printed}' has no values")
        return
    own = _default_columns(row, edition)
    named = {c for c, k in zip(columns, keys, strict=True) if k is not None}
    if named < set(own):
        # the header names only some of the row's columns: it was misread (a wrapped 本年新公开数|量), not printed
        # so; the template's columns, in its order, take the row's values, and a row with fewer values than
        # those columns is reported with every placement of its blanks, never fitted to the header's subset
        reading.warnings.append(f"table 二 row '{tok.match.printed}': the header above names {len(named)} of the "
                                f"row's {len(own)} columns; read in the template's column order")
        keys, centres = [_key(row, c, edition) for c in own], None
    if None in keys:
        # the header above prints more columns than this row has: read only the row's own columns
        wanted = [i for i, k in enumerate(keys) if k is not None]
        if any(t.kind == "number" for i, t in enumerate(toks) if i not in wanted):
            reading.warnings.append(f"table 二 row '{tok.match.printed}': a value under a column the row does not "
                                    "have was not read")
        if len(toks) > len(wanted):
            toks = [toks[i] for i in wanted if i < len(toks)]
        keys = [keys[i] for i in wanted]
        centres = [centres[i] for i in wanted] if centres else None
    if not keys:
        return
    fields = load_schema().fields
    decimal_ok = [fields[k].type == "number" for k in keys]
    placed = aligned_fit(toks, len(keys), {toks[0].where.get("page"): centres}, HEADER_TOLERANCE,
                         "blank cells placed under the header's columns") \
        if toks and centres and len(centres) == len(keys) else None
    if placed is not None:
        fit = placed
    elif toks:
        signed = [fields[k].column in SIGNED_COLUMNS for k in keys]
        fit = with_blank_cells(fit_row(toks, len(keys), decimal_ok, signed_ok=signed), toks, len(keys), decimal_ok,
                               signed)
    else:
        fit = blank_fit(len(keys), tok.where)
    if fit.note:
        reading.warnings.append(f"table 二 row '{tok.match.printed}': {fit.note}")
    reading.rows.append(RowFit(tok.match.printed, keys, fit, label_score=tok.match.score))
