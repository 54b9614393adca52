"""The report's printed page as Typst markup, for the ``typst`` producer of the producer matrix (issue 13).

Typst is a layout engine of its own kind (not a browser, not a word processor): its tables break across
pages by its own rules, rowspan cells included. What it is given is the article of the page the HTML
producers print (:func:`pipeline.synth.producers.page_html`), nothing re-templated: paragraphs, the bold
section headings, the CMS meta table, the report's tables with their ``colspan``/``rowspan`` cells, and a
``-cut`` layout's spacer (a page break, then empty space) before table 三. Every text is a Typst string
literal, so nothing the report prints is read as markup.
"""

from __future__ import annotations

import re

import lxml.html

#: Page and type, as a Word report prints them: A4, 2 cm margins, 10.5 pt (五号) text.
PAGE = '#set page(paper: "a4", margin: 2cm)\n'
TEXT_PT = 10.5
TITLE_PT = 16
#: A cell's padding, and the rule drawn round every cell of a ruled table.
CELL_INSET_PT = 4
RULE_PT = 0.5
_SPACER_HEIGHT = re.compile(r"height:\s*(\d+(?:\.\d+)?)mm")
_BLOCKS = ("p", "h1", "div", "table")


def _string(text: str) -> str:
    """``text`` as a Typst string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _text(element) -> str:
    return re.sub(r"\s+", " ", element.text_content()).strip()


def _cell(td) -> str:
    """One table cell: its spans, and its paragraphs one to a line."""
    lines = [_text(p) for p in td.findall(".//p")] or [_text(td)]
    body = " \\ ".join(f"#{_string(line)}" for line in lines if line)
    spans = [f"{name}: {int(td.get(name))}" for name in ("colspan", "rowspan") if int(td.get(name, 1)) > 1]
    return f"table.cell({', '.join(spans)})[{body}]" if spans else f"[{body}]"


def _table(table, ruled: bool) -> str:
    rows = table.findall(".//tr")
    columns = sum(int(td.get("colspan", 1)) for td in rows[0].findall("td"))
    cells = ",\n  ".join(_cell(td) for tr in rows for td in tr.findall("td"))
    stroke = f"{RULE_PT}pt" if ruled and table.get("class") != "xxgk-meta" else "none"
    return (f"#table(columns: {columns}, stroke: {stroke}, inset: {CELL_INSET_PT}pt, align: center + horizon,\n"
            f"  {cells})\n")


def _paragraph(p) -> str:
    text = _text(p)
    if not text:
        return ""
    if p.find("strong") is not None and _text(p.find("strong")) == text:
        return f"#strong({_string(text)})\n\n"
    return f"#{_string(text)}\n\n"


def _blocks(parent, ruled: bool) -> list[str]:
    out = []
    for child in parent:
        if not isinstance(child.tag, str) or child.tag not in _BLOCKS:
            continue
        style = child.get("style") or ""
        if child.tag == "table":
            out.append(_table(child, ruled))
        elif child.tag == "h1":
            out.append(f"#align(center, text(size: {TITLE_PT}pt, weight: \"bold\", {_string(_text(child))}))\n\n")
        elif child.tag == "div" and "page-break-before" in style:
            height = _SPACER_HEIGHT.search(style)
            out.append("#pagebreak()\n" + (f"#v({height.group(1)}mm)\n" if height else ""))
        elif child.tag == "div" and any(isinstance(c.tag, str) and c.tag in _BLOCKS for c in child):
            out.extend(_blocks(child, ruled))
        elif child.tag == "div":
            out.append(f"#{_string(_text(child))}\n\n")
        else:
            out.append(_paragraph(child))
    return out


def typst_markup(article_html: str, families: list[str], ruled: bool) -> str:
    """The Typst document of ``article_html`` (the page's article) in the font ``families`` (the first, then
    fallbacks for what it lacks), its tables ruled or not."""
    root = lxml.html.fragment_fromstring(article_html, create_parent="div")
    fonts = ", ".join(_string(f) for f in families)
    head = PAGE + f"#set text(font: ({fonts},), size: {TEXT_PT}pt, lang: \"zh\")\n#set par(first-line-indent: 2em)\n\n"
    return head + "".join(_blocks(root, ruled))
