"""OCR engines for the scan route, measured on the crops the pipeline cuts (issue 4).

Run from the repository root::

    python eval/ocr_engines.py [--n 12] [--seed 7] [--scans DIR] [--work DIR] [--json out.json]
                               [--no-tesseract] [--no-det] [--ro14-python PATH]

The documents are the image-only PDFs of ``gongkai synth --layout scan_pdf`` (written to ``--scans`` when
that folder holds none). Every page is rendered as the PDF reader renders it and cut by
:func:`pipeline.ocr.page.read_page` itself: its ``recognise``, ``padded`` and ``find_tables`` are wrapped
to record the crops, their boxes and the ruled tables, so every engine reads exactly the pipeline's crops.

Engines, all on one core (thread pools sized 1, process pinned to one CPU):

* ``rapidocr-rec``: what the pipeline runs, RapidOCR 3.x recognition only (``GONGKAI_OCR_THREADS=1``);
* ``tesseract``: Tesseract 5 ``chi_sim`` (Debian packages), ``--psm 7`` on the same crops saved as PNG, one
  process per page reading the page's list of crops (the model is loaded once per page, inside the time);
* ``rapidocr-onnxruntime 1.4.4`` (PP-OCRv4, models in the wheel) on the same PNG crops, in its own clean
  venv (``--ro14-python``; skipped when that interpreter is missing), through ``eval/ocr_rec_ro14.py``;
* ``rapidocr-det``: RapidOCR 3.x with detection + recognition (no angle classifier) on the whole page, the
  reference for what the grid's boxes save; scored on page text only.

Ground truth: the born-digital ``portrait`` PDF of the same record (the scan is rendered from it), whose
text layer (pdfplumber) gives every character and its box. The scanner's turn and shift are known
(:func:`pipeline.synth.scan_render.scan_params`) and ``read_page`` reports its own squaring turn, so each
character's centre is carried onto the squared page and falls in the crop that holds it.

Metrics (text NFKC-normalised, white space removed, edit distance from rapidfuzz):

* line accuracy: 1 − Σ edit distance / Σ true length over the crops of text lines outside the tables
  (a crop with no true text adds what was read as errors);
* page accuracy: the same over all of a page's characters, those in no crop (or no detected box) counted
  as lost: the only figure the detection route and the crop routes share;
* numeric cells: table cells whose true text is a number, exact after the pipeline's own cell joining and
  look-alike repair (``page._cell_text``);
* fields: the record's table fields (二/三/四) after a full ``extract_bytes`` of the scan whose recogniser
  replays the engine's readings, exact against the gold JSON;
* CPU: ``time.process_time`` (plus child processes for Tesseract) per page; ``route`` adds the page's own
  squaring, grid and line finding (the same for every crop engine) to the recognition.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import math
import os
import platform
import re
import resource
import subprocess
import sys
import time
import unicodedata
from contextlib import ExitStack
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from unittest import mock

# The HTML/text benchmark beside this file: same one-core set-up (it imports only the standard library).
from benchmark import pin_one_core, single_thread_env

ROOT = Path(__file__).resolve().parents[1]
RO14_SCRIPT = Path(__file__).resolve().parent / "ocr_rec_ro14.py"
DEFAULT_RO14 = Path("/tmp/venv-ro14/bin/python")
#: The schema's table-二/三/四 key prefixes (``active`` is 二, ``requests`` 三, the rest 四).
TABLE_PREFIXES = ("active.", "requests.", "review.", "suit_direct.", "suit_after_review.")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
#: Characters of one printed line have centres closer than this in height (pixels at 200 dpi).
ROW_TOLERANCE = 10
#: Wrong numeric cells listed per engine in the report.
MAX_MISTAKES = 60


def norm(text: str) -> str:
    """Text as compared: NFKC (full-width punctuation and digits made ASCII), no white space."""
    return "".join(unicodedata.normalize("NFKC", text).split())


# --- ground truth -------------------------------------------------------------------------------------


@dataclass
class Char:
    text: str
    x: float  # centre, pixels of the squared page
    y: float
    raw: tuple[float, float]  # centre, pixels of the page as rendered (before squaring)


def pil_rotate_forward(angle: float, shift: tuple[int, int], size: tuple[int, int]):
    """Where ``Image.rotate(angle, translate=shift)`` takes each input pixel (PIL stores the inverse map)."""
    import numpy as np

    w, h = size
    cx, cy = w / 2, h / 2
    t = -math.radians(angle)
    a, b, d, e = math.cos(t), math.sin(t), -math.sin(t), math.cos(t)
    c = a * (-cx - shift[0]) + b * (-cy - shift[1]) + cx
    f = d * (-cx - shift[0]) + e * (-cy - shift[1]) + cy
    return np.linalg.inv(np.array([[a, b, c], [d, e, f], [0, 0, 1]], dtype=float))


def true_chars(pdf_bytes: bytes, record: dict, render_dpi: float) -> list[list[tuple[str, tuple[float, float]]]]:
    """Per page of the born-digital PDF: (character, its centre on the scan as the PDF reader renders it)."""
    import numpy as np
    import pdfplumber

    from pipeline.synth.scan_render import scan_params

    pages = []
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as pdf:
        params = scan_params(record, len(pdf.pages))
        s1 = params.dpi / 72
        for page, p in zip(pdf.pages, params.pages, strict=True):
            size = (round(float(page.width) * s1), round(float(page.height) * s1))
            to_scan = pil_rotate_forward(p.angle, p.shift, size)
            to_render = np.diag([render_dpi / params.dpi, render_dpi / params.dpi, 1.0]) @ to_scan
            chars = []
            for ch in page.chars:
                text = norm(ch["text"])
                if not text:
                    continue
                pt = np.array([(ch["x0"] + ch["x1"]) / 2 * s1, (ch["top"] + ch["bottom"]) / 2 * s1, 1.0])
                rx, ry, _ = to_render @ pt
                chars.append((text, (float(rx), float(ry))))
            pages.append(chars)
    return pages


def squared(chars: list[tuple[str, tuple[float, float]]], shape: tuple[int, int], angle: float) -> list[Char]:
    """The characters carried onto the page as ``read_page`` squared it (its turn, about the centre)."""
    import cv2

    h, w = shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0) if abs(angle) >= 0.02 else None
    out = []
    for text, (rx, ry) in chars:
        x, y = (m @ [rx, ry, 1.0]) if m is not None else (rx, ry)
        out.append(Char(text, float(x), float(y), (rx, ry)))
    return out


# --- the pipeline's crops -----------------------------------------------------------------------------


@dataclass
class Crop:
    ink: tuple[int, int, int, int]
    cut: tuple[int, int, int, int]
    cell: int | None  # index of the table cell (read_page's order), None for a line outside the tables
    truth: str = ""


@dataclass
class Page:
    doc: str
    number: int
    shape: tuple[int, int]
    angle: float
    height: float  # the page's line height (read_page's)
    crops: list[Crop]
    cells: list[tuple[int, int, int, int]]  # boxes of the table cells, squared page
    cell_truth: list[str]
    lost: int  # true characters in no crop
    total: int  # true characters on the page
    prep_cpu: float  # read_page's own work (squaring, grid, lines), recognition excluded
    images: list = field(default_factory=list, repr=False)
    raw_chars: list = field(default_factory=list, repr=False)
    reads: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)
    det: dict = field(default_factory=dict)


class _Recorder:
    """Wraps read_page's helpers: records the tables, each crop's boxes and images, and times recognition."""

    def __init__(self, recognise):
        from pipeline.ocr import grid, lines

        self._recognise, self._padded, self._find_tables = recognise, lines.padded, grid.find_tables
        self.calls: list[tuple] = []
        self.tables: list = []
        self.images: list = []
        self.reads: list = []
        self.cpu = 0.0

    def padded(self, box, height, clip):
        cut = self._padded(box, height, clip)
        self.calls.append((box, clip, cut))
        return cut

    def find_tables(self, rules, dpi):
        self.tables = self._find_tables(rules, dpi)
        return self.tables

    def recognise(self, crops):
        self.images = crops
        start = time.process_time()
        self.reads = self._recognise(crops)
        self.cpu = time.process_time() - start
        return self.reads


def cut_page(doc: str, number: int, gray, dpi: float, raw_chars) -> Page:
    """Run read_page with the pipeline's recogniser and keep its crops, their truth and its timings."""
    from pipeline.ocr import engine, page
    from pipeline.ocr.lines import line_height

    rec = _Recorder(engine.recognise)
    with ExitStack() as stack:
        for name in ("padded", "find_tables", "recognise"):
            stack.enter_context(mock.patch.object(page, name, getattr(rec, name)))
        start = time.process_time()
        _, angle = page.read_page(gray, dpi, number)
        total = time.process_time() - start
    chars = squared(raw_chars, gray.shape, angle)
    cells = [c.box for t in rec.tables for c in t.cells]
    insets = {page._inset(box): i for i, box in enumerate(cells)}
    h, w = gray.shape
    crops = [Crop(ink, cut, None if clip == (0, 0, w, h) else insets[clip]) for ink, clip, cut in rec.calls]
    lost = _assign(chars, crops)
    cell_truth = [_text_in(chars, box) for box in cells]
    pg = Page(doc, number, gray.shape, angle, line_height([c.ink for c in crops], dpi), crops, cells, cell_truth,
              lost, len(chars), total - rec.cpu, images=rec.images, raw_chars=raw_chars)
    pg.reads["rapidocr-rec"] = rec.reads
    pg.cpu["rapidocr-rec"] = rec.cpu
    return pg


