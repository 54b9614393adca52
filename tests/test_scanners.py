"""The scanner matrix (issue 13) in small: pages printed by Chromium in a Noto CJK font (not the font the OCR
was tuned on), scanned with a red seal and a quarter turn; and the pieces: seals taken out by colour, pages
stood up, broken rules joined, a speck that is not a minus sign. The full matrix is eval/scanners.py."""

from __future__ import annotations

import io
import random
import shutil

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from pipeline.document import Table
from pipeline.extract import extract_bytes
from pipeline.layout.unruled import Pages
from pipeline.mapper.litigation import _column_order
from pipeline.mapper.stream import LabelTok
from pipeline.ocr.binarize import ink_mask
from pipeline.ocr.border import clear_border
from pipeline.ocr.colour import to_grey
from pipeline.ocr.engine import recognise
from pipeline.ocr.grid import find_tables, rule_mask
from pipeline.ocr.orient import quarter_turns
from pipeline.ocr.page import read_page
from pipeline.ocr.perspective import flattened, sheet_corners
from pipeline.synth.generate import synth_record
from pipeline.synth.html_render import render_html
from pipeline.synth.scan_render import render_scan_pages
from pipeline.synth.scanner_styles import FONTS, draw_seal, print_html, rasterise, scan_styled, stamp
from pipeline.template.labels import label_index

DPI = 200
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


def _wrong(record: dict, gold: dict) -> list:
    return [(k, v, record["fields"].get(k)) for k, v in gold["fields"].items() if record["fields"].get(k) != v]


@pytest.fixture(scope="module")
def printed():
    """A 2021 report's HTML printed to PDF by headless Chromium in Noto Serif CJK, and its record."""
    assert shutil.which("chromium"), "the chromium Debian package is needed (scripts/test.sh installs it)"
    record = synth_record(4113, "matrix-a.html", ("2021",))
    return record, print_html(render_html(record, "cms"), FONTS["noto-serif"])


@pytest.mark.parametrize("style", ["seal", "turned90"])
def test_browser_printed_scans_read_right_or_flagged(printed, style):
    record, pdf = printed
    name = f"matrix-a.{style}.pdf"
    out = extract_bytes(scan_styled(pdf, style, name), name)
    wrong = _wrong(out, record)
    assert len(wrong) <= 0.005 * len(record["fields"]), wrong
    if wrong:
        assert out["status"] == "flagged"  # never ok with a wrong value


def _table_page() -> np.ndarray:
    record = synth_record(77, "orient.scan_pdf.pdf", ("2021",))
    pages = render_scan_pages({**record, "source": "orient.scan_pdf.pdf"})
    page = max(pages, key=lambda p: (np.asarray(p.convert("L")) < 128).mean())  # the densest: a table page
    return np.asarray(page.convert("L"))


@pytest.mark.parametrize("k", [1, 2, 3])
def test_turned_pages_are_stood_up(k):
    upright = _table_page()
    turned = np.ascontiguousarray(np.rot90(upright, k))
    assert quarter_turns(turned, ink_mask(turned, DPI), DPI) == (-k) % 4
    assert quarter_turns(upright, ink_mask(upright, DPI), DPI) == 0


@pytest.mark.parametrize("k", [1, 3])
def test_a_turned_browser_printed_table_page_is_stood_up(printed, k):
    """Table 三 printed by Chromium: rows of 0s read alike either way up, and across the turned page its
    rows of digits alternate more than its lines of text; the page must still be turned back."""
    _, pdf = printed
    pages = [np.asarray(p.convert("L")) for p in rasterise(pdf, DPI)]
    upright = max(pages, key=lambda p: (p < 128).mean())  # the densest page: the big table
    turned = np.ascontiguousarray(np.rot90(upright, k))
    assert quarter_turns(turned, ink_mask(turned, DPI), DPI) == (-k) % 4


def test_a_seal_leaves_no_ink_but_the_print_under_it():
    page = Image.new("RGB", (600, 400), (250, 250, 250))
    d = ImageDraw.Draw(page)
    d.text((250, 180), "4529", fill=(20, 20, 20), font=ImageFont.truetype(FONT, 32))
    before = ink_mask(to_grey(np.asarray(page)), DPI) > 0
    stamped = stamp(page, draw_seal(320, "某某市某某局政府信息公开专用章", random.Random(3)), (140, 40))
    rgb = np.asarray(stamped)
    assert (rgb[..., 0].astype(int) - rgb[..., 2] > 80).sum() > 5000  # the seal is there, red
    after = ink_mask(to_grey(rgb), DPI) > 0
    assert (after & ~before).sum() < 0.02 * before.sum()  # nothing of the seal is ink
    assert (before & ~after).sum() < 0.1 * before.sum()  # the digits under it still are


