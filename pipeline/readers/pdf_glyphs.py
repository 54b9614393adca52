"""Characters a PDF prints without a Unicode mapping, decoded from the embedded font program's own tables.

A text layer maps each printed code to text through the font's ``/ToUnicode`` CMap. Some producers leave codes
out of it: MuPDF writes no entry for the glyphs a font's OpenType features put in (Smiley Sans prints the
hyphen and the multiplication sign between digits as ``hyphen.number`` and ``multiply.number``, glyphs no
code point maps to), and many real PDFs have no ``/ToUnicode`` at all. PDFium gives such a character as its
code (``(cid:N)``), and a page with a few of them went to OCR. When the font is an embedded TrueType CID font
whose codes are its glyph ids (``Identity-H``/``-V`` encoding, ``/CIDToGIDMap`` absent or ``/Identity``, read
from the file's bytes), the glyph id leads back to a code point through the font's ``cmap`` table reversed,
and a glyph that a substitution put in (GSUB single and alternate substitutions, followed backwards) to the
glyph it replaced. Anything else stays ``(cid:N)``: a font whose codes are not its glyph ids would decode to
wrong text, which must never happen silently.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
from functools import lru_cache

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

