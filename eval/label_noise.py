"""What the learned label classifier gains on noisy labels: cell accuracy with and without it.

Run from the repository root::

    python eval/label_noise.py [--seed S] [--per-label N] [--model DIR] [--confusions shared|disjoint|both]
                               [--keep DIR] [--json out.json]

Inputs: the HTML fixtures ``corpora/html/*.cms.html`` and their gold (``NAME.gold.json`` beside them). In each
page, every table cell that holds a row or column label of tables 二, 三 and 四 (the label scanner recognises
a template label in it and it holds no figure) gets OCR-like damage, seeded per document:

* ``light``: one character of each label cell swapped for a visually similar one (the confusion table of
  ``pipeline.template.label_model``), and one character dropped in a cell out of five;
* ``heavy``: two characters swapped per label cell, and one character dropped in a cell out of two.

The numbering (（三）, 3., 三、) and the 第二十条第（一）项 anchors are left alone: they are read by patterns, not
by the label matcher. A ``clean`` level (no damage) checks that the fallback does not hurt clean pages. The
damaged pages are written to a temporary folder (``--keep DIR`` to keep them) and read back from there.

Every page is extracted with ``pipeline.extract.extract_bytes`` twice:

(a) **without** the classifier: the package as it is (exact match, then rapidfuzz);
(b) **with** the classifier as the fallback after rapidfuzz. The package does not call the model yet, so this
    script monkeypatches ``LabelIndex.fuzzy`` while (b) runs: when rapidfuzz finds no label of ratio >= 80
    for a piece of unknown text (of at least ``FUZZY_MIN_CHARS`` characters), the patched method asks
    ``LabelModel.predict`` and returns its refs with the score ``100 * probability`` (or nothing, when the
    model says ``none`` or is below ``MIN_PROBABILITY``). That is what the integration is meant to do. The
    scanner's and the cell classifier's caches are cleared when the patch is put in and taken out.

Both are scored with ``pipeline.scoring.score`` against the gold. Reported per level: cell accuracy (all cells
and per table), exact documents, and, per damaged label cell, whether the scanner still finds the same
template refs as in the clean cell (``label recall``) or other refs (``wrong labels``).

The model: trained here with ``train_label_model`` (``--seed``, ``--per-label``), or loaded from ``--model``.
``--confusions`` says where the swapped characters come from:

* ``shared``: the model is trained with the whole confusion table and the pages are damaged with it too: the
  noise the model was built for;
* ``disjoint``: the alternatives of every character are split in two halves (seeded); the model is trained
  with one half and the pages are damaged with the other, so every swapped character is one the model never
  saw in training for that position: closer to OCR errors nobody listed;
* ``both`` (default): both, one after the other (two trainings).

Exit status 0 (a measurement, not a test).
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import platform
import random
import re
import sys
import tempfile
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pipeline import __version__
from pipeline.evaluation.scoring import score
from pipeline.extract import extract_bytes
from pipeline.mapper import stream
from pipeline.template import label_model as lm
from pipeline.template.labels import ARTICLE_ITEM_RE, FUZZY_MIN_CHARS, NUMBERING_RE, LabelIndex, label_index
from pipeline.template.normalize import fold_width

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "corpora" / "html"
TABLES = ("active", "requests", "litigation")


@dataclass(frozen=True)
class Level:
    name: str
    substitutions: int
    drop_share: float  # share of label cells that also lose one character


LEVELS = (Level("clean", 0, 0.0), Level("light", 1, 0.2), Level("heavy", 2, 0.5))

_CELL = re.compile(r"(<t[dh]\b[^>]*>)(.*?)(</t[dh]>)", re.S | re.I)
_TAG = re.compile(r"(<[^>]*>)")
_CJK = re.compile(r"[\u4e00-\u9fff]")


# --------------------------------------------------------------------------- damage


def cell_text(inner: str) -> str:
    return html.unescape(_TAG.sub("", inner))


def is_label_cell(text: str) -> bool:
    """A cell that prints a template label (not an item anchor) and no figure."""
    folded = fold_width(text)
    if re.search(r"\d", NUMBERING_RE.sub("", ARTICLE_ITEM_RE.sub("", folded))):
        return False
    return any(r.kind != "item" for m in label_index().scan(text) for r in m.refs)


def damage_cell(inner: str, level: Level, rng: random.Random, confusions: dict[str, tuple[str, ...]]) -> str:
    """The cell's inner HTML with characters of its label swapped or dropped (tags and numbering kept)."""
    parts = _TAG.split(inner)
    texts = [i for i, p in enumerate(parts) if not p.startswith("<")]
    joined = "".join(parts[i] for i in texts)
    protected: set[int] = set()
    folded = fold_width(joined)
    for pattern in (NUMBERING_RE, ARTICLE_ITEM_RE):
        for m in pattern.finditer(folded):
            protected.update(range(m.start(), m.end()))
    where: list[tuple[int, int]] = []  # (part, offset) of each character of ``joined``
    for i in texts:
        where.extend((i, k) for k in range(len(parts[i])))
    chars = [c if _CJK.match(c) else "" for c in joined]
    candidates = [p for p, c in enumerate(chars) if c and p not in protected]
    swappable = [p for p in candidates if confusions.get(chars[p])]
    new = {p: chars[p] for p in candidates}
    swapped = rng.sample(swappable, min(level.substitutions, len(swappable)))
    for p in swapped:
        new[p] = rng.choice(confusions[chars[p]])
    rest = [p for p in candidates if p not in swapped]
    if level.drop_share and len(candidates) >= 3 and rest and rng.random() < level.drop_share:
        new[rng.choice(rest)] = ""
    pieces = {i: list(parts[i]) for i in texts}
    for p, c in new.items():
        i, k = where[p]
        pieces[i][k] = c
    return "".join("".join(pieces[i]) if i in pieces else part for i, part in enumerate(parts))


