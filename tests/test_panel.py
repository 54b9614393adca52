"""The agency-year panel, agency grouping across years, the cross-year check, and multi-year series."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import ROOT
from openpyxl import load_workbook

from pipeline.cli import main
from pipeline.collection import crossyear
from pipeline.collection.agencies import agency_key, group_agencies
from pipeline.collection.panel import COLUMNS, INDICATORS, build_panel, indicators, mapping_table
from pipeline.synth.records import PEOPLE, identities_hold
from pipeline.synth.series import YEARS, edition_for, sample_series, write_series
from pipeline.template.schema import load_schema


def _gold_records(folder: Path) -> list[dict]:
    records = []
    for path in sorted(folder.rglob("*.gold.json")):
        record = json.loads(path.read_text("utf-8"))
        records.append({**record, "status": "ok"})
    return records


# --------------------------------------------------------------------------- the mapping


def test_every_mapped_key_is_a_key_of_its_edition() -> None:
    schema = load_schema()
    for name, (_, by_edition) in INDICATORS.items():
        assert set(by_edition) <= {"2019", "2021", "legacy"}, name
        assert "2019" in by_edition and "2021" in by_edition, name  # every indicator exists in both templates
        for edition, keys in by_edition.items():
            assert keys and set(keys) <= set(schema.keys(edition)), (name, edition)


def test_the_documented_mapping_is_the_code() -> None:
    doc = (ROOT / "docs" / "panel.md").read_text("utf-8")
    for row in mapping_table():
        line = f"| `{row['indicator']}` | {row['meaning']} | {row['2019'] or '—'} | {row['2021'] or '—'} | {row['legacy'] or '—'} |"
        assert line in doc, line


def test_indicators_sum_printed_keys_and_leave_undefined_ones_empty() -> None:
    record = {"meta": {"edition": "2021"}, "fields": {
        "requests.other_no_correction.total": 2, "requests.other_unpaid_fee.total": None,
        "requests.other_other.total": 1, "requests.denied_state_secret.total": None}}
    values = indicators(record)
    assert values["other_processing"] == 3  # the three sub-rows; a blank cell adds nothing
    assert values["denied"] is None  # printed blank: not reported is not zero
    legacy = indicators({"meta": {"edition": "legacy"}, "fields": {"legacy.requests_received": 4}})
    assert legacy["requests_received"] == 4 and legacy["unable_to_provide"] is None
    assert legacy["requests_carried_forward"] is None


# --------------------------------------------------------------------------- agency names


def test_agency_keys_fold_spelling_years_and_governing_bodies() -> None:
    assert agency_key("平潭综合实验区管委会") == agency_key("平潭综合实验区管理委员会") == agency_key("平潭综合实验区")
    assert agency_key("淮安市") == agency_key("淮安市人民政府") == agency_key("淮安市政府") == "淮安市"
    assert agency_key("淮安市人民政府办公室") == agency_key("淮安市政府办") != agency_key("淮安市")
    assert agency_key("2023年度 淮安市财政局 政府信息公开工作年度报告") == "淮安市财政局"
    assert agency_key("淮安市財政局") == "淮安市财政局"  # traditional script
    assert agency_key("ＸＸ街道办事处") == "XX街道"  # full width


def test_grouping_joins_variants_and_keeps_look_alikes_apart() -> None:
    groups = group_agencies([
        ("洪泽区人民政府", 2023), ("淮安市洪泽区人民政府", 2024), ("淮安市人民政府", 2024),
        ("淮安市住房和城乡建设局", 2022), ("淮安市住房城乡建设局", 2023),
        ("淮安市清河区人民政府", 2020), ("淮安市清浦区人民政府", 2021),
        ("鼓楼区人民政府", 2020), ("南京市鼓楼区人民政府", 2021), ("福州市鼓楼区人民政府", 2021),
        ("淮安市教育局", 2021), ("淮安市教育体育局", 2022),
        ("盐城市民政局", 2021), ("盐城市民宗局", 2021)])
    same = lambda a, b: groups.key_of[a] == groups.key_of[b]  # noqa: E731
    assert same("洪泽区人民政府", "淮安市洪泽区人民政府")
    assert not same("淮安市人民政府", "淮安市洪泽区人民政府")
    assert same("淮安市住房和城乡建设局", "淮安市住房城乡建设局")
    assert not same("淮安市清河区人民政府", "淮安市清浦区人民政府")
    assert not same("鼓楼区人民政府", "南京市鼓楼区人民政府")  # two cities have one: ambiguous
    assert not same("淮安市教育局", "淮安市教育体育局")
    assert not same("盐城市民政局", "盐城市民宗局")
    assert groups.group("洪泽区人民政府")[1] == "淮安市洪泽区人民政府"


def test_a_near_spelling_in_the_same_year_is_not_joined() -> None:
    groups = group_agencies([("淮安市住房和城乡建设局", 2022), ("淮安市住房城乡建设局", 2022)])
    assert groups.key_of["淮安市住房和城乡建设局"] != groups.key_of["淮安市住房城乡建设局"]


# --------------------------------------------------------------------------- the panel of gold records


def test_panel_of_the_shared_gold_records(shared_copies) -> None:
    panel = build_panel(_gold_records(shared_copies / "corpora" / "real") + _gold_records(shared_copies / "corpora" / "seed"))
    cells = [(r["agency"], r["year"]) for r in panel.rows]
    assert len(cells) == len(set(cells)) == 7 and not panel.duplicates and not panel.skipped
    row = {(r["agency"], r["year"]): r for r in panel.rows}
    legacy = row[("平潭综合实验区", 2017)]
    assert legacy["edition"] == "legacy" and legacy["requests_received"] == 0 and legacy["granted"] == 0
    assert legacy["info_published"] == 2122 and legacy["info_published_basis"] == "table legacy.active_published"
    assert legacy["requests_carried_over"] is None and legacy["unable_to_provide"] is None
    hongze = row[("淮安市洪泽区人民政府", 2023)]
    assert hongze["agency_printed"] == "洪泽区人民政府" and hongze["reviews_total"] == 0  # printed, not corrected
    huaian = row[("淮安市人民政府", 2024)]
    assert (huaian["requests_received"], huaian["requests_carried_over"], huaian["requests_carried_forward"]) == (
        3119, 34, 103)
    assert huaian["denied"] == sum(v for k, v in _gold(shared_copies, "huaian-2024")["fields"].items()
                                   if k.startswith("requests.denied_") and k.endswith(".total"))
    checked = crossyear.check(panel.rows)
    assert checked.pairs == 1 and not checked.mismatches  # hongze 2023 → 2024: 0 carried forward, 0 carried over
    assert checked.agreements[0]["year"] == 2023 and checked.agreements[0]["carried_forward"] == 0


def _gold(shared_copies: Path, stem: str) -> dict:
    return json.loads((shared_copies / "corpora" / "real" / f"{stem}.gold.json").read_text("utf-8"))


def test_duplicates_give_one_row_whatever_the_order(shared_copies) -> None:
    gold = {**_gold(shared_copies, "hongze-2024"), "status": "ok"}
    copy = {**gold, "source": "hongze-2024-copy.html", "status": "flagged"}
    broken = {"source": "broken.doc", "status": "error", "error_kind": "unreadable", "meta": {}}
    nameless = {**gold, "source": "nameless.pdf", "meta": {**gold["meta"], "agency": None}}
    first = build_panel([gold, copy, broken, nameless])
    second = build_panel([nameless, broken, copy, gold])
    assert first.rows == second.rows and len(first.rows) == 1
    assert first.rows[0]["source"] == "hongze-2024.pdf"  # ok beats flagged
    assert first.rows[0]["duplicates"] == "hongze-2024-copy.html"
    assert first.duplicates == [{"agency": "淮安市洪泽区人民政府", "year": 2024, "kept": "hongze-2024.pdf",
                                 "dropped": "hongze-2024-copy.html", "dropped_agency_printed": "淮安市洪泽区人民政府"}]
    assert sorted(s["source"] for s in first.skipped) == ["broken.doc", "nameless.pdf"]


# --------------------------------------------------------------------------- series


@pytest.mark.parametrize("kind", ["district", "zone", "department"])
def test_series_carry_over_from_year_to_year(kind) -> None:
    records = sample_series(11, kind)
    assert [r["meta"]["year"] for r in records] == list(YEARS)
    assert [r["meta"]["edition"] for r in records] == [edition_for(y) for y in YEARS]
    assert all(identities_hold(r) for r in records)
    for this, following in zip(records, records[1:], strict=False):
        for col in (*PEOPLE, "total"):
            assert this["fields"][f"requests.carried_forward.{col}"] == following["fields"][f"requests.carried_over.{col}"]
    assert sum(r["fields"]["requests.carried_forward.total"] for r in records) > 0
    assert len({r["meta"]["agency"] for r in records}) == 2  # printed two ways


def test_series_plants_one_mismatch_where_asked() -> None:
    records = sample_series(3, "zone", mismatch_year=2022)
    assert all(identities_hold(r) for r in records)
    pairs = [(a["meta"]["year"], a["fields"]["requests.carried_forward.total"], b["fields"]["requests.carried_over.total"])
             for a, b in zip(records, records[1:], strict=False)]
    assert [y for y, forward, over in pairs if forward != over] == [2021]
    assert any("planted cross-year mismatch" in n for n in records[3]["notes"])


# --------------------------------------------------------------------------- end to end: batch, export


@pytest.fixture(scope="module")
def collection(tmp_path_factory, shared_copies):
    """A batch store over the shared real reports and three generated six-year series (HTML and PDF)."""
    root = tmp_path_factory.mktemp("panel")
    inputs = root / "in"
    shutil.copytree(shared_copies / "corpora" / "real", inputs / "real")
    write_series(inputs / "series", seed=0, agencies=3, layouts=("cms", "cms", "portrait"))
    out = root / "out"
    # --memory-mb 0: the workers fork from this test process, whose address space the rest of the suite has
    # grown past the default 3072 MB (RLIMIT_AS counts what a forked worker inherits).
    assert main(["batch", str(inputs), "--out", str(out), "--workers", "2", "--memory-mb", "0", "-q"]) == 0
    return inputs, out


def test_panel_of_a_batch_has_one_row_per_agency_year_and_finds_the_planted_mismatch(collection, tmp_path, capsys):
    inputs, out = collection
    files = {ext: tmp_path / f"panel.{ext}" for ext in ("csv", "xlsx", "parquet")}
    for path in files.values():
        assert main(["export", str(out), "--panel", str(path), "--crossyear", str(tmp_path / "mm.csv")]) == 0
    printed = capsys.readouterr().err
    rows = list(csv.DictReader(files["csv"].open(encoding="utf-8-sig")))
    assert list(rows[0]) == list(COLUMNS)
    cells = [(r["agency_key"], r["year"]) for r in rows]
    assert len(cells) == len(set(cells)) == 6 + 3 * len(YEARS)  # six real reports, three series
    assert len({r["agency_key"] for r in rows}) == 3 + 3  # pingtan, hongze, huaian; three series agencies
    assert len(list(load_workbook(files["xlsx"], read_only=True)["panel"].values)) == len(rows) + 1
    assert duckdb.sql(f"select count(*) from read_parquet('{files['parquet']}')").fetchall()[0][0] == len(rows)
    # the planted mismatch, and nothing else
    gold = _gold_records(inputs / "series")
    planted = [g for g in gold if any("planted cross-year mismatch" in n for n in g["notes"])]
    assert len(planted) == 1
    mismatches = list(csv.DictReader((tmp_path / "mm.csv").open(encoding="utf-8-sig")))
    assert [(m["next_year"], m["next_source"]) for m in mismatches] == [
        (str(planted[0]["meta"]["year"]), planted[0]["source"])]
    assert "1 mismatch(es)" in printed and "16 pair(s)" in printed
    # the extracted series rows have the indicators of their gold records
    expected = {r["source"]: r for r in build_panel(gold).rows}
    for row in rows:
        if row["source"] in expected:
            for name in INDICATORS:
                value = expected[row["source"]][name]
                assert row[name] == ("" if value is None else str(value)), (row["source"], name)


def test_panel_from_json_lines_is_the_panel_from_the_store(collection, tmp_path) -> None:
    _, out = collection
    con = duckdb.connect(str(out / "gongkai.duckdb"), read_only=True)
    records = [r[0] for r in con.execute("select record from records order by doc_id").fetchall()]
    con.close()
    jsonl = tmp_path / "records.jsonl"
    jsonl.write_text("\n".join(records) + "\n", encoding="utf-8")
    assert main(["export", str(jsonl), "--panel", str(tmp_path / "a.csv")]) == 0
    assert main(["export", str(out), "--panel", str(tmp_path / "b.csv")]) == 0
    assert (tmp_path / "a.csv").read_text("utf-8") == (tmp_path / "b.csv").read_text("utf-8")
    assert main(["export", str(jsonl), "--csv", str(tmp_path / "w.csv")]) == 2  # the wide table needs a store
    assert main(["export", str(out), "--panel", str(tmp_path / "p.json")]) == 2
