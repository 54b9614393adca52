"""The harmonised panel: one row per agency and year, with indicators that mean the same in every edition.

The 2019 and 2021 templates and the legacy (2008-2018) reports count requests, outcomes, reconsiderations
and lawsuits in different rows. :data:`INDICATORS` says, per edition, which canonical keys of
``pipeline/template/fields.json`` make each indicator (several keys are summed); an edition that does not
define an indicator has no entry and the cell is left empty, never zero. A key a report does not print, or
prints blank, adds nothing; an indicator none of whose keys has a value is empty.

``info_published`` is the one indicator that no 2019/2021 table holds: it comes from the prose figure
``info_published`` (a legacy report's statistics table 主动公开政府信息数 first, its prose otherwise); where
a report states several different figures, the largest is taken (a total is at least its parts) and the
basis column says so.

Agencies are grouped across years by :mod:`pipeline.agencies`. Two good records on one agency and year
(the same report twice, in two formats or from two sites) give one row: the kept record is the better one
by status (ok or reviewed, then flagged), then the one with more indicators, then the smallest source name; the others
are listed in the row's ``duplicates`` column and in :attr:`Panel.duplicates`. Error records and records
without an agency or a year are left out and counted in :attr:`Panel.skipped`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..template.editions import PRE2019, TEMPLATE_2019, TEMPLATE_2021, edition_names, template_editions
from .agencies import AgencyGroups, group_agencies
from .cumulative import CutResolution, resolve_cuts

_T2019, _T2021, _PRE = TEMPLATE_2019.name, TEMPLATE_2021.name, PRE2019.name

_DENIED = tuple(f"requests.denied_{r}.total" for r in (
    "state_secret", "prohibited_by_law", "endangers_safety", "third_party", "internal_affairs", "process_info",
    "enforcement_file", "inquiry_matter"))
_UNABLE = tuple(f"requests.unable_{r}.total" for r in ("not_held", "needs_creation", "unclear"))
_REJECTED = tuple(f"requests.rejected_{r}.total" for r in (
    "petition", "duplicate", "publication", "mass_repeat", "confirm_reissue"))
_SUITS = ("suit_direct", "suit_after_review")


#: indicator -> (what it counts, {edition: the keys summed}). An edition without an entry does not define it.
INDICATORS: dict[str, tuple[str, dict[str, tuple[str, ...]]]] = {
    "requests_received": ("本年新收政府信息公开申请数量 (legacy: 受理/收到申请总数)", {
        _T2019: ("requests.new_received.total",), _T2021: ("requests.new_received.total",),
        _PRE: ("legacy.requests_received",)}),
    "requests_carried_over": ("上年结转政府信息公开申请数量", {
        _T2019: ("requests.carried_over.total",), _T2021: ("requests.carried_over.total",)}),
    "granted": ("予以公开 (legacy: 同意公开答复数)", {
        _T2019: ("requests.granted.total",), _T2021: ("requests.granted.total",), _PRE: ("legacy.granted",)}),
    "partially_granted": ("部分公开 (legacy: 同意部分公开答复数)", {
        _T2019: ("requests.partially_granted.total",), _T2021: ("requests.partially_granted.total",),
        _PRE: ("legacy.partially_granted",)}),
    "denied": ("不予公开, its eight grounds summed (legacy: 不予公开/不同意公开答复数)", {
        _T2019: _DENIED, _T2021: _DENIED, _PRE: ("legacy.denied",)}),
    "unable_to_provide": ("无法提供, its three grounds summed", {_T2019: _UNABLE, _T2021: _UNABLE}),
    "not_processed": ("不予处理, its five grounds summed", {_T2019: _REJECTED, _T2021: _REJECTED}),
    "other_processing": ("其他处理 (2021: the one row, or its three sub-rows summed)", {
        _T2019: ("requests.other.total",),
        _T2021: ("requests.other.total", "requests.other_no_correction.total", "requests.other_unpaid_fee.total",
                 "requests.other_other.total")}),
    "requests_processed": ("办理结果 总计", {
        _T2019: ("requests.total_processed.total",), _T2021: ("requests.total_processed.total",)}),
    "requests_carried_forward": ("结转下年度继续办理", {
        _T2019: ("requests.carried_forward.total",), _T2021: ("requests.carried_forward.total",)}),
    **{f"reviews_{result}": (f"行政复议 {label}", {e: (f"review.{result}",) for e in template_editions()})
       for result, label in (("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"),
                             ("pending", "尚未审结"))},
    "reviews_total": ("行政复议 总计 (legacy: 行政复议数)", {
        _T2019: ("review.total",), _T2021: ("review.total",), _PRE: ("legacy.reviews",)}),
    **{f"suits_{result}": (f"行政诉讼 {label}, 未经复议直接起诉 + 复议后起诉",
                           {e: tuple(f"{g}.{result}" for g in _SUITS) for e in template_editions()})
       for result, label in (("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"),
                             ("pending", "尚未审结"))},
    "suits_direct_total": ("行政诉讼 未经复议直接起诉 总计", {e: ("suit_direct.total",) for e in template_editions()}),
    "suits_after_review_total": ("行政诉讼 复议后起诉 总计", {e: ("suit_after_review.total",) for e in template_editions()}),
    "suits_total": ("行政诉讼 总计, both kinds (legacy: 行政诉讼数)", {
        _T2019: ("suit_direct.total", "suit_after_review.total"),
        _T2021: ("suit_direct.total", "suit_after_review.total"), _PRE: ("legacy.suits",)}),
}
#: The table key a legacy report may give info_published from; every edition falls back to the prose.
INFO_PUBLISHED_KEYS = {_PRE: "legacy.active_published"}
INFO_PUBLISHED = "info_published"
ID_COLUMNS = ("agency", "year", "agency_printed", "agency_key", "edition", "source", "path", "doc_id", "status")
TAIL_COLUMNS = ("info_published_basis", "duplicates", "reviewed")
COLUMNS = (*ID_COLUMNS, *INDICATORS, INFO_PUBLISHED, *TAIL_COLUMNS)
_STATUS_RANK = {"ok": 0, "reviewed": 0, "flagged": 1}


def indicator_value(fields: dict, keys: tuple[str, ...]) -> int | float | None:
    """The sum of the values printed under ``keys``; None when none of them has a value."""
    values = [fields[k] for k in keys if fields.get(k) is not None]
    return sum(values) if values else None


def info_published(record: dict, edition: str) -> tuple[int | float | None, str]:
    """(value, basis): the legacy table's figure, else the prose figure (the largest where they differ)."""
    key = INFO_PUBLISHED_KEYS.get(edition)
    fields = record.get("fields") or {}
    if key and fields.get(key) is not None:
        return fields[key], f"table {key}"
    values = [p["value"] for p in record.get("prose") or [] if p.get("metric") == INFO_PUBLISHED]
    if not values:
        return None, ""
    distinct = sorted(set(values))
    if len(distinct) == 1:
        return distinct[0], "prose"
    return distinct[-1], f"prose, largest of {', '.join(str(v) for v in distinct)}"


