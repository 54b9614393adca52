"""Page layout that both the PDF reader and the OCR build on: ruled tables as blocks, page furniture."""
