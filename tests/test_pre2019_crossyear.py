"""Legacy cuts decided across years: a run-on 本年度|历年累计 row is cut so that this year's 历年累计 is last year's
plus this year's 本年度 (generated pairs of one agency's consecutive reports)."""

from __future__ import annotations

import json

from pipeline.collection.cumulative import resolve_cuts
from pipeline.collection.panel import build_panel
from pipeline.extract import extract_file
from pipeline.synth.pre2019 import pre2019_pairs


def _wrong(record: dict, gold: dict) -> bool:
    return any(record["fields"].get(k) != v for k, v in gold.items())


def test_the_previous_year_decides_a_run_on_cut(tmp_path):
    pre2019_pairs(20, 7, tmp_path)
    records, gold = [], {}
    for path in sorted(tmp_path.glob("*.txt")):
        record = extract_file(path)
        records.append(record)
        gold[record["source"]] = json.loads(path.with_name(path.name[:-4] + ".gold.json").read_text())["fields"]
    before = sum(len(r["ambiguities"]) for r in records)
    flagged = sum(r["status"] != "ok" for r in records)
    assert before > 0 and flagged == len(records)  # alone, every run-on report is flagged
    result = resolve_cuts(records)
    assert len(result.resolved) >= before // 2
    assert result.confirmed and sum(r["status"] != "ok" for r in records) < flagged // 2
    for source, key, value, by in result.resolved:
        assert gold[source][key] == value and by != source
    # every record still wrong is flagged; every ambiguity left is still flagged
    assert not [r["source"] for r in records if r["status"] == "ok" and _wrong(r, gold[r["source"]])]
    assert all(r["status"] == "flagged" for r in records if r["ambiguities"])


def test_the_panel_uses_the_decided_cut():
    def record(source, year, fields, prov, ambiguities=()):
        return {"source": source, "status": "flagged" if ambiguities else "ok",
                "review": [f"ambiguous reading of {a['label']!r}" for a in ambiguities],
                "meta": {"agency": "某县人民政府办公室", "year": year, "edition": "legacy"},
                "fields": fields, "provenance": prov, "ambiguities": list(ambiguities), "prose": []}

    key = "legacy.active_published"
    first = record("a", 2016, {key: 300}, {key: {"method": "cell", "cumulative": 24828}})
    second = record("b", 2017, {key: 1752}, {key: {"method": "split", "cumulative": 5003, "ambiguous": True}},
                    [{"label": "主动公开政府信息条数", "keys": [key], "chosen": [1752], "alternatives": [[175], [17]],
                      "cumulative": [[5003], [25003], [525003]]}])
    panel = build_panel([first, second])
    row = next(r for r in panel.rows if r["year"] == 2017)
    assert row["info_published"] == 175 and row["status"] == "ok"
    assert panel.cuts.resolved == [("b", key, 175, "a")]


KEY = "legacy.active_published"


def _legacy(source: str, year: int, readings: list[tuple[int, int]], status: str | None = None) -> dict:
    """A legacy record reading KEY: one reading (definite, an unflagged cell) or several (an open cut)."""
    (value, cumulative), *others = readings
    prov = {"method": "split", "confidence": 0.33 if others else 1.0, "label": "主动公开政府信息条数",
            "cumulative": cumulative}
    ambiguities = []
    if others:
        prov["ambiguous"] = True
        ambiguities = [{"label": "主动公开政府信息条数", "keys": [KEY], "printed": "run", "chosen": [value],
                        "alternatives": [[t] for t, _ in others], "cumulative": [[c] for _, c in readings]}]
    return {"source": source, "status": status or ("flagged" if others else "ok"),
            "review": [f"ambiguous reading of {a['label']!r}" for a in ambiguities],
            "meta": {"agency": "某县人民政府办公室", "year": year, "edition": "legacy"},
            "fields": {KEY: value}, "provenance": {KEY: prov}, "ambiguities": ambiguities, "prose": [],
            "warnings": []}


