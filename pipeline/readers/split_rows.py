"""Table rows split by a page break: closing them on each page, and joining their two halves.

Word processors and HTML printers let a table row break across pages (Word's default "allow row to break
across pages", CSS tables in WeasyPrint). The half on each page has its side rules but no rule where the page
cuts it, so a ruling-line table finder drops it: a label on one page, its values on the other, and neither
read as a table row. Given a page's ruling edges, :func:`closing_lines` finds vertical rules that end where no
horizontal rule is and closes them there; :func:`join_split_rows` then joins the open last row of a page's last
table with the open first row of the next page's first table, cell by cell, as one row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..document import Block, Cell, Table
from ..template.labels import label_index
from .normalize import normalize_text

#: A cell that holds a value: a number, or a mark for a blank.
_VALUE = re.compile(r"^(?:-?[\d,]+(?:\.\d+)?|[-/—–]+)$")
#: Points within which a rule's end counts as meeting another rule.
MEET_TOLERANCE = 2.0
#: Horizontal edges shorter than this are the ends of vertical rules drawn as thin rectangles, not rules.
MIN_RULE_LENGTH = 3.0
#: Vertical rules ending in the open at one height needed to close a row there (a table's sides and a column).
MIN_OPEN_RULES = 3
#: A label matched this well names a row (or a group of rows) whole; a fragment such as 5.要求行 or its tail
#: 政机关确认… matches less well or not at all.
WHOLE_LABEL = 99.0
#: The warning for a row a page break may have cut that could not be joined with certainty (flags the record).
UNSURE_CUT = ("page {page}: the label {upper!r} at the foot of the page and {lower!r} at the head of the next "
              "may be one row cut by the page break, but it could not be joined with certainty")


def closing_lines(horizontal: Sequence[dict], vertical: Sequence[dict]) -> list[dict]:
    """Given a page's horizontal and vertical edges, horizontal lines where at least
    :data:`MIN_OPEN_RULES` vertical rules end without meeting a horizontal rule (a row cut by the page)."""
    by_y: dict[int, list[dict]] = {}
    for e in horizontal:
        if e["x1"] - e["x0"] >= MIN_RULE_LENGTH:  # not the end of a rule drawn as a thin rectangle (Skia)
            by_y.setdefault(round(e["top"]), []).append(e)

    def met(y: float, x: float) -> bool:
        return any(e["x0"] - MEET_TOLERANCE <= x <= e["x1"] + MEET_TOLERANCE and abs(e["top"] - y) <= MEET_TOLERANCE
                   for k in range(round(y) - 2, round(y) + 3) for e in by_y.get(k, ()))

    if not by_y:
        return []
    # a page cuts a row only above the page's first horizontal rule or below its last one
    first, last = min(by_y) - MEET_TOLERANCE, max(by_y) + MEET_TOLERANCE
    open_ends: dict[int, list[float]] = {}
    for e in vertical:
        for y in (e["top"], e["bottom"]):
            if (y < first or y > last) and not met(y, e["x0"]):
                open_ends.setdefault(round(y), []).append(e["x0"])
    lines = []
    for y, xs in sorted(open_ends.items()):
        if _rules(xs) >= MIN_OPEN_RULES:
            x0, x1 = min(xs), max(xs)
            lines.append({"object_type": "line", "x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0,
                          "height": 0, "doctop": y})
    return lines


def _rules(xs: list[float]) -> int:
    """How many distinct rules the x positions are (the two sides of a rule drawn as a rectangle are one)."""
    count, previous = 0, None
    for x in sorted(xs):
        if previous is None or x - previous > MEET_TOLERANCE:
            count += 1
        previous = x
    return count


def is_open_at(table: Table, ys: Sequence[float], edge: int) -> bool:
    """Whether the table's top (``edge`` 1) or bottom (``edge`` 3) is one of the closing lines ``ys``."""
    return table.bbox is not None and any(abs(table.bbox[edge] - y) <= MEET_TOLERANCE for y in ys)


