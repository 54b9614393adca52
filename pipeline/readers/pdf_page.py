"""A born-digital PDF page read by PDFium: characters, rules and images as pdfplumber-shaped objects.

pdfminer (under pdfplumber) parses each page's fonts, CMaps and content stream in Python: 0.2–0.6 CPU s a
page on browser PDFs, whose producer (Skia) writes every page's font subsets and ToUnicode maps anew. PDFium
(pypdfium2, C) parses the same page in a few milliseconds. This module takes from it what the PDF reader
uses — each character (text, box, size), each painted path (lines, rectangles, curves) and the images — and
hands them over as the dicts pdfplumber would, on a :class:`PdfiumPage` whose table finding, cropping and
text-line extraction are pdfplumber's own. So :mod:`.pdf`'s table logic does not change, and neither do the
records.

How the objects match pdfminer's (what pdfplumber would have given):

- Paths are split and classified as pdfminer does (a subpath per ``m``; ``ml`` a line, a closed axis-aligned
  ``mlllh`` a rectangle, anything else a curve through its end points), with the same float arithmetic on
  the numbers the PDF prints: PDFium keeps coordinates as 32-bit floats, so each is turned back into the
  shortest decimal that gives the same float (what the content stream wrote), and transformed in 64 bits.
- A character's box runs from its origin over its advance width and, as in pdfminer, one font size high
  from the font's descent; characters PDFium cannot map to Unicode come out as ``(cid:N)``, unless the embedded font's own tables
  decode them (:mod:`.pdf_glyphs`).
- Coordinates are pdfplumber's: top-left origin, the page's ``/Rotate`` applied, the MediaBox's corner as 0.
"""

from __future__ import annotations

import ctypes
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from functools import lru_cache

import numpy as np
import pdfplumber.page
import pypdfium2
import pypdfium2.raw as pdfium_c

from .pdf_glyphs import ToUnicodeMaps, alike_glyph, glyph_texts, identity_cid_fonts

#: PDFium page object types (fpdf_edit.h).
_TEXT, _PATH, _IMAGE, _FORM = 1, 2, 3, 5
#: PDFium path segment types.
_LINETO, _BEZIERTO, _MOVETO = 0, 1, 2
#: FPDFTextObj_GetText's length (bytes, with the terminator) for a text object with no text on the text page.
EMPTY_TEXT = 2
#: The share of the smaller of a character's box and an empty text object's that they overlap by when the object
#: draws that character again.
OVERDRAWN = 0.5
#: Width of a printed space's box, per unit of font size (pdfplumber only needs it blank, not exact).
SPACE_ADVANCE = 0.25
#: Points by which PDFium moves a vertical font's origin off its matrix's, in both directions.
VERTICAL_SHIFT = 0.01
#: A box this share wider than its character's step is trimmed to the step.
WIDER_THAN_STEP = 0.01
#: Two characters whose bottoms differ by at most this (pt) are on one line.
SAME_LINE = 0.5
#: A font's ``/Descent`` deeper than this share of an em is its bounding box's foot, not its descent (cairo,
#: re-embedding CFF faces as Type 1, prints the FontBBox's -1049 for Noto CJK): a box one em high hung from it
#: lies wholly below the baseline, under the glyphs, and in the table row below theirs.
MAX_DESCENT_EM = 0.5
#: The descent (share of an em) given to a font that has none (Type 3 fonts, which cairo writes for glyphs a
#: fallback face gave: the digits beside Droid Sans Fallback's ideographs) or none believable (above): boxed
#: from the baseline up, its characters stood 0.4 em above the ideographs of their own line and came out a
#: line of their own. Fonts print 0.12–0.27 em.
NO_DESCENT_EM = -0.2
Matrix = tuple[float, float, float, float, float, float]


@lru_cache(maxsize=1 << 16)  # a page repeats its coordinates (rules share ends, cells share sides)
def _decimal(value: float) -> float:
    """The shortest decimal that gives this 32-bit float, as a 64-bit float: the number the PDF printed."""
    return float(str(np.float32(value)))


def _address(pointer) -> int | None:
    """A PDFium handle's address, to tell objects apart (``ctypes.cast`` does the same, three times slower)."""
    return ctypes.c_void_p.from_buffer(pointer).value


