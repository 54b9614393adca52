"""The report's own tables as evidence for its prose: a total the table prints confirms, completes or breaks down.

A template report prints the year's requests, reviews and suits in its tables 三 and 四; its sentences often
restate them. Where a prose figure equals the table's total, the table confirms it. Where no prose figure
does but two or more of them add up to it, they are the parts of that total (by channel, by office) and
not entries. Where the prose states no figure of the metric, a figure no rule decided but that equals the
table's total, in a clause with the metric's words, is taken (method ``table``).
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..template.identities import PROSE_TABLE, _sum

#: Confidence of a prose figure the table prints too.
TABLE_CONFIDENCE = 0.99
#: The words a clause needs for an undecided figure to be taken for the table's total.
METRIC_WORDS = {
    "requests_received": re.compile(r"申请"),
    "admin_reviews": re.compile(r"复议"),
    "admin_suits": re.compile(r"诉讼"),
}


def table_totals(readings) -> dict[str, Decimal]:
    """metric → the total the tables print for it (requests received, reviews, suits)."""
    values: dict[str, object] = {}
    for reading in readings:
        for row in reading.rows:
            if row.chosen is not None:
                for key, part in zip(row.keys, row.chosen, strict=True):
                    values[key] = part.value
    out = {}
    for metric, keys in PROSE_TABLE.items():
        total, used = _sum(values, keys)
        if used:
            out[metric] = Decimal(str(total))
    return out


def agree_with_tables(found, kept: list, totals: dict[str, Decimal]) -> list:
    """``kept`` (index, (figure, metric, method, confidence)) with the tables' evidence applied."""
    if not totals:
        return kept
    taken = {i for i, _ in kept}
    out = list(kept)
    for metric, total in totals.items():
        mine = [(n, item) for n, (_, item) in enumerate(out) if item[1] == metric]
        equal = [n for n, item in mine if Decimal(str(item[0].candidate.value)) == total]
        if equal:
            for n in equal:
                i, (fig, m, method, _) = out[n]
                out[n] = (i, (fig, m, method, TABLE_CONFIDENCE))
            continue
        if len(mine) >= 2 and sum(Decimal(str(item[0].candidate.value)) for _, item in mine) == total:
            drop = {n for n, _ in mine}
            out = [pair for n, pair in enumerate(out) if n not in drop]
            continue
        if not mine:
            for i, fig in enumerate(found):
                ctx = fig.context
                if (i not in taken and Decimal(str(fig.candidate.value)) == total and not ctx.cumulative
                        and not ctx.other_year and not ctx.qizhong and not ctx.domain
                        and METRIC_WORDS[metric].search(ctx.clause_left + ctx.clause_right)):
                    out.append((i, (fig, metric, "table", TABLE_CONFIDENCE)))
                    break
    return sorted(out, key=lambda pair: pair[0])
