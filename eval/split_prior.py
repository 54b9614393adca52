"""Measure the splitter's prior (a 本年增/减 of 0 is common) on table 二 rows cut out of run-together digits.

    python eval/split_prior.py --gold DIR --pred records.jsonl

For every ambiguous table-二 row of the records (a cut no identity decides), is the chosen cut right, and is
any record ``ok`` with a wrong value? Run it on records extracted before and after a change to compare.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.evaluation.scoring import load_gold_dir, load_predictions, match_predictions, values_equal  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, required=True)
    parser.add_argument("--pred", type=Path, required=True)
    args = parser.parse_args()
    gold = load_gold_dir(args.gold)
    matched, _, _ = match_predictions(gold, load_predictions(args.pred))
    rows = right = zero_truth = wrong_ok = cells = cells_right = 0
    for g in gold:
        record = matched.get(g["source"])
        if record is None:
            continue
        wrong = [k for k, v in g["fields"].items() if not values_equal(v, record["fields"].get(k, object()))]
        wrong_ok += bool(wrong) and record["status"] == "ok"
        for amb in record.get("ambiguities", []):
            keys = [k for k in amb["keys"] if k.startswith("active.")]
            if not keys:
                continue
            rows += 1
            good = all(values_equal(g["fields"].get(k), record["fields"].get(k)) for k in keys)
            right += good
            zero_truth += any(k.endswith(".change") and g["fields"].get(k) == 0 for k in keys)
            cells += len(keys)
            cells_right += sum(values_equal(g["fields"].get(k), record["fields"].get(k)) for k in keys)
    print(f"ambiguous table-二 rows: {rows}, chosen cut right {right} ({right / max(rows, 1):.1%}); "
          f"rows whose true 本年增/减 is 0: {zero_truth}; cells right {cells_right}/{cells}; "
          f"documents wrong but ok: {wrong_ok}")


if __name__ == "__main__":
    main()
