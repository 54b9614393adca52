"""Born-digital PDF reports (Word, WPS): ruled tables as grid tables, the rest as lines of text.

PDFium (:mod:`.pdf_page`) gives each page's characters and rules; pdfplumber's table finder (with the
shortcuts of :mod:`.pdf_tables`, same results) finds the ruled tables and their cells on them (page and bbox
kept); rows that are one framed line of text become paragraphs (:mod:`.framed`). Tables continued on the next page need no stitching here: the
mapper reads a section's tables as one stream. Each page's text layer is checked first; a page without one,
or with one that decodes wrong, is read by OCR (:mod:`pipeline.ocr`, the ``ocr`` extra) and none of its text
layer is used; without the extra it is marked as needing OCR, so it can never produce a wrong number.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import pypdfium2

from ..document import Block, Cell, Document, Paragraph, Table
from ..errors import ExtractionError
from ..layout.framed import framed_blocks
from ..layout.furniture import foot_page_number, is_page_number
from ..layout.unruled import ROWS_JOINED, Pages, Word, unruled_tables
from .normalize import is_private_use, normalize_text
from .pdf_page import PdfiumPdf
from .pdf_tables import TableText, find_tables
from .scan import ocr_module
from .split_rows import closing_lines, drop_empty_bands, is_open_at, join_split_rows, rejoin_label_rows

#: Pages beyond this are not read: no annual report is this long.
MAX_PAGES = 400
TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3,
                  "join_tolerance": 3, "intersection_tolerance": 3}
#: Characters on one line: tops this share of the page's usual font size apart at most, and never less than
#: pdfplumber's default 3 points (see :func:`_line_tolerance`).
LINE_TOLERANCE_EM = 0.3
MIN_LINE_TOLERANCE = 3.0
#: Lines in the top or bottom margin (share of page height) may be running headers and footers.
MARGIN = 0.08
#: A page with fewer characters than this has no text layer worth reading.
MIN_CHARS = 20
#: Garbled text layers: shares of the page's characters above which the page is not trusted.
MAX_CID_SHARE = 0.02
#: This many (cid:N) glyphs on a page are never garbling by themselves, however short the page: the share above
#: already trusts one in 250 characters, and a short last page (a CMS footer whose 1920×1080 prints Smiley Sans's
#: multiply.number, which Qt's /ToUnicode leaves out) went to OCR for one glyph. One left in a table cell flags.
MAX_LONE_CIDS = 1
MAX_PRIVATE_USE_SHARE = 0.05
#: A few kinds of private-use glyph printed again and again are a font's digits without a Unicode mapping (Apache
#: FOP writes a CFF font's digits so, 0 → U+E000 …): a small share of the page, but every number of its tables
#: and the report's year. This many such glyphs, of no more than this many kinds (ten digits, a point, a
#: minus), and the page is not trusted.
MIN_PRIVATE_USE_DIGITS = 4
MAX_PRIVATE_USE_KINDS = 12
MAX_LATIN_EXT_SHARE = 0.2
#: With this many CJK characters, a page that has none of the everyday words of a report decodes wrong.
MIN_CJK_FOR_VOCABULARY = 80
EVERYDAY_WORDS = ("政府", "信息", "公开", "工作", "情况", "申请", "年度", "报告", "办理", "行政", "主动",
                  "政务", "加强", "开展", "本年", "进一步", "总计", "其他")

_CID = re.compile(r"\(cid:\d+\)")
_DIGITS = re.compile(r"\d+")
_WRAPPED_NUMBER = re.compile(r"[\d.,]\s*\n\s*[\d.,]")


@dataclass
class TextLayer:
    usable: bool
    reason: str = ""


def sniff(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(b"%PDF-")


def read(data: bytes, source: str) -> Document:
    try:
        pdf = PdfiumPdf(data)
    except pypdfium2.PdfiumError as exc:
        raise _open_error(exc) from exc
    doc = Document(source=source, format="pdf")
    try:
        count = len(pdf)
        if count > MAX_PAGES:
            raise ExtractionError("too_large", f"the PDF has {count} pages, more than the {MAX_PAGES} read")
        doc.page_count = count
        per_page: list[list[tuple[float, Block]]] = []
        margins: list[set[str]] = []
        open_bottom: set[int] = set()
        open_top: set[int] = set()
        unruled = Pages(fold=normalize_text)
        scans = _Scans(pdf.document, unruled)
        doctop = 0.0
        for number in range(1, count + 1):
            try:
                page = pdf.page(number, doctop)
            except pypdfium2.PdfiumError as exc:
                doc.warnings.append(f"page {number} could not be read ({type(exc).__name__}: {exc})")
                continue
            doctop += page.height
            try:
                layer = text_layer(page)
                if not layer.usable:
                    items = scans.read(number, doc, layer.reason)
                    if items is not None:
                        per_page.append(items)
                        margins.append(set())
                    continue
                items = _page_blocks(page, number, open_top, open_bottom, unruled)
            except Exception as exc:  # noqa: BLE001 - a malformed page must not cost the others
                doc.warnings.append(f"page {number} could not be read ({type(exc).__name__}: {exc})")
                continue
            finally:
                page.close()
            per_page.append(items)
            margins.append({_key(b.text) for _, b in items if isinstance(b, Paragraph) and _in_margin(b, page.height)})
    finally:
        pdf.close()
    if join_split_rows(per_page, open_bottom, open_top, doc.warnings) + unruled.join(per_page):
        doc.warnings.append(ROWS_JOINED)
    unruled.close_headers(per_page)
    furniture = _running_furniture(margins)
    for items in per_page:
        doc.blocks.extend(b for _, b in items if not (isinstance(b, Paragraph) and _key(b.text) in furniture))
    for page in sorted({c.page for t in doc.tables for c in t.cells if _CID.search(c.text)}):
        doc.warnings.append(f"page {page}: a table cell prints a glyph the PDF gives no text for ((cid:N)): "
                            "its value may be misread")
    doc.warnings.extend(unruled.warnings(doc.tables))
    return doc


class _Scans:
    """Pages without a usable text layer, read by OCR when the ``ocr`` extra is installed."""

    def __init__(self, pdf: pypdfium2.PdfDocument, unruled: Pages) -> None:
        self._pdf = pdf
        self._ocr = None
        self._unruled = unruled  # the document's tables printed without rules, text and scanned pages alike

    def read(self, number: int, doc: Document, reason: str) -> list[tuple[float, Block]] | None:
        self._ocr = self._ocr or ocr_module()
        if self._ocr is None:
            doc.pages_needing_ocr.append(number)
            doc.warnings.append(f"page {number}: {reason}; it needs OCR (pip install 'gongkai[ocr]') and its "
                                "text is not used")
            return None
        try:
            image = self._ocr.render_pdf_page(self._pdf, number - 1)
            if self._ocr.dark_all_over(image):  # no paper shows: nothing printed there can be read
                doc.pages_ocr.append(number)
                doc.warnings.append(self._ocr.dark_warning(number))
                return []
            items, _ = self._ocr.read_page(image, self._ocr.RENDER_DPI, number, unit=72 / self._ocr.RENDER_DPI,
                                           unruled=self._unruled)
        except Exception as exc:  # noqa: BLE001 - one page that cannot be rendered must not cost the others
            doc.pages_needing_ocr.append(number)
            doc.warnings.append(f"page {number}: {reason}; OCR could not read it ({type(exc).__name__}: {exc})")
            return None
        doc.pages_ocr.append(number)
        return items


def _open_error(exc: pypdfium2.PdfiumError) -> ExtractionError:
    if getattr(exc, "err_code", None) == pypdfium2.raw.FPDF_ERR_PASSWORD or "password" in str(exc).lower():
        return ExtractionError("encrypted", "the PDF is encrypted with a password that is needed to open it")
    if getattr(exc, "err_code", None) == pypdfium2.raw.FPDF_ERR_FORMAT:
        return ExtractionError("unreadable", f"the PDF cannot be opened: it is damaged or cut short ({exc})")
    return ExtractionError("unreadable", f"the PDF cannot be opened: {exc or type(exc).__name__}")


def text_layer(page) -> TextLayer:
    """Whether the page's text can be trusted: present, no (cid:N), no private-use glyphs (in any plane:
    vendor CID fonts such as Founder's without a ToUnicode map decode there), no mojibake."""
    text = "".join(c["text"] for c in page.chars)
    if len(text.strip()) < MIN_CHARS:
        if page.images:
            return TextLayer(False, "no text layer (a scanned image)")
        return TextLayer(True)  # a blank page
    n = len(text)
    cids = len(_CID.findall(text))
    if cids > MAX_LONE_CIDS and cids * 5 / n > MAX_CID_SHARE:
        return TextLayer(False, "the text layer is garbled ((cid:N) glyphs without a Unicode mapping)")
    private = [ch for ch in text if is_private_use(ch)]
    if len(private) / n > MAX_PRIVATE_USE_SHARE:
        return TextLayer(False, "the text layer is garbled (private-use glyphs)")
    if len(private) >= MIN_PRIVATE_USE_DIGITS and len(set(private)) <= MAX_PRIVATE_USE_KINDS:
        return TextLayer(False, "the text layer is garbled (its numbers decode to private-use glyphs)")
    letters = [ch for ch in text if ch.isalpha()]
    if letters and sum(1 for ch in letters if "\u00c0" <= ch <= "\u024f") / len(letters) > MAX_LATIN_EXT_SHARE:
        return TextLayer(False, "the text layer is garbled (mojibake)")
    text = normalize_text(text)  # radicals in place of ideographs are a producer's habit, not garbling
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    if cjk >= MIN_CJK_FOR_VOCABULARY and not any(w in text for w in EVERYDAY_WORDS):
        return TextLayer(False, "the text layer decodes to none of a report's everyday words (wrong mapping)")
    return TextLayer(True)


