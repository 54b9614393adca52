from conftest import CORPORA, gold_of

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


def test_the_mappers_check_of_a_total_is_the_templates_rule_on_a_real_report():
    """The one check tables 三 and 四 put their cuts and placements to (``mapper.common.sum_holds``) says of a
    real report's totals what the template's identity says: hongze-2023's table 四 prints 复议 10 1 0 0 总计 0
    (its own break), and every group and table 三 row of hongze-2024 adds up. Parts left blank are told only
    by the placements' check (the printed ones, as the template's rule), never by the cuts' (every part)."""
    from pipeline.mapper.common import sum_holds
    from pipeline.mapper.litigation import _group_totals_hold
    from pipeline.mapper.requests import _columns, _row_totals_hold
    from pipeline.mapper.splits import Part
    from pipeline.template.identities import holds, identities_over
    from pipeline.template.schema import LITIGATION_COLUMNS, LITIGATION_GROUPS

    def cells(values):
        return tuple(Part("", "empty", {}) if v is None else Part(str(v), "number", {}) for v in values)

    for stem, verdicts in (("hongze-2023", [False, True, False]), ("hongze-2024", [True, True, True])):
        fields = gold_of(CORPORA / "real" / f"{stem}.pdf")["fields"]
        for group, verdict in zip(LITIGATION_GROUPS, verdicts, strict=True):
            key = f"{group}.total"
            identity = next(i for i in identities_over([key], "2021") if i.name == key)
            printed = [fields[f"{group}.{c}"] for c in LITIGATION_COLUMNS if c != "total"]
            assert holds(identity, fields) is verdict
            assert sum_holds(fields[key], printed, True) is sum_holds(fields[key], printed, False) is verdict
        row = cells(fields[f"{g}.{c}"] for g in LITIGATION_GROUPS for c in LITIGATION_COLUMNS)
        for every_part in (True, False):
            assert _group_totals_hold(list(LITIGATION_COLUMNS), every_part)(row) is all(verdicts)
    columns = _columns([], None)
    fields = gold_of(CORPORA / "real" / "hongze-2024.pdf")["fields"]
    for name in {k.split(".")[1] for k in fields if k.startswith("requests.")}:
        row = cells(fields[f"requests.{name}.{c}"] for c in columns)
        assert _row_totals_hold(columns, True)(row) and _row_totals_hold(columns, False)(row)
    assert not sum_holds(0, [10, None, None, None], every_part=False)
    assert sum_holds(0, [10, None, None, None], every_part=True)
    assert sum_holds(10, [10, None, None, None], every_part=False)
    assert sum_holds(None, [10, 1], every_part=False)
