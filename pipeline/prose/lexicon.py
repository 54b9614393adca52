"""Phrasings the token rules miss, as classes: what is counted (the object), the verb, the unit, in any order.

The spaCy rules of :mod:`.rules` match one keyword token; jieba glues words (政府信息数, 信息公开申请) and reports
order the words every way (依申请公开共受理2件, 收到2份有关政府信息公开的行政复议申请, 对41项…文件进行解读).
Each class here is one regular expression over the figure's whole clause, the figure masked (Ⓝ, other numbers
Ⓓ): the object lexicon of a metric, its verbs and its units. A class's answer is a rule's answer (strong),
and the conventions' vetoes (another year, a multi-year total, one channel, another domain) apply as to
any rule.

:data:`OVERRIDES` are read before the token rules: a clause that names two metrics' words where the nearer one
is not the one counted (常务会议同步配套解读5次 counts meetings, C8).
"""

from __future__ import annotations

import re
from functools import lru_cache

from .candidates import Candidate
from .context import Context
from .subjects import other_domain

#: A request count's units; 例 (cases: 受理依申请政府信息公开事项29例) as some departments count them.
_U_REQ = r"[件条个份宗起次项例]"
_U_MSG = r"[件条封个起次份]"
#: A request count, or one printed without its unit (全年办理政府信息公开申请96，…: the candidate finder takes such a
#: count only in a strict context, C15).
_U_REQ_OR_NONE = rf"(?:{_U_REQ}|$)"
#: General information published (a total): verb, optional 各类/政府/政务, 信息 and its count. No content-type
#: word between the verb and 信息 (发布动态信息 is one kind).
#: A verb of publishing that is not part of on-request or withheld disclosure (依申请…公开, 不予公开, 予以公开).
_PUBLISH = r"(?<!申请)(?<!不予)(?<!予以)(?<!申请和不予)"
#: What a count of information is said with after its object: 数, 总数, 条数, 件数 …
_COUNT_WORD = r"(?:数|总数|总量|数量|条数|件数)"
#: The level of government whose information it is (公开区政府信息): part of the object, not a content type.
_LEVEL = r"(?:[省市区县镇乡])?"
_INFO = (rf"{_PUBLISH}(?:主动公开|公开|发布|公布|更新|刊发|推送)(?:了)?(?:各类|各项|全部)?(?:主动公开)?(?:的)?{_LEVEL}(?:政府|政务)信息"
         rf"{_COUNT_WORD}?(?:共计|合计|总计|共|为|达|有|约)?\s*Ⓝ\s*[条件篇项份]"
         rf"|{_PUBLISH}(?:公开|发布|公布)(?:了)?(?:各类|各项)(?:主动公开)?(?:的)?信息(?:共计|合计|总计|共|为|达|有|约)?\s*Ⓝ\s*[条件篇项份]"
         rf"|{_PUBLISH}(?:主动公开|公开|发布)(?:的)?(?:政府|政务)?信息{_COUNT_WORD}(?:共计|合计|总计|共|为|达|有|约)?\s*Ⓝ\s*[条件篇项份]"
         rf"|(?:信息)?主动公开(?:了)?(?:共计|共)?\s*Ⓝ\s*条"
         # the object first and the count of it named (政府信息主动公开的数量累计369条: the number of items published)
         rf"|(?:政府|政务)信息(?:主动)?(?:公开|发布)(?:的)?(?:数量|总数|总量|条数)(?:累计|共计|合计|总计|共|为|达|有|约)?\s*Ⓝ\s*[条件篇项份]"
         # the count before what is counted: 发布14条主动公开政府信息
         rf"|{_PUBLISH}(?:发布|公开|公布)(?:了)?\s*Ⓝ\s*条(?:主动公开)?(?:的)?(?:政府|政务)信息")
#: Several kinds listed (工作动态、养老服务和社会救助信息; 文稿、通知、公告、公示等): information published where it is
#: the only count of it (weak, as the bare word 信息: a section on one field lists its kinds too).
_LISTED_INFO = (r"(?:公开|发布|公布|更新|刊发|推送)[^，。；Ⓓ]{0,40}?[、等][^，。；Ⓓ]{0,30}?"
                r"(?:(?<!疫情|动态|新闻|要闻|文件|财政|人事|规划|概况|预算|决算|成果|活动)(?:方面|类)?(?:信息|稿件|文章)|等)"
                r"(?:共计|共|合计)?\s*Ⓝ\s*[条篇]")
