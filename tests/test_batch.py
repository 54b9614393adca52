"""Batches: store, dedupe, resume after kill -9, isolation of bad files, export, the Dask engine."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import duckdb
import pytest
from conftest import CORPORA
from openpyxl import load_workbook

from pipeline.batch import BatchOptions, open_store, plan, run
from pipeline.cli import main


@pytest.fixture()
def archive(tmp_path):
    """A small archive: text, HTML and PDF reports, a zip of some of them (duplicates), and bad files."""
    root = tmp_path / "in"
    shutil.copytree(CORPORA / "html", root / "html", ignore=shutil.ignore_patterns("pingtan*", "hongze*"))
    shutil.copytree(CORPORA / "seed", root / "seed")
    shutil.copy(CORPORA / "real" / "hongze-2023.pdf", root)
    with zipfile.ZipFile(root / "bundle.zip", "w") as bundle:
        bundle.write(CORPORA / "seed" / "hedong-2020.txt", "a/hedong-2020.txt")  # a duplicate
        bundle.write(CORPORA / "real" / "pingtan-2023.txt", "a/pingtan-2023.txt")
        bundle.writestr("a/bomb.txt", b"0" * (30 * 1024 * 1024))  # compresses to ~30 KB; over --max-mb 20
    (root / "empty.txt").write_bytes(b"")
    (root / "garbage.bin").write_bytes(os.urandom(5000))
    return root


def _records(out):
    con = duckdb.connect(str(out / "gongkai.duckdb"), read_only=True)
    try:
        return {r[0]: json.loads(r[1]) for r in con.execute("select path, record from records").fetchall()}
    finally:
        con.close()


def test_batch_writes_every_document_once_and_lists_bad_ones(archive, tmp_path):
    out = tmp_path / "out"
    code = main(["batch", str(archive), "--out", str(out), "--workers", "2", "-q"])
    assert code == 1  # some inputs are bad
    records = _records(out)
    kinds = {os.path.basename(p): r.get("error_kind") for p, r in records.items()}
    assert kinds["empty.txt"] == "empty" and kinds["garbage.bin"] == "undecodable"
    assert kinds["bomb.txt"] == "too_large"
    hongze = records[str(archive / "hongze-2023.pdf")]
    # read right, but the report breaks two identities as printed: flagged for a person to confirm (issue 13)
    assert kinds["hongze-2023.pdf"] is None and hongze["status"] == "flagged"
    assert all("broken by the report as printed" in reason for reason in hongze["review"])
    # the seed is in the folder and in the zip: one record, two paths
    con = duckdb.connect(str(out / "gongkai.duckdb"), read_only=True)
    seed_paths = con.execute("select count(*) from sources where source = 'hedong-2020.txt'").fetchone()[0]
    seed_records = con.execute("select count(*) from records where source = 'hedong-2020.txt'").fetchone()[0]
    con.close()
    assert (seed_paths, seed_records) == (2, 1)
    quarantine = (out / "quarantine.tsv").read_text("utf-8")
    assert "empty.txt" in quarantine and "garbage.bin" in quarantine and "bomb.txt" in quarantine
    assert archive.joinpath("empty.txt").exists()  # listed, never moved or deleted


def test_a_rerun_skips_what_is_done_and_force_redoes_it(archive, tmp_path):
    out = tmp_path / "out"
    options = BatchOptions(workers=1)
    with open_store(out) as store:
        queue, result = plan([archive], store, options)
        run(queue, store, options, result)
        first = result.processed
    with open_store(out) as store:
        queue, result = plan([archive], store, options)
        assert queue == [] and result.skipped_done == result.inputs
    with open_store(out) as store:
        queue, _ = plan([archive], store, BatchOptions(workers=1, force=True))
        assert len(queue) == first


def test_kill_9_then_rerun_finishes_with_no_duplicates(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(40):  # distinct contents: each copy of the seed gets its own comment line
        (src / f"doc{i:02d}.txt").write_bytes(CORPORA.joinpath("seed", "hedong-2020.txt").read_bytes()
                                             + f"\n备注{i}\n".encode())
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "pipeline.cli", "batch", str(src), "--out", str(out), "--workers", "1", "-q"]
    proc = subprocess.Popen(cmd, start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline:
        time.sleep(0.3)
        try:
            con = duckdb.connect(str(out / "gongkai.duckdb"), read_only=True)
            n = con.execute("select count(*) from records").fetchone()[0]
            con.close()
        except (duckdb.Error, RuntimeError):
            continue
        if n >= 5:
            break
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert main(["batch", str(src), "--out", str(out), "--workers", "1", "-q"]) == 0
    con = duckdb.connect(str(out / "gongkai.duckdb"), read_only=True)
    assert con.execute("select count(*), count(distinct doc_id) from records").fetchone() == (40, 40)
    per_doc = con.execute("select count(*) from field_values group by doc_id").fetchall()
    con.close()
    assert {n for (n,) in per_doc} == {198}


#: Copies of a real report's pages in the document that must outlast the time limit: one copy reads in about
#: 0.1 s now, too close to a limit of 0.15 s to be sure of; ten take about ten times as long.
SLOW_COPIES = 10


def _repeated_pdf(source: Path, copies: int, target: Path) -> None:
    import pypdfium2

    pdf, out = pypdfium2.PdfDocument(source), pypdfium2.PdfDocument.new()
    for _ in range(copies):
        out.import_pages(pdf)
    out.save(target)


def test_a_document_over_the_time_limit_is_stopped_and_the_batch_goes_on(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    _repeated_pdf(CORPORA / "real" / "huaian-2024.pdf", SLOW_COPIES, src / "long.pdf")
    shutil.copy(CORPORA / "seed" / "hedong-2020.txt", src)
    out = tmp_path / "out"
    main(["batch", str(src), "--out", str(out), "--workers", "1", "--timeout", "0.15", "-q"])
    records = {os.path.basename(p): r for p, r in _records(out).items()}
    assert records["long.pdf"]["error_kind"] == "timeout"
    assert records["hedong-2020.txt"]["status"] == "ok"  # the replaced worker went on


def test_export_reads_back_with_the_same_numbers(archive, tmp_path):
    out = tmp_path / "out"
    main(["batch", str(archive), "--out", str(out), "--workers", "2", "-q"])
    files = {"csv": tmp_path / "w.csv", "xlsx": tmp_path / "w.xlsx", "parquet": tmp_path / "w.parquet"}
    assert main(["export", str(out), "--csv", str(files["csv"]), "--xlsx", str(files["xlsx"]),
                 "--parquet", str(files["parquet"])]) == 0
    con = duckdb.connect()
    key = "requests.new_received.total"
    query = f"select source, \"{key}\", \"active.fees.amount\", error from {{}} order by path"
    from_parquet = con.execute(query.format(f"read_parquet('{files['parquet']}')")).fetchall()
    from_csv = con.execute(query.format(f"read_csv('{files['csv']}', header=true)")).fetchall()
    assert len(from_parquet) == len(_records(out))
    assert [(r[0], r[1], r[2]) for r in from_parquet] == [(r[0], r[1], r[2]) for r in from_csv]
    rows = list(load_workbook(files["xlsx"], read_only=True)["records"].values)
    header = list(rows[0])
    rows = [tuple(r) + (None,) * (len(header) - len(r)) for r in rows]  # trailing empty cells are not stored
    xlsx = [(r[header.index("source")], r[header.index(key)]) for r in rows[1:]]
    assert sorted(xlsx, key=str) == sorted(((r[0], r[1]) for r in from_parquet), key=str)
    seed = next(r for r in from_parquet if r[0] == "hedong-2020.txt")
    assert seed[1] == 20 and (seed[3] or "") == ""


def test_query_runs_sql_against_the_store(archive, tmp_path, capsys):
    out = tmp_path / "out"
    main(["batch", str(archive), "--out", str(out), "--workers", "1", "-q"])
    capsys.readouterr()
    assert main(["query", str(out), "select count(*) as n from records where status = 'error'"]) == 0
    assert "3" in capsys.readouterr().out
    assert main(["query", str(out), "select * from nowhere"]) == 2


def test_dask_engine_gives_the_same_records_as_the_local_engine(archive, tmp_path):
    pytest.importorskip("distributed")
    local, dask = tmp_path / "local", tmp_path / "dask"
    main(["batch", str(archive), "--out", str(local), "--workers", "2", "-q"])
    main(["batch", str(archive), "--out", str(dask), "--workers", "2", "--engine", "dask", "-q"])
    a, b = _records(local), _records(dask)
    assert a.keys() == b.keys()
    for path in a:
        assert a[path] == b[path], path


def _legacy_pairs(tmp_path, n: int = 5, seed: int = 3):
    """One agency's two consecutive run-on legacy reports, ``n`` times: the first years in one folder, the
    second years in another (an archive a researcher adds later); gold values by source."""
    from pipeline.synth.pre2019 import pre2019_pairs

    gen = tmp_path / "gen"
    pre2019_pairs(n, seed, gen)
    first, later, gold = tmp_path / "first", tmp_path / "later", {}
    for folder in (first, later):
        folder.mkdir()
    for path in gen.glob("*.txt"):
        gold[path.name] = json.loads(path.with_name(path.name[:-4] + ".gold.json").read_text("utf-8"))["fields"]
        shutil.copy(path, first if "-a." in path.name else later)
    return first, later, gold


def _store_state(out):
    con = duckdb.connect(str(out / "gongkai.duckdb"), read_only=True)
    try:
        records = {r[0]: json.loads(r[1]) for r in con.execute("select source, record from records").fetchall()}
        log = con.execute("select source, key, action, old_value, new_value, neighbours from cut_log").fetchall()
        values = dict(((s, k), v) for s, k, v in con.execute(
            "select source, key, value from field_values where key like 'legacy.%'").fetchall())
    finally:
        con.close()
    return records, log, values


def test_the_cross_year_pass_writes_decided_cuts_back_when_a_year_is_added(tmp_path):
    first, later, gold = _legacy_pairs(tmp_path)
    out = tmp_path / "out"
    assert main(["batch", str(first), "--out", str(out), "--workers", "1", "-q"]) == 0
    alone, log, _ = _store_state(out)
    assert log == [] and all(r["status"] == "flagged" for r in alone.values())  # no neighbour yet
    assert main(["batch", str(later), "--out", str(out), "--workers", "1", "-q"]) == 0  # the next year added
    records, log, values = _store_state(out)
    decided = [row for row in log if row[2] == "decided"]
    assert decided and any(row[0] in alone for row in decided)  # a first year decided by the year added
    for source, key, _, _, new, neighbours in decided:
        assert new == gold[source][key] and neighbours and source not in neighbours
        prov = records[source]["provenance"][key]
        assert prov["method"] == "cross_year" and prov["readings"] and source not in prov["neighbours"]
        assert values[(source, key)] == new  # the long rows the exports read carry it too
    assert not [s for s, r in records.items() if r["status"] == "ok"
                and any(r["fields"].get(k) != v for k, v in gold[s].items())]  # never ok with a wrong value
    assert all(r["status"] == "flagged" for r in records.values() if r["ambiguities"] or r["review"])
    assert sum(r["status"] == "ok" for r in records.values()) > len(records) // 2
    wide = tmp_path / "wide.csv"
    assert main(["export", str(out), "--csv", str(wide)]) == 0
    exported = duckdb.connect().execute(f"select source, \"{decided[0][1]}\" from read_csv('{wide}', header=true)")
    assert dict(exported.fetchall())[decided[0][0]] == decided[0][4]
    # idempotent: the pass again (alone, or a rerun of the batch) rewrites nothing and logs nothing
    assert main(["cuts", str(out / "gongkai.duckdb"), "-q"]) == 0
    assert main(["cuts", str(tmp_path / "nowhere"), "-q"]) == 2  # no store: a usage error
    assert main(["batch", str(first), str(later), "--out", str(out), "--workers", "1", "-q"]) == 0
    again, log_again, _ = _store_state(out)
    assert again == records and log_again == log


def test_a_cross_year_pass_killed_half_way_is_finished_by_the_next(tmp_path, monkeypatch):
    from pipeline.batch.cuts import decide_cuts
    from pipeline.sinks.store import Store

    first, later, _ = _legacy_pairs(tmp_path)
    shutil.copy(CORPORA / "seed" / "hedong-2020.txt", later)  # a 2019-template report: grouped, never changed
    out, whole = tmp_path / "out", tmp_path / "whole"
    for folder in (out, whole):
        assert main(["batch", str(first), str(later), "--out", str(folder), "--workers", "1", "-q",
                     "--no-cuts"]) == 0
    with open_store(whole) as store:
        expected = decide_cuts(store, run_at="t")
    rewrite, calls = Store.rewrite, []

    def dying(self, records, log):
        if len(calls) == 2:
            raise KeyboardInterrupt  # the pass is stopped after two transactions
        calls.append(len(records))
        rewrite(self, records, log)

    monkeypatch.setattr(Store, "rewrite", dying)
    with open_store(out) as store, pytest.raises(KeyboardInterrupt):
        decide_cuts(store, run_at="t", chunk=2)
    monkeypatch.setattr(Store, "rewrite", rewrite)
    with open_store(out) as store:
        finished = decide_cuts(store, run_at="t")
    assert calls == [2, 2] and len(finished.rewritten) == len(expected.rewritten) - 4
    records, log, values = _store_state(out)
    assert (records, sorted(log), values) == (lambda s: (s[0], sorted(s[1]), s[2]))(_store_state(whole))
    assert records["hedong-2020.txt"]["status"] == "ok" and "cross_year" not in records["hedong-2020.txt"]


def test_a_decision_whose_neighbour_is_gone_is_reopened(tmp_path):
    from pipeline.batch.cuts import decide_cuts

    first, later, _ = _legacy_pairs(tmp_path)
    out = tmp_path / "out"
    main(["batch", str(first), str(later), "--out", str(out), "--workers", "1", "-q"])
    records, log, _ = _store_state(out)
    source, key = next((row[0], row[1]) for row in log if row[2] == "decided" and row[0] in os.listdir(first))
    neighbour = records[source]["provenance"][key]["neighbours"][0]
    with open_store(out) as store:  # the neighbouring year is taken out of the store (say, it was misdated)
        doc_id = store.con.execute("select doc_id from records where source = ?", [neighbour]).fetchone()[0]
        for table in ("records", "field_values", "checks", "reports"):
            store.con.execute(f"delete from {table} where doc_id = ?", [doc_id])
        decide_cuts(store)
    records, log, _ = _store_state(out)
    assert (source, key, "reopened") in [row[:3] for row in log]
    assert records[source]["status"] == "flagged" and records[source]["ambiguities"]
    assert records[source]["provenance"][key]["method"] == "split" and "cross_year" not in records[source]
