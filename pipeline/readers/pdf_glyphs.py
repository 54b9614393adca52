"""Characters a PDF prints without a Unicode mapping, decoded from the embedded font program's own tables.

A text layer maps each printed code to text through the font's ``/ToUnicode`` CMap. Some producers leave codes
out of it: MuPDF writes no entry for the glyphs a font's OpenType features put in (Smiley Sans prints the
hyphen and the multiplication sign between digits as ``hyphen.number`` and ``multiply.number``, glyphs no
code point maps to), and many real PDFs have no ``/ToUnicode`` at all. PDFium gives such a character as its
code (``(cid:N)``), and a page with a few of them went to OCR. When the font is an embedded TrueType CID font
whose codes are its glyph ids (``Identity-H``/``-V`` encoding, ``/CIDToGIDMap`` absent or ``/Identity``, read
from the file's bytes), the glyph id leads back to a code point through the font's ``cmap`` table reversed,
and a glyph that a substitution put in (GSUB single and alternate substitutions, followed backwards) to the
glyph it replaced.

Qt's PDF writer embeds a subset of each font with its glyphs renumbered and without ``cmap`` or ``GSUB``, and
leaves out of its ``/ToUnicode`` the glyphs its shaper put in for a feature (Noto CJK's digits after ``©``,
Smiley Sans's hyphen between digits). Such a glyph is decoded when it is drawn like exactly one glyph the
``/ToUnicode`` does map, in the same font (:func:`alike_glyph`): the same contours, about the same advance and
size, the same outline once both are drawn over their own boxes (a raised hyphen, a smaller or tabular digit). Anything else stays ``(cid:N)``: a
font whose codes are not its glyph ids would decode to wrong text, which must never happen silently.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import zlib
from functools import lru_cache

import numpy as np
from fontTools.pens.basePen import BasePen

#: Bytes around a font dictionary searched for its object's start and end.
OBJECT_REACH = 4096
#: Substitutions followed backwards at most this many steps (a glyph of a glyph of …).
MAX_SUBSTITUTION_STEPS = 4
#: Decoded fonts kept per process (a report has a few fonts; a batch repeats the same ones).
FONT_CACHE = 32
#: GSUB lookup types followed backwards: single (1) and alternate (3) substitution; extension (7) wraps them.
SINGLE, ALTERNATE, EXTENSION = 1, 3, 7
_BASE_FONT = re.compile(rb"/BaseFont\s*/([^\s/\[\]<>()]+)")
_CID_TO_GID = re.compile(rb"/CIDToGIDMap\s*/?([A-Za-z]+)?")
_ENCODING = re.compile(rb"/Encoding\s*/([^\s/\[\]<>()]+)")
_ESCAPE = re.compile(rb"#([0-9a-fA-F]{2})")
IDENTITY_ENCODINGS = (b"Identity-H", b"Identity-V")
_TO_UNICODE = re.compile(rb"/ToUnicode\s+(\d+)\s+0\s+R")
#: A font dictionary a text object names (not a descendant CIDFont, which never has a /ToUnicode of its own).
_FONT_DICT = re.compile(rb"/Subtype\s*/(?:Type0|TrueType|Type1|MMType1|Type3)\b")
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>")
_RANGES = re.compile(rb"beginbf(char|range)(.*?)endbf\1", re.S)
#: Glyphs compared on a grid of this many cells a side, over the glyph's own box.
GRID = 24
#: Ratio (larger to smaller) that the advances, widths and heights of two glyphs drawn alike may have: a digit's
#: tabular and proportional forms (Noto Serif CJK's 1: 1124 and 965 units wide), a smaller or raised form.
SIZE_RATIO = 1.25
#: A glyph of straight-sided contours of at most this many corners is a bar or a box (l, I, |, -, _, —, 一): such
#: glyphs differ by their size alone, so they are alike only with the same width, height and left side within
#: this share of the em (Smiley Sans's hyphen.number is its hyphen raised, nothing else).
SIMPLE_CORNERS = 4
SIMPLE_TOLERANCE = 0.02
#: Overlap (intersection over union of the grid cells inked) at which two glyphs are drawn alike, and the margin
#: by which the best glyph must beat the best one of another text.
ALIKE = 0.85
ALIKE_MARGIN = 0.1
#: Points a curve of an outline is cut into when it is drawn on the grid.
CURVE_STEPS = 8


def identity_cid_fonts(data: bytes) -> set[bytes]:
    """Base font names of the file's TrueType CID fonts whose codes are their glyph ids: each ``CIDFontType2``
    dictionary written as a plain object with no ``/CIDToGIDMap`` or ``/Identity``, and every ``Type0`` font
    naming it encoded ``Identity-H``/``-V``. A font seen only in a compressed object stream is not in the set."""
    good: set[bytes] = set()
    bad: set[bytes] = set()
    for body in _objects(data, b"/CIDFontType2"):
        name = _BASE_FONT.search(body)
        if not name:
            continue
        mapping = _CID_TO_GID.search(body)
        identity = mapping is None or mapping.group(1) == b"Identity"
        (good if identity else bad).add(_unescape(name.group(1)))
    for body in _objects(data, b"/Type0"):
        name, encoding = _BASE_FONT.search(body), _ENCODING.search(body)
        if name and (encoding is None or encoding.group(1) not in IDENTITY_ENCODINGS):
            full = _unescape(name.group(1))
            bad |= {font for font in good if full.startswith(font)}
    return good - bad


def _objects(data: bytes, marker: bytes) -> list[bytes]:
    """The bodies of the plain objects (``N 0 obj`` … ``endobj``) in which ``marker`` is printed."""
    out = []
    at = data.find(marker)
    while at != -1:
        start = data.rfind(b" obj", max(0, at - OBJECT_REACH), at)
        end = data.find(b"endobj", at, at + OBJECT_REACH)
        out.append(data[start if start != -1 else at:end if end != -1 else len(data)])
        at = data.find(marker, at + 1)
    return out


def _unescape(name: bytes) -> bytes:
    return _ESCAPE.sub(lambda m: bytes.fromhex(m.group(1).decode()), name)


def glyph_texts(program: bytes) -> dict[int, str]:
    """Glyph id → the text it prints, from a TrueType/OpenType font program (empty when it cannot be read)."""
    return _glyph_texts(hashlib.sha1(program).hexdigest(), program)


@lru_cache(maxsize=FONT_CACHE)
def _glyph_texts(_digest: str, program: bytes) -> dict[int, str]:
    from fontTools.ttLib import TTFont, TTLibError  # a base dependency, loaded only for such pages

    try:
        font = TTFont(io.BytesIO(program), lazy=True)
        order = font.getGlyphOrder()
        cmap = font.getBestCmap() or {}
    except (TTLibError, KeyError, AssertionError, ValueError, struct.error):
        return {}
    by_name: dict[str, str] = {}
    for code, name in sorted(cmap.items()):  # the lowest code point of a shared glyph (the unified ideograph)
        by_name.setdefault(name, chr(code))
    replaced = _substituted_from(font)
    out: dict[int, str] = {}
    for gid, name in enumerate(order):
        source, steps = name, 0
        while source not in by_name and source in replaced and steps < MAX_SUBSTITUTION_STEPS:
            source, steps = replaced[source], steps + 1
        if source in by_name:
            out[gid] = by_name[source]
    return out


def _substituted_from(font) -> dict[str, str]:
    """Glyph name → the glyph a single or alternate substitution put it in place of (the first one found)."""
    out: dict[str, str] = {}
    if "GSUB" not in font:
        return out
    try:
        lookups = font["GSUB"].table.LookupList.Lookup if font["GSUB"].table.LookupList else []
    except (AttributeError, KeyError):
        return out
    for lookup in lookups:
        for sub in lookup.SubTable:
            kind = lookup.LookupType
            if kind == EXTENSION:
                kind, sub = sub.ExtensionLookupType, sub.ExtSubTable
            if kind == SINGLE:
                for source, target in sub.mapping.items():
                    out.setdefault(target, source)
            elif kind == ALTERNATE:
                for source, targets in sub.alternates.items():
                    for target in targets:
                        out.setdefault(target, source)
    return out



class ToUnicodeMaps:
    """:func:`to_unicode_maps` of a file, read when a glyph first needs them (most files never do)."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._maps: dict[bytes, dict[int, str]] | None = None

    def get(self, name: bytes, default: dict[int, str] | None = None) -> dict[int, str] | None:
        if self._maps is None:
            self._maps = to_unicode_maps(self._data)
        return self._maps.get(name, default)


