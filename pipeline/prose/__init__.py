"""Prose figures: the metrics a report states in sentences (``共发布政府信息3016条``).

Candidates (a number with a unit) are found in the document's paragraphs (tables are not read here). The rules
decide first; the learned classifier, when a model is given and active, then reads every candidate with what the
rules decided and the rest of the report (:mod:`.signals`) to add a figure they missed or drop one it doubts. Each
entry keeps where it was printed and how it was decided.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..document import Document, Paragraph
from ..sections import Sections, Segment
from .candidates import NUMBER_RE, Candidate, find_candidates
from .completion import complete
from .context import BREAKDOWN_WORDS, CLAUSE_MARKS, LEFT_CHARS, Context, context_of, mask
from .headings import heading_metric, is_heading_line, opens_section, opens_top_section, section_metric
from .lexicon import CLASSES, HANDLED, LISTED, NO_METRIC, OVERRIDES, clause_of, lexicon_metric
from .rules import channel_count, keyword_object_after, keyword_rule, listed_info, plain_info, vetoed
from .running import in_block, running_texts
from .signals import NONE, figure_signals
from .tables import agree_with_tables, table_totals

#: Confidence given to a rule's decision (rules are written for the clear cases).
RULE_CONFIDENCE = 0.95
#: A span shown for an entry keeps at most this many characters before the number.
SPAN_CHARS = 30
#: A 其中 part, or a reply count, is compared with at most this many decided figures before it (a total is
#: stated a few figures earlier, never hundreds): keeps a long line of figures linear.
LOOKBACK_FIGURES = 32


@dataclass(frozen=True)
class Figure:
    """A candidate in its document: the text it was found in, where that text is, and its context."""

    candidate: Candidate
    context: Context
    text: str
    segment: Segment
    base: int  # offset of ``text`` in the block's text
    above: str = ""  # the heading line that ``text`` stands under (a heading printed on a line of its own)
    pieces: tuple = ()  # where ``text`` came from: (offset in text, segment, offset in the block), see .running

    def in_block(self, offset: int) -> tuple[int, int]:
        """The block and the offset in it that an offset of ``text`` stands at (the reading left out characters
        between its pieces, reading.py)."""
        if not self.pieces:
            return self.segment.block, self.base + offset
        return in_block(self.pieces, offset)


def prose_segments(doc: Document, sections: Sections) -> list[Segment]:
    """Every paragraph: prose figures are stated in any section (legacy reports put them in 二 and 三), and
    table text holds no number with a unit. Tables themselves are never read for prose."""
    return [Segment(i) for i, b in enumerate(doc.blocks) if isinstance(b, Paragraph)]


def figures(doc: Document, sections: Sections, year: int | None) -> list[Figure]:
    out = []
    top = sub = above = ""
    multi_year_list = False  # the lines stand in the list a multi-year total opened with a colon (…累计…424条，具体包括：)
    for run in running_texts(doc, prose_segments(doc, sections)):
        text = run.text
        if opens_section(text):
            # the section the figures after it stand in: a sub-section (（一）公开数量) stays in its section (二、主动公开…)
            if opens_top_section(text):
                top, sub = text.strip()[:HEADING_CHARS], ""
            else:
                sub = text.strip()[:HEADING_CHARS]
            above = text if is_heading_line(text) else ""
        heading = top + sub
        multi_year_list = multi_year_list and not opens_section(text) and bool(_LIST_ITEM.match(text))
        found = []
        for cand in find_candidates(text):
            at, seg, start = run.piece(cand.start)
            ctx = context_of(text, cand, year, heading)
            if multi_year_list and not ctx.cumulative:
                ctx = replace(ctx, cumulative=True)  # an item of a multi-year total's list is multi-year too (C4, C30)
            found.append(Figure(cand, ctx, text, seg, start - at, above, run.pieces))
        out += found
        multi_year_list = multi_year_list or bool(
            found and found[-1].context.cumulative and text.rstrip().endswith(_LIST_OPENS))
    return out


#: A paragraph that ends so opens a list on the lines after it (具体包括：).
_LIST_OPENS = ("：", ":")
#: A line of such a list: a short label and a colon (政府网站：发布信息42条).
_LIST_ITEM = re.compile(r"\s*[^，,。；;:：]{1,12}[:：]")


#: The characters of a section heading read for what the section is about.
HEADING_CHARS = 16


def decide(found: list[Figure], model=None, totals: dict | None = None) -> list[tuple[Figure, str, str, float]]:
    """(figure, metric, method, confidence) for every figure that states a metric: the rules first, then the
    classifier (when one is given and active), which reads every figure with what the rules decided and the
    rest of the report (:mod:`.signals`): it adds a figure the rules missed when it is sure enough of a metric
    (``model.min_probability``), and drops a rule's figure whose metric it finds unlikely (``model.veto_below``)."""
    rules = rule_decisions(found, totals)
    if model is None or not model.active:
        return rules
    return _with_classifier(found, rules, model, totals or {})


def _with_classifier(found: list[Figure], rules: list[tuple[Figure, str, str, float]], model, totals: dict
                     ) -> list[tuple[Figure, str, str, float]]:
    """The rules' figures the classifier does not veto, and the figures it adds, in the order printed."""
    if not found:
        return rules
    signals = figure_signals(found, rules, frozenset(v for v in totals.values() if v is not None))
    probabilities = model.probabilities([f.context for f in found], signals)
    return combine(found, rules, probabilities, model.linear.classes, model.min_probability, model.veto_below)


