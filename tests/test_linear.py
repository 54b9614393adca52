"""The numpy models give scikit-learn's probabilities, on every corpus text, and its hashes.

The shipped models are compared with the same arrays run by scikit-learn (:meth:`LinearModel.to_sklearn`);
a freshly trained pipeline is compared with its export, so training and the numpy inference stay in step.
"""

from __future__ import annotations

import random

import numpy as np
import pytest
from conftest import ROOT
from model_texts import corpus_contexts, corpus_label_texts

from pipeline.linear import CHAR_TFIDF, DICT, LinearModel, bucket, char_ngrams
from pipeline.prose.classifier import ProseClassifier, features
from pipeline.template import label_model as lm
from pipeline.template.normalize import normalize_label

MODELS = ROOT / "models"
#: The largest difference in probability allowed between numpy and scikit-learn.
TOLERANCE = 1e-9


def _max_difference(model: LinearModel, inputs: list) -> float:
    expected = model.to_sklearn().predict_proba(inputs)
    return float(np.abs(model.predict_proba(inputs).astype(np.float64) - expected).max())


def test_mmh3_buckets_are_scikit_learns():
    from sklearn.utils import murmurhash3_32

    grams = {g for text in corpus_label_texts() for g in char_ngrams(normalize_label(text), 1, 3)}
    grams |= {"", " ", "tl=政府信息", "rule=none", "\U0002000b", "n3=Ⓝ条。"}
    for n in (2**15, 2**20, 7):
        for gram in grams:
            assert bucket(gram, n) == abs(murmurhash3_32(gram, seed=0)) % n, gram


@pytest.mark.parametrize("name", [lm.MODEL_NAME, lm.PRE2019_MODEL_NAME])
def test_shipped_label_models_equal_scikit_learn_on_every_corpus_text(name):
    model = LinearModel.load(MODELS / "labels", name)
    assert model.kind == CHAR_TFIDF
    texts = [normalize_label(t) for t in corpus_label_texts()] + ["", "  ", "对外公开总数量"]
    assert len(texts) > 1000
    assert _max_difference(model, texts) < TOLERANCE


def test_shipped_prose_model_equals_scikit_learn_on_every_corpus_figure():
    model = ProseClassifier.load(MODELS / "prose").linear
    assert model.kind == DICT
    rows = [features(c) for c in corpus_contexts()]
    assert len(rows) > 1000
    assert _max_difference(model, rows + [{}]) < TOLERANCE


def test_a_trained_pipeline_and_its_export_agree(tmp_path):
    """Two classes and many, dict and char features: the export (saved and loaded) answers as scikit-learn."""
    from sklearn.feature_extraction import FeatureHasher
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    rng = random.Random(5)
    words = ["公开", "申请", "复议", "诉讼", "培训", "会议", "信息", "解读"]
    drawn = [(rng.randrange(len(words)), rng.randint(0, 9)) for _ in range(300)]
    rows = [{f"w={words[w]}": 1.0, f"v={v}": 1.0} for w, v in drawn]
    for classes in (2, 4):
        labels = [str((w + v) % classes) for w, v in drawn]
        pipeline = Pipeline([("features", FeatureHasher(n_features=2**10, input_type="dict", alternate_sign=False)),
                             ("model", LogisticRegression(max_iter=500))]).fit(rows, labels)
        LinearModel.from_sklearn(pipeline).save(tmp_path, f"dict{classes}")
        loaded = LinearModel.load(tmp_path, f"dict{classes}")
        assert np.abs(loaded.predict_proba(rows) - pipeline.predict_proba(rows)).max() < TOLERANCE
    texts = [f"{rng.choice(words)}{rng.choice(words)}  {rng.choice(words)}" for _ in range(200)]
    labels = [str(len(set(t)) % 3) for t in texts]
    pipeline = lm.LabelModel.fit_pipeline(texts, labels)
    exported = LinearModel.from_sklearn(pipeline)
    norms = [normalize_label(t) for t in texts]
    assert np.abs(exported.predict_proba(norms) - pipeline.predict_proba(norms)).max() < TOLERANCE
