"""A report's text as running sentences: paragraph lines joined back where the page wrapped a sentence.

PDF readers, pdftotext and the OCR give a block per printed line, so a sentence the page wrapped stands in two
blocks. Both readers of sentences, the prose metrics (:mod:`pipeline.prose`) and the legacy reader's statements
(:mod:`.pre2019`), read the lines joined back here, by one rule, and keep where each character came from, so that
every offset of the joined text still points at the printed line (provenance).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..document import Document
from ..sections import Segment
from .candidates import DIGIT_COUNT
from .headings import is_heading_line, opens_section
from .reading import kept_runs, years_in_digits

#: A line that ends like this ends its paragraph; any other line was wrapped by the page layout.
PARAGRAPH_END = ("。", "！", "？", "；", "：", ":", "!", "?", ";")
#: A line that ends like this ends its sentence. The legacy reader (:mod:`.pre2019`) ends a line only so: its
#: statements take their year from their sentence (``2016年…，其中：`` / ``同意公开5件；`` is 2016's), so the items a
#: ``：`` opens or a ``；`` closes stay with the sentence that names it; the prose metrics read each item apart.
SENTENCE_END = ("。", "！", "？", "!", "?")
#: A line that opens with a count in digits (635条，及时…): no paragraph or sentence starts so, so the line goes on the
#: line before it, even one that looks like a heading (（一）主动公开信息的数量：2020年，中心网站发布各类信息 / 635条).
_OPENS_WITH_COUNT = re.compile(rf"\s*{DIGIT_COUNT}")

#: (offset in the joined text, segment, offset in the block) of each piece, ascending.
Piece = tuple[int, Segment, int]


@dataclass(frozen=True)
class RunningText:
    """Lines read as one text, and where each piece of it came from."""

    text: str
    pieces: tuple[Piece, ...]

    def piece(self, offset: int) -> Piece:
        """The piece ``text[offset]`` stands in."""
        return piece_at(self.pieces, offset)

    def at(self, offset: int) -> tuple[int, int]:
        """The block and the offset in it of ``text[offset]``."""
        return in_block(self.pieces, offset)


def piece_at(pieces: tuple[Piece, ...] | list[Piece], offset: int) -> Piece:
    """The piece of ``pieces`` an offset of their joined text falls in."""
    return pieces[max(bisect.bisect_right([p[0] for p in pieces], offset) - 1, 0)]


def in_block(pieces: tuple[Piece, ...] | list[Piece], offset: int) -> tuple[int, int]:
    """The block and the offset in it that an offset of the joined text stands at (the reading may leave out
    characters between pieces, reading.py)."""
    at, seg, start = piece_at(pieces, offset)
    return seg.block, start + offset - at


def running_texts(doc: Document, segments: list[Segment], read: bool = True,
                  ends: tuple[str, ...] = PARAGRAPH_END) -> list[RunningText]:
    """``segments`` (paragraph text, in order) joined into running text where a line goes on the one before it
    (:func:`_goes_on`; a line that ends with one of ``ends`` is closed). With ``read`` (the prose metrics), each line
    is taken as its reading (:func:`.reading.kept_runs`, years in digits): a piece per kept run, so offsets still
    point at the printed line; without it (the legacy statements, which quote their phrase as printed), as printed."""
    texts: list[RunningText] = []
    parts: list[str] = []
    pieces: list[Piece] = []
    length = 0
    previous: Segment | None = None
    last = ""
    for seg in segments:
        line = doc.blocks[seg.block].text[seg.start : seg.end]
        if previous is not None and not _goes_on(doc, previous, last, seg, line, ends):
            texts.append(RunningText("".join(parts), tuple(pieces)))
            parts, pieces, length = [], [], 0
        for start, end in kept_runs(line) if read else [(0, len(line))]:
            pieces.append((length, seg, seg.start + start))
            parts.append(years_in_digits(line[start:end]) if read else line[start:end])
            length += end - start
        last, previous = line, seg
    if parts:
        texts.append(RunningText("".join(parts), tuple(pieces)))
    return texts


def _goes_on(doc: Document, previous: Segment, last: str, seg: Segment, line: str, ends: tuple[str, ...]) -> bool:
    """``line`` (of ``seg``) goes on the sentence ``last`` (of ``previous``, the segment before it) left open: the
    next block's whole text after one that reached its block's end without closing (``ends``), and neither a
    section's opening (二、…, （一）…: the sections' headings are numbered so) nor after a heading line, unless the
    line opens with a count (the heading line was a wrapped sentence). A sentence is then read whole, never from
    two sections'."""
    return (seg.block == previous.block + 1 and seg.start == 0
            and previous.start + len(last) == len(doc.blocks[previous.block].text)
            and not last.rstrip().endswith(ends) and not opens_section(line)
            and not (is_heading_line(last) and not _OPENS_WITH_COUNT.match(line)))