def combine(found: list[Figure], rules: list[tuple[Figure, str, str, float]], probabilities, classes: list[str],
            add: float | None, veto: float | None) -> list[tuple[Figure, str, str, float]]:
    """Rules first: a rule's figure stays unless the classifier gives its metric less than ``veto``; a figure no
    rule took is added when the classifier names a metric with at least ``add`` (None: never)."""
    taken = {id(item[0]): item for item in rules}
    out = []
    for fig, row in zip(found, probabilities, strict=True):
        item = taken.get(id(fig))
        if item is not None:
            if veto is None or item[1] not in classes or row[classes.index(item[1])] >= veto:
                out.append(item)
        elif add is not None:
            best = int(row.argmax())
            if classes[best] != NONE and row[best] >= add:
                out.append((fig, classes[best], "classifier", float(row[best])))
    return out


def rule_decisions(found: list[Figure], totals: dict | None = None) -> list[tuple[Figure, str, str, float]]:
    """The rules' (figure, metric, "rule", confidence): a clear rule (or the sub-section heading that names the
    metric of a plain count under it). One channel's count of information published, and a count said with the
    bare word 信息, only where no total (a keyword rule's count that names no channel, or one over several
    channels) is left once sub-counts go; a list of kinds only where no larger count of information published is
    kept, and one channel's count outside the 主动公开 section only where that section does not count the channel; a
    smaller count of a metric counted once a year, in a later sentence than a stated total of it, is a part of it.
    Counts that add up to a total are its parts (not siblings of one shape side by side), also its decided counts past
    figures no rule took; a total whose parts name information withheld gives way to its 主动公开 part; a later count with
    the value of a part is that part said again; a later count over several named channels, not larger than a total of
    the year that names none, is where that total was published.
    Where the report then has no information published at all, the counts of its generic shape complete it
    (:mod:`.completion`)."""
    decided: dict[int, tuple[Figure, str, str, float]] = {}
    weak: set[int] = set()  # information published by one channel, or said with the bare word 信息
    bare: set[int] = set()  # the year's total said with the bare word 信息 (主动公开信息130条): weak, but a channel's total
    handled: set[int] = set()  # the year's requests said as handled (全年办理…申请156件)
    listed: set[int] = set()  # information published said as a list of kinds (就业创业、供求、帮扶等相关信息123条)
    for i, fig in enumerate(found):
        if _states_none(fig):
            continue  # an override says it states no metric: no weaker reading takes it either
        metric = _rule_metric(fig, found, i, decided)
        if metric is not None:
            decided[i] = (fig, metric, "rule", RULE_CONFIDENCE)
            if metric == "info_published" and len(fig.context.channels) == 1 and not fig.context.distributive:
                weak.add(i)  # one channel's, named in an earlier clause of its sentence (…以门户网站为主要形式，…，累计主动公开
                # 政府信息521条): as weak as a count whose own clause names it (C3)
        elif channel_count(fig.context) or _listed_channel_count(fig):
            decided[i] = (fig, "info_published", "rule", RULE_CONFIDENCE)
            if len(fig.context.channels) < 2 or fig.context.distributive:
                weak.add(i)  # one channel; a count over two kinds of channel is a total
        elif plain_info(fig.context) or lexicon_metric(clause_of(fig.text, fig.candidate, fig.context), fig.context,
                                                       LISTED):
            decided[i] = (fig, "info_published", "rule", RULE_CONFIDENCE)
            if _kinds_listed(fig):
                listed.add(i)
            if i in listed or fig.context.channels or not keyword_object_after(fig.context):
                weak.add(i)  # the keyword's object after the count is as strong as before it (C2, C45)
                if i not in listed and not fig.context.channels and _BARE_TOTAL.search(fig.context.clause_left):
                    bare.add(i)
        elif lexicon_metric(clause_of(fig.text, fig.candidate, fig.context), fig.context, HANDLED):
            decided[i] = (fig, "requests_received", "rule", RULE_CONFIDENCE)
            handled.add(i)
        elif (by_section := section_metric(fig.context)) is not None:
            decided[i] = (fig, by_section, "rule", RULE_CONFIDENCE)
            weak.add(i)  # a count that names nothing: a total stated in words elsewhere wins
    ordered = [(i, decided[i]) for i in sorted(decided)]
    stocks = _stocks(ordered)
    kept = _without_asides(_without_replies(_without_request_channels(
        _without_subcounts([pair for pair in ordered if pair[0] not in stocks]))))
    groups = _summed_groups(found, kept)
    metric_of = {i: item[1] for i, item in kept}
    handled_totals = {t: j for t, members in groups
                      if (j := _handled_total(found, members, metric_of[t])) is not None}
    kept = _without_summed_parts(found, kept, groups, handled_totals)
    kept = _without_restated_parts(found, kept, groups)
    kept = _without_later_instances(kept)
    kept = _without_own_office_parts(_without_subagency_parts(kept))
    stated = [item[0] for i, item in kept if item[1] == "info_published" and i not in weak]
    strong = [fig.context.channels for fig in stated]
    # a weak count is a part of a total that names no channel, or names its channel (C3); beside a total of
    # another channel only, it is a count of its own; naming no channel and equal to a total, it restates it (C12)
    kept = [(i, item) for i, item in kept
            if i not in weak or _restates(item[0], stated)
            or not any(not t or t & item[0].context.channels or not item[0].context.channels for t in strong)]
    kept = _without_channel_parts(kept, weak - bare, bare)
    kept = _without_channels_under_total(kept, weak)
    siblings = _listed_siblings(kept, listed)
    kept = _without_listed_kinds(kept, listed)
    kept = _without_channel_recounts(kept)
    if any(item[1] == "requests_received" and i not in handled for i, item in kept):
        kept = [(i, item) for i, item in kept if i not in handled]  # the report says how many it received
    kept = agree_with_tables(found, kept, totals or {})
    return complete(found, [item for _, item in kept],
                    frozenset(id(found[t]) for t in (*handled_totals, *stocks, *siblings)))


