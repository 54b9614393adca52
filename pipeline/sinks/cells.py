"""Cells as a spreadsheet will see them: no formulas smuggled in, numbers kept numbers.

OWASP's advice on CSV injection: a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is read by Excel or LibreOffice as a formula (``=HYPERLINK(...)`` in a report's title, a file named
``=1+1.txt``). Such a cell is written with a leading single quote, which spreadsheets show as text. A cell that
is a plain number (``-3``, ``+1.5``) is not a formula and is left alone, and numeric columns are never touched.
"""

from __future__ import annotations

import re

#: The first characters that make a spreadsheet evaluate a cell.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
#: Characters an XLSX file cannot hold (XML 1.0): control characters other than tab, newline, return.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: Excel opens a UTF-8 CSV as UTF-8 (and shows the Chinese) only when it starts with a byte order mark.
CSV_ENCODING = "utf-8-sig"


def safe_text(value: object) -> object:
    """``value`` unchanged unless it is text a spreadsheet would run as a formula: then quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_row(row) -> list:
    return [safe_text(v) for v in row]


def xlsx_cell(value: object) -> object:
    """A cell for openpyxl: formula-safe, without the control characters XML refuses (shown as U+FFFD)."""
    value = safe_text(value)
    return _XML_ILLEGAL.sub("\ufffd", value) if isinstance(value, str) else value
