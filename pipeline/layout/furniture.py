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