#: What says a count with the bare word 信息 is the year's total, not one more channel's or one field's (采用挂网信息71条 under
#: a heading that names the channel; …重大建设项目…，全年共发布信息166条): 主动公开, the term of art for the year's publication
#: (主动公开信息130条 reads as 主动公开政府信息130条, C2, C3). 共 or 全年 alone do not say it (a channel's 全年共发布信息24条).
_BARE_TOTAL = re.compile(r"主动公开")


def _without_channel_parts(decided: list[tuple[int, tuple[Figure, str, str, float]]], weak: set[int], bare: set[int]
                           ) -> list[tuple[int, tuple[Figure, str, str, float]]]:
    """Drop the weak counts (one channel's, or plain ones) where the report keeps the year's total said with the bare word
    信息 (主动公开信息130条 beside 局门户网站主动公开信息17430条): 信息 and 政府信息 are the same items (C2), and the total
    names no channel, so those counts are its parts (C3, C16) — as where it says 政府信息. The bare total itself stays
    weak: beside a total said with 政府信息 it is one field's or one topic's count (…疫情防控信息公开，主动公开信息336条)."""
    totals = [item[0] for i, item in decided if i in bare]
    return [(i, item) for i, item in decided if i not in weak or not totals or _restates(item[0], totals)]


def _without_channels_under_total(decided: list[tuple[int, tuple[Figure, str, str, float]]], weak: set[int]
                                  ) -> list[tuple[int, tuple[Figure, str, str, float]]]:
    """Drop a count of information published over several named channels that follows, in a later sentence, a total of
    the year that names no channel and is not smaller (在2010年公开的7条信息中… then 在信息公开专栏或信息公开网站发布信息7条):
    the channels are where that total was published, a part of it, also where the values are equal (C3, C16, C53)."""
    totals = [item[0] for i, item in decided if item[1] == "info_published" and i not in weak
              and not item[0].context.channels]
    return [(i, item) for i, item in decided
            if not (item[1] == "info_published" and len(item[0].context.channels) >= 2
                    and any(t.candidate.value >= item[0].candidate.value and _earlier_sentence(t, item[0]) for t in totals))]


def _kinds_listed(fig: Figure) -> bool:
    """The figure counts information as a list of kinds (…就业创业、供求、帮扶等相关信息123条) and names no channel."""
    ctx = fig.context
    if ctx.channels:
        return False
    return bool(lexicon_metric(clause_of(fig.text, fig.candidate, ctx), ctx, LISTED) or listed_info(ctx))


def _without_listed_kinds(decided: list[tuple[int, tuple[Figure, str, str, float]]], listed: set[int]
                          ) -> list[tuple[int, tuple[Figure, str, str, float]]]:
    """Drop a count of several kinds listed (naming no channel) where the report keeps a larger count of information
    published: the kinds are some of what it published, not its total (C15: a list of kinds is the entry only as the
    report's one count of what was published; C16: content types are parts), or where its sentence lists another such
    count beside it (公开会议、领导活动等信息262条；…；公开人事任免等信息12条: siblings, kind by kind, no total: C29, C116)."""
    others = [item[0].candidate.value for i, item in decided if item[1] == "info_published" and i not in listed]
    siblings = _listed_siblings(decided, listed)
    return [(i, item) for i, item in decided
            if i not in listed or not (any(value > item[0].candidate.value for value in others) or i in siblings)]


def _listed_siblings(decided: list[tuple[int, tuple[Figure, str, str, float]]], listed: set[int]) -> set[int]:
    """The counts of kinds listed that share their sentence with another such count: siblings, none the total (C116)."""
    sentences = [(id(item[0].text), item[0].candidate.sentence) for i, item in decided if i in listed]
    return {i for i, item in decided
            if i in listed and sentences.count((id(item[0].text), item[0].candidate.sentence)) > 1}


def _without_channel_recounts(decided: list[tuple[int, tuple[Figure, str, str, float]]]
                              ) -> list[tuple[int, tuple[Figure, str, str, float]]]:
    """Drop a count of one channel's information published stated outside the report's 主动公开 section where that
    section already counts the same channel (…在市政府信息公开网上主动公开信息513条 under 主动公开, then 信息公开网站共发布了
    信息848条 under 政府信息管理): the section on publishing gives the year's count, another section counts the channel's
    posts again in its own way (C3, C41)."""
    active = [item[0] for _, item in decided if item[1] == "info_published" and item[0].context.section == "active"
              and len(item[0].context.channels) == 1]
    return [(i, item) for i, item in decided
            if not (item[1] == "info_published" and item[0].context.section != "active"
                    and len(item[0].context.channels) == 1
                    and any(fig.context.channels == item[0].context.channels for fig in active))]


def _restates(fig: Figure, totals: list[Figure]) -> bool:
    """``fig`` names no channel and states the value of a total of its metric in another sentence: the same figure
    said again (C12), not a part of it — a part is smaller than its whole, or names where it was published."""
    return not fig.context.channels and any(
        t.candidate.value == fig.candidate.value and (t.text is not fig.text or t.candidate.sentence != fig.candidate.sentence)
        for t in totals)


