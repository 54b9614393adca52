"""The Document model: the one shape every reader produces, whatever the input format.

A Document is an ordered list of blocks. A :class:`Paragraph` is running text; a :class:`Table` is a set of
cells. A table whose grid is known (HTML, a ruled PDF table) has rows and columns; a flattened cell sequence
(the seed's ``|`` text) is a table whose grid is unknown: a 1-D run of cells, ``grid=False``. Page and
bbox are kept where the format has them, so every value can point back to where it was printed; text read
by OCR also keeps the recogniser's confidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

BBox = tuple[float, float, float, float]


@dataclass(slots=True)
class Cell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    page: int | None = None
    bbox: BBox | None = None
    offset: int | None = None  # character offset in the decoded source (text formats)
    confidence: float | None = None  # OCR: how sure the recogniser was of the text (None: not read by OCR)
    printed: str | None = None  # the text as printed, where the reader boundary's normalisation changed it
    wrapped: bool = False  # a number in it runs over more than one printed line


@dataclass
class Table:
    cells: list[Cell]
    grid: bool = True  # False: a 1-D run of cells whose rows and columns are unknown
    page: int | None = None
    bbox: BBox | None = None

    def rows(self) -> list[list[Cell]]:
        """Cells grouped by row, in column order (a run is one row)."""
        by_row: dict[int, list[Cell]] = {}
        for cell in self.cells:
            by_row.setdefault(cell.row, []).append(cell)
        return [sorted(cells, key=lambda c: c.col) for _, cells in sorted(by_row.items())]


@dataclass
class Paragraph:
    text: str
    page: int | None = None
    bbox: BBox | None = None
    offset: int | None = None  # character offset of the text in the decoded source, where it has one
    confidence: float | None = None  # OCR: how sure the recogniser was of the text (None: not read by OCR)
    printed: str | None = None  # the text as printed, where the reader boundary's normalisation changed it


Block = Paragraph | Table


@dataclass
class Document:
    source: str
    format: str  # "html" | "text" | …
    blocks: list[Block] = field(default_factory=list)
    title: str | None = None  # the page title or the report's printed title, when the format marks it
    metadata: dict[str, str] = field(default_factory=dict)  # header fields such as 发布机构, 索引号
    warnings: list[str] = field(default_factory=list)
    encoding: str | None = None
    page_count: int | None = None
    pages_needing_ocr: list[int] = field(default_factory=list)  # pages whose text layer is missing or garbled
    pages_ocr: list[int] = field(default_factory=list)  # pages read by OCR

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    def plain_text(self) -> str:
        """Paragraph text, one paragraph per line: what the section and metadata finders read."""
        return "\n".join(p.text for p in self.paragraphs)
