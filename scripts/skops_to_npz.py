"""Convert models saved in skops format (gongkai before 0.1.0's numpy models) to gongkai's numpy format.

No retraining: the fitted arrays are exported as they are, so every metric of the models stays the same. The
converted models are checked against the skops pipelines on every text of the corpora (the largest
difference in probability is printed; above 1e-9 the conversion fails). Needs scikit-learn and skops::

    python scripts/skops_to_npz.py models          # models/prose/model.skops, models/labels/*.skops
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.models import LABEL_MODEL, PROSE_MODEL  # noqa: E402
from pipeline.prose.classifier import ProseClassifier, features  # noqa: E402
from pipeline.template import label_model as lm  # noqa: E402
from pipeline.template.normalize import normalize_label  # noqa: E402

MAX_DIFFERENCE = 1e-9


def load_skops(path: Path):
    import skops.io

    untrusted = skops.io.get_untrusted_types(file=path)
    unexpected = [t for t in untrusted if not t.startswith(("sklearn.", "numpy.", "scipy.sparse.", "builtins."))]
    if unexpected:
        raise ValueError(f"{path} holds types this does not load: {', '.join(unexpected)}")
    return skops.io.load(path, trusted=untrusted)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", type=Path, help="the models folder (prose/, labels/)")
    parser.add_argument("--keep", action="store_true", help="keep the .skops files")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "tests"))
    from model_texts import corpus_contexts, corpus_label_texts  # the texts the tests check with

    prose_skops = args.models / PROSE_MODEL / "model.skops"
    if prose_skops.is_file():
        pipeline = load_skops(prose_skops)
        threshold = None
        metrics = args.models / PROSE_MODEL / "metrics.json"
        if metrics.is_file():
            threshold = json.loads(metrics.read_text("utf-8")).get("min_probability")
        model = ProseClassifier.from_sklearn(pipeline, threshold)
        contexts = corpus_contexts()
        diff = _max_difference(pipeline.predict_proba([features(c) for c in contexts]),
                               model.linear.predict_proba([features(c) for c in contexts]))
        print(f"prose: {len(contexts)} contexts, max |dp| {diff:.3g}")
        if diff > MAX_DIFFERENCE:
            return 1
        model.save(args.models / PROSE_MODEL)
    texts = [normalize_label(t) for t in corpus_label_texts()]
    for name in (lm.MODEL_NAME, lm.PRE2019_MODEL_NAME):
        path = args.models / LABEL_MODEL / f"{name}.skops"
        if not path.is_file():
            continue
        pipeline = load_skops(path)
        model = lm.LabelModel.from_sklearn(pipeline)
        diff = _max_difference(pipeline.predict_proba(texts), model.linear.predict_proba(texts))
        print(f"{name}: {len(texts)} texts, max |dp| {diff:.3g}")
        if diff > MAX_DIFFERENCE:
            return 1
        model.save(args.models / LABEL_MODEL, name)
    if not args.keep:
        for path in [prose_skops, *(args.models / LABEL_MODEL).glob("*.skops")]:
            path.unlink(missing_ok=True)
    return 0


def _max_difference(a, b) -> float:
    import numpy as np

    return float(np.abs(np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64)).max())


if __name__ == "__main__":
    raise SystemExit(main())
