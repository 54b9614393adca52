"""The report's printed page as XSL-FO, for the ``fop`` producer of the producer matrix (issue 13).

Apache FOP is the server-side formatter some publishing systems run: XSL-FO in, PDF out, with its own table
layout (fixed column widths, cells broken across pages by its own rules). What it is given is the article of
the page the HTML producers print (:func:`pipeline.synth.producers.page_html`), nothing re-templated:
paragraphs, the bold section headings, the CMS meta table, the report's tables with their spans, and a
``-cut`` layout's spacer (a new page, then empty space) before table 三.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

import lxml.html

#: Page and type, as a Word report prints them: A4, 2 cm margins, 10.5 pt (五号) text.
PAGE = '<fo:simple-page-master master-name="a4" page-height="297mm" page-width="210mm" margin="20mm">' \
       '<fo:region-body/></fo:simple-page-master>'
TEXT_PT = 10.5
TITLE_PT = 16
#: A cell's padding, and the rule drawn round every cell of a ruled table.
CELL_PADDING_PT = 2
RULE = "0.5pt solid black"
_SPACER_HEIGHT = re.compile(r"height:\s*(\d+(?:\.\d+)?)mm")
_BLOCKS = ("p", "h1", "div", "table")


def _text(element) -> str:
    return re.sub(r"\s+", " ", element.text_content()).strip()


def _cell(td, ruled: bool) -> str:
    lines = [_text(p) for p in td.findall(".//p")] or [_text(td)]
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
    rows = table.findall(".//tr")
    columns = sum(int(td.get("colspan", 1)) for td in rows[0].findall("td"))
    ruled = ruled and table.get("class") != "xxgk-meta"
    body = "".join("<fo:table-row>" + "".join(_cell(td, ruled) for td in tr.findall("td")) + "</fo:table-row>"
                   for tr in rows)
    return (f'<fo:table table-layout="fixed" width="100%" border-collapse="collapse" space-after="6pt">'
            f'<fo:table-column column-width="proportional-column-width(1)" number-columns-repeated="{columns}"/>'
            f"<fo:table-body>{body}</fo:table-body></fo:table>")


def _paragraph(p) -> str:
    text = _text(p)
    if not text:
        return ""
    if p.find("strong") is not None and _text(p.find("strong")) == text:
        return f'<fo:block font-weight="bold" text-indent="2em" space-before="4pt">{escape(text)}</fo:block>'
    return f'<fo:block text-indent="2em" space-after="4pt">{escape(text)}</fo:block>'


def _blocks(parent, ruled: bool) -> list[str]:
    out = []
    for child in parent:
        if not isinstance(child.tag, str) or child.tag not in _BLOCKS:
            continue
        style = child.get("style") or ""
        if child.tag == "table":
            out.append(_table(child, ruled))
        elif child.tag == "h1":
            out.append(f'<fo:block font-size="{TITLE_PT}pt" font-weight="bold" text-align="center" '
                       f'space-after="8pt">{escape(_text(child))}</fo:block>')
        elif child.tag == "div" and "page-break-before" in style:
            height = _SPACER_HEIGHT.search(style)
            out.append(f'<fo:block-container break-before="page" height="{height.group(1) if height else 0}mm">'
                       "<fo:block/></fo:block-container>")
        elif child.tag == "div" and any(isinstance(c.tag, str) and c.tag in _BLOCKS for c in child):
            out.extend(_blocks(child, ruled))
        elif child.tag == "div":
            out.append(f'<fo:block space-after="4pt">{escape(_text(child))}</fo:block>')
        else:
            out.append(_paragraph(child))
    return out


def fo_document(article_html: str, families: list[str], ruled: bool) -> str:
    """The XSL-FO document of ``article_html`` (the page's article) in the font ``families`` (the first, then
    fallbacks for what it lacks, character by character), its tables ruled or not."""
    root = lxml.html.fragment_fromstring(article_html, create_parent="div")
    fonts = quoteattr(",".join(families))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<fo:root xmlns:fo="http://www.w3.org/1999/XSL/Format">'
            f"<fo:layout-master-set>{PAGE}</fo:layout-master-set>"
            '<fo:page-sequence master-reference="a4">'
            f'<fo:flow flow-name="xsl-region-body" font-family={fonts} font-size="{TEXT_PT}pt" '
            'font-selection-strategy="character-by-character">'
            + "".join(_blocks(root, ruled)) + "</fo:flow></fo:page-sequence></fo:root>\n")
