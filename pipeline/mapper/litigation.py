"""Table 四 (行政复议、行政诉讼): a two-level header and one row of 15 numbers.

The values are those printed after the last header label. Each group (复议, 直接起诉, 复议后起诉) lists
结果维持, 结果纠正, 其他结果, 尚未审结, 总计 in the order the header prints them under 行政复议.
"""

from __future__ import annotations

from ..template.identities import identities_over
from ..template.schema import LITIGATION_COLUMNS, LITIGATION_GROUPS
from .common import ProseEvidence, TableReading, sum_holds
from .resolve import RowFit, resolve
from .splits import Fit, Part, blank_fit, fit_row, from_text, with_blank_cells
from .stream import LabelTok, Token, ValueTok

#: Empty cells a flattened page prints between table 四's last header label and its values (the seed's
#: ``|||||``: the five 行政复议 sub-columns of the header's second row).
HEADER_PADDING = 5


def _column_order(labels: list[LabelTok]) -> list[str]:
    """The 行政复议 columns in the order printed, left to right: in a ruled table by the cells' places (a
    rowspan 总计 may come out a header row above its neighbours): their grid columns within one block (a cell's
    box is in the page as scanned, right to left on a page scanned upside down), else their boxes' left
    edges; otherwise in reading order; the template's order when the header's cells are on two pages."""
    labels = _column_labels(labels)
    if len({t.where.get("page") for t in labels}) > 1:
        # a header row broken over two pages: its labels come in halves (结果 / 维持), some unreadable, so
        # the first five read are not the 行政复议 group's: the template's order. So also where part of the
        # header is text at the foot of one page and the rest cells on the next (Typst breaks the rowspan
        # 总计 of 行政复议 so, unruled): in reading order that 总计 came first, and the values 3 0 0 0 3 were
        # read total 3, upheld 0 … pending 3, every group total holding
        return list(LITIGATION_COLUMNS)
    if labels and all("col" in t.where for t in labels) and len({t.where.get("block") for t in labels}) == 1:
        labels = sorted(labels, key=lambda t: t.where["col"])  # the grid's columns: upright on a turned scan
    elif labels and all("bbox" in t.where for t in labels) and len({t.where.get("page") for t in labels}) == 1:
        labels = sorted(labels, key=lambda t: t.where["bbox"][0])
    cols = [r.ident for t in labels for r in t.refs if r.table == "litigation" and r.kind == "col"]
    first = cols[: len(LITIGATION_COLUMNS)]
    return first if sorted(first) == sorted(LITIGATION_COLUMNS) else list(LITIGATION_COLUMNS)


def _column_labels(labels: list[LabelTok]) -> list[LabelTok]:
    """The labels that name one of table 四's columns (结果维持 … 总计), whether read as cells or as text."""
    return [t for t in labels if any(r.table == "litigation" and r.kind == "col" for r in t.refs)]


def map_litigation(tokens: list[Token], edition: str, evidence: ProseEvidence) -> TableReading:
    reading = TableReading("litigation")
    label_at = [i for i, t in enumerate(tokens)
                if isinstance(t, LabelTok) and any(r.table == "litigation" for r in t.refs)]
    if not label_at:
        return reading
    labels = [tokens[i] for i in label_at]
    values = _filled_rows(_in_printed_order([t for t in tokens[label_at[-1] + 1 :] if isinstance(t, ValueTok)]))
    header_pages = {t.where.get("page") for t in labels if "row" in t.where} - {None}  # the table's own cells
    column_pages = {t.where.get("page") for t in _column_labels(labels)} - {None}  # cells or text
    if len(header_pages | column_pages) > 1 or (header_pages and any(
            t.where.get("page") not in (None, *header_pages) for t in values)):
        # the header over two pages, or on one page and the values on the next: only their order lines them
        # up, which is no evidence that a broken identity is the report's
        values = [ValueTok(t.raw, t.kind, t.splittable, t.where | {"continued": True}) for t in values]
    if values and all("cell" in t.where for t in values) and len(values) <= len(LITIGATION_GROUPS) * 5 + HEADER_PADDING:
        # a 1-D run of cells (the seed's ``|`` text): empty cells right after the header pad the header, and
        # blank cells at the end of the table are left out, so they are put back as blanks
        padding = 0
        while values and values[0].kind == "empty" and padding < HEADER_PADDING:
            values, padding = values[1:], padding + 1
        if values:
            values += [ValueTok("", "empty", False, values[-1].where)] * (len(LITIGATION_GROUPS) * 5 - len(values))
    order = _column_order(labels)
    keys = [f"{g}.{c}" for g in LITIGATION_GROUPS for c in order]
    if not values:
        fit = blank_fit(len(keys), labels[-1].where) if from_text(labels[-1].where) else header_only_fit(
            labels[-1].where, len(keys))
    elif len(values) < len(keys) and all(t.kind == "empty" for t in values):
        fit = short_blank_fit(values, len(keys))
    else:
        holds = _group_totals_hold(order, every_part=True)
        fit = fit_row(values, len(keys), [False] * len(keys), keep=holds,
                      prune=lambda parts: holds(parts[: len(parts) - len(parts) % len(order)]))
        fit = _with_blank_groups(fit, values, order)
    if fit.note:
        reading.warnings.append(f"table 四: {fit.note}")
    reading.rows.append(RowFit("行政复议、行政诉讼", keys, fit))
    resolve(reading.rows, identities_over(keys, edition), evidence.support)
    return reading


