"""Generated legacy reports whose 本年度 | 历年累计 digits run together, through ``gongkai batch`` and the exports.

Writes ``--pairs`` pairs of one agency's consecutive reports, ``--series`` series of ``--years`` consecutive
reports of one agency (where two or more open years must be decided together) and ``--singles`` reports with
no neighbour (all Fujian tables flattened into page text, ``pipeline.synth.pre2019``). Runs ``gongkai batch
--no-cuts`` over them (each report as it reads alone), then ``gongkai cuts`` (the pass over the whole store that
decides cuts with the agency's neighbouring years and writes them back, :mod:`pipeline.batch.cuts`), then
``gongkai export --parquet`` (the wide table), and counts per set: the documents with a wrong ``legacy.*``
value, those of them with the status ``ok`` (target 0), the flagged documents, the ambiguous rows; the rows
decided, those decided jointly (a neighbour the pass used was itself open), and the cells of the wide export
that differ from the store (target 0). Counts after the pass are read from the wide export.

    python eval/legacy_runon.py [--pairs 60] [--series 15] [--years 4] [--singles 40] [--seed 1401] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.cli import main as gongkai
from pipeline.inputs import GOLD_SUFFIX
from pipeline.sinks.store import Store, store_path
from pipeline.synth.pre2019 import pre2019_pairs, pre2019_synthesize

SETS = ("pairs", "series", "singles")


def _cpu() -> float:
    """CPU seconds of this process (the pass runs in it; the batch's workers are other processes)."""
    return time.process_time()


def _stored(out: Path) -> dict[str, dict]:
    with Store(store_path(out), read_only=True) as store:
        return {r["path"]: r for batch in store.records() for r in batch}


def _exported(path: Path) -> dict[str, dict]:
    return {row["path"]: row for row in pq.read_table(path).to_pylist()}


def _wrong(fields: dict, gold: dict) -> bool:
    return any(fields.get(key) != value for key, value in gold["fields"].items())


def _counts(docs: list[tuple[dict, dict]], ambiguous: dict[str, int]) -> dict:
    """docs: (fields and status, gold) per document; ambiguous: rows left open, by path (sources repeat across
    the sets: each set names its files legacy-pair-00000-a …)."""
    wrong = [r for r, g in docs if _wrong(r["fields"], g)]
    return {"docs": len(docs), "wrong": len(wrong), "wrong_ok": sum(r["status"] == "ok" for r in wrong),
            "flagged": sum(r["status"] != "ok" for r, _ in docs),
            "ambiguous_rows": sum(ambiguous.get(g["path"], 0) for _, g in docs)}


def measure(n_pairs: int, n_series: int, years: int, n_singles: int, seed: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pre2019_pairs(n_pairs, seed, folder / "in" / "pairs")
        pre2019_pairs(n_series, seed + 2, folder / "in" / "series", years=years)
        pre2019_synthesize(n_singles, seed + 1, folder / "in" / "singles", ["legacy_runon"])
        golds: dict[str, list[dict]] = {name: [{**json.loads(p.read_text("utf-8")), "path": str(
            p.with_name(p.name[: -len(GOLD_SUFFIX)] + ".txt").resolve())} for p in sorted(
                (folder / "in" / name).glob(f"*{GOLD_SUFFIX}"))] for name in SETS}
        out, wide = folder / "out", folder / "wide.parquet"
        gongkai(["batch", str(folder / "in"), "--out", str(out), "--workers", "1", "--no-cuts", "-q"])
        alone = _stored(out)
        start = _cpu()
        gongkai(["cuts", str(out), "-q"])
        pass_cpu = _cpu() - start
        gongkai(["export", str(out), "--parquet", str(wide)])
        after, exported = _stored(out), _exported(wide)
        with Store(store_path(out), read_only=True) as store:
            log = store.con.execute("select path, key, action, neighbours from cut_log join records using (doc_id)"
                                    ).fetchall()
    result: dict = {"alone": {}, "after the batch pass (wide export)": {}}
    for name, golds_of_set in golds.items():
        result["alone"][name] = _counts([(alone[g["path"]], g) for g in golds_of_set],
                                        {s: len(r["ambiguities"]) for s, r in alone.items()})
        rows = [({"fields": {k: exported[g["path"]].get(k) for k in g["fields"]},
                  "status": exported[g["path"]]["status"]}, g) for g in golds_of_set]
        result["after the batch pass (wide export)"][name] = _counts(
            rows, {s: len(r["ambiguities"]) for s, r in after.items()})
    decided = [row for row in log if row[2] == "decided"]
    open_before = {(p, k) for p, r in alone.items() for a in r["ambiguities"] for k in a["keys"]}
    result["decided"] = len(decided)
    # a neighbour named by its source is the file of that name in the decided document's folder (its set)
    result["decided_jointly"] = sum(any((str(Path(path).with_name(n)), key) in open_before
                                        for n in neighbours.split("; ")) for path, key, _, neighbours in decided)
    result["confirmed"] = sum(row[2] == "confirmed" for row in log)
    result["still_ambiguous"] = sum(len(r["ambiguities"]) for r in after.values())
    result["records_rewritten"] = len({row[0] for row in log})
    result["export_differs"] = sum(exported[s].get(k) != v for s, r in after.items() for k, v in r["fields"].items()
                                   if k.startswith("legacy.") and isinstance(v, int | float))
    result["cpu_s_pass"] = round(pass_cpu, 2)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=60)
    parser.add_argument("--series", type=int, default=15)
    parser.add_argument("--years", type=int, default=4)
    parser.add_argument("--singles", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1401)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    out = measure(args.pairs, args.series, args.years, args.singles, args.seed)
    print("| pass | set | docs | docs with a wrong value | wrong & `ok` | flagged | ambiguous rows |")
    print("|---|---|---|---|---|---|---|")
    for stage in ("alone", "after the batch pass (wide export)"):
        for name, c in out[stage].items():
            print(f"| {stage} | {name} | {c['docs']} | {c['wrong']} | {c['wrong_ok']} | {c['flagged']} | "
                  f"{c['ambiguous_rows']} |")
    print(f"\nrows decided by the neighbouring years: {out['decided']} (jointly with an open neighbour: "
          f"{out['decided_jointly']}); single cuts confirmed: {out['confirmed']}; rows still ambiguous: "
          f"{out['still_ambiguous']}; records rewritten: {out['records_rewritten']}; wide-export cells differing "
          f"from the store: {out['export_differs']}; {out['cpu_s_pass']} CPU s for the pass (gongkai cuts)")
    if args.json:
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
