"""Table rows a page break cuts in two: closed on each page, joined across the break."""

from __future__ import annotations

from pipeline.document import Cell, Table
from pipeline.readers.split_rows import closing_lines, is_open_at, join_split_rows


def _h(y, x0, x1):
    return {"top": y, "bottom": y, "x0": x0, "x1": x1}


def _v(x, top, bottom):
    return {"x0": x, "x1": x, "top": top, "bottom": bottom}


def test_vertical_rules_running_past_the_last_horizontal_rule_are_closed_where_they_end():
    xs = (50, 150, 250, 350)
    horizontal = [_h(100, 50, 350), _h(700, 50, 350)]
    vertical = [_v(x, 100, 700) for x in xs] + [_v(x, 700, 780) for x in xs]  # the last row runs off the page
    lines = closing_lines(horizontal, vertical)
    assert [(round(line["top"]), line["x0"], line["x1"]) for line in lines] == [(780, 50, 350)]
    assert closing_lines(horizontal, [_v(x, 100, 700) for x in xs]) == []  # a closed grid needs nothing


def test_a_single_stray_rule_does_not_close_a_row():
    assert closing_lines([_h(100, 50, 350)], [_v(50, 100, 300), _v(200, 300, 400)]) == []


def _table(rows: list[list[str]], top: float, xs=(50, 150, 250, 350), page=1) -> Table:
    cells = []
    for r, texts in enumerate(rows):
        for c, text in enumerate(texts):
            cells.append(Cell(text=text, row=r, col=c, page=page, bbox=(xs[c], top + 20 * r, xs[c + 1], top + 20 * (r + 1))))
    bottom = top + 20 * len(rows)
    return Table(cells=cells, page=page, bbox=(xs[0], top, xs[-1], bottom))


def test_the_halves_of_a_split_row_are_joined_cell_by_cell():
    upper = _table([["label", "1", "2"], ["", "3", "4"]], 700)
    lower = _table([["row cut by the page", "", ""], ["next", "5", "6"]], 60, page=2)
    assert is_open_at(upper, [740], 3) and is_open_at(lower, [60], 1)
    pages = [[(700.0, upper)], [(60.0, lower)]]
    assert join_split_rows(pages, {id(upper)}, {id(lower)}) == 1
    assert [c.text for c in upper.cells if c.row == 1] == ["row cut by the page", "3", "4"]
    assert [[c.text for c in row] for row in lower.rows()] == [["next", "5", "6"]]


def test_tables_not_open_at_the_break_are_left_alone():
    upper = _table([["a", "1", "2"]], 700)
    lower = _table([["b", "3", "4"]], 60, page=2)
    assert join_split_rows([[(700.0, upper)], [(60.0, lower)]], {id(upper)}, set()) == 0
    assert [c.text for c in lower.cells] == ["b", "3", "4"]


def test_a_row_drawn_as_a_values_row_and_a_labels_row_is_put_back_together():
    from pipeline.readers.split_rows import rejoin_label_rows

    xs = (50, 100, 200, 250, 300)

    def row(texts, top):
        return [Cell(text=t, row=0, col=c, bbox=(xs[c], top, xs[c + 1], top + 10)) for c, t in enumerate(texts)]

    values = row(["", "", "20", "1"], 100)
    labels = [Cell(text="（一）予以公开", row=0, col=1, bbox=(100, 110, 200, 120))]
    kept = row(["（二）部分公开", "", "3", "4"], 120)
    out = rejoin_label_rows([values, labels, kept])
    assert [[c.text for c in r] for r in out] == [["", "（一）予以公开", "20", "1"], ["（二）部分公开", "", "3", "4"]]
    # a header row above the values, or a row with its own label, is left alone
    header = row(["", "", "自然人", "总计"], 90)
    assert rejoin_label_rows([header, kept]) == [header, kept]


def test_a_values_row_between_two_labels_rows_takes_the_label_beside_it():
    """wkhtmltopdf × UKai: under a row a page break cut, the tail of its label (形）) at the page's head, then
    the next row drawn with its label cells a band lower than its value cells: the values took 形）."""
    from pipeline.readers.split_rows import rejoin_label_rows

    tail = [Cell(text="形）", row=0, col=1, bbox=(100, 10, 200, 32))]
    values = [Cell(text=t, row=1, col=c, bbox=(x0, 32, x1, 67))
              for c, (t, x0, x1) in enumerate([("", 100, 200), ("4", 200, 250), ("0", 250, 300)])]
    own = [Cell(text="1.属于国家秘密", row=2, col=1, bbox=(100, 40, 200, 67))]
    out = rejoin_label_rows([tail, values, own])
    assert [[c.text for c in r] for r in out] == [["形）"], ["1.属于国家秘密", "4", "0"]]


