"""Markdown from PDF converters and OCR text dumps (issue 13 item 4): recognised, aligned, and never silently wrong."""

import json
from decimal import Decimal

import pytest
from conftest import CORPORA, extract_and_score

from pipeline.evaluation.scoring import score_document
from pipeline.extract import extract_bytes
from pipeline.mapper.splits import fit_row, with_blank_cells
from pipeline.mapper.stream import ValueTok, fold_ocr_digits, text_tokens, without_numbering
from pipeline.readers import read_document, sniff_format
from pipeline.synth.converter_render import STYLES, render_converted
from pipeline.synth.generate import synth_record
from pipeline.synth.text_render import render_text

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
ORGS = "| 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |"

# Written by hand the way marker prints a merged header: text in the first position, empty cells after it,
# the positions under a rowspan dropped (rows 2 and 3 of the header shift left). 总计 of the first row is blank.
MARKER_TABLE = f"""# 某县人民政府2022年政府信息公开工作年度报告

## 三、收到和处理政府信息公开申请情况

| {NOTE} |  |  | 申请人情况 |  |  |  |  |  |  |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
| 自然人 | 法人或其他组织 |  |  |  |  | 总计 |
{ORGS}
| 一、本年新收政府信息公开申请数量 |  |  | 5 | 1 | 0 | 0 | 0 | 2 |  |
| 二、上年结转政府信息公开申请数量 |  |  | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
"""

# docling repeats a merged cell's text in every position it covers (tabulate's github format).
DOCLING_TABLE = f"""## 三、收到和处理政府信息公开申请情况

| {NOTE} | {NOTE} | {NOTE} | 申请人情况 | 申请人情况 | 申请人情况 | 申请人情况 | 申请人情况 | 申请人情况 | 申请人情况 |
|----|----|----|----|----|----|----|----|----|----|
| {NOTE} | {NOTE} | {NOTE} | 自然人 | 法人或其他组织 | 法人或其他组织 | 法人或其他组织 | 法人或其他组织 | 法人或其他组织 | 总计 |
| 一、本年新收政府信息公开申请数量 | 一、本年新收政府信息公开申请数量 | 一、本年新收政府信息公开申请数量 | 7 | 0 | 3 | 0 | 0 | 0 | 10 |
"""

# A PaddleOCR dump: one box per line, the column numbering read after the first row's tall label, O for 0.
PADDLE_DUMP = """三、收到和处理政府信息公开申请情况
申请人情况
自然人
法人或其他组织
总计
商业企业
科研机构
社会公益组织
法律服务机构
其他
一、本年新收政府信息公开申请数量
1
2
3
4
5
6
7
l2
O
1
〇
0
0
13
二、上年结转政府信息公开申请数量
0
0
0
0
0
0
0
"""


def _fields(text: str, prefix: str) -> dict:
    record = extract_bytes(text.encode(), "x")
    return record, {k: v for k, v in record["fields"].items() if k.startswith(prefix)}


def test_markdown_is_recognised_by_content_not_by_name():
    assert sniff_format(MARKER_TABLE.encode()) == "markdown"
    mineru = "# 标题\n\n# 三、收到和处理\n\n<table><tr><td>自然人</td></tr></table>\n"
    assert sniff_format(mineru.encode()) == "markdown"  # <table> inside Markdown is not an HTML page
    assert sniff_format(b"<html><body><table><tr><td>1</td></tr></table></body></html>") == "html"
    assert sniff_format("一、总体情况\n本年度---无\n".encode()) == "text"


def test_marker_padding_is_dropped_and_a_blank_last_cell_stays_blank():
    record, f = _fields(MARKER_TABLE, "requests.new_received.")
    assert record["format"] == "markdown"
    assert f["requests.new_received.natural_person"] == 5
    assert f["requests.new_received.other_org"] == 2
    assert f["requests.new_received.total"] is None  # the blank 总计 cell, not the padding after the label
    assert f["requests.new_received.commercial"] == 1


