"""The report's information published, completed where no rule found it: a report-level reading, not a phrase.

Nearly every report states how much information it published in the year. Where the rules took no count of it
in the whole report, the counts that have the generic shape of one are taken: the clause names publishing (any
of a broad set of verbs) and the count's object is information in general (信息, 政务信息, 各类信息, 稿件 …) right
before the number, in a unit of items, not a part (其中), not another year or a multi-year total, not another
domain's subject, and the 信息 is not one topic's (疫情信息, 重点领域信息: the word before it is no content noun).
Two or more such counts (one per channel, with no total) are each an entry (C3). Where the rules did take some
counts, a stated total of that shape (共, 总计, 合计) larger than all of them, naming no single channel, is added:
the year's total that the rules missed while they took its parts; one channel's counts they took are then its
parts (C3) and go. This reads the report's shape
(a figure the report must have, and the one place it can be) rather than each report's wording, so it reaches
verbs and channel names the rules were never shown.
"""

from __future__ import annotations

import re

from .context import mask

METRIC = "info_published"
#: Confidence given to a completed figure: below a rule's, it was taken for want of a better one.
COMPLETION_CONFIDENCE = 0.8
#: A word that states a total.
_TOTAL = re.compile(r"共|总计|合计")
#: Units a count of items published is printed in.
ITEM_UNITS = frozenset({"条", "篇", "件", ""})  # "": a count printed without its unit (candidates.BARE_RE)
#: Verbs that publish (any channel's posts): the clause must name one.
_PUBLISH = re.compile(r"发布|公开|上传|挂网|公示|更新|推送|刊发|刊登|编发|登载|采用|发送|转载|上网")
#: A clause about requests (答复依申请公开政府信息39件): its 公开 is no publishing.
_REQUESTS = re.compile(r"申请")
#: The count's object right before the number: information in general, then at most its count word (件数为)
#: and a word that totals it, or an account's issues before its items (294期1014条).
_OBJECT = re.compile(r"(?P<before>.{0,4})(?:信息|稿件|文稿)(?:件数|条数|数量|数)?(?:共计|总计|合计|总共|共|达到|达|为)?(?:Ⓓ期)?\s*$")
#: What may stand right before 信息 when it is information in general: a verb's last character (发布信息, 挂网信息),
#: a general qualifier (各类, 政务, 政府), or 的 (公示的信息); a content noun (疫情信息, 领域信息) may not.
_GENERAL = re.compile(r"(?:各类|政务|政府|各类政务|相关|的|[布开传网示新送发载用])$")


def complete(found: list, decided: list[tuple]) -> list[tuple]:
    """``decided`` (figure, metric, method, confidence) with the report's information published completed: when
    no decision names it, every undecided figure of the generic shape; when some do, a generic total larger than
    all of them. In the order printed."""
    taken = {id(item[0]) for item in decided}
    have = [item[0].candidate.value for item in decided if item[1] == METRIC]
    extra = [(fig, METRIC, "completion", COMPLETION_CONFIDENCE) for fig in found
             if id(fig) not in taken and generic_count(fig) and (not have or _larger_total(fig, max(have)))]
    if not extra:
        return decided
    if have:  # a total found: one channel's counts are its parts (C3), as they are of a total a rule took
        decided = [item for item in decided if not any(_part_of(item, total[0]) for total in extra)]
    order = {id(fig): n for n, fig in enumerate(found)}
    return sorted(decided + extra, key=lambda item: order.get(id(item[0]), -1))


def _larger_total(fig, largest) -> bool:
    """A stated total (共, 总计, 合计) of the generic shape, larger than every count of information published the
    report was read to have, naming no channel or several: the year's total, which the rules missed (C16: a total
    beats its parts)."""
    return fig.candidate.value > largest and bool(_TOTAL.search(fig.context.clause_left)) and len(
        fig.context.channels) != 1


def _part_of(item: tuple, total) -> bool:
    """A decided count of information published by one channel, smaller than ``total``, which names no channel
    or names that one."""
    fig = item[0]
    return (item[1] == METRIC and len(fig.context.channels) == 1 and fig.candidate.value < total.candidate.value
            and (not total.context.channels or fig.context.channels <= total.context.channels))


def generic_count(fig) -> bool:
    """The figure has the generic shape of a count of information published (module docstring)."""
    ctx = fig.context
    if (fig.candidate.unit not in ITEM_UNITS or ctx.qizhong or ctx.cumulative or ctx.other_year or ctx.domain):
        return False
    clause = mask(ctx.clause_left)
    m = _OBJECT.search(clause)
    if m is None or not _PUBLISH.search(clause) or _REQUESTS.search(clause):
        return False
    return m.group("before") == "" or bool(_GENERAL.search(m.group("before")))