def _assign(chars: list[Char], crops: list[Crop]) -> int:
    """Give each character to the crop whose cut holds its centre (the nearest line of ink when cuts overlap).

    Returns the number of characters that no crop holds.
    """
    held: list[list[Char]] = [[] for _ in crops]
    lost = 0
    for ch in chars:
        best, best_d = None, None
        for i, c in enumerate(crops):
            x0, y0, x1, y1 = c.cut
            if x0 <= ch.x < x1 and y0 <= ch.y < y1:
                d = max(c.ink[1] - ch.y, 0.0, ch.y - c.ink[3]) + max(c.ink[0] - ch.x, 0.0, ch.x - c.ink[2])
                if best_d is None or d < best_d:
                    best, best_d = i, d
        if best is None:
            lost += 1
        else:
            held[best].append(ch)
    for c, hs in zip(crops, held, strict=True):
        c.truth = "".join(h.text for h in sorted(hs, key=lambda h: h.x))
    return lost


def _text_in(chars: list[Char], box: tuple[int, int, int, int]) -> str:
    x0, y0, x1, y1 = box
    inside = [c for c in chars if x0 <= c.x < x1 and y0 <= c.y < y1]
    if not inside:
        return ""
    # the lines of a wrapped cell: characters whose centres are less than ROW_TOLERANCE apart in height
    inside.sort(key=lambda c: c.y)
    rows: list[list[Char]] = []
    for c in inside:
        if rows and abs(c.y - rows[-1][-1].y) < ROW_TOLERANCE:
            rows[-1].append(c)
        else:
            rows.append([c])
    return "".join(ch.text for row in rows for ch in sorted(row, key=lambda c: c.x))


