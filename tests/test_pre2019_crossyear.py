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
