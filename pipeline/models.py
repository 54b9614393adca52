"""Where the trained models are, and loading them once per process.

The shipped models live in the repository's ``models/`` folder (``prose/`` and ``labels/``, which holds the
template's table-label classifier and the legacy tables' one); ``GONGKAI_MODELS``
or ``--model DIR`` points elsewhere (models retrained by ``gongkai train``). Without a model, prose figures are
decided by the rules alone and table labels by exact and fuzzy matching alone.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

MODELS_ENV = "GONGKAI_MODELS"
PROSE_MODEL = "prose"
LABEL_MODEL = "labels"
CALIBRATION = "calibration"


def models_dir() -> Path:
    return Path(os.environ.get(MODELS_ENV) or Path(__file__).resolve().parent.parent / "models")


def use_models(path: Path) -> None:
    """Use the models under ``path`` (a folder written by gongkai train) from now on."""
    os.environ[MODELS_ENV] = str(path)
    prose_model.cache_clear()
    label_model.cache_clear()
    pre2019_label_model.cache_clear()
    calibration.cache_clear()
    from .build import build_id

    build_id.cache_clear()
    from .template.labels import label_index

    label_index.cache_clear()  # its scans and learned answers came from the previous models
    from .template.pre2019 import pre2019_label_index

    pre2019_label_index.cache_clear()


@cache
def prose_model():
    from .prose.classifier import ProseClassifier

    folder = models_dir() / PROSE_MODEL
    return ProseClassifier.load(folder) if (folder / "model.skops").is_file() else None


@cache
def label_model():
    from .template.label_model import MODEL_FILE, LabelModel

    folder = models_dir() / LABEL_MODEL
    return LabelModel.load(folder) if (folder / MODEL_FILE).is_file() else None


@cache
def pre2019_label_model():
    """The legacy statistics tables' label classifier (loaded only when a legacy report asks)."""
    from .template.label_model import PRE2019_MODEL_FILE, LabelModel

    folder = models_dir() / LABEL_MODEL
    return LabelModel.load_pre2019(folder) if (folder / PRE2019_MODEL_FILE).is_file() else None


@cache
def calibration():
    """The confidence calibration table (``models/calibration/``); the raw confidences when there is none."""
    from .calibration import IDENTITY, Calibration

    return Calibration.load(models_dir() / CALIBRATION) or IDENTITY


#: Files beside a model that describe it rather than make it.
_NOT_MODEL = ("metrics.json", "README.md")


def model_hashes() -> dict[str, str]:
    """A short SHA-256 per shipped model folder (every file in it, sorted): what a citation names."""
    import hashlib

    out = {}
    root = models_dir()
    for folder in sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []:
        digest = hashlib.sha256()
        files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name not in _NOT_MODEL)
        for path in files:
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
        if files:
            out[folder.name] = digest.hexdigest()[:12]
    return out