def _page_blocks(page, number: int, open_top: set[int], open_bottom: set[int],
                 unruled: Pages) -> list[tuple[float, Block]]:
    """Tables and text lines of one page, in reading order (top to bottom). Rows a page break cut are closed
    where the page cuts them; the ``id`` of a table so opened at its top or bottom goes into ``open_top`` or
    ``open_bottom``. Text outside the ruled tables that is a table printed without rules is read as one
    (:mod:`pipeline.layout.unruled`) and noted in ``unruled``."""
    items: list[tuple[float, Block]] = []
    page = _printed(page, number)
    closing = closing_lines(page.horizontal_edges, page.vertical_edges)
    settings = TABLE_SETTINGS | {"explicit_horizontal_lines": closing} if closing else TABLE_SETTINGS
    ys = [line["top"] for line in closing]
    tables = find_tables(page, settings)
    texts = TableText(page.chars) if tables else None
    outside = page
    for table in tables:
        overflow = texts.overflows(table)
        strays = texts.strays(table, overflow.moved)
        blocks = _table_blocks(table, number, texts, strays, overflow.moved)
        grids = [b for _, b in blocks if isinstance(b, Table)]
        if grids and ys:
            if is_open_at(grids[0], ys, 1):
                open_top.add(id(grids[0]))
            if is_open_at(grids[-1], ys, 3):
                open_bottom.add(id(grids[-1]))
        items.extend(blocks)
        outside = _outside(outside, table.bbox)  # a table may run past the page (Qt)
        for box in [box for box, _ in strays.values()] + overflow.boxes:
            outside = _outside(outside, box)  # a stray label, or a cell's text, may start left of the table
    tolerance = _line_tolerance(page.chars)
    words = [Word(w["text"], w["x0"], w["top"], w["x1"], w["bottom"])
             for w in outside.extract_words(y_tolerance=tolerance)]
    found = unruled_tables(words, number, normalize_text, unruled.carry)
    items.extend(found.blocks)
    unruled.add(found)
    for line in outside.extract_text_lines(strip=True, y_tolerance=tolerance):
        text = line["text"]
        if found.covers(line["x0"], line["top"], line["x1"], line["bottom"]):
            continue  # read as a table printed without rules
        if text and not is_page_number(text):
            bbox = (line["x0"], line["top"], line["x1"], line["bottom"])
            items.append((line["top"], Paragraph(text=text, page=number, bbox=bbox)))
    items.sort(key=lambda item: item[0])
    unruled.end_page(items)
    return items


