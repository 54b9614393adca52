"""The regression corpus: a fixed, seeded generated corpus small enough for CI, and its recorded accuracy.

``python eval/regression.py`` prints the accuracy per layout now; ``--record`` writes it to
``eval/regression_baseline.json``, the level ``tests/test_regression.py`` holds the pipeline to.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "eval" / "regression_baseline.json"
SEED = 2024
PER_LAYOUT = 4
#: Layouts the regression corpus covers: every format the extractor reads (scans need OCR; Word is slow).
LAYOUTS = ("cms", "word", "split", "gbk_nometa", "portrait", "landscape", "small", "repeat_header", "wps",
           "cells", "layout", "runon", "docx")


def measure(work: Path) -> dict:
    """Generate the corpus into ``work``, extract it, and score it per layout."""
    sys.path.insert(0, str(ROOT))
    from pipeline.evaluation.scoring import load_gold_dir, score
    from pipeline.extract import extract_file
    from pipeline.synth.generate import synthesize

    synthesize(PER_LAYOUT * len(LAYOUTS), SEED, work, layouts=list(LAYOUTS))
    gold = load_gold_dir(work)
    pred = {g["source"]: extract_file(work / g["source"]) for g in gold}
    out: dict[str, dict] = {}
    for layout in LAYOUTS:
        docs = [g for g in gold if g.get("synth", {}).get("layout") == layout]
        s = score(docs, [pred[g["source"]] for g in docs])
        out[layout] = {"documents": len(docs), "cells": round(s["cells"]["accuracy"], 6),
                       "prose_f1": round(s["prose"]["f1"], 6)}
    total = score(gold, list(pred.values()))
    out["all"] = {"documents": len(gold), "cells": round(total["cells"]["accuracy"], 6),
                  "prose_f1": round(total["prose"]["f1"], 6)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--record", action="store_true", help="write the figures as the new baseline")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        figures = measure(Path(tmp))
    print(json.dumps(figures, indent=1))
    if args.record:
        BASELINE.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
        print(f"recorded in {BASELINE}")


if __name__ == "__main__":
    main()
