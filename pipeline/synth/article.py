"""The article of the page the HTML producers print, as a flat list of blocks, for the producers that write it
in markup of their own (:mod:`~pipeline.synth.typst_markup`, :mod:`~pipeline.synth.fo_markup`,
:mod:`~pipeline.synth.latex_markup`, :mod:`~pipeline.synth.itext_markup`, :mod:`~pipeline.synth.pdfmake_markup`):
one reading of the page, so that they print the same report and differ only in their layout engines.

The article is what :func:`pipeline.synth.producers.page_html` prints, nothing re-templated: the title, the
paragraphs (a paragraph all bold is a section heading), the CMS meta table and the report's tables with their
``colspan``/``rowspan`` cells, a div's own text, and a ``-cut`` layout's spacer (a new page, then empty space)
before table 三.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html

_SPACER_HEIGHT = re.compile(r"height:\s*(\d+(?:\.\d+)?)mm")
_BLOCKS = ("p", "h1", "div", "table")


@dataclass(frozen=True)
class Block:
    """One block of the article. ``kind``: ``title``, ``heading`` (a bold paragraph), ``paragraph``, ``text`` (a
    div's own text), ``table`` (``table`` the element; ``ruled`` false for the CMS meta table, which no report
    draws rules round) or ``spacer`` (``height_mm`` its printed height, None when it gives none)."""

    kind: str
    text: str = ""
    table: object = None
    ruled: bool = True
    height_mm: str | None = None


def text_of(element) -> str:
    """The element's text, its whitespace runs one space."""
    return re.sub(r"\s+", " ", element.text_content()).strip()


def cell_lines(td) -> list[str]:
    """A table cell's lines: its paragraphs, one to a line, else its whole text."""
    return [text_of(p) for p in td.findall(".//p")] or [text_of(td)]


def table_rows(table) -> tuple[list, int]:
    """The table's rows and its number of columns (the first row's cells, spans counted)."""
    rows = table.findall(".//tr")
    return rows, sum(int(td.get("colspan", 1)) for td in rows[0].findall("td"))


def article_blocks(article_html: str) -> list[Block]:
    """The blocks of ``article_html`` (the page's article), in print order."""
    return _blocks(lxml.html.fragment_fromstring(article_html, create_parent="div"))


def _blocks(parent) -> list[Block]:
    out: list[Block] = []
    for child in parent:
        if not isinstance(child.tag, str) or child.tag not in _BLOCKS:
            continue
        style = child.get("style") or ""
        if child.tag == "table":
            out.append(Block("table", table=child, ruled=child.get("class") != "xxgk-meta"))
        elif child.tag == "h1":
            out.append(Block("title", text_of(child)))
        elif child.tag == "div" and "page-break-before" in style:
            height = _SPACER_HEIGHT.search(style)
            out.append(Block("spacer", height_mm=height.group(1) if height else None))
        elif child.tag == "div" and any(isinstance(c.tag, str) and c.tag in _BLOCKS for c in child):
            out.extend(_blocks(child))
        elif child.tag == "div":
            out.append(Block("text", text_of(child)))
        elif text := text_of(child):
            bold = child.find("strong") is not None and text_of(child.find("strong")) == text
            out.append(Block("heading" if bold else "paragraph", text))
    return out


@dataclass(frozen=True)
class Cell:
    """One printed table cell, as the writers that take data rather than markup (iText's JSON, pdfmake's document
    definition) are handed it: its lines and its spans."""

    lines: tuple[str, ...]
    colspan: int = 1
    rowspan: int = 1


def table_cells(table) -> tuple[list[list[Cell]], int]:
    """The table's rows of cells (only the cells each row prints, as HTML lists them) and its number of columns."""
    rows, columns = table_rows(table)
    out = [[Cell(tuple(line for line in cell_lines(td) if line), int(td.get("colspan", 1)), int(td.get("rowspan", 1)))
            for td in tr.findall("td")] for tr in rows]
    return out, columns


def cell_grid(rows: list[list[Cell]], columns: int) -> list[list[Cell | None]]:
    """The rows as a full grid, ``columns`` slots each: a cell at the slot where it starts, None in every slot a
    ``colspan`` or ``rowspan`` covers (as pdfmake's table body wants it). A row with too few cells is padded."""
    covered: set[tuple[int, int]] = set()
    grid: list[list[Cell | None]] = []
    for r, row in enumerate(rows):
        slots: list[Cell | None] = []
        cells = iter(row)
        while len(slots) < columns:
            if (r, len(slots)) in covered:
                slots.append(None)
                continue
            cell = next(cells, None)
            if cell is None:  # the row prints fewer cells than the table has columns
                slots.append(Cell(()))
                continue
            start = len(slots)
            span = max(1, min(cell.colspan, columns - start))
            slots.append(cell if span == cell.colspan else Cell(cell.lines, span, cell.rowspan))
            slots.extend([None] * (span - 1))
            for below in range(r + 1, r + cell.rowspan):
                covered.update((below, c) for c in range(start, start + span))
        grid.append(slots)
    return grid