def join_split_rows(pages: list[list[tuple[float, Block]]], open_bottom: set[int], open_top: set[int],
                    warnings: list[str] | None = None) -> int:
    """Join, in place, each open last row of a page's last table with the open first row of the next page's
    first table (given the ``id`` of open tables); the joined cells keep the first half's place. Returns how
    many rows were joined. Cells are paired by their column's left and right rules; rows are joined only where
    at least half of the upper half's cells find their pair. Tables a producer closed with a rule at the page
    break (LibreOffice) are joined only on the labels' evidence (:func:`_join_closed`); where that evidence is
    not certain, a warning saying so goes into ``warnings``."""
    joined = 0
    for items, following in zip(pages, pages[1:], strict=False):
        upper = next((b for _, b in reversed(items) if isinstance(b, Table)), None)
        lower_at = next((i for i, (_, b) in enumerate(following) if isinstance(b, Table)), None)
        if upper is None or lower_at is None or not upper.cells:
            continue
        lower = following[lower_at][1]
        if not lower.cells:
            continue
        if id(upper) not in open_bottom or id(lower) not in open_top:
            done = _join_closed(upper, lower, warnings if warnings is not None else [])
            joined += done
            if done and not lower.cells:
                del following[lower_at]
            continue
        last = max(c.row for c in upper.cells)
        tail = [c for c in upper.cells if c.row == last]
        head = [c for c in lower.cells if c.row == 0]
        pairs = [(a, b) for a in tail for b in head if _same_column(a, b)]
        if len(pairs) < len(tail) / 2 or len({id(b) for _, b in pairs}) != len(pairs):
            continue
        if any(_VALUE.match(a.text) and _VALUE.match(b.text) for a, b in pairs):
            continue  # two whole rows, each with its values (a merged label cell ran over the break)
        for a, b in pairs:
            a.text = a.text + b.text
        taken = {id(b) for _, b in pairs}
        lower.cells = [c for c in lower.cells if id(c) not in taken]
        if not any(c.row == 0 for c in lower.cells):
            for c in lower.cells:
                c.row -= 1
        if not lower.cells:
            del following[lower_at]
        joined += 1
    return joined


def _join_closed(upper: Table, lower: Table, warnings: list[str]) -> int:
    """Join the last row of ``upper`` with the first of ``lower`` (the next page's) where both are closed by
    rules but the page cut one row: the values on one side only, the other side's value cells all empty, and
    the labels' halves naming a row only together (``5.要求行`` + ``政机关确认或重新出具已获取信息``). A row printed
    blank (no values on either side) is joined only on that evidence, its label the one text of both halves
    (``2.重复`` + ``申请``, pdfmake; a header cut in two has many). Two halves
    that each name a row whole are two rows (a blank row at the head of the page). Anything in between is not
    joined and said in ``warnings``: a value must never be given to the wrong row unflagged. Returns 1 when
    joined, else 0."""
    last = max(c.row for c in upper.cells)
    tail = [c for c in upper.cells if c.row == last]
    head = [c for c in lower.cells if c.row == 0]
    pairs = [(a, b) for a in tail for b in head if _same_column(a, b)]
    if not pairs or len(pairs) < len(tail) / 2 or len({id(b) for _, b in pairs}) != len(pairs):
        return 0
    values = [(a, b) for a, b in pairs if _VALUE.match(a.text) or _VALUE.match(b.text)]
    labels = [(a, b) for a, b in pairs if (a, b) not in values and (a.text or b.text)]
    upper_values, lower_values = any(a.text for a, _ in values), any(b.text for _, b in values)
    if (values and upper_values == lower_values) or not any(b.text for _, b in labels):
        return 0  # values on both sides (two rows), or nothing to join
    inner_a, inner_b = max(((a, b) for a, b in labels if b.text), key=lambda p: p[0].bbox[0])
    if _whole(inner_a.text) and _whole(inner_b.text):
        return 0  # two rows, each named whole
    if not values and (len(labels) != 1 or _whole(inner_a.text) or _whole(inner_b.text)
                       or not _whole(inner_a.text + inner_b.text)):
        return 0  # no values on either side (a header, or a row printed blank) and no one label cut in two
    if not _whole(inner_a.text + inner_b.text):
        if _whole(inner_a.text):
            return 0  # the row above is whole; below it something else (the next table's header)
        warnings.append(UNSURE_CUT.format(page=inner_a.page, upper=inner_a.text, lower=inner_b.text))
        return 0
    row_bottom = min(b.bbox[3] for _, b in pairs if b.bbox is not None)
    taken: set[int] = set()
    for a, b in pairs:
        a.text = a.text + b.text
        if b.bbox is None or b.bbox[3] <= row_bottom + MEET_TOLERANCE:
            taken.add(id(b))  # a label cell merged over the rows below stays theirs
    lower.cells = [c for c in lower.cells if id(c) not in taken]
    if not any(c.row == 0 for c in lower.cells):
        for c in lower.cells:
            c.row -= 1
    return 1


def _whole(text: str) -> bool:
    """Whether the text names a row or a group of rows of the template whole (match score ≥ WHOLE_LABEL)."""
    return bool(text) and any(r.kind in ("row", "group") and m.score >= WHOLE_LABEL
                              for m in label_index().scan(normalize_text(text)) for r in m.refs)


