"""Word reports (.docx): paragraphs and tables in document order, merged cells kept as spans.

python-docx repeats a merged cell at every grid position it covers; the XML says where a merge starts
(``w:gridSpan``, ``w:vMerge="restart"``), so cells are read from the XML, each once, at its anchor.
"""

from __future__ import annotations

import io
import zipfile

from ..document import Cell, Document, Paragraph, Table
from ..errors import ExtractionError
from .formats import FormatOption


def qn(tag: str) -> str:
    """python-docx's qualified name of ``tag`` (python-docx loads with the first Word document)."""
    from docx.oxml.ns import qn as docx_qn

    return docx_qn(tag)


def sniff(data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def read(data: bytes, source: str) -> Document:
    import docx

    try:
        word = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for a broken package
        raise ExtractionError("unreadable", f"the Word file cannot be opened: {exc}") from exc
    doc = Document(source=source, format="docx")
    title = (word.core_properties.title or "").strip()
    if title:
        doc.title = title
    for element in word.element.body.iterchildren():
        if element.tag == qn("w:p"):
            text = _text(element)
            if text.strip():
                doc.blocks.append(Paragraph(text=text.strip()))
        elif element.tag == qn("w:tbl"):
            table = _table(element)
            if table.cells:
                doc.blocks.append(table)
    return doc


def _text(element) -> str:
    """The text of a paragraph or cell, runs joined as printed (tabs and breaks as spaces)."""
    parts = []
    for node in element.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:p")):
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag == qn("w:p") and parts:
            parts.append("\n")
        else:
            parts.append(" ")
    return "".join(parts)


def _cell_text(tc) -> str:
    """Lines of a cell joined as the page shows them: CJK wraps need no space."""
    return "".join(line.strip() for line in _text(tc).split("\n"))


def _table(tbl) -> Table:
    cells: list[Cell] = []
    open_merges: dict[int, Cell] = {}  # grid column → the cell a vertical merge started in
    for r, tr in enumerate(tbl.iterchildren(qn("w:tr"))):
        c = 0
        for tc in tr.iterchildren(qn("w:tc")):
            props = tc.find(qn("w:tcPr"))
            span = _int(props, "w:gridSpan") or 1
            merge = props.find(qn("w:vMerge")) if props is not None else None
            if merge is not None and merge.get(qn("w:val")) != "restart":
                anchor = open_merges.get(c)
                if anchor is not None:
                    anchor.rowspan += 1
            else:
                cell = Cell(text=_cell_text(tc), row=r, col=c, colspan=span)
                cells.append(cell)
                if merge is not None:
                    open_merges[c] = cell
                else:
                    open_merges.pop(c, None)
            c += span
    return Table(cells=cells, grid=True)


def _int(props, tag: str) -> int | None:
    if props is None:
        return None
    node = props.find(qn(tag))
    try:
        return int(node.get(qn("w:val"))) if node is not None else None
    except (TypeError, ValueError):
        return None


FORMAT = FormatOption("docx", "a Word document (.docx)", sniff=sniff, read=read)
