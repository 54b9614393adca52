"""The review page's fixture: a *generated scan* of a report and a flagged record for it.

ONE function, :func:`flagged_scan_record`, makes (document file, record). The document is always the image-only
PDF that ``pipeline/synth/scan_render.py`` renders (layout ``scan_pdf``) from a sampled gold record: the page
must render it like any scan and draw boxes given in PDF points on it.

Where the record comes from:

1. The scan is extracted. If that gives a record that is not an error (the OCR route of issue 4 is merged),
   that record is used: when it is flagged as it is, as it is; when it came out clean, with one table-三 cell
   altered as below, so the document is flagged either way.
2. Until then the scan gives an error record (``needs_ocr``), and the record is the extraction of the *same*
   gold record rendered as a born-digital PDF in layout ``portrait`` (the scan is a picture of exactly those
   pages: same page size in points, same geometry, so every bbox falls on the scanned cell, up to the
   scanner's ±1.5° skew and a few pixels of shift), with one table-三 cell altered: its value is off by
   :data:`OFFSET` and its confidence lowered to :data:`LOW_CONFIDENCE`, as an unsure OCR reading would be.
   Its identities are recomputed with :mod:`pipeline.checks`, so they become ``doubtful`` and the record is
   ``flagged``, exactly as :func:`pipeline.record.build_record` would flag it.

The lead can make the fixture a pure scan once OCR is merged by deleting branch 2 (``_portrait_stand_in``); the
test only relies on the returned :class:`FlaggedScan` (its ``key`` is a wrong cell and ``gold`` the truth).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pipeline.checks import DOUBTFUL, check_prose, check_record
from pipeline.extract import extract_bytes, extract_file
from pipeline.record import DOUBT_BELOW, STATUS_ERROR, STATUS_FLAGGED
from pipeline.synth.generate import synth_record
from pipeline.synth.pdf_render import render_pdf
from pipeline.synth.scan_render import SOURCE_LAYOUT, render_scan

#: The sampled record (2021 edition) the scan is made of; its identities all hold, it has no planted break.
SEED = 4
NAME = "flagged-report.scan_pdf.pdf"
#: The altered table-三 cell: its value is this much too large, read with this confidence.
ALTERED_KEY = "requests.granted.natural_person"
OFFSET = 7
LOW_CONFIDENCE = 0.42


@dataclass(frozen=True)
class FlaggedScan:
    document: Path  # the image-only scan PDF
    record: dict  # a flagged record for it
    gold: dict  # the gold record the scan was rendered from
    key: str  # a cell whose recorded value is wrong
    how: str  # "scan" (extracted from the scan itself) or "portrait stand-in"


def flagged_scan_record(folder: Path) -> FlaggedScan:
    """Write the scan into ``folder`` and return it with a flagged record (see the module docstring)."""
    folder.mkdir(parents=True, exist_ok=True)
    gold = synth_record(SEED, NAME, ("2021",))
    gold.pop("_paragraphs", None)
    document = folder / NAME
    document.write_bytes(render_scan({**synth_record(SEED, NAME, ("2021",)), "source": NAME}, "scan_pdf"))
    record = extract_file(document)
    if record["status"] != STATUS_ERROR:  # OCR read the scan
        wrong = [k for c in record["checks"] if c["verdict"] == DOUBTFUL for k in c.get("keys", [])
                 if record["fields"].get(k) != gold["fields"].get(k)]
        if record["status"] == STATUS_FLAGGED and wrong:
            return FlaggedScan(document, record, gold, wrong[0], "scan")
        return FlaggedScan(document, _altered(record), gold, ALTERED_KEY, "scan")
    return FlaggedScan(document, _portrait_stand_in(gold, document, record), gold, ALTERED_KEY, "portrait stand-in")


def _portrait_stand_in(gold: dict, document: Path, scan_record: dict) -> dict:
    """The portrait PDF's record, made the scan's: its name, path and hash, one cell altered."""
    pdf = render_pdf({**synth_record(SEED, NAME, ("2021",)), "source": NAME}, SOURCE_LAYOUT)
    record = extract_bytes(pdf, NAME)
    assert record["status"] == "ok" and record["fields"] == gold["fields"], "the portrait extraction changed"
    record.update(path=str(document), sha256=scan_record["sha256"], format="pdf")
    return _altered(record)


def _altered(record: dict) -> dict:
    """One table-三 cell off by :data:`OFFSET`, read with low confidence; identities and status recomputed."""
    record = json.loads(json.dumps(record))
    record["fields"][ALTERED_KEY] += OFFSET
    record["provenance"][ALTERED_KEY].update(confidence=LOW_CONFIDENCE, text=str(record["fields"][ALTERED_KEY]))
    doubtful = {k for k, p in record["provenance"].items() if p["confidence"] < DOUBT_BELOW}
    record["checks"] = (check_record(record["fields"], record["meta"]["edition"], doubtful)
                        + check_prose(record["fields"], record["prose"]))
    broken = [c["identity"] for c in record["checks"] if c["verdict"] == DOUBTFUL]
    record["review"] = [f"identity {name} broken, extraction doubtful" for name in broken]
    record["status"] = STATUS_FLAGGED
    return record
