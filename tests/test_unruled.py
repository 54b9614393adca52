"""Tables printed without rules (pipeline/layout/unruled.py): columns, blank cells, wrapped labels, page breaks;
and PDFs of other producers with their borders off, read cell for cell."""

from __future__ import annotations

import shutil

import pytest
from conftest import eval_script

from pipeline.document import Table
from pipeline.layout.unruled import Pages, Word, unruled_tables

H = 10.0  # line height of the synthetic pages (points)


def _word(text: str, x0: float, top: float, width: float | None = None) -> Word:
    return Word(text, x0, top, x0 + (width if width is not None else 10.0 * len(text)), top + H)


def _values(top: float, cells: list[str | None], xs=(200, 260, 320)) -> list[Word]:
    return [_word(v, x, top) for v, x in zip(cells, xs, strict=True) if v is not None]


def _grid(table: Table) -> list[list[str]]:
    width = max(c.col for c in table.cells) + 1
    out = []
    for row in table.rows():
        texts = [""] * width
        for c in row:
            texts[c.col] = c.text
        out.append(texts)
    return out


def _tables(found) -> list[Table]:
    return [b for _, b in found.blocks if isinstance(b, Table)]


def _two_pages(first: list, second: list) -> tuple[Pages, list[list]]:
    """Two pages' words read as the PDF reader reads them: each page's tables, registered for the joins."""
    pages = Pages()
    found = [unruled_tables(first, 1), unruled_tables(second, 2)]
    for f in found:
        pages.add(f)
    return pages, [list(f.blocks) for f in found]


def test_a_blank_cell_comes_out_empty_in_its_own_column_not_shifted():
    words = [_word("信息内容", 60, 100), _word("本年新制作数量", 180, 100, 70), _word("本年新公开数量", 250, 100, 70),
             _word("对外公开总数量", 320, 100, 70),
             _word("规章", 60, 130), *_values(130, ["1", None, "3"]),
             _word("规范性文件", 60, 160), *_values(160, ["7", "7", "39"])]
    found = unruled_tables(words, 2)
    [table] = _tables(found)
    rows = _grid(table)
    assert rows[1] == ["规章", "1", "", "3"]
    assert rows[2] == ["规范性文件", "7", "7", "39"]
    value = next(c for c in table.cells if c.text == "3")
    assert value.page == 2 and value.bbox == (320, 130, 330, 140)  # provenance: where it was printed
    assert found.covers(60, 130, 330, 140) and not found.covers(60, 20, 330, 30)


def test_a_blank_cell_read_by_ocr_is_named_in_the_warnings_a_text_layers_is_not():
    """A text layer prints a blank cell as nothing; OCR may have lost the value (a faint 0 dropped as a speck):
    only the OCR's words (they carry a confidence) name the row, which flags the record."""
    def page(confidence):
        words = [_word("信息内容", 60, 100), _word("本年新制作数量", 180, 100, 70), _word("本年新公开数量", 250, 100, 70),
                 _word("对外公开总数量", 320, 100, 70), _word("规章", 60, 130), *_values(130, ["1", None, "3"]),
                 _word("规范性文件", 60, 160), *_values(160, ["7", "7", "39"])]
        return [Word(w.text, w.x0, w.top, w.x1, w.bottom, confidence) for w in words]

    for confidence, named in ((None, False), (0.99, True)):
        pages = Pages()
        found = unruled_tables(page(confidence), 2)
        pages.add(found)
        warnings = [w for w in pages.warnings(_tables(found)) if "read as blank" in w]
        assert warnings == (["page 2: the rows '规章' of a table printed without rules have cells read as blank in "
                             "an OCR reading that may have lost a value"] if named else []), warnings


def test_a_label_wrapped_around_its_values_is_one_row_and_a_distant_label_alone_is_a_blank_row():
    words = [*_values(100, ["5", "0", "5"]), _word("一、本年新收政府信息公", 40, 93, 120),
             _word("开申请数量", 40, 107, 60),
             _word("二、上年结转政府信息公开申请数量", 40, 140, 150),  # no values, far from the others
             _word("（二）部分公开（区分处理的，", 40, 175, 150), *_values(182, ["1", "0", "1"]),
             _word("只计这一情形）", 40, 189, 80)]
    [table] = _tables(unruled_tables(words, 1))
    assert _grid(table) == [["一、本年新收政府信息公开申请数量", "5", "0", "5"],
                            ["二、上年结转政府信息公开申请数量", "", "", ""],
                            ["（二）部分公开（区分处理的，只计这一情形）", "1", "0", "1"]]


