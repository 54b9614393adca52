"""Rules for the clear cases: spaCy Matcher patterns over the jieba tokens of a candidate's window.

A pattern says: a keyword of the metric, then (within the clause) the number with a unit the metric takes
— or the number and unit first and the keyword after (``召开17次区政府常务会议``). The clues of the
conventions veto a rule: a multi-year cumulative, another year, one channel's count for information
published; a 其中 sub-count of the same metric is dropped when the document's figures are decided. What no rule settles is left to the classifier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from .context import BREAKDOWN_WORDS, Context
from .nlp import NUMBER, OTHER_NUMBER, nlp, tokenize
from .subjects import DISCLOSURE

if TYPE_CHECKING:
    from spacy.matcher import Matcher


@dataclass(frozen=True)
class RuleSpec:
    metric: str
    keyword: str  # regex on a token
    units: str  # regex on the token after the number (jieba may glue the next word to the unit)
    after: bool = True  # the keyword may also follow the number
    veto: str = ""  # regex on the clause before the number that stops the rule
    verb: str = ""  # regex on a token that must come before the keyword (发布 … 政府信息)


RULES = (
    RuleSpec("info_published", r"^(政府信息|政务信息|各类信息|各类政府信息|政府信息公开|政务公开信息)$", r"^(条|件)", after=False,
             verb=r"发布|公开|公布|推送|更新|主动|^等$"),  # items in 件 as in 条 (发布政府信息 457 件, C2)
    # 文件及解读各8件: eight of each (C25); 解读回应, 解读及回应信息: interpretations and responses together (C7);
    # 政策解读和…栏目中发布信息: a column's items (unless the object after the column is interpretations:
    # “政策解读”栏目发布解读材料35篇); 政策解读等信息, 宣传信息、政务信息、政策解读等: one kind of a list of
    # information published (C15)
    RuleSpec("policy_interpretations", r"解读|图解", r"^(篇|条|件|个|期|份|次|项)",
             veto=r"(文件|报告)及[^，,。；;、]{0,4}解读(?!各)|解读(?:及|和|与|、)?回应|解读[^，,。；;]*栏目(?![^，,。；;]*解读)|解读[、等][^，,。；;]*信息$"
                  r"|信息、[^，,。；;]{0,12}解读等"
                  # 解读 a bare member inside a list of other kinds (政策、解读及落实情况38条, 政策及解读和工作落实信息53条):
                  # the kinds counted together, no count of interpretations (C7, C44)
                  r"|(?:及|和|与|、)解读(?:及|和|与|、)(?![^，,。；;]*解读)"
                  # the same with 解读 and its own object in the middle of a list of acts (公开规范性档案、解读政策规定以及相关
                  # 办税指引100多条): documents, interpretations and guides counted together (C7, C60)
                  r"|(?:及|和|与|、)解读[^，,。；;、及和与]{1,10}?(?:以及|及|和|与|、)(?![^，,。；;]*(?:解读|图解))"
                  # 解读 after a kind of document in a list (政策法规、政策解读20条), or first in a list of other kinds closed by
                  # 等 (发布政策解读、工作动态、服务信息等共计158条): the kinds counted together (C7, C44); a list of
                  # interpretations' forms (文字、图片、音频等多形式政策解读) names no kind of document
                  # (a content type named so: 政策法规及解读类信息46条, C2, C7)
                  r"|(?:文件|法规|规章|报告|公告|通知|动态|制度|规划)[、及和与](?:政策|相关|配套)?解读(?:类)?(?:信息)?$"
                  r"|解读、(?![^，,。；;]*(?:解读|图解))[^，,。；;]*等(?:共计|合计|总计|共)?$"),
    RuleSpec("press_conferences", r"发布会|吹风会|发布活动|通气会", r"^(场|次|期)"),
    RuleSpec("online_interviews", r"访谈", r"^(期|场|次)"),
    # a published FAQ (公开发布高频政策咨询事项问答210条, 常见问题解答) counts answers written for all, not the public's
    # messages (C44)
    # a category of the items published named so (另外，在线咨询与投诉类有17条): a content type, not the public's
    # messages (C44, C47)
    RuleSpec("public_messages", r"留言|信箱|来信|12345|网上信访|诉求|咨询", r"^(条|件|封|个|起|次)",
             veto=r"问答|常见问题|类(?:信息)?(?:有|共|共计|为)?$"),
    RuleSpec("requests_received", r"^(政府信息公开申请|信息公开申请|公开申请|申请|依申请公开|依申请公开件)$",
             r"^(件|条|次|份)", veto=r"办结|答复|结转|办理|处理|上年", verb=r"^(共?收到|共?受理|共?接受|新收|接收|收悉|提出)"),
    RuleSpec("admin_reviews", r"行政复议|复议", r"^(件|起|次|项)", after=False),
    RuleSpec("admin_suits", r"行政诉讼|诉讼", r"^(件|起|次|项)", after=False),
    RuleSpec("training_persons", r"培训|轮训|参训|培训班", r"^人次|^人$"),
    RuleSpec("training_sessions", r"培训|轮训|培训班|培训会", r"^(期|次|场)"),
    RuleSpec("exec_meetings", r"常务会议|常务会", r"^(次|期)", veto=r"列席|参加|旁听|出席"),
    RuleSpec("gazette_issues", r"公报|政报|出刊|刊印|编印", r"^期"),  # 政报: a gazette named so (《兰州政报》)
)
#: A noun right after the unit: the number counts it, not a metric (四条途径, 三项措施, 两个方面, 18个专栏).
_COUNTED_NOUN = re.compile(r"^.(?:途径|渠道|措施|举措|方面|原则|制度|要求|做法|经验|意见|路径|主线|机制|方式|目标|任务|"
                           r"专栏|栏目|板块|版块)"
                           # places and fittings set up for the public (1个信息咨询点, 20个公共查阅点, C44)
                           r"|^.[^，,。；;Ⓓ]{0,4}?(?:咨询点|查阅点|服务点|受理点|查阅室|阅览室|查阅场所|查阅中心|公开栏|公示栏|"
                           r"显示屏|电子屏|触摸屏)")
#: A keyword after the number counts only this close (召开Ⓝ次区政府常务会议), not across a whole clause.
AFTER_REACH = 5
#: A quote or title mark right after the unit: the number is part of a name (“创业富民20条”).
_NAME_AFTER = re.compile(r"^.[”\"’》」]")


@cache
def _matcher() -> Matcher:
    vocab = nlp().vocab  # spaCy loads (see nlp.import_spacy) with the first window that has a keyword
    from spacy.matcher import Matcher

    matcher = Matcher(vocab)
    for rule in RULES:
        verb = [{"TEXT": {"REGEX": rule.verb}}, {"OP": "*"}] if rule.verb else []
        before = [{"TEXT": {"REGEX": rule.keyword}}, {"OP": "*"}, {"ORTH": NUMBER}, {"TEXT": {"REGEX": rule.units}}]
        matcher.add(f"{rule.metric}:before", [[*verb, *before]])
        if rule.after:
            matcher.add(f"{rule.metric}:after",
                        [[*verb, {"ORTH": NUMBER}, {"TEXT": {"REGEX": rule.units}}, {"OP": "*"},
                          {"TEXT": {"REGEX": rule.keyword}}]])
    return matcher


#: Metrics whose words other domains use too (受理申请, 发布信息, 行政复议): vetoed where the clause names
#: another domain's subject (:mod:`.subjects`).
DOMAIN_SENSITIVE = ("info_published", "requests_received", "policy_interpretations", "admin_reviews", "admin_suits")


#: A review or a suit said as brought over something (因具体行政行为被提起…, 因政府信息公开答复引起的…): 因, then a verb
#: that brings it.
_BROUGHT = re.compile(r"申请|提起|提出|引起|引发|产生")


def _other_cause(clause_left: str) -> bool:
    """The clause says what the review or suit was brought over (the words from its last 因), and that is no disclosure
    work (C10: reviews and suits about disclosure only; an agency's other acts are reviewed and sued over too)."""
    at = clause_left.rfind("因")
    if at < 0:
        return False
    cause = clause_left[at:]
    return bool(_BROUGHT.search(cause)) and not (DISCLOSURE.search(cause) or _DISCLOSURE_ACT.search(cause))


#: A cause that is a disclosure act though it does not say 信息公开 (因不服答复, 因公开内容…): a reply or a publication.
_DISCLOSURE_ACT = re.compile(r"答复|公开|告知")


_NOT_PUBLISHED = re.compile(r"不予公开|依申请")
#: A count of requests right after the word (…政府信息公开申请Ⓓ, …政府信息申请共): the requests, whatever noun they name.
_REQUESTED = re.compile(r"申请(?:书|件|数|总数)?(?:共计|共|为|达)?$")
#: Requests carried over from the year before (上年结转, 上一年度结转受理): never the year's received, even said with 受理.
_CARRIED_OVER = re.compile(r"结转|上一?年度?(?:转入|遗留|未办结)")


#: A 问答 column's questions said as handled, next to a message channel (办结网站局长信箱、便民问答): the public's questions,
#: not answers the agency wrote for all (公开发布…问答210条, C44).
_QUESTIONS_HANDLED = re.compile(r"(?:办结|受理|办理|回复|答复)[^，,。；;Ⓓ]{0,12}?(?:信箱|留言|来信)[^，,。；;Ⓓ]{0,8}?问答$")


def vetoed(metric: str, ctx: Context) -> bool:
    if ctx.cumulative or ctx.other_year:
        return True
    if metric in DOMAIN_SENSITIVE and ctx.domain:
        return True
    if metric in ("admin_reviews", "admin_suits") and _other_cause(ctx.clause_left):
        return True  # a review or a suit over another act (因具体行政行为被提起行政诉讼2起): not about disclosure (C10)
    if metric == "info_published" and (ctx.topic or ctx.media):
        return True  # a column's or a topic's items (C2), or what news media carried (C17)
    if metric == "info_published" and ctx.channel:
        return True  # one channel's count: an entry only without a total, which a rule cannot know
    if metric == "info_published" and _REQUESTED.search(ctx.clause_left):
        return True  # the requests for information (收到公开政府信息申请1件), not information published (C5)
    if metric == "info_published" and _NOT_PUBLISHED.search(ctx.clause_left):
        return True  # information given on request or withheld (依申请和不予公开政府信息条数) is not published (C2, C5)
    if metric == "requests_received" and _CARRIED_OVER.search(ctx.clause_left):
        return True  # carried over from the year before (上一年度结转受理0件): received then, whatever verb says so (C5)
    if metric == "public_messages" and _QUESTIONS_HANDLED.search(ctx.clause_left):
        return False  # the public's questions concluded (办结网站局长信箱、便民问答212件), not a FAQ published (C6, C79)
    rule = next(r for r in RULES if r.metric == metric)
    if rule.veto and rule.verb and re.search(rule.verb.replace("^", ""), ctx.clause_left):
        return False  # stated as received (收到并办理…, 受理并答复…): the veto words describe the same requests
    return bool(rule.veto and re.search(rule.veto, ctx.clause_left))


@cache
def _any_keyword() -> re.Pattern:
    return re.compile("|".join(f"(?:{r.keyword.strip('^$')})" for r in RULES))


def apply_rules(ctx: Context) -> str | None:
    """The metric a clear rule gives this figure, or None. The keyword nearest the number wins."""
    metric = keyword_rule(ctx)
    if metric is None and plain_info(ctx):
        return "info_published"
    return metric


def keyword_rule(ctx: Context) -> str | None:
    """The metric a rule's keyword pattern gives this figure, or None."""
    if _NAME_AFTER.match(ctx.right) or _COUNTED_NOUN.match(ctx.right) or not _any_keyword().search(ctx.window):
        return None  # a number inside a name, or no keyword anywhere near (skip segmenting)
    return _apply(ctx)


def plain_info(ctx: Context) -> bool:
    """Information published said with the bare word 信息 (公开信息43条): weaker than a keyword rule, because
    a report's section on one field says it too (…重大建设项目…，全年共发布信息166条)."""
    return (not _NAME_AFTER.match(ctx.right) and not _COUNTED_NOUN.match(ctx.right) and _plain_info(ctx)
            and not vetoed("info_published", ctx))


def _plain_info(ctx: Context) -> bool:
    m = _PLAIN_INFO.search(ctx.window)
    if m is None:
        return bool(_PLAIN_INFO_AFTER.search(ctx.window))
    # a list of kinds (…等信息) is information published only where the clause says it was published
    return bool(m and (not m.group("list") or re.search(r"公开|发布|公布", ctx.clause_left)))


def keyword_object_after(ctx: Context) -> bool:
    """Information published with the count before a keyword's object (发布Ⓝ条各类信息, 公开Ⓝ条政府信息): the rule's
    keyword, in the other order (C2, C45), so as strong as the keyword rule's count; or the count that frames a breakdown
    of what was published (在2010年公开的7条信息中，规范性文件类信息为7条: the whole the parts are counted among, C14, C16)."""
    m = _PLAIN_INFO_AFTER.search(ctx.window)
    return bool(m and (re.search(r"(?:各类|政府|政务)信息$", m.group()) or _FRAMES_PARTS.match(ctx.window, m.end())))


#: 中 right after the object, ending the clause: the count is the set its parts are then counted among (…公开的Ⓝ条信息中，
#: …类信息为Ⓓ条).
_FRAMES_PARTS = re.compile(r"中$")


def listed_info(ctx: Context) -> bool:
    """Information published said as a list of kinds ending in 等信息 (就业创业、供求、帮扶等相关信息123条): the entry only
    as the report's one count of what was published (C15), which the caller knows."""
    m = _PLAIN_INFO.search(ctx.window)
    return bool(m and m.group("list"))


#: Information published, said with the bare word 信息: a verb right before it (主动公开信息总数773条, 挂网信息21条), a list
#: of kinds ending in 等信息, or the total of what was published (信息发布总量达2538条). A word between the verb
#: and 信息 (发布动态信息) makes it one content type, which this does not match. Its units are those the lexicon counts
#: information in (条, 件, 篇, 项, 份: 政府公开信息共计21项, C2).
_PLAIN_INFO = re.compile(r"(?:(?:(?:主动)?(?<!申请)(?<!不予)(?<!予以)(?:公开|发布|公布|上传|挂网|(?:和|及)?更新)(?:各类)?|(?P<list>等(?:方面)?))信息(?:总数|数量)?|信息(?:发布)?总量)"
                         r"(?:共计|合计|总计|共|为|达|约|近|超)?\s*Ⓝ\s*[条件篇项份]")


#: The same with the count before its object (全年共公开180条信息, 发布247条各类信息): a report orders the words either way
#: (C2, C45's 共发布592条信息); the object ends the clause, so a longer noun (Ⓝ条信息公开申请) is no match.
_PLAIN_INFO_AFTER = re.compile(r"(?:主动)?(?<!申请)(?<!不予)(?<!予以)(?:公开|发布|公布|上传|挂网|更新)(?:了)?(?:共计|合计|总计|共|达|约)?"
                               r"\s*Ⓝ\s*[条件](?:的)?(?:各类)?(?:政府|政务)?信息(?![\u4e00-\u9fff])"
                               # the items published said as a set its parts are counted among (公开的Ⓝ条信息中，…)
                               r"|(?:主动)?(?<!申请)(?<!不予)(?<!予以)(?:公开|发布|公布)的\s*Ⓝ\s*[条件](?:各类)?(?:政府|政务)?信息(?=中$)")


@lru_cache(maxsize=8192)
def _apply(ctx: Context) -> str | None:
    doc = tokenize(ctx.window)
    number_at = next((t.i for t in doc if t.text == NUMBER), None)
    if number_at is None:
        return None
    best: tuple[int, str] | None = None
    for match_id, start, end in _matcher()(doc):
        metric, side = nlp().vocab.strings[match_id].split(":")
        keyword_at = start if side == "before" else end - 1
        if _clause_break(doc, start, end - 1):
            continue  # the keyword (and the verb) must be in the number's clause
        if side == "after" and (keyword_at - number_at > AFTER_REACH
                                or any(t.text == "、" for t in doc[number_at:keyword_at])
                                or _object_vetoed(metric, doc[number_at + 1 :])):
            continue  # a keyword after the number must be its object, not the next item of a list; the rule's veto
            # reads the object wherever it stands (发布Ⓝ条政策文件及解读: documents and interpretations together, C7)
        if side == "before" and any(t.text == OTHER_NUMBER for t in doc[keyword_at:number_at]):
            continue  # another figure stands between: the keyword is that figure's
        if side == "before" and _BREAKDOWN.search("".join(t.text for t in doc[keyword_at:number_at])):
            continue  # a 其中 (包括, 包含) between: the keyword names the whole, the number one of its parts
            # (主动公开政府信息共计十一大类条(其中政府领导231条、…): a content type, C2, C16, C47)
        distance = abs(number_at - keyword_at)
        if vetoed(metric, ctx):
            continue
        if best is None or distance < best[0]:
            best = (distance, metric)
    return best[1] if best else None


#: The words that open a breakdown (C12, C16: 其中, 包括 and 包含 alike).
_BREAKDOWN = re.compile("|".join(BREAKDOWN_WORDS))


def _object_vetoed(metric: str, after) -> bool:
    """The rule's veto holds in the words after the number up to the clause's end (its object, when it follows)."""
    rule = next(r for r in RULES if r.metric == metric)
    words = "".join(t.text for t in after)
    return bool(rule.veto and re.search(rule.veto, re.split(r"[，,。；;：:]", words)[0]))


def _clause_break(doc, start: int, end: int) -> bool:
    """A keyword in an earlier clause of the sentence does not speak for this number."""
    return any(t.text in "，,；;：:" for t in doc[start:end])


#: Information published through a channel: a verb (上传, 挂网 — posted on a site — too), then 信息 (bare or
#: compound), right before the number (公开Ⓝ条信息 too; the issues of an account before it: 发布信息Ⓓ期Ⓝ条); a
#: new-media account's posts (微博更新Ⓝ条, 抖音号发布作品Ⓝ条, 推送信息Ⓝ篇, its 报道: 公众号发布报道Ⓝ篇, C60); the second of
#: two counts given 分别 (微信公众号、微博分别发布信息Ⓓ条、Ⓝ条).
_CHANNEL_INFO = re.compile(
    r"(发布|公开|公布|推送|更新|刊发|上传|挂网|公示)(?P<gap>[^，,。；;]{0,8})信息\s*(数量|总数|数|共计|共|约|达)?\s*(Ⓓ\s*期)?Ⓝ\s*[条篇件]"
    r"|(发布|公开|公布|推送|更新)Ⓝ\s*[条篇](?:的)?(?:各类)?(?:政府|政务)?信息"
    r"|(微博|微信|公众号|抖音|头条|客户端|美篇)[^，,。；;]{0,12}(发布|推送|更新|刊发)(各类)?(原创|转载|转发)?(稿件|作品|文章|美篇|报道)?"
    r"\s*(共|约|达)?\s*Ⓝ\s*[条篇]"
    r"|分别(?:主动)?(发布|公开|公布|推送|更新)[^，,。；;]{0,6}Ⓓ\s*[条篇]\s*、\s*Ⓝ\s*[条篇]")


#: Words that make 信息 one content type (发布政务动态类信息), not information published in general.
_CONTENT_TYPE = re.compile(r"动态|新闻|要闻|文件|财政|预决算|疫情|人事|规划|概况")


def channel_count(ctx: Context) -> bool:
    """Information published through one channel (网站, 微信 …): the figure only if the report gives no total
    it is part of (a 其中 part of a stated total is dropped with the other sub-counts)."""
    if not ctx.channel or ctx.cumulative or ctx.other_year or ctx.domain or ctx.media:
        return False  # another domain's items (报送县新闻网站挂网信息, 审批信息), or news the media carried (…政务微信等媒体
        # 新闻发布形式…), are not information published (C17, C38)
    m = _CHANNEL_INFO.search(ctx.window)
    if m and not _CONTENT_TYPE.search(m.group("gap") or ""):
        return True
    return apply_rules(Context(**{**ctx.__dict__, "channel": False})) == "info_published"