def _grid_page(broken: bool) -> np.ndarray:
    """A 4×3 ruled table; ``broken``: a gap of 0.15 inch in the middle of every side of every cell."""
    img = np.full((900, 1200), 250, np.uint8)
    xs, ys = [100, 400, 700, 1000], [100, 250, 400, 550, 700]
    for x in xs:
        cv2.line(img, (x, ys[0]), (x, ys[-1]), 30, 2)
    for y in ys:
        cv2.line(img, (xs[0], y), (xs[-1], y), 30, 2)
    if broken:
        for x in xs:
            for y in ys[:-1]:
                img[y + 60 : y + 90, x - 3 : x + 4] = 250
        for y in ys:
            for x in xs[:-1]:
                img[y - 3 : y + 4, x + 135 : x + 165] = 250
    return img


def test_broken_rules_still_make_the_grid():
    for broken in (False, True):
        tables = find_tables(rule_mask(ink_mask(_grid_page(broken), DPI), DPI), DPI)
        assert len(tables) == 1 and len(tables[0].cells) == 12, broken


def test_a_rule_faded_over_most_of_a_cell_side_is_put_back():
    """LinesDegradation fades a rule over most of a side: a scrap 0.2 inch long by the crossing is left, and a
    gap of half an inch or more."""
    img = _grid_page(False)
    img[100 + 40 : 250 - 2, 400 - 3 : 400 + 4] = 250  # the side between the first row's cells 1 and 2
    img[400 - 3 : 400 + 4, 700 + 3 : 700 + 10] = 250  # a horizontal side: a loose scrap near its left end,
    img[400 - 3 : 400 + 4, 700 + 50 : 700 + 150] = 250  # then half an inch faded
    tables = find_tables(rule_mask(ink_mask(img, DPI), DPI), DPI)
    assert len(tables) == 1 and len(tables[0].cells) == 12


def test_a_rule_faded_to_light_grey_or_short_of_the_rule_across_is_followed():
    """A side faded to light grey (binarising drops it; the grey still shows it) and a side whose last stretch
    faded before the rule across (the dark part ends 0.12 inch short of it): still 12 cells, and only with the
    grey page given for the faded side."""
    img = _grid_page(False)
    img[250 - 2 : 250 + 3, 1000 - 160 : 1000 - 1] = 232  # row 1's bottom side, last cell: faded, blurred
    img[550 + 2 : 700 - 1, 700 - 1 : 700 + 2] = 250  # the last row's side between cells 2 and 3 ...
    img[550 + 2 : 700 - 25, 700 - 1 : 700 + 2] = 30  # ... printed down to 0.12 inch above the bottom rule
    ink = ink_mask(img, DPI)
    assert len(find_tables(rule_mask(ink, DPI, img), DPI)[0].cells) == 12
    assert len(find_tables(rule_mask(ink, DPI), DPI)[0].cells) < 12


def test_rules_ending_short_of_the_frame_of_a_cut_table_still_part_cells():
    """A table cut by a page break (no top rule) whose inner rules start a few pixels below the outer ones, as
    on a photographed page made flat: the top row's cells stay apart."""
    img = _grid_page(False)
    img[100 - 3 : 100 + 4, 100 + 2 : 1000 - 1] = 250  # no top rule
    img[100 - 3 : 100 + 6, 400 - 3 : 700 + 4] = 250  # the inner rules start 6 px lower
    tables = find_tables(rule_mask(ink_mask(img, DPI), DPI), DPI)
    assert len(tables) == 1 and len(tables[0].cells) == 12


def _unruled_rows(items: list) -> list[list[str]]:
    """The rows of the one table a page without rules gives (laid out by pipeline.layout.unruled), as texts."""
    tables = [b for _, b in items if isinstance(b, Table)]
    assert len(tables) == 1, [getattr(b, "text", b) for _, b in items]
    return [[c.text for c in row] for row in tables[0].rows()]


