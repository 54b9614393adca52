"""Born-digital PDFs of a report made by independent tools: the producer matrix of issue 13.

Our own renderer (:mod:`pipeline.synth.pdf_render`, reportlab) is one producer among several. The others
print the report :mod:`pipeline.synth.html_render` writes (its ``cms`` page, nothing re-templated) or the
Word file :mod:`pipeline.synth.docx_render` writes, through the tools offices and browsers use:

- ``chromium``: headless Chromium's print to PDF (Skia; Debian ``chromium``);
- ``weasyprint``: WeasyPrint (PyPI);
- ``xhtml2pdf``: xhtml2pdf (PyPI; reportlab underneath, TrueType faces only);
- ``libreoffice``: LibreOffice Writer's PDF export of the .docx (``soffice --headless --convert-to pdf``);
- ``wkhtmltopdf``: wkhtmltopdf (Qt WebKit; Debian);
- ``ghostscript``: WeasyPrint's PDF re-distilled by Ghostscript (``gs -sDEVICE=pdfwrite``): new fonts,
  new content streams;
- ``fpdf2``: fpdf2's ``write_html`` (PyPI; its own PDF writer and table layout, independent of reportlab) on
  the page's article (title, info lines, report): no CSS, so its own cell padding and wrapping, and Latin
  characters the CJK face lacks (Droid Sans Fallback has no ASCII digits) from a fallback face;
- ``reportlab``: our own renderer, in its ``portrait`` and ``wps`` layouts (WenQuanYi Micro Hei only);
- ``mupdf``: PyMuPDF's Story (PyPI ``pymupdf``): MuPDF's own HTML/CSS layout engine and PDF writer, the font's
  face (cut out of its collection) embedded through an ``@font-face`` rule and an ``Archive``;
- ``cairo``: Chromium's or LibreOffice's PDF (chosen per document by its name) re-distilled by poppler's
  ``pdftocairo -pdf`` (Debian ``poppler-utils``): fonts re-embedded as new subsets, a new text layer;
- ``typst``: the Typst compiler (PyPI ``typst``, a wheel): the page's article written as Typst markup
  (:mod:`pipeline.synth.typst_markup`), laid out and written by Typst's own engine, only the font's file (and
  DejaVu Sans for what it lacks) given to it;
- ``abiword``: AbiWord's PDF export of the .docx (``abiword --to=pdf``; Debian ``abiword``): a word processor
  with its own layout engine, as Word and WPS exports are;
- ``fop``: Apache FOP (Debian ``fop``, Java): the page's article written as XSL-FO
  (:mod:`pipeline.synth.fo_markup`), the font's face (cut out of its collection) and DejaVu Sans for what it
  lacks named in a FOP configuration; a server-side formatter's fixed-width table layout;
- ``qt``: Qt 6's own rich-text layout and PDF writer (PyPI ``PySide6-Essentials``; :mod:`pipeline.synth.qt_print`):
  ``QTextDocument`` of the ``cms`` page printed by ``QPdfWriter`` on A4, the font set by family (modern Qt's
  text engine; wkhtmltopdf is the old QtWebKit);
- ``xelatex``: the page's article written as LaTeX (:mod:`pipeline.synth.latex_markup`: xeCJK, ``longtable``,
  rules as ``|`` and ``hline`` only when ruled), compiled by XeTeX (Debian ``texlive-xetex`` and
  ``texlive-lang-chinese``), the font's file handed to fontspec (DejaVu Sans for Latin when it has no digits).

- ``itext``: iText 5 from Java (Debian ``libitext5-java``; :mod:`pipeline.synth.itext_markup` writes the article
  as a JSON job, :mod:`pipeline.synth.itext_print` compiles the program once and runs it): ``PdfPTable`` per
  table, the font's file embedded as ``BaseFont.IDENTITY_H``, DejaVu Sans for what it lacks by a ``FontSelector``;
- ``pdfmake``: pdfmake's server-side ``PdfPrinter`` on Node.js (npm, installed once by
  ``scripts/install_producers.sh``; :mod:`pipeline.synth.pdfmake_markup` writes the document definition,
  :mod:`pipeline.synth.pdfmake_print` runs it), the font by its file, pdfkit's PDF writer underneath.

- ``tcpdf``: TCPDF 6.6 from PHP (Debian ``php-tcpdf``; :mod:`pipeline.synth.article_json` writes the article as
  a JSON job, :mod:`pipeline.synth.script_print` runs ``resources/tcpdf_report.php``): each block written as HTML by
  TCPDF's own ``writeHTML`` (its own table layout), the font's TrueType face (cut out of its collection) converted
  once by ``TCPDF_FONTS::addTTFfont`` and embedded as a subset, runs the face lacks in DejaVu Sans;
- ``prawn``: Prawn 2.4 and prawn-table from Ruby (Debian ``ruby-prawn``, ``ruby-prawn-table``;
  ``resources/prawn_report.rb``): formatted text and one ``Prawn::Table`` per table (columns sized by
  prawn-table from their content), the font's file embedded by ttfunk as 256-glyph TrueType subsets, DejaVu Sans
  as Prawn's fallback font.
- ``jspdf``: jsPDF 4.2 with jspdf-autotable 5.0 on Node.js (npm, pinned, beside pdfmake;
  ``resources/jspdf_report.js`` prints the same JSON job): text split by ``splitTextToSize`` and written by
  ``text``, one ``autoTable`` per table (``theme: 'grid'`` ruled, ``'plain'`` with no line unruled; its own
  column widths and page breaks), the font's TrueType face (cut out of its collection) added by
  ``addFileToVFS``/``addFont``, runs the face lacks in DejaVu Sans.

The producers ``ghostscript``, ``tcpdf`` and ``jspdf`` (from stop 20) and the fonts ``babelstone`` (BabelStone Han) and ``twsung`` (TW-Sung) are
held-out columns (``eval/producers.py``); ``qt`` and ``xelatex`` are tuned since stop 18, ``itext``, ``pdfmake`` and the
fonts ``ukai`` and ``hanamin`` (HanaMinA) since stop 19, ``prawn`` since stop 20.

A font (:data:`FONTS`, Debian packages) is forced on the whole page by one style rule or by renaming the
fonts of the .docx; the ``unruled`` layout turns every table border off (Word tables with borders off, CSS
``border: none``). :func:`produce` gives the PDF bytes, or raises :class:`Unsupported` for a combination a tool
cannot make (xhtml2pdf with the CFF-flavoured Noto fonts; reportlab in another font or unruled; FOP with
the CFF fonts, whose digits it maps to private-use code points; iText with a font file it cannot read; TCPDF,
Prawn and jsPDF with the CFF fonts).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import quoteattr

from pipeline.synth.html_render import render_html
from pipeline.template.printed import SECTIONS

#: Font key → (fontconfig family, TrueType file and face for reportlab-based tools, or None for CFF fonts).
FONTS: dict[str, tuple[str, tuple[str, int] | None]] = {
    "wqy-microhei": ("WenQuanYi Micro Hei", ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0)),
    "wqy-zenhei": ("WenQuanYi Zen Hei", ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0)),
    "noto-sans": ("Noto Sans CJK SC", None),
    "noto-serif": ("Noto Serif CJK SC", None),
    "uming": ("AR PL UMing CN", ("/usr/share/fonts/truetype/arphic/uming.ttc", 0)),
    "ukai": ("AR PL UKai CN", ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0)),
    # Odd metrics: a fallback face with Latin digits narrower than its ideographs, and a monospaced face.
    "droid": ("Droid Sans Fallback", ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0)),
    "noto-mono": ("Noto Sans Mono CJK SC", None),
    # Other designs (branch prod5): two Kai faces, an old GB2312 Kai with half-em Latin digits and a modern one
    # with 0.6 em digits; an old GB2312 Song; a condensed oblique display face with proportional digits.
    "gkai": ("AR PL KaitiM GB", ("/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf", 0)),
    "wenkai": ("LXGW WenKai", ("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf", 0)),
    "gbsn": ("AR PL SungtiL GB", ("/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf", 0)),
    "smiley": ("Smiley Sans", ("/usr/share/fonts/truetype/smiley-sans/SmileySans-Oblique.ttf", 0)),
    # Tuned since stop 19 (held out from stop 17, branch hprod): a Mincho face drawn by the KAGE system (GlyphWiki), a design
    # of its own, TrueType, with every character the reports print (checked with fontTools on 26 pages' HTML).
    "hanamin": ("HanaMinA", ("/usr/share/fonts/truetype/hanazono/HanaMinA.ttf", 0)),
    # Held out (stop 19, branch hprod9, eval/producers.py): BabelStone Han, a TrueType Ming face of its own design
    # (Debian fonts-babelstone-han), every character the reports print (checked with fontTools on 30 pages' HTML).
    "babelstone": ("BabelStone Han", ("/usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf", 0)),
    # Held out (stop 19, branch hprod9): TW-Sung (全字庫正宋體), the Sung face of Taiwan's CNS 11643 set (Debian
    # fonts-cns11643-sung), TrueType, a design of its own, every character the reports print (fontTools, 30 pages).
    "twsung": ("TW-Sung", ("/usr/share/fonts/truetype/cns11643/TW-Sung-98_1.ttf", 0)),
}
#: ``-cut``: table 三 starts on a new page below a spacer whose height the record's name draws, so a page
#: break cuts the table at a row that varies from document to document (beside a rowspan label such as
#: （六）其他处理, between a row's values and its label, …), as it does by chance in real reports.
LAYOUTS = ("ruled", "unruled", "ruled-cut", "unruled-cut")
#: The spacer above table 三 in a ``-cut`` layout, millimetres: from a near-empty page top to most of a page.
CUT_SPACER_MM = (20, 230)
#: What every report prints; a face without them cannot print a report where a tool has no fallback.
DIGITS = "0123456789"
#: Font files that hold several faces: a tool names one of them by its index, or must be given one cut out.
COLLECTION_SUFFIXES = (".ttc", ".otc")
#: The page the HTML producers print.
HTML_LAYOUT = "cms"
#: Seconds a tool may take for one document before it counts as failed.
TOOL_TIMEOUT = 120
_DOCX_FONT_ATTR = re.compile(rb'(w:(?:ascii|hAnsi|eastAsia|cs)=")[^"]*(")')
_DOCX_TABLE_STYLE = re.compile(rb'<w:tblStyle w:val="[^"]*"/>')
#: fpdf2's face for characters the CJK font lacks (Debian fonts-dejavu-core).
FPDF_FALLBACK = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#: fpdf2's font sizes (pt), tried in turn: it keeps rows merged by one cell (table 三's 22 rows under
#: 三、本年度办理结果) on one page, and in a face with taller lines (AR PL KaitiM GB, LXGW WenKai) they do not
#: fit at the first size; a user would print smaller.
FPDF_SIZES = (10, 9, 8)
_FPDF_TOO_HIGH = "too high and cannot be rendered on a single page"
#: fpdf2 prints the page's article only: what lies between these two marks of the ``cms`` page.
_ARTICLE_MARKS = ('<div class="content">', '<div class="article-tools">')
_IMG = re.compile(r"<img[^>]*>")
#: Inline font choices of the page (宋体 …), which some tools let win over the forced font.
_INLINE_FONT = re.compile(r"font-family:[^;\"]*;?")
#: MuPDF's page: A4 in points, and the margin on every side (2 cm, Word's default).
MUPDF_PAGE = "a4"
MUPDF_MARGIN_PT = 56.7
#: The family name the ``@font-face`` rule gives the embedded face in MuPDF's Story.
MUPDF_FAMILY = "gongkai-face"
#: More pages than any report fills: a Story that has not ended by then lays the same content out again (a
#: table it cannot break: it starts over at the first page).
MUPDF_MAX_PAGES = 60
#: The ``-cut`` spacer's page break, which MuPDF's Story does not honour (it lays the same pages out again
#: without end): the story is cut there in two, the second begun on a new page.
_CUT_BREAK = "page-break-before:always;break-before:page;"
#: A cell's inline border (``border:1px solid #000000``), which MuPDF lets win over an ``!important`` rule.
_INLINE_BORDER = re.compile(r"(?<![-\w])border:[^;\"]*;?")
#: ``cairo`` re-distils one of these tools' PDFs, chosen per document by its name.
CAIRO_SOURCES = ("chromium", "libreoffice")
#: Typst's and FOP's face for what the CJK font lacks (Droid Sans Fallback's Latin digits): fpdf2's, by name.
TYPST_FALLBACK = "DejaVu Sans"


class Unsupported(ValueError):
    """This producer cannot print in this font or layout."""


def _ruled(layout: str) -> bool:
    return not layout.startswith("unruled")


def cut_spacer_mm(record: dict) -> int:
    """The spacer above table 三 in a ``-cut`` layout, drawn from the record's name (so fixed per document)."""
    low, high = CUT_SPACER_MM
    digest = hashlib.sha256(record["source"].encode("utf-8")).digest()
    return low + int.from_bytes(digest[:4], "big") % (high - low + 1)