def test_docling_repeated_merged_cells_are_read_once():
    doc = read_document(DOCLING_TABLE.encode(), "x.md")
    labels = [c.text for c in doc.tables[0].cells if c.text.startswith("一、")]
    assert labels == ["一、本年新收政府信息公开申请数量"]
    _, f = _fields(DOCLING_TABLE, "requests.new_received.")
    assert [f[f"requests.new_received.{c}"] for c in ("natural_person", "commercial", "research", "total")] == [7, 0, 3, 10]


def test_ocr_dump_numbering_and_misread_digits():
    record, f = _fields(PADDLE_DUMP, "requests.")
    assert [f[f"requests.new_received.{c}"] for c in
            ("natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total")] \
        == [12, 0, 1, 0, 0, 0, 13]
    assert f["requests.carried_over.total"] == 0
    assert not any("extra value" in w for w in record["warnings"])


def test_a_numbering_row_read_as_values_is_never_ok():
    # the numbering and the row's values run together with a value missing: the row cannot be placed
    text = "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量 1 2 3 4 5 6 7 8 0 0 0 8 9\n"
    record = extract_bytes(text.encode(), "x.txt")
    assert record["status"] != "ok"


def _real(stem: str) -> dict:
    return json.loads((CORPORA / f"{stem}.gold.json").read_text("utf-8"))


@pytest.mark.parametrize("style", STYLES)
def test_every_producer_style_reads_a_real_report_exactly(style):
    gold = _real("real/hongze-2023")
    record = extract_bytes(render_converted(gold, style), f"hongze-2023.{style}")
    scored = score_document(dict(gold, source=record["source"]), record)
    assert scored["wrong"] == []
    assert scored["agency"] and scored["year"] and scored["edition"]


@pytest.mark.parametrize("style", ("marker", "tesseract"))
def test_generated_reports_have_no_silent_errors(style):
    for seed in (7, 8, 9):
        record = synth_record(seed, f"g{seed}")
        pred = extract_bytes(render_converted(record, style), f"g{seed}.{style}")
        scored = score_document(dict(record, source=pred["source"]), pred)
        assert not scored["wrong"] or pred["status"] == "flagged"
        assert len(scored["wrong"]) <= 0.02 * scored["cells"]


def test_run_together_table_two_keeps_the_minus():
    record = synth_record(3, "t.txt", editions=("2019",))
    record["fields"]["active.licensing.change"] = -12
    pred = extract_bytes(render_text(record, "runon"), "t.txt")
    assert pred["fields"]["active.licensing.change"] == -12
    assert pred["status"] == "flagged"  # table 二 runs have no identity: reported ambiguous, not guessed silently


FIXTURES = sorted(p for p in (CORPORA / "markdown").iterdir() if p.suffix in (".md", ".txt"))


def test_the_fixtures_cover_third_party_converters_and_the_held_out_style():
    styles = {p.name.split(".")[1] for p in FIXTURES}
    assert {"markdownify", "html2text", "marker", "paddle"} <= styles


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_converter_fixtures_are_read_right_or_flagged(path):
    records, scores = extract_and_score([path])
    record = records[0]
    wrong = [w for d in scores["worst_documents"] for w in d["wrong_cells"]]
    assert record["format"] == ("markdown" if path.suffix == ".md" else "text")
    assert scores["meta"]["agency"]["accuracy"] == scores["meta"]["year"]["accuracy"] == 1.0
    assert scores["cells"]["accuracy"] >= 0.99, wrong
    assert not wrong or record["status"] == "flagged"  # never a wrong value in an ok record


def test_ocr_letters_for_digits_are_read_as_digits_only_among_numbers():
    assert fold_ocr_digits("5 0 O 〇 0 l3 I") == "5 0 0 0 0 13 1"
    assert fold_ocr_digits("二〇二三年 ISO9001 I am") == "二〇二三年 ISO9001 I am"


def _values(text):
    return [t.raw for t in without_numbering(text_tokens(text, {"block": 0}, 0, 0)) if isinstance(t, ValueTok)]


