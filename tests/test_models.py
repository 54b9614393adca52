"""The shipped models load safely and fast, are used by extract, and `gongkai train` reproduces its metrics."""

from __future__ import annotations

import json
import time
from pathlib import Path

from conftest import CORPORA, ROOT

from pipeline.cli import main
from pipeline.models import label_model, models_dir, prose_model
from pipeline.prose.classifier import ProseClassifier

MODELS = ROOT / "models"


def test_shipped_models_load_fast_and_are_small():
    for folder, name in ((MODELS / "prose", "model.skops"), (MODELS / "labels", "label_model.skops")):
        assert (folder / name).stat().st_size <= 20 * 1024 * 1024
        metrics = json.loads((folder / "metrics.json").read_text("utf-8"))
        assert metrics["seed"] == 0
    import sklearn.feature_extraction  # noqa: F401
    import sklearn.linear_model  # noqa: F401
    import sklearn.pipeline  # noqa: F401
    import skops.io  # noqa: F401 - the libraries' own import time is not the model's load time

    started = time.perf_counter()
    ProseClassifier.load(MODELS / "prose")
    assert time.perf_counter() - started < 1.0
    assert models_dir() == MODELS
    assert prose_model() is not None and label_model() is not None


def test_the_label_model_reads_a_noisy_label():
    refs, probability = label_model().predict("（三）不予公开1.属于国家秘宻")
    assert [r.ident for r in refs] == ["denied_state_secret"] and probability >= 0.6


def test_extract_with_a_retrained_model(tmp_path):
    out = tmp_path / "models"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in sorted((CORPORA / "prose" / "real").glob("a-0*")):
        (corpus / path.name).write_bytes(path.read_bytes())
    assert main(["train", str(corpus), "--out", str(out), "--seed", "3"]) == 0
    first = json.loads((out / "prose" / "metrics.json").read_text("utf-8"))
    assert main(["train", str(corpus), "--out", str(tmp_path / "again"), "--seed", "3"]) == 0
    second = json.loads((tmp_path / "again" / "prose" / "metrics.json").read_text("utf-8"))
    for key in ("cross_validation", "dev", "data_sha256", "examples"):
        assert first[key] == second[key], key
    assert main(["extract", str(CORPORA / "seed" / "hedong-2020.txt"), "--model", str(out), "-q",
                 "-o", str(tmp_path / "r.jsonl")]) == 0
    record = json.loads((tmp_path / "r.jsonl").read_text("utf-8"))
    assert len(record["prose"]) == 10
    main(["extract", str(CORPORA / "seed" / "hedong-2020.txt"), "--model", str(MODELS), "-q",
          "-o", str(tmp_path / "r2.jsonl")])  # back to the shipped models for the tests that follow
    assert Path(models_dir()) == MODELS
