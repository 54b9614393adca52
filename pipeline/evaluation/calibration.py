"""How far the confidences can be trusted: expected calibration error, and fitting the calibration table.

Every predicted value with a gold value to compare is one outcome: (method, confidence, right or wrong). The
expected calibration error (ECE) is the gap between confidence and accuracy, averaged over equal-width
confidence bins weighted by their share of values; 0 means "90 % sure" values are right 90 % of the time.
The fit is isotonic regression per method (scikit-learn), each block's share right smoothed by one pseudo-count
either way, kept as a table (:class:`pipeline.calibration.Calibration`), no pickle.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..calibration import Calibration, method_of
from .scoring import match_predictions, values_equal

ECE_BINS = 10
#: A method with fewer outcomes than this in the tuning set keeps its raw confidences.
MIN_OUTCOMES = 30


@dataclass(frozen=True)
class Outcome:
    method: str
    confidence: float
    right: bool


def outcomes(gold: list[dict], pred: list[dict]) -> list[Outcome]:
    """Per predicted value that has a gold value and a confidence: its method, confidence and whether right."""
    matched, _, _ = match_predictions(gold, pred)
    out = []
    for g in gold:
        record = matched.get(g["source"])
        if record is None:
            continue
        fields, provenance = record.get("fields") or {}, record.get("provenance") or {}
        for key, value in fields.items():
            where = provenance.get(key) or {}
            if key not in (g.get("fields") or {}) or where.get("confidence") is None:
                continue
            out.append(Outcome(method_of(where), float(where["confidence"]), values_equal(g["fields"][key], value)))
    return out


def ece(pairs: list[tuple[float, bool]], bins: int = ECE_BINS) -> dict:
    """Expected calibration error over (confidence, right) pairs, with the bins it was made of."""
    if not pairs:
        return {"ece": None, "values": 0, "bins": []}
    table = []
    total = 0.0
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        inside = [(c, r) for c, r in pairs if low <= c < high or (b == bins - 1 and c == 1.0)]
        if not inside:
            continue
        confidence = sum(c for c, _ in inside) / len(inside)
        accuracy = sum(r for _, r in inside) / len(inside)
        total += len(inside) / len(pairs) * abs(confidence - accuracy)
        table.append({"from": low, "to": high, "values": len(inside), "confidence": round(confidence, 4),
                      "accuracy": round(accuracy, 4)})
    return {"ece": round(total, 4), "values": len(pairs), "bins": table,
            "wrong_at_0999": sum(1 for c, r in pairs if c >= 0.999 and not r),
            "wrong": sum(1 for _, r in pairs if not r)}


def reliability(found: list[Outcome], calibration: Calibration | None = None) -> dict:
    """ECE of the raw confidences and, with a calibration, of the calibrated ones; overall and per method."""
    def pairs(items, calibrated):
        return [((calibration.apply(o.method, o.confidence) if calibrated else o.confidence), o.right)
                for o in items]

    methods = sorted({o.method for o in found})
    out = {"raw": ece(pairs(found, False)),
           "per_method": {m: {"raw": ece(pairs([o for o in found if o.method == m], False))} for m in methods}}
    if calibration is not None:
        out["calibrated"] = ece(pairs(found, True))
        for m in methods:
            out["per_method"][m]["calibrated"] = ece(pairs([o for o in found if o.method == m], True))
    return out


def _smoothed_blocks(fitted, right: list[float]) -> dict[float, float]:
    """Per block of the isotonic fit (values fitted alike), the share right with one pseudo-count each way:
    (right + 1) / (n + 2). Finite evidence never makes a reading certain: 300 right of 300 gives 0.9967."""
    blocks: dict[float, list[float]] = {}
    for value, r in zip(fitted, right, strict=True):
        blocks.setdefault(round(float(value), 9), []).append(r)
    return {v: (sum(rs) + 1) / (len(rs) + 2) for v, rs in blocks.items()}


def fit(found: list[Outcome], note: dict | None = None) -> Calibration:
    """Isotonic regression of right-or-wrong on confidence, per method with enough outcomes, each block's
    share right smoothed (:func:`_smoothed_blocks`)."""
    from sklearn.isotonic import IsotonicRegression

    steps = {}
    counts = {}
    for method in sorted({o.method for o in found}):
        mine = [o for o in found if o.method == method]
        counts[method] = {"values": len(mine), "wrong": sum(not o.right for o in mine)}
        if len(mine) < MIN_OUTCOMES:
            continue
        model = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip", increasing=True)
        xs, ys = [o.confidence for o in mine], [float(o.right) for o in mine]
        model.fit(xs, ys)
        smoothed = _smoothed_blocks(model.predict(xs), ys)
        thresholds = [float(x) for x in model.X_thresholds_]
        values, top = [], 0.0
        for y in model.y_thresholds_:
            top = max(top, smoothed[round(float(y), 9)])  # kept monotone
            values.append(round(top, 4))
        steps[method] = (tuple(thresholds), tuple(values))
    return Calibration(steps, {**(note or {}), "per_method": counts})
