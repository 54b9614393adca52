from pipeline.template.identities import check_record


def _verdicts(values, doubtful=frozenset()):
    return {c["identity"]: c["verdict"] for c in check_record(values, "2021", set(doubtful))}


def test_holds_breaks_and_not_assessable():
    values = {"review.upheld": 10, "review.corrected": 1, "review.other": 0, "review.pending": 0, "review.total": 0,
              "suit_direct.upheld": 1, "suit_direct.corrected": 0, "suit_direct.other": 0, "suit_direct.pending": 0,
              "suit_direct.total": 1}
    verdicts = _verdicts(values)
    assert verdicts["review.total"] == "source_break"
    assert verdicts["suit_direct.total"] == "holds"
    assert verdicts["suit_after_review.total"] == "not_assessable"
    assert _verdicts(values, {"review.total"})["review.total"] == "doubtful"


def test_nulls_are_left_out_of_sums():
    values = {"review.upheld": 2, "review.corrected": None, "review.other": None, "review.pending": None,
              "review.total": 2}
    assert _verdicts(values)["review.total"] == "holds"
    assert _verdicts({"review.total": None, "review.upheld": 1})["review.total"] == "not_assessable"


def test_a_source_break_needs_positive_evidence_and_still_flags_the_record():
    from pipeline.record import read_right

    clean = {"method": "cell", "confidence": 1.0}
    assert read_right(clean)
    for doubt in ({"method": "split", "confidence": 0.95}, {"method": "ocr", "confidence": 0.99},
                  {**clean, "wrapped": True}, {**clean, "continued": True}, {**clean, "ambiguous": True},
                  {"method": "cell", "confidence": 0.5}):
        assert not read_right(doubt), doubt
