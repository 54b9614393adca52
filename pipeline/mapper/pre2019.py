"""The legacy (2008-2018) statistics table → the core indicators ``legacy.*``, with provenance.

Each province drew its own 政府信息公开情况统计表: 指标名称 | 计量单位 | 本年度 | 历年累计 (Fujian), 序号 |
统计指标 | 单位 | 数量, or the national 统计指标 | 单位 | 统计数 with 一、主动公开情况 … as category rows. The
table is found (a table whose cells name legacy rows, or the text after a header such as 指标名称), its rows
are read in order, and each row's values fill the value columns its header prints; only the 本年度 column
is canonical, never 历年累计.

A web page flattened into one run of text prints ``主动公开文件数条212210037``: the 本年度 and 历年累计 digits
run together. Every cut is enumerated (:func:`~pipeline.mapper.splits.fit_row`), and a cut must keep 本年度 ≤
历年累计. Rows after a 其中 are sub-rows of the row before them: a sub-row is never above its parent, and
sub-rows that add up to their parent are preferred. A cut the prose confirms (``主动公开政府信息2122条``)
wins; what is still open is the most even cut, reported ambiguous with its alternatives.

The report's own sentences give the indicators the table does not print (method ``prose``, zeros in words
included), and confirm (or contradict, with a warning) the ones it does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..document import Cell, Document, Paragraph, Table
from ..prose.pre2019 import Statement, pre2019_statements
from ..sections import Sections, Segment
from ..template.labels import LabelMatch, LabelRef
from ..template.normalize import fold_width
from ..template.pre2019 import INDICATORS, TABLE, pre2019_label_index
from ..template.schema import load_schema
from .common import TableReading, sum_holds
from .resolve import MAX_ALTERNATIVES, RowFit
from .splits import Candidate, Fit, Part, balance, fit_row
from .stream import (
    NULL_CELL,
    NUMBER_CELL,
    LabelTok,
    RowEnd,
    Token,
    ValueTok,
    _value_spans,
    _where,
    _with_printed,
    cell_where,
)

#: A header cell naming the report's year as the value column: 2017年度, 2017年, 2017年度数.
_YEAR_COLUMN = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})\s*年(?:度)?(?:数)?")
YEAR_PREFIX = "year:"
#: Words that open a statistics table in running text (a header, or the table's title).
_HEADER_ANCHOR = re.compile(r"指标名称|统计指标|计量单位")
_TITLE_ANCHOR = re.compile(r"(?:政府信息公开|信息公开)(?:工作)?(?:情况)?统计(?:表|情况表)")
#: A table (or the text after an anchor) is the statistics table when it names at least this many rows.
MIN_ROWS = 2
#: Title and header words this close together open the table together (七、…统计表 指标名称 计量单位).
ANCHOR_GAP = 12
#: Lines after the anchor's paragraph still belong to the table while they are this short and name a row.
TABLE_LINE_CHARS = 80
#: Confidence given to a value that only the prose states (as the prose rules are trusted).
PROSE_SCORE = 95.0
VALUE_COLUMNS = ("this_year", "cumulative", "previous", "other_year")
_ROW_KINDS = ("row", "other")


@dataclass
class Pre2019Row:
    label: LabelTok
    ref: LabelRef
    columns: list[str]  # the value columns the header above prints, in order
    serial: bool  # the header prints 序号: in a 1-D run, the next row's number ends this row's values
    qizhong: bool = False
    values: list[ValueTok] = field(default_factory=list)
    group: int = 0  # the category heading the row is under (0: none yet)
    level: int = 0
    parent: int | None = None
    options: list[Candidate] = field(default_factory=list)
    note: str = ""

    @property
    def indicator(self) -> str | None:
        return self.ref.ident if self.ref.kind == "row" else None

    def value(self, cand: Candidate, column: str):
        return cand[self.columns.index(column)].value if column in self.columns else None


# --------------------------------------------------------------------------- where the table is


def pre2019_region(doc: Document) -> list[Segment]:
    """The statistics table: tables naming legacy rows, else the text from a title or header onwards (in the
    same paragraph, as a crawled page prints it, and the short lines after it, as pdftotext does)."""
    tables = [Segment(i) for i, b in enumerate(doc.blocks)
              if isinstance(b, Table) and _row_count(" ".join(c.text for c in b.cells)) >= MIN_ROWS]
    if tables:
        return tables
    for i, block in enumerate(doc.blocks):
        if not isinstance(block, Paragraph):
            continue
        folded = fold_width(block.text)
        anchors = _anchors(folded)
        if not anchors:
            continue
        lines = _table_lines(doc, i + 1)
        below = sum(_row_count(doc.blocks[j].text) for j in lines)
        for k in range(len(anchors) - 1, -1, -1):  # the last one that rows follow: reports name it earlier too
            if _row_count(folded[anchors[k][0]:]) + below >= MIN_ROWS:
                while k and anchors[k][0] - anchors[k - 1][1] <= ANCHOR_GAP:
                    k -= 1
                return [Segment(i, anchors[k][0]), *(Segment(j) for j in lines)]
    return []


def _anchors(folded: str) -> list[tuple[int, int]]:
    return sorted((m.start(), m.end()) for p in (_TITLE_ANCHOR, _HEADER_ANCHOR) for m in p.finditer(folded))


def _table_lines(doc: Document, first: int) -> list[int]:
    """The short lines from ``first`` on that print a row, or header words, of the table."""
    out = []
    for j in range(first, len(doc.blocks)):
        block = doc.blocks[j]
        if not isinstance(block, Paragraph) or len(" ".join(block.text.split())) > TABLE_LINE_CHARS:
            break
        if not (_row_count(block.text) or _HEADER_ANCHOR.search(fold_width(block.text))):
            break
        out.append(j)
    return out


def _row_count(text: str) -> int:
    return sum(1 for m in _scan(re.sub(r"\d", " ", _YEAR_COLUMN.sub(" ", fold_width(text))))
               if _ref(m).kind in _ROW_KINDS)


def _scan(text: str) -> list[LabelMatch]:
    return [m for piece in text.split() for m in pre2019_label_index().scan_rows(piece)] if text.strip() else []


def _ref(match: LabelMatch) -> LabelRef:
    return match.refs[0]


# --------------------------------------------------------------------------- tokens


class TableStart(RowEnd):
    """A new table begins: the header words that follow replace the old header."""


def pre2019_tokens(doc: Document, segments: list[Segment]) -> list[Token]:
    """The region as one stream: legacy labels, values and row ends (as :mod:`.stream` does for the template)."""
    tokens: list[Token] = []
    for seg in segments:
        block = doc.blocks[seg.block]
        if isinstance(block, Table):
            tokens.append(TableStart())
            for row in block.rows():
                for cell in row:
                    tokens.extend(_cell_tokens(cell, seg.block, block.grid))
                if block.grid:
                    tokens.append(RowEnd())
        else:
            where = {"block": seg.block} | ({"page": block.page} if block.page is not None else {})
            if block.confidence is not None:  # an OCR line: the record's unsure-reading check must see it
                where["ocr_confidence"] = block.confidence
            line = _text_tokens(block.text[seg.start : seg.end], where, seg.start, block.offset)
            tokens.extend(_with_printed(line, block.printed, len(block.text)))
            tokens.append(RowEnd())
    return tokens


def _cell_tokens(cell: Cell, block: int, grid: bool) -> list[Token]:
    """A cell's tokens; each keeps what the reader says of the reading (OCR confidence, printed text, a wrapped
    number), so that an unsure OCR reading of a legacy cell reaches the record's check (:mod:`pipeline.record`)."""
    where = cell_where(cell, block, grid)
    text = fold_width(cell.text).strip()
    if not text:
        return [ValueTok("", "empty", False, where)]
    if NULL_CELL.match(text):
        return [ValueTok(text, "null", False, where | {"text": cell.text})]
    m = NUMBER_CELL.match(text)
    if m:
        return [ValueTok(m.group("num").replace(",", ""), "number", False, where | {"text": cell.text})]
    if _YEAR_COLUMN.fullmatch(text):
        return [_column(text, where)]
    if re.search(r"\d", text):
        return [t for t in _text_tokens(cell.text, where, 0, cell.offset) if not isinstance(t, RowEnd)]
    return [LabelTok(m, where | {"text": m.printed}) for m in pre2019_label_index().scan_rows(text)]