def indicators(record: dict) -> dict[str, int | float | None]:
    """The record's indicators by :data:`INDICATORS` for its edition (None where the edition has none)."""
    edition = str((record.get("meta") or {}).get("edition"))
    fields = record.get("fields") or {}
    out = {}
    for name, (_, by_edition) in INDICATORS.items():
        keys = by_edition.get(edition)
        out[name] = indicator_value(fields, keys) if keys else None
    return out


@dataclass
class Panel:
    """The panel rows (dicts with :data:`COLUMNS`), and what did not become a row."""

    rows: list[dict]
    duplicates: list[dict] = field(default_factory=list)  # agency, year, kept, dropped (sources)
    skipped: list[dict] = field(default_factory=list)  # source, reason
    groups: AgencyGroups | None = None
    cuts: CutResolution | None = None  # legacy cuts decided (or left open) across years


def _row(record: dict) -> dict:
    meta = record.get("meta") or {}
    edition = str(meta.get("edition"))
    value, basis = info_published(record, edition)
    return {"agency_printed": meta.get("agency"), "year": meta.get("year"), "edition": meta.get("edition"),
            "source": record.get("source"), "path": record.get("path"),
            "doc_id": record.get("sha256") or record.get("path") or record.get("source"),
            "status": record.get("status"), **indicators(record), INFO_PUBLISHED: value,
            "info_published_basis": basis, "reviewed": reviewed_indicators(record)}


