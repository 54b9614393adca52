"""Page furniture that text from PDFs carries: page numbers (``- 4 -``, ``第 4 页``, ``4 / 12``)."""

from __future__ import annotations

import re

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*共\s*\d+\s*页)?|\d{1,4}\s*/\s*\d{1,4})\s*$"
)


def is_page_number(line: str) -> bool:
    return bool(_PAGE_NUMBER.match(line))


#: A bare page number (``3``, as LaTeX's plain page style prints it) stands in this share of the page's height
#: at its top or its foot ...
FOLIO_BAND = 0.12
#: ... apart from every other text by at least this many of its own heights ...
FOLIO_GAP = 1.5
#: ... and prints at most this many digits.
_FOLIO = re.compile(r"^\d{1,4}$")

#: A word as the page readers give it: its text and box (x0, top, x1, bottom), page points or pixels alike.
Box = tuple[str, float, float, float, float]


def folios(words: list[Box], height: float) -> set[int]:
    """Given the words of one page and the page's height, the indices of the words that are a page number
    printed alone: a page-number text (``4``, ``- 4 -``, ``第 4 页``) alone on the page's lowest or highest line,
    in the band :data:`FOLIO_BAND` of the page there, :data:`FOLIO_GAP` of its heights from any other text.
    A bare number is text like any other to a table reader (an unruled table took LaTeX's centred ``2`` for a
    value, and made a column of it); by where it stands it is none of the page's text."""
    out: set[int] = set()
    if len(words) < 2:
        return out
    for foot in (True, False):
        k = max(range(len(words)), key=lambda i: words[i][4]) if foot else min(range(len(words)),
                                                                                 key=lambda i: words[i][2])
        text, _, top, _, bottom = words[k]
        if not (_FOLIO.match(text.strip()) or is_page_number(text)):
            continue
        if (bottom < (1 - FOLIO_BAND) * height) if foot else (top > FOLIO_BAND * height):
            continue
        gap = FOLIO_GAP * (bottom - top)
        others = [w for i, w in enumerate(words) if i != k]
        if foot and all(w[4] <= top - gap for w in others) or not foot and all(w[2] >= bottom + gap for w in others):
            out.add(k)
    return out
