"""The prose classifier's thresholds are chosen where the rules are blind (training.calibrate)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np

from pipeline.training import (
    CALIBRATION_SPLITS,
    calibrate,
    load_corpus,
    prose_scores,
    train,
    train_classifier,
)

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "prose" / "real"
#: Two whole reports of the rules-blind calibration set (a township's, zg-*; a department's, zh-*) beside nine excerpts.
CALIBRATION = ("zg-20.txt", "zh-08.txt")


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for pattern in ("a-0*", *(name.replace(".txt", ".*") for name in CALIBRATION)):
        for path in sorted(CORPUS.glob(pattern)):
            shutil.copy(path, folder / path.name)
    (folder / "split.json").write_text(json.dumps({CALIBRATION_SPLITS[0]: list(CALIBRATION)}), "utf-8")
    return folder


def test_thresholds_are_chosen_on_the_calibration_set_by_a_model_fitted_without_it(tmp_path):
    folder = _corpus(tmp_path)
    side = [d for d in load_corpus([folder]).documents if not d.kept_apart]
    calibration = [d for d in side if d.calibration]
    assert sorted(d.source for d in calibration) == sorted(CALIBRATION)
    chosen = calibrate(side, 0)
    model = chosen.pop("model")
    assert (chosen["documents"], chosen["fitted_on"]) == (2, len(side) - 2)
    # fitted on the rest alone: the same arrays as a fit that never saw the calibration reports
    alone = train_classifier([d for d in side if not d.calibration], 0, chosen["C"])
    assert np.array_equal(model.linear.coef, alone.linear.coef)
    # the setting chosen is the best on the calibration reports, ties to the most cautious (listed first)
    best = max(chosen["grid_f1"].values())
    first = next(k for k, v in chosen["grid_f1"].items() if v == best)
    assert first.startswith(f"C={chosen['C']} ") and chosen["rules+classifier"]["f1"] == best
    assert chosen["rules"] == prose_scores(calibration, None) and best >= chosen["rules"]["f1"]
    assert (model.min_probability, model.veto_below) == (chosen["min_probability"], chosen["veto_below"])
    metrics = train([folder], tmp_path / "prose")
    assert metrics["documents"]["calibration"] == 2
    assert (metrics["min_probability"], metrics["veto_below"]) == (chosen["min_probability"], chosen["veto_below"])


def test_without_a_calibration_set_nothing_is_calibrated(tmp_path):
    folder = _corpus(tmp_path)
    (folder / "split.json").unlink()
    side = [d for d in load_corpus([folder]).documents if not d.kept_apart]
    assert not any(d.calibration for d in side) and calibrate(side, 0) is None
    # train() then ships the cross-validation's choice: tests/test_models.py::test_extract_with_a_retrained_model
