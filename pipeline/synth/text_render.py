"""Render a gold record as plain text, the way crawlers and ``pdftotext`` hand reports over: fixtures for the text reader.

``render_text(record, layout)`` prints the same report as :mod:`pipeline.synth.html_render` (its table model,
row labels, number formatting and paragraphs) in one of :data:`TEXT_LAYOUTS`:

- ``cells``: a web page flattened into ``|`` cells, as ``corpora/seed/hedong-2020.txt``: the 索引号 box as
  ``name: | value |`` lines, one line per paragraph or heading, every table cell on a line of its own
  (``20 |``), runs of empty cells (empty cells, and the padding the page's colspans and rowspans leave) as one
  line of pipes (``|||``); NFKC-normalised (``（一）`` → ``(一)``) like the seed;
- ``layout``: ``pdftotext -layout`` of a Word report (as ``corpora/text/*.layout.txt``): the title on two
  centred lines, paragraphs wrapped at about 40 CJK characters, tables as space-aligned columns (CJK text
  one column per character), long row labels wrapped with the values on the first, the last, or a line of
  their own, the merged group labels (三、本年度办理结果 / （三）不予公开) on lines of their own between the
  rows or run into a row's line, applicant column headers over several lines (``商业`` / ``企业``), page breaks
  (``\\f``) after a centred ``- N -``, and table 三 continued on the next page with other column positions;
- ``runon``: a crawler's page text (as ``corpora/real/pingtan-2023.txt``): a header (``标题:``, ``发布时间:``,
  ``发布机构:`` …, ``==================== 正文 ====================``) and the whole report on one line, the
  table cells run together (``一、本年新收政府信息公开申请数量801000081``), in some reports with a space in
  some cells (``230 000023``, as pingtan-2019 prints them).

Everything a layout varies (widths, alignment, spacing) is drawn from a generator seeded by the record's
``source`` and the layout, so the same record gives the same bytes. A ``null`` value is an empty cell;
a key the record lacks is an empty cell too. Output is UTF-8.
"""

from __future__ import annotations

import hashlib
import random
import re
import unicodedata
import zlib
from dataclasses import dataclass, replace

from pipeline.synth.report_text import (
    intro_paragraphs,
    other_matters_paragraphs,
    overview_blocks,
    problems_paragraphs,
    report_title,
    site_name,
)
from pipeline.template.printed import (
    OUTCOMES_LABEL,
    SECTIONS,
    Grid,
    PrintedCell,
    active_table_grid,
    applicant_columns,
    litigation_grid,
    requests_body,
    requests_grid,
    requests_header,
    requests_rows,
)
from pipeline.template.schema import load_schema

TEXT_LAYOUTS = ("cells", "layout", "runon")
EXTENSION = "txt"

#: Sentences without figures that lengthen section 一 until table 三 breaks across a page (``layout``).
_FILLER = (
    "同时，注重加强政策文件的集中统一发布，做好规范性文件的合法性审核和备案审查工作，确保公开内容准确规范。",
    "围绕群众关心关注的热点问题，及时发布权威信息，主动回应社会关切，不断增强政务公开的针对性和实效性。",
    "进一步规范政府信息公开申请的受理、审查、答复等环节，完善依申请公开工作流程，切实提高答复质量。",
    "加强政府网站和政务新媒体的日常监测，及时整改发现的问题，确保平台安全平稳运行。",
    "持续深化基层政务公开标准化规范化建设，推动公开事项目录在基层全面落地。",
)


def layout_rng(record: dict, layout: str) -> random.Random:
    """The generator of a layout's choices for a record: seeded by its source name and the layout, never by hash()."""
    key = f"{record.get('source', '')}|{layout}".encode()
    return random.Random(int.from_bytes(hashlib.sha256(key).digest()[:8], "big"))


def cell_text(cell: PrintedCell) -> str:
    """What a cell prints: its label or value; empty for null, missing and blank cells."""
    return cell.text if cell.state in ("label", "value") else ""


@dataclass(frozen=True)
class Placed:
    """A grid cell at its position in the full matrix (the top-left corner of its span)."""

    row: int
    col: int
    cell: PrintedCell

    @property
    def col_end(self) -> int:
        return self.col + self.cell.colspan

    @property
    def row_end(self) -> int:
        return self.row + self.cell.rowspan