def _mult(m1: Matrix, m0: Matrix) -> Matrix:
    """m1 × m0, as pdfminer's ``mult_matrix``."""
    a1, b1, c1, d1, e1, f1 = m1
    a0, b0, c0, d0, e0, f0 = m0
    return (a0 * a1 + c0 * b1, b0 * a1 + d0 * b1, a0 * c1 + c0 * d1, b0 * c1 + d0 * d1,
            a0 * e1 + c0 * f1 + e0, b0 * e1 + d0 * f1 + f0)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return (a * x + c * y + e, b * x + d * y + f)


def _page_ctm(mediabox: tuple[float, float, float, float], rotation: int) -> Matrix:
    """pdfminer's initial CTM: the page's rotation, and the MediaBox's corner moved to 0."""
    x0, y0, x1, y1 = mediabox
    if rotation == 90:
        return (0, -1, 1, 0, -y0, x1)
    if rotation == 180:
        return (-1, 0, 0, -1, x1, y1)
    if rotation == 270:
        return (0, 1, -1, 0, y1, -x0)
    return (1, 0, 0, 1, -x0, -y0)


#: A run of characters in a fallback face whose baseline is this many font sizes (at least, at most) below the
#: baseline of the character printed before it is that character's line (FOP draws Droid Sans Fallback's
#: missing digits, taken from DejaVu Sans, 0.76 of a size low, their boxes 0.98); a line of its own is set a
#: whole size further down at least (1.2 sizes or more as a rule).
FALLBACK_DROP = (0.5, 1.0)
#: ... when it starts right of the character before it, or ends left of the one after it (points of slack).
FALLBACK_ABUT = 0.5


#: Bytes around ``/FontDescriptor`` searched for its object's start and end (a descriptor is a few hundred).
OBJECT_REACH = 4096
_NAME = re.compile(rb"/FontName\s*/([^\s/\[\]<>()]+)")
_DESCENT = re.compile(rb"/Descent\s+(-?[\d.]+)")
_ESCAPE = re.compile(rb"#([0-9a-fA-F]{2})")
#: A subset font's tag: six characters and ``+`` before the font's name. The PDF standard asks for capitals
#: (``ABCDEF+``); Prawn (ttfunk) writes lowercase hex (``2b6372+WenQuanYiZenHei``). Untrimmed, two subsets of one
#: face looked like a face and its fallback, and a label was lifted onto the line of a value wrapped above it.
_SUBSET = re.compile(rb"^[A-Za-z0-9]{6}\+")


def font_descents(data: bytes) -> dict[bytes, float]:
    """Font name → the ``/Descent`` its font descriptor prints (0 when it prints none), for the descriptors
    written as plain objects. pdfminer boxes a character from this number; PDFium, when a descriptor gives no
    ascent or descent, measures the glyphs instead, so its own figure would move such characters."""
    out: dict[bytes, float] = {}
    at = data.find(b"/FontDescriptor")
    while at != -1:
        start, end = data.rfind(b" obj", max(0, at - OBJECT_REACH), at), data.find(b"endobj", at, at + OBJECT_REACH)
        body = data[start if start != -1 else at:end if end != -1 else len(data)]
        name = _NAME.search(body)
        if name:
            descent = _DESCENT.search(body)
            value = float(descent.group(1)) if descent else 0.0
            name = _ESCAPE.sub(lambda m: bytes.fromhex(m.group(1).decode()), name.group(1))
            out[name] = -abs(value)
            out.setdefault(_SUBSET.sub(b"", name), -abs(value))
        at = data.find(b"/FontDescriptor", at + 1)
    return out


_BOX = re.compile(rb"/MediaBox\s*\[([^\]]*)\]")


def printed_boxes(data: bytes) -> dict[float, float]:
    """32-bit float → the number a ``/MediaBox`` prints that gives it. PDFium hands the page's box over as
    C floats; pdfminer uses the printed numbers (LibreOffice prints 841.889763779528), and every coordinate
    on the page is measured from the box's top."""
    out: dict[float, float] = {}
    for box in _BOX.finditer(data):
        for token in box.group(1).split():
            try:
                value = float(token)
            except ValueError:
                continue
            out.setdefault(float(np.float32(value)), value)
    return out


