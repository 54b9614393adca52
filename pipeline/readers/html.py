"""Web-page reports: CMS pages, Word/WPS-exported HTML, tables split across page breaks.

The article is found by text weight (link text does not count), so navigation, sidebars and footers
around it are left out. Tables become grid :class:`Table` blocks with their rowspan/colspan kept;
layout tables (tables that hold tables) are walked as containers.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from ..document import Cell, Document, Paragraph, Table
from ..errors import ExtractionError
from .encoding import declared_charset, decode

_HTML_START = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title|table|div|p)\b", re.I | re.S)
_BLOCK_TAGS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "main", "header",
    "footer", "nav", "aside", "blockquote", "pre", "center", "form", "dl", "dt", "dd", "tr", "td", "th",
    "tbody", "thead", "tfoot", "body", "html", "hr", "address", "figure", "figcaption",
}
_SKIP_TAGS = {"script", "style", "noscript", "head", "template", "iframe", "object", "svg", "select", "button"}
_SPACE = re.compile(r"[ \t\r\n\f\v\u00a0\u3000]+")
#: Elements the article can be; a paragraph or heading is never the whole article.
_CONTAINER_TAGS = {"div", "section", "article", "main", "center", "form", "font", "body"}
_LAYOUT_TAGS = {"table", "tbody", "thead", "tr", "td", "th"}
#: Descend into a child when it holds at least this share of its parent's (non-link) text.
ARTICLE_SHARE = 0.8


def sniff(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf")
    return bool(_HTML_START.match(head)) or b"<table" in data[:65536].lower()


def read(data: bytes, source: str) -> Document:
    text, encoding = decode(data, declared_charset(data))
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError("unreadable", f"the HTML could not be parsed: {exc}") from exc
    doc = Document(source=source, format="html", encoding=encoding)
    title = root.find(".//title")
    if title is not None and title.text_content().strip():
        doc.title = _clean(title.text_content())
    _metadata(root, doc)
    for el in list(root.iter(*_SKIP_TAGS)):
        if el.getparent() is not None:
            el.drop_tree()
    article = _article(root)
    _Walker(doc).walk(article)
    heading = next((_clean(h.text_content()) for h in root.iter("h1", "h2") if "报告" in h.text_content()), None)
    if heading:
        doc.title = heading
    return doc


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _weight(el) -> int:
    """Characters of text under ``el``, link text excluded (menus are links)."""
    total = len(_SPACE.sub("", el.text_content()))
    links = sum(len(_SPACE.sub("", a.text_content())) for a in el.iter("a"))
    return total - links


def _can_hold_article(el) -> bool:
    """Containers, and the parts of layout tables (tables that hold tables); never a data table."""
    if not isinstance(el.tag, str):
        return False
    tag = el.tag.lower()
    if tag in _LAYOUT_TAGS:
        return any(t is not el for t in el.iter("table"))
    return tag in _CONTAINER_TAGS


def _article(root):
    """The smallest element that still holds most of the page's text: the report itself."""
    node = root.find("body")
    node = root if node is None else node
    while True:
        weight = _weight(node)
        children = [c for c in node if _can_hold_article(c)]
        best = max(children, key=_weight, default=None)
        if best is None or weight == 0 or _weight(best) < ARTICLE_SHARE * weight:
            return node
        node = best


_META_FIELD = re.compile(r"(索引号|发布机构|发文机关|来源|成文日期|发布日期|发布时间)\s*[:：]\s*([^\s|]{2,40})")


def _metadata(root, doc: Document) -> None:
    """Header fields (发布机构 …) and ``<meta>`` tags that CMS pages carry."""
    for meta in root.iter("meta"):
        name = (meta.get("name") or "").lower()
        if name in ("articletitle", "title") and meta.get("content"):
            doc.metadata.setdefault("标题", meta.get("content").strip())
        if name in ("contentsource", "author") and meta.get("content"):
            doc.metadata.setdefault("发布机构", meta.get("content").strip())
    for m in _META_FIELD.finditer(_clean(root.text_content())[:20000]):
        doc.metadata.setdefault(m.group(1).replace("发文机关", "发布机构").replace("来源", "发布机构"), m.group(2))


class _Walker:
    """Document-order walk: inline text gathers into paragraphs, data tables become Table blocks."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.buffer: list[str] = []

    def walk(self, el) -> None:
        self._visit(el)
        self._flush()

    def _flush(self) -> None:
        text = _clean("".join(self.buffer))
        self.buffer = []
        if text:
            self.doc.blocks.append(Paragraph(text=text))

    def _visit(self, el) -> None:
        if not isinstance(el.tag, str):  # comments, processing instructions
            if el.tail:
                self.buffer.append(el.tail)
            return
        tag = el.tag.lower().split(":")[-1]
        if tag == "table" and not any(True for _ in el.iter("table") if _ is not el):
            self._flush()
            table = _table(el)
            if table.cells:
                self.doc.blocks.append(table)
        elif tag == "br":
            self._flush()
        else:
            block = tag in _BLOCK_TAGS
            if block:
                self._flush()
            if el.text:
                self.buffer.append(el.text)
            for child in el:
                self._visit(child)
            if block:
                self._flush()
        if el.tail:
            self.buffer.append(el.tail)


def _cell_text(el) -> str:
    """A cell's text: pieces in ``<p>``/``<span>`` joined as printed, ``&nbsp;`` as space."""
    parts: list[str] = []
    for node in el.iter():
        if node is not el and isinstance(node.tag, str) and node.tag.lower() in ("p", "br", "div") and parts:
            parts.append("\n")
        if isinstance(node.tag, str) and node.text and node.tag.lower() not in _SKIP_TAGS:
            parts.append(node.text)
        if node is not el and node.tail:
            parts.append(node.tail)
    lines = [_clean(p) for p in "".join(parts).split("\n")]
    return "".join(p for p in lines if p)


def _table(el) -> Table:
    """Cells at their grid position, rowspan/colspan resolved against cells spanning from above."""
    cells: list[Cell] = []
    taken: set[tuple[int, int]] = set()
    rows = [tr for tr in el.iter("tr") if _nearest_table(tr) is el]
    for r, tr in enumerate(rows):
        c = 0
        for td in tr:
            if not isinstance(td.tag, str) or td.tag.lower() not in ("td", "th"):
                continue
            while (r, c) in taken:
                c += 1
            rowspan = _span(td.get("rowspan"))
            colspan = _span(td.get("colspan"))
            cells.append(Cell(text=_cell_text(td), row=r, col=c, rowspan=rowspan, colspan=colspan))
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, c + dc))
            c += colspan
    return Table(cells=cells, grid=True)


def _nearest_table(el):
    parent = el.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(str(value).strip()), 200))
    except (TypeError, ValueError):
        return 1
