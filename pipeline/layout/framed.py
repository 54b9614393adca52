"""Ruled tables as blocks, whoever found the rules (pdfplumber on a born-digital page, OpenCV on a scan).

A row that is one cell across the whole width of its table is running text that happens to sit inside a
frame (Word boxes, captions such as 第二十条第（一）项): it becomes a paragraph, and the rows between such
captions become separate grid tables.
"""

from __future__ import annotations

from ..document import Block, Cell, Paragraph, Table

#: A row whose single cell covers this share of the table's width is text in a frame, not a table row.
FULL_WIDTH = 0.9


def framed_blocks(rows: list[list[Cell]], width: float, page: int) -> list[tuple[float, Block]]:
    """(top, block) for the rows of one ruled table; each cell must have a bbox."""
    items: list[tuple[float, Block]] = []
    grid: list[Cell] = []

    def flush() -> None:
        if grid:
            items.append((grid[0].bbox[1], Table(cells=list(grid), grid=True, page=page,
                                                 bbox=_union(c.bbox for c in grid))))
            grid.clear()

    for row in rows:
        if not row:
            continue
        only = row[0]
        if len(row) == 1 and only.bbox[2] - only.bbox[0] >= FULL_WIDTH * width:
            flush()
            if only.text:
                items.append((only.bbox[1], Paragraph(text=only.text, page=page, bbox=only.bbox,
                                                      confidence=only.confidence)))
            continue
        grid.extend(row)
    flush()
    return items


def _union(boxes) -> tuple[float, float, float, float]:
    boxes = list(boxes)
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
