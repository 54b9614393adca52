"""Markdown written by PDF-to-Markdown converters (MinerU, marker, docling, markdownify…).

Recognised by content: a GFM table's delimiter row (``| --- | --- |``) or several ``#`` headings, in a file that
does not open as an HTML page. Headings and text lines become paragraphs; an HTML ``<table>`` inside the
Markdown (MinerU) is read by the HTML reader's table code, spans kept; a pipe table becomes a grid table.

Markdown has no merged cells, so converters print them their own way: docling repeats a merged cell's text in
every position it covers, marker leaves empty cells after it and drops the positions under a rowspan, HTML-to-
Markdown tools drop both. Rows therefore have more or fewer cells than the header. The grid is rebuilt from
the right edge (values are the last cells of a row), and the columns are told apart by what they hold:
a column where some row prints a number is a value column; in the other (label) columns, empty cells are a
converter's padding and a label repeated from its left neighbour is docling's copy, and both are dropped.
A value column keeps its empty cells: they are blank cells of the report.
"""

from __future__ import annotations

import re

from lxml import etree

from ..document import Cell, Document, Paragraph, Table
from .encoding import decode
from .formats import FormatOption
from .html import _HTML_START, _PARSER, _table

#: A GFM delimiter row: ``| --- | :---: |`` (outer pipes optional; a one-column table has them; a bare ``---``
#: is a rule, not a table).
_DELIMITER = re.compile(r"^(?=.*\|)\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_RULE = re.compile(r"^\s*-{3,}\s*$")
_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_TABLE_OPEN = re.compile(r"<table\b", re.I)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.I)
_BREAK = re.compile(r"<br\s*/?>", re.I)
_EMPHASIS = re.compile(r"(\*\*|__|`)")
_NUMBER = re.compile(r"^\s*-?[\d,.]+\s*$")
#: What a value cell prints besides a number: the null markers.
_NULL = re.compile(r"^\s*(?:/+|-+|—+|–+|－+|无|\\)\s*$")
#: ATX headings that make a file Markdown when it has no pipe table.
MIN_HEADINGS = 2
#: How much of the file the sniffer looks at.
SNIFF_CHARS = 65536


