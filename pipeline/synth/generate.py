"""The layout generator: many sampled reports, each rendered in one layout, each with its gold file.

``synthesize(n, seed, out)`` samples ``n`` records (:func:`pipeline.synth.records.sample_record` with
:data:`~pipeline.synth.records.SYNTH_OPTIONS`: size classes, blank rows, the 小计 column, planted source
breaks), writes their sections 一 and 五 with :func:`pipeline.synth.prose.compose` (varied statements of every
prose metric among distractors), adds the gold records found in ``gold_dirs``, and renders each record in one
layout, chosen round-robin over the layouts (every layout of :data:`LAYOUT_REGISTRY` unless ``layouts`` says
otherwise). For document ``NAME`` in layout ``L`` it writes ``NAME.L.EXT`` and ``NAME.L.gold.json``: the gold's
``source`` (the document's file name), ``meta``, ``fields``, ``prose`` and ``notes``, plus
``"synth": {"layout", "format", "seed", "origin"}`` for scoring by layout (gold files only; the paragraphs
handed to the renderers under ``_paragraphs`` are not kept).

Randomness comes only from ``seed``: ``random.Random(seed)`` draws one sub-seed per document, and the document
is a function of its sub-seed and layout, so the same seed gives the same bytes, whatever ``workers``.

:data:`LAYOUT_REGISTRY` maps a layout name to ``(format, extension, render)``; ``render(record, layout)`` gives
the document's bytes. The HTML and PDF renderers are always there; ``text_render``, ``docx_render`` and
``scan_render`` are imported when present and skipped (with a warning from :func:`synthesize`) when not.

    python -m pipeline.synth.generate --n 1000 --seed 1 --out /tmp/synth1000 [--workers 2] [--gold DIR ...]
"""

from __future__ import annotations

import argparse
import importlib
import json
import random
import sys
import time
import unicodedata
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from pipeline.inputs import GOLD_SUFFIX
from pipeline.synth.html_render import LAYOUTS as HTML_LAYOUTS
from pipeline.synth.html_render import render_html
from pipeline.synth.prose import compose
from pipeline.synth.records import EDITIONS, SYNTH_OPTIONS, sample_record

SEED_BITS = 63
CHUNKSIZE = 4  # documents handed to a worker at a time

#: The optional renderers: (format, module, layouts attribute, render function, default extension).
OPTIONAL_RENDERERS = (
    ("text", "pipeline.synth.text_render", "TEXT_LAYOUTS", "render_text", "txt"),
    ("docx", "pipeline.synth.docx_render", "DOCX_LAYOUTS", "render_docx", "docx"),
    ("scan", "pipeline.synth.scan_render", "SCAN_LAYOUTS", "render_scan", "pdf"),
)
#: File signatures: a renderer whose bytes say another type than its default extension is written as that type.
_MAGIC = ((b"%PDF", "pdf"), (b"\x89PNG", "png"), (b"\xff\xd8\xff", "jpg"), (b"II*\x00", "tif"), (b"MM\x00*", "tif"))


class LayoutSpec(NamedTuple):
    """One layout: ``format, extension, render = LAYOUT_REGISTRY[name]``; ``render(record, name)`` → bytes."""

    format: str
    extension: str
    render: Callable[..., bytes]


@dataclass(frozen=True)
class _Renderer:
    """A module's render function bound to the module's own layout name (picklable for worker processes)."""

    function: Callable[[dict, str], bytes]
    layout: str

    def __call__(self, record: dict, layout: str | None = None) -> bytes:
        return self.function(record, self.layout)


def _pdf_entries() -> dict[str, LayoutSpec]:
    from pipeline.synth.pdf_render import PDF_LAYOUTS, render_pdf

    return {name: LayoutSpec("pdf", "pdf", _Renderer(render_pdf, name)) for name in PDF_LAYOUTS}


