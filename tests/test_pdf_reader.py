"""The PDF reader: real born-digital reports, generated layouts, encryption, garbled text layers."""

from __future__ import annotations

import io
import json
import shutil

import pikepdf
import pytest
from conftest import CORPORA, extract_and_score

from pipeline.extract import extract_file
from pipeline.synth.garble import garble_pdf

REAL = ["hongze-2023", "hongze-2024", "huaian-2024"]


@pytest.mark.parametrize("name", REAL)
def test_real_pdfs_are_read_exactly(name):
    records, scores = extract_and_score([CORPORA / "real" / f"{name}.pdf"])
    assert scores["cells"]["accuracy"] == 1.0, scores["worst_documents"]
    assert scores["documents"]["exact"] == 1
    assert scores["meta"]["year"]["accuracy"] == scores["meta"]["agency"]["accuracy"] == 1.0
    prov = records[0]["provenance"]["requests.new_received.total"]
    assert prov["method"] == "cell" and prov["page"] >= 1 and len(prov["bbox"]) == 4


def test_hongze_2023_breaks_are_source_breaks_not_doubts():
    [record], _ = extract_and_score([CORPORA / "real" / "hongze-2023.pdf"])
    broken = {c["identity"]: c["verdict"] for c in record["checks"] if c["verdict"] not in ("holds", "not_assessable", "prose_agrees")}
    assert broken == {"review.total": "source_break", "suit_after_review.total": "source_break"}
    # read cleanly, but a report that breaks its own sums is for a person to confirm: never a silent `ok`
    assert record["status"] == "flagged"
    assert sorted(r.split(" broken by the report")[0] for r in record["review"] if "confirm" in r) == [
        "identity review.total", "identity suit_after_review.total"]


def test_generated_pdfs_of_every_layout():
    docs = sorted((CORPORA / "pdf").glob("*.pdf"))
    layouts = {d.name.split(".")[-2] for d in docs}
    assert len(docs) >= 50 and len(layouts) >= 4
    _, scores = extract_and_score(docs)
    assert scores["cells"]["accuracy"] >= 0.999, scores["worst_documents"][:3]


def _save(pdf: pikepdf.Pdf, **kwargs) -> bytes:
    out = io.BytesIO()
    pdf.save(out, **kwargs)
    return out.getvalue()


def test_owner_password_pdf_is_read_and_user_password_pdf_gives_an_error(tmp_path):
    source = pikepdf.open(CORPORA / "real" / "hongze-2024.pdf")
    owner = tmp_path / "hongze-2024.pdf"
    owner.write_bytes(_save(source, encryption=pikepdf.Encryption(owner="o", user="", R=6)))
    record = extract_file(owner)
    assert record["status"] != "error" and record["fields"]["requests.new_received.total"] == 95
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(_save(source, encryption=pikepdf.Encryption(owner="o", user="u", R=4)))
    assert extract_file(locked)["error_kind"] == "encrypted"


@pytest.fixture()
def no_ocr(monkeypatch):
    """The default install: no ``ocr`` extra."""
    from pipeline.readers import pdf as pdf_reader

    monkeypatch.setattr(pdf_reader, "ocr_module", lambda: None)


@pytest.mark.parametrize("name", ["garbled-cid.pdf", "garbled-scramble.pdf"])
def test_garbled_text_layers_give_no_numbers(name, no_ocr):
    record = extract_file(CORPORA / "pdf" / "garbled" / name)
    assert record["error_kind"] == "needs_ocr" and record["fields"] == {}


@pytest.mark.parametrize("name", ["garbled-cid.pdf", "garbled-scramble.pdf"])
def test_garbled_text_layers_are_read_by_ocr_instead(name):
    """With the ocr extra, the pages are read from their pictures: the text layer is never used."""
    record = extract_file(CORPORA / "pdf" / "garbled" / name)
    gold = json.loads((CORPORA / "pdf" / "synth-000.portrait.gold.json").read_text(encoding="utf-8"))
    assert record["status"] != "error" and record["pages_ocr"] == list(range(1, record["pages"] + 1))
    assert {p["method"] for p in record["provenance"].values()} <= {"ocr", "ocr+identity"}
    wrong = [k for k, v in gold["fields"].items() if record["fields"].get(k) != v]
    assert not wrong or record["status"] == "flagged", wrong


def _mixed(tmp_path):
    good = CORPORA / "real" / "huaian-2024.pdf"
    garbled = pikepdf.open(io.BytesIO(garble_pdf(good.read_bytes())))
    mixed = pikepdf.open(good)
    page = 3  # table 三 starts here
    mixed.pages[page] = garbled.pages[page]
    path = tmp_path / "mixed.pdf"
    path.write_bytes(_save(mixed))
    return good, path, page


def test_a_garbled_page_inside_a_good_pdf_is_flagged_and_yields_nothing(tmp_path, no_ocr):
    good, path, page = _mixed(tmp_path)
    record = extract_file(path)
    assert record["status"] == "flagged"
    assert record["pages_needing_ocr"] == [page + 1]
    assert any("needs OCR" in reason for reason in record["review"])
    intact = extract_file(good)["fields"]
    for key, value in record["fields"].items():
        assert intact[key] == value, key  # whatever is read is right: no wrong numbers
    verdicts = {c["verdict"] for c in record["checks"]}
    assert "source_break" not in verdicts  # what is missing is ours, not the report's


def test_a_garbled_page_inside_a_good_pdf_is_read_by_ocr(tmp_path):
    good, path, page = _mixed(tmp_path)
    record = extract_file(path)
    assert record["pages_ocr"] == [page + 1] and record["pages_needing_ocr"] == []
    assert record["fields"] == extract_file(good)["fields"]


def test_pages_turned_with_rotate_are_read_upright(tmp_path):
    """A landscape page stored sideways with /Rotate 90, as Word writes one, reads like the upright page."""
    pdf = pikepdf.open(CORPORA / "real" / "huaian-2024.pdf")
    for page in pdf.pages[3:5]:  # the pages of table 三
        width, height = float(page.mediabox[2]), float(page.mediabox[3])
        page.contents_add(pikepdf.Stream(pdf, b"q 0 1 -1 0 %f 0 cm" % height), prepend=True)
        page.contents_add(pikepdf.Stream(pdf, b"Q"))
        page.mediabox = [0, 0, height, width]
        page.Rotate = 90
    path = tmp_path / "huaian-2024.pdf"
    path.write_bytes(_save(pdf))
    shutil.copy(CORPORA / "real" / "huaian-2024.gold.json", tmp_path)
    _, scores = extract_and_score([path])
    assert scores["cells"]["accuracy"] == 1.0
