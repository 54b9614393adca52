"""Throughput benchmark for the HTML/text path of ``gongkai extract``, on one core.

Run from the repository root::

    python eval/benchmark.py [--docs N] [--repeat R] [--json out.json]

The target (from the issue) is at least 200 HTML/text documents per second on one core. The figure is
measured on ``pipeline.extract.extract_bytes`` alone, with every input already in memory, so it is the
extractor's speed and not the disk's. The HTML and layout-text fixtures under ``corpora/`` are always
used; the three real text reports are added from ``corpora/`` or, failing that, ``../shared/corpora``.

Exit status: 0 whether or not the target is met (a slow machine is not a failure), 1 when any document
gave an error, because then the timing is of a different (shorter) code path and means nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

#: Documents per second on one core that the issue asks for.
TARGET_DOCS_PER_S = 200.0
DEFAULT_DOCS = 240
DEFAULT_REPEAT = 3
#: Thread-pool sizes of the native libraries the package may pull in (lxml is single-threaded already).
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS",
               "VECLIB_MAXIMUM_THREADS", "RAYON_NUM_THREADS", "ARROW_NUM_THREADS")

ROOT = Path(__file__).resolve().parents[1]
#: The real text reports, used when present in corpora/ or in the shared corpus next to the repository.
REAL_TEXT = ("corpora/seed/hedong-2020.txt", "corpora/real/pingtan-2019.txt", "corpora/real/pingtan-2023.txt")


@dataclass(frozen=True)
class Fixture:
    """One input file, read once: cycling copies of it must not measure the disk."""

    name: str
    data: bytes
    fmt: str  # "html" or "text", as the reader would decide from the content


@dataclass(frozen=True)
class Doc:
    """One benchmark document: a fixture's bytes under its own source name, as a batch would see it."""

    source: str
    data: bytes
    fmt: str


@dataclass
class PassResult:
    """The timings of one pass over every document; per-format sums show which reader costs what."""

    seconds: float
    by_format: dict[str, float] = field(default_factory=dict)
    count_by_format: dict[str, int] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)
    #: the process's CPU time over the pass: on a machine shared with others it is steadier than the wall clock
    cpu_seconds: float = 0.0

    @property
    def docs(self) -> int:
        return sum(self.count_by_format.values())

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.seconds if self.seconds else float("inf")


def single_thread_env() -> None:
    """Size every native thread pool to one before the package is imported (all its imports are lazy here).

    A pool sized for every core would make "one core" a lie; the variables are read when a library loads.
    """
    for var in THREAD_VARS:
        os.environ[var] = "1"


def pin_one_core() -> int | None:
    """Pin this process to its first allowed CPU, so the figure is one core's and not the machine's."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def fixture_paths(shared: Path | None) -> list[Path]:
    """The HTML and text inputs: the corpora/ fixtures always, the real text reports when present.

    A real report is taken from the repository's own corpora/ when a copy is there, else from the shared
    folder, and never from both, so the mix of documents does not depend on where the files happen to be.
    """
    paths = sorted((ROOT / "corpora/html").glob("*.html")) + sorted((ROOT / "corpora/text").glob("*.layout.txt"))
    for rel in REAL_TEXT:
        found = [p for p in (ROOT / rel, shared / rel if shared else None) if p is not None and p.is_file()]
        paths += found[:1]
    return paths


def load_fixtures(paths: list[Path], sniff: Callable[[bytes], str]) -> list[Fixture]:
    """Read every input once and note its format, so neither is part of the timed loop."""
    fixtures = [Fixture(p.name, data, sniff(data)) for p, data in ((p, p.read_bytes()) for p in paths)]
    if not fixtures:
        raise SystemExit(f"no fixtures found under {ROOT / 'corpora'}")
    return fixtures


def build_docs(fixtures: list[Fixture], n: int) -> list[Doc]:
    """At least ``n`` documents cycling through the fixtures, each copy with a distinct source name."""
    rounds = -(-n // len(fixtures))  # whole rounds, so every fixture weighs the same
    return [Doc(f"copy{r:03d}/{f.name}", f.data, f.fmt) for r in range(rounds) for f in fixtures]


def warm_up(extract: Callable[[bytes, str], dict], docs: list[Doc]) -> None:
    """Build the cached label index and schema and touch each format once, so pass 1 is not penalised."""
    from pipeline.template.labels import label_index

    label_index()
    for fmt in sorted({d.fmt for d in docs}):
        doc = next(d for d in docs if d.fmt == fmt)
        extract(doc.data, "warmup/" + doc.source)


def timed_pass(extract: Callable[[bytes, str], dict], docs: list[Doc]) -> PassResult:
    """One pass over all documents; records are dropped at once, as a streaming sink would.

    Any exception counts as an error, as ``extract_file`` would turn it into an error record.
    """
    gc.collect()
    clock = time.perf_counter
    by_format: dict[str, float] = {}
    counts: dict[str, int] = {}
    errors: list[dict] = []
    start, cpu_start = clock(), time.process_time()
    for doc in docs:
        t0 = clock()
        try:
            record = extract(doc.data, doc.source)
            if record.get("status") == "error":
                errors.append({"source": doc.source, "error": record.get("error")})
        except Exception as exc:  # noqa: BLE001 - counted and reported, like extract_file does
            kind = getattr(exc, "kind", type(exc).__name__)
            errors.append({"source": doc.source, "error": f"{kind}: {exc}"})
        by_format[doc.fmt] = by_format.get(doc.fmt, 0.0) + clock() - t0
        counts[doc.fmt] = counts.get(doc.fmt, 0) + 1
    return PassResult(clock() - start, by_format, counts, errors, time.process_time() - cpu_start)


def traced_peak_mib(extract: Callable[[bytes, str], dict], docs: list[Doc]) -> float:
    """Peak Python allocation of one pass, in its own untimed run because tracing slows every allocation."""
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        timed_pass(extract, docs)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def max_rss_mib() -> float:
    """Peak resident memory of the process so far (Linux reports KiB, macOS bytes)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 2**20 if sys.platform == "darwin" else rss / 1024