# --- the other engines --------------------------------------------------------------------------------


def save_crops(pg: Page, work: Path) -> list[Path]:
    """The page's crops as PNG files (with the render's dpi, so Tesseract does not guess one)."""
    from PIL import Image

    folder = work / "crops" / pg.doc / f"p{pg.number:02d}"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, img in enumerate(pg.images):
        path = folder / f"{i:04d}.png"
        Image.fromarray(img).save(path, dpi=(200, 200))
        paths.append(path)
    return paths


def tesseract(paths: list[Path], work: Path) -> tuple[list[tuple[str, float]], float]:
    """Each crop read by ``tesseract --psm 7 -l chi_sim``, in one process; (readings, CPU seconds)."""
    listing = work / "tesseract-list.txt"
    listing.write_text("".join(f"{p}\n" for p in paths))
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(["tesseract", str(listing), "stdout", "-l", "chi_sim", "--psm", "7"], env=env,
                         capture_output=True, check=True).stdout.decode("utf-8")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    texts = out.split("\f")
    if texts and not texts[-1].strip():
        texts = texts[:-1]
    if len(texts) != len(paths):
        raise RuntimeError(f"tesseract gave {len(texts)} pages for {len(paths)} crops")
    return [(t.strip(), 1.0) for t in texts], cpu


def tesseract_load_cpu(work: Path) -> float:
    """CPU seconds of one Tesseract process on one tiny crop: the model load every page pays here."""
    from PIL import Image

    path = work / "blank.png"
    Image.new("L", (60, 30), 255).save(path, dpi=(200, 200))
    return tesseract([path], work)[1]


