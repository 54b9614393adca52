"""Cross-year check: this year's 结转下年度继续办理 is next year's 上年结转政府信息公开申请数量.

Within a collection, for every agency (as :mod:`pipeline.agencies` groups it) and every year ``y`` that has a
panel row for ``y + 1`` too, the carried-forward total of ``y`` is compared with the carried-over total of
``y + 1``. A pair where either is empty (a legacy report, a cell printed blank) is not assessable and is
counted, not listed. A mismatch says the agency's two reports disagree; which one is wrong the check cannot
say (the extraction, or the source: the two sources are listed).
"""

from __future__ import annotations

from dataclasses import dataclass, field

FORWARD, OVER = "requests_carried_forward", "requests_carried_over"
COLUMNS = ("agency", "year", "next_year", "carried_forward", "next_carried_over", "difference", "source",
           "next_source", "agency_printed", "next_agency_printed")


@dataclass
class CrossYear:
    """The pairs of consecutive years compared, and the mismatches among them (dicts with :data:`COLUMNS`)."""

    pairs: int = 0
    agree: int = 0
    not_assessable: int = 0
    mismatches: list[dict] = field(default_factory=list)
    agreements: list[dict] = field(default_factory=list)


def check(rows: list[dict]) -> CrossYear:
    """Compare consecutive years of every agency over panel rows (one per agency key and year)."""
    by_key = {(row["agency_key"], row["year"]): row for row in rows}
    result = CrossYear()
    for (key, year), row in sorted(by_key.items()):
        following = by_key.get((key, year + 1))
        if following is None:
            continue
        result.pairs += 1
        forward, over = row[FORWARD], following[OVER]
        if forward is None or over is None:
            result.not_assessable += 1
            continue
        entry = {"agency": row["agency"], "year": year, "next_year": year + 1, "carried_forward": forward,
                 "next_carried_over": over, "difference": over - forward, "source": row["source"],
                 "next_source": following["source"], "agency_printed": row["agency_printed"],
                 "next_agency_printed": following["agency_printed"]}
        if forward == over:
            result.agree += 1
            result.agreements.append(entry)
        else:
            result.mismatches.append(entry)
    return result