def test_a_label_wrapped_beside_centred_values_is_read_as_one_row():
    """A table printed without rules: a label wrapped over two lines, its row's values centred between them,
    so the page's rows of ink run through all three. Read as the label, joined, then the values."""
    img = Image.new("L", (1400, 500), 250)
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 30)
    d.text((120, 70), "（六）其他处理", font=font, fill=20)  # lines of one line's height, as a page has
    d.text((120, 130), "2.重复申请", font=font, fill=20)
    d.text((120, 250), "1.申请人无正当理由逾期不补正、行", font=font, fill=20)
    d.text((120, 292), "政机关不再处理其政府信息公开申请", font=font, fill=20)
    for i, v in enumerate(("3", "0", "12")):
        d.text((820 + 160 * i, 271), v, font=font, fill=20)
    items, _ = read_page(np.asarray(img), DPI, 1)
    rows = _unruled_rows(items)
    assert rows[-1] == ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "3", "0", "12"], rows


def test_values_of_narrow_columns_closer_than_a_piece_gap_stay_apart(monkeypatch):
    """A table printed without rules with narrow right-hand columns: 6 and 872 stand closer than the gap that
    parts a line's pieces, and read as 6872 when cut as one piece. Another row's values show the columns."""
    img = Image.new("L", (1400, 400), 250)
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 30)
    rows = ((100, "1.本机关不掌握相关政府信息", ("5", "1", "2")), (200, "2.没有现成信息需要另行制作", ("0", "6", "872")))
    for y, label, values in rows:
        d.text((120, y), label, font=font, fill=20)
        for centre, v in zip((900, 970, 1040), values, strict=True):
            d.text((centre - d.textlength(v, font=font) / 2, y), v, font=font, fill=20)
    crops = []

    def recognising(images):
        crops.extend(images)
        return recognise(images)

    monkeypatch.setattr("pipeline.ocr.page.recognise", recognising)
    items, _ = read_page(np.asarray(img), DPI, 1)
    rows = _unruled_rows(items)
    assert [r[1:] for r in rows] == [["5", "1", "2"], ["0", "6", "872"]], rows
    assert len(crops) == 8  # label and three values a row: 6 and 872 read apart, each in its own crop
    assert max(c.shape[1] for c in crops if c.shape[1] < 200) < 90  # no crop takes in 6 and 872 (100 px)


def test_a_blank_cell_of_a_one_row_sub_table_without_rules_stays_in_its_column():
    """Table 二's 第二十条第（一）项 printed without rules by Chromium (Noto Sans CJK), 行政规范性文件 with
    本年制发件数 blank under a row printed in full: the OCR's pieces are laid out as words by their boxes
    (pipeline.layout.unruled), so 5 and 118 stay in their columns (a line's text gave 5 | 1 | 18, seed 51)."""
    record = synth_record(4113, "blank.html", ("2021",))
    record["fields"].update({"active.regulations.made": 0, "active.regulations.repealed": 0,
                             "active.regulations.in_force": 6, "active.normative_docs.made": None,
                             "active.normative_docs.repealed": 5, "active.normative_docs.in_force": 118})
    pdf = print_html(render_html(record, "cms"), FONTS["noto-sans"], "none")
    doc = pdfium.PdfDocument(pdf)
    caption = "第二十条第（一）项"
    number = next(i for i, page in enumerate(doc) if page.get_textpage().search(caption).get_next())
    page = doc[number]
    text = page.get_textpage()
    top = page.get_height() - text.get_charbox(text.search(caption).get_next()[0])[3]  # points from the top
    scale = DPI / 72
    image = np.asarray(page.render(scale=scale).to_pil().convert("L"))
    band = image[int((top - 20) * scale) : int((top + 190) * scale)]  # the caption, the header and both rows
    pages = Pages()
    items, _ = read_page(band, DPI, number + 1, unruled=pages)
    table = next(b for _, b in items if isinstance(b, Table))
    rows = [[c.text for c in row] for row in table.rows()]
    assert rows[1:] == [["规章", "0", "0", "6"], ["行政规范性文件", "", "5", "118"]], rows
    assert any("行政规范性文件" in w and "read as blank" in w for w in pages.warnings([table]))  # OCR may lose a 0
    made = table.rows()[0][1]
    blank = table.rows()[2][1]
    assert made.text == "本年制发件数" and made.bbox[0] < blank.bbox[2] and blank.bbox[0] < made.bbox[2]