def _layout_extension(name: str, per_layout: dict[str, str], default: str) -> str:
    """A layout's file extension: the module's ``EXTENSIONS[name]``, a name's ``_png``/``_pdf``/``_tif``
    ending, or the module's."""
    if name in per_layout:
        return per_layout[name].lstrip(".")
    ending = name.rsplit("_", 1)[-1]
    return ending if "_" in name and ending in {ext for _, ext in _MAGIC} else default


def build_registry() -> tuple[dict[str, LayoutSpec], dict[str, str]]:
    """(layout name → spec, format → why it is missing). A name taken by an earlier format becomes ``FORMAT-NAME``."""
    registry = {name: LayoutSpec("html", "html", _Renderer(render_html, name)) for name in HTML_LAYOUTS}
    missing: dict[str, str] = {}
    try:
        registry |= _pdf_entries()
    except ImportError as exc:  # reportlab not installed
        missing["pdf"] = str(exc)
    for fmt, module_name, layouts_attr, render_attr, ext in OPTIONAL_RENDERERS:
        try:
            module = importlib.import_module(module_name)
            names, render = tuple(getattr(module, layouts_attr)), getattr(module, render_attr)
        except Exception as exc:  # absent, or broken while someone edits it: its layouts are skipped
            missing[fmt] = f"{type(exc).__name__}: {exc}"
            continue
        ext = str(getattr(module, "EXTENSION", ext)).lstrip(".")
        per_layout = dict(getattr(module, "EXTENSIONS", {}))
        for name in names:
            key = name if name not in registry else f"{fmt}-{name}"
            registry[key] = LayoutSpec(fmt, _layout_extension(name, per_layout, ext), _Renderer(render, name))
    return registry, missing


LAYOUT_REGISTRY, MISSING_FORMATS = build_registry()


# --------------------------------------------------------------------------- the plan


@dataclass(frozen=True)
class _Job:
    """One document to write: a sampled record (``record`` None) or a given gold record."""

    index: int
    name: str
    layout: str
    seed: int | None
    editions: tuple[str, ...]
    options: tuple[tuple[str, object], ...]
    record: dict | None = None
    origin: str = "sampled"


def gold_records(gold_dirs: Iterable[Path], editions: Sequence[str]) -> tuple[list[tuple[str, dict]], list[str]]:
    """(stem, record) of every ``*.gold.json`` directly in ``gold_dirs`` whose edition is rendered; and the skipped."""
    found, skipped = [], []
    for folder in gold_dirs:
        for path in sorted(Path(folder).glob(f"*{GOLD_SUFFIX}")):
            record = json.loads(path.read_text("utf-8"))
            if str(record.get("meta", {}).get("edition")) not in editions:
                skipped.append(str(path))
                continue
            found.append((path.name[: -len(GOLD_SUFFIX)], record))
    return found, skipped


def _unique(name: str, taken: set[str]) -> str:
    out, k = name, 2
    while out in taken:
        out, k = f"{name}-{k}", k + 1
    taken.add(out)
    return out


def plan(
    n: int,
    seed: int,
    layouts: Sequence[str],
    gold: Sequence[tuple[str, dict]] = (),
    editions: Sequence[str] = EDITIONS,
    options: dict | None = None,
) -> list[_Job]:
    """The documents to write, in order: ``n`` sampled, then the gold records; layouts round-robin."""
    rng = random.Random(seed)
    opts = tuple(sorted((SYNTH_OPTIONS if options is None else options).items()))
    width = max(5, len(str(max(n - 1, 0))))
    jobs, taken = [], set()
    for i in range(n):
        name = _unique(f"synth-{i:0{width}d}", taken)
        jobs.append(_Job(i, name, layouts[i % len(layouts)], rng.getrandbits(SEED_BITS), tuple(editions), opts))
    for j, (stem, record) in enumerate(gold, start=n):
        name = _unique(stem, taken)
        jobs.append(_Job(j, name, layouts[j % len(layouts)], None, tuple(editions), opts, record, stem + GOLD_SUFFIX))
    return jobs


# --------------------------------------------------------------------------- one document


