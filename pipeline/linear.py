"""Hashed linear classifiers in plain numpy: the shipped models load in milliseconds, without scikit-learn.

A model is two files: ``NAME.npz`` (numpy arrays, read with ``allow_pickle=False``) and ``NAME.json`` (the
classes, the hashing parameters and whatever its owner adds: threshold, versions). Features are hashed as
scikit-learn's ``FeatureHasher`` (a dict of names) or ``HashingVectorizer`` (character n-grams) hash them:
MurmurHash3 x86 32-bit with seed 0, from the small ``mmh3`` package (the same values as
``sklearn.utils.murmurhash3_32``). Character n-grams are weighted by tf-idf (sublinear tf, l2 norm). A
logistic regression then gives the probabilities. Every step repeats scikit-learn's arithmetic in its own
dtype and order (entries by column, sums left to right), so the probabilities are the fitted pipeline's.

Training stays with scikit-learn (``gongkai train``): :meth:`LinearModel.from_sklearn` exports a fitted
pipeline's arrays and :meth:`LinearModel.to_sklearn` rebuilds one (the tests compare the two).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import mmh3
import numpy as np

#: Bumped when the files' layout changes; a model of another layout is refused.
FORMAT = 1
#: The two kinds of features: a dict of names (FeatureHasher) or character n-grams with tf-idf.
DICT, CHAR_TFIDF = "dict", "char-tfidf"
#: scikit-learn's char analyzer folds runs of whitespace into one space before cutting n-grams.
_WHITE_SPACES = re.compile(r"\s\s+")
_INT32_MIN = -(2**31)


def bucket(feature: str, n_features: int) -> int:
    """The column scikit-learn's hashers give ``feature`` (``abs(h) % n``, with their answer for ``-2**31``)."""
    h = mmh3.hash(feature, 0, signed=True)
    if h == _INT32_MIN:
        return (2**31 - 1 - (n_features - 1)) % n_features
    return abs(h) % n_features


def char_ngrams(text: str, low: int, high: int) -> list[str]:
    """The character n-grams scikit-learn's ``analyzer="char"`` cuts (whitespace runs folded first)."""
    text = _WHITE_SPACES.sub(" ", text)
    return [text[i : i + n] for n in range(low, min(high, len(text)) + 1) for i in range(len(text) - n + 1)]