def test_a_speck_is_not_a_minus_sign():
    img = _grid_page(False)
    font = ImageFont.truetype(FONT, 30)
    pil = Image.fromarray(img)
    d = ImageDraw.Draw(pil)
    d.text((480, 300), "4529", fill=20, font=font)
    d.ellipse((455, 318, 460, 323), fill=20)  # a speck before the number, at minus height
    d.text((780, 300), "-12", fill=20, font=font)  # a real minus sign
    items, _ = read_page(np.asarray(pil), DPI, 1)
    cells = {(c.row, c.col): c for _, block in items if hasattr(block, "rows") for c in block.cells}
    assert cells[(1, 1)].text == "4529" and cells[(1, 1)].confidence <= 0.9
    assert cells[(1, 2)].text == "-12"


def _dark_bordered(img: np.ndarray) -> np.ndarray:
    """The page with an open lid's noisy black bands along its top, left and right edges."""
    out = img.copy()
    noise = np.random.default_rng(5).integers(5, 45, img.shape).astype(np.uint8)
    for band in (np.s_[:50, :], np.s_[:, :40], np.s_[:, -60:]):
        out[band] = noise[band]
    return out


def test_dark_borders_make_no_rules_cells_or_text():
    page = _grid_page(False)
    assert clear_border(page, DPI) is page  # nothing dark along the edges: the page untouched
    bordered = _dark_bordered(page)
    cleared = clear_border(bordered, DPI)
    assert (cleared[:50] > 200).all() and (cleared[:, :40] > 200).all() and (cleared[:, -60:] > 200).all()
    tables = find_tables(rule_mask(ink_mask(cleared, DPI), DPI), DPI)
    assert len(tables) == 1 and len(tables[0].cells) == 12
    items, _ = read_page(bordered, DPI, 1)
    assert [type(b).__name__ for _, b in items] == ["Table"]  # no text read from the bands


def test_a_photographed_sheet_is_flattened():
    """The grid page photographed in perspective on a darker desk: its corners found, the sheet mapped back to
    a rectangle whose rules are straight again, so the table has its 12 cells; a flat scan is left alone."""
    page = _grid_page(False)
    h, w = page.shape
    quad = np.float32([[70, 40], [w - 30, 85], [w - 60, h - 35], [45, h - 70]])
    m = cv2.getPerspectiveTransform(np.float32([[0, 0], [w, 0], [w, h], [0, h]]), quad)
    photo = cv2.warpPerspective(page, m, (w, h), borderValue=90)
    corners = sheet_corners(photo, DPI)
    assert corners is not None and np.abs(corners - quad).max() < 12
    flat, warp = flattened(photo, DPI)
    assert warp is not None
    tables = find_tables(rule_mask(ink_mask(flat, DPI), DPI), DPI)
    assert len(tables) == 1 and len(tables[0].cells) == 12
    assert flattened(page, DPI) == (page, None)
    assert sheet_corners(_dark_bordered(page), DPI) is None  # an open lid's bands are no perspective


def test_table_four_columns_keep_their_printed_order_on_a_page_scanned_upside_down():
    """Table 四's 行政复议 header cells of a page scanned upside down: the grid numbers their columns on the
    page stood up, but their boxes are in the page as scanned, right to left. The columns follow the grid
    (upside_down seed 13: 3 3 0 0 6 came out as 6 0 0 3 3)."""
    printed = ("结果纠正", "结果维持", "其他结果", "尚未审结", "总计")  # left to right on the page stood up
    labels = [LabelTok(label_index().scan(text)[0], {"block": 4, "row": 1, "col": col, "page": 5,
                                                      "bbox": [500.0 - 60 * col, 300.0, 550.0 - 60 * col, 320.0]})
              for col, text in enumerate(printed)]
    assert _column_order(labels) == ["corrected", "upheld", "other", "pending", "total"]
    for t in labels:  # without grid columns (cells of two blocks), the boxes say the order
        t.where["block"] = t.where["col"]
    assert _column_order(labels) == ["total", "pending", "other", "upheld", "corrected"]