def _column(text: str, where: dict) -> LabelTok:
    """A year heading a value column (2017年度): this year's column, or another year's (:func:`read_rows`)."""
    ref = LabelRef(TABLE, "col", f"{YEAR_PREFIX}{_YEAR_COLUMN.match(text).group('year')}")
    return LabelTok(LabelMatch((ref,), None, 0, len(text), text, 100.0), where | {"text": text})


def _text_tokens(text: str, where: dict, start: int, offset: int | None) -> list[Token]:
    """Labels and numbers in running text; a year naming the value column (2017年度) is a header word."""
    folded = fold_width(text)
    years = [(m.start(), m.end()) for m in _YEAR_COLUMN.finditer(folded)]
    spans = [(s, e, "year") for s, e in years]
    spans += [(s, e, k) for s, e, k in _value_spans(folded) if not any(s < ye and ys < e for ys, ye in years)]
    tokens: list[Token] = []
    pos = 0
    for s, e, kind in sorted(spans):
        tokens.extend(_labels(folded, pos, s, where, start, offset))
        w = _where(where, start + s, e - s, offset, folded[s:e])
        if kind == "year":
            tokens.append(_column(folded[s:e], w))
        else:
            tokens.append(ValueTok(folded[s:e].replace(",", ""), kind, kind == "number", w))
        pos = e
    tokens.extend(_labels(folded, pos, len(folded), where, start, offset))
    return tokens


