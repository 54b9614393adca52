"""The columns added at stop 17 (branch hprod): the producers ``qt`` and ``xelatex`` (tuned from stop 18) and the held-out font HanaMinA.

Nothing here reads a held-out PDF with the pipeline: the LaTeX writer is checked as text, Qt's PDF by its
pages and fonts (poppler's ``pdffonts``), the font by its character map, and ``--generate-only`` on a tuned cell.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import lxml.html
import pytest
from conftest import eval_script

from pipeline.synth import latex_markup
from pipeline.synth.article import table_rows
from pipeline.synth.generate import synth_record
from pipeline.synth.producers import FONTS, PRODUCERS, _article, page_html, produce

P = eval_script("producers")
NEW_PRODUCERS = ("qt", "xelatex")
NEW_FONT = "hanamin"
FACE = latex_markup.Font("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
#: A small article: a ruled table with TeX's special characters, a colspan and a rowspan.
ARTICLE = """<div class="content"><h1>某县2024年报告</h1><p>比例 100% 以上 &amp; $5_000 #1 {a} ^~ \\end</p>
<table border="1"><tr><td colspan="3">第二十条第（一）项</td></tr>
<tr><td rowspan="2">三、本年度办理结果</td><td>（一）予以公开</td><td>1</td></tr>
<tr><td>（二）部分公开</td><td>2</td></tr>
<tr><td>四、结转</td><td>x</td><td>3</td></tr></table><div class="article-tools"></div></div>"""


def _report_article(layout: str) -> str:
    return _article(page_html(synth_record(7, "t.pdf", ("2021",)), "wqy-microhei", layout))


def test_qt_xelatex_and_hanamin_are_tuned_since_they_were_measured_held_out_once():
    """qt and xelatex were moved to the tuned side at stop 18, HanaMinA at stop 19, each after one held-out run."""
    assert not set(NEW_PRODUCERS) & set(P.HELD_OUT_PRODUCERS) and NEW_FONT not in P.HELD_OUT_FONTS
    assert set(NEW_PRODUCERS) <= set(PRODUCERS) and NEW_FONT in FONTS
    cases = P.cases(list(NEW_PRODUCERS), [NEW_FONT, "wqy-microhei"], ["ruled"], 1, [])
    assert len(cases) == 2 * len(NEW_PRODUCERS) and not any(c.held_out for c in cases)
    assert not P.is_held_out("chromium", NEW_FONT) and P.is_held_out("ghostscript", NEW_FONT)


def test_latex_writes_one_longtable_per_table_with_rules_only_when_ruled():
    for layout in ("ruled", "unruled"):
        article = _report_article(layout)
        tex = latex_markup.latex_document(article, FACE, ruled=layout == "ruled")
        tables = lxml.html.fragment_fromstring(article, create_parent="div").findall(".//table")
        assert tex.count(r"\begin{longtable}") == tex.count(r"\end{longtable}") == len(tables) >= 4
        specs = re.findall(r"\\begin\{longtable\}\{([^\n]*)\}\n", tex)
        report_specs = specs[1:]  # the first is the CMS meta table, which no report rules
        if layout == "ruled":
            assert all(s.startswith("|") and s.endswith("|") for s in report_specs) and r"\hline" in tex
        else:
            assert not any("|" in s for s in specs) and r"\hline" not in tex and r"\cline" not in tex
        assert "|" not in specs[0]


def test_latex_escapes_every_special_character():
    tex = latex_markup.latex_document(_article(ARTICLE), FACE, ruled=True)
    body = tex[tex.index(r"\begin{document}"):]
    line = next(raw for raw in body.splitlines() if raw.startswith("比例"))
    assert line == r"比例 100\% 以上 \& \$5\_000 \#1 \{a\} \textasciicircum{}\textasciitilde{} \textbackslash{}end"
    assert latex_markup.escape("a&b%c") == r"a\&b\%c"


def test_latex_rows_fill_the_grid_and_a_rowspan_has_no_rule_until_it_ends():
    element = lxml.html.fragment_fromstring(_article(ARTICLE), create_parent="div").find(".//table")
    rows, columns = table_rows(element)
    grid = latex_markup._grid(rows, columns)
    assert [sum(s.span for s in row) for row in grid] == [columns] * 4
    assert grid[2][0].cell is None and grid[1][0].open_below and not grid[2][0].open_below
    tex = latex_markup.table(element, ruled=True)
    rows_tex = [raw for raw in tex.splitlines() if raw.endswith((r"\hline", "}")) and "&" in raw]
    assert rows_tex[0].startswith("三、本年度办理结果 &") and rows_tex[0].endswith(r"\cline{2-2}\cline{3-3}")
    assert rows_tex[1].startswith(" & （二）部分公开") and rows_tex[1].endswith(r"\hline")
    assert r"\multicolumn{3}{|>{\centering\arraybackslash}p{" in tex


def test_qt_prints_a_pdf_with_pages_and_the_font_embedded(tmp_path):
    pytest.importorskip("PySide6", reason="the producers extra brings PySide6-Essentials")
    record = synth_record(11, "qt.pdf", ("2021",))
    data = produce(record, "qt", "wqy-microhei", "ruled")
    assert data.startswith(b"%PDF") and b"Qt " in data  # Qt's own writer
    (tmp_path / "qt.pdf").write_bytes(data)
    info = subprocess.run(["pdfinfo", str(tmp_path / "qt.pdf")], capture_output=True, text=True, check=True).stdout
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 2
    fonts = subprocess.run(["pdffonts", str(tmp_path / "qt.pdf")], capture_output=True, text=True, check=True)
    rows = [line.split() for line in fonts.stdout.splitlines()[2:]]
    assert any("WenQuanYi" in row[0] and "yes" in row[-5:-2] for row in rows), fonts.stdout


def test_the_held_out_font_prints_every_character_of_a_report_and_fontconfig_finds_it():
    from fontTools.ttLib import TTFont

    family, (path, index) = FONTS[NEW_FONT]
    cmap = TTFont(path, fontNumber=index, lazy=True).getBestCmap()
    tree = lxml.html.fromstring(page_html(synth_record(3, "f.pdf", ("2019", "2021")), NEW_FONT, "ruled"))
    for hidden in tree.xpath("//head|//script|//style"):
        hidden.drop_tree()
    text = set(tree.text_content()) - set(" \n\t\xa0")
    assert len(text) > 300 and not [ch for ch in text if ord(ch) not in cmap]
    found = subprocess.run(["fc-match", "-f", "%{file}", family], capture_output=True, text=True, check=True).stdout
    # the producers that take a family (Chromium, LibreOffice, Qt, …) get this face (fonts-hanazono's
    # fonts-japanese-mincho.ttf is a link to it through Debian's alternatives)
    assert Path(found).resolve() == Path(path).resolve()


def test_generate_only_makes_the_pdfs_and_reads_none(tmp_path, monkeypatch, capsys):
    def no_reading(*_args, **_kwargs):
        raise AssertionError("--generate-only read a PDF")

    monkeypatch.setattr(P, "extract_bytes", no_reading)
    monkeypatch.setattr(P, "score_document", no_reading)
    argv = ["--n", "1", "--no-gold", "--producers", "reportlab", "--fonts", "wqy-microhei", "droid", "--layouts",
            "ruled", "--split", "tuned", "--cache", str(tmp_path), "--generate-only"]
    assert P.main(argv) == 0
    out = capsys.readouterr().out
    assert "| reportlab | 1 | 0 | 1 | 0 |" in out  # one made, one refused (reportlab prints one font)
    assert [p.name for p in tmp_path.glob("*.pdf")] == ["reportlab-wqy-microhei-ruled-0.pdf"]
    assert [p.name for p in tmp_path.iterdir()] == ["reportlab-wqy-microhei-ruled-0.pdf"]  # no partial file left
    assert P.main(argv) == 0 and "| reportlab | 0 | 1 | 1 | 0 |" in capsys.readouterr().out  # cached now
