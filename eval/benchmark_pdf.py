"""Speed and accuracy of the PDF path of ``gongkai extract`` on one core, against pdfplumber and camelot.

Run from the repository root::

    python eval/benchmark_pdf.py [--repeat R] [--json out.json] [--no-camelot]
    python eval/benchmark_pdf.py --producers DIR [--split tuned|held_out|all] [--repeat R] [--json out.json]

Two sets are measured separately: the real reports ``corpora/real/*.pdf`` that have a gold file, and the
generated ones ``corpora/pdf/*.pdf`` (their layout is the second-to-last dot part of the name). For each set:

* gongkai: ``pipeline.extract.extract_bytes`` on bytes already in memory, ``--repeat`` timed passes (default
  3), best and median pages/s and s/report; cell accuracy from ``pipeline.scoring.score`` (per layout for
  the generated set); peak RSS after these passes, before any comparison tool is imported.
* plain pdfplumber ``page.extract_tables()`` on every page, and camelot lattice
  (``camelot.read_pdf(path, pages="all", flavor="lattice")``), timed the same way, per page.
* for all three, a template-free "recall of table 三 numbers": per document, the multiset of the gold
  ``requests.*`` values, intersected with the multiset of the numbers the tool gives (numeric table cells
  for pdfplumber and camelot, numeric record fields for gongkai), summed over the set and divided by the
  gold count. Any number in any table counts, so zeros match easily; the non-zero figure is stricter.

``--producers DIR`` times the producer matrix instead (the PDFs ``eval/producers.py --cache DIR`` wrote, named
``producer-font-layout-N.pdf``): each document alone, in CPU seconds (``time.process_time``) of
``extract_bytes``, the best of ``--repeat`` passes, grouped by producer × font × layout; each cell's CPU
s/page and its slowest document, against the target, and the worst cell named. Only the tuned column is read
unless ``--split`` asks for the held-out one.

The target is at least 10 pages/s on one core (best pass, each set; each cell for ``--producers``). Exit status: 0 whether or not it is
met, 1 when gongkai gave an error on a document (then its timing is of a shorter code path). camelot is
optional: if it cannot be imported or fails, the report says so and the run goes on.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import io
import json
import platform
import re
import statistics
import sys
import time
import unicodedata
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from importlib import metadata
from pathlib import Path

# The HTML/text benchmark beside this file: same one-core set-up (it imports only the standard library).
from benchmark import max_rss_mib, pin_one_core, single_thread_env

#: Best wall time this much above CPU time: another process shared the core, the figures are pessimistic.
SHARED_CORE_RATIO = 1.15
#: Pages per second on one core that the PDF path should reach.
TARGET_PAGES_PER_S = 10.0
DEFAULT_REPEAT = 3
ROOT = Path(__file__).resolve().parents[1]
#: (set name, folder, glob): each PDF is used only when its NAME.gold.json lies beside it.
SETS = (("real", ROOT / "corpora/real", "*.pdf"), ("generated", ROOT / "corpora/pdf", "*.pdf"))
REQUESTS_PREFIX = "requests."
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
_NOT_PART_OF_NUMBER = re.compile(r"[\s,，]")


@dataclass(frozen=True)
class Pdf:
    """One input, read once with its gold and page count, so none of that is timed."""

    path: Path
    name: str  # the file name, also the record's source (as in the gold)
    layout: str | None
    data: bytes
    pages: int
    gold: dict


@dataclass
class ToolPass:
    """One timed pass of one tool over a set: seconds per file, what each gave, and errors."""

    seconds: list[float]
    cpu_seconds: float  # process CPU time of the pass: wall time well above it means the core was shared
    outputs: list[object]  # gongkai: a record or None; comparators: the list of cell strings or None
    errors: list[dict]


# --------------------------------------------------------------------------- inputs


def load_set(folder: Path, pattern: str, page_count: Callable[[bytes], int], layouts: bool) -> tuple[list[Pdf], list[str]]:
    """The PDFs of a folder that have a gold file beside them; the names of those without one."""
    pdfs, skipped = [], []
    for path in sorted(folder.glob(pattern)):
        gold_path = path.with_suffix(".gold.json")
        if not gold_path.is_file():
            skipped.append(path.name)
            continue
        data = path.read_bytes()
        layout = path.name.split(".")[-2] if layouts and path.name.count(".") >= 2 else None
        gold = json.loads(gold_path.read_text("utf-8-sig"))
        pdfs.append(Pdf(path, path.name, layout, data, page_count(data), gold))
    return pdfs, skipped


def pdfium_page_count(data: bytes) -> int:
    """Pages of a PDF, counted with pypdfium2 (fast, and not the code being measured)."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(data)
    try:
        return len(doc)
    finally:
        doc.close()


