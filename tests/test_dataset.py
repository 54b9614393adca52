"""From a store to a citable dataset (issue 17; formula injection, issue 16 item 7).

The round trip: a flagged cell corrected on the review page (FastAPI's TestClient) reaches the store, and every
export (CSV, Parquet, XLSX, Stata, the long table, the panel) carries the corrected value with ``method:
reviewed``. Also: the codebook covers every key of every edition, the Stata file keeps its labels and tells
blank, absent and not-in-edition apart, copies of one report are known, and no text cell is a formula.
"""

from __future__ import annotations

import csv
import json
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from conftest import CORPORA
from openpyxl import load_workbook

from pipeline.cli import main
from pipeline.extract import extract_file
from pipeline.record import STATUS_FLAGGED
from pipeline.review.app import ReviewConfig, create_app
from pipeline.review.queue import StoreQueue
from pipeline.sinks.codebook import codebook_rows, stata_names
from pipeline.sinks.store import Store
from pipeline.template.identities import DOUBTFUL, check_prose, check_record
from pipeline.template.schema import EDITIONS, load_schema

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*httpx.*deprecated")
    from fastapi.testclient import TestClient

MAX_BYTES = 20 * 1024 * 1024
#: The cell made wrong (it feeds the panel's ``granted``), by how much, and the confidence it was "read" with.
KEY, OFFSET, LOW = "requests.granted.total", 7, 0.42


def _flagged(record: dict) -> dict:
    """``record`` with KEY read wrongly and unsurely: its identities doubtful, the record flagged (as
    :func:`pipeline.record.build_record` flags an unsure reading)."""
    record = json.loads(json.dumps(record))
    record["fields"][KEY] += OFFSET
    record["provenance"][KEY].update(confidence=LOW, text=str(record["fields"][KEY]))
    doubtful = {k for k, p in record["provenance"].items() if p["confidence"] < 0.8}
    record["checks"] = (check_record(record["fields"], record["meta"]["edition"], doubtful)
                        + check_prose(record["fields"], record["prose"]))
    assert any(c["verdict"] == DOUBTFUL for c in record["checks"])
    record["review"] = [f"identity {c['identity']} broken, extraction doubtful" for c in record["checks"]
                        if c["verdict"] == DOUBTFUL]
    record["status"] = STATUS_FLAGGED
    return record


@pytest.fixture(scope="module")
def reviewed_store(tmp_path_factory):
    """A store of two documents (one flagged), the flagged cell corrected through the review page."""
    root = tmp_path_factory.mktemp("dataset")
    docs = root / "docs"
    docs.mkdir()
    text = docs / "hedong-2020.txt"
    shutil.copy(CORPORA / "seed" / "hedong-2020.txt", text)
    html = docs / "hongze-2023.cms.html"
    shutil.copy(CORPORA / "html" / "hongze-2023.cms.html", html)
    truth = extract_file(text)
    assert truth["status"] == "ok"
    out = root / "batch"
    out.mkdir()
    with Store(out / "gongkai.duckdb") as store:
        store.write({**_flagged(truth), "path": str(text)})
        store.write({**extract_file(html), "path": str(html)})
    queue = StoreQueue(out / "gongkai.duckdb")
    item = next(i for i in queue.items if i.status == STATUS_FLAGGED)
    client = TestClient(create_app(ReviewConfig(queue, out / "gold", "研究员甲", MAX_BYTES)),
                        base_url="http://127.0.0.1")
    record = queue.record(item)
    cells = {k: "" if v is None else str(v) for k, v in record["fields"].items()}
    cells[KEY] = str(truth["fields"][KEY])
    payload = {"meta": record["meta"], "cells": cells, "accepted": [],
               "prose": [{k: str(e[k]) for k in ("metric", "value", "unit", "text")} for e in record["prose"]],
               "notes": ""}
    response = client.post(f"/doc/{item.id}/save", json=payload)
    assert response.status_code == 200, response.text
    assert response.json()["store"]["written"] is True
    return {"out": out, "truth": truth, "root": root, "response": response.json(), "machine": truth["fields"][KEY]
            + OFFSET, "record": queue.record(item)}


def _export(out: Path, folder: Path, *extra: str) -> dict[str, Path]:
    files = {"csv": folder / "wide.csv", "xlsx": folder / "wide.xlsx", "parquet": folder / "wide.parquet",
             "dta": folder / "wide.dta", "long": folder / "long.csv", "flags": folder / "flags.csv",
             "panel": folder / "panel.csv"}
    argv = ["export", str(out), *[x for name, path in files.items() for x in (f"--{name}", str(path))], *extra]
    assert main(argv) == 0
    return files


