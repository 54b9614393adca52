"""End to end on every gold file this issue covers: the real text reports, the seed, the HTML fixtures."""

from __future__ import annotations

import pytest
from conftest import CORPORA, extract_and_score

from pipeline.extract import extract_file


def _exact(doc_name: str) -> None:
    records, scores = extract_and_score([CORPORA / doc_name])
    assert scores["cells"]["accuracy"] == 1.0, scores["worst_documents"]
    assert scores["documents"]["exact"] == 1
    assert scores["meta"]["year"]["accuracy"] == 1.0
    assert scores["meta"]["agency"]["accuracy"] == 1.0
    assert scores["meta"]["edition"]["accuracy"] == 1.0


def test_seed_is_read_exactly():
    _exact("seed/hedong-2020.txt")


def test_pingtan_2023_run_together_digits_are_read_exactly():
    _exact("real/pingtan-2023.txt")


def test_pingtan_2023_flags_the_one_split_no_identity_decides():
    records, _ = extract_and_score([CORPORA / "real/pingtan-2023.txt"])
    record = records[0]
    assert record["status"] == "flagged"
    [ambiguity] = record["ambiguities"]
    assert ambiguity["printed"] == "77132470"
    assert ambiguity["chosen"] == [77, 132, 470]
    assert all(record["provenance"][k]["ambiguous"] for k in ambiguity["keys"])
    # table 三 is pinned by the identities: split, confident, not ambiguous
    prov = record["provenance"]["requests.new_received.natural_person"]
    assert prov["method"] == "split" and prov["run"] == "801000081" and "ambiguous" not in prov


def test_pingtan_2019_every_cell_is_right_or_flagged_ambiguous():
    records, scores = extract_and_score([CORPORA / "real/pingtan-2019.txt"])
    record = records[0]
    wrong = [w["key"] for d in scores["worst_documents"] for w in d["wrong_cells"]]
    assert wrong, "table 二 of pingtan-2019 cannot all be pinned"
    for key in wrong:
        assert record["provenance"][key].get("ambiguous"), key
    assert scores["tables"]["requests"]["accuracy"] == 1.0
    assert scores["tables"]["litigation"]["accuracy"] == 1.0


@pytest.mark.parametrize("name", ["hongze-2023", "hongze-2024", "huaian-2024"])
def test_pdftotext_layout_text_is_read_exactly(name):
    _exact(f"text/{name}.layout.txt")


def test_hongze_2023_table_4_breaks_are_source_breaks():
    records, _ = extract_and_score([CORPORA / "text/hongze-2023.layout.txt"])
    broken = {c["identity"]: c["verdict"] for c in records[0]["checks"] if c["verdict"] not in ("holds", "not_assessable", "prose_agrees")}
    assert broken == {"review.total": "source_break", "suit_after_review.total": "source_break"}


def test_html_fixtures_of_every_layout_are_read_exactly():
    docs = sorted((CORPORA / "html").glob("*.html"))
    assert {d.name.split(".")[1] for d in docs} == {"cms", "word", "split", "gbk_nometa"}
    records, scores = extract_and_score(docs)
    assert scores["cells"]["accuracy"] == 1.0, scores["worst_documents"][:3]
    assert scores["documents"]["exact"] == len(docs)
    for key in ("year", "agency", "edition"):
        assert scores["meta"][key]["accuracy"] == 1.0, key


def test_every_value_has_provenance_and_confidence():
    records, _ = extract_and_score([CORPORA / "html/huaian-2024.word.html", CORPORA / "seed/hedong-2020.txt"])
    for record in records:
        assert set(record["fields"]) == set(record["provenance"])
        for prov in record["provenance"].values():
            assert prov["method"] in ("cell", "text", "split")
            assert 0 < prov["confidence"] <= 1
            assert "block" in prov and "text" in prov


def test_blank_cells_in_layout_text_are_placed_by_the_full_rows_columns(tmp_path):
    """pdftotext -layout drops a blank cell; the columns of the rows printed in full say where the rest go."""
    text = (CORPORA / "text" / "hongze-2024.layout.txt").read_text("utf-8")
    lines = text.splitlines()
    i = next(k for k, line in enumerate(lines) if line.lstrip().startswith("二、上年结转"))
    numbers = lines[i].split()
    assert numbers[1:] == ["0"] * 7, numbers
    start = lines[i].index("0")
    cut = lines[i].find("0", lines[i].find("0", start) + 1)  # the second value: the commercial column
    lines[i] = lines[i][:cut] + " " + lines[i][cut + 1 :]
    path = tmp_path / "hongze-2024.layout.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    record = extract_file(path)
    assert record["fields"]["requests.carried_over.commercial"] is None
    assert record["fields"]["requests.carried_over.natural_person"] == 0
    assert record["fields"]["requests.carried_over.total"] == 0


def test_a_wrapped_table_2_header_never_drops_a_rows_values(tmp_path):
    """A header cell wrapped in a narrow column (本年废止件 | 数) is not recognised as its column: the row's three
    values are still all read, in the template's order, not cut down to the columns the header gave."""
    text = (CORPORA / "text" / "hongze-2024.layout.txt").read_text("utf-8")
    wrapped = "       信息内容   本年制发件数    本年废止件      现行有效件\n                                  数              数"
    text = text.replace("       信息内容   本年制发件数    本年废止件数    现行有效件数", wrapped, 1)
    path = tmp_path / "hongze-2024.layout.txt"
    path.write_text(text, encoding="utf-8")
    record = extract_file(path)
    fields = record["fields"]
    assert (fields["active.normative_docs.made"], fields["active.normative_docs.repealed"],
            fields["active.normative_docs.in_force"]) == (3, 0, 8)
    assert any("template's column order" in w for w in record["warnings"]), record["warnings"]


def test_blank_cells_in_a_layout_text_table_2_are_placed_under_the_header(tmp_path):
    """Table 二's sub-tables have one or two rows, too few to show the columns: the header's own labels do."""
    text = (CORPORA / "text" / "hongze-2024.layout.txt").read_text("utf-8")
    row = "规章               0          0       0"
    assert row in text
    text = text.replace(row, "规章               0                  0", 1)  # 本年废止件数 printed blank
    path = tmp_path / "hongze-2024.layout.txt"
    path.write_text(text, encoding="utf-8")
    fields = extract_file(path)["fields"]
    assert (fields["active.regulations.made"], fields["active.regulations.repealed"],
            fields["active.regulations.in_force"]) == (0, None, 0)
