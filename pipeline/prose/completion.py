"""The report's information published, read from the shape of the report rather than each sentence's wording.

Nearly every report states how much information it published in the year, and says it in one of a few shapes:
a total (a count that names no channel, or several, or says 共/总计/合计/总量), its parts (channels, sub-agencies,
kinds), or, with no total, one count per channel. The rules read sentences one by one; this step reads the report's
counts of the generic shape of a *publication count* together and completes what the rules left:

- *The lexicon.* A publication count is a publishing verb (:data:`_PUBLISH`, any channel's: 发布, 公开, 上传, 挂网,
  推送, 推文, 转发 …) × an object (:data:`_NOUNS`: information in general — 信息, 政务信息, 各类信息 — or a channel's
  posts: 稿件, 文章, 作品, 推文, 视频, a list of kinds ending 等内容) × a unit of items (条, 篇, 件), not a part (其中, or
  its share of a whole after it: …31条，占总体百分比为32.6%; the year's part of a running total is no part: …累计公开
  政府信息846条，其中本年度…公开214条, C14),
  not cumulative or another year, not another domain's subject (:mod:`.subjects`), not a request; the word before a
  general 信息 is a verb, a qualifier or a channel (政府信息公开目录信息), never a content noun (疫情信息, 领域信息) — but
  主动公开 over several named channels may name the agency's own field (主动公开司法行政工作信息389条, C67).
- *No count taken:* every publication count is an entry (the report's total, or each channel's count).
- *A larger stated total:* a publication count larger than every count the rules took, that says a total word or
  names no single channel, is the year's total (C3, C16: a total beats its parts); the counts the rules took that
  it contains go — one channel's counts it names or does not exclude, and the smaller counts of its own sentence
  (…1319条…，…1219条，信息发布总量达2538条). A count of times (次) beside counts of items is no such total: it
  counts the same items posted again over the channels (…765条 … 在各类渠道公开政府信息2674次, C46).
- *Another channel beside channel counts:* where every count taken names its channels, a publication count of other
  channels is an entry of its own (C3: a count that names its channels is no total of another channel).
- *A channel's later, smaller count:* a count taken for one channel, after a larger count of the same channel in an
  earlier sentence, breaks that count down (the site's 2441 of some kinds after its 6039) and goes.

The completed figures get a lower confidence (method ``completion``) than a rule's.
"""

from __future__ import annotations

import re

from .candidates import NUMBER_RE, SENTENCE_END
from .context import BREAKDOWN_WORDS, CLAUSE_MARKS, mask

METRIC = "info_published"
#: Confidence given to a completed figure: below a rule's, it was taken for want of a better one.
COMPLETION_CONFIDENCE = 0.8
#: A word that states a total.
_TOTAL = re.compile(r"共|总计|合计|总量|总数")
#: Units a count of items published is printed in.
ITEM_UNITS = frozenset({"条", "篇", "件", "次", "份", ""})  # 次: 发布信息63次; 份: 政务信息3000余份; "": a count printed
#: without its unit (BARE_RE)
#: Verbs that publish (any channel's posts): the clause must name one.
_PUBLISH = re.compile(r"发布|公开|公布|上传|挂网|公示|更新|推送|推文|转发|刊发|刊登|编发|登载|采用|发送|转载|上网")
#: A clause about requests (答复依申请公开政府信息39件), or about information withheld (不予公开信息1535条): its 公开
#: is no publishing.
_REQUESTS = re.compile(r"申请|不予公开")
#: What a publication count counts: information in general, or the posts of a channel.
_NOUNS = r"信息|稿件|文稿|文章|作品|美篇|推文|视频|内容"
#: The count's object right before the number: the noun, then at most its count word (件数为, 发布总量达) and a
#: word that totals it, or an account's issues before its items (294期1014条).
_OBJECT = re.compile(rf"(?P<before>.{{0,4}})(?P<noun>{_NOUNS})(?:发布)?(?:件数|条数|数量|总量|总数|数)?"
                     r"(?:共计|总计|合计|总共|共|达到|达|为|有)?(?:Ⓓ期)?\s*$")
