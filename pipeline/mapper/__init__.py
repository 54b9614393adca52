"""Template alignment: a Document's tables 二, 三 and 四 → canonical values with provenance.

Each table is read from its section (二, 三, 四); where the headings are not printed, from every table
in the document. The mapper knows the template and nothing about formats: it sees token streams.
A legacy (2008-2018) report has no template tables: :func:`map_pre2019` reads its statistics table.
"""

from __future__ import annotations

from ..document import Document, Table
from ..sections import PROSE_SECTIONS, Sections, Segment, section_text
from .active import map_active
from .common import ProseEvidence, TableReading
from .litigation import map_litigation
from .pre2019 import map_pre2019
from .requests import map_requests
from .stream import region_tokens

__all__ = ["map_pre2019", "map_tables"]

MAPPERS = {"active": map_active, "requests": map_requests, "litigation": map_litigation}


def map_tables(doc: Document, sections: Sections, edition: str) -> list[TableReading]:
    evidence = ProseEvidence(lambda: section_text(doc, sections, PROSE_SECTIONS))
    fallback = _fallback_region(doc, sections)
    readings = []
    for table, mapper in MAPPERS.items():
        region = sections.region(table) or fallback
        readings.append(mapper(region_tokens(doc, region), edition, evidence))
    return readings


def _fallback_region(doc: Document, sections: Sections) -> list[Segment]:
    """Without a table's heading: sections 二 to 四 if any was found, else every table (else all text)."""
    found = [n for n in (2, 3, 4) if n in sections.found]
    if found:
        return [s for n in range(min(found), max(found) + 1) for s in sections.segments.get(n, [])]
    tables = [Segment(i) for i, b in enumerate(doc.blocks) if isinstance(b, Table)]
    return tables or [Segment(i) for i in range(len(doc.blocks))]