def _band(pdf: bytes, caption: str, above: float, below: float, dpi: float) -> tuple[Image.Image, int]:
    """The band of the printed page that holds ``caption``, from ``above`` points over it to ``below`` points
    under it, rendered at ``dpi``; and the page's index."""
    doc = pdfium.PdfDocument(pdf)
    number = next(i for i, page in enumerate(doc) if page.get_textpage().search(caption).get_next())
    page = doc[number]
    text = page.get_textpage()
    top = page.get_height() - text.get_charbox(text.search(caption).get_next()[0])[3]
    image = page.render(scale=dpi / 72).to_pil().convert("L")
    return image.crop((0, int((top - above) * dpi / 72), image.width, int((top + below) * dpi / 72))), number


def _marked(band: np.ndarray, cells: list, kind: str) -> np.ndarray:
    """Light marks drawn round each cell's value: two toner smudges beside it (a worn copier's drum, augraphy
    DirtyDrum), or a stain's rim running into it (augraphy Stains), both soft-edged and far lighter than print."""
    layer = Image.new("L", (band.shape[1], band.shape[0]), 255)
    d = ImageDraw.Draw(layer)
    for cell in cells:
        x0, y0, x1, y1 = cell.bbox
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        if kind == "smudge":
            for dx, dy in ((-19, 2), (15, -4)):
                d.ellipse((cx + dx - 4, cy + dy - 4, cx + dx + 4, cy + dy + 4), fill=175)
        elif kind == "stain":
            d.ellipse((cx - 34, cy - 30, cx - 2, cy + 26), outline=200, width=7)
        else:  # a blot: darker, but soft all round
            d.ellipse((cx - 30, cy - 8, cx - 14, cy + 8), fill=110)
    return np.minimum(band, np.asarray(layer.filter(ImageFilter.GaussianBlur(3 if kind == "blot" else 1.5))))


@pytest.mark.parametrize("kind", ["smudge", "stain", "blot"])
def test_light_smudges_and_stains_round_a_value_are_not_read(printed, kind):
    """Table 三 printed by Chromium (Noto Serif CJK): light marks beside every value (copier smudges 8 px
    across, a stain's rim that touches the digit, a darker blot with soft edges) read as part of it on the base
    (``0`` as ``*0°``, ``1`` as ``01``, ``8`` as ``C8``): faint and soft marks are not print to line finding
    and are painted out of a crop's margin."""
    band, _ = _band(printed[1], "予以公开", 40, 160, DPI)
    band = np.asarray(band)
    items, _ = read_page(band, DPI, 1)
    cells = [c for _, b in items if isinstance(b, Table) for c in b.cells if c.text.isdigit()]
    assert [c.text for c in cells[:7]] == ["1", "8", "0", "0", "0", "0", "9"]  # 予以公开, as printed
    marked, _ = read_page(_marked(band, cells, kind), DPI, 1)
    read = {(c.row, c.col): c.text for _, b in marked if isinstance(b, Table) for c in b.cells}
    assert [(c.text, read.get((c.row, c.col))) for c in cells if read.get((c.row, c.col)) != c.text] == []


def test_a_page_dithered_to_one_bit_makes_no_crop_of_its_specks(printed, monkeypatch):
    """A grey scan put to one bit by Floyd–Steinberg at 300 dpi (the ``dither300`` style), in a PDF: the
    paper's dither dots are specks, and each made a line or piece of its own (71 crops for 4 lines of text;
    six times the recognition of a clean page). Lines are found without specks."""
    from pipeline.ocr.images import render_pdf_page

    band, _ = _band(printed[1], "依申请公开政府信息情况", 20, 110, 300)
    noise = np.random.default_rng(7).normal(0, 4, (band.height, band.width))
    grey = Image.fromarray(np.clip(np.asarray(band, np.float32) * 0.98 + noise, 0, 255).astype(np.uint8))
    buf = io.BytesIO()
    grey.filter(ImageFilter.GaussianBlur(0.5)).convert("1", dither=Image.Dither.FLOYDSTEINBERG).save(
        buf, "PDF", resolution=300.0)
    crops = []

    def recognising(images):
        crops.extend(images)
        return recognise(images)

    monkeypatch.setattr("pipeline.ocr.page.recognise", recognising)
    items, _ = read_page(render_pdf_page(pdfium.PdfDocument(buf.getvalue()), 0), DPI, 1)
    text = [b.text for _, b in items]
    assert text[0] == "（二）依申请公开政府信息情况" and "已办结18件" in text[-1], text
    assert len(crops) == 4, len(crops)


_APPLICANTS = ("natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total")


