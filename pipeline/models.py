"""Where the trained models are, and loading them once per process.

The shipped models live in the repository's ``models/`` folder; ``GONGKAI_MODELS`` or ``--model DIR`` points
elsewhere (a retrained model). Without a model, prose figures are decided by the rules alone.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

MODELS_ENV = "GONGKAI_MODELS"
PROSE_MODEL = "prose"


def models_dir() -> Path:
    return Path(os.environ.get(MODELS_ENV) or Path(__file__).resolve().parent.parent / "models")


def use_models(path: Path) -> None:
    """Use the models under ``path`` (a models folder, or one model's own folder) from now on."""
    os.environ[MODELS_ENV] = str(path.parent if (path / "model.skops").is_file() else path)
    prose_model.cache_clear()


@cache
def prose_model():
    from .prose.classifier import ProseClassifier

    folder = models_dir() / PROSE_MODEL
    return ProseClassifier.load(folder) if (folder / "model.skops").is_file() else None