#: What may stand right before the object when it is information in general: a verb's last character (发布信息,
#: 挂网信息, 转发视频), a general qualifier (各类, 政务, 政府), 的 (公示的信息), the end of a list of kinds (等内容), a
#: total word (共推文, 共计推文: C16), or a channel (公开目录信息); a content noun (疫情信息, 领域信息) may not.
_GENERAL = re.compile(r"(?:各类|政务|政府|各类政务|相关|的|等|共|共计|合计|总计|累计|目录|网站|平台|[布开传网示新送发载]|采用)$")
#: Objects that only a channel's posts are counted in: never a report's whole total on their own.
_POSTS = frozenset({"稿件", "文稿", "文章", "作品", "美篇", "推文", "视频", "内容"})


def complete(found: list, decided: list[tuple], unpublished: frozenset = frozenset()) -> list[tuple]:
    """``decided`` (figure, metric, method, confidence) with the report's information published completed (module
    docstring). In the order printed. ``unpublished``: the ids of figures the report's structure shows count no
    information published (a total whose parts name information withheld, C49): never completed."""
    taken = {id(item[0]) for item in decided} | unpublished
    have = [item[0] for item in decided if item[1] == METRIC]
    generic = [fig for fig in found if id(fig) not in taken and generic_count(fig, parts=not _all_channel_counts(have))]
    if not have:
        extra = [fig for fig in generic if _own_count(fig)]
        if not extra:  # no count of information in general: one kind's count that stands for the total
            kinds = [fig for fig in found if id(fig) not in taken and _kind_as_total(fig)]
            extra = kinds if len(kinds) == 1 else []
    else:
        largest = max(fig.candidate.value for fig in have)
        extra = [fig for fig in generic if _own_count(fig) and _larger_total(fig, largest)
                 and not _postings_beside_items(fig, have)]
        totals, counted = list(extra), {id(fig) for fig in extra}
        extra += [fig for fig in generic if id(fig) not in counted and _other_channel(fig, have)]
        if totals:  # a total found: the counts it contains are its parts (C3, C16) — not one said to lie outside them
            # (另外，区属各部门共更新信息1039条 after the portal's count: C91, C113)
            decided = [item for item in decided if not any(_part_of(item, total) for total in totals if not _aside(total))]
    # one field's items (…等领域公开信息52条) beside a larger count completed: a part, not a count of its own (C2, C16)
    extra = [fig for fig in extra if not (_states_none(fig) and any(
        other.candidate.value > fig.candidate.value for other in extra))]
    decided = _without_later_parts(decided)
    if not extra:
        return decided
    order = {id(fig): n for n, fig in enumerate(found)}
    completed = [(fig, METRIC, "completion", COMPLETION_CONFIDENCE) for fig in extra]
    return sorted(decided + completed, key=lambda item: order.get(id(item[0]), -1))


#: A sentence that says its count lies outside what was counted before it (另外，…; 此外，…: C91, C113).
_OUTSIDE = re.compile(r"\s*(?:另外|此外)")


def _aside(fig) -> bool:
    """The figure's sentence opens with 另外 or 此外: its count is beside the counts before it, not their total."""
    return bool(_OUTSIDE.match(fig.text, fig.candidate.sentence[0]))


def _larger_total(fig, largest) -> bool:
    """A publication count larger than every count of information published the report was read to have, stated as
    a total (共, 总计, 合计, 总量) or naming no channel or several: the year's total, which the rules missed."""
    ctx = fig.context
    if fig.candidate.value <= largest or len(ctx.channels) == 1 or (
            _object(fig) in _POSTS and not _kinds_of_what_was_published(fig)):
        return False  # a channel's posts are no total; the 内容 a 包括 list of the kinds published closes with is (C48)
    return bool(_TOTAL.search(ctx.clause_left)) or not ctx.channels or not ctx.distributive


def _postings_beside_items(fig, have: list) -> bool:
    """A count of times (次) beside counts taken in items (条, 篇, 件, 份): the same items posted again, channel by
    channel (主动公开政府信息765条 … 在各类渠道公开政府信息2674次), never a larger total of them (C1, C46)."""
    return fig.candidate.unit == "次" and any(other.candidate.unit not in ("次", "") for other in have)


