"""The page's article as plain JSON blocks, for the producers whose programs in other languages print it (issue 13):
``tcpdf`` (PHP, ``resources/tcpdf_report.php``), ``prawn`` (Ruby, ``resources/prawn_report.rb``) and ``jspdf``
(JavaScript on Node.js, ``resources/jspdf_report.js``).

The blocks are those :mod:`pipeline.synth.article` reads from the page the HTML producers print (the ``itext`` job
is the same blocks with its own text fields, :mod:`pipeline.synth.itext_markup`), nothing
re-templated; text is data, never markup (a program that writes markup escapes it itself). Each text is a list of
runs ``[text, own]``: ``own`` false for a run of characters the face lacks (Droid Sans Fallback's Latin digits),
which the program prints in the fallback face, since no tool here falls back per character by itself in every
place a report prints text.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby

from .article import Block, article_blocks, table_cells

#: Page and type, as a Word report prints them: A4, 2 cm margins (millimetres), 10.5 pt (五号) text.
MARGIN_MM = 20
TEXT_PT = 10.5
TITLE_PT = 16
#: A cell's padding (points) and the rule round a ruled cell (points).
CELL_PADDING_PT = 3
RULE_PT = 0.5


def glyph_runs(text: str, has_glyph: Callable[[str], bool]) -> list[list]:
    """``text`` cut into runs ``[characters, own]``: ``own`` whether the face prints them (else the fallback face
    does); spaces go with either, so a text the face prints whole is one run."""
    return [["".join(group), own] for own, group in groupby(text, key=lambda ch: has_glyph(ch) or ch.isspace())]


def _table(block: Block, ruled: bool, cell_text: Callable[[tuple[str, ...]], dict]) -> dict:
    rows, columns = table_cells(block.table)
    return {"kind": "table", "ruled": ruled and block.ruled, "columns": columns,
            "rows": [[{**cell_text(c.lines), "colspan": c.colspan, "rowspan": c.rowspan} for c in row]
                     for row in rows]}


def json_blocks(article_html: str, ruled: bool, cell_text: Callable[[tuple[str, ...]], dict],
                text: Callable[[str], dict]) -> list[dict]:
    """The article's blocks as plain data, every program's job the same but for how it takes text: ``cell_text``
    gives a table cell's fields from its lines, ``text`` a title's, heading's or paragraph's from its text."""
    out = []
    for block in article_blocks(article_html):
        if block.kind == "table":
            out.append(_table(block, ruled, cell_text))
        elif block.kind == "spacer":  # a new page, then empty space of this height (the -cut layouts, before 三)
            out.append({"kind": "page_break", "height_mm": float(block.height_mm or 0)})
        else:  # title, heading, paragraph, text
            out.append({"kind": block.kind, **text(block.text)})
    return out


def article_job(article_html: str, ruled: bool, has_glyph: Callable[[str], bool], fonts: dict) -> dict:
    """The job of ``article_html`` (the page's article): ``fonts`` as the program takes them, the page's measures
    and the blocks, tables ruled or not; ``has_glyph`` tells the characters the face prints."""
    return {
        "fonts": fonts,
        "page": {"margin_mm": MARGIN_MM, "text_pt": TEXT_PT, "title_pt": TITLE_PT,
                 "cell_padding_pt": CELL_PADDING_PT, "rule_pt": RULE_PT},
        "blocks": json_blocks(article_html, ruled, lambda lines: {"runs": glyph_runs("\n".join(lines), has_glyph)},
                              lambda text: {"runs": glyph_runs(text, has_glyph)}),
    }