def file_digest(*paths: Path) -> str:
    """The sha256 of the files' bytes, one after the other (a model's ``.npz`` then its ``.json``)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass
class LinearModel:
    """A logistic regression over hashed features, kept only on the columns that carry weight."""

    kind: str
    n_features: int
    classes: list[str]
    columns: np.ndarray  # sorted hashed columns with a weight (or an idf)
    coef: np.ndarray  # (classes, or 1 for two classes) x columns
    intercept: np.ndarray
    idf: np.ndarray | None = None  # CHAR_TFIDF: the idf of each column
    ngram_range: tuple[int, int] = (1, 3)
    meta: dict = field(default_factory=dict)  # the owner's own metadata (threshold, versions ...)

    def __post_init__(self) -> None:
        self._position = np.full(self.n_features, -1, dtype=np.int64)
        self._position[self.columns] = np.arange(len(self.columns))
        self._coef_t = np.ascontiguousarray(self.coef.T)

    # ------------------------------------------------------------------ inference

    def predict_proba(self, inputs: list) -> np.ndarray:
        """The probability of every class per input (a dict of feature names, or a text for CHAR_TFIDF)."""
        scores = np.stack([self._scores(x) for x in inputs]) if inputs else np.zeros((0, self.coef.shape[0]))
        if self.coef.shape[0] == 1:  # two classes: the logistic function of the one score
            p = 1.0 / (1.0 + np.exp(-scores[:, 0]))
            return np.stack([1 - p, p], axis=1)
        scores -= scores.max(axis=1, keepdims=True)  # scikit-learn's softmax, step by step
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1).reshape(-1, 1)
        return scores

    def _scores(self, x) -> np.ndarray:
        """The decision scores of one input: its sparse row times the weights, summed column by column."""
        columns, values = self._row(x)
        at = self._position[columns]
        known = at >= 0
        at, values = at[known], values[known]
        if not len(at):
            return np.zeros(self.coef.shape[0], dtype=self.coef.dtype) + self.intercept
        terms = values[:, None].astype(self.coef.dtype) * self._coef_t[at]
        return np.cumsum(terms, axis=0)[-1] + self.intercept  # left to right, as scipy's sparse product

    def _row(self, x) -> tuple[np.ndarray, np.ndarray]:
        """(sorted columns, values) of one input's feature row, before the weights."""
        if self.kind == DICT:
            hashed = [(bucket(name, self.n_features), value) for name, value in x.items() if value != 0]
            if not hashed:
                return np.zeros(0, dtype=np.int64), np.zeros(0)
            columns = np.array([c for c, _ in hashed], dtype=np.int64)
            order = np.argsort(columns, kind="stable")
            columns, values = columns[order], np.array([v for _, v in hashed], dtype=np.float64)[order]
            unique, start = np.unique(columns, return_index=True)
            return unique, np.add.reduceat(values, start) if len(values) else values
        grams = char_ngrams(x, *self.ngram_range)
        columns, counts = np.unique(np.array([bucket(g, self.n_features) for g in grams], dtype=np.int64),
                                    return_counts=True)
        keep = self._position[columns] >= 0  # columns without idf weigh 0 in the norm and in the scores
        columns, tf = columns[keep], counts[keep].astype(np.float32)
        np.log(tf, out=tf)  # sublinear tf, in float32 as TfidfTransformer does
        tf += 1.0
        tf *= self.idf[self._position[columns]]
        squares = tf * tf
        total = 0.0
        for s in squares.tolist():  # the l2 norm summed in double, left to right, as scikit-learn does
            total += s
        if total:
            tf = (tf.astype(np.float64) / np.sqrt(total)).astype(np.float32)
        return columns, tf

    # ------------------------------------------------------------------ files

    def save(self, folder: Path, name: str, meta: dict | None = None) -> tuple[Path, Path]:
        """Write ``NAME.npz`` and ``NAME.json`` into ``folder``; ``meta`` is kept in the JSON."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        arrays = {"columns": self.columns.astype(np.int32), "coef": self.coef, "intercept": self.intercept}
        if self.idf is not None:
            arrays["idf"] = self.idf
        npz = folder / f"{name}.npz"
        _write_npz(npz, arrays)
        header = {"format": FORMAT, "kind": self.kind, "n_features": self.n_features, "classes": self.classes}
        if self.kind == CHAR_TFIDF:
            header["ngram_range"] = list(self.ngram_range)
        meta = self.meta if meta is None else meta
        path = folder / f"{name}.json"
        path.write_text(json.dumps(header | {"meta": meta}, ensure_ascii=False, indent=1) + "\n", "utf-8")
        return npz, path

    @classmethod
    def load(cls, folder: Path, name: str) -> LinearModel:
        folder = Path(folder)
        header = json.loads((folder / f"{name}.json").read_text("utf-8"))
        if header.get("format") != FORMAT or header.get("kind") not in (DICT, CHAR_TFIDF):
            raise ValueError(f"{folder / name}.json: not a gongkai model of format {FORMAT}")
        with np.load(folder / f"{name}.npz", allow_pickle=False) as arrays:
            return cls(header["kind"], int(header["n_features"]), list(header["classes"]),
                       arrays["columns"].astype(np.int64), arrays["coef"], arrays["intercept"],
                       arrays.get("idf"), tuple(header.get("ngram_range", (1, 3))),
                       header.get("meta", {}))

    @staticmethod
    def files(folder: Path, name: str) -> tuple[Path, Path]:
        return Path(folder) / f"{name}.npz", Path(folder) / f"{name}.json"

    # ------------------------------------------------------------------ scikit-learn (training and tests only)

    @classmethod
    def from_sklearn(cls, pipeline, meta: dict | None = None) -> LinearModel:
        """The arrays of a fitted pipeline: FeatureHasher (dict) + LogisticRegression, or HashingVectorizer
        (char n-grams, counts) + TfidfTransformer (sublinear, l2) + LogisticRegression."""
        import sklearn  # already loaded: the pipeline is scikit-learn's

        meta = {**(meta or {}), "versions": {"scikit-learn": sklearn.__version__, "numpy": np.__version__}}
        steps = pipeline.named_steps
        hasher, model = steps["features"], steps["model"]
        if getattr(hasher, "alternate_sign", True):
            raise ValueError("only hashers without alternate signs are exported")
        weighted = (model.coef_ != 0).any(axis=0)
        if "tfidf" in steps:
            tfidf = steps["tfidf"]
            if (hasher.analyzer, hasher.lowercase, hasher.norm, hasher.binary) != ("char", False, None, False) \
                    or (tfidf.sublinear_tf, tfidf.use_idf, tfidf.norm) != (True, True, "l2"):
                raise ValueError("only char n-gram counts with sublinear, l2-normed tf-idf are exported")
            columns = np.flatnonzero(weighted | (tfidf.idf_ != 0))
            return cls(CHAR_TFIDF, hasher.n_features, [str(c) for c in model.classes_], columns,
                       model.coef_[:, columns], model.intercept_, tfidf.idf_[columns], tuple(hasher.ngram_range), meta)
        if hasher.input_type != "dict":
            raise ValueError("only dict feature hashers are exported")
        columns = np.flatnonzero(weighted)
        return cls(DICT, hasher.n_features, [str(c) for c in model.classes_], columns, model.coef_[:, columns],
                   model.intercept_, None, (1, 3), meta)

    def to_sklearn(self):
        """The same model as a fitted scikit-learn pipeline (to check the numpy inference against)."""
        from sklearn.feature_extraction import FeatureHasher
        from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import Pipeline

        model = LogisticRegression()
        model.classes_ = np.array(self.classes)
        model.coef_ = np.zeros((self.coef.shape[0], self.n_features), dtype=self.coef.dtype)
        model.coef_[:, self.columns] = self.coef
        model.intercept_ = self.intercept
        model.n_features_in_ = self.n_features
        if self.kind == DICT:
            return Pipeline([("features", FeatureHasher(n_features=self.n_features, input_type="dict",
                                                         alternate_sign=False)), ("model", model)])
        tfidf = TfidfTransformer(sublinear_tf=True)
        tfidf.idf_ = np.zeros(self.n_features, dtype=self.idf.dtype)
        tfidf.idf_[self.columns] = self.idf
        tfidf.n_features_in_ = self.n_features
        hasher = HashingVectorizer(analyzer="char", ngram_range=self.ngram_range, n_features=self.n_features,
                                   alternate_sign=False, norm=None, lowercase=False, dtype=np.float32)
        return Pipeline([("features", hasher), ("tfidf", tfidf), ("model", model)])


def _write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """``np.savez_compressed``, but with a fixed date in the zip: the same model gives the same bytes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for key, array in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.asanyarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{key}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, buffer.getvalue())