def _all_channel_counts(have: list) -> bool:
    """Every count taken names its channels (so none of them is a total of every channel, C3)."""
    return bool(have) and all(fig.context.channels for fig in have)


def _other_channel(fig, have: list) -> bool:
    """A count of channels that none of the counts taken names, where each of those names its own: no total of every
    channel stands in the report, so this count is an entry of its own (C3; 门户网站…24055条 beside 微信、微博…667)."""
    kinds = fig.context.channels
    return (bool(kinds) and _all_channel_counts(have) and not any(kinds & other.context.channels for other in have)
            and not _catalogue_of_site(fig, have))


def _catalogue_of_site(fig, have: list) -> bool:
    """The disclosure catalogue's items after a site's larger count in the same sentence (通过…门户网站主动公开信息11537条，
    公开…概况类信息368条，…，公开信息公开目录信息8981条): the catalogue lists the site's items, a part of its count, no channel
    of its own (C16, C53; as c-31's catalogue)."""
    return fig.context.channels == {"目录"} and any(
        "网站" in other.context.channels and other.text is fig.text and other.candidate.sentence == fig.candidate.sentence
        and other.candidate.start < fig.candidate.start and other.candidate.value > fig.candidate.value for other in have)


def _part_of(item: tuple, total) -> bool:
    """A decided count of information published that ``total`` contains: smaller, and one channel's count that the
    total names or does not exclude (it names no channel), a count of no channel beside a total of none (执法信息220余条
    after 公开政府信息4517条), or a count of the total's own sentence before it."""
    fig = item[0]
    if item[1] != METRIC or fig.candidate.value >= total.candidate.value:
        return False
    if fig.text is total.text and fig.candidate.sentence == total.candidate.sentence and fig.candidate.start < total.candidate.start:
        return True
    if not fig.context.channels:  # a smaller count of no channel beside a total of no channel: one of its kinds (C16)
        return not total.context.channels
    return len(fig.context.channels) == 1 and (not total.context.channels
                                               or fig.context.channels <= total.context.channels)


def _without_later_parts(decided: list[tuple]) -> list[tuple]:
    """Drop a count of one kind of channel that follows, in a later sentence, a larger count of that same channel:
    it breaks the channel's count down (by kind, by column), it is no count of its own."""
    kept = []
    for n, item in enumerate(decided):
        fig = item[0]
        kinds = fig.context.channels
        if item[1] == METRIC and len(kinds) == 1 and any(
                other[1] == METRIC and other[0].context.channels == kinds
                and other[0].candidate.value > fig.candidate.value and _earlier_sentence(other[0], fig)
                for other in decided[:n]):
            continue
        kept.append(item)
    return kept


def _earlier_sentence(first, then) -> bool:
    return first.text is not then.text or first.candidate.sentence[1] <= then.candidate.start


def _object(fig) -> str | None:
    m = _OBJECT.search(mask(fig.context.clause_left))
    return m.group("noun") if m else None


def generic_count(fig, parts: bool = True) -> bool:
    """The figure has the generic shape of a publication count (module docstring). ``parts``: a 其中 part is not
    one (where no total was taken and every count names one channel, a 其中 opens the channels' list)."""
    ctx = fig.context
    if (fig.candidate.unit not in ITEM_UNITS
            or (ctx.qizhong and (parts or _total_before_qizhong(fig)) and not _part_of_unpublished(fig)
                and not _year_part_of_running_total(fig) and not _kinds_of_what_was_published(fig))
            or ctx.cumulative or ctx.other_year or ctx.domain or ctx.topic or ctx.media or ctx.share):
        return False
    clause = mask(ctx.clause_left)
    verbs = clause if _PUBLISH.search(clause) or not _kinds_of_what_was_published(fig) else _head_of_list(fig)
    if not _PUBLISH.search(verbs) and _BARE_OBJECT.fullmatch(clause):
        verbs = _head_of_conjuncts(fig)
    if not _PUBLISH.search(verbs) or _REQUESTS.search(verbs):
        return False
    m = _OBJECT.search(clause)
    if m is None:
        return _object_elsewhere(clause, ctx)
    return _general_object(m) or _own_field_over_channels(clause, ctx) or _channels_own_field(fig, clause)


