"""The scanner matrix (issue 13): style × severity × cell accuracy, flagging and CPU seconds per page.

Run from the repository root (needs the ``synth`` extra, i.e. augraphy, albumentations, doxapy and scikit-image, and
the ``chromium``, ``imagemagick``, ``netpbm``, ``graphicsmagick``, ``libvips-tools``, ``ghostscript``, ``ffmpeg``,
``unpaper`` and ``libopenjp2-tools`` Debian packages)::

    python eval/scanners.py [--docs 2] [--seed 13] [--styles seal,stained,...] [--fonts uming,...]
                            [--split tuned|held_out|all]
                            [--severity 1] [--workers 2] [--out /tmp/scanners] [--json out.json] [--verbose]

``--split tuned`` (the default) runs only the styles rules may be tuned on; the held-out styles run only with
``--split held_out`` or ``all`` (the lead's check seeds).

Each document is a sampled report (:func:`pipeline.synth.generate.synth_record`, seeded from ``--seed``), its
``cms`` HTML printed to PDF by headless Chromium in one of the Debian CJK fonts of
:data:`pipeline.synth.scanner_styles.FONTS` (cycled), then scanned by one style of
:data:`~pipeline.synth.scanner_styles.STYLES` at ``--severity`` (1 moderate, 2 harsh). Files are cached in
``--out`` (delete it to rebuild); each document's record is written beside its scan (``NAME.record.json``).
Extraction runs in ``--workers`` processes with OCR on one thread each.

Per style: cells right / gold cells, documents with a wrong cell, how many of them are flagged (never ``ok``:
the wrong-but-ok count, target 0), seal leaks (a wrong value in a cell under a seal read as a confident
number: counted with the wrong cells), right documents flagged and the kinds of their review reasons (a flag on a
right document costs a person's time), wall and CPU seconds per page (CPU: ``time.process_time`` inside the
worker, the honest figure on a shared machine). Styles in :data:`~pipeline.synth.scanner_styles.HELD_OUT`
were never tuned on; the report marks them, and their wrong cells are printed only with ``--verbose`` (the
first three wrong documents of each tuned style are printed after the table). HELD OUT: ``fax``, ``phone`` and,
from 2026-12-07 (branch hscan, written down before their first page was made), ``scan_app``, ``aged_paper`` and
``sheet_feeder``, made by albumentations, a degradation library the tuned styles did not use (``aged_paper`` and
``sheet_feeder`` moved to the tuned side at stop 18, 2026-12-07, before any tuning on them), and, from 2026-12-07
(branch hscan8, written down before their first page was made), ``office_scan``, ``copy_of_copy`` and
``microfilm``, made by ImageMagick (the Debian ``imagemagick`` package), a degradation model none of the others
is (``copy_of_copy`` moved to the tuned side at stop 19, 2026-12-07, before any tuning on it), and, from
2026-12-07 (branch hscan9, written down before their first page was made), ``g3_fax`` and ``folded``, made by
Netpbm (the Debian ``netpbm`` package), a fourth degradation model none of the others is (both moved to the tuned
side at stop 20, 2026-12-07, before any tuning on them); ``scan_app`` moved to the tuned side at stop 22, before any
tuning on it; ``office_scan`` and ``microfilm`` moved to the tuned side at stop 24, before any tuning on them; and,
from 2026-12-07 (branch hscan22, written down before their first page was made),
``bound_volume``, made by GraphicsMagick (the Debian ``graphicsmagick`` package), and ``archive_bilevel``, a
GraphicsMagick grey scan put to one bit by the ΔOxa binarisation library (doxapy), degradation models none of the
others is; and, from 2026-12-07 (branch hscan23, written down before their first page was made),
``web_page_images``, a report posted as page images (图片版), made by libvips (the Debian ``libvips-tools``
package), and ``laser_print``, a laser print of grey rules scanned, made by Ghostscript's raster devices (the Debian
``ghostscript`` package), degradation models none of the others is; and, from 2026-12-07 (branch hscan24, written
down before their first page was made), ``document_camera``, a still from a document camera's recording, made by
FFmpeg's filters and libx264 (the Debian ``ffmpeg`` package), and ``cleaned_scan``, an archive's grey scan (made by
FFmpeg) cleaned by unpaper (the Debian ``unpaper`` package), degradation models none of the others is
(``document_camera`` moved to the tuned side at stop 25, before any tuning on it); and, from 2026-12-08 (branch hscan25,
written down before their first page was made), ``screen_photo``, a phone photo of the report on a monitor, made by
scikit-image (its warp, filters, exposure and noise), and ``archive_jpeg2000``, an archive's JPEG 2000 access copy,
coded by OpenJPEG (the Debian ``libopenjp2-tools`` package) from a colour scan scikit-image makes, degradation models
none of the others is. Never tune on the held-out styles:
run them only in the lead's held-out run, on merged code.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import random
import resource
import sys
import time
import zlib
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.ocr import THREADS_ENV  # noqa: E402
from pipeline.synth.generate import dump_gold, gold_of, synth_record  # noqa: E402
from pipeline.synth.html_render import render_html  # noqa: E402
from pipeline.synth.scanner_styles import FONTS, HELD_OUT, STYLES, print_html, scan_styled  # noqa: E402


def _init() -> None:
    os.environ[THREADS_ENV] = "1"
    from pipeline.batch.work import warm_up

    warm_up()


def _extract(path: str) -> dict:
    from pipeline.extract import extract_file

    start, wall = time.process_time(), time.perf_counter()
    record = extract_file(Path(path))
    record["_cpu"] = time.process_time() - start
    record["_wall"] = time.perf_counter() - wall
    record["_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return record


def build(out: Path, styles: list[str], docs: int, seed: int, severity: float,
          fonts: list[str] | None = None) -> list[Path]:
    """The scans (cached): ``docs`` reports per style, ``fonts`` (default every one of ``FONTS``) cycled over the
    documents from a start each style's name fixes (:func:`font_of`); printed PDFs are shared between styles."""
    out.mkdir(parents=True, exist_ok=True)
    fonts = fonts or list(FONTS)
    files = []
    rng = random.Random(seed)
    seeds = [rng.getrandbits(40) for _ in range(docs)]
    for i, sub in enumerate(seeds):
        base = f"m{seed}-{i:03d}"
        record = functools.cache(functools.partial(synth_record, sub, f"{base}.html"))  # made only if a scan is made
        files += scan_report(out, base, i, styles, fonts, severity, lambda r=record: render_html(r(), "cms"),
                             lambda name, style, font, r=record: gold_of(
                                 r(), name, {"layout": f"scanner:{style}", "font": font, "severity": severity}))
    return files