def _printed(page, number: int):
    """The page without what it does not print: objects wholly above or below the page (Qt paints a table's rows
    of the other pages too and lets the page clip them: off-page rules hid where a row was cut, off-page labels
    were read again; text run out past the page's sides stays, it is a label run out of its cell, xhtml2pdf), and
    a page number alone at its foot (:func:`~pipeline.layout.furniture.foot_page_number`), which may lie inside
    a ruled table's frame (Qt) or stand under an unruled table as if it were a values line (LaTeX's centred ``2``)."""
    _, top, _, bottom = page.bbox
    size = max(page._page.get_size()) if hasattr(page, "_page") else 0.0
    top = min(top, bottom - size)  # a /MediaBox PDFium does not inherit from /Pages reads as Letter (fpdf2's A4)
    off = [obj for kind in ("char", "line", "rect", "curve") for obj in page.objects.get(kind, ())
           if obj["bottom"] < top or obj["top"] > bottom]
    on = page.chars if not off else [c for c in page.chars if top <= c["bottom"] and c["top"] <= bottom]
    drop = {id(obj) for obj in off} | {id(c) for c in foot_page_number(on, number, top, bottom)}
    return page.filter(lambda obj: id(obj) not in drop) if drop else page


def _outside(page, bbox: tuple[float, float, float, float]):
    """The page without what lies in ``bbox`` (a table's, or a stray cell's): a character by its middle, so a
    heading printed right on a table's top rule stays text (FOP sets 二、主动公开政府信息情况 so close that the
    foot of its em box reached 0.5 pt into the table: it was dropped, and table 二 was not found); anything
    else when it touches the box at all, as pdfplumber's ``outside_bbox`` does."""
    x0, top, x1, bottom = bbox

    def keep(obj: dict) -> bool:
        if obj.get("object_type") == "char":
            x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
            return not (x0 <= x <= x1 and top <= y <= bottom)
        return obj["x1"] <= x0 or obj["x0"] >= x1 or obj["bottom"] <= top or obj["top"] >= bottom

    return page.filter(keep)