def _states_none(fig) -> bool:
    """An override class of the lexicon says the figure states no metric (a field's or a column's items …)."""
    from .lexicon import NO_METRIC, OVERRIDES, clause_of, lexicon_metric

    return lexicon_metric(clause_of(fig.text, fig.candidate, fig.context), fig.context, OVERRIDES) == NO_METRIC


def _head_of_list(fig) -> str:
    """The words of the figure's sentence before the 包括 (包含, 涵盖) that opens the list its count closes, masked: the
    clause the list hangs on says what was done with the kinds (…积极主动地公开了各类政府信息，具体包括…等方面的内容共计
    108条: 公开 is the count's verb, though the list's own clause names none, C3, C15, C48)."""
    text, cand = fig.text, fig.candidate
    at = max(text.rfind(word, cand.sentence[0], cand.start) for word in ("包括", "包含", "涵盖"))
    return mask(text[cand.sentence[0] : at]) if at >= 0 else ""


#: A clause that is only the general object (…，信息604条): the last conjunct of a list of counts whose verb stands first.
_BARE_OBJECT = re.compile(r"(?:各类)?(?:政府|政务)?信息")
#: A conjunct of such a list: a kind and its count, no verb (政府公文Ⓓ件).
_CONJUNCT_COUNT = re.compile(r"[^，,。；;Ⓓ]{1,12}Ⓓ\s*[条件篇份项]")


def _head_of_conjuncts(fig) -> str:
    """The first clause of the list of counts the figure's clause closes, where every clause between is a kind and its
    count (…向社会公开政府规范性文件3件，政府公文125件，信息604条): the verb there is the count's too (C2: the general
    information counted beside documents counted apart), masked; or nothing."""
    cand = fig.candidate
    clauses = CLAUSE_MARKS.split(mask(fig.text[cand.sentence[0] : cand.clause[0]]))
    clauses = [c for c in clauses if c.strip()]
    if len(clauses) < 2 or not all(_CONJUNCT_COUNT.fullmatch(c.strip()) for c in clauses[1:]):
        return ""
    head = clauses[0]
    return head if re.search(r"Ⓓ\s*[条件篇份项]\s*$", head) and not _REQUESTS.search(head) else ""


#: 主动公开 (the term of art for the year's publication) right before its object, the agency's own field named in it
#: (主动公开司法行政工作信息): the words between, no mark or count among them.
_FIELD_OBJECT = re.compile(r"主动公开(?:了)?(?P<field>[^，,。；;、Ⓓ]{2,8})信息(?:共计|总计|合计|共|达|为)?$")
#: Words that make the object one kind, one topic or one column of items (C2, C44), not the agency's field.
_ONE_KIND = re.compile(r"动态|新闻|要闻|文件|财政|预决算|疫情|人事|规划|概况|领域|专题|专栏|栏目|类|补贴|权力|招标|采购|应急|执法|处罚")


def _own_field_over_channels(clause: str, ctx) -> bool:
    """A count said with 主动公开 over several channels named together, its object the agency's own field
    (通过政府信息公开平台、…司法局网站、政务公示栏、LED显示屏等载体，主动公开司法行政工作信息389条): a total over those
    channels (C3, C51), the field naming whose information it is, not one kind of it (C2)."""
    m = _FIELD_OBJECT.search(clause)
    return bool(m) and len(ctx.channels) >= 2 and not _ONE_KIND.search(m.group("field"))


#: Items of every kind (各种, 各类) of one field right before the count (发布各种气象类信息): the field's name is read.
_EVERY_KIND_OF = re.compile(r"各[种类](?P<field>[^，,。；;、Ⓓ的]{2,4}?)类信息(?:共计|总计|合计|共|达|为)?$")


