"""Score extraction records against gold files: the numbers the project is judged by.

Gold and predicted records share one shape (see ``shared/schema/README.md``)::

    {"source": ..., "meta": {"agency", "year", "edition"}, "fields": {key: number|null}, "prose": [...]}

The definitions here are the contract of ``gongkai eval``; keep them exact:

* a cell is right when the predicted value equals the gold value as a decimal (``20 == 20.0``);
  ``null`` equals only ``null``; a missing key or a missing record is wrong;
* a document is exact when every gold cell is right and the edition is right;
* prose is scored as micro precision/recall/F1 over per-document multisets of ``(metric, value)``.

Only the standard library is used so the harness runs wherever the package does.
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pipeline.inputs import GOLD_SUFFIX, read_records
from pipeline.template.schema import PRE2019_TABLE, load_schema

MISSING = "<missing>"
WORST_DOCUMENTS = 10
WRONG_CELLS_PER_DOCUMENT = 20
MOST_MISSED_KEYS = 20
SPURIOUS_KEYS_LISTED = 20
UNMATCHED_SOURCES_LISTED = 20
TABLE_ORDER = ("active", "requests", "litigation", PRE2019_TABLE, "other")

_ABSENT = object()


# --------------------------------------------------------------------------- loading


def load_gold_dir(path: Path) -> list[dict]:
    """Every ``*.gold.json`` under ``path`` (recursive), sorted by path.

    Gold sources must be unique: two gold files for one source would make matching ambiguous.
    """
    path = Path(path)
    files = sorted(path.rglob(f"*{GOLD_SUFFIX}")) if path.is_dir() else []
    if not files:
        where = "is not a directory" if not path.is_dir() else "contains no *.gold.json files"
        raise ValueError(f"gold folder {path} {where}")
    records: list[dict] = []
    seen: dict[str, Path] = {}
    for file in files:
        record = _read_gold_file(file)
        source = record["source"]
        if source in seen:
            raise ValueError(f"two gold files have source {source!r}: {seen[source]} and {file}")
        seen[source] = file
        records.append(record)
    return records


def _read_gold_file(file: Path) -> dict:
    """One gold file, checked just enough that scoring can rely on ``source``."""
    try:
        record = json.loads(file.read_text("utf-8-sig"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{file}: not valid JSON ({exc})") from exc
    if not isinstance(record, dict) or not isinstance(record.get("source"), str) or not record["source"]:
        raise ValueError(f"{file}: a gold file must be a JSON object with a non-empty string 'source'")
    return record


def load_predictions(path: Path) -> list[dict]:
    """Predicted records from a JSON Lines file, or from a ``.json`` file holding a list.

    Blank lines are skipped; a bad line is reported by number so the writer can be fixed.
    """
    path = Path(path)
    if path.suffix.lower() == ".json":
        return _records_from_json(path.read_text("utf-8-sig"), path)
    return list(read_records(path))


def _records_from_json(text: str, path: Path) -> list[dict]:
    """The list of records in a whole-file JSON document."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not valid JSON ({exc})") from exc
    if not isinstance(data, list):
        raise ValueError(f"{path}: a .json predictions file must hold a list of records")
    for index, record in enumerate(data):
        if not isinstance(record, dict):
            raise ValueError(f"{path}: item {index} is not a JSON object")
    return data


# --------------------------------------------------------------------------- comparing values