def to_unicode_maps(data: bytes, fonts: set[bytes] | None = None) -> dict[bytes, dict[int, str]]:
    """Code → text from the ``/ToUnicode`` CMap of each font (``Type0`` or simple) whose base name is in
    ``fonts`` (any name when ``None``), read from the file's bytes (plain objects, Flate or no filter) as
    leniently as pdfminer and poppler read it: a section's entries are taken whatever count its
    ``N beginbfrange`` declares. PDFium drops a section whose count is wrong, and pdfkit (pdfmake) declares
    ``1 beginbfrange`` over its two or more 256-code ranges, so that PDFium mapped none of its characters.
    A name two fonts share with different maps, or that a font without a ``/ToUnicode`` also has (a page copied in
    from another file), is left out: which map a character's font has would be a guess."""
    out: dict[bytes, dict[int, str]] = {}
    clashes: set[bytes] = set()
    for body in _objects(data, b"/BaseFont"):
        name = _BASE_FONT.search(body)
        if name and _FONT_DICT.search(body) and not _TO_UNICODE.search(body):
            clashes.add(_unescape(name.group(1)))
    for body in _objects(data, b"/ToUnicode"):
        name, ref = _BASE_FONT.search(body), _TO_UNICODE.search(body)
        if not name or not ref or (fonts is not None and _unescape(name.group(1)) not in fonts):
            continue
        mapping = _cmap_texts(_stream(data, int(ref.group(1))))
        key = _unescape(name.group(1))
        if key in out and out[key] != mapping:
            clashes.add(key)
        out[key] = mapping
    return {k: v for k, v in out.items() if k not in clashes and v}