def _states_none(fig: Figure) -> bool:
    """An override class says the figure states no metric (a field's or a topic's items, reviews and suits counted
    together)."""
    return lexicon_metric(clause_of(fig.text, fig.candidate, fig.context), fig.context, OVERRIDES) == NO_METRIC


def _rule_metric(fig: Figure, found: list[Figure], i: int, decided: dict) -> str | None:
    """The metric a clear rule gives the figure: a class that overrides the nearest keyword, the token
    rules, the lexicon's classes, the sub-section heading, or a total that closes a list (…514条，总计2401条)."""
    clause = clause_of(fig.text, fig.candidate, fig.context)
    override = lexicon_metric(clause, fig.context, OVERRIDES)
    if override == NO_METRIC:
        return None
    metric = (override or keyword_rule(fig.context)
              or lexicon_metric(clause, fig.context, CLASSES) or heading_metric(fig.text, fig.candidate, fig.context, fig.above))
    if metric is None and not fig.context.clause_left.strip() and (
            fig.context.clause_right.strip() == fig.candidate.unit or _object_clause_before(fig)):
        # a count alone in its clause (县长信箱收到信件，183条): it counts what the clause before it names
        return _closing_metric(fig)
    if metric is None and _CLOSING_TOTAL.fullmatch(fig.context.clause_left.strip()):
        metric = _closed_metric(fig, found, i, decided)
        if metric is None:
            metric = _closing_metric(fig)
    return metric


#: Units of items that the conventions count alike (C2, C26: information or requests in 条, 件 or 篇).
_ITEMS = frozenset({"条", "件", "篇"})


def _same_unit(a: str, b: str) -> bool:
    """The two units count the same things: the same unit, or two units of items (a total in 件, its parts in 条)."""
    return a == b or (a in _ITEMS and b in _ITEMS)


def _closed_metric(fig: Figure, found: list[Figure], i: int, decided: dict) -> str | None:
    """The metric of the count a closing total (…，总计2401条) adds up: that of the nearest decided count before it in
    its sentence, in its unit and not larger — unless a count it also adds up is one the metric's conventions keep
    out (新受理…104件，上年结转…0件，共计104件: the carried-over are no requests received, so neither is their sum, C5)."""
    skipped = []
    for k in range(i - 1, -1, -1):
        prev = found[k]
        if prev.text is not fig.text or prev.candidate.sentence != fig.candidate.sentence:
            return None
        if not _same_unit(prev.candidate.unit, fig.candidate.unit):
            continue
        if k not in decided:
            skipped.append(prev)
            continue
        metric = decided[k][1]
        if prev.candidate.value > fig.candidate.value or any(vetoed(metric, other.context) for other in skipped):
            return None
        return metric
    return None


def _object_clause_before(fig: Figure) -> bool:
    """The clause before the figure's own, in its sentence, holds words and no figure: the object of a count that a
    comma parted from it (县长信箱收到信件，183条)."""
    cand = fig.candidate
    if cand.clause[0] <= cand.sentence[0]:
        return False
    words = CLAUSE_MARKS.split(fig.text[max(cand.sentence[0], cand.clause[0] - MAX_OBJECT_CHARS) : cand.clause[0] - 1])[-1]
    return bool(words.strip()) and not NUMBER_RE.search(words)


def _closing_metric(fig: Figure) -> str | None:
    """A total in a clause of its own (…发布主动公开信息28大项、79小项，共计6657条): the clause before it names what it
    counts. That clause's words, its own counts left out, are read with the total as one clause."""
    cand, ctx = fig.candidate, fig.context
    before = fig.text[max(cand.sentence[0], cand.clause[0] - MAX_OBJECT_CHARS) : max(cand.clause[0] - 1, 0)]
    words = _COUNTS.sub("", mask(CLAUSE_MARKS.split(before)[-1]))
    if not words:
        return None
    joined = Context(**{**ctx.__dict__, "clause_left": words + ctx.clause_left, "left": (words + ctx.clause_left)[-LEFT_CHARS:]})
    clause = clause_of(fig.text, cand, joined)
    if lexicon_metric(clause, joined, OVERRIDES) == NO_METRIC:
        return None
    return (keyword_rule(joined) or lexicon_metric(clause, joined, CLASSES)
            or ("info_published" if plain_info(joined) else None))


#: The clause before a closing total is read this far back at most.
MAX_OBJECT_CHARS = 60
#: A masked count and what joins counts in a list (Ⓓ大项、Ⓓ小项): left out of the words a closing total takes.
_COUNTS = re.compile(r"Ⓓ[^，,、；;Ⓓ]{0,2}?[条件篇项个期次场份]|、|和|及")


def _listed_channel_count(fig: Figure) -> bool:
    """One channel's count of what it published, said as a list of kinds (各栏目共刊发文稿、通知、公告、公示等44篇)."""
    ctx = fig.context
    if not ctx.channel or ctx.cumulative or ctx.other_year:
        return False
    plain = Context(**{**ctx.__dict__, "channel": False})
    clause = clause_of(fig.text, fig.candidate, plain)
    return "info_published" in (lexicon_metric(clause, plain, CLASSES), lexicon_metric(clause, plain, LISTED))


#: A clause that is only a total of what the clauses before it counted: 总计2401条.
_CLOSING_TOTAL = re.compile(r"(?:总计|合计|共计|总共|共|累计)(?:为|达)?")


