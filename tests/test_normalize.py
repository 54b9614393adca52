"""The reader-boundary normalisation: radicals, compatibility ideographs, widths, dashes, spaces."""

from __future__ import annotations

import random
import unicodedata

from pipeline.evaluation.scoring import score_document
from pipeline.extract import extract_bytes
from pipeline.readers import read_document
from pipeline.readers.normalize import is_private_use, normalize_text, translation
from pipeline.synth.html_render import render_html
from pipeline.synth.records import sample_record


def _radical_of() -> dict[str, str]:
    """Unified ideograph → one radical that stands for it (the inverse of the shipped table)."""
    inverse: dict[str, str] = {}
    for cp, target in translation().items():
        if 0x2E80 <= cp <= 0x2FDF and isinstance(target, int):
            inverse.setdefault(chr(target), chr(cp))
    return inverse


def test_every_kangxi_radical_and_most_of_the_supplement_map_to_unified_ideographs():
    table = translation()
    kangxi = [cp for cp in range(0x2F00, 0x2FD6)]
    assert all(unicodedata.name(chr(table[cp])).startswith("CJK UNIFIED IDEOGRAPH") for cp in kangxi)
    supplement = [cp for cp in range(0x2E80, 0x2F00) if cp in table]
    # NFKC maps only 2 of these; the Equivalent_Unified_Ideograph property maps over a hundred
    assert len(supplement) > 100
    assert sum(unicodedata.normalize("NFKC", chr(cp)) != chr(cp) for cp in supplement) < 5


def test_normalize_text_folds_what_producers_vary():
    assert normalize_text("第⼆⼗条 ⾏政许可") == "第二十条 行政许可"
    assert normalize_text("⼈⺠政府⻔户") == "人民政府门户"
    assert normalize_text("１２３．５％ －７") == "123.5% -7"
    assert normalize_text("a‐b–c—d−e﹣f－g") == "a-b-c-d-e-f-g"
    assert normalize_text("1\u00a02\u30003\u202f4") == "1 2 3 4"
    assert normalize_text("27\u200b6\ufeff") == "276"
    assert normalize_text("\uf900") == "\u8c48"  # a compatibility ideograph → its unified ideograph
    assert normalize_text("（一）主动公开，") == "（一）主动公开，"  # CJK punctuation is kept
    assert is_private_use("\ue123") and is_private_use("\U000f0001") and not is_private_use("二")


def test_a_report_printed_with_radicals_reads_like_the_same_report_printed_plainly():
    record = sample_record(random.Random(5), "2021", "r.html")
    html = render_html(record, "cms").decode("utf-8")
    radical = _radical_of()
    swapped = "".join(radical.get(ch, ch) for ch in html)
    assert swapped != html and "⼆" in swapped
    plain = extract_bytes(html.encode(), "plain.html")
    odd = extract_bytes(swapped.encode(), "odd.html")
    assert odd["fields"] == plain["fields"] and odd["meta"] == plain["meta"]
    assert score_document(record, odd)["wrong"] == []
    assert odd["meta"]["agency"] == record["meta"]["agency"]


def test_dashes_of_every_kind_in_a_cell_still_mean_blank_and_the_printed_text_is_kept():
    record = sample_record(random.Random(7), "2019", "d.html")
    html = render_html(record, "cms").decode("utf-8")
    blank_cell = '<p style="text-align:center;">0</p>'
    assert blank_cell in html
    # every 0 cell printed as a different dash: each is a blank (null), not a zero and not a minus
    dashes = iter("－—–‐−﹣" * 200)
    parts = html.split(blank_cell)
    html = parts[0] + "".join(f'<p style="text-align:center;">{next(dashes)}</p>' + p for p in parts[1:])
    out = extract_bytes(html.encode(), "d.html")
    zero_keys = [k for k, v in record["fields"].items() if v == 0]
    assert len(zero_keys) > 10
    assert all(out["fields"][k] is None for k in zero_keys)
    read_blank = zero_keys
    printed = {out["provenance"][k].get("printed") for k in read_blank}
    assert printed - {None} <= set("－—–‐−﹣") and printed - {None}


def test_the_document_keeps_the_printed_text_beside_the_normalised():
    doc = read_document("<html><body><p>⼆、主动公开政府信息情况</p><table><tr><td>１２</td></tr></table></body></html>".encode(), "x.html")
    para = doc.paragraphs[0]
    assert para.text == "二、主动公开政府信息情况" and para.printed == "⼆、主动公开政府信息情况"
    cell = doc.tables[0].cells[0]
    assert cell.text == "12" and cell.printed == "１２"


def test_a_text_layer_of_private_use_code_points_is_garbled_and_not_read():
    import io

    import pdfplumber

    from pipeline.readers.pdf import text_layer
    from pipeline.synth.garble import PRIVATE_USE, garble_pdf
    from pipeline.synth.pdf_render import render_pdf

    record = sample_record(random.Random(3), "2021", "p.pdf")
    garbled = garble_pdf(render_pdf(record, "small"), PRIVATE_USE)
    with pdfplumber.open(io.BytesIO(garbled)) as pdf:
        layers = [text_layer(page) for page in pdf.pages]
        text = "".join(c["text"] for c in pdf.pages[0].chars)
    assert sum("\ue000" <= ch <= "\uf8ff" for ch in text) > len(text) / 2
    assert layers and all(not layer.usable and "private-use" in layer.reason for layer in layers)
