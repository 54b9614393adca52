"""Sections 一 to 六 of a report, its edition, the agency and the year reported on.

Headings are found in order (each after the one before), by their numeral and their wording, so that
table rows such as 一、本年新收… or 四、结转下年度继续办理 are never taken for section headings.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from .document import Document, Paragraph, Table
from .template.editions import DEFAULT, EDITIONS, PRE2019, template_edition_for_year
from .template.normalize import fold_width, normalize_label

_GAP = r"[^。\d、，,；;|]{0,20}?"
#: Each section's numeral and the words its heading starts with (after the numeral's mark): the one table both
#: :data:`HEADINGS` and :data:`LOST_MARK_HEADINGS` are built from, so that a heading written another way is
#: changed once and both patterns follow it.
_HEADING_WORDS = {
    1: ("一", r"(?:总体情况|概述|基本情况|总体概况|概况)"),
    2: ("二", rf"{_GAP}主动公开"),
    3: ("三", rf"{_GAP}(?:收到和处理|依申请公开|政府信息公开申请)"),
    4: ("四", rf"{_GAP}(?:行政复议|行政诉讼)"),
    5: ("五", rf"{_GAP}(?:问题|改进)"),
    6: ("六", r"(?:其他需要报告|其他事项|其他)"),
}
_MARK = r"\s*、\s*"
HEADINGS = {n: re.compile(numeral + _MARK + words) for n, (numeral, words) in _HEADING_WORDS.items()}
#: A heading line whose 、 the OCR lost or read as a dot (a scanner app's page: ``二主动公开政府信息情况``,
#: ``五存在的主要问题…``): the same numeral and words, the mark optional, but only as the whole of a short line of
#: its own (HEADING_LINE_CHARS, no sentence mark), never a 二是/二要 of prose. Without it section 二 was not found,
#: the tables were read from sections 三 to 四, and table 二, printed before 三, was "not found" (seed 103 m103-002).
_LOST_MARK = r"\s*[.．·]?\s*(?![是要])"
HEADING_LINE_CHARS = 30
_SENTENCE = re.compile(r"[。，,；;：:！？!?]")
LOST_MARK_HEADINGS = {n: re.compile(r"^\s*" + numeral + _LOST_MARK + words + ".*$")
                      for n, (numeral, words) in _HEADING_WORDS.items()}
TABLE_SECTIONS = {"active": 2, "requests": 3, "litigation": 4}
PROSE_SECTIONS = (0, 1, 5, 6)


@dataclass(frozen=True)
class Segment:
    """A block, or a character range of a paragraph, that lies in one section."""

    block: int
    start: int = 0
    end: int | None = None  # None: to the end of the block


@dataclass
class Sections:
    segments: dict[int, list[Segment]] = field(default_factory=dict)  # section number → segments; 0 = preamble
    found: list[int] = field(default_factory=list)

    def region(self, table: str) -> list[Segment] | None:
        number = TABLE_SECTIONS[table]
        return self.segments.get(number) if number in self.found else None


def find_sections(doc: Document) -> Sections:
    starts: list[tuple[int, int, int]] = []  # (section, block, char)
    block, char = 0, 0
    folded = {i: fold_width(b.text) for i, b in enumerate(doc.blocks) if isinstance(b, Paragraph)}
    for number, pattern in HEADINGS.items():
        hit = _find_from(folded, pattern, block, char, LOST_MARK_HEADINGS[number])
        if hit is not None:
            block, char = hit
            starts.append((number, block, char))
    sections = Sections(found=[s for s, _, _ in starts])
    bounds = [(0, 0, 0), *starts, (None, len(doc.blocks), 0)]
    for (number, b0, c0), (_, b1, c1) in zip(bounds, bounds[1:], strict=False):
        segs: list[Segment] = []
        for b in range(b0, min(b1 + 1, len(doc.blocks))):
            start = c0 if b == b0 else 0
            end = c1 if b == b1 else None
            if b == b1 and c1 == 0:
                break
            segs.append(Segment(b, start, end))
        sections.segments.setdefault(number, []).extend(segs)
    return sections


def _find_from(folded: dict[int, str], pattern: re.Pattern, block: int, char: int,
               lost_mark: re.Pattern | None = None) -> tuple[int, int] | None:
    """The first block from (``block``, ``char``) on where ``pattern`` is found, or that is the heading
    ``lost_mark`` matches as a whole short line (:data:`LOST_MARK_HEADINGS`)."""
    for b in sorted(i for i in folded if i >= block):
        m = pattern.search(folded[b], char if b == block else 0)
        if m:
            return b, m.start()
        line = folded[b].strip()
        if (lost_mark is not None and (b > block or char == 0) and len(line) <= HEADING_LINE_CHARS
                and not _SENTENCE.search(line) and lost_mark.match(line)):
            return b, folded[b].index(line[0])
    return None


def segment_text(doc: Document, seg: Segment) -> str:
    block = doc.blocks[seg.block]
    if isinstance(block, Table):
        return " ".join(c.text for c in block.cells)
    return block.text[seg.start : seg.end]


def section_text(doc: Document, sections: Sections, numbers: tuple[int, ...]) -> str:
    return "\n".join(segment_text(doc, s) for n in numbers for s in sections.segments.get(n, []))


# --- edition -----------------------------------------------------------------------------------------

#: Words of the template's tables that both editions print: template tables are there, edition unknown.
_MARKERS_TEMPLATE = ("本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量", "结转下年度继续办理",
                     "申请人情况", "社会公益组织", "法律服务机构", "第二十条第", "尚未审结")
_SQUEEZE = re.compile(r"[\s/、，,]+")
#: Legacy statistics-table names long enough to say a legacy table is printed (short ones occur in prose).
PRE2019_NAME_CHARS = 5
PRE2019_HEADER_WORDS = ("历年累计", "指标名称", "计量单位", "统计指标")
#: This many distinct legacy table names: the report prints a legacy statistics table.
PRE2019_TABLE_NAMES = 3
#: Legacy table names and old headings a report without template tables needs to be taken for a legacy one.
OLD_STYLE_MIN = 2
#: Section headings of the old reports, and of the 2019 template (its 一 to 六).
_HEADINGS_OLD = re.compile(r"一、概述|收费及减免|因政府信息公开申请(?:提起)?行政复议|依申请公开政府信息(?:的)?情况"
                           r"|政府信息依申请公开(?:工作)?情况|存在的主要问题(?:和|及)改进措施")
_HEADINGS_TEMPLATE = re.compile(r"一、总体情况|收到和处理政府信息公开申请|政府信息公开行政复议、行政诉讼情况"
                                r"|其他需要报告的事项|存在的主要问题及改进情况")

def detect_edition(doc: Document, year: int | None) -> tuple[str, str]:
    """The template edition from the vocabulary printed, and how it was decided.

    Table vocabulary first: a 2021 report printed on 2019 headers shows both (its table 三 or its year says
    2021); then a legacy statistics table; then the year, where template tables print nothing either edition
    lacks. A 2019 or 2020 report with no template table but a legacy table or the old sections predates the
    template (legacy). The circular cited decides only without a year (2021 reports often cite 〔2019〕60号)."""
    raw = "".join(segment_text(doc, Segment(i)) for i in range(len(doc.blocks)))
    text = _SQUEEZE.sub("", fold_width(raw))
    templates = [e for e in EDITIONS if e.template]  # oldest first
    if not any(m in text for e in templates for m in e.markers) and not any(m in text for m in _MARKERS_TEMPLATE):
        text = normalize_label(raw)  # the full normal form (traditional script …) only when needed
    found = {e.name: [m for m in e.markers if m in text] for e in templates}
    printed = [e for e in templates if found[e.name]]
    if len(printed) > 1:  # one edition's report on the other's headers: its rows and year decide
        by_rows = [e for e in printed if any(m in found[e.name] for m in e.decisive_rows)]
        if year is not None:
            chosen = template_edition_for_year(year) if template_edition_for_year(year) in printed else printed[0]
        elif by_rows:
            chosen = by_rows[-1]
        else:
            chosen = max(reversed(printed), key=lambda e: len(found[e.name]))
        return chosen.name, "printed vocabulary and year"
    if printed:
        return printed[0].name, "printed vocabulary"
    if _pre2019_names(text) >= PRE2019_TABLE_NAMES:
        return PRE2019.name, "printed vocabulary"
    template = any(m in text for m in _MARKERS_TEMPLATE)
    if year is not None:
        if year < templates[0].first_year and not template:
            return PRE2019.name, "year"
        if year < templates[-1].first_year and not template and _old_style(doc, text):
            return PRE2019.name, "free layout before the template"
        return template_edition_for_year(year).name, "year"
    plain = doc.plain_text()
    cited = [e for e in templates if e.circular is not None and e.circular.search(plain)]
    if cited:
        return cited[-1].name, "circular cited"
    if not template and _old_style(doc, text):
        return PRE2019.name, "free layout"
    return DEFAULT.name, "default"


def _pre2019_names(text: str) -> int:
    """Distinct names of legacy statistics tables printed in ``text``: header words (历年累计, 指标名称 …) and
    row names in the form only tables print (…答复数, …申请总数)."""
    return sum(1 for n in _pre2019_table_names() if n in text)


@cache
def _pre2019_table_names() -> tuple[str, ...]:
    """The header words, and the row names that end in 数 and are no part of a template label."""
    from .template.labels import label_index
    from .template.pre2019 import vocabulary

    template = [v for v in label_index()._refs]
    out = set(PRE2019_HEADER_WORDS)
    for ref, name in vocabulary():
        norm = normalize_label(name)
        if ref.kind in ("row", "other") and len(norm) >= PRE2019_NAME_CHARS and norm.endswith("数") \
                and not any(norm in v for v in template):
            out.add(norm)
    return tuple(sorted(out))


def _old_style(doc: Document, text: str) -> bool:
    """Legacy table names and the old reports' section headings outnumber the template's headings (two at
    least: one name in a sentence says little)."""
    plain = fold_width(doc.plain_text())
    old = _pre2019_names(text) + len(_HEADINGS_OLD.findall(plain))
    return old >= OLD_STYLE_MIN and old > len(_HEADINGS_TEMPLATE.findall(plain))


# --- agency and year ---------------------------------------------------------------------------------

_PERIOD = re.compile(r"统计(?:期限|时限|区间|时间)[^。]{0,12}?(\d{4})\s*年\s*1\s*月\s*1\s*日")
_TITLE = re.compile(
    r"(?P<before>[^\s，。；：:、,.]*?)\s*(?P<year>(?:19|20)\d{2})\s*年(?:度)?\s*(?P<after>[^\s，。；]{0,24}?)"
    r"(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:报告|年报)"
)
_LEADING_VERBS = re.compile(r"^(?:现将|现|特|关于|发布|公布|印发|编制|形成|制定|向社会公布|的)+")
#: A title over two lines is looked for in the first lines, each at most this long.
TITLE_LINES = 6
TITLE_MAX_CHARS = 30
#: How far before 报告 a title's agency and year may start.
TITLE_WINDOW = 60
_REPORT_WORD = re.compile(r"报告|年报")
_TITLE_SPLIT = re.compile(r"\s*(?:_|\||｜|——|--|-\s)\s*")


@dataclass
class Meta:
    agency: str | None
    year: int | None
    evidence: dict[str, str]


def find_meta(doc: Document) -> Meta:
    evidence: dict[str, str] = {}
    # a PDF line may break inside the sentence (统\n计期限): lines are joined without a break
    period = _PERIOD.search(fold_width(doc.plain_text()[:20000].replace("\n", "")))
    titles = _title_candidates(doc)
    # a printed web page lists other years' reports beside this one: the year the 统计期限 names wins, else
    # the year most candidates name (the report's own title is printed several times: 名称, heading, 现公布…)
    years = Counter(_title_year(t) for t in titles)
    if period:
        titles = sorted(titles, key=lambda t: _title_year(t) != int(period.group(1)))
    elif len(years) > 1:
        titles = sorted(titles, key=lambda t: -years[_title_year(t)])
    agency = year = None
    for title in titles:
        m = _TITLE.search(fold_width(title))
        if m:
            year = int(m.group("year"))
            agency = _agency(m.group("before")) or _agency(m.group("after"))
            evidence["title"] = title
            if agency:
                break
    if period:
        evidence["period"] = period.group(0)
        year = int(period.group(1)) if year is None or "title" not in evidence else year
    if agency is None and doc.metadata.get("发布机构"):
        agency = doc.metadata["发布机构"]
        evidence["agency"] = "发布机构"
    return Meta(agency=agency, year=year, evidence=evidence)


def _title_year(title: str) -> int | None:
    m = _TITLE.search(fold_width(title))
    return int(m.group("year")) if m else None


def _agency(text: str) -> str | None:
    text = _LEADING_VERBS.sub("", text.strip("《》“”\"' "))
    return text if len(text) >= 2 else None


def _title_candidates(doc: Document) -> list[str]:
    """Printed titles first, then sentences that name the report."""
    out: list[str] = []
    for title in (doc.metadata.get("标题"), doc.title):
        if title:
            out.extend(p for p in _TITLE_SPLIT.split(title) if "报告" in p or "年报" in p)
    paras = [p.text.strip() for p in doc.paragraphs[:40]]
    for i, para in enumerate(paras):
        if i + 1 < len(paras) and i < TITLE_LINES and len(para) <= TITLE_MAX_CHARS and "。" not in para:
            # a title printed over two lines: 洪泽区人民政府 / 2023 年政府信息公开工作年度报告
            joined = para + paras[i + 1]
            if _TITLE.match(fold_width(joined)):
                out.append(joined)
        for anchor in _REPORT_WORD.finditer(para):  # look just before each 报告/年报, not all along
            m = _TITLE.search(fold_width(para[max(0, anchor.start() - TITLE_WINDOW) : anchor.end()]))
            if m is None and i > 0:
                # a title the page's width broke after its year (…现公布某县人民政府2020年 / 政府信息公开工作
                # 年度报告), or a heading below a CMS page's furniture, far past the first lines
                end = len(paras[i - 1]) + anchor.end()
                m = _TITLE.search(fold_width((paras[i - 1] + para)[max(0, end - TITLE_WINDOW) : end]))
            if m:
                out.append(m.group(0))
    return out