def _without_summed_parts(found: list[Figure], decided: list[tuple[int, tuple[Figure, str, str, float]]],
                          groups: list[tuple[int, list[int]]], handled: dict[int, int]
                          ) -> list[tuple[int, tuple[Figure, str, str, float]]]:
    """Drop the figures that add up to a total of the same metric stated in the same passage, before them
    (612条…县直各部门412条…各镇街200条) or after them (网上申请105件，快递17件，合计122件): a breakdown, whatever
    splits it (sub-agencies, channels, kinds); ``groups`` from :func:`_summed_groups`. A total of information handled
    (``handled``: the total → its published part, :func:`_handled_total`) goes too, and its published part is taken."""
    parts = {j for _, members in groups for j in members}
    metric_of = {i: item[1] for i, item in decided}
    kept = [pair for pair in decided if pair[0] not in parts and pair[0] not in handled]
    taken = [(j, (found[j], metric_of[t], "rule", RULE_CONFIDENCE)) for t, j in handled.items()]
    return sorted(kept + taken, key=lambda pair: pair[0]) if taken else kept


def _summed_groups(found: list[Figure], decided: list[tuple[int, tuple[Figure, str, str, float]]]
                   ) -> list[tuple[int, list[int]]]:
    """(total, its parts) for each decided total whose next or previous figures add up to it exactly: the parts run on
    from the total in the same unit (figures no rule decided count too) until they reach it; at least two of them. Counts
    side by side in one shape (办理书记信箱7件，办理县长信箱1件，办理市委书记信箱6件) are siblings, not a total and its
    parts, however their numbers add up (C3, C51)."""
    metric_of = {i: item[1] for i, item in decided}
    groups = []
    for t, (total, metric, _, _) in decided:
        for direction in (1, -1):
            for skip in (False, True):
                members = _run_to(found, metric_of, t, metric, direction, skip)
                if members and not _siblings(total, [found[j] for j in members]):
                    groups.append((t, members))
                    break
    return groups


def _run_to(found: list[Figure], metric_of: dict[int, str], t: int, metric: str, direction: int, skip: bool) -> list[int]:
    """The figures that run on from the total ``t`` in its paragraph and unit and add up to it exactly (at least two), or
    none. ``skip``: the figures no rule decided are passed over, not counted — the total's decided parts added up where
    the report breaks it down twice (自治区直属机关…16848条，各行署…36171条 after 53019条 and its content types, whose
    printed counts do not add up to it: C16, C28)."""
    total = found[t]
    running, members = 0, []
    j = t + direction
    while 0 <= j < len(found) and running < total.candidate.value and abs(j - t) <= LOOKBACK_FIGURES:
        fig = found[j]
        if fig.text is not total.text or metric_of.get(j, metric) != metric:
            break
        if skip and j not in metric_of:
            j += direction
            continue
        if not _same_unit(fig.candidate.unit, total.candidate.unit):
            break
        running += fig.candidate.value
        members.append(j)
        j += direction
    return members if len(members) >= 2 and running == total.candidate.value else []


def _without_restated_parts(found: list[Figure], decided: list[tuple[int, tuple[Figure, str, str, float]]],
                            groups: list[tuple[int, list[int]]]) -> list[tuple[int, tuple[Figure, str, str, float]]]:
    """Drop a count that says again, in a later sentence, the value of one part of a total's exact breakdown, smaller
    than that total (主动公开政府信息共304条…通过福田政府在线网站公开信息165条…, then under the site's own heading
    2022年共主动公开政府信息165条): the part said again where the report describes that channel, not the year's total
    (C12 reads a restatement of a total, C16 keeps a part out however it is said)."""
    metric_of = {i: item[1] for i, item in decided}
    restated = set()
    for t, members in groups:
        total = found[t]
        for i, item in decided:
            fig = item[0]
            if i <= max(members) or item[1] != metric_of.get(t) or fig.candidate.value >= total.candidate.value:
                continue
            if any(found[j].candidate.value == fig.candidate.value and _earlier_sentence(found[j], fig) for j in members):
                restated.add(i)
    return [pair for pair in decided if pair[0] not in restated]


def _earlier_sentence(first: Figure, then: Figure) -> bool:
    return first.text is not then.text or first.candidate.sentence[1] <= then.candidate.start


#: Words that say a count is a total (共, 合计, 累计 …, 全年, 全县 …) or that parts follow it (BREAKDOWN_WORDS, 含, 分别).
_SAYS_TOTAL = re.compile("|".join(("共", "总", "合计", "累计", "全", *BREAKDOWN_WORDS, "含", "分别")))


def _siblings(total: Figure, parts: list[Figure]) -> bool:
    """No word says ``total`` is one, and every part's clause opens and ends as its clause does (办理书记信箱Ⓝ件 beside
    办理县长信箱Ⓓ件): counts of the same kind side by side."""
    own = total.context.clause_left.strip()
    if len(own) < 4 or _SAYS_TOTAL.search(own) or any(_SAYS_TOTAL.search(p.context.clause_left) for p in parts):
        return False
    return all(p.context.clause_left.strip()[:2] == own[:2] and p.context.clause_left.strip()[-2:] == own[-2:]
               for p in parts)


#: Requests carried over from the year before (上年结转, 2024年结转 in a 2025 report, 上一年度遗留), not to the next year
#: (结转下年度, 结转2023年办理: requests received this year, not yet answered).
_CARRIED_IN = re.compile(r"(?:上一?年度?|去年|Ⓓ年度?)[^，,。；;Ⓓ]{0,4}?结转(?!下|到|至|Ⓓ)|上一?年度?(?:转入|遗留|未办结)")
#: A part that counts information withheld (不予公开政府信息202件).
_WITHHELD = re.compile(r"不予公开|不公开")
#: A part that counts information published: 主动公开 and what it published (主动公开水务信息405件).
_PUBLISHED_PART = re.compile(r"主动公开[^，,。；;Ⓓ]{0,8}信息$")


