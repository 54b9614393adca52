"""Sample plausible gold records, so readers can be tested on many documents whose answers are known.

``sample_record(rng, edition, source)`` draws an agency, a year and every table 二/三/四 key of the
edition (never ``org_subtotal``), with values that satisfy all the template's identities: most agencies
are small (many zeros), a few are large (hundreds or thousands of requests). Table 二 has occasional
negative 本年增/减 (2019), amounts with 2–6 decimals and a few ``null`` cells. The prose entries follow
the gold conventions of ``shared/schema/README.md`` (``受理政府信息公开申请{n}件`` equals
``requests.new_received.total``). The same ``rng`` state gives the same record.

Keyword options add the variety of real reports; each is off by default, so the default records (and the
fixtures in ``corpora/pdf`` made from them) stay as they are. :data:`SYNTH_OPTIONS` holds the values the
layout generator (:mod:`pipeline.synth.generate`) samples with:

- ``size`` / ``size_weights``: the agency's size class (:data:`SIZES`): ``small`` (mostly zeros), ``medium``,
  ``large`` (hundreds to thousands of requests); by default the agency kind decides between small and large;
- ``blank_rows``: the share of records that print their all-zero outcome rows of table 三 and their all-zero
  复议/诉讼 groups of table 四 as blank cells (``null``). A row left blank has no value in any identity, so
  every identity still holds (the row's own 总计 identity is not assessable);
- ``org_subtotal``: the share of records that print the 法人或其他组织 小计 column (``*.org_subtotal``, the
  sum of the five organisation columns; ``null`` where the row is blank);
- ``p_break``: the chance of a planted source break: one printed 总计 of table 四 changed so exactly one
  identity breaks, listed under ``notes`` as the shared gold files list them
  (``source breaks review.total: 10+1+0+0 != 0 (table 四 prints 行政复议 10|1|0|0|总计 0)``).
"""

from __future__ import annotations

import random
from collections import Counter

from pipeline.template.editions import TEMPLATE_2019, TEMPLATE_2021, by_name, template_editions
from pipeline.template.identities import holds
from pipeline.template.schema import (
    APPLICANT_COLUMNS,
    LITIGATION_COLUMNS,
    LITIGATION_GROUPS,
    SUBTOTAL_COLUMN,
    Identity,
    load_schema,
)

EDITIONS = template_editions()
SIZES = ("small", "medium", "large")
#: The options the layout generator samples with (see the module docstring); sample_record's defaults are off.
SYNTH_OPTIONS = {"size_weights": (6, 3, 1), "blank_rows": 0.1, "org_subtotal": 0.2, "p_break": 0.05}
ORG_COLUMNS = APPLICANT_COLUMNS[1:-1]  # the five columns under 法人或其他组织
#: How table 四 names each group in a break note (as hongze-2023's gold does).
LITIGATION_LABELS = {"review": "行政复议", "suit_direct": "未经复议直接起诉", "suit_after_review": "复议后起诉"}
#: Multipliers of table 二 counts, and of the large means of table 三 for a large agency of the varied sampler.
_ACTIVE_SCALE = {"small": 1, "medium": 3, "large": 10}
_LARGE_FACTORS = (0.5, 1, 1, 2, 5)
YEARS = {TEMPLATE_2019.name: (2019, 2020), TEMPLATE_2021.name: (2021, 2022, 2023, 2024)}
PEOPLE = APPLICANT_COLUMNS[:-1]  # the six applicant columns that add up to 总计
_SPLIT_OTHER = ("other_no_correction", "other_unpaid_fee", "other_other")
_FIXED_ROWS = ("new_received", "carried_over", "total_processed", "carried_forward")

_CITIES = ("淮安", "扬州", "泰州", "宿迁", "盐城", "镇江", "湖州", "嘉兴", "金华", "丽水", "赣州", "九江",
           "上饶", "南平", "三明", "龙岩", "莆田", "洛阳", "信阳", "南阳", "襄阳", "宜昌", "株洲", "岳阳",
           "常德", "绵阳", "宜宾", "遵义", "曲靖", "天水", "临汾", "保定", "德州", "聊城", "临沂", "济宁")