class PdfiumPdf:
    """A PDF opened by PDFium, whose pages come out as :class:`PdfiumPage`."""

    def __init__(self, data: bytes) -> None:
        self.document = pypdfium2.PdfDocument(data)
        self._data = data
        self._descents: dict[bytes, float] | None = None
        self._boxes: dict[float, float] | None = None
        self._glyph_fonts: set[bytes] | None = None
        self._known: ToUnicodeMaps | None = None
        self.object_streams = b"/ObjStm" in data

    def __len__(self) -> int:
        return len(self.document)

    def page(self, number: int, initial_doctop: float = 0) -> PdfiumPage:
        """Page ``number`` (from 1)."""
        if self._descents is None:
            self._descents, self._boxes = font_descents(self._data), printed_boxes(self._data)
            self._glyph_fonts = identity_cid_fonts(self._data)
            self._known = ToUnicodeMaps(self._data)
        return PdfiumPage(self.document[number - 1], number, initial_doctop, self._descents, self._boxes,
                          self.object_streams, self._glyph_fonts, self._known)

    def close(self) -> None:
        self.document.close()


class PdfiumPage(pdfplumber.page.Page):
    """A pdfplumber page whose objects come from PDFium; everything pdfplumber does on top works as usual."""

    def __init__(self, page: pypdfium2.PdfPage, page_number: int, initial_doctop: float = 0,
                 descents: dict[bytes, float] | None = None, boxes: dict[float, float] | None = None,
                 object_streams: bool = False, glyph_fonts: set[bytes] | None = None,
                 known: ToUnicodeMaps | None = None) -> None:
        """``descents``, ``boxes`` and ``glyph_fonts`` come from the file's bytes (:func:`font_descents`,
        :func:`printed_boxes`, :func:`~.pdf_glyphs.identity_cid_fonts`); ``object_streams`` says whether some of
        its objects are compressed out of their reach."""
        self.descents = descents or {}
        self.glyph_fonts = glyph_fonts or set()
        self.known = known or ToUnicodeMaps(b"")  # font name → code → text, its /ToUnicode read leniently
        self.object_streams = object_streams
        self.pdf = None
        self.root_page = self
        self.page_obj = None
        self.page_number = page_number
        self.initial_doctop = initial_doctop
        self.rotation = page.get_rotation() % 360
        raw = page.get_mediabox()
        boxes = boxes or {}
        box = tuple(boxes.get(float(np.float32(v)), _decimal(v)) for v in raw)
        self._raw_mediabox = (min(box[0], box[2]), min(box[1], box[3]), max(box[0], box[2]), max(box[1], box[3]))
        normal = pdfplumber.page._normalize_box(self._raw_mediabox, self.rotation)
        self.mediabox = pdfplumber.page._invert_box(normal, normal[3] - normal[1])
        self.cropbox = self.bbox = self.mediabox
        self._page = page
        self.get_textmap = pdfplumber.page.lru_cache()(self._get_textmap)

    @property
    def objects(self) -> dict[str, list[dict]]:
        if not hasattr(self, "_objects"):
            self._objects = _Reader(self).objects()
        return self._objects

    def close(self) -> None:
        super().close()
        self._page.close()

    def __repr__(self) -> str:
        return f"<PdfiumPage:{self.page_number}>"