def test_a_correction_on_the_review_page_reaches_every_export(reviewed_store, tmp_path):
    right, machine = reviewed_store["truth"]["fields"][KEY], reviewed_store["machine"]
    record = reviewed_store["record"]
    assert record["status"] == "reviewed" and record["fields"][KEY] == right
    prov = record["provenance"][KEY]
    assert prov["method"] == "reviewed" and prov["reviewed_by"] == "研究员甲" and prov["machine"]["value"] == machine
    files = _export(reviewed_store["out"], tmp_path)
    source = "hedong-2020.txt"

    with files["csv"].open(encoding="utf-8-sig") as fh:
        row = next(r for r in csv.DictReader(fh) if r["source"] == source)
    assert float(row[KEY]) == right and row["status"] == "reviewed" and row["reviewed_by"] == "研究员甲"
    with files["flags"].open(encoding="utf-8-sig") as fh:
        assert next(r for r in csv.DictReader(fh) if r["source"] == source)[KEY].startswith("reviewed")
    with files["long"].open(encoding="utf-8-sig") as fh:
        value = next(r for r in csv.DictReader(fh) if r["source"] == source and r["key"] == KEY)
    assert (float(value["value"]), value["method"], float(value["machine_value"])) == (right, "reviewed", machine)
    assert value["reviewed_by"] == "研究员甲" and value["reviewed_at"]

    table = pq.read_table(files["parquet"]).to_pylist()
    parquet_row = next(r for r in table if r["source"] == source)
    assert parquet_row[KEY] == right and parquet_row["status"] == "reviewed"
    assert b"gongkai_version" in pq.read_schema(files["parquet"]).metadata

    sheet = load_workbook(files["xlsx"])["records"]
    header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    xlsx_row = dict(zip(header, next(r for r in rows if source in r), strict=True))
    assert xlsx_row[KEY] == right and xlsx_row["status"] == "reviewed"

    dta = pd.read_stata(files["dta"])
    dta_row = dta[dta["source"] == source].iloc[0]
    assert dta_row[stata_names()[KEY]] == right and dta_row["status"].startswith("reviewed")

    with files["panel"].open(encoding="utf-8-sig") as fh:
        panel = next(r for r in csv.DictReader(fh) if r["source"] == source)
    assert int(panel["granted"]) == right and panel["status"] == "reviewed"
    # the identities KEY broke were doubtful: their cells were flagged, so the save vouched for them too
    assert "granted (研究员甲)" in panel["reviewed"].split("; ")


def test_reviews_survive_a_new_extraction(reviewed_store, tmp_path):
    """A batch rerun (a new build, --force) writes the machine record again: the store applies the reviews."""
    copy = tmp_path / "gongkai.duckdb"
    shutil.copy(reviewed_store["out"] / "gongkai.duckdb", copy)
    text = reviewed_store["root"] / "docs" / "hedong-2020.txt"
    machine = {**_flagged(reviewed_store["truth"]), "path": str(text)}
    with Store(copy) as store:
        store.write(machine)
        again = next(r for batch in store.records() for r in batch if r["source"] == "hedong-2020.txt")
        methods = dict(store.con.execute("SELECT key, method FROM field_values WHERE key = ?", [KEY]).fetchall())
    assert again["fields"][KEY] == reviewed_store["truth"]["fields"][KEY] and again["status"] == "reviewed"
    assert methods[KEY] == "reviewed"


def test_the_store_knows_copies_of_one_report(tmp_path):
    """The same report as a web page and as text: one report id, two copies, one kept (SQL and exports)."""
    html, text = CORPORA / "html" / "hedong-2020.cms.html", CORPORA / "seed" / "hedong-2020.txt"
    with Store(tmp_path / "gongkai.duckdb") as store:
        for path in (html, text, CORPORA / "html" / "hongze-2023.cms.html"):
            store.write(extract_file(path))
        rows = store.con.execute("SELECT r.source, c.copies, c.kept FROM copies c JOIN records r USING (doc_id) "
                                 "ORDER BY 1").fetchall()
        python = store.copies()
        ids = dict(store.con.execute("SELECT source, doc_id FROM records").fetchall())
    assert rows == [("hedong-2020.cms.html", 2, True), ("hedong-2020.txt", 2, False),
                    ("hongze-2023.cms.html", 1, True)]
    assert [python[ids[s]][1:] for s, _, _ in rows] == [(c, k) for _, c, k in rows]
    assert main(["export", str(tmp_path), "--panel", str(tmp_path / "panel.csv")]) == 0
    with (tmp_path / "panel.csv").open(encoding="utf-8-sig") as fh:
        kept = {r["source"] for r in csv.DictReader(fh)}
    assert kept == {s for s, _, k in rows if k}  # the panel keeps the copy the store marks kept


