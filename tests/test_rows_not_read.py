"""A row of table 二 the reader lost is said and flags the record: no identity would catch its absence."""

from __future__ import annotations

import re

from pipeline.extract import extract_bytes
from pipeline.synth.generate import synth_record
from pipeline.synth.html_render import render_html


def _report() -> tuple[dict, str]:
    record = synth_record(1313, "r.html", ("2021",))
    return record, render_html(record, "cms").decode("utf-8")


def test_a_whole_report_reads_every_row_of_table_two():
    record, html = _report()
    out = extract_bytes(html.encode("utf-8"), "r.html")
    assert not any("not found" in w for w in out["warnings"]), out["warnings"]


def test_a_lost_row_of_table_two_flags_the_record():
    record, html = _report()
    rows = re.findall(r"<tr>(?:(?!</tr>).)*行政强制(?:(?!</tr>).)*</tr>", html, flags=re.S)
    assert len(rows) == 1
    out = extract_bytes(html.replace(rows[0], "").encode("utf-8"), "r.html")
    assert "active.coercion.decisions" not in out["fields"] or out["fields"]["active.coercion.decisions"] is None
    assert out["status"] == "flagged"
    assert any("行政强制" in r and "not found" in r for r in out["review"]), out["review"]
