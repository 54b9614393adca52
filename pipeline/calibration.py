"""Calibrated confidences: a value's confidence mapped to how often such values are right.

The extractor's confidences are rules of thumb (1.0 for a clean cell, 0.95 for a pinned split, the OCR
recogniser's score), not probabilities: on generated documents many wrong values carried 0.999. A small table,
fitted per method on a tuning set of generated documents by ``eval/calibrate.py`` (isotonic regression) and
shipped as JSON in ``models/calibration/``, maps (method, confidence) to the share of such values that were
right. Applying it is a piecewise-linear look-up, no library and no pickle.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass
from pathlib import Path

CALIBRATION_FILE = "confidence.json"
#: Methods as exports name them (see :func:`method_of`).
METHODS = ("cell", "text", "split", "placed", "cross_year", "ocr", "repaired", "prose", "reviewed")
#: A value a person vouched for is right by definition of the dataset.
REVIEWED = "reviewed"


def method_of(provenance: dict) -> str:
    """The method a value was read by, as exports name it: an OCR reading the identities corrected is
    ``repaired``; a legacy value stated only in a sentence is ``prose``."""
    method = provenance.get("method") or "unknown"
    if method == REVIEWED:
        return REVIEWED
    if provenance.get("repaired") or method == "ocr+identity":
        return "repaired"
    return method


@dataclass(frozen=True)
class Calibration:
    """Per method, the isotonic fit: ``thresholds`` ascending, ``values`` the calibrated confidence at each,
    linear in between (as scikit-learn's ``IsotonicRegression`` predicts), flat beyond the ends."""

    steps: dict[str, tuple[tuple[float, ...], tuple[float, ...]]]
    fitted_on: dict

    def apply(self, method: str, confidence: float | None) -> float | None:
        """The calibrated confidence; the raw one for a method the table does not know."""
        if method == REVIEWED:
            return 1.0
        if confidence is None:
            return None
        step = self.steps.get(method)
        if step is None:
            return confidence
        thresholds, values = step
        index = bisect.bisect_right(thresholds, confidence)
        if index == 0:
            return values[0]
        if index == len(thresholds):
            return values[-1]
        x0, x1, y0, y1 = thresholds[index - 1], thresholds[index], values[index - 1], values[index]
        return round(y0 + (y1 - y0) * (confidence - x0) / (x1 - x0), 4)

    def to_json(self) -> dict:
        return {"steps": {m: {"thresholds": list(t), "values": list(v)} for m, (t, v) in self.steps.items()},
                "fitted_on": self.fitted_on}

    @classmethod
    def from_json(cls, data: dict) -> Calibration:
        steps = {m: (tuple(s["thresholds"]), tuple(s["values"])) for m, s in data.get("steps", {}).items()}
        return cls(steps, dict(data.get("fitted_on") or {}))

    @classmethod
    def load(cls, folder: Path) -> Calibration | None:
        path = folder / CALIBRATION_FILE
        return cls.from_json(json.loads(path.read_text("utf-8"))) if path.is_file() else None


IDENTITY = Calibration({}, {"note": "no calibration table: raw confidences"})
