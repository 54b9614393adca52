"""Sampled records, their PDF renderings in every layout, the garbled PDFs and the fixtures in corpora/pdf."""

from __future__ import annotations

import importlib.util
import io
import json
import random
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest

from pipeline.synth import pdf_render
from pipeline.synth.garble import garble_pdf
from pipeline.synth.pdf_render import FALLBACK_FONT, PDF_LAYOUTS, render_pdf
from pipeline.synth.records import EDITIONS, YEARS, identities_hold, sample_record
from pipeline.template.printed import SECTIONS, active_items, applicant_columns, format_value, requests_rows
from pipeline.template.schema import load_schema

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "corpora" / "pdf"
GENERATOR = REPO / "corpora" / "generators" / "make_pdf_fixtures.py"


def _records() -> list[dict]:
    """One sampled record per (layout, edition), drawn from a fixed seed."""
    rng = random.Random(11)
    return [sample_record(rng, edition, "t.pdf") for _ in PDF_LAYOUTS for edition in EDITIONS]


RECORDS = _records()
CASES = [(layout, RECORDS[2 * i + j]) for i, layout in enumerate(PDF_LAYOUTS) for j in range(len(EDITIONS))]
IDS = [f"{layout}-{record['meta']['edition']}" for layout, record in CASES]


def _open(pdf: bytes) -> pdfplumber.PDF:
    return pdfplumber.open(io.BytesIO(pdf))


def _text(pdf: bytes) -> str:
    with _open(pdf) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages)


def _flat(text: str | None) -> str:
    return (text or "").replace("\n", "")


def _printed(record: dict, key: str) -> str:
    value = record["fields"].get(key)
    return "" if value is None else format_value(value)


def _table_rows(pdf: bytes) -> list[tuple[int, list[str | None]]]:
    """(page index, row) of every ruled table row pdfplumber finds."""
    with _open(pdf) as doc:
        return [(i, row) for i, page in enumerate(doc.pages) for t in page.extract_tables() for row in t]


def _requests_found(pdf: bytes, record: dict) -> dict[str, list[str]]:
    """Table 三 rows found in the PDF: the deepest label among the lead cells, then the values."""
    labels = {r.label: r.row for r in requests_rows(record, load_schema())}
    ncols = len(applicant_columns(record, load_schema()))
    found = {}
    for _, row in _table_rows(pdf):
        if not 1 + ncols <= len(row) <= 3 + ncols:  # a piece whose labels all span 3 columns has 1 lead column
            continue
        lead = [_flat(c) for c in row[:-ncols] if c]
        if lead and lead[-1] in labels:
            found[labels[lead[-1]]] = [_flat(c) for c in row[-ncols:]]
    return found


# --------------------------------------------------------------------------- records


@pytest.mark.parametrize("seed", range(40))
def test_sampled_records_satisfy_every_identity(seed: int) -> None:
    rng = random.Random(seed)
    schema = load_schema()
    for edition in EDITIONS:
        record = sample_record(rng, edition, "x.pdf")
        assert identities_hold(record)
        fields, meta = record["fields"], record["meta"]
        assert meta["edition"] == edition and meta["year"] in YEARS[edition] and meta["agency"]
        keys = [k for k in schema.keys(edition) if not k.endswith(".org_subtotal")]
        row = {k: k.split(".")[1] if k.startswith("requests.") else "" for k in keys}
        one_row = {k for k in keys if not row[k].startswith("other_")}
        three_rows = {k for k in keys if row[k] != "other"}
        assert set(fields) == one_row or (edition == "2021" and set(fields) == three_rows)
        received = [p["value"] for p in record["prose"] if p["metric"] == "requests_received"]
        assert received == [fields["requests.new_received.total"]]
        assert all(p["metric"] in schema.prose_metrics for p in record["prose"])
        assert all(str(p["value"]) in p["text"] or "万" in p["text"] for p in record["prose"])


def test_sampled_values_look_like_reports() -> None:
    rng = random.Random(3)
    records = [sample_record(rng, EDITIONS[i % 2], "x.pdf") for i in range(200)]
    values = [v for r in records for k, v in r["fields"].items() if k.startswith("requests.")]
    assert values.count(0) > len(values) / 2, "mostly zeros"
    assert any(r["fields"]["requests.new_received.total"] >= 100 for r in records), "some large agencies"
    assert any(v is not None and v < 0 for r in records for k, v in r["fields"].items() if k.endswith(".change"))
    assert any(v is None for r in records for v in r["fields"].values())
    amounts = [
        format_value(v) for r in records for k, v in r["fields"].items() if k.endswith(".amount") and v
    ]
    assert amounts and all(2 <= len(a.split(".")[1]) <= 6 for a in amounts if "." in a)
    assert {r["meta"]["year"] for r in records} == set(YEARS["2019"] + YEARS["2021"])


