"""The text, Word and scan renderers of pipeline.synth (text_render, docx_render, scan_render)."""

from __future__ import annotations

import io
import json
import random
import re
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

import numpy as np
import pdfplumber
import pytest

from pipeline.synth.pdf_render import FontMissingError, register_font
from pipeline.synth.records import EDITIONS, SYNTH_OPTIONS, sample_record
from pipeline.synth.text_render import TEXT_LAYOUTS, render_text
from pipeline.template.printed import applicant_columns, format_value, requests_rows
from pipeline.template.schema import load_schema

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "corpora" / "seed" / "hedong-2020.txt"
SEED_GOLD = REPO / "corpora" / "seed" / "hedong-2020.gold.json"
REAL = REPO / "corpora" / "real"
HEADING_3 = "三、收到和处理政府信息公开申请情况"
HEADING_4 = "四、政府信息公开行政复议、行政诉讼情况"
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _records() -> list[dict]:
    """Sampled records of both editions (blank rows, 小计 columns, nulls), the seed and the real gold records."""
    rng = random.Random(23)
    out = [sample_record(rng, EDITIONS[i % 2], f"r{i}.txt", **SYNTH_OPTIONS) for i in range(12)]
    out.append(json.loads(SEED_GOLD.read_text("utf-8")))
    for path in sorted(REAL.glob("*.gold.json")):
        record = json.loads(path.read_text("utf-8"))
        if record["meta"]["edition"] in EDITIONS:
            out.append(record)
    return out


RECORDS = _records()
IDS = [r["source"] for r in RECORDS]


def _rows(record: dict) -> list[tuple[str, list[str | None]]]:
    """(printed label, printed values; None for blank) of every table 三 row."""
    schema = load_schema()
    columns = applicant_columns(record, schema)
    out = []
    for row in requests_rows(record, schema):
        values = [record["fields"].get(f"requests.{row.row}.{col}") for col, _ in columns]
        out.append((row.label, [None if v is None else format_value(v) for v in values]))
    return out


def _between(text: str, start: str, stop: str) -> str:
    i = text.index(start)
    return text[i : text.index(stop, i)]


# --------------------------------------------------------------------------- text


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
def test_text_layouts_are_deterministic_utf8(layout: str) -> None:
    for record in RECORDS[:6]:
        data = render_text(record, layout)
        assert data == render_text(json.loads(json.dumps(record)), layout)
        data.decode("utf-8")
    with pytest.raises(ValueError):
        render_text(RECORDS[0], "nope")


def _cells(section: str) -> list[str]:
    """A section of the ``cells`` layout as a list of cells: ``x |`` is a cell, ``|||`` three empty cells."""
    out = []
    for line in section.split("\n"):
        if re.fullmatch(r"\|+", line):
            out += [""] * len(line)
        elif line.endswith(" |"):
            out.append(line[:-2])
    return out


@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_cells_print_one_cell_per_value(record: dict) -> None:
    text = render_text(record, "cells").decode()
    nfkc = lambda s: unicodedata.normalize("NFKC", s)  # noqa: E731
    cells = _cells(_between(text, nfkc(HEADING_3), nfkc(HEADING_4)))
    for label, values in _rows(record):
        at = cells.index(nfkc(label))
        assert cells[at + 1 : at + 1 + len(values)] == [v or "" for v in values], label


def test_cells_flatten_like_the_seed() -> None:
    """The seed's gold record, rendered, has the seed's cell sequence (the seed prints 对外公开 总数量 with a space)."""
    seed = SEED.read_text("utf-8")
    ours = render_text(json.loads(SEED_GOLD.read_text("utf-8")), "cells").decode()

    def table_cells(text: str) -> list[str]:
        body = text[text.index("二、主动公开政府信息情况") :]
        return _cells(body)

    theirs, mine = table_cells(seed), table_cells(ours)
    assert len(theirs) == len(mine)
    assert [c.replace(" ", "") for c in theirs] == [c.replace(" ", "") for c in mine]
    assert sum(a != b for a, b in zip(theirs, mine, strict=True)) <= 1
    assert [line for line in seed.split("\n") if "|" in line][:3][0].startswith("索 引 号: |")
    assert ours.split("\n")[0].startswith("索 引 号: | ") and ours.split("\n")[2].startswith("发布机构: | ")