_DISTRICTS = ("城东", "城西", "清河", "河东", "新城", "临江", "东湖", "西湖", "南湖", "鼓楼", "文昌", "永宁")
_COUNTIES = ("安平", "永和", "宁远", "长乐", "宁化", "泰和", "平阳", "安远", "新丰", "丰宁", "武功", "宜良",
             "石城", "崇义", "东海", "灌南", "泗洪", "沭阳")
_TOWNS = ("城关", "新集", "马坝", "高良涧", "岔河", "老子山", "黄集", "三河")
_DEPARTMENTS = ("教育局", "财政局", "民政局", "自然资源和规划局", "生态环境局", "住房和城乡建设局", "交通运输局",
                "农业农村局", "卫生健康委员会", "市场监督管理局", "人力资源和社会保障局", "应急管理局", "水利局",
                "商务局", "文化广电和旅游局", "医疗保障局", "统计局", "司法局")

#: (name pattern, weight, chance the agency is large)
_AGENCY_KINDS = (
    ("{city}市{district}区人民政府", 4, 0.25),
    ("{city}市{district}区人民政府办公室", 2, 0.15),
    ("{county}县人民政府", 4, 0.2),
    ("{county}县人民政府办公室", 2, 0.1),
    ("{city}市人民政府", 1, 0.8),
    ("{city}市{dept}", 4, 0.15),
    ("{city}市{district}区{dept}", 2, 0.05),
    ("{county}县{town}镇人民政府", 2, 0.0),
)

#: Outcome rows of table 三 and how often a natural person's request ends in each.
_OUTCOME_WEIGHTS = {
    "granted": 34, "partially_granted": 8, "denied_state_secret": 1, "denied_prohibited_by_law": 1,
    "denied_endangers_safety": 1, "denied_third_party": 2, "denied_internal_affairs": 2,
    "denied_process_info": 2, "denied_enforcement_file": 1, "denied_inquiry_matter": 2,
    "unable_not_held": 24, "unable_needs_creation": 3, "unable_unclear": 3, "rejected_petition": 4,
    "rejected_duplicate": 4, "rejected_publication": 1, "rejected_mass_repeat": 1,
    "rejected_confirm_reissue": 1, "other": 5, "other_no_correction": 3, "other_unpaid_fee": 1,
    "other_other": 2,
}
#: Chance a column has any requests, and its typical size (small agency, large agency).
_COLUMN_PROFILE = {
    "natural_person": (0.85, 8, 400),
    "commercial": (0.35, 2, 40),
    "research": (0.05, 1, 3),
    "social_org": (0.08, 1, 5),
    "legal_service": (0.2, 2, 25),
    "other_org": (0.1, 1, 6),
}


# --------------------------------------------------------------------------- small draws


def _count(rng: random.Random, mean: float) -> int:
    """A skewed non-negative count around ``mean`` (exponential, rounded)."""
    return int(rng.expovariate(1 / mean)) if mean > 0 else 0


def _amount(rng: random.Random, low: int, high: int) -> float:
    """An amount with 2–6 decimals whose last decimal is not 0, so it prints with all of them."""
    decimals = rng.randint(2, 6)
    scale = 10**decimals
    n = rng.randint(low * scale, high * scale)
    if n % 10 == 0:
        n += rng.randint(1, 9)
    return n / scale


def sample_agency(rng: random.Random) -> tuple[str, bool]:
    """An agency name from small lists, and whether it is a large agency."""
    kinds = [k for k, _, _ in _AGENCY_KINDS]
    kind = rng.choices(range(len(kinds)), weights=[w for _, w, _ in _AGENCY_KINDS])[0]
    name = kinds[kind].format(
        city=rng.choice(_CITIES),
        district=rng.choice(_DISTRICTS),
        county=rng.choice(_COUNTIES),
        town=rng.choice(_TOWNS),
        dept=rng.choice(_DEPARTMENTS),
    )
    return name, rng.random() < _AGENCY_KINDS[kind][2]


