"""What a legacy (2008-2018) report states in words about its core indicators ``legacy.*``.

Legacy reports say much of their statistics in sentences: ``2017年全区主动公开政府信息2122条``,
``其中同意公开12件、同意部分公开3件``, and zeros in words: ``2017年未收到有关政府信息公开申请`` →
``legacy.requests_received`` = 0, ``未收到有关政府信息公开行政复议、提起行政诉讼的申请`` → reviews and suits 0,
``未收取任何费用`` → fees 0. Each statement keeps the phrase and where it was printed, so the mapper can
give the value (method ``prose``) where the table does not, and note the agreement where it does.

The prose metrics decided by :mod:`pipeline.prose` give the figures they share with the indicators
(information published, requests received, reviews, suits); the reply outcomes, complaints and fees,
which are not prose metrics, are read here with narrow patterns, as are the zeros in words. A sentence is read
whole: a PDF's block per printed line leaves a wrapped sentence open, and it goes on in the next block (the lines are
joined by the prose metrics' rule, :mod:`.running`, but read as printed, since a statement quotes its phrase as
printed, and closed only at a sentence's end, since a statement's year is its sentence's: ``.running.SENTENCE_END``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..document import Document, Paragraph
from ..sections import Segment
from ..template.normalize import fold_width
from .numerals import cn_numeral
from .running import SENTENCE_END, RunningText, running_texts
from .subjects import other_domain

#: Prose metric → the legacy indicator it states.
FROM_METRIC = {"info_published": "active_published", "requests_received": "requests_received",
               "admin_reviews": "reviews", "admin_suits": "suits"}

_NUM = r"(?P<num>\d+(?:\.\d+)?|[零〇一二三四五六七八九十百千两]+)"
_UNIT = r"(?:件|条|个|次|宗|起)"
_FILL = r"(?:的)?(?:申请)?(?:答复)?(?:的)?(?:共计|共|有|为)?"
#: Reply outcomes, complaints and fees stated with a number (the keyword right before it).
NUMBER_PATTERNS: dict[str, re.Pattern] = {
    "granted": re.compile(rf"(?<!不)(?<!部分)(?:同意公开|予以公开|全部公开){_FILL}{_NUM}{_UNIT}"),
    "partially_granted": re.compile(rf"部分公开{_FILL}{_NUM}{_UNIT}"),
    "denied": re.compile(rf"(?:不予公开|不同意公开|不予以公开){_FILL}{_NUM}{_UNIT}"),
    "replies_total": re.compile(rf"(?<!公开)(?:答复|办结)(?:申请)?(?:共计|共)?{_NUM}{_UNIT}"),
    "complaints": re.compile(rf"(?:举报|投诉|申诉)(?:案件)?(?:共计|共|有)?{_NUM}{_UNIT}"),
    "fees": re.compile(r"收取[^。；，,]{0,10}?费用?(?:共计|合计|共)?(?P<num>\d+(?:\.\d+)?)(?:万元|元)"),
}
#: Complaints are about disclosure only where the sentence says so (hotline complaints are not).
_ABOUT_DISCLOSURE = re.compile(r"信息公开|依申请")

_NEG = r"(?:尚未|均未|暂未|未|没有|没|无)"
#: Zeros in words: a negation, then (in the same clause) what did not happen.
ZERO_PATTERNS: dict[str, tuple[re.Pattern, ...]] = {
    "requests_received": (re.compile(rf"{_NEG}(?:收到|受理|接到|接收|发生|出现|有)[^。；;，,]{{0,16}}?申请"),),
    "reviews": (re.compile(rf"{_NEG}(?:收到|发生|出现|接到|有|因)[^。；;，,]{{0,30}}?行政复议"),),
    "suits": (re.compile(rf"{_NEG}(?:收到|发生|出现|接到|有|因)[^。；;，,]{{0,30}}?行政诉讼"),),
    "complaints": (re.compile(rf"{_NEG}(?:收到|发生|出现|接到|有)[^。；;，,]{{0,20}}?(?:举报|投诉|申诉)"),),
    "fees": (re.compile(rf"{_NEG}(?:收取|收)[^。；;，,]{{0,16}}?费"), re.compile(r"不收取[^。；;，,]{0,10}?费")),
}
#: A negated 申请 that is about a review or a suit is not a statement about requests.
_NOT_REQUESTS = re.compile(r"复议|诉讼|复核")
#: The part of a sentence a statement stands in (the items of an enumeration are separated by ；).
_PART = re.compile(r"[；;]")
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")


@dataclass(frozen=True)
class Statement:
    """One indicator's value as a sentence states it."""

    indicator: str
    value: int | Decimal
    text: str  # the phrase as printed
    where: dict  # block, span, page, offset; method "prose"
    words: bool = False  # a zero stated in words (未收到…申请), not a printed numeral