def _labels(text: str, s: int, e: int, where: dict, start: int, offset: int | None) -> list[LabelTok]:
    if e <= s or not text[s:e].strip():
        return []
    return [LabelTok(m, _where(where, start + s + m.start, m.end - m.start, offset, m.printed))
            for m in pre2019_label_index().scan_rows(text[s:e])]


# --------------------------------------------------------------------------- rows


def read_rows(tokens: list[Token], year: int | None = None) -> list[Pre2019Row]:
    """The table's rows in order, each with the values printed after its label and the header above it.

    A year heading a column is this year's column when it is the year reported on (``year``), another year's
    otherwise; without a column of this year's, the first value column is taken for it."""
    rows: list[Pre2019Row] = []
    header: list[str] = []
    fresh, renew = True, False  # column words extend the header until a row starts; renew: a new table's
    qizhong = False
    group = 0
    current: Pre2019Row | None = None

    def close() -> None:
        nonlocal current
        if current is not None and current.serial and _in_run(current) and len(current.values) > len(current.columns):
            current.values.pop()  # the next row's 序号
        current = None

    for tok in tokens:
        if isinstance(tok, RowEnd):
            close()
            if isinstance(tok, TableStart):
                fresh, renew = True, True
            continue
        if isinstance(tok, ValueTok):
            if current is not None:
                current.values.append(tok)
            continue
        ref = _ref(tok.match)
        if ref.kind == "col":
            if fresh:
                header = [] if renew else header
                renew = False
                header.append(_column_of(ref.ident, year))
            continue
        if ref.kind == "mark":
            qizhong = True
            continue
        close()
        fresh = renew = False
        if ref.kind in _ROW_KINDS:
            current = Pre2019Row(tok, ref, _value_columns(header), "serial" in header, qizhong, group=group)
            rows.append(current)
        else:  # a category heading: the rows under it start a new outline
            group += 1
        qizhong = False
    close()
    _outline(rows)
    return rows


def _column_of(ident: str, year: int | None) -> str:
    if not ident.startswith(YEAR_PREFIX):
        return ident
    return "this_year" if year is None or int(ident[len(YEAR_PREFIX):]) == year else "other_year"


def _value_columns(header: list[str]) -> list[str]:
    """The value columns in order (a heading repeated by a merged cell counted once), this year's among them."""
    columns = list(dict.fromkeys(c for c in header if c in VALUE_COLUMNS)) or ["this_year"]
    if "this_year" not in columns:
        columns[0] = "this_year"
    return columns


def _in_run(row: Pre2019Row) -> bool:
    return "row" not in row.label.where


def _outline(rows: list[Pre2019Row]) -> None:
    """Each row's level and parent. 其中 opens a level below the row before it; a numbering style keeps the
    level it was first seen at (一、 > （一） > 1. …), a new one goes a level down; a category heading starts
    the outline again."""
    levels: dict[str | None, int] = {}
    for i, row in enumerate(rows):
        previous = rows[i - 1] if i and rows[i - 1].group == row.group else None
        if previous is None:
            levels = {}
        style = row.label.match.numbering.style if row.label.match.numbering else None
        if previous is None:
            level = 0
        elif row.qizhong:
            level = previous.level + 1
        elif style in levels:
            level = levels[style]
        else:
            level = previous.level + 1 if style is not None else 0
        levels[style] = level
        row.level = level
        row.parent = next((j for j in range(i - 1, -1, -1)
                           if rows[j].group == row.group and rows[j].level < level), None)


# --------------------------------------------------------------------------- values


