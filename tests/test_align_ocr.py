"""Blank cells placed by column in an OCR reading are not verified: a lost or run-together value hides there."""

from __future__ import annotations

from pipeline.mapper.align import aligned_fit
from pipeline.mapper.stream import ValueTok
from pipeline.record import needs_review

CENTRES = {1: [10.0, 20.0, 30.0, 40.0]}


def _toks(spans, **where) -> list[ValueTok]:
    return [ValueTok("0", "number", False, {"span": span, "block": 7, "page": 1, **where}) for span in spans]


def test_a_row_placed_by_column_from_ocr_flags_its_blanks():
    # OCR read "0 0 00" for four zeros: two cells end up blank, which no identity can catch
    fit = aligned_fit(_toks([(9, 11), (19, 21), (29, 31)], ocr_confidence=0.19), 4, CENTRES)
    assert fit is not None and [p.raw for p in fit.candidates[0]] == ["0", "0", "0", ""]
    assert needs_review(fit.note)


def test_a_row_placed_by_column_from_a_text_layer_does_not():
    fit = aligned_fit(_toks([(9, 11), (19, 21), (29, 31)]), 4, CENTRES)
    assert fit is not None and not needs_review(fit.note)