def _style(font: str, layout: str) -> str:
    family = FONTS[font][0]
    css = f'* {{ font-family: "{family}" !important; }}\n'
    if not _ruled(layout):
        css += "table, tr, td, th { border: none !important; border-collapse: collapse; }\n"
    return css


def page_html(record: dict, font: str, layout: str, family: str | None = None, spacer_mm: int | None = None) -> str:
    """The ``cms`` page of the record with one style rule forcing the font (and the tables' borders off); a
    ``-cut`` layout's spacer is ``spacer_mm`` high when given (a test placing the break at a chosen row)."""
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}, not {layout!r}")
    html = _INLINE_FONT.sub("", render_html(record, HTML_LAYOUT).decode("utf-8"))
    if layout.endswith("-cut"):
        heading = f"<strong>{SECTIONS[2]}</strong>"
        at = html.rfind("<p", 0, html.index(heading))
        spacer = (f'<div style="page-break-before:always;break-before:page;height:{spacer_mm or cut_spacer_mm(record)}mm;">'
                  "</div>\n")
        html = html[:at] + spacer + html[at:]
    css = _style(font, layout)
    if family:
        css = css.replace(f'"{FONTS[font][0]}"', family)
    return html.replace("</head>", f"<style>\n{css}</style>\n</head>", 1)