def _stream(data: bytes, number: int) -> bytes:
    """The decoded stream of plain object ``number`` (empty when it is not found or cannot be decoded)."""
    found = re.search(rb"(?<![0-9])%d\s+0\s+obj" % number, data)
    if not found:
        return b""
    start = data.find(b"stream", found.end())
    end = data.find(b"endstream", start)
    if start == -1 or end == -1:
        return b""
    head, body = data[found.end():start], data[start + len(b"stream"):end].lstrip(b"\r\n")
    if b"/Filter" not in head:
        return body
    if b"FlateDecode" not in head:
        return b""
    try:
        return zlib.decompressobj().decompress(body)
    except zlib.error:
        return b""


def _cmap_texts(cmap: bytes) -> dict[int, str]:
    """Code → text of a ToUnicode CMap's ``bfchar`` and ``bfrange`` entries."""
    out: dict[int, str] = {}
    for kind, body in _RANGES.findall(cmap):
        for line in body.splitlines():
            hexes = [h.decode() for h in _HEX.findall(line)]
            if kind == b"char" and len(hexes) == 2:
                out[int(hexes[0], 16)] = _utf16(hexes[1])
            elif kind == b"range" and len(hexes) >= 3 and hexes[0] and hexes[1]:
                first, last = int(hexes[0], 16), int(hexes[1], 16)
                if b"[" in line:
                    out.update({first + k: _utf16(h) for k, h in enumerate(hexes[2:]) if first + k <= last})
                elif hexes[2]:
                    base = int(hexes[2], 16)
                    out.update({code: chr(base + code - first) for code in range(first, last + 1)
                                if 0 < base + code - first < 0x110000})
    return {k: v for k, v in out.items() if v and v != "\x00"}


