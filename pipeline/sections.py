"""Sections 一 to 六 of a report, its edition, the agency and the year reported on.

Headings are found in order (each after the one before), by their numeral and their wording, so that
table rows such as 一、本年新收… or 四、结转下年度继续办理 are never taken for section headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .document import Document, Paragraph, Table
from .template.normalize import fold_width, normalize_label

_GAP = r"[^。\d、，,；;|]{0,20}?"
HEADINGS = {
    1: re.compile(r"一\s*、\s*(?:总体情况|概述|基本情况|总体概况|概况)"),
    2: re.compile(rf"二\s*、\s*{_GAP}主动公开"),
    3: re.compile(rf"三\s*、\s*{_GAP}(?:收到和处理|依申请公开|政府信息公开申请)"),
    4: re.compile(rf"四\s*、\s*{_GAP}(?:行政复议|行政诉讼)"),
    5: re.compile(rf"五\s*、\s*{_GAP}(?:问题|改进)"),
    6: re.compile(r"六\s*、\s*(?:其他需要报告|其他事项|其他)"),
}
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
        hit = _find_from(folded, pattern, block, char)
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


def _find_from(folded: dict[int, str], pattern: re.Pattern, block: int, char: int) -> tuple[int, int] | None:
    for b in sorted(i for i in folded if i >= block):
        m = pattern.search(folded[b], char if b == block else 0)
        if m:
            return b, m.start()
    return None


def segment_text(doc: Document, seg: Segment) -> str:
    block = doc.blocks[seg.block]
    if isinstance(block, Table):
        return " ".join(c.text for c in block.cells)
    return block.text[seg.start : seg.end]


def section_text(doc: Document, sections: Sections, numbers: tuple[int, ...]) -> str:
    return "\n".join(segment_text(doc, s) for n in numbers for s in sections.segments.get(n, []))


# --- edition -----------------------------------------------------------------------------------------

_MARKERS_2021 = ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额",
                 "申请人无正当理由逾期不补正", "逾期未按收费通知要求缴纳费用")
_MARKERS_2019 = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增减",
                 "采购项目数量", "采购总金额")
_SQUEEZE = re.compile(r"[\s/、，,]+")
_MARKERS_LEGACY = ("历年累计", "主动公开政府信息数", "对申请的答复总数", "同意公开答复数")
_CIRCULAR_2021 = re.compile(r"国办公开办函\s*[〔\[(（]\s*2021\s*[〕\])）]\s*30\s*号")
_CIRCULAR_2019 = re.compile(r"国办公开办函\s*[〔\[(（]\s*2019\s*[〕\])）]\s*60\s*号")


def detect_edition(doc: Document, year: int | None) -> tuple[str, str]:
    """The template edition from the vocabulary printed, and how it was decided."""
    raw = "".join(segment_text(doc, Segment(i)) for i in range(len(doc.blocks)))
    text = _SQUEEZE.sub("", fold_width(raw))
    if not any(m in text for m in _MARKERS_2021 + _MARKERS_2019 + _MARKERS_LEGACY):
        text = normalize_label(raw)  # the full normal form (traditional script …) only when needed
    plain = doc.plain_text()
    score_2021 = sum(2 for m in _MARKERS_2021 if m in text) + bool(_CIRCULAR_2021.search(plain))
    score_2019 = sum(2 for m in _MARKERS_2019 if m in text) + bool(_CIRCULAR_2019.search(plain))
    legacy = sum(1 for m in _MARKERS_LEGACY if m in text)
    if score_2021 or score_2019:
        return ("2021", "printed vocabulary") if score_2021 >= score_2019 else ("2019", "printed vocabulary")
    if legacy or (year is not None and year <= 2018):
        return "legacy", "printed vocabulary" if legacy else "year"
    if year is not None:
        return ("2019" if year <= 2020 else "2021"), "year"
    return "2021", "default"


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
    titles = _title_candidates(doc)
    agency = year = None
    for title in titles:
        m = _TITLE.search(fold_width(title))
        if m:
            year = int(m.group("year"))
            agency = _agency(m.group("before")) or _agency(m.group("after"))
            evidence["title"] = title
            if agency:
                break
    period = _PERIOD.search(fold_width(doc.plain_text()[:20000]))
    if period:
        evidence["period"] = period.group(0)
        year = int(period.group(1)) if year is None or "title" not in evidence else year
    if agency is None and doc.metadata.get("发布机构"):
        agency = doc.metadata["发布机构"]
        evidence["agency"] = "发布机构"
    return Meta(agency=agency, year=year, evidence=evidence)


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
            if m:
                out.append(m.group(0))
    return out
