"""pdfplumber's table finding and cell text for the PDF reader's pages: the same tables, cells and text, with
less work. pdfplumber compares every intersection with every later one to find the cells and tests every
character of a page against every row of a table; on pages printed by browsers and Qt (hundreds of rules and
characters) that was a sixth of the reading. Both are done here through indexes; what they give is checked
against pdfplumber's own functions (tests/test_pdf_page.py)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

import pdfplumber.table
import pdfplumber.utils
from pdfplumber.utils import obj_to_bbox

#: One character that is one of these is its cell's whole text (no blank, ligature or word to join).
_DIGITS = frozenset("0123456789")
#: Characters in no cell stand apart (a label, a value) when the gap between them is more than this share of
#: their size; a character left of a table runs on a stray label inside it when the gap is at most this.
STRAY_GAP_EM = 0.5
#: Points a stray cell may start left of the column it is put in (a character's box against a cell's side).
COLUMN_SLACK = 1.0
#: Characters printed one after another on one line, of one size, each starting where the one before ends
#: (within this share of their size), are one run of text (see :meth:`TableText.overflows`).
RUN_GAP_EM = 0.1
#: Tops of one run's characters differ by at most this (pt).
RUN_SAME_LINE = 0.5
#: A run whose middle is within this share of its size of a cell's middle is centred in that cell.
CENTRED_EM = 0.5
Point = tuple[float, float]
Bbox = tuple[float, float, float, float]


def find_tables(page, settings: dict) -> list[pdfplumber.table.Table]:
    """``page.find_tables(settings)``: the same tables."""
    return TableFinder(page, pdfplumber.table.TableSettings.resolve(settings)).tables


class TableFinder(pdfplumber.table.TableFinder):
    """pdfplumber's finder, with :func:`intersections_to_cells` in place of its own."""

    def __init__(self, page, settings: pdfplumber.table.TableSettings) -> None:
        self.page = page
        self.settings = settings
        self.edges = self.get_edges()
        self.intersections = pdfplumber.table.edges_to_intersections(
            self.edges, settings.intersection_x_tolerance, settings.intersection_y_tolerance)
        self.cells = intersections_to_cells(self.intersections)
        self.tables = [pdfplumber.table.Table(page, group)
                       for group in pdfplumber.table.cells_to_tables(self.cells)]


def intersections_to_cells(intersections: dict[Point, dict]) -> list[Bbox]:
    """pdfplumber's ``intersections_to_cells``, the same cells in the same order: from each intersection (in
    sorted order), the smallest cell whose four corners are intersections joined by common edges. The points
    below and to the right of a point come from its column and its row instead of a scan of all later points,
    and each point's edges are made into sets once instead of at every test."""
    points = sorted(intersections)
    if any(x != x or y != y for x, y in points):  # NaN: keep pdfplumber's own comparisons
        return pdfplumber.table.intersections_to_cells(intersections)
    verticals = {p: set(map(obj_to_bbox, intersections[p]["v"])) for p in points}
    horizontals = {p: set(map(obj_to_bbox, intersections[p]["h"])) for p in points}
    columns: dict[float, list[Point]] = {}
    rows: dict[float, list[Point]] = {}
    for point in points:  # sorted by x, then y: each column top to bottom, each row left to right
        columns.setdefault(point[0], []).append(point)
        rows.setdefault(point[1], []).append(point)

    def connects(p1: Point, p2: Point) -> bool:
        return ((p1[0] == p2[0] and not verticals[p1].isdisjoint(verticals[p2]))
                or (p1[1] == p2[1] and not horizontals[p1].isdisjoint(horizontals[p2])))

    seen_in_column: dict[float, int] = {}
    seen_in_row: dict[float, int] = {}
    cells = []
    for point in points:
        k = seen_in_column[point[0]] = seen_in_column.get(point[0], -1) + 1
        j = seen_in_row[point[1]] = seen_in_row.get(point[1], -1) + 1
        cell = _smallest_cell(point, columns[point[0]][k + 1:], rows[point[1]][j + 1:], intersections, connects)
        if cell:
            cells.append(cell)
    return cells


