"""Where the trained models are, and handing them to the stages, each loaded the first time a stage asks.

The shipped models are built from the repository's ``models/`` folder (``prose/``, and ``labels/`` with the
template's table-label classifier and the legacy tables' one). A wheel carries a copy inside the package
(``pipeline/shipped_models``); a source checkout or an editable install reads ``models/`` itself.
``GONGKAI_MODELS`` or ``--model DIR`` points elsewhere (models retrained by ``gongkai train``). Without a
model, prose figures are decided by the rules alone and table labels by exact and fuzzy matching alone.

No stage imports this module: :func:`hand_in` gives the template's scanners loaders for their classifiers
and returns the prose classifier (lazily) for ``extract`` to pass on; a model file is read only when a stage
needs it (the legacy label model only for a pre-2019 report, a label model only when exact and fuzzy
matching fail, the prose model only for a figure no rule decides).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MODELS_ENV = "GONGKAI_MODELS"
PROSE_MODEL = "prose"
LABEL_MODEL = "labels"
#: The confidence calibration table (a JSON table, applied in exports and eval).
CALIBRATION = "calibration"
CALIBRATION_FILE = "confidence.json"
#: The models inside an installed wheel (copied there from ``models/`` when the wheel is built).
PACKAGED = Path(__file__).resolve().parent / "shipped_models"
#: The models of a source checkout (or an editable install).
SOURCE = Path(__file__).resolve().parent.parent / "models"
#: How many hex digits of a model's sha256 a record names.
HASH_CHARS = 12


def models_dir() -> Path:
    chosen = os.environ.get(MODELS_ENV)
    if chosen:
        return Path(chosen)
    return PACKAGED if PACKAGED.is_dir() else SOURCE


def model_files(folder: Path | None = None) -> dict[str, tuple[Path, ...]]:
    """The files of each model (``prose``, ``labels``, ``legacy_labels``) under ``folder``, existing or not."""
    from .linear import LinearModel
    from .prose.classifier import MODEL_NAME as PROSE_NAME
    from .template.label_model import MODEL_NAME, PRE2019_MODEL_NAME

    folder = models_dir() if folder is None else folder
    return {"prose": LinearModel.files(folder / PROSE_MODEL, PROSE_NAME),
            "labels": LinearModel.files(folder / LABEL_MODEL, MODEL_NAME),
            "legacy_labels": LinearModel.files(folder / LABEL_MODEL, PRE2019_MODEL_NAME)}


def _exists(files: tuple[Path, ...]) -> bool:
    return all(path.is_file() for path in files)


def model_hashes(folder: Path | None = None, *, calibration: bool = False) -> dict[str, str]:
    """The first digits of each present model's sha256 (its ``.npz`` then its ``.json``): what a record names.
    With ``calibration``, also the confidence table's (exports and evaluations apply it, extraction does not)."""
    folder = models_dir() if folder is None else folder
    hashes = dict(_model_hashes(folder))
    table = folder / CALIBRATION / CALIBRATION_FILE
    if calibration and table.is_file():
        from .linear import file_digest

        hashes[CALIBRATION] = file_digest(table)[:HASH_CHARS]
    return hashes


@cache
def _model_hashes(folder: Path) -> dict[str, str]:
    from .linear import file_digest

    return {name: file_digest(*files)[:HASH_CHARS] for name, files in model_files(folder).items() if _exists(files)}


@cache
def calibration():
    """The confidence calibration table; the raw confidences when there is none."""
    from .calibration import IDENTITY, Calibration

    return Calibration.load(models_dir() / CALIBRATION) or IDENTITY


@cache
def prose_model():
    from .prose.classifier import ProseClassifier

    folder = models_dir() / PROSE_MODEL
    return ProseClassifier.load(folder) if _exists(ProseClassifier.files(folder)) else None


@cache
def label_model():
    from .template.label_model import LabelModel

    folder = models_dir() / LABEL_MODEL
    return LabelModel.load(folder) if _exists(LabelModel.files(folder)) else None


@cache
def pre2019_label_model():
    """The legacy statistics tables' label classifier (loaded only when a legacy report asks)."""
    from .template.label_model import PRE2019_MODEL_NAME, LabelModel

    folder = models_dir() / LABEL_MODEL
    return LabelModel.load_pre2019(folder) if _exists(LabelModel.files(folder, PRE2019_MODEL_NAME)) else None


class LazyModel:
    """A classifier read from its files the first time it is asked to predict; its threshold is read from its
    JSON alone (a threshold of None: it never names a metric, and its arrays are never loaded)."""

    def __init__(self, load, threshold, veto=lambda: None) -> None:
        self._load = load
        self._threshold = threshold
        self._veto = veto

    def predict(self, *args, **kwargs):
        return self._load().predict(*args, **kwargs)

    def probabilities(self, *args, **kwargs):
        return self._load().probabilities(*args, **kwargs)

    @property
    def linear(self):
        return self._load().linear

    @property
    def min_probability(self) -> float | None:
        return self._threshold()

    @property
    def veto_below(self) -> float | None:
        return self._veto()

    @property
    def active(self) -> bool:
        """Whether the classifier changes anything the rules decide (read from its JSON alone)."""
        return self.min_probability is not None or self.veto_below is not None


@dataclass(frozen=True)
class HandedIn:
    """What ``extract`` passes on: the prose classifier (None: rules alone) and the hashes a record names."""

    prose: LazyModel | None
    hashes: dict[str, str]


def hand_in() -> HandedIn:
    """Hand the label scanners their classifiers' loaders; the prose classifier and the models' hashes."""
    return _hand_in(models_dir())


@cache
def _hand_in(folder: Path) -> HandedIn:
    from .template.labels import use_learned

    hashes = model_hashes(folder)
    use_learned("labels", label_model if "labels" in hashes else None)
    use_learned("legacy_labels", pre2019_label_model if "legacy_labels" in hashes else None)
    return HandedIn(LazyModel(prose_model, prose_threshold, prose_veto) if "prose" in hashes else None, hashes)


@cache
def prose_threshold() -> float | None:
    from .prose.classifier import ProseClassifier

    return ProseClassifier.threshold_of(models_dir() / PROSE_MODEL)


@cache
def prose_veto() -> float | None:
    from .prose.classifier import ProseClassifier

    return ProseClassifier.veto_of(models_dir() / PROSE_MODEL)


def use_models(path: Path) -> None:
    """Use the models under ``path`` (a folder written by gongkai train) from now on."""
    os.environ[MODELS_ENV] = str(path)
    prose_model.cache_clear()
    prose_threshold.cache_clear()
    prose_veto.cache_clear()
    label_model.cache_clear()
    pre2019_label_model.cache_clear()
    _model_hashes.cache_clear()
    calibration.cache_clear()
    _hand_in.cache_clear()
    from .template.labels import label_index
    from .template.pre2019 import pre2019_label_index

    label_index.cache_clear()  # its scans and learned answers came from the previous models
    pre2019_label_index.cache_clear()
    hand_in()
