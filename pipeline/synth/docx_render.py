"""Render a gold record as a Word report (.docx): fixtures for the Word reader.

``render_docx(record, "docx")`` writes the report of :mod:`pipeline.synth.html_render` (its table model, row
labels, number formatting and paragraphs) with python-docx the way offices set it in Word: A4 with the
official margins, the title in 方正小标宋简体 over two lines, headings in 黑体, sub-headings in 楷体_GB2312,
text in 仿宋_GB2312 with a two-character first-line indent, the tables in 宋体 as real Word tables, merged
where the official template merges (``cell.merge``: table 二's 第二十条 item rows across the table, table 三's
two-level applicant header and its 三、本年度办理结果 / （三）不予公开 row groups, table 四's two header levels),
and the agency and date at the end. The fonts are named (``w:eastAsia`` included), not embedded.

Output is deterministic: fixed document properties and fixed times on the package's zip entries.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from pipeline.synth.report_text import (
    intro_paragraphs,
    other_matters_paragraphs,
    overview_blocks,
    problems_paragraphs,
    report_title,
)
from pipeline.synth.text_render import cell_text, place_grid
from pipeline.template.printed import SECTIONS, Grid, active_table_grid, litigation_grid, requests_grid
from pipeline.template.schema import load_schema

DOCX_LAYOUTS = ("docx",)
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
TEXT_FONT = "仿宋_GB2312"
CELL_FONT = "宋体"
_TEXT_PT, _CELL_PT, _TITLE_PT = 16, 10.5, 22
_TEXT_WIDTH_CM = 21.0 - 2.8 - 2.6


def _font(run, name: str, size: float, bold: bool = False) -> None:
    """A run in a CJK font: the Latin and the East Asian font both named."""
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(
    doc,
    text: str,
    font: str,
    size: float,
    *,
    indent: bool = True,
    bold: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None,
) -> Paragraph:
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing = Pt(28)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(2 * size)
    if align is not None:
        p.alignment = align
    _font(p.add_run(text), font, size, bold)
    return p


def _widths(grid: Grid, kind: str, width: int) -> list[float]:
    """Column widths (cm) of a table: wide label columns, even value columns."""
    if kind == "active":
        lead = [0.34 * _TEXT_WIDTH_CM]
    elif kind == "requests":
        lead = [0.07 * _TEXT_WIDTH_CM, 0.12 * _TEXT_WIDTH_CM, 0.25 * _TEXT_WIDTH_CM]
    else:
        lead = []
    rest = (_TEXT_WIDTH_CM - sum(lead)) / (width - len(lead))
    return lead + [rest] * (width - len(lead))


def add_table(doc, grid: Grid, kind: str) -> Table:
    """A grid as a Word table: merged cells where the grid spans, texts at the anchors, 宋体 10.5 pt."""
    placed, width = place_grid(grid)
    table = doc.add_table(rows=len(grid), cols=width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = _widths(grid, kind, width)
    for row in table.rows:
        for c, cell in enumerate(row.cells):
            cell.width = Cm(widths[c])
    for p in placed:  # merge first: a merge joins the paragraphs of the cells it takes in
        if p.cell.rowspan > 1 or p.cell.colspan > 1:
            last_row = min(p.row_end, len(grid)) - 1
            table.cell(p.row, p.col).merge(table.cell(last_row, p.col_end - 1))
    for p in placed:
        text = cell_text(p.cell)
        cell = table.cell(p.row, p.col)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        para = cell.paragraphs[0]
        for extra in cell.paragraphs[1:]:
            extra._element.getparent().remove(extra._element)
        lead = kind == "requests" and p.col < 3 and p.cell.state == "label" and p.row >= 3
        para.alignment = (
            WD_ALIGN_PARAGRAPH.LEFT
            if lead or (kind == "active" and p.col == 0 and p.cell.colspan == 1 and text != "信息内容")
            else WD_ALIGN_PARAGRAPH.CENTER
        )
        if text:
            _font(para.add_run(text), CELL_FONT, _CELL_PT)
    return table


def _document(record: dict):
    meta = record["meta"]
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    normal = doc.styles["Normal"]
    normal.font.name = TEXT_FONT
    normal.font.size = Pt(_TEXT_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), TEXT_FONT)

    centre = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(doc, meta["agency"], TITLE_FONT, _TITLE_PT, indent=False, align=centre)
    _paragraph(
        doc, f"{meta['year']}年政府信息公开工作年度报告", TITLE_FONT, _TITLE_PT, indent=False, align=centre
    )
    doc.add_paragraph()
    for text in intro_paragraphs(record):
        _paragraph(doc, text, TEXT_FONT, _TEXT_PT)
    _paragraph(doc, SECTIONS[0], HEADING_FONT, _TEXT_PT)
    for kind, text in overview_blocks(record):
        font = SUBHEADING_FONT if kind == "sub" else TEXT_FONT
        _paragraph(doc, text, font, _TEXT_PT)
    schema = load_schema()
    for heading, grid, kind in (
        (SECTIONS[1], active_table_grid(record, schema), "active"),
        (SECTIONS[2], requests_grid(record, schema), "requests"),
        (SECTIONS[3], litigation_grid(record, schema), "litigation"),
    ):
        _paragraph(doc, heading, HEADING_FONT, _TEXT_PT)
        add_table(doc, grid, kind)
        doc.add_paragraph()
    _paragraph(doc, SECTIONS[4], HEADING_FONT, _TEXT_PT)
    for text in problems_paragraphs(record):
        _paragraph(doc, text, TEXT_FONT, _TEXT_PT)
    _paragraph(doc, SECTIONS[5], HEADING_FONT, _TEXT_PT)
    for text in other_matters_paragraphs(record):
        _paragraph(doc, text, TEXT_FONT, _TEXT_PT)
    doc.add_paragraph()
    right = WD_ALIGN_PARAGRAPH.RIGHT
    _paragraph(doc, meta["agency"], TEXT_FONT, _TEXT_PT, indent=False, align=right)
    _paragraph(doc, f"{meta['year'] + 1}年1月20日", TEXT_FONT, _TEXT_PT, indent=False, align=right)

    when = dt.datetime(meta["year"] + 1, 1, 20, 9, 30, tzinfo=dt.UTC)
    props = doc.core_properties
    props.title = report_title(record)
    props.author = props.last_modified_by = "Administrator"
    props.created = props.modified = when
    props.last_printed = when
    props.revision = 3
    props.comments = props.keywords = props.subject = props.category = ""
    return doc


def _fixed_zip(data: bytes, when: tuple[int, int, int, int, int, int]) -> bytes:
    """The package again, every entry with the same time: python-docx stamps the time of saving."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def render_docx(record: dict, layout: str = "docx") -> bytes:
    """The Word report for ``record`` (layout ``docx``, the one of :data:`DOCX_LAYOUTS`)."""
    if layout not in DOCX_LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; one of {DOCX_LAYOUTS}")
    buf = io.BytesIO()
    _document(record).save(buf)
    return _fixed_zip(buf.getvalue(), (record["meta"]["year"] + 1, 1, 20, 9, 30, 0))
