"""Break a PDF's text layer while the pages look the same: fixtures for the garbled-PDF path of the reader.

Real reports come out of converters that drop or botch the ``/ToUnicode`` CMaps, so text extraction yields
``(cid:N)`` or plausible-looking wrong characters while the printed page is fine. ``garble_pdf`` does the
same to a good PDF:

- ``mode="cid"``: every font loses its ``/ToUnicode`` CMap; pdfminer/pdfplumber then print ``(cid:N)``
  for the CJK glyphs (ASCII digits of reportlab's first subset still decode through the standard encoding);
- ``mode="scramble"``: every ``/ToUnicode`` CMap is replaced by one that maps each glyph to a wrong code
  point of the same kind (digits to other digits, CJK to other CJK), so the text is valid but wrong;
- ``mode="private_use"`` (not a fixture mode): every non-ASCII glyph maps to a private-use code point.

The glyphs, widths and content streams are untouched, so the pages render exactly as before. Output is
deterministic.
"""

from __future__ import annotations

import io
import random
import re

import pikepdf

MODES = ("cid", "scramble")
#: Not among the fixtures' modes: every glyph but ASCII decodes to a private-use code point, as vendor CID
#: fonts (方正 Founder PKU fonts) without a usable ToUnicode map do.
PRIVATE_USE = "private_use"
_PRIVATE_USE_START = 0xE000
_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_SEED = 20240229


def _fonts(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Every font dictionary of the document, in object order."""
    return [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/Font"]


def _mappings(cmap: bytes) -> list[tuple[str, int]]:
    """(source code hex, unicode code point) of each single-character ``bfchar`` entry."""
    out = []
    for code, target in _BFCHAR.findall(cmap):
        if len(target) == 4:
            out.append((code.decode("ascii"), int(target, 16)))
    return out


def _kind(cp: int) -> str:
    if 0x30 <= cp <= 0x39:
        return "digit"
    if cp < 0x80:
        return "ascii"  # kept: spaces, '.', '-', letters
    return "other"


def _derangement(values: list[int], rng: random.Random) -> dict[int, int]:
    """A shuffle of ``values`` that moves every one of them (where there are at least two)."""
    if len(values) < 2:
        return {v: v for v in values}
    shuffled = values[:]
    rng.shuffle(shuffled)
    # rotating a shuffled list by one gives a permutation without fixed points
    return {a: b for a, b in zip(shuffled, shuffled[1:] + shuffled[:1], strict=True)}


def _scramble_table(targets: set[int]) -> dict[int, int]:
    rng = random.Random(_SEED)
    table: dict[int, int] = {}
    for kind in ("digit", "other"):
        table |= _derangement(sorted(cp for cp in targets if _kind(cp) == kind), rng)
    return table


def _cmap(name: str, entries: list[tuple[str, int]]) -> bytes:
    """A ToUnicode CMap with one ``bfchar`` per entry (blocks of at most 100, as the spec asks)."""
    width = max(len(code) for code, _ in entries) // 2 if entries else 1
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        f"/CIDSystemInfo << /Registry ({name}) /Ordering ({name}) /Supplement 0 >> def",
        f"/CMapName /{name} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<{'00' * width}> <{'FF' * width}>",
        "endcodespacerange",
    ]
    for i in range(0, len(entries), 100):
        block = entries[i : i + 100]
        lines.append(f"{len(block)} beginbfchar")
        lines += [f"<{code}> <{cp:04X}>" for code, cp in block]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return ("\n".join(lines) + "\n").encode("ascii")


def garble_pdf(pdf: bytes, mode: str = "cid") -> bytes:
    """``pdf`` with its text layer broken as ``mode`` says; the pages look the same."""
    if mode not in (*MODES, PRIVATE_USE):
        raise ValueError(f"unknown mode {mode!r}; one of {MODES}")
    doc = pikepdf.open(io.BytesIO(pdf))
    fonts = [f for f in _fonts(doc) if "/ToUnicode" in f]
    if mode == "cid":
        for font in fonts:
            del font["/ToUnicode"]
    else:
        parsed = [(font, _mappings(font.ToUnicode.read_bytes())) for font in fonts]
        targets = {cp for _, entries in parsed for _, cp in entries}
        table = (_scramble_table(targets) if mode == "scramble" else
                 {cp: _PRIVATE_USE_START + i for i, cp in enumerate(sorted(t for t in targets if t >= 0x80))})
        for i, (font, entries) in enumerate(parsed):
            scrambled = [(code, table.get(cp, cp)) for code, cp in entries if cp]
            font.ToUnicode = doc.make_stream(_cmap(f"GKScrambled-{i}", scrambled))
    out = io.BytesIO()
    doc.save(out, deterministic_id=True, compress_streams=True)
    return out.getvalue()