# --------------------------------------------------------------------------- table 二


def _active_2019(rng: random.Random, size: str) -> dict[str, int | float]:
    k, large, medium = _ACTIVE_SCALE[size], size == "large", size == "medium"
    out: dict[str, int | float] = {}
    made = _count(rng, 1) if rng.random() < (0.5 if large else 0.25 if medium else 0.1) else 0
    out |= {"active.regulations.made": made, "active.regulations.published": made,
            "active.regulations.total": made + (_count(rng, 20 if large else 5) if large or medium else 0)}
    made = _count(rng, 2 * k)
    out |= {"active.normative_docs.made": made, "active.normative_docs.published": made,
            "active.normative_docs.total": made + _count(rng, 15 * k)}
    for row, mean in (("licensing", 60), ("other_services", 20), ("penalty", 40), ("coercion", 8)):
        prev = _count(rng, mean * k)
        change = rng.randint(-min(prev, 5), 8) if rng.random() < 0.35 else 0
        out |= {f"active.{row}.prev_items": prev, f"active.{row}.change": change,
                f"active.{row}.decisions": _count(rng, mean * 5 * k)}
    prev = _count(rng, 6)
    out |= {"active.fees.prev_items": prev,
            "active.fees.change": rng.randint(-min(prev, 3), 2) if rng.random() < 0.3 else 0}
    items = _count(rng, 20 * k)
    out |= {"active.procurement.items": items,
            "active.procurement.amount": _amount(rng, 1, 30 * items) if items else 0}
    return out


def _active_2021(rng: random.Random, size: str) -> dict[str, int | float]:
    k, large, medium = _ACTIVE_SCALE[size], size == "large", size == "medium"
    out: dict[str, int | float] = {}
    made = _count(rng, 1) if rng.random() < (0.5 if large else 0.25 if medium else 0.1) else 0
    repealed = _count(rng, 1) if large else 0
    out |= {"active.regulations.made": made, "active.regulations.repealed": repealed,
            "active.regulations.in_force": made + (_count(rng, 20 if large else 5) if large or medium else 0)}
    made, repealed = _count(rng, 2 * k), _count(rng, k)
    out |= {"active.normative_docs.made": made, "active.normative_docs.repealed": repealed,
            "active.normative_docs.in_force": made + _count(rng, 15 * k)}
    for row, mean in (("licensing", 300), ("penalty", 200), ("coercion", 40)):
        out[f"active.{row}.decisions"] = _count(rng, mean * k)
    out["active.fees.amount"] = _amount(rng, 0, 900 * k) if rng.random() < 0.7 else 0
    return out


def _with_nulls(rng: random.Random, values: dict[str, int | float]) -> dict[str, int | float | None]:
    """A few cells left empty in some reports (not reported is not zero)."""
    out: dict[str, int | float | None] = dict(values)
    if rng.random() < 0.3:
        for key in rng.sample(sorted(values), rng.randint(1, 3)):
            out[key] = None
    return out


# --------------------------------------------------------------------------- table 三 and 四


def outcome_rows(edition: str, split_other: bool) -> list[str]:
    """The outcome rows of table 三 in template order: （六） as one row or three sub-rows."""
    schema, skipped = load_schema(), {"other"} if split_other else set(_SPLIT_OTHER)
    rows: list[str] = []
    for key in schema.keys(edition):
        row = key.split(".")[1]
        if key.startswith("requests.") and row not in _FIXED_ROWS and row not in skipped and row not in rows:
            rows.append(row)
    return rows


def _column_mean(col: str, size: str, factor: float) -> float:
    """The typical size of an applicant column: a small or large agency's, or between them for a medium one."""
    _, small_mean, large_mean = _COLUMN_PROFILE[col]
    if size == "medium":
        return (small_mean * large_mean) ** 0.5
    return large_mean * factor if size == "large" else small_mean