def _run(args: list[str], cwd: Path, out: Path | None = None) -> None:
    """Run a tool; a non-zero exit is a failure unless it still wrote ``out`` (wkhtmltopdf exits 1 when a
    page resource, such as the CMS page's stylesheet, fails to load)."""
    done = subprocess.run(args, cwd=cwd, capture_output=True, timeout=TOOL_TIMEOUT, check=False)
    if done.returncode != 0 and not (out is not None and out.is_file() and out.stat().st_size):
        raise RuntimeError(f"{args[0]} failed ({done.returncode}): {done.stderr.decode(errors='replace')[-400:]}")


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise Unsupported(f"{name} is not installed")
    return path


def chromium(record: dict, font: str, layout: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in.html", Path(tmp) / "out.pdf"
        src.write_text(page_html(record, font, layout), encoding="utf-8")
        _run([_tool("chromium"), "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
              f"--user-data-dir={tmp}/profile", f"--print-to-pdf={out}", src.as_uri()], Path(tmp))
        return out.read_bytes()


def weasyprint(record: dict, font: str, layout: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=page_html(record, font, layout)).write_pdf()


def wkhtmltopdf(record: dict, font: str, layout: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in.html", Path(tmp) / "out.pdf"
        src.write_text(page_html(record, font, layout), encoding="utf-8")
        _run([_tool("wkhtmltopdf"), "--quiet", "--encoding", "utf-8", "--load-error-handling", "ignore",
              "--load-media-error-handling", "ignore", str(src), str(out)], Path(tmp), out)
        return out.read_bytes()


def _reportlab_font(font: str) -> str:
    """Register the TrueType face of ``font`` with reportlab; its registered name."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    face = FONTS[font][1]
    if face is None:
        raise Unsupported(f"{font} is a CFF (OpenType) font; reportlab-based tools need TrueType")
    name = "P_" + font.replace("-", "_")
    if name not in pdfmetrics.getRegisteredFontNames():
        truetype = TTFont(name, face[0], subfontIndex=face[1])
        if not all(ord(d) in truetype.face.charToGlyph for d in DIGITS):
            # reportlab has no fallback face: the report's numbers would not be printed at all (a page of
            # empty cells is no test of reading them)
            raise Unsupported(f"{font} has no Latin digits, and reportlab-based tools print none without them")
        pdfmetrics.registerFont(truetype)
    return name


def xhtml2pdf(record: dict, font: str, layout: str) -> bytes:
    from xhtml2pdf import default, pisa

    name = _reportlab_font(font)
    default.DEFAULT_FONT[name.lower()] = name
    out = io.BytesIO()
    status = pisa.CreatePDF(page_html(record, font, layout, family=name), dest=out, encoding="utf-8")
    if status.err:
        raise RuntimeError(f"xhtml2pdf reported {status.err} error(s)")
    return out.getvalue()


def fpdf2(record: dict, font: str, layout: str) -> bytes:
    face = FONTS[font][1]
    if face is None:
        raise Unsupported(f"{font} is a CFF (OpenType) font; fpdf2 embeds TrueType here")
    html = _article(page_html(record, font, layout))
    if not _ruled(layout):
        html = html.replace('border="1"', 'border="0"')  # fpdf2 reads the attribute, not the style rule
    for size in FPDF_SIZES[:-1]:
        try:
            return _fpdf2_print(html, face, size, _ruled(layout))
        except ValueError as exc:
            if _FPDF_TOO_HIGH not in str(exc):
                raise
    return _fpdf2_print(html, face, FPDF_SIZES[-1], _ruled(layout))


def _fpdf2_print(html: str, face: tuple[str, int], size: int, ruled: bool) -> bytes:
    """fpdf2's PDF of the article in the TrueType ``face`` at ``size`` pt, DejaVu Sans for what it lacks."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    for style in ("", "B"):
        pdf.add_font("cjk", style=style, fname=face[0], collection_font_number=face[1])
        pdf.add_font("fallback", style=style, fname=FPDF_FALLBACK)
    pdf.set_fallback_fonts(["fallback"])
    pdf.set_font("cjk", size=size)
    pdf.add_page()
    with contextlib.redirect_stderr(io.StringIO()):  # fpdf2 logs the page's unclosed tags and missing glyphs
        # ruled: every cell's rules (fpdf2 draws only the frame and the column rules without the separators)
        pdf.write_html(html, font_family="cjk", table_line_separators=ruled)
    return bytes(pdf.output())


def docx_bytes(record: dict, font: str, layout: str) -> bytes:
    """The Word report with every font renamed to ``font`` and, unruled, its tables without a border style."""
    from pipeline.synth.docx_render import render_docx

    family = FONTS[font][0].encode("utf-8")
    src = zipfile.ZipFile(io.BytesIO(render_docx(record)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename in ("word/document.xml", "word/styles.xml"):
                data = _DOCX_FONT_ATTR.sub(lambda m: m.group(1) + family + m.group(2), data)
                if not _ruled(layout) and item.filename == "word/document.xml":
                    data = _DOCX_TABLE_STYLE.sub(b"", data)  # the default table style draws no borders
                if layout.endswith("-cut") and item.filename == "word/document.xml":
                    data = _docx_cut(data, cut_spacer_mm(record))
            dst.writestr(item, data)
    return out.getvalue()


def _docx_cut(document: bytes, spacer_mm: int) -> bytes:
    """A new page and an empty paragraph ``spacer_mm`` high (exact line height) before table 三's heading."""
    at = document.rfind(b"<w:p>", 0, document.index(SECTIONS[2].encode("utf-8")))
    twips = round(spacer_mm / 25.4 * 1440)
    spacer = (f'<w:p><w:pPr><w:pageBreakBefore/><w:spacing w:before="0" w:after="0" w:line="{twips}" '
              'w:lineRule="exact"/></w:pPr></w:p>').encode()
    return document[:at] + spacer + document[at:]


def libreoffice(record: dict, font: str, layout: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "report.docx"
        src.write_bytes(docx_bytes(record, font, layout))
        _run([_tool("soffice"), f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "pdf",
              "--outdir", tmp, str(src)], Path(tmp))
        return (Path(tmp) / "report.pdf").read_bytes()


def ghostscript(record: dict, font: str, layout: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in.pdf", Path(tmp) / "out.pdf"
        src.write_bytes(weasyprint(record, font, layout))
        _run([_tool("gs"), "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite", f"-sOutputFile={out}",
              str(src)], Path(tmp))
        return out.read_bytes()


def reportlab(record: dict, font: str, layout: str) -> bytes:
    from pipeline.synth.pdf_render import render_pdf

    if font != "wqy-microhei" or layout != "ruled":  # -cut too: the renderer places its own page breaks
        raise Unsupported("our renderer prints ruled tables in WenQuanYi Micro Hei only")
    return render_pdf(record, "wps" if sum(map(ord, record["source"])) % 2 else "portrait")


@functools.lru_cache(maxsize=4)
def _in_collection(path: Path | str) -> bool:
    """Is the font file a collection of faces (a tool takes one face of it by index, or not at all)?"""
    return str(path).lower().endswith(COLLECTION_SUFFIXES)


def _face_file(family: str) -> tuple[str, bytes]:
    """The file name and bytes of ``family``'s own face, cut out of its collection (MuPDF's ``@font-face``
    takes a collection's first face, Noto Sans CJK JP for every Noto CJK family)."""
    from fontTools.ttLib import TTCollection, TTFont

    file, index = _font_file(family)
    path = str(file)
    if not _in_collection(path):
        return Path(path).name, Path(path).read_bytes()
    face: TTFont = TTCollection(path, lazy=True).fonts[int(index)]
    out = io.BytesIO()
    face.save(out)
    return Path(path).stem + ("-%s.otf" if "CFF " in face else "-%s.ttf") % index, out.getvalue()


#: The CMS page's link to its site stylesheet (``html_render``), a server path no local archive holds.
_SITE_STYLESHEET = re.compile(r'<link rel="stylesheet" href="/static/[^"]*">')


def _story_pages(writer, html: str, css: str, archive) -> None:
    """Lay ``html`` out with MuPDF's Story on as many A4 pages as it needs, each written to ``writer``."""
    import pymupdf

    story = pymupdf.Story(html=html, user_css=css, archive=archive)
    media = pymupdf.paper_rect(MUPDF_PAGE)
    where = media + (MUPDF_MARGIN_PT, MUPDF_MARGIN_PT, -MUPDF_MARGIN_PT, -MUPDF_MARGIN_PT)
    more, pages = True, 0
    while more:
        pages += 1
        if pages > MUPDF_MAX_PAGES:
            raise RuntimeError(f"MuPDF's Story did not end within {MUPDF_MAX_PAGES} pages")
        device = writer.begin_page(media)
        more, _ = story.place(where)
        story.draw(device)
        writer.end_page()


def mupdf(record: dict, font: str, layout: str) -> bytes:
    import pymupdf

    name, data = _face_file(FONTS[font][0])
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / name).write_bytes(data)
        archive = pymupdf.Archive(tmp)
        css = f'@font-face {{ font-family: "{MUPDF_FAMILY}"; src: url("{name}"); }}\n'
        html = page_html(record, font, layout, family=f'"{MUPDF_FAMILY}"')
        if not _ruled(layout):  # MuPDF lets the cells' inline borders win over the rule's !important
            html = _INLINE_BORDER.sub("", html)
        # the CMS page's own stylesheet is a path on its web server: MuPDF would print "cannot find entry" per part
        html = _SITE_STYLESHEET.sub("", html)
        parts = [html]
        if _CUT_BREAK in html:  # the second part: the page's head, then the spacer on a page of its own
            at = html.rindex("<div", 0, html.index(_CUT_BREAK))
            head = html[:html.index("<body")]
            parts = [html[:at] + "</body></html>", head + "<body>" + html[at:].replace(_CUT_BREAK, "", 1)]
        out = io.BytesIO()
        writer = pymupdf.DocumentWriter(out)
        for part in parts:
            _story_pages(writer, part, css, archive)
        writer.close()
    _all_digits_printed(html, out.getvalue())
    return out.getvalue()


def _all_digits_printed(html: str, pdf: bytes, tool: str = "MuPDF's Story") -> None:
    """Raise when the PDF prints fewer digits than the page's text holds. A block MuPDF's Story will not break
    (table 四's header beside its vertical labels) can be laid past the page's foot: what stands there is
    never printed and the Story goes on after it, so the report's numbers are simply not in the PDF (checked
    on the rendered pages), which no reading can score. prawn-table drops the rows of a rowspan too tall for
    the page's rest the same way. A count of digits, never their values."""
    import lxml.html
    import pymupdf

    tree = lxml.html.fromstring(html)
    for hidden in tree.xpath("//head|//script|//style"):
        hidden.drop_tree()
    wanted = sum(ch.isdigit() for ch in tree.text_content())
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        printed = sum(ch.isdigit() for page in doc for ch in page.get_text())
    if printed < wanted:
        raise RuntimeError(f"{tool} left {wanted - printed} of the page's {wanted} digits unprinted "
                           "(a block it would not break ran past the page's foot)")


def cairo(record: dict, font: str, layout: str) -> bytes:
    digest = hashlib.sha256(record["source"].encode("utf-8")).digest()
    source = PRODUCERS[CAIRO_SOURCES[digest[-1] % len(CAIRO_SOURCES)]]
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in.pdf", Path(tmp) / "out.pdf"
        src.write_bytes(source(record, font, layout))
        _run([_tool("pdftocairo"), "-pdf", str(src), str(out)], Path(tmp))
        return out.read_bytes()


def _article(html: str) -> str:
    """The page's article (title, info lines, report), as fpdf2 and Typst print it."""
    return _IMG.sub("", html[html.index(_ARTICLE_MARKS[0]):html.index(_ARTICLE_MARKS[1])])


def _font_file(family: str) -> tuple[Path, int]:
    """The file and face index fontconfig gives ``family``, a link followed to the font's own file (HanaMinA is
    found through Debian's alternatives link fonts-japanese-mincho.ttf, and Typst names a face by its file)."""
    # a pattern's "-" starts its size: TW-Sung is matched as TW\-Sung
    found = subprocess.run([_tool("fc-match"), "-f", "%{file}\t%{index}", family.replace("-", "\\-")],
                           capture_output=True, text=True, timeout=TOOL_TIMEOUT, check=True).stdout
    path, index = found.rsplit("\t", 1)
    return Path(path).resolve(), int(index)


@functools.cache
def _installed(family: str) -> None:
    """Raise unless fontconfig has ``family`` itself: it answers a family that is not installed (AR PL UKai and
    WenQuanYi Zen Hei on a fresh stop-20 machine) with its default face, DejaVu Sans, which a tool given the file
    embeds, printing the report's ideographs as missing glyphs under the font's name, and a browser given the family
    silently prints another CJK face: a column of the matrix that is not in its font. :func:`produce` asks first,
    for every producer."""
    found = subprocess.run([_tool("fc-match"), "-f", "%{family}", family.replace("-", "\\-")],
                           capture_output=True, text=True, timeout=TOOL_TIMEOUT, check=True).stdout
    if family not in found.replace("\\", "").split(","):
        raise RuntimeError(f"the font {family!r} is not installed (fontconfig gives {found!r})")


def typst(record: dict, font: str, layout: str) -> bytes:
    import typst as compiler

    from pipeline.synth.typst_markup import typst_markup

    (path, index), fallback = _font_file(FONTS[font][0]), Path(FPDF_FALLBACK)
    with tempfile.TemporaryDirectory() as tmp:
        src, faces = Path(tmp) / "report.typ", Path(tmp) / "fonts"
        # only these two files: Typst takes font folders, and given the whole of /usr/share/fonts/truetype/arphic
        # it printed "AR PL UMing CN" (a family it names "AR PL UMing") in the UKai face beside it
        faces.mkdir()
        for face in (path, fallback):
            (faces / face.name).symlink_to(face)
        # the family as Typst names the face (its typographic family, not fontconfig's)
        family = next(info.family for info in compiler.Fonts(include_system_fonts=False, font_paths=[str(faces)]).fonts()
                      if info.path and Path(info.path).name == path.name and info.index == index)
        src.write_text(typst_markup(_article(page_html(record, font, layout)), [family, TYPST_FALLBACK],
                                    _ruled(layout)), encoding="utf-8")
        pdf, warnings = compiler.compile_with_warnings(str(src), font_paths=[str(faces)], ignore_system_fonts=True,
                                                       pdf_tags=False)
        if warnings:  # an unknown family falls back to Typst's own Latin faces: not a report in this font
            raise RuntimeError(f"typst: {'; '.join(str(w) for w in warnings)[:300]}")
        return pdf


def abiword(record: dict, font: str, layout: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "report.docx", Path(tmp) / "report.pdf"
        src.write_bytes(docx_bytes(record, font, layout))
        _run([_tool("abiword"), "--to=pdf", "-o", str(out), str(src)], Path(tmp), out)
        return out.read_bytes()


def _fop_config(faces: list[tuple[str, Path]]) -> str:
    """A FOP configuration that embeds each ``(family, file)`` face, regular and bold (one face for both)."""
    fonts = "".join(
        f'<font kerning="yes" embed-url={quoteattr(path.as_uri())}>'
        + "".join(f'<font-triplet name={quoteattr(family)} style="normal" weight="{w}"/>' for w in ("normal", "bold"))
        + "</font>" for family, path in faces)
    return (f'<fop version="1.0"><renderers><renderer mime="application/pdf"><fonts>{fonts}</fonts></renderer>'
            "</renderers></fop>")


def fop(record: dict, font: str, layout: str) -> bytes:
    from pipeline.synth.fo_markup import fo_document

    if FONTS[font][1] is None:
        # FOP 2.8 gives a CFF (OpenType) face's digits private-use code points (0 → U+E000 …) in the text layer:
        # the PDF prints no text for the report's numbers, the reader sends such pages to OCR (measured on the
        # first run, branch prod6), and the matrix would score the OCR, not a born-digital reading
        raise Unsupported(f"{font} is a CFF (OpenType) font; FOP maps its digits to private-use code points")
    family = FONTS[font][0]
    name, data = _face_file(family)
    with tempfile.TemporaryDirectory() as tmp:
        face, src, out, config = (Path(tmp) / name, Path(tmp) / "report.fo", Path(tmp) / "report.pdf",
                                  Path(tmp) / "fop.xconf")
        face.write_bytes(data)  # one face: FOP reads a collection's only by its full name
        config.write_text(_fop_config([(family, face), (TYPST_FALLBACK, Path(FPDF_FALLBACK))]), encoding="utf-8")
        src.write_text(fo_document(_article(page_html(record, font, layout)), [family, TYPST_FALLBACK],
                                   _ruled(layout)), encoding="utf-8")
        _run([_tool("fop"), "-q", "-c", str(config), "-fo", str(src), "-pdf", str(out)], Path(tmp), out)
        return out.read_bytes()


#: Qt's rich-text engine ignores a div's height (and a top margin at a page's head): the ``-cut`` spacer becomes
#: an empty paragraph with this bottom margin in pixels (Qt's CSS lengths; 96 px to the inch) per millimetre of the spacer.
QT_PX_PER_MM = 96 / 25.4
_SPACER_DIV = re.compile(r'<div style="page-break-before:always;break-before:page;height:(\d+)mm;"></div>')


def qt_html(record: dict, font: str, layout: str) -> str:
    """The ``cms`` page as Qt's rich-text engine is given it: no images, scripts or site stylesheet (nothing to
    load), unruled tables without their border attribute or the cells' inline borders, and the ``-cut`` spacer
    as a margin Qt honours."""
    html = _SITE_STYLESHEET.sub("", _IMG.sub("", page_html(record, font, layout)))
    html = re.sub(r"<script[^>]*></script>", "", html)
    if not _ruled(layout):
        html = _INLINE_BORDER.sub("", html.replace('border="1"', 'border="0"'))
    return _SPACER_DIV.sub(lambda m: '<p style="page-break-before:always;margin-top:0;margin-bottom:'
                           f'{round(int(m.group(1)) * QT_PX_PER_MM)}px;">&nbsp;</p>', html)


def qt(record: dict, font: str, layout: str) -> bytes:
    from pipeline.synth.qt_print import html_to_pdf

    return html_to_pdf(qt_html(record, font, layout), FONTS[font][0])


#: XeLaTeX's passes: a second only when the log asks for it (longtable's column widths settle over runs).
XELATEX_MAX_RUNS = 2
_RERUN = "Rerun LaTeX"


def _has_digits(path: Path, index: int) -> bool:
    """Whether the face has every Latin digit (Droid Sans Fallback has none)."""
    from fontTools.ttLib import TTFont

    cmap = TTFont(str(path), fontNumber=index, lazy=True).getBestCmap()
    return all(ord(d) in cmap for d in DIGITS)


def xelatex(record: dict, font: str, layout: str) -> bytes:
    from pipeline.synth.latex_markup import Font, latex_document

    path, index = _font_file(FONTS[font][0])
    face = Font(str(path), index, _has_digits(path, index), TYPST_FALLBACK)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "report.tex"
        src.write_text(latex_document(_article(page_html(record, font, layout)), face, _ruled(layout)),
                       encoding="utf-8")
        for _ in range(XELATEX_MAX_RUNS):
            _run([_tool("xelatex"), "-interaction=nonstopmode", "-halt-on-error", src.name], Path(tmp))
            if _RERUN not in (Path(tmp) / "report.log").read_text(encoding="utf-8", errors="replace"):
                break
        return (Path(tmp) / "report.pdf").read_bytes()


def _itext_font(path: Path, index: int) -> str:
    """The font's file as iText names it: ``path``, or ``path,index`` for a face in a collection."""
    return f"{path},{index}" if _in_collection(path) else str(path)


def itext(record: dict, font: str, layout: str) -> bytes:
    from pipeline.synth.itext_markup import itext_job
    from pipeline.synth.itext_print import print_job
    from pipeline.synth.script_print import FontUnusable

    job = itext_job(_article(page_html(record, font, layout)), _itext_font(*_font_file(FONTS[font][0])),
                    FPDF_FALLBACK, _ruled(layout))
    try:
        return print_job(job)
    except FontUnusable as exc:
        raise Unsupported(f"iText 5 cannot use {font}: {exc}") from exc


@functools.lru_cache(maxsize=4)
def _face_cmap(path: Path, index: int) -> tuple[frozenset[int], str | None]:
    """The code points the face prints, and its PostScript name when it is one face of a collection."""
    from fontTools.ttLib import TTFont

    face = TTFont(str(path), fontNumber=index, lazy=True)
    return frozenset(face.getBestCmap()), face["name"].getDebugName(6) if _in_collection(path) else None


def pdfmake(record: dict, font: str, layout: str) -> bytes:
    from pipeline.synth.pdfmake_markup import FACE, FALLBACK, pdfmake_definition
    from pipeline.synth.pdfmake_print import font_entry, print_definition

    path, index = _font_file(FONTS[font][0])
    cmap, postscript_name = _face_cmap(path, index)
    definition = pdfmake_definition(_article(page_html(record, font, layout)), _ruled(layout),
                                    lambda ch: ord(ch) in cmap)
    fonts = {FACE: font_entry(path, postscript_name), FALLBACK: font_entry(Path(FPDF_FALLBACK), None)}
    return print_definition(definition, fonts)


def _job(article: str, font: str, layout: str, fonts: dict) -> dict:
    """The JSON job of the page's article for ``tcpdf``, ``prawn`` and ``jspdf``: runs the face lacks marked for
    the fallback."""
    from pipeline.synth.article_json import article_job

    cmap, _ = _face_cmap(*_font_file(FONTS[font][0]))
    return article_job(article, _ruled(layout), lambda ch: ord(ch) in cmap, fonts)


def _single_face(font: str, tool: str) -> Path:
    """The font's TrueType file for a tool that reads no collection (TCPDF, jsPDF): a face of one cut out into
    the tool's cache."""
    from pipeline.synth.script_print import cache_dir

    path, index = _font_file(FONTS[font][0])
    if not _in_collection(path):
        return path
    name, data = _face_file(FONTS[font][0])
    face = cache_dir(tool) / "faces" / name
    if not face.is_file():
        face.parent.mkdir(parents=True, exist_ok=True)
        partial = face.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(face)
    return face


def tcpdf(record: dict, font: str, layout: str) -> bytes:
    from pipeline.synth.script_print import cache_dir, tcpdf_pdf

    if FONTS[font][1] is None:  # TCPDF's addTTFfont refuses OpenType with CFF outlines
        raise Unsupported(f"{font} is a CFF (OpenType) font; TCPDF converts TrueType only")
    fonts = {"face": str(_single_face(font, "tcpdf")), "fallback": FPDF_FALLBACK, "cache": str(cache_dir("tcpdf") / "fonts")}
    return _script_pdf(record, font, layout, "TCPDF", fonts, tcpdf_pdf)


def _script_pdf(record: dict, font: str, layout: str, tool: str, fonts: dict,
                print_job: Callable[[dict], bytes]) -> bytes:
    """The page's article printed by a script producer (``tcpdf``, ``jspdf``) from its JSON job: refused when the
    tool cannot use the font, and failed unless every digit of the article is printed."""
    from pipeline.synth.script_print import FontUnusable

    article = _article(page_html(record, font, layout))
    try:
        pdf = print_job(_job(article, font, layout, fonts))
    except FontUnusable as exc:
        raise Unsupported(f"{tool} cannot use {font}: {exc}") from exc
    _all_digits_printed(article, pdf, tool)
    return pdf


#: Prawn's text sizes (pt), tried in turn: prawn-table draws a rowspan cell (table 三's 三、本年度办理结果 over 22
#: rows) only whole, and drops the rows it covers when it is taller than the page's rest; a user would print smaller.
PRAWN_SIZES = (10.5, 9, 8)


def prawn(record: dict, font: str, layout: str) -> bytes:
    from pipeline.synth.script_print import FontUnusable, prawn_pdf

    if FONTS[font][1] is None:
        # Prawn 2.4 (ttfunk 1.7) writes a CFF face of a collection (the Noto CJK .ttc) as a TrueType font object
        # without its descendant font: poppler finds no font for any of the page's text (checked on its first PDF)
        raise Unsupported(f"{font} is a CFF (OpenType) collection face; Prawn writes it as a broken font object")
    path, index = _font_file(FONTS[font][0])
    fonts = {"face": {"file": str(path), "index": index}, "fallback": {"file": FPDF_FALLBACK, "index": 0}}
    html = _article(page_html(record, font, layout))
    job = _job(html, font, layout, fonts)
    for size in PRAWN_SIZES:
        job["page"]["text_pt"] = size
        try:
            pdf = prawn_pdf(job)
        except FontUnusable as exc:
            raise Unsupported(f"Prawn cannot use {font}: {exc}") from exc
        with contextlib.suppress(RuntimeError):
            _all_digits_printed(html, pdf, "prawn-table")
            return pdf
    _all_digits_printed(html, pdf, "prawn-table")  # raises: rows dropped at every size
    return pdf


def jspdf(record: dict, font: str, layout: str) -> bytes:
    from pipeline.synth.script_print import jspdf_pdf

    if FONTS[font][1] is None:  # jsPDF's addFont parses TrueType (glyf) outlines only
        raise Unsupported(f"{font} is a CFF (OpenType) font; jsPDF adds TrueType only")
    fonts = {"face": str(_single_face(font, "jspdf")), "fallback": FPDF_FALLBACK}
    return _script_pdf(record, font, layout, "jsPDF", fonts, jspdf_pdf)


PRODUCERS: dict[str, Callable[[dict, str, str], bytes]] = {
    "chromium": chromium,
    "weasyprint": weasyprint,
    "xhtml2pdf": xhtml2pdf,
    "libreoffice": libreoffice,
    "wkhtmltopdf": wkhtmltopdf,
    "ghostscript": ghostscript,
    "fpdf2": fpdf2,
    "reportlab": reportlab,
    "mupdf": mupdf,
    "cairo": cairo,
    "typst": typst,
    "abiword": abiword,
    "fop": fop,
    "qt": qt,
    "xelatex": xelatex,
    "itext": itext,
    "pdfmake": pdfmake,
    "tcpdf": tcpdf,
    "prawn": prawn,
    "jspdf": jspdf,
}


def produce(record: dict, producer: str, font: str, layout: str) -> bytes:
    """The PDF ``producer`` makes of ``record`` in ``font`` and ``layout``; :class:`Unsupported` if it cannot."""
    if font not in FONTS:
        raise ValueError(f"font must be one of {list(FONTS)}, not {font!r}")
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}, not {layout!r}")
    _installed(FONTS[font][0])
    return PRODUCERS[producer](record, font, layout)
