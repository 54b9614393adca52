"""eval/benchmark_pdf.py --producers: the producer matrix timed per cell, so issue 13's speed point is a benchmark."""

from __future__ import annotations

import json
import shutil
import sys

from conftest import ROOT, eval_script

sys.path.insert(0, str(ROOT / "eval"))  # the harness imports its neighbours (benchmark.py, producers.py)
B = eval_script("benchmark_pdf")
P = eval_script("producers")
FONTS, LAYOUTS = ("noto-sans", "wqy-microhei", "ukai"), ("ruled", "unruled")


def test_cells_are_named_from_the_cached_names():
    assert B.matrix_cell("chromium-noto-sans-ruled-0", FONTS, LAYOUTS) == ("chromium", "noto-sans", "ruled")
    assert B.matrix_cell("wkhtmltopdf-wqy-microhei-unruled-hongze-2023", FONTS, LAYOUTS) == (
        "wkhtmltopdf", "wqy-microhei", "unruled")
    assert B.matrix_cell("synth-000.portrait", FONTS, LAYOUTS) is None
    assert B.matrix_cell("chromium-comic-ruled-0", FONTS, LAYOUTS) is None
    cut_layouts = ("ruled", "unruled", "ruled-cut", "unruled-cut")
    assert B.matrix_cell("cairo-ukai-unruled-cut-1", FONTS, cut_layouts) == ("cairo", "ukai", "unruled-cut")
    assert B.matrix_cell("fop-wqy-microhei-ruled-0", FONTS, cut_layouts) == ("fop", "wqy-microhei", "ruled")


def test_each_tuned_cell_is_timed_and_the_held_out_column_is_left_unread(tmp_path):
    source = ROOT / "corpora" / "pdf" / "synth-000.portrait.pdf"
    pages = B.pdfium_page_count(source.read_bytes())
    for name in ("chromium-noto-sans-ruled-0", "chromium-noto-sans-ruled-1", "weasyprint-uming-unruled-0",
                 "ghostscript-noto-sans-ruled-0"):
        shutil.copy(source, tmp_path / f"{name}.pdf")
    assert P.is_held_out("ghostscript", "noto-sans") and not P.is_held_out("weasyprint", "uming")
    out = tmp_path / "matrix.json"
    args = B.parse_args(["--producers", str(tmp_path), "--repeat", "1", "--json", str(out)])
    assert B.main_matrix(args, None) == 0
    summary = json.loads(out.read_text("utf-8"))
    assert set(summary["cells"]) == {"chromium/noto-sans/ruled", "weasyprint/uming/unruled"}
    cell = summary["cells"]["chromium/noto-sans/ruled"]
    assert (cell["documents"], cell["pages"], cell["held_out"]) == (2, 2 * pages, False)
    assert cell["worst_document"].startswith("chromium-noto-sans-ruled-")
    assert cell["s_per_page"] > 0 and cell["pages_per_s"] == 1 / cell["s_per_page"]
    assert cell["meets_target"] == (cell["pages_per_s"] >= B.TARGET_PAGES_PER_S)
    assert summary["worst_cell"] in summary["cells"] and summary["errors"] == {}
