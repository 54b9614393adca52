"""``gongkai train``: labelled corpora → training examples → the prose classifier, cross-validated.

A labelled corpus is any folder of documents with ``NAME.gold.json`` beside them (the shared record shape).
Each candidate figure of a document becomes an example: the gold entry it states (aligned by value and by the
words around it), or ``none``. Where a ``NAME.labels.json`` lists every figure with its label, those labels
are used as they are. Documents are split into train and dev by a hash of their name, so the split never
depends on file order or on the machine. The classifier's probability threshold is chosen by cross-validation
over the train documents only (grouped by document), and the train split's wrong figures can be listed, so dev
stays unread until it is measured. Everything is seeded: two runs on the same data give the same model and the
same metrics.
"""

from __future__ import annotations

import hashlib
import json
import platform
import time
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import metadata
from pathlib import Path

from . import __version__
from .evaluation.scoring import score
from .inputs import GOLD_SUFFIX, LABELS_SUFFIX
from .prose import Figure, decide, figures
from .prose.classifier import MODEL_FILE, NONE, ProseClassifier
from .readers import read_document
from .sections import find_meta, find_sections

#: The share of documents (by name hash, in tenths) kept apart as the dev split.
DEV_TENTHS = 3
#: A corpus folder's held-out split: {"test": [document names]}.
SPLIT_FILE = "split.json"


@dataclass
class LabelledDocument:
    source: str
    gold: dict
    figures: list[Figure]
    labels: list[str]
    dev: bool
    test: bool = False  # in a corpus's held-out split (split.json): never trained or tuned on


@dataclass
class Corpus:
    documents: list[LabelledDocument] = field(default_factory=list)

    def examples(self, dev: bool | None = None):
        docs = [d for d in self.documents if not d.test and (dev is None or d.dev == dev)]
        return [f.context for d in docs for f in d.figures], [lab for d in docs for lab in d.labels]

    def digest(self) -> str:
        """A hash of the training data: documents, their figures' words and their labels."""
        h = hashlib.sha256()
        for d in sorted(self.documents, key=lambda d: d.source):
            h.update(d.source.encode())
            for f, label in zip(d.figures, d.labels, strict=True):
                h.update(f"{f.context.window}|{f.candidate.value}|{label}".encode())
        return h.hexdigest()


def is_dev(source: str) -> bool:
    return int(hashlib.sha1(source.encode()).hexdigest(), 16) % 10 < DEV_TENTHS


def held_out(folder: Path) -> set[str]:
    """The documents of ``folder``'s held-out test split (``split.json``, written before any tuning)."""
    path = folder / SPLIT_FILE
    return set(json.loads(path.read_text("utf-8"))["test"]) if path.is_file() else set()


def load_corpus(folders: list[Path]) -> Corpus:
    corpus = Corpus()
    for folder in folders:
        test = held_out(folder)
        for gold_path in sorted(folder.rglob(f"*{GOLD_SUFFIX}")):
            gold = json.loads(gold_path.read_text("utf-8"))
            doc_path = gold_path.with_name(gold.get("source", ""))
            if not gold.get("source") or not doc_path.is_file():
                continue
            doc = read_document(doc_path.read_bytes(), doc_path.name)
            sections = find_sections(doc)
            year = gold.get("meta", {}).get("year") or find_meta(doc).year
            found = figures(doc, sections, year)
            labels_path = gold_path.with_name(gold_path.name.replace(GOLD_SUFFIX, LABELS_SUFFIX))
            if labels_path.is_file():
                labels = _from_label_file(doc, found, json.loads(labels_path.read_text("utf-8")))
            else:
                labels = align(found, gold.get("prose", []))
            corpus.documents.append(LabelledDocument(doc_path.name, gold, found, labels, is_dev(doc_path.name),
                                                     doc_path.name in test))
    return corpus


def _absolute(doc, fig: Figure) -> int | None:
    block = doc.blocks[fig.segment.block]
    return None if block.offset is None else block.offset + fig.base + fig.candidate.start


def _from_label_file(doc, found: list[Figure], labels: dict) -> list[str]:
    by_start = {x["start"]: x.get("metric") or NONE for x in labels["labels"]}
    return [by_start.get(_absolute(doc, f), NONE) for f in found]


def align(found: list[Figure], prose: list[dict]) -> list[str]:
    """Each gold entry on the candidate with its value whose words share most with the entry's text."""
    labels = [NONE] * len(found)
    for entry in prose:
        value = Decimal(str(entry["value"]))
        best, best_overlap = None, 0
        for i, fig in enumerate(found):
            if labels[i] != NONE or Decimal(str(fig.candidate.value)) != value:
                continue
            overlap = _common(entry["text"], fig.text[max(0, fig.candidate.start - 40) : fig.candidate.end])
            if overlap > best_overlap:
                best, best_overlap = i, overlap
        if best is not None:
            labels[best] = entry["metric"]
    return labels