def _fit(row: Pre2019Row) -> Fit:
    n = len(row.columns)
    decimal = [row.ref.ident == "fees"] * n
    toks = row.values
    if not toks:
        if "row" in row.label.where or row.indicator is None:
            return Fit([], "missing", "no values")
        return Fit([tuple(Part("", "empty", row.label.where) for _ in range(n))], "blank",
                   "printed with no value in running text: read as blank (null)")
    if len(toks) < n and not any(t.splittable for t in toks):
        pad = tuple(Part("", "empty", toks[-1].where) for _ in range(n - len(toks)))
        return Fit([tuple(Part(t.raw, t.kind, t.where) for t in toks) + pad], "cells")
    return fit_row(toks, n, decimal, keep=lambda c: _in_order(row, c))


def _in_order(row: Pre2019Row, cand: Candidate) -> bool:
    """本年度 never exceeds 历年累计."""
    this, total = row.value(cand, "this_year"), row.value(cand, "cumulative")
    return this is None or total is None or this <= total


def _children(rows: list[Pre2019Row], i: int) -> list[int]:
    return [j for j, r in enumerate(rows) if r.parent == i]


def _consistent(rows: list[Pre2019Row], i: int, cand: Candidate, fixed: dict[int, Candidate]) -> bool:
    """No sub-row above its parent, in any value column (against the rows already read)."""
    row = rows[i]
    pairs = []
    if row.parent is not None and row.parent in fixed:
        pairs.append((rows[row.parent], fixed[row.parent], row, cand))
    pairs += [(row, cand, rows[j], fixed[j]) for j in _children(rows, i) if j in fixed]
    for parent, pc, child, cc in pairs:
        for col in VALUE_COLUMNS:
            p, c = parent.value(pc, col), child.value(cc, col)
            if p is not None and c is not None and c > p:
                return False
    return True


def _sums(rows: list[Pre2019Row], i: int, cand: Candidate, fixed: dict[int, Candidate]) -> bool:
    """Whether ``cand`` lets a family (a parent and its sub-rows, all others read) add up, in each value column
    the parent's header prints: a column the table does not print, or a blank member, tells nothing (every
    column of :data:`VALUE_COLUMNS` would fail every family, and the sums would never be preferred)."""
    for parent in {i, rows[i].parent} - {None}:
        kids = _children(rows, parent)
        members = [parent, *kids]
        if not kids or any(m != i and m not in fixed for m in members):
            continue
        chosen = {m: (cand if m == i else fixed[m]) for m in members}
        for col in rows[parent].columns:
            parts = [rows[k].value(chosen[k], col) for k in kids]
            if not sum_holds(rows[parent].value(chosen[parent], col), parts, every_part=True):
                return False
    return True


def _resolve(rows: list[Pre2019Row], said: dict[str, list[Statement]]) -> None:
    """Narrow every row's readings: the order of the columns, the sub-rows, the sums, the prose."""
    fixed = {i: r.options[0] for i, r in enumerate(rows) if len(r.options) == 1}
    changed = True
    while changed:
        changed = False
        for i, row in enumerate(rows):
            if len(row.options) <= 1 or i in fixed:
                continue
            narrowed = [c for c in row.options if _consistent(rows, i, c, fixed)] or row.options
            narrowed = [c for c in narrowed if _sums(rows, i, c, fixed)] or narrowed
            narrowed = [c for c in narrowed if _supported(row, c, said)] or narrowed
            if len(narrowed) < len(row.options):
                row.options, changed = narrowed, True
            if len(row.options) == 1:
                fixed[i] = row.options[0]


def _unbalanced_cuts(rows: list[Pre2019Row]) -> list[str]:
    """A family whose sub-rows do not add up to their row, where a member's value was cut out of a run of
    digits: the cut is a guess that no constraint confirms, so the record goes to review (never ``ok``)."""
    out = []
    for i, row in enumerate(rows):
        kids = _children(rows, i)
        members = [i, *kids]
        if not kids or any(len(rows[m].options) != 1 for m in members):
            continue
        if not any(part.split for m in members for part in rows[m].options[0]):
            continue
        total = row.value(row.options[0], "this_year")
        parts = [rows[k].value(rows[k].options[0], "this_year") for k in kids]
        if not sum_holds(total, parts, every_part=True):
            out.append(f"legacy table row '{row.label.match.printed}': its sub-rows add up to {sum(parts)}, "
                       f"expected {total} (digits cut from a run, the cut unconfirmed)")
    return out


def _supported(row: Pre2019Row, cand: Candidate, said: dict[str, list[Statement]]) -> bool:
    this = row.value(cand, "this_year")
    return row.indicator is not None and this is not None and any(s.value == this for s in said.get(row.indicator, []))


# --------------------------------------------------------------------------- the reading