def test_column_numbering_is_dropped_but_a_row_that_looks_like_it_is_kept():
    assert _values("1 2 3 4 5 6 7") == []
    assert _values("1 2 3 4 5 6 7 59 0 0 0 0 0 59") == ["59", "0", "0", "0", "0", "0", "59"]
    assert _values("1 2 3 4 5 6 7 8 0 0 0 0 0 8") == ["8", "0", "0", "0", "0", "0", "8"]
    assert _values("1 2 3 4 5 6 21") == ["1", "2", "3", "4", "5", "6", "21"]  # 1+…+6 = 21: a row
    assert _values("行政许可 1 2 3") == ["1", "2", "3"]


def test_values_printed_apart_may_sit_either_side_of_a_blank_cell():
    toks = [t for t in text_tokens("规范性文件 0 16", {"block": 0}, 0, 0) if isinstance(t, ValueTok)]
    fit = with_blank_cells(fit_row(toks, 3, [False] * 3), toks, 3, [False] * 3)
    readings = [[p.value for p in c] for c in fit.candidates]
    assert [0, 1, 6] in readings and [None, 0, 16] in readings and [0, None, 16] in readings
    one = [t for t in text_tokens("政府集中采购 6.61394", {"block": 0}, 0, 0) if isinstance(t, ValueTok)]
    fit = with_blank_cells(fit_row(one, 2, [False, True]), one, 2, [False, True])
    assert [[p.value for p in c] for c in fit.candidates] == [[None, Decimal("6.61394")]]
    assert "read as blank" in fit.note  # one placement left is still a guess about a blank cell: reviewed


def test_html2text_style_tables_without_outer_pipes_are_tables():
    text = "## 三、收到和处理\n\n自然人| 总计  \n---|---  \n一、本年新收政府信息公开申请数量| 3| 3  \n"
    doc = read_document(text.encode(), "x.md")
    assert doc.format == "markdown"
    assert [c.text for c in doc.tables[0].rows()[1]] == ["一、本年新收政府信息公开申请数量", "3", "3"]


LITIGATION = ("review", "suit_direct", "suit_after_review")
OUTCOMES = ("upheld", "corrected", "other", "pending", "total")


def _litigation_dump(seed: int, style: str, groups: list[tuple] | None = None) -> tuple[dict, dict]:
    """A generated report written as an OCR dump (table 四's blank cells leave no trace), and its record."""
    record = synth_record(seed, f"gen-{seed}")
    for group, values in zip(LITIGATION, groups or [], strict=False):
        record["fields"].update({f"{group}.{c}": v for c, v in zip(OUTCOMES, values, strict=True)})
    return record, extract_bytes(render_converted(record, style), f"gen-{seed}.{style}.txt")


@pytest.mark.parametrize("style", ("tesseract", "paddle"))
def test_table_four_values_among_blank_cells_are_placed_by_the_group_totals(style):
    # 行政复议's 总计 printed blank: 14 values for 15 cells; only one placement keeps every group total
    groups = [(1, 0, 0, 0, None), (2, 0, 0, 0, 2), (1, 1, 0, 0, 2)]
    _, pred = _litigation_dump(5111, style, groups)
    assert [pred["fields"][f"{g}.{c}"] for g in LITIGATION for c in OUTCOMES] == [v for g in groups for v in g]
    prov = pred["provenance"]["suit_direct.total"]
    assert prov["method"] == "placed" and "总计" in prov["placed"] and not prov.get("ambiguous")
    assert pred["status"] == "flagged"  # a placement is a person's to confirm, never ok
    assert any("one placement fits" in r for r in pred["review"])