def test_identities_hold_sees_a_break() -> None:
    record = sample_record(random.Random(1), "2021", "x.pdf")
    record["fields"]["review.total"] += 1
    assert not identities_hold(record)


def test_same_seed_same_record() -> None:
    assert sample_record(random.Random(5), "2019", "a") == sample_record(random.Random(5), "2019", "a")


# --------------------------------------------------------------------------- rendering


def test_layouts_and_errors(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert len(PDF_LAYOUTS) >= 4
    with pytest.raises(ValueError):
        render_pdf(RECORDS[0], "cms")


def test_without_the_debian_font_the_builtin_cid_font_stands_in(monkeypatch: pytest.MonkeyPatch,
                                                                 tmp_path: Path) -> None:
    """A plain pip install has no wqy-microhei.ttc: the PDFs are set in reportlab's STSong-Light (no font file),
    the text layer still reads back, and synth says so once per run."""
    from pipeline.synth.generate import synthesize

    monkeypatch.setattr(pdf_render, "FONT", "GKMissingFont")
    monkeypatch.setattr(pdf_render, "FONT_FILE", tmp_path / "missing.ttc")
    assert pdf_render.register_font() == FALLBACK_FONT
    assert "fonts-wqy-microhei" in pdf_render.font_note()
    record = RECORDS[0]
    with _open(render_pdf(record, "small")) as doc:
        text = "".join(page.extract_text() or "" for page in doc.pages)
        fonts = {c["fontname"] for page in doc.pages for c in page.chars}
    assert record["meta"]["agency"] in text and SECTIONS[2] in text
    assert all(name.startswith("STSong") for name in fonts), fonts
    stats = synthesize(2, 1, tmp_path / "out", layouts=["small"])
    assert stats["documents"] == 2 and not stats["failed"]
    assert FALLBACK_FONT in stats["font_note"]
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 2


@pytest.mark.parametrize("layout,record", CASES, ids=IDS)
def test_layout_prints_title_sections_and_tables(layout: str, record: dict) -> None:
    pdf = render_pdf(record, layout)
    assert pdf == render_pdf(record, layout), "deterministic"
    meta = record["meta"]
    with _open(pdf) as doc:
        first = doc.pages[0].extract_text().splitlines()
    title = [line for line in first if "政府信息公开工作年度报告" in line and meta["agency"] not in line]
    assert first[first.index(title[0]) - 1] == meta["agency"]
    assert title[0] == f"{meta['year']}年政府信息公开工作年度报告"
    text = _text(pdf)
    flat = text.replace("\n", "")
    assert f"统计期限自{meta['year']}年1月1日起至{meta['year']}年12月31日止" in flat
    for heading in SECTIONS:
        assert heading in text.splitlines(), heading
    for entry in record["prose"]:
        assert entry["text"] in flat
    found = _requests_found(pdf, record)
    rows = requests_rows(record, load_schema())
    assert set(found) == {r.row for r in rows}
    columns = applicant_columns(record, load_schema())
    for row in rows:
        assert found[row.row] == [_printed(record, f"requests.{row.row}.{c}") for c, _ in columns], row.row


@pytest.mark.parametrize("layout,record", CASES, ids=IDS)
def test_active_values_and_nulls_are_cells(layout: str, record: dict) -> None:
    pdf = render_pdf(record, layout)
    schema = load_schema()
    rows = [r for _, r in _table_rows(pdf)]
    by_label = {_flat(r[0]): [_flat(c) for c in r[1:]] for r in rows if r and r[0]}
    for item in active_items(schema, record["meta"]["edition"]):
        for row, label in item.rows:
            printed = [_printed(record, f"active.{row}.{col}") for col, _ in item.columns]
            assert by_label[label][: len(printed)] == printed, label


def test_portrait_requests_table_runs_onto_a_second_page() -> None:
    for record in RECORDS:
        with _open(render_pdf(record, "portrait")) as doc:
            texts = [_flat(p.extract_text()) for p in doc.pages]
        first = next(i for i, t in enumerate(texts) if "一、本年新收政府信息公开申请数量" in t)
        last = next(i for i, t in enumerate(texts) if "四、结转下年度继续办理" in t)
        assert last == first + 1
        assert "申请人情况" not in texts[last], "the header is not repeated"


def test_repeat_header_layout() -> None:
    record = RECORDS[0]
    with _open(render_pdf(record, "repeat_header")) as doc:
        texts = [p.extract_text() for p in doc.pages]
    with_header = [i for i, t in enumerate(texts) if "申请人情况" in t]
    assert len(with_header) == 2 and with_header[1] == with_header[0] + 1
    running = f"{record['meta']['agency']}{record['meta']['year']}年政府信息公开工作年度报告"
    for n, text in enumerate(texts, start=1):
        lines = text.splitlines()
        assert lines[0] == running and lines[-1] == f"- {n} -"


def test_landscape_tables_are_on_landscape_pages() -> None:
    with _open(render_pdf(RECORDS[2], "landscape")) as doc:
        pages = [(p.width, p.height, _flat(p.extract_text())) for p in doc.pages]
    assert pages[0][0] < pages[0][1], "the title page is portrait"
    table_pages = [(w, h) for w, h, t in pages if "申请人情况" in t or "结转下年度继续办理" in t]
    assert table_pages and all(w > h for w, h in table_pages)


def test_small_layout_uses_fewer_pages() -> None:
    record = RECORDS[4]
    with _open(render_pdf(record, "small")) as small, _open(render_pdf(record, "portrait")) as portrait:
        assert len(small.pages) < len(portrait.pages)
        sizes = Counter(round(c["size"]) for c in small.chars)
        assert sizes.most_common(1)[0][0] == 8 and max(sizes) <= 13


def test_wps_writes_the_outcomes_label_one_character_per_line() -> None:
    rows = [r for _, r in _table_rows(render_pdf(RECORDS[8], "wps"))]
    assert any(r[0] == "\n".join("三、本年度办理结果") for r in rows)


# --------------------------------------------------------------------------- garbled PDFs


def _render_png(pdf: bytes, tmp_path: Path, name: str) -> bytes:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", str(path), str(tmp_path / name)], check=True)
    [image] = tmp_path.glob(f"{name}-*.ppm")
    return image.read_bytes()


@pytest.mark.parametrize("mode", ["cid", "scramble"])
def test_garbled_text_is_wrong_and_pages_look_the_same(mode: str, tmp_path: Path) -> None:
    record = RECORDS[0]
    pdf = render_pdf(record, "portrait")
    garbled = garble_pdf(pdf, mode)
    assert garbled == garble_pdf(pdf, mode), "deterministic"
    text = _text(garbled)
    if mode == "cid":
        assert "(cid:" in text
    else:
        assert "(cid:" not in text and len(text) > 500
        assert record["meta"]["agency"] not in text and "政府信息公开工作年度报告" not in text
        assert not any(h in text for h in SECTIONS)
    if shutil.which("pdftoppm"):
        assert _render_png(garbled, tmp_path, "garbled") == _render_png(pdf, tmp_path, "original")


def test_garble_rejects_unknown_mode() -> None:
    with pytest.raises(ValueError):
        garble_pdf(render_pdf(RECORDS[0], "small"), "ocr")


# --------------------------------------------------------------------------- the fixtures


def test_fixture_set() -> None:
    pdfs = sorted(FIXTURES.glob("*.pdf"))
    assert len(pdfs) >= 50
    assert {p.name.split(".")[1] for p in pdfs} == set(PDF_LAYOUTS)
    size = sum(p.stat().st_size for p in FIXTURES.rglob("*") if p.is_file())
    assert size < 8_000_000
    for pdf in pdfs:
        gold = json.loads(pdf.with_name(pdf.name[:-4] + ".gold.json").read_text("utf-8"))
        assert gold["source"] == pdf.name
        if pdf.name.startswith("synth-"):
            assert identities_hold(gold), pdf.name
    garbled = sorted(p.name for p in (FIXTURES / "garbled").iterdir())
    assert garbled == ["README.md", "garbled-cid.pdf", "garbled-scramble.pdf"]
    assert "(cid:" in _text((FIXTURES / "garbled" / "garbled-cid.pdf").read_bytes())
    source = json.loads((FIXTURES / "synth-000.portrait.gold.json").read_text("utf-8"))
    assert source["meta"]["agency"] not in _text((FIXTURES / "garbled" / "garbled-scramble.pdf").read_bytes())


def test_generator_output_is_up_to_date(tmp_path: Path, shared_corpora: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_pdf_fixtures", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = module.generate(out=tmp_path, shared=shared_corpora)
    names = sorted(str(p.relative_to(tmp_path)) for p in written)
    existing = sorted(str(p.relative_to(FIXTURES)) for p in FIXTURES.rglob("*") if p.is_file())
    assert names == existing
    for name in names:
        assert (FIXTURES / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_real_fixture_golds_match_the_originals(shared_corpora: Path) -> None:
    real = [p for p in FIXTURES.glob("*.gold.json") if not p.name.startswith("synth-")]
    assert len(real) == 6
    for path in real:
        gold = json.loads(path.read_text("utf-8"))
        original = json.loads(next(shared_corpora.glob(f"*/{path.name.split('.')[0]}.gold.json")).read_text("utf-8"))
        assert {**gold, "source": ""} == {**original, "source": ""}
