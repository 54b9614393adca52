"""The regression suite: accuracy on the fixed generated corpus must not drop below the recorded level."""

from __future__ import annotations

import json
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "eval"))
from regression import BASELINE, LAYOUTS, measure  # noqa: E402

#: Room for floating-point noise only: any real loss of a cell fails.
TOLERANCE = 1e-9


def test_accuracy_does_not_drop_below_the_recorded_level(tmp_path):
    baseline = json.loads(BASELINE.read_text("utf-8"))
    now = measure(tmp_path)
    assert set(LAYOUTS) <= set(now)
    drops = [f"{layout} {metric}: {baseline[layout][metric]} → {now[layout][metric]}"
             for layout in baseline for metric in ("cells", "prose_f1")
             if now[layout][metric] < baseline[layout][metric] - TOLERANCE]
    assert not drops, "accuracy dropped below the recorded level (eval/regression.py --record after a real gain):\n" \
        + "\n".join(drops)
