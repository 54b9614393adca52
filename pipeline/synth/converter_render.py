"""Render a gold record the way other tools hand a report over: PDF-to-Markdown converters and OCR text dumps.

The content (tables 二/三/四, row labels, paragraphs) is :mod:`pipeline.synth.html_render`'s; what each style
changes is how the *tool* writes it, following the tools' documented output conventions:

- ``docling``: ``export_to_markdown``: GFM pipe tables written by ``tabulate(tablefmt="github")`` (cells
  padded, ``|----|`` rule), a merged cell's text *repeated* in every position it covers (docling's answer to
  Markdown having no spans), ``##`` before every heading;
- ``mineru``: headings as ``#``, every table an HTML ``<table>`` on one line inside the Markdown, spans kept as
  ``rowspan``/``colspan``;
- ``markdownify``: HTML-to-Markdown converters (markdownify, html-to-markdown): one ``| --- |`` table, each
  printed cell once, colspan and rowspan ignored, so rows under merged header cells have *fewer* cells than
  the header;
- ``marker``: marker's Markdown tables: a merged cell's text in its first position and empty cells after it,
  the positions under a rowspan dropped (the row shifts left), ``<br>`` in long cells, ``#``/``##``/``###``;
- ``tesseract``: OCR text of the printed pages: one line per table row, cells separated by runs of spaces,
  merged group labels on lines of their own, long labels broken over two lines, the column numbers
  ``1 2 3 4 5 6 7`` printed under 申请人情况, and digits misread (0 → O/〇, 1 → l/I);
- ``paddle``: a PaddleOCR text dump: one recognised box per line, so every cell on a line of its own, with
  the same misreadings.

Choices (where a label breaks, which digits are misread) come from a generator seeded by the record's
``source`` and the style. Output is UTF-8.
"""

from __future__ import annotations

import html
import random

from pipeline.synth.report_text import (
    intro_paragraphs,
    other_matters_paragraphs,
    overview_blocks,
    problems_paragraphs,
    report_title,
)
from pipeline.synth.text_render import cell_text, layout_rng, place_grid
from pipeline.template.printed import (
    SECTIONS,
    Grid,
    PrintedCell,
    active_table_grid,
    litigation_grid,
    requests_grid,
    requests_parts,
)
from pipeline.template.schema import load_schema

MARKDOWN_STYLES = ("docling", "mineru", "markdownify", "marker")
OCR_STYLES = ("tesseract", "paddle")
STYLES = MARKDOWN_STYLES + OCR_STYLES
#: Named before tuning: the readers were never tuned on this style (see eval/README.md).
HELD_OUT = ("marker",)
#: Share of value digits 0/1 an OCR style misreads.
MISREAD_RATE = 0.08
_MISREADS = {"0": ("O", "〇", "o"), "1": ("l", "I")}
#: A row label longer than this is broken over two lines (OCR) or by ``<br>`` (marker).
LONG_LABEL = 14
#: Share of reports whose table 三 breaks across a page: the converter writes two tables (the second without
#: the header), the OCR dump a page number between them.
PAGE_BREAK_RATE = 0.5


def extension(style: str) -> str:
    return "md" if style in MARKDOWN_STYLES else "txt"


def _tables(record: dict) -> tuple[Grid, Grid, Grid]:
    schema = load_schema()
    return active_table_grid(record, schema), requests_grid(record, schema), litigation_grid(record, schema)


def _matrix(grid: Grid, fill: str) -> list[list[str]]:
    """The full matrix of a grid; a covered position holds the spanning cell's text (``repeat``), '' or None."""
    placed, width = place_grid(grid)
    out: list[list[str | None]] = [[""] * width for _ in grid]
    for p in placed:
        text = cell_text(p.cell)
        for r in range(p.row, min(p.row_end, len(grid))):
            for c in range(p.col, p.col_end):
                first = r == p.row and c == p.col
                if first or fill == "repeat":
                    out[r][c] = text
                elif fill == "empty" and r == p.row:
                    out[r][c] = ""  # marker: a colspan leaves empty cells after the text
                else:
                    out[r][c] = None  # dropped: the position is not printed at all
    return [[t for t in row if t is not None] for row in out]


def _pipe_row(cells: list[str], pad: list[int] | None = None) -> str:
    if pad:
        cells = [c + " " * max(0, w - len(c)) for c, w in zip(cells, pad + [0] * len(cells), strict=False)]
    return "| " + " | ".join(cells) + " |"


def _pipe_table(rows: list[list[str]], style: str) -> str:
    head, body = rows[0], rows[1:]
    if style == "docling":
        widths = [max(len(r[i]) if i < len(r) else 0 for r in rows) for i in range(max(map(len, rows)))]
        rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
        return "\n".join([_pipe_row(head, widths), rule] + [_pipe_row(r, widths) for r in body])
    rule = "|" + "|".join([" --- "] * len(head)) + "|"
    return "\n".join([_pipe_row(head), rule] + [_pipe_row(r) for r in body])


