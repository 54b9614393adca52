"""A wheel built from the project carries the trained models: installed from it, gongkai uses them.

The wheel is built from a copy of the project's files (no build folders left in the checkout) with the
build tools already installed (no network), unpacked, and run from there on the seed report: the record
names the hashes of the models it used, which must be those of the files in ``models/``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile

from conftest import CORPORA, ROOT

from pipeline.linear import file_digest
from pipeline.models import model_files

#: What a build needs of the project.
BUILD_FILES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md")
BUILD_DIRS = ("pipeline", "models")


def _run(args: list[str], cwd, env: dict | None = None) -> str:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_the_wheel_ships_the_models_and_extraction_uses_them(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for name in BUILD_FILES:
        shutil.copy2(ROOT / name, src / name)
    for name in BUILD_DIRS:
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.skops"))
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
          str(tmp_path / "dist"), str(src)], cwd=tmp_path)
    [wheel] = (tmp_path / "dist").glob("gongkai-*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(site)
    assert "pipeline/shipped_models/labels/label_model.npz" in names
    assert not any(n.startswith("models/") for n in names)

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "GONGKAI_MODELS")}
    env["PYTHONPATH"] = str(site)
    work = tmp_path / "run"  # neither the checkout nor its models/ is anywhere near
    work.mkdir()
    out = work / "seed.jsonl"
    _run([sys.executable, "-m", "pipeline.cli", "extract", str(CORPORA / "seed" / "hedong-2020.txt"), "-q",
          "-o", str(out)], cwd=work, env=env)
    where = _run([sys.executable, "-c", "import pipeline.models as m; print(m.__file__); print(m.models_dir())"],
                 cwd=work, env=env).split()
    assert where[0].startswith(str(site)) and where[1] == str(site / "pipeline" / "shipped_models")
    record = json.loads(out.read_text("utf-8"))
    shipped = {name: file_digest(*files)[:12] for name, files in model_files(ROOT / "models").items()}
    assert set(shipped) == {"prose", "labels", "legacy_labels"}
    assert record["models"] == shipped
    assert len(record["prose"]) == 10 and record["status"] == "ok"
    version = _run([sys.executable, "-m", "pipeline.cli", "--version"], cwd=work, env=env).split()
    assert version == ["gongkai", record["pipeline_version"]]