def test_a_blank_row_touching_a_labelled_row_is_flagged_unless_it_names_a_row_whole():
    """A label without values right under a row may be that row's label's second line, or a blank row: read as a
    blank row and flagged. A label that names a template row whole by itself is no part of another's (Qt packs
    its cells so close that every blank row touched its neighbour): a blank row, not flagged."""
    def warnings_for(lower: str) -> list[str]:
        words = [_word("行政许可", 40, 100), *_values(100, ["3", "0", "3"]),
                 _word(lower, 40, 112),  # right under the row above
                 _word("行政强制", 40, 150), *_values(150, ["1", "0", "1"])]
        pages = Pages()
        found = unruled_tables(words, 1)
        pages.add(found)
        return pages.warnings(_tables(found))

    warnings = warnings_for("2.其他法律行政法规禁止公")  # numbered: a row's start, but not a row's whole label
    assert len(warnings) == 1 and "2.其他法律行政法规禁止公" in warnings[0] and "read as blank" in warnings[0]
    assert warnings_for("行政处罚") == []


def test_a_number_wrapped_in_its_cell_joins_its_row_and_two_packed_rows_stay_two():
    """A number wrapped over two lines of a narrow cell, centred on its row (prawn-table: 22 / 8 beside the row's
    one-line values), is one value of that row, marked wrapped. Two rows packed close under an outer label
    centred between them (their lines overlap the label's by as much) stay two rows: the label's line prints no
    value, so nothing is a wrapped cell of it."""
    words = [_word("一、本年新收", 40, 100), _word("22", 200, 93), *_values(100, [None, "0", "0"]),
             _word("8", 205, 107), _word("二、上年结转", 40, 140), *_values(140, ["5", "0", "5"])]
    [table] = _tables(unruled_tables(words, 1))
    assert _grid(table) == [["一、本年新收", "228", "0", "0"], ["二、上年结转", "5", "0", "5"]]
    [cell] = [c for c in table.cells if c.text == "228"]
    assert cell.wrapped and cell.bbox == (200, 93, 220, 117)  # provenance: both lines as printed
    packed = [_word("1.属于国家秘密", 100, 100, 80), *_values(100, ["1", "0", "1"]), _word("（三）不予公开", 20, 106, 70),
              _word("2.其他法律行政法规禁止公开", 100, 112, 90), *_values(112, ["2", "0", "2"])]
    [table] = _tables(unruled_tables(packed, 1))
    rows = _grid(table)
    assert [r[-3:] for r in rows] == [["1", "0", "1"], ["2", "0", "2"]], rows
    assert not any(c.wrapped for c in table.cells)


def test_two_values_in_one_column_are_not_placed_and_say_so():
    words = [_word("规章", 40, 100), *_values(100, ["1", "2", "3"]),  # a number printed over two columns:
             _word("规范性文件", 40, 130), _word("4500000", 205, 130), _word("6", 320, 130)]  # whose is it?
    found = unruled_tables(words, 1)
    assert not _tables(found)
    assert found.warnings and "could not be placed" in found.warnings[0]
    from pipeline.record import needs_review

    assert needs_review(found.warnings[0])  # the record is flagged, never ok


def test_a_caption_splits_sub_tables_and_stays_text():
    words = [_word("规章", 40, 100), *_values(100, ["1", "0", "1"]), _word("规范性文件", 40, 120),
             *_values(120, ["2", "0", "2"]), _word("第二十条第（五）项", 200, 145, 90),
             _word("行政许可", 40, 170), *_values(170, ["3", "1", "4"]), _word("行政处罚", 40, 190),
             *_values(190, ["5", "0", "5"])]
    found = unruled_tables(words, 1)
    assert [len(t.rows()) for t in _tables(found)] == [2, 2]
    assert not found.covers(200, 145, 290, 155)  # the caption is left to the text reader


def test_a_row_cut_by_a_page_break_is_joined_with_its_label_tail():
    first = [_word("规章", 40, 680), *_values(680, ["1", "0", "1"]), _word("2.其他法律行政法规禁止公", 40, 700, 130),
             *_values(700, ["2", "0", "2"])]
    second = [_word("开", 40, 50), _word("3.危及“三安全一稳定”", 40, 90, 120), *_values(90, ["0", "0", "0"]),
              _word("4.保护第三方合法权益", 40, 120, 120), *_values(120, ["4", "0", "4"])]
    pages, per_page = _two_pages(first, second)
    assert pages.join(per_page) == 1
    upper, lower = (b for items in per_page for _, b in items)
    assert _grid(upper)[-1] == ["2.其他法律行政法规禁止公开", "2", "0", "2"]
    assert _grid(lower)[0] == ["3.危及“三安全一稳定”", "0", "0", "0"]
    assert pages.warnings([upper, lower]) == []


def test_prose_with_numbers_is_not_a_table():
    words = [_word("全年办理网民留言", 40, 100, 160), _word("1,266", 210, 100), _word("件，有效回应了社会关切。", 270, 100),
             _word("2020", 40, 120), _word("年，我县组织培训", 90, 120, 160)]
    assert not unruled_tables(words, 1).blocks