class _Reader:
    """One pass over a page's text page (characters) and its objects (paths, images, and the text objects that
    draw only spaces)."""

    def __init__(self, page: PdfiumPage) -> None:
        self.page = page
        self.ctm = _page_ctm(page._raw_mediabox, page.rotation)
        self.height = page.height
        self.mb_x0, self.mb_top = page.mediabox[:2]
        self.out: dict[str, list[dict]] = {}
        self.fonts: dict[int | None, float] = {}  # PDFium font handle → descent per unit of font size
        self.families: dict[int | None, bytes] = {}  # PDFium font handle → its name without a subset tag
        self.glyphs: dict[int | None, tuple[dict[int, str], bytes, dict[int, str]]] = {}  # PDFium font handle →
        # glyph id → text from the font's tables, its program, and code → text from its /ToUnicode
        self.last_descent, self.last_font, self.text_object = 0.0, None, None
        self._glyphs: tuple[list[float], list[dict], float] | None = None  # by top, for _over_glyphs
        self._buffers = (ctypes.c_int(), ctypes.c_int(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float())

    def objects(self) -> dict[str, list[dict]]:
        handle = self.page._page.raw
        textpage = self.page._page.get_textpage()
        try:
            self._read_chars(textpage.raw)
            text_length, tp = pdfium_c.FPDFTextObj_GetText, textpage.raw
            for obj, kind, outer in _walk(handle, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject,
                                          None):
                if kind == _TEXT and text_length(obj, tp, None, 0) > EMPTY_TEXT:
                    continue  # its characters come from the text page: the matrix is not needed
                matrix = _matrix(obj, outer)
                if matrix is None:
                    continue
                if kind == _PATH:
                    self._path(obj, matrix)
                elif kind == _IMAGE:
                    self._image(obj, matrix)
                else:
                    self._space(obj, matrix, outer)
        finally:
            textpage.close()
        return self.out

    # -- coordinates ---------------------------------------------------------------------------------------
    def _finish(self, attr: dict) -> dict:
        """pdfplumber's ``process_object`` for the coordinates: top-left origin, doctop, MediaBox offset."""
        attr["top"] = (self.height - attr["y1"]) + self.mb_top
        attr["bottom"] = (self.height - attr["y0"]) + self.mb_top
        attr["doctop"] = self.page.initial_doctop + attr["top"]
        if self.mb_x0 != 0:
            attr["x0"] = attr["x0"] + self.mb_x0
            attr["x1"] = attr["x1"] + self.mb_x0
        attr["page_number"] = self.page.page_number
        return attr

    def _add(self, kind: str, attr: dict) -> None:
        attr["object_type"] = kind
        self.out.setdefault(kind, []).append(self._finish(attr))

    # -- paths ---------------------------------------------------------------------------------------------
    def _path(self, obj, matrix: Matrix) -> None:
        fill_mode, stroke, width, x, y = self._buffers  # PDFium writes into them; each is read before the next call
        if not pdfium_c.FPDFPath_GetDrawMode(obj, fill_mode, stroke):
            return
        fill, stroked, evenodd = fill_mode.value != 0, bool(stroke.value), fill_mode.value == 1
        if not fill and not stroked:
            return
        ctm = _mult(matrix, self.ctm)
        linewidth = _decimal(width.value) if pdfium_c.FPDFPageObj_GetStrokeWidth(obj, width) else 0.0
        path: list[tuple] = []
        count = pdfium_c.FPDFPath_CountSegments(obj)
        segment, segment_type, point, closes = (pdfium_c.FPDFPath_GetPathSegment, pdfium_c.FPDFPathSegment_GetType,
                                                pdfium_c.FPDFPathSegment_GetPoint, pdfium_c.FPDFPathSegment_GetClose)
        i = 0
        while i < count:
            seg = segment(obj, i)
            kind = segment_type(seg)
            if kind == _BEZIERTO and i + 2 < count:
                pts = []
                for j in range(3):
                    point(segment(obj, i + j), x, y)
                    pts += [_decimal(x.value), _decimal(y.value)]
                seg = segment(obj, i + 2)
                path.append(("c", *pts))
                i += 3
            else:
                point(seg, x, y)
                path.append(("m" if kind == _MOVETO else "l", _decimal(x.value), _decimal(y.value)))
                i += 1
            if closes(seg):
                path.append(("h",))
        self._paint(ctm, linewidth, stroked, fill, evenodd, path)

    def _paint(self, ctm: Matrix, linewidth: float, stroke: bool, fill: bool, evenodd: bool,
               path: list[tuple]) -> None:
        """pdfminer's ``paint_path``: one object per subpath, classified as a line, a rectangle or a curve."""
        shape = "".join(op[0] for op in path)
        if shape[:1] != "m":
            return
        if shape.count("m") > 1:
            starts = [i for i, op in enumerate(path) if op[0] == "m"] + [len(path)]
            for a, b in zip(starts, starts[1:], strict=False):
                if b - a > 1:  # pdfminer's r"m[^m]+": a lone m paints nothing
                    self._paint(ctm, linewidth, stroke, fill, evenodd, path[a:b])
            return
        raw_pts = [op[-2:] if op[0] != "h" else path[0][-2:] for op in path]
        pts = [_apply(ctm, *pt) for pt in raw_pts]
        if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
            shape = shape[:-2] + "h"
            pts.pop()
        common = {"linewidth": linewidth, "stroke": stroke, "fill": fill, "evenodd": evenodd}
        if shape in {"mlh", "ml"}:
            self._add("line", self._bounded(pts[:2], common))
        elif shape in {"mlllh", "mllll"}:
            (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
            square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3
                                                                             and x3 == x0)
            if pts[0] == pts[4] and square:
                (ax, ay), (bx, by) = pts[0], pts[2]
                self._add("rect", self._bounded([(ax, ay), (bx, ay), (bx, by), (ax, by)], common))
            else:
                self._add("curve", self._curve(pts, common))
        else:
            self._add("curve", self._curve(pts, common))

    def _bounded(self, pts: list[tuple[float, float]], attr: dict) -> dict:
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
        return dict(attr, x0=x0, y0=y0, x1=x1, y1=y1, width=x1 - x0, height=y1 - y0)

    def _curve(self, pts: list[tuple[float, float]], attr: dict) -> dict:
        """A curve's edges run between its points (pdfplumber's ``curve_to_edges``); a line's or a
        rectangle's come from its box, so only curves carry their points."""
        attr = self._bounded(pts, attr)
        x0, top = self.page.mediabox[:2]
        attr["pts"] = [(x0 + x, top + self.height - y) for x, y in pts]
        return attr

    # -- images --------------------------------------------------------------------------------------------
    def _image(self, obj, matrix: Matrix) -> None:
        ctm = _mult(matrix, self.ctm)
        corners = [_apply(ctm, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
        self._add("image", self._bounded(corners, {}))

    # -- characters ----------------------------------------------------------------------------------------
    def _read_chars(self, tp) -> None:
        n = pdfium_c.FPDFText_CountChars(tp)
        x, y = ctypes.c_double(), ctypes.c_double()
        loose = pdfium_c.FS_RECTF()
        m = pdfium_c.FS_MATRIX()
        a0, b0, c0, d0 = self.ctm[:4]
        chars: list[dict] = []
        runs: list[tuple | None] = []  # per character: (text object, font, size, origin x, origin y) when horizontal
        unicode, generated, map_error = (pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_IsGenerated,
                                         pdfium_c.FPDFText_HasUnicodeMapError)
        origin, loose_box, char_matrix = (pdfium_c.FPDFText_GetCharOrigin, pdfium_c.FPDFText_GetLooseCharBox,
                                          pdfium_c.FPDFText_GetMatrix)
        for i in range(max(n, 0)):
            code = unicode(tp, i)
            if generated(tp, i) == 1:  # PDFium's own spaces and line ends: not printed
                continue
            if map_error(tp, i) == 1:
                text = self._unmapped(tp, i, code)
            else:
                text = chr(code) if 0 < code < 0x110000 else ""
            if not text:
                continue
            origin(tp, i, x, y)
            loose_box(tp, i, loose)
            char_matrix(tp, i, m)
            ma, mb, mc, md = m.a * a0 + m.b * c0, m.a * b0 + m.b * d0, m.c * a0 + m.d * c0, m.c * b0 + m.d * d0
            ox, oy = x.value, y.value
            run = None
            if m.b == 0 and m.c == 0 and m.a > 0 and m.d > 0:
                size = pdfium_c.FPDFText_GetFontSize(tp, i) * m.d
                if abs(ox - m.e) > VERTICAL_SHIFT and abs(oy - m.f) > VERTICAL_SHIFT:
                    # vertical writing: PDFium moves the origin to the glyph's corner, where pdfminer's box is
                    x0, x1, y0, y1 = ox, ox + size, oy, oy + size
                else:
                    # horizontal text, as pdfminer boxes it: from the origin over the advance, one font size
                    # high from the font's descent
                    x0, x1 = ox, max(loose.right, ox)
                    descent, font = self._descent(tp, i)
                    y0 = oy + descent * size
                    y1 = y0 + size
                    run = (self.text_object, font, size, ox, oy)
            else:
                x0, y0, x1, y1 = loose.left, loose.bottom, loose.right, loose.top
            chars.append(self._char(text, (x0, y0, x1, y1), (ma, mb, mc, md, ox, oy)))
            runs.append(run)
        _fix_advances(chars, runs)
        _lift_fallback_runs(chars, runs, self.families)
        self.out.setdefault("char", []).extend(chars)

    def _unmapped(self, tp, index: int, code: int) -> str:
        """A character without a Unicode mapping: its text from the font's /ToUnicode as read from the file's
        bytes, where PDFium dropped the section it is in (:func:`~.pdf_glyphs.to_unicode_maps`); else its glyph's
        text from the embedded font's own tables where its code is the glyph id, or from the glyph its /ToUnicode
        maps that it is drawn like (:mod:`.pdf_glyphs`); else ``(cid:N)``, so the garbled-page checks see it."""
        text_object = pdfium_c.FPDFText_GetTextObject(tp, index)
        if not text_object:
            return f"(cid:{code})"
        font = pdfium_c.FPDFTextObj_GetFont(text_object)
        key = _address(font)
        if key not in self.glyphs:
            self.glyphs[key] = self._font_glyphs(font)
        texts, program, known = self.glyphs[key]
        if code in known:
            return known[code]
        if code not in texts and known and program:
            texts[code] = alike_glyph(program, known, code) or ""
        return texts.get(code) or f"(cid:{code})"

    def _font_glyphs(self, font) -> tuple[dict[int, str], bytes, dict[int, str]]:
        """The font's /ToUnicode map read from the bytes (any font) and, for an embedded font whose codes are its
        glyph ids, glyph id → text from its tables and its program (empty for any other font)."""
        size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
        name = ctypes.create_string_buffer(max(size, 1))
        pdfium_c.FPDFFont_GetBaseFontName(font, name, size)
        known = self.page.known.get(name.value, {})
        if name.value not in self.page.glyph_fonts or pdfium_c.FPDFFont_GetIsEmbedded(font) != 1:
            return {}, b"", known
        length = ctypes.c_size_t()
        if not pdfium_c.FPDFFont_GetFontData(font, None, 0, length) or not length.value:
            return {}, b"", known
        program = (ctypes.c_ubyte * length.value)()
        if not pdfium_c.FPDFFont_GetFontData(font, program, length.value, length):
            return {}, b"", known
        data = bytes(program)[:length.value]
        return dict(glyph_texts(data)), data, known

    def _descent(self, tp, index: int) -> tuple[float, int | None]:
        """The descent of the character's font per unit of font size, as pdfminer takes it (the descriptor's
        ``/Descent``; PDFium's own figure only where the descriptors sit in compressed object streams, out of
        :func:`font_descents`' reach; :data:`NO_DESCENT_EM` for a font without one, Type 3 and unembedded
        standard fonts, or with one past :data:`MAX_DESCENT_EM`), and the font. A
        character that PDFium made itself (a radical it mapped to its ideograph) has no text object: it takes
        the last font's."""
        text_object = pdfium_c.FPDFText_GetTextObject(tp, index)
        if not text_object:
            return self.last_descent, self.last_font
        address = _address(text_object)
        if address != self.text_object:  # a text object draws in one font: look it up once
            self.text_object = address
            font = pdfium_c.FPDFTextObj_GetFont(text_object)
            key = _address(font)
            self.last_descent, self.last_font = self._font_descent(font, key), key
        return self.last_descent, self.last_font

    def _font_descent(self, font, key: int | None = None) -> float:
        """The descent per unit of font size pdfminer takes for this PDFium font (see :meth:`_descent`);
        ``key`` is the font's address when the caller has it."""
        key = _address(font) if key is None else key
        if key not in self.fonts:
            size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
            buffer = ctypes.create_string_buffer(max(size, 1))
            pdfium_c.FPDFFont_GetBaseFontName(font, buffer, size)
            descents = self.page.descents
            self.families[key] = _SUBSET.sub(b"", buffer.value)
            value = descents.get(buffer.value, descents.get(_SUBSET.sub(b"", buffer.value)))
            if value is None and self.page.object_streams:
                descent = ctypes.c_float()
                value = descent.value if pdfium_c.FPDFFont_GetDescent(font, 1000.0, descent) else 0.0
            value = (value or 0.0) / 1000
            self.fonts[key] = NO_DESCENT_EM if value == 0 or abs(value) > MAX_DESCENT_EM else value
        return self.fonts[key]

    def _char(self, text: str, box: tuple[float, float, float, float], matrix: Matrix) -> dict:
        """A character's dict, as :meth:`_finish` would complete it (written out: a page has hundreds)."""
        a, b, c, d, e, f = self.ctm
        x0, y0, x1, y1 = box
        px0, py0, px1, py1 = a * x0 + c * y0 + e, b * x0 + d * y0 + f, a * x1 + c * y1 + e, b * x1 + d * y1 + f
        px0, px1 = min(px0, px1), max(px0, px1)
        py0, py1 = min(py0, py1), max(py0, py1)
        ma, mb, mc, md, mx, my = matrix
        upright = ma * md > 0 and mb * mc <= 0
        width, height = px1 - px0, py1 - py0
        attr = {"object_type": "char", "text": text, "x0": px0, "y0": py0, "x1": px1, "y1": py1,
                "width": width, "height": height, "upright": upright,
                "matrix": (ma, mb, mc, md, a * mx + c * my + e, b * mx + d * my + f),
                "size": height if upright else width}
        top = (self.height - py1) + self.mb_top
        attr["top"] = top
        attr["bottom"] = (self.height - py0) + self.mb_top
        attr["doctop"] = self.page.initial_doctop + top
        if self.mb_x0 != 0:
            attr["x0"] = px0 + self.mb_x0
            attr["x1"] = px1 + self.mb_x0
        attr["page_number"] = self.page.page_number
        return attr

    def _space(self, obj, matrix: Matrix, outer: Matrix | None) -> None:
        """A printed space: PDFium leaves a text object that draws only spaces out of its text page (and puts
        its own spaces, marked generated, at word gaps instead), but pdfminer keeps the glyph, and a blank
        character is where pdfplumber ends a word. Its box is a character's from the object's origin."""
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        size = ctypes.c_float()
        if not (pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
                and pdfium_c.FPDFTextObj_GetFontSize(obj, size)):
            return
        x, y = left.value, bottom.value
        if outer is not None:
            x, y = _apply(outer, x, y)
        height = size.value * abs(matrix[3])
        if height <= 0:
            return
        font = pdfium_c.FPDFTextObj_GetFont(obj)
        descent = self._font_descent(font)
        low, high = y + descent * height, y + descent * height + height
        end = _apply(outer, right.value, bottom.value)[0] if outer is not None else right.value
        glyph_matrix = (matrix[0], 0.0, 0.0, matrix[3], x, y)
        if self._over_glyphs(self._char(" ", (x, low, max(end, x), high), glyph_matrix)):
            return  # the same glyphs drawn again a hair off (Qt's fake bold): PDFium's text page keeps one copy
        box = (x, low, max(x + SPACE_ADVANCE * height, x), high)
        self.out.setdefault("char", []).append(self._char(" ", box, glyph_matrix))

    def _over_glyphs(self, extent: dict) -> bool:
        """Whether a text object that PDFium's text page left empty lies over characters already read: it draws
        them again (fake bold), it is no printed space, and a blank there would cut words apart."""
        if self._glyphs is None:  # the characters are all read before any object is walked: index them once
            glyphs = sorted((c for c in self.out.get("char", ()) if not c["text"].isspace()), key=lambda c: c["top"])
            tallest = max((c["bottom"] - c["top"] for c in glyphs), default=0.0)
            self._glyphs = ([c["top"] for c in glyphs], glyphs, tallest)
        tops, glyphs, tallest = self._glyphs
        for char in glyphs[bisect_left(tops, extent["top"] - tallest):bisect_right(tops, extent["bottom"])]:
            across = min(char["x1"], extent["x1"]) - max(char["x0"], extent["x0"])
            down = min(char["bottom"], extent["bottom"]) - max(char["top"], extent["top"])
            wide = min(char["x1"] - char["x0"], extent["x1"] - extent["x0"])
            tall = min(char["bottom"] - char["top"], extent["bottom"] - extent["top"])
            if across > OVERDRAWN * wide > 0 and down > OVERDRAWN * tall > 0:
                return True
        return False


def _lift_fallback_runs(chars: list[dict], runs: list[tuple | None], families: dict[int | None, bytes]) -> None:
    """Put back on their line the characters a producer drew about a line low in another face. FOP takes the
    glyphs a font lacks from a fallback face (Droid Sans Fallback's Latin digits from DejaVu Sans) and draws them
    0.76 of a font size below their line: the title's year stood under the title, the agency and the year were
    not found, and a cell's ``1.`` fell out of its label. A run of characters (content order, one font, size and
    baseline) goes onto the line of the character before it or after it when that one is in another font of the
    same size and of another family (not another subset of one font: a wrapped header's second line, 尚未 /
    审结 beside 总计, may be printed in a second subset), its baseline :data:`FALLBACK_DROP` sizes above the
    run's, and the run starts right of it (the one before) or ends left of it (the one after)."""
    k = 0
    while k < len(chars):
        run = runs[k]
        end = k + 1
        while run and end < len(chars) and runs[end] and runs[end][1] == run[1] and runs[end][2] == run[2] \
                and abs(runs[end][4] - run[4]) < SAME_LINE:
            end += 1
        if run is not None:
            drop = _anchor_drop(chars, runs, k, end, families)
            if drop:
                for char in chars[k:end]:
                    for key in ("top", "bottom", "doctop"):
                        char[key] -= drop
                    char["y0"] += drop
                    char["y1"] += drop
        k = end


def _anchor_drop(chars: list[dict], runs: list[tuple | None], k: int, end: int,
                 families: dict[int | None, bytes]) -> float:
    """How far below the line of its neighbour the run ``chars[k:end]`` is drawn (0: it is on its own line)."""
    run = runs[k]
    for at, right in ((k - 1, True), (end, False)):
        other = runs[at] if 0 <= at < len(chars) else None
        if not other or other[2] != run[2] or families.get(other[1], other[1]) == families.get(run[1], run[1]):
            continue
        drop = other[4] - run[4]
        if not FALLBACK_DROP[0] * run[2] <= drop <= FALLBACK_DROP[1] * run[2]:
            continue
        beside = chars[k]["x0"] >= chars[at]["x1"] - FALLBACK_ABUT if right \
            else chars[end - 1]["x1"] <= chars[at]["x0"] + FALLBACK_ABUT
        if beside:
            return drop
    return 0.0


def _fix_advances(chars: list[dict], runs: list[tuple | None]) -> None:
    """Trim a horizontal character's box to its font's advance where PDFium boxes it wider. PDFium places the
    characters by the advances the PDF gives (pdfminer's too), but boxes some CID fonts' characters wider
    (LibreOffice's Latin digits in a CJK font one em wide). The advance is learnt from the steps between
    origins inside one text object: the smallest step per font, size and character, else per font, size and
    character width class (a full-width character that ends every run it is in takes the step of the other
    full-width characters of its font: CJK fonts give them all one advance). The class is not learnt from
    punctuation, which a typesetter may close up to half an em (Typst, like Word's and WPS's punctuation
    compression, prints 》（ so): learnt from it, every ideograph ending a run (况 of 情况, 增 before /) was
    boxed half an em wide and a header word came apart (本年增 | /减: a column of its own)."""
    by_text: dict[tuple, float] = {}
    by_width: dict[tuple, float] = {}
    for k in range(len(chars) - 1):
        a, b = runs[k], runs[k + 1]
        if a and b and a[0] == b[0] and a[0] is not None and a[2] == b[2] and abs(a[4] - b[4]) < SAME_LINE:
            step = b[3] - a[3]
            if step <= 0:
                continue
            text = chars[k]["text"]
            keys = [(by_text, (a[1], a[2], text))]
            if not _punctuation(text):
                keys.append((by_width, (a[1], a[2], _full_width(text))))
            for table, key in keys:
                if step < table.get(key, float("inf")):
                    table[key] = step
    for char, run in zip(chars, runs, strict=True):
        if run is None:
            continue
        step = by_text.get((run[1], run[2], char["text"]))
        if step is None and _full_width(char["text"]):
            step = by_width.get((run[1], run[2], True))
        if step is not None and char["width"] > step * (1 + WIDER_THAN_STEP):
            char["x1"] = char["x0"] + step
            char["width"] = step


def _punctuation(text: str) -> bool:
    return len(text) == 1 and unicodedata.category(text).startswith("P")


def _full_width(text: str) -> bool:
    return len(text) == 1 and unicodedata.east_asian_width(text) in "WF"


def _walk(parent, count_fn, get_fn, form_matrix: Matrix | None) -> Iterator[tuple[object, int, Matrix | None]]:
    """Every path, image and text object, inside Form XObjects too, with its type and the matrix of the form it
    is in (None on the page itself); :func:`_matrix` takes it to page space. Most objects of a page are text
    whose characters the text page gives, so their matrices are read only when needed."""
    get_type = pdfium_c.FPDFPageObj_GetType
    for k in range(count_fn(parent)):
        obj = get_fn(parent, k)
        kind = get_type(obj)
        if kind == _FORM:
            matrix = _matrix(obj, form_matrix)
            if matrix is not None:
                yield from _walk(obj, pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject, matrix)
        elif kind in (_TEXT, _PATH, _IMAGE):
            yield obj, kind, form_matrix


def _matrix(obj, form_matrix: Matrix | None) -> Matrix | None:
    """The matrix that takes the object to page space (None when PDFium gives none)."""
    fm = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, fm):
        return None
    matrix = (_decimal(fm.a), _decimal(fm.b), _decimal(fm.c), _decimal(fm.d), _decimal(fm.e), _decimal(fm.f))
    return _mult(matrix, form_matrix) if form_matrix is not None else matrix