def _utf16(hexes: str) -> str:
    try:
        return bytes.fromhex(hexes).decode("utf-16-be")
    except ValueError:
        return ""


def alike_glyph(program: bytes, known: dict[int, str], glyph: int) -> str | None:
    """The text of the one glyph of ``known`` (glyph id → text) drawn like ``glyph`` in the font ``program``,
    or None when there is none or more than one text fits."""
    return _alike(hashlib.sha1(program).hexdigest(), program, tuple(sorted(known.items())), glyph)


@lru_cache(maxsize=FONT_CACHE * 8)
def _alike(_digest: str, program: bytes, known: tuple[tuple[int, str], ...], glyph: int) -> str | None:
    outlines = _outlines(_digest, program)
    target = outlines.shape(glyph) if outlines is not None else None
    if target is None:
        return None
    scores: dict[str, float] = {}
    for gid, text in known:
        if not _near(outlines.advance(gid), target.advance):
            continue  # cheap: most glyphs are ruled out before they are drawn
        shape = outlines.shape(gid)
        if shape is None or gid == glyph or not target.comparable(shape, outlines.em):
            continue
        score = target.overlap(shape)
        scores[text] = max(scores.get(text, 0.0), score)
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] < ALIKE:
        return None
    if len(ranked) > 1 and ranked[1][1] > ranked[0][1] - ALIKE_MARGIN:
        return None
    return ranked[0][0]


def _near(a: float | None, b: float | None) -> bool:
    """Whether two sizes are within :data:`SIZE_RATIO` of each other (both at least one unit)."""
    if a is None or b is None:
        return False
    small, large = sorted((max(float(a), 1.0), max(float(b), 1.0)))
    return large / small <= SIZE_RATIO


class _Shape:
    """A glyph's advance, contours and outline (polygons in font units), drawn on a grid when compared."""

    def __init__(self, advance: int, polygons: list[np.ndarray]) -> None:
        self.advance = advance
        self.polygons = polygons
        points = np.concatenate(polygons) if polygons else np.zeros((0, 2))
        self.box = (points[:, 0].min(), points[:, 1].min(), points[:, 0].max(), points[:, 1].max()) \
            if len(points) else None
        self._grid: np.ndarray | None = None
        self.simple = all(len(poly) <= SIMPLE_CORNERS for poly in polygons)

    def comparable(self, other: _Shape, em: float) -> bool:
        """The same number of contours, and advances, widths and heights within :data:`SIZE_RATIO`; for bars
        and boxes (:data:`SIMPLE_CORNERS`) the same width, height and left side."""
        if self.box is None or other.box is None or len(self.polygons) != len(other.polygons):
            return False
        width, height = self.box[2] - self.box[0], self.box[3] - self.box[1]
        other_width, other_height = other.box[2] - other.box[0], other.box[3] - other.box[1]
        if self.simple or other.simple:
            tolerance = SIMPLE_TOLERANCE * em
            return abs(width - other_width) <= tolerance and abs(height - other_height) <= tolerance and \
                abs(self.box[0] - other.box[0]) <= tolerance
        return _near(self.advance, other.advance) and _near(width, other_width) and _near(height, other_height)

    def overlap(self, other: _Shape) -> float:
        a, b = self.grid(), other.grid()
        union = np.logical_or(a, b).sum()
        return float(np.logical_and(a, b).sum() / union) if union else 0.0

    def grid(self) -> np.ndarray:
        """Grid cells inked (even-odd rule) over the glyph's own box (:meth:`comparable` has compared the boxes)."""
        if self._grid is None:
            step = (np.arange(GRID) + 0.5) / GRID
            xs = self.box[0] + step * max(self.box[2] - self.box[0], 1.0)
            ys = self.box[1] + step * max(self.box[3] - self.box[1], 1.0)
            px, py = np.meshgrid(xs, ys)
            px, py = px.ravel()[:, None], py.ravel()[:, None]
            inside = np.zeros(px.shape[0], dtype=bool)
            for poly in self.polygons:
                x0, y0 = poly[:, 0][None, :], poly[:, 1][None, :]
                x1, y1 = np.roll(poly[:, 0], -1)[None, :], np.roll(poly[:, 1], -1)[None, :]
                crosses = (y0 > py) != (y1 > py)
                with np.errstate(divide="ignore", invalid="ignore"):
                    at = x0 + (py - y0) * (x1 - x0) / (y1 - y0)
                inside ^= (np.count_nonzero(crosses & (px < at), axis=1) % 2).astype(bool)
            self._grid = inside
        return self._grid