P = eval_script("producers")
#: Borders off: WeasyPrint (rows break across pages, blank rows), LibreOffice (narrow Word cells whose labels
#: wrap over three or four lines around the values), Chromium (Noto: radicals in the text layer).
SAMPLE = [
    ("weasyprint", "wqy-microhei", None),
    ("libreoffice", "noto-sans", "soffice"),
    ("chromium", "noto-sans", "chromium"),
]


@pytest.mark.parametrize("producer,font,tool", SAMPLE, ids=[s[0] for s in SAMPLE])
def test_unruled_pdfs_of_other_producers_are_read_cell_for_cell(producer, font, tool, tmp_path):
    if tool and shutil.which(tool) is None:
        pytest.fail(f"{tool} is not installed: scripts/test.sh installs it")
    [case] = P.cases([producer], [font], ["unruled"], 1, [])
    result = P.run_case(case, tmp_path)
    assert result is not None and "produce_error" not in result, result
    assert result["wrong"] == 0, (result["wrong_keys"], result["review"])
    assert result["meta_right"]
    assert not result["wrong_but_ok"]


def test_blank_cells_of_an_unruled_table_come_out_null(tmp_path):
    """The sampled WeasyPrint report prints blank rows in table 三: each of its cells is null, none shifted."""
    from pipeline.extract import extract_bytes

    [case] = P.cases(["weasyprint"], ["wqy-microhei"], ["unruled"], 1, [])
    blank = [k for k, v in case.record["fields"].items() if v is None and k.startswith("requests.")]
    assert blank  # the sample really has blank cells
    record = extract_bytes(P._pdf(case, tmp_path), case.record["source"])
    assert all(record["fields"].get(k) is None for k in blank)
    read = {k: v for k, v in record["fields"].items() if k.startswith("requests.") and v is not None}
    assert read and all(case.record["fields"][k] == v for k, v in read.items())
    assert all(record["provenance"][k].get("bbox") and record["provenance"][k].get("page") for k in read)


def test_a_header_alone_at_the_foot_of_a_page_goes_over_the_values_on_the_next():
    """A page break right after the header: the next page's values are placed in the header's columns, so a
    blank column there is not lost (二's 3 columns, the rows printing 2 values)."""
    first = [_word("信息内容", 60, 760), _word("本年制发件数", 180, 760, 60), _word("本年废止件数", 250, 760, 60),
             _word("现行有效件数", 320, 760, 60)]
    second = [_word("规章", 60, 20), _word("0", 280, 20), _word("行政规范性文件", 60, 50, 70), _word("3", 200, 50),
              _word("0", 280, 50)]
    pages, per_page = _two_pages(first, second)
    assert pages.join(per_page) == 1 and not per_page[0]
    [(_, table)] = per_page[1]
    assert _grid(table) == [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                            ["规章", "", "0", ""], ["行政规范性文件", "3", "0", ""]]


def test_a_table_going_on_without_its_header_keeps_the_columns_of_the_part_above():
    """On the next page only one row, its middle cell blank: two values found, three columns placed."""
    first = [_word("信息内容", 60, 700), _word("本年制发件数", 180, 700, 60), _word("本年废止件数", 250, 700, 60),
             _word("现行有效件数", 320, 700, 60), _word("规章", 60, 730), *_values(730, ["0", "0", "0"], (200, 270, 340))]
    second = [_word("行政规范性文件", 60, 20, 70), _word("1", 200, 20), _word("69", 335, 20),
              _word("第二十条第（五）项", 200, 50, 90), _word("行政许可", 60, 80), *_values(80, ["5", "1", "6"])]
    pages, per_page = _two_pages(first, second)
    assert pages.join(per_page) == 1
    lower = per_page[1][0][1]
    assert _grid(lower) == [["行政规范性文件", "1", "", "69"]]