def _common(a: str, b: str) -> int:
    """Length of the longest common substring (short strings: the quadratic way is fine)."""
    a, b = "".join(a.split()), "".join(b.split())
    best = 0
    previous = [0] * (len(b) + 1)
    for ch in a:
        current = [0] * (len(b) + 1)
        for j, other in enumerate(b, 1):
            if ch == other:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


def cross_validate(contexts, labels, seed: int, folds: int = 5) -> dict:
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    usable = [lab for lab in labels if labels.count(lab) >= folds]
    keep = [i for i, lab in enumerate(labels) if lab in usable]
    xs, ys = [contexts[i] for i in keep], [labels[i] for i in keep]
    predicted = [None] * len(xs)
    for train_idx, test_idx in StratifiedKFold(folds, shuffle=True, random_state=seed).split(xs, ys):
        model = ProseClassifier.train([xs[i] for i in train_idx], [ys[i] for i in train_idx], seed)
        for i, (metric, _) in zip(test_idx, model.predict([xs[i] for i in test_idx]), strict=True):
            predicted[i] = metric or NONE
    positives = sorted(set(ys) - {NONE})
    return {"folds": folds, "examples": len(xs),
            "micro_f1_metrics": round(f1_score(ys, predicted, labels=positives, average="micro"), 4),
            "macro_f1_metrics": round(f1_score(ys, predicted, labels=positives, average="macro"), 4)}


#: The thresholds tried for the classifier; None: the classifier never decides (rules alone).
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9, None)


def choose_min_probability(docs: list[LabelledDocument], seed: int, folds: int = 5
                           ) -> tuple[float | None, dict, list]:
    """The classifier's threshold that gives the best prose F1 over the training documents, each decided by a
    model trained without it (documents in ``folds`` groups); a tie goes to the more cautious threshold.
    Chosen on the train split only, so the dev split stays a fair measure. Also returns each document's
    out-of-fold model (set to the chosen threshold), for listing the train split's errors."""
    groups = [docs[i::folds] for i in range(folds)]
    models = []
    for group in groups:
        rest = [d for d in docs if d not in group]
        contexts = [f.context for d in rest for f in d.figures]
        labels = [lab for d in rest for lab in d.labels]
        models.append(ProseClassifier.train(contexts, labels, seed) if len(set(labels)) > 1 else None)
    per_doc = [(d, model) for group, model in zip(groups, models, strict=True) for d in group]
    results = {}
    for threshold in THRESHOLDS:
        for model in models:
            if model is not None:
                model.min_probability = threshold
        results[threshold] = prose_scores([d for d, _ in per_doc], [m for _, m in per_doc])["f1"]
    best = max(results.values())
    chosen = next(t for t in reversed(THRESHOLDS) if results[t] == best)
    for model in models:
        if model is not None:
            model.min_probability = chosen
    return chosen, {("never" if t is None else str(t)): f1 for t, f1 in results.items()}, per_doc


def train_errors(per_doc: list) -> list[dict]:
    """Every figure of the training documents that the rules (and the out-of-fold classifier) decide otherwise
    than its label: what ``gongkai train --train-errors`` writes, to improve rules without reading dev."""
    out = []
    for doc, model in per_doc:
        decided = {id(f): (metric, method) for f, metric, method, _ in decide(doc.figures, model)}
        for fig, label in zip(doc.figures, doc.labels, strict=True):
            metric, method = decided.get(id(fig), (NONE, None))
            if metric != label:
                cand = fig.candidate
                out.append({"source": doc.source, "value": _json_number(cand.value), "unit": cand.unit,
                            "label": label, "decided": metric, "by": method,
                            "text": fig.text[max(cand.sentence[0], cand.start - 40) : cand.end + 10]})
    return out


def _json_number(value):
    return value if isinstance(value, int) else float(value)


def prose_scores(docs: list[LabelledDocument], model) -> dict:
    """Prose P/R/F1 of the documents' decided figures, with the scorer of ``gongkai eval`` (``model``: one
    for all documents, or a list with one per document)."""
    models = model if isinstance(model, list) else [model] * len(docs)
    gold = [{"source": d.source, "meta": d.gold.get("meta", {}), "fields": {}, "prose": d.gold.get("prose", [])}
            for d in docs]
    pred = [{"source": d.source, "meta": d.gold.get("meta", {}), "fields": {},
             "prose": [{"metric": m, "value": f.candidate.value, "unit": f.candidate.unit}
                       for f, m, _, _ in decide(d.figures, doc_model)]}
            for d, doc_model in zip(docs, models, strict=True)]
    prose = score(gold, pred)["prose"]
    return {k: round(prose[k], 4) for k in ("precision", "recall", "f1")} | {
        "tp": prose["tp"], "pred_total": prose["pred_total"], "gold_total": prose["gold_total"]}


def versions() -> dict:
    names = ("scikit-learn", "mmh3", "spacy", "jieba", "numpy", "scipy", "cn2an")
    out = {"python": platform.python_version(), "gongkai": __version__}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


