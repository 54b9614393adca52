"""Characters without a Unicode mapping, decoded from the embedded font's own tables (pipeline/readers/pdf_glyphs.py),
on a real MuPDF × Smiley Sans PDF (eval/producers.py) and on the file bytes that decide when it is safe."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import eval_script, producer_case, read_exactly, text_layer_of

from pipeline.readers.pdf_glyphs import glyph_texts, identity_cid_fonts

P = eval_script("producers")
SMILEY = Path("/usr/share/fonts/truetype/smiley-sans/SmileySans-Oblique.ttf")


def test_a_glyph_a_substitution_put_in_decodes_to_the_character_it_replaced():
    """Smiley Sans prints - and × between digits as hyphen.number and multiply.number: no code point maps to
    them; the font's GSUB substitutions, followed backwards, lead to hyphen and multiply."""
    if not SMILEY.exists():
        pytest.fail("fonts-smiley-sans is not installed: scripts/test.sh installs it")
    from fontTools.ttLib import TTFont

    order = TTFont(SMILEY, lazy=True).getGlyphOrder()
    texts = glyph_texts(SMILEY.read_bytes())
    assert texts[order.index("hyphen.number")] == "-" and texts[order.index("multiply.number")] == "×"
    assert texts[order.index("A")] == "A"
    assert glyph_texts(b"not a font") == {}


def test_only_fonts_whose_codes_are_their_glyph_ids_are_decoded():
    """A /CIDToGIDMap stream or a Type0 encoding other than Identity makes codes and glyph ids differ: such a
    font would decode to wrong text, so it is left out (its characters stay (cid:N), and the page goes to OCR)."""
    plain = (b"8 0 obj\n<</Type/Font/Subtype/CIDFontType2/BaseFont/ABCDEF+Song/FontDescriptor 6 0 R>>\nendobj\n"
             b"3 0 obj\n<</Type/Font/Subtype/Type0/BaseFont/ABCDEF+Song/Encoding/Identity-H>>\nendobj\n")
    assert identity_cid_fonts(plain) == {b"ABCDEF+Song"}
    mapped = plain.replace(b"/FontDescriptor", b"/CIDToGIDMap 9 0 R/FontDescriptor")
    assert identity_cid_fonts(mapped) == set()
    encoded = plain.replace(b"Identity-H", b"UniGB-UCS2-H")
    assert identity_cid_fonts(encoded) == set()
    assert identity_cid_fonts(plain.replace(b"/CIDToGIDMap", b"")) == {b"ABCDEF+Song"}


def test_mupdf_glyphs_without_a_unicode_entry_are_read_not_sent_to_ocr(tmp_path):
    """MuPDF × Smiley Sans: MuPDF writes no /ToUnicode entry for hyphen.number (京ICP备05012345号-1, 2024-01-20),
    so those pages went to OCR (1.3 pages/s). Decoded from the font, every page is read from its text layer;
    table 四 on the last page, printed all blank with its 行政复议 cells cut off by the page break, is read
    blank and flagged (10 of 15 cells found), as the OCR had read it."""
    case = producer_case(P, "mupdf", "smiley", "ruled", 0)
    text, usable = text_layer_of(P._pdf(case, tmp_path))
    assert "(cid:" not in text and "05012345号-1" in text
    assert usable
    result = read_exactly(P, case, tmp_path)
    assert any("read as blank cells" in r for r in result["review"]), result["review"]


def test_tounicode_maps_are_read_from_the_bytes_and_a_name_two_fonts_share_differently_is_left_out():
    """bfchar and bfrange (a start code and an array) entries of a Type0 font's /ToUnicode stream; a base name two
    fonts share with different maps is dropped, since which map a character's font has would be a guess."""
    from pipeline.readers.pdf_glyphs import to_unicode_maps

    cmap = (b"2 beginbfchar\n<0003> <4E00>\n<0004> <0032>\nendbfchar\n"
            b"2 beginbfrange\n<0010> <0012> <0030>\n<0020> <0021> [<002D> <00D7>]\nendbfrange\n")
    font = (b"3 0 obj\n<</Type/Font/Subtype/Type0/BaseFont/Song/Encoding/Identity-H/ToUnicode 9 0 R>>\nendobj\n"
            b"9 0 obj\n<</Length %d>>\nstream\n" % len(cmap) + cmap + b"\nendstream\nendobj\n")
    assert to_unicode_maps(font, {b"Song"}) == {b"Song": {3: "一", 4: "2", 16: "0", 17: "1", 18: "2", 32: "-", 33: "×"}}
    assert to_unicode_maps(font, {b"Hei"}) == {}
    other = font.replace(b"9 0 R", b"19 0 R").replace(b"3 0 obj", b"13 0 obj").replace(b"9 0 obj", b"19 0 obj")
    assert to_unicode_maps(font + other.replace(b"<4E00>", b"<4E8C>"), {b"Song"}) == {}


def test_a_tounicode_section_whose_declared_count_is_wrong_is_read_whole():
    """pdfkit (pdfmake) declares ``1 beginbfrange`` over two ranges; PDFium drops such a section (its count must
    match), pdfminer and poppler read every entry, and so does the reader, for a font of any kind (no ``fonts``)."""
    from pipeline.readers.pdf_glyphs import to_unicode_maps

    cmap = b"1 beginbfrange\n<0000> <0002> [<0000> <7D22> <5F15>]\n<0100> <0101> [<0030> <0031>]\nendbfrange\n"
    font = (b"3 0 obj\n<</Type/Font/Subtype/Type0/BaseFont/BZZZZZ+Hei/Encoding/Identity-H/ToUnicode 9 0 R>>\nendobj\n"
            b"9 0 obj\n<</Length %d>>\nstream\n" % len(cmap) + cmap + b"\nendstream\nendobj\n")
    assert to_unicode_maps(font) == {b"BZZZZZ+Hei": {1: "索", 2: "引", 256: "0", 257: "1"}}
    # a font of that name without a /ToUnicode (a page copied in from another file): which map is a guess
    bare = b"5 0 obj\n<</Type/Font/Subtype/Type0/BaseFont/BZZZZZ+Hei/Encoding/Identity-H>>\nendobj\n"
    assert to_unicode_maps(font + bare) == {}


@pytest.mark.parametrize("font", ["wqy-microhei", "noto-sans"])
def test_pdfmake_pages_are_read_from_their_text_layer_not_sent_to_ocr(tmp_path, font):
    """pdfmake × a TrueType (CIDFontType2) and a CFF (CIDFontType0) font: every character of pdfkit's PDF came out
    ``(cid:N)`` from PDFium, because its /ToUnicode declares one bfrange over several, and every page went to
    OCR (0.2 pages/s, 90 % of cells). Read from the /ToUnicode as written, the text layer is whole and usable."""
    case = producer_case(P, "pdfmake", font, "ruled", 0)
    text, usable = text_layer_of(P._pdf(case, tmp_path))
    assert "(cid:" not in text and usable
    assert "索引号" in text and "本年度办理结果" in text
    assert case.record["meta"]["agency"] in text