class _Outlines:
    """A font program's glyphs, each drawn flat (:class:`_Shape`) when first asked for."""

    def __init__(self, font) -> None:
        self.em = float(font["head"].unitsPerEm)
        self._glyphs, self._order, self._metrics = font.getGlyphSet(), font.getGlyphOrder(), font["hmtx"].metrics
        self._shapes: dict[int, _Shape | None] = {}

    def advance(self, gid: int) -> int | None:
        return self._metrics[self._order[gid]][0] if 0 <= gid < len(self._order) else None

    def shape(self, gid: int) -> _Shape | None:
        if gid not in self._shapes:
            self._shapes[gid] = self._draw(gid)
        return self._shapes[gid]

    def _draw(self, gid: int) -> _Shape | None:
        if not 0 <= gid < len(self._order):
            return None
        name = self._order[gid]
        pen = _FlatPen(self._glyphs)
        try:
            self._glyphs[name].draw(pen)
        except (KeyError, AssertionError, ValueError, struct.error, IndexError, TypeError):
            return None
        return _Shape(self._metrics[name][0], pen.polygons)


class _FlatPen(BasePen):
    """An outline as closed polygons, curves cut into :data:`CURVE_STEPS` straight pieces."""

    def __init__(self, glyphs) -> None:
        super().__init__(glyphs)
        self.polygons: list[np.ndarray] = []
        self.points: list[tuple[float, float]] = []

    def _moveTo(self, pt) -> None:
        self.points = [pt]

    def _lineTo(self, pt) -> None:
        self.points.append(pt)

    def _curveToOne(self, p1, p2, p3) -> None:
        (x0, y0) = self.points[-1]
        for t in np.linspace(0, 1, CURVE_STEPS + 1)[1:]:
            u = 1 - t
            self.points.append((u ** 3 * x0 + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t ** 3 * p3[0],
                                u ** 3 * y0 + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t ** 3 * p3[1]))

    def _qCurveToOne(self, p1, p2) -> None:
        (x0, y0) = self.points[-1]
        for t in np.linspace(0, 1, CURVE_STEPS + 1)[1:]:
            u = 1 - t
            self.points.append((u * u * x0 + 2 * u * t * p1[0] + t * t * p2[0],
                                u * u * y0 + 2 * u * t * p1[1] + t * t * p2[1]))

    def _closePath(self) -> None:
        if len(self.points) > 1 and self.points[-1] == self.points[0]:
            self.points.pop()  # the start point drawn again to close the contour
        if len(self.points) >= 3:
            self.polygons.append(np.asarray(self.points, dtype=float))
        self.points = []

    _endPath = _closePath


@lru_cache(maxsize=FONT_CACHE)
def _outlines(_digest: str, program: bytes) -> _Outlines | None:
    """The glyphs of a TrueType or CFF font program (None when it cannot be read)."""
    from fontTools.ttLib import TTFont, TTLibError

    try:
        return _Outlines(TTFont(io.BytesIO(program), lazy=True))
    except (TTLibError, KeyError, AssertionError, ValueError, struct.error):
        return None
