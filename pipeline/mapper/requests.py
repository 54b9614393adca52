"""Table 三 (收到和处理政府信息公开申请情况): 23 or 25 rows × 7 applicant columns, maybe a subtotal column.

Rows are found by their labels in template order; the values after a label fill the row's columns. The
applicant columns keep the template's order; a 法人或其他组织 小计/合计 column is placed where the header
prints it (or, unlabelled, where its own identity holds).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from ..template.editions import by_name
from ..template.identities import identities_over
from ..template.labels import LabelRef
from ..template.schema import APPLICANT_COLUMNS, ORG_COLUMNS, SUBTOTAL_COLUMN, load_schema
from .align import aligned_fit, column_positions
from .common import ProseEvidence, TableReading, sum_holds
from .resolve import RowFit, resolve
from .splits import Candidate, Fit, blank_fit, fit_row, from_text, with_blank_cells
from .stream import LabelTok, RowEnd, Token, ValueTok

#: The sub-rows （六）其他处理 heads in the 2021 template (a report prints them, or （六） as one row).
_OTHER_SUB_ROWS = frozenset({"other_no_correction", "other_unpaid_fee", "other_other"})
#: An ambiguous label (其他, 总计 are also column labels) is a row only this close after the current row.
AMBIGUOUS_ROW_REACH = 4


@cache
def row_order() -> list[str]:
    rows: list[str] = []
    for f in load_schema().fields.values():
        if f.table == "requests" and f.row not in rows:
            rows.append(f.row)
    return rows


def _row_refs(tok: LabelTok) -> list[LabelRef]:
    return [r for r in tok.refs if r.table == "requests" and r.kind == "row"]


def _columns(header: list[Token], subtotal_at: str | None) -> list[str]:
    cols = [r.ident for t in header if isinstance(t, LabelTok) for r in t.refs
            if r.table == "requests" and r.kind == "col"]
    if SUBTOTAL_COLUMN in cols and subtotal_at is None:
        after = cols[cols.index(SUBTOTAL_COLUMN) + 1 :]
        subtotal_at = "first" if "commercial" in after else "last"
    columns = ["natural_person"]
    if subtotal_at == "first":
        columns.append(SUBTOTAL_COLUMN)
    columns.extend(ORG_COLUMNS)
    if subtotal_at == "last":
        columns.append(SUBTOTAL_COLUMN)
    return [*columns, "total"]


class _RowFinder:
    def __init__(self) -> None:
        self.order = row_order()
        self.index = {row: i for i, row in enumerate(self.order)}
        self.current = -1
        self.in_header = False

    def row_of(self, tok: LabelTok) -> str | None:
        """The template row this label starts, if it can start one here. Inside a header repeated after a
        page break, 其他 and 总计 are column labels."""
        if not _row_refs(tok):
            if any(r.table == "requests" and r.kind in ("col", "header") for r in tok.refs):
                self.in_header = True
            return None
        has_other_meaning = any(r.kind != "row" or r.table != "requests" for r in tok.refs)
        if has_other_meaning and self.in_header and tok.match.numbering is None:
            return None
        for ref in _row_refs(tok):
            idx = self.index[ref.ident]
            if idx <= self.current:
                continue
            if has_other_meaning:
                numbered = tok.match.numbering is not None and tok.match.numbering == ref.numbering
                near = tok.match.numbering is None and idx - self.current <= AMBIGUOUS_ROW_REACH
                if not (numbered or near):
                    continue
            self.current = idx
            self.in_header = False
            return ref.ident
        return None


def _parse(tokens: list[Token], orphans: list[ValueTok] | None = None, adopted: list[str] | None = None
           ) -> tuple[list[Token], list[tuple[str, LabelTok, list[ValueTok]]]]:
    """The header tokens, and each row found with the value tokens printed after its label. Values printed
    after the first row but under no label (a page break moved their label away) go to the row whose label
    comes next when that row's cells are all blank (its label is named in ``adopted``), else into
    ``orphans``."""
    adopted = adopted if adopted is not None else []
    finder = _RowFinder()
    header: list[Token] = []
    rows: list[tuple[str, LabelTok, list[ValueTok]]] = []
    open_row: list[ValueTok] | None = None
    run: list[list[ValueTok]] = [[]]  # rows of values printed under no label since the last label
    before: dict[int, list[ValueTok]] = {}  # a row's index → the unlabelled values right before its label
    for tok in tokens:
        if isinstance(tok, LabelTok):
            row = finder.row_of(tok)
            if row is not None:
                open_row = []
                filled = [r for r in run if any(t.kind != "empty" for t in r)]
                if len(filled) == 1:  # one unlabelled row of values (rows of blank cells around it aside)
                    before[len(rows)] = filled[0]
                rows.append((row, tok, open_row))
            elif not rows:
                header.append(tok)
            elif open_row:
                open_row = None  # a label after a row's values ends the row; before them it is a wrapped label
            run = [[]]
        elif isinstance(tok, ValueTok):
            if open_row is not None:
                open_row.append(tok)
            elif rows:
                run[-1].append(tok)
                if orphans is not None and tok.kind != "empty":
                    orphans.append(tok)
        elif isinstance(tok, RowEnd):
            if open_row and any(t.kind != "empty" for t in open_row):
                open_row = None
            elif open_row is None and run[-1]:
                run.append([])
    for index, values in before.items():  # a row cut by a page: values at one page's foot, label at the next
        toks = rows[index][2]           # page's head with blank cells: the values are the row's (still flagged)
        extra = len(values) - len(toks) if toks else 0  # the label's own empty cells printed in the values row
        if not any(t.kind != "empty" for t in toks) and extra >= 0 and all(t.kind == "empty" for t in values[:extra]):
            toks[:] = values[extra:]
            if orphans is not None:
                taken = {id(t) for t in values}
                orphans[:] = [t for t in orphans if id(t) not in taken]
                adopted.append(rows[index][1].match.printed)
    return header, rows


def _unlabelled_subtotal(rows: list[tuple[str, LabelTok, list[ValueTok]]]) -> str | None:
    """Rows of 8 cells without a 小计 label: put the subtotal where its sum holds on most rows."""
    eight = [[t for t in toks] for _, _, toks in rows if len(toks) == 8 and all(t.kind != "empty" for t in toks)]
    if len(eight) < max(2, len(rows) // 2):
        return None
    votes = {"first": 0, "last": 0}
    for toks in eight:
        nums = [int(t.raw) if t.kind == "number" and "." not in t.raw else 0 for t in toks]
        votes["first"] += nums[1] == sum(nums[2:7])
        votes["last"] += nums[6] == sum(nums[1:6])
    return "first" if votes["first"] > votes["last"] else "last"


def map_requests(tokens: list[Token], edition: str, evidence: ProseEvidence) -> TableReading:
    reading = TableReading("requests")
    orphans: list[ValueTok] = []
    adopted: list[str] = []
    header, rows = _parse(tokens, orphans, adopted)
    if not rows:
        return reading
    for label in adopted:  # likely right, but a guess no identity can check: flagged
        reading.warnings.append(f"table 三 row '{label}': its cells were blank and the values printed under no "
                                "row label just before it were read into it")
    if orphans:  # read nowhere: a blank row elsewhere may be theirs, and a blank adds 0 to every identity
        reading.warnings.append(f"table 三: {len(orphans)} values printed under no row label "
                                f"({' '.join(t.raw for t in orphans[:8])}): read into no row")
    subtotal_at = None if any(r.ident == SUBTOTAL_COLUMN for t in header if isinstance(t, LabelTok)
                              for r in t.refs) else _unlabelled_subtotal(rows)
    columns = _columns(header, subtotal_at)
    positions = column_positions([toks for _, _, toks in rows], len(columns))
    found = {row for row, _, _ in rows}
    cut_holds = _row_totals_hold(columns, every_part=True)
    for row, tok, toks in rows:
        keys = [f"requests.{row}.{c}" for c in columns]
        if not toks:
            heads_sub_rows = row == "other" and bool(found & _OTHER_SUB_ROWS)
            if heads_sub_rows or not from_text(tok.where):
                # （六）其他处理 heads its sub-rows when it has no values of its own; a grid row lost its cells
                if not heads_sub_rows:
                    reading.warnings.append(f"table 三 row '{tok.match.printed}' has no values")
                continue
            fit = blank_fit(len(columns), tok.where)
        else:
            fit = aligned_fit(toks, len(columns), positions) or _with_blank_cells(
                fit_row(toks, len(columns), [False] * len(columns), keep=cut_holds), toks, columns, cut_holds)
        if fit.note:
            reading.warnings.append(f"table 三 row '{tok.match.printed}': {fit.note}")
        reading.rows.append(RowFit(tok.match.printed, keys, fit, label_score=tok.match.score))
    _warn_missing(reading, edition)
    keys = [k for r in reading.rows for k in r.keys]
    resolve(reading.rows, identities_over(keys, edition), evidence.support)
    return reading


#: What decides where the values of a row with blank cells stand (named in the provenance and the review).
ROW_TOTALS = "the row's 总计 the sum of its applicant columns, and the column identities"


def _with_blank_cells(fit: Fit, toks: list[ValueTok], columns: list[str],
                      cut_holds: Callable[[Candidate], bool]) -> Fit:
    """Where no cut of the digits fills the row (or none holds its total), the placements of running text's
    values among blank cells: an OCR dump prints nothing for a blank cell (a report that leaves its zeros blank:
    ``5 3 8`` for 5 | blank | 3 | blank … | 8). A placement is kept where the row's totals hold as far as it
    prints them; :func:`.resolve.resolve` then keeps those the most identities hold in (the columns' balance and
    outcome sums cross every row): one is placed, several stay ambiguous, and the record is reviewed.
    ``cut_holds``: the table's check of a cut (:func:`_row_totals_hold` with ``every_part``), made once per table."""
    if fit.candidates and any(cut_holds(c) for c in fit.candidates):
        return fit  # the digits cut into the row (run-together text), a cut its total checks
    n = len(columns)
    for total_printed in (True, False):  # a row that prints a value prints its 总计, unless no placement holds so
        placed = with_blank_cells(fit, toks, n, [False] * n, [False] * n,
                                  _row_totals_hold(columns, every_part=False, total_printed=total_printed),
                                  ROW_TOTALS)
        if placed is not fit:
            return placed
    return fit


