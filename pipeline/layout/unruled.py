"""Tables printed without rules (Word tables with borders off, HTML tables with ``border: none``) as grids.

Words that no ruled table holds come in with their boxes. A *values line* is a printed line that ends in
numbers or null markers (``/``, ``-``); a run of such lines, with the label and header lines around them,
is a table. Its columns are the x-ranges of the values stacked in them (and of header words over columns
that print no value at all), so a blank cell comes out empty in its own column, never as a shift of the
cells after it. Its rows are the values lines; a label wrapped over several lines (a narrow Word cell) is
one block of lines that touch, and goes to the values line it lies beside. A label with no values line
beside it and no narrower label to its right is a row whose cells are all blank. A number wrapped over two
lines of its cell, centred on its row, is joined into one value on the row's line first (:mod:`.wrapped_numbers`).

A line that crosses the boundary between labels and values with one run of text (``第二十条第（五）项``
centred over a sub-table, a section heading) is running text and splits the table, as a full-width framed
row does in a ruled table (:mod:`.framed`). Where two values of one line fall in one column, the columns
cannot be told apart: that part is not made a table (the caller reads it as text and says so).

Geometry only: the PDF reader and the OCR both give words with boxes (page points or pixels alike).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from statistics import median

from ..document import Block, Cell, Paragraph, Table
from ..template.labels import label_index
from ..template.normalize import fold_width
from .furniture import is_page_number
from .wrapped_numbers import wrapped_pairs

#: Printed text → the form labels are matched in.
Fold = Callable[[str], str]
#: The signs a value may print: every dash the reader boundary folds to ``-`` (``readers/normalize.DASHES``;
#: the words here are the printed ones). MuPDF prints a minus as U+2011, the non-breaking hyphen: a row whose
#: values included ``‑5`` was no values line, its values went into its label.
SIGNS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63"
#: One printed value: a number (thousands separators, decimals, a sign) or a null marker.
VALUE = re.compile(rf"^(?:[{SIGNS}]?(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?%?|/+|-{{1,2}}|—{{1,2}}|–|\\)$")
#: Sentence punctuation: a line holding it is running text, not a table row.
SENTENCE_END = re.compile(r"[。；;！？]")
#: The warning of a document whose table rows a page break cut were joined (certainly: else each says why),
#: by the PDF reader and the image reader alike; informational (``record.INFORMATIONAL_WARNINGS``).
ROWS_JOINED = "table rows split by a page break were joined"
#: A section heading (``三、收到和处理…``): never a table's line.
HEADING = re.compile(r"^[一二三四五六七八九十]+、")
#: A row's or a group's numbering at the start of a line (folded text): 一、 （三） (三) 1. 2、
NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[.．、])")
#: A word that is only a row's or a group's numbering (``1.`` ``（三）`` ``2、``): the start of the word after it.
NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[.．、])$")
#: ... when that word starts within this share of a line height after it: an inter-word space (xeCJK's glue
#: after ``1.`` is 0.3–0.55 of a line in the fonts of the matrix), not the padding between two cells (``（三）``
#: then ``1.属于`` in the next column: 0.72–0.92).
NUMBERING_GAP = 0.65
#: A header's tail set apart by a glyph left out stands this many line heights from it at most.
HEADER_GAP = 1.5
#: Template label kinds printed in a table's header (a header cell may start left of the first value).
HEADER_KINDS = frozenset({"col", "header", "group"})
#: Template label kinds of a table's own labels (a row, or a group of rows or columns).
TABLE_LABEL_KINDS = frozenset({"row", "group"})
#: Template label kinds of a caption over a sub-table (table 二's ``第二十条第（一）项``).
CAPTION_KINDS = frozenset({"item"})
#: Lines further apart than this many line heights do not belong to one table.
MAX_LINE_GAP = 4.0
#: Lines of a wrapped label or header touch: their gap is under this share of a line height.
WRAP_GAP = 1.0
#: A label with no values beside it is a blank row only this far (line heights) from every other row's text;
#: closer, it may be part of a neighbour's label, and the blank row is read but flagged, unless it names a row or
#: a group whole (Qt packs its cells so close that 行政事业性收费 under the header, or a wrapped label beside its
#: neighbour, always touched).
ROW_GAP = 1.2
#: Tolerance (share of a line height) for a word's edge against the labels/values boundary.
EDGE = 0.25
#: Running text over the values starts this many line heights left of them (a header cell a little).
OVERHANG = 2.0
#: A table needs this many values lines, one of them with at least two values.
MIN_VALUE_LINES = 2
#: ... or one values line with this many values (a table's first row at the foot of a page), or with two under a
#: header naming :data:`MIN_HEADER_COLUMNS` template columns (table 二's 规章 with a blank cell, alone on the page).
MIN_LONE_VALUES = 3
#: A header at the foot of a page (its values on the next) names this many template columns ...
MIN_HEADER_COLUMNS = 2
#: Cells that name template columns for a header found by its cells instead of its lines (:func:`_stacked_header`).
MIN_STACKED_COLUMNS = 4
#: ... and has no more lines than this after it (a running footer, a page number).
FOOTER_LINES = 2
#: A label matched this well names its row whole: two halves that each do are two rows, not one cut by a page
#: (a fragment such as 2.申请人 / 逾期未按… or 8.属于行 / 政查询事项 matches less well, whatever the matcher).
WHOLE_LABEL = 99.0
#: A row's label starts within this many characters of a line's start (its numbering: 1. or （二）).
ROW_START = 3
#: Lines looked for above the first values line: its header, or a label run on from the page before.
MAX_HEADER_LINES = 30
#: Characters of a number's second line when it is wrapped in its cell (a sign stays on the first).
NUMBER_CHARS = frozenset("0123456789,.%")


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float | None = None  # OCR: how sure the recogniser was (None: a text layer)
    #: a number joined from the two lines it was wrapped over in its cell (:func:`_join_wrapped`): their top and
    #: bottom as printed (its own box is its row's line, so that it is read on that line)
    wrapped: tuple[float, float] | None = None

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def printed_box(self) -> tuple[float, float, float, float]:
        """Where it was printed: its box, or a wrapped number's two lines."""
        top, bottom = self.wrapped or (self.top, self.bottom)
        return self.x0, top, self.x1, bottom


@dataclass
class _Words:
    """Words read together (a line, a cell's block): their box is the box around them."""

    words: list[Word]

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Line(_Words):
    values: list[Word] = field(default_factory=list)  # the trailing value words of a values line


