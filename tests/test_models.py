"""The shipped models load fast without scikit-learn, reproduce their shipped metrics, are handed to the stages
by extract, and `gongkai train` reproduces its metrics."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CORPORA, ROOT

from pipeline.cli import main
from pipeline.extract import extract_file
from pipeline.linear import file_digest
from pipeline.models import hand_in, label_model, model_files, models_dir, prose_model
from pipeline.prose.classifier import ProseClassifier
from pipeline.template import label_model as lm
from pipeline.template.labels import label_index
from pipeline.template.normalize import normalize_label
from pipeline.template.pre2019 import pre2019_label_index
from pipeline.training import load_corpus, prose_scores

MODELS = ROOT / "models"


def test_shipped_models_load_fast_and_are_small():
    files = model_files(MODELS)
    assert set(files) == {"prose", "labels", "legacy_labels"}
    for npz, meta in files.values():
        assert npz.stat().st_size <= 5 * 1024 * 1024 and meta.is_file()
    for folder in (MODELS / "prose", MODELS / "labels"):
        assert json.loads((folder / "metrics.json").read_text("utf-8"))["seed"] == 0
    import numpy  # noqa: F401 - the library's own import time is not the model's load time

    started = time.perf_counter()
    ProseClassifier.load(MODELS / "prose")
    lm.LabelModel.load(MODELS / "labels")
    assert time.perf_counter() - started < 0.5
    assert models_dir() == MODELS
    assert prose_model() is not None and label_model() is not None


def test_extracting_imports_no_scikit_learn():
    code = ("import sys, json; from pipeline.extract import extract_file; from pathlib import Path; "
            f"r = extract_file(Path({str(CORPORA / 'seed' / 'hedong-2020.txt')!r})); "
            "print(json.dumps([r['models'], sorted(m for m in sys.modules if m.split('.')[0] in "
            "('sklearn', 'skops', 'scipy'))]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(Path.home())})
    hashes, imported = json.loads(out.stdout.splitlines()[-1])
    assert imported == []
    assert hashes == {name: file_digest(*files)[:12] for name, files in model_files(MODELS).items()}


def test_the_label_model_reads_a_noisy_label():
    refs, probability = label_model().predict("（三）不予公开1.属于国家秘宻")
    assert [r.ident for r in refs] == ["denied_state_secret"] and probability >= 0.6


def test_the_record_names_the_models_in_use():
    record = extract_file(CORPORA / "seed" / "hedong-2020.txt")
    assert record["models"] == hand_in().hashes and set(record["models"]) == {"prose", "labels", "legacy_labels"}


@pytest.mark.parametrize("name,index,template", [(lm.MODEL_NAME, label_index, True),
                                                 (lm.PRE2019_MODEL_NAME, pre2019_label_index, False)])
def test_the_shipped_label_models_give_their_shipped_metrics(name, index, template):
    """The held-out figures of models/labels/metrics.json, recomputed with the shipped (numpy) model."""
    shipped = json.loads((MODELS / "labels" / lm.METRICS_FILE).read_text("utf-8"))
    metrics = shipped if template else shipped["legacy"]
    seed, per_label = metrics["seed"], metrics["per_label"]
    texts, _ = lm.training_examples(index(), random.Random(seed), per_label, template=template)
    test_texts, test_classes = lm.training_examples(index(), random.Random(seed + 1_000_003), per_label,
                                                    template=template)
    model = lm.LabelModel.load(MODELS / "labels", name, lm.label_classes(index()))
    assert lm.evaluate(model, test_texts, test_classes) == metrics["held_out"]
    seen = {normalize_label(t) for t in texts}
    unseen = [(t, c) for t, c in zip(test_texts, test_classes, strict=True) if normalize_label(t) not in seen]
    assert lm.evaluate(model, [t for t, _ in unseen], [c for _, c in unseen]) == metrics["held_out_unseen"]
    assert len(texts) == metrics["train_examples"]


def test_the_shipped_prose_model_gives_its_shipped_metrics():
    """The dev and test P/R/F1 of models/prose/metrics.json, recomputed with the shipped (numpy) model."""
    metrics = json.loads((MODELS / "prose" / "metrics.json").read_text("utf-8"))
    model = ProseClassifier.load(MODELS / "prose")
    assert model.min_probability == metrics["min_probability"]
    corpus = load_corpus([ROOT / folder for folder in metrics["trained_on"]])
    dev = [d for d in corpus.documents if d.dev and not d.kept_apart]
    assert prose_scores(dev, model) == metrics["dev"]["rules+classifier"]
    assert prose_scores(dev, None) == metrics["dev"]["rules"]
    heldout = [d for d in corpus.documents if d.test]  # whole agencies nobody tuned on (split.json)
    assert prose_scores(heldout, None) == metrics["heldout"]["rules"]
    test = load_corpus([CORPORA / "seed", CORPORA / "real", CORPORA / "text"]).documents
    assert prose_scores(test, model) == metrics["test"]["rules+classifier"]


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
    for name, (npz, _) in model_files(out).items():  # the same training, the same model files
        assert npz.read_bytes() == model_files(tmp_path / "again")[name][0].read_bytes(), name
    assert main(["extract", str(CORPORA / "seed" / "hedong-2020.txt"), "--model", str(out), "-q",
                 "-o", str(tmp_path / "r.jsonl")]) == 0
    record = json.loads((tmp_path / "r.jsonl").read_text("utf-8"))
    assert len(record["prose"]) == 10
    assert record["models"]["prose"] == file_digest(*model_files(out)["prose"])[:12]
    main(["extract", str(CORPORA / "seed" / "hedong-2020.txt"), "--model", str(MODELS), "-q",
          "-o", str(tmp_path / "r2.jsonl")])  # back to the shipped models for the tests that follow
    assert Path(models_dir()) == MODELS
