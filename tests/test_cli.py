from __future__ import annotations

import json
import subprocess
import sys

import duckdb
import pyarrow.parquet as pq
from conftest import CORPORA

from pipeline.cli import main


def test_extract_writes_jsonl_to_stdout_and_exits_0(capsys):
    assert main(["extract", str(CORPORA / "seed" / "hedong-2020.txt"), "-q"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    record = json.loads(line)
    assert record["source"] == "hedong-2020.txt"
    assert record["meta"] == {"agency": "河东区人民政府办公室", "year": 2020, "edition": "2019"}
    assert record["fields"]["requests.new_received.total"] == 20
    assert {"prose", "checks", "provenance", "warnings", "error"} <= set(record)


def test_folders_are_read_recursively_and_gold_files_skipped(tmp_path):
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(CORPORA / "text"), str(CORPORA / "seed"), "-o", str(out), "-q"]) == 0
    sources = [json.loads(line)["source"] for line in out.read_text("utf-8").splitlines()]
    assert sorted(sources) == ["hedong-2020.txt", "hongze-2023.layout.txt", "hongze-2024.layout.txt",
                               "huaian-2024.layout.txt"]


def test_usage_errors_exit_2(tmp_path, capsys):
    assert main(["extract", str(tmp_path / "missing")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["eval", "--gold", str(tmp_path), "--pred", str(tmp_path / "none.jsonl")]) == 2


def test_db_and_parquet_sinks(tmp_path):
    db, parquet = tmp_path / "out.duckdb", tmp_path / "wide.parquet"
    args = ["extract", str(CORPORA / "real"), "-o", str(tmp_path / "o.jsonl"), "--db", str(db),
            "--parquet", str(parquet), "-q"]
    assert main(args) == 0
    con = duckdb.connect(str(db))
    assert con.execute("select count(*) from records").fetchone()[0] == 6
    assert con.execute("select count(*) from field_values where source = 'pingtan-2023.txt'").fetchone()[0] == 200
    assert con.execute("select count(*) from checks where verdict = 'holds'").fetchone()[0] > 0
    main(args)  # written again: replaced, not duplicated
    assert con.execute("select count(*) from records").fetchone()[0] == 6
    con.close()
    table = pq.read_table(parquet).to_pylist()
    row = next(r for r in table if r["source"] == "pingtan-2023.txt")
    assert row["requests.new_received.total"] == 81 and row["active.fees.amount"] == 5949.088667
    assert row["error"] == "" and row["edition"] == "2021"


def test_eval_scores_and_writes_json(tmp_path, capsys):
    pred = tmp_path / "pred.jsonl"
    main(["extract", str(CORPORA / "seed"), "-o", str(pred), "-q"])
    scores_path = tmp_path / "scores.json"
    assert main(["eval", "--gold", str(CORPORA / "seed"), "--pred", str(pred), "--json", str(scores_path)]) == 0
    assert "100.0%" in capsys.readouterr().out
    assert json.loads(scores_path.read_text("utf-8"))["cells"]["accuracy"] == 1.0


def test_the_installed_command_runs():
    result = subprocess.run([sys.executable, "-m", "pipeline.cli", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "extract" in result.stdout and "eval" in result.stdout