def synth_record(seed: int, source: str, editions: Sequence[str] = EDITIONS, options: dict | None = None) -> dict:
    """The sampled record of a document sub-seed, with its prose, notes and ``_paragraphs`` for the renderers."""
    rng = random.Random(seed)
    edition = rng.choice(tuple(editions))
    record = sample_record(rng, edition, source, **(SYNTH_OPTIONS if options is None else options))
    prose = compose(record, rng)
    record["prose"] = [e.gold() for e in prose.entries]
    record["notes"] = record.get("notes", []) + prose.notes
    record["_paragraphs"] = {"一": prose.section1, "五": prose.section5}
    return record


def _extension(data: bytes, default: str) -> str:
    sniffed = next((ext for magic, ext in _MAGIC if data.startswith(magic)), None)
    return sniffed if sniffed and sniffed != default and default in {m for _, m in _MAGIC} else default


def verbatim_prose(entries: list[dict], text: str) -> list[dict]:
    """Prose entries whose span a text layout printed NFKC-normalised (``９件`` → ``9件``, ``（`` → ``(``) get
    the span as printed; the values stay."""
    out = []
    for entry in entries:
        normalised = unicodedata.normalize("NFKC", entry["text"])
        if entry["text"] not in text and normalised in text:
            entry = {**entry, "text": normalised}
        out.append(entry)
    return out


def gold_of(record: dict, source: str, synth: dict) -> dict:
    """The gold file's content: the record without what only the renderers use, and the synth entry."""
    return {
        "source": source,
        "meta": record["meta"],
        "fields": record["fields"],
        "prose": record.get("prose", []),
        "notes": record.get("notes", []),
        "synth": synth,
    }


def dump_gold(gold: dict) -> bytes:
    return (json.dumps(gold, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _write(job: _Job, out: Path, registry: dict[str, LayoutSpec]) -> tuple[str, str, str, float, str]:
    """Render and write one document and its gold: (layout, format, file name, seconds, error or "")."""
    start = time.perf_counter()
    try:
        return (*_write_document(job, out, registry), time.perf_counter() - start, "")
    except Exception as exc:  # one bad document is reported, not the end of the run
        spec = registry[job.layout]
        error = f"{type(exc).__name__}: {exc}"
        return job.layout, spec.format, job.name, time.perf_counter() - start, error


def _write_document(job: _Job, out: Path, registry: dict[str, LayoutSpec]) -> tuple[str, str, str]:
    spec = registry[job.layout]
    stem = f"{job.name}.{job.layout}"
    source = f"{stem}.{spec.extension}"
    if job.record is None:
        record = synth_record(job.seed, source, job.editions, dict(job.options))
    else:
        record = {**job.record, "source": source}
    data = spec.render(record, job.layout)
    if spec.format == "scan":
        from pipeline.synth.scan_render import visible_gold

        record = visible_gold(record, job.layout)
    if spec.format == "text":
        record = {**record, "prose": verbatim_prose(record.get("prose", []), data.decode("utf-8", "replace"))}
    ext = _extension(data, spec.extension)
    if ext != spec.extension:
        source = f"{stem}.{ext}"
    (out / source).write_bytes(data)
    synth = {"layout": job.layout, "format": spec.format, "seed": job.seed, "origin": job.origin}
    (out / f"{stem}{GOLD_SUFFIX}").write_bytes(dump_gold(gold_of(record, source, synth)))
    return job.layout, spec.format, source


def _write_all(jobs: list[_Job], out: Path, registry: dict[str, LayoutSpec], workers: int) -> list[tuple]:
    if workers <= 1:
        return [_write(job, out, registry) for job in jobs]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_write, jobs, [out] * len(jobs), [registry] * len(jobs), chunksize=CHUNKSIZE))


# --------------------------------------------------------------------------- the run


