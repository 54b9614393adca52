"""A table region as one stream of tokens: template labels, values and row ends.

Grid tables, 1-D runs of cells and plain text all become the same stream, so the table mappers handle
one shape. A token keeps where it was printed (block, row, column, page, character offset).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..document import Cell, Document, Paragraph, Table
from ..sections import Segment
from ..template.labels import LabelMatch, label_index, learned_generation
from ..template.normalize import fold_width

#: A whole cell that says "not reported".
NULL_CELL = re.compile(r"^(?:/+|-+|—+|–+|－+|无|空|\\)$")
#: A whole cell that holds one number, perhaps with a unit.
NUMBER_CELL = re.compile(
    r"^(?P<num>-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(?:件|条|个|项|次|人次|元|万元|篇|期|场|%)?$"
)
#: Numbers inside text; a sign only where it cannot be a dash between words. A minus glued between digits
#: (``行政强制87-1240``: 87 | -12 | 40) is kept with the number after it and marked ``glued``.
_TEXT_NUMBER = re.compile(r"(?:(?<=[\s(（|\d])-|^-|(?<![\d.]))(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
#: Minus signs beside the ASCII hyphen (``fold_width`` already folds the full-width one). Kept tiny and local
#: until the reader-boundary normaliser (issue 13 item 1) folds every dash; length-preserving.
_MINUS = str.maketrans({"\u2212": "-", "\ufe63": "-"})
#: Characters OCR prints for the digits 0 and 1 (``l3`` for 13, ``O`` or ``〇`` for 0).
_CONFUSABLE = str.maketrans({"O": "0", "o": "0", "〇": "0", "l": "1", "I": "1"})
#: A run of digits and confusables that touches no other letter: a number, when it holds a digit or stands
#: alone between spaces (``5 0 O 0``). ``二〇二三年`` (no digit, no spaces) and ``ISO9001`` are left alone.
_OCR_NUMBER = re.compile(r"(?<![A-Za-z0-9\u3007])[0-9OoIl\u3007]*[OoIl\u3007][0-9OoIl\u3007]*(?![A-Za-z0-9\u3007])")
_NUMBERISH = frozenset("0123456789OoIl\u3007")
_NUMBER_MARKS = frozenset(".,-")  # a neighbour such as 6.61394 is a number too
#: How far either side of a lone O or l the fold looks for the number beside it.
_NEIGHBOUR = 24
#: Column numbering printed under a table's header (``1 2 3 4 5 6 7``): at least this many columns.
MIN_NUMBERED_COLUMNS = 5
#: A null marker standing alone between values in text.
_TEXT_NULL = re.compile(r"(?:(?<=\s)|^)(?:/|-{1,2}|—{1,2}|–)(?=\s|$)")
#: ``2.`` / ``2、`` directly before a label: item numbering, not a value.
_NUMBERING_AFTER = re.compile(r"[.、](?=\s*[^\d\s.])")


@dataclass(slots=True)
class LabelTok:
    match: LabelMatch
    where: dict

    @property
    def refs(self):
        return self.match.refs


@dataclass(slots=True)
class ValueTok:
    raw: str  # as printed: digits (maybe several cells run together), a null marker, or ''
    kind: str  # "number" | "null" | "empty"
    splittable: bool  # digits from running text that may hold several cells
    where: dict = field(default_factory=dict)
    glued: bool = False  # a minus printed between digits: a sign, or a null cell ("-") before the number


@dataclass
class RowEnd:
    pass


Token = LabelTok | ValueTok | RowEnd


def region_tokens(doc: Document, segments: list[Segment]) -> list[Token]:
    tokens: list[Token] = []
    for seg in segments:
        block = doc.blocks[seg.block]
        if isinstance(block, Table):
            tokens.extend(table_tokens(block, seg.block))
        elif isinstance(block, Paragraph):
            text = block.text[seg.start : seg.end]
            where = {"block": seg.block} | ({"page": block.page} if block.page is not None else {})
            if block.confidence is not None:
                where["ocr_confidence"] = block.confidence
            line = without_numbering(text_tokens(text, where, seg.start, block.offset))
            if not line:
                continue
            tokens.extend(_with_printed(line, block.printed, len(block.text)))
            tokens.append(RowEnd())
    return tokens


def _with_printed(tokens: list[Token], printed: str | None, length: int) -> list[Token]:
    """Values of a paragraph the reader boundary normalised keep their text as printed (the normalisation
    maps one code point to one, so spans agree, unless it dropped zero-width characters)."""
    if printed is None or len(printed) != length:
        return tokens
    for tok in tokens:
        if isinstance(tok, ValueTok) and "span" in tok.where:
            start, end = tok.where["span"]
            if printed[start:end] != tok.where.get("text"):
                tok.where["printed"] = printed[start:end]
    return tokens


def table_tokens(table: Table, block: int) -> list[Token]:
    tokens: list[Token] = []
    for row in table.rows():
        cells = [t for cell in row for t in cell_tokens(cell, block, table.grid)]
        if table.grid and column_numbers(cells):
            continue  # the header's column numbering, not a row of values
        tokens.extend(cells)
        if table.grid:
            tokens.append(RowEnd())
    return tokens


def column_numbers(tokens: list[Token]) -> bool:
    """Whether a printed line or grid row is the column numbering ``1 2 … k`` (k ≥ 5) and nothing else: no
    row of tables 三 and 四 can hold these values (their totals would break), and table 二 rows are shorter."""
    values = [t for t in tokens if not isinstance(t, RowEnd) and not (isinstance(t, ValueTok) and t.kind == "empty")]
    if len(values) < MIN_NUMBERED_COLUMNS or not all(isinstance(t, ValueTok) and t.kind == "number" for t in values):
        return False
    return [t.raw for t in values] == [str(i) for i in range(1, len(values) + 1)]


def without_numbering(tokens: list[Token]) -> list[Token]:
    """A line without the column numbering ``1 2 … k`` (k ≥ 5) printed at its start: an OCR dump reads the
    numbering row and the first row's values as one run. ``1 2 … 7 8 0 0 0 0 0 8`` numbers 7 columns (as many
    as the values after it); ``1 2 3 4 5 6 21`` is a row whose total holds, and is kept."""
    values = [i for i, t in enumerate(tokens) if isinstance(t, ValueTok)]
    k = 0
    while k < len(values) and tokens[values[k]].kind == "number" and tokens[values[k]].raw == str(k + 1):
        k += 1
    if MIN_NUMBERED_COLUMNS <= len(values) - k < k and len(values) % 2 == 0:
        k = len(values) // 2
    rest = len(values) - k
    if k < MIN_NUMBERED_COLUMNS or 0 < rest < k - 1 or any(isinstance(t, LabelTok) for t in tokens[: values[k - 1]]):
        return tokens
    return tokens[: values[0]] + tokens[values[k - 1] + 1 :]


def fold_ocr_digits(text: str) -> str:
    """``l3 0 O〇`` → ``13 0 00``: OCR's letters for 0 and 1 where they stand for digits; length is kept."""
    if not any(ch in text for ch in "OoIl\u3007"):
        return text
    def fold(m: re.Match) -> str:
        run = m.group(0)
        if any(ch.isdigit() for ch in run):
            return run.translate(_CONFUSABLE)
        before, after = text[max(0, m.start() - _NEIGHBOUR) : m.start()], text[m.end() : m.end() + _NEIGHBOUR]
        alone = (not before or before[-1].isspace()) and (not after or after[0].isspace())
        left, right = before.split()[-1:], after.split()[:1]
        among_numbers = any(set(w) <= _NUMBERISH | _NUMBER_MARKS and set(w) & _NUMBERISH for w in left + right)
        return run.translate(_CONFUSABLE) if alone and among_numbers else run
    return _OCR_NUMBER.sub(fold, text)