# --------------------------------------------------------------------------- timing


def timed_pass(run: Callable[[Pdf], object], pdfs: list[Pdf], is_error: Callable[[object], str | None]) -> ToolPass:
    """One pass of ``run`` over every PDF; an exception or an error output is recorded, never raised."""
    gc.collect()
    clock = time.perf_counter
    seconds, outputs, errors = [], [], []
    cpu0 = time.process_time()
    for pdf in pdfs:
        t0 = clock()
        try:
            out = run(pdf)
        except Exception as exc:  # noqa: BLE001 - counted and reported, like extract_file does
            out = None
            errors.append({"source": pdf.name, "error": f"{getattr(exc, 'kind', type(exc).__name__)}: {exc}"})
        seconds.append(clock() - t0)
        problem = is_error(out) if out is not None else None
        if problem:
            errors.append({"source": pdf.name, "error": problem})
            out = None
        outputs.append(out)
    return ToolPass(seconds, time.process_time() - cpu0, outputs, errors)


def timing_summary(passes: list[ToolPass], pdfs: list[Pdf]) -> dict:
    """Best and median over passes: pages/s, s/page and s/report for the whole set."""
    pages = sum(p.pages for p in pdfs)
    totals = [sum(p.seconds) for p in passes]
    return {
        "files": len(pdfs),
        "pages": pages,
        "repeat": len(passes),
        "best_pages_per_s": pages / min(totals),
        "median_pages_per_s": pages / statistics.median(totals),
        "best_s_per_page": min(totals) / pages,
        "median_s_per_page": statistics.median(totals) / pages,
        "best_s_per_report": min(totals) / len(pdfs),
        "median_s_per_report": statistics.median(totals) / len(pdfs),
        "pass_seconds": totals,
        "pass_cpu_seconds": [p.cpu_seconds for p in passes],
        "best_cpu_pages_per_s": pages / min(p.cpu_seconds for p in passes),
        "wall_over_cpu": min(totals) / min(p.cpu_seconds for p in passes),
        "errors": max(len(p.errors) for p in passes),
        "error_examples": passes[-1].errors[:5],
    }


# --------------------------------------------------------------------------- table 三 recall


def as_decimal(value: object) -> Decimal | None:
    """A JSON number, or a cell text that is only a number (spaces, thousands commas, full-width digits ok)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        text = _NOT_PART_OF_NUMBER.sub("", unicodedata.normalize("NFKC", value))
        if not _NUMBER.fullmatch(text):
            return None
        value = text
    elif not isinstance(value, int | float):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None  # Decimal hashes by value: 20 and 20.0 are one key


def number_bag(values: Iterable[object]) -> Counter:
    """The multiset of the numbers among ``values``."""
    return Counter(n for n in map(as_decimal, values) if n is not None)


def gold_requests_bag(gold: dict) -> Counter:
    """The multiset of a gold file's table 三 (``requests.*``) values."""
    return number_bag(v for k, v in gold.get("fields", {}).items() if k.startswith(REQUESTS_PREFIX))


