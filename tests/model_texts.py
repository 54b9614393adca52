"""The corpus texts the models are checked on: every text and HTML document of ``corpora/``.

For the label classifiers: every table cell and every paragraph line, whole and cut at ``|`` (the pieces a
scanner asks about are parts of these). For the prose classifier: the context of every candidate figure.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pipeline.document import Paragraph, Table
from pipeline.prose import figures
from pipeline.readers import read_document
from pipeline.sections import find_meta, find_sections

CORPORA = Path(__file__).resolve().parents[1] / "corpora"
SUFFIXES = (".txt", ".html")


@cache
def corpus_documents() -> tuple:
    docs = []
    for path in sorted(CORPORA.rglob("*")):
        if path.suffix in SUFFIXES and path.is_file():
            docs.append(read_document(path.read_bytes(), path.name))
    return tuple(docs)


def corpus_label_texts() -> list[str]:
    texts: dict[str, None] = {}
    for doc in corpus_documents():
        for block in doc.blocks:
            if isinstance(block, Table):
                lines = [cell.text for cell in block.cells]
            elif isinstance(block, Paragraph):
                lines = block.text.splitlines()
            else:
                continue
            for line in lines:
                for piece in [line, *line.split("|")]:
                    if piece.strip():
                        texts[piece.strip()] = None
    return list(texts)


def corpus_contexts() -> list:
    out = []
    for doc in corpus_documents():
        out.extend(fig.context for fig in figures(doc, find_sections(doc), find_meta(doc).year))
    return out