def _smallest_cell(point: Point, below: list[Point], right: list[Point], intersections: dict,
                   connects) -> Bbox | None:
    """pdfplumber's ``find_smallest_cell`` for one point, given the points below it and to its right."""
    for below_pt in below:
        if not connects(point, below_pt):
            continue
        for right_pt in right:
            if not connects(point, right_pt):
                continue
            corner = (right_pt[0], below_pt[1])
            if corner in intersections and connects(corner, right_pt) and connects(corner, below_pt):
                return (point[0], point[1], corner[0], corner[1])
    return None


class TableText:
    """pdfplumber's ``Table.extract`` (no options) for the tables of one page, giving the same text. pdfplumber
    tests every character of the page against every row of every table (about 10,000 tests on a Qt page);
    here each row takes its characters from the page's characters sorted by their middle height, and keeps
    them in the page's order, so each cell gets the same characters as there. A cell of one digit (more than
    half of them) is that digit, without pdfplumber's word and line grouping, which gives the same."""

    def __init__(self, chars: list[dict]) -> None:
        entries = sorted(((c["top"] + c["bottom"]) / 2, i, (c["x0"] + c["x1"]) / 2, c) for i, c in enumerate(chars))
        self._mids = [e[0] for e in entries]
        self._entries = entries
        self._runs = _runs(chars)

    def overflows(self, table) -> Overflow:
        """The runs of text that a cell of ``table`` printed past its sides, each given wholly to that cell.
        xhtml2pdf centres a label too long for its narrow cell and lets it run out over both sides, into the
        value cells beside it (the last ideographs of 4.保护第三方合法权益 over 自然人's 0) and out of the table
        (（二）部分公开（区分处理的…）): taken character by character, a label was cut among three cells and a
        value cell read 益0. A run (characters of one size on one line, each starting where the one before
        ends: one piece of text, never two cells' texts, which padding keeps apart) that lies in more than one
        cell, or partly in none, belongs to the cell it is centred in (within :data:`CENTRED_EM`), else to the
        cell its first character is in (text flowing on from a cell's left side); a run with no such cell is
        left as it is."""
        cells = table.cells
        left, top, right, bottom = table.bbox
        moved: dict[int, float] = {}
        boxes: list[Bbox] = []
        for run in self._runs:
            v = (run[0]["top"] + run[0]["bottom"]) / 2
            if not (top <= v < bottom and run[0]["x0"] < right and run[-1]["x1"] > left):
                continue
            first = _cell_at(cells, (run[0]["x0"] + run[0]["x1"]) / 2, v)
            if first is not None and first == _cell_at(cells, (run[-1]["x0"] + run[-1]["x1"]) / 2, v):
                continue  # the run goes left to right: its ends in one cell, all of it is
            x0, x1 = run[0]["x0"], run[-1]["x1"]
            middle = (x0 + x1) / 2
            owner = _cell_at(cells, middle, v)
            if owner is None or abs((owner[0] + owner[2]) / 2 - middle) > CENTRED_EM * run[0]["size"]:
                owner = first
            if owner is None:
                continue
            h = min(max(middle, owner[0]), owner[2] - 1e-6)
            moved.update((id(c), h) for c in run)
            boxes.append((x0, min(c["top"] for c in run), x1, max(c["bottom"] for c in run)))
        return Overflow(moved, boxes)

    def extract(self, rows: list, moved: dict[int, float] | None = None) -> list[list[str | None]]:
        """The text of each cell of ``rows`` (the table's ``rows``), None where a row has no cell; a character
        in ``moved`` (:meth:`overflows`) counts as lying at the given x."""
        out = []
        moved = moved or {}
        for row in rows:
            x0, top, x1, bottom = row.bbox
            found = self._entries[bisect_left(self._mids, top):bisect_left(self._mids, bottom)]
            placed = ((v, moved.get(id(c), h), c) for v, _, h, c in sorted(found, key=_order))
            row_chars = [(v, h, c) for v, h, c in placed if x0 <= h < x1]
            cells: list[str | None] = []
            for cell in row.cells:
                if cell is None:
                    cells.append(None)
                    continue
                cx0, ctop, cx1, cbottom = cell
                chars = [c for v, h, c in row_chars if cx0 <= h < cx1 and ctop <= v < cbottom]
                if len(chars) == 1 and chars[0]["text"] in _DIGITS:  # most cells: one digit, its own text
                    cells.append(chars[0]["text"])
                else:
                    cells.append(pdfplumber.utils.extract_text(chars) if chars else "")
            out.append(cells)
        return out

    def strays(self, table, moved: dict[int, float] | None = None) -> dict[tuple[int, int], tuple[Bbox, str]]:
        """(row index, column) → box and text of what is printed in a row of ``table`` where it has no cell,
        in none of the table's cells. MuPDF draws no side of a rowspan label a page break cut off where it
        goes on, so the rows beside it lose a rule of their own cells; pdfplumber finds no cell there, and the
        label (（六）其他处理, 1.申请人无正当理由…) or value would be in no cell and no text line. Within a gap
        between a row's cells, characters standing apart (more than :data:`STRAY_GAP_EM`) make cells of their
        own, each in the column it starts in; a label that starts left of the table's box runs on into it.
        Characters in ``moved`` (:meth:`overflows`) belong to a cell already."""
        out: dict[tuple[int, int], tuple[Bbox, str]] = {}
        moved = moved or {}
        table_x0, table_x1 = table.bbox[0], table.bbox[2]
        columns = sorted({cell[0] for cell in table.cells})
        for r, row in enumerate(table.rows):
            gaps = _gaps(row.cells, table_x1)
            if not gaps:
                continue
            _, top, _, bottom = row.bbox
            cells = [c for c in table.cells if c[1] < bottom and c[3] > top]
            band = [(h, v, c) for v, _, h, c in sorted(self._entries[bisect_left(self._mids, top):
                                                                    bisect_left(self._mids, bottom)], key=_order)
                    if not c["text"].isspace() and id(c) not in moved
                    and not any(cx0 <= h < cx1 and ctop <= v < cbottom for cx0, ctop, cx1, cbottom in cells)]
            for first, last, left_x, right_x in gaps:
                inside = [c for h, _, c in band if max(left_x, table_x0) <= h < right_x]
                if not inside:
                    continue
                taken = {id(c) for c in inside}
                if left_x <= table_x0:
                    taken |= {id(c) for c in _run_on(inside, [(h, c) for h, _, c in band if h < table_x0])}
                for part in _apart([c for _, _, c in band if id(c) in taken]):
                    px0 = min(c["x0"] for c in part)
                    col = min(last, max(first, bisect_left(columns, px0 + COLUMN_SLACK) - 1))
                    box = (px0, top, max(c["x1"] for c in part), bottom)
                    out[(r, col)] = (box, pdfplumber.utils.extract_text(part))
        return out


