"""The learned label classifier: its generated examples, what a small trained model answers, and its file."""

from __future__ import annotations

import random

import pytest

from pipeline.template import label_model as lm
from pipeline.template.labels import label_index
from pipeline.template.normalize import normalize_label

SEED = 7
PER_LABEL = 12


@pytest.fixture(scope="module")
def examples() -> tuple[list[str], list[str]]:
    return lm.training_examples(label_index(), random.Random(SEED), per_label=PER_LABEL)


@pytest.fixture(scope="module")
def fitted(examples):
    """The scikit-learn pipeline as trained (what LabelModel.train exports)."""
    return lm.LabelModel.fit_pipeline(*examples, seed=SEED)


@pytest.fixture(scope="module")
def model(fitted) -> lm.LabelModel:
    return lm.LabelModel.from_sklearn(fitted)


def _idents(refs) -> list[str]:
    return [r.ident for r in refs]


def test_examples_cover_every_variant_with_its_class(examples):
    pairs = {(normalize_label(t), c) for t, c in zip(*examples, strict=True)}
    for variant, refs in lm.index_variants(label_index()):
        assert (variant, lm.class_id(refs)) in pairs, variant
    classes = lm.label_classes(label_index())
    assert set(examples[1]) - {lm.NONE} <= set(classes)
    assert set(lm.ABBREVIATIONS) <= set(classes)


def test_examples_hold_noise_numbering_traditional_script_and_none(examples):
    texts, classes = examples
    secret = [t for t, c in zip(texts, classes, strict=True) if c == "requests:row:denied_state_secret"]
    assert "1.属于国家秘密" in secret and "（一）属于国家秘密" in secret
    assert lm.to_traditional("属于国家秘密") in secret and lm.to_traditional("属于国家秘密").startswith("屬於國家")
    assert any(normalize_label(t) not in ("属于国家秘密", "1属于国家秘密", "一属于国家秘密") for t in secret)
    assert "不予公开-国家秘密" in secret
    assert any(c == "requests:row:unable_not_held" and t == "无法提供(不掌握)" for t, c in zip(texts, classes, strict=True))
    nones = [t for t, c in zip(texts, classes, strict=True) if c == lm.NONE]
    assert len(nones) >= 10 * PER_LABEL
    variants = [v for v, _ in lm.index_variants(label_index()) if len(v) >= 4]
    assert not [t for t in nones if any(v in normalize_label(t) for v in variants)]


def test_examples_are_seeded(examples):
    assert lm.training_examples(label_index(), random.Random(SEED), per_label=PER_LABEL) == examples


def test_ocr_noise_swaps_drops_and_doubles():
    rng = random.Random(0)
    swapped = lm.ocr_noise("属于国家秘密", rng, substitutions=2)
    assert len(swapped) == 6 and sum(a != b for a, b in zip(swapped, "属于国家秘密", strict=True)) == 2
    assert len(lm.ocr_noise("属于国家秘密", rng, substitutions=0, drops=1)) == 5
    assert len(lm.ocr_noise("属于国家秘密", rng, substitutions=0, doubles=1)) == 7


@pytest.mark.parametrize(("text", "ident"), [
    ("2.其他法律行政止公开", "denied_prohibited_by_law"),
    ("（三）不予公开1.属于国家秘宻", "denied_state_secret"),
    ("對外公開總數量", "total"),
    ("不予公开-国家秘密", "denied_state_secret"),
    ("无法提供(不掌握)", "unable_not_held"),
    ("本年新收政府倍息公开甲请数量", "new_received"),
    ("没有现成信息需要另行制", "unable_needs_creation"),
    ("行政事业性收贵", "fees"),
])
def test_noisy_labels_map_to_their_refs(model, text, ident):
    refs, probability = model.predict(text)
    assert _idents(refs) == [ident]
    assert probability >= lm.MIN_PROBABILITY


def test_prefers_the_refs_the_index_stores_with_numbering(model):
    refs, _ = model.predict("7.属于行政执法案巻")
    [ref] = refs
    assert (ref.table, ref.kind, ref.ident) == ("requests", "row", "denied_enforcement_file")
    assert ref.numbering is not None and ref.numbering.number == 7


@pytest.mark.parametrize("text", [
    "二、主动公开政府信息情况",
    "加强组织领导，完善体制机制",
    "单位：万元",
    "进一步提升政务公开质量",
    "",
])
def test_prose_and_headings_are_no_label(model, text):
    refs, _ = model.predict(text)
    assert refs == ()


def test_save_and_load_round_trip(model, tmp_path):
    path = model.save(tmp_path)
    assert path.name == f"{lm.MODEL_NAME}.npz" and (tmp_path / f"{lm.MODEL_NAME}.json").is_file()
    loaded = lm.LabelModel.load(tmp_path)
    texts = ["2.其他法律行政止公开", "對外公開總數量", "加强组织领导", "结果纠正", "商业企亚"]
    assert [loaded.predict(t) for t in texts] == [model.predict(t) for t in texts]
    assert model.save(tmp_path / "again").read_bytes() == path.read_bytes()  # the same model, the same bytes


def test_numpy_probabilities_equal_the_pipeline(examples, fitted, model):
    import numpy as np

    texts = [normalize_label(t) for t in examples[0][::5]]
    assert np.abs(model.predict_proba(texts) - fitted.predict_proba(texts)).max() < 1e-9


def test_same_seed_same_model(examples, model):
    again = lm.LabelModel.train(*examples, seed=SEED)
    probe = examples[0][::7] + ["2.其他法律行政止公开", "加强组织领导"]
    assert again.probabilities(probe) == model.probabilities(probe)


def test_a_label_read_before_the_models_are_handed_in_reads_the_same_after():
    """Scans are cached; handing a classifier in forgets them, so what ran first never changes a reading."""
    from pipeline.mapper.stream import _classify
    from pipeline.models import label_model
    from pipeline.template.labels import _LEARNED, use_learned

    noisy = "商业企叶"  # neither exact nor fuzzy: only the learned classifier reads it
    handed = _LEARNED.get("labels")
    try:
        use_learned("labels", None)
        assert label_index().scan(noisy) == [] and _classify(noisy) == ("labels", ())
        use_learned("labels", label_model)
        assert [r.ident for m in label_index().scan(noisy) for r in m.refs] == ["commercial"]
        kind, matches = _classify(noisy)
        assert kind == "labels" and [r.ident for m in matches for r in m.refs] == ["commercial"]
    finally:
        use_learned("labels", handed)
