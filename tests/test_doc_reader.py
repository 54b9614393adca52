"""Word 97-2003 (.doc) reports: read through LibreOffice into the same record as the HTML and the .docx.

The .doc files are made here from gold records (the shared corpora's and sampled ones of both editions):
the generator's .docx, saved as .doc by LibreOffice, which scripts/test.sh installs.
"""

from __future__ import annotations

import io
import json
import struct

import olefile
import pytest

from pipeline.extract import extract_data
from pipeline.readers import doc as doc_reader
from pipeline.synth.doc_render import render_docs
from pipeline.synth.docx_render import render_docx
from pipeline.synth.generate import synth_record
from pipeline.synth.html_render import render_html

#: Sampled records whose sub-seeds give one of each edition (checked in the test).
SAMPLED_SEEDS = (2, 5)


def _prose(record: dict) -> list[tuple[str, float]]:
    return sorted((p["metric"], p["value"]) for p in record["prose"])


@pytest.fixture(scope="module")
def reports(shared_copies) -> list[tuple[dict, bytes]]:
    """(gold record, .doc bytes) for the shared gold records of the 2019 and 2021 editions and two sampled."""
    records = []
    for folder in ("corpora/real", "corpora/seed"):
        for path in sorted((shared_copies / folder).glob("*.gold.json")):
            record = json.loads(path.read_text("utf-8"))
            if record["meta"]["edition"] != "legacy":
                records.append(record)
    records += [synth_record(seed, f"sampled-{seed}") for seed in SAMPLED_SEEDS]
    return list(zip(records, render_docs(records), strict=True))


def test_doc_docx_and_html_give_the_same_record(reports) -> None:
    editions = set()
    for gold, data in reports:
        stem = gold["source"].rsplit(".", 1)[0]
        doc = extract_data(data, f"{stem}.doc")
        docx = extract_data(render_docx(gold, "docx"), f"{stem}.docx")
        html = extract_data(render_html(gold, "cms"), f"{stem}.html")
        assert doc["status"] != "error", doc["error"]
        assert (doc["format"], docx["format"], html["format"]) == ("doc", "docx", "html")
        assert doc["fields"] == docx["fields"] == html["fields"], stem
        assert _prose(doc) == _prose(docx) == _prose(html), stem
        assert doc["meta"] == docx["meta"] == html["meta"], stem
        assert doc["meta"]["agency"] == gold["meta"]["agency"] and doc["meta"]["year"] == gold["meta"]["year"]
        editions.add(doc["meta"]["edition"])
    assert editions == {"2019", "2021"}
    assert len(reports) == 8


def test_doc_values_keep_provenance_of_the_word_table(reports) -> None:
    gold, data = reports[0]
    record = extract_data(data, "x.doc")
    prov = record["provenance"]["requests.new_received.total"]
    assert prov["method"] == "cell" and "row" in prov and "col" in prov
    assert record["fields"]["requests.new_received.total"] == gold["fields"]["requests.new_received.total"]


def _as_excel(data: bytes) -> bytes:
    """The .doc with its WordDocument stream renamed Workbook: an OLE container that is not a Word file."""
    out = bytearray(data)
    at = out.index("WordDocument".encode("utf-16-le"))
    name = "Workbook".encode("utf-16-le")
    out[at:at + 64] = name + bytes(64 - len(name))
    struct.pack_into("<H", out, at + 64, len(name) + 2)  # the name's length in bytes, with its terminator
    return bytes(out)


def test_an_excel_ole_file_is_not_taken_for_word(reports) -> None:
    data = _as_excel(reports[0][1])
    assert ["Workbook"] in olefile.OleFileIO(io.BytesIO(data)).listdir()
    record = extract_data(data, "table.xls")
    assert record["error_kind"] == "unsupported_format"
    assert "Excel" in record["error"]


def test_a_damaged_or_unconvertible_doc_gives_an_unreadable_record(reports) -> None:
    data = reports[0][1]
    assert extract_data(data[:4096], "cut.doc")["error_kind"] == "unreadable"
    buffer = io.BytesIO(data)  # a Word container whose WordDocument stream is zeros: LibreOffice refuses it
    with olefile.OleFileIO(buffer, write_mode=True) as ole:
        ole.write_stream("WordDocument", bytes(ole.get_size("WordDocument")))
    record = extract_data(buffer.getvalue(), "zeros.doc")
    assert record["error_kind"] == "unreadable"
    assert "LibreOffice could not convert" in record["error"]


def test_a_conversion_over_the_time_limit_is_stopped(reports) -> None:
    with pytest.raises(doc_reader.ExtractionError) as caught:
        doc_reader.to_docx(reports[0][1], timeout=0.05)
    assert caught.value.kind == "unreadable" and "within 0.05 s" in caught.value.message


def test_without_libreoffice_the_record_says_how_to_install_it(reports, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    record = extract_data(reports[0][1], "report.doc")
    assert record["error_kind"] == "unsupported_format"
    assert "apt-get install libreoffice-writer-nogui" in record["error"]