def map_pre2019(doc: Document, sections: Sections, prose: list[dict], year: int | None) -> TableReading:
    """The core indicators of a legacy report: its statistics table first, its sentences for the rest."""
    reading = TableReading(TABLE)
    region = pre2019_region(doc)
    rows = read_rows(pre2019_tokens(doc, region), year) if region else []
    said: dict[str, list[Statement]] = {}
    for statement in pre2019_statements(doc, prose, year, exclude=region):
        said.setdefault(statement.indicator, []).append(statement)
    for row in rows:
        fit = _fit(row)
        row.options, row.note = fit.candidates, fit.note
    _resolve(rows, said)
    reading.warnings.extend(_unbalanced_cuts(rows))
    read: dict[str, RowFit] = {}
    for row in rows:
        if row.indicator is None or not row.options:
            if row.indicator is not None:
                reading.warnings.append(f"legacy table row '{row.label.match.printed}': {row.note or 'no values'}")
            continue
        fit = _row_fit(row, said)
        key = f"{TABLE}.{row.indicator}"
        if key in read:
            if fit.chosen[0].value != read[key].chosen[0].value:
                reading.warnings.append(f"legacy table prints {key} twice ('{read[key].label}' and "
                                        f"'{fit.label}'): the first is kept")
            continue
        read[key] = fit
        _check_prose(reading, key, fit, said.get(row.indicator, []))
    for indicator in INDICATORS:
        key = f"{TABLE}.{indicator}"
        if key not in read and said.get(indicator):
            read[key] = _prose_fit(key, said[indicator], reading)
    reading.rows = [read[k] for k in _order() if k in read]
    return reading


def _row_fit(row: Pre2019Row, said: dict[str, list[Statement]]) -> RowFit:
    """The row's 本年度 value: the best reading, the others (with another 本年度) as alternatives."""
    at = row.columns.index("this_year")
    options = sorted(row.options, key=lambda c: (not _supported(row, c, said), balance(c)))
    distinct = [_with_cumulative(row, c, at, options) for c in {c[at].raw: c for c in options}.values()]
    chosen = distinct[0]
    fit = RowFit(row.label.match.printed, [f"{TABLE}.{row.indicator}"],
                 Fit([(c[at],) for c in distinct], "split" if chosen[at].split else "cells"),
                 chosen=(chosen[at],), ambiguous=len(distinct) > 1,
                 alternatives=[(c[at],) for c in distinct[1 : 1 + MAX_ALTERNATIVES]],
                 label_score=row.label.match.score)
    return fit


def _with_cumulative(row: Pre2019Row, cand: Candidate, at: int, options: list[Candidate]) -> Candidate:
    """``cand`` with its 历年累计 noted on the 本年度 part (``where["cumulative"]``) where every reading with this
    本年度 gives the same one: the batch checks it against the agency's previous year
    (:mod:`pipeline.collection.cumulative`)."""
    if "cumulative" not in row.columns:
        return cand
    totals = {row.value(c, "cumulative") for c in options if c[at].raw == cand[at].raw}
    total = totals.pop() if len(totals) == 1 else None
    if total is None:
        return cand
    part = cand[at]
    noted = Part(part.raw, part.kind, {**part.where, "cumulative": int(total) if total == int(total) else str(total)},
                 part.split)
    return (*cand[:at], noted, *cand[at + 1 :])


def _check_prose(reading: TableReading, key: str, fit: RowFit, statements: list[Statement]) -> None:
    """Note a sentence that states the table's value; warn about one that states another."""
    part = fit.chosen[0]
    if part.value is None or not statements:
        return
    agree = next((s for s in statements if s.value == part.value), None)
    if agree is not None:
        part.where["prose"] = agree.text
        return
    said = ", ".join(f"'{s.text}'" for s in statements)
    reading.warnings.append(f"{key}: the table prints {part.raw or 'blank'}, the prose states {said}")


def _prose_fit(key: str, statements: list[Statement], reading: TableReading) -> RowFit:
    """A value only the sentences state; the first numeral, else the first zero in words."""
    first = next((s for s in statements if not s.words), statements[0])
    others = sorted({str(s.value) for s in statements if s.value != first.value})
    if others:
        reading.warnings.append(f"{key}: the prose states {first.value} ('{first.text}') and also {', '.join(others)}")
    raw = str(first.value) if not isinstance(first.value, Decimal) else format(first.value, "f")
    where = dict(first.where) | ({"stated": "in words"} if first.words else {})
    part = Part(raw, "number", where)
    return RowFit(first.text, [key], Fit([(part,)], "prose"), chosen=(part,), label_score=PROSE_SCORE)


def _order() -> list[str]:
    return [k for k in load_schema().fields if k.startswith(f"{TABLE}.")]
