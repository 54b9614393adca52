"""The report's printed page as the JSON job the ``itext`` producer's Java program prints (issue 13).

Java office systems of many agencies export their reports with iText 5: ``Paragraph`` for the text and one
``PdfPTable`` per table, the font's file embedded as ``BaseFont.IDENTITY_H``. The program
(``resources/ItextReport.java``, run by :mod:`pipeline.synth.itext_print`) lays out only what it is given here:
the article of the page the HTML producers print, read into blocks by :mod:`pipeline.synth.article` (as for
Typst, FOP and XeLaTeX), as plain data (text is data, never markup, so nothing the report prints is escaped or
interpreted). Gson (Debian ``libgoogle-gson-java``) reads it on the Java side.
"""

from __future__ import annotations

from .article_json import json_blocks

#: Page and type, as a Word report prints them: A4, 2 cm margins (in points), 10.5 pt (五号) text.
MARGIN_PT = 56.7
TEXT_PT = 10.5
TITLE_PT = 16
#: A paragraph's first-line indent (two ideographs) and a cell's padding, points; the rule round a ruled cell.
INDENT_PT = 2 * TEXT_PT
CELL_PADDING_PT = 3
RULE_PT = 0.5


def itext_job(article_html: str, font: str, fallback: str, ruled: bool) -> dict:
    """The job of ``article_html`` (the page's article): the font as iText names a file (``path`` or, in a
    collection, ``path,index``), the face for what it lacks (chosen per character by iText's ``FontSelector``),
    the page's measures and the blocks, tables ruled or not."""
    return {
        "font": font, "fallback": fallback,
        "page": {"margin_pt": MARGIN_PT, "text_pt": TEXT_PT, "title_pt": TITLE_PT, "indent_pt": INDENT_PT,
                 "cell_padding_pt": CELL_PADDING_PT, "rule_pt": RULE_PT},
        "blocks": json_blocks(article_html, ruled, lambda lines: {"lines": list(lines)}, lambda text: {"text": text}),
    }