#: What a request count counts: requests (政府信息公开申请, 申请书), or what was asked for on request (依申请公开件, 事项,
#: 依申请公开信息, 依申请政府信息公开事项 — with a verb of receipt, C5, C25).
_REQUEST_OBJECT = r"(?:政府信息公开|信息公开|依申请公开(?:政府信息)?|公开政府信息)(?:的)?申请(?:书|表)?|依申请公开(?:政府)?信息|依申请(?:政府信息)?公开(?:件|事项)?"
_RECEIVED = r"(?:收到|受理|接到|接收|接受|收悉|新收)"

CLASSES: tuple[tuple[str, re.Pattern], ...] = (
    ("info_published", re.compile(_INFO)),
    # 依申请公开共受理2件, 政府信息公开申请共收到18个, 政府信息公开申请受理数3件; the work or the system that takes
    # them between (依申请公开系统共收到1宗, 依申请公开平台受理…)
    ("requests_received", re.compile(rf"(?:{_REQUEST_OBJECT})(?:工作|系统|平台)?(?:全年|本年度)?(?:共计|共)?{_RECEIVED}"
                                     rf"(?:申请)?(?:数|数量|总数|件数)?(?:共计|共|了|为)?\s*Ⓝ\s*{_U_REQ}")),
    # 共收到政府信息公开申请18个 (units the token rule does not take)
    ("requests_received", re.compile(rf"{_RECEIVED}(?:了)?(?:群众|公民|社会公众|[^，。；]{{0,6}}?提出的)?(?:的)?"
                                     rf"(?:{_REQUEST_OBJECT})(?:数|总数|件数|数量)?(?:共计|共|为|有)?\s*Ⓝ\s*{_U_REQ}")),
    # 接到12项依申请公开政府信息申请, 收到8项依申请公开: the count before the requests
    ("requests_received", re.compile(rf"{_RECEIVED}(?:了)?(?:共计|共)?Ⓝ\s*[件项个份条宗起次](?:有关|关于)?[^，。；Ⓓ]{{0,10}}?"
                                     rf"(?:{_REQUEST_OBJECT}|申请)")),
    # 收到2份有关政府信息公开的行政复议申请
    ("admin_reviews", re.compile(r"(?:收到|受理|接到|发生|引发)(?:了)?(?:共计|共)?Ⓝ\s*[份件起次宗][^，。；]{0,20}?行政复议")),
    ("admin_suits", re.compile(r"(?:收到|受理|接到|发生|引发)(?:了)?(?:共计|共)?Ⓝ\s*[份件起次宗][^，。；]{0,20}?行政诉讼")),
    ("admin_reviews", re.compile(r"行政复议(?:申请|案件|案)?(?:共计|共|为|有)?\s*Ⓝ\s*份")),
    # hotlines and the public's online questions: 办理政府12345热线47件, 受理网络问政210件, 市长信箱…35件; petitions
    # through a line or a system (局长公开电话信访事项6件, 群工系统信访事项126件, C6, C44)
    ("public_messages", re.compile(rf"(?:123\d\d|热线|网络问政|问政|民心网|市长信息|市长信箱|县长信箱|区长信箱|书记信箱|"
                                   rf"领导信箱|局长信箱|网民留言|群众留言|咨询电话|来信来访|公开电话|信访)[^，。；]{{0,8}}?Ⓝ\s*{_U_MSG}")),
    # the public's consultations received (共接受市民等咨询62: C13), also printed without a unit (C15, C51); queries
    # received are the public's questions too (受理网络查询91件, C60)
    ("public_messages", re.compile(rf"(?:收到|受理|接收|接受|接到|办理|处理|答复|回复|解答)(?:网民|群众|公众|市民|网络|网上)?(?:等)?"
                                   rf"(?:留言|来信|信件|诉求|咨询|查询)(?:共计|共|数量为|为)?\s*Ⓝ\s*(?:{_U_MSG}|$)")),
    # what the public sent through a petition or message channel, received or answered (通过其他信访平台受理回复群众意见43条):
    # the channel names whose it is, the verbs and the public's words what is counted (C6, C44)
    ("public_messages", re.compile(rf"(?:信访|信箱|热线|留言板|问政)[^，。；Ⓓ]{{0,8}}?(?:受理|办理|收到|接收|接到|回复|答复|处理)"
                                   rf"(?:并)?(?:回复|答复|办结|处理)?(?:群众|网民|市民|公众)?(?:意见|诉求|留言|来信|信件|问题)"
                                   rf"(?:共计|共)?\s*Ⓝ\s*{_U_MSG}")),
    # the public's complaints received or handled (C20), not about disclosure (信息公开投诉举报 names no receipt)
    ("public_messages", re.compile(rf"(?:接到|收到|受理|接收|办理|处理)(?:了)?(?:群众|市民|公众|各类|网上|网络|网民)?"
                                   rf"(?:举报投诉|投诉举报|投诉)(?:共计|共)?\s*Ⓝ\s*{_U_MSG}")),
    # 办理的104件群众投诉, 收到86条网民留言: the count before the messages or complaints (C6, C20)
    ("public_messages", re.compile(rf"(?:收到|受理|接收|接到|办理|处理|答复|回复)(?:了)?(?:的)?(?:共计|共)?\s*Ⓝ\s*{_U_MSG}"
                                   rf"(?:群众|市民|公众|网民|网上|网络)?(?:举报投诉|投诉举报|投诉|留言|来信|信件|诉求)")),
    # 2次参加市政府组织的在线访谈栏目: the count before the interviews taken part in
    ("online_interviews", re.compile(r"Ⓝ\s*[次场期](?:参加|参与|做客|走进)[^，。；]{0,12}?(?:在线访谈|网络访谈|访谈)")),
    # 共有123条政府信息主动公开: the count before what is counted
    ("info_published", re.compile(r"(?:共有|共|有)\s*Ⓝ\s*条(?:政府|政务)信息(?:被|予以)?主动公开")),
    # 对41项…重要政策文件进行解读, 对出台的3个规范性文件均进行了解读
    ("policy_interpretations", re.compile(r"对(?:[^，。；Ⓓ]{0,8}?的)?(?:共计|共)?Ⓝ\s*[项件个份篇部][^，。；]{0,30}?"
                                          r"(?:均|都|全部|逐一)?(?:进行|开展|作出|做好|做了)(?:了)?"
                                          r"(?:政策|图文|全面|深度)?解读")),
    # 解读《…》《…》等政策信息9条: documents interpreted, named by their titles (C7, C19)
    ("policy_interpretations", re.compile(r"解读(?:了)?(?:《[^《》]*》[、和及]?)+(?:等)?(?:政策|重要)?(?:信息|文件|政策)?"
                                          r"(?:共计|共)?\s*Ⓝ\s*[条篇件个项份部]")),
    # 共发行《某市政报》12期: a gazette named by its title, counted in issues (jieba cuts 市政报 as 市政 + 报)
    ("gazette_issues", re.compile(r"(?:公报|政报)》?(?:共计|共)?\s*Ⓝ\s*期")),
    # 共播出12期《政风行风热线》: an interview or hotline programme named by its title
    ("online_interviews", re.compile(r"(?:播出|录制|直播|开播|推出)(?:了)?(?:共计|共)?\s*Ⓝ\s*期\s*《")),
)
#: The year's requests said as handled (全年办理政府信息公开申请156件, 2021年，…共办理…申请21件): a statement of the
#: requests only where the report gives no count of those received (C5, C18), so the caller keeps it weak.
HANDLED: tuple[tuple[str, re.Pattern], ...] = (
    ("requests_received", re.compile(rf"(?:(?:全年|本年度|年内|累计)(?:共|共计)?|共计|共)(?:办理|处理)(?:了)?(?:各类)?[^，。；Ⓓ]{{0,32}}?"
                                     rf"(?:{_REQUEST_OBJECT})(?:共计|合计|共)?\s*Ⓝ\s*{_U_REQ_OR_NONE}")),
)
LISTED: tuple[tuple[str, re.Pattern], ...] = (("info_published", re.compile(_LISTED_INFO)),)
#: The answer of an override that says the figure states no metric at all.
NO_METRIC = "none"
#: Events that interpret or respond, each with the metric that counts it: a count in an event's units after the event
#: and 解读 (常务会议同步配套解读5次, 举办新闻发布会回应解读1次) counts the events, not interpretations (C8, C9).
_EVENTS = (("exec_meetings", r"常务会议|常务会"), ("press_conferences", r"发布会|吹风会|通气会"),
           ("online_interviews", r"在线访谈|网络访谈"))