def summarise(passes: list[PassResult], cpu: int | None, rss_mib: float, traced_mib: float) -> dict:
    """The figures for the report and the JSON: best and median over passes, split by format."""
    rates = [p.docs_per_s for p in passes]
    best = max(passes, key=lambda p: p.docs_per_s)
    formats = sorted(best.count_by_format)
    per_format = {
        fmt: {
            "docs": best.count_by_format[fmt],
            "best_s_per_doc": min(p.by_format[fmt] / p.count_by_format[fmt] for p in passes),
            "median_s_per_doc": statistics.median(p.by_format[fmt] / p.count_by_format[fmt] for p in passes),
            "best_docs_per_s": max(p.count_by_format[fmt] / p.by_format[fmt] for p in passes),
        }
        for fmt in formats
    }
    import pipeline

    return {
        "docs": best.docs,
        "repeat": len(passes),
        "cpu": cpu,
        "best_docs_per_s": max(rates),
        "best_docs_per_cpu_s": max(p.docs / p.cpu_seconds for p in passes if p.cpu_seconds) if any(
            p.cpu_seconds for p in passes) else None,
        "median_docs_per_s": statistics.median(rates),
        "best_s_per_doc": best.seconds / best.docs,
        "median_s_per_doc": statistics.median(p.seconds / p.docs for p in passes),
        "pass_seconds": [p.seconds for p in passes],
        "by_format": per_format,
        "errors": max(len(p.errors) for p in passes),
        "error_examples": passes[0].errors[:5],
        "peak_rss_mib": rss_mib,
        "tracemalloc_peak_mib": traced_mib,
        "target_docs_per_s": TARGET_DOCS_PER_S,
        "meets_target": max(rates) >= TARGET_DOCS_PER_S,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor() or None,
        "gongkai_version": pipeline.__version__,
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def print_report(s: dict) -> None:
    """A few lines a person can paste into an issue."""
    verdict = "PASS" if s["meets_target"] else "BELOW TARGET"
    cpu = f"cpu {s['cpu']}" if s["cpu"] is not None else "unpinned (no sched_setaffinity)"
    print(f"gongkai {s['gongkai_version']} extract_bytes benchmark - Python {s['python']}, {s['platform']}, {cpu}")
    passes = "pass" if s["repeat"] == 1 else "passes"
    print(f"  {s['docs']} documents x {s['repeat']} {passes} (one process, one core)")
    print(f"  throughput: best {s['best_docs_per_s']:.1f} docs/s, median {s['median_docs_per_s']:.1f} docs/s")
    if s.get("best_docs_per_cpu_s"):
        print(f"  per CPU second (steadier on a shared machine): best {s['best_docs_per_cpu_s']:.1f} docs")
    print(f"  per doc:    best {s['best_s_per_doc'] * 1e3:.2f} ms, median {s['median_s_per_doc'] * 1e3:.2f} ms")
    for fmt, f in s["by_format"].items():
        print(f"    {fmt:<5} {f['docs']:>4} docs: best {f['best_s_per_doc'] * 1e3:.2f} ms/doc "
              f"({f['best_docs_per_s']:.1f} docs/s), median {f['median_s_per_doc'] * 1e3:.2f} ms/doc")
    print(f"  errors: {s['errors']}")
    for e in s["error_examples"]:
        print(f"    {e['source']}: {e['error']}")
    print(f"  memory: peak RSS {s['peak_rss_mib']:.1f} MiB, tracemalloc peak of one pass {s['tracemalloc_peak_mib']:.1f} MiB")
    print(f"  target >= {s['target_docs_per_s']:.0f} docs/s on one core: {verdict}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options; the defaults are the figures the issue asks about."""
    p = argparse.ArgumentParser(description="Throughput of gongkai's HTML/text extraction on one core.")
    p.add_argument("--docs", type=int, default=DEFAULT_DOCS, help=f"at least this many documents (default {DEFAULT_DOCS})")
    p.add_argument("--repeat", type=int, default=DEFAULT_REPEAT, help=f"timed passes (default {DEFAULT_REPEAT})")
    p.add_argument("--json", type=Path, metavar="OUT", help="also write the figures to this JSON file")
    p.add_argument("--shared", type=Path, default=ROOT.parent / "shared",
                   help="shared corpus folder with the real text reports (skipped if missing)")
    args = p.parse_args(argv)
    if args.docs < 1 or args.repeat < 1:
        p.error("--docs and --repeat must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    """Pin, load, warm up, time, trace, report; 1 only when extraction errors make the timing meaningless."""
    args = parse_args(argv)
    single_thread_env()
    cpu = pin_one_core()
    from pipeline.extract import extract_bytes
    from pipeline.readers import sniff_format

    shared = args.shared if args.shared.is_dir() else None
    docs = build_docs(load_fixtures(fixture_paths(shared), sniff_format), args.docs)
    warm_up(extract_bytes, docs)
    passes = [timed_pass(extract_bytes, docs) for _ in range(args.repeat)]
    rss = max_rss_mib()  # before tracing, whose own bookkeeping would inflate it
    traced = traced_peak_mib(extract_bytes, docs)
    summary = summarise(passes, cpu, rss, traced)
    print_report(summary)
    if args.json:
        args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"  figures written to {args.json}")
    return 1 if summary["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