def test_hairline_rules_of_a_clean_page_still_part_cells(printed):
    """Table 三 laid out by Apache FOP (WenQuanYi Micro Hei) and rendered as the OCR renders a page: FOP's rules
    come out one pixel thin, which the ink's 3×3 median wipes out, so rows and columns merged and two values read
    as one (``0`` and ``19`` as ``01900``, ``1`` and ``0`` as ``10``: a clean page read each digit twice)."""
    from pipeline.synth.producers import produce

    record = printed[0]
    pdf = produce({**record, "source": "matrix-a.pdf"}, "fop", "wqy-microhei", "ruled")
    band, _ = _band(pdf, "予以公开", 60, 120, DPI)
    items, _ = read_page(np.asarray(band), DPI, 1)
    rows = [[c.text for c in row] for _, b in items if isinstance(b, Table) for row in b.rows()]
    for key in ("new_received", "carried_over", "granted"):
        values = [str(record["fields"][f"requests.{key}.{a}"]) for a in _APPLICANTS]
        assert any(row[-7:] == values for row in rows), (key, values, rows)


@pytest.mark.parametrize(("darkness", "seed"), [(0.5, 1), (0.5, 3), (0.4, 3)])
def test_a_light_halftone_screen_keeps_every_value(printed, darkness, seed):
    """Table 三 printed by Chromium (Noto Serif CJK), its values' side printed lighter, through the ``halftone``
    style (augraphy's ordered dithering) into an image PDF, rendered as the reader renders it. The screen breaks a
    light digit into dots: the 3×3 median that measures a mark's contrast wiped most of them out, so the digit
    measured faint and its cell read blank or a value short (``1 8 0 0 0 0 9`` as ``1 0 0 0 9``; 0.5); and the
    loose dots of a ``0``'s top, specks to line finding, were painted out of its crop (a ``0`` read short; 0.4)."""
    from pipeline.ocr.images import render_pdf_page
    from pipeline.synth.scanner_styles import halftone

    record, pdf = printed
    band, _ = _band(pdf, "予以公开", 40, 160, DPI)
    grey = np.asarray(band).astype(np.float32)
    right = int(grey.shape[1] * 0.45)  # the values' side
    grey[:, right:] = 255 - (255 - grey[:, right:]) * darkness
    screened = halftone(Image.fromarray(grey.astype(np.uint8)).convert("RGB"), random.Random(seed), 1.0, DPI)
    buf = io.BytesIO()
    screened.save(buf, "PDF", resolution=float(DPI))
    items, _ = read_page(render_pdf_page(pdfium.PdfDocument(buf.getvalue()), 0), DPI, 1)
    rows = [[c.text for c in row] for _, b in items if isinstance(b, Table) for row in b.rows()]
    for key in ("granted", "partially_granted", "denied_state_secret"):
        values = [str(record["fields"][f"requests.{key}.{a}"]) for a in _APPLICANTS]
        assert any(row[-7:] == values for row in rows), (key, values, rows)


def _streaked(page: np.ndarray, xs: list[int]) -> np.ndarray:
    """Thin grey lines the page's whole length at ``xs`` (dust on a sheet feeder's glass, the ``sheet_feeder``
    style's CoarseDropout: grey 150 over paper and print alike, 2 px wide), softened as the scan's downscaling does."""
    out = page.copy()
    for x in xs:
        out[:, x : x + 2] = 150
    return cv2.GaussianBlur(out, (3, 3), 0.6)


