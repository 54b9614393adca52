"""The review page's fixture: a *generated scan* of a report, read by OCR, and a flagged record for it.

ONE function, :func:`flagged_scan_record`, makes (document file, record). The document is the image-only PDF
that ``pipeline/synth/scan_render.py`` renders (layout ``scan_pdf``) from a sampled gold record, and the record
is its extraction through the OCR route. When OCR flags the scan with a wrong cell, that record is used as it
is. OCR reads these scans without error, so usually it comes out clean: then one table-三 reading is replaced
by a misreading the identity repair would not pin (off by :data:`OFFSET`, read with confidence
:data:`LOW_CONFIDENCE`, the repair not run), its identities recomputed with :mod:`pipeline.checks` so they
become ``doubtful`` and the record ``flagged``, exactly as :func:`pipeline.record.build_record` flags an
unrepaired misreading. The test only relies on the returned :class:`FlaggedScan` (its ``key`` is a wrong cell
and ``gold`` the truth).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pipeline.extract import extract_file
from pipeline.record import DOUBT_BELOW, STATUS_ERROR, STATUS_FLAGGED
from pipeline.synth.generate import synth_record
from pipeline.synth.scan_render import render_scan
from pipeline.template.identities import DOUBTFUL, check_prose, check_record

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
    assert record["status"] != STATUS_ERROR, f"OCR did not read the scan: {record['error']}"
    wrong = [k for c in record["checks"] if c["verdict"] == DOUBTFUL for k in c.get("keys", [])
             if record["fields"].get(k) != gold["fields"].get(k)]
    if record["status"] == STATUS_FLAGGED and wrong:
        return FlaggedScan(document, record, gold, wrong[0], "scan")
    return FlaggedScan(document, _altered(record), gold, ALTERED_KEY, "scan, one reading altered")


def _altered(record: dict) -> dict:
    """One table-三 cell off by :data:`OFFSET`, read with low confidence; identities and status recomputed."""
    record = json.loads(json.dumps(record))
    record["fields"][ALTERED_KEY] += OFFSET
    record["provenance"][ALTERED_KEY].update(confidence=LOW_CONFIDENCE, ocr_confidence=LOW_CONFIDENCE,
                                            text=str(record["fields"][ALTERED_KEY]))
    doubtful = {k for k, p in record["provenance"].items() if p["confidence"] < DOUBT_BELOW}
    record["checks"] = (check_record(record["fields"], record["meta"]["edition"], doubtful)
                        + check_prose(record["fields"], record["prose"]))
    broken = [c["identity"] for c in record["checks"] if c["verdict"] == DOUBTFUL]
    record["review"] = [f"identity {name} broken, extraction doubtful" for name in broken]
    record["status"] = STATUS_FLAGGED
    return record