def _is_number(value: Any) -> bool:
    """True for JSON numbers; bools are excluded because ``True == 1`` would hide a type error."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def _as_decimal(value: Any) -> Decimal | None:
    """The decimal of a finite JSON number, so ``20`` and ``20.0`` compare equal; else None."""
    if not _is_number(value):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def values_equal(gold: Any, pred: Any) -> bool:
    """Whether a predicted cell value counts as right for the gold value."""
    if pred is _ABSENT:
        return False
    if gold is None or pred is None:
        return gold is None and pred is None
    gold_num, pred_num = _as_decimal(gold), _as_decimal(pred)
    if gold_num is not None and pred_num is not None:
        return gold_num == pred_num
    if _is_number(gold) or _is_number(pred):
        return False
    return gold == pred


def _value_key(value: Any) -> Any:
    """A hashable key for a prose value: decimals compare by value, anything else by its JSON."""
    number = _as_decimal(value)
    if number is not None:
        return number
    return ("raw", json.dumps(value, sort_keys=True, ensure_ascii=False, default=str))


def group_summary(t: dict) -> dict:
    """Documents, exact documents, cells and correct cells of a group, with their rates."""
    return {
        "documents": t["documents"],
        "exact": t["exact"],
        "exact_rate": _ratio(t["exact"], t["documents"]),
        "cells": t["cells"],
        "correct": t["correct"],
        "accuracy": _ratio(t["correct"], t["cells"]),
    }


def _ratio(part: int, whole: int) -> float:
    """``part / whole``, 0.0 for an empty whole (an empty evaluation proves nothing)."""
    return part / whole if whole else 0.0


# --------------------------------------------------------------------------- matching


def _basename(source: str) -> str:
    """The file name of a source that may be a path (either slash)."""
    return source.replace("\\", "/").rsplit("/", 1)[-1]


def match_predictions(gold: list[dict], pred: list[dict]) -> tuple[dict[str, dict], int, list[str]]:
    """Pair each gold source with one predicted record.

    An exact source wins; otherwise a pred whose source has the same file name (e.g. a path
    ``a/b/hedong-2020.txt``) matches, if only one gold has that file name. ``hedong-2020.html`` never
    matches ``hedong-2020.txt``. The first record of a tier is used, the rest are duplicates.
    Returns (gold source -> pred record, number of duplicates, unmatched pred sources).
    """
    gold_sources = [g["source"] for g in gold]
    if len(set(gold_sources)) != len(gold_sources):
        dupes = sorted(s for s, n in Counter(gold_sources).items() if n > 1)
        raise ValueError(f"gold records share a source: {dupes}")
    exact = set(gold_sources)
    by_name: dict[str, list[str]] = {}
    for source in gold_sources:
        by_name.setdefault(_basename(source), []).append(source)

    exact_hits: dict[str, list[dict]] = {}
    name_hits: dict[str, list[dict]] = {}
    unmatched: list[str] = []
    for record in pred:
        source = record.get("source")
        if not isinstance(source, str):
            unmatched.append(repr(source))
        elif source in exact:
            exact_hits.setdefault(source, []).append(record)
        elif len(by_name.get(_basename(source), [])) == 1:
            name_hits.setdefault(by_name[_basename(source)][0], []).append(record)
        else:
            unmatched.append(source)

    matched: dict[str, dict] = {}
    duplicates = 0
    for source in gold_sources:
        candidates = exact_hits.get(source, []) + name_hits.get(source, [])
        if candidates:
            matched[source] = candidates[0]
            duplicates += len(candidates) - 1
    return matched, duplicates, unmatched


# --------------------------------------------------------------------------- per document


def _fields(record: dict | None) -> dict:
    """The fields of a record, empty when the record or its fields are missing."""
    fields = (record or {}).get("fields")
    return fields if isinstance(fields, dict) else {}


def _meta(record: dict | None) -> dict:
    """The meta block of a record, empty when missing."""
    meta = (record or {}).get("meta")
    return meta if isinstance(meta, dict) else {}


def _provenance(record: dict | None, key: str) -> Any:
    """Where the prediction says a value came from, to make a wrong cell quick to debug."""
    provenance = (record or {}).get("provenance")
    return provenance.get(key) if isinstance(provenance, dict) else None


def _prose_multiset(record: dict | None) -> Counter:
    """The multiset of (metric, value) statements; a repeated statement counts each time."""
    prose = (record or {}).get("prose")
    bag: Counter = Counter()
    if not isinstance(prose, list):
        return bag
    for entry in prose:
        if isinstance(entry, dict):
            bag[(str(entry.get("metric")), _value_key(entry.get("value")))] += 1
    return bag


def _agency(value: Any) -> Any:
    """Agency as compared: surrounding whitespace is layout, not content."""
    return value.strip() if isinstance(value, str) else value


def score_document(gold: dict, pred: dict | None) -> dict:
    """Every comparison for one gold document (internal; ``score`` aggregates these)."""
    gold_fields, pred_fields = _fields(gold), _fields(pred)
    schema = load_schema()
    wrong: list[dict] = []
    tables: dict[str, list[int]] = {}
    for key, gold_value in gold_fields.items():
        pred_value = pred_fields.get(key, _ABSENT)
        right = values_equal(gold_value, pred_value)
        counts = tables.setdefault(schema.table_of(key), [0, 0])
        counts[0] += 1
        counts[1] += right
        if not right:
            wrong.append(
                {
                    "key": key,
                    "gold": gold_value,
                    "pred": MISSING if pred_value is _ABSENT else pred_value,
                    "provenance": _provenance(pred, key),
                }
            )
    gold_meta, pred_meta = _meta(gold), _meta(pred)
    found = pred is not None
    edition_right = found and "edition" in pred_meta and pred_meta.get("edition") == gold_meta.get("edition")
    return {
        "source": gold["source"],
        "found": found,
        "error": bool(found and pred.get("error")),
        "cells": len(gold_fields),
        "wrong": wrong,
        "tables": tables,
        "edition": edition_right,
        "year": found and "year" in pred_meta and pred_meta.get("year") == gold_meta.get("year"),
        "agency": found
        and "agency" in pred_meta
        and _agency(pred_meta.get("agency")) == _agency(gold_meta.get("agency")),
        "spurious": sorted(set(pred_fields) - set(gold_fields)),
        "gold_prose": _prose_multiset(gold),
        "pred_prose": _prose_multiset(pred),
    }


def _document_accuracy(doc: dict) -> float:
    """Cell accuracy of one document; a document with no gold cells has nothing to get wrong."""
    if not doc["cells"]:
        return 1.0 if doc["found"] else 0.0
    return (doc["cells"] - len(doc["wrong"])) / doc["cells"]


# --------------------------------------------------------------------------- aggregation


def _prf(tp: int, pred_total: int, gold_total: int) -> dict:
    """Precision, recall and F1; nothing predicted for nothing stated is perfect."""
    if pred_total == 0 and gold_total == 0:
        precision = recall = 1.0
    else:
        precision = _ratio(tp, pred_total)
        recall = _ratio(tp, gold_total)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "tp": tp,
        "pred_total": pred_total,
        "gold_total": gold_total,
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def _score_prose(docs: list[dict]) -> dict:
    """Micro P/R/F1 over per-document (metric, value) multisets, overall and per metric."""
    tp = gold_total = pred_total = 0
    per_metric: dict[str, Counter] = {}
    for doc in docs:
        gold_bag, pred_bag = doc["gold_prose"], doc["pred_prose"]
        common = gold_bag & pred_bag
        tp += sum(common.values())
        gold_total += sum(gold_bag.values())
        pred_total += sum(pred_bag.values())
        for name, bag in (("tp", common), ("gold", gold_bag), ("pred", pred_bag)):
            for (metric, _value), n in bag.items():
                per_metric.setdefault(metric, Counter())[name] += n
    result = _prf(tp, pred_total, gold_total)
    result["per_metric"] = {
        metric: _prf(c["tp"], c["pred"], c["gold"]) for metric, c in sorted(per_metric.items())
    }
    return result


def _score_tables(docs: list[dict]) -> dict:
    """Per printed table: how many documents have it all right, and its cell accuracy."""
    totals: dict[str, dict[str, int]] = {}
    for doc in docs:
        for table, (cells, correct) in doc["tables"].items():
            t = totals.setdefault(table, {"documents": 0, "exact": 0, "cells": 0, "correct": 0})
            t["documents"] += 1
            t["exact"] += cells == correct
            t["cells"] += cells
            t["correct"] += correct
    order = {name: i for i, name in enumerate(TABLE_ORDER)}
    return {
        table: group_summary(t)
        for table, t in sorted(totals.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
    }


def _score_meta(docs: list[dict]) -> dict:
    """Accuracy of year, edition and agency over the gold documents."""
    n = len(docs)
    result: dict[str, Any] = {"documents": n}
    for name in ("year", "edition", "agency"):
        correct = sum(bool(doc[name]) for doc in docs)
        result[name] = {"correct": correct, "accuracy": _ratio(correct, n)}
    return result


def _worst_documents(docs: list[dict]) -> list[dict]:
    """The documents with wrong cells, lowest cell accuracy first (ties by source)."""
    flawed = [doc for doc in docs if doc["wrong"] or not doc["found"]]
    flawed.sort(key=lambda doc: (_document_accuracy(doc), doc["source"]))
    return [
        {
            "source": doc["source"],
            "accuracy": _document_accuracy(doc),
            "wrong": len(doc["wrong"]),
            "cells": doc["cells"],
            "missing_prediction": not doc["found"],
            "wrong_cells": doc["wrong"][:WRONG_CELLS_PER_DOCUMENT],
        }
        for doc in flawed[:WORST_DOCUMENTS]
    ]


def _most_missed_keys(docs: list[dict]) -> list[dict]:
    """Keys wrong in the most documents: where an extractor fix pays off most."""
    wrong = Counter(cell["key"] for doc in docs for cell in doc["wrong"])
    ranked = sorted(wrong.items(), key=lambda kv: (-kv[1], kv[0]))[:MOST_MISSED_KEYS]
    return [{"key": key, "wrong": n} for key, n in ranked]


def _spurious_keys(docs: list[dict]) -> dict:
    """Predicted keys the gold does not list: reported apart, never part of accuracy."""
    counts = Counter(key for doc in docs for key in doc["spurious"])
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:SPURIOUS_KEYS_LISTED]
    return {"total": sum(counts.values()), "keys": [{"key": key, "count": n} for key, n in ranked]}


def score(gold: list[dict], pred: list[dict]) -> dict:
    """Score predicted records against gold records; the result is plain JSON data."""
    matched, duplicates, unmatched = match_predictions(gold, pred)
    docs = [score_document(g, matched.get(g["source"])) for g in gold]

    total_cells = sum(doc["cells"] for doc in docs)
    correct_cells = total_cells - sum(len(doc["wrong"]) for doc in docs)
    exact = sum(1 for doc in docs if doc["found"] and not doc["wrong"] and doc["edition"])
    return {
        "cells": {
            "total": total_cells,
            "correct": correct_cells,
            "accuracy": _ratio(correct_cells, total_cells),
        },
        "documents": {
            "total": len(docs),
            "exact": exact,
            "exact_rate": _ratio(exact, len(docs)),
            "missing_predictions": sum(1 for doc in docs if not doc["found"]),
            "errors": sum(1 for doc in docs if doc["error"]),
        },
        "tables": _score_tables(docs),
        "prose": _score_prose(docs),
        "meta": _score_meta(docs),
        "worst_documents": _worst_documents(docs),
        "most_missed_keys": _most_missed_keys(docs),
        "spurious_keys": _spurious_keys(docs),
        "duplicate_predictions": duplicates,
        "unmatched_predictions": {
            "count": len(unmatched),
            "sources": unmatched[:UNMATCHED_SOURCES_LISTED],
        },
    }


# --------------------------------------------------------------------------- reporting


def _pct(value: float) -> str:
    """A rate as a percentage with one decimal."""
    return f"{100 * value:.1f}%"


def format_summary(scores: dict) -> str:
    """A few plain-text lines for the terminal; the JSON from ``score`` has the details."""
    cells, docs, prose, meta = scores["cells"], scores["documents"], scores["prose"], scores["meta"]
    lines = [
        f"cells: {_pct(cells['accuracy'])} ({cells['correct']}/{cells['total']})",
        f"documents exact: {_pct(docs['exact_rate'])} ({docs['exact']}/{docs['total']}),"
        f" missing {docs['missing_predictions']}, errors {docs['errors']}",
    ]
    for table, t in scores["tables"].items():
        lines.append(
            f"  {table}: cells {_pct(t['accuracy'])} ({t['correct']}/{t['cells']}),"
            f" exact {t['exact']}/{t['documents']}"
        )
    lines.append(
        f"prose: P {prose['precision']:.3f} R {prose['recall']:.3f} F1 {prose['f1']:.3f}"
        f" (tp {prose['tp']}, pred {prose['pred_total']}, gold {prose['gold_total']})"
    )
    lines.append(
        "meta: "
        + ", ".join(f"{name} {_pct(meta[name]['accuracy'])}" for name in ("year", "edition", "agency"))
    )
    extras = []
    if scores.get("duplicate_predictions"):
        extras.append(f"duplicate predictions {scores['duplicate_predictions']}")
    if scores.get("unmatched_predictions", {}).get("count"):
        extras.append(f"unmatched predictions {scores['unmatched_predictions']['count']}")
    if scores.get("spurious_keys", {}).get("total"):
        extras.append(f"spurious keys {scores['spurious_keys']['total']}")
    if extras:
        lines.append("; ".join(extras))
    worst = scores["worst_documents"][:5]
    if worst:
        lines.append("worst documents:")
        for doc in worst:
            note = " (no prediction)" if doc.get("missing_prediction") else ""
            lines.append(f"  {doc['source']}: {_pct(doc['accuracy'])}, {doc['wrong']} wrong{note}")
    return "\n".join(lines)
