"""The context of a candidate figure: the words around it and the clues the conventions turn on.

The number itself is masked (``Ⓝ``) and other numbers too (``Ⓓ``), so rules and the classifier see the
wording, not the values. The clues: a 其中 before it in the sentence (a sub-count), a multi-year cumulative
(历年, 截至…累计, 以来 from an earlier year …), another year than the one reported on, a channel (网站, 微信 …).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from .candidates import NUMBER_RE, SENTENCE_END, Candidate
from .nlp import NUMBER, OTHER_NUMBER
from .subjects import other_domain

#: Characters of the sentence kept before and after the number.
LEFT_CHARS = 24
#: The words that open a breakdown of the count before them: 其中, 包括 and 包含 alike (C12, C16). 含 is left out: it
#: mostly stands in brackets that say what a count includes (收到申请41件（含上年度结转3件）).
BREAKDOWN_WORDS = ("其中", "包括", "包含")
RIGHT_CHARS = 14
#: The channel a count is of is looked for this far back in its sentence at most (the clauses since the figure before).
OWN_PART_CHARS = 80
#: At most this much of the clause and the sentence before the number is read for the clues. Real clauses are
#: far shorter; without a bound, a long line with no punctuation (one clause) made every figure re-read the
#: line up to itself: quadratic time (a 64 KB line took 12 s).
MAX_BEFORE_CHARS = 200
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
#: The cause of a count (办理因2023年度政府信息公开申请引发行政复议1件): a year inside it dates the cause, not the count.
_CAUSE = re.compile(r"因[^，,。；;]{0,30}?申请")
#: A part of the year a count is said for (本月受理…33件: copied from a month's account), or a rate per part of it
#: (每2个月发布一期电子政府公报): not the year's count (C4, C30, C44).
_OTHER_PERIOD = re.compile(r"本月|上月|当月|本季度|上季度|本周|每(?:\d+|[一二两三四五六半])?个?(?:月|周|季度|季|旬|天|日)")
#: Counted over years: 历年, 至今 (自开设至今), 自YYYY年, and 截至/截止/到年底/到目前 only with 累计 (the README's
#: 截至…累计; 截至2023年底 alone is the year's count).
_CUMULATIVE = re.compile(r"历年|至今|自\d{4}年")
_UP_TO_DATE_TOTAL = re.compile(r"(?:截至|截止|到(?:\d{4}年)?(?:年)?底|到目前|目前)[^。]*累计")
#: 以来 counts over years unless it starts in the year reported on (今年以来, 2021年以来 in a 2021 report).
_SINCE = re.compile(r"(今年|本年|年初|(?:19|20)\d{2}年)?以来")
#: 累计 after a 历年 earlier in the sentence: counted over years (a 以来 from an earlier year too, see below).
_SINCE_THEN_TOTAL = re.compile(r"历年.*累计")
#: The items said to date from a start (对2005年以来的政府信息进行了梳理，…主动公开政府信息共2103条): a count of them, in a later
#: clause of the sentence, holds the years since that start (C4, C112).
_ITEMS_SINCE = re.compile(r"(?:19|20)\d{2}年(?:[^，,。；;]{0,6}?)以来的(?:各类)?(?:政府|政务)?信息")
_SUBCOUNT = re.compile(r"其中|包含|包括|含")
#: A channel: a website (…网站, 官网, 教育信息网, 政府信息公开网), an account (微信, 微博 …, or a quoted account name
#: such as “高淳发布”), a column.
#: 头条 is the platform (今日头条, 头条号, a bare 头条 after a list mark), not a column named so (水利头条).
_TOUTIAO = r"今日头条|每日头条|头条号|(?<![\u4e00-\u9fff])头条|(?<=[在和及与过])头条"
_CHANNEL = re.compile(rf"网站|官网|政务网|政府网(?![”\"])|信息网|公开网|微信|微博|公众号|客户端|抖音|{_TOUTIAO}|新媒体|发布”|平台|栏目|"
                      r"专栏|公开目录")
#: The channels a report names as the rest of its own (通过其他方式公开政府信息54条, after the site's and the new
#: media's counts): a channel of its own kind, so its count is one channel's, not a total of every channel (C3, C44).
_OTHER_WAYS = r"其[他它](?:方式|渠道|途径|形式|载体)"
#: The kinds of channel a clause can name; a count over two or more kinds is a total, not one channel's count.
#: 公众号 is WeChat's word unless another platform's name stands right before it (抖音公众号, 政务微博公众号: one channel).
_CHANNEL_KINDS = {"网站": r"网站|官网|政务网|政府网(?![”\"])|信息网|公开网", "微信": r"微信|(?<!抖音)(?<!微博)(?<!头条)公众号", "微博": r"微博",
                  "抖音": r"抖音", "头条": _TOUTIAO,
                  "新媒体": r"新媒体", "客户端": r"客户端", "目录": r"公开目录|公开专栏|公开栏(?!目)|公开平台", "美篇": r"美篇",
                  "其他": _OTHER_WAYS}
_BRACKETED = re.compile(r"[（(][^（()）]*[)）]")
_CLAUSE_NO_BRACKETS = re.compile(r"[，,。！？!?；;：:\n]")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
#: Public hotlines (12345, 12315, 12369 …): a name, not a count; kept in the masked text.
_HOTLINE = re.compile(r"123\d\d")


@dataclass(frozen=True)
class Context:
    left: str  # sentence text before the number, other numbers masked, at most LEFT_CHARS
    right: str  # the unit and what follows in the clause, at most RIGHT_CHARS
    clause_left: str  # clause text before the number
    unit: str
    qizhong: bool
    cumulative: bool
    other_year: bool  # another year than the one reported on, or a part of the year (本月)
    channel: bool
    approx: bool
    channels: frozenset[str] = frozenset()  # the kinds of channel (网站, 微信 …) named since the last figure
    distributive: bool = False  # 分别 since the last figure: several channels, one count each
    clause_right: str = ""  # the rest of the clause after the number (other numbers masked)
    domain: str = ""  # the kind of another domain's subject the clause names (审批, 招聘 …), see subjects.py
    shape: str = ""  # the number's shape: digits (d1 … d5), zero, Chinese numeral, decimal
    section: str = ""  # what the section heading above the figure is about (requests, active, redress …)
    topic: bool = False  # the sentence sets up a column or a topic and the clause names no channel: its items (C2)
    media: bool = False  # the sentence says news media carried it and names no channel of the report's own (C17)
    share: bool = False  # its share of a whole follows it (…31条，占总体百分比为32.6%): a part of a breakdown (C16)

    @property
    def window(self) -> str:
        """The masked text a rule reads: left context, the number, the right context."""
        return f"{self.left}{NUMBER}{self.right}"


def context_of(text: str, cand: Candidate, report_year: int | None, heading: str = "") -> Context:
    s0 = max(cand.sentence[0], cand.start - MAX_BEFORE_CHARS)
    c0, c1 = cand.clause
    c0 = max(_title_clause_start(text, c0, s0, cand.start), cand.start - MAX_BEFORE_CHARS)
    before = text[max(s0, cand.start - LEFT_CHARS) : cand.start]
    unit_at = cand.end - len(cand.unit)
    right = text[unit_at : min(c1, unit_at + RIGHT_CHARS)]
    sentence_before = text[s0 : cand.start]
    clause_before = text[c0 : cand.start]
    # a channel named in brackets does not end its clause: 在微信公众号（勐麻大寨）上公开信息120余条
    plain_clause = _CLAUSE_NO_BRACKETS.split(text[s0 : cand.start])[-1]
    if _opened_before(plain_clause):
        # a bracket with clause marks inside closed before the figure (…发布各类信息(包括:天气预报、预警信号、公众服务信息)
        # 共1631条): an aside, its marks part no clause of the sentence; the clause is read without it
        plain_clause = _CLAUSE_NO_BRACKETS.split(_BRACKETED.sub("", text[s0 : cand.start]))[-1]
    if c0 > s0 and text[c0 - 1] in ")）" and not NUMBER_RE.search(plain_clause):
        # the clause goes on past a bracket that closed before the figure: 主动公开区政府(含区政府办公室)信息2214条
        clause_before = _BRACKETED.sub("", plain_clause)
    if label := _label_before(text, c0, s0, cand.start):
        clause_before = label + clause_before
        before = (label + text[c0 : cand.start])[-LEFT_CHARS:]  # the rules read the label and its value as one clause
    own_part = _mask(plain_clause).split(OTHER_NUMBER)[-1]  # the clause since the figure before this one
    years = {int(y) for y in _YEAR.findall(_CAUSE.sub("", clause_before))}
    if not years and report_year:
        years = _head_year(text, cand.start)
    return Context(
        left=_mask(before),
        right=_mask(right),
        clause_left=_mask(clause_before),
        unit=cand.unit,
        # 含 in brackets that close before the figure (主动公开区政府(含区政府办公室)信息2214条) says whose count it is
        qizhong=bool(_SUBCOUNT.search(_BRACKETED.sub("", sentence_before))),
        cumulative=bool(_CUMULATIVE.search(clause_before) or _since_before(clause_before, report_year)
                        or _items_since_before(sentence_before, report_year)
                        or (not _year_part(clause_before, report_year)
                            and (_SINCE_THEN_TOTAL.search(sentence_before) or _UP_TO_DATE_TOTAL.search(sentence_before)
                                 or ("累计" in clause_before and _since_before(sentence_before, report_year))
                                 or _multi_year_total_before(text, cand.sentence[0])))),
        other_year=bool(report_year and years and years != {report_year}) or bool(_OTHER_PERIOD.search(clause_before)),
        # words in brackets say where a count was made (（公文平台发文）), not that it is one channel's count (C21)
        channel=bool(_CHANNEL.search(_BRACKETED.sub("", plain_clause))),
        approx=cand.approx,
        channels=_channels_of(own_part, sentence_before),
        distributive="分别" in own_part,
        clause_right=_mask(text[unit_at : min(c1, unit_at + MAX_BEFORE_CHARS)]),  # bounded: linear in a long line
        # a title names a document, an account's quoted name (“德兴新窗口”公众号) the account: neither is the subject
        domain=other_domain(_mask(_ACCOUNT_NAME.sub("“”", _TITLE.sub("《》", clause_before)))) or "",
        shape=_shape(text[cand.start : cand.end - len(cand.unit)]),
        section=next((kind for kind, words in _SECTIONS if re.search(words, heading)), ""),
        topic="专" in sentence_before and bool(_SETS_UP_TOPIC.search(sentence_before))
        and not _CHANNEL.search(_SETS_UP_TOPIC.sub("", plain_clause)),
        media="媒体" in sentence_before and (_carried_by_media(sentence_before)
                                          or _carried_by_media(_mask(sentence_before).split(OTHER_NUMBER)[-1], True)),
        share=bool(_SHARE_AFTER.match(text, cand.end)),
    )


def _opened_before(head: str) -> bool:
    """``head`` (the clause before a figure) closes a bracket it did not open: the clause began inside it."""
    depth = 0
    for ch in head:
        depth += (ch in "(（") - (ch in ")）")
        if depth < 0:
            return True
    return False


#: A count's share of a whole right after it (，占总体百分比为32.6%, （占比86%）, 占解读总量的55%): the count is one part of
#: a breakdown (C16). 138 of the 139 such figures of the train and dev sides are no entry.
_SHARE_AFTER = re.compile(r"[^，,。；;]{0,2}[，,(（]?\s*(?:占|比例|比重)[^，,。；;%％]{0,14}?\d+(?:\.\d+)?\s*[%％]")


#: A title (《…》): a document's name. Its words (《…“极简审批”制度改革…》) are not the clause's subject.
_TITLE = re.compile(r"《[^《》]*》")


#: An account's or a site's quoted name, right before the channel's word (“德兴新窗口”公众号, “四川气象”官方微博).
_ACCOUNT_NAME = re.compile(r"“[^“”]{1,16}”(?=(?:官方|政务)?(?:微信公众号|公众号|微信|微博|网站|客户端|抖音|头条|视频号|APP))")


def _title_clause_start(text: str, c0: int, s0: int, at: int) -> int:
    """Where the figure's clause starts, when the candidate finder cut it inside a title (解读《…行动计划(2024-2026)》《…》
    等政策信息9条: a bracket in a title is no clause mark): at the clause that opens the title, in the sentence."""
    head = text[c0:at]
    closing, opening = head.find("》"), head.find("《")
    if closing < 0 or 0 <= opening < closing:
        return c0
    title = text.rfind("《", s0, c0)
    if title < 0:
        return c0
    marks = [m.end() for m in _CLAUSE_NO_BRACKETS.finditer(text, s0, title)]
    return marks[-1] if marks else s0


def _channels_of(own_clause: str, sentence_before: str) -> frozenset[str]:
    """The kinds of channel a count is of: those its clause names, or else (where no figure stands before it in its
    clause) those of the nearest clause before it that names one, since the figure before. The sentence is masked
    only where it names a channel at all (masking is the costly step)."""
    # a title (《…信息公开目录》) names a document, not where the count was published
    own_clause, sentence_before = _TITLE.sub("《》", own_clause), _TITLE.sub("《》", sentence_before)
    kinds = _named_channels(own_clause)
    if kinds or OTHER_NUMBER in _DATE.sub("", own_clause) or not _ANY_KIND.search(sentence_before[-OWN_PART_CHARS:]):
        return kinds
    return _named_channels(_DATE.sub("", _mask(sentence_before[-OWN_PART_CHARS:])).split(OTHER_NUMBER)[-1])


def _named_channels(words: str) -> frozenset[str]:
    """The kinds of channel the figure's clause names, or else the nearest clause before it (since the figure before)
    that names one (在“海棠政务”微信平台，发布信息106条): the channel a count is of."""
    for clause in reversed(CLAUSE_MARKS.split(words)):
        kinds = frozenset(kind for kind, pattern in _CHANNEL_KIND_RES if pattern.search(clause))
        if kinds:
            return kinds
    return frozenset()


#: The marks that part a sentence's clauses (a sentence's own ends aside: SENTENCE_END).
CLAUSE_MARKS = re.compile(r"[，,；;：:]")
#: A date (截至Ⓓ年Ⓓ月Ⓓ日) is no figure: the clause before it still says whose count follows.
_DATE = re.compile(rf"{OTHER_NUMBER}年(?:{OTHER_NUMBER}月)?(?:{OTHER_NUMBER}日)?|{OTHER_NUMBER}月(?:{OTHER_NUMBER}日)?")
_CHANNEL_KIND_RES = tuple((kind, re.compile(words)) for kind, words in _CHANNEL_KINDS.items())
_ANY_KIND = re.compile("|".join(_CHANNEL_KINDS.values()))


#: News media as where something was published (在新闻媒体上发布, 通过主流媒体): news work, not a channel of the
#: report's own (C17, C25); 政务新媒体 and 融媒体 (an account matrix) are channels, but a media centre (融媒体中心发布信息78条)
#: is a newsroom: what it carried is news work (C70).
_MEDIA = re.compile(r"(?<![新融])媒体|融媒体中心")
#: A channel of the report's own: where the sentence names one, the media are one channel among others.
_OWN_CHANNEL = re.compile(r"网站|官网|网|微信|微博|公众号|客户端|抖音|头条|新媒体|平台|栏目|专栏|公开目录|公开栏")


def _carried_by_media(words: str, own_part: bool = False) -> bool:
    """``words`` (the sentence, or its words since the figure before: ``own_part``) say news media carried the count, and
    name no channel of the report's own — or, since the figure before, sum up the channels they list as media
    (通过报刊、电视、政务微信等媒体新闻发布形式…285条: news work, an official account among the media, C17, C38)."""
    if own_part and (m := _LISTED_AS_MEDIA.search(words)) and not _OWN_CHANNELS_ONLY.fullmatch(
            _LIST_BEFORE.split(words[: m.start()])[-1] + m.group()):
        return True
    return bool(_MEDIA.search(words)) and not _OWN_CHANNEL.search(_MEDIA.sub("", words))


#: A list of channels summed up as media (报刊、电视、政务微信等媒体, 新华社…等主流媒体): the report names them as news media.
_LISTED_AS_MEDIA = re.compile(r"、[^，,。；;Ⓓ]{1,12}等(?:各类|各级|新闻|主流|传统)?(?<![新融])媒体")
#: Where the list summed up as media starts: after the verb or preposition that introduces it (通过, 在 …).
_LIST_BEFORE = re.compile(r"通过|利用|依托|借助|在")
#: A list summed up as media whose every item is a channel of the report's own (在…政府网站、“…”微信、微博公众号等媒体):
#: the report's own channels, called media, not news media carrying its news (C3, C17).
_OWN_CHANNELS_ONLY = re.compile(r"(?:[^、，,。；;Ⓓ]*?(?:网站|官网|微信|微博|公众号|客户端|抖音|头条|平台|栏目|专栏)、?)+"
                                r"等(?<![新融])媒体")


#: A sentence that sets up a special column or topic (新设…政策专栏, 设…等4大专题, 建立“阳光民政”建设专栏): the counts
#: after it in a clause that names no channel of their own are that column's items, one topic (C2).
_SETS_UP_TOPIC = re.compile(r"(?:开设|新设|增设|设立|建立|开辟|搭建|(?<![建开增新])设)[^。；;]{0,40}?(?:专栏|专题)")


#: What a section heading is about, by its words (the first kind that matches).
_SECTIONS = (("redress", r"复议|诉讼"), ("requests", r"依申请|申请"), ("interpret", r"解读|回应"),
             ("messages", r"互动|留言|咨询|热线"), ("press", r"发布会|新闻"), ("training", r"培训|学习"),
             ("platform", r"平台|网站|新媒体"), ("active", r"主动公开|发布"), ("problems", r"问题|改进|不足"))


#: A clause that names the reported year's part (本年度新增…): the multi-year total earlier in the sentence is not
#: its own (C14: 截至2016年底累计…457条，其中本年度新增…46条 — the 46 is the year's count).
_YEAR_PART = re.compile(r"本年度|本年|今年|当年|新增|全年累计")


def _label_before(text: str, c0: int, s0: int, at: int) -> str:
    """The label of a value printed after a colon (主动公开信息数：56条；依申请公开信息数：0条): the words before the
    colon, back to the clause mark before them in the sentence (``s0`` its start), are what the value counts — a
    clause of its own only in print."""
    if c0 <= s0 or text[c0 - 1] not in "：:" or not _VALUE_AFTER_LABEL.fullmatch(text[c0:at]):
        return ""
    marks = [m.end() for m in CLAUSE_MARKS.finditer(text, s0, c0 - 1)]
    label = text[marks[-1] if marks else s0 : c0 - 1]
    return "" if NUMBER_RE.search(label) else _BRACKETED.sub("", label)


#: What may stand between a label's colon and its value: nothing, or a word that totals it (：共56条).
_VALUE_AFTER_LABEL = re.compile(r"\s*(?:共计|合计|总计|共|为|约|达|计)?\s*")


def _multi_year_total_before(text: str, start: int) -> bool:
    """The sentence at ``start`` opens with 其中 (包括, 包含) and breaks down a multi-year total stated in the sentence
    before it (截止2010年12月31日，全乡累计…65条。其中，网上公开信息20条): its parts count the same years (C14, C16)."""
    if not text[start : start + 4].lstrip("，, ").startswith(_BREAKDOWN_OPENERS) or start < 2:
        return False
    ends = list(SENTENCE_END.finditer(text, max(0, start - MAX_BEFORE_CHARS), start - 1))
    before = text[ends[-1].end() if ends else max(0, start - MAX_BEFORE_CHARS) : start]
    return bool(NUMBER_RE.search(before)) and bool(_SINCE_THEN_TOTAL.search(before) or _UP_TO_DATE_TOTAL.search(before))


_BREAKDOWN_OPENERS = ("其中", "包括", "包含")


def _year_part(clause: str, report_year: int | None) -> bool:
    """The clause names the reported year's part: 本年度新增…, or the reported year itself (截止2016年底…累计…457条，其中2016年
    公开…46条, C14), without 累计 of its own — 全年累计 is the year's own (截至2015年12月31日，全年累计主动公开…120条, C47)."""
    if "累计" in clause.replace("全年累计", ""):
        return False
    return bool(_YEAR_PART.search(clause)) or bool(
        report_year and {int(y) for y in _YEAR.findall(_CAUSE.sub("", clause))} == {report_year})


