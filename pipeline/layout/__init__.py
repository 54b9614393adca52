"""Page layout that both the PDF reader and the OCR build on: ruled tables as blocks, tables printed without
rules as grids (:mod:`.unruled`), page furniture."""
