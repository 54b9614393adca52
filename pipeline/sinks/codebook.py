"""The codebook: per canonical key, what the report prints and where, so a column can be cited.

One row per key of the schema: the printed table (二、主动公开政府信息情况 …) and item of 第二十条 where the
template gives one, the Chinese row and column labels per edition, the unit, the editions that print it, the
panel indicator(s) it feeds, and the short variable name a Stata file gives it (32 characters at most). The
panel indicators come in from the caller (``collection.panel.mapping_table``), sinks never import collection.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

from ..template.schema import PRE2019_TABLE, Field, load_schema
from .cells import CSV_ENCODING, safe_row

#: The printed table of each schema table.
TABLE_TITLES = {
    "active": "二、主动公开政府信息情况",
    "requests": "三、收到和处理政府信息公开申请情况",
    "review_suits": "四、政府信息公开行政复议、行政诉讼情况",
    PRE2019_TABLE: "政府信息公开情况统计表（2019年以前）",
}
#: Units as the template prints or implies them.
_UNITS = (
    (re.compile(r"\.(fees|procurement)\.amount$"), "万元"),
    (re.compile(r"^legacy\.fees$"), "元（按报告所印）"),
    (re.compile(r"\.(prev_items|change|items)$"), "项"),
    (re.compile(r"^active\."), "件"),
    (re.compile(r"^legacy\.active_published$"), "条"),
    (re.compile(r"."), "件"),
)
STATA_NAME_LENGTH = 32
CODEBOOK_COLUMNS = ("key", "stata_name", "label_zh", "table", "table_title", "item", "row_label", "col_label",
                    "labels_by_edition", "unit", "type", "editions", "optional", "panel_indicators")


def unit(key: str) -> str:
    return next(u for pattern, u in _UNITS if pattern.search(key))


def label_zh(field: Field) -> str:
    """The Chinese label of a key: its printed row and column (unique over the schema)."""
    return f"{field.row_label}·{field.col_label}"


@cache
def stata_names() -> dict[str, str]:
    """Per key, a Stata variable name: the key with dots as underscores, shortened to 32 characters by
    abbreviating its parts where needed, unique."""
    out: dict[str, str] = {}
    taken: set[str] = set()
    for key in load_schema().fields:
        name = key.replace(".", "_")
        if len(name) > STATA_NAME_LENGTH:
            name = _abbreviate(key)
        base, n = name, 1
        while name in taken:
            n += 1
            name = f"{base[: STATA_NAME_LENGTH - len(str(n)) - 1]}_{n}"
        taken.add(name)
        out[key] = name
    return out


_ABBREVIATIONS = {"requests": "req", "natural_person": "natp", "commercial": "comm", "research": "res",
                  "social_org": "soc", "legal_service": "legal", "other_org": "otho", "org_subtotal": "orgsub",
                  "suit_after_review": "suit_ar", "suit_direct": "suit_d", "partially": "part", "unable": "unab",
                  "rejected": "rej", "denied": "den", "other": "oth"}


def _abbreviate(key: str) -> str:
    parts = [p for part in key.split(".") for p in [_ABBREVIATIONS.get(part, part)]]
    parts = ["_".join(_ABBREVIATIONS.get(w, w) for w in p.split("_")) if len(p) > 8 else p for p in parts]
    return "_".join(parts)[:STATA_NAME_LENGTH]


def codebook_rows(indicators: dict[str, list[str]] | None = None) -> list[dict]:
    """One row per schema key; ``indicators``: key → the panel indicators it feeds."""
    schema = load_schema()
    names = stata_names()
    rows = []
    for key, field in schema.fields.items():
        by_edition = "; ".join(f"{ed}: {r}·{c}" for ed in field.editions for r, c in [field.labels(ed)])
        rows.append({
            "key": key, "stata_name": names[key], "label_zh": label_zh(field), "table": field.table,
            "table_title": TABLE_TITLES.get(field.table, field.table), "item": field.item,
            "row_label": field.row_label, "col_label": field.col_label, "labels_by_edition": by_edition,
            "unit": unit(key), "type": field.type, "editions": ", ".join(field.editions),
            "optional": field.optional, "panel_indicators": ", ".join((indicators or {}).get(key, [])),
        })
    return rows


def write_codebook(path: Path, indicators: dict[str, list[str]] | None = None) -> int:
    """The codebook as CSV (with a BOM, for Excel) or Markdown, by the suffix; the number of keys."""
    rows = codebook_rows(indicators)
    if path.suffix.lower() == ".md":
        path.write_text(_markdown(rows), encoding="utf-8")
    else:
        with path.open("w", encoding=CSV_ENCODING, newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(CODEBOOK_COLUMNS)
            writer.writerows(safe_row(row[c] for c in CODEBOOK_COLUMNS) for row in rows)
    return len(rows)


def _markdown(rows: list[dict]) -> str:
    shown = ("key", "stata_name", "table_title", "item", "labels_by_edition", "unit", "editions",
             "panel_indicators")
    lines = ["# gongkai codebook", "",
             "One row per canonical key (`pipeline/template/fields.json`). Labels are the ones each edition prints "
             "(row·column); `stata_name` is the variable name in `--dta` files. Missing values: see README, "
             "“For researchers”.", "",
             "| " + " | ".join(shown) + " |", "|" + "---|" * len(shown)]
    for row in rows:
        lines.append("| " + " | ".join(str(row[c]).replace("|", "\\|") for c in shown) + " |")
    return "\n".join(lines) + "\n"
