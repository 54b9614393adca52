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
from .rules import vetoed

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
#: A line that opens a section: numbered 一、, （一）/(一) in either width, or ㈠ … ㈩.
_OPENS = re.compile(r"\s*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）]|[\u3220-\u3229])")
#: A heading line is at most this long; a longer line is a paragraph that opens with a number.
HEADING_LINE_CHARS = 32
#: Punctuation that ends a sentence: a line holding one is a paragraph, not a heading.
_SENTENCE_MARK = re.compile(r"[。！？!?；;]")


_TOP = re.compile(r"\s*[一二三四五六七八九十]{1,3}、")


def opens_top_section(line: str) -> bool:
    """The line starts a section of the report (二、), not a sub-section (（一）)."""
    return bool(_TOP.match(line))


#: A count that names nothing but the act (a subject of a few words at most before the verb: 我局共公开), in the
#: section whose heading says what is counted: under 依申请公开 (共受理12件), the requests received; under 主动公开
#: (（一）公开数量 … 我局共公开123条), the information published.
_SUBJECT = r"^[^、及和与的]{0,8}"
_SECTION_COUNTS = {
    "requests": ("requests_received",
                 re.compile(rf"{_SUBJECT}(?:共|全年|本年度|共计)?(?:收到|受理|接到|接收|新收)(?:了)?(?:共计|共)?$"),
                 ("件", "份", "个", "条")),
    "active": ("info_published", re.compile(rf"{_SUBJECT}(?:主动)?(?:公开|发布|公布)(?:了)?(?:共计|共)?$"), ("条",)),
}


def section_metric(ctx: Context) -> str | None:
    """The metric of a bare count (the verb right before the number, no object) that its section names, or of a
    count whose clause names one of the section's own metrics by its noun (:func:`section_noun_metric`)."""
    if ctx.qizhong or ctx.cumulative or ctx.other_year or ctx.domain:
        return None
    if ctx.section not in _SECTION_COUNTS:
        return section_noun_metric(ctx)
    metric, pattern, units = _SECTION_COUNTS[ctx.section]
    clause = ctx.clause_left.rstrip("，, ")
    if vetoed(metric, ctx):
        return None  # the section names the metric, its conventions still apply (上一年度结转受理0件, C5)
    if ctx.unit in units and pattern.search(clause) and not _NAMES_OBJECT.search(clause):
        return metric
    return section_noun_metric(ctx)


#: The metrics a section counts (by what its heading is about, ``Context.section``), each by the noun that names it:
#: under 五、因政府信息公开申请行政复议、提起行政诉讼情况 a review or a suit, under 依申请公开 the requests.
_SECTION_NOUNS = {
    "redress": (("admin_reviews", "复议"), ("admin_suits", "诉讼")),
    "requests": (("requests_received", "申请"),),
}
#: The units cases and requests are counted in (as :mod:`.lexicon`'s request units: 宗 and 例 as some provinces count).
_CASE_UNITS = frozenset("件条个份宗起次项例")
#: The noun right before the number (…行政复议0宗, …申请案件共3件), or right after its unit (对受理的2项依申请公开事项).
_NOUN_BEFORE = r"{noun}(?:案件|案|事项|件)?(?:数|数量|总数|件数)?(?:共计|共|为|有|达)?$"
_NOUN_AFTER = r"^[^，,。；;、Ⓓ]{{0,4}}?{noun}"
#: Requests are the year's received only where the clause says they were received (not 办结, 答复: a later stage).
_RECEIPT = re.compile(r"收到|受理|接到|接收|新收|收悉")
_REDRESS = re.compile(r"复议|诉讼")


def section_noun_metric(ctx: Context) -> str | None:
    """In the section a metric belongs to, a count of its unit whose clause names that metric's noun next to the
    number is the metric, whatever verb or order the sentence uses: the heading says what the section counts, the
    noun which of its metrics. The vetoes are the metric's conventions (a part, a stock, another year, another
    domain's subject, another cause, a later stage); a clause that names two of the section's metrics (复议和诉讼)
    counts them together and is none of them."""
    metrics = _SECTION_NOUNS.get(ctx.section, ())
    clause = ctx.clause_left.rstrip("，, ")
    after = ctx.clause_right[len(ctx.unit):]
    if ctx.unit not in _CASE_UNITS or sum(noun in clause + after for _, noun in metrics) > 1:
        return None
    for metric, noun in metrics:
        if not (re.search(_NOUN_BEFORE.format(noun=noun), clause) or re.match(_NOUN_AFTER.format(noun=noun), after)):
            continue
        if metric == "requests_received" and (not _RECEIPT.search(clause) or _REDRESS.search(clause + after)):
            return None  # not said as received; or a review's application (收到行政复议申请1件), not a request
        return None if vetoed(metric, ctx) else metric
    return None


#: Words that name what a clause counts: a clause that names it is for the lexicon, not the section.
_NAMES_OBJECT = re.compile(r"信息|文件|申请|咨询|留言|解读|复议|诉讼")


def opens_section(line: str) -> bool:
    """The line starts with a section's numbering (一、, （一）, (一), ㈠)."""
    return bool(_OPENS.match(line))


def is_heading_line(line: str) -> bool:
    """A short numbered line with no sentence in it (``二、主动公开政府信息情况``, ``(一)公开内容``): a heading of
    its own, never run into the sentence under it (its words would join that sentence's clause)."""
    text = line.strip()
    return opens_section(text) and len(text) <= HEADING_LINE_CHARS and not _SENTENCE_MARK.search(text)


#: A plain count of publishing: the clause ends in 发布/公开 (…信息) right before the number.
_PLAIN = re.compile(r"(?:发布|公开|推出|刊发)(?:各类|相关)?(?:信息|稿件|文章)?(?:共|共计|合计)?$")


def heading_metric(text: str, cand: Candidate, ctx: Context, above: str = "") -> str | None:
    """The metric the figure's sub-section heading names, if the figure is a plain count under it: the heading
    in its own text, else ``above`` (the heading line the text stands under)."""
    if ctx.qizhong or ctx.cumulative or ctx.other_year or not _PLAIN.search(ctx.clause_left.rstrip("，, ")):
        return None
    heading = None
    for m in _HEADING.finditer(text, max(0, cand.start - REACH), cand.start):
        heading = m
    if heading is not None:
        words = text[heading.end() : min(cand.start, heading.end() + HEADING_CHARS)]
    else:
        m = _HEADING.match(above.strip())
        if m is None:
            return None
        words = above.strip()[m.end() : m.end() + HEADING_CHARS]
    for pattern, metric, units in HEADING_METRICS:
        if pattern.search(words) and cand.unit in units:
            return metric
    return None
