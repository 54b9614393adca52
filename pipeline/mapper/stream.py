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
from ..template.labels import LabelMatch, label_index
from ..template.normalize import fold_width

#: A whole cell that says "not reported".
NULL_CELL = re.compile(r"^(?:/+|-+|—+|–+|－+|无|空|\\)$")
#: A whole cell that holds one number, perhaps with a unit.
NUMBER_CELL = re.compile(
    r"^(?P<num>-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(?:件|条|个|项|次|人次|元|万元|篇|期|场|%)?$"
)
#: Numbers inside text; a sign only where it cannot be a dash between words.
_TEXT_NUMBER = re.compile(r"(?<![\d.])(?:(?<=[\s(（|])-|^-)?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
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
            tokens.extend(_with_printed(text_tokens(text, where, seg.start, block.offset), block.printed, len(block.text)))
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
        for cell in row:
            tokens.extend(cell_tokens(cell, block, table.grid))
        if table.grid:
            tokens.append(RowEnd())
    return tokens


def _cell_where(cell: Cell, block: int, grid: bool) -> dict:
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
    where = _cell_where(cell, block, grid)
    kind, payload = _classify(cell.text)
    if kind == "empty":
        return [ValueTok("", "empty", False, where)]
    if kind in ("null", "number"):
        return [ValueTok(payload, kind, False, where | {"text": cell.text})]
    if kind == "mixed":  # labels and numbers printed in one cell: read it as text
        return [t for t in text_tokens(payload, where, 0, cell.offset) if not isinstance(t, RowEnd)]
    return [LabelTok(m, where | {"text": m.printed}) for m in payload]


@lru_cache(maxsize=50000)
def _classify(text: str) -> tuple[str, object]:
    """What a cell's text is (cached: the same labels and small numbers recur in every report)."""
    text = fold_width(text).strip()
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
    folded = fold_width(text)
    tokens: list[Token] = []
    pos = 0
    spans = _value_spans(folded)
    for s, e, kind in spans:
        tokens.extend(_labels(folded, pos, s, where, start, offset))
        raw = folded[s:e].replace(",", "")
        tokens.append(ValueTok(raw, kind, kind == "number", _where(where, start + s, e - s, offset, folded[s:e])))
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