def requests_recall(pdfs: list[Pdf], outputs: list[object], values_of: Callable[[object], Iterable[object]]) -> dict:
    """Share of the gold table 三 numbers found among the tool's numbers (multiset, micro over the set)."""
    found = total = found_nz = total_nz = pool = 0
    for pdf, out in zip(pdfs, outputs, strict=True):
        gold = gold_requests_bag(pdf.gold)
        numbers = number_bag(values_of(out)) if out is not None else Counter()
        pool += sum(numbers.values())
        common = gold & numbers
        total += sum(gold.values())
        found += sum(common.values())
        total_nz += sum(n for v, n in gold.items() if v != 0)
        found_nz += sum(n for v, n in common.items() if v != 0)
    return {"found": found, "gold": total, "recall": found / total if total else 0.0,
            "found_nonzero": found_nz, "gold_nonzero": total_nz,
            "recall_nonzero": found_nz / total_nz if total_nz else 0.0, "numbers_given": pool}


# --------------------------------------------------------------------------- the three tools


def gongkai_tool() -> tuple[Callable[[Pdf], object], Callable[[object], str | None], Callable[[object], Iterable]]:
    """``extract_bytes`` on the bytes; a record with status "error" is an error; numbers are its fields."""
    from pipeline.extract import extract_bytes

    def run(pdf: Pdf) -> dict:
        return extract_bytes(pdf.data, pdf.name)

    def is_error(record: dict) -> str | None:
        return str(record.get("error")) if record.get("status") == "error" else None

    return run, is_error, lambda record: record.get("fields", {}).values()


def pdfplumber_tool() -> tuple[Callable[[Pdf], object], Callable[[object], str | None], Callable[[object], Iterable]]:
    """Plain ``page.extract_tables()`` (default settings: ruling lines) over every page, from bytes."""
    import pdfplumber

    def run(pdf: Pdf) -> list:
        with pdfplumber.open(io.BytesIO(pdf.data)) as doc:
            return [cell for page in doc.pages for table in page.extract_tables() for row in table for cell in row]

    return run, lambda _: None, lambda cells: cells


def camelot_tool(pdfs: list[Pdf]) -> tuple[tuple | None, dict]:
    """camelot lattice from the file path; the default backend, else pdfium. (None, why) when unusable."""
    try:
        import camelot
    except Exception as exc:  # noqa: BLE001 - an optional comparison must not stop the benchmark
        return None, {"available": False, "error": f"import failed: {type(exc).__name__}: {exc}"}
    info: dict = {"available": True, "version": getattr(camelot, "__version__", None)}
    failures = []
    for label, kwargs in (("default", {}), ("pdfium", {"backend": "pdfium"})):

        def run(pdf: Pdf, kwargs: dict = kwargs) -> list:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # "no tables found on page-N" and the like
                tables = camelot.read_pdf(str(pdf.path), pages="all", flavor="lattice", **kwargs)
            return [cell for table in tables for row in table.data for cell in row]

        try:
            run(pdfs[0])  # warm-up (OpenCV, backend), and the check that this backend works at all
        except Exception as exc:  # noqa: BLE001
            failures.append(f"backend {label}: {type(exc).__name__}: {exc}")
            continue
        info.update(backend=label, backend_failures=failures)
        return (run, lambda _: None, lambda cells: cells), info
    info.update(available=False, error="; ".join(failures))
    return None, info


# --------------------------------------------------------------------------- accuracy


def accuracy(pdfs: list[Pdf], records: list[object]) -> dict:
    """Cell accuracy, exact documents and table 三 accuracy from ``pipeline.scoring.score``."""
    from pipeline.evaluation.scoring import score

    s = score([p.gold for p in pdfs], [r for r in records if r is not None])
    requests = s["tables"].get("requests", {})
    return {"cells": s["cells"]["total"], "correct": s["cells"]["correct"], "accuracy": s["cells"]["accuracy"],
            "documents": s["documents"]["total"], "exact": s["documents"]["exact"],
            "requests_accuracy": requests.get("accuracy"), "tables": s["tables"],
            "worst_documents": [{k: d[k] for k in ("source", "accuracy", "wrong", "cells")}
                                for d in s["worst_documents"][:5]]}


