"""What makes an evaluation citable: the build and the gold set it was run on, confidence intervals, and the
breakdown per agency.

Intervals are percentile bootstrap intervals over documents (documents are resampled, not cells: the cells of
one document are not independent), with a fixed seed so the same run prints the same interval.
"""

from __future__ import annotations

import random
from collections import Counter

from .scoring import _agency, _prf, match_predictions, score_document

BOOTSTRAP_SAMPLES = 1000
BOOTSTRAP_SEED = 17
CI_LEVEL = 0.95


def is_generated(gold: dict) -> bool:
    """A generated document: its gold carries ``synth`` (``gongkai synth``), or it is named as the project's
    renderings are, ``NAME.LAYOUT.EXT`` (``hedong-2020.cms.html``, ``synth-000.portrait.pdf``); a published
    report keeps its own name (``hongze-2023.pdf``)."""
    name = str(gold.get("source") or "").rsplit("/", 1)[-1]
    return bool(gold.get("synth")) or name.startswith("synth-") or name.count(".") >= 2


def gold_set(gold: list[dict]) -> dict:
    """How many gold documents are real (published reports) and how many generated, by edition."""
    generated = [g for g in gold if is_generated(g)]
    return {"documents": len(gold), "real": len(gold) - len(generated), "generated": len(generated),
            "by_edition": dict(Counter(str((g.get("meta") or {}).get("edition")) for g in gold))}


def _interval(values: list[float]) -> list[float]:
    values = sorted(values)
    tail = (1 - CI_LEVEL) / 2
    return [round(values[int(tail * (len(values) - 1))], 4), round(values[int((1 - tail) * (len(values) - 1))], 4)]


def bootstrap(gold: list[dict], pred: list[dict], samples: int = BOOTSTRAP_SAMPLES,
              seed: int = BOOTSTRAP_SEED) -> dict:
    """95 % intervals for cell accuracy and prose micro F1, documents resampled with replacement (none when
    ``samples`` is 0: ``gongkai eval --bootstrap 0`` skips them)."""
    if samples <= 0:
        return {}
    matched, _, _ = match_predictions(gold, pred)
    docs = [score_document(g, matched.get(g["source"])) for g in gold]
    if not docs:
        return {}
    per_doc = [(d["cells"], d["cells"] - len(d["wrong"]), sum((d["gold_prose"] & d["pred_prose"]).values()),
                sum(d["pred_prose"].values()), sum(d["gold_prose"].values())) for d in docs]
    rng = random.Random(seed)
    accuracy, f1 = [], []
    for _ in range(samples):
        sample = [per_doc[rng.randrange(len(per_doc))] for _ in per_doc]
        cells = sum(s[0] for s in sample)
        accuracy.append(sum(s[1] for s in sample) / cells if cells else 1.0)
        f1.append(_prf(sum(s[2] for s in sample), sum(s[3] for s in sample), sum(s[4] for s in sample))["f1"])
    return {"samples": samples, "seed": seed, "level": CI_LEVEL, "cell_accuracy": _interval(accuracy),
            "prose_f1": _interval(f1)}


def per_agency(gold: list[dict], pred: list[dict]) -> list[dict]:
    """Cell accuracy and exact documents per agency (the gold's name), most cells first."""
    matched, _, _ = match_predictions(gold, pred)
    groups: dict[str, list[dict]] = {}
    for g in gold:
        name = str(_agency((g.get("meta") or {}).get("agency")) or "(no agency)")
        groups.setdefault(name, []).append(score_document(g, matched.get(g["source"])))
    out = []
    for name, docs in groups.items():
        cells = sum(d["cells"] for d in docs)
        right = cells - sum(len(d["wrong"]) for d in docs)
        out.append({"agency": name, "documents": len(docs), "cells": cells, "correct": right,
                    "accuracy": round(right / cells, 4) if cells else None,
                    "exact": sum(1 for d in docs if d["found"] and not d["wrong"] and d["edition"])})
    return sorted(out, key=lambda r: (-r["cells"], r["agency"]))


def wrong_but_ok(gold: list[dict], pred: list[dict]) -> list[str]:
    """Documents with a wrong value whose record says ``ok`` (the target is none: ``ok`` means verified)."""
    matched, _, _ = match_predictions(gold, pred)
    return [g["source"] for g in gold if (r := matched.get(g["source"])) is not None
            and r.get("status") == "ok" and score_document(g, r)["wrong"]]