def ro14(pages: list[Page], paths: dict[tuple[str, int], list[Path]], python: Path, work: Path) -> str:
    """rapidocr-onnxruntime 1.4.4 in its own venv on the saved crops; fills the pages' readings."""
    job = work / "ro14-job.json"
    result = work / "ro14-out.json"
    job.write_text(json.dumps([{"key": f"{d}|{n}", "paths": [str(p) for p in ps]} for (d, n), ps in paths.items()]))
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    subprocess.run([str(python), str(RO14_SCRIPT), str(job), str(result)], env=env, check=True, cwd="/tmp")
    out = json.loads(result.read_text())
    for pg in pages:
        got = out["pages"][f"{pg.doc}|{pg.number}"]
        pg.reads["ro14-rec"] = [tuple(r) for r in got["reads"]]
        pg.cpu["ro14-rec"] = got["cpu"]
    return out["version"]


def det_engine():
    """RapidOCR 3.x with its bundled detection and recognition models (no angle classifier), one thread."""
    from rapidocr import RapidOCR

    return RapidOCR(params={
        "Global.log_level": "error",
        "Global.use_cls": False,
        "EngineConfig.onnxruntime.intra_op_num_threads": 1,
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    })


def det_page(ocr, gray, pg: Page) -> None:
    """Whole-page OCR of the rendered scan: CPU time, and page accuracy against the characters it boxed."""
    import cv2
    import numpy as np

    bgr = cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)
    start = time.process_time()
    out = ocr(bgr, use_det=True, use_cls=False, use_rec=True)
    cpu = time.process_time() - start
    boxes = [] if out.boxes is None else [np.asarray(b, dtype=np.float32) for b in out.boxes]
    texts = [] if out.txts is None else list(out.txts)
    held: list[list[tuple[float, str]]] = [[] for _ in boxes]
    lost = 0
    for text, (rx, ry) in pg.raw_chars:
        best, best_d = None, None
        for i, b in enumerate(boxes):
            d = cv2.pointPolygonTest(b, (rx, ry), True)
            if d >= 0 and (best_d is None or d > best_d):
                best, best_d = i, d
        if best is None:
            lost += 1
        else:
            direction = boxes[best][1] - boxes[best][0]
            held[best].append((float(direction @ np.array([rx, ry])), text))
    errors = lost + sum(_edit(t, "".join(c for _, c in sorted(h))) for t, h in zip(texts, held, strict=True))
    pg.det = {"cpu": cpu, "errors": errors, "lost": lost, "total": len(pg.raw_chars), "boxes": len(boxes)}


# --- scoring ------------------------------------------------------------------------------------------


def _edit(read: str, truth: str) -> int:
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(norm(read), truth)


def cell_texts(pg: Page, engine: str) -> list[str]:
    """Each table cell's text as read_page joins it (fragments that are not punctuation dropped)."""
    from pipeline.ocr import page

    parts: dict[int, list[str]] = {}
    for crop, (text, _) in zip(pg.crops, pg.reads[engine], strict=True):
        if crop.cell is None:
            continue
        text = text.strip()
        if crop.ink[3] - crop.ink[1] < page.FRAGMENT * pg.height and not page._PUNCTUATION.match(text):
            continue
        parts.setdefault(crop.cell, []).append(text)
    return [page._cell_text(parts.get(i, [])) for i in range(len(pg.cells))]


def score_pages(pages: list[Page], engine: str) -> dict:
    line_err = line_len = page_err = page_len = num_ok = num_n = 0
    mistakes: list[list] = []
    for pg in pages:
        for crop, (text, _) in zip(pg.crops, pg.reads[engine], strict=True):
            e = _edit(text, crop.truth)
            page_err += e
            if crop.cell is None:
                line_err += e
                line_len += len(crop.truth)
        page_err += pg.lost
        page_len += pg.total
        for read, truth in zip(cell_texts(pg, engine), pg.cell_truth, strict=True):
            if NUMBER.match(truth):
                num_n += 1
                if norm(read) == truth:
                    num_ok += 1
                else:
                    mistakes.append([pg.doc.split(".")[0], pg.number, truth, read])
    cpu = [pg.cpu[engine] for pg in pages]
    prep = [pg.prep_cpu for pg in pages]
    return {
        "line_accuracy": 1 - line_err / line_len if line_len else None,
        "line_chars": line_len,
        "page_accuracy": 1 - page_err / page_len,
        "numeric_cells_exact": num_ok / num_n if num_n else None,
        "numeric_cells": num_n,
        "rec_cpu_per_page": sum(cpu) / len(cpu),
        "route_cpu_per_page": (sum(cpu) + sum(prep)) / len(cpu),
        "rec_ms_per_crop": 1000 * sum(cpu) / sum(len(pg.crops) for pg in pages),
        "numeric_mistakes": mistakes[:MAX_MISTAKES],
    }