@dataclass
class Overflow:
    """Runs of text printed past their cell's sides (:meth:`TableText.overflows`): the x each of their
    characters counts at (by ``id``), and each run's box, so that what lies outside the table is not read
    again as text."""

    moved: dict[int, float]
    boxes: list[Bbox]


def _runs(chars: list[dict]) -> list[list[dict]]:
    """The page's runs of two or more characters, each left to right: one size, one line (tops within
    :data:`RUN_SAME_LINE`), each character starting where the one before ends (within :data:`RUN_GAP_EM` of
    the size). Found by place, not by the page's order, which may put a cell's value among the characters of
    a label printed over it."""
    runs: list[list[dict]] = []
    line: list[dict] = []
    for char in sorted(chars, key=lambda c: (c["size"], c["top"])):
        if line and (char["size"] != line[0]["size"] or char["top"] - line[0]["top"] > RUN_SAME_LINE):
            runs.extend(_split_line(line))
            line = []
        line.append(char)
    runs.extend(_split_line(line))
    return runs


def _split_line(line: list[dict]) -> list[list[dict]]:
    """One line's characters (one size) as chains: each character follows the one whose end it starts
    closest to (within :data:`RUN_GAP_EM` of the size), closest pairs first, each character followed and
    following once. Two texts printed over each other on one line (xhtml2pdf centres a rowspan label on a row
    whose own label overflows beside it) stay two runs, even where a character of one happens to start
    where a character of the other ends."""
    line = sorted(line, key=lambda c: c["x0"])
    starts = [c["x0"] for c in line]
    pairs = []
    for i, char in enumerate(line):
        reach = RUN_GAP_EM * char["size"]
        for j in range(bisect_left(starts, char["x1"] - reach), bisect_right(starts, char["x1"] + reach)):
            if j != i:
                pairs.append((abs(starts[j] - char["x1"]), i, j))
    after: dict[int, int] = {}
    before: set[int] = set()
    for _, i, j in sorted(pairs):
        if i not in after and j not in before:
            after[i] = j
            before.add(j)
    runs = []
    for i in range(len(line)):
        if i in before or i not in after:
            continue
        run, k = [line[i]], i
        while k in after and len(run) <= len(line):
            k = after[k]
            run.append(line[k])
        runs.append(run)
    return runs


