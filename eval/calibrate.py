"""Fit the confidence calibration (issue 17) and measure it on held-out documents.

    python eval/calibrate.py --tune-gold T --tune-pred T_STORE --held-gold H --held-pred H_STORE \
        [--out models/calibration]

T and H are folders of generated documents with their gold (``gongkai synth`` with two different seeds), the
predictions their ``gongkai batch`` stores (or ``gongkai extract`` JSON Lines; several are merged, the later
replacing the earlier per document). The table is fitted on T only (isotonic regression per method,
:mod:`pipeline.evaluation.calibration`) and written as ``confidence.json``; the expected calibration error is
printed before and after on T (fitted on, not held out) and on H (held out).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.calibration import CALIBRATION_FILE  # noqa: E402
from pipeline.evaluation.calibration import fit, outcomes, reliability  # noqa: E402
from pipeline.evaluation.scoring import load_gold_dir, load_predictions  # noqa: E402
from pipeline.sinks.store import Store, store_path  # noqa: E402


def records(paths: list[Path]) -> list[dict]:
    """Records of batch stores or JSON Lines files; a later file's record of a source replaces an earlier's
    (to re-extract part of a set, e.g. its text and PDF documents, after a change that spares the scans)."""
    by_source: dict[str, dict] = {}
    for path in paths:
        if path.suffix == ".jsonl":
            found = load_predictions(path)
        else:
            with Store(store_path(path), read_only=True) as store:
                found = [r for batch in store.records() for r in batch]
        by_source.update({r["source"]: r for r in found})
    return list(by_source.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune-gold", type=Path, required=True)
    parser.add_argument("--tune-pred", type=Path, nargs="+", required=True, help="stores or .jsonl files")
    parser.add_argument("--held-gold", type=Path, action="append", default=[])
    parser.add_argument("--held-pred", type=Path, nargs="+", action="append", default=[],
                        help="per --held-gold: stores or .jsonl files")
    parser.add_argument("--out", type=Path, default=ROOT / "models" / "calibration")
    args = parser.parse_args()
    tune = outcomes(load_gold_dir(args.tune_gold), records(args.tune_pred))
    table = fit(tune, {"tuning_set": str(args.tune_gold.name), "values": len(tune),
                       "method": "isotonic regression per method (scikit-learn), generated documents only"})
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / CALIBRATION_FILE).write_text(json.dumps(table.to_json(), indent=1) + "\n", encoding="utf-8")
    report = {"tune (fitted on)": reliability(tune, table)}
    for gold, pred in zip(args.held_gold, args.held_pred, strict=True):
        report[f"held out: {gold.name}"] = reliability(outcomes(load_gold_dir(gold), records(pred)), table)
    for name, r in report.items():
        print(f"{name}: {r['raw']['values']} values, {r['raw']['wrong']} wrong; ECE raw {r['raw']['ece']} → "
              f"calibrated {r['calibrated']['ece']}")
        for method, m in r["per_method"].items():
            print(f"  {method}: {m['raw']['values']} values, {m['raw']['wrong']} wrong, ECE {m['raw']['ece']} → "
                  f"{m['calibrated']['ece']}")
    print(json.dumps(table.fitted_on, ensure_ascii=False))


if __name__ == "__main__":
    main()