def fields_exact(pages: list[Page], engine: str, scans: dict[str, tuple[bytes, dict]]) -> dict:
    """Table 二/三/四 fields of a full extraction whose recogniser replays the engine's readings."""
    from pipeline.extract import extract_bytes
    from pipeline.ocr import page

    ok = n = 0
    wrong_docs = 0
    for doc, (data, gold) in scans.items():
        queue = [pg.reads[engine] for pg in sorted(pages, key=lambda p: p.number) if pg.doc == doc]

        def replay(crops, queue=queue):
            reads = queue.pop(0)
            if len(reads) != len(crops):
                raise RuntimeError("the replayed page was cut differently")
            return reads

        with mock.patch.object(page, "recognise", replay):
            record = extract_bytes(data, doc)
        fields = record.get("fields") or {}
        keys = [k for k in gold["fields"] if k.startswith(TABLE_PREFIXES)]
        good = sum(1 for k in keys if k in fields and fields[k] == gold["fields"][k])
        ok += good
        n += len(keys)
        wrong_docs += good < len(keys)
    return {"fields_exact": ok / n, "fields": n, "docs_all_exact": len(scans) - wrong_docs}


# --- driver -------------------------------------------------------------------------------------------


def scan_set(folder: Path, n: int, seed: int) -> list[Path]:
    pdfs = sorted(folder.glob("*.scan_pdf.pdf"))
    if not pdfs:
        from pipeline.synth.generate import synthesize

        print(f"writing {n} scans to {folder} (seed {seed})", file=sys.stderr)
        synthesize(n, seed, folder, ["scan_pdf"])
        pdfs = sorted(folder.glob("*.scan_pdf.pdf"))
    return pdfs[:n]


def born_digital(gold: dict) -> tuple[bytes, dict]:
    """The portrait PDF the scan was rendered from: the record rebuilt from the gold's seed, checked."""
    from pipeline.synth.generate import synth_record
    from pipeline.synth.pdf_render import render_pdf
    from pipeline.synth.scan_render import SOURCE_LAYOUT

    record = synth_record(gold["synth"]["seed"], gold["source"])
    if record["fields"] != gold["fields"] or record["meta"] != gold["meta"]:
        raise RuntimeError(f"{gold['source']}: the record rebuilt from its seed differs from the gold")
    return render_pdf(record, SOURCE_LAYOUT), record