def _line_tolerance(chars: list[dict]) -> float:
    """How far apart (points) the tops of characters on one line may be: a glyph a browser takes from a
    fallback face (Droid Sans Fallback has no digits) is boxed from that face's descent, up to a few tenths of
    an em off the line's other characters; lines are at least an em apart."""
    sizes = sorted(c["size"] for c in chars if c.get("size"))
    if not sizes:
        return MIN_LINE_TOLERANCE
    return max(MIN_LINE_TOLERANCE, LINE_TOLERANCE_EM * sizes[len(sizes) // 2])


def _table_blocks(table, number: int, texts: TableText,
                  strays: dict[tuple[int, int], tuple[tuple[float, float, float, float], str]],
                  moved: dict[int, float]) -> list[tuple[float, Block]]:
    """A pdfplumber table as grid tables, with full-width framed text split out as paragraphs; a row's stray
    label (:meth:`TableText.strays`) becomes a cell of its own, in the column it stands in; text printed past
    its cell's sides is that cell's (``moved``, :meth:`TableText.overflows`)."""
    x0, _, x1, _ = table.bbox
    table_rows = table.rows
    rows = [
        [Cell(text=_cell_text(text), row=r, col=c, page=number, bbox=tuple(bbox), wrapped=_wrapped(text))
         for c, (bbox, text) in enumerate(zip(row.cells, row_text, strict=True)) if bbox is not None]
        for r, (row, row_text) in enumerate(zip(table_rows, texts.extract(table_rows, moved), strict=True))
    ]
    for (r, col), (box, text) in strays.items():
        rows[r].append(Cell(text=_cell_text(text), row=r, col=col, page=number, bbox=box, wrapped=_wrapped(text)))
        rows[r].sort(key=lambda cell: cell.col)
    return framed_blocks(rejoin_label_rows(drop_empty_bands(rows)), max(x1 - x0, 1.0), number)


def _cell_text(text: str | None) -> str:
    """Lines of a wrapped cell joined as printed: CJK wraps need no space (商业\\n企业 → 商业企业)."""
    if not text:
        return ""
    return "".join(part.strip() for part in text.split("\n"))


def _wrapped(text: str | None) -> bool:
    """A number printed over two lines of its cell (27 / 6): read whole, but not evidence of a clean read."""
    return bool(text) and _WRAPPED_NUMBER.search(text) is not None


def _key(text: str) -> str:
    return _DIGITS.sub("#", re.sub(r"\s+", "", text))


def _running_furniture(margins: list[set[str]]) -> set[str]:
    """Texts printed in the page margins on most pages: running headers and footers."""
    counts: Counter[str] = Counter(text for page in margins for text in page)
    pages = len(margins)
    return {text for text, n in counts.items() if pages >= 3 and n >= max(2, pages // 2)}


def _in_margin(block: Paragraph, height: float) -> bool:
    return block.bbox is not None and (block.bbox[1] < MARGIN * height or block.bbox[3] > (1 - MARGIN) * height)