def _handled_total(found: list[Figure], members: list[int], metric: str) -> int | None:
    """The part that counts information published, where the parts of a total of information name the items withheld
    too (累计公开政府信息675件，其中主动公开水务信息405件，本级档案68件，不予公开政府信息202件): the total counts the
    information handled, not published; its 主动公开 part is the year's count (C49, as C23 for information produced).
    Likewise the part that counts requests received, where the other parts of a total of requests are carried over
    from the year before (收到…申请19件，上年结转…申请9件，受理28件): the sum counts the requests handled, the received
    part is the year's (C5, C33, C79)."""
    if metric == "requests_received":
        carried = [j for j in members if _CARRIED_IN.search(found[j].context.clause_left)]
        received = [j for j in members if j not in carried]
        return received[0] if carried and len(received) == 1 and _RECEIVED.search(
            found[received[0]].context.clause_left) else None
    if metric != "info_published" or not any(_WITHHELD.search(found[j].context.clause_left) for j in members):
        return None
    published = [j for j in members if _PUBLISHED_PART.search(found[j].context.clause_left.strip())]
    return published[0] if len(published) == 1 else None


#: A clause that names a group of sub-agencies (县直各部门, 各镇街, 各县区 …): its count is one part of the whole.
_SUBAGENCY = re.compile(r"各(?:县|区|市|乡镇|镇街|镇|街道|乡|部门|单位|成员单位)|[县区市]直|[县区市]级(?:各)?部门|镇街")
#: A clause that names the whole (全县, 全市 …) or states a total (共计, 总计 …).
_WHOLE = re.compile(r"全(?:县|市|区|省|州|旗)|共计|总计|合计|总共|共")


def _without_subagency_parts(decided: list[tuple[int, tuple[Figure, str, str, float]]]
                             ) -> list[tuple[int, tuple[Figure, str, str, float]]]:
    """Drop the counts of groups of sub-agencies (县直各部门…412条，各镇街…210条) where the same passage states the
    whole's count of that metric (全县共…612条), before or after them, whether or not they add up to it (C16)."""
    def part(fig: Figure) -> bool:
        return bool(_SUBAGENCY.search(fig.context.clause_left))

    wholes = [(item[0], item[1]) for _, item in decided
              if not part(item[0]) and _WHOLE.search(item[0].context.clause_left)]
    return [(i, item) for i, item in decided
            if not (part(item[0]) and any(metric == item[1] and whole.text is item[0].text
                                          for whole, metric in wholes))]


#: The reported year's new items, the year named (本年度新增的主动公开信息Ⓝ条, 2010年新增主动公开政府信息Ⓝ条, 今年新增), not
#: a growth over another year (较上年新增Ⓝ条).
_NEW_ITEMS = re.compile(r"^(?!.*(?:较|比|同比|环比)).*(?:本年度?|今年|当年|Ⓓ年度?)[^，,。；;Ⓓ]{0,4}?新增")


def _stocks(decided: list[tuple[int, tuple[Figure, str, str, float]]]) -> set[int]:
    """The counts of information published that the same sentence or the next one follows with the year's new items,
    smaller (累计主动公开政府信息272条。2010年新增主动公开政府信息57条; 全年主动公开政府信息3320条，其中…，本年度新增的主动公开
    信息289条): 新增 says the larger count holds items of other years, the stock, so the new items are the year's count
    (C71, C77, C90), a part of nothing. The stock's value said again later (在主动公开的3320条信息中) is the stock too. Neither
    is an entry, and the completion never takes them back."""
    def new_part(stock: Figure, new: Figure) -> bool:
        return (new.text is stock.text and new.candidate.start > stock.candidate.end
                and new.candidate.value < stock.candidate.value
                and bool(_NEW_ITEMS.search(new.context.clause_left)) and "新增" not in stock.context.clause_left
                and (new.candidate.sentence == stock.candidate.sentence
                     or not stock.text[stock.candidate.sentence[1] : new.candidate.sentence[0]].strip("。；;！!？? \n")))

    published = [(i, item[0]) for i, item in decided if item[1] == "info_published"]
    stocks = {i for i, fig in published if any(new_part(fig, other) for _, other in published)}
    values = {published_fig.candidate.value: i for i, published_fig in published if i in stocks}
    return stocks | {i for i, fig in published if fig.candidate.value in values and i > values[fig.candidate.value]}


#: A clause that names the reporting body's own office apart from the whole it leads (管委会办公室本部门, 机关本级).
_OWN_OFFICE = re.compile(r"本部门|本机关|本级")


def _without_own_office_parts(decided: list[tuple[int, tuple[Figure, str, str, float]]]
                              ) -> list[tuple[int, tuple[Figure, str, str, float]]]:
    """Drop the count of the body's own office (管委会办公室本部门主动公开各类政务信息180余条) after a larger count of the
    same metric in its passage that is not the office's own (在管委会办公室牵头带动下，全年主动公开…3600余条): the whole's
    count, the office's a sub-agency's part (C16, C28, C70). With no whole before it, the office's count stands (C3)."""
    wholes = [item for _, item in decided if not _OWN_OFFICE.search(item[0].context.clause_left)]
    return [(i, item) for i, item in decided
            if not (_OWN_OFFICE.search(item[0].context.clause_left) and any(
                whole[1] == item[1] and whole[0].text is item[0].text
                and whole[0].candidate.start < item[0].candidate.start
                and whole[0].candidate.value > item[0].candidate.value for whole in wholes))]