def test_two_whole_rows_on_either_side_of_a_break_are_not_joined():
    upper = _table([["label", "1", "2"], ["7.属于行政执法案卷", "0", "0"]], 700)
    lower = _table([["8.属于行政查询事项", "0", "0"]], 60, page=2)
    assert join_split_rows([[(700.0, upper)], [(60.0, lower)]], {id(upper)}, {id(lower)}) == 0
    assert [c.text for c in lower.cells] == ["8.属于行政查询事项", "0", "0"]


def _closed(upper: Table, lower: Table) -> tuple[int, list[str]]:
    """Join across a break where both tables are closed by a rule at the page's edge (LibreOffice)."""
    warnings: list[str] = []
    return join_split_rows([[(700.0, upper)], [(60.0, lower)]], set(), set(), warnings), warnings


def test_a_label_cut_by_the_page_under_closing_rules_is_joined_when_only_its_halves_together_name_a_row():
    upper = _table([["4.保护第三方合法权益", "1", "0"], ["5.要求行", "2", "0"]], 700)
    lower = _table([["政机关确认或重新出具已获取信息", "", ""], ["1.信访举报投诉类申请", "0", "3"]], 60, page=2)
    assert _closed(upper, lower) == (1, [])
    assert [c.text for c in upper.cells if c.row == 1] == ["5.要求行政机关确认或重新出具已获取信息", "2", "0"]
    assert [[c.text for c in row] for row in lower.rows()] == [["1.信访举报投诉类申请", "0", "3"]]
    assert lower.cells[0].row == 0


def test_a_blank_row_at_the_head_of_the_page_is_not_joined_to_the_whole_row_above():
    upper = _table([["7.属于行政执法案卷", "0", "0"]], 700)
    lower = _table([["8.属于行政查询事项", "", ""]], 60, page=2)
    assert _closed(upper, lower) == (0, [])
    assert [c.text for c in lower.cells] == ["8.属于行政查询事项", "", ""]


def test_a_cut_label_that_cannot_be_joined_with_certainty_flags_the_record():
    from pipeline.record import needs_review

    upper = _table([["5.要求行", "2", "0"]], 700)
    lower = _table([["另有说明", "", ""]], 60, page=2)  # the halves name no row, together or apart
    joined, warnings = _closed(upper, lower)
    assert joined == 0 and len(warnings) == 1 and "5.要求行" in warnings[0]
    assert needs_review(warnings[0])
    assert [c.text for c in upper.cells] == ["5.要求行", "2", "0"]


def test_a_row_printed_blank_and_cut_by_the_page_is_joined_only_on_its_label_halves():
    """pdfmake closes a cut row with rules on both pages; in a table printed blank neither half has values, so
    only the labels can tell: ``2.重复`` + ``申请`` name a row only together and are joined; two whole labels, or
    halves that name nothing together (a header cut in two), are left alone and say nothing."""
    upper = _table([["1.信访举报投诉类申请", "", ""], ["2.重复", "", ""]], 700)
    lower = _table([["申请", "", ""], ["3.要求提供公开出版物", "", ""]], 60, page=2)
    assert _closed(upper, lower) == (1, [])
    assert [c.text for c in upper.cells if c.row == 1] == ["2.重复申请", "", ""]
    assert [[c.text for c in row] for row in lower.rows()] == [["3.要求提供公开出版物", "", ""]]
    whole = _table([["8.属于行政查询事项", "", ""]], 60, page=2)
    assert _closed(_table([["7.属于行政执法案卷", "", ""]], 700), whole) == (0, [])
    header = _table([["结果", "", ""]], 60, page=2)
    assert _closed(_table([["行政复议", "", ""]], 700), header) == (0, [])
    # a header cut in two prints many texts on each side (LibreOffice's table 四): not one row's label
    cut_header = _table([["果维持", "未审结", "计"]], 60, page=2)  # 总 + 计 name table 三's row 总计 together
    assert _closed(_table([["结", "尚", "总"]], 700), cut_header) == (0, [])
