"""The build a record was made with: the release and a fingerprint of the code, schema and models in use.

A batch resumes only over records of the same build, so a changed extractor or a retrained model
reprocesses what it would read differently, even within one release number.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from . import __version__
from .models import models_dir

_PACKAGE = Path(__file__).resolve().parent
_SUFFIXES = (".py", ".json", ".txt")


@cache
def build_id() -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in _PACKAGE.rglob("*") if p.suffix in _SUFFIXES and "__pycache__" not in p.parts):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    models = models_dir()
    for path in sorted(models.glob("*/*.skops")) if models.is_dir() else []:
        digest.update(path.relative_to(models).as_posix().encode())
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:10]}"