def _requests(
    rng: random.Random, edition: str, split_other: bool, size: str, factor: float = 1
) -> dict[str, int]:
    rows = outcome_rows(edition, split_other)
    weights = [_OUTCOME_WEIGHTS[r] for r in rows]
    values: dict[str, int] = {}
    nobody = rng.random() < 0.12 and size == "small"
    for col in PEOPLE:
        chance = _COLUMN_PROFILE[col][0]
        n = 0 if nobody or rng.random() > chance else 1 + _count(rng, _column_mean(col, size, factor))
        counts = Counter(rng.choices(rows, weights=weights, k=n))
        for row in rows:
            values[f"requests.{row}.{col}"] = counts[row]
        processed = sum(counts.values())
        carried_over = rng.randint(0, max(1, n // 10)) if n and rng.random() < 0.3 else 0
        carried_forward = rng.randint(0, max(1, n // 8)) if n and rng.random() < 0.35 else 0
        carried_forward += max(0, carried_over - processed - carried_forward)
        values |= {
            f"requests.new_received.{col}": processed + carried_forward - carried_over,
            f"requests.carried_over.{col}": carried_over,
            f"requests.total_processed.{col}": processed,
            f"requests.carried_forward.{col}": carried_forward,
        }
    for row in ["new_received", "carried_over", *rows, "total_processed", "carried_forward"]:
        values[f"requests.{row}.total"] = sum(values[f"requests.{row}.{c}"] for c in PEOPLE)
    return values


def _litigation(rng: random.Random, size: str) -> dict[str, int]:
    busy_chance, mean = {"small": (0.2, 1), "medium": (0.45, 2), "large": (0.8, 6)}[size]
    values: dict[str, int] = {}
    for group in LITIGATION_GROUPS:
        busy = rng.random() < busy_chance
        parts = {c: _count(rng, mean) if busy else 0 for c in LITIGATION_COLUMNS[:-1]}
        values |= {f"{group}.{c}": v for c, v in parts.items()}
        values[f"{group}.total"] = sum(parts.values())
    return values


# --------------------------------------------------------------------------- prose


def _level(agency: str) -> str:
    """区 / 县 / 市 of a 人民政府 (for 常务会议, 公报), or '' for a department or a town."""
    scope = agency.split("人民政府")[0] if "人民政府" in agency else ""
    return scope[-1] if scope and scope[-1] in "区县市" else ""


def _prose(rng: random.Random, fields: dict, agency: str, large: bool) -> list[dict]:
    """A few prose entries in the gold convention; requests_received equals table 三's 新收 总计."""
    info = _count(rng, 6000 if large else 400) + 30
    if info >= 10000 and rng.random() < 0.5:
        info = round(info, -3)
        info_text = rng.choice(("主动公开政府信息{}万条", "共发布政府信息{}万条")).format(f"{info / 10000:g}")
    else:
        info_text = rng.choice(("共主动公开政府信息{}条", "主动公开政府信息{}条", "共发布政府信息{}条")).format(info)
    entries = [("info_published", info, "条", info_text)]
    optional = [
        ("policy_interpretations", _count(rng, 30 if large else 8) + 1, "篇", "发布政策解读{}篇"),
        ("press_conferences", _count(rng, 10 if large else 2) + 1, "场", "召开新闻发布会{}场"),
        ("online_interviews", _count(rng, 8 if large else 2) + 1, "期", "开展在线访谈{}期"),
        ("public_messages", _count(rng, 500 if large else 40) + 1, "条", "回复网民留言{}条"),
        ("training_sessions", _count(rng, 4) + 1, "期", "举办政务公开业务培训班{}期"),
        ("training_persons", _count(rng, 150 if large else 40) + 5, "人次", "培训{}人次"),
    ]
    if _level(agency):  # a county-level or higher government: gazette and executive meetings
        optional.append(("gazette_issues", rng.choice((4, 6, 12)), "期", "编印政府公报{}期"))
        optional.append(("exec_meetings", _count(rng, 12) + 4, "次", f"召开{{}}次{_level(agency)}政府常务会议"))
    for metric, value, unit, text in rng.sample(optional, rng.randint(1, 4)):
        entries.append((metric, value, unit, text.format(value)))
    received = fields["requests.new_received.total"]
    verb = rng.choice(("受理", "收到", "新收"))
    entries.append(("requests_received", received, "件", f"{verb}政府信息公开申请{received}件"))
    if fields["review.total"]:
        n = fields["review.total"]
        entries.append(("admin_reviews", n, "件", f"收到政府信息公开行政复议{n}件"))
    suits = fields["suit_direct.total"] + fields["suit_after_review.total"]
    if suits:
        entries.append(("admin_suits", suits, "件", f"发生政府信息公开行政诉讼{suits}件"))
    return [{"metric": m, "value": v, "unit": u, "text": t} for m, v, u, t in entries]


# --------------------------------------------------------------------------- the record


def _check_options(size: str | None, size_weights: tuple[float, ...] | None, **shares: float) -> None:
    if size is not None and size not in SIZES:
        raise ValueError(f"unknown size {size!r}; one of {SIZES}")
    if size_weights is not None and (len(size_weights) != len(SIZES) or min(size_weights) < 0 or not any(size_weights)):
        raise ValueError(f"size_weights needs {len(SIZES)} non-negative weights, not all 0: {size_weights!r}")
    for name, share in shares.items():
        if not 0 <= share <= 1:
            raise ValueError(f"{name} is a probability, not {share!r}")


def _size_class(rng: random.Random, large: bool, townish: bool, size: str | None,
                size_weights: tuple[float, ...] | None) -> str:
    """The size class: forced, drawn from the weights (a town is never large), or the agency kind's."""
    if size is not None:
        return size
    if size_weights is None:
        return "large" if large else "small"
    drawn = rng.choices(SIZES, weights=size_weights)[0]
    return "medium" if drawn == "large" and townish else drawn


def _add_org_subtotal(fields: dict, edition: str) -> dict:
    """The fields with a 小计 column in every row of table 三: the sum of the five organisation columns."""
    rows = {k.split(".")[1] for k in fields if k.startswith("requests.")}
    subtotals = {
        f"requests.{row}.{SUBTOTAL_COLUMN}": sum(fields[f"requests.{row}.{c}"] for c in ORG_COLUMNS) for row in rows
    }
    merged = fields | subtotals
    return {k: merged[k] for k in load_schema().keys(edition) if k in merged}


def _blank_zero_rows(fields: dict) -> dict:
    """All-zero outcome rows of table 三 and all-zero groups of table 四 printed blank (``null``)."""
    out = dict(fields)
    groups: dict[str, list[str]] = {}
    for key in fields:
        table, *rest = key.split(".")
        if table == "requests" and rest[0] not in _FIXED_ROWS:
            groups.setdefault(f"requests.{rest[0]}", []).append(key)
        elif table in LITIGATION_GROUPS:
            groups.setdefault(table, []).append(key)
    blank = [g for g, keys in groups.items() if all(fields[k] == 0 for k in keys)]
    outcome_rows_ = [g for g in groups if g.startswith("requests.")]
    if set(outcome_rows_) <= set(blank):  # no requests at all: the first row keeps its zeros (总计 0 = 0)
        blank.remove(outcome_rows_[0])
    for group in blank:
        out.update(dict.fromkeys(groups[group], None))
    return out


def _plant_break(rng: random.Random, fields: dict) -> str | None:
    """Change one printed 总计 of table 四 so its identity breaks; the group changed, or None."""
    groups = [g for g in LITIGATION_GROUPS if fields.get(f"{g}.total") is not None]
    if not groups:
        return None
    busy = [g for g in groups if any(fields[f"{g}.{c}"] for c in LITIGATION_COLUMNS[:-1])]
    group = rng.choice(busy or groups)
    parts = sum(fields[f"{group}.{c}"] for c in LITIGATION_COLUMNS[:-1])
    if parts and rng.random() < 0.5:
        printed = 0  # hongze-2023: 复议 10|1|0|0 with 总计 0
    else:
        printed = parts + rng.choice((-1, 1, 2, 10)) if parts > 1 else parts + rng.randint(1, 5)
    fields[f"{group}.total"] = printed
    return group


def break_note(identity: Identity, fields: dict) -> str:
    """A broken identity as the gold files note it: ``source breaks review.total: 10+1+0+0 != 0 (...)``."""

    def printed(keys: tuple[str, ...] | list[str]) -> list[str]:
        return [str(fields[k]) for k in keys if fields.get(k) is not None]

    lhs, rhs = printed(identity.lhs), printed(identity.rhs)
    note = f"source breaks {identity.name}: {'+'.join(rhs)} != {'+'.join(lhs)}"
    group = identity.name.split(".")[0]
    if group in LITIGATION_LABELS:
        cells = "|".join(str(fields.get(f"{group}.{c}")) for c in LITIGATION_COLUMNS[:-1])
        note += f" (table 四 prints {LITIGATION_LABELS[group]} {cells}|总计 {fields.get(f'{group}.total')})"
    return note


def broken_identities(record: dict) -> list[Identity]:
    """The identities of the record's edition that break over the values it prints.

    An identity breaks when its two sides differ, or when one side has a value and the other has none; one
    whose keys are all blank or absent (a row printed empty) does not break.
    """
    fields = record["fields"]
    broken = []
    for identity in load_schema().identities_for(str(record["meta"]["edition"])):
        verdict = holds(identity, fields)
        if verdict is False or (verdict is None and any(fields.get(k) is not None for k in identity.keys)):
            broken.append(identity)
    return broken


def sample_record(
    rng: random.Random,
    edition: str,
    source: str,
    *,
    size: str | None = None,
    size_weights: tuple[float, ...] | None = None,
    blank_rows: float = 0.0,
    org_subtotal: float = 0.0,
    p_break: float = 0.0,
) -> dict:
    """A plausible gold-shaped record of ``edition`` (a template edition's name).

    With the default options every identity holds and the record is the one this function always gave for
    this ``rng`` state; the options (see the module docstring) add size classes, blank rows, the 小计 column
    and planted source breaks (noted under ``notes``). ``sample_record(rng, e, s, **SYNTH_OPTIONS)`` samples
    as the layout generator does.
    """
    if edition not in EDITIONS:
        raise ValueError(f"no template for edition {edition!r}; one of {EDITIONS}")
    _check_options(size, size_weights, blank_rows=blank_rows, org_subtotal=org_subtotal, p_break=p_break)
    agency, large = sample_agency(rng)
    year = rng.choice(YEARS[edition])
    split_other = by_name(edition).splits_other and rng.random() < 0.6
    cls = _size_class(rng, large, agency.endswith("镇人民政府"), size, size_weights)
    factor = rng.choice(_LARGE_FACTORS) if size_weights is not None and cls == "large" else 1
    active = _active_2019(rng, cls) if edition == TEMPLATE_2019.name else _active_2021(rng, cls)
    values: dict[str, int | float | None] = {
        **_with_nulls(rng, active),
        **_requests(rng, edition, split_other, cls, factor),
        **_litigation(rng, cls),
    }
    fields = {k: values[k] for k in load_schema().keys(edition) if k in values}
    notes: list[str] = []
    if org_subtotal and rng.random() < org_subtotal:
        fields = _add_org_subtotal(fields, edition)
    if p_break and rng.random() < p_break and _plant_break(rng, fields):
        record = {"meta": {"edition": edition}, "fields": fields}
        notes += [break_note(i, fields) for i in broken_identities(record)]
    prose = _prose(rng, fields, agency, cls == "large")
    if blank_rows and rng.random() < blank_rows:
        fields = _blank_zero_rows(fields)
    return {
        "source": source,
        "meta": {"agency": agency, "year": year, "edition": edition},
        "fields": fields,
        "prose": prose,
        "notes": notes,
    }


def identities_hold(record: dict) -> bool:
    """Every identity of the record's edition holds over the keys it prints (none breaks).

    A planted source break makes this False; a row printed blank (all its keys ``null``) does not.
    """
    return not broken_identities(record)
