"""``gongkai review``: the queue, the source beside the grid, validation, safety, gold and retraining.

The end-to-end test drives Debian's headless Chromium (``/usr/bin/chromium``, package ``chromium``) with
Playwright's Python API through ``executable_path``: nothing is downloaded (never ``playwright install``).
Its document is a generated scan (see ``tests/review_fixture.py`` for where its flagged record comes from
until the OCR route is merged).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings
from pathlib import Path

import pytest
from conftest import CORPORA, ROOT
from review_fixture import FlaggedScan, flagged_scan_record

from pipeline.cli import main
from pipeline.extract import extract_file
from pipeline.review import validate
from pipeline.review.app import ReviewConfig, create_app
from pipeline.review.files import Refused, inside, safe_name
from pipeline.review.log import LOG_NAME
from pipeline.review.queue import FolderQueue, StoreQueue
from pipeline.review.validate import format_value
from pipeline.sinks.store import Store
from pipeline.template.identities import HOLDS, check_record

with warnings.catch_warnings():  # starlette asks for httpx2, a package the test client does not need yet
    warnings.filterwarnings("ignore", message=".*httpx.*deprecated")
    from fastapi.testclient import TestClient

CHROMIUM = Path("/usr/bin/chromium")
MAX_BYTES = 20 * 1024 * 1024
SCRIPT_MARK = "<script>document.body.setAttribute('data-ran', '1'); document.title = 'script ran';</script>"


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def scan(tmp_path_factory) -> FlaggedScan:
    return flagged_scan_record(tmp_path_factory.mktemp("scan"))


def _served(folder: Path, scan: FlaggedScan) -> tuple[Path, Path]:
    """A served folder: the flagged scan (its record in a records file), a text report and an HTML report
    carrying a script (both extracted when the queue opens)."""
    served = folder / "served"
    served.mkdir()
    shutil.copy(scan.document, served / scan.document.name)
    shutil.copy(CORPORA / "seed" / "hedong-2020.txt", served / "hedong-2020.txt")
    html = (CORPORA / "html" / "hongze-2023.cms.html").read_text("utf-8").replace("</body>", SCRIPT_MARK + "</body>")
    (served / "hongze-2023.scripted.html").write_text(html, "utf-8")
    records = folder / "records.jsonl"
    records.write_text(json.dumps({**scan.record, "path": str(served / scan.document.name)}, ensure_ascii=False)
                       + "\n", "utf-8")
    return served, records


def _client(queue, corpus: Path, user: str = "tester") -> TestClient:
    app = create_app(ReviewConfig(queue, corpus, user, MAX_BYTES))
    return TestClient(app, base_url="http://127.0.0.1")


@pytest.fixture(scope="module")
def folder_app(tmp_path_factory, scan):
    root = tmp_path_factory.mktemp("review")
    served, records = _served(root, scan)
    queue = FolderQueue(served, records, MAX_BYTES)
    return queue, root / "corpus", served


def _cells(values: dict, keys) -> dict:
    return {k: format_value(values[k]) if k in values else "" for k in keys}


def _payload(record: dict, **cells) -> dict:
    """What the page posts: the metadata, every cell as typed, the prose figures, the notes."""
    typed = _cells(record["fields"], record["fields"])
    typed.update(cells)
    return {"meta": record["meta"], "cells": typed, "accepted": [],
            "prose": [{k: str(e[k]) for k in ("metric", "value", "unit", "text")} for e in record["prose"]],
            "notes": ""}


# --------------------------------------------------------------------------- queue and validation


def test_the_queue_puts_flagged_documents_first_then_the_least_sure(folder_app, scan):
    queue, corpus, _ = folder_app
    names = [i.source for i in queue.items]
    assert names[0] == scan.document.name and queue.items[0].status == "flagged"
    flagged = [i for i in queue.items if i.status == "flagged"]
    assert queue.items[: len(flagged)] == flagged  # every flagged document before the rest
    for group in (flagged, queue.items[len(flagged):]):
        assert [i.confidence for i in group] == sorted(i.confidence for i in group)
    page = _client(queue, corpus).get("/").text
    assert page.index(scan.document.name) < page.index("hedong-2020.txt")


@pytest.mark.parametrize(("text", "message"), [
    ("12abc", "is not a number"), ("abc", "is not a number"), ("12345678901234567890", "has 20 digits"),
    ("2.5", "not a whole number"), ("-3", "negative"), ("1" * 40, "too long"),
])
def test_bad_cell_values_are_refused_with_a_message(text, message):
    with pytest.raises(validate.InputError, match=message):
        validate.parse_cell("requests.granted.total", text)


def test_what_a_cell_may_hold():
    parse = validate.parse_cell
    assert parse("requests.granted.total", "２０") == 20
    assert parse("requests.granted.total", "1,234") == 1234 and parse("requests.granted.total", "1.2万") == 12000
    assert parse("requests.granted.total", "/") is None and parse("requests.granted.total", "无") is None
    assert parse("requests.granted.total", "") is validate.NOT_PRINTED
    assert parse("active.licensing.change", "-3") == -3
    assert parse("active.fees.amount", "5949.088667") == 5949.088667
    with pytest.raises(validate.InputError, match="not a cell"):
        parse("requests.nonsense.total", "1")


def test_bad_values_are_refused_by_the_server_and_nothing_is_written(folder_app, scan):
    queue, corpus, _ = folder_app
    client = _client(queue, corpus)
    item = queue.items[0]
    for bad, message in (("12abc", "not a number"), ("12345678901234567890", "20 digits")):
        checked = client.post(f"/doc/{item.id}/check", json=_payload(scan.record, **{scan.key: bad})).json()
        assert message in checked["errors"][scan.key]
        saved = client.post(f"/doc/{item.id}/save", json=_payload(scan.record, **{scan.key: bad}))
        assert saved.status_code == 422 and message in saved.json()["errors"][scan.key]
    bad_meta = _payload(scan.record)
    bad_meta["meta"] = {**bad_meta["meta"], "year": "20x4"}
    assert "not a year" in client.post(f"/doc/{item.id}/save", json=bad_meta).json()["errors"]["meta"]
    assert not list(corpus.glob("*.gold.json")) and not (corpus / LOG_NAME).exists()


# --------------------------------------------------------------------------- safety


def test_path_traversal_is_refused(tmp_path, scan):
    served, records = _served(tmp_path, scan)
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET 机密", "utf-8")
    (served / "link.txt").symlink_to(secret)  # a link out of the served folder
    with records.open("a", encoding="utf-8") as fh:  # a record naming a file outside it
        fh.write(json.dumps({"source": "secret.txt", "path": str(secret), "status": "ok", "meta": {},
                             "fields": {}, "prose": []}) + "\n")
    queue = FolderQueue(served, records, MAX_BYTES)
    client = _client(queue, tmp_path / "corpus")
    for url in ("/doc/../../secret.txt", "/doc/..%2F..%2Fsecret.txt/original", "/static/../app.py",
                "/static/%2e%2e/app.py", "/static/..%2F..%2F..%2Fsecret.txt", f"/static/{secret}",
                "/doc/%2e%2e/page/1.jpg"):
        response = client.get(url)
        assert response.status_code in (400, 403, 404), url
        assert "SECRET" not in response.text
    outside = [i for i in queue.items if i.source == "secret.txt" and i.location is None]
    linked = [i for i in queue.items if i.source == "link.txt"]
    assert outside and linked and linked[0].status == "error" and linked[0].location is None  # never read
    for item in outside + linked:
        page = client.get(f"/doc/{item.id}")
        assert page.status_code == 200 and "SECRET" not in page.text and "cannot be shown" in page.text
        for url in (f"/doc/{item.id}/original", f"/doc/{item.id}/page/1.jpg"):
            assert client.get(url).status_code in (403, 404) and "SECRET" not in client.get(url).text
        saved = client.post(f"/doc/{item.id}/save", json=_payload(scan.record))
        assert saved.status_code == 403
    with pytest.raises(Refused):
        inside(served, "../secret.txt")
    with pytest.raises(Refused):
        inside(served, served / "link.txt")
    for name in ("..", ".hidden", "", "a\x00b"):
        with pytest.raises(Refused):
            safe_name(name)
    assert safe_name("../../evil.pdf") == "evil.pdf"


def test_only_the_page_itself_may_post(folder_app, scan):
    queue, corpus, _ = folder_app
    client = _client(queue, corpus)
    item = queue.items[0]
    url = f"/doc/{item.id}/save"
    body = json.dumps(_payload(scan.record))
    assert client.post(url, content=body, headers={"Content-Type": "application/json",
                                                   "Origin": "http://evil.example"}).status_code == 403
    assert client.post(url, content=body, headers={"Content-Type": "text/plain"}).status_code == 403
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400  # DNS rebinding
    assert not list(corpus.glob("*.gold.json"))


def test_html_is_served_sandboxed_and_the_app_allows_only_its_own_script(folder_app):
    queue, corpus, _ = folder_app
    client = _client(queue, corpus)
    html = next(i for i in queue.items if i.source.endswith(".html"))
    original = client.get(f"/doc/{html.id}/original")
    csp = original.headers["content-security-policy"]
    assert csp.startswith("sandbox;") and "default-src 'none'" in csp and "script" not in csp.replace("scripts", "")
    assert SCRIPT_MARK in original.text  # shown as it is; the sandbox, not rewriting, keeps it from running
    assert client.get(f"/doc/{html.id}/page/1.jpg").status_code == 404  # an HTML page has no page images
    scan = queue.items[0]
    assert client.get(f"/doc/{scan.id}/page/1.jpg").headers["content-type"] == "image/jpeg"
    assert client.get(f"/doc/{scan.id}/page/99.jpg").status_code == 404
    assert client.get(f"/doc/{scan.id}/original").status_code == 404
    page = client.get(f"/doc/{html.id}")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert 'sandbox=""' in page.text


# --------------------------------------------------------------------------- saving


def test_a_store_document_is_copied_beside_its_gold_and_a_taken_name_is_not_overwritten(tmp_path):
    docs = tmp_path / "archive"
    docs.mkdir()
    shutil.copy(CORPORA / "seed" / "hedong-2020.txt", docs / "report.txt")
    record = extract_file(docs / "report.txt")
    (tmp_path / "run").mkdir()
    with Store(tmp_path / "run" / "gongkai.duckdb") as store:
        store.write(record)
    corpus = tmp_path / "run" / "gold"
    corpus.mkdir()
    (corpus / "report.txt").write_text("another report of the same name", "utf-8")
    queue = StoreQueue(tmp_path / "run" / "gongkai.duckdb")
    assert queue.root == docs.resolve()
    client = _client(queue, corpus, user="alice")
    item = queue.items[0]
    key = "requests.new_received.natural_person"
    saved = client.post(f"/doc/{item.id}/save", json=_payload(record, **{key: "21"}))
    assert saved.status_code == 200, saved.text
    copies = [p for p in corpus.iterdir() if p.name.startswith("report-") and p.suffix == ".txt"]
    assert len(copies) == 1 and copies[0].read_bytes() == (docs / "report.txt").read_bytes()
    assert (corpus / "report.txt").read_text("utf-8") == "another report of the same name"
    gold = json.loads((corpus / (copies[0].name[:-4] + ".gold.json")).read_text("utf-8"))
    assert gold["source"] == copies[0].name and gold["fields"][key] == 21
    assert set(gold) == {"source", "meta", "fields", "prose", "notes"}
    [entry] = json.loads("[" + (corpus / LOG_NAME).read_text("utf-8").strip().replace("\n", ",") + "]")
    assert entry["user"] == "alice" and entry["changes"] == [{"key": key, "from": 20, "to": 21, "extracted": 20}]
    assert not [p for p in corpus.iterdir() if p.name.endswith(".tmp")]  # atomic writes leave nothing behind
    assert 'value="21"' in client.get(f"/doc/{item.id}").text  # reopening shows the saved value


# --------------------------------------------------------------------------- the browser, end to end


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(url: str, server: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gongkai review exited: {server.stderr.read().decode(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    pytest.fail(f"gongkai review did not answer at {url} within {seconds} s")


def test_review_page_end_to_end_in_headless_chromium(tmp_path, scan):
    from playwright.sync_api import expect, sync_playwright

    assert CHROMIUM.is_file(), "the end-to-end test needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)"
    served, records = _served(tmp_path, scan)
    corpus = tmp_path / "corpus"
    broken = [c["identity"] for c in scan.record["checks"] if c["verdict"] == "doubtful" and scan.key in c["keys"]]
    assert broken  # the wrong cell makes identities doubtful: that is why the document is flagged
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "review", str(served), "--records", str(records), "--corpus",
         str(corpus), "--port", str(port), "--user", "e2e-reviewer", "-q"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    errors: list[str] = []
    try:
        _wait_until_up(base + "/", server)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

            # the queue: the flagged scan comes first
            page.goto(base + "/")
            first = page.locator("#queue tbody tr").first
            expect(first.locator("a.open")).to_have_text(scan.document.name)
            expect(first.locator(".status")).to_have_text("flagged")
            first.locator("a.open").click()
            page.wait_for_selector("body[data-ready='1']")

            # the scan's pages are rendered; the next flagged cell is the wrong one, boxed on its page
            page.wait_for_function("() => [...document.querySelectorAll('.page img')].slice(0, 2)"
                                   ".every(i => i.complete && i.naturalWidth > 0)")
            page.keyboard.press("n")
            cell = page.locator(f"input.cell[data-key='{scan.key}']")
            expect(page.locator("td.selected input")).to_have_attribute("data-key", scan.key)
            expect(cell).to_have_value(str(scan.record["fields"][scan.key]))
            where = scan.record["provenance"][scan.key]
            box = page.locator(f"#page-{where['page']} .hl")
            expect(box).to_be_visible()
            for name in broken:
                expect(page.locator(f"#identities li[data-identity='{name}']")).to_have_count(1)

            # a bad value is refused with a message, and nothing can be saved
            page.keyboard.press("e")
            page.keyboard.type("12abc")
            page.keyboard.press("Enter")
            expect(page.locator("#message")).to_contain_text("is not a number")
            expect(page.locator(f"td.invalid input[data-key='{scan.key}']")).to_have_count(1)
            expect(page.locator("#save")).to_be_disabled()

            # the right value: the identities hold again, live
            page.keyboard.press("e")
            page.keyboard.type(str(scan.gold["fields"][scan.key]))
            page.keyboard.press("Enter")
            expect(page.locator("td.invalid")).to_have_count(0)
            for name in broken:
                expect(page.locator(f"#identities li[data-identity='{name}']")).to_have_count(0)
            expect(page.locator(f"td.edited input[data-key='{scan.key}']")).to_have_count(1)

            # save with the keyboard
            page.keyboard.press("s")
            expect(page.locator("#save-state")).to_contain_text("saved")
            screenshot = tmp_path / "review-e2e.png"
            page.screenshot(path=str(screenshot), full_page=False)
            print(f"\nscreenshot: {screenshot}")

            # reopening shows the corrected value
            page.reload()
            page.wait_for_selector("body[data-ready='1']")
            expect(cell).to_have_value(str(scan.gold["fields"][scan.key]))
            expect(page.locator("#reviewed-badge")).to_be_visible()

            # an HTML report is shown sandboxed: its script does not run (the browser says it blocked it)
            app_errors = list(errors)
            page.goto(base + "/")
            page.locator("a.open", has_text="scripted").click()
            page.wait_for_selector("body[data-ready='1']")
            page.keyboard.press("n")  # table 四 breaks an identity in the source: look, and accept the cell
            selected = page.locator("td.selected")
            expect(selected).to_have_class(re.compile(r"\bbreaks\b"))
            page.keyboard.press("a")
            expect(page.locator("td.accepted")).to_have_count(1)
            page.locator("button[data-tab='original']").click()
            frame = page.frame_locator("#original")
            expect(frame.locator("body")).to_contain_text("行政复议")
            assert frame.locator("body").get_attribute("data-ran") is None
            page.wait_for_timeout(200)
            assert any("sandboxed" in e and "allow-scripts" in e for e in errors[len(app_errors):]), errors
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)

    assert screenshot.stat().st_size > 10_000
    gold_path = corpus / (scan.document.name.removesuffix(".pdf") + ".gold.json")
    gold = json.loads(gold_path.read_text("utf-8"))
    assert gold["source"] == scan.document.name and (corpus / scan.document.name).read_bytes() == scan.document.read_bytes()
    assert gold["fields"][scan.key] == scan.gold["fields"][scan.key]
    if scan.how == "portrait stand-in":
        assert gold["fields"] == scan.gold["fields"]  # the one wrong cell was the only difference
    verdicts = {c["identity"]: c["verdict"] for c in check_record(gold["fields"], gold["meta"]["edition"], set())}
    assert all(verdicts[name] == HOLDS for name in broken)
    [entry] = [json.loads(line) for line in (corpus / LOG_NAME).read_text("utf-8").splitlines()]
    assert entry["user"] == "e2e-reviewer" and entry["changes"] == [
        {"key": scan.key, "from": scan.record["fields"][scan.key], "to": scan.gold["fields"][scan.key],
         "extracted": scan.record["fields"][scan.key]}]
    assert not app_errors, app_errors  # the review page itself ran without an error


def test_review_refuses_what_it_cannot_serve(tmp_path, capsys):
    assert main(["review", str(tmp_path / "nowhere")]) == 2
    assert "not a batch store or a folder" in capsys.readouterr().err
    assert main(["review", str(tmp_path), "--records", str(tmp_path / "none.jsonl")]) == 2


# --------------------------------------------------------------------------- retraining


def test_retraining_from_gold_saved_through_the_page(tmp_path):
    """A tiny corpus (real prose excerpts, no gold yet) reviewed through the app, then ``gongkai train``."""
    served = tmp_path / "excerpts"
    served.mkdir()
    for path in sorted((CORPORA / "prose" / "real").glob("a-0*.txt")):
        shutil.copy(path, served / path.name)
    queue = FolderQueue(served, None, MAX_BYTES)
    client = _client(queue, served, user="trainer")
    saved_prose = 0
    dropped = None
    for item in queue.items:
        record = queue.record(item)
        if not record["prose"]:
            continue
        payload = _payload(record)
        if dropped is None and len(payload["prose"]) > 1:  # the reviewer rejects one figure
            dropped = payload["prose"][0]
            payload["prose"][0] = {**dropped, "metric": ""}
        response = client.post(f"/doc/{item.id}/save", json=payload)
        assert response.status_code == 200, response.text
        saved_prose += len([p for p in payload["prose"] if p["metric"]])
    golds = sorted(served.glob("*.gold.json"))
    assert len(golds) >= 5 and dropped is not None
    assert sum(len(json.loads(g.read_text("utf-8"))["prose"]) for g in golds) == saved_prose
    out = tmp_path / "models"
    assert main(["train", str(served), "--out", str(out), "--seed", "1"]) == 0
    metrics = json.loads((out / "prose" / "metrics.json").read_text("utf-8"))
    assert metrics["documents"]["train"] + metrics["documents"]["dev"] == len(golds)
    assert 0 < metrics["examples"]["train_positive"] <= saved_prose
    assert (out / "prose" / "model.npz").is_file() and (out / "labels" / "label_model.npz").is_file()