@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_runon_runs_each_row_together(record: dict) -> None:
    text = render_text(record, "runon").decode()
    header, body = text.split("==================== 正文 ====================\n")
    assert header.startswith("标题: ") and "\n发布时间: " in header and "\n发布机构: " in header
    assert "\n" not in body
    flat = body.replace(" ", "")
    for label, values in _rows(record):
        assert label + "".join(v for v in values if v is not None) in flat, label


def test_runon_digits_touch() -> None:
    """pingtan's form: the label and the digits of a row with no space between them."""
    record = next(r for r in RECORDS if r["source"].startswith("pingtan-2023"))
    body = render_text(record, "runon").decode()
    assert re.search(r"一、本年新收政府信息公开申请数量 ?8 ?0 ?1 ?0 ?0 ?0 ?0 ?81", body)


def _value_tail(line: str) -> tuple[str, ...]:
    """The numbers a line ends with."""
    out: list[str] = []
    for tok in reversed(line.split()):
        if not _NUMBER.match(tok):
            break
        out.append(tok)
    return tuple(reversed(out))


@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_layout_prints_rows_as_columns(record: dict) -> None:
    text = render_text(record, "layout").decode()
    pages = text.split("\f")
    assert pages[-1] == "" and len(pages) >= 3
    for n, page in enumerate(pages[:-1], start=1):
        assert re.search(rf"\n +(- {n} -|-{n}-)\n$", page), n
    lines = [line for line in text.split("\n") if line.strip()]
    assert lines[0].strip() == record["meta"]["agency"]
    assert lines[1].strip().replace(" ", "") == f"{record['meta']['year']}年政府信息公开工作年度报告"
    assert max(len(line) for line in text.split("\n") if "。" in line) <= 60  # prose wrapped
    table = _between(text, HEADING_3, "五、")
    tails = Counter(_value_tail(line) for line in table.split("\n"))
    wanted = Counter(tuple(v for v in values if v is not None) for _, values in _rows(record))
    wanted.pop((), None)
    for values, n in wanted.items():
        assert tails[values] >= n, values
    start = next(i for i, p in enumerate(pages) if "申请人情况" in p)
    end = next(i for i, p in enumerate(pages) if "四、结转下年度继续办理" in p)
    assert end > start, "table 三 continues after a page break"


def test_layout_wraps_labels_and_headers() -> None:
    """Over the records: labels wrapped, group labels on lines of their own, 商业/企业 header lines."""
    texts = [render_text(r, "layout").decode() for r in RECORDS]
    joined = "\n".join(texts)
    assert re.search(r"^ +（三）不\S* *$", joined, re.M)  # the group label on a line of its own
    wrapped = [
        label for r, text in zip(RECORDS, texts, strict=True) for label, _ in _rows(r) if label not in text
    ]
    assert wrapped  # some row labels run over two lines
    assert re.search(r"商业 +科研|商业企 +科研机", joined)


# --------------------------------------------------------------------------- docx


