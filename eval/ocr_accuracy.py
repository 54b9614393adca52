"""Accuracy, flagging, speed and memory of the OCR route on scans: issue 4's acceptance figures.

Run from the repository root::

    python eval/ocr_accuracy.py [--n 30] [--seed 2026] [--workers 2] [--out /tmp/ocr-eval] [--json out.json]

The set: ``--n`` generated reports (both editions) rendered as image-only scans (layout ``scan_pdf``: pages of
the born-digital report rasterised at 150–200 dpi, turned up to 1.5°, blurred, noisy, unevenly lit, JPEG
quality 40–70), and the three real PDFs of ``corpora/real`` scanned the same way (:func:`scan_pdf_of`). The
seed differs from the one the confidence threshold was calibrated on (11), so these scans are unseen.

Each document is extracted in a pool of ``--workers`` processes, OCR on one thread each (as ``gongkai batch``
runs it). Reported:

* cells right / gold cells (the gold's ``fields``, exact values; a missing value is wrong), generated and real;
* documents with a wrong cell, and how many of them are flagged (target: all);
* repairs made by the identities (and whether each repaired value is the gold's), unsure readings reported;
* with ``--severity S`` (a stress test, not the acceptance set): the reports are scanned by a worse scanner
  (blur, noise and uneven light ×S, JPEG quality ÷S, 150 dpi), to see misreadings, repairs and flags;
* seconds per page: wall time of the whole pool over the pages (2 workers on 2 cores), and CPU seconds per
  page inside the workers; peak resident memory of a worker (``ru_maxrss``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.ocr import THREADS_ENV  # noqa: E402
from pipeline.synth.generate import dump_gold, gold_of, synth_record, synthesize  # noqa: E402
from pipeline.synth.pdf_render import render_pdf  # noqa: E402
from pipeline.synth.scan_render import SOURCE_LAYOUT, scan_pdf_of  # noqa: E402

REAL = ("hongze-2023", "hongze-2024", "huaian-2024")


def _init() -> None:
    os.environ[THREADS_ENV] = "1"
    from pipeline.batch.work import warm_up

    warm_up()


def _extract(path: str) -> dict:
    from pipeline.extract import extract_file

    start = time.process_time()
    record = extract_file(Path(path))
    record["_cpu"] = time.process_time() - start
    record["_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return record


def build_set(out: Path, n: int, seed: int, severity: float = 1.0) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    if n and severity == 1.0:
        synthesize(n, seed, out, layouts=["scan_pdf"])
    elif n:  # a worse scanner: the same sampled records, scanned with scan_pdf_of's severity
        for i in range(n):
            name = f"harsh-{seed}-{i:05d}.scan_pdf.pdf"
            record = synth_record(seed * 1000 + i, name)
            pdf = render_pdf(record, SOURCE_LAYOUT)
            (out / name).write_bytes(scan_pdf_of(pdf, name, record["meta"]["year"], severity))
            gold = gold_of(record, name, {"layout": "scan_pdf", "severity": severity})
            (out / name.replace(".pdf", ".gold.json")).write_bytes(dump_gold(gold))
    for name in REAL:
        gold = json.loads((REPO / "corpora" / "real" / f"{name}.gold.json").read_text(encoding="utf-8"))
        data = scan_pdf_of((REPO / "corpora" / "real" / f"{name}.pdf").read_bytes(), name, gold["meta"]["year"],
                           severity)
        (out / f"{name}.real_scan.pdf").write_bytes(data)
        (out / f"{name}.real_scan.gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return sorted(p for p in out.glob("*.pdf"))


def score(records: dict[Path, dict]) -> dict:
    out = {"generated": {"cells": 0, "right": 0, "docs": 0}, "real": {"cells": 0, "right": 0, "docs": 0}}
    wrong_docs, flagged_wrong, repairs, repairs_right, unsure, errors, statuses = [], 0, 0, 0, 0, [], {}
    for path, record in records.items():
        gold = json.loads(path.with_name(path.name.rsplit(".", 1)[0] + ".gold.json").read_text(encoding="utf-8"))
        kind = "real" if ".real_scan." in path.name else "generated"
        fields = record.get("fields", {})
        wrong = [(k, v, fields.get(k)) for k, v in gold["fields"].items() if fields.get(k) != v]
        out[kind]["cells"] += len(gold["fields"])
        out[kind]["right"] += len(gold["fields"]) - len(wrong)
        out[kind]["docs"] += 1
        statuses[record["status"]] = statuses.get(record["status"], 0) + 1
        if record["status"] == "error":
            errors.append((path.name, record.get("error_kind")))
        if wrong:
            wrong_docs.append({"doc": path.name, "status": record["status"], "wrong": wrong[:10], "n": len(wrong)})
            flagged_wrong += record["status"] == "flagged"
        for fix in record.get("repairs", []):
            repairs += 1
            repairs_right += gold["fields"].get(fix["key"]) == fix["value"]
        unsure += sum(1 for r in record.get("review", []) if r.startswith("OCR reading"))
    for part in out.values():
        part["accuracy"] = round(part["right"] / part["cells"], 5) if part["cells"] else None
    cells = sum(p["cells"] for p in out.values())
    out["all"] = {"cells": cells, "right": sum(p["right"] for p in out.values()),
                  "accuracy": round(sum(p["right"] for p in out.values()) / cells, 5) if cells else None}
    out.update(statuses=statuses, errors=errors, wrong_documents=wrong_docs,
               wrong_documents_flagged=f"{flagged_wrong}/{len(wrong_docs)}", repairs=repairs,
               repairs_right=repairs_right, unsure_readings_reported=unsure)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", type=Path, default=Path("/tmp/ocr-eval"))
    ap.add_argument("--json", type=Path)
    ap.add_argument("--severity", type=float, default=1.0,
                    help="a worse scanner: blur, noise and uneven light times this, JPEG quality divided by it, 150 dpi")
    args = ap.parse_args(argv)
    files = build_set(args.out, args.n, args.seed, args.severity)
    start = time.perf_counter()
    with ProcessPoolExecutor(args.workers, initializer=_init) as pool:
        records = dict(zip(files, pool.map(_extract, [str(f) for f in files]), strict=True))
    wall = time.perf_counter() - start
    pages = sum(r.get("pages") or 0 for r in records.values())
    result = score(records)
    result["speed"] = {
        "documents": len(files), "pages": pages, "workers": args.workers, "wall_s": round(wall, 1),
        "wall_s_per_page": round(wall / max(pages, 1), 3),
        "cpu_s_per_page": round(sum(r["_cpu"] for r in records.values()) / max(pages, 1), 3),
        "peak_worker_rss_mb": round(max(r["_rss_mb"] for r in records.values()), 1),
        "load_average_at_end": os.getloadavg(),
    }
    text = json.dumps(result, ensure_ascii=False, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
