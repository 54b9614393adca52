"""The report's printed page as Typst markup, for the ``typst`` producer of the producer matrix (issue 13).

Typst is a layout engine of its own kind (not a browser, not a word processor): its tables break across
pages by its own rules, rowspan cells included. What it is given is the article of the page the HTML
producers print, read into blocks by :mod:`pipeline.synth.article` (as for FOP). Every text is a Typst string
literal, so nothing the report prints is read as markup.
"""

from __future__ import annotations

from .article import Block, article_blocks, cell_lines, table_rows

#: Page and type, as a Word report prints them: A4, 2 cm margins, 10.5 pt (五号) text.
PAGE = '#set page(paper: "a4", margin: 2cm)\n'
TEXT_PT = 10.5
TITLE_PT = 16
#: A cell's padding, and the rule drawn round every cell of a ruled table.
CELL_INSET_PT = 4
RULE_PT = 0.5


def _string(text: str) -> str:
    """``text`` as a Typst string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _cell(td) -> str:
    """One table cell: its spans, and its paragraphs one to a line."""
    lines = cell_lines(td)
    body = " \\ ".join(f"#{_string(line)}" for line in lines if line)
    spans = [f"{name}: {int(td.get(name))}" for name in ("colspan", "rowspan") if int(td.get(name, 1)) > 1]
    return f"table.cell({', '.join(spans)})[{body}]" if spans else f"[{body}]"


def _table(table, ruled: bool) -> str:
    rows, columns = table_rows(table)
    cells = ",\n  ".join(_cell(td) for tr in rows for td in tr.findall("td"))
    stroke = f"{RULE_PT}pt" if ruled else "none"
    return (f"#table(columns: {columns}, stroke: {stroke}, inset: {CELL_INSET_PT}pt, align: center + horizon,\n"
            f"  {cells})\n")


def _block(block: Block, ruled: bool) -> str:
    if block.kind == "table":
        return _table(block.table, ruled and block.ruled)
    if block.kind == "title":
        return f"#align(center, text(size: {TITLE_PT}pt, weight: \"bold\", {_string(block.text)}))\n\n"
    if block.kind == "spacer":
        return "#pagebreak()\n" + (f"#v({block.height_mm}mm)\n" if block.height_mm else "")
    if block.kind == "heading":
        return f"#strong({_string(block.text)})\n\n"
    return f"#{_string(block.text)}\n\n"  # a paragraph, or a div's own text


def typst_markup(article_html: str, families: list[str], ruled: bool) -> str:
    """The Typst document of ``article_html`` (the page's article) in the font ``families`` (the first, then
    fallbacks for what it lacks), its tables ruled or not."""
    fonts = ", ".join(_string(f) for f in families)
    head = PAGE + f"#set text(font: ({fonts},), size: {TEXT_PT}pt, lang: \"zh\")\n#set par(first-line-indent: 2em)\n\n"
    return head + "".join(_block(b, ruled) for b in article_blocks(article_html))
