"""The template as printed: tables 二, 三 and 四 as grids of cells, in the shape the official template prints them.

The 第二十条 sub-tables of table 二, the 本年度办理结果 row groups and the 申请人情况 header of table 三, and table 四's
two header levels all come from the schema. Every renderer of synth/ and the review page's editable grids read this
one model, so a reviewer and a generated report see the grid that stands on paper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from .editions import by_name, template_editions
from .schema import (
    APPLICANT_COLUMNS,
    LITIGATION_COLUMNS,
    LITIGATION_GROUPS,
    SUBTOTAL_COLUMN,
    Schema,
)

SECTIONS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)
OUTCOMES_LABEL = "三、本年度办理结果"
REQUESTS_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
_SPLIT_OTHER = ("other_no_correction", "other_unpaid_fee", "other_other")
_ENGLISH_NOTE = re.compile(r"\s*\([A-Za-z][^)]*\)\s*$")



@dataclass(frozen=True)
class PrintedCell:
    """One printed table cell."""

    text: str = ""  # a label, or the formatted value
    colspan: int = 1
    rowspan: int = 1
    state: str = "label"  # "label" | "value" | "null" | "missing" | "blank"
    table: str = ""  # "active" | "requests" | "litigation" for value cells


Grid = list[list[PrintedCell]]


@dataclass(frozen=True)
class ActiveItem:
    """One 第二十条 sub-table of table 二, as the edition prints it."""

    item: str
    columns: tuple[tuple[str, str], ...]  # (column id, printed label)
    rows: tuple[tuple[str, str], ...]  # (row id, printed label)


@dataclass(frozen=True)
class RequestRow:
    """One row of table 三, with the group labels printed to its left."""

    row: str
    top: str  # "三、本年度办理结果" for the outcome rows, else ""
    group: str  # "（三）不予公开" for its sub-rows, else ""
    label: str


def format_value(value: int | float) -> str:
    """A value as printed: ``20``, ``-3``, ``5949.088667``; no exponent, no trailing ``.0``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"not a table value: {value!r}")
    if isinstance(value, int):
        return str(value)
    if value.is_integer():
        return str(int(value))
    return format(Decimal(repr(value)), "f")


def value_cell(record: dict, key: str, table: str) -> PrintedCell:
    fields = record["fields"]
    if key not in fields:
        return PrintedCell(state="missing", table=table)
    if fields[key] is None:
        return PrintedCell(state="null", table=table)
    return PrintedCell(format_value(fields[key]), state="value", table=table)


def edition_of(record: dict) -> str:
    edition = str(record["meta"]["edition"])
    if edition not in template_editions():
        raise ValueError(f"no template layout for edition {edition!r}")
    return edition


def _printed(label: str) -> str:
    return _ENGLISH_NOTE.sub("", label).strip()


def active_items(schema: Schema, edition: str) -> list[ActiveItem]:
    """The 第二十条 sub-tables of the edition, rows and columns in template order."""
    rows: dict[str, dict[str, str]] = {}
    cols: dict[str, dict[str, str]] = {}
    for f in schema.fields.values():
        if f.table != "active" or edition not in f.editions:
            continue
        row_label, col_label = f.labels(edition)
        rows.setdefault(f.item, {}).setdefault(f.row, row_label)
        cols.setdefault(f.item, {}).setdefault(f.column, col_label)
    return [ActiveItem(item, tuple(cols[item].items()), tuple(rows[item].items())) for item in rows]


def _pad(row: list[PrintedCell], width: int | None) -> list[PrintedCell]:
    used = sum(c.colspan for c in row)
    if width is None or used >= width:
        return row
    if len(row) == 2:  # one value column: it spans the table, as the 2021 template prints it
        return [row[0], replace(row[1], colspan=width - 1)]
    return row + [PrintedCell(state="blank")] * (width - used)


def active_grid(record: dict, item: ActiveItem, width: int | None = None) -> Grid:
    """A sub-table's 信息内容 header row and data rows (without the 第二十条 item row)."""
    grid = [[PrintedCell("信息内容")] + [PrintedCell(label) for _, label in item.columns]]
    for row, label in item.rows:
        cells = [value_cell(record, f"active.{row}.{col}", "active") for col, _ in item.columns]
        grid.append([PrintedCell(label)] + cells)
    return [_pad(r, width) for r in grid]


def active_table_grid(record: dict, schema: Schema) -> Grid:
    """Table 二 as one table: each item row spans the table, then its sub-table."""
    items = active_items(schema, edition_of(record))
    width = 1 + max(len(i.columns) for i in items)
    grid: Grid = []
    for item in items:
        grid.append([PrintedCell(item.item, colspan=width)])
        grid.extend(active_grid(record, item, width))
    return grid


def _skipped_rows(record: dict, edition: str) -> set[str]:
    """（六）其他处理 is one row or three sub-rows: whichever the record prints."""
    rows = {k.split(".")[1] for k in record["fields"] if k.startswith("requests.")}
    if "other" in rows or (not rows & set(_SPLIT_OTHER) and not by_name(edition).splits_other):
        return set(_SPLIT_OTHER)
    return {"other"}


