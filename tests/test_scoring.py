"""Tests for the evaluation harness: the definitions the project is judged by."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from pipeline.evaluation.scoring import (
    MISSING,
    format_summary,
    load_gold_dir,
    load_predictions,
    score,
    values_equal,
)


def record(
    source: str = "a.txt",
    fields: dict | None = None,
    prose: list | None = None,
    edition: str = "2019",
    year: int = 2020,
    agency: str = "某区人民政府",
    **extra,
) -> dict:
    """A small record in the shared gold/extraction shape."""
    rec = {
        "source": source,
        "meta": {"agency": agency, "year": year, "edition": edition},
        "fields": fields if fields is not None else {},
        "prose": prose if prose is not None else [],
    }
    rec.update(extra)
    return rec


def p(metric: str, value, text: str = "") -> dict:
    """One prose statement."""
    return {"metric": metric, "value": value, "unit": "条", "text": text}


# --------------------------------------------------------------------------- value comparison


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        (20, 20.0, True),
        (20.0, 20, True),
        (5949.088667, 5949.088667, True),
        (0.1, 0.10, True),
        (7730.28, 7730.2800, True),
        (-3, -3, True),
        (20, 21, False),
        (0, None, False),
        (None, 0, False),
        (None, None, True),
        (1, True, False),
        (20, "20", False),
        (1e20, 100000000000000000000, True),
    ],
)
def test_values_equal(gold, pred, expected):
    assert values_equal(gold, pred) is expected


# --------------------------------------------------------------------------- cells and documents


def test_perfect_prediction():
    gold = [record(fields={"requests.new_received.total": 20, "active.fees.amount": 5949.088667})]
    s = score(gold, copy.deepcopy(gold))
    assert s["cells"] == {"total": 2, "correct": 2, "accuracy": 1.0}
    assert s["documents"]["exact"] == 1
    assert s["documents"]["exact_rate"] == 1.0
    assert s["worst_documents"] == []
    assert s["most_missed_keys"] == []
    json.dumps(s)  # JSON-serialisable


def test_decimal_equality_int_vs_float():
    gold = [record(fields={"requests.new_received.total": 20, "active.fees.amount": 5949.088667})]
    pred = [record(fields={"requests.new_received.total": 20.0, "active.fees.amount": 5949.088667})]
    assert score(gold, pred)["cells"]["correct"] == 2


def test_null_vs_zero_and_missing_key():
    gold = [
        record(
            fields={
                "requests.granted.total": None,
                "requests.denied.total": 0,
                "requests.new_received.total": 5,
                "requests.carried_over.total": None,
            }
        )
    ]
    pred = [
        record(
            fields={
                "requests.granted.total": 0,  # null is not zero
                "requests.denied.total": None,  # zero is not null
                # requests.new_received.total missing
                "requests.carried_over.total": None,  # right
            },
            provenance={"requests.granted.total": {"line": 7}},
        )
    ]
    s = score(gold, pred)
    assert s["cells"] == {"total": 4, "correct": 1, "accuracy": 0.25}
    assert s["documents"]["exact"] == 0
    worst = s["worst_documents"][0]
    assert worst["source"] == "a.txt"
    assert worst["wrong"] == 3
    assert worst["accuracy"] == 0.25
    cells = {c["key"]: c for c in worst["wrong_cells"]}
    assert cells["requests.granted.total"] == {
        "key": "requests.granted.total",
        "gold": None,
        "pred": 0,
        "provenance": {"line": 7},
    }
    assert cells["requests.denied.total"]["pred"] is None
    assert cells["requests.denied.total"]["provenance"] is None
    assert cells["requests.new_received.total"]["pred"] == MISSING


def test_missing_prediction_record():
    gold = [
        record("a.txt", fields={"requests.new_received.total": 1, "requests.granted.total": 1}),
        record("b.txt", fields={"requests.new_received.total": 2}),
    ]
    pred = [record("a.txt", fields={"requests.new_received.total": 1, "requests.granted.total": 1})]
    s = score(gold, pred)
    assert s["cells"] == {"total": 3, "correct": 2, "accuracy": pytest.approx(2 / 3)}
    assert s["documents"]["total"] == 2
    assert s["documents"]["exact"] == 1
    assert s["documents"]["exact_rate"] == 0.5
    assert s["documents"]["missing_predictions"] == 1
    worst = s["worst_documents"]
    assert [w["source"] for w in worst] == ["b.txt"]
    assert worst[0]["missing_prediction"] is True
    assert worst[0]["wrong_cells"][0]["pred"] == MISSING
    assert s["meta"]["year"] == {"correct": 1, "accuracy": 0.5}


def test_edition_wrong_makes_document_not_exact():
    gold = [record(fields={"requests.new_received.total": 1}, edition="2021")]
    pred = [record(fields={"requests.new_received.total": 1}, edition="2019")]
    s = score(gold, pred)
    assert s["cells"]["accuracy"] == 1.0
    assert s["documents"]["exact"] == 0
    assert s["meta"]["edition"]["accuracy"] == 0.0
    assert s["meta"]["year"]["accuracy"] == 1.0


def test_document_with_missing_meta_is_not_exact():
    gold = [record(fields={"requests.new_received.total": 1})]
    pred = [{"source": "a.txt", "fields": {"requests.new_received.total": 1}}]
    s = score(gold, pred)
    assert s["cells"]["accuracy"] == 1.0
    assert s["documents"]["exact"] == 0
    assert s["meta"]["agency"]["correct"] == 0


def test_errors_counted():
    gold = [record("a.txt"), record("b.txt"), record("c.txt")]
    pred = [record("a.txt", error="boom"), record("b.txt", error=""), record("c.txt", error=None)]
    assert score(gold, pred)["documents"]["errors"] == 1


def test_spurious_keys_reported_not_scored():
    gold = [record(fields={"requests.new_received.total": 1})]
    pred = [record(fields={"requests.new_received.total": 1, "requests.granted.total": 0, "legacy.x": 3})]
    s = score(gold, pred)
    assert s["cells"] == {"total": 1, "correct": 1, "accuracy": 1.0}
    assert s["documents"]["exact"] == 1
    assert s["spurious_keys"]["total"] == 2
    assert {k["key"] for k in s["spurious_keys"]["keys"]} == {"requests.granted.total", "legacy.x"}


# --------------------------------------------------------------------------- matching


def test_match_by_basename_of_path():
    gold = [record("hedong-2020.txt", fields={"requests.new_received.total": 20})]
    pred = [record("corpora/seed/hedong-2020.txt", fields={"requests.new_received.total": 20})]
    s = score(gold, pred)
    assert s["cells"]["correct"] == 1
    assert s["documents"]["missing_predictions"] == 0
    assert s["unmatched_predictions"]["count"] == 0


def test_windows_path_basename():
    gold = [record("hedong-2020.txt", fields={"requests.new_received.total": 20})]
    pred = [record("C:\\data\\hedong-2020.txt", fields={"requests.new_received.total": 20})]
    assert score(gold, pred)["cells"]["correct"] == 1


def test_other_extension_does_not_match():
    gold = [record("hedong-2020.txt", fields={"requests.new_received.total": 20})]
    pred = [record("hedong-2020.html", fields={"requests.new_received.total": 20})]
    s = score(gold, pred)
    assert s["cells"]["correct"] == 0
    assert s["documents"]["missing_predictions"] == 1
    assert s["unmatched_predictions"] == {"count": 1, "sources": ["hedong-2020.html"]}


def test_duplicate_predictions_use_first():
    gold = [record(fields={"requests.new_received.total": 1})]
    pred = [
        record(fields={"requests.new_received.total": 1}),
        record(fields={"requests.new_received.total": 2}),
        record(fields={"requests.new_received.total": 3}),
    ]
    s = score(gold, pred)
    assert s["cells"]["correct"] == 1
    assert s["duplicate_predictions"] == 2


def test_duplicate_first_wrong_counts_wrong():
    gold = [record(fields={"requests.new_received.total": 1})]
    pred = [
        record(fields={"requests.new_received.total": 2}),
        record(fields={"requests.new_received.total": 1}),
    ]
    s = score(gold, pred)
    assert s["cells"]["correct"] == 0
    assert s["duplicate_predictions"] == 1


def test_exact_source_preferred_over_basename():
    gold = [record("a.txt", fields={"requests.new_received.total": 1})]
    pred = [
        record("x/a.txt", fields={"requests.new_received.total": 9}),
        record("a.txt", fields={"requests.new_received.total": 1}),
    ]
    s = score(gold, pred)
    assert s["cells"]["correct"] == 1
    assert s["duplicate_predictions"] == 1


def test_gold_with_repeated_source_rejected():
    with pytest.raises(ValueError, match="a.txt"):
        score([record("a.txt"), record("a.txt")], [])


# --------------------------------------------------------------------------- per table


def test_per_table_exact_rates():
    gold = [
        record(
            "a.txt",
            fields={
                "active.regulations.made": 1,
                "requests.new_received.total": 2,
                "requests.granted.total": 2,
                "review.total": 0,
            },
        ),
        record(
            "b.txt", fields={"requests.new_received.total": 3, "legacy.info_published": 100}, edition="legacy"
        ),
    ]
    pred = [
        record(
            "a.txt",
            fields={
                "active.regulations.made": 1,
                "requests.new_received.total": 2,
                "requests.granted.total": 1,  # wrong
                "review.total": 0,
            },
        ),
        record(
            "b.txt", fields={"requests.new_received.total": 3, "legacy.info_published": 100}, edition="legacy"
        ),
    ]
    tables = score(gold, pred)["tables"]
    assert list(tables) == ["active", "requests", "litigation", "legacy"]
    assert tables["active"] == {
        "documents": 1,
        "exact": 1,
        "exact_rate": 1.0,
        "cells": 1,
        "correct": 1,
        "accuracy": 1.0,
    }
    assert tables["requests"] == {
        "documents": 2,
        "exact": 1,
        "exact_rate": 0.5,
        "cells": 3,
        "correct": 2,
        "accuracy": pytest.approx(2 / 3),
    }
    assert tables["litigation"]["exact"] == 1
    assert tables["legacy"]["documents"] == 1


# --------------------------------------------------------------------------- prose


def test_prose_multiset_with_repeats():
    gold = [
        record(
            prose=[
                p("public_messages", 17),
                p("public_messages", 17),  # a restatement is another entry
                p("info_published", 3016),
            ]
        )
    ]
    pred = [
        record(
            prose=[
                p("public_messages", 17.0),  # decimal equality
                p("public_messages", 17),
                p("public_messages", 17),  # one more than the gold has
                p("info_published", 3000),  # wrong value
            ]
        )
    ]
    prose = score(gold, pred)["prose"]
    assert prose["tp"] == 2
    assert prose["pred_total"] == 4
    assert prose["gold_total"] == 3
    assert prose["precision"] == 0.5
    assert prose["recall"] == pytest.approx(2 / 3)
    assert prose["f1"] == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    msgs = prose["per_metric"]["public_messages"]
    assert (msgs["tp"], msgs["pred_total"], msgs["gold_total"]) == (2, 3, 2)
    assert msgs["recall"] == 1.0
    info = prose["per_metric"]["info_published"]
    assert (info["tp"], info["precision"], info["recall"], info["f1"]) == (0, 0.0, 0.0, 0.0)


def test_prose_is_per_document():
    gold = [record("a.txt", prose=[p("info_published", 10)]), record("b.txt", prose=[])]
    pred = [record("a.txt", prose=[]), record("b.txt", prose=[p("info_published", 10)])]
    prose = score(gold, pred)["prose"]
    assert prose["tp"] == 0
    assert prose["precision"] == 0.0
    assert prose["recall"] == 0.0
    assert prose["f1"] == 0.0


def test_prose_both_empty_is_perfect():
    prose = score([record()], [record()])["prose"]
    assert (prose["precision"], prose["recall"], prose["f1"]) == (1.0, 1.0, 1.0)
    assert prose["per_metric"] == {}


def test_prose_nothing_predicted():
    prose = score([record(prose=[p("info_published", 1)])], [record()])["prose"]
    assert (prose["precision"], prose["recall"], prose["f1"]) == (0.0, 0.0, 0.0)


def test_prose_nothing_in_gold():
    prose = score([record()], [record(prose=[p("info_published", 1)])])["prose"]
    assert (prose["precision"], prose["recall"], prose["f1"]) == (0.0, 0.0, 0.0)


def test_prose_missing_record_counts_gold():
    prose = score([record(prose=[p("info_published", 1)])], [])["prose"]
    assert prose["gold_total"] == 1
    assert prose["recall"] == 0.0


# --------------------------------------------------------------------------- meta


def test_meta_agency_strip_and_year():
    gold = [record("a.txt", agency="河东区人民政府办公室"), record("b.txt", year=2021)]
    pred = [record("a.txt", agency="  河东区人民政府办公室\n"), record("b.txt", year=2020)]
    meta = score(gold, pred)["meta"]
    assert meta["documents"] == 2
    assert meta["agency"] == {"correct": 2, "accuracy": 1.0}
    assert meta["year"] == {"correct": 1, "accuracy": 0.5}
    assert meta["edition"]["accuracy"] == 1.0


def test_meta_agency_different():
    meta = score([record(agency="洪泽区人民政府")], [record(agency="淮安市洪泽区人民政府")])["meta"]
    assert meta["agency"]["accuracy"] == 0.0


# --------------------------------------------------------------------------- worst and most missed


def test_worst_documents_order_and_limits():
    keys = [f"requests.row{i}.total" for i in range(30)]
    gold, pred = [], []
    for n in range(12):
        source = f"doc{n:02d}.txt"
        gold.append(record(source, fields=dict.fromkeys(keys, 1)))
        wrong = n + 1  # doc n gets n+1 of 30 cells wrong
        pred.append(record(source, fields={k: (0 if i < wrong else 1) for i, k in enumerate(keys)}))
    pred.append(record("perfect.txt", fields={"requests.x.total": 1}))
    gold.append(record("perfect.txt", fields={"requests.x.total": 1}))
    s = score(gold, pred)
    worst = s["worst_documents"]
    assert len(worst) == 10
    assert worst[0]["source"] == "doc11.txt"
    assert worst[0]["wrong"] == 12
    assert len(worst[0]["wrong_cells"]) == 12
    accuracies = [w["accuracy"] for w in worst]
    assert accuracies == sorted(accuracies)
    assert "perfect.txt" not in [w["source"] for w in worst]


def test_worst_documents_ties_by_source_and_wrong_cells_capped():
    keys = [f"requests.row{i}.total" for i in range(25)]
    gold = [record(s, fields=dict.fromkeys(keys, 1)) for s in ("b.txt", "a.txt")]
    pred = [record(s, fields=dict.fromkeys(keys, 2)) for s in ("b.txt", "a.txt")]
    worst = score(gold, pred)["worst_documents"]
    assert [w["source"] for w in worst] == ["a.txt", "b.txt"]
    assert worst[0]["wrong"] == 25
    assert len(worst[0]["wrong_cells"]) == 20
    assert worst[0]["accuracy"] == 0.0


def test_most_missed_keys():
    keys = [f"requests.row{i}.total" for i in range(25)]
    gold = [record(f"{n}.txt", fields=dict.fromkeys(keys, 1)) for n in range(3)]
    pred = [
        record("0.txt", fields=dict.fromkeys(keys, 0)),
        record("1.txt", fields={keys[0]: 0, keys[1]: 0, **{k: 1 for k in keys[2:]}}),
        record("2.txt", fields={keys[0]: 0, **{k: 1 for k in keys[1:]}}),
    ]
    missed = score(gold, pred)["most_missed_keys"]
    assert len(missed) == 20
    assert missed[0] == {"key": keys[0], "wrong": 3}
    assert missed[1] == {"key": keys[1], "wrong": 2}
    # the rest tie at 1 and are ordered by key
    rest = [m["key"] for m in missed[2:]]
    assert rest == sorted(rest)


# --------------------------------------------------------------------------- loading


def test_load_gold_dir(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.gold.json").write_text(json.dumps(record("b.txt")), "utf-8")
    (tmp_path / "sub" / "a.gold.json").write_text(json.dumps(record("a.txt")), "utf-8")
    (tmp_path / "notes.json").write_text("{}", "utf-8")
    gold = load_gold_dir(tmp_path)
    assert [g["source"] for g in gold] == ["b.txt", "a.txt"]  # sorted by path


def test_load_gold_dir_empty(tmp_path: Path):
    with pytest.raises(ValueError, match="gold"):
        load_gold_dir(tmp_path)
    with pytest.raises(ValueError):
        load_gold_dir(tmp_path / "nope")


def test_load_gold_dir_duplicate_source(tmp_path: Path):
    (tmp_path / "x").mkdir()
    (tmp_path / "a.gold.json").write_text(json.dumps(record("a.txt")), "utf-8")
    (tmp_path / "x" / "a.gold.json").write_text(json.dumps(record("a.txt")), "utf-8")
    with pytest.raises(ValueError) as info:
        load_gold_dir(tmp_path)
    message = str(info.value)
    assert str(tmp_path / "a.gold.json") in message
    assert str(tmp_path / "x" / "a.gold.json") in message


def test_load_gold_dir_bad_file(tmp_path: Path):
    (tmp_path / "a.gold.json").write_text("{not json", "utf-8")
    with pytest.raises(ValueError, match="a.gold.json"):
        load_gold_dir(tmp_path)


def test_load_predictions_jsonl(tmp_path: Path):
    path = tmp_path / "out.jsonl"
    lines = [json.dumps(record("a.txt"), ensure_ascii=False), "", "   ", json.dumps(record("b.txt"))]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    assert [r["source"] for r in load_predictions(path)] == ["a.txt", "b.txt"]


def test_load_predictions_bad_line(tmp_path: Path):
    path = tmp_path / "out.jsonl"
    path.write_text(json.dumps(record("a.txt")) + "\n\n{oops\n", "utf-8")
    with pytest.raises(ValueError, match="line 3"):
        load_predictions(path)


def test_load_predictions_non_object_line(tmp_path: Path):
    path = tmp_path / "out.jsonl"
    path.write_text("[1, 2]\n", "utf-8")
    with pytest.raises(ValueError, match="line 1"):
        load_predictions(path)


def test_load_predictions_json_list(tmp_path: Path):
    path = tmp_path / "out.json"
    path.write_text(json.dumps([record("a.txt"), record("b.txt")]), "utf-8")
    assert [r["source"] for r in load_predictions(path)] == ["a.txt", "b.txt"]


def test_load_predictions_json_not_list(tmp_path: Path):
    path = tmp_path / "out.json"
    path.write_text(json.dumps(record("a.txt")), "utf-8")
    with pytest.raises(ValueError, match="list"):
        load_predictions(path)


# --------------------------------------------------------------------------- summary


def test_format_summary():
    gold = [
        record(
            "a.txt",
            fields={"requests.new_received.total": 1, "review.total": 0},
            prose=[p("info_published", 5)],
        ),
        record("b.txt", fields={"requests.new_received.total": 2}),
    ]
    pred = [record("a.txt", fields={"requests.new_received.total": 1, "review.total": 1})]
    text = format_summary(score(gold, pred))
    assert "33.3% (1/3)" in text
    assert "documents exact: 0.0% (0/2)" in text
    assert "requests" in text and "litigation" in text
    assert "F1" in text
    assert "edition" in text
    assert "b.txt" in text and "a.txt" in text
    assert len(text.splitlines()) < 20


# --------------------------------------------------------------------------- the real gold files


def test_every_gold_file_scores_perfect_against_itself(shared_corpora):
    corpora = shared_corpora
    files = sorted(corpora.glob("*/*.gold.json"))
    assert files
    gold = [json.loads(f.read_text("utf-8")) for f in files]
    s = score(gold, copy.deepcopy(gold))
    assert s["cells"]["total"] > 0
    assert s["cells"]["accuracy"] == 1.0
    assert s["documents"]["exact"] == len(files)
    assert s["documents"]["exact_rate"] == 1.0
    assert s["prose"]["f1"] == 1.0
    assert s["prose"]["precision"] == 1.0 and s["prose"]["recall"] == 1.0
    assert all(v["accuracy"] == 1.0 for v in s["tables"].values())
    assert all(s["meta"][k]["accuracy"] == 1.0 for k in ("year", "edition", "agency"))
    assert s["worst_documents"] == []
    assert s["spurious_keys"]["total"] == 0
    json.dumps(s, ensure_ascii=False)
    # the loader finds the same files
    assert [g["source"] for g in load_gold_dir(corpora)] == [g["source"] for g in gold]