def _number(text: str) -> int | Decimal | None:
    try:
        value = Decimal(text) if text[0].isdigit() else Decimal(str(cn_numeral(text)))
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return int(value) if value == value.to_integral_value() and "." not in text else value


def _where(doc: Document, run: RunningText, start: int, end: int, text: str) -> dict:
    """Where ``run.text[start:end]`` was printed: the block and span it starts in, and, when the phrase goes on
    across a wrapped line, the block and span it ends in (``end_block``, ``end_span``)."""
    block, at = run.at(start)
    last, stop = run.at(end - 1)
    para = doc.blocks[block]
    span = [at, stop + 1] if last == block else [at, len(para.text)]
    out = {"method": "prose", "block": block, "span": span, "text": text}
    if last != block:
        out |= {"end_block": last, "end_span": [0, stop + 1]}
    if para.page is not None:
        out["page"] = para.page
    if para.offset is not None:
        out["offset"] = para.offset + at
    return out


def _other_year(sentence: str, year: int | None) -> bool:
    years = {int(y) for y in _YEAR.findall(sentence)}
    return bool(year and years and year not in years)


def from_prose_entries(doc: Document, entries: list[dict]) -> list[Statement]:
    """The indicators that the document's prose metrics state (the first statement of each metric)."""
    out: list[Statement] = []
    seen: set[str] = set()
    for entry in entries:
        indicator = FROM_METRIC.get(entry["metric"])
        prov = entry.get("provenance", {})
        if indicator is None or indicator in seen or "block" not in prov:
            continue
        seen.add(indicator)
        value = entry["value"]
        value = int(value) if isinstance(value, int) or float(value).is_integer() else Decimal(str(value))
        where = {"method": "prose", "block": prov["block"], "span": prov["span"], "text": entry["text"]}
        where |= {k: prov[k] for k in ("page", "offset") if k in prov}
        out.append(Statement(indicator, value, entry["text"], where))
    return out


def pre2019_statements(doc: Document, entries: list[dict], year: int | None,
                      exclude: list[Segment] = ()) -> list[Statement]:
    """Every statement of a legacy indicator in the paragraphs (outside ``exclude``, the statistics table).

    Numerals come first: from the prose metrics, then the patterns here; a zero in words is a statement too."""
    out = from_prose_entries(doc, entries)
    for run in running_texts(doc, _prose_pieces(doc, exclude), read=False, ends=SENTENCE_END):
        folded = fold_width(run.text)
        for m in _SENTENCE.finditer(folded):
            sentence = m.group(0)
            if _other_year(sentence, year):
                continue
            out.extend(_numbers(doc, run, m.start(), sentence))
            out.extend(_zeros(doc, run, m.start(), sentence))
    return out


def _numbers(doc: Document, run: RunningText, base: int, sentence: str) -> list[Statement]:
    out = []
    for indicator, pattern in NUMBER_PATTERNS.items():
        if indicator == "complaints" and not _ABOUT_DISCLOSURE.search(sentence):
            continue
        for m in pattern.finditer(sentence):
            if other_domain(_PART.split(sentence[: m.end()])[-1]):
                continue  # 税务审批…办结240件: another domain's business, not replies to disclosure requests
            value = _number(m.group("num"))
            if value is not None:
                out.append(Statement(indicator, value, m.group(0),
                                     _where(doc, run, base + m.start(), base + m.end(), m.group(0))))
    return out


def _zeros(doc: Document, run: RunningText, base: int, sentence: str) -> list[Statement]:
    out = []
    for indicator, patterns in ZERO_PATTERNS.items():
        for pattern in patterns:
            m = pattern.search(sentence)
            if m is None or (indicator == "requests_received" and _NOT_REQUESTS.search(m.group(0))):
                continue
            if indicator == "complaints" and not _ABOUT_DISCLOSURE.search(sentence):
                continue
            out.append(Statement(indicator, 0, m.group(0),
                                 _where(doc, run, base + m.start(), base + m.end(), m.group(0)), words=True))
            break
    return out


def _prose_pieces(doc: Document, exclude: list[Segment]) -> list[Segment]:
    """Every paragraph, less the parts that ``exclude`` covers (a segment per part left, none empty)."""
    cut: dict[int, list[tuple[int, int | None]]] = {}
    for seg in exclude:
        cut.setdefault(seg.block, []).append((seg.start, seg.end))
    out = []
    for i, block in enumerate(doc.blocks):
        if not isinstance(block, Paragraph):
            continue
        spans = sorted(cut.get(i, []))
        pos = 0
        for start, end in spans:
            if start > pos:
                out.append(Segment(i, pos, start))
            pos = len(block.text) if end is None else max(pos, end)
        if pos < len(block.text):
            out.append(Segment(i, pos))
    return out
