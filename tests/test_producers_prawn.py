"""The producer Prawn (Prawn and prawn-table from Ruby; tuned since stop 20, branch prod10p): one real PDF of
``eval/producers.py``'s matrix for each fault it showed in the readers."""

from __future__ import annotations

import io
import re
import shutil

import pytest
from conftest import eval_script, producer_case, read_exactly

P = eval_script("producers")


@pytest.fixture
def _prawn():
    if shutil.which("ruby") is None:
        pytest.fail("Ruby is not installed: scripts/test.sh installs it with ruby-prawn and ruby-prawn-table")


def _stacked_parts(data: bytes) -> list[tuple[str, str]]:
    """Numbers the PDF prints over two lines of one cell: pairs of digit words, one right under the other in
    the same column (overlapping in x), with no word of their own row between them in that column."""
    import pdfplumber

    pairs = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            words = [w for w in page.extract_words() if w["text"].isdigit()]
            for a in words:
                for b in words:
                    height = a["bottom"] - a["top"]
                    if 0 <= b["top"] - a["bottom"] < 0.5 * height and a["x0"] < b["x1"] and b["x0"] < a["x1"] \
                            and abs((a["x0"] + a["x1"]) - (b["x0"] + b["x1"])) < height:
                        pairs.append((a["text"], b["text"]))
    return pairs


@pytest.mark.parametrize("font,layout,index", [("droid", "unruled", 0), ("wenkai", "unruled-cut", 0),
                                               ("hanamin", "unruled-cut", 5)])
def test_a_number_wrapped_in_its_narrow_unruled_cell_is_read_whole_on_its_row(_prawn, font, layout, index,
                                                                               tmp_path):
    """prawn-table sizes a column by its widest character, so table 三's 228 in the narrow 自然人 column (its
    header set 自 / 然 / 人) prints as 22 / 8, the two lines centred on the row's values line. Unruled, each part
    was a values line of its own: 22 a row under no label, the cell blank, 8 the next row's (14 of 200 cells
    wrong in Droid Sans Fallback, flagged). In HanaMinA the parts stand on the two lines of the row's wrapped
    label (1.本机关不掌握相关政 25 / 府信息 9, the row's other values between). Now one value, read whole and
    marked wrapped."""
    case = producer_case(P, "prawn", font, layout, index)
    assert _stacked_parts(P._pdf(case, tmp_path)), "the PDF prints a number over two lines of its cell"
    result = read_exactly(P, case, tmp_path)
    assert not any("no row label" in r for r in result["review"]), result["review"]

    from pipeline.extract import extract_bytes

    out = extract_bytes(P._pdf(case, tmp_path), "p.pdf")
    wrapped = [k for k, p in out["provenance"].items() if p.get("wrapped")]
    assert wrapped and all(out["fields"][k] >= 10 for k in wrapped)


def test_every_wide_number_wrapped_in_an_unruled_prawn_table_is_read_whole(_prawn):
    """Table 三's values made wide (times 1009: identities still hold) wrap in the narrow columns of every row that
    prints them, not in one row by chance: 30 of the cells were wrong on the parent (flagged); each is read whole."""
    import copy

    from pipeline.evaluation.scoring import score_document
    from pipeline.extract import extract_bytes
    from pipeline.synth.generate import synth_record
    from pipeline.synth.producers import produce

    record = copy.deepcopy(synth_record(4242, "w.pdf", ("2021",)))
    for key, value in record["fields"].items():
        if key.startswith("requests.") and isinstance(value, int):
            record["fields"][key] = value * 1009
    record["prose"] = []
    data = produce(record, "prawn", "droid", "unruled")
    assert len(_stacked_parts(data)) >= 10
    out = extract_bytes(data, "w.pdf")
    assert score_document(record, out)["wrong"] == []
    assert sum(1 for p in out["provenance"].values() if p.get("wrapped")) >= 10


def _subset_tags(data: bytes) -> set[str]:
    """The subset tags (before ``+``) of the fonts the PDF names."""
    return {m.group(1).decode() for m in re.finditer(rb"/BaseFont\s*/([^\s/+]{6})\+", data)}


def test_a_label_beside_a_wrapped_number_stays_on_its_line_in_prawns_lowercase_subsets(_prawn, tmp_path):
    """Prawn tags its font subsets in lowercase hex (2b6372+WenQuanYiZenHei), and prints a label's ideographs
    and its digits in two subsets of one face. In WenQuanYi Zen Hei (line pitch 1.09 em) the row 3.其他 of
    huaian-2024, whose 108 and 110 wrap in their narrow ruled cells (10 / 8), set 其他 0.54 em below the line of
    10 that follows it in the content stream: taken for a fallback face's run, 其他 was lifted onto that line,
    the label read 其他3., its 3 became the row's first value and every value moved a column (4 of 200 cells
    wrong, the identities of 本年度办理结果 broken, flagged). Now the two subsets are one face."""
    from pipeline.synth.generate import gold_records

    record = dict(gold_records([P.GOLD_DIRS[0]], P.EDITIONS)[0])["huaian-2024"]
    case = P.Case("prawn", "wqy-zenhei", "ruled-cut", 0, {**record, "source": "prawn-huaian-2024.pdf"},
                  "huaian-2024")
    data = P._pdf(case, tmp_path)
    tags = _subset_tags(data)
    assert tags and all(re.fullmatch("[0-9a-f]{6}", tag) for tag in tags), tags
    result = read_exactly(P, case, tmp_path)
    assert not any("extraction doubtful" in r for r in result["review"]), result["review"]
