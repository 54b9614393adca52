"""The tuned producers Typst (the ``typst`` wheel), AbiWord (``abiword --to=pdf``) and Apache FOP: one real PDF
each for every fault they showed in the readers (eval/producers.py, branch prod6)."""

from __future__ import annotations

import shutil

import pytest
from conftest import eval_script, producer_case, read_exactly

from pipeline.readers.pdf_page import PdfiumPdf

P = eval_script("producers")


@pytest.fixture(autouse=True)
def _typst_installed():
    pytest.importorskip("typst", reason="the producers extra brings the typst wheel")


def test_an_ideograph_ending_a_run_keeps_its_full_advance_where_punctuation_is_closed_up(tmp_path):
    """Typst closes 》（ up to half an em. The advance a run's last ideograph takes was learnt from those
    steps, so 增 before / was boxed half an em wide: 本年增/减 came apart into two header words, a column of its
    own, and table 二 (五)'s values moved one column right (2 cells, flagged)."""
    case = producer_case(P, "typst", "droid", "unruled", 0)
    pdf = PdfiumPdf(P._pdf(case, tmp_path))
    try:
        chars = [c for n in range(1, len(pdf) + 1) for c in pdf.page(n).chars]
    finally:
        pdf.close()
    steps = [b["x0"] - a["x0"] for a, b in zip(chars, chars[1:], strict=False) if a["text"] + b["text"] == "》（"]
    assert steps and min(steps) < 0.6 * chars[0]["size"]  # the PDF really closes the punctuation up
    zeng = [c for c in chars if c["text"] == "增"]
    assert zeng and all(c["width"] > 0.9 * c["size"] for c in zeng)
    read_exactly(P, case, tmp_path)


def test_table_four_header_partly_text_on_the_page_before_is_read_in_the_template_order(tmp_path):
    """Typst breaks table 四 after its first header rows and prints the rowspan 总计 of 行政复议 there; read as
    text, it came first in reading order and the five values of each group were read total-first (a
    Typst-made gold record came out ok with two cells wrong)."""
    read_exactly(P, producer_case(P, "typst", "noto-serif", "unruled", 1), tmp_path)


def test_a_rowspan_label_beside_a_wrapped_row_label_does_not_cut_the_table(tmp_path):
    """Typst centres 三、本年 / 度办理结 / 果 beside （二）部分公开（区 / 分处理的… and packs （三）不 1.属于国 right
    under it: the heading-like line cut the table (8 values in no row), then the next row's label went to （二）."""
    read_exactly(P, producer_case(P, "typst", "gbsn", "unruled-cut", 0), tmp_path)


def test_a_group_header_over_wrapped_column_headers_keeps_the_blank_columns(tmp_path):
    """未经复议直接起诉 over 结果 / 纠正, 其他 / 结果 … was one header cell five columns wide: table 四 with its first
    ten cells blank came out 13 columns, 15 cells expected (flagged)."""
    read_exactly(P, producer_case(P, "typst", "droid", "unruled", 2), tmp_path)


def test_an_outer_label_beside_blank_rows_goes_with_them_not_with_a_far_values_row(tmp_path):
    """A table 三 of many blank rows (Typst, unruled): （六）其他处理, beside its three blank rows, went with the
    values row of （五）4.无正当理由大量反复申请 far above it, as （五）不予处理 did: that row was lost (14 cells)."""
    read_exactly(P, producer_case(P, "typst", "noto-serif", "unruled-cut", 2), tmp_path)


@pytest.mark.parametrize("layout", ["ruled", "unruled-cut"])
def test_abiword_pdf_export_reads_exactly(layout, tmp_path):
    """AbiWord's own layout engine (a word processor's PDF export of the .docx, as Word and WPS make them)."""
    if shutil.which("abiword") is None:
        pytest.skip("abiword is not installed: scripts/test.sh installs it")
    read_exactly(P, producer_case(P, "abiword", "noto-serif", layout, 0), tmp_path)


def test_a_heading_printed_on_a_tables_top_rule_stays_text(tmp_path):
    """Apache FOP sets 二、主动公开政府信息情况 right on table 二's top rule (the foot of its em box 0.5 pt inside
    the table): cropped away with the table, the heading was lost and table 二 not found (10 cells, flagged)."""
    if shutil.which("fop") is None:
        pytest.skip("fop is not installed: scripts/test.sh installs it")
    read_exactly(P, producer_case(P, "fop", "wenkai", "ruled", 0), tmp_path)


class _Page:
    """What :func:`pipeline.readers.pdf.text_layer` looks at: the page's characters and images."""

    def __init__(self, text: str) -> None:
        self.chars = [{"text": ch} for ch in text]
        self.images: list = []


def test_a_page_whose_numbers_decode_to_a_few_private_use_glyphs_is_not_trusted():
    """Apache FOP gives a CFF face's digits private-use code points (0 → U+E000 …). On a page of table 四 (202
    characters, 6 of them such digits, under the 5 % share that marks a garbled page) the numbers would have
    been read as blank cells; the year on a title page lost. A bullet glyph or two still leaves a page trusted."""
    from pipeline.readers.pdf import text_layer

    digits = {d: chr(0xE000 + int(d)) for d in "0123456789"}
    prose = "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计" * 4
    table = prose + "".join(digits[d] for d in "050005")
    layer = text_layer(_Page(table))
    assert not layer.usable and "private-use" in layer.reason
    assert text_layer(_Page(prose + "\ue000 \ue000")).usable