def cell_where(cell: Cell, block: int, grid: bool) -> dict:
    """Where a cell stands (block, row and column or place in a 1-D run, page, bbox, character offset) and what the
    reader says of the reading (OCR confidence, the printed text, a wrapped number): the provenance every token
    read from it carries, for the template's tables and the legacy table alike (an unsure OCR reading of either
    must reach the record's check)."""
    where = {"block": block, "row": cell.row, "col": cell.col} if grid else {"block": block, "cell": cell.col}
    if cell.page is not None:
        where["page"] = cell.page
    if cell.bbox is not None:
        where["bbox"] = list(cell.bbox)
    if cell.offset is not None:
        where["offset"] = cell.offset
    if cell.confidence is not None:
        where["ocr_confidence"] = cell.confidence
    if cell.printed is not None:
        where["printed"] = cell.printed
    if cell.wrapped:
        where["wrapped"] = True
    return where


def cell_tokens(cell: Cell, block: int, grid: bool) -> list[Token]:
    where = cell_where(cell, block, grid)
    kind, payload = _classify(cell.text)
    if kind == "empty":
        return [ValueTok("", "empty", False, where)]
    if kind in ("null", "number"):
        return [ValueTok(payload, kind, False, where | {"text": cell.text})]
    if kind == "mixed":  # labels and numbers printed in one cell: read it as text
        return [t for t in text_tokens(payload, where, 0, cell.offset) if not isinstance(t, RowEnd)]
    return [LabelTok(m, where | {"text": m.printed}) for m in payload]