def test_two_open_years_are_decided_together_when_one_combination_fits():
    # 2016 printed 17525003, 2017 printed 30025303: only 175|25003 then 300|25303 satisfy 25303 = 25003 + 300
    first = _legacy("a", 2016, [(1752, 5003), (175, 25003)])
    second = _legacy("b", 2017, [(3002, 5303), (300, 25303)])
    result = resolve_cuts([first, second])
    assert sorted(result.resolved) == [("a", KEY, 175, "b"), ("b", KEY, 300, "a")]
    for record, value in ((first, 175), (second, 300)):
        prov = record["provenance"][KEY]
        assert record["fields"][KEY] == value and record["status"] == "ok" and not record["ambiguities"]
        assert prov["method"] == "cross_year" and prov["read_as"] == "split" and "ambiguous" not in prov
        assert "25303" in prov["cross_year"] and "25003" in prov["cross_year"] and prov["printed"] == "run"
    assert second["provenance"][KEY]["readings"] == [[3002, 5303], [300, 25303]]  # the printed readings kept


def test_two_combinations_that_both_fit_decide_nothing():
    first = _legacy("a", 2016, [(5, 100), (50, 10)])
    second = _legacy("b", 2017, [(20, 120), (2, 12)])  # 100 + 20 = 120 and 10 + 2 = 12: both fit
    result = resolve_cuts([first, second])
    assert result.resolved == [] and len(result.open) == 2
    assert first["status"] == second["status"] == "flagged" and first["fields"][KEY] == 5


def test_a_chain_decides_each_year_that_every_fitting_combination_agrees_on():
    years = [_legacy("a", 2015, [(100, 1000)]), _legacy("b", 2016, [(50, 1050), (500, 150)]),
             _legacy("c", 2017, [(20, 1070), (2, 1052)])]  # both 2017 readings follow 1050
    result = resolve_cuts(years)
    assert result.resolved == [("b", KEY, 50, "a; c")]
    assert years[2]["status"] == "flagged" and years[2]["ambiguities"]


def test_a_chain_no_combination_fits_decides_nothing():
    # 2016 fits 2015 only as 50|1050 and 2017 only as 60|2000: each link fits, the chain does not
    years = [_legacy("a", 2015, [(100, 1000)]), _legacy("b", 2016, [(50, 1050), (60, 2000)]),
             _legacy("c", 2017, [(10, 2010)])]
    result = resolve_cuts(years)
    assert result.resolved == [] and [c[1:] for c in result.contradicted] == [(KEY, 2015, 2017)]
    assert years[1]["status"] == "flagged" and years[1]["fields"][KEY] == 50


def test_years_whose_readings_never_fit_are_not_one_chain():
    # no reading of 2017 follows 2016 (a cumulative restarted): 2017 is decided by 2018 alone
    years = [_legacy("a", 2016, [(100, 1000)]), _legacy("b", 2017, [(5, 20), (50, 300)]),
             _legacy("c", 2018, [(7, 307)])]
    result = resolve_cuts(years)
    assert result.resolved == [("b", KEY, 50, "c")] and result.contradicted == []


def test_a_reading_with_an_unknown_cumulative_is_never_chosen():
    second = _legacy("b", 2017, [(175, 25003), (1752, 5003)])
    second["ambiguities"][0]["cumulative"][1] = [None]
    result = resolve_cuts([_legacy("a", 2016, [(300, 24828)]), second])
    assert result.resolved == [] and second["status"] == "flagged"


def test_a_second_pass_gives_the_same_records_and_undo_restores_the_extraction():
    import copy

    from pipeline.collection.cumulative import undo_cuts

    records = [_legacy("a", 2016, [(1752, 5003), (175, 25003)]), _legacy("b", 2017, [(3002, 5303), (300, 25303)])]
    extracted = copy.deepcopy(records)
    resolve_cuts(records)
    once = copy.deepcopy(records)
    resolve_cuts(records)
    assert records == once
    assert [undo_cuts(r) for r in records] == extracted


def test_a_reviewed_record_is_left_as_it_stands():
    first = _legacy("a", 2016, [(300, 24828)])
    reviewed = _legacy("b", 2017, [(1752, 5003), (175, 25003)], status="reviewed")
    reviewed["provenance"][KEY] = {"method": "reviewed", "confidence": 1.0, "machine": {"value": 1752}}
    reviewed["fields"][KEY] = 1752  # the reviewer vouched for it (wrongly, but a person's call)
    result = resolve_cuts([first, reviewed])
    assert result.resolved == [] and reviewed["fields"][KEY] == 1752 and "cross_year" not in reviewed