def reviewed_indicators(record: dict) -> str:
    """The indicators of this row that a person corrected or vouched for (``method: reviewed``), with who."""
    provenance = record.get("provenance") or {}
    edition = str((record.get("meta") or {}).get("edition"))
    out = []
    for name, (_, by_edition) in INDICATORS.items():
        who = {provenance[k].get("reviewed_by") for k in by_edition.get(edition, ())
               if provenance.get(k, {}).get("method") == "reviewed"}
        if who:
            out.append(f"{name} ({', '.join(sorted(str(w) for w in who))})")
    return "; ".join(out)


def indicators_of_keys() -> dict[str, list[str]]:
    """Per canonical key, the panel indicators it feeds (any edition): for the codebook."""
    out: dict[str, list[str]] = {}
    for name, (_, by_edition) in INDICATORS.items():
        for keys in by_edition.values():
            for key in keys:
                if name not in out.setdefault(key, []):
                    out[key].append(name)
    out.setdefault(INFO_PUBLISHED_KEYS[_PRE], []).append(INFO_PUBLISHED)
    return out


def _preference(row: dict) -> tuple:
    """Lower is better: status, then more indicators with a value, then the smaller source and doc id."""
    filled = sum(row[name] is not None for name in (*INDICATORS, INFO_PUBLISHED))
    return _STATUS_RANK.get(row["status"], 9), -filled, str(row["source"]), str(row["doc_id"])


def build_panel(records: Iterable[dict]) -> Panel:
    """The panel of a collection of records (a store's, a JSON Lines file's, or gold records). Legacy cuts the
    report alone left open are decided first with the agency's neighbouring years (:mod:`.cumulative`)."""
    records = list(records)
    cuts = resolve_cuts(records)
    rows, skipped = [], []
    for record in records:
        meta = record.get("meta") or {}
        if record.get("status") == "error":
            skipped.append({"source": record.get("source"), "reason": f"error record ({record.get('error_kind')})"})
        elif not meta.get("agency") or meta.get("year") is None:
            skipped.append({"source": record.get("source"), "reason": "no agency or no year found"})
        else:
            rows.append(_row(record))
    groups = group_agencies((row["agency_printed"], row["year"]) for row in rows)
    cells: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for row in rows:
        key, name = groups.group(row["agency_printed"])
        row.update(agency=name, agency_key=key)
        cells[(key, row["year"])].append(row)
    panel, duplicates = [], []
    for (_, year), candidates in sorted(cells.items(), key=lambda item: (item[0][0], item[0][1])):
        kept, *others = sorted(candidates, key=_preference)
        kept["duplicates"] = "; ".join(str(o["source"]) for o in others)
        for other in others:
            duplicates.append({"agency": kept["agency"], "year": year, "kept": kept["source"],
                               "dropped": other["source"], "dropped_agency_printed": other["agency_printed"]})
        panel.append({name: kept.get(name) for name in COLUMNS})
    panel.sort(key=lambda row: (row["agency"], row["year"], row["agency_key"]))
    return Panel(panel, duplicates, skipped, groups, cuts)


def mapping_table() -> list[dict]:
    """The mapping as rows (indicator, meaning, and the keys per edition): for the documentation and tests."""
    out = []
    for name, (meaning, by_edition) in INDICATORS.items():
        out.append({"indicator": name, "meaning": meaning,
                    **{e: " + ".join(by_edition.get(e, ())) for e in edition_names()}})
    out.append({"indicator": INFO_PUBLISHED, "meaning": "政府信息 proactively published (prose info_published)",
                _T2019: "prose", _T2021: "prose", _PRE: f"{INFO_PUBLISHED_KEYS[_PRE]}, else prose"})
    return out