def font_of(i: int, style: str, fonts: list[str]) -> str:
    """The ``i``-th report's font under ``style``: cycled over the reports from a start fixed by the style's name
    (CRC-32), so that a style's documents stay the same when styles are added to the list or run alone (until stop
    24 the start was the style's place in the list run, and adding a style gave others new documents)."""
    return fonts[(i + zlib.crc32(style.encode())) % len(fonts)]


def scan_report(out: Path, base: str, i: int, styles: list[str], fonts: list[str], severity: float,
                html: Callable[[], str], gold: Callable[[str, str, str], dict]) -> list[Path]:
    """One report's scans (cached in ``out``), one per style, in the font :func:`font_of` gives the ``i``-th report and
    that style: its ``html()`` printed once per rule look and font (shared between styles), scanned, and written beside its
    ``gold(name, style, font)`` as ``{base}.{style}.s{severity}.{font}.pdf`` / ``.gold.json`` (the names
    :func:`score` reads). The scanned-legacy matrix (``eval/legacy_scans.py``) builds its reports through it too."""
    files = []
    for style in styles:
        font = font_of(i, style, fonts)
        name = f"{base}.{style}.s{severity:g}.{font}.pdf"
        path = out / name
        files.append(path)
        if path.exists():
            continue
        printed = out / f"{base}.{STYLES[style].rules}.{font}.printed.pdf"
        if not printed.exists():
            printed.write_bytes(print_html(html(), FONTS[font], STYLES[style].rules))
        path.write_bytes(scan_styled(printed.read_bytes(), style, name, severity))
        path.with_name(name[:-4] + ".gold.json").write_bytes(dump_gold(gold(name, style, font)))
    return files