#: The held-out F1 the classifier has to add over the rules alone to stay in the default path.
MIN_GAIN = 0.01


def _default_path_gate(heldout: list[LabelledDocument], model: ProseClassifier) -> dict:
    """Rules alone and with the classifier on the held-out split (whole agencies nobody tuned on): the classifier
    keeps deciding (its threshold stays) only if it adds at least MIN_GAIN F1 there; otherwise its threshold is
    set to never, so the default path is the rules alone."""
    if not heldout:
        return {"scores": {}, "verdict": "no held-out split: the threshold chosen by cross-validation stands"}
    chosen = model.min_probability
    rules = prose_scores(heldout, None)
    both = prose_scores(heldout, model) if chosen is not None else rules
    gain = round(both["f1"] - rules["f1"], 4)
    if chosen is not None and gain < MIN_GAIN:
        model.min_probability = None
    kept = model.min_probability is not None
    verdict = (f"classifier {'kept' if kept else 'left out'}: held-out F1 {both['f1']} with it, {rules['f1']} with the "
               f"rules alone (gain {gain}, at least {MIN_GAIN} needed; threshold chosen by cross-validation: {chosen})")
    return {"scores": {"rules": rules, "rules+classifier": both}, "verdict": verdict}


def train_all(folders: list[Path], out: Path, seed: int = 0, test_folders: list[Path] = (),
              errors: Path | None = None) -> dict:
    """Both models: the prose classifier (``out/prose``) and the table-label classifier (``out/labels``)."""
    from .models import LABEL_MODEL, PROSE_MODEL
    from .template.label_model import train_label_model

    return {"prose": train(folders, out / PROSE_MODEL, seed, test_folders, errors),
            "labels": train_label_model(out / LABEL_MODEL, seed)}


def train(folders: list[Path], out: Path, seed: int = 0, test_folders: list[Path] = (),
          errors: Path | None = None) -> dict:
    """Train the prose classifier on ``folders``' train split; write the model and its metrics to ``out``
    (and, with ``errors``, the train split's wrongly decided figures as JSON lines)."""
    started = time.perf_counter()
    corpus = load_corpus(folders)
    contexts, labels = corpus.examples(dev=False)
    if not contexts or len(set(labels)) < 2:
        raise ValueError("no labelled figures found: the folders need documents with NAME.gold.json beside them")
    model = ProseClassifier.train(contexts, labels, seed)
    train_docs = [d for d in corpus.documents if not d.dev and not d.test]
    model.min_probability, threshold_cv, per_doc = choose_min_probability(train_docs, seed)
    dev = [d for d in corpus.documents if d.dev and not d.test]
    heldout = [d for d in corpus.documents if d.test]
    gate = _default_path_gate(heldout, model)
    path = model.save(out)
    metrics = {
        "model": "prose", "seed": seed, "trained_on": [str(f) for f in folders],
        "documents": {"train": len(train_docs), "dev": len(dev), "heldout": len(heldout)},
        "examples": {"train": len(labels), "train_positive": sum(lab != NONE for lab in labels),
                     "dev": sum(len(d.labels) for d in dev)},
        "cross_validation": cross_validate(contexts, labels, seed),
        "min_probability": model.min_probability,
        "min_probability_cv": threshold_cv,
        "dev": {"rules": prose_scores(dev, None), "rules+classifier": prose_scores(dev, model)},
        "heldout": gate["scores"],
        "default_path": gate["verdict"],
        "data_sha256": corpus.digest(),
        "versions": versions(),
    }
    if test_folders:
        test = load_corpus(list(test_folders)).documents
        metrics["test"] = {"rules": prose_scores(test, None), "rules+classifier": prose_scores(test, model)}
    metrics["train_seconds"] = round(time.perf_counter() - started, 2)
    metrics["model_bytes"] = path.stat().st_size
    (out / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    loading = time.perf_counter()
    ProseClassifier.load(out)
    metrics["load_seconds"] = round(time.perf_counter() - loading, 3)
    (out / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if errors is not None:
        errors.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in train_errors(per_doc)),
                          encoding="utf-8")
    (out / "README.md").write_text(_readme(metrics), encoding="utf-8")
    return metrics


def _readme(metrics: dict) -> str:
    return (f"# prose classifier\n\nTrained by `gongkai train` (seed {metrics['seed']}) on "
            f"{', '.join(metrics['trained_on'])}: {metrics['examples']['train']} figures from "
            f"{metrics['documents']['train']} documents; {metrics['documents']['dev']} documents kept apart as dev.\n"
            f"`{MODEL_FILE}` and `model.json` are the fitted logistic regression's arrays and metadata (classes, "
            "hashing, threshold; run in numpy, see pipeline/linear.py); `metrics.json` holds the cross-validation, "
            "the probability threshold chosen by cross-validation on the train documents (`min_probability`, null: "
            "the classifier never decides), the dev (and test) prose P/R/F1 with rules alone and with the "
            "classifier, the training data hash, the library versions, time, size and load time.\n")