def versions() -> dict:
    out = {}
    for dist in ("rapidocr", "onnxruntime", "opencv-python-headless", "rapidfuzz", "pdfplumber"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = None
    try:
        out["tesseract"] = subprocess.run(["tesseract", "--version"], capture_output=True, text=True,
                                          check=True).stdout.splitlines()[0]
        out["tesseract-ocr-chi-sim"] = subprocess.run(
            ["dpkg-query", "-W", "-f", "${Version}", "tesseract-ocr-chi-sim"], capture_output=True, text=True
        ).stdout or None
    except (OSError, subprocess.CalledProcessError):
        out["tesseract"] = None
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=12, help="documents (default 12)")
    ap.add_argument("--seed", type=int, default=7, help="synth seed when the scans are written (default 7)")
    ap.add_argument("--scans", type=Path, default=Path("/tmp/ocrbench/scans"), help="scan_pdf folder")
    ap.add_argument("--work", type=Path, default=Path("/tmp/ocrbench/work"), help="crops and job files")
    ap.add_argument("--json", type=Path, help="write the figures here")
    ap.add_argument("--no-tesseract", action="store_true")
    ap.add_argument("--no-det", action="store_true", help="skip the whole-page detection run")
    ap.add_argument("--ro14-python", type=Path, default=DEFAULT_RO14,
                    help=f"python of the venv with rapidocr-onnxruntime 1.4.4 (default {DEFAULT_RO14})")
    args = ap.parse_args(argv)

    single_thread_env()
    os.environ["GONGKAI_OCR_THREADS"] = "1"
    os.environ["OMP_THREAD_LIMIT"] = "1"
    cpu = pin_one_core()
    sys.path.insert(0, str(ROOT))  # this checkout's pipeline, not whatever is installed

    import numpy as np
    import pypdfium2

    from pipeline.ocr import RENDER_DPI, engine, render_pdf_page

    args.work.mkdir(parents=True, exist_ok=True)
    engine.recognise([np.full((40, 120), 255, np.uint8)])  # load the model outside the timing
    det = None if args.no_det else det_engine()
    use_tess = not args.no_tesseract
    use_ro14 = args.ro14_python.is_file()
    if not use_ro14:
        print(f"rapidocr-onnxruntime 1.4.4 skipped: no {args.ro14_python}", file=sys.stderr)
    if use_tess:
        tess_load = tesseract_load_cpu(args.work)

    pages: list[Page] = []
    scans: dict[str, tuple[bytes, dict]] = {}
    crop_paths: dict[tuple[str, int], list[Path]] = {}
    started = time.perf_counter()
    for path in scan_set(args.scans, args.n, args.seed):
        gold = json.loads(path.with_name(path.name.removesuffix(".pdf") + ".gold.json").read_text())
        data = path.read_bytes()
        scans[path.name] = (data, gold)
        truth_pdf, record = born_digital(gold)
        truth = true_chars(truth_pdf, record, RENDER_DPI)
        pdf = pypdfium2.PdfDocument(data)
        try:
            if len(pdf) != len(truth):
                raise RuntimeError(f"{path.name}: {len(pdf)} scanned pages, {len(truth)} born-digital")
            for i in range(len(pdf)):
                gray = render_pdf_page(pdf, i)
                pg = cut_page(path.name, i + 1, gray, RENDER_DPI, truth[i])
                if use_tess or use_ro14:
                    crop_paths[(pg.doc, pg.number)] = save_crops(pg, args.work)
                if use_tess:
                    pg.reads["tesseract"], pg.cpu["tesseract"] = tesseract(crop_paths[(pg.doc, pg.number)], args.work)
                if det is not None:
                    if not pages:
                        det(np.ascontiguousarray(np.repeat(gray[:, :, None], 3, axis=2)))  # warm-up
                    det_page(det, gray, pg)
                pg.images = []
                pages.append(pg)
                print(f"{path.name} p{pg.number}: {len(pg.crops)} crops, angle {pg.angle:+.2f}, "
                      f"lost {pg.lost}/{pg.total}", file=sys.stderr)
        finally:
            pdf.close()
    ro14_version = ro14(pages, crop_paths, args.ro14_python, args.work) if use_ro14 else None

    engines = ["rapidocr-rec"] + (["tesseract"] if use_tess else []) + (["ro14-rec"] if use_ro14 else [])
    results: dict[str, dict] = {}
    for name in engines:
        results[name] = {**score_pages(pages, name), **fields_exact(pages, name, scans)}
    if use_tess:
        results["tesseract"]["model_load_cpu_per_process"] = tess_load
    if det is not None:
        d_err = sum(pg.det["errors"] for pg in pages)
        d_len = sum(pg.det["total"] for pg in pages)
        d_cpu = sum(pg.det["cpu"] for pg in pages) / len(pages)
        results["rapidocr-det"] = {"page_accuracy": 1 - d_err / d_len, "rec_cpu_per_page": d_cpu,
                                   "route_cpu_per_page": d_cpu,
                                   "chars_in_no_box": sum(pg.det["lost"] for pg in pages) / d_len}
    total = sum(pg.total for pg in pages)
    report = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "command": " ".join(["python", sys.argv[0], *(argv if argv is not None else sys.argv[1:])]),
        "documents": len(scans), "pages": len(pages), "crops": sum(len(p.crops) for p in pages),
        "true_chars": total, "chars_in_no_crop": sum(pg.lost for pg in pages) / total,
        "pinned_cpu": cpu, "load_average": os.getloadavg(), "python": platform.python_version(),
        "versions": {**versions(), "rapidocr-onnxruntime": ro14_version},
        "wall_s": round(time.perf_counter() - started, 1), "results": results,
    }
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    print(markdown(report))
    return 0


def markdown(report: dict) -> str:
    """The figures as the table of docs/ocr-engines.md."""
    def pct(v):
        return "—" if v is None else f"{100 * v:.2f} %"

    rows = ["| engine | line chars | page chars | numeric cells | fields 二/三/四 | rec CPU s/page | route CPU s/page |",
            "|---|---|---|---|---|---|---|"]
    for name, r in report["results"].items():
        rows.append(f"| {name} | {pct(r.get('line_accuracy'))} | {pct(r['page_accuracy'])} | "
                    f"{pct(r.get('numeric_cells_exact'))} | {pct(r.get('fields_exact'))} | "
                    f"{r['rec_cpu_per_page']:.2f} | {r['route_cpu_per_page']:.2f} |")
    return "\n".join(rows)


if __name__ == "__main__":
    sys.exit(main())