def sniff(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(head):
        return False
    try:
        text = data[:SNIFF_CHARS].decode("utf-8", errors="ignore")
    except UnicodeDecodeError:
        return False
    lines = text.splitlines()
    if any(_DELIMITER.match(line) for line in lines):
        return True
    return sum(1 for line in lines if _ATX.match(line)) >= MIN_HEADINGS


def read(data: bytes, source: str) -> Document:
    text, encoding = decode(data)
    doc = Document(source=source, format="markdown", encoding=encoding)
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    i = 0
    while i < len(lines):
        line = lines[i].rstrip("\r\n")
        if _TABLE_OPEN.search(line):
            j = i
            while j < len(lines) - 1 and not _TABLE_CLOSE.search(lines[j]):
                j += 1
            _html_tables(doc, "".join(lines[i : j + 1]), starts[i])
            i = j + 1
        elif i + 2 < len(lines) and _headed_by_one_column(line, lines[i + 1], lines[i + 2]):
            rows, i = _pipe_rows(lines, starts, i, False)
            table = _pipe_table(rows, False)
            if table.cells:
                doc.blocks.append(table)
        elif "|" in line and i + 1 < len(lines) and _DELIMITER.match(lines[i + 1]):
            outer = lines[i + 1].lstrip().startswith("|")
            rows, i = _pipe_rows(lines, starts, i, outer)
            table = _pipe_table(rows, outer)
            if table.cells:
                doc.blocks.append(table)
        else:
            heading = _ATX.match(line)
            body = heading.group(2) if heading else line.strip()
            body = _EMPHASIS.sub("", _BREAK.sub("", body)).strip()
            if body:
                doc.blocks.append(Paragraph(text=body, offset=starts[i] + max(0, line.find(body[:1]))))
                if heading and doc.title is None and "报告" in body:
                    doc.title = body
            i += 1
    return doc


def _html_tables(doc: Document, fragment: str, offset: int) -> None:
    """MinerU's ``<table>`` blocks: the HTML reader's grid, with rowspan and colspan."""
    root = etree.fromstring(f"<html><body>{fragment}</body></html>", _PARSER)
    if root is None:
        return
    for el in root.iter("table"):
        if any(t is not el for t in el.iter("table")):
            continue
        table = _table(el)
        for cell in table.cells:
            cell.text = _BREAK.sub("", cell.text)
            cell.offset = offset
        if table.cells:
            doc.blocks.append(table)


def _headed_by_one_column(line: str, rule: str, after: str) -> bool:
    """html2text's table whose first row is one merged cell: ``第二十条第（一）项`` / ``---`` / ``信息内容| …``
    (a setext heading is not followed at once by a row of cells)."""
    return (bool(line.strip()) and "|" not in line and _RULE.match(rule) is not None
            and "|" in after and not after.lstrip().startswith("|"))


def _html2text_row(lines: list[str], j: int) -> bool:
    """Whether line ``j`` is a row of an html2text table: cells, or one merged cell ended by a hard break
    (two spaces) with cells on the next line."""
    line = lines[j].rstrip("\r\n")
    if not line.strip():
        return False
    return "|" in line or (line.endswith("  ") and j + 1 < len(lines) and "|" in lines[j + 1])


def _pipe_rows(lines: list[str], starts: list[int], i: int, outer: bool) -> tuple[list[tuple[str, int]], int]:
    """The rows of the pipe table whose header is line ``i`` (the delimiter left out), and the line after it.

    A table written without outer pipes (html2text) breaks a row where a cell holds a line break (``<br>``,
    an empty ``<p><br/></p>`` cell): the rest of the row follows on a line that starts with a pipe, or on a
    line of blanks; both continue the row above (a line of blanks after a row that ended its cells starts
    a row whose first cell is empty). A row of one merged cell has no pipe at all, only the hard
    break (two spaces) html2text ends every row with."""
    rows = [(lines[i].rstrip("\r\n"), starts[i])]
    j = i + 2
    while j < len(lines):
        line = lines[j].rstrip("\r\n")
        blank_before_cells = (not outer and line and not line.strip() and j + 1 < len(lines)
                              and lines[j + 1].lstrip().startswith("|"))
        if not outer and len(rows) > 1 and (line.lstrip().startswith("|") or (
                blank_before_cells and rows[-1][0].rstrip().endswith("|"))):
            rows[-1] = (rows[-1][0].rstrip() + line.strip(), rows[-1][1])  # the row goes on
        elif blank_before_cells:
            rows.append(("", starts[j]))  # a row whose first cell is empty, broken after it
        elif not outer and line and not line.strip() and j + 1 < len(lines) and _html2text_row(lines, j + 1):
            pass  # the line break of an empty last cell: the next row follows
        elif ("|" in line and line.strip()) or (not outer and _html2text_row(lines, j)):
            rows.append((line, starts[j]))  # a row; without outer pipes a one-cell row has none
        else:
            break
        j += 1
    return rows, j


def _split_row(line: str, outer: bool) -> list[str]:
    """The cells of a pipe row; ``\\|`` is a pipe inside a cell. Without outer pipes (html2text) a pipe at
    the end is followed by an empty last cell."""
    body = line.strip()
    if outer:
        body = body[1:] if body.startswith("|") else body
        body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return [_EMPHASIS.sub("", _BREAK.sub("", c.replace("\\|", "|"))).strip() for c in re.split(r"(?<!\\)\|", body)]


def _pipe_table(rows: list[tuple[str, int]], outer: bool = True) -> Table:
    """A grid table from pipe rows: block by block (header rows, then the rows of values under them), rows
    right-aligned, padding and docling's copies dropped from the label columns."""
    split = [_split_row(line, outer) for line, _ in rows]
    cells: list[Cell] = []
    for block in _blocks(split):
        width = max(len(split[r]) for r in block)
        grid = [[""] * (width - len(split[r])) + split[r] for r in block]  # short rows lost cells at the left
        start = _first_value_column(grid, width)
        for r, row in zip(block, grid, strict=True):
            for c, text in enumerate(row):
                if c < start and (not text or (c and text == row[c - 1])):
                    continue  # padding, or a merged cell docling printed again
                cells.append(Cell(text=text, row=r, col=c, offset=rows[r][1]))
    return Table(cells=cells, grid=True)


def _blocks(split: list[list[str]]) -> list[list[int]]:
    """Row indexes in blocks: a row without numbers after rows with numbers starts a block (table 二 stacks
    sub-tables of different widths: each block has its own columns)."""
    blocks: list[list[int]] = []
    previous_had_numbers = True
    for r, row in enumerate(split):
        has_numbers = any(_NUMBER.match(t) for t in row)
        if not blocks or (previous_had_numbers and not has_numbers):
            blocks.append([])
        blocks[-1].append(r)
        previous_had_numbers = has_numbers
    return blocks


def _first_value_column(grid: list[list[str]], width: int) -> int:
    """Where the value columns start: at the first column holding a number, or earlier at the first column
    after the rows' labels whose header prints a label of its own (a group of columns printed all blank, as
    table 四's 行政复议 can be). Columns with neither are a converter's padding (marker) or copies (docling)."""
    body = [r for r in grid if any(_NUMBER.match(t) for t in r)]
    header = [r for r in grid if r not in body]
    first_number = min((c for r in body for c, t in enumerate(r) if _NUMBER.match(t)), default=width)
    last_label = max((c for r in body for c, t in enumerate(r) if t and not _NUMBER.match(t) and not _NULL.match(t)),
                     default=-1)
    if last_label < 0:
        return 0  # rows of values only (table 四): every cell is a value, blank ones too
    headed = next((c for c in range(last_label + 1, width)
                   if any(r[c] and not (c and r[c] == r[c - 1]) for r in header)), width)
    return min(first_number, headed)


FORMAT = FormatOption("markdown", "Markdown", sniff=sniff, read=read)