def _cell_at(cells: list[Bbox], x: float, y: float) -> Bbox | None:
    """The smallest cell holding the point (cells of one table do not overlap; the smallest, to be safe)."""
    found = [c for c in cells if c[0] <= x < c[2] and c[1] <= y < c[3]]
    return min(found, key=lambda c: (c[2] - c[0]) * (c[3] - c[1])) if found else None


def _gaps(cells: list, right_edge: float) -> list[tuple[int, int, float, float]]:
    """The runs of a row's missing cells: (first column, last column, left x, right x), the left x that of
    the cell before (or -inf), the right x the next cell's left (or the table's right edge)."""
    out, start, left = [], None, float("-inf")
    for col, cell in enumerate(cells):
        if cell is None:
            start = col if start is None else start
            continue
        if start is not None:
            out.append((start, col - 1, left, cell[0]))
            start = None
        left = cell[2]
    if start is not None:
        out.append((start, len(cells) - 1, left, right_edge))
    return out


def _apart(chars: list[dict]) -> list[list[dict]]:
    """The characters (page order kept) in groups whose spans across the page overlap or nearly touch: the
    lines of one wrapped label are one group, a value standing apart another."""
    groups: list[tuple[float, float, list[dict]]] = []
    for char in sorted(chars, key=lambda c: c["x0"]):
        reach = STRAY_GAP_EM * char["size"]
        if groups and char["x0"] <= groups[-1][1] + reach:
            x0, x1, members = groups[-1]
            groups[-1] = (x0, max(x1, char["x1"]), members + [char])
        else:
            groups.append((char["x0"], char["x1"], [char]))
    order = {id(c): i for i, c in enumerate(chars)}
    return [sorted(members, key=lambda c: order[id(c)]) for _, _, members in groups]


def _run_on(inside: list[dict], left: list[tuple[float, dict]]) -> list[dict]:
    """The characters left of a table that run on, gap by gap, into a stray label's first one."""
    edge, out = min(c["x0"] for c in inside), []
    for _, char in sorted(left, key=lambda e: -e[1]["x1"]):
        if edge - char["x1"] > STRAY_GAP_EM * char["size"]:
            break
        out.append(char)
        edge = char["x0"]
    return out


def _order(entry: tuple) -> int:
    return entry[1]