def _channels_own_field(fig, clause: str) -> bool:
    """A channel's count of items of every kind of a field that is the agency's own: its passage names a body of that
    field (开通了“四川气象”官方微博，发布各种气象类信息3600余条 beside 四川省气象局): the channel's posts of every kind, not
    one topic of them (C3, C78). A field that names no body of the passage (各类国资监管类信息) stays one topic (C2)."""
    m = _EVERY_KIND_OF.search(clause)
    return bool(m) and bool(fig.context.channels) and bool(
        re.search(rf"{re.escape(m.group('field'))}(?:局|厅|委员会|委|办公室|中心)", fig.text))


def _kind_as_total(fig) -> bool:
    """A publication count named after one kind (公文类信息, 政府动态类信息) that stands for the report's total, which the
    report gives under no other name: its sentence lists several kinds as what was published (各类文件、财务、干部人事信息
    …通过门户网站发布，全年公布公文类信息300余条, C26), or a 其中 right after it breaks it down into other kinds
    (…动态类信息1464条，其中文件15条，政策解读10条). The caller takes it only where it is the report's one such count."""
    ctx = fig.context
    if (fig.candidate.unit not in ITEM_UNITS or ctx.qizhong or ctx.cumulative or ctx.other_year or ctx.domain
            or ctx.topic or ctx.media or ctx.share):
        return False
    clause = mask(ctx.clause_left)
    if not _PUBLISH.search(clause) or _REQUESTS.search(clause):
        return False
    m = _OBJECT.search(clause)
    if m is None or m.group("noun") != "信息" or _general_object(m):
        return False
    cand = fig.candidate
    sentence_before = mask(fig.text[cand.sentence[0] : cand.clause[0]])
    return bool(_KINDS_LISTED.search(sentence_before) or _BROKEN_DOWN.match(fig.text, cand.end))


#: Several kinds listed as what was published (各类文件、财务、干部人事信息), no channel among them.
_KINDS_LISTED = re.compile(r"[^，,。；;：:、]{1,8}(?:、[^，,。；;：:、]{1,8}){1,}信息")
#: A 其中 right after the count: its breakdown follows.
_BROKEN_DOWN = re.compile(rf"\s*[，,；;。]?\s*(?:{'|'.join(BREAKDOWN_WORDS)})")


def _general_object(m: re.Match) -> bool:
    before = m.group("before")
    return before == "" or (bool(_GENERAL.search(before)) and not _FIVE_OPEN.search(before))


#: The 五公开 (决策, 执行, 管理, 服务, 结果公开): each names one kind of item, not the verb of publishing (全年累计完成结果公开
#: 内容149条 counts one kind, C2, C41).
_FIVE_OPEN = re.compile(r"(?:决策|执行|管理|服务|结果)公开$")


def _object_elsewhere(clause: str, ctx) -> bool:
    """A publication count whose object is not right before the number: after it (共推送1039条信息), left out after a
    channel's verb (通过政府网站公开32条), or shared with the count before it in a list of channels
    (门户网站主动公开各类政府信息212条、微信公众号198条)."""
    if _VERB_BEFORE.search(clause):
        return bool(_OBJECT_AFTER.match(ctx.clause_right) or (ctx.channels and _UNIT_ONLY.match(ctx.clause_right)))
    conjunct = _CONJUNCT.search(clause)
    if conjunct is None or not ctx.channels:
        return False
    head = _OBJECT.search(conjunct.group("head"))
    return head is not None and _general_object(head)


#: The object after the count (共推送1039条信息, 发布14条政务信息): the unit, a general qualifier, the noun, and the clause
#: ends; the verb then stands right before the number (:data:`_VERB_BEFORE`).
_OBJECT_AFTER = re.compile(rf"^[条篇件次份]?(?:的)?(?:各类|各项)?(?:政府|政务)?(?:{_NOUNS})\s*$")
_VERB_BEFORE = re.compile(rf"(?:{_PUBLISH.pattern})(?:了)?(?:各类)?(?:共计|总计|合计|共|达|约)?\s*$")
#: Nothing after the count but its unit: the object is left out (通过政府网站公开32条).
_UNIT_ONLY = re.compile(r"^[条篇件次份]?\s*$")
#: The count of one channel right after another's in a list, with no verb or object of its own (…信息Ⓓ条、微信公众号).
_CONJUNCT = re.compile(r"(?P<head>.*)Ⓓ[条篇件次份]、(?P<own>[^、Ⓓ]{1,12})$")