#: Events the press and interview metrics count, and events neither counts: media interviews (C9, C22), meetings that
#: publish nothing (座谈会, 通联会, 听证会, 论坛: C9, C44).
_EVENT_KINDS = r"发布会|吹风会|通气会|访谈"
_OTHER_EVENTS = r"采访|专访|座谈会|座谈|通联会|研讨会|听证会|论坛|见面会|恳谈会|(?<!发布)活动"  # 新闻专题活动 (C44, C79)
OVERRIDES: tuple[tuple[str, re.Pattern], ...] = (
    *((metric, re.compile(rf"(?:{event})[^，。；]{{0,12}}?解读\s*Ⓝ\s*[次场期]")) for metric, event in _EVENTS),
    # one count of events of several kinds, media interviews or other meetings among them (举办新闻发布会…、集中采访4次,
    # 召开媒体通气会、通联会、座谈会92场次): neither press conferences nor online interviews (C9, C22, C44), as a count of
    # two metrics together is neither (C7, C10)
    (NO_METRIC, re.compile(rf"(?:{_EVENT_KINDS})[^，。；Ⓓ]{{0,24}}?[、和及与或][^，。；Ⓓ]{{0,12}}?(?:{_OTHER_EVENTS})"
                           rf"[^，。；Ⓓ]{{0,6}}?Ⓝ\s*[次场期]")),
    (NO_METRIC, re.compile(rf"(?:{_OTHER_EVENTS})[^，。；Ⓓ]{{0,12}}?[、和及与或][^，。；Ⓓ]{{0,24}}?(?:{_EVENT_KINDS})"
                           rf"[^，。；Ⓓ]{{0,6}}?Ⓝ\s*[次场期]")),
    # the items published in full electronic text (全文电子化的主动公开信息数4120条): a property of some of the year's
    # items, a part of its count, not a count of its own (C16, C79)
    (NO_METRIC, re.compile(r"全文电子化[^，。；Ⓓ]{0,16}?Ⓝ\s*[条件篇]")),
    # one count of reviews and suits together (行政复议、行政诉讼案件为0件) is neither metric (C10)
    # with another kind of case listed after them (行政复议、行政诉讼和申诉案件0件): still no count of either (C10)
    (NO_METRIC, re.compile(r"复议[、和及与]\s*(?:提起|提出)?(?:行政)?诉讼(?:[、和及与][^，。；Ⓓ]{1,6}?)?(?:的)?(?:案件|案)?(?:数|数量)?"
                           r"(?:均为|为|共|共计)?\s*Ⓝ")),
    # information of one field or topic (重点领域公开政府信息数共24条, 专题…信息): not the year's total (C2)
    (NO_METRIC, re.compile(r"(?:领域|专题)[^，。；Ⓓ]{0,6}?(?:公开|发布)[^，。；Ⓓ]{0,8}?信息[^，。；Ⓓ]{0,6}?Ⓝ\s*[条件篇]")),
    # …等重点领域信息3500余条, 专栏信息Ⓝ条, 重点栏目信息283条, 重点领域各类信息12条: a field's or a column's items (C2, C44),
    # a general qualifier (各类, 相关) between them and 信息 too
    (NO_METRIC, re.compile(r"(?:领域|专题|专栏|栏目)(?:类)?(?:的)?(?:各类|相关)?(?:政府|政务)?信息(?:共计|共|约|达|近)?\s*Ⓝ\s*[条件篇]")),
    # a category or column named in quotes (“咨询投诉”信息2条, “工作动态”信息41条): its items, whatever its name says (C2, C44)
    (NO_METRIC, re.compile(r"[”\"](?:类)?(?:的)?信息(?:共计|共|为|有)?\s*Ⓝ\s*[条件篇]")),
)


def clause_of(text: str, cand: Candidate, ctx: Context) -> str:
    """The figure's whole clause, the figure masked (Ⓝ) and other numbers too (Ⓓ)."""
    return f"{ctx.clause_left}Ⓝ{ctx.clause_right}"


@lru_cache(maxsize=16384)
def lexicon_metric(clause: str, ctx: Context, classes=CLASSES) -> str | None:
    """The metric of the first class whose pattern holds the masked number in ``clause``, unless vetoed."""
    from .rules import _COUNTED_NOUN, _NAME_AFTER, vetoed

    if _NAME_AFTER.match(ctx.right) or _COUNTED_NOUN.match(ctx.right):
        return None
    for metric, pattern in classes:
        for m in pattern.finditer(clause):
            if "Ⓝ" not in m.group(0):
                continue
            if classes is HANDLED:  # its own verbs are the token rule's veto: only the conventions' clues apply
                if not (ctx.cumulative or ctx.other_year or other_domain(ctx.clause_left)):
                    return metric
            elif metric == NO_METRIC or not vetoed(metric, ctx):
                return metric
    return None