def test_table_four_group_printed_alone_keeps_every_group_it_may_be():
    # 直接起诉 printed, 复议 and 复议后起诉 blank: the five values hold as any of the three groups
    record, pred = _litigation_dump(5111, "tesseract")
    assert [record["fields"][f"suit_direct.{c}"] for c in OUTCOMES] == [0, 1, 2, 0, 3]
    (amb,) = [a for a in pred["ambiguities"] if a["keys"][0] == "review.upheld"]
    assert amb["printed"] == "0 1 2 0 3"  # as the dump prints the row (it was "0 1 2 3 ", a blank cell's "")
    readings = [amb["chosen"], *amb["alternatives"]]
    blank = [None] * 5
    assert readings == [[0, 1, 2, 0, 3] + blank * 2, blank + [0, 1, 2, 0, 3] + blank,
                        blank * 2 + [0, 1, 2, 0, 3]]  # each group whole or blank, in the template's order
    assert pred["status"] == "flagged"


def test_table_four_zeros_are_not_spread_over_groups_to_hold_more_totals():
    # 0 0 2 0 2 as 0|_|_|_|0 and 2|0|_|_|2 holds two totals, but a group printed in part is no placement while
    # whole groups can hold the five values
    record, pred = _litigation_dump(6124, "tesseract")
    assert [record["fields"][f"review.{c}"] for c in OUTCOMES] == [0, 0, 2, 0, 2]
    (amb,) = [a for a in pred["ambiguities"] if a["keys"][0] == "review.upheld"]
    assert all(len({v is None for v in reading[g : g + 5]}) == 1 for reading in [amb["chosen"], *amb["alternatives"]]
               for g in (0, 5, 10))
    assert amb["chosen"][:5] == [0, 0, 2, 0, 2] and pred["status"] == "flagged"


def test_a_negative_value_among_blank_cells_stands_only_in_the_signed_column():
    # 2019 行政许可: 上一年项目数量 blank, 本年增/减 -2: only 本年增/减 can hold a minus
    record = synth_record(5102, "gen-5102")
    assert record["fields"]["active.licensing.prev_items"] is None and record["fields"]["active.licensing.change"] == -2
    pred = extract_bytes(render_converted(record, "tesseract"), "gen-5102.tesseract.txt")
    assert pred["fields"]["active.licensing.prev_items"] is None
    assert pred["fields"]["active.licensing.change"] == -2
    assert pred["provenance"]["active.licensing.change"]["method"] == "placed"
    assert pred["status"] == "flagged"


def _blank_zeros(record: dict, row: str) -> dict:
    """``record`` with the zero cells of table 三's ``row`` printed blank (a report that leaves its zeros blank)."""
    fields = record["fields"]
    fields.update({k: None for k, v in list(fields.items()) if k.startswith(f"requests.{row}.") and v == 0})
    return record


@pytest.mark.parametrize("style", ("tesseract", "paddle"))
def test_table_three_values_among_blank_cells_are_placed_by_the_row_and_column_totals(style):
    # 3.补正后申请内容仍不明确 prints 5 5 (自然人 5, 总计 5, the rest blank): the OCR line's offsets are no columns
    record = _blank_zeros(synth_record(6105, "gen-6105"), "unable_unclear")
    row = {k: v for k, v in record["fields"].items() if k.startswith("requests.unable_unclear.")}
    assert [v for v in row.values() if v is not None] == [5, 5]
    pred = extract_bytes(render_converted(record, style), f"gen-6105.{style}.txt")
    assert {k: pred["fields"][k] for k in row} == row
    assert pred["provenance"]["requests.unable_unclear.natural_person"]["method"] == "placed"
    assert pred["status"] == "flagged"
    assert not any("placed by the columns the full rows print" in w for w in pred["warnings"])


def test_a_placed_value_is_marked_for_the_reviewer():
    from pipeline.review.gold import marks

    pred = extract_bytes(render_converted(synth_record(5102, "gen-5102"), "tesseract"), "gen-5102.tesseract.txt")
    assert pred["provenance"]["active.licensing.change"]["method"] == "placed"
    grid = marks(pred, dict(pred["fields"]), pred["checks"], set(), False)
    assert "repaired" in grid["active.licensing.change"]  # placed among blanks: the grid shows it, as a cut
