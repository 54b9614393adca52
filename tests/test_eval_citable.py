"""``gongkai eval`` as a paper cites it: a batch store read directly, the gold set, intervals, reliability."""

from __future__ import annotations

import json
import shutil

from conftest import CORPORA

from pipeline.calibration import Calibration
from pipeline.cli import main
from pipeline.evaluation.calibration import Outcome, ece, fit, reliability
from pipeline.evaluation.citable import bootstrap, gold_set, is_generated
from pipeline.evaluation.scoring import load_gold_dir


def test_eval_reads_a_batch_store_and_prints_what_a_paper_cites(tmp_path, capsys):
    gold = tmp_path / "gold"
    gold.mkdir()
    for name in ("hedong-2020.cms", "hongze-2023.cms"):
        for suffix in (".html", ".gold.json"):
            shutil.copy(CORPORA / "html" / (name + suffix), gold / (name + suffix))
    shutil.copy(CORPORA / "real" / "pingtan-2019.txt", gold)
    shutil.copy(CORPORA / "real" / "pingtan-2019.gold.json", gold)
    out = tmp_path / "run"
    assert main(["batch", str(gold), "--out", str(out), "--workers", "1", "-q"]) == 0
    capsys.readouterr()
    assert main(["eval", "--gold", str(gold), "--pred", str(out), "--json", str(tmp_path / "s.json"),
                 "--bootstrap", "200"]) == 0
    printed = capsys.readouterr().out
    assert "gold set: 3 document(s), 1 real, 2 generated" in printed
    assert "95% bootstrap intervals (200 resamples of documents): cell accuracy" in printed
    assert "confidence reliability: ECE" in printed and "calibrated" in printed
    assert "documents with a wrong value but status ok: 0" in printed
    scores = json.loads((tmp_path / "s.json").read_text("utf-8"))
    low, high = scores["intervals"]["cell_accuracy"]
    assert low <= scores["cells"]["accuracy"] <= high
    assert scores["citation"]["model_hashes"] and scores["citation"]["gongkai"]
    assert {row["agency"] for row in scores["per_agency"]} >= {"平潭综合实验区"}
    assert main(["eval", "--gold", str(gold), "--pred", str(out / "gongkai.duckdb")]) == 0


def test_generated_documents_are_told_from_published_ones():
    assert is_generated({"source": "synth-00001.word.html", "synth": {"layout": "word"}})
    assert is_generated({"source": "hedong-2020.cms.html"})
    assert not is_generated({"source": "hongze-2023.pdf"})
    assert gold_set(load_gold_dir(CORPORA / "real"))["generated"] == 0


def test_bootstrap_interval_holds_the_point_estimate():
    gold = load_gold_dir(CORPORA / "real")
    wrong = json.loads(json.dumps(gold))
    for record in wrong[:5]:  # one wrong cell in five of the six documents
        key = next(iter(record["fields"]))
        record["fields"][key] = 10**6
    result = bootstrap(gold, wrong, samples=300)
    low, high = result["cell_accuracy"]
    cells = sum(len(g["fields"]) for g in gold)
    assert 0 < low <= (cells - 5) / cells <= high < 1


def test_ece_and_an_isotonic_fit_that_lowers_overconfident_values():
    """200 values at 0.999 of which 20 are wrong: ECE about 0.08; the fitted table maps 0.999 to the share right,
    smoothed by a pseudo-count either way (181/202), and never makes a finite record certain (51/52)."""
    outcomes = [Outcome("ocr", 0.999, i >= 20) for i in range(200)] + [Outcome("cell", 1.0, True)] * 50
    raw = ece([(o.confidence, o.right) for o in outcomes])
    assert abs(raw["ece"] - 0.0799) < 0.001 and raw["wrong_at_0999"] == 20
    table = fit(outcomes)
    assert table.apply("ocr", 0.999) == round(181 / 202, 4) and table.apply("cell", 1.0) == round(51 / 52, 4)
    assert table.apply("reviewed", 0.2) == 1.0 and table.apply("prose", 0.7) == 0.7  # unknown: raw
    again = Calibration.from_json(json.loads(json.dumps(table.to_json())))
    assert again == table
    assert reliability(outcomes, table)["calibrated"]["ece"] < 0.01 < raw["ece"]


def test_eval_without_intervals(tmp_path, capsys):
    """--bootstrap 0 scores without intervals (it crashed on an empty resample list); a negative count is refused."""
    gold = load_gold_dir(CORPORA / "real")
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(g, ensure_ascii=False) + "\n" for g in gold), "utf-8")
    assert bootstrap(gold, gold, samples=0) == {}
    assert main(["eval", "--gold", str(CORPORA / "real"), "--pred", str(pred), "--bootstrap", "0"]) == 0
    printed = capsys.readouterr().out
    assert "bootstrap intervals" not in printed and "documents with a wrong value but status ok: 0" in printed
    assert main(["eval", "--gold", str(CORPORA / "real"), "--pred", str(pred), "--bootstrap", "-1"]) != 0