def _total_columns(columns: list[str]) -> tuple[list[int], int, list[int], int | None]:
    """Where a table 三 row's sums stand: its applicant columns, its 总计, its organisation columns and their 小计
    (None in an edition without it)."""
    applicants = [i for i, c in enumerate(columns) if c in APPLICANT_COLUMNS and c != "total"]
    orgs = [i for i, c in enumerate(columns) if c in ORG_COLUMNS]
    sub = columns.index(SUBTOTAL_COLUMN) if SUBTOTAL_COLUMN in columns else None
    return applicants, columns.index("total"), orgs, sub


def _row_totals_hold(columns: list[str], every_part: bool, total_printed: bool = False):
    """Whether a reading's 总计 (and 小计) are the sums of its applicant (and organisation) columns
    (:func:`.common.sum_holds`): with ``every_part`` only where the row prints every one of them (a cut of the
    digits), else where it prints the sum and one of them (a placement among blank cells); with
    ``total_printed``, only a reading that prints its 总计 is kept."""
    applicants, total, orgs, sub = _total_columns(columns)

    def keep(cand: Candidate) -> bool:
        values = [p.value for p in cand]
        if total_printed and values[total] is None:
            return False
        return sum_holds(values[total], [values[i] for i in applicants], every_part) and (
            sub is None or sum_holds(values[sub], [values[i] for i in orgs], every_part))

    return keep


@cache
def _edition_rows(edition: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f.row for f in load_schema().fields.values()
                               if f.table == "requests" and edition in f.editions))


def _warn_missing(reading: TableReading, edition: str) -> None:
    """Name the template rows the table did not print (（六） as one row or as three sub-rows)."""
    sub_rows = {"other_no_correction", "other_unpaid_fee", "other_other"}
    found = {r.keys[0].split(".")[1] for r in reading.rows}
    if "other" in found and found & sub_rows:
        # （六）其他处理 with values of its own beside its sub-rows: a sub-row whose label was lost gave it
        # its values (and no identity tells the two apart)
        reading.warnings.append("table 三 row （六）其他处理 has values of its own beside its sub-rows: one of "
                                "them may have lost its label")
    expected = set(_edition_rows(edition))
    expected -= sub_rows if "other" in found else {"other"} if found & sub_rows or by_name(edition).splits_other else set()
    missing = [r for r in row_order() if r in expected and r not in found]
    if missing:
        reading.warnings.append(f"table 三 rows not found: {', '.join(missing)}")
