"""Build step: copy the trained models (top-level ``models/``, their source) into the package of a wheel.

The models stay outside ``pipeline/`` in the repository (``gongkai train`` writes there, and an editable
install or a source checkout reads them there); a built wheel carries them as ``pipeline/shipped_models``,
so an installed gongkai uses the trained models, not the rules alone. Everything else is in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

MODELS = Path(__file__).resolve().parent / "models"
#: What of models/ is shipped: the arrays, their metadata and metrics, the READMEs.
SHIPPED = ("*/*.npz", "*/*.json", "*/README.md", "README.md")
TARGET = ("pipeline", "shipped_models")


class BuildWithModels(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False) or not MODELS.is_dir():
            return  # an editable install reads models/ where it is
        target = Path(self.build_lib).joinpath(*TARGET)
        for pattern in SHIPPED:
            for path in MODELS.glob(pattern):
                out = target / path.relative_to(MODELS)
                out.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, out)


setup(cmdclass={"build_py": BuildWithModels})