def test_the_codebook_covers_every_key_of_every_edition(tmp_path):
    schema = load_schema()
    rows = {r["key"]: r for r in codebook_rows()}
    for edition in EDITIONS:
        for key in schema.keys(edition):
            assert edition in rows[key]["editions"].split(", ")
            row_label, col_label = schema.fields[key].labels(edition)
            assert f"{edition}: {row_label}·{col_label}" in rows[key]["labels_by_edition"]
    assert set(rows) == set(schema.fields)
    assert all(r["unit"] and r["table_title"] and r["label_zh"] for r in rows.values())
    assert rows["active.fees.amount"]["unit"] == "万元" and rows["active.licensing.change"]["unit"] == "项"
    assert rows["active.regulations.made"]["item"] == "第二十条第（一）项"
    names = [r["stata_name"] for r in rows.values()]
    assert len(set(names)) == len(names) and max(map(len, names)) <= 32
    assert main(["export", "--codebook", str(tmp_path / "codebook.csv")]) == 0
    assert main(["export", "--codebook", str(tmp_path / "codebook.md")]) == 0
    with (tmp_path / "codebook.csv").open(encoding="utf-8-sig") as fh:
        written = {r["key"]: r for r in csv.DictReader(fh)}
    assert set(written) == set(schema.fields)
    assert written["requests.granted.total"]["panel_indicators"] == "granted"
    assert "requests.granted.total" in (tmp_path / "codebook.md").read_text("utf-8")


def test_stata_keeps_labels_and_tells_blank_absent_and_other_editions_apart(tmp_path):
    record = extract_file(CORPORA / "seed" / "hedong-2020.txt")  # 2019 edition
    record["fields"]["active.procurement.amount"] = None  # printed "/"
    record["fields"].pop("active.fees.prev_items")  # not printed
    record["fields"]["review.upheld"] = 0
    with Store(tmp_path / "gongkai.duckdb") as store:
        store.write(record)
    dta, long_file = tmp_path / "wide.dta", tmp_path / "long.csv"
    assert main(["export", str(tmp_path), "--dta", str(dta), "--long", str(long_file)]) == 0
    reader = pd.io.stata.StataReader(dta)
    with reader:
        frame = reader.read(convert_missing=True, convert_categoricals=True)
        labels, values = reader.variable_labels(), reader.value_labels()
    names = stata_names()
    assert labels[names["requests.granted.total"]] == "（一）予以公开·总计"
    assert labels["agency"] == "机关" and "reviewed 已人工复核" in values["status"].values()
    row = frame.iloc[0]
    assert str(row[names["active.procurement.amount"]]) == ".a"
    assert str(row[names["active.fees.prev_items"]]) == ".b"
    assert str(row[names["active.regulations.in_force"]]) == ".c"  # a 2021 key
    assert row[names["review.upheld"]] == 0
    assert pd.isna(pd.read_stata(dta).iloc[0][names["active.fees.prev_items"]])
    with long_file.open(encoding="utf-8-sig") as fh:
        states = {r["key"]: r["state"] for r in csv.DictReader(fh)}
    assert (states["active.procurement.amount"], states["active.fees.prev_items"], states["review.upheld"]) == (
        "blank", "absent", "value")
    assert "active.regulations.in_force" not in states


def test_stata_without_pandas_is_a_clear_usage_error_before_anything_is_written(tmp_path, monkeypatch, capsys):
    """pandas is the [stata] extra, not a base dependency: a plain install asking for --dta is told what to add."""
    import importlib.util

    with Store(tmp_path / "gongkai.duckdb") as store:
        store.write(extract_file(CORPORA / "seed" / "hedong-2020.txt"))
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pandas" else real_find_spec(name, *a))
    wide = tmp_path / "wide.csv"
    assert main(["export", str(tmp_path), "--csv", str(wide), "--dta", str(tmp_path / "wide.dta")]) != 0
    assert "gongkai[stata]" in capsys.readouterr().err and not wide.exists()


def test_chinese_column_labels(reviewed_store, tmp_path):
    out = tmp_path / "zh.csv"
    assert main(["export", str(reviewed_store["out"]), "--csv", str(out), "--labels", "zh"]) == 0
    header = out.read_text("utf-8-sig").splitlines()[0].split(",")
    assert "（一）予以公开·总计" in header and KEY not in header
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")