def print_examples(table: dict, held_out_too: bool = False) -> None:
    """The first three wrong documents of each style and the reasons its right documents were flagged; a held-out
    style's only with ``held_out_too`` (its errors are not for tuning)."""
    for style, row in table.items():
        if row["held_out"] and not held_out_too:
            continue
        for ex in row["examples"][:3]:
            print(style, json.dumps(ex, ensure_ascii=False))
        if row["right_flagged"]:
            print(style, "right but flagged:", json.dumps(row["right_flagged_reasons"], ensure_ascii=False))


def _reason_kind(reason: str) -> str:
    """A review reason as a kind, its particulars (cell names, values) left out, so that reasons can be counted:
    an unsure OCR reading says whether it is a blank (a cell read blank over marks) or a number."""
    if reason.startswith("OCR reading of "):
        return "unsure OCR blank" if "(blank," in reason else "unsure OCR number"
    if reason.startswith("identity "):
        return "identity broken, " + ("extraction doubtful" if reason.endswith("doubtful") else "source break")
    if "cells expected" in reason:
        return "a row's cells expected and printed differ"
    for cut in (" of ", " (", ": ", " in "):
        reason = reason.split(cut)[0]
    return reason


def score(records: dict[Path, dict]) -> dict:
    table: dict[str, dict] = {}
    for path, record in records.items():
        style = path.name.split(".")[1]
        gold = json.loads(path.with_name(path.name[:-4] + ".gold.json").read_text(encoding="utf-8"))
        fields = record.get("fields", {})
        wrong = [(k, v, fields.get(k)) for k, v in gold["fields"].items() if fields.get(k) != v]
        row = table.setdefault(style, {"docs": 0, "cells": 0, "right": 0, "pages": 0, "cpu": 0.0, "wall": 0.0,
                                       "wrong_docs": 0, "wrong_flagged": 0, "wrong_ok": 0, "status": {},
                                       "right_flagged": 0, "right_flagged_reasons": {}, "examples": []})
        row["docs"] += 1
        row["cells"] += len(gold["fields"])
        row["right"] += len(gold["fields"]) - len(wrong)
        row["pages"] += record.get("pages") or 0
        row["cpu"] += record["_cpu"]
        row["wall"] += record["_wall"]
        row["status"][record["status"]] = row["status"].get(record["status"], 0) + 1
        if wrong:
            row["wrong_docs"] += 1
            row["wrong_flagged"] += record["status"] != "ok"
            row["wrong_ok"] += record["status"] == "ok"
            row["examples"].append({"doc": path.name, "status": record["status"], "n": len(wrong),
                                    "wrong": wrong[:8], "error": record.get("error_kind")})
        elif record["status"] != "ok":
            row["right_flagged"] += 1
            for reason in record.get("review") or [record.get("error_kind") or record["status"]]:
                kind = _reason_kind(reason)
                row["right_flagged_reasons"][kind] = row["right_flagged_reasons"].get(kind, 0) + 1
    for style, row in table.items():
        row["accuracy"] = round(row["right"] / row["cells"], 5) if row["cells"] else None
        row["cpu_s_per_page"] = round(row["cpu"] / max(row["pages"], 1), 2)
        row["wall_s_per_page_in_worker"] = round(row["wall"] / max(row["pages"], 1), 2)
        row["held_out"] = style in HELD_OUT
    return table