def test_streaks_the_page_s_whole_length_are_no_rules(printed):
    """Table 三's page printed by Chromium (Noto Serif CJK) with glass streaks the whole length of the page: one
    through the granted row's values in three columns, one just beside a column rule. Rule finding took each for a
    vertical rule (longer than any table's), so cells were cut in two and values lost (``sheet_feeder`` seed 13:
    17 % of cells); they are painted out of the grey (:mod:`pipeline.ocr.streaks`) before anything reads it."""
    record, pdf = printed
    doc = pdfium.PdfDocument(pdf)
    number = next(i for i, page in enumerate(doc) if page.get_textpage().search("予以公开").get_next())
    page = np.asarray(doc[number].render(scale=DPI / 72).to_pil().convert("L"))
    table = max(find_tables(rule_mask(ink_mask(page, DPI), DPI, page), DPI), key=lambda t: len(t.cells))
    last = [c for c in table.cells if c.col == max(c.col for c in table.cells)]
    values = sorted({c.box[0] for c in table.cells if c.box[0] > 0.5 * page.shape[1]})
    xs = [(a + b) // 2 for a, b in zip(values, values[1:], strict=False)][:3] + [last[0].box[0] + 3]
    items, _ = read_page(_streaked(page, xs), DPI, number)
    rows = [[c.text for c in row] for _, b in items if isinstance(b, Table) for row in b.rows()]
    for key in ("carried_over", "granted", "partially_granted", "denied_state_secret"):
        expected = [str(record["fields"][f"requests.{key}.{a}"]) for a in _APPLICANTS]
        assert any(row[-7:] == expected for row in rows), (key, expected, rows)


def _fed(page: np.ndarray, blur: int, scale: float) -> np.ndarray:
    """``page`` as a sheet feeder's fast mode scans it: blurred ``blur`` px along the feed, scanned at ``scale``
    of the resolution and interpolated up (the ``sheet_feeder`` style's MotionBlur and Downscale)."""
    blurred = cv2.filter2D(page, -1, np.ones((blur, 1), np.float32) / blur)
    small = cv2.resize(blurred, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return cv2.resize(small, (page.shape[1], page.shape[0]), interpolation=cv2.INTER_LINEAR)


@pytest.mark.parametrize(("blur", "scale"), [(5, 0.7), (7, 0.7)])
def test_labels_blurred_along_the_feed_keep_their_strokes(printed, blur, scale):
    """Table 二's 行政处罚 and 行政强制 rows printed by Chromium (Noto Serif CJK), blurred along the feed and
    downsampled: a character's strokes grew long enough to be runs both ways and vouched for each other as rules,
    and a bold label blurred into one solid run as long as a rule; taken out of the text as rules, 行政强制 read
    行政强 or 行政引 and the row was lost (``sheet_feeder`` seed 41)."""
    record, pdf = printed
    band, _ = _band(pdf, "行政强制", 150, 60, DPI)
    items, _ = read_page(_fed(np.asarray(band), blur, scale), DPI, 1)
    rows = [[c.text for c in row] for _, b in items if isinstance(b, Table) for row in b.rows()]
    for label, key in (("行政处罚", "penalty"), ("行政强制", "coercion")):
        assert [label, str(record["fields"][f"active.{key}.decisions"])] in rows, (label, rows)


def test_a_minus_sign_blurred_along_the_feed_is_kept():
    """A 2019-edition table 二 printed by Chromium (Noto Serif CJK) whose 本年增/减 column holds negative numbers,
    blurred along the feed and downsampled: the hyphen, 10 × 6 px and light once blurred, was under the dash aspect
    and taken for a faint mark, so ``-3`` read ``3`` with nothing to flag it (``sheet_feeder`` seed 61, the record
    ``ok``). A mark's height is now its core's."""
    record = synth_record(4114, "matrix-b.html", ("2019",))
    fields = {**record["fields"], "active.licensing.change": -4, "active.penalty.change": -3,
              "active.coercion.change": -1}
    pdf = print_html(render_html({**record, "fields": fields}, "cms"), FONTS["noto-serif"])
    band, _ = _band(pdf, "行政处罚", 300, 80, DPI)
    items, _ = read_page(_fed(np.asarray(band), 5, 0.7), DPI, 1)
    rows = [[c.text for c in row] for _, b in items if isinstance(b, Table) for row in b.rows()]
    for label, key in (("行政许可", "licensing"), ("行政处罚", "penalty"), ("行政强制", "coercion")):
        assert any(row[0] == label and str(fields[f"active.{key}.change"]) in row for row in rows), (label, rows)

def test_print_faded_to_brown_on_yellowed_paper_keeps_its_contrast(printed):
    """Table 三 printed by Chromium (Noto Serif CJK), through the ``aged_paper`` style (print faded to dark grey,
    the sheet yellowed: the scan's colour shift turns the print brown), with a red seal stamped on it. The
    print's tint is the scan's, not a coloured ink's: read through its brightest channel like the seal, it was
    lifted to a third of its contrast (grey 150 on paper 228). It keeps its darkness; the seal still goes."""
    from pipeline.synth.scanner_styles import aged_paper

    record, pdf = printed
    band, _ = _band(pdf, "予以公开", 40, 160, DPI)
    aged = aged_paper(band.convert("RGB"), random.Random(5), 1.0, DPI)
    aged = stamp(aged, draw_seal(320, "某某市某某局政府信息公开专用章", random.Random(3)), (900, 0))
    rgb = np.asarray(aged)
    grey, luma = to_grey(rgb), cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    clean = np.asarray(band) < 100
    sealed = (rgb[..., 0].astype(int) - rgb[..., 2] > 100) & ~cv2.dilate(clean.astype(np.uint8), np.ones((5, 5))) > 0
    paper = float(np.median(grey))
    assert paper - float(np.median(grey[clean])) >= 0.85 * (float(np.median(luma)) - float(np.median(luma[clean])))
    assert (ink_mask(grey, DPI)[sealed] > 0).mean() < 0.02  # nothing of the seal is ink
    items, _ = read_page(grey, DPI, 1)
    rows = [[c.text for c in row] for _, b in items if isinstance(b, Table) for row in b.rows()]
    for key in ("granted", "partially_granted", "denied_state_secret"):
        values = [str(record["fields"][f"requests.{key}.{a}"]) for a in _APPLICANTS]
        assert any(row[-7:] == values for row in rows), (key, values, rows)


def test_a_cell_read_blank_over_marks_it_did_not_read_is_unsure():
    """A ruled table: dark values, one ``0`` faded far under the print (a mark line finding leaves out as not
    print), one cell printed empty. Both cells read blank, but only the empty one surely: a lost ``0`` leaves
    every identity as it was, so its blank must not count as read (the record is flagged, pipeline/repair.py)."""
    img = Image.fromarray(_grid_page(False))
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 40)
    for x in (400, 700):
        for y in (100, 250, 400, 550):
            d.text((x + 120, y + 50), "17", fill=30, font=font)
    d.text((240, 300), "0", fill=222, font=font)  # row 2, column 1: faded
    items, _ = read_page(np.asarray(img), DPI, 1)
    [table] = [b for _, b in items if isinstance(b, Table)]
    cells = {(c.row, c.col): c for c in table.cells}
    assert [cells[(r, 1)].text for r in range(4)] == ["17"] * 4
    assert cells[(1, 0)].text == "" and cells[(1, 0)].confidence < 0.97  # the faded 0: blank, unsure
    assert cells[(2, 0)].text == "" and cells[(2, 0)].confidence == 1.0  # printed empty


@pytest.fixture(scope="module")
def uming_numbers() -> tuple[list[list[str]], bytes]:
    """A ruled table of 128 numbers (every digit, one and two places) printed by Chromium in AR PL UMing, the
    thinnest face of the matrix, whose strokes a copy of a copy's threshold breaks."""
    values = [[str((7 * r + 3 * c) % 10 if (r + c) % 3 else (11 * r + 13 * c) % 97) for c in range(8)]
              for r in range(16)]
    cell = "border:1px solid #000;width:60px;height:40px;text-align:center"
    html = ("<html><head></head><body><table style='border-collapse:collapse;font-size:10.5pt'>"
            + "".join("<tr>" + "".join(f"<td style='{cell}'>{v}</td>" for v in row) + "</tr>" for row in values)
            + "</table></body></html>")
    return values, print_html(html.encode(), FONTS["uming"])


@pytest.mark.parametrize("name", ["b.pdf", "c.pdf"])
def test_digits_a_copy_of_a_copy_broke_are_read_or_unsure(uming_numbers, name):
    """Through ``copy_of_copy`` (two copier generations: threshold, toner drag) UMing's 4 loses its diagonal and
    its 5 its stem: read ``↓``, ``」``, ``+`` and ``J`` (5 cells of ``b.pdf`` on the base, a row lost where such a
    cell stands in a report). Read again thickened, and as digits only when a cell reads as symbols alone, each
    cell is its number, or unsure (an identity must vouch for it); ``b.pdf`` reads every cell right."""
    values, pdf = uming_numbers
    scan = pdfium.PdfDocument(scan_styled(pdf, "copy_of_copy", name))
    grey = np.asarray(scan[0].render(scale=DPI / 72).to_pil().convert("L"))
    items, _ = read_page(grey, DPI, 1)
    cells = [c for _, b in items if isinstance(b, Table) for c in b.cells]
    assert len(cells) == 128
    wrong = [(c.row, c.col, c.text, c.confidence) for c in cells if c.text != values[c.row][c.col]]
    assert all(confidence < 0.97 for *_, confidence in wrong), wrong  # never a sure wrong number
    if name == "b.pdf":
        assert wrong == []