def test_values_beside_a_rowspan_label_at_a_page_foot_join_their_own_label_on_the_next_page():
    """A page break cuts table 三 inside （六）其他处理: row 1's values are the page's last line, beside the outer
    label, and its own (wrapped, kept whole) label heads the next page. Read as two rows, the values went to
    （六） and row 1 came out blank with status ok."""
    first = [_word("（五）不予处理", 10, 655, 50), _word("5.要求行政机关确认或重新出具已获取信息", 70, 660, 120),
             *_values(660, ["1", "0", "1"]), _word("（六）其他处理", 10, 700, 50), *_values(700, ["7", "2", "9"])]
    second = [_word("1.申请人无正当理由逾期不补正、行政机", 70, 50, 120), _word("关不再处理其政府信息公开申请", 70, 60, 120),
              _word("2.申请人逾期未按收费通知要求缴纳费用", 70, 100, 120), *_values(100, ["0", "0", "0"]),
              _word("3.其他", 70, 130, 60), *_values(130, ["3", "0", "3"])]
    pages, per_page = _two_pages(first, second)
    assert pages.join(per_page) == 1
    upper, lower = (b for items in per_page for _, b in items)
    assert _grid(upper)[-1] == ["（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "7", "2", "9"]
    assert _grid(lower)[0] == ["2.申请人逾期未按收费通知要求缴纳费用", "0", "0", "0"]
    assert pages.warnings([upper, lower]) == []


def test_values_beside_a_rowspan_label_only_at_the_foot_of_the_last_page_flag_the_record():
    """Not joined (no next page to take the label from): the values stand beside （六） only, which is said."""
    words = [_word("（五）不予处理", 10, 655, 50), _word("5.要求行政机关确认或重新出具已获取信息", 70, 660, 120),
             *_values(660, ["1", "0", "1"]), _word("（六）其他处理", 10, 700, 50), *_values(700, ["7", "2", "9"])]
    pages = Pages()
    found = unruled_tables(words, 1)
    pages.add(found)
    pages.join([list(found.blocks)])
    [warning] = pages.warnings(_tables(found))
    assert "（六）其他处理" in warning and "outer label" in warning


def test_a_whole_row_at_a_page_foot_and_a_blank_row_heading_the_next_stay_two_rows():
    """The twin of the case above that must not be joined: the next page's blank row starts at the labels' left
    edge (四、结转下年度继续办理), not in a column right of the label above."""
    first = [_word("（六）其他处理", 10, 680, 110), *_values(680, ["1", "0", "1"]),
             _word("（七）总计", 10, 700, 110), *_values(700, ["7", "2", "9"])]
    second = [_word("四、结转下年度继续办理", 10, 50, 120),
              _word("五、其他", 10, 100, 60), *_values(100, ["3", "0", "3"])]
    pages, per_page = _two_pages(first, second)
    pages.join(per_page)
    tables = [b for items in per_page for _, b in items if isinstance(b, Table)]
    assert _grid(tables[0])[-1] == ["（七）总计", "7", "2", "9"]
    assert any(row[0] == "四、结转下年度继续办理" and row[1:] == ["", "", ""] for t in tables[1:] for row in _grid(t))


def test_a_values_row_at_a_page_foot_takes_its_label_moved_alone_to_the_next_page():
    """pdfmake × Droid Sans Fallback: table 二's row ``规范性文件`` is cut by the page, its values ``3 3 81`` the
    page's last line and its label the next page's first, alone: read as a blank row and values without a label.
    The label, in the label column and naming a row whole, joins its values; a paragraph that is no row label
    (a caption) or stands over the values is left where it is."""
    from pipeline.document import Paragraph

    first = [_word("规章", 10, 660), *_values(660, ["0", "0", "0"]), *_values(690, ["3", "3", "81"])]
    second = [_word("行政许可", 10, 100), *_values(100, ["138", "0", "72"])]
    for text, bbox, moved in (("规范性文件", (10, 50, 60, 60), True), ("第二十条第（五）项", (10, 50, 100, 60), False),
                              ("规范性文件", (150, 50, 210, 60), False)):
        pages, per_page = _two_pages(first, second)
        per_page[1].insert(0, (50.0, Paragraph(text, page=2, bbox=bbox)))
        assert pages.join(per_page) == int(moved)
        upper = per_page[0][-1][1]
        assert _grid(upper)[-1] == ["规范性文件" if moved else "", "3", "3", "81"]
        assert len(per_page[1]) == (1 if moved else 2)


def test_a_header_with_the_next_section_under_it_on_its_own_page_gets_a_blank_row():
    """pdfmake × Smiley Sans: table 四 printed blank without rules is its header alone with 五、… under it on the
    same page (not at the page's foot): it was read as a header-only table and its 15 cells went missing. It gets
    a blank row, said; a header with a paragraph under it that is no heading is left as it is."""
    from pipeline.document import Paragraph

    header = [_word(t, 10 + 60 * k, 500) for k, t in enumerate(("结果维持", "结果纠正", "其他结果", "尚未审结", "总计"))]
    for text, closed in (("五、存在的主要问题及改进情况", True), ("注：本表数据截至12月31日", False)):
        pages = Pages()
        found = unruled_tables(header, 3)
        pages.add(found)
        per_page = [[*found.blocks, (560.0, Paragraph(text, page=3, bbox=(10, 560, 300, 570)))],
                    [(50.0, Paragraph("针对上述问题，我区将持续深化重点领域信息公开。", page=4, bbox=(10, 50, 300, 60)))]]
        pages.close_headers(per_page)
        [table] = _tables(found)
        assert _grid(table)[1:] == ([[""] * 5] if closed else [])
        assert any("nothing under it before the next section" in w for w in pages.warnings([table])) == closed