def place_grid(grid: Grid) -> tuple[list[Placed], int]:
    """Lay HTML-style rows (cells under a rowspan left out) on a full matrix: the placed cells and the width."""
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            placed.append(Placed(r, c, cell))
            taken.update((r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
            c += cell.colspan
    return placed, max(c for _, c in taken) + 1


def _tables(record: dict) -> tuple[Grid, Grid, Grid]:
    schema = load_schema()
    return active_table_grid(record, schema), requests_grid(record, schema), litigation_grid(record, schema)


def _published(record: dict) -> str:
    return f"{record['meta']['year'] + 1}-01-20"


def _code(record: dict) -> int:
    """A stable number for an agency (index numbers, URLs): CRC-32 of its name."""
    return zlib.crc32(record["meta"]["agency"].encode())


# --------------------------------------------------------------------------- cells


def _covered(grid: Grid) -> list[int]:
    """For each row, how many of its positions are taken by rowspans from rows above."""
    placed, _ = place_grid(grid)
    out = [0] * len(grid)
    for p in placed:
        for r in range(p.row + 1, min(p.row_end, len(grid))):
            out[r] += p.cell.colspan
    return out


def flatten_cells(grid: Grid) -> list[str]:
    """A table as the seed's flattener prints it: ``text |`` per cell, runs of empty cells as ``|||``.

    A row leaves an empty cell for each position its colspans and the rowspans above cover, after its cells;
    trailing empty cells of the table are not printed.
    """
    lines: list[str] = []
    run = 0
    for row, covered in zip(grid, _covered(grid), strict=True):
        for cell in row:
            text = cell_text(cell)
            if not text:
                run += 1
                continue
            if run:
                lines.append("|" * run)
                run = 0
            lines.append(f"{text} |")
        run += covered + sum(c.colspan - 1 for c in row)
    return lines


def seed_requests_grid(grid: Grid) -> Grid:
    """Table 三 as the seed's page has it: the note and the 一/二/四 labels one column wide, not three."""
    return [
        [replace(c, colspan=1) if i == 0 and c.colspan == 3 else c for i, c in enumerate(row)] for row in grid
    ]


def _cells(record: dict) -> str:
    rng = layout_rng(record, "cells")
    meta = record["meta"]
    agency = meta["agency"]
    publisher = agency.replace("人民政府", "政府") if rng.random() < 0.5 else agency
    published = _published(record)
    index = f"{_code(record) % 10**9:09d}/{meta['year'] + 1}-{rng.randrange(1, 10**5):07d}"
    lines = [
        f"索 引 号: | {index} | 公开目录: | {rng.choice(('部门年报', '政府信息公开年报', '年度报告'))} |",
        f"成文日期: | {published} | 发布日期: | {published} |",
        f"发布机构: | {publisher} |",
    ]
    active, requests, litigation = _tables(record)
    lines += intro_paragraphs(record)
    lines.append(SECTIONS[0])
    lines += [text for _, text in overview_blocks(record)]
    lines.append(SECTIONS[1])
    lines += flatten_cells(active)
    lines.append(SECTIONS[2])
    lines += flatten_cells(seed_requests_grid(requests))
    lines.append(SECTIONS[3])
    lines += flatten_cells(litigation)
    lines.append(SECTIONS[4])
    lines += problems_paragraphs(record)
    lines.append(SECTIONS[5])
    lines += other_matters_paragraphs(record)
    return unicodedata.normalize("NFKC", "\n".join(lines))


# --------------------------------------------------------------------------- runon


def _run_cells(grid: Grid, rng: random.Random, spaced: float) -> str:
    """Cells run together; in a row picked with chance ``spaced``, some value cells carry a space."""
    out = []
    for row in grid:
        pick = rng.random() < spaced
        for cell in row:
            text = cell_text(cell)
            if pick and cell.state in ("value", "null", "missing") and rng.random() < 0.6:
                lead = rng.random() < 0.7
                if lead and not (out and out[-1].endswith(" ")):
                    text = " " + text
                elif not lead:
                    text += " "
            out.append(text)
    return "".join(out)


def _runon_requests(record: dict, rng: random.Random, spaced: float) -> str:
    """Table 三; in some reports broken before （四）无法提供 with 三、本年度办理结果 printed again (pingtan-2019)."""
    schema = load_schema()
    rows, columns = requests_rows(record, schema), applicant_columns(record, schema)
    if rng.random() < 0.3:
        cut = next(i for i, r in enumerate(rows) if r.row.startswith("unable_"))
        grid = requests_header(columns) + requests_body(record, rows[:cut], columns)
        return _run_cells(grid, rng, spaced) + _run_cells(
            requests_body(record, rows[cut:], columns), rng, spaced
        )
    return _run_cells(requests_grid(record, schema), rng, spaced)


def _runon(record: dict) -> str:
    rng = layout_rng(record, "runon")
    meta = record["meta"]
    year, agency = meta["year"], meta["agency"]
    title = (
        report_title(record).replace(f"{year}年", f"{year}年度", 1)
        if rng.random() < 0.5
        else report_title(record)
    )
    page = 70000 + _code(record) % 30000
    month = f"{year + 1}{rng.choice(('01', '02', '03'))}"
    day = f"{rng.randrange(10, 29)}"
    url = f"https://www.zf{_code(record) % 10000:04d}.gov.cn/zwgk/zfxxgk/zfxxgknb/{month}/t{month}{day}_{page}.htm"
    header = [
        f"标题: {title}",
        f"发布时间: {month[:4]}-{month[4:]}-{day} {rng.randrange(8, 18):02d}:{rng.randrange(60):02d}",
        "文号: ",
        f"发布机构: {site_name(agency) + '办公室' if rng.random() < 0.7 else ''}",
        "栏目: 政府信息公开年报",
        f"原文链接: {url}",
        f"本地目录: zwgk/zfxxgk/zfxxgknb/{month}/{page}_{title}",
        "页面链接与图片详见 links.tsv(同目录)",
        "==================== 正文 ====================",
    ]
    space = rng.choice((0.0, 0.3, 0.6))  # how often a heading follows a space
    spaced = rng.choice((0.0, 0.0, 0.25))  # rows with spaces in cells
    active, _, litigation = _tables(record)

    def sep() -> str:
        return " " if rng.random() < space else ""

    body = [report_title(record) + " "] if rng.random() < 0.4 else []
    body += intro_paragraphs(record)
    body += [sep() + SECTIONS[0]] + [text for _, text in overview_blocks(record)]
    body += [sep() + SECTIONS[1], sep() + _run_cells(active, rng, spaced)]
    body += [SECTIONS[2], _runon_requests(record, rng, spaced)]
    body += [SECTIONS[3], _run_cells(litigation, rng, spaced)]
    body += [sep() + SECTIONS[4], *problems_paragraphs(record)]
    body += [SECTIONS[5], sep(), *other_matters_paragraphs(record)]
    return "\n".join(header) + "\n" + "".join(body)


# --------------------------------------------------------------------------- layout: text measures


_CLOSING = set("，。、；：？！）》」』”’%…·")
_TOKEN = re.compile(r"[\x21-\x7e]+| |.")
_AUTOSPACE = re.compile(r"(?<=[\u4e00-\u9fff])(?=[0-9A-Za-z])|(?<=[0-9A-Za-z])(?=[\u4e00-\u9fff])")


def display_width(text: str) -> int:
    """Width in half-width columns: CJK characters and full-width punctuation count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` columns, as Word breaks Chinese: ASCII runs kept whole, no line opens with
    closing punctuation (it stays on the line before)."""
    lines: list[str] = []
    line, used = "", 0
    for tok in _TOKEN.findall(text):
        w = display_width(tok)
        if line and used + w > width and tok[0] not in _CLOSING:
            lines.append(line.rstrip())
            line, used = "", 0
            if tok == " ":
                continue
        line += tok
        used += w
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


# --------------------------------------------------------------------------- layout: tables


@dataclass(frozen=True)
class _Frag:
    """A piece of text in a table: ``y`` in half-lines, grid columns ``c0:c1``, aligned left or centre."""

    y: int
    c0: int
    c1: int
    text: str
    align: str


@dataclass
class _TableText:
    """A table laid out in lines: fragments, row bands (half-lines), units that never split, two geometries."""

    frags: list[_Frag]
    row_top: list[int]
    row_band: list[int]
    units: list[int]  # per row: the unit it belongs to
    bounds: list[list[int]]  # column boundaries (output columns): first page, continuation pages

    def lines(self) -> list[tuple[int | None, int]]:
        """(y, unit) of each output line in order; ``None`` for blank lines a gap of a whole line leaves."""
        ys = sorted({f.y for f in self.frags})
        out: list[tuple[int | None, int]] = []
        prev = None
        for y in ys:
            unit = self.units[self._row_of(y)]
            if prev is not None:
                out += [(None, unit)] * max(0, (y - prev) // 2 - 1)
            out.append((y, unit))
            prev = y
        return out

    def _row_of(self, y: int) -> int:
        for r, (top, band) in enumerate(zip(self.row_top, self.row_band, strict=True)):
            if top <= y < top + band:
                return r
        return len(self.row_top) - 1

    def render(self, y: int, geometry: int) -> str:
        bounds = self.bounds[geometry]
        placed = []
        for f in self.frags:
            if f.y != y:
                continue
            if f.align == "left":
                x = bounds[f.c0] + 1
            else:
                x = max(bounds[f.c0], (bounds[f.c0] + bounds[f.c1] - display_width(f.text)) // 2)
            placed.append((x, f.c0, f.text))
        out = ""
        for x, _, text in sorted(placed):
            if x > len(out):
                out += " " * (x - len(out))
            elif out and not out.endswith(" "):
                out += " "
            out += text
        return out.rstrip()


@dataclass(frozen=True)
class _TableStyle:
    """How one table is set: column widths (output columns), blank line between rows, value alignment."""

    widths: tuple[int, ...]
    header_rows: int = 0
    lead_cols: int = 1
    gap: int = 0  # blank lines between rows (0 or 1)
    values: str = "middle"  # "middle" | "top" | "bottom" | "below": a value beside a wrapped label
    top_label: str = "wrap"  # how 三、本年度办理结果 is set: "wrap" | "vertical" | "spaced"
    top_pitch: int = 1  # lines from one character to the next in "vertical"
    justify: bool = False  # a space where Word spread a wrapped label's first line
    shrink: float = 0.85  # continuation pages: column positions scaled by this


def _bounds(widths: tuple[int, ...], scale: float = 1.0) -> list[int]:
    out, x = [0], 0.0
    for w in widths:
        x += w * scale
        out.append(max(out[-1] + 2, round(x)))
    return out


def _spaced(text: str, rng: random.Random) -> str:
    """A label spread over a wide cell: spaces between some characters (`` 三 、本 年 度办 理 结果``)."""
    return "".join(
        ch + (" " if i < len(text) - 1 and rng.random() < 0.6 else "") for i, ch in enumerate(text)
    )


def _cell_lines(
    p: Placed, bounds: list[int], style: _TableStyle, rng: random.Random
) -> tuple[list[str], int]:
    """A cell's lines and their pitch."""
    text = cell_text(p.cell)
    width = max(2, bounds[p.col_end] - bounds[p.col] - 2)
    if text == OUTCOMES_LABEL and p.cell.rowspan > 1:
        if style.top_label == "vertical":
            return list(text), style.top_pitch
        if style.top_label == "spaced":
            return [_spaced(text, rng)], 1
    lines = wrap(text, width)
    if style.justify and p.cell.state == "label" and len(lines) > 1 and len(lines[0]) > 4:
        at = rng.randrange(2, len(lines[0]) - 1)
        lines[0] = lines[0][:at] + " " + lines[0][at:]
    return lines, 1


def _align(p: Placed, style: _TableStyle, width: int) -> str:
    if p.cell.state != "label":
        return "center"
    if p.row < style.header_rows:
        return "left" if p.cell.text.startswith("（本列数据") else "center"
    if p.col < style.lead_cols and p.cell.colspan < width and p.cell.text != "信息内容":
        return "left"
    return "center"


def _valign(p: Placed, style: _TableStyle) -> str:
    if p.row < style.header_rows or p.cell.rowspan > 1:
        return "middle"
    return style.values if p.cell.state != "label" else "top"


def lay_table(
    grid: Grid, style: _TableStyle, rng: random.Random, units: list[int] | None = None
) -> _TableText:
    """A table's fragments: rows as tall as their wrapped labels, merged cells centred over their rows."""
    placed, width = place_grid(grid)
    bounds = _bounds(style.widths)
    texts = {id(p): _cell_lines(p, bounds, style, rng) for p in placed if cell_text(p.cell)}
    height = [1] * len(grid)
    for p in placed:
        if id(p) in texts and p.cell.rowspan == 1:
            lines, pitch = texts[id(p)]
            height[p.row] = max(height[p.row], (len(lines) - 1) * pitch + 1)
    for p in placed:
        if id(p) in texts and p.cell.rowspan > 1:
            lines, pitch = texts[id(p)]
            need = (len(lines) - 1) * pitch + 1
            last = min(p.row_end, len(grid)) - 1
            have = sum(height[p.row : last + 1]) + style.gap * (last - p.row)
            height[last] += max(0, need - have)
    band = [2 * (h + style.gap) for h in height]
    top = [sum(band[:r]) for r in range(len(grid))]
    frags = []
    for p in placed:
        if id(p) not in texts:
            continue
        lines, pitch = texts[id(p)]
        last = min(p.row_end, len(grid)) - 1
        start, end = top[p.row], top[last] + band[last]
        block = 2 * pitch * (len(lines) - 1) + 2
        valign = _valign(p, style)
        if valign == "middle":
            y0 = start + (end - start - block) // 2
        elif valign == "bottom":
            y0 = end - style.gap - block
        elif valign == "below" and height[p.row] > 1:
            y0 = start + style.gap + 2 * height[p.row] - 1
        else:
            y0 = start + style.gap
        align = _align(p, style, width)
        frags += [_Frag(y0 + 2 * pitch * i, p.col, p.col_end, line, align) for i, line in enumerate(lines)]
    geometries = [bounds, _bounds(style.widths, style.shrink)]
    return _TableText(frags, top, band, units or list(range(len(grid))), geometries)


def _requests_units(n_rows: int, header_rows: int) -> list[int]:
    """The header rows go with the first data row; every other row is a unit of its own."""
    return [0] * (header_rows + 1) + list(range(1, n_rows - header_rows))


# --------------------------------------------------------------------------- layout: the document


@dataclass
class _Line:
    """An output line: plain text, a table line (table index and y), or blank; lines of one unit stay together."""

    unit: int
    text: str = ""
    table: int | None = None
    y: int | None = None


class _LayoutWriter:
    """``pdftotext -layout`` of a report: prose wrapped, tables in columns, pages with ``- N -``."""

    def __init__(self, record: dict) -> None:
        self.record = record
        rng = layout_rng(record, "layout")
        self.rng = rng
        self.chars = rng.choice((38, 39, 40, 40, 41, 42))  # CJK characters per line
        self.indent = rng.choice((3, 4, 5))
        self.autospace = rng.random() < 0.6  # "2023 年": Word's space between CJK and Latin
        self.page_lines = rng.randrange(44, 51)
        self.dash = rng.random() < 0.7  # "- 3 -" or "-3-"
        self.styles: tuple[_TableStyle, ...] = ()  # of tables 二, 三, 四 (set by _tables)
        self.tables = self._tables()

    # ---- tables

    def _tables(self) -> list[_TableText]:
        rng, record = self.rng, self.record
        schema = load_schema()
        active = active_table_grid(record, schema)
        _, awidth = place_grid(active)
        aw = (rng.randrange(18, 27),) + tuple(rng.randrange(12, 21) for _ in range(awidth - 1))
        astyle = _TableStyle(aw, lead_cols=1, gap=rng.choice((0, 1, 1)))
        columns = applicant_columns(record, schema)
        header = requests_header(columns)
        requests = header + requests_body(record, requests_rows(record, schema), columns)
        top_label = rng.choice(("wrap", "vertical", "vertical", "spaced"))
        lead = {"wrap": 6, "vertical": 4, "spaced": rng.randrange(14, 19)}[top_label]
        value_w = rng.randrange(6, 10)
        rwidths = (lead, rng.randrange(10, 17), rng.randrange(24, 33)) + (value_w,) * len(columns)
        gap = rng.choice((0, 0, 1))
        rstyle = _TableStyle(
            rwidths,
            header_rows=len(header),
            lead_cols=3,
            gap=gap,
            values=rng.choice(("middle", "top", "bottom", "below")),
            top_label=top_label,
            top_pitch=rng.choice((1, 2)),
            justify=rng.random() < 0.35,
            shrink=rng.uniform(0.7, 0.95),
        )
        litigation = litigation_grid(record, schema)
        lstyle = _TableStyle((rng.randrange(5, 8),) * 15, header_rows=3, lead_cols=0, gap=rng.choice((0, 1)))
        self.styles = (astyle, rstyle, lstyle)
        return [
            lay_table(active, astyle, rng),
            lay_table(requests, rstyle, rng, _requests_units(len(requests), len(header))),
            lay_table(litigation, lstyle, rng, [0] * len(litigation)),
        ]

    # ---- prose

    def _prose(self, text: str) -> str:
        return _AUTOSPACE.sub(" ", text) if self.autospace else text

    def _para(self, text: str, units: list[int], out: list[_Line]) -> None:
        lines = wrap(" " * self.indent + self._prose(text), 2 * self.chars + self.indent)
        for line in lines:
            units[0] += 1
            out.append(_Line(units[0], line))

    def _heading(self, text: str, units: list[int], out: list[_Line]) -> None:
        units[0] += 1  # kept with the line after it
        out.append(_Line(units[0] + 1, " " * self.indent + self._prose(text)))

    def _centred(self, text: str) -> str:
        return " " * max(0, self.chars - display_width(text) // 2) + text

    def _document(self, filler: int) -> list[_Line]:
        record, meta = self.record, self.record["meta"]
        units = [0]
        out: list[_Line] = [
            _Line(0, self._centred(meta["agency"])),
            _Line(0, self._centred(self._prose(f"{meta['year']}年政府信息公开工作年度报告"))),
            _Line(0),
        ]
        for p in intro_paragraphs(record):
            self._para(p, units, out)
        self._heading(SECTIONS[0], units, out)
        for kind, text in overview_blocks(record):
            if kind == "sub":
                self._heading(text, units, out)
            else:
                self._para(text, units, out)
        for i in range(filler):
            self._para(_FILLER[i % len(_FILLER)], units, out)
        for section, index in ((SECTIONS[1], 0), (SECTIONS[2], 1), (SECTIONS[3], 2)):
            self._heading(section, units, out)
            base = units[0] + 1
            for y, unit in self.tables[index].lines():
                out.append(_Line(base + unit, table=index, y=y))
            units[0] = base + max(self.tables[index].units)
            units[0] += 1
            out.append(_Line(units[0]))
        self._heading(SECTIONS[4], units, out)
        for p in problems_paragraphs(record):
            self._para(p, units, out)
        self._heading(SECTIONS[5], units, out)
        for p in other_matters_paragraphs(record):
            self._para(p, units, out)
        units[0] += 1
        right = 2 * self.chars + self.indent
        out.append(_Line(units[0]))
        for text in (meta["agency"], self._prose(f"{meta['year'] + 1}年1月20日")):
            out.append(_Line(units[0], " " * max(0, right - display_width(text)) + text))
        return out

    # ---- pages

    def _paginate(self, lines: list[_Line]) -> list[list[_Line]]:
        units: list[list[_Line]] = []
        for line in lines:
            if units and units[-1][0].unit == line.unit:
                units[-1].append(line)
            else:
                units.append([line])
        pages: list[list[_Line]] = [[]]
        for unit in units:
            if pages[-1] and len(pages[-1]) + len(unit) > self.page_lines:
                pages.append([])
            if not pages[-1]:
                unit = _strip_blank(unit)
            pages[-1].extend(unit)
        return pages

    @staticmethod
    def _breaks_requests(pages: list[list[_Line]]) -> bool:
        on = [i for i, page in enumerate(pages) if any(line.table == 1 for line in page)]
        return len(on) > 1

    def pages(self) -> list[list[_Line]]:
        for filler in range(60):
            pages = self._paginate(self._document(filler))
            if self._breaks_requests(pages):
                return pages
        raise RuntimeError(f"table 三 of {self.record.get('source')!r} does not break across pages")

    def render(self) -> str:
        pages = self.pages()
        first_page: dict[int, int] = {}
        out = []
        for n, page in enumerate(pages, start=1):
            text = []
            for line in page:
                if line.table is None or line.y is None:
                    text.append(line.text)
                    continue
                first = first_page.setdefault(line.table, n)
                text.append(self.tables[line.table].render(line.y, 0 if first == n else 1))
            number = f"- {n} -" if self.dash else f"-{n}-"
            blank = 4 if n == len(pages) else self.rng.choice((1, 2))
            out.append("\n".join(text) + "\n" * (blank + 1) + self._centred(number) + "\n\f")
        return "".join(out)


def _strip_blank(unit: list[_Line]) -> list[_Line]:
    i = 0
    while i < len(unit) and unit[i].table is None and not unit[i].text.strip():
        i += 1
    return unit[i:]


# --------------------------------------------------------------------------- entry point


def render_text(record: dict, layout: str) -> bytes:
    """The text of ``record`` in ``layout`` (one of :data:`TEXT_LAYOUTS`), UTF-8."""
    if layout == "cells":
        text = _cells(record)
    elif layout == "layout":
        text = _LayoutWriter(record).render()
    elif layout == "runon":
        text = _runon(record)
    else:
        raise ValueError(f"unknown layout {layout!r}; one of {TEXT_LAYOUTS}")
    return text.encode("utf-8")