def test_no_text_cell_is_a_formula_and_numbers_stay_numbers(tmp_path):
    """OWASP's CSV-injection advice in every tabular export: = + - @ tab and CR start no live formula."""
    record = extract_file(CORPORA / "seed" / "hedong-2020.txt")
    record.update(source="=1+1.txt", path="@SUM(A1).txt", sha256="f" * 64)
    record["meta"]["agency"] = '=HYPERLINK("http://x.example","点击")'
    record["fields"]["active.licensing.change"] = -3
    with Store(tmp_path / "gongkai.duckdb") as store:
        store.write(record)
    files = _export(tmp_path, tmp_path, "--codebook", str(tmp_path / "codebook.csv"))
    files["query"] = tmp_path / "query.csv"
    assert main(["query", str(tmp_path), "select agency, source from records", "--csv", str(files["query"])]) == 0
    for name in ("csv", "long", "flags", "panel", "query"):
        text = files[name].read_text("utf-8-sig")
        for line in csv.reader(text.splitlines()):
            assert not any(cell[:1] in "=+@\t\r" and cell for cell in line), (name, line)
            assert not any(cell.startswith("-") and not _number(cell) for cell in line), (name, line)
        assert "'=HYPERLINK" in text or name == "flags" and "'=1+1.txt" in text
    with files["csv"].open(encoding="utf-8-sig") as fh:
        assert next(csv.DictReader(fh))["active.licensing.change"] == "-3"
    book = load_workbook(files["xlsx"])
    sheet = book["records"]
    header = [c.value for c in sheet[1]]
    cells = {h: c for h, c in zip(header, sheet[2], strict=True)}
    assert cells["agency"].value.startswith("'=") and cells["agency"].data_type == "s"
    assert cells["active.licensing.change"].value == -3 and cells["active.licensing.change"].data_type == "n"
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------- review: one decision per ambiguous row


def test_ambiguous_rows_are_one_decision_with_one_key_cuts(tmp_path):
    """``n`` stops once per ambiguous row (not at each of its cells); a digit key takes one of its cuts."""
    import subprocess
    import sys

    from playwright.sync_api import expect, sync_playwright
    from test_review import CHROMIUM, ROOT, _free_port, _wait_until_up

    from pipeline.synth.generate import synthesize

    assert CHROMIUM.is_file(), "needs Debian's chromium at /usr/bin/chromium"
    docs = tmp_path / "docs"
    synthesize(2, 31, docs, layouts=["runon"], editions=("2019",))
    record = next(r for r in (extract_file(p) for p in sorted(docs.glob("*.txt")))
                  if any(len(a["keys"]) > 1 and a["alternatives"] for a in r["ambiguities"]))
    decision = next(a for a in record["ambiguities"] if len(a["keys"]) > 1 and a["alternatives"])
    decision_of = {k: i for i, a in enumerate(record["ambiguities"]) for k in a["keys"]}
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "review", str(docs), "--corpus", str(tmp_path / "corpus"),
         "--port", str(port), "--user", "cutter", "-q"], cwd=ROOT, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE)
    errors: list[str] = []
    try:
        _wait_until_up(base + "/", server)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(base + "/")
            page.locator("a.open", has_text=record["source"]).click()
            page.wait_for_selector("body[data-ready='1']")
            stops = []
            for _ in range(60):
                page.keyboard.press("n")
                key = page.locator("td.selected input").get_attribute("data-key")
                if key in stops:
                    break
                stops.append(key)
            seen = [decision_of[k] for k in stops if k in decision_of]
            assert seen and len(seen) == len(set(seen)), stops  # one stop per ambiguous row
            first = next(k for k in stops if decision_of.get(k) == record["ambiguities"].index(decision))
            page.locator(f"input.cell[data-key='{first}']").click()
            expect(page.locator("#detail")).to_contain_text("cuts (press the number)")
            page.keyboard.press("2")
            for key, value in zip(decision["keys"], decision["alternatives"][0], strict=True):
                cell = page.locator(f"input.cell[data-key='{key}']")
                expect(cell).to_have_value(str(value))
                expect(page.locator(f"td.accepted input[data-key='{key}']")).to_have_count(1)
            expect(page.locator("#message")).to_contain_text("cut 2")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert not errors, errors


