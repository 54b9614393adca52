"""Prose figures on the held-out split of the real excerpts: P/R/F1 overall, per metric, pre-2019 reports apart.

The held-out split is ``corpora/prose/real/split.json``'s lists in ``pipeline.training.TEST_SPLITS`` (whole
agencies, each written down before any rule or threshold was tuned on it): ``test`` (the d-* excerpts), from
stop 17, ``test2`` and ``test3``, and from stop 23 ``test4`` (ze-*, people's governments' whole reports) and ``test5``
(zf-*, departments' whole reports); the figures are given for the whole split and for each part apart. Rules alone
and rules with the classifier (the shipped model, or ``--model``) are both measured,
so the classifier's place in the default path is decided on figures nobody tuned on. ``--errors`` lists the
wrongly decided figures of the *train* documents only (to improve rules without reading the held-out split); with
``--fresh NAME`` those of a fresh batch that has joined the train side (its blind errors, with the rules of the
commit it was measured with: the unseen-data error profile), never of a kept-apart one (``FRESH_SPLITS``).

    python eval/prose_heldout.py [--model models/prose] [--errors train_errors.jsonl] [--fresh [NAME]]

``--fresh`` measures a fresh split instead (``split.json``'s ``fresh``, or the list ``NAME``: excerpts of agencies
new to the corpus, labelled blind): the measure to check a change against without the held-out split. ``fresh``
is never trained or tuned on; ``fresh2`` and ``fresh3`` were each measured once before any rule was tuned on them and
then joined the train side.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # this checkout's code, whatever the editable install points at
    sys.path.insert(0, str(ROOT))

from pipeline.evaluation.scoring import score  # noqa: E402
from pipeline.models import PROSE_MODEL  # noqa: E402
from pipeline.prose.classifier import NONE, ProseClassifier  # noqa: E402
from pipeline.training import FRESH_SPLITS, TEST_SPLITS, LabelledDocument, held_out, load_corpus, train_errors  # noqa: E402

CORPUS = ROOT / "corpora" / "prose" / "real"
#: Reports on years up to this one use the pre-2019 template.
LAST_PRE2019_YEAR = 2018


def prose_of(docs: list[LabelledDocument], model) -> dict:
    from pipeline.prose import decide

    gold = [{"source": d.source, "meta": d.gold.get("meta", {}), "fields": {}, "prose": d.gold.get("prose", [])}
            for d in docs]
    pred = [{"source": d.source, "meta": d.gold.get("meta", {}), "fields": {},
             "prose": [{"metric": m, "value": f.candidate.value, "unit": f.candidate.unit}
                       for f, m, _, _ in decide(d.figures, model)]} for d in docs]
    return score(gold, pred)["prose"]


def _line(name: str, p: dict) -> str:
    return (f"| {name} | {p['precision']:.3f} | {p['recall']:.3f} | {p['f1']:.3f} | {p['tp']} | {p['pred_total']} "
            f"| {p['gold_total']} |")


def table(title: str, prose: dict) -> str:
    rows = [f"### {title}", "", "| metric | P | R | F1 | tp | predicted | gold |", "|---|---|---|---|---|---|---|",
            _line("**all**", prose)]
    rows += [_line(metric, p) for metric, p in prose["per_metric"].items()]
    return "\n".join(rows) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=ROOT / "models" / PROSE_MODEL)
    parser.add_argument("--errors", type=Path,
                        help="write the train documents' wrong figures here (JSON lines); with --fresh NAME, those of a "
                             "fresh batch that joined the train side (never of a kept-apart one)")
    parser.add_argument("--json", type=Path, help="write the figures as JSON")
    parser.add_argument("--train-only", action="store_true",
                        help="measure the train and dev documents only (while improving rules: the held-out split "
                             "stays unread)")
    parser.add_argument("--fresh", nargs="?", const="fresh", metavar="NAME",
                        help="measure a fresh split (split.json's list NAME, default `fresh`: new agencies, labelled "
                             "blind) instead of the held-out split")
    args = parser.parse_args()
    if args.errors and args.fresh in FRESH_SPLITS:
        parser.error(f"--errors lists a fresh batch's figures only once it joined the train side; {args.fresh} is kept "
                     "apart (pipeline.training.FRESH_SPLITS): measure it, never study it")
    corpus = load_corpus([CORPUS])
    if args.train_only:
        for name, docs in (("train", [d for d in corpus.documents if not d.kept_apart and not d.dev]),
                           ("dev", [d for d in corpus.documents if not d.kept_apart and d.dev])):
            print(table(f"rules: {name} ({len(docs)} excerpts)", prose_of(docs, None)))
    split = f"{args.fresh} split" if args.fresh else "held-out split"
    names = held_out(CORPUS, args.fresh) if args.fresh else set()
    test = [d for d in corpus.documents if (d.source in names if args.fresh else d.test)]
    pre2019 = [d for d in test if (d.gold.get("meta", {}).get("year") or 9999) <= LAST_PRE2019_YEAR]
    # the held-out split's parts (each list of TEST_SPLITS), reported apart as well as together
    parts = {} if args.fresh else {key: [d for d in test if d.source in held_out(CORPUS, key)] for key in TEST_SPLITS}
    model = ProseClassifier.load(args.model) if (args.model / "metrics.json").is_file() else None
    out = {}
    for name, m in (("rules", None), ("rules+classifier", model)):
        if args.train_only or (name != "rules" and m is None):
            continue
        out[name] = {"all": prose_of(test, m), "pre2019": prose_of(pre2019, m)}
        print(table(f"{name}: {split} ({len(test)} excerpts)", out[name]["all"]))
        print(table(f"{name}: pre-2019 reports of the {split} ({len(pre2019)} excerpts)",
                    out[name]["pre2019"]))
        for key, docs in parts.items():
            if docs:
                out[name][key] = prose_of(docs, m)
                print(table(f"{name}: the held-out split's part `{key}` ({len(docs)} excerpts)", out[name][key]))
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if args.errors:
        if args.fresh:  # a fresh batch that joined the train side (checked above): its own wrong figures
            listed, kind = test, f"{args.fresh} documents"
        else:
            listed, kind = [d for d in corpus.documents if not d.kept_apart and not d.dev], "train documents"
        errors = train_errors([(d, None) for d in listed])
        args.errors.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in errors), encoding="utf-8")
        print(f"{len(errors)} wrong figures of {len(listed)} {kind} → {args.errors}",
              f"({sum(e['label'] != NONE for e in errors)} missed or mislabelled entries)")


if __name__ == "__main__":
    main()
