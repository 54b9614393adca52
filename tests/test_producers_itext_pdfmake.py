"""The held-out producers added at stop 18 (branch hprod8): ``itext`` (iText 5 from Java) and ``pdfmake`` (Node).

Nothing here reads a PDF with the pipeline: the writers are checked as data (one table per table, rules only
when ruled, spans kept, special characters kept, the ``-cut`` page break), and each tool prints a small article
(not a report of the matrix) whose fonts poppler's ``pdffonts`` lists and whose text ``pdftotext`` gives.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import lxml.html
import pytest
from conftest import eval_script

from pipeline.synth import itext_markup, itext_print, pdfmake_markup, pdfmake_print, producers
from pipeline.synth.article import Cell, cell_grid, table_cells
from pipeline.synth.generate import synth_record
from pipeline.synth.producers import FONTS, FPDF_FALLBACK, PRODUCERS, _article, _itext_font, page_html

P = eval_script("producers")
NEW_PRODUCERS = ("itext", "pdfmake")
WQY = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
#: Characters JSON, XML, TeX and JavaScript treat specially, and a line break inside a cell.
SPECIAL = '比例 100% & $5_000 #1 {a} ^~ \\end "引号" <b>'
ARTICLE = f"""<div class="content"><h1>某县2024年报告</h1><p>{SPECIAL.replace('&', '&amp;').replace('<', '&lt;')}</p>
<p><strong>一、总体情况</strong></p>
<table border="1"><tr><td colspan="3">第二十条第（一）项</td></tr>
<tr><td rowspan="2">三、本年度办理结果</td><td><p>（一）予以</p><p>公开</p></td><td>1</td></tr>
<tr><td>（二）部分公开</td><td>2</td></tr>
<tr><td>四、结转</td><td>x</td><td>3</td></tr></table><div class="article-tools"></div></div>"""


def _report_article(layout: str) -> str:
    return _article(page_html(synth_record(7, "t.pdf", ("2021",)), "wqy-microhei", layout))


def _html_tables(article: str) -> list:
    return lxml.html.fragment_fromstring(article, create_parent="div").findall(".//table")


def test_itext_and_pdfmake_are_tuned_from_stop_19_and_ghostscript_stays_held_out():
    """Both were held out when made (stop 18) and moved to the tuned side after their one held-out run."""
    assert not set(NEW_PRODUCERS) & set(P.HELD_OUT_PRODUCERS) and set(NEW_PRODUCERS) <= set(PRODUCERS)
    assert "ghostscript" in P.HELD_OUT_PRODUCERS and not {"ukai", "hanamin"} & set(P.HELD_OUT_FONTS)
    cases = P.cases([*NEW_PRODUCERS, "ghostscript"], list(FONTS), list(P.LAYOUTS), 1, [])
    new = [c for c in cases if c.producer in NEW_PRODUCERS]
    assert len(new) == len(NEW_PRODUCERS) * len(FONTS) * len(P.LAYOUTS)
    assert all(not c.held_out for c in new if not P.is_held_out("chromium", c.font))
    assert all(c.held_out for c in cases if c.producer == "ghostscript")


def test_the_grid_keeps_every_span_and_fills_every_row():
    rows, columns = table_cells(_html_tables(ARTICLE)[0])
    assert columns == 3 and rows[1][1] == Cell(("（一）予以", "公开"))
    assert rows[0][0].colspan == 3 and rows[1][0].rowspan == 2
    grid = cell_grid(rows, columns)
    assert [len(row) for row in grid] == [3] * 4
    assert grid[0][1:] == [None, None] and grid[2][0] is None and grid[2][1] == Cell(("（二）部分公开",))
    assert cell_grid([[Cell(("a",))]], 2) == [[Cell(("a",)), Cell(())]]  # a short row is padded, not shifted


def test_itext_job_has_one_table_per_table_rules_only_when_ruled_and_the_text_as_printed():
    for layout in ("ruled", "unruled", "ruled-cut"):
        article = _report_article(layout)
        job = json.loads(json.dumps(itext_markup.itext_job(article, f"{WQY},0", FPDF_FALLBACK, layout != "unruled")))
        tables = [b for b in job["blocks"] if b["kind"] == "table"]
        assert len(tables) == len(_html_tables(article)) >= 4
        assert not tables[0]["ruled"]  # the CMS meta table, never ruled
        assert all(t["ruled"] == (layout != "unruled") for t in tables[1:])
        breaks = [b for b in job["blocks"] if b["kind"] == "page_break"]
        assert len(breaks) == (layout == "ruled-cut") and all(b["height_mm"] >= 20 for b in breaks)
        spans = [c for t in tables for row in t["rows"] for c in row if c["rowspan"] > 1 or c["colspan"] > 1]
        assert any(c["rowspan"] > 1 for c in spans) and any(c["colspan"] > 1 for c in spans)
    job = itext_markup.itext_job(_article(ARTICLE), f"{WQY},0", FPDF_FALLBACK, True)
    assert [b["kind"] for b in job["blocks"]] == ["title", "paragraph", "heading", "table"]
    assert job["blocks"][1]["text"] == SPECIAL  # data, not markup: nothing escaped
    assert job["blocks"][3]["rows"][1][1] == {"lines": ["（一）予以", "公开"], "colspan": 1, "rowspan": 1}
    assert _itext_font(Path("/x/wqy.ttc"), 2) == "/x/wqy.ttc,2" and _itext_font(Path("/x/a.ttf"), 0) == "/x/a.ttf"


def test_pdfmake_definition_draws_rules_only_when_ruled_and_keeps_spans_and_text():
    def everything(_ch: str) -> bool:
        return True

    for layout in ("ruled", "unruled-cut"):
        article = _report_article(layout)
        definition = json.loads(json.dumps(pdfmake_markup.pdfmake_definition(article, layout == "ruled", everything)))
        tables = [b for b in definition["content"] if "table" in b]
        assert len(tables) == len(_html_tables(article)) >= 4
        assert tables[0]["layout"] == pdfmake_markup.UNRULED_LAYOUT  # the meta table
        assert all(("layout" in t) == (layout != "ruled") for t in tables[1:])
        for t in tables:  # every row fills the widths; a covered slot is an empty object
            assert {len(row) for row in t["table"]["body"]} == {len(t["table"]["widths"])}
        breaks = [b for b in definition["content"] if b.get("pageBreak") == "before"]
        assert len(breaks) == layout.endswith("-cut")
    content = pdfmake_markup.pdfmake_definition(_article(ARTICLE), True, everything)["content"]
    assert content[1]["text"] == SPECIAL and content[2]["bold"] and content[0]["bold"]
    body = content[3]["table"]["body"]
    assert body[0] == [{"text": "第二十条第（一）项", "alignment": "center", "colSpan": 3}, {}, {}]
    assert body[1][0]["rowSpan"] == 2 and body[2][0] == {} and body[1][1]["text"] == "（一）予以\n公开"


def test_pdfmake_writes_what_the_face_lacks_in_the_fallback_face():
    def no_digits(ch: str) -> bool:
        return not ch.isdigit()

    assert pdfmake_markup.runs("共12件", no_digits) == ["共", {"text": "12", "font": "fallback"}, "件"]
    assert pdfmake_markup.runs("共 件", no_digits) == "共 件"


def _pdf_fonts_and_text(tmp_path, data: bytes) -> tuple[str, str]:
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return fonts, text


def test_itext_prints_the_article_with_the_font_embedded_as_identity_h(tmp_path):
    data = itext_print.print_job(itext_markup.itext_job(_article(ARTICLE), f"{WQY},0", FPDF_FALLBACK, True))
    assert data.startswith(b"%PDF") and b"iText" in data
    fonts, text = _pdf_fonts_and_text(tmp_path, data)
    assert any("WenQuanYi" in row and "Identity-H" in row and " yes yes yes " in row for row in fonts.splitlines())
    assert "三、本年度办理结果" in text and "某县2024年报告" in text and '"引号"' in text


def test_a_font_itext_cannot_read_is_refused_as_unsupported(tmp_path, monkeypatch):
    bad = tmp_path / "bad.ttf"
    bad.write_bytes(b"not a font")
    monkeypatch.setattr(producers, "_font_file", lambda _family: (bad, 0))
    with pytest.raises(producers.Unsupported, match="iText 5 cannot use wqy-microhei"):
        producers.produce(synth_record(5, "bad.pdf", ("2021",)), "itext", "wqy-microhei", "ruled")


def test_pdfmake_prints_the_article_with_the_font_embedded(tmp_path):
    definition = pdfmake_markup.pdfmake_definition(_article(ARTICLE), False, lambda ch: True)
    fonts_def = {pdfmake_markup.FACE: pdfmake_print.font_entry(WQY, "WenQuanYiMicroHei"),
                 pdfmake_markup.FALLBACK: pdfmake_print.font_entry(FPDF_FALLBACK, None)}
    data = pdfmake_print.print_definition(definition, fonts_def)
    assert data.startswith(b"%PDF") and b"pdfmake" in data
    fonts, text = _pdf_fonts_and_text(tmp_path, data)
    assert any("WenQuanYiMicroHei" in row and " yes yes yes " in row for row in fonts.splitlines())
    assert "三、本年度办理结果" in text and "（二）部分公开" in text and "$5_000" in text