def test_a_record_is_reviewed_only_once_every_flagged_cell_is():
    from pipeline.sinks.reviews import apply_reviews, flagged_keys

    record = _flagged(extract_file(CORPORA / "seed" / "hedong-2020.txt"))
    flagged = sorted(flagged_keys(record))
    assert KEY in flagged and len(flagged) > 1
    first = apply_reviews(record, [{"key": KEY, "value": record["fields"][KEY] - OFFSET, "printed": True,
                                    "reviewer": "甲", "reviewed_at": "2026-12-06T10:00:00+00:00"}])
    assert first["status"] == STATUS_FLAGGED and record["provenance"][KEY]["method"] != "reviewed"
    assert first["provenance"][KEY]["machine"]["value"] == record["fields"][KEY]
    rows = [{"key": k, "value": first["fields"].get(k), "printed": k in first["fields"], "reviewer": "乙",
             "reviewed_at": "2026-12-06T11:00:00+00:00"} for k in flagged if k != KEY]
    done = apply_reviews(first, rows)
    assert done["status"] == "reviewed" and done["reviewed_by"] == ["乙", "甲"]
    # applying the first review again keeps the machine reading, never the reviewed value, as the machine's
    again = apply_reviews(done, [{"key": KEY, "value": 1, "printed": True, "reviewer": "丙",
                                  "reviewed_at": "2026-12-06T12:00:00+00:00"}])
    assert again["provenance"][KEY]["machine"]["value"] == record["fields"][KEY] and again["fields"][KEY] == 1


def test_the_codebook_in_docs_is_the_one_the_command_writes(tmp_path):
    """docs/codebook.md is browsable without installing; it must not drift from the schema."""
    from pipeline.collection.panel import indicators_of_keys
    from pipeline.sinks.codebook import write_codebook

    write_codebook(tmp_path / "codebook.md", indicators_of_keys())
    shipped = CORPORA.parent / "docs" / "codebook.md"
    assert shipped.read_text("utf-8") == (tmp_path / "codebook.md").read_text("utf-8"), \
        "regenerate: gongkai export --codebook docs/codebook.md"
    rows = [line.split(" | ")[0].lstrip("| ") for line in shipped.read_text("utf-8").splitlines()[6:]]
    assert rows == list(load_schema().fields)


def test_a_save_while_a_batch_writes_the_store_waits_and_goes_in_with_the_next(tmp_path):
    """Another process holds the store (a running batch): the save says so, its rows wait beside the store, and
    the next save that can open the store writes them too."""
    import subprocess
    import sys

    docs = tmp_path / "docs"
    docs.mkdir()
    text = docs / "hedong-2020.txt"
    shutil.copy(CORPORA / "seed" / "hedong-2020.txt", text)
    truth = extract_file(text)
    db = tmp_path / "run" / "gongkai.duckdb"
    db.parent.mkdir()
    with Store(db) as store:
        store.write({**_flagged(truth), "path": str(text)})
    queue = StoreQueue(db)
    item = queue.items[0]
    client = TestClient(create_app(ReviewConfig(queue, tmp_path / "gold", "乙", MAX_BYTES)),
                        base_url="http://127.0.0.1")
    record = queue.record(item)

    def save(value: int) -> dict:
        cells = {k: "" if v is None else str(v) for k, v in record["fields"].items()} | {KEY: str(value)}
        payload = {"meta": record["meta"], "cells": cells, "accepted": [], "notes": "",
                   "prose": [{k: str(e[k]) for k in ("metric", "value", "unit", "text")} for e in record["prose"]]}
        response = client.post(f"/doc/{item.id}/save", json=payload)
        assert response.status_code == 200, response.text
        return response.json()["store"]

    from pipeline.review.to_store import save_to_store

    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(db)!r}); "
                               "print('held', flush=True); time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:  # the page cannot even read a held store: the lock is taken between reading and saving
        assert holder.stdout.readline().strip() == "held"
        busy = save_to_store(queue, item, record, {**record["fields"], KEY: truth["fields"][KEY] + 1}, set(), "甲")
    finally:
        holder.kill()
        holder.wait()
    assert busy["written"] is False and "busy" in busy["why"] and (db.parent / "pending-reviews.jsonl").is_file()
    assert save(truth["fields"][KEY])["written"] is True
    assert not (db.parent / "pending-reviews.jsonl").exists()
    with Store(db, read_only=True) as store:
        [stored] = [r for batch in store.records() for r in batch]
        saves = store.con.execute("SELECT count(DISTINCT reviewed_at), count(*) FROM reviews WHERE key = ?",
                                  [KEY]).fetchone()
    assert stored["status"] == "reviewed" and stored["fields"][KEY] == truth["fields"][KEY]
    assert saves[1] == 2  # both saves' rows are in the store, the later one wins
