"""A small sample of the producer matrix (eval/producers.py): PDFs made by tools other than our renderer."""

from __future__ import annotations

import shutil

import pytest
from conftest import eval_script

P = eval_script("producers")
#: (producer, font, layout, tool it needs): Qt writes Kangxi radicals into the text layer with Noto CJK;
#: WeasyPrint lets table rows break across pages.
SAMPLE = [
    ("wkhtmltopdf", "noto-serif", "ruled", "wkhtmltopdf"),
    ("weasyprint", "noto-sans", "ruled", None),
    ("chromium", "uming", "ruled", "chromium"),
]


@pytest.mark.parametrize("producer,font,layout,tool", SAMPLE, ids=[s[0] for s in SAMPLE])
def test_pdfs_of_other_producers_are_read_exactly(producer, font, layout, tool, tmp_path):
    if tool and shutil.which(tool) is None:
        pytest.fail(f"{tool} is not installed: scripts/test.sh installs it")
    [case] = P.cases([producer], [font], [layout], 1, [])
    result = P.run_case(case, tmp_path)
    assert result is not None and "produce_error" not in result, result
    assert result["wrong"] == 0, (result["wrong_keys"], result["review"])
    assert result["meta_right"]
    assert result["status"] == "ok", result["review"]


def test_a_text_layer_of_radicals_is_read_as_ideographs(tmp_path):
    if shutil.which("wkhtmltopdf") is None:
        pytest.fail("wkhtmltopdf is not installed: scripts/test.sh installs it")
    [case] = P.cases(["wkhtmltopdf"], ["noto-sans"], ["ruled"], 1, [])
    data = P._pdf(case, tmp_path)
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        raw = "".join(c["text"] for page in pdf.pages for c in page.chars)
    assert sum(0x2E80 <= ord(ch) <= 0x2FDF for ch in raw) > 20  # the producer really writes radicals
    result = P.run_case(case, tmp_path)
    assert result["wrong"] == 0 and result["meta_right"]


def test_held_out_columns_are_named_and_kept_apart():
    assert set(P.HELD_OUT_PRODUCERS) <= set(P.PRODUCERS) and set(P.HELD_OUT_FONTS) <= set(P.FONTS)
    cases = P.cases(list(P.PRODUCERS), list(P.FONTS), list(P.LAYOUTS), 1, [])
    held = [c for c in cases if c.held_out]
    assert held and len(held) < len(cases)
    assert all(c.producer in P.HELD_OUT_PRODUCERS or c.font in P.HELD_OUT_FONTS for c in held)


@pytest.mark.parametrize("layout", ["ruled", "unruled"])
def test_a_number_wrapped_over_two_lines_of_its_cell_is_read_whole_and_marked(layout, tmp_path):
    """LibreOffice breaks 3000009 in a narrow Word cell as 30000 / 09: read whole, never 30000. Unruled (borders
    off), each part was a values line of its own (10 cells wrong, flagged; layout/wrapped_numbers)."""
    if shutil.which("soffice") is None:
        pytest.fail("LibreOffice is not installed: scripts/test.sh installs it")
    import copy

    from pipeline.evaluation.scoring import score_document
    from pipeline.extract import extract_bytes
    from pipeline.synth.generate import synth_record
    from pipeline.synth.producers import produce

    record = copy.deepcopy(synth_record(4242, "w.pdf", ("2021",)))
    for key, value in record["fields"].items():
        if key.startswith("requests.") and isinstance(value, int):
            record["fields"][key] = value * 1000003  # identities still hold; wide numbers wrap
    record["prose"] = []
    out = extract_bytes(produce(record, "libreoffice", "wqy-microhei", layout), "w.pdf")
    assert score_document(record, out)["wrong"] == []
    wrapped = [k for k, p in out["provenance"].items() if p.get("wrapped")]
    assert wrapped and all(len(str(out["fields"][k])) >= 6 for k in wrapped)


def test_a_ruled_row_a_page_break_cuts_under_closing_rules_is_joined(tmp_path):
    """LibreOffice closes both halves of a table row a page cuts with rules: 5.要求行 / 政机关确认或重新出具已获取信息
    at the foot of one page and the head of the next. Its values went to no row, with status ok."""
    if shutil.which("soffice") is None:
        pytest.fail("LibreOffice is not installed: scripts/test.sh installs it")
    case = P.cases(["libreoffice"], ["noto-sans"], ["ruled"], 3, [])[2]
    result = P.run_case(case, tmp_path)
    assert result is not None and "produce_error" not in result, result
    assert result["wrong"] == 0, (result["wrong_keys"], result["review"])
    assert result["status"] == "ok", result["review"]


@pytest.mark.parametrize("layout", ["ruled", "unruled"])
def test_fpdf2_tables_packed_without_padding_in_a_font_without_digits_are_read_exactly(layout, tmp_path):
    """fpdf2 packs table rows with no padding (wrapped labels of neighbouring rows touch) and takes the
    digits Droid Sans Fallback lacks from a fallback face; unruled, the wrapped labels came apart into blank
    rows (84 of 186 cells wrong, flagged)."""
    [case] = P.cases(["fpdf2"], ["droid"], [layout], 1, [])
    result = P.run_case(case, tmp_path)
    assert result is not None and "produce_error" not in result, result
    assert result["wrong"] == 0, (result["wrong_keys"], result["review"])
    assert result["status"] == "ok", result["review"]


def test_values_a_page_break_parts_from_their_label_flag_the_record(tmp_path):
    """wkhtmltopdf × Noto Sans Mono CJK SC: table 三's row 3.其他 is cut by the page, its values at the foot of
    one page in a row with no label, its label alone at the head of the next. The values went to no row and
    the row came out blank, status ok. Now the values go to the blank row whose label comes next, and the
    record is flagged (a guess no identity can check)."""
    if shutil.which("wkhtmltopdf") is None:
        pytest.fail("wkhtmltopdf is not installed: scripts/test.sh installs it")
    case = P.cases(["wkhtmltopdf"], ["noto-mono"], ["ruled"], 2, [])[1]
    result = P.run_case(case, tmp_path)
    assert result is not None and "produce_error" not in result, result
    assert result["wrong"] == 0, result["wrong_keys"]
    assert result["status"] != "ok" and any("under no row label" in r for r in result["review"]), result["review"]


def test_a_tool_without_a_fallback_face_cannot_print_a_font_without_digits():
    """xhtml2pdf (reportlab) has no fallback face, so in Droid Sans Fallback it prints a report with no number
    at all: not a document whose reading can be scored, so the producer declines it."""
    [case] = P.cases(["xhtml2pdf"], ["droid"], ["ruled"], 1, [])
    assert P.run_case(case, None) is None
