"""A format declared once: its name, how it is recognised (magic bytes or a content test) and its reader.

Like docling's ``FormatOption``: a new input format is one reader module that declares its ``FORMAT`` and
one line in :data:`pipeline.readers.FORMATS`. A format without a reader is recognised only to be refused
with a clear message (archives, GIF).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..document import Document

#: Magic bytes are looked for in this many leading bytes.
MAGIC_WINDOW = 16


@dataclass(frozen=True)
class FormatOption:
    name: str  # what sniff_format answers
    description: str  # for messages: "a PDF"
    magic: tuple[bytes, ...] = ()  # the file starts with one of these
    sniff: Callable[[bytes], bool] | None = None  # or its content passes this test
    read: Callable[[bytes, str], Document] | None = None  # None: recognised, then refused

    def matches(self, data: bytes) -> bool:
        head = data[:MAGIC_WINDOW]
        if any(head.startswith(m) for m in self.magic):
            return True
        return self.sniff is not None and self.sniff(data)


def refused(name: str, description: str, *magic: bytes) -> FormatOption:
    """A format recognised by its magic bytes and refused (no reader)."""
    return FormatOption(name, description, magic=magic)