def requests_rows(record: dict, schema: Schema) -> list[RequestRow]:
    """The rows of table 三 in template order, with their printed labels."""
    edition = edition_of(record)
    skipped = _skipped_rows(record, edition)
    out: dict[str, RequestRow] = {}
    for f in schema.fields.values():
        if f.table != "requests" or edition not in f.editions or f.row in skipped or f.row in out:
            continue
        parts = _printed(f.row_label).split()
        group, label = (parts[0], parts[1]) if len(parts) == 2 else ("", parts[0])
        top = OUTCOMES_LABEL if group or label.startswith("（") else ""
        out[f.row] = RequestRow(f.row, top, group, label)
    return list(out.values())


def applicant_columns(record: dict, schema: Schema) -> list[tuple[str, str]]:
    """(column id, printed label); the 小计 column only where the record has it."""
    columns = list(APPLICANT_COLUMNS)
    if any(k.startswith("requests.") and k.endswith("." + SUBTOTAL_COLUMN) for k in record["fields"]):
        columns.insert(columns.index("total"), SUBTOTAL_COLUMN)
    labels = {SUBTOTAL_COLUMN: "小计"}
    return [(c, labels.get(c) or schema.fields[f"requests.new_received.{c}"].col_label) for c in columns]


def requests_header(columns: list[tuple[str, str]]) -> Grid:
    labels = dict(columns)
    org = [label for col, label in columns if col not in ("natural_person", "total")]
    return [
        [PrintedCell(REQUESTS_NOTE, colspan=3, rowspan=3), PrintedCell("申请人情况", colspan=len(columns))],
        [
            PrintedCell(labels["natural_person"], rowspan=2),
            PrintedCell("法人或其他组织", colspan=len(org)),
            PrintedCell(labels["total"], rowspan=2),
        ],
        [PrintedCell(label) for label in org],
    ]


def _run(rows: list[RequestRow], start: int, attr: str) -> int:
    value = getattr(rows[start], attr)
    n = 0
    while start + n < len(rows) and getattr(rows[start + n], attr) == value:
        n += 1
    return n


def _lead_cells(rows: list[RequestRow], i: int, continued: bool) -> list[PrintedCell]:
    """The label cells of row ``i``: group labels where a group starts, spanning its rows."""
    r, prev = rows[i], rows[i - 1] if i else None
    lead = []
    if r.top and (prev is None or prev.top != r.top):
        top = "" if continued and i == 0 else r.top
        lead.append(PrintedCell(top, rowspan=_run(rows, i, "top"), state="label" if top else "blank"))
    if r.group:
        if prev is None or prev.group != r.group:
            lead.append(PrintedCell(r.group, rowspan=_run(rows, i, "group")))
        lead.append(PrintedCell(r.label))
    else:
        lead.append(PrintedCell(r.label, colspan=2 if r.top else 3))
    return lead


def requests_body(
    record: dict, rows: list[RequestRow], columns: list[tuple[str, str]], continued: bool = False
) -> Grid:
    """Data rows of table 三; ``continued``: the rows go on a group begun in an earlier table."""
    grid = []
    for i, r in enumerate(rows):
        values = [value_cell(record, f"requests.{r.row}.{col}", "requests") for col, _ in columns]
        grid.append(_lead_cells(rows, i, continued) + values)
    return grid


def requests_parts(record: dict, schema: Schema) -> tuple[Grid, Grid]:
    """Table 三 broken before （四）无法提供, as a page break leaves it; the header is not repeated."""
    rows, columns = requests_rows(record, schema), applicant_columns(record, schema)
    cut = next(i for i, r in enumerate(rows) if r.row.startswith("unable_"))
    first = requests_header(columns) + requests_body(record, rows[:cut], columns)
    return first, requests_body(record, rows[cut:], columns, continued=True)


def requests_grid(record: dict, schema: Schema) -> Grid:
    columns = applicant_columns(record, schema)
    return requests_header(columns) + requests_body(record, requests_rows(record, schema), columns)


def litigation_grid(record: dict, schema: Schema) -> Grid:
    """Table 四: two header levels over 15 columns, one data row."""
    labels = [schema.fields[f"review.{c}"].col_label for c in LITIGATION_COLUMNS]
    group = {g: schema.fields[f"{g}.total"].row_label.split() for g in LITIGATION_GROUPS}
    width = len(LITIGATION_COLUMNS)
    return [
        [PrintedCell(group["review"][-1], colspan=width), PrintedCell(group["suit_direct"][0], colspan=2 * width)],
        [PrintedCell(label, rowspan=2) for label in labels]
        + [
            PrintedCell(group["suit_direct"][-1], colspan=width),
            PrintedCell(group["suit_after_review"][-1], colspan=width),
        ],
        [PrintedCell(label) for label in labels] * 2,
        [value_cell(record, f"{g}.{c}", "litigation") for g in LITIGATION_GROUPS for c in LITIGATION_COLUMNS],
    ]


