"""The held-out columns added at stop 19 (branch hprod9): the producers ``tcpdf`` (TCPDF, PHP) and ``prawn`` (Prawn
and prawn-table, Ruby), and the fonts BabelStone Han (``babelstone``) and TW-Sung (``twsung``).

Nothing here reads a held-out PDF with the pipeline: the JSON job is checked as data, each tool's PDF of a small
article (not a report) by its pages, fonts (poppler's ``pdffonts``) and text (``pdftotext``), the font by its
character map.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import lxml.html
import pytest
from conftest import SMALL_ARTICLE, eval_script

from pipeline.synth import article_json
from pipeline.synth.generate import synth_record
from pipeline.synth.producers import FONTS, PRODUCERS, _article, _font_file, page_html, produce

P = eval_script("producers")
NEW_PRODUCERS = ("tcpdf", "prawn")
NEW_FONTS = ("babelstone", "twsung")
def _all(_ch: str) -> bool:
    return True


def _report_article(layout: str) -> str:
    return _article(page_html(synth_record(7, "t.pdf", ("2021",)), "wqy-microhei", layout))


def test_tcpdf_babelstone_and_twsung_are_held_out_and_prawn_is_tuned_from_stop_20():
    """prawn was held out when made (stop 19) and moved to the tuned side after its one held-out run."""
    assert "tcpdf" in P.HELD_OUT_PRODUCERS and "prawn" not in P.HELD_OUT_PRODUCERS
    assert set(NEW_FONTS) <= set(P.HELD_OUT_FONTS)
    assert set(NEW_PRODUCERS) <= set(PRODUCERS) and set(NEW_FONTS) <= set(FONTS)
    cases = P.cases([*NEW_PRODUCERS, "chromium"], [*NEW_FONTS, "wqy-microhei"], ["ruled"], 1, [])
    # tcpdf is held out in every font; prawn and chromium only in the held-out fonts
    assert [c.held_out for c in cases] == [True] * 3 + [True, True, False] + [True, True, False]
    assert all(P.is_held_out("itext", font) for font in NEW_FONTS) and not P.is_held_out("itext", "ukai")


def test_the_job_has_one_table_per_table_with_rules_only_when_ruled():
    for layout in ("ruled", "unruled-cut"):
        article = _report_article(layout)
        job = article_json.article_job(article, not layout.startswith("unruled"), _all, {})
        tables = [b for b in job["blocks"] if b["kind"] == "table"]
        assert len(tables) == len(lxml.html.fragment_fromstring(article, create_parent="div").findall(".//table")) >= 4
        assert not tables[0]["ruled"]  # the CMS meta table, which no report rules
        assert [t["ruled"] for t in tables[1:]] == [layout == "ruled"] * (len(tables) - 1)
        breaks = [b for b in job["blocks"] if b["kind"] == "page_break"]
        assert len(breaks) == (layout.endswith("-cut")) and all(20 <= b["height_mm"] <= 230 for b in breaks)


def test_the_job_keeps_spans_markup_characters_and_the_spacer_as_data():
    job = article_json.article_job(_article(SMALL_ARTICLE), True, _all, {"face": "f.ttf"})
    kinds = [b["kind"] for b in job["blocks"]]
    assert kinds == ["table", "title", "paragraph", "page_break", "table"] and job["fonts"] == {"face": "f.ttf"}
    assert job["blocks"][2]["runs"] == [['比例 100% 以上 & <b> "引号" $5_000 #1 {a} \\end', True]]
    assert job["blocks"][3]["height_mm"] == 40
    table = job["blocks"][4]
    assert table["columns"] == 3 and [len(row) for row in table["rows"]] == [1, 3, 2, 3]
    assert table["rows"][0][0]["colspan"] == 3 and table["rows"][1][0]["rowspan"] == 2
    assert table["rows"][1][0]["runs"] == [["三、本年度办理结果", True]]


def test_runs_the_face_lacks_go_to_the_fallback_and_spaces_go_with_either():
    no_digits = article_json.glyph_runs("共 12 件，其中 3 件", lambda ch: not ch.isdigit())
    assert no_digits == [["共 ", True], ["12", False], [" 件，其中 ", True], ["3", False], [" 件", True]]
    assert article_json.glyph_runs("全部 有", _all) == [["全部 有", True]]


def _pdf_facts(data: bytes, tmp_path: Path, name: str) -> tuple[str, int, str, str]:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    producer = re.search(r"Producer:\s+(.*)", info).group(1)
    return producer, int(re.search(r"Pages:\s+(\d+)", info).group(1)), fonts, text


def test_tcpdf_and_prawn_print_a_small_article_with_the_face_embedded(tmp_path, monkeypatch):
    """Each tool prints the small article (not a report) in WenQuanYi Micro Hei: two pages (the spacer's page
    break), the face embedded, the text with its markup characters as printed."""
    from pipeline.synth import producers

    monkeypatch.setattr(producers, "page_html", lambda *_args, **_kw: SMALL_ARTICLE)
    monkeypatch.setattr(producers, "_article", lambda html: html)
    for producer, writer in (("tcpdf", "TCPDF"), ("prawn", "Prawn")):
        data = produce({"source": "small.pdf"}, producer, "wqy-microhei", "ruled")
        written_by, pages, fonts, text = _pdf_facts(data, tmp_path, producer)
        assert data.startswith(b"%PDF") and written_by.startswith(writer)
        rows = [line.split() for line in fonts.splitlines()[2:]]
        assert pages == 2 and any("WenQuanYiMicroHei" in row[0] and "yes" in row[-5:-2] for row in rows), fonts
        assert "三、本年度办理结果" in text.replace("\n", "") and '& <b> "引号"' in text, text


def test_tcpdf_and_prawn_refuse_the_cff_fonts():
    for producer in NEW_PRODUCERS:
        with pytest.raises(P.Unsupported, match="CFF"):
            produce(synth_record(3, "c.pdf", ("2021",)), producer, "noto-sans", "ruled")


@pytest.mark.parametrize("font", NEW_FONTS)
def test_the_held_out_fonts_print_every_character_of_a_report_and_fontconfig_finds_them(font):
    from fontTools.ttLib import TTFont

    family, (path, index) = FONTS[font]
    face = TTFont(path, fontNumber=index, lazy=True)
    assert "glyf" in face  # TrueType: the reportlab-based tools, FOP, TCPDF and Prawn print it too
    cmap = face.getBestCmap()
    text: set[str] = set()
    for seed in (3, 5):
        tree = lxml.html.fromstring(page_html(synth_record(seed, "f.pdf", ("2019", "2021")), font, "ruled"))
        for hidden in tree.xpath("//head|//script|//style"):
            hidden.drop_tree()
        text |= set(tree.text_content()) - set(" \n\t\xa0")
    assert len(text) > 300 and not [ch for ch in text if ord(ch) not in cmap]
    # the producers that take a family (Chromium, LibreOffice, Qt, …) get this face; TW-Sung's "-" is escaped
    assert _font_file(family) == (Path(path).resolve(), index)
