"""Page furniture that text from PDFs carries: page numbers (``- 4 -``, ``第 4 页``, ``4 / 12``)."""

from __future__ import annotations

import re

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*共\s*\d+\s*页)?|\d{1,4}\s*/\s*\d{1,4})\s*$"
)


def is_page_number(line: str) -> bool:
    return bool(_PAGE_NUMBER.match(line))
