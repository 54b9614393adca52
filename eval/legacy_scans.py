"""Scanned legacy (pre-2019) reports: the legacy generator's HTML printed by Chromium and scanned by the scanner styles.

    python eval/legacy_scans.py [--docs 3] [--seed 61] [--styles ours,grey150,...] [--split tuned]
                                [--severity 1] [--workers 1] [--out /tmp/legacy_scans] [--json out.json]

Each document is a legacy report (:func:`pipeline.synth.pre2019.sample_pre2019`, its style — Fujian, 序号, national —
cycled) rendered as HTML (``legacy_<style>_html``), printed to PDF in one of the CJK fonts and scanned by one style,
exactly as :mod:`scanners` prints and scans the template's reports (its build, extraction and scoring are reused:
only the report differs). Per style: ``legacy.*`` indicators right / gold, documents with a wrong indicator, of
them flagged, **wrong & ok** (target 0), right documents flagged and why. Held-out styles run only as
``eval/scanners.py`` lets them (``--split``); never run them while tuning.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "eval"))

from scanners import _extract, _init, chosen_styles, markdown, print_examples, scan_report, score  # noqa: E402

from pipeline.synth.pre2019 import STYLES as LEGACY_STYLES  # noqa: E402
from pipeline.synth.pre2019 import gold_of, render_pre2019, sample_pre2019  # noqa: E402
from pipeline.synth.scanner_styles import FONTS  # noqa: E402


def build(out: Path, styles: list[str], docs: int, seed: int, severity: float) -> list[Path]:
    """The scans (cached in ``out``): ``docs`` legacy reports per style, legacy table styles and fonts cycled; a
    file is named ``L{seed}-{i}.{scanner style}.s{severity}.{font}.pdf`` as :func:`scanners.score` reads it."""
    out.mkdir(parents=True, exist_ok=True)
    fonts = list(FONTS)
    rng = random.Random(seed)
    files = []
    for i, sub in enumerate(rng.getrandbits(63) for _ in range(docs)):
        base = f"L{seed}-{i:03d}"
        layout = f"legacy_{LEGACY_STYLES[i % len(LEGACY_STYLES)]}_html"
        record = sample_pre2019(random.Random(sub), f"{base}.html", LEGACY_STYLES[i % len(LEGACY_STYLES)])
        files += scan_report(out, base, i, styles, fonts, severity,
                             lambda record=record, layout=layout: render_pre2019(record, layout),
                             lambda name, style, font, record=record, layout=layout, sub=sub: gold_of(
                                 record, name, {"layout": f"{layout}+scanner:{style}", "font": font,
                                                "severity": severity, "seed": sub}))
    return files


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=61)
    ap.add_argument("--styles", help="comma-separated scanner styles (default: every style of --split)")
    ap.add_argument("--split", choices=("tuned", "held_out", "all"), default="tuned")
    ap.add_argument("--severity", type=float, default=1.0)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--out", type=Path, default=Path("/tmp/legacy_scans"))
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    try:
        styles = chosen_styles(args.styles, args.split)
    except ValueError as err:
        ap.error(str(err))
    files = build(args.out, styles, args.docs, args.seed, args.severity)
    start = time.perf_counter()
    with ProcessPoolExecutor(args.workers, initializer=_init) as pool:
        records = dict(zip(files, pool.map(_extract, [str(f) for f in files]), strict=True))
    for path, record in records.items():
        path.with_name(path.name[:-4] + ".record.json").write_text(
            json.dumps(record, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8")
    table = score(records)
    print(markdown(table, args.severity))
    print(json.dumps({"documents": len(files), "wall_s": round(time.perf_counter() - start, 1),
                      "wrong_ok": sum(r["wrong_ok"] for r in table.values())}))
    print_examples(table)
    if args.json:
        args.json.write_text(json.dumps(table, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
