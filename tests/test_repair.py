"""Identity repair of OCR readings (pipeline/repair.py), on the real hongze-2024 gold record: one cell
misread as OCR misreads digits, and what the identities can and cannot pin."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from pipeline.repair import OCR_CONFIDENT, repair_ocr
from pipeline.template.identities import DOUBTFUL, check_record

GOLD = Path(__file__).resolve().parents[1] / "corpora" / "real" / "hongze-2024.gold.json"
KEY = "requests.granted.natural_person"  # 50, in row total granted and column total natural_person


@pytest.fixture()
def record():
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    fields = dict(gold["fields"])
    provenance = {k: {"method": "ocr", "ocr_confidence": 0.999} for k in fields}
    return fields, provenance


def _misread(fields, provenance, key, value, confidence):
    fields[key] = value
    provenance[key]["ocr_confidence"] = confidence


def test_unsure_misread_pinned_by_two_identities_is_repaired(record):
    fields, provenance = record
    _misread(fields, provenance, KEY, 58, 0.71)  # 0 read as 8
    out = repair_ocr(fields, provenance, "2021")
    assert fields[KEY] == 50
    assert provenance[KEY]["repaired"] is True and provenance[KEY]["ocr_reading"] == 58
    assert provenance[KEY]["method"] == "ocr+identity"
    [fix] = out.repaired
    assert fix["key"] == KEY and fix["value"] == 50 and fix["ocr_reading"] == 58
    assert set(fix["identities"]) == {"requests.row_total.granted", "requests.outcomes.natural_person"}
    assert "58" in fix["reason"] and out.unsure == []
    assert all(c["verdict"] != DOUBTFUL for c in check_record(fields, "2021", set()))


def test_dropped_digit_is_repaired(record):
    fields, provenance = record
    _misread(fields, provenance, KEY, 5, 0.62)  # 50 read as 5
    repair_ocr(fields, provenance, "2021")
    assert fields[KEY] == 50


def test_confident_misread_is_not_repaired_and_the_break_is_doubtful(record):
    fields, provenance = record
    _misread(fields, provenance, KEY, 58, 0.995)
    out = repair_ocr(fields, provenance, "2021")
    assert fields[KEY] == 58 and out.repaired == []
    ocr_keys = set(provenance)
    verdicts = {c["identity"]: c["verdict"] for c in check_record(fields, "2021", ocr_keys)}
    assert verdicts["requests.row_total.granted"] == DOUBTFUL


def test_implausible_value_is_not_invented(record):
    fields, provenance = record
    _misread(fields, provenance, KEY, 9, 0.5)  # 50 is no misreading of 9
    out = repair_ocr(fields, provenance, "2021")
    assert fields[KEY] == 9 and out.repaired == []
    assert KEY in out.unsure


def test_two_unsure_cells_in_one_identity_only_the_pinned_one_is_repaired(record):
    fields, provenance = record
    # the natural-person column: two unsure readings; only the misread one also breaks its row total
    other = "requests.new_received.natural_person"  # 95, read right but unsure
    _misread(fields, provenance, KEY, 56, 0.7)
    provenance[other]["ocr_confidence"] = 0.7
    repair_ocr(fields, provenance, "2021")
    assert fields[KEY] == 50 and fields[other] == 95


def test_unsure_reading_vouched_for_by_a_holding_identity_is_not_reported(record):
    fields, provenance = record
    provenance[KEY]["ocr_confidence"] = OCR_CONFIDENT / 2  # read right, but unsure
    out = repair_ocr(fields, provenance, "2021")
    assert out.repaired == [] and out.unsure == []


def test_unsure_reading_in_no_identity_is_reported():
    fields = {"active.licensing.decisions": 550}
    provenance = {"active.licensing.decisions": {"method": "ocr", "ocr_confidence": 0.6}}
    out = repair_ocr(fields, provenance, "2021")
    assert out.unsure == ["active.licensing.decisions"] and fields["active.licensing.decisions"] == 550


def test_readings_that_are_not_ocr_are_left_alone(record):
    fields, provenance = record
    provenance = {k: {"method": "cell", "confidence": 1.0} for k in provenance}
    fields[KEY] = 58
    before = copy.deepcopy(fields)
    out = repair_ocr(fields, provenance, "2021")
    assert fields == before and out.repaired == [] and out.unsure == []


def test_a_reading_only_one_identity_covers_is_flagged_not_repaired(record):
    """Table 四: a review result is in its row total only; one identity cannot pin it."""
    fields, provenance = record
    key = next(k for k in ("review.upheld", "review.corrected", "review.other", "review.pending")
               if isinstance(fields.get(k), int))
    true = fields[key]
    _misread(fields, provenance, key, true + 1 if true < 9 else true - 1, 0.6)
    out = repair_ocr(fields, provenance, "2021")
    assert out.repaired == [] and fields[key] != true and key in out.unsure


def test_a_zero_read_unsurely_as_blank_is_reported_though_every_identity_holds(record):
    """A faded ``0`` left out of its cell (the cell read blank, with marks in it that were not read): every sum
    is as it was, so the identities over it hold and vouch for nothing; the blank is reported (a lost value that
    left the record ``ok``: wrong and ``ok``)."""
    fields, provenance = record
    key = "requests.denied_state_secret.natural_person"  # 0 as printed
    fields[key] = None
    provenance[key]["ocr_confidence"] = 0.5
    out = repair_ocr(fields, provenance, "2021")
    assert all(c["verdict"] != DOUBTFUL for c in check_record(fields, "2021", set(provenance)))
    assert out.unsure == [key] and out.repaired == []


def test_a_cell_read_blank_with_nothing_in_it_is_not_reported(record):
    fields, provenance = record
    key = "requests.denied_state_secret.natural_person"
    fields[key] = None  # printed empty: the cell held no mark, read blank surely
    out = repair_ocr(fields, provenance, "2021")
    assert out.unsure == []
