"""A figure that its sub-section heading names: ``（四）开展政策解读工作情况 … 2017年，共公开发布信息82条``.

Legacy reports put each kind of work under its own heading and then count it in the plainest words
(共公开发布信息82条). The sentence alone names no metric; the heading does. A figure no rule decides is taken for
the heading's metric only when its clause is such a plain count of publishing (发布/公开 … 信息 N 条) in the
unit the metric takes, close under the heading.
"""

from __future__ import annotations

import re

from .candidates import Candidate
from .context import Context

#: A sub-section heading numbered in Chinese: （四） or 四、 — the words after it name the sub-section.
_HEADING = re.compile(r"[（(][一二三四五六七八九十]{1,3}[)）]|(?<![一二三四五六七八九十\d])[一二三四五六七八九十]{1,3}、")
#: The characters after the numbering that are read as the heading's words.
HEADING_CHARS = 14
#: A figure counts as under the heading only this close after it.
REACH = 400
#: Heading words → the metric they name, and the units that metric takes.
HEADING_METRICS = (
    (re.compile(r"解读"), "policy_interpretations", ("条", "篇", "件", "个", "期", "份")),
    (re.compile(r"新闻发布会|发布会"), "press_conferences", ("场", "次", "期")),
    (re.compile(r"在线访谈|访谈"), "online_interviews", ("期", "场", "次")),
)
#: A plain count of publishing: the clause ends in 发布/公开 (…信息) right before the number.
_PLAIN = re.compile(r"(?:发布|公开|推出|刊发)(?:各类|相关)?(?:信息|稿件|文章)?(?:共|共计|合计)?$")


def heading_metric(text: str, cand: Candidate, ctx: Context) -> str | None:
    """The metric the figure's sub-section heading names, if the figure is a plain count under it."""
    if ctx.qizhong or ctx.cumulative or ctx.other_year or not _PLAIN.search(ctx.clause_left.rstrip("，, ")):
        return None
    heading = None
    for m in _HEADING.finditer(text, max(0, cand.start - REACH), cand.start):
        heading = m
    if heading is None:
        return None
    words = text[heading.end() : min(cand.start, heading.end() + HEADING_CHARS)]
    for pattern, metric, units in HEADING_METRICS:
        if pattern.search(words) and cand.unit in units:
            return metric
    return None
