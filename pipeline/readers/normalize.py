"""One text normalisation at the reader boundary: every reader's text passes here, whatever the format.

Producers write the same printed character under different code points. PDF producers that take the first
code point of a glyph a font shares (Qt/wkhtmltopdf, Skia, PDFBox, some Word fonts) write Kangxi radicals
and CJK Radicals Supplement characters (`第⼆⼗条`, `⼈⺠`) where the report printed unified ideographs; other
tools write compatibility ideographs, full-width digits, a dozen dashes and minus signs, no-break,
ideographic and zero-width spaces. The stages after the readers see one form: the radical and compatibility
table is built from the Unicode data (``corpora/generators/make_unify_table.py``) and shipped as
``unify.json``; nothing is looked up at run time.

Full-width digits, Latin letters and number signs (＋ － ． ％) are folded; full-width CJK punctuation
(，：（）) is ordinary Chinese typography and is kept, the label matcher folds it where it compares. Every
mapping is one code point for one, except the zero-width characters, which are dropped. A block whose text
changed keeps the text as printed in ``printed`` (provenance shows it beside the normalised value).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from ..document import Document, Paragraph, Table

#: The shipped table (see ``corpora/generators/make_unify_table.py``).
UNIFY_TABLE = "unify.json"
#: Every dash and minus sign a report may print for a minus or a blank cell, folded to ASCII ``-``.
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d"
#: Spaces that are not ASCII spaces: no-break, the typographic spaces, narrow no-break, ideographic.
SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
#: Zero-width characters and the soft hyphen: invisible in print, dropped.
ZERO_WIDTH = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
#: Full-width forms folded to ASCII: digits, Latin letters and the signs of a number.
FULL_WIDTH = [range(0xFF10, 0xFF1A), range(0xFF21, 0xFF3B), range(0xFF41, 0xFF5B)]
FULL_WIDTH_SIGNS = "＋．％"
_FULL_WIDTH_OFFSET = 0xFEE0
#: Private-use code points: a text layer made of them decodes to nothing (vendor CID fonts without ToUnicode).
PRIVATE_USE = ((0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD))


@cache
def translation() -> dict[int, int | str | None]:
    """The ``str.translate`` table of the whole normalisation."""
    data = json.loads(resources.files(__package__).joinpath(UNIFY_TABLE).read_text(encoding="utf-8"))
    table: dict[int, int | str | None] = {}
    for part in ("radicals", "compatibility"):
        table.update({int(k, 16): int(v, 16) for k, v in data[part].items()})
    for block in FULL_WIDTH:
        table.update({cp: cp - _FULL_WIDTH_OFFSET for cp in block})
    table.update({ord(ch): ord(ch) - _FULL_WIDTH_OFFSET for ch in FULL_WIDTH_SIGNS})
    table.update(dict.fromkeys(map(ord, DASHES), "-"))
    table.update(dict.fromkeys(map(ord, SPACES), " "))
    table.update(dict.fromkeys(map(ord, ZERO_WIDTH), None))
    return table


def normalize_text(text: str) -> str:
    """The text in the form every stage reads (see the module docstring)."""
    return text.translate(translation()) if text and not text.isascii() else text


def is_private_use(ch: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in PRIVATE_USE)


def normalize_document(doc: Document) -> Document:
    """Normalise every text of ``doc`` in place; a block or cell whose text changed keeps it in ``printed``."""
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            _normalize(block)
        elif isinstance(block, Table):
            for cell in block.cells:
                _normalize(cell)
    if doc.title:
        doc.title = normalize_text(doc.title)
    doc.metadata = {normalize_text(k): normalize_text(v) for k, v in doc.metadata.items()}
    return doc


def _normalize(item) -> None:
    text = normalize_text(item.text)
    if text != item.text:
        item.printed = item.text
        item.text = text