def test_docx_tables_and_merges() -> None:
    docx = pytest.importorskip("docx")
    from docx.oxml.ns import qn

    from pipeline.synth.docx_render import DOCX_LAYOUTS, render_docx

    assert DOCX_LAYOUTS == ("docx",)
    for record in RECORDS[:4] + RECORDS[-3:]:
        data = render_docx(record, "docx")
        assert data == render_docx(record, "docx")
        assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
        doc = docx.Document(io.BytesIO(data))
        assert len(doc.tables) >= 3
        active, requests, litigation = doc.tables[:3]
        for table in (active, requests, litigation):
            xml = table._tbl.xml
            assert "w:gridSpan" in xml
        # table 三: the note over three columns and three rows; 三、本年度办理结果 down its rows
        assert requests.cell(0, 0)._tc is requests.cell(2, 2)._tc
        assert "w:vMerge" in requests._tbl.xml and "w:vMerge" in litigation._tbl.xml
        top = next(r for r in range(len(requests.rows)) if requests.cell(r, 0).text == "三、本年度办理结果")
        assert requests.cell(top, 0)._tc is requests.cell(top + 5, 0)._tc
        # table 四: 行政复议 over five columns, 结果维持 over two header rows
        assert litigation.cell(0, 0)._tc is litigation.cell(0, 4)._tc
        assert litigation.cell(1, 0)._tc is litigation.cell(2, 0)._tc
        texts = [[c.text for c in row.cells] for row in requests.rows]
        for label, values in _rows(record):
            row = next(r for r in texts if label in r)
            assert row[-len(values) :] == [v or "" for v in values], label
        fonts = {el.get(qn("w:eastAsia")) for el in doc.element.iter(qn("w:rFonts"))}
        assert {"仿宋_GB2312", "宋体", "黑体"} <= fonts
    with pytest.raises(ValueError):
        render_docx(RECORDS[0], "pdf")


# --------------------------------------------------------------------------- scans


@pytest.fixture(scope="module")
def scanned() -> dict:
    pytest.importorskip("pypdfium2")
    from pipeline.synth import scan_render

    try:
        register_font()
    except FontMissingError as exc:  # pragma: no cover
        pytest.skip(str(exc))
    record = RECORDS[1]
    return {
        "record": record,
        "pdf": scan_render.render_scan(record, "scan_pdf"),
        "png": scan_render.render_scan(record, "scan_png"),
        "png2": scan_render.render_scan(record, "scan_png"),
        "tiff": scan_render.render_scan_tiff(record),
        "module": scan_render,
    }


def test_scan_pdf_has_no_text_layer(scanned: dict) -> None:
    pdf = scanned["pdf"]
    assert pdf.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert len(doc.pages) >= 3
        for page in doc.pages:
            assert not page.chars
            assert len(page.images) == 1
            image = page.images[0]
            assert image["x0"] <= 1 and image["top"] <= 1
            assert image["x1"] >= page.width - 1 and image["bottom"] >= page.height - 1


def test_scan_png_at_the_chosen_dpi(scanned: dict) -> None:
    import pypdfium2 as pdfium
    from PIL import Image

    module, record = scanned["module"], scanned["record"]
    assert scanned["png"] == scanned["png2"]
    dpi = module.scan_params(record).dpi
    assert dpi in module.DPI_CHOICES and 150 <= dpi <= 200
    image = Image.open(io.BytesIO(scanned["png"]))
    assert image.format == "PNG"
    width, height = pdfium.PdfDocument(module.render_pdf(record, "portrait"))[0].get_size()
    assert abs(image.width - width * dpi / 72) <= 1 and abs(image.height - height * dpi / 72) <= 1
    assert round(image.info["dpi"][0]) == dpi
    pixels = np.asarray(image.convert("L"), dtype=float)
    assert pixels.min() < 80 and 150 < pixels.mean() < 250  # dark print on light paper


def test_scan_tiff_and_pages(scanned: dict) -> None:
    from PIL import Image

    tiff = Image.open(io.BytesIO(scanned["tiff"]))
    with pdfplumber.open(io.BytesIO(scanned["pdf"])) as doc:
        assert tiff.n_frames == len(doc.pages)
    module = scanned["module"]
    assert module.SCAN_LAYOUTS == ("scan_pdf", "scan_png")
    params = module.scan_params(scanned["record"])
    assert all(abs(p.angle) <= 1.5 for p in params.pages) and 40 <= params.quality <= 70
    with pytest.raises(ValueError):
        module.render_scan(scanned["record"], "scan_gif")