@dataclass
class Found:
    """What the unruled reader made of a page: blocks with their tops, the boxes it took words from, and
    why it left some lines as text."""

    blocks: list[tuple[float, Block]] = field(default_factory=list)
    boxes: list[tuple[float, float, float, float]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unsure: dict[int, str] = field(default_factory=dict)  # why a blank row is unsure, by its label cell's id
    headers: set[int] = field(default_factory=set)  # the ``id`` of header-only tables at the page's foot
    recognised: bool = False  # the words were read by OCR (they carry a confidence), which may lose a value

    def covers(self, x0: float, top: float, x1: float, bottom: float) -> bool:
        """Whether a text line with this box lies in one of the tables made (by its middle)."""
        y = (top + bottom) / 2
        return any(b[1] <= y <= b[3] and x0 < b[2] and b[0] < x1 for b in self.boxes)


def is_value(text: str) -> bool:
    return bool(VALUE.match(fold_width(text).strip()))


def unruled_tables(words: list[Word], page: int, fold: Fold = str, carry: Columns | None = None) -> Found:
    """The tables printed without rules among ``words`` (one page, outside any ruled table). ``fold`` maps
    printed text to the form template labels are matched in (radicals as ideographs); cells keep the printed.
    ``carry``: the columns of the table the page before ended with (:meth:`Pages.end_page`), for label lines at
    the head of this page that continue it with no values line (:func:`_continued`)."""
    found = Found(recognised=any(w.confidence is not None for w in words))
    lines = _lines(_join_wrapped(words))
    if not lines:
        return found
    height = median(w.bottom - w.top for w in words) or 1.0
    regions = _regions(lines, height, fold)
    if carry is not None:
        start = next((i for i, ln in enumerate(lines) if regions and ln is regions[0][0]), len(lines))
        grid, notes = _continued(lines[:start], carry, page, fold)
        if grid is not None:
            found.unsure.update(notes)
            found.blocks.append((grid.bbox[1], grid))
            found.boxes.append(grid.bbox)
    for region in regions:
        height = median(w.bottom - w.top for ln in region for w in ln.words)  # the table's type, not the prose's
        for segment, boundary in _segments(region, height, fold):
            grid, notes = _grid(segment, boundary, height, page, fold)
            found.unsure.update(notes)
            if grid is None:
                found.warnings.append(f"page {page}: values of a table printed without rules could not be "
                                      "placed in their columns (two in one column); read as text")
                continue
            found.blocks.append((grid.bbox[1], grid))
            found.boxes.append(grid.bbox)
    header = _trailing_header(lines, height, page, fold)
    if header is not None:
        found.blocks.append((header.bbox[1], header))
        found.boxes.append(header.bbox)
        found.headers.add(id(header))
    return found


@dataclass(frozen=True)
class Columns:
    """Where a table printed without rules has its values: the left edge of the leftmost (labels stand left of
    it) and each value column's x-range. Carried from a page whose last block is the table to the next page."""

    boundary: float
    columns: tuple[tuple[float, float], ...]


def _continued(lines: list[Line], carry: Columns, page: int, fold: Fold) -> tuple[Table | None, dict[int, str]]:
    """Label lines at the head of a page that go on with the table the page before ended with, and no values
    line among them: a page of blank rows (only labels, wrapped in a narrow column, all of table 三's
    （三）不予公开 … rows printed blank). With no values there were no columns and no table: the lines were read
    as running text, and a label wrapped over three lines (7.属于行 / 政执法案 / 卷) matched no row. Made rows of
    blank cells in the carried columns, each label a row as under a values line (:func:`_grid`). The lines
    are taken from the page's first on, while they stand left of the carried values, are near one another and
    are not prose, a caption or a values line; and together they name a row of the template."""
    if not lines:
        return None, {}
    height = median(w.bottom - w.top for ln in lines for w in ln.words) or 1.0
    run: list[Line] = []
    for at, line in enumerate(lines):
        if line.values or _is_prose(line) or any(w.x1 > carry.boundary + EDGE * height for w in line.words) \
                or (run and not _near(run[-1], line, height)) \
                or (_caption(line, fold) and not _starts_wrapped_label(line, lines[at + 1 :], height, fold)):
            break
        run.append(line)
    if not run or not _row_label(fold("".join(w.text for line in run for w in line.words))):
        return None, {}
    return _grid(run, carry.boundary, height, page, fold, [list(c) for c in carry.columns])


def columns_of(table: Table) -> Columns | None:
    """The value columns of a table :func:`_grid` made: the x-range of each column's cells in the rows that
    hold only values or blanks (not the header's), or None when it has none or they overlap."""
    ranges: dict[int, list[float]] = {}
    for row in table.rows():
        cells = [c for c in row if c.col > 0]
        if not cells or any(c.text and not is_value(c.text) for c in cells) or any(c.bbox is None for c in cells):
            continue
        for c in cells:
            span = ranges.setdefault(c.col, [c.bbox[0], c.bbox[2]])
            span[0], span[1] = min(span[0], c.bbox[0]), max(span[1], c.bbox[2])
    cols = [ranges[k] for k in sorted(ranges)]
    if not cols or any(b[0] < a[1] for a, b in zip(cols, cols[1:], strict=False)):
        return None
    return Columns(cols[0][0], tuple((a, b) for a, b in cols))


def _trailing_header(lines: list[Line], height: float, page: int, fold: Fold) -> Table | None:
    """The header rows of a table at the foot of the page whose values are on the next page (a page break
    right after the header): lines after the page's last values line, close together, naming at least
    :data:`MIN_HEADER_COLUMNS` template columns, with no more than :data:`FOOTER_LINES` lines after them."""
    last = max((i for i, ln in enumerate(lines) if ln.values), default=-1)
    tail = lines[last + 1 :]
    end = len(tail)
    while end > 0 and len(tail) - end < FOOTER_LINES and not _names_columns(tail[end - 1 : end], fold):
        end -= 1
    start = end - 1
    while start > 0 and not _is_prose(tail[start - 1]) and not _caption(tail[start - 1], fold) and \
            _near(tail[start - 1], tail[start], height):
        start -= 1
    run = tail[max(start, 0) : end]
    if not run or any(_is_prose(ln) or _caption(ln, fold) for ln in run) or \
            _names_columns(run, fold) < MIN_HEADER_COLUMNS:
        run = _stacked_header(tail, height, fold)
        if not run:
            return None
    blocks = sorted(_blocks([w for ln in run for w in ln.words], height), key=lambda b: (b.x0, b.top))
    cells = [Cell(text=b.text, row=0, col=c, page=page, bbox=(b.x0, b.top, b.x1, b.bottom))
             for c, b in enumerate(blocks)]
    table = Table(cells=cells, grid=True, page=page)
    table.bbox = (min(b.x0 for b in blocks), min(b.top for b in blocks), max(b.x1 for b in blocks),
                  max(b.bottom for b in blocks))
    return table


def _stacked_header(tail: list[Line], height: float, fold: Fold) -> list[Line]:
    """The lines at the page's foot, after its last caption or prose line, when the cells they make (characters
    joined down their column) name at least :data:`MIN_STACKED_COLUMNS` template columns: a header set one
    character a line in narrow columns (MuPDF in HanaMinA: 自 / 然 / 人, 小 / 计), which read line by line names
    no column, so table 三's header at a page's foot was lost and 小计 with it (one value too many a row)."""
    start = max((i + 1 for i, ln in enumerate(tail) if _is_prose(ln) or _caption(ln, fold)), default=0)
    run = tail[start:]
    if not run or any(not _near(a, b, height) for a, b in zip(run, run[1:], strict=False)):
        return []
    blocks = _blocks([w for ln in run for w in ln.words], height)
    named = sum(1 for b in blocks if _column_header(fold(b.text)))
    return run if named >= MIN_STACKED_COLUMNS else []


def _names_columns(lines: list[Line], fold: Fold) -> int:
    """How many template column headers the lines print (their words joined: a header may wrap)."""
    text = fold("".join(w.text for ln in lines for w in ln.words))
    return sum(1 for m in label_index().scan(text) if any(r.kind == "col" for r in m.refs))


def _lines(words: list[Word]) -> list[Line]:
    """Words grouped into printed lines (vertical overlap), top to bottom, each line left to right."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        if lines:
            last = lines[-1]
            top, bottom = min(x.top for x in last), max(x.bottom for x in last)
            if min(bottom, w.bottom) - max(top, w.top) > 0.5 * min(bottom - top, w.bottom - w.top):
                last.append(w)
                continue
        lines.append([w])
    out = []
    for ws in lines:
        ws.sort(key=lambda w: w.x0)
        line = Line(ws)
        text = "".join(w.text for w in ws)
        if not (SENTENCE_END.search(text) or is_page_number(" ".join(w.text for w in ws))):
            k = len(ws)
            while k > 0 and is_value(ws[k - 1].text):
                k -= 1
            line.values = ws[k:]
        out.append(line)
    return out


def _join_wrapped(words: list[Word]) -> list[Word]:
    """The words with each number printed over two lines of its cell (:func:`.wrapped_numbers.wrapped_pairs`:
    prawn-table's 22 / 8 centred on its row) joined into one value, top line first, set on its row's line: each
    part had been read as a row of its own. Joined only when the lower part is digits and the whole reads as a
    number; the value is marked ``wrapped``, so it is never positive evidence of a clean read
    (``record.read_right``)."""
    pairs = wrapped_pairs([w for w in words if is_value(w.text)])
    taken: set[int] = set()
    joined: list[Word] = []
    for a, b in pairs:
        text = a.text + b.text
        if not set(fold_width(b.text)) <= NUMBER_CHARS or not is_value(text) \
                or not any(ch.isdigit() for ch in fold_width(text)):
            continue
        middle, half = (a.middle + b.middle) / 2, min(a.bottom - a.top, b.bottom - b.top) / 2
        confidences = [w.confidence for w in (a, b) if w.confidence is not None]
        joined.append(Word(text, min(a.x0, b.x0), middle - half, max(a.x1, b.x1), middle + half,
                           min(confidences) if confidences else None, wrapped=(a.top, b.bottom)))
        taken |= {id(a), id(b)}
    return [w for w in words if id(w) not in taken] + joined if joined else words


def _is_prose(line: Line) -> bool:
    return bool(SENTENCE_END.search("".join(w.text for w in line.words)))


def _regions(lines: list[Line], height: float, fold: Fold = str) -> list[list[Line]]:
    """Runs of lines around values lines: header lines above, label lines between and below."""
    regions: list[list[Line]] = []
    i = 0
    while i < len(lines):
        if not lines[i].values:
            i += 1
            continue
        start = i
        while (start > 0 and i - start < MAX_HEADER_LINES and not _is_prose(lines[start - 1])
               and not lines[start - 1].values and _near(lines[start - 1], lines[start], height)):
            start -= 1
        end = i + 1
        while end < len(lines) and not _is_prose(lines[end]) and _near(lines[end - 1], lines[end], height):
            end += 1
        region = lines[start:end]
        values = [ln for ln in region if ln.values]
        if (len(values) >= MIN_VALUE_LINES and any(len(ln.values) >= 2 for ln in values)) or \
                any(len(ln.values) >= MIN_LONE_VALUES for ln in values) or \
                (len(values[0].values) >= 2 and _names_columns(lines[start:i], fold) >= MIN_HEADER_COLUMNS):
            regions.append(_trim(region))
        i = end
    return [r for r in regions if r]


def _near(upper: Line, lower: Line, height: float) -> bool:
    return lower.top - upper.bottom <= MAX_LINE_GAP * height


def _caption(line: Line, fold: Fold) -> bool:
    """A line that is never a table's own, wherever it is printed: table 二's ``第二十条第（一）项`` over a
    sub-table, a section heading (``四、政府信息公开行政复议…``; a row or group label such as
    ``四、结转下年度继续办理`` or ``三、本年度办理结果`` is not one)."""
    if line.values or len(line.words) > 2:
        return False
    text = fold("".join(w.text for w in line.words))
    matches = label_index().scan(text)
    kinds = {r.kind for m in matches for r in m.refs}
    if CAPTION_KINDS & kinds:
        return True
    whole_group = any(m.end - m.start >= len(text) - ROW_START and any(r.kind == "group" for r in m.refs)
                      for m in matches)  # 三、本年度办理结果, not 四、政府信息公开行政复议、行政诉讼情况
    return bool(HEADING.match(text)) and "row" not in kinds and not whole_group


def _starts_wrapped_label(line: Line, below: list[Line], height: float, fold: Fold) -> bool:
    """Whether the line is the first line of a table's label wrapped over the lines ``below``: its words and
    the words under them that touch them (lines of other rows may fall between: a rowspan label such as
    三、本年度 / 办理结果 is printed beside the rows' lines) name a row or a group that starts on this line
    and goes on under it. Such a line looks like a section heading (三、…) but is the table's own. The line's
    first word is also tried alone: beside it, on the same line, may stand the first line of a narrower
    label wrapped the same way (Typst centres the rowspan 三、本年 / 度办理结 / 果 beside （二）部分公开（区 /
    分处理的，只计这 / …: with the words under both, the group's name was no longer one run)."""
    return _wraps_into_label(list(line.words), below, height, fold) or (
        len(line.words) > 1 and _wraps_into_label(line.words[:1], below, height, fold))


def _wraps_into_label(start: list[Word], below: list[Line], height: float, fold: Fold) -> bool:
    """Whether the words ``start`` and the words under them that touch them name a row or a group that starts
    in ``start`` and goes on under it."""
    words = list(start)
    for ln in below:
        bottom = max(w.bottom for w in words)
        if ln.top - bottom > WRAP_GAP * height:
            break
        words += [w for w in ln.words if w.top - bottom <= WRAP_GAP * height
                  and any(w.x0 < o.x1 and o.x0 < w.x1 for o in words)]
    first = len(fold("".join(w.text for w in start)))
    text = fold(_Block(words).text)
    return any(m.start < first < m.end and TABLE_LABEL_KINDS & {r.kind for r in m.refs}
               for m in label_index().scan(text))


def _crosses(line: Line, boundary: float, height: float, fold: Fold) -> bool:
    """A line with one run of text over the labels/values boundary that is not a column's header: a caption
    or running text between two tables."""
    if line.values or len(line.words) > 2:
        return False
    if not any(w.x0 < boundary - OVERHANG * height and w.x1 > boundary + EDGE * height for w in line.words):
        return False
    text = fold("".join(w.text for w in line.words))
    return not {r.kind for m in label_index().scan(text) for r in m.refs} & HEADER_KINDS


def _boundary(lines: list[Line]) -> float | None:
    """Where the values start: the left edge of the leftmost value."""
    xs = [w.x0 for ln in lines for w in ln.values]
    return min(xs) if xs else None


def _trim(region: list[Line]) -> list[Line]:
    """Without the lines after the last values line that are not labels (left of the values)."""
    last = max(i for i, ln in enumerate(region) if ln.values)
    boundary = region[last].values[0].x0
    end = last + 1
    while end < len(region) and all(w.x1 <= boundary for w in region[end].words):
        end += 1
    return region[:end]


def _segments(region: list[Line], height: float, fold: Fold) -> list[tuple[list[Line], float]]:
    """The region cut at its captions and at running text over its values (which stay text), each part
    with where its values start."""
    pieces: list[list[Line]] = [[]]
    for at, line in enumerate(region):
        if _caption(line, fold) and not _starts_wrapped_label(line, region[at + 1 :], height, fold):
            pieces.append([])
        else:
            pieces[-1].append(line)
    fallback = _boundary(region)
    segments: list[tuple[list[Line], float]] = []
    for piece in pieces:
        boundary = _boundary(piece) or fallback
        parts: list[list[Line]] = [[]]
        for line in piece:
            if _crosses(line, boundary, height, fold):
                parts.append([])
            else:
                parts[-1].append(line)
        segments.extend((p, _boundary(p) or boundary) for p in parts if p)
    while segments and not any(ln.values for ln in segments[0][0]):
        segments.pop(0)  # lines above the table that are not its header (prose, a heading)
    while segments and not any(ln.values for ln in segments[-1][0]):
        segments.pop()
    return segments


@dataclass
class _Block(_Words):
    @property
    def text(self) -> str:
        """Lines top to bottom, words left to right: CJK wraps need no space."""
        return "".join(w.text for w in sorted(self.words, key=lambda w: (round(w.top), w.x0)))


def _numbered(words: list[Word], height: float, fold: Fold) -> list[Word]:
    """The words with each row's numbering printed apart (``1.`` then ``属于``, xeCJK's glue between Latin and
    CJK text) joined to the word after it on its line: else the line under the label (国家秘, centred under
    both) stood over two words, was taken for a header over two cells, and the label's lines fell apart
    (1. / 属于 / 国家秘密2.其他: every row of （三）不予公开 had another row's label). A word that starts with a
    numbering of its own is the label of the next cell (（三） / 不予公开 beside 1.属于), never joined."""
    out: list[Word] = []
    pending: Word | None = None
    for w in sorted(words, key=lambda w: (round(w.middle / height), w.x0)):
        if pending is not None:
            if abs(w.middle - pending.middle) < 0.5 * height and 0 <= w.x0 - pending.x1 < NUMBERING_GAP * height \
                    and not NUMBERED.match(fold(w.text)):  # a row's own numbering: the next cell's label
                w = Word(pending.text + w.text, pending.x0, min(pending.top, w.top), w.x1,
                         max(pending.bottom, w.bottom), w.confidence)
            else:
                out.append(pending)
            pending = None
        if NUMBERING.match(fold(w.text).strip()):
            pending = w
        else:
            out.append(w)
    if pending is not None:
        out.append(pending)
    return out


def _blocks(words: list[Word], height: float) -> list[_Block]:
    """Word fragments joined into the cells they were printed in: vertically touching and overlapping in x. A
    word over two or more words of the next line is not joined with them: it is a cell over several (a group's
    header over its columns' wrapped headers, 未经复议直接起诉 over 结果 / 纠正 …, which made one header cell of
    five columns and lost table 四's blank columns; a label packed right above two cells of the next row)."""
    parent = list(range(len(words)))
    spans = _spans(words, height)

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(words):
        for j in range(i + 1, len(words)):
            b = words[j]
            upper, lower = (a, b) if a.top <= b.top else (b, a)
            same_line = abs(a.middle - b.middle) < 0.5 * height
            if same_line or lower.top - upper.bottom > WRAP_GAP * height:
                continue
            if a.x0 < b.x1 and b.x0 < a.x1 and not spans.get((i, j)) and not spans.get((j, i)):
                parent[root(i)] = root(j)
    groups: dict[int, list[Word]] = {}
    for i, w in enumerate(words):
        groups.setdefault(root(i), []).append(w)
    return sorted((_Block(ws) for ws in groups.values()), key=lambda b: (b.top, b.x0))


def _spans(words: list[Word], height: float) -> dict[tuple[int, int], bool]:
    """For each pair of touching words on two lines, whether the first stands over two or more words of the
    second's line (so over several cells)."""
    order = sorted(range(len(words)), key=lambda k: words[k].middle)
    middles = [words[k].middle for k in order]
    out: dict[tuple[int, int], bool] = {}
    for i, a in enumerate(words):
        for j, b in enumerate(words):
            if i == j or abs(a.middle - b.middle) < 0.5 * height or not (a.x0 < b.x1 and b.x0 < a.x1):
                continue
            line = order[bisect_left(middles, b.middle - 0.5 * height):bisect_right(middles, b.middle + 0.5 * height)]
            out[(i, j)] = sum(1 for k in line if abs(words[k].middle - b.middle) < 0.5 * height
                              and a.x0 < words[k].x1 and words[k].x0 < a.x1) >= 2
    return out


def _one_row_each(block: _Block, fold: Fold, height: float) -> list[_Block]:
    """A block of lines that names two rows of the template is two rows printed close together, not one
    wrapped label: apart at each line where a row's label starts (its numbering, :data:`ROW_START` characters
    at most, then the label), so a label wrapped over several lines stays whole (fpdf2 packs rows without
    padding: 2.其他法 / 律行政法 / 规禁止公 / 开 right under 1.属于国家秘密). A block that names one row is
    also parted at a later line that starts with a row's or a group's numbering, and each part falls into the
    cells it touches: Typst packs （二）部分公开（区 / … / 情形） right above （三）不 1.属于国 / 予公开 家秘密, and
    the one block that made gave the next row's label to （二）."""
    rows = [m for m in label_index().scan(fold(block.text)) if any(r.kind == "row" for r in m.refs)]
    lines: dict[int, list[Word]] = {}
    for w in block.words:
        lines.setdefault(round(w.top), []).append(w)
    if not rows or len(lines) < 2:
        return [block]
    starts = {m.start for m in rows} if len(rows) >= 2 else set()
    parts: list[list[Word]] = []
    offset = 0
    numbered = False
    for _, ws in sorted(lines.items()):
        text = fold(_Block(ws).text)
        by_number = bool(parts) and bool(NUMBERED.match(text))
        if not parts or by_number or any(offset <= s < offset + len(text) and s - offset <= ROW_START
                                         for s in starts):
            parts.append([])
            numbered |= by_number
        parts[-1].extend(ws)
        offset += len(text)
    if not numbered:
        return [_Block(ws) for ws in parts]
    return [piece for ws in parts for piece in _blocks(ws, height)]


def _header_tail(block: _Block, headers: list[_Block], height: float, fold: Fold) -> bool:
    """Whether a header block is the tail of the header left of it on its line, set apart by a glyph the PDF
    left out (FOP prints 本年增/减's slash in no face: 本年增 | 减, 1 em apart): alone it names no column, joined
    to that neighbour (within :data:`HEADER_GAP` line heights) it names one whole. Such a tail makes no column
    of its own (减 made a blank column, and every value right of it went one column too far)."""
    if _column_header(fold(block.text)):
        return False
    for o in headers:
        if o is not block and abs(o.middle - block.middle) < 0.5 * height and \
                0 <= block.x0 - o.x1 <= HEADER_GAP * height:
            head, joined = len(fold(o.text)), fold(o.text + block.text)
            if any(r.kind == "col" and m.score >= WHOLE_LABEL and m.start < head and m.end >= len(joined)
                   for m in label_index().scan(joined) for r in m.refs):  # one header over both, not two
                return True
    return False


def _columns(values: list[Word]) -> list[list[float]]:
    """x-ranges of the values stacked in each column (overlapping ranges are one column)."""
    cols: list[list[float]] = []
    for w in sorted(values, key=lambda w: w.x0):
        if cols and w.x0 < cols[-1][1]:
            cols[-1][1] = max(cols[-1][1], w.x1)
        else:
            cols.append([w.x0, w.x1])
    return cols


def _overlapping(cols: list[list[float]], x0: float, x1: float) -> list[int]:
    return [i for i, (a, b) in enumerate(cols) if x0 < b and a < x1]


def _grid(segment: list[Line], boundary: float, height: float, page: int,
          fold: Fold, columns: list[list[float]] | None = None) -> tuple[Table | None, dict[int, str]]:
    """One table: a header row (the words over the values, wrapped fragments joined), then one row per values
    line or blank label, label cell first, then one cell per column (None when the columns are ambiguous), and
    why a row is unsure (by the ``id`` of its label cell). ``columns``: the columns of a segment that prints
    no value (rows carried on from the page before), else they are found from the values and the header."""
    values = [w for ln in segment for w in ln.values]
    value_ids = {id(w) for w in values}
    others = [w for ln in segment for w in ln.words if id(w) not in value_ids]
    others = _numbered(others, height, fold)
    blocks = [part for b in _blocks(others, height) for part in _one_row_each(b, fold, height)]
    columns_named = {id(b) for b in blocks if _column_header(fold(b.text))}
    left_named = [b for b in blocks if id(b) in columns_named and b.x1 <= boundary + EDGE * height]
    columns_named |= {id(b) for b in blocks if b.x1 <= boundary + EDGE * height  # 总计 beside 结果维持
                      and any(o.top < b.bottom and b.top < o.bottom and o.x0 <= b.x0 for o in left_named)}
    labels = [b for b in blocks if b.x1 <= boundary + EDGE * height and id(b) not in columns_named]
    headers = [b for b in blocks if b.x1 > boundary + EDGE * height or id(b) in columns_named]
    cols = _columns(values) if columns is None else [list(c) for c in columns]
    for b in sorted(headers, key=lambda b: -b.bottom):  # a header over a column that prints no value at all
        # still makes the column; the lowest header row first, so a group's header over several makes none
        if (b.x0 >= boundary - EDGE * height or id(b) in columns_named) and not _overlapping(cols, b.x0, b.x1) \
                and not _header_tail(b, headers, height, fold):
            cols.append([b.x0, b.x1])
    cols.sort()
    if not cols:
        return None, {}
    anchors = [ln for ln in segment if ln.values]
    for ln in anchors:
        slots = [_overlapping(cols, w.x0, w.x1) for w in ln.values]
        if any(len(s) != 1 for s in slots) or len({s[0] for s in slots}) != len(slots):
            return None, {}
    rows: list[tuple[float, list[_Block], Line | None]] = [(ln.middle, [], ln) for ln in anchors]
    touching: set[int] = set()
    pad = 0.5 * height
    outers: list[_Block] = []
    for b in sorted(labels, key=lambda b: b.x0):
        inside = [r for r in rows if r[2] is not None and b.top - pad <= r[0] <= b.bottom + pad]
        if inside:  # the values line nearest the label's middle (rows packed without padding touch)
            min(inside, key=lambda r: abs(r[0] - b.middle))[1].append(b)
            continue
        right = [o for o in labels if o is not b and o.x0 > b.x1 - EDGE * height]
        outer = any(o.top < b.bottom and b.top < o.bottom for o in right) or (
            any(o.bottom <= b.top + pad for o in right) and any(o.top >= b.bottom - pad for o in right))
        if outer and (rows or not anchors):  # with no values line, every row is a label's: outers wait for them
            outers.append(b)
        else:
            rows.append(((b.top + b.bottom) / 2, [b], None))
            others = [(o.top, o.bottom) for o in labels if o is not b and o.x0 < b.x1 and b.x0 < o.x1]
            others += [(ln.top, ln.bottom) for ln in anchors]
            whole = _row_label(fold(b.text), WHOLE_LABEL) or _group_label(fold(b.text))
            if not whole and any(max(top - b.bottom, b.top - bottom) < ROW_GAP * height for top, bottom in others):
                touching.add(id(b))  # a label that names a row or group whole is no part of a neighbour's
    for b in outers:  # an outer label (rowspan) beside rows of its own: with the nearest of them, blank rows
        # included (（六）其他处理 beside its three blank rows went to the values row of （五）4. far above it)
        if rows:
            min(rows, key=lambda r: abs(r[0] - b.middle))[1].append(b)
        else:
            rows.append((b.middle, [b], None))
    first = anchors[0].top if anchors else max(b.top for b in labels) if labels else max(b.top for b in headers)
    head = [b for b in headers if b.bottom <= first]
    for row in [r for r in rows if r[2] is None]:  # a label cell on the header lines: the header's corner
        b = row[1][0]
        if b.bottom <= first and any(h.top < b.bottom and b.top < h.bottom for h in head):
            rows.remove(row)
            head.append(b)
    body = [b for b in headers if b.bottom > first]
    for b in body:  # header words printed below the first row (a header repeated): their own row
        rows.append(((b.top + b.bottom) / 2, [b], None))
    rows.sort(key=lambda r: r[0])
    cells: list[Cell] = []
    notes: dict[int, str] = {}
    r = 0
    if head:
        head.sort(key=lambda b: (b.x0, b.top))
        for c, b in enumerate(head):
            cells.append(Cell(text=b.text, row=r, col=c, page=page, bbox=(b.x0, b.top, b.x1, b.bottom)))
        r += 1
    for _, label_blocks, line in rows:
        if line is None and any(b in body for b in label_blocks):
            b = label_blocks[0]
            cells.append(Cell(text=b.text, row=r, col=0, page=page, bbox=(b.x0, b.top, b.x1, b.bottom)))
            r += 1
            continue
        label_blocks.sort(key=lambda b: (b.x0, b.top))
        top = min([b.top for b in label_blocks] + ([line.top] if line else []))
        bottom = max([b.bottom for b in label_blocks] + ([line.bottom] if line else []))
        if label_blocks:
            lx0, lx1 = min(b.x0 for b in label_blocks), max(b.x1 for b in label_blocks)
            label = Cell(text="".join(b.text for b in label_blocks), row=r, col=0, page=page,
                         bbox=(lx0, top, lx1, bottom))
            cells.append(label)
            if line is None and id(label_blocks[0]) in touching:
                notes[id(label)] = (f"page {page}: the row '{label.text}' of a table printed without rules has "
                                    "no values and touches a neighbouring row: read as blank cells, but it may "
                                    "be part of that row")
            elif line is not None and r == len(rows) - 1 + bool(head) and _group_label(fold(label.text)) and all(
                    any(o.x0 >= b.x1 - EDGE * height for o in labels) for b in label_blocks):
                notes[id(label)] = (f"page {page}: the values of the table's last row stand beside the outer label "
                                    f"'{label.text}' only: their own label may be on the next page")
        placed = {}
        for w in line.values if line else []:
            placed[_overlapping(cols, w.x0, w.x1)[0]] = w
        for c, (x0, x1) in enumerate(cols):
            w = placed.get(c)
            if w is not None:
                cells.append(Cell(text=w.text, row=r, col=c + 1, page=page, bbox=w.printed_box,
                                  confidence=w.confidence, wrapped=w.wrapped is not None))
            else:
                cells.append(Cell(text="", row=r, col=c + 1, page=page, bbox=(x0, top, x1, bottom)))
        r += 1
    boxes = [c.bbox for c in cells if c.bbox is not None]
    table = Table(cells=cells, grid=True, page=page)
    table.bbox = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                  max(b[3] for b in boxes))
    return table, notes


@dataclass
class Pages:
    """The unruled tables of one document, page after page: a row a page break cut is joined, and what is
    left unsure is said once every page is read."""

    fold: Fold = str
    ids: set[int] = field(default_factory=set)
    unsure: dict[int, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    headers: set[int] = field(default_factory=set)
    recognised: set[int] = field(default_factory=set)  # the ``id`` of tables whose words OCR read
    carry: Columns | None = None  # the columns of the table the last page read ended with (:meth:`end_page`)

    def add(self, found: Found) -> None:
        self.carry = None  # a page is read: what the page before carried is spent
        tables = {id(b) for _, b in found.blocks if isinstance(b, Table)}
        self.ids.update(tables)
        if found.recognised:
            self.recognised.update(tables)
        self.headers |= found.headers
        self.unsure.update(found.unsure)
        self.notes.extend(found.warnings)

    def end_page(self, items: list[tuple[float, Block]]) -> None:
        """Carry to the next page the columns of this page's last block (``items`` in reading order) when it
        is a table printed without rules: its rows may go on there, some with no values line at all."""
        last = items[-1][1] if items else None
        self.carry = columns_of(last) if isinstance(last, Table) and id(last) in self.ids else None

    def join(self, pages: list[list[tuple[float, Block]]]) -> int:
        """Join, in place, the last row of a page's last unruled table with the first row of the next page's
        first one where a page break cut it: values on one side and their label (or its tail) on the other.
        Returns how many rows were joined."""
        joined = 0
        for items, following in zip(pages, pages[1:], strict=False):
            upper = next((b for _, b in reversed(items) if isinstance(b, Table)), None)
            if upper is not None and items[-1][1] is upper and id(upper) in self.ids \
                    and _take_moved_label(upper, following, self.fold):
                joined += 1
                continue
            at = next((i for i, (_, b) in enumerate(following) if isinstance(b, Table)), None)
            if upper is None or at is None or id(upper) not in self.ids or id(following[at][1]) not in self.ids:
                continue
            lower = following[at][1]
            if id(upper) in self.headers:
                if _rehead(upper, lower):  # the header alone at the foot of the page: over the values again
                    items[:] = [(top, b) for top, b in items if b is not upper]
                    joined += 1
                continue
            cut = _join_rows(upper, lower, self.fold)
            if not cut and _recolumn(upper, lower):  # the table goes on without its header: its columns too
                joined += 1
                continue
            if cut:
                for key in cut:
                    self.unsure.pop(key, None)  # the row is whole again: no longer a doubtful blank row
                joined += 1
                if not lower.cells:
                    del following[at]
        return joined

    def close_headers(self, pages: list[list[tuple[float, Block]]]) -> None:
        """Give a header printed alone (after :meth:`join`), the last table of its page, a blank row where nothing
        follows it but the next section (a heading, ``五、存在的主要问题…``, next on its page or first on the next
        page, or no page at all): an unruled table prints a blank row as nothing, so its cells were printed
        blank (pdfmake prints table 四 blank with the next section under it on the same page). Said,
        so that the record is reviewed (table 四 printed blank was read as no table at all: 15 cells missing)."""
        for at, items in enumerate(pages):
            where = next((k for k in range(len(items) - 1, -1, -1) if isinstance(items[k][1], Table)), None)
            header = items[where][1] if where is not None else None
            if header is None or id(header) not in self.headers or any(c.row > 0 for c in header.cells):
                continue
            after = [b for _, b in items[where + 1:] if not (isinstance(b, Paragraph) and is_page_number(b.text))]
            following = after or [b for _, b in (pages[at + 1] if at + 1 < len(pages) else [])]
            first = next(iter(following), None)
            if first is not None and not (isinstance(first, Paragraph) and HEADING.match(self.fold(first.text))):
                continue
            if _blank_row(header):
                self.notes.append(f"page {header.page}: a table's header printed without rules has nothing under "
                                  "it before the next section: its cells read as blank")

    def warnings(self, tables: list[Table]) -> list[str]:
        """What is still unsure about the rows of ``tables`` (the blocks kept), then the notes. A blank cell of a
        table OCR read is one: a value the recogniser lost (a faint 0 dropped as a speck) leaves a blank that no
        identity can catch, so the rows with one are named (the record is flagged; see mapper/align.OCR_BLANKS)."""
        kept = {id(c) for t in tables for c in t.cells}
        out = [v for k, v in self.unsure.items() if k in kept]
        for t in tables:
            rows = [row for row in t.rows() if id(t) in self.recognised and any(c.col > 0 and not c.text for c in row)]
            if rows:
                labels = "', '".join(next((c.text for c in row if c.col == 0), "") for row in rows)
                out.append(f"page {t.page}: the rows '{labels}' of a table printed without rules have cells read as "
                           "blank in an OCR reading that may have lost a value")
        return out + self.notes


def _header_columns(header: Table) -> list[list[float]]:
    """The columns under a header: its lowest cells' x-ranges (a group's cell over several makes none)."""
    cols: list[list[float]] = []
    for c in sorted(header.cells, key=lambda c: -c.bbox[3]):
        if not _overlapping(cols, c.bbox[0], c.bbox[2]):
            cols.append([c.bbox[0], c.bbox[2]])
    return sorted(cols)


def _blank_row(header: Table) -> bool:
    """Add, in place, a row of blank cells under each of the header's columns; whether there were any."""
    cols = _header_columns(header)
    if not cols:
        return False
    bottom = max(c.bbox[3] for c in header.cells)
    height = min(c.bbox[3] - c.bbox[1] for c in header.cells)
    header.cells += [Cell("", 1, k, page=header.page, bbox=(x0, bottom, x1, bottom + height))
                     for k, (x0, x1) in enumerate(cols)]
    return True


def _rehead(header: Table, lower: Table) -> bool:
    """Put a header printed alone at the foot of a page over the values of the next page's first table: the
    values are placed again in the header's columns (the lowest header row's cells; a value under no column
    or under two, or two under one, leaves the tables as they are). Returns whether it was done."""
    cols = _header_columns(header)
    values = [c for c in lower.cells if c.col > 0 and c.text]
    if not values or any(not is_value(c.text) for c in values):
        return False  # no values, or the next page prints its own header
    slots = {id(c): _overlapping(cols, c.bbox[0], c.bbox[2]) for c in values}
    if any(len(s) != 1 for s in slots.values()):
        return False
    first = min(s[0] for s in slots.values())
    cells: list[Cell] = [Cell(c.text, 0, c.col, page=c.page, bbox=c.bbox) for c in header.cells]
    for row in lower.rows():
        r = row[0].row + 1
        placed = {slots[id(c)][0]: c for c in row if id(c) in slots}
        if len(placed) != sum(1 for c in row if id(c) in slots):
            return False
        top, bottom = min(c.bbox[1] for c in row), max(c.bbox[3] for c in row)
        cells += [Cell(c.text, r, 0, page=c.page, bbox=c.bbox, confidence=c.confidence) for c in row if c.col == 0]
        for k in range(first, len(cols)):
            c = placed.get(k)
            bbox = c.bbox if c else (cols[k][0], top, cols[k][1], bottom)
            cells.append(Cell(c.text if c else "", r, k - first + 1, page=row[0].page, bbox=bbox,
                              confidence=c.confidence if c else None, wrapped=bool(c and c.wrapped)))
    lower.cells = cells
    return True


def _recolumn(upper: Table, lower: Table) -> bool:
    """A table continued on the next page without its header, where the values found fewer columns than the
    table has (a column blank in every row of that page): the values placed again in the columns of the
    part above (the x-ranges of its cells). Left as it is when a value falls under no column or under two."""
    body = [row for row in upper.rows() if all(is_value(c.text) or not c.text for c in row if c.col > 0)]
    lower_rows = lower.rows()
    if not body or any(c.text and not is_value(c.text) for row in lower_rows for c in row if c.col > 0):
        return False
    ranges: dict[int, list[float]] = {}
    for c in (c for row in body for c in row if c.col > 0):
        span = ranges.setdefault(c.col, [c.bbox[0], c.bbox[2]])
        span[0], span[1] = min(span[0], c.bbox[0]), max(span[1], c.bbox[2])
    cols = [ranges[k] for k in sorted(ranges)]
    width = max((c.col for c in lower.cells), default=0)
    if width >= len(cols) or any(b[0] < a[1] for a, b in zip(cols, cols[1:], strict=False)):
        return False
    cells: list[Cell] = []
    for row in lower_rows:
        values = [c for c in row if c.col > 0 and c.text]
        slots = [_overlapping(cols, c.bbox[0], c.bbox[2]) for c in values]
        if any(len(s) != 1 for s in slots) or len({s[0] for s in slots}) != len(slots):
            return False
        placed = {s[0]: c for s, c in zip(slots, values, strict=True)}
        top, bottom = min(c.bbox[1] for c in row), max(c.bbox[3] for c in row)
        cells += [c for c in row if c.col == 0]
        for k, (x0, x1) in enumerate(cols):
            c = placed.get(k)
            cells.append(Cell(c.text, row[0].row, k + 1, page=c.page, bbox=c.bbox, confidence=c.confidence,
                              wrapped=c.wrapped) if c
                         else Cell("", row[0].row, k + 1, page=row[0].page, bbox=(x0, top, x1, bottom)))
    lower.cells = cells
    return True


def _split(row: list[Cell]) -> tuple[Cell | None, list[Cell]]:
    label = next((c for c in row if c.col == 0), None)
    return label, [c for c in row if c.col > 0]


def _join_rows(upper: Table, lower: Table, fold: Fold) -> set[int]:
    """One row cut by the page: ``upper``'s last and ``lower``'s first (not a header: all its cells hold
    values or nothing). The label texts are joined and the values taken from the side that has them. Returns
    the ``id`` of the cells of both halves, or nothing when the two rows are not one."""
    a_row, b_row = upper.rows()[-1], lower.rows()[0]
    (a_label, a_values), (b_label, b_values) = _split(a_row), _split(b_row)
    if any(c.text and not is_value(c.text) for c in a_values + b_values) or len(a_values) != len(b_values):
        return set()
    a_has, b_has = any(c.text for c in a_values), any(c.text for c in b_values)
    if a_has and b_has:
        return set()
    b_text = b_label.text if b_label else ""
    a_text = a_label.text if a_label else ""
    if a_has and _row_label(fold(b_text), WHOLE_LABEL) and _row_label(fold(a_text), WHOLE_LABEL) \
            and not _outer_only(a_label, b_label, a_values, fold):
        return set()  # a row of its own at the top of the page (blank), not the tail of the row above
    if b_has and not a_has and _row_label(fold(a_text), WHOLE_LABEL) and _row_label(fold(b_text), WHOLE_LABEL):
        return set()  # a blank row of its own at the foot of the page, and a row of its own at the head
    if not a_has and not b_has and b_label is not None and _row_label(fold(b_text)):
        return set()
    if a_label is None and b_label is not None:
        b_label.row = a_row[0].row
        upper.cells.append(b_label)
    elif a_label is not None and b_label is not None:
        a_label.text = _joined_label(a_label, b_label, a_values, fold)
    if b_has:
        for a, b in zip(a_values, b_values, strict=True):
            a.text, a.bbox, a.page, a.wrapped = b.text, b.bbox, b.page, b.wrapped
    taken = {id(c) for c in b_row}
    lower.cells = [c for c in lower.cells if id(c) not in taken]
    for c in lower.cells:
        c.row -= 1
    return taken | {id(c) for c in a_row}


def _take_moved_label(upper: Table, following: list[tuple[float, Block]], fold: Fold) -> bool:
    """A values row at a page's foot whose label the page break moved, alone, to the head of the next page
    (pdfmake keeps a row's one-line values on the page and moves its label, set in a taller face, to the next:
    ``3 3 81`` at the foot, ``规范性文件`` at the head, read as a blank row): where the row has values and no
    label, and the next page begins with a paragraph in the label column (ending left of the row's first value)
    that names a row whole, that paragraph becomes the row's label. Returns whether it did."""
    row = upper.rows()[-1]
    label, values = _split(row)
    filled = [c for c in values if c.text and c.bbox is not None]
    if (label is not None and label.text) or not filled or not following:
        return False
    first = following[0][1]
    if not isinstance(first, Paragraph) or first.bbox is None or not _row_label(fold(first.text), WHOLE_LABEL):
        return False
    if first.bbox[2] > min(c.bbox[0] for c in filled):
        return False
    if label is None:
        upper.cells.append(Cell(first.text, row[0].row, 0, page=first.page, bbox=first.bbox))
    else:
        label.text, label.page, label.bbox = first.text, first.page, first.bbox
    del following[0]
    return True


def _joined_label(a_label: Cell, b_label: Cell, a_values: list[Cell], fold: Fold) -> str:
    """The label of a row a page cut: the upper half's text, then the lower's. Where the lower half stands
    under the left part of the upper label cell only (from its left edge, ending well before its right), it
    is the tail of the outer (rowspan) label printed left of the row's own (三、本 + （一）予以公开 at a page's
    foot, 年度办理结果 at the next page's head): it goes after the part of the upper text it completes into a
    group or row named whole, so that the row's own label comes last (三、本年度办理结果（一）予以公开, not
    三、本（一）予以公开年度办理结果)."""
    a_text, b_text = a_label.text, b_label.text
    heights = [c.bbox[3] - c.bbox[1] for c in a_values if c.text and c.bbox is not None]
    if a_label.bbox is None or b_label.bbox is None or not heights:
        return a_text + b_text
    edge = EDGE * min(heights)
    if abs(b_label.bbox[0] - a_label.bbox[0]) > edge or b_label.bbox[2] > a_label.bbox[2] - edge:
        return a_text + b_text  # not under the upper label's left part (an outer label left of it, say)
    for k in range(1, len(a_text)):
        outer = fold(a_text[:k] + b_text)
        if (_group_label(outer) or _row_label(outer, WHOLE_LABEL)) and _row_label(fold(a_text[k:]), WHOLE_LABEL):
            return a_text[:k] + b_text + a_text[k:]
    return a_text + b_text


def _outer_only(a_label: Cell | None, b_label: Cell | None, a_values: list[Cell], fold: Fold = str) -> bool:
    """Whether the values row at a page's foot is labelled only by an outer (rowspan) label, such as
    （六）其他处理, and the label at the next page's head lies in a column right of it: the row's own label,
    which the page break (a wrapped label kept whole on the next page) moved away from its values."""
    if a_label is None or b_label is None or a_label.bbox is None or b_label.bbox is None:
        return False
    if not _group_label(fold(a_label.text)):
        return False  # only a group's label (（六）其他处理) heads rows of its own
    heights = [c.bbox[3] - c.bbox[1] for c in a_values if c.text and c.bbox is not None]
    if not heights:
        return False
    return b_label.bbox[0] >= a_label.bbox[2] - EDGE * min(heights)


def _column_header(text: str) -> bool:
    """Whether the text names a column of the template and no row (``结果维持``; not ``其他``): a header,
    wherever it is printed (table 四 has no label column, so its header starts left of every value)."""
    kinds = {r.kind for m in label_index().scan(text) for r in m.refs}
    return "col" in kinds and "row" not in kinds


def _group_label(text: str) -> bool:
    """Whether the text names a group of rows of the template whole (（六）其他处理, （五）不予处理)."""
    return any(r.kind == "group" and m.score >= WHOLE_LABEL for m in label_index().scan(text) for r in m.refs)


def _row_label(text: str, score: float = 0.0) -> bool:
    """Whether the text names a row of the template by itself (so it is not the tail of another label), with
    at least this match score."""
    return any(r.kind == "row" and m.score >= score for m in label_index().scan(text) for r in m.refs)
