"""The build a record was made with: the release and a fingerprint of the code, schema and models in use.

A batch resumes only over records of the same build, so a changed extractor or a retrained model
reprocesses what it would read differently, even within one release number.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from . import __version__
from .models import model_hashes, models_dir

_PACKAGE = Path(__file__).resolve().parent
_SUFFIXES = (".py", ".json", ".txt")
#: The models copied into a wheel are fingerprinted as models (by their hashes), not as code.
_SKIP_DIRS = ("__pycache__", "shipped_models")


@cache
def code_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in _PACKAGE.rglob("*")
                       if p.suffix in _SUFFIXES and not any(d in p.parts for d in _SKIP_DIRS)):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def build_id() -> str:
    """``VERSION+FINGERPRINT``: the release, and the code with the models in use (see :func:`model_hashes`)."""
    return _build_id(models_dir())


@cache
def _build_id(models: Path) -> str:
    digest = hashlib.sha256(code_digest().encode())
    for name, sha in sorted(model_hashes(models).items()):
        digest.update(f"{name}={sha}".encode())
    return f"{__version__}+{digest.hexdigest()[:10]}"
