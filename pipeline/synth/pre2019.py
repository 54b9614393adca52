"""Legacy (2008-2018) reports with known answers: a statistics table in a province's style, and the prose.

``sample_pre2019(rng, source, style)`` draws one agency's year: every row the style's table prints, each with its
本年度 value and (Fujian) its 历年累计, consistent as real tables are (the sub-rows after 其中 add up to their row,
replies never exceed requests, 历年累计 ≥ 本年度), and the sections of an old-style report that state some
figures in words (``{year}年未收到政府信息公开申请``, ``未收取任何费用``) or in numerals. The gold lists every
``legacy.*`` indicator the document states, from the table (本年度 only) or, where the table has no row for it,
from the prose, and the prose metrics the sentences state.

Table styles (:data:`STYLES`):

* ``fujian``: 指标名称 | 计量单位 | 2017年度 | 历年累计, rows and sub-rows as Fujian printed them (pingtan-2017);
* ``serial``: 序号 | 统计指标 | 单位 | 数量, one value column; complaints and fees only in the prose;
* ``national``: 统计指标 | 单位 | 统计数, the 2014-2018 national table with its categories 一、主动公开情况 …
  九、… as rows without values and （一）/1./其中 sub-rows.

Layouts (:data:`PRE2019_LAYOUTS`): each style as an HTML page (``legacy_STYLE_html``: a CMS page, the table a
grid) and as ``|``-flattened text (``legacy_STYLE_cells``: a row per line, cells between ``|``), and
``legacy_runon``: the Fujian table flattened into the page's one run of text, 本年度 and 历年累计 digits
running together (``主动公开文件数条212210037``), as the crawl of pingtan-2017 prints it.

The layouts are not in :data:`pipeline.synth.generate.LAYOUT_REGISTRY`: those render any sampled 2019/2021
record, these only legacy records. Write a corpus with::

    python -m pipeline.synth.pre2019 --n 60 --seed 1 --out /tmp/legacy60
    python -m pipeline.synth.pre2019 --pairs --n 30 --seed 1 --out /tmp/pairs30  # one agency's two years, run-on
    python -m pipeline.synth.pre2019 --pairs --years 4 --n 10 --seed 1 --out /tmp/series  # four years each
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from pipeline.inputs import GOLD_SUFFIX
from pipeline.synth.html_render import _cms_page
from pipeline.synth.records import sample_agency
from pipeline.synth.report_text import _we, report_title
from pipeline.template.editions import PRE2019
from pipeline.template.label_model import ocr_noise

STYLES = ("fujian", "serial", "national")
PRE2019_LAYOUTS = ("legacy_fujian_html", "legacy_fujian_cells", "legacy_serial_html", "legacy_serial_cells",
                  "legacy_national_html", "legacy_national_cells", "legacy_runon")
YEARS = tuple(range(2008, 2019))
#: How often a figure is stated in the prose (the table states it anyway where it has the row).
P_STATE_ACTIVE = 0.7
P_NO_REQUESTS = 0.35
P_NO_REDRESS = 0.7
P_FEES = 0.15
P_NULL_FEES = 0.1  # the fees cell printed "/" (not reported)
P_REWORD = 0.12  # a core row printed in a province's own words (none of the vocabulary's names)
P_TYPO = 0.04  # a row's name with one character swapped for a similar one (a typo, an OCR slip)

#: Names of core rows that no legacy vocabulary entry prints exactly: the fuzzy match or the learned label
#: classifier has to recognise them.
REWORDINGS: dict[str, tuple[str, ...]] = {
    "active_published": ("主动发布政府信息数", "主动公开各类信息数", "政府信息主动公开数", "主动公开的政府信息数"),
    "requests_received": ("受理依申请公开政府信息数", "收到政府信息公开申请件数", "依申请公开受理数"),
    "replies_total": ("已答复的申请数", "答复申请件数", "申请答复件数"),
    "granted": ("同意公开的答复数", "予以公开答复数"),
    "partially_granted": ("同意部分公开的答复数", "部分公开的答复数"),
    "denied": ("不予公开的答复数", "不同意公开的答复数"),
    "reviews": ("行政复议申请数", "被申请行政复议案件数"),
    "suits": ("行政诉讼案件数量", "被提起行政诉讼案件数"),
    "complaints": ("举报投诉件数", "接受举报投诉件数"),
}


@dataclass(frozen=True)
class Row:
    """A printed row: its value id (None for a category heading), its label and its unit."""

    ident: str | None
    label: str
    unit: str = ""

    def reworded(self, rng: random.Random) -> Row:
        """The row with its name (after 其中 and the numbering) in other words, or with a typo, now and then."""
        head = _PREFIX.match(self.label).group(0)
        name = self.label[len(head):]
        if self.ident in REWORDINGS and rng.random() < P_REWORD:
            name = rng.choice(REWORDINGS[self.ident])
        elif self.ident is not None and len(name) >= TYPO_MIN_CHARS and rng.random() < P_TYPO:
            name = ocr_noise(name, rng)
        return Row(self.ident, head + name, self.unit)


#: 其中 and the numbering before a row's name.
_PREFIX = re.compile(r"(?:其中[：:])?(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|\d+[、.．])?")
TYPO_MIN_CHARS = 5


# --------------------------------------------------------------------------- values


def _split(rng: random.Random, total: int, parts: int, weights: tuple[float, ...] | None = None) -> list[int]:
    """``total`` cut into ``parts`` non-negative counts (weighted at random)."""
    weights = weights or tuple(rng.random() + 0.1 for _ in range(parts))
    out = [int(total * w / sum(weights)) for w in weights]
    out[rng.randrange(parts)] += total - sum(out)
    return out


def sample_values(rng: random.Random) -> dict[str, int | float]:
    """This year's value of every row id the styles print; sub-rows add up to their rows."""
    size = rng.choices(("small", "medium", "large"), (5, 3, 2))[0]
    scale = {"small": 1, "medium": 8, "large": 60}[size]
    v: dict[str, int | float] = {}
    v["active_published"] = rng.randint(20, 300) * scale
    v["gazette"] = 0 if rng.random() < 0.6 else rng.randint(1, max(1, v["active_published"] // 10))
    v["website"] = v["active_published"] - v["gazette"]
    v["full_text"] = rng.randint(v["active_published"] // 2, v["active_published"])
    v["normative"] = rng.randint(0, 5 * scale)
    v["normative_made"] = v["normative"] + rng.randint(0, 3)
    for channel in ("weibo", "wechat", "other_channel"):
        v[channel] = rng.randint(0, v["active_published"] // 3)
    requests = 0 if rng.random() < P_NO_REQUESTS else max(1, int(rng.expovariate(1 / (6 * scale))))
    v["requests_received"] = requests
    v["in_person"], v["online"], v["letter"], v["fax"] = _split(rng, requests, 4)
    pending = 0 if requests < 3 or rng.random() < 0.8 else rng.randint(1, 2)
    replies = requests - pending
    v["replies_total"] = v["closed"] = replies
    v["closed_on_time"], v["closed_late"] = _split(rng, replies, 2, (9, 1))
    names = ("already_public", "granted", "partially_granted", "denied", "not_ours", "not_exist", "amend",
             "other_route")
    for name, value in zip(names, _split(rng, replies, len(names), (2, 8, 2, 1, 2, 2, 1, 1)), strict=True):
        v[name] = value
    v["other_reply"] = replies - v["granted"] - v["partially_granted"] - v["denied"]
    for i, value in enumerate(_split(rng, v["denied"], 6)):
        v[f"secret{i}"] = value
    redress = rng.random() >= P_NO_REDRESS and requests > 0
    v["reviews"] = rng.randint(0, 3) if redress else 0
    v["suits"] = rng.randint(0, 2) if redress else 0
    for group in ("reviews", "suits"):
        v[f"{group}_upheld"], v[f"{group}_corrected"], v[f"{group}_other"] = _split(rng, v[group], 3)
    v["complaints"] = rng.randint(0, 2) if rng.random() < 0.2 else 0
    v["fees"] = round(rng.uniform(0.01, 0.5), 2) if rng.random() < P_FEES else 0
    v["hotspots"] = rng.randint(0, 20)
    v["conferences"] = rng.randint(0, 10)
    v["leader_conferences"] = rng.randint(0, v["conferences"])
    for name in ("interviews", "interpretations", "weibo_responses", "other_responses", "offices", "reading_points",
                 "staff", "meetings", "trainings"):
        v[name] = rng.randint(0, 12)
    v["full_time"], v["part_time"] = _split(rng, v["staff"], 2)
    v["budget"] = round(rng.uniform(0, 20), 1)
    v["trainees"] = v["trainings"] * rng.randint(10, 60)
    return v


#: Sub-rows whose values add up to a row (the cumulative column keeps it so).
FAMILIES = {
    "active_published": ("website", "gazette"),
    "requests_received": ("in_person", "online", "letter_fax"),
    "replies_total": ("granted", "partially_granted", "denied", "other_reply"),
}


def cumulative(rng: random.Random, v: dict[str, int | float], year: int) -> dict[str, int]:
    """历年累计 of the Fujian rows: this year plus the years before (2008 on), sub-rows adding up."""
    years = max(1, year - 2008)
    factor = rng.uniform(0.5, min(8.5, 1.5 * years))
    v = dict(v, letter_fax=v["letter"] + v["fax"])
    out: dict[str, int] = {}
    for total, parts in FAMILIES.items():
        for part in parts:
            earlier = int(v[part] * factor) if v[part] else rng.choice((0, 0, rng.randint(1, 9)))
            out[part] = v[part] + earlier
        out[total] = sum(out[p] for p in parts)
    for name in ("complaints", "reviews", "suits"):
        out[name] = v[name] + rng.choice((0, 0, 0, rng.randint(1, 5)))
    return out


# --------------------------------------------------------------------------- the styles' rows


def _pick(rng: random.Random, *names: str) -> str:
    return rng.choice(names)


def fujian_rows(rng: random.Random) -> list[Row]:
    return [
        Row("active_published", _pick(rng, "主动公开文件数", "主动公开政府信息数", "主动公开政府信息条数"), "条"),
        Row("website", "其中：1、" + _pick(rng, "政府网站公开数", "政府网站公开政府信息数"), "条"),
        Row("gazette", "2、" + _pick(rng, "政府公报公开数", "政府公报公开政府信息数"), "条"),
        Row("requests_received", _pick(rng, "受理政府信息依申请公开总数", "受理政府信息公开申请总数"), "条"),
        Row("in_person", "其中：1、当面申请数", "条"),
        Row("online", "2、" + _pick(rng, "网上申请数", "网络申请数"), "条"),
        Row("letter_fax", "3、信函、传真申请数", "条"),
        Row("replies_total", "对申请的答复总数", "条"),
        Row("granted", "其中：1、同意公开答复数", "条"),
        Row("partially_granted", "2、同意部分公开答复数", "条"),
        Row("denied", "3、" + _pick(rng, "不予公开答复数", "不同意公开答复数", "否决公开答复数"), "条"),
        Row("other_reply", "4、其他类型答复数", "条"),
        Row("complaints", _pick(rng, "接受行政诉讼、举报数", "举报投诉数", "申诉举报数"), "件"),
        Row("reviews", "行政复议数", "件"),
        Row("suits", "行政诉讼数", "件"),
    ]


def serial_rows(rng: random.Random) -> list[Row]:
    rows = [
        Row("active_published", _pick(rng, "主动公开政府信息数", "主动公开政府信息总数", "主动公开信息数"), "条"),
        Row("full_text", "其中：全文电子化的政府信息数", "条"),
        Row("requests_received", _pick(rng, "受理政府信息公开申请总数", "收到申请数", "受理申请总数"), "件"),
        Row("in_person", "其中：当面申请数", "件"),
        Row("online", _pick(rng, "网上申请数", "网络申请数"), "件"),
        Row("letter_fax", _pick(rng, "信函申请数", "其他形式申请数"), "件"),
        Row("replies_total", _pick(rng, "对申请的答复总数", "答复总数", "申请答复数"), "件"),
        Row("granted", "其中：" + _pick(rng, "同意公开数", "同意公开答复数"), "件"),
        Row("partially_granted", _pick(rng, "同意部分公开数", "部分公开数"), "件"),
        Row("denied", _pick(rng, "不同意公开数", "不予公开数", "否决公开数"), "件"),
        Row("other_reply", _pick(rng, "其他答复数", "其他类型答复数"), "件"),
        Row("reviews", _pick(rng, "行政复议数", "行政复议案件数"), "件"),
        Row("suits", _pick(rng, "行政诉讼数", "行政诉讼案件数"), "件"),
    ]
    return rows


def national_rows(rng: random.Random) -> list[Row]:
    dot = _pick(rng, "．", ".", "、")
    return [
        Row(None, "一、主动公开情况"),
        Row("active_published", "（一）主动公开政府信息数", "条"),
        Row("normative", "其中：主动公开规范性文件数", "条"),
        Row("normative_made", "制发规范性文件总数", "件"),
        Row(None, "（二）通过不同渠道和方式公开政府信息的情况"),
        Row("gazette", f"1{dot}政府公报公开政府信息数", "条"),
        Row("website", f"2{dot}政府网站公开政府信息数", "条"),
        Row("weibo", f"3{dot}政务微博公开政府信息数", "条"),
        Row("wechat", f"4{dot}政务微信公开政府信息数", "条"),
        Row("other_channel", f"5{dot}其他方式公开政府信息数", "条"),
        Row(None, "二、回应解读情况"),
        Row("hotspots", "（一）回应公众关注热点或重大舆情数", "次"),
        Row(None, "（二）通过不同渠道和方式回应解读的情况"),
        Row("conferences", f"1{dot}参加或举办新闻发布会总次数", "次"),
        Row("leader_conferences", "其中：主要负责同志参加新闻发布会次数", "次"),
        Row("interviews", f"2{dot}政府网站在线访谈次数", "次"),
        Row("interpretations", f"3{dot}政策解读稿件发布数", "篇"),
        Row("weibo_responses", f"4{dot}微博微信回应事件数", "次"),
        Row("other_responses", f"5{dot}其他方式回应事件数", "次"),
        Row(None, "三、依申请公开情况"),
        Row("requests_received", "（一）收到申请数", "件"),
        Row("in_person", f"1{dot}当面申请数", "件"),
        Row("fax", f"2{dot}传真申请数", "件"),
        Row("online", f"3{dot}网络申请数", "件"),
        Row("letter", f"4{dot}信函申请数", "件"),
        Row("closed", "（二）申请办结数", "件"),
        Row("closed_on_time", f"1{dot}按时办结数", "件"),
        Row("closed_late", f"2{dot}延期办结数", "件"),
        Row("replies_total", "（三）申请答复数", "件"),
        Row("already_public", f"1{dot}属于已主动公开范围数", "件"),
        Row("granted", f"2{dot}同意公开答复数", "件"),
        Row("partially_granted", f"3{dot}同意部分公开答复数", "件"),
        Row("denied", f"4{dot}不同意公开答复数", "件"),
        Row("secret0", "其中：涉及国家秘密", "件"),
        Row("secret1", "涉及商业秘密", "件"),
        Row("secret2", "涉及个人隐私", "件"),
        Row("secret3", "危及国家安全、公共安全、经济安全和社会稳定", "件"),
        Row("secret4", "不是《条例》所指政府信息", "件"),
        Row("secret5", "法律法规规定的其他情形", "件"),
        Row("not_ours", f"5{dot}不属于本行政机关公开数", "件"),
        Row("not_exist", f"6{dot}申请信息不存在数", "件"),
        Row("amend", f"7{dot}告知作出更改补充数", "件"),
        Row("other_route", f"8{dot}告知通过其他途径办理数", "件"),
        Row("reviews", "四、行政复议数量", "件"),
        Row("reviews_upheld", "（一）维持具体行政行为数", "件"),
        Row("reviews_corrected", "（二）被依法纠错数", "件"),
        Row("reviews_other", "（三）其他情形数", "件"),
        Row("suits", "五、行政诉讼数量", "件"),
        Row("suits_upheld", "（一）维持具体行政行为或者驳回原告诉讼请求数", "件"),
        Row("suits_corrected", "（二）被依法纠错数", "件"),
        Row("suits_other", "（三）其他情形数", "件"),
        Row("complaints", "六、举报投诉数量", "件"),
        Row("fees", "七、依申请公开信息收取的费用", "万元"),
        Row(None, "八、机构建设和保障经费情况"),
        Row("offices", "（一）政府信息公开工作专门机构数", "个"),
        Row("reading_points", "（二）设置政府信息公开查阅点数", "个"),
        Row("staff", "（三）从事政府信息公开工作人员数", "人"),
        Row("full_time", f"1{dot}专职人员数", "人"),
        Row("part_time", f"2{dot}兼职人员数", "人"),
        Row("budget", "（四）政府信息公开专项经费", "万元"),
        Row(None, "九、政府信息公开会议和培训情况"),
        Row("meetings", "（一）召开政府信息公开工作会议或专题会议数", "次"),
        Row("trainings", "（二）举办各类培训班数", "次"),
        Row("trainees", "（三）接受培训人员数", "人次"),
    ]


ROWS = {"fujian": fujian_rows, "serial": serial_rows, "national": national_rows}
HEADERS = {
    "fujian": lambda year, rng: ["指标名称", "计量单位", f"{year}年度", "历年累计"],
    "serial": lambda year, rng: ["序号", _pick(rng, "统计指标", "指标名称"), "单位", _pick(rng, "数量", "本年数")],
    "national": lambda year, rng: [_pick(rng, "统计指标", "指标名称"), "单位", _pick(rng, "统计数", "本年度")],
}
#: The core indicators, as the gold names them.
INDICATORS = ("active_published", "requests_received", "replies_total", "granted", "partially_granted", "denied",
              "reviews", "suits", "complaints", "fees")


# --------------------------------------------------------------------------- the record


def sample_pre2019(rng: random.Random, source: str, style: str, *, agency: str | None = None,
                   year: int | None = None, values: dict | None = None, totals: dict | None = None) -> dict:
    """A legacy record in the gold shape plus what the renderers need (``_table``, ``_sections``). ``agency``,
    ``year``, ``values`` and (Fujian) ``totals`` are drawn unless given (:func:`sample_pre2019_pair`)."""
    if style not in STYLES:
        raise ValueError(f"no legacy table style {style!r}; one of {STYLES}")
    if agency is None:
        agency, _ = sample_agency(rng)
    year = rng.choice(YEARS) if year is None else year
    values = sample_values(rng) if values is None else values
    values["letter_fax"] = values["letter"] + values["fax"]
    if totals is None:
        totals = cumulative(rng, values, year) if style == "fujian" else {}
    rows = [row.reworded(rng) for row in ROWS[style](rng)]
    cells: list[list[str]] = []
    printed: dict[str, int | float | None] = {}
    null_fees = rng.random() < P_NULL_FEES
    for row in rows:
        if row.ident is None:
            cells.append([row.label, "—"] + ["—"] * (2 if style == "fujian" else 1))
            continue
        value = values[row.ident]
        text = "/" if row.ident == "fees" and null_fees else _number(value)
        line = [row.label, row.unit, text]
        if style == "fujian":
            line.append(_number(totals[row.ident]))
        cells.append(line)
        if row.ident in INDICATORS and row.ident not in printed:
            printed[row.ident] = None if text == "/" else value
    sections, prose, stated = _sections(rng, agency, year, values, printed)
    fields = {f"legacy.{k}": printed[k] if k in printed else stated[k]
              for k in INDICATORS if k in printed or k in stated}
    return {
        "source": source,
        "meta": {"agency": agency, "year": year, "edition": PRE2019.name},
        "fields": fields,
        "prose": prose,
        "notes": [f"legacy table style {style}"],
        "_table": {"style": style, "header": HEADERS[style](year, rng), "cells": cells},
        "_sections": sections,
    }


def sample_pre2019_pair(rng: random.Random, sources: tuple[str, str], style: str = "fujian") -> tuple[dict, dict]:
    """One agency's reports on two consecutive years: the second year's 历年累计 is the first year's plus the
    second year's 本年度, row by row (what a batch holding both reports can check a cut against)."""
    first, second = sample_pre2019_series(rng, sources, style)
    return first, second


def sample_pre2019_series(rng: random.Random, sources: tuple[str, ...], style: str = "fujian") -> list[dict]:
    """One agency's reports on ``len(sources)`` consecutive years, each year's 历年累计 the year before's plus its
    own 本年度 (two years: exactly the draws of :func:`sample_pre2019_pair` before there were series)."""
    agency, _ = sample_agency(rng)
    year = rng.choice(YEARS[: len(YEARS) - len(sources) + 1])
    values, totals = [], []
    for i in range(len(sources)):
        these = sample_values(rng)
        these["letter_fax"] = these["letter"] + these["fax"]
        totals.append(cumulative(rng, these, year) if i == 0 else {k: v + these[k] for k, v in totals[-1].items()})
        values.append(these)
    return [sample_pre2019(rng, source, style, agency=agency, year=year + i, values=values[i], totals=totals[i])
            for i, source in enumerate(sources)]


def _number(value: int | float) -> str:
    return str(value) if isinstance(value, int) else f"{value:g}"


def _sections(rng: random.Random, agency: str, year: int, v: dict, printed: dict
              ) -> tuple[list[tuple[str, list[str]]], list[dict], dict[str, int | float]]:
    """The old sections 一 to 六 (headings and paragraphs), the prose gold entries, and the indicators the
    sentences state (numerals or words) with their values."""
    we = _we(agency)
    prose: list[dict] = []
    stated: dict[str, int | float] = {}

    def entry(metric: str, value: int, unit: str, text: str) -> str:
        prose.append({"metric": metric, "value": value, "unit": unit, "text": text})
        return text

    intro = (f"根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，特向社会公布{report_title({'meta': {'agency': agency, 'year': year}})}。"
             f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。如对本报告有任何疑问，请与{agency}联系。")
    overview = f"{year}年，{we}认真贯彻落实《条例》，不断深化政府信息公开工作，完善工作机制，拓展公开渠道，取得了一定成效。"
    active = [f"{we}坚持以公开为原则、不公开为例外，及时公开群众关心的政府信息。"]
    if rng.random() < P_STATE_ACTIVE:
        text = entry("info_published", v["active_published"], "条", f"主动公开政府信息{v['active_published']}条")
        active.append(f"{year}年，{we}{text}。")
        stated["active_published"] = v["active_published"]
    requests = v["requests_received"]
    if requests == 0:
        sentence = rng.choice((f"{year}年，{we}未收到政府信息公开申请。", f"{year}年未收到有关政府信息公开申请。",
                               "本年度没有收到公民、法人或其他组织提出的政府信息公开申请。"))
        stated["requests_received"] = 0
    else:
        text = entry("requests_received", requests, "件", f"受理政府信息公开申请{requests}件")
        sentence = (f"{year}年，{we}共{text}，其中同意公开{v['granted']}件，同意部分公开{v['partially_granted']}件，"
                    f"不予公开{v['denied']}件。")
        stated |= {"requests_received": requests, "granted": v["granted"],
                   "partially_granted": v["partially_granted"], "denied": v["denied"]}
    fees_line = f"{we}依申请公开政府信息未收取任何费用。"
    if v["fees"] == 0 or "fees" in printed:
        stated["fees"] = 0 if v["fees"] == 0 else v["fees"]
    if v["fees"] != 0:
        fees_line = f"{we}依申请公开政府信息按规定收取检索、复制、邮寄等费用。"
        stated.pop("fees", None)
    if v["reviews"] == 0 and v["suits"] == 0:
        redress = f"{year}年，{we}未发生因政府信息公开申请提起行政复议、行政诉讼的情况。"
        stated |= {"reviews": 0, "suits": 0}
    else:
        r = entry("admin_reviews", v["reviews"], "件", f"行政复议{v['reviews']}件")
        s = entry("admin_suits", v["suits"], "件", f"行政诉讼{v['suits']}件")
        redress = f"{year}年，{we}因政府信息公开申请被申请{r}，被提起{s}。"
        stated |= {"reviews": v["reviews"], "suits": v["suits"]}
    if v["complaints"] == 0:
        redress += "未收到有关政府信息公开工作的举报投诉。"
        stated["complaints"] = 0
    sections = [
        ("", [intro]),
        ("一、概述", [overview]),
        ("二、主动公开政府信息情况", active),
        ("三、依申请公开政府信息情况", [sentence]),
        ("四、政府信息公开的收费及减免情况", [fees_line]),
        ("五、因政府信息公开申请行政复议、提起行政诉讼的情况", [redress]),
        ("六、政府信息公开工作存在的主要问题及改进措施",
         [f"{we}政府信息公开工作还存在公开内容不够全面、公开形式不够丰富等问题。下一步，{we}将进一步加强组织领导，"
          "完善工作制度，提高政府信息公开工作水平。"]),
    ]
    return sections, prose, stated


# --------------------------------------------------------------------------- rendering


def _table_title() -> str:
    return "七、政府信息公开情况统计表"


def render_pre2019(record: dict, layout: str) -> bytes:
    """The document's bytes in ``layout`` (one of :data:`PRE2019_LAYOUTS`)."""
    if layout not in PRE2019_LAYOUTS:
        raise ValueError(f"unknown legacy layout {layout!r}; one of {PRE2019_LAYOUTS}")
    if layout == "legacy_runon":
        return _runon(record).encode("utf-8")
    if layout.endswith("_cells"):
        return _cells(record).encode("utf-8")
    return _html(record).encode("utf-8")


def _serialised(record: dict) -> list[list[str]]:
    """The table's rows with the 序号 column where the style prints one."""
    table = record["_table"]
    if table["style"] != "serial":
        return [table["header"], *table["cells"]]
    return [table["header"], *([str(i), *row] for i, row in enumerate(table["cells"], 1))]


def _html(record: dict) -> str:
    parts = []
    for heading, paragraphs in record["_sections"]:
        if heading:
            parts.append(f"<p><strong>{html.escape(heading)}</strong></p>")
        parts += [f"<p>{html.escape(p)}</p>" for p in paragraphs]
    parts.append(f"<p><strong>{_table_title()}</strong></p>")
    rows = _serialised(record)
    body = []
    for i, row in enumerate(rows):
        tag = "th" if i == 0 else "td"
        if i and row[-1] == "—" and record["_table"]["style"] == "national":
            body.append(f"<tr><td colspan=\"{len(row)}\">{html.escape(row[0])}</td></tr>")
            continue
        body.append("<tr>" + "".join(f"<{tag}>{html.escape(c)}</{tag}>" for c in row) + "</tr>")
    parts.append('<table border="1" cellspacing="0" cellpadding="2">\n' + "\n".join(body) + "\n</table>")
    return _cms_page(record, "\n".join(parts))


def _cells(record: dict) -> str:
    lines = [f"标题: {report_title(record)}", f"发布机构: {record['meta']['agency']}", ""]
    for heading, paragraphs in record["_sections"]:
        if heading:
            lines.append(heading)
        lines += paragraphs
    lines.append(_table_title())
    lines += [" | ".join(row) + " |" for row in _serialised(record)]
    return "\n".join(lines) + "\n"


def _runon(record: dict) -> str:
    """The Fujian table run into the page text: labels, units and digits with nothing between."""
    meta = record["meta"]
    body = "".join(f"{heading}{''.join(paragraphs)}" for heading, paragraphs in record["_sections"])
    table = record["_table"]
    flat = "".join(table["header"]) + "".join("".join(c for c in row if c != "—") for row in table["cells"])
    head = [f"标题: {report_title(record)}", f"发布时间: {meta['year'] + 1}-01-23 08:51", "文号: ",
            "发布机构: ", "栏目: 政府信息公开年报", "==================== 正文 ===================="]
    page = (f"当前位置： 首页政务公开政府信息公开政府信息公开年报 {report_title(record)} 来源：{meta['agency']} "
            f"{report_title(record)} ")
    return "\n".join(head) + "\n" + page + body + _table_title() + flat + " 附件下载\n"


def style_of(layout: str) -> str:
    return "fujian" if layout == "legacy_runon" else layout.split("_")[1]


def extension_of(layout: str) -> str:
    return "html" if layout.endswith("_html") else "txt"


# --------------------------------------------------------------------------- a corpus


def gold_of(record: dict, source: str, synth: dict) -> dict:
    return {"source": source, "meta": record["meta"], "fields": record["fields"], "prose": record["prose"],
            "notes": record["notes"], "synth": synth}


def pre2019_pairs(n: int, seed: int, out: Path, layout: str = "legacy_runon", years: int = 2) -> dict:
    """Write ``n`` series of one agency's ``years`` consecutive reports each (two: pairs; Fujian table,
    ``layout``) and their gold; the files of series i are ``legacy-pair-{i}-a``, ``-b`` …"""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for i in range(n):
        sub = rng.getrandbits(63)
        stems = tuple(f"legacy-pair-{i:05d}-{chr(ord('a') + j)}.{layout}" for j in range(years))
        sources = tuple(f"{stem}.{extension_of(layout)}" for stem in stems)
        series = sample_pre2019_series(random.Random(sub), sources)
        for stem, source, record in zip(stems, sources, series, strict=True):
            (out / source).write_bytes(render_pre2019(record, layout))
            synth = {"layout": layout, "format": extension_of(layout).replace("txt", "text"), "seed": sub,
                     "origin": "sampled pair" if years == 2 else f"sampled series of {years} years", "style": "fujian"}
            (out / f"{stem}{GOLD_SUFFIX}").write_text(
                json.dumps(gold_of(record, source, synth), ensure_ascii=False, indent=1) + "\n", "utf-8")
    return {"pairs": n, "years": years, "documents": years * n, "layout": layout}


def pre2019_synthesize(n: int, seed: int, out: Path, layouts: list[str] | None = None) -> dict:
    """Write ``n`` legacy documents (layouts round-robin) and their gold files into ``out``."""
    layouts = list(layouts or PRE2019_LAYOUTS)
    unknown = [x for x in layouts if x not in PRE2019_LAYOUTS]
    if unknown or not layouts:
        raise ValueError(f"unknown legacy layouts {unknown}; available: {list(PRE2019_LAYOUTS)}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    written: dict[str, int] = {}
    for i in range(n):
        layout = layouts[i % len(layouts)]
        sub = rng.getrandbits(63)
        stem = f"legacy-{i:05d}.{layout}"
        source = f"{stem}.{extension_of(layout)}"
        record = sample_pre2019(random.Random(sub), source, style_of(layout))
        (out / source).write_bytes(render_pre2019(record, layout))
        synth = {"layout": layout, "format": extension_of(layout).replace("txt", "text"), "seed": sub,
                 "origin": "sampled", "style": style_of(layout)}
        gold = gold_of(record, source, synth)
        (out / f"{stem}{GOLD_SUFFIX}").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", "utf-8")
        written[layout] = written.get(layout, 0) + 1
    return {"documents": n, "by_layout": written}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=70, help="how many documents")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--layouts", nargs="*", default=None, help=f"default: all of {list(PRE2019_LAYOUTS)}")
    parser.add_argument("--pairs", action="store_true",
                        help="write N pairs of one agency's consecutive years instead (run-on Fujian tables)")
    parser.add_argument("--years", type=int, default=2, help="with --pairs: consecutive years per agency")
    args = parser.parse_args(argv)
    written = (pre2019_pairs(args.n, args.seed, args.out, years=args.years) if args.pairs
               else pre2019_synthesize(args.n, args.seed, args.out, args.layouts))
    json.dump(written, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