#: A year that opens a sentence as a clause of its own (2019年，我镇…; 2022年度，…).
_HEAD_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?\s*[，,]")


def _head_year(text: str, at: int) -> set[int]:
    """The year a figure whose clause names none is counted in: the last year named before it in its paragraph, where
    that year heads a sentence as a clause of its own (2019年，我镇通过…网站公开信息94条。通过微信公众平台公布信息25条。
    in a 2020 report: both are 2019's, C50). A year named elsewhere in a sentence (比2019年增加…) governs nothing after
    its clause."""
    years = _years_named(text)
    n = bisect.bisect_left(years, (at,))
    if n == 0 or years[n - 1][0] < at - MAX_BEFORE_CHARS * 2 or not years[n - 1][2]:
        return set()
    return {years[n - 1][1]}


@lru_cache(maxsize=256)
def _years_named(text: str) -> list[tuple[int, int, bool]]:
    """Each year ``text`` names: (where, the year, whether it heads a sentence as a clause of its own), read once per
    paragraph (every figure of it asks)."""
    out = []
    for m in _YEAR.finditer(text):
        j = m.start() - 1
        while j >= 0 and text[j].isspace():
            j -= 1
        heads = bool(_HEAD_YEAR.match(text, m.start())) and (j < 0 or text[j] in "。！？!?")
        out.append((m.start(), int(m.group(1)), heads))
    return out


def _shape(number: str) -> str:
    digits = re.sub(r"\D", "", number.split(".")[0])
    if not digits:
        return "cn"
    if "." in number:
        return "decimal"
    return "zero" if int(digits) == 0 else f"d{min(len(digits), 5)}"


def _items_since_before(sentence: str, report_year: int | None) -> bool:
    """The sentence says the items counted date from a start before the year reported on (2005年以来的政府信息)."""
    return bool(report_year) and any(int(m.group()[:4]) < report_year for m in _ITEMS_SINCE.finditer(sentence))


def _since_before(clause: str, report_year: int | None) -> bool:
    """A 以来 that starts before the year reported on."""
    for m in _SINCE.finditer(clause):
        start = m.group(1)
        if not start or (start[0].isdigit() and report_year and int(start[:4]) != report_year):
            return True
    return False


def mask(text: str) -> str:
    """``text`` with every number masked (Ⓓ), a hotline's number (12345) kept: it names a channel."""
    return _mask(text)


def _mask(text: str) -> str:
    text = NUMBER_RE.sub(lambda m: OTHER_NUMBER + m.group("unit"), text)
    return _DIGITS.sub(lambda m: m.group(0) if _HOTLINE.fullmatch(m.group(0)) else OTHER_NUMBER, text)
