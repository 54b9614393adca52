"""Placing the values of a text row under their columns by where they are printed in the line.

In ``pdftotext -layout`` text a blank cell leaves no token, so a row with blanks has fewer values than columns.
The rows printed in full show where each column is (the character offset of their values); a shorter row's
values go to the nearest of those columns, and the columns left over are blank. Only rows whose values sit
clearly under distinct columns are placed this way, and only where the full rows agree on the columns (an
OCR dump's line puts the values after the label, wherever it ends, one space apart or a few). Where too few
rows are printed in full (table 二's sub-tables have one or two rows), the header's own column labels, printed
on one line and spread like columns, say where the columns are, and a value must stand closer to its column.
"""

from __future__ import annotations

from statistics import median

from .splits import Fit, Part
from .stream import LabelTok, ValueTok

#: Rows printed in full needed to know where the columns are.
MIN_FULL_ROWS = 2
#: How far (in column gaps) a full row's values may stand from the columns' centres to agree with them, and the
#: share of the full rows that must agree for them to show where the columns are. pdftotext -layout's rows agree
#: all (generated, and the real reports of corpora/text), or more than half where a table continued on a page
#: whose break was lost (0.52-0.61); an OCR dump's, whose values follow each label wherever it ends, at most 0.28.
MAX_SPREAD = 0.75
MIN_AGREEING = 0.5
#: Header labels closer than this (in characters) are running text, not columns of a layout.
MIN_HEADER_GAP = 10
#: A value placed by the header stands within this share of the column gap from its label's centre.
HEADER_TOLERANCE = 1 / 3
#: Added to the note of a row placed from an OCR reading; its "read as blank" words flag the record. A digit
#: the OCR lost, or two values it ran together (0 0 → 00), leaves a cell blank that no identity can catch (a
#: blank adds 0), so such a blank is not verified.
OCR_BLANKS = ", read as blank in an OCR reading that may have lost a value or run two together"


def column_positions(rows: list[list[ValueTok]], n: int) -> dict[object, list[float]]:
    """Column centres per page, from the rows of ``n`` values each printed on one line, where those rows agree
    on them (layout text); an OCR dump's lines put a row's values after its label, wherever that ends."""
    by_page: dict[object, list[list[ValueTok]]] = {}
    for toks in rows:
        if len(toks) == n and _one_line(toks):
            by_page.setdefault(toks[0].where.get("page"), []).append(toks)
    out = {}
    for page, full in by_page.items():
        if len(full) >= MIN_FULL_ROWS and _laid_out(full):
            centres = [median(_centre(t) for t in col) for col in zip(*full, strict=True)]
            agreeing = _agreeing(full, centres)
            if len(agreeing) >= max(MIN_FULL_ROWS, len(full) * MIN_AGREEING):
                out[page] = [median(_centre(t) for t in col) for col in zip(*agreeing, strict=True)]
    return out


def _laid_out(full: list[list[ValueTok]]) -> bool:
    """Whether the full rows space their values like columns (somewhere more than one character apart): values
    packed one space apart (an OCR dump's boxes joined into one line) show no column a blank could have left."""
    return any(b.where["span"][0] - a.where["span"][1] > 1 for row in full for a, b in zip(row, row[1:], strict=False))


def _agreeing(full: list[list[ValueTok]], centres: list[float]) -> list[list[ValueTok]]:
    """The full rows whose every value stands within :data:`MAX_SPREAD` of a column gap of the columns' centres."""
    gap = min((b - a for a, b in zip(centres, centres[1:], strict=False)), default=1.0)
    return [row for row in full
            if gap > 0 and all(abs(_centre(t) - c) <= MAX_SPREAD * gap for t, c in zip(row, centres, strict=True))]


def header_positions(header: list[LabelTok]) -> list[float] | None:
    """Column centres from the header's labels, when they are printed on one line of layout text and spread
    like columns (never from labels in running text)."""
    if not header or not _one_line(header):
        return None
    centres = [_centre(t) for t in header]
    if any(b - a < MIN_HEADER_GAP for a, b in zip(centres, centres[1:], strict=False)):
        return None
    return centres


def aligned_fit(toks: list[ValueTok], n: int, positions: dict[object, list[float]],
                tolerance: float = 0.5, note: str = "blank cells placed by the columns the full rows print") -> Fit | None:
    """The row with its values under their columns and blanks elsewhere, or None if they do not line up (a value
    farther than ``tolerance`` of the gap between columns from the nearest column's centre)."""
    if not toks or len(toks) >= n or not _one_line(toks) or any(t.kind == "empty" for t in toks):
        return None
    centres = positions.get(toks[0].where.get("page"))
    if not centres or len(centres) != n:
        return None
    gap = min(b - a for a, b in zip(centres, centres[1:], strict=False)) if n > 1 else 1.0
    if gap <= 0:
        return None
    slots: list[int] = []
    for tok in toks:
        distances = [abs(_centre(tok) - c) for c in centres]
        best = min(range(n), key=distances.__getitem__)
        if distances[best] > gap * tolerance or (slots and best <= slots[-1]):
            return None
        slots.append(best)
    parts = [Part("", "empty", toks[0].where) for _ in range(n)]
    for slot, tok in zip(slots, toks, strict=True):
        parts[slot] = Part(tok.raw, tok.kind, tok.where)
    return Fit([tuple(parts)], "cells", placement_note(note, toks))


def placement_note(note: str, toks: list[ValueTok]) -> str:
    """The note of a row whose blanks were placed by column, saying so when its values were read by OCR."""
    return note + OCR_BLANKS if any("ocr_confidence" in t.where for t in toks) else note


def _one_line(toks: list[ValueTok] | list[LabelTok]) -> bool:
    """Whether the tokens stand on one line of text (not in grid cells), where their offsets are columns."""
    return all("span" in t.where and "row" not in t.where and "cell" not in t.where for t in toks) and \
        len({t.where.get("block") for t in toks}) == 1


def _centre(tok: ValueTok | LabelTok) -> float:
    start, end = tok.where["span"]
    return (start + end) / 2
