"""The report's printed page as XSL-FO, for the ``fop`` producer of the producer matrix (issue 13).

Apache FOP is the server-side formatter some publishing systems run: XSL-FO in, PDF out, with its own table
layout (fixed column widths, cells broken across pages by its own rules). What it is given is the article of
the page the HTML producers print, read into blocks by :mod:`pipeline.synth.article` as for Typst.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from .article import Block, article_blocks, cell_lines, table_rows

#: Page and type, as a Word report prints them: A4, 2 cm margins, 10.5 pt (五号) text.
PAGE = '<fo:simple-page-master master-name="a4" page-height="297mm" page-width="210mm" margin="20mm">' \
       '<fo:region-body/></fo:simple-page-master>'
TEXT_PT = 10.5
TITLE_PT = 16
#: A cell's padding, and the rule drawn round every cell of a ruled table.
CELL_PADDING_PT = 2
RULE = "0.5pt solid black"


def _cell(td, ruled: bool) -> str:
    lines = cell_lines(td)
    body = "".join(f'<fo:block text-align="center">{escape(line)}</fo:block>' for line in lines if line)
    attrs = [f'padding="{CELL_PADDING_PT}pt"', 'display-align="center"']
    if int(td.get("colspan", 1)) > 1:
        attrs.append(f'number-columns-spanned="{int(td.get("colspan"))}"')
    if int(td.get("rowspan", 1)) > 1:
        attrs.append(f'number-rows-spanned="{int(td.get("rowspan"))}"')
    if ruled:
        attrs.append(f'border="{RULE}"')
    return f"<fo:table-cell {' '.join(attrs)}>{body or '<fo:block/>'}</fo:table-cell>"


def _table(table, ruled: bool) -> str:
    rows, columns = table_rows(table)
    body = "".join("<fo:table-row>" + "".join(_cell(td, ruled) for td in tr.findall("td")) + "</fo:table-row>"
                   for tr in rows)
    return (f'<fo:table table-layout="fixed" width="100%" border-collapse="collapse" space-after="6pt">'
            f'<fo:table-column column-width="proportional-column-width(1)" number-columns-repeated="{columns}"/>'
            f"<fo:table-body>{body}</fo:table-body></fo:table>")


def _block(block: Block, ruled: bool) -> str:
    if block.kind == "table":
        return _table(block.table, ruled and block.ruled)
    if block.kind == "title":
        return (f'<fo:block font-size="{TITLE_PT}pt" font-weight="bold" text-align="center" '
                f'space-after="8pt">{escape(block.text)}</fo:block>')
    if block.kind == "spacer":
        return (f'<fo:block-container break-before="page" height="{block.height_mm or 0}mm">'
                "<fo:block/></fo:block-container>")
    if block.kind == "text":
        return f'<fo:block space-after="4pt">{escape(block.text)}</fo:block>'
    if block.kind == "heading":
        return f'<fo:block font-weight="bold" text-indent="2em" space-before="4pt">{escape(block.text)}</fo:block>'
    return f'<fo:block text-indent="2em" space-after="4pt">{escape(block.text)}</fo:block>'


def fo_document(article_html: str, families: list[str], ruled: bool) -> str:
    """The XSL-FO document of ``article_html`` (the page's article) in the font ``families`` (the first, then
    fallbacks for what it lacks, character by character), its tables ruled or not."""
    fonts = quoteattr(",".join(families))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<fo:root xmlns:fo="http://www.w3.org/1999/XSL/Format">'
            f"<fo:layout-master-set>{PAGE}</fo:layout-master-set>"
            '<fo:page-sequence master-reference="a4">'
            f'<fo:flow flow-name="xsl-region-body" font-family={fonts} font-size="{TEXT_PT}pt" '
            'font-selection-strategy="character-by-character">'
            + "".join(_block(b, ruled) for b in article_blocks(article_html)) + "</fo:flow></fo:page-sequence></fo:root>\n")
