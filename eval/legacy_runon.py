"""Generated legacy reports whose 本年度 | 历年累计 digits run together: wrong values with the status ``ok``.

Writes ``--pairs`` pairs of one agency's consecutive reports and ``--singles`` reports with no neighbour (all
Fujian tables flattened into page text, ``pipeline.synth.pre2019``), extracts each one, and counts, per set,
the documents with a wrong ``legacy.*`` value, those of them with the status ``ok`` (target 0), the flagged
documents and the ambiguous rows: first as each report reads alone, then after the collection pass that decides
cuts with the agency's neighbouring year (:mod:`pipeline.collection.cumulative`, what the panel export runs).

    python eval/legacy_runon.py [--pairs 60] [--singles 40] [--seed 1401] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from pipeline.collection.cumulative import resolve_cuts
from pipeline.extract import extract_file
from pipeline.inputs import GOLD_SUFFIX
from pipeline.synth.pre2019 import pre2019_pairs, pre2019_synthesize


def _wrong(record: dict, gold: dict) -> bool:
    return any(record["fields"].get(key) != value for key, value in gold["fields"].items())


def _counts(pairs: list[tuple[dict, dict]]) -> dict:
    wrong = [r for r, g in pairs if _wrong(r, g)]
    return {"docs": len(pairs), "wrong": len(wrong), "wrong_ok": sum(r["status"] == "ok" for r in wrong),
            "flagged": sum(r["status"] != "ok" for r, _ in pairs),
            "ambiguous_rows": sum(len(r["ambiguities"]) for r, _ in pairs)}


def measure(n_pairs: int, n_singles: int, seed: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pre2019_pairs(n_pairs, seed, folder / "pairs")
        pre2019_synthesize(n_singles, seed + 1, folder / "singles", ["legacy_runon"])
        start = time.process_time()
        sets: dict[str, list[tuple[dict, dict]]] = {}
        for name in ("pairs", "singles"):
            sets[name] = [(extract_file(p), json.loads(p.with_name(p.name[: -len(p.suffix)] + GOLD_SUFFIX).read_text()))
                          for p in sorted((folder / name).glob("*.txt"))]
        cpu = time.process_time() - start
    out = {"alone": {name: _counts(docs) for name, docs in sets.items()}}
    resolution = resolve_cuts([r for docs in sets.values() for r, _ in docs])
    out["with the neighbouring year"] = {name: _counts(docs) for name, docs in sets.items()}
    out["decided"] = len(resolution.resolved)
    out["confirmed"] = len(resolution.confirmed)
    out["still_ambiguous"] = len(resolution.open)
    out["cpu_s_per_doc"] = round(cpu / max(1, sum(len(d) for d in sets.values())), 3)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=60)
    parser.add_argument("--singles", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1401)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    out = measure(args.pairs, args.singles, args.seed)
    print("| pass | set | docs | docs with a wrong value | wrong & `ok` | flagged | ambiguous rows |")
    print("|---|---|---|---|---|---|---|")
    for stage in ("alone", "with the neighbouring year"):
        for name, c in out[stage].items():
            print(f"| {stage} | {name} | {c['docs']} | {c['wrong']} | {c['wrong_ok']} | {c['flagged']} | "
                  f"{c['ambiguous_rows']} |")
    print(f"\ncuts decided by the neighbouring year: {out['decided']}; single cuts confirmed: {out['confirmed']}; "
          f"rows still ambiguous: {out['still_ambiguous']}; {out['cpu_s_per_doc']} CPU s per document")
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
