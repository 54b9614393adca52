"""A record is ``ok`` only when nothing doubts it: how warnings decide its status."""

from __future__ import annotations

from pipeline.build import build_id
from pipeline.record import INFORMATIONAL_WARNINGS, build_record, is_incomplete, needs_review

META = {"agency": "某县人民政府办公室", "year": 2020, "edition": "2019"}


def _status(warnings: list[str]) -> str:
    return build_record("x.txt", dict(META), [], [], list(warnings), version=build_id())["status"]


def test_a_warning_no_list_knows_flags_the_record():
    # a warning worded after the lists were written must not leave the record ok
    assert needs_review("table 二: some new doubt nobody has listed yet")
    assert _status(["table 二: some new doubt nobody has listed yet"]) == "flagged"


def test_informational_warnings_leave_the_record_ok():
    for warning in INFORMATIONAL_WARNINGS:
        assert not needs_review(f"table 三 row '其他': {warning}")
    assert _status(["table rows split by a page break were joined"]) == "ok"


def test_an_informational_note_with_a_review_mark_still_flags():
    # an OCR reading appends its doubt to the placement note: the doubt wins
    note = ("blank cells placed by the columns the full rows print, read as blank in an OCR reading that may have "
            "lost a value or run two together")
    assert needs_review(note)
    assert _status([f"table 三 row '其他': {note}"]) == "flagged"


def test_a_legacy_table_and_its_prose_disagreeing_flags():
    assert needs_review("legacy.requests_total: the table prints 25, the prose states '共受理申请52件'")


def test_incomplete_is_said_by_missing_parts_only():
    assert is_incomplete(["table 四 not found"])
    assert is_incomplete(["page 3: no text layer; it needs OCR (pip install 'gongkai[ocr]') and its values"])
    assert not is_incomplete(["table rows split by a page break were joined"])