def per_layout(pdfs: list[Pdf], passes: list[ToolPass]) -> dict:
    """Accuracy and speed of gongkai for each layout of the generated set."""
    result = {}
    for layout in sorted({p.layout for p in pdfs if p.layout}):
        idx = [i for i, p in enumerate(pdfs) if p.layout == layout]
        sub = [pdfs[i] for i in idx]
        pages = sum(p.pages for p in sub)
        best = min(sum(ps.seconds[i] for i in idx) for ps in passes)
        result[layout] = {"files": len(sub), "pages": pages, "best_pages_per_s": pages / best if best else None,
                          **accuracy(sub, [passes[-1].outputs[i] for i in idx])}
        del result[layout]["tables"]
    return result


# --------------------------------------------------------------------------- report


def versions() -> dict:
    """Versions of everything whose speed is measured, and of the machine."""
    import pipeline

    def dist(name: str) -> str | None:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return None

    return {"gongkai_version": pipeline.__version__, "pdfplumber": dist("pdfplumber"),
            "pdfminer.six": dist("pdfminer.six"), "pypdfium2": dist("pypdfium2"), "camelot": dist("camelot-py"),
            "opencv": dist("opencv-python-headless") or dist("opencv-contrib-python-headless")
            or dist("opencv-python"),
            "python": platform.python_version(), "platform": platform.platform(), "machine": platform.machine(),
            "processor": platform.processor() or None,
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}%"


def print_report(s: dict) -> None:
    """A compact table a person can paste into an issue."""
    v = s["versions"]
    cpu = f"cpu {s['cpu']}" if s["cpu"] is not None else "unpinned (no sched_setaffinity)"
    cam = s["camelot"]
    cam_txt = (f"camelot {v['camelot']} (backend {cam['backend']})" if cam.get("available")
               else f"camelot: {cam.get('error', 'skipped')}")
    print(f"gongkai {v['gongkai_version']} PDF benchmark - Python {v['python']}, {v['platform']}, {cpu}")
    print(f"  pdfplumber {v['pdfplumber']}, {cam_txt}; {s['repeat']} timed pass{'es' if s['repeat'] > 1 else ''} per tool, one process, one core")
    print(f"  {'set':<10}{'tool':<11}{'pages/s best/med':>18}{'s/page best':>12}{'s/report best/med':>19}"
          f"{'三 recall (≠0)':>17}{'cell accuracy':>22}")
    for name, st in s["sets"].items():
        rec = st["gongkai"]["requests_recall"]
        print(f"  {name:<10}{st['files']} files, {st['pages']} pages, {rec['gold']} gold table 三 values "
              f"({rec['gold_nonzero']} non-zero)")
        for tool in ("gongkai", "pdfplumber", "camelot"):
            t = st.get(tool)
            if t is None:
                continue
            if "best_pages_per_s" not in t:
                print(f"  {'':<10}{tool:<11}  {t.get('error', 'not run')}")
                continue
            rec = t["requests_recall"]
            acc = t.get("accuracy")
            acc_txt = f"{_pct(acc['accuracy'])} ({acc['correct']}/{acc['cells']})" if acc else ""
            print(f"  {'':<10}{tool:<11}{t['best_pages_per_s']:>9.1f} /{t['median_pages_per_s']:>6.1f}"
                  f"{t['best_s_per_page']:>12.3f}{t['best_s_per_report']:>10.3f} /{t['median_s_per_report']:>6.3f}"
                  f"{_pct(rec['recall']):>9} ({_pct(rec['recall_nonzero'])}){acc_txt:>22}"
                  + (f"  errors {t['errors']}" if t["errors"] else ""))
        layouts = st["gongkai"].get("per_layout")
        if layouts:
            print(f"  {'':<10}gongkai by layout:")
        for layout, x in (layouts or {}).items():
            print(f"  {'':<10}  {layout:<14}{x['files']:>3} files {x['pages']:>4} pages "
                  f"{x['best_pages_per_s']:>6.1f} pages/s  cells {_pct(x['accuracy'])} ({x['correct']}/{x['cells']}), "
                  f"三 {_pct(x['requests_accuracy'])}, exact {x['exact']}/{x['documents']}")
    for name, st in s["sets"].items():
        for tool in ("gongkai", "pdfplumber", "camelot"):
            for e in (st.get(tool) or {}).get("error_examples", []):
                print(f"    {name} {tool} error: {e['source']}: {e['error']}")
        if st.get("skipped_no_gold"):
            print(f"    {name}: skipped without gold: {', '.join(st['skipped_no_gold'])}")
    shared = [f"{name} {tool} x{t['wall_over_cpu']:.2f} ({t['best_cpu_pages_per_s']:.1f} pages/s of CPU time)"
              for name, st in s["sets"].items() for tool in ("gongkai", "pdfplumber", "camelot")
              if (t := st.get(tool)) and t.get("wall_over_cpu", 0) > SHARED_CORE_RATIO]
    if shared:
        print("  note: other processes shared the core, so these wall-clock figures are pessimistic;"
              " best wall / CPU time: " + ", ".join(shared))
    print(f"  memory: peak RSS {s['peak_rss_mib_gongkai']:.1f} MiB after gongkai's passes, "
          f"{s['peak_rss_mib_end']:.1f} MiB at the end (with the comparison tools)")
    for name, st in s["sets"].items():
        verdict = "PASS" if st["gongkai"]["meets_target"] else "BELOW TARGET"
        print(f"  target >= {TARGET_PAGES_PER_S:.0f} pages/s on one core, {name}: "
              f"{st['gongkai']['best_pages_per_s']:.1f} pages/s {verdict}")


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Speed and accuracy of gongkai's PDF extraction on one core.")
    p.add_argument("--repeat", type=int, default=DEFAULT_REPEAT, help=f"timed passes (default {DEFAULT_REPEAT})")
    p.add_argument("--json", type=Path, metavar="OUT", help="also write the figures to this JSON file")
    p.add_argument("--no-camelot", action="store_true", help="skip the camelot comparison")
    p.add_argument("--producers", type=Path, metavar="DIR",
                   help="time the producer matrix's cached PDFs in DIR per producer × font × layout instead")
    p.add_argument("--split", choices=("tuned", "held_out", "all"), default="tuned",
                   help="with --producers: which column to read (default tuned)")
    args = p.parse_args(argv)
    if args.repeat < 1:
        p.error("--repeat must be at least 1")
    return args


