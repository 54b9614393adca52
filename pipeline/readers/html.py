"""Web-page reports: CMS pages, Word/WPS-exported HTML, tables split across page breaks.

The article is found by text weight (link text does not count), so navigation, sidebars and footers
around it are left out. Tables become grid :class:`Table` blocks with their rowspan/colspan kept;
layout tables (tables that hold tables) are walked as containers.
"""

from __future__ import annotations

import re

from lxml import etree

from ..document import Cell, Document, Paragraph, Table
from ..errors import ExtractionError
from .encoding import declared_charset, decode
from .formats import FormatOption

_HTML_START = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title|table|div|p)\b", re.I | re.S)
_BLOCK_TAGS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "main", "header",
    "footer", "nav", "aside", "blockquote", "pre", "center", "form", "dl", "dt", "dd", "tr", "td", "th",
    "tbody", "thead", "tfoot", "body", "html", "hr", "address", "figure", "figcaption",
}
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_SKIP_TAGS = {"script", "style", "noscript", "head", "template", "iframe", "object", "svg", "select", "button"}
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
        root = etree.fromstring(_XML_DECLARATION.sub("", text, count=1), _PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ExtractionError("unreadable", f"the HTML could not be parsed: {exc}") from exc
    if root is None:
        raise ExtractionError("unreadable", "the HTML has no elements")
    doc = Document(source=source, format="html", encoding=encoding)
    title = root.find(".//title")
    if title is not None and _text_of(title).strip():
        doc.title = _clean(_text_of(title))
    _metadata(root, doc)
    for el in list(root.iter(*_SKIP_TAGS, etree.Comment)):
        _drop(el)
    article = _article(root)
    _Walker(doc).walk(article)
    heading = next((_clean(_text_of(h)) for h in root.iter("h1", "h2") if "报告" in _text_of(h)), None)
    if heading:
        doc.title = heading
    return doc


def _drop(el) -> None:
    """Remove an element but keep the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _text_of(el) -> str:
    """All text under ``el`` (lxml's serialiser: several times faster than ``text_content``)."""
    return etree.tostring(el, method="text", encoding=str, with_tail=False)


def _weight(el) -> int:
    """Characters of text under ``el``, link text excluded (menus are links)."""
    total = len("".join(_text_of(el).split()))
    links = sum(len("".join(_text_of(a).split())) for a in el.iter("a"))
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
    weight = _weight(node)
    while True:
        weighed = [(_weight(c), c) for c in node if _can_hold_article(c)]
        best_weight, best = max(weighed, key=lambda wc: wc[0], default=(0, None))
        if best is None or weight == 0 or best_weight < ARTICLE_SHARE * weight:
            return node
        node, weight = best, best_weight


_META_FIELD = re.compile(r"(索引号|发布机构|发文机关|来源|成文日期|发布日期|发布时间)\s*[:：]\s*([^\s|]{2,40})")


def _metadata(root, doc: Document) -> None:
    """Header fields (发布机构 …) and ``<meta>`` tags that CMS pages carry."""
    for meta in root.iter("meta"):
        name = (meta.get("name") or "").lower()
        if name in ("articletitle", "title") and meta.get("content"):
            doc.metadata.setdefault("标题", meta.get("content").strip())
        if name in ("contentsource", "author") and meta.get("content"):
            doc.metadata.setdefault("发布机构", meta.get("content").strip())
    for m in _META_FIELD.finditer(_clean(_text_of(root))[:20000]):
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
    """A cell's text: pieces in ``<p>``/``<span>`` joined as printed, line breaks in the source dropped
    (Word wraps its HTML mid-sentence), ``&nbsp;`` as space."""
    if len(el) == 0:
        text = el.text or ""
        return _clean(text) if "\n" not in text else "".join(_clean(line) for line in text.split("\n"))
    text = _text_of(el)
    if "\n" not in text:
        return _clean(text)
    return "".join(_clean(line) for line in text.split("\n"))


def _table(el) -> Table:
    """Cells at their grid position, rowspan/colspan resolved against cells spanning from above."""
    cells: list[Cell] = []
    taken: set[tuple[int, int]] = set()
    rows = [tr for tr in el.iter("tr") if _nearest_table(tr) is el]
    for r, tr in enumerate(rows):
        c = 0
        for td in tr.iterchildren("td", "th", "TD", "TH"):
            while (r, c) in taken:
                c += 1
            rowspan, colspan = _span(td.get("rowspan")), _span(td.get("colspan"))
            cells.append(Cell(text=_cell_text(td), row=r, col=c, rowspan=rowspan, colspan=colspan))
            if rowspan > 1:
                taken.update((r + dr, c + dc) for dr in range(1, rowspan) for dc in range(colspan))
            c += colspan
    return Table(cells=cells, grid=True)


def _nearest_table(el):
    parent = el.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _span(value: str | None) -> int:
    if not value or value == "1":
        return 1
    try:
        return max(1, min(int(str(value).strip()), 200))
    except (TypeError, ValueError):
        return 1


FORMAT = FormatOption("html", "a web page", sniff=sniff, read=read)
