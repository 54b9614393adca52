"""Render a gold record as a born-digital PDF report: fixtures for the PDF reader.

``render_pdf(record, layout)`` prints the title on two lines (agency, then ``{year}年政府信息公开工作年度报告``),
the 统计期限 sentence, sections 一..六 as paragraphs with every prose entry verbatim in section 一, and
tables 二/三/四 as ruled tables with merged cells where the official template merges them. The table model
(rows, labels, spans, value formatting) is :mod:`pipeline.synth.html_render`'s, so the HTML and PDF
fixtures print the same template. Layouts (:data:`PDF_LAYOUTS`):

- ``portrait``: A4, 12 pt text, 10.5 pt tables; table 三 always runs onto a second page, header not repeated;
- ``landscape``: text on portrait pages, tables 二–四 on A4 landscape pages, table 二 one table per item;
- ``small``: 8 pt, tight padding and margins: few pages;
- ``repeat_header``: table 三 split with its three header rows repeated, a running header line with the
  agency name and ``- N -`` page numbers on every page;
- ``wps``: narrow margins, 三、本年度办理结果 written one character per line, ``- N -`` at the bottom right.

Output is deterministic (reportlab's invariant mode: fixed dates and document ID).
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)

from pipeline.synth.report_text import (
    intro_paragraphs,
    other_matters_paragraphs,
    overview_blocks,
    problems_paragraphs,
    report_title,
)
from pipeline.template.printed import (
    OUTCOMES_LABEL,
    SECTIONS,
    Grid,
    PrintedCell,
    active_grid,
    active_items,
    active_table_grid,
    applicant_columns,
    edition_of,
    litigation_grid,
    requests_body,
    requests_header,
    requests_rows,
)
from pipeline.template.schema import load_schema

PDF_LAYOUTS = ("portrait", "landscape", "small", "repeat_header", "wps")
FONT = "WQYMicroHei"
FONT_FILE = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
#: One of the Adobe CID fonts every PDF reader knows: reportlab needs no font file for it (not embedded, so a
#: viewer draws it with its own CJK font). Used when the Debian font is not installed.
FALLBACK_FONT = "STSong-Light"
FONT_HINT = "install `fonts-wqy-microhei` (Debian) to embed WenQuanYi Micro Hei instead"
REQUESTS_HEADER_ROWS = 3

#: Sentences without figures that lengthen section 一 until table 三 breaks across a page.
_FILLER = (
    "同时，注重加强政策文件的集中统一发布，做好规范性文件的合法性审核和备案审查工作，确保公开内容准确规范。",
    "围绕群众关心关注的热点问题，及时发布权威信息，主动回应社会关切，不断增强政务公开的针对性和实效性。",
    "进一步规范政府信息公开申请的受理、审查、答复等环节，完善依申请公开工作流程，切实提高答复质量。",
    "加强政府网站和政务新媒体的日常监测，及时整改发现的问题，确保平台安全平稳运行。",
    "持续深化基层政务公开标准化规范化建设，推动公开事项目录在基层全面落地。",
    "完善政务公开考核评估机制，将考核结果作为改进工作的重要依据，以考促改、以评促优。",
    "拓展政民互动渠道，认真办理群众咨询、意见和建议，做到件件有回音、事事有着落。",
    "做好政府信息公开指南和公开目录的动态更新，方便公众查询和获取政府信息。",
)


class FontMissingError(RuntimeError):
    """The CJK font the PDFs are set in is not installed (no longer raised: the built-in CID font stands in)."""


@dataclass(frozen=True)
class _Layout:
    """Page geometry, type sizes and page furniture of one layout."""

    margins: tuple[float, float, float, float]  # left, right, top, bottom
    body: float = 12.0
    cell: float = 10.5
    title: float = 18.0
    leading: float = 1.6
    padding: float = 3.0
    tables_landscape: bool = False
    active_per_item: bool = False
    repeat_header: bool = False
    running_header: bool = False
    footer: str = ""  # "" | "dash" (- N - centred) | "dash_right" | "page" (第 N 页)
    vertical_label: bool = False
    must_split: bool = False
    shade_items: bool = False
    creator: str = "Microsoft® Word 2016"


_OFFICIAL = (2.8 * cm, 2.6 * cm, 3.7 * cm, 3.5 * cm)
_LAYOUTS = {
    "portrait": _Layout(_OFFICIAL, must_split=True, shade_items=True),
    "landscape": _Layout(
        (2.5 * cm, 2.5 * cm, 2.5 * cm, 2.5 * cm),
        tables_landscape=True,
        active_per_item=True,
        footer="page",
        creator="Microsoft® Word 2019",
    ),
    "small": _Layout(
        (1.8 * cm, 1.8 * cm, 1.6 * cm, 1.6 * cm), body=8, cell=8, title=13, leading=1.35, padding=1.2,
        creator="Microsoft® Word 2010",
    ),
    "repeat_header": _Layout(
        (2.5 * cm, 2.5 * cm, 3.0 * cm, 2.8 * cm), body=11, cell=10, title=17, leading=1.5,
        repeat_header=True, running_header=True, footer="dash", must_split=True,
    ),
    "wps": _Layout(
        (1.9 * cm, 1.9 * cm, 2.0 * cm, 2.0 * cm), body=11, cell=10, title=17, leading=1.5,
        footer="dash_right", vertical_label=True, creator="WPS 文字",
    ),
}


def register_font() -> str:
    """The font the PDFs are set in, registered once: WenQuanYi Micro Hei (face 0 of the TTC; reportlab embeds
    subsets of it) where the Debian font is installed, else the built-in CID font :data:`FALLBACK_FONT`, so
    that a plain ``pip install`` renders every layout."""
    registered = pdfmetrics.getRegisteredFontNames()
    if FONT in registered:
        return FONT
    if FONT_FILE.is_file():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE), subfontIndex=0))
        return FONT
    if FALLBACK_FONT not in registered:
        pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_FONT))
    return FALLBACK_FONT


def font_note() -> str | None:
    """What to tell the user once per run when the PDFs fall back to the built-in font (None when not)."""
    if register_font() == FONT:
        return None
    return f"{FONT_FILE} is missing: PDFs and scans are set in the built-in CID font {FALLBACK_FONT}; {FONT_HINT}"


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


class _Styles:
    """Paragraph styles of a layout: body text, headings, title, cell labels."""

    def __init__(self, spec: _Layout) -> None:
        size, lead = spec.body, spec.body * spec.leading

        def style(name: str, **kw: object) -> ParagraphStyle:
            base = {"fontName": register_font(), "fontSize": size, "leading": lead, "wordWrap": "CJK"}
            return ParagraphStyle(name, **{**base, **kw})

        self.title = style("title", fontSize=spec.title, leading=spec.title * 1.5, alignment=TA_CENTER)
        self.body = style("body", firstLineIndent=2 * size, alignment=TA_JUSTIFY)
        self.heading = style("heading", fontSize=size + 1, leading=lead * 1.1, firstLineIndent=2 * size,
                             spaceBefore=size * 0.4, spaceAfter=size * 0.3)
        self.sub = style("sub", firstLineIndent=2 * size)
        self.right = style("right", alignment=TA_RIGHT)
        cell_kw = {"fontSize": spec.cell, "leading": spec.cell * 1.25}
        self.cell_center = style("cell_c", alignment=TA_CENTER, **cell_kw)
        self.cell_left = style("cell_l", alignment=TA_LEFT, **cell_kw)
        self.cell_note = style("cell_n", alignment=TA_LEFT, fontSize=spec.cell * 0.85,
                               leading=spec.cell * 1.1)


# --------------------------------------------------------------------------- tables


def place(grid: Grid) -> tuple[list[list[PrintedCell | None]], list[tuple[int, int, int, int]]]:
    """Lay out HTML-style rows (cells under a rowspan omitted) on a full matrix; also (col, row, col2, row2) spans."""
    taken: set[tuple[int, int]] = set()
    anchors: list[tuple[int, int, PrintedCell]] = []
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            anchors.append((r, c, cell))
            taken.update((r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
            c += cell.colspan
    width = max(c for _, c in taken) + 1
    matrix: list[list[PrintedCell | None]] = [[None] * width for _ in grid]
    spans = []
    for r, c, cell in anchors:
        matrix[r][c] = cell
        if cell.rowspan > 1 or cell.colspan > 1:
            spans.append((c, r, c + cell.colspan - 1, r + cell.rowspan - 1))
    return matrix, spans


@dataclass
class _TableSpec:
    """How one table is drawn: widths, which cells are left-aligned labels, shaded rows."""

    widths: list[float]
    header_rows: int = 0
    lead_cols: int = 0  # row-label columns: labels there are left-aligned
    shade_rows: tuple[int, ...] = ()


def _cell_content(cell: PrintedCell | None, spec: _TableSpec, r: int, c: int, st: _Styles, vertical: bool) -> object:
    if cell is None or cell.state != "label":
        return cell.text if cell is not None and cell.state == "value" else ""
    text = _esc(cell.text)
    if vertical and cell.text == OUTCOMES_LABEL:
        return Paragraph("<br/>".join(text), st.cell_center)
    if cell.text.startswith("（本列数据"):
        return Paragraph(text, st.cell_note)
    left = r >= spec.header_rows and c < spec.lead_cols and cell.rowspan == 1 and cell.text != "信息内容"
    return Paragraph(text, st.cell_left if left else st.cell_center)


def table_args(grid: Grid, spec: _TableSpec, layout: _Layout, st: _Styles) -> tuple[list, list]:
    """Reportlab data and style commands for a grid: ruled like the template, merged cells as SPANs."""
    matrix, spans = place(grid)
    data = [
        [_cell_content(cell, spec, r, c, st, layout.vertical_label) for c, cell in enumerate(row)]
        for r, row in enumerate(matrix)
    ]
    pad = layout.padding
    style: list = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BOX", (0, 0), (-1, -1), 1.0, colors.black),
        ("FONTNAME", (0, 0), (-1, -1), register_font()),
        ("FONTSIZE", (0, 0), (-1, -1), layout.cell),
        ("LEADING", (0, 0), (-1, -1), layout.cell * 1.25),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad + 1),
    ]
    style += [("SPAN", (c0, r0), (c1, r1)) for c0, r0, c1, r1 in spans]
    style += [("BACKGROUND", (0, r), (-1, r), colors.HexColor("#DCE6F2")) for r in spec.shade_rows]
    return data, style


class _Part(Table):
    """A table that tells the document which part of the report it is (二, 三 or 四)."""

    gk_part = ""


def _make_table(
    grid: Grid, spec: _TableSpec, layout: _Layout, st: _Styles, part: str, keep: bool = False
) -> _Part:
    """A ruled table; ``keep``: never split it (table 四's headers stay with its one data row)."""
    data, style = table_args(grid, spec, layout, st)
    if keep:
        style.append(("NOSPLIT", (0, 0), (-1, -1)))
    table = _Part(data, colWidths=spec.widths, style=style, repeatRows=0, splitByRow=1)
    table.gk_part = part
    return table


class _Requests:
    """Table 三 cut anywhere between rows, also inside the merged group cells, as Word breaks it."""

    def __init__(self, record: dict, layout: _Layout, st: _Styles, width: float) -> None:
        schema = load_schema()
        self.record, self.layout, self.st = record, layout, st
        self.rows = requests_rows(record, schema)
        self.columns = applicant_columns(record, schema)
        top = 0.05 if layout.vertical_label else 0.065
        lead = [top * width, 0.12 * width, 0.27 * width]
        rest = (width - sum(lead)) / len(self.columns)
        self.widths = lead + [rest] * len(self.columns)

    def grid(self, start: int, stop: int) -> tuple[Grid, int]:
        rows = self.rows
        continued = start > 0 and rows[start].top != "" and rows[start - 1].top == rows[start].top
        body = requests_body(self.record, rows[start:stop], self.columns, continued=continued)
        if start == 0 or self.layout.repeat_header:
            return requests_header(self.columns) + body, REQUESTS_HEADER_ROWS
        return body, 0

    def table(self, start: int = 0, stop: int | None = None) -> _RequestsTable:
        return _RequestsTable(self, start, len(self.rows) if stop is None else stop)


class _RequestsTable(_Part):
    """One piece of table 三 (rows ``start:stop``) that splits itself where the page ends."""

    gk_part = "requests"

    def __init__(self, maker: _Requests, start: int, stop: int) -> None:
        self.gk_maker, self.gk_start, self.gk_stop = maker, start, stop
        grid, header_rows = maker.grid(start, stop)
        spec = _TableSpec(maker.widths, header_rows=header_rows, lead_cols=3)
        data, style = table_args(grid, spec, maker.layout, maker.st)
        super().__init__(data, colWidths=maker.widths, style=style, repeatRows=0, splitByRow=1)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """The most rows that fit (at least one), then the rest as a new piece."""
        maker, start, stop = self.gk_maker, self.gk_start, self.gk_stop
        lo, hi, best = start + 1, stop - 1, None
        while lo <= hi:
            mid = (lo + hi) // 2
            if maker.table(start, mid).wrap(availWidth, availHeight)[1] <= availHeight:
                best, lo = mid, mid + 1
            else:
                hi = mid - 1
        if best is None:
            return []
        return [maker.table(start, best), maker.table(best, stop)]


def _active_tables(record: dict, layout: _Layout, st: _Styles, width: float) -> list[Flowable]:
    """Table 二: one table with the 第二十条 item rows across it, or one small table per item."""
    schema = load_schema()
    if not layout.active_per_item:
        grid = active_table_grid(record, schema)
        ncols = sum(c.colspan for c in grid[0])
        widths = [0.34 * width] + [0.66 * width / (ncols - 1)] * (ncols - 1)
        shade = tuple(i for i, row in enumerate(grid) if len(row) == 1) if layout.shade_items else ()
        return [_make_table(grid, _TableSpec(widths, lead_cols=1, shade_rows=shade), layout, st, "active")]
    out: list[Flowable] = []
    for item in active_items(schema, edition_of(record)):
        grid = active_grid(record, item)
        ncols = len(item.columns) + 1
        widths = [0.3 * width] + [0.7 * width / (ncols - 1)] * (ncols - 1)
        out.append(Paragraph(_esc(item.item), st.sub))
        out.append(_make_table(grid, _TableSpec(widths, header_rows=1, lead_cols=1), layout, st, "active"))
        out.append(Spacer(1, layout.body * 0.5))
    return out


def _litigation_table(record: dict, layout: _Layout, st: _Styles, width: float) -> Flowable:
    grid = litigation_grid(record, load_schema())
    widths = [width / 15] * 15
    return _make_table(grid, _TableSpec(widths, header_rows=3), layout, st, "litigation", keep=True)


# --------------------------------------------------------------------------- the document


class _Doc(BaseDocTemplate):
    """A doc template that records the pages each table part is drawn on."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.part_pages: dict[str, list[int]] = {}

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (reportlab's hook name)
        part = getattr(flowable, "gk_part", "")
        if part:
            self.part_pages.setdefault(part, []).append(self.page)


def _frame_width(layout: _Layout, pagesize: tuple[float, float]) -> float:
    return pagesize[0] - layout.margins[0] - layout.margins[1]


def _furniture(layout: _Layout, record: dict) -> Callable:
    """The onPage hook: running header line and page number, as the layout has them."""
    meta = record["meta"]
    running = f"{meta['agency']}{meta['year']}年政府信息公开工作年度报告"
    left, right, top, bottom = layout.margins

    def draw(canv: object, doc: BaseDocTemplate) -> None:
        width, height = canv._pagesize
        n = canv.getPageNumber()
        canv.saveState()
        font = register_font()
        canv.setFont(font, 9)
        if layout.running_header:
            y = height - top + 14
            canv.drawCentredString(width / 2, y + 4, running)
            canv.setLineWidth(0.6)
            canv.line(left, y, width - right, y)
        if layout.footer:
            canv.setFont(font, 10.5)
            y = bottom / 2
            if layout.footer == "dash":
                canv.drawCentredString(width / 2, y, f"- {n} -")
            elif layout.footer == "dash_right":
                canv.drawRightString(width - right, y, f"- {n} -")
            else:
                canv.drawCentredString(width / 2, y, f"第 {n} 页")
        canv.restoreState()

    return draw


def _story(record: dict, layout: _Layout, st: _Styles, filler: int) -> list[Flowable]:
    meta = record["meta"]
    portrait_w = _frame_width(layout, A4)
    table_w = _frame_width(layout, landscape(A4)) if layout.tables_landscape else portrait_w
    story: list[Flowable] = [
        Paragraph(_esc(meta["agency"]), st.title),
        Paragraph(f"{meta['year']}年政府信息公开工作年度报告", st.title),
        Spacer(1, layout.body),
    ]
    story += [Paragraph(_esc(p), st.body) for p in intro_paragraphs(record)]
    story.append(Paragraph(SECTIONS[0], st.heading))
    for kind, text in overview_blocks(record):
        story.append(Paragraph(_esc(text), st.sub if kind == "sub" else st.body))
    story += [Paragraph(_FILLER[i % len(_FILLER)], st.body) for i in range(filler)]
    if layout.tables_landscape:
        story += [NextPageTemplate("landscape"), PageBreak()]
    story.append(Paragraph(SECTIONS[1], st.heading))
    story += _active_tables(record, layout, st, table_w)
    story.append(Paragraph(SECTIONS[2], st.heading))
    story.append(_Requests(record, layout, st, table_w).table())
    story.append(Paragraph(SECTIONS[3], st.heading))
    story.append(_litigation_table(record, layout, st, table_w))
    if layout.tables_landscape:
        story += [NextPageTemplate("portrait"), PageBreak()]
    story.append(Paragraph(SECTIONS[4], st.heading))
    story += [Paragraph(_esc(p), st.body) for p in problems_paragraphs(record)]
    story.append(Paragraph(SECTIONS[5], st.heading))
    story += [Paragraph(_esc(p), st.body) for p in other_matters_paragraphs(record)]
    story += [
        Spacer(1, layout.body * 2),
        Paragraph(_esc(meta["agency"]), st.right),
        Paragraph(f"{meta['year'] + 1}年1月20日", st.right),
    ]
    return story


def _build(record: dict, layout: _Layout, filler: int) -> tuple[bytes, dict[str, list[int]]]:
    buf = io.BytesIO()
    left, right, top, bottom = layout.margins
    doc = _Doc(
        buf,
        pagesize=A4,
        leftMargin=left,
        rightMargin=right,
        topMargin=top,
        bottomMargin=bottom,
        title=report_title(record),
        author=record["meta"]["agency"],
        subject="政府信息公开工作年度报告",
        creator=layout.creator,
        producer=layout.creator,
        invariant=1,
    )
    draw = _furniture(layout, record)
    templates = []
    for name, size in (("portrait", A4), ("landscape", landscape(A4))):
        frame = Frame(left, bottom, size[0] - left - right, size[1] - top - bottom, id=name,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        templates.append(PageTemplate(id=name, frames=[frame], onPage=draw, pagesize=size))
    doc.addPageTemplates(templates)
    doc.build(_story(record, layout, _Styles(layout), filler))
    return buf.getvalue(), doc.part_pages


def render_pdf(record: dict, layout: str) -> bytes:
    """The PDF report for ``record`` in ``layout`` (one of :data:`PDF_LAYOUTS`)."""
    if layout not in _LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; one of {PDF_LAYOUTS}")
    register_font()
    spec = _LAYOUTS[layout]
    for filler in range(len(_FILLER) * 2):
        pdf, pages = _build(record, spec, filler)
        if not spec.must_split or len(set(pages.get("requests", []))) > 1:
            return pdf
    raise RuntimeError(f"table 三 of {record.get('source')!r} does not break across pages in {layout!r}")
