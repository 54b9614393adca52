"""The prose classifier on the rules-blind calibration set: where the rules lose figures, and what it adds there.

The calibration set is ``pipeline.training.CALIBRATION_SPLITS``: the batches that joined the tuning side last, that no
rule has been tuned on yet. A classifier fitted without them (every other train and dev excerpt) is measured on them
at every regularisation and threshold ``gongkai train`` tries (``training.calibrate``, the choice ``train`` ships),
beside the rules alone, and (``--losses``) every gold
entry the rules miss and every figure they take wrongly is sorted by where it was lost:

- ``a``: no candidate has the value (the candidate finder never lists it: a number form, a unit, a span);
- ``b``: a candidate has the value, the rules left it (and took nothing else for the entry's metric);
- ``c``: taken under another metric (``c-metric``), or the metric taken with another value (``c-value``: a part,
  the year, a stock).

A false positive is sorted the same way: ``c-metric`` (its value is gold under another metric), ``c-value`` (its
metric is gold with another value), ``b`` (a figure that states no metric taken). With ``--model`` the shipped
classifier's grid is printed too (trained on the calibration set itself since the batches joined: not a fair
measure, shown for comparison); ``--out`` saves the calibrated classifier, to measure it elsewhere. Only the
calibration set (train side) is read.

    python eval/prose_calibration.py [--losses] [--model models/prose] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # this checkout's code, whatever the editable install points at
    sys.path.insert(0, str(ROOT))

from pipeline import training  # noqa: E402
from pipeline.prose.classifier import ProseClassifier  # noqa: E402
from pipeline.training import ADD_THRESHOLDS, VETO_THRESHOLDS, _combined, _name, _probabilities, _scores_of  # noqa: E402

CORPUS = ROOT / "corpora" / "prose" / "real"


def grid(docs, model) -> dict[str, dict]:
    """Prose P/R/F1 of ``docs`` at every (add, veto) pair, with ``model``'s probabilities."""
    probabilities = [_probabilities(d, model) for d in docs]
    return {f"add={_name(a)} veto={_name(v)}": _scores_of(docs, [_combined(d, model, p, a, v)
                                                               for d, p in zip(docs, probabilities, strict=True)])
            for a in ADD_THRESHOLDS for v in VETO_THRESHOLDS}


def losses(doc, decided) -> tuple[Counter, list[str]]:
    """The document's missed gold entries and false positives, each by where it was lost (see the docstring)."""
    gold = Counter((e["metric"], Decimal(str(e["value"]))) for e in doc.gold.get("prose", []))
    pred = Counter((m, Decimal(str(f.candidate.value))) for f, m, _, _ in decided)
    values = {Decimal(str(f.candidate.value)) for f in doc.figures}
    counts, lines = Counter(), []
    for (metric, value), n in (gold - pred).items():
        if value not in values:
            kind = "a"
        elif any(v == value and m != metric for m, v in pred):
            kind = "c-metric"
        elif any(m == metric and (m, v) not in gold for m, v in pred):
            kind = "c-value"
        else:
            kind = "b"
        counts[f"missed {kind}"] += n
        lines.append(f"missed {kind:8} {doc.source} {metric} {value}")
    for (metric, value), n in (pred - gold).items():
        if any(v == value and m != metric for m, v in gold):
            kind = "c-metric"
        elif any(m == metric for m, _ in gold):
            kind = "c-value"
        else:
            kind = "b"
        counts[f"false {kind}"] += n
        lines.append(f"false  {kind:8} {doc.source} {metric} {value}")
    return counts, lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--losses", action="store_true", help="list the rules' missed and false entries by class")
    parser.add_argument("--model", type=Path, help="also the grid of this (shipped) classifier")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="save the calibrated classifier here (to measure it elsewhere)")
    args = parser.parse_args()
    corpus = training.load_corpus([CORPUS])
    side = [d for d in corpus.documents if not d.kept_apart]
    calibration = [d for d in side if d.calibration]
    chosen = training.calibrate(side, args.seed)
    if chosen is None:
        parser.error(f"no calibration document ({', '.join(training.CALIBRATION_SPLITS)}) on the train side")
    model = chosen.pop("model")
    print(f"calibration set {', '.join(chosen['splits'])}: {chosen['documents']} excerpts; fitted on the other "
          f"{chosen['fitted_on']}")
    print("rules alone", chosen["rules"])
    print(f"chosen: C={model.c} add={_name(model.min_probability)} veto={_name(model.veto_below)}",
          chosen["rules+classifier"])
    print("every setting's F1 (fitted without the calibration set):")
    for setting, f1 in chosen["grid_f1"].items():
        print(f"  {setting:28} {f1:.4f}")
    if args.model:
        print(f"\nthe classifier of {args.model} (trained on the calibration set too: not a fair measure)")
        for setting, s in grid(calibration, ProseClassifier.load(args.model)).items():
            print(f"  {setting:22} P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.4f} tp {s['tp']} "
                  f"pred {s['pred_total']} gold {s['gold_total']}")
    if args.out:
        model.save(args.out)
        (args.out / "metrics.json").write_text(json.dumps({"calibration": chosen}, indent=1) + "\n", "utf-8")
    if args.losses:
        for name, m in (("rules alone", None), ("rules + the calibrated classifier", model)):
            total, lines = Counter(), []
            for d in calibration:
                counts, found = losses(d, _combined(d, m, _probabilities(d, m) if m else None,
                                                    m and m.min_probability, m and m.veto_below))
                total += counts
                lines += found
            print(f"\n{name}:\n" + "\n".join(lines))
            print("\n".join(f"{k}: {v}" for k, v in sorted(total.items())))
            missed = sum(v for k, v in total.items() if k.startswith("missed"))
            print(f"missed {missed}, false {sum(total.values()) - missed}, gold {chosen['rules']['gold_total']}")

if __name__ == "__main__":
    main()
