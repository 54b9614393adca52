"""Plain-text reports: flattened cell sequences (``cell |`` per line), ``pdftotext -layout`` text, page text.

Lines that hold ``|`` separators form 1-D runs of cells (a :class:`Table` with ``grid=False``); other lines
are paragraphs. Digits that run together in a line are left as printed: splitting them needs the
template's identities, which is the mapper's job.
"""

from __future__ import annotations

import re

from ..document import Cell, Document, Paragraph, Table
from ..layout.furniture import is_page_number
from .encoding import decode
from .formats import FormatOption

#: ``标题: …`` / ``发布机构：…`` header lines that crawlers and CMS exports put above the report.
_HEADER_LINE = re.compile(r"^\s*(?P<key>[\u4e00-\u9fff][\u4e00-\u9fff ]{1,9})\s*[:：]\s*(?P<value>.*?)\s*$")
#: Header lines are only looked for near the top.
HEADER_LINES = 15
#: A line holding one table value and nothing else: an OCR dump (PaddleOCR) prints every cell as its own line.
_ONE_VALUE = re.compile(r"^\s*(?:-?\d[\d,]*(?:\.\d+)?|-?[0-9OoIl\u3007][0-9OoIl\u3007,]{0,14}(?:\.[0-9OoIl\u3007]+)?"
                        r"|[/\\\-—–－]|无)\s*$")
#: Consecutive one-value lines that make one row of cells.
MIN_VALUE_LINES = 2


def read(data: bytes, source: str) -> Document:
    text, encoding = decode(data)
    doc = Document(source=source, format="text", encoding=encoding)
    run: list[Cell] = []
    page = 1
    offset = 0
    for lineno, line in enumerate(text.splitlines(keepends=True)):
        start = offset
        offset += len(line)
        page += line.count("\f")
        body = line.rstrip("\r\n").replace("\f", "")
        if "|" in body:
            run.extend(_cells(body, start, page))
            continue
        if run:
            doc.blocks.append(Table(cells=_renumbered(run), grid=False))
            run = []
        if not body.strip() or is_page_number(body):
            continue
        if lineno < HEADER_LINES:
            _header_field(doc, body)
        doc.blocks.append(Paragraph(text=body, page=page, offset=start))
    if run:
        doc.blocks.append(Table(cells=_renumbered(run), grid=False))
    doc.blocks = _joined_value_lines(doc.blocks, text)
    _metadata_from_cells(doc)
    doc.title = doc.metadata.get("标题")
    return doc


def _cells(line: str, start: int, page: int) -> list[Cell]:
    """``a | b ||`` → cells a, b, '', ''; text after the last ``|`` is a cell too."""
    parts = line.split("|")
    if not parts[-1].strip():
        parts = parts[:-1]
    cells = []
    pos = start
    for part in parts:
        cells.append(Cell(text=part.strip(), row=0, col=0, page=page, offset=pos + len(part) - len(part.lstrip())))
        pos += len(part) + 1
    return cells


def _renumbered(cells: list[Cell]) -> list[Cell]:
    for i, cell in enumerate(cells):
        cell.col = i
    return cells


def _header_field(doc: Document, line: str) -> None:
    m = _HEADER_LINE.match(line)
    if m and m.group("value"):
        doc.metadata.setdefault(m.group("key").replace(" ", ""), m.group("value"))


def _metadata_from_cells(doc: Document) -> None:
    """``发布机构: | 河东区政府办公室 |``: a label cell ending in a colon, then its value."""
    for table in doc.tables[:1]:
        cells = [c.text for c in table.cells]
        for label, value in zip(cells, cells[1:], strict=False):
            if label.endswith((":", "：")) and value and not value.endswith((":", "：")):
                doc.metadata.setdefault(label.rstrip(":：").replace(" ", ""), value)


def _joined_value_lines(blocks: list, text: str) -> list:
    """Runs of lines that each hold one value, one after the other, as one paragraph (the newlines kept, so
    offsets stay true): the cells of one row that an OCR dump printed one box per line."""
    out: list = []
    run: list[Paragraph] = []

    def flush() -> None:
        if len(run) >= MIN_VALUE_LINES:
            first, last = run[0], run[-1]
            out.append(Paragraph(text=text[first.offset : last.offset + len(last.text)], page=first.page,
                                 offset=first.offset))
        else:
            out.extend(run)
        run.clear()

    for block in blocks:
        if isinstance(block, Paragraph) and _ONE_VALUE.match(block.text) and (
                not run or (block.page == run[-1].page and not text[run[-1].offset + len(run[-1].text) : block.offset].strip())):
            run.append(block)
            continue
        flush()
        if isinstance(block, Paragraph) and _ONE_VALUE.match(block.text):
            run.append(block)
        else:
            out.append(block)
    flush()
    return out


#: The fallback for anything no other format claims.
FORMAT = FormatOption("text", "text", sniff=lambda data: True, read=read)
