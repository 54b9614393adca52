"""The report's printed page as a pdfmake document definition, for the ``pdfmake`` producer (issue 13).

Many web systems make their PDFs in JavaScript with pdfmake: a document definition (plain JSON: text, tables
with ``widths``/``body``, ``colSpan``/``rowSpan`` with an empty object in every slot a span covers, named table
layouts such as ``noBorders``) laid out by pdfmake and written by pdfkit. What it is given is the article of the
page the HTML producers print, read into blocks by :mod:`pipeline.synth.article` (as for Typst, FOP, XeLaTeX
and iText); text is data, never markup. pdfmake has no per-character font fallback: a run of characters the
face lacks (Droid Sans Fallback's Latin digits) is written in the fallback face, as a page's author would.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby

from .article import Block, Cell, article_blocks, cell_grid, table_cells

#: The fonts' names in the definition (the printer is given their files).
FACE = "face"
FALLBACK = "fallback"
#: Page and type, as a Word report prints them: A4, 2 cm margins (points), 10.5 pt (五号) text.
MARGIN_PT = 56.7
TEXT_PT = 10.5
TITLE_PT = 16
#: A paragraph's first-line indent (two ideographs), its line height (times the font size) and the space after it.
INDENT_PT = 2 * TEXT_PT
LINE_HEIGHT = 1.3
SPACE_AFTER_PT = 4
#: pdfmake's named layout of a table without rules (a ruled table takes the default: every rule drawn).
UNRULED_LAYOUT = "noBorders"
PT_PER_MM = 72 / 25.4


def runs(text: str, has_glyph: Callable[[str], bool]) -> str | list[dict | str]:
    """``text`` as pdfmake takes it: a string when the face prints it all, else runs, those the face lacks
    in the fallback face."""
    if all(has_glyph(ch) for ch in text):
        return text
    return [part if own else {"text": part, "font": FALLBACK}
            for own, group in groupby(text, key=lambda ch: has_glyph(ch) or ch.isspace())
            for part in ["".join(group)]]


def _cell(cell: Cell | None, has_glyph: Callable[[str], bool]) -> dict:
    if cell is None:
        return {}  # a slot a colSpan or rowSpan covers
    out: dict = {"text": runs("\n".join(cell.lines), has_glyph), "alignment": "center"}
    if cell.colspan > 1:
        out["colSpan"] = cell.colspan
    if cell.rowspan > 1:
        out["rowSpan"] = cell.rowspan
    return out


def _table(block: Block, ruled: bool, has_glyph: Callable[[str], bool]) -> dict:
    rows, columns = table_cells(block.table)
    body = [[_cell(cell, has_glyph) for cell in row] for row in cell_grid(rows, columns)]
    out: dict = {"table": {"widths": ["*"] * columns, "body": body}, "margin": [0, SPACE_AFTER_PT, 0, 2 * SPACE_AFTER_PT]}
    if not (ruled and block.ruled):
        out["layout"] = UNRULED_LAYOUT
    return out


def _block(block: Block, ruled: bool, has_glyph: Callable[[str], bool]) -> dict:
    if block.kind == "table":
        return _table(block, ruled, has_glyph)
    if block.kind == "spacer":  # a new page, then empty space (the -cut layouts, before table 三)
        return {"text": "", "pageBreak": "before", "margin": [0, float(block.height_mm or 0) * PT_PER_MM, 0, 0]}
    text = runs(block.text, has_glyph)
    if block.kind == "title":
        return {"text": text, "fontSize": TITLE_PT, "bold": True, "alignment": "center",
                "margin": [0, 0, 0, 2 * SPACE_AFTER_PT]}
    if block.kind == "text":
        return {"text": text, "margin": [0, 0, 0, SPACE_AFTER_PT]}
    out = {"text": text, "leadingIndent": INDENT_PT, "lineHeight": LINE_HEIGHT, "margin": [0, 0, 0, SPACE_AFTER_PT]}
    return out | {"bold": True} if block.kind == "heading" else out


def pdfmake_definition(article_html: str, ruled: bool, has_glyph: Callable[[str], bool]) -> dict:
    """The document definition of ``article_html`` (the page's article), tables ruled or not; ``has_glyph``
    tells the characters the face prints."""
    return {
        "pageSize": "A4", "pageMargins": [MARGIN_PT] * 4,
        "defaultStyle": {"font": FACE, "fontSize": TEXT_PT},
        "content": [_block(b, ruled, has_glyph) for b in article_blocks(article_html)],
    }
