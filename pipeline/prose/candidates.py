"""Candidate figures in prose: a written number with its unit, in its clause and sentence.

``共发布政府信息3016条`` → 3016 条; ``召开新闻发布会十二场`` → 12 场; ``5500余条`` → 5500 (余 dropped);
``1.2万条`` → 12000; ``申请1586宗`` → 1586 宗. A number without one of the units below (years, dates, percentages, phone numbers) is
never a candidate, but for a count right after a metric's noun and right before a clause mark (``BARE_RE``). Whether a candidate is one of the schema's prose metrics is for the rules and the
classifier to say.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal

from ..template.normalize import fold_width
from .numerals import cn_numeral

UNITS = ("人次", "条", "件", "期", "场", "次", "篇", "个", "起", "份", "项", "封", "批", "人", "家", "组", "部", "本", "幅", "宗", "例")
_CN = "零〇一二三四五六七八九十百千万两"
#: A separator between groups of three digits: a comma, or a space a layout left inside the figure (2 310条).
_GROUP = "[,，  \u2009]"
NUMBER_RE = re.compile(
    rf"(?P<num>(?<![\d.])\d{{1,3}}(?:{_GROUP}\d{{3}}(?!\d))+(?:\.\d+)?|(?<![\d.])\d+(?:\.\d+)?|(?<![{_CN}])[{_CN}]+)"
    rf"\s*(?P<wan>万|亿)?\s*(?P<approx>余|多)?\s*"
    rf"(?P<unit>{'|'.join(sorted(UNITS, key=len, reverse=True))})"
)
#: A count in digits with its unit (635条, 2,310余件): the pattern the prose reading and the line joining look for
#: (no named groups, so it can be put inside another pattern).
DIGIT_COUNT = rf"\d[\d,.]*\s*(?:万|亿)?\s*(?:余|多)?\s*(?:{'|'.join(UNITS)})"
#: A count printed without a unit, read only in a strict context (C15): a metric's noun right before it (信息, 申请,
#: 事项, 留言; at most a count word and a verb of being or totalling between), and a clause mark or the end of the
#: line right after it (…主动公开政府信息158，; a unit that a layout or an excerpt cut off). Its unit is "".
BARE_RE = re.compile(
    r"(?<=信息|申请|事项|留言|咨询)(?:件数|条数|总数|数量|数)?(?:为|共计|总计|共|达)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?![\d.]|[,，]\d)(?=[，,。；;、）)]|[ \t]*(?:\n|$))"
)
SENTENCE_END = re.compile(r"[。！？!?\n]")  # not ；: it separates the items of one enumeration
CLAUSE_END = re.compile(r"[，,。！？!?；;：:\n（）()]")
#: Words around a Chinese numeral that make it part of a word, not a count (一是, 进一步, 一站式 …).
_NOT_A_COUNT = re.compile(r"^(?:一|二|三|四|五|六|七|八|九|十)(?:是|要|步|站|体|律|般|致|些|方面|线|直|同|起|旦)")


@dataclass(frozen=True)
class Candidate:
    value: int | Decimal
    unit: str
    start: int  # offsets into the text given to find_candidates
    end: int
    clause: tuple[int, int]
    sentence: tuple[int, int]
    approx: bool  # 余/多 was printed

    def span_text(self, text: str) -> str:
        return text[self.clause[0] : self.end]


def _value(number: str, wan: str | None) -> int | Decimal | None:
    try:
        value = Decimal(number) if number[0].isdigit() else Decimal(str(cn_numeral(number)))
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    if wan == "万":
        value *= 10000
    elif wan == "亿":
        value *= 100000000
    return int(value) if value == value.to_integral_value() else value


def find_candidates(text: str) -> list[Candidate]:
    """Every number-with-unit in ``text`` (full-width digits read as digits)."""
    folded = fold_width(text)
    clause_marks = [m.start() for m in CLAUSE_END.finditer(folded)]
    sentence_marks = [m.start() for m in SENTENCE_END.finditer(folded)]
    out = []
    for m in NUMBER_RE.finditer(folded):
        number = m.group("num")
        if not number[0].isdigit() and (_NOT_A_COUNT.match(folded[m.start("num"):]) or number in ("万", "百", "千")):
            continue
        value = _value(re.sub(_GROUP, "", number), m.group("wan"))
        if value is None:
            continue
        start, end = m.start("num"), m.end("unit")
        if start > 0 and folded[start - 1] == "第":
            continue  # an ordinal: 第二十条, 第一项
        out.append(Candidate(value, m.group("unit"), start, end, _bounds(clause_marks, start, end, len(folded)),
                             _bounds(sentence_marks, start, end, len(folded)), bool(m.group("approx"))))
    for m in BARE_RE.finditer(folded):
        start, end = m.start("num"), m.end("num")
        out.append(Candidate(int(m.group("num").replace(",", "")), "", start, end,
                             _bounds(clause_marks, start, end, len(folded)),
                             _bounds(sentence_marks, start, end, len(folded)), False))
    return sorted(out, key=lambda c: c.start)  # the unit-less counts among the others


def _bounds(marks: list[int], start: int, end: int, length: int) -> tuple[int, int]:
    """The span between the last mark before ``start`` and the first at or after ``end``."""
    i = bisect.bisect_left(marks, start)
    left = marks[i - 1] + 1 if i > 0 else 0
    j = bisect.bisect_left(marks, end)
    return left, marks[j] if j < len(marks) else length
