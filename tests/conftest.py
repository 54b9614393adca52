"""Shared test helpers: where the corpora are, and extract-then-score in one call."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

from pipeline.evaluation.scoring import score
from pipeline.extract import extract_file

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "corpora"
SHARED = ROOT.parent / "shared"

#: A small article (not a report) for the producers that print a JSON job (tcpdf, prawn, jspdf): the CMS meta
#: table, a title and a paragraph with markup characters, the ``-cut`` spacer, a table with a colspan, a rowspan and
#: a cell that mixes ideographs and Latin digits (Droid Sans Fallback has no digits: they go to the fallback face).
SMALL_ARTICLE = """<div class="content"><table class="xxgk-meta"><tr><td>索引号：</td><td>0001/2024-1</td></tr></table>
<h1>某县2024年报告</h1><p>比例 100% 以上 &amp; &lt;b&gt; "引号" $5_000 #1 {a} \\end</p>
<div style="page-break-before:always;break-before:page;height:40mm;"></div>
<table border="1"><tr><td colspan="3">第二十条第（一）项</td></tr>
<tr><td rowspan="2">三、本年度办理结果</td><td>（一）予以公开</td><td>1</td></tr>
<tr><td>（二）部分公开</td><td>2</td></tr>
<tr><td>四、结转</td><td>共37件</td><td>3</td></tr></table><div class="article-tools"></div></div>"""


def gold_of(doc: Path) -> dict:
    stem = doc.name[: -len(doc.suffix)]
    return json.loads(doc.with_name(f"{stem}.gold.json").read_text("utf-8"))


def extract_and_score(docs: list[Path]) -> tuple[list[dict], dict]:
    records = [extract_file(d) for d in docs]
    return records, score([gold_of(d) for d in docs], records)


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the project (the schema comparison needs it)")
    return SHARED


@pytest.fixture(scope="session")
def shared_copies() -> Path:
    """A folder laid out like ../shared for its corpora: the project root, whose corpora/real and corpora/seed
    are the copies of ../shared/corpora/real and seed (tests that only read those need no ../shared)."""
    return ROOT


@pytest.fixture(scope="session")
def shared_corpora(tmp_path_factory) -> Path:
    """A folder laid out like ../shared/corpora and holding only its two folders, real and seed: copies of the
    project's own copies, for the generators and loaders that read every file under the folder they are given."""
    root = tmp_path_factory.mktemp("corpora")
    for name in ("real", "seed"):
        shutil.copytree(CORPORA / name, root / name)
    return root


def eval_script(name: str) -> ModuleType:
    """An ``eval/NAME.py`` harness loaded as a module, so that tests sample what the benchmark runs in full."""
    spec = importlib.util.spec_from_file_location(f"eval_{name}", ROOT / "eval" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def producer_case(harness: ModuleType, producer: str, font: str, layout: str, index: int):
    """The ``index``-th sampled document of one cell of ``eval/producers.py``'s matrix (no gold records)."""
    return harness.cases([producer], [font], [layout], index + 1, [])[index]


def read_exactly(harness: ModuleType, case, tmp_path) -> dict:
    """Make and read ``case`` with ``eval/producers.py``: it is made, every cell is right, and so are its agency,
    year and edition."""
    result = harness.run_case(case, tmp_path)
    assert result is not None and "produce_error" not in result, result
    assert result["wrong"] == 0, (result["wrong_keys"], result["review"])
    assert result["meta_right"]
    return result


@pytest.fixture(scope="session")
def table_page() -> bytes:
    """One page of a generated 2021 report printed by Chromium in Noto Serif CJK: the page of table 三, as a
    one-page PDF (the page the scanner-style tests degrade; printed once for every test file that uses it)."""
    import io

    import pypdfium2 as pdfium

    from pipeline.synth.generate import synth_record
    from pipeline.synth.html_render import render_html
    from pipeline.synth.scanner_styles import FONTS, print_html

    assert shutil.which("chromium"), "the chromium Debian package is needed (scripts/test.sh installs it)"
    record = synth_record(4113, "heldout-styles.html", ("2021",))
    printed = pdfium.PdfDocument(print_html(render_html(record, "cms"), FONTS["noto-serif"]))
    number = next(i for i, page in enumerate(printed) if page.get_textpage().search("予以公开").get_next())
    one = pdfium.PdfDocument.new()
    one.import_pages(printed, [number])
    buf = io.BytesIO()
    one.save(buf)
    return buf.getvalue()


def text_layer_of(data: bytes) -> tuple[str, bool]:
    """A PDF's characters as the reader decodes them, every page joined, and whether every page's text layer is
    usable (none would go to OCR)."""
    from pipeline.readers.pdf import text_layer
    from pipeline.readers.pdf_page import PdfiumPdf

    pdf = PdfiumPdf(data)
    try:
        pages = [pdf.page(n) for n in range(1, len(pdf) + 1)]
        return "".join(c["text"] for page in pages for c in page.chars), all(text_layer(p).usable for p in pages)
    finally:
        pdf.close()
