"""Page furniture that text from PDFs carries: page numbers (``- 4 -``, ``第 4 页``, ``4 / 12``, and a bare ``4``
at the foot of page 4)."""

from __future__ import annotations

import re
from collections.abc import Sequence

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*共\s*\d+\s*页)?|\d{1,4}\s*/\s*\d{1,4})\s*$"
)
#: A bare page number is looked for only this low on the page (share of its height from the top): Qt's
#: ``QTextDocument.print`` sets it in the document's own bottom margin, at about 87 % of an A4 page.
FOOT_SHARE = 0.8
#: ... and only below a gap of at least this many of its own heights (Qt sets it a fixed distance under the text
#: area, which a wrapped label may fill to about one height above it); a table row is not alone on its line.
MIN_GAP_HEIGHTS = 0.5


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


def foot_page_number(chars: Sequence[dict], number: int, top: float, bottom: float) -> list[dict]:
    """Given a page's characters (pdfplumber's ``x0``/``top``/``bottom``/``text``), its number (from 1) and the
    top and bottom of its box, the characters of a page number printed alone at its foot: the page's lowest line, in its bottom
    part (:data:`FOOT_SHARE`), below a clear gap (:data:`MIN_GAP_HEIGHTS`), reading ``number`` itself or a page
    number pattern (``- 4 -``). Empty when there is none. Such a number may lie inside a ruled table's frame
    (Qt draws a rowspan label's rules down to the page's foot), where the table finder would read it as a value."""
    inked = [c for c in chars if c["text"].strip()]
    if not inked:
        return []
    lowest = max(inked, key=lambda c: c["bottom"])
    line = [c for c in inked if c["top"] < lowest["bottom"] and c["bottom"] > lowest["top"]]
    line_top = min(c["top"] for c in line)
    if line_top < top + FOOT_SHARE * (bottom - top):
        return []
    text = "".join(c["text"] for c in sorted(line, key=lambda c: c["x0"]))
    if text.strip() != str(number) and not is_page_number(text):
        return []
    tall = max(c["bottom"] - c["top"] for c in line)
    above = [c["bottom"] for c in inked if c["bottom"] <= line_top]
    if len(above) + len(line) != len(inked) or (above and line_top - max(above) < MIN_GAP_HEIGHTS * tall):
        return []  # something overlaps the line's band without being on it, or the line sits close under text
    return line