#: What the public sends as a message (留言, 来信 …): a count through a mailbox that names none counts what its sentence does.
_MESSAGE_NOUN = re.compile(r"留言|来信|信件|诉求|咨询|投诉|举报|问题|意见|建议|问政")


def _without_request_channels(decided: list[tuple[int, tuple[Figure, str, str, float]]]
                              ) -> list[tuple[int, tuple[Figure, str, str, float]]]:
    """Drop a count through a message channel that names no message of its own, after the 其中 of a count of requests
    received in its sentence (共收到信息公开申请13件，其中通过…依申请公开系统收到11件，局长信箱收到2件): the requests that came
    in through the mailbox, a part of the requests (C3, C16, C79), not the public's messages."""
    requests = [item[0] for _, item in decided if item[1] == "requests_received"]
    return [(i, item) for i, item in decided
            if not (item[1] == "public_messages" and item[0].context.qizhong
                    and not _MESSAGE_NOUN.search(item[0].context.clause_left)
                    and any(_breaks_down(item[0], total) for total in requests))]


def _without_subcounts(decided: list[tuple[int, tuple[Figure, str, str, float]]]
                       ) -> list[tuple[int, tuple[Figure, str, str, float]]]:
    """Drop a figure after 其中 (包括, 含 …) when the same sentence already stated that metric: it breaks
    that total down. A different metric inside a 其中 list stays an entry. The breakdown goes on past its
    sentence while the parts still add up to the total (…2122条。其中，…1509条，占71.11%。…613条)."""
    kept: list[tuple[int, tuple[Figure, str, str, float]]] = []
    parts = _breakdown_parts([item for _, item in decided])
    for n, (i, item) in enumerate(decided):
        fig, metric = item[0], item[1]
        if n in parts:
            continue
        if not (fig.context.qizhong and any(other[1] == metric and _breaks_down(fig, other[0])
                                            for _, other in kept[-LOOKBACK_FIGURES:])
                or (metric not in _BY_CHANNEL
                    and any(other[1] == metric and _after_its_total(fig, other[0]) for _, other in kept[-LOOKBACK_FIGURES:]))):
            kept.append((i, item))
    return kept


#: Metrics counted per channel, where a count naming one channel is no total of another's (C3): information published
#: (left to the completion) and the public's messages (共受理群众咨询电话560个，网上咨询120条: two channels).
_BY_CHANNEL = frozenset({"info_published", "public_messages"})
#: A word that states a total (全年共制发解读材料904条).
_TOTAL_WORD = re.compile(r"共|总计|合计")


def _after_its_total(fig: Figure, total: Figure) -> bool:
    """``fig`` is a smaller count of the same metric in a later clause of the sentence of a total that says so
    (共制发解读材料904条，多元化解读204次): a part of it, without 其中 (C7, C16). Not for the metrics counted per
    channel (:data:`_BY_CHANNEL`)."""
    return (fig.candidate.sentence == total.candidate.sentence and fig.text is total.text
            and total.candidate.start < fig.candidate.start and fig.candidate.clause != total.candidate.clause
            and fig.candidate.value < total.candidate.value and bool(_TOTAL_WORD.search(total.context.clause_left))
            and not fig.context.channels and not total.context.qizhong)


def _without_later_instances(decided: list[tuple[int, tuple[Figure, str, str, float]]]
                             ) -> list[tuple[int, tuple[Figure, str, str, float]]]:
    """Drop a smaller count of a metric that is counted once a year (press conferences, interpretations …: not one per
    channel, :data:`_BY_CHANNEL`) stated in a later sentence than a total of it that says so (共举办新闻发布会6场次。…一是…
    今年我们围绕基本公共服务召开了2场新闻发布会): the later count tells of some of the same events, it is a part (C16)."""
    totals: list[tuple[Figure, str]] = []
    kept: list[tuple[int, tuple[Figure, str, str, float]]] = []
    for i, item in decided:
        fig, metric = item[0], item[1]
        if metric not in _BY_CHANNEL and any(
                item_metric == metric and total.candidate.value > fig.candidate.value
                and (total.text is not fig.text or total.candidate.sentence[1] <= fig.candidate.start)
                for total, item_metric in totals):
            continue
        kept.append((i, item))
        if _TOTAL_WORD.search(fig.context.clause_left) and not fig.context.qizhong:
            totals.append((fig, metric))
    return kept


def _breakdown_parts(decided: list[tuple[Figure, str, str, float]]) -> set[int]:
    """The figures that continue a 其中 breakdown of a total, found where the breakdown adds up to it exactly."""
    out: set[int] = set()
    for i, (fig, metric, _, _) in enumerate(decided):
        if not fig.context.qizhong:
            continue
        earlier = decided[max(i - LOOKBACK_FIGURES, 0) : i]
        total = next((o[0] for o in reversed(earlier) if o[1] == metric and _breaks_down(fig, o[0])), None)
        if total is None:
            continue
        running, followers = fig.candidate.value, []
        for j in range(i + 1, min(i + 1 + LOOKBACK_FIGURES, len(decided))):
            other, other_metric = decided[j][0], decided[j][1]
            if other.text is not fig.text or other_metric != metric or running >= total.candidate.value:
                break
            running += other.candidate.value
            followers.append(j)
        if followers and running == total.candidate.value:
            out.update(followers)
    return out