def markdown(table: dict[str, dict], severity: float) -> str:
    lines = ["| style | held out | severity | docs | pages | cells right | accuracy | docs with a wrong cell "
             "| of them flagged | wrong but ok | right docs flagged | CPU s/page (1 worker) |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for style in STYLES:
        if style not in table:
            continue
        r = table[style]
        lines.append(f"| {style} | {'yes' if r['held_out'] else ''} | {severity:g} | {r['docs']} | {r['pages']} "
                     f"| {r['right']}/{r['cells']} | {100 * r['accuracy']:.2f} % | {r['wrong_docs']} "
                     f"| {r['wrong_flagged']} | {r['wrong_ok']} | {r['right_flagged']} | {r['cpu_s_per_page']} |")
    return "\n".join(lines)


def chosen_styles(named: str | None, split: str) -> list[str]:
    """The styles to run: those ``named`` (all of ``STYLES`` when None) that ``split`` lets through. A held-out
    style is never run by accident: naming one under ``--split tuned`` is an error, not a silent skip."""
    styles = [s for s in (named or ",".join(STYLES)).split(",") if s]
    unknown = [s for s in styles if s not in STYLES]
    if unknown:
        raise ValueError(f"unknown style(s) {', '.join(unknown)}; choose from {', '.join(STYLES)}")
    if split == "tuned" and named:
        held = [s for s in styles if s in HELD_OUT]
        if held:
            raise ValueError(f"{', '.join(held)} held out: run it only with --split held_out or all")
    if split == "all":
        return styles
    return [s for s in styles if (s in HELD_OUT) == (split == "held_out")]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--styles", help="comma-separated styles (default: every style of --split)")
    ap.add_argument("--fonts", help=f"comma-separated print fonts, cycled (default: all of {', '.join(FONTS)}); "
                                     "one style alone is otherwise always printed in the first")
    ap.add_argument("--split", choices=("tuned", "held_out", "all"), default="tuned",
                    help="which styles to run: the tuned ones (default, what a developer may tune on), the held-out "
                         "ones, or all; a held-out style named in --styles needs held_out or all")
    ap.add_argument("--severity", type=float, default=1.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", type=Path, default=Path("/tmp/scanners"))
    ap.add_argument("--json", type=Path)
    ap.add_argument("--build-only", action="store_true", help="write the scans (and gold) and stop")
    ap.add_argument("--verbose", action="store_true",
                    help="print wrong cells of held-out styles too (by default only tuned styles' examples are "
                         "printed, so that a held-out run shows its figures and nothing to tune on)")
    args = ap.parse_args(argv)
    try:
        styles = chosen_styles(args.styles, args.split)
    except ValueError as err:
        ap.error(str(err))
    fonts = [f for f in (args.fonts or "").split(",") if f] or None
    unknown = [f for f in fonts or [] if f not in FONTS]
    if unknown:
        ap.error(f"unknown font(s) {', '.join(unknown)}; choose from {', '.join(FONTS)}")
    files = build(args.out, styles, args.docs, args.seed, args.severity, fonts)
    if args.build_only:
        print(f"{len(files)} scans in {args.out}")
        return 0
    start = time.perf_counter()
    with ProcessPoolExecutor(args.workers, initializer=_init) as pool:
        records = dict(zip(files, pool.map(_extract, [str(f) for f in files]), strict=True))
    wall = time.perf_counter() - start
    for path, record in records.items():  # beside its scan, for a look at what a record says and why
        path.with_name(path.name[:-4] + ".record.json").write_text(
            json.dumps(record, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8")
    table = score(records)
    pages = sum(r["pages"] for r in table.values())
    summary = {"documents": len(files), "pages": pages, "workers": args.workers, "wall_s": round(wall, 1),
               "wall_s_per_page": round(wall / max(pages, 1), 2),
               "cpu_s_per_page": round(sum(r["cpu"] for r in table.values()) / max(pages, 1), 2),
               "peak_worker_rss_mb": round(max(r["_rss_mb"] for r in records.values()), 1),
               "load_average_at_end": os.getloadavg(), "held_out": list(HELD_OUT)}
    print(markdown(table, args.severity))
    print(json.dumps(summary))
    print_examples(table, args.verbose)
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "styles": table}, ensure_ascii=False, indent=1) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
