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


def test_on_a_terminal_extract_shows_a_summary_for_a_person():
    """The first README command through a pseudo-terminal: a readable summary, not a 10 kB line of JSON."""
    import os
    import pty

    from conftest import ROOT

    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "extract", "corpora/seed/hedong-2020.txt"],
                            stdin=follower, stdout=follower, stderr=follower, cwd=ROOT, close_fds=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "120", "TERM": "xterm"})
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert proc.wait(timeout=300) == 0
    screen = b"".join(chunks).decode("utf-8", "replace")
    import re

    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen)
    assert not text.lstrip().startswith("{") and '"provenance"' not in text
    for shown in ("hedong-2020.txt", "ok", "河东区人民政府办公室", "2020", "edition 2019", "三 依申请公开",
                  "held", "not assessable", "flagged  0 for review", "info_published = 3016",
                  "JSON: not written"):
        assert shown in text, (shown, text)


def test_piped_or_with_json_extract_writes_json_lines(capsys):
    assert main(["extract", str(CORPORA / "seed" / "hedong-2020.txt"), "--json", "-q"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "ok"


def test_every_help_ends_with_a_runnable_example(capsys):
    """Each help text ends with examples, and each example is a valid command line (it parses, and its
    paths exist in the repository)."""
    import shlex

    import pytest
    from conftest import ROOT

    from pipeline.cli import EXAMPLES, build_parser

    parser = build_parser()
    for command in EXAMPLES:
        argv = [] if command == "main" else [command]
        with pytest.raises(SystemExit):
            main([*argv, "--help"])
        help_text = capsys.readouterr().out.rstrip()
        assert help_text.endswith(EXAMPLES[command][-1]), command
        for example in EXAMPLES[command]:
            for line in example.split("&&"):
                words = shlex.split(line)
                assert words[0] == "gongkai"
                args = parser.parse_args(words[1:])
                for path in getattr(args, "paths", []) + [getattr(args, "gold", None) or ROOT]:
                    assert (ROOT / path).exists(), (example, path)


def test_the_readme_python_api_example_runs(tmp_path, monkeypatch):
    """The README's Python API example, exactly as printed, from the repository's root."""
    import re

    from conftest import ROOT

    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## Python API", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    monkeypatch.chdir(ROOT)
    scope: dict = {}
    exec(compile(code, "README.md", "exec"), scope)
    frame = scope["frame"]
    assert len(frame) >= 4 and {"source", "agency", "year", "status", "requests.new_received.total"} <= set(frame)
    assert frame.set_index("source").loc["hedong-2020.txt", "requests.new_received.total"] == 20
    record = scope["record"]
    assert record.status == "ok" and record.to_dict()["fields"] == record.fields
    assert record.to_series()["agency"] == "河东区人民政府办公室"