def _html_table(grid: Grid) -> str:
    rows = []
    for row in grid:
        cells = []
        for cell in row:
            spans = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (
                f' colspan="{cell.colspan}"' if cell.colspan > 1 else "")
            cells.append(f"<td{spans}>{html.escape(cell_text(cell), quote=False)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return "<html><body><table>" + "".join(rows) + "</table></body></html>"


def _marker_breaks(grid: Grid) -> Grid:
    """marker keeps a cell's line breaks as ``<br>``: long labels wrap in the printed table."""
    out = []
    for row in grid:
        out.append([PrintedCell(c.text[: len(c.text) // 2] + "<br>" + c.text[len(c.text) // 2 :], c.colspan, c.rowspan,
                         c.state, c.table) if c.state == "label" and len(c.text) > LONG_LABEL else c for c in row])
    return out


def _markdown_table(grid: Grid, style: str) -> str:
    if style == "mineru":
        return _html_table(grid)
    if style == "marker":
        return _pipe_table(_matrix(_marker_breaks(grid), "empty"), style)
    return _pipe_table(_matrix(grid, "repeat" if style == "docling" else "drop"), style)


def _requests_grids(record: dict, rng: random.Random) -> list[Grid]:
    """Table 三 whole, or in two parts where a page break cuts it (before （四）无法提供)."""
    if rng.random() < PAGE_BREAK_RATE:
        return list(requests_parts(record, load_schema()))
    return [requests_grid(record, load_schema())]


def _markdown(record: dict, style: str) -> str:
    h1, h2, h3 = {"docling": ("##", "##", "##"), "mineru": ("#", "#", "#")}.get(style, ("#", "##", "###"))
    rng = layout_rng(record, style)
    active, _, litigation = _tables(record)
    parts = [f"{h1} {report_title(record)}"] + intro_paragraphs(record) + [f"{h2} {SECTIONS[0]}"]
    parts += [f"{h3} {text}" if kind == "sub" else text for kind, text in overview_blocks(record)]
    parts += [f"{h2} {SECTIONS[1]}", _markdown_table(active, style)]
    parts += [f"{h2} {SECTIONS[2]}", *(_markdown_table(g, style) for g in _requests_grids(record, rng))]
    parts += [f"{h2} {SECTIONS[3]}", _markdown_table(litigation, style)]
    parts += [f"{h2} {SECTIONS[4]}", *problems_paragraphs(record), f"{h2} {SECTIONS[5]}", *other_matters_paragraphs(record)]
    return "\n\n".join(parts) + "\n"


# --------------------------------------------------------------------------- OCR text


def _misread(text: str, rng: random.Random) -> str:
    return "".join(rng.choice(_MISREADS[ch]) if ch in _MISREADS and rng.random() < MISREAD_RATE else ch for ch in text)


def _wrap(text: str, width: int = 38) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def _ocr_table(grid: Grid, rng: random.Random, style: str, numbers_under: str | None = None) -> list[str]:
    """One line per printed row (tesseract) or per cell (paddle); value digits misread now and then."""
    lines: list[str] = []
    numbers = ""  # the column numbering, when it is printed after the first row's label (reading order)
    for row in grid:
        labels = [c.text for c in row if c.state == "label" and c.text]
        values = [_misread(c.text, rng) if c.state == "value" else "" for c in row if c.state != "label"]
        if numbers and values:
            lines += labels + [numbers]  # the first row's tall label cell is read before the numbering beside it
            labels, numbers = [], ""
        if style == "paddle":
            lines += labels + [v for v in values if v]
        else:
            *lead, last = labels or [""]
            lines += lead  # merged group labels stand on lines of their own
            if len(last) > LONG_LABEL and values and rng.random() < 0.5:
                cut = rng.randrange(LONG_LABEL // 2, len(last) - 2)
                lines.append(last[:cut])  # a broken line: the label's end and the values below
                last = last[cut:]
            sep = " " * rng.randint(1, 3)
            lines.append(sep.join([last] + [v for v in values if v]).strip())
        if numbers_under and numbers_under in labels:
            width = sum(c.colspan for c in grid[-1] if c.state != "label")
            numbers = (" " if style == "tesseract" else "\n").join(str(i) for i in range(1, width + 1))
            if rng.random() < 0.5:
                lines.append(numbers)
                numbers = ""
    return [line for line in lines if line]


def _ocr_text(record: dict, style: str) -> str:
    rng = layout_rng(record, style)
    active, _, litigation = _tables(record)
    lines = [report_title(record)]
    for p in intro_paragraphs(record):
        lines += _wrap(p)
    lines.append(SECTIONS[0])
    for _, text in overview_blocks(record):
        lines += _wrap(text)
    lines += [SECTIONS[1], *_ocr_table(active, rng, style)]
    # the column numbers stand under the applicant columns' last header row (商业企业 … 其他)
    lines.append(SECTIONS[2])
    for page, grid in enumerate(_requests_grids(record, rng)):
        if page:
            lines.append(f"- {rng.randint(2, 5)} -")  # the page number where the table breaks
        lines += _ocr_table(grid, rng, style, numbers_under="其他")
    lines += [SECTIONS[3], *_ocr_table(litigation, rng, style)]
    lines.append(SECTIONS[4])
    for p in problems_paragraphs(record):
        lines += _wrap(p)
    lines.append(SECTIONS[5])
    lines += list(other_matters_paragraphs(record))
    return "\n".join(lines) + "\n"


def render_converted(record: dict, style: str) -> bytes:
    """The report as ``style`` writes it (see the module docstring)."""
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}; one of {', '.join(STYLES)}")
    text = _markdown(record, style) if style in MARKDOWN_STYLES else _ocr_text(record, style)
    return text.encode("utf-8")