def _without_asides(decided: list[tuple[int, tuple[Figure, str, str, float]]]
                    ) -> list[tuple[int, tuple[Figure, str, str, float]]]:
    """Drop a count in brackets right after a count of the same metric (公开信息327条（门户网站发布信息563条）): an
    aside on the figure before it, not a statement of its own (C21)."""
    kept: list[tuple[int, tuple[Figure, str, str, float]]] = []
    for i, item in decided:
        fig = item[0]
        if kept and kept[-1][1][1] == item[1] and kept[-1][1][0].text is fig.text and _ASIDE.fullmatch(
                fig.text[kept[-1][1][0].candidate.end : fig.candidate.start]):
            continue
        kept.append((i, item))
    return kept


#: What lies between a figure and a count in brackets right after it: the opening bracket and words, no closing one.
_ASIDE = re.compile(r"\s*(?:的)?(?:各类)?(?:政府|政务)?(?:信息)?\s*[（(][^（()）]*")  # the object may follow the count (327条信息（…）)


def _without_replies(decided: list[tuple[int, tuple[Figure, str, str, float]]]
                     ) -> list[tuple[int, tuple[Figure, str, str, float]]]:
    """Drop how many of the public's messages were answered or concluded when the same sentence already gave
    how many were received (收到248条网民留言…，办结留言230条): one set of messages, counted once. Two handled
    counts (处理网民留言24条…回复微博私信留言17条), or another kind of message (受理网上信访17件、…回复网民留言18条),
    are counts of their own and stay."""
    kept: list[tuple[int, tuple[Figure, str, str, float]]] = []
    for i, item in decided:
        fig, metric = item[0], item[1]
        if not (metric == "public_messages" and _REPLIED.search(fig.context.clause_left)
                and any(other[1] == metric and _same_messages(fig, other[0])
                        for _, other in kept[-LOOKBACK_FIGURES:])):
            kept.append((i, item))
    return kept


def _same_messages(replied: Figure, received: Figure) -> bool:
    """``received`` says how many came in, in the same sentence, of the same kind of message as ``replied``."""
    if received.text is not replied.text or received.candidate.sentence != replied.candidate.sentence:
        return False
    kinds = {m.group() for m in _MESSAGES.finditer(replied.context.clause_left + replied.context.right)}
    return bool(_RECEIVED.search(received.context.clause_left)) and kinds <= {
        m.group() for m in _MESSAGES.finditer(received.context.clause_left + received.context.right)}


#: A later stage of the same messages: answered, concluded or handled (处理留言Ⓝ条 after 收到网站留言Ⓓ条, C6, C79).
_REPLIED = re.compile(r"办结|答复|回复|办理|处理")
_RECEIVED = re.compile(r"收到|受理|接收|收悉")
_MESSAGES = re.compile(r"留言|信箱|来信|12345|网上信访|诉求|咨询")


def _breaks_down(fig: Figure, total: Figure) -> bool:
    """``fig`` follows ``total`` in its sentence, or opens the next sentence with 其中 (…2122条。其中，…)."""
    if total.text is not fig.text or total.candidate.start >= fig.candidate.start:
        return False
    if total.context.qizhong and total.candidate.sentence == fig.candidate.sentence:
        return False  # both come after the 其中: parts of a total the report does not state
    if (fig.context.channels and total.context.channels and not fig.context.channels & total.context.channels
            and re.search(r"[；;]", fig.text[total.candidate.end : fig.candidate.start])):
        return False  # past a ；, another channel than the one the total names: a count of its own (…；新浪微博发布…);
        # a total that names no channel is the whole that every channel's count after its 其中 is a part of (C3)
    start = fig.candidate.sentence[0]
    if total.candidate.sentence[0] == start:
        return True
    opens = fig.text[start : start + 4].lstrip("，, ")
    return total.candidate.sentence[1] + 1 >= start and opens.startswith(BREAKDOWN_WORDS)


def extract_prose(doc: Document, sections: Sections, year: int | None, model=None, readings=()) -> list[dict]:
    """The prose entries of a document, in the gold shape plus provenance (``readings``: the report's tables,
    read already, whose totals confirm, complete or break down the prose figures)."""
    return [_entry(doc, *d) for d in decide(figures(doc, sections, year), model, table_totals(readings))]


def _entry(doc: Document, fig: Figure, metric: str, method: str, confidence: float) -> dict:
    cand = fig.candidate
    start = max(cand.clause[0], cand.start - SPAN_CHARS)
    block = doc.blocks[fig.segment.block]
    (first, at), (last, end) = fig.in_block(start), fig.in_block(cand.end - 1)
    span = [at, end + 1] if first == last == fig.segment.block else [fig.base + start, fig.base + cand.end]
    where = {"method": method, "confidence": round(confidence, 3), "block": fig.segment.block, "span": span}
    if block.page is not None:
        where["page"] = block.page
    if block.offset is not None:
        where["offset"] = block.offset + fig.base + cand.start
    if getattr(block, "confidence", None) is not None:
        where["ocr_confidence"] = block.confidence
    value = cand.value if isinstance(cand.value, int) else float(cand.value)
    return {"metric": metric, "value": value, "unit": cand.unit, "text": _printed(doc, fig, start, cand.end),
            "provenance": where}


def _printed(doc: Document, fig: Figure, start: int, end: int) -> str:
    """``fig.text[start:end]`` as printed: with what the line's reading left out (了, a layout's spaces, 约)."""
    (first, at), (last, stop) = fig.in_block(start), fig.in_block(end - 1)
    if first == last:
        return doc.blocks[first].text[at : stop + 1]
    if last == first + 1:
        return doc.blocks[first].text[at:] + doc.blocks[last].text[: stop + 1]
    return fig.text[start:end]
