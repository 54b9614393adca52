"""The context of a candidate figure: the words around it and the clues the conventions turn on.

The number itself is masked (``Ⓝ``) and other numbers too (``Ⓓ``), so rules and the classifier see the
wording, not the values. The clues: a 其中 before it in the sentence (a sub-count), a multi-year cumulative
(历年, 截至 …), another year than the one reported on, a channel (网站, 微信 …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .candidates import NUMBER_RE, Candidate
from .nlp import NUMBER, OTHER_NUMBER

#: Characters of the sentence kept before and after the number.
LEFT_CHARS = 24
RIGHT_CHARS = 14
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_CUMULATIVE = re.compile(r"历年|截至|截止|以来|自\d{4}年")
#: 累计 after a 以来 earlier in the sentence: counted over years (《条例》实施以来，累计公开…).
_SINCE_THEN_TOTAL = re.compile(r"(以来|历年).*累计")
_SUBCOUNT = re.compile(r"其中|包含|包括|含")
_CHANNEL = re.compile(r"网站|微信|微博|公众号|客户端|抖音|头条|新媒体|平台|栏目|专栏")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Context:
    left: str  # sentence text before the number, other numbers masked, at most LEFT_CHARS
    right: str  # the unit and what follows in the clause, at most RIGHT_CHARS
    clause_left: str  # clause text before the number
    unit: str
    qizhong: bool
    cumulative: bool
    other_year: bool
    channel: bool
    approx: bool

    @property
    def window(self) -> str:
        """The masked text a rule reads: left context, the number, the right context."""
        return f"{self.left}{NUMBER}{self.right}"


def context_of(text: str, cand: Candidate, report_year: int | None) -> Context:
    s0, _ = cand.sentence
    c0, c1 = cand.clause
    before = text[max(s0, cand.start - LEFT_CHARS) : cand.start]
    unit_at = cand.end - len(cand.unit)
    right = text[unit_at : min(c1, unit_at + RIGHT_CHARS)]
    sentence_before = text[s0 : cand.start]
    clause_before = text[c0 : cand.start]
    years = {int(y) for y in _YEAR.findall(clause_before)}
    return Context(
        left=_mask(before),
        right=_mask(right),
        clause_left=_mask(clause_before),
        unit=cand.unit,
        qizhong=bool(_SUBCOUNT.search(sentence_before)),
        cumulative=bool(_CUMULATIVE.search(clause_before) or _SINCE_THEN_TOTAL.search(sentence_before)),
        other_year=bool(report_year and years and years != {report_year}),
        channel=bool(_CHANNEL.search(clause_before)),
        approx=cand.approx,
    )


def _mask(text: str) -> str:
    text = NUMBER_RE.sub(lambda m: OTHER_NUMBER + m.group("unit"), text)
    return _DIGITS.sub(OTHER_NUMBER, text)
