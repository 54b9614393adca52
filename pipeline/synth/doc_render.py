"""Word 97-2003 (.doc) reports made from gold records: the .docx of :mod:`pipeline.synth.docx_render`, saved
as .doc by LibreOffice (``--convert-to doc``, the "MS Word 97" filter), as offices that still save .doc do.

Not a layout of the generator's registry: it needs LibreOffice and takes about a second per call, so the
tests and ``corpora/generators`` ask for it by name. Many records are converted in one LibreOffice run.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from pipeline.readers.doc import convert
from pipeline.synth.docx_render import render_docx


def render_docs(records: list[dict], timeout: float = 300.0) -> list[bytes]:
    """The .doc bytes of each record, in order (one LibreOffice run for all)."""
    with tempfile.TemporaryDirectory(prefix="gongkai-render-doc-") as tmp:
        folder = Path(tmp)
        sources = []
        for i, record in enumerate(records):
            path = folder / f"r{i:05d}.docx"
            path.write_bytes(render_docx(record, "docx"))
            sources.append(path)
        out = folder / "doc"
        stderr = convert(sources, "doc:MS Word 97", out, timeout)
        missing = [p.name for p in sources if not (out / f"{p.stem}.doc").is_file()]
        if missing:
            raise RuntimeError(f"LibreOffice did not write {missing}: {stderr.strip()}")
        return [(out / f"{p.stem}.doc").read_bytes() for p in sources]


def render_doc(record: dict) -> bytes:
    """One record as a .doc file."""
    return render_docs([record])[0]