def header_only_fit(where: dict, n: int) -> Fit:
    """A ruled header with nothing printed after it before the next section: no values row and no number
    anywhere below, so every cell is blank (null), and the record is put up for review (read as blank). iText
    5 draws a row whose cells are all empty at no height at all (its cell rules lie on the header's bottom
    rule): the 15 blank cells of table 四 were no row of the grid, and the table was not found."""
    return Fit([tuple(Part("", "empty", where) for _ in range(n))], "blank",
               "a header with no values row under it: read as blank cells (null)")


def short_blank_fit(values: list[ValueTok], n: int) -> Fit:
    """Fewer than ``n`` cells after the header and every one blank: no number is printed anywhere after it,
    so every cell is blank (null), and the record is put up for review (read as blank). MuPDF draws the 行政复议
    cells of a values row the page break parted from their header without a top rule: in a table 四 printed
    all blank, 10 empty cells were found, and no way to split them into 15 left the whole table unread."""
    where = values[-1].where
    return Fit([tuple(Part("", "empty", where) for _ in range(n))], "blank",
               f"{len(values)} of {n} cells found, each printed blank: read as blank cells (null)")


def _filled_rows(values: list[ValueTok]) -> list[ValueTok]:
    """The values without the grid rows that are all blank when another row of the grid prints a number: they
    are no values row of table 四 but bands of empty cells. Qt (wkhtmltopdf) paints the table's rows of the
    page before above the page and lets the page clip them: at the head of the next page, the rowspan header
    cells' feet (5 + 10 empty cells) came out as rows over the values row, and with the blanks trimmed at both
    ends the 15 values were read five columns too far right, every group total still holding (15 cells wrong,
    status ``ok``)."""
    if not values or not all("row" in t.where for t in values):
        return values

    def row(t: ValueTok) -> tuple:
        return t.where.get("page"), t.where.get("block"), t.where["row"]

    filled = {row(t) for t in values if t.kind != "empty"}
    return [t for t in values if row(t) in filled] if filled else values


def _in_printed_order(values: list[ValueTok]) -> list[ValueTok]:
    """The values left to right when they are cells of several tables printed on one line of one page: a
    producer that leaves rules out (MuPDF, beside a header cut by a page break) can make the 行政复议 cells
    a table of their own, read after the 行政诉讼 ones; in reading order the groups were swapped, and every
    group total still held. Cells of one table keep the grid's order (a scan upside down has its boxes
    right to left)."""
    if len({t.where.get("block") for t in values}) < 2 or not all("bbox" in t.where for t in values) \
            or len({t.where.get("page") for t in values}) != 1:
        return values
    if max(t.where["bbox"][1] for t in values) >= min(t.where["bbox"][3] for t in values):
        return values  # not one line
    return sorted(values, key=lambda t: t.where["bbox"][0])


#: What decides where the values of a row with blank cells stand (named in the provenance and the review).
GROUP_TOTALS = "each group's 总计 the sum of its four columns"
#: ... and how the report prints zeros: a row that prints 0 prints a group whole (its zeros as 0) or leaves it
#: blank; only as many groups are printed in part as the count of values forces.
WHOLE_GROUPS = "each group printed whole or left blank, as far as the count of values allows"


def _with_blank_groups(fit: Fit, values: list[ValueTok], order: list[str]) -> Fit:
    """Where no cut of the digits fills the 15 cells, the placements of running text's values among blank cells:
    an OCR dump prints nothing for a blank cell, so a row with a group left blank prints fewer than 15 values,
    which alone say nothing of where they stand. A placement is kept where every group total it lets be assessed
    holds and as few groups as the count of values forces are printed in part (else, if none is, any number);
    :func:`.resolve.resolve` then keeps the placements the most identities hold in: one (placed, flagged) or
    several (ambiguous, flagged; the first in the template's order is the reading shown)."""
    if fit.candidates:
        return fit  # the digits cut into every cell (run-together text): the identities choose among the cuts
    width = len(order)
    n = len(LITIGATION_GROUPS) * width
    least = 0 if len(values) % width == 0 else 1
    base = Fit([], fit.method)
    for most, why in ((least, f"{GROUP_TOTALS}, {WHOLE_GROUPS}"), (len(LITIGATION_GROUPS), GROUP_TOTALS)):
        holds = _group_totals_hold(order, every_part=False, most_partial=most)
        placed = with_blank_cells(base, values, n, [False] * n, [False] * n, holds, why)
        if placed is not base:
            return placed
    return fit


def _group_totals_hold(order: list[str], every_part: bool, most_partial: int | None = None):
    """Whether every group total of a reading holds (:func:`.common.sum_holds`): with ``every_part`` only in
    the groups that print all their cells (a cut of the digits, and the prune of its partial readings, which
    are whole groups), else in any that prints its total and one of its parts (a placement among blank
    cells); and, where ``most_partial`` is given, at most that many groups are printed in part (some cells
    blank, some not)."""
    total = order.index("total")
    parts = [i for i in range(len(order)) if i != total]
    width = len(order)

    def keep(cand) -> bool:
        values = [p.value for p in cand]
        partial = 0
        for g in range(0, len(values), width):
            group = values[g : g + width]
            printed = [v is not None for v in group]
            partial += any(printed) and not all(printed)
            if not sum_holds(group[total], [group[i] for i in parts], every_part):
                return False
        return most_partial is None or partial <= most_partial

    return keep
