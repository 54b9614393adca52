"""Prose figures: candidates, rules, the conventions, and the prose ↔ table check."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import CORPORA, extract_and_score

from pipeline.extract import extract_file
from pipeline.prose.candidates import find_candidates
from pipeline.prose.context import context_of
from pipeline.prose.rules import apply_rules


def _rule(sentence: str, year: int = 2023) -> list[tuple[object, str | None]]:
    return [(c.value, apply_rules(context_of(sentence, c, year))) for c in find_candidates(sentence)]


@pytest.mark.parametrize("text, value, unit", [
    ("共发布政府信息3016条", 3016, "条"), ("召开新闻发布会十二场", 12, "场"), ("主动公开各类信息5500余条", 5500, "条"),
    ("累计发布1.2万条", 12000, "条"), ("举办培训班６期", 6, "期"), ("轮训95人次", 95, "人次"),
])
def test_numbers_in_every_written_form(text, value, unit):
    [cand] = find_candidates(text)
    assert (cand.value, cand.unit) == (value, unit)


def test_no_candidates_in_years_ordinals_or_percentages():
    assert find_candidates("根据第二十条第（一）项，2023年12月31日，占51.85%，电话0591-23165385") == []


@pytest.mark.parametrize("sentence, expected", [
    ("2023年，共发布政府信息3016条。", [(3016, "info_published")]),
    ("共发布政府信息3016条，其中图片新闻320条。", [(3016, "info_published"), (320, None)]),
    ("2023年度共召开17次区政府常务会议。", [(17, "exec_meetings")]),
    ("受理政府信息公开申请20件，办结19件。", [(20, "requests_received"), (19, None)]),
    ("截至2023年底，历年累计公开政府信息12万条。", [(120000, None)]),
    ("2022年发布政策解读45篇。", [(45, None)]),  # another year than the one reported on
    ("开展在线访谈19期，收到行政复议3件，行政诉讼2件。",
     [(19, "online_interviews"), (3, "admin_reviews"), (2, "admin_suits")]),
])
def test_rules_follow_the_conventions(sentence, expected):
    assert _rule(sentence) == expected


def test_prose_of_the_seed_is_exact():
    records, scores = extract_and_score([CORPORA / "seed" / "hedong-2020.txt"])
    assert scores["prose"]["f1"] == 1.0
    entry = next(p for p in records[0]["prose"] if p["metric"] == "gazette_issues")
    assert entry["value"] == 8 and "公报" in entry["text"]
    assert entry["provenance"]["method"] in ("rule", "classifier") and "offset" in entry["provenance"]


def test_a_channel_count_is_the_figure_only_without_a_total():
    [record] = [extract_file(CORPORA / "real" / "hongze-2023.pdf")]
    assert Counter(p["metric"] for p in record["prose"])["info_published"] == 1  # 政府网站平台…1136条


def test_prose_that_contradicts_its_table_is_reported_with_both_values():
    record = extract_file(CORPORA / "real" / "hongze-2024.pdf")
    [check] = [c for c in record["checks"] if c["identity"] == "prose.requests_received"]
    assert check["verdict"] == "prose_differs" and (check["lhs"], check["rhs"]) == (17, 95)
    assert "only part of the agency" in check["note"]