def damage_page(page: str, level: Level, rng: random.Random,
                confusions: dict[str, tuple[str, ...]]) -> tuple[str, list[tuple[str, str]]]:
    """The damaged page and the (clean, damaged) text of every label cell."""
    cells: list[tuple[str, str]] = []

    def one(m: re.Match) -> str:
        text = cell_text(m.group(2))
        if not text.strip() or not is_label_cell(text):
            return m.group(0)
        inner = damage_cell(m.group(2), level, rng, confusions) if level.substitutions else m.group(2)
        cells.append((text, cell_text(inner)))
        return m.group(1) + inner + m.group(3)

    return _CELL.sub(one, page), cells


def split_confusions(seed: int) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """The confusion table in two halves: every character's alternatives are dealt to one side or the other."""
    rng = random.Random(seed)
    train: dict[str, tuple[str, ...]] = {}
    noise: dict[str, tuple[str, ...]] = {}
    for char, alternatives in sorted(lm.CONFUSIONS.items()):
        alts = list(alternatives)
        rng.shuffle(alts)
        if len(alts) == 1:
            (train if rng.random() < 0.5 else noise)[char] = tuple(alts)
            continue
        half = len(alts) // 2
        train[char], noise[char] = tuple(alts[:half]), tuple(alts[half:])
    return train, noise


# --------------------------------------------------------------------------- the fallback


def _clear_caches() -> None:
    LabelIndex._scan_cached.cache_clear()
    stream._classify.cache_clear()


@contextmanager
def model_fallback(model: lm.LabelModel) -> Iterator[None]:
    """``LabelIndex.fuzzy`` asks the model when rapidfuzz finds nothing: what the integration will do."""
    original = LabelIndex.fuzzy

    def fuzzy(self: LabelIndex, normalized: str):
        refs, score_ = original(self, normalized)
        if refs or len(normalized) < FUZZY_MIN_CHARS:
            return refs, score_
        refs, probability = model.predict(normalized)
        return (refs, round(100.0 * probability, 1)) if refs else ((), 0.0)

    LabelIndex.fuzzy = fuzzy
    _clear_caches()
    try:
        yield
    finally:
        LabelIndex.fuzzy = original
        _clear_caches()


# --------------------------------------------------------------------------- scoring


def _ref_ids(text: str) -> frozenset[str]:
    return frozenset(lm.ref_id(r) for m in label_index().scan(text) for r in m.refs)


def label_stats(cells: list[tuple[str, str]]) -> dict:
    damaged = [(c, d) for c, d in cells if c != d]
    same = wrong = 0
    for clean, noisy in damaged:
        want, got = _ref_ids(clean), _ref_ids(noisy)
        same += got == want
        wrong += bool(got - want)
    if not damaged:
        return {"damaged_cells": 0, "label_recall": None, "wrong_labels": None}
    n = len(damaged)
    return {"damaged_cells": n, "label_recall": round(same / n, 4), "wrong_labels": round(wrong / n, 4)}


def run(pages: dict[str, bytes], golds: list[dict], cells: list[tuple[str, str]]) -> dict:
    records = []
    started = time.perf_counter()
    for source, data in pages.items():
        records.append(extract_bytes(data, source))
    seconds = time.perf_counter() - started
    scores = score(golds, records)
    return {
        "cell_accuracy": round(scores["cells"]["accuracy"], 4),
        "cells_right": scores["cells"]["correct"],
        "cells": scores["cells"]["total"],
        "by_table": {t: round(v["accuracy"], 4) for t, v in scores["tables"].items() if t in TABLES},
        "exact_documents": scores["documents"]["exact"],
        "documents": scores["documents"]["total"],
        "seconds": round(seconds, 2),
        **label_stats(cells),
    }


