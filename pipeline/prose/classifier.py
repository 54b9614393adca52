"""The learned prose classifier: which metric (or none) a candidate figure states, from its context.

Features are character n-grams and jieba tokens of the masked words before and after the number (and of the
rest of its clause), the unit, the clues of the conventions (其中, cumulative, another year, one channel, 余,
分别), the rule's own answer and the lexicon's classes (:mod:`.lexicon`), the kind of another domain's subject
the clause names (:mod:`.subjects`), the number's shape, what the section heading above it is about, and the
document-level signals of :mod:`.signals` (the rules' decision for the figure and in the report, totals and their
parts, the figure's place in its sentence, a table total it equals). A logistic regression (fixed seed, trained with scikit-learn) maps them to a metric or ``none``. The model is
saved as plain numpy arrays and JSON (:mod:`pipeline.linear`, never pickle) and run in numpy.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from ..linear import LinearModel
from .context import Context
from .lexicon import CLASSES, HANDLED, LISTED, lexicon_metric
from .nlp import tokenize
from .rules import apply_rules

NONE = "none"
#: Characters nearest the number carry most of the meaning; they get their own n-grams.
NEAR_CHARS = 10
#: Below this probability the classifier says no metric (when training did not choose one: see training.py).
MIN_PROBABILITY = 0.7
#: The model's files: ``model.npz`` (arrays) and ``model.json`` (classes, hashing, threshold).
MODEL_NAME = "model"
MODEL_FILE = f"{MODEL_NAME}.npz"
HASHED_FEATURES = 2**15
#: Characters of the clause after the unit whose jieba tokens are features.
CLAUSE_RIGHT_CHARS = 20


def features(ctx: Context, signals: tuple[str, ...] = ()) -> dict[str, float]:
    """The figure's features: its context's, and the document-level signals of :mod:`.signals` (if given)."""
    out = dict(_features(ctx))
    for name in signals:
        out[f"doc:{name}"] = 1.0
    return out


@lru_cache(maxsize=8192)
def _features(ctx: Context) -> tuple[tuple[str, float], ...]:
    f: dict[str, float] = {f"unit={ctx.unit}": 1.0}
    near = ctx.left[-NEAR_CHARS:]
    for n in (1, 2, 3):
        for i in range(len(near) - n + 1):
            f[f"n{n}={near[i:i + n]}"] = 1.0
        for i in range(len(ctx.left) - n + 1):
            f[f"l{n}={ctx.left[i:i + n]}"] = 1.0
        for i in range(len(ctx.right) - n + 1):
            f[f"r{n}={ctx.right[i:i + n]}"] = 1.0
    for token in tokenize(ctx.left[-16:]):
        f[f"tl={token.text}"] = 1.0
    for token in tokenize(ctx.right):
        f[f"tr={token.text}"] = 1.0
    for token in tokenize(ctx.clause_right[:CLAUSE_RIGHT_CHARS]):
        f[f"tc={token.text}"] = 1.0
    for clue in ("qizhong", "cumulative", "other_year", "channel", "approx", "distributive", "share"):
        if getattr(ctx, clue):
            f[clue] = 1.0
    f[f"rule={apply_rules(ctx) or NONE}"] = 1.0
    clause = f"{ctx.clause_left}Ⓝ{ctx.clause_right}"
    for name, classes in (("lexicon", CLASSES), ("listed", LISTED), ("handled", HANDLED)):
        f[f"{name}={lexicon_metric(clause, ctx, classes) or NONE}"] = 1.0
    f[f"domain={ctx.domain or NONE}"] = 1.0
    f[f"shape={ctx.shape}"] = 1.0
    f[f"section={ctx.section or NONE}"] = 1.0
    f[f"section*unit={ctx.section}|{ctx.unit}"] = 1.0
    f[f"channels={len(ctx.channels)}"] = 1.0
    return tuple(f.items())


class ProseClassifier:
    """The logistic regression over hashed context features, in numpy (:mod:`pipeline.linear`)."""

    def __init__(self, linear: LinearModel, min_probability: float | None = MIN_PROBABILITY,
                 veto_below: float | None = None, c: float = 1.0) -> None:
        self.linear = linear
        #: the least probability at which the classifier names a metric the rules left; None: it never does (the
        #: rules alone did better in cross-validation on the training documents)
        self.min_probability = min_probability
        #: a rule's figure whose metric the classifier gives less than this is dropped; None: it never is
        self.veto_below = veto_below
        self.c = c  # the regularisation it was trained with (kept in its metadata)

    @property
    def active(self) -> bool:
        """Whether the classifier changes anything the rules decide."""
        return self.min_probability is not None or self.veto_below is not None

    @classmethod
    def train(cls, contexts: list[Context], labels: list[str], seed: int = 0,
              signals: list[tuple[str, ...]] | None = None, c: float = 1.0) -> ProseClassifier:
        from sklearn.feature_extraction import FeatureHasher
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import Pipeline

        pipeline = Pipeline([
            # hashed, not a vocabulary: the saved model is a few arrays that load in milliseconds
            ("features", FeatureHasher(n_features=HASHED_FEATURES, input_type="dict", alternate_sign=False)),
            # balanced: the metrics are rare beside ``none``; C is chosen by agency-grouped cross-validation
            ("model", LogisticRegression(C=c, class_weight="balanced", max_iter=3000, random_state=seed)),
        ])
        signals = signals or [()] * len(contexts)
        pipeline.fit([features(x, s) for x, s in zip(contexts, signals, strict=True)], labels)
        model = cls.from_sklearn(pipeline)
        model.c = c
        return model

    @classmethod
    def from_sklearn(cls, pipeline, min_probability: float | None = MIN_PROBABILITY) -> ProseClassifier:
        """The classifier of a fitted FeatureHasher + LogisticRegression pipeline (its arrays, exported)."""
        return cls(LinearModel.from_sklearn(pipeline), min_probability)

    def probabilities(self, contexts: list[Context], signals: list[tuple[str, ...]] | None = None):
        """The probability of every class (``self.linear.classes``) per figure."""
        signals = signals or [()] * len(contexts)
        return self.linear.predict_proba([features(x, s) for x, s in zip(contexts, signals, strict=True)])

    def predict(self, contexts: list[Context], signals: list[tuple[str, ...]] | None = None
                ) -> list[tuple[str | None, float]]:
        """(metric or None, probability) per context."""
        if not contexts:
            return []
        probabilities = self.probabilities(contexts, signals)
        classes = self.linear.classes
        out = []
        for row in probabilities:
            best = int(row.argmax())
            label, p = classes[best], float(row[best])
            unsure = self.min_probability is None or p < self.min_probability
            out.append((None if label == NONE or unsure else label, p))
        return out

    def save(self, folder: Path) -> Path:
        """Write ``model.npz`` and ``model.json`` (with the threshold) into ``folder``; the npz's path."""
        npz, _ = self.linear.save(folder, MODEL_NAME, {"min_probability": self.min_probability,
                                                       "veto_below": self.veto_below, "C": self.c})
        return npz

    @classmethod
    def load(cls, folder: Path) -> ProseClassifier:
        """The saved classifier; its threshold from the model's metadata (or the folder's metrics.json)."""
        linear = LinearModel.load(folder, MODEL_NAME)
        return cls(linear, cls.threshold_of(folder, linear.meta), linear.meta.get("veto_below"),
                   linear.meta.get("C", 1.0))

    @staticmethod
    def threshold_of(folder: Path, meta: dict | None = None) -> float | None:
        """The saved classifier's threshold, read from its JSON alone (its arrays stay on disk)."""
        if meta is None:
            meta = json.loads(ProseClassifier.files(folder)[1].read_text("utf-8")).get("meta", {})
        if "min_probability" in meta:
            return meta["min_probability"]
        if (folder / "metrics.json").is_file():
            return read_metrics(folder).get("min_probability", MIN_PROBABILITY)
        return MIN_PROBABILITY

    @staticmethod
    def veto_of(folder: Path) -> float | None:
        """The saved classifier's veto threshold, read from its JSON alone."""
        return json.loads(ProseClassifier.files(folder)[1].read_text("utf-8")).get("meta", {}).get("veto_below")

    @staticmethod
    def files(folder: Path) -> tuple[Path, Path]:
        """The model's files in ``folder`` (whether they exist or not)."""
        return LinearModel.files(folder, MODEL_NAME)


def read_metrics(folder: Path) -> dict:
    return json.loads((folder / "metrics.json").read_text("utf-8"))
