"""The one exception a reader or the extractor raises for input it cannot turn into a record.

Its ``kind`` is a stable code for the error record (and for tests); its message is for people.
"""

from __future__ import annotations


class ExtractionError(Exception):
    """Input that gives an error record instead of a canonical record."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind  # empty | too_large | unsupported_format | undecodable | not_a_report | unreadable
        self.message = message
