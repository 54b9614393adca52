"""Bad input gives an error record (or a correct record), never a traceback; the other files still come out."""

from __future__ import annotations

import json
import os

from conftest import CORPORA, gold_of

from pipeline.cli import main
from pipeline.evaluation.scoring import score
from pipeline.extract import extract_file

SEED = CORPORA / "seed" / "hedong-2020.txt"


def _bad_files(tmp_path):
    files = {
        "empty.txt": b"",
        "blank.html": b"  \n\n ",
        "garbage.bin": os.urandom(4096),
        "not-a-report.html": "<html><head><title>新闻中心</title></head><body><div class=nav><a href=/>首页</a></div>"
        "<p>2024年3月8日，区领导调研春耕生产，走访12户农户。</p></body></html>".encode(),
        "truncated.html": (CORPORA / "html" / "hongze-2023.cms.html").read_bytes()[:6000],
        "broken.pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n",
        "photo.png": b"\x89PNG\r\n\x1a\n" + os.urandom(200),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return files


def test_each_bad_file_gives_an_error_record(tmp_path):
    _bad_files(tmp_path)
    kinds = {name: extract_file(tmp_path / name) for name in sorted(os.listdir(tmp_path))}
    assert kinds["empty.txt"]["error_kind"] == "empty"
    assert kinds["blank.html"]["error_kind"] == "empty"
    assert kinds["garbage.bin"]["error_kind"] == "undecodable"
    assert kinds["not-a-report.html"]["error_kind"] == "not_a_report"
    assert kinds["broken.pdf"]["error_kind"] == "unreadable"
    assert kinds["photo.png"]["error_kind"] == "unreadable"  # PNG magic, damaged image data
    truncated = kinds["truncated.html"]
    assert truncated["status"] in ("error", "flagged")  # a page cut before its tables is at best partial
    for record in kinds.values():
        if record["status"] == "error":
            assert record["error"] and "Traceback" not in record["error"]
            assert record["fields"] == {}


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path):
    big = tmp_path / "huge.txt"
    with big.open("wb") as fh:
        chunk = SEED.read_bytes()
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(chunk)
    record = extract_file(big)
    assert record["error_kind"] == "too_large"
    assert "MB" in record["error"] and "--max-mb" in record["error"]


def test_a_gbk_text_report_is_read_correctly(tmp_path):
    gbk = tmp_path / "hedong-2020.txt"
    gbk.write_bytes(SEED.read_text("utf-8").encode("gbk"))
    record = extract_file(gbk)
    assert record["encoding"] == "gb18030"
    assert score([gold_of(SEED)], [record])["cells"]["accuracy"] == 1.0


def test_the_batch_goes_on_past_bad_files(tmp_path, capsys):
    _bad_files(tmp_path)
    (tmp_path / "hedong-2020.txt").write_bytes(SEED.read_bytes())
    out = tmp_path / "out.jsonl"
    code = main(["extract", str(tmp_path), "-o", str(out), "-q"])
    assert code == 1
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert len(records) == 8
    good = [r for r in records if r["source"] == "hedong-2020.txt"]
    assert good and good[0]["status"] == "ok" and len(good[0]["fields"]) == 198