def measure(tool: tuple, pdfs: list[Pdf], repeat: int) -> tuple[dict, list[ToolPass]]:
    """Time ``tool`` over a set ``repeat`` times and compute its table 三 recall from the last pass."""
    run, is_error, values_of = tool
    passes = [timed_pass(run, pdfs, is_error) for _ in range(repeat)]
    summary = timing_summary(passes, pdfs)
    summary["requests_recall"] = requests_recall(pdfs, passes[-1].outputs, values_of)
    return summary, passes


# --------------------------------------------------------------------------- the producer matrix


@dataclass(frozen=True)
class MatrixPdf:
    """One cached PDF of the producer matrix, with its cell."""

    name: str
    cell: str  # producer/font/layout
    held_out: bool
    data: bytes
    pages: int


def matrix_cell(stem: str, fonts: Iterable[str], layouts: Iterable[str]) -> tuple[str, str, str] | None:
    """(producer, font, layout) of a cached name such as ``chromium-noto-sans-ruled-0``; None for other files.

    The longest layout that starts at a part wins, so ``cairo-gkai-unruled-cut-1`` is timed as ``unruled-cut``,
    not as ``unruled``."""
    parts = stem.split("-")
    longest_first = sorted(layouts, key=len, reverse=True)
    for i in range(2, len(parts)):
        for layout in longest_first:
            if "-".join(parts[i:i + layout.count("-") + 1]) == layout:
                font = "-".join(parts[1:i])
                return (parts[0], font, layout) if font in fonts else None
    return None