def evaluate_mode(mode: str, args: argparse.Namespace, out_dir: Path) -> dict:
    if mode == "disjoint":
        train_table, noise_table = split_confusions(args.seed)
    else:
        train_table = noise_table = lm.CONFUSIONS
    model_info: dict = {}
    if args.model:
        model = lm.LabelModel.load(args.model)
        model_info = {"loaded_from": str(args.model)}
    else:
        texts, classes = lm.training_examples(label_index(), random.Random(args.seed), args.per_label,
                                              confusions=train_table)
        started = time.perf_counter()
        model = lm.LabelModel.train(texts, classes, seed=args.seed)
        model_info = {"train_examples": len(texts), "train_seconds": round(time.perf_counter() - started, 1)}
        with tempfile.TemporaryDirectory() as tmp:
            path = model.save(Path(tmp))
            model_info["model_bytes"] = path.stat().st_size
            started = time.perf_counter()
            model = lm.LabelModel.load(Path(tmp))
            model_info["load_seconds"] = round(time.perf_counter() - started, 3)
    sources = sorted(FIXTURES.glob("*.cms.html"))
    golds = [json.loads(p.with_name(p.name.replace(".html", ".gold.json")).read_text("utf-8")) for p in sources]
    levels = {}
    for level in LEVELS:
        folder = out_dir / mode / level.name
        folder.mkdir(parents=True, exist_ok=True)
        pages: dict[str, bytes] = {}
        cells: list[tuple[str, str]] = []
        for path in sources:
            rng = random.Random(zlib.crc32(f"{args.seed}:{level.name}:{path.name}".encode()))
            page, page_cells = damage_page(path.read_text("utf-8"), level, rng, noise_table)
            (folder / path.name).write_text(page, "utf-8")
            pages[path.name] = (folder / path.name).read_bytes()
            cells.extend(page_cells)
        _clear_caches()
        without = run(pages, golds, cells)
        with model_fallback(model):
            with_model = run(pages, golds, cells)
        levels[level.name] = {"without": without, "with": with_model,
                              "gain": round(with_model["cell_accuracy"] - without["cell_accuracy"], 4)}
    return {"model": model_info, "levels": levels}


def print_mode(mode: str, result: dict) -> None:
    print(f"\n== confusions: {mode}  model: {result['model']}")
    print(f"{'level':6} {'':8} {'cells':>8} {'二':>7} {'三':>7} {'四':>7} {'exact':>6} {'label rec':>9} "
          f"{'wrong lab':>9} {'damaged':>7}")
    for name, row in result["levels"].items():
        for which in ("without", "with"):
            r = row[which]
            t = r["by_table"]
            recall, wrong = (f"{r[k]:9.2%}" if r[k] is not None else f"{'-':>9}" for k in ("label_recall", "wrong_labels"))
            print(f"{name:6} {which:8} {r['cell_accuracy']:8.2%} {t.get('active', 0):7.2%} {t.get('requests', 0):7.2%} "
                  f"{t.get('litigation', 0):7.2%} {r['exact_documents']:>2}/{r['documents']:<3} "
                  f"{recall} {wrong} {r['damaged_cells']:7}")
        print(f"{name:6} {'gain':8} {row['gain']:+8.2%}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Cell accuracy on OCR-damaged labels, with and without the label model.")
    p.add_argument("--seed", type=int, default=0, help="seed of the damage and of the training (default 0)")
    p.add_argument("--per-label", type=int, default=40, help="training examples per label variant (default 40)")
    p.add_argument("--model", type=Path, help="load this model folder instead of training one")
    p.add_argument("--confusions", choices=("shared", "disjoint", "both"), default="both",
                   help="characters the damage swaps in: the training's own (shared), others (disjoint), or both")
    p.add_argument("--keep", type=Path, metavar="DIR", help="write the damaged pages here and keep them")
    p.add_argument("--json", type=Path, metavar="OUT", help="also write the figures to this JSON file")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.model and args.confusions != "shared":
        print("--model: a loaded model was trained with the whole confusion table; using --confusions shared",
              file=sys.stderr)
        args.confusions = "shared"
    modes = ("shared", "disjoint") if args.confusions == "both" else (args.confusions,)
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = args.keep or Path(tmp)
        results = {mode: evaluate_mode(mode, args, out_dir) for mode in modes}
    for mode, result in results.items():
        print_mode(mode, result)
    if args.json:
        report = {
            "date": dt.datetime.now().isoformat(timespec="seconds"),
            "gongkai": __version__,
            "python": platform.python_version(),
            "platform": platform.platform(),
            "seed": args.seed,
            "per_label": args.per_label,
            "min_probability": lm.MIN_PROBABILITY,
            "levels": {lv.name: {"substitutions": lv.substitutions, "drop_share": lv.drop_share} for lv in LEVELS},
            "fixtures": [p.name for p in sorted(FIXTURES.glob("*.cms.html"))],
            "results": results,
        }
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
