"""Tables 二, 三 and 四 as the template prints them, each value cell carrying its canonical key.

The printed shape (第二十条 sub-tables, the 本年度办理结果 row groups, the 申请人情况 header, table 四's two
header levels) comes from the schema through the same helpers the HTML generator prints reports with, so a
reviewer sees the grid they see on paper.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..template.editions import PRE2019, is_template
from ..template.printed import (
    OUTCOMES_LABEL,
    active_items,
    applicant_columns,
    requests_header,
    requests_rows,
)
from ..template.schema import LITIGATION_COLUMNS, LITIGATION_GROUPS, Schema, load_schema


@dataclass(frozen=True)
class GridCell:
    text: str = ""
    key: str | None = None  # a value cell's canonical key
    colspan: int = 1
    rowspan: int = 1
    header: bool = False


@dataclass(frozen=True)
class Grid:
    table: str  # 二, 三, 四 or 旧
    title: str
    rows: list[list[GridCell]] = field(default_factory=list)

    @property
    def keys(self) -> list[str]:
        return [c.key for row in self.rows for c in row if c.key]


def grids(edition: str, fields: dict) -> list[Grid]:
    """The tables of an edition in page order; ``fields`` decide the optional parts (小计 column, （六） as
    one row or three)."""
    schema = load_schema()
    if not is_template(edition):
        out = [_pre2019(schema)]
    else:
        record = {"meta": {"edition": edition}, "fields": fields}
        out = [*_active(schema, edition), _requests(schema, record), _litigation(schema)]
    shown = {k for g in out for k in g.keys}
    others = [k for k in fields if k not in shown and k in schema.fields]
    if others:  # never drop a value silently: cells of another edition or layout are listed on their own
        rows = [[GridCell("单元格", header=True), GridCell("值", header=True)]]
        rows += [[GridCell(_label(schema, k), header=True), GridCell(key=k)] for k in others]
        out.append(Grid("他", "Cells outside this edition's layout (kept as they are unless changed)", rows))
    return out


def _label(schema: Schema, key: str) -> str:
    f = schema.fields[key]
    return f"{f.row_label} / {f.col_label}"


def _active(schema: Schema, edition: str) -> list[Grid]:
    out = []
    for item in active_items(schema, edition):
        head = [GridCell("信息内容", header=True)] + [GridCell(label, header=True) for _, label in item.columns]
        body = [[GridCell(label, header=True)] + [GridCell(key=f"active.{row}.{col}") for col, _ in item.columns]
                for row, label in item.rows]
        out.append(Grid("二", f"二、主动公开政府信息情况 · {item.item}", [head, *body]))
    return out


def _requests(schema: Schema, record: dict) -> Grid:
    columns = applicant_columns(record, schema)
    rows = requests_rows(record, schema)
    head = [[GridCell(c.text, colspan=c.colspan, rowspan=c.rowspan, header=True) for c in line]
            for line in requests_header(columns)]
    body = []
    for i, r in enumerate(rows):
        prev = rows[i - 1] if i else None
        lead = []
        if r.top and (prev is None or prev.top != r.top):
            lead.append(GridCell(OUTCOMES_LABEL, rowspan=_run(rows, i, "top"), header=True))
        if r.group:
            if prev is None or prev.group != r.group:
                lead.append(GridCell(r.group, rowspan=_run(rows, i, "group"), header=True))
            lead.append(GridCell(r.label, header=True))
        else:
            lead.append(GridCell(r.label, colspan=2 if r.top else 3, header=True))
        body.append(lead + [GridCell(key=f"requests.{r.row}.{col}") for col, _ in columns])
    return Grid("三", "三、收到和处理政府信息公开申请情况", [*head, *body])


def _run(rows: list, start: int, attr: str) -> int:
    value, n = getattr(rows[start], attr), 0
    while start + n < len(rows) and getattr(rows[start + n], attr) == value:
        n += 1
    return n


def _litigation(schema: Schema) -> Grid:
    labels = [schema.fields[f"review.{c}"].col_label for c in LITIGATION_COLUMNS]
    group = {g: schema.fields[f"{g}.total"].row_label.split() for g in LITIGATION_GROUPS}
    width = len(LITIGATION_COLUMNS)
    rows = [
        [GridCell(group["review"][-1], colspan=width, header=True),
         GridCell(group["suit_direct"][0], colspan=2 * width, header=True)],
        [GridCell(label, rowspan=2, header=True) for label in labels]
        + [GridCell(group["suit_direct"][-1], colspan=width, header=True),
           GridCell(group["suit_after_review"][-1], colspan=width, header=True)],
        [GridCell(label, header=True) for label in labels] * 2,
        [GridCell(key=f"{g}.{c}") for g in LITIGATION_GROUPS for c in LITIGATION_COLUMNS],
    ]
    return Grid("四", "四、政府信息公开行政复议、行政诉讼情况", rows)


def _pre2019(schema: Schema) -> Grid:
    rows = [[GridCell("指标", header=True), GridCell("本年度", header=True)]]
    rows += [[GridCell(f.row_label, header=True), GridCell(key=k)] for k, f in schema.fields.items()
             if PRE2019.name in f.editions]
    return Grid("旧", "2008–2018 年度报告的核心指标", rows)