def load_matrix(folder: Path, split: str) -> list[MatrixPdf]:
    """The cached producer PDFs of ``folder`` in the column ``split`` (held-out documents are not even read
    when the tuned column is asked for)."""
    from producers import is_held_out

    from pipeline.synth.producers import FONTS, LAYOUTS

    out = []
    for path in sorted(folder.glob("*.pdf")):
        cell = matrix_cell(path.stem, FONTS, LAYOUTS)
        if cell is None:
            continue
        held_out = is_held_out(cell[0], cell[1])
        if split != "all" and held_out != (split == "held_out"):
            continue
        data = path.read_bytes()
        out.append(MatrixPdf(path.name, "/".join(cell), held_out, data, pdfium_page_count(data)))
    return out


def time_matrix(pdfs: list[MatrixPdf], repeat: int) -> dict:
    """Each document's best CPU seconds over ``repeat`` passes, summed per cell: CPU s/page, pages per CPU
    second, the slowest document; the worst cell and whether every cell meets the target."""
    from pipeline.extract import extract_bytes

    extract_bytes(pdfs[0].data, pdfs[0].name)  # warm-up: imports, models, label index
    best = [float("inf")] * len(pdfs)
    errors: dict[str, str] = {}
    for _ in range(repeat):
        gc.collect()
        for i, pdf in enumerate(pdfs):
            start = time.process_time()
            record = extract_bytes(pdf.data, pdf.name)
            best[i] = min(best[i], time.process_time() - start)
            if record.get("status") == "error":
                errors[pdf.name] = str(record.get("error"))
    cells: dict[str, dict] = {}
    for pdf, seconds in zip(pdfs, best, strict=True):
        cell = cells.setdefault(pdf.cell, {"held_out": pdf.held_out, "documents": 0, "pages": 0, "cpu_seconds": 0.0,
                                           "worst_document": None, "worst_document_s_per_page": 0.0})
        cell["documents"] += 1
        cell["pages"] += pdf.pages
        cell["cpu_seconds"] += seconds
        if seconds / pdf.pages > cell["worst_document_s_per_page"]:
            cell["worst_document"], cell["worst_document_s_per_page"] = pdf.name, seconds / pdf.pages
    for cell in cells.values():
        cell["s_per_page"] = cell["cpu_seconds"] / cell["pages"]
        cell["pages_per_s"] = 1 / cell["s_per_page"]
        cell["meets_target"] = cell["pages_per_s"] >= TARGET_PAGES_PER_S
    worst = max(cells, key=lambda k: cells[k]["s_per_page"])
    pages, seconds = sum(p.pages for p in pdfs), sum(best)
    return {"documents": len(pdfs), "pages": pages, "repeat": repeat, "s_per_page": seconds / pages,
            "pages_per_s": pages / seconds, "worst_cell": worst, "cells": dict(sorted(cells.items())),
            "all_meet_target": all(c["meets_target"] for c in cells.values()), "errors": errors}


def print_matrix(s: dict) -> None:
    """One line per cell, the worst cell and the verdict."""
    print(f"gongkai producer matrix, CPU time of extract_bytes on one core (cpu {s['cpu']}), best of "
          f"{s['repeat']} pass{'es' if s['repeat'] > 1 else ''} per document; column {s['split']}: "
          f"{s['documents']} documents, {s['pages']} pages")
    print(f"  {'producer/font/layout':<34}{'column':>9}{'docs':>6}{'pages':>7}{'CPU s/page':>12}{'pages/s':>9}"
          f"{'slowest doc s/page':>20}")
    for name, c in s["cells"].items():
        print(f"  {name:<34}{'held out' if c['held_out'] else 'tuned':>9}{c['documents']:>6}{c['pages']:>7}"
              f"{c['s_per_page']:>12.4f}{c['pages_per_s']:>9.1f}{c['worst_document_s_per_page']:>20.4f}"
              + ("" if c["meets_target"] else "  BELOW TARGET"))
    worst = s["cells"][s["worst_cell"]]
    print(f"  all: {s['s_per_page']:.4f} CPU s/page ({s['pages_per_s']:.1f} pages/s); worst cell {s['worst_cell']} "
          f"{worst['s_per_page']:.4f} CPU s/page ({worst['pages_per_s']:.1f} pages/s), slowest document "
          f"{worst['worst_document']} {worst['worst_document_s_per_page']:.4f}")
    for name, error in s["errors"].items():
        print(f"    error: {name}: {error}")
    verdict = "PASS" if s["all_meet_target"] else "BELOW TARGET"
    print(f"  target >= {TARGET_PAGES_PER_S:.0f} pages/s on one core in every cell: {verdict}")