def _total_before_qizhong(fig) -> bool:
    """The 其中 before the figure follows a stated count (in its sentence or the one before): the figure is a part
    of that count. A 其中 after a sentence with no count (…主动公开政府信息。其中：网站…) opens a list of channels."""
    text, start = fig.text, fig.candidate.sentence[0]
    before = text[: start - 1] if start > 0 else ""
    ends = list(SENTENCE_END.finditer(before))
    opening = ends[-1].end() if ends else 0
    at = _breakdown_at(text, opening, fig.candidate.start)
    return at >= 0 and bool(NUMBER_RE.search(text, opening, at))


def _breakdown_at(text: str, start: int, end: int) -> int:
    """Where the last word that opens a breakdown stands in ``text[start:end]``, or -1."""
    return max(text.rfind(word, start, end) for word in BREAKDOWN_WORDS)


def _own_count(fig) -> bool:
    """Not a 其中 part, or the published part of a count of information that was not published (C23), or the year's
    part of a running total (C14), or the count of what a 包括 lists (no part of anything)."""
    return (not fig.context.qizhong or _part_of_unpublished(fig) or _year_part_of_running_total(fig)
            or _kinds_of_what_was_published(fig))


def _kinds_of_what_was_published(fig) -> bool:
    """The figure closes a 包括 (包含, 涵盖) list of the kinds published, and no count stands before that word in its
    sentence (…主动公开政府信息，包括…财政预决算…等方面的内容共231条): the list says what the publication held, the count
    is the publication's own, not a part of a count (C3, C15)."""
    text, cand = fig.text, fig.candidate
    at = max(text.rfind(word, cand.sentence[0], cand.start) for word in ("包括", "包含", "涵盖"))
    if at < 0 or "其中" in text[cand.sentence[0] : cand.start]:
        return False
    return not NUMBER_RE.search(text, cand.sentence[0], at) and bool(_ENDS_LIST.search(mask(fig.context.clause_left)))


#: A list's end right before the count: …等方面的内容共, …等信息.
_ENDS_LIST = re.compile(r"等(?:方面|各类)?(?:的)?(?:内容|信息)(?:共计|总计|合计|共|达|为)?$")


def _year_part_of_running_total(fig) -> bool:
    """The figure is the reported year's part (本年度, 今年 …) after a 其中 whose count before it, in the same sentence,
    is a running total (截至…累计公开政府信息846条，其中本年度在…网站公开214条): the part is the year's count, the total
    counts the years before too (C4, C14), so the part is no part of a year's total."""
    text, cand = fig.text, fig.candidate
    at = _breakdown_at(text, cand.sentence[0], cand.start)
    if at < 0 or fig.context.cumulative or not _YEAR_PART.search(text[at : cand.start]):
        return False
    before = text[cand.sentence[0] : at]
    return bool(NUMBER_RE.search(before)) and "累计" in before.replace("全年累计", "")


#: Words that name the reported year's part of a running total.
_YEAR_PART = re.compile(r"本年度|本年|今年|当年")


def _part_of_unpublished(fig) -> bool:
    """The figure follows a 其中 whose count before it, in the same sentence, counts information no verb publishes
    (共计制作、获取政府信息总数148条，其中主动公开信息有103条): the part is the report's publication count, the count
    before it only a larger kind (C23: information produced is not published; a different kind inside a 其中 list is
    a count of its own, C12)."""
    text, cand = fig.text, fig.candidate
    at = _breakdown_at(text, cand.sentence[0], cand.start)
    if at < 0:
        return False
    counts = list(NUMBER_RE.finditer(text, cand.sentence[0], at))
    if not counts:
        return False
    clause = CLAUSE_MARKS.split(text[cand.sentence[0] : counts[-1].start()])[-1]
    return "信息" in clause and not _PUBLISH.search(clause) and not _REQUESTS.search(clause)