def available_layouts(layouts: Sequence[str] | None = None) -> list[str]:
    """The layouts to render: the given ones (each must be in the registry) or every registered one."""
    if layouts is None:
        for fmt, why in MISSING_FORMATS.items():
            warnings.warn(f"no {fmt} layouts: {why}", stacklevel=3)
        return list(LAYOUT_REGISTRY)
    unknown = [name for name in layouts if name not in LAYOUT_REGISTRY]
    if unknown:
        raise ValueError(f"unknown or unavailable layouts {unknown}; available: {list(LAYOUT_REGISTRY)}")
    if not layouts:
        raise ValueError("no layouts to render")
    return list(layouts)


def synthesize(
    n: int,
    seed: int,
    out: Path,
    layouts: list[str] | None = None,
    gold_dirs: Sequence[Path] = (),
    editions: Sequence[str] = EDITIONS,
    *,
    workers: int = 1,
    options: dict | None = None,
) -> dict:
    """Write ``n`` sampled documents and one per gold record of ``gold_dirs`` into ``out``; returns statistics.

    ``options`` replaces :data:`~pipeline.synth.records.SYNTH_OPTIONS` (keyword options of ``sample_record``);
    ``workers`` > 1 renders in that many processes (same bytes). A document whose rendering fails is left out
    and listed under ``failed`` (with a warning). The statistics: documents, seconds (wall),
    documents_per_s, per layout and per format the count, and per format the seconds spent rendering and
    writing (summed over workers) and documents per such second; the gold files skipped (edition not rendered).
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, not {n}")
    bad = [e for e in editions if e not in EDITIONS]
    if bad or not editions:
        raise ValueError(f"editions must be among {EDITIONS}, not {list(editions)}")
    names = available_layouts(layouts)
    gold, skipped = gold_records(gold_dirs, editions)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    registry = {name: LAYOUT_REGISTRY[name] for name in names}
    font = _font_note(registry)
    start = time.perf_counter()
    results = _write_all(plan(n, seed, names, gold, editions, options), out, registry, workers)
    seconds = time.perf_counter() - start
    failed = [{"document": name, "layout": layout, "error": error} for layout, _, name, _, error in results if error]
    written = [r for r in results if not r[4]]
    by_layout = Counter(layout for layout, _, _, _, _ in written)
    by_format: dict[str, dict] = {}
    for _, fmt, _, spent, _ in written:
        entry = by_format.setdefault(fmt, {"documents": 0, "seconds": 0.0})
        entry["documents"] += 1
        entry["seconds"] += spent
    for entry in by_format.values():
        entry["seconds"] = round(entry["seconds"], 3)
        entry["documents_per_s"] = round(entry["documents"] / entry["seconds"], 2) if entry["seconds"] else None
    for item in failed:
        warnings.warn(f"{item['document']} ({item['layout']}) failed: {item['error']}", stacklevel=2)
    return {
        "documents": len(written),
        "failed": failed,
        "sampled": n,
        "from_gold": len(gold),
        "skipped_gold": skipped,
        "seconds": round(seconds, 3),
        "documents_per_s": round(len(written) / seconds, 2) if seconds else None,
        "workers": workers,
        "by_layout": {name: by_layout[name] for name in names},
        "by_format": by_format,
        "missing_formats": dict(MISSING_FORMATS) if layouts is None else {},
        "font_note": font,
    }


def _font_note(registry: dict[str, LayoutSpec]) -> str | None:
    """Said once per run (not per document): the PDFs and scans use the built-in font, the Debian one missing."""
    if not any(spec.format in ("pdf", "scan") for spec in registry.values()):
        return None
    from pipeline.synth.pdf_render import font_note

    return font_note()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100, help="how many sampled documents")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--layouts", nargs="*", default=None, help=f"default: all of {list(LAYOUT_REGISTRY)}")
    parser.add_argument("--gold", type=Path, nargs="*", default=[], help="folders of gold files to render too")
    parser.add_argument("--editions", nargs="*", default=list(EDITIONS))
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    stats = synthesize(args.n, args.seed, args.out, args.layouts, args.gold, args.editions, workers=args.workers)
    json.dump(stats, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