def main_matrix(args: argparse.Namespace, cpu: int | None) -> int:
    """``--producers``: time the cached producer PDFs per cell; 1 when a document gave an error record."""
    import logging

    logging.disable(logging.WARNING)
    pdfs = load_matrix(args.producers, args.split)
    if not pdfs:
        raise SystemExit(f"no producer-matrix PDF of the {args.split} column in {args.producers}")
    summary = time_matrix(pdfs, args.repeat) | {"cpu": cpu, "split": args.split, "folder": str(args.producers),
                                                "target_pages_per_s": TARGET_PAGES_PER_S, "versions": versions()}
    print_matrix(summary)
    if args.json:
        args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
        print(f"  figures written to {args.json}")
    return 1 if summary["errors"] else 0


def main(argv: list[str] | None = None) -> int:
    """Pin, load, time gongkai, score it, then the comparison tools; 1 only when gongkai gave errors."""
    args = parse_args(argv)
    single_thread_env()
    cpu = pin_one_core()
    if args.producers:
        return main_matrix(args, cpu)
    sets = {name: load_set(folder, pattern, pdfium_page_count, layouts=name == "generated")
            for name, folder, pattern in SETS}
    sets = {name: value for name, value in sets.items() if value[0]}
    if not sets:
        raise SystemExit(f"no PDF with a gold file under {ROOT / 'corpora'}")

    from pipeline.template.labels import label_index

    gongkai = gongkai_tool()
    label_index()
    for pdfs, _ in sets.values():  # warm-up: imports, label index, one document per set
        timed_pass(gongkai[0], pdfs[:1], gongkai[1])
    results: dict[str, dict] = {}
    for name, (pdfs, skipped) in sets.items():
        summary, passes = measure(gongkai, pdfs, args.repeat)
        summary["accuracy"] = accuracy(pdfs, passes[-1].outputs)
        summary["meets_target"] = summary["best_pages_per_s"] >= TARGET_PAGES_PER_S
        if any(p.layout for p in pdfs):
            summary["per_layout"] = per_layout(pdfs, passes)
        results[name] = {"files": len(pdfs), "pages": summary["pages"], "skipped_no_gold": skipped,
                         "gongkai": summary}
    rss_gongkai = max_rss_mib()  # before the comparison tools load pandas and OpenCV

    plumber = pdfplumber_tool()
    for name, (pdfs, _) in sets.items():
        timed_pass(plumber[0], pdfs[:1], plumber[1])
        results[name]["pdfplumber"] = measure(plumber, pdfs, args.repeat)[0]

    camelot_info: dict = {"available": False, "error": "skipped (--no-camelot)"}
    if not args.no_camelot:
        first = next(iter(sets.values()))[0]
        camelot, camelot_info = camelot_tool(first)
        for name, (pdfs, _) in sets.items():
            results[name]["camelot"] = (measure(camelot, pdfs, args.repeat)[0] if camelot
                                        else {"error": camelot_info["error"]})

    summary = {"repeat": args.repeat, "cpu": cpu, "target_pages_per_s": TARGET_PAGES_PER_S,
               "sets": results, "camelot": camelot_info, "peak_rss_mib_gongkai": rss_gongkai,
               "peak_rss_mib_end": max_rss_mib(), "versions": versions()}
    print_report(summary)
    if args.json:
        args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
        print(f"  figures written to {args.json}")
    return 1 if any(r["gongkai"]["errors"] for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