def _classify(text: str) -> tuple[str, object]:
    """What a cell's text is (cached: the same labels and small numbers recur in every report; the cache is
    keyed by the learned label classifiers in use, which decide labels exact and fuzzy matching leave)."""
    return _classify_cached(text, learned_generation())


@lru_cache(maxsize=50000)
def _classify_cached(text: str, generation: int) -> tuple[str, object]:
    text = fold_ocr_digits(fold_width(text).translate(_MINUS)).strip()
    if len(text) == 1 and text in _NUMBERISH:
        text = text.translate(_CONFUSABLE)  # a cell holding only O, 〇 or l: an OCR'd 0 or 1
    if not text:
        return "empty", ""
    if NULL_CELL.match(text):
        return "null", text
    m = NUMBER_CELL.match(text)
    if m:
        return "number", m.group("num").replace(",", "")
    if re.search(r"\d", text):
        return "mixed", text
    return "labels", tuple(label_index().scan(text))


def text_tokens(text: str, where: dict, start: int, offset: int | None) -> list[Token]:
    """Labels and numbers in running text; digits that touch are one splittable token."""
    folded = fold_ocr_digits(fold_width(text).translate(_MINUS))
    tokens: list[Token] = []
    pos = 0
    spans = _value_spans(folded)
    for s, e, kind in spans:
        tokens.extend(_labels(folded, pos, s, where, start, offset))
        raw = folded[s:e].replace(",", "")
        glued = raw.startswith("-") and s > 0 and folded[s - 1].isdigit()
        tokens.append(ValueTok(raw, kind, kind == "number", _where(where, start + s, e - s, offset, folded[s:e]), glued))
        pos = e
    tokens.extend(_labels(folded, pos, len(folded), where, start, offset))
    return tokens


def _value_spans(text: str) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    for m in _TEXT_NUMBER.finditer(text):
        s, e = m.span()
        if _NUMBERING_AFTER.match(text, e) and "." not in m.group(0):
            e -= 1  # the last digit numbers the next label (…00000002.其他法律…)
            if e <= s:
                continue
        spans.append((s, e, "number"))
    spans.extend((m.start(), m.end(), "null") for m in _TEXT_NULL.finditer(text))
    return sorted(spans)


def _labels(text: str, s: int, e: int, where: dict, start: int, offset: int | None) -> list[LabelTok]:
    if e <= s or not text[s:e].strip():
        return []
    return [
        LabelTok(m, _where(where, start + s + m.start, m.end - m.start, offset, m.printed))
        for m in label_index().scan(text[s:e])
    ]


def _where(where: dict, pos: int, length: int, offset: int | None, printed: str) -> dict:
    out = dict(where)
    if offset is not None:
        out["offset"] = offset + pos
    out["span"] = [pos, pos + length]
    out["text"] = printed
    return out