def _same_column(a, b) -> bool:
    return a.bbox is not None and b.bbox is not None and abs(a.bbox[0] - b.bbox[0]) <= MEET_TOLERANCE and \
        abs(a.bbox[2] - b.bbox[2]) <= MEET_TOLERANCE


def drop_empty_bands(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Given a ruled table's rows, drop the empty cells of a row that is only a band drawn above the next one:
    its other cells run down over the next row too (merged over both), and its empty cells stand on the next
    row's cells, column for column. Qt (wkhtmltopdf) draws such a band under a header row a page break cut;
    read as cells, its blanks came before the values of the row under it (table 四: 5 values, 10 blanks, and
    the 10 values it printed dropped as extra)."""
    return [[c for c in row if _reaches_below(c, rows[i + 1])] if i + 1 < len(rows) and _is_band(row, rows[i + 1])
            else row for i, row in enumerate(rows)]


def _reaches_below(cell: Cell, below: list[Cell]) -> bool:
    return cell.bbox is not None and cell.bbox[3] >= max(c.bbox[3] for c in below) - MEET_TOLERANCE


def _is_band(row: list[Cell], below: list[Cell]) -> bool:
    """Whether ``row`` is cells merged over ``below`` too, with text, and empty cells right on top of it."""
    if not row or not below or any(c.bbox is None for c in row + below):
        return False
    merged = [c for c in row if _reaches_below(c, below)]
    band = [c for c in row if not _reaches_below(c, below)]
    top = min(c.bbox[1] for c in below)
    return (any(c.text for c in merged) and len(band) == len(below)
            and all(not c.text and abs(c.bbox[3] - top) <= MEET_TOLERANCE for c in band)
            and all(any(_same_column(c, b) for b in below) for c in band))


def rejoin_label_rows(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Given a ruled table's rows, put back together a row whose labels and values came out as two rows: one
    with values and empty label cells, next to one with labels only, all left of the first value. Qt
    (wkhtmltopdf) draws a row a page break cuts with the label cells' rules apart from the value cells'."""
    out: list[list[Cell]] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        if i + 1 < len(rows):
            nxt = rows[i + 1]
            for values, labels in ((row, nxt), (nxt, row)):
                first = _first_value_x(values)
                if first is not None and _labels_only_left_of(labels, first) and not (
                        labels is row and i + 2 < len(rows) and _labels_only_left_of(rows[i + 2], first)
                        and _own_overlap(rows[i + 2], values) > _own_overlap(row, values)):
                    empty = [c for c in values if c.bbox is not None and c.bbox[2] <= first + MEET_TOLERANCE]
                    if empty and not any(c.text for c in empty):
                        empty[-1].text = "".join(c.text for c in labels if c.text)
                        out.append(values)
                        i += 2
                        break
            else:
                out.append(row)
                i += 1
            continue
        out.append(row)
        i += 1
    return out


def _own_overlap(labels: list[Cell], values: list[Cell]) -> float:
    """How far (points) the row's own label (its text cell nearest the values: a rowspan label left of it may
    stand beside many rows) overlaps the values' cells in height. Qt (wkhtmltopdf) draws the row under a
    label a page break cut (（二）部分公开… / 形） at the next page's head) with its label cells a band lower
    than its value cells: the values row had a labels row on both sides, and took 形）, the tail of the row
    above, for its label, leaving 1.属于国家秘密 with no values (8 cells wrong, flagged)."""
    own = max((c for c in labels if c.text and c.bbox is not None), key=lambda c: c.bbox[2], default=None)
    boxes = [c.bbox for c in values if c.bbox is not None]
    if own is None or not boxes:
        return 0.0
    return min(own.bbox[3], max(b[3] for b in boxes)) - max(own.bbox[1], min(b[1] for b in boxes))


def _first_value_x(row: list[Cell]) -> float | None:
    """The left edge of the row's first value cell, where the row has at least two values and every cell
    left of them is empty."""
    values = [c for c in row if c.bbox is not None and _VALUE.match(c.text)]
    if len(values) < 2:
        return None
    first = min(c.bbox[0] for c in values)
    return first if all(not c.text for c in row if c.bbox is not None and c.bbox[0] < first) else None


def _labels_only_left_of(row: list[Cell], x: float) -> bool:
    texts = [c for c in row if c.text]
    return bool(texts) and all(c.bbox is not None and c.bbox[2] <= x + MEET_TOLERANCE and not _VALUE.match(c.text)
                               for c in texts)
