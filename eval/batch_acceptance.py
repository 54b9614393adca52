"""Acceptance measurements for ``gongkai batch``: a mixed archive with bad files, kill -9 and resume, throughput
with one and two workers, Dask against the local engine, and the CSV/XLSX/Parquet export read back.

Run from the repository root with the package installed (``pip install -e .[test]``; psutil and pandas are
used by this script only)::

    python eval/batch_acceptance.py [--docs N] [--work DIR] [--json out.json] [--timeout S]
                                    [--throughput-docs M] [--dask-docs D] [--keep]

Steps (each prints its figures and checks; the exit status is 1 when any check fails):

1. build an archive of at least ``--docs`` distinct documents under ``WORK/archive`` (generated HTML in every
   layout, generated PDFs, text, the corpora fixtures and real reports, some inside zip archives with nested
   folders, a few exact duplicates) plus 5 % bad files of many kinds; ``WORK/manifest.json`` lists every
   document, good or bad and why;
2. ``gongkai batch --workers 2`` on it: every good document has a non-error record, every bad one an error
   record with a reason, no crash, wall time and documents/s;
3. the same into a fresh folder, killed with SIGKILL (the whole process group) after about half of the
   documents are in the store, then rerun to completion: the store must equal the uninterrupted one;
4. the same ``--throughput-docs`` good documents with ``--workers 1`` and ``--workers 2``: documents/s, the
   speed-up (target 1.8) and the peak RSS of every worker process;
5. ``--engine dask --workers 2`` against the local engine on ``--dask-docs`` documents: records compared;
6. ``gongkai export`` of step 2's store to CSV, XLSX and Parquet, read back with pandas and DuckDB: row counts
   and the sum and count of every numeric column agree across the files and with ``field_values``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import json
import math
import os
import platform
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT / "corpora"

DEFAULT_DOCS = 2000
DEFAULT_TIMEOUT = 30.0
DEFAULT_THROUGHPUT_DOCS = 500
DEFAULT_DASK_DOCS = 200
SEED = 11
PDF_SHARE = 0.15  # of all documents, generated PDFs and the PDF fixtures together
BAD_SHARE = 0.05
TEXT_RENDER_SHARE = 0.04  # generated HTML written out as plain text (lxml text_content)
TEXT_COPIES = 6  # copies of each corpora text, each with its own trailing line
ZIP_EVERY = 10  # of every ten generated documents, three go into zip archives
ZIPPED = (0, 3, 7)
ZIP_TARGETS = ("zips/part-a.zip", "zips/2021/part-b.zip", "nested/a/b/c/part-c.zip")
DUPLICATES = 12  # corpora HTML fixtures repeated inside a zip: same content, other path
TARGET_SPEEDUP = 1.8
HUGE_BYTES = 200 * 1024 * 1024
BOMB_BYTES = 1536 * 1024 * 1024  # 1.5 GiB of zeros behind about 1.5 MB of deflate
DEEP = 10_000
#: The slow PDF is sized to take this many times --timeout (from a calibration on a small one).
SLOW_FACTOR = 4.0
SLOW_OP = b"1 0 0 1 0 0 cm\n"
#: The HTML renderers' encodings (html_render: cms/split UTF-8, word GB18030, gbk_nometa GBK).
LAYOUT_ENCODING = {"cms": "utf-8", "split": "utf-8", "word": "gb18030", "gbk_nometa": "gbk"}
SUMMARY = re.compile(r"(\d+) input\(s\), (\d+) processed, (\d+) already done, (\d+) duplicate\(s\)")
CRASH_KINDS = ("internal", "crashed")


# --------------------------------------------------------------------------- small helpers


def log(msg: str = "") -> None:
    print(msg, flush=True)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fingerprint(package: Path) -> str:
    """A hash of the package's source and data files: shows whether the code changed during a run."""
    digest = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def git_head() -> str | None:
    proc = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False)
    return proc.stdout.strip() or None


def use_snapshot(work: Path) -> Path:
    """Copy ``pipeline/`` into the scratch folder and put it first on the path of this process and of every
    ``gongkai`` it starts, so that the runs compared with one another run the same code even when the working
    tree changes meanwhile."""
    target = work / "package"
    shutil.copytree(ROOT / "pipeline", target / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    sys.path.insert(0, str(target))
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, (str(target), os.environ.get("PYTHONPATH"))))
    return target / "pipeline"


def gongkai_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("gongkai")
    return [str(exe)] if exe.is_file() else [sys.executable, "-m", "pipeline.cli"]


class Checks:
    """Named pass/fail results, printed as they come and kept for the JSON file."""

    def __init__(self) -> None:
        self.results: list[dict] = []

    def add(self, step: str, name: str, ok: bool, detail: str = "") -> bool:
        self.results.append({"step": step, "check": name, "ok": bool(ok), "detail": detail})
        log(f"  [{'PASS' if ok else 'FAIL'}] {name}" + (f": {detail}" if detail else ""))
        return ok

    @property
    def failed(self) -> list[dict]:
        return [r for r in self.results if not r["ok"]]


# --------------------------------------------------------------------------- the archive


@dataclass
class Doc:
    """One input as ``gongkai batch`` names it (a file path, or ``ZIP!member``), good or bad and why."""

    location: str
    good: bool
    kind: str  # html:cms, pdf:portrait, text:render, fixture:pdf, bad:truncated_pdf, ...
    why: str
    sha256: str | None  # None for content over the size limit (the batch keys it by its location)
    zipped: bool = False
    gold: str | None = None
    duplicate_of: str | None = None

    @property
    def key(self) -> str:
        return self.sha256 or f"location:{self.location}"


class Archive:
    """Writes files and zip members under ``root`` and keeps the manifest."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.docs: list[Doc] = []
        self._zips: dict[str, zipfile.ZipFile] = {}

    def _zip(self, rel: str) -> zipfile.ZipFile:
        if rel not in self._zips:
            path = self.root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            self._zips[rel] = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED)
        return self._zips[rel]

    def add(self, rel: str, data: bytes, *, good: bool, kind: str, why: str, zip_rel: str | None = None,
            gold: str | None = None, duplicate_of: str | None = None) -> Doc:
        if zip_rel:
            self._zip(zip_rel).writestr(rel, data)
            location = f"{self.root / zip_rel}!{rel}"
        else:
            path = self.root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            location = str(path)
        doc = Doc(location, good, kind, why, sha256(data), zipped=bool(zip_rel), gold=gold, duplicate_of=duplicate_of)
        self.docs.append(doc)
        return doc

    def add_unread(self, location: str, *, kind: str, why: str, zipped: bool) -> Doc:
        doc = Doc(location, False, kind, why, None, zipped=zipped)
        self.docs.append(doc)
        return doc

    def close(self) -> None:
        for archive in self._zips.values():
            archive.close()


def read_doc(doc: Doc) -> bytes:
    if "!" in doc.location and doc.zipped:
        path, member = doc.location.split("!", 1)
        with zipfile.ZipFile(path) as archive:
            return archive.read(member)
    return Path(doc.location).read_bytes()


def zip_target(i: int) -> str | None:
    return ZIP_TARGETS[(i // ZIP_EVERY) % len(ZIP_TARGETS)] if i % ZIP_EVERY in ZIPPED else None


def plain_text(html_bytes: bytes, layout: str) -> bytes:
    from lxml import html as lxml_html

    return lxml_html.document_fromstring(html_bytes.decode(LAYOUT_ENCODING[layout])).text_content().encode("utf-8")


def calibrate_slow_op() -> float:
    """Seconds the package spends on one ``cm`` operator of a content stream (a 50,000-operator PDF, timed)."""
    from pipeline.extract import extract_data

    n = 50_000
    data = ops_pdf(SLOW_OP, n)
    t0 = time.perf_counter()
    extract_data(data, "calibration.pdf")
    return (time.perf_counter() - t0) / n


def ops_pdf(op: bytes, n: int) -> bytes:
    """One blank page whose (deflated) content stream is ``op`` repeated ``n`` times: cheap bytes, slow parse."""
    import pikepdf

    pdf = pikepdf.Pdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    pdf.pages[0].obj.Contents = pdf.make_stream(op * n)
    buf = io.BytesIO()
    pdf.save(buf, compress_streams=True)
    return buf.getvalue()


def raw_pdf(objects: list[bytes], trailer_extra: bytes = b"", prev_self: bool = False) -> bytes:
    """A hand-written PDF with a correct xref table; ``prev_self`` makes the trailer's /Prev point at itself."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    prev = b" /Prev %d" % xref if prev_self else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, prev, trailer_extra, xref)
    return bytes(out)


def pages_cycle_pdf(tag: bytes) -> bytes:
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Pages /Kids [2 0 R 4 0 R] /Count 1 /Parent 2 0 R >>",  # 3 holds its own parent
        b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents 5 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(tag), tag),
    ])


def xref_loop_pdf(tag: bytes) -> bytes:
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(tag), tag),
    ], prev_self=True)


def encrypted(pdf: bytes) -> bytes:
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        buf = io.BytesIO()
        doc.save(buf, encryption=pikepdf.Encryption(user="secret", owner="owner-secret", R=6))
    return buf.getvalue()


def deep_html(rng: random.Random, i: int, article: str) -> bytes:
    """HTML nested 10,000 elements deep, a report's article (or a line of text) at the bottom."""
    tag = rng.choice(("div", "span", "font", "blockquote"))
    inner = article if i % 2 == 0 else f"<p>政府信息公开工作年度报告 第{i}号</p>"
    page = (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>深层嵌套 {i}</title></head><body>"
            + f"<{tag}>" * DEEP + inner + f"</{tag}>" * DEEP + "</body></html>")
    return page.encode("utf-8")


def article_of(page: bytes) -> str:
    text = page.decode("utf-8")
    body = text[text.find("<body"):text.rfind("</body>")]
    return body[body.find(">") + 1:]


def build_archive(root: Path, n_docs: int, timeout: float) -> tuple[list[Doc], dict]:
    """The mixed archive of at least ``n_docs`` distinct documents; its manifest and how it was built."""
    from pipeline.synth.html_render import LAYOUTS, render_html
    from pipeline.synth.pdf_render import PDF_LAYOUTS, render_pdf
    from pipeline.synth.records import EDITIONS, sample_record

    t0 = time.perf_counter()
    rng = random.Random(SEED)
    archive = Archive(root)
    info: dict = {}

    # fixtures with gold files: corpora HTML, PDF, layout text, seed and real reports
    fixture_files = (sorted((CORPORA / "html").glob("*.html")) + sorted((CORPORA / "pdf").glob("*.pdf"))
                     + sorted((CORPORA / "text").glob("*.txt")) + sorted((CORPORA / "seed").glob("*.txt"))
                     + sorted(p for p in (CORPORA / "real").iterdir() if p.suffix in (".txt", ".pdf")))
    fixtures = []
    for path in fixture_files:
        gold = path.with_name(path.name[: -len(path.suffix)] + ".gold.json")
        folder = path.parent.name
        kind = "real" if folder in ("real", "seed") else "fixture"
        fixtures.append(archive.add(f"fixtures/{folder}/{path.name}", path.read_bytes(), good=True,
                                    kind=f"{kind}:{path.suffix[1:]}", why=f"corpora/{folder}/{path.name}",
                                    gold=str(gold.relative_to(ROOT)) if gold.is_file() else None))
    # exact duplicates inside a zip: same content, another path
    html_fixtures = [d for d in fixtures if d.kind == "fixture:html"]
    for doc in html_fixtures[:DUPLICATES]:
        name = Path(doc.location).name
        archive.add(f"copies/{name}", read_doc(doc), good=True, kind=doc.kind, why=f"duplicate of {doc.why}",
                    zip_rel=ZIP_TARGETS[0], gold=doc.gold, duplicate_of=doc.location)

    # text: each corpora text again with its own trailing line (new content hash, same report)
    texts = [d for d in fixtures if d.location.endswith(".txt")]
    for k in range(TEXT_COPIES):
        for doc in texts:
            stem = Path(doc.location).stem
            data = read_doc(doc) + f"\n（归档副本 {k + 1}：{stem}）\n".encode()
            archive.add(f"text/copies/{stem}.copy{k + 1}.txt", data, good=True, kind="text:copy",
                        why=f"{doc.why} with a trailing line", zip_rel=zip_target(k * 3), gold=doc.gold)

    n_bad = math.ceil(n_docs * BAD_SHARE)
    n_good = n_docs - n_bad
    n_pdf_fixtures = sum(1 for d in fixtures if d.location.endswith(".pdf"))
    n_pdf = max(0, round(n_docs * PDF_SHARE) - n_pdf_fixtures)
    n_text_render = round(n_docs * TEXT_RENDER_SHARE)
    distinct_so_far = len(fixtures) + TEXT_COPIES * len(texts)
    n_html = max(0, n_good - distinct_so_far - n_pdf - n_text_render)

    for i in range(n_html):
        edition = EDITIONS[i % 2]
        layout = LAYOUTS[(i // 2) % len(LAYOUTS)]
        name = f"gen-{i:05d}.{layout}.html"
        record = sample_record(rng, edition, name)
        archive.add(f"html/{edition}/{layout}/{name}", render_html(record, layout), good=True,
                    kind=f"html:{layout}", why="sampled record, generated page", zip_rel=zip_target(i))
    t_pdf = time.perf_counter()
    for i in range(n_pdf):
        edition = EDITIONS[i % 2]
        layout = PDF_LAYOUTS[(i // 2) % len(PDF_LAYOUTS)]
        name = f"gen-{i:05d}.{layout}.pdf"
        record = sample_record(rng, edition, name)
        archive.add(f"pdf/{edition}/{layout}/{name}", render_pdf(record, layout), good=True,
                    kind=f"pdf:{layout}", why="sampled record, generated PDF", zip_rel=zip_target(i + 1))
    info["pdf_render_seconds"] = round(time.perf_counter() - t_pdf, 1)
    for i in range(n_text_render):
        edition = EDITIONS[i % 2]
        layout = LAYOUTS[(i // 2) % len(LAYOUTS)]
        name = f"gen-text-{i:05d}.{layout}.txt"
        record = sample_record(rng, edition, name)
        archive.add(f"text/render/{name}", plain_text(render_html(record, layout), layout), good=True,
                    kind="text:render", why=f"text_content of a generated {layout} page", zip_rel=zip_target(i + 2))

    bad_counts = build_bad(archive, rng, n_bad, timeout, info)
    archive.close()
    info.update(bad_counts=bad_counts, seconds=round(time.perf_counter() - t0, 1))
    return archive.docs, info


def build_bad(archive: Archive, rng: random.Random, n_bad: int, timeout: float, info: dict) -> dict:
    """The bad files: one of each costly kind, the rest cycled over cheap kinds (a third of them zipped)."""
    from pipeline.synth.html_render import LAYOUTS, render_html
    from pipeline.synth.pdf_render import PDF_LAYOUTS, render_pdf
    from pipeline.synth.records import EDITIONS, sample_record

    root = archive.root
    made: Counter = Counter()

    def add(rel: str, data: bytes, kind: str, why: str, zip_rel: str | None = None) -> None:
        archive.add(rel, data, good=False, kind=f"bad:{kind}", why=why, zip_rel=zip_rel)
        made[kind] += 1

    add("bad/empty.html", b"", "empty", "zero bytes")
    archive.add("bad/copies/empty.html", b"", good=False, kind="bad:empty", why="zero bytes (a duplicate, zipped)",
                zip_rel=ZIP_TARGETS[1], duplicate_of=str(root / "bad/empty.html"))

    huge = root / "bad/huge-scan.pdf"
    with huge.open("wb") as fh:  # sparse: a PDF header, then 200 MB of holes
        fh.write(b"%PDF-1.7\n")
        fh.truncate(HUGE_BYTES)
    archive.add_unread(str(huge), kind="bad:huge", why=f"{HUGE_BYTES // 2**20} MB file (sparse)", zipped=False)
    made["huge"] += 1

    t0 = time.perf_counter()
    bomb = root / "bad/bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf, \
            zf.open("report/annual-report.html", "w", force_zip64=True) as fh:
        chunk = bytes(1 << 20)
        for _ in range(BOMB_BYTES >> 20):
            fh.write(chunk)
    info["zip_bomb"] = {"expands_to_bytes": BOMB_BYTES, "zip_bytes": bomb.stat().st_size,
                        "seconds": round(time.perf_counter() - t0, 1)}
    archive.add_unread(f"{bomb}!report/annual-report.html", kind="bad:zip_bomb",
                       why=f"zip member expanding to {BOMB_BYTES / 2**30:.1f} GiB", zipped=True)
    made["zip_bomb"] += 1

    per_op = calibrate_slow_op()
    n_ops = int(min(max(SLOW_FACTOR * timeout / per_op, 200_000), 10_000_000))
    slow = ops_pdf(SLOW_OP, n_ops)
    info["slow_pdf"] = {"operators": n_ops, "bytes": len(slow), "seconds_per_operator": per_op,
                        "expected_seconds": round(n_ops * per_op, 1), "timeout": timeout}
    add("bad/slow-content-stream.pdf", slow, "slow_pdf",
        f"{n_ops:,} '1 0 0 1 0 0 cm' operators in one deflated content stream (~{n_ops * per_op:.0f} s to parse)")
    add("bad/pages-cycle.pdf", pages_cycle_pdf(b"BT ET"), "pdf_pages_cycle", "/Pages tree whose kid is its parent")
    add("bad/xref-prev-loop.pdf", xref_loop_pdf(b"BT ET"), "pdf_xref_loop", "trailer /Prev points at its own xref")
    for path in sorted((CORPORA / "pdf" / "garbled").glob("*.pdf")):
        add(f"bad/garbled/{path.name}", path.read_bytes(), "garbled_pdf", "text layer decodes wrong (corpora garbled)")
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("inner/report.html", render_html(sample_record(rng, "2021", "inner.html"), "cms"))
    add("attachments/inner-archive.zip", inner.getvalue(), "zip_in_zip", "a zip inside a zip (not opened)",
        zip_rel=ZIP_TARGETS[0])

    cheap = ("truncated_html", "truncated_pdf", "garbage", "encrypted_pdf", "deep_html", "blank")
    for i in range(max(0, n_bad - sum(made.values()))):
        kind = cheap[i % len(cheap)]
        zip_rel = ZIP_TARGETS[i % len(ZIP_TARGETS)] if i % 3 == 2 else None
        edition = EDITIONS[i % 2]
        if kind == "truncated_html":
            layout = LAYOUTS[(i // len(cheap)) % len(LAYOUTS)]
            page = render_html(sample_record(rng, edition, "t.html"), layout)
            cut = int(page.lower().find(b"<table") * rng.uniform(0.05, 0.3))
            add(f"bad/truncated/{i:03d}.{layout}.html", page[:cut], kind,
                f"{layout} page cut at byte {cut} of {len(page)}, before its first table", zip_rel)
        elif kind == "truncated_pdf":
            layout = PDF_LAYOUTS[(i // len(cheap)) % len(PDF_LAYOUTS)]
            pdf = render_pdf(sample_record(rng, edition, "t.pdf"), layout)
            cut = int(len(pdf) * rng.uniform(0.1, 0.95))
            add(f"bad/truncated/{i:03d}.{layout}.pdf", pdf[:cut], kind, f"PDF cut at byte {cut} of {len(pdf)}", zip_rel)
        elif kind == "garbage":
            add(f"bad/garbage/{i:03d}.html", rng.randbytes(rng.randint(1_000, 200_000)), kind, "random bytes", zip_rel)
        elif kind == "encrypted_pdf":
            layout = PDF_LAYOUTS[(i // len(cheap)) % len(PDF_LAYOUTS)]
            pdf = encrypted(render_pdf(sample_record(rng, edition, "e.pdf"), layout))
            add(f"bad/encrypted/{i:03d}.{layout}.pdf", pdf, kind, "AES-256 user password, none given", zip_rel)
        elif kind == "deep_html":
            article = article_of(render_html(sample_record(rng, edition, "d.html"), "cms"))
            add(f"bad/deep/{i:03d}.html", deep_html(rng, i, article), kind,
                f"elements nested {DEEP:,} deep" + (" around a whole report" if i % 2 == 0 else ""), zip_rel)
        else:
            add(f"bad/blank/{i:03d}.txt", b" \n\t" * (i + 1) + b"\r\n", kind, "whitespace only", zip_rel)
    return dict(made)


# --------------------------------------------------------------------------- running the batch


class RssSampler(threading.Thread):
    """Peak RSS of a process and of each of its descendants (sampled every ``interval`` s) with psutil."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.main_peak = 0
        self.main_cpu = 0.0
        self.peaks: dict[int, int] = {}
        self.cpu: dict[int, float] = {}
        self.names: dict[int, str] = {}
        self._halt = threading.Event()

    def run(self) -> None:
        import psutil

        try:
            main = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self._halt.is_set():
            try:
                self.main_peak = max(self.main_peak, main.memory_info().rss)
                times = main.cpu_times()
                self.main_cpu = times.user + times.system
                children = main.children(recursive=True)
            except psutil.Error:
                return
            for child in children:
                try:
                    rss = child.memory_info().rss
                    times = child.cpu_times()
                    self.cpu[child.pid] = times.user + times.system
                    if child.pid not in self.names:
                        self.names[child.pid] = " ".join(child.cmdline())[:120]
                except psutil.Error:
                    continue
                self.peaks[child.pid] = max(self.peaks.get(child.pid, 0), rss)
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=5)

    def children(self) -> list[int]:
        return list(self.peaks)

    def workers(self) -> dict[int, int]:
        """Worker processes: every descendant but multiprocessing's resource tracker."""
        return {pid: rss for pid, rss in self.peaks.items() if "resource_tracker" not in self.names.get(pid, "")}


@dataclass
class Run:
    name: str
    out: str
    args: list[str]
    rc: int | None = None
    wall: float = 0.0
    stderr_tail: str = ""
    traceback: bool = False
    summary: dict = field(default_factory=dict)
    main_peak_mb: float = 0.0
    worker_peaks_mb: list[float] = field(default_factory=list)
    main_cpu_s: float = 0.0  # CPU seconds of the batch's main process (the listing and the one store writer)
    worker_cpu_s: float = 0.0  # CPU seconds of all worker processes together (as last sampled)
    killed_at_records: int | None = None
    load_before: str = ""  # /proc/loadavg: the machine may be shared
    load_after: str = ""


def start_batch(inputs: list[Path], out: Path, extra: list[str]) -> tuple[subprocess.Popen, Path, list[str]]:
    out.mkdir(parents=True, exist_ok=True)
    args = [*gongkai_cmd(), "batch", *map(str, inputs), "--out", str(out), *extra]
    err = out.parent / f"{out.name}.stderr.txt"
    with err.open("wb") as fh:
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=fh, start_new_session=True, cwd=ROOT)
    return proc, err, args


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return ""


def finish(run: Run, proc: subprocess.Popen, err: Path, sampler: RssSampler, t0: float, load: str) -> Run:
    run.rc = proc.wait()
    run.load_before, run.load_after = load, loadavg()
    run.wall = time.perf_counter() - t0
    sampler.stop()
    text = err.read_text("utf-8", errors="replace")
    run.traceback = "Traceback" in text
    run.stderr_tail = "\n".join(text.strip().splitlines()[-12:])
    if m := SUMMARY.search(text):
        run.summary = dict(zip(("inputs", "processed", "already_done", "duplicates"), map(int, m.groups()), strict=True))
    run.main_peak_mb = round(sampler.main_peak / 2**20, 1)
    run.worker_peaks_mb = sorted((round(v / 2**20, 1) for v in sampler.workers().values()), reverse=True)
    run.main_cpu_s = round(sampler.main_cpu, 1)
    run.worker_cpu_s = round(sum(sampler.cpu.get(pid, 0.0) for pid in sampler.workers()), 1)
    return run


def batch(name: str, inputs: list[Path], out: Path, extra: list[str]) -> Run:
    log(f"  running {name}: gongkai batch … --out {out} {' '.join(extra)}")
    load = loadavg()
    t0 = time.perf_counter()
    proc, err, args = start_batch(inputs, out, extra)
    sampler = RssSampler(proc.pid)
    sampler.start()
    run = finish(Run(name, str(out), args[len(gongkai_cmd()):]), proc, err, sampler, t0, load)
    log(f"    exit {run.rc}, {run.wall:.1f} s, {run.summary}; CPU s: main {run.main_cpu_s}, workers {run.worker_cpu_s}; "
        f"load average {run.load_before} -> {run.load_after}")
    return run


# --------------------------------------------------------------------------- reading a store


SNAPSHOT_COUNT = """
import shutil, sys, tempfile, pathlib, duckdb
src, tmp = pathlib.Path(sys.argv[1]), pathlib.Path(tempfile.mkdtemp(prefix="gk-snap-"))
try:
    for name in ("gongkai.duckdb", "gongkai.duckdb.wal"):
        if (src / name).exists():
            shutil.copyfile(src / name, tmp / name)
    print(duckdb.connect(str(tmp / "gongkai.duckdb")).execute("SELECT count(*) FROM records").fetchone()[0])
finally:
    shutil.rmtree(tmp, ignore_errors=True)
"""


def count_records(out: Path, notes: dict) -> int | None:
    """``SELECT count(*) FROM records``, read-only; while a batch holds DuckDB's write lock, on a copy."""
    import duckdb

    db = out / "gongkai.duckdb"
    if not db.exists():
        return None
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            notes["direct_read_ok"] = notes.get("direct_read_ok", 0) + 1
            return con.execute("SELECT count(*) FROM records").fetchone()[0]
    except duckdb.Error as exc:
        notes.setdefault("direct_read_error", str(exc).splitlines()[0][:200])
    proc = subprocess.run([sys.executable, "-c", SNAPSHOT_COUNT, str(out)], capture_output=True, text=True,
                          timeout=120, check=False)
    if proc.returncode == 0 and proc.stdout.strip().isdigit():
        notes["snapshot_reads"] = notes.get("snapshot_reads", 0) + 1
        return int(proc.stdout.strip())
    notes["snapshot_failures"] = notes.get("snapshot_failures", 0) + 1
    return None


@dataclass
class StoreView:
    sources: dict[str, str]  # path -> sha256
    records: dict[str, dict]  # doc_id -> row (status, error, error_kind, path, record JSON text)
    values: dict[str, dict[str, float | None]]  # doc_id -> key -> value (field_values)
    duplicate_doc_ids: int
    duplicate_fv: int
    errors_rows: int
    status: dict[str, int]
    error_kinds: dict[str, int]
    formats: dict[str, int]


def view(out: Path) -> StoreView:
    import duckdb

    with duckdb.connect(str(out / "gongkai.duckdb"), read_only=True) as con:
        sources = dict(con.execute("SELECT path, sha256 FROM sources").fetchall())
        records = {r[0]: {"status": r[1], "error": r[2], "error_kind": r[3], "path": r[4], "record": r[5]}
                   for r in con.execute("SELECT doc_id, status, error, error_kind, path, record FROM records").fetchall()}
        values: dict[str, dict[str, float | None]] = {}
        for doc_id, key, value in con.execute("SELECT doc_id, key, value FROM field_values").fetchall():
            values.setdefault(doc_id, {})[key] = value
        dup_ids = con.execute("SELECT count(*) - count(DISTINCT doc_id) FROM records").fetchone()[0]
        dup_fv = con.execute("SELECT count(*) - count(DISTINCT (doc_id, key)) FROM field_values").fetchone()[0]
        errors_rows = con.execute("SELECT count(*) FROM errors").fetchone()[0]
        status = dict(con.execute("SELECT status, count(*) FROM records GROUP BY 1 ORDER BY 1").fetchall())
        kinds = dict(con.execute("SELECT coalesce(error_kind, '-'), count(*) FROM records WHERE status = 'error' "
                                 "GROUP BY 1 ORDER BY 2 DESC").fetchall())
        formats = dict(con.execute("SELECT coalesce(format, '-'), count(*) FROM records GROUP BY 1 ORDER BY 2 DESC")
                       .fetchall())
    return StoreView(sources, records, values, dup_ids, dup_fv, errors_rows, status, kinds, formats)


def per_doc(v: StoreView, exclude: set[str] = frozenset()) -> dict[str, int]:
    """Rows of field_values per document."""
    return {d: len(vals) for d, vals in v.values.items() if d not in exclude}


def per_key(v: StoreView, exclude: set[str] = frozenset()) -> dict[str, tuple[float, int]]:
    """(sum, count of non-null values) of field_values per key."""
    out: dict[str, tuple[float, int]] = {}
    for doc_id, vals in v.values.items():
        if doc_id in exclude:
            continue
        for key, value in vals.items():
            total, count = out.get(key, (0.0, 0))
            out[key] = (total + (value or 0.0), count + (value is not None))
    return out


def statuses(v: StoreView, exclude: set[str] = frozenset()) -> dict[str, int]:
    return dict(sorted(Counter(r["status"] for d, r in v.records.items() if d not in exclude).items()))


def close(a: float | None, b: float | None) -> bool:
    a, b = a or 0.0, b or 0.0
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


# --------------------------------------------------------------------------- the steps


def step_full(docs: list[Doc], archive: Path, work: Path, opts: argparse.Namespace, checks: Checks, fig: dict):
    log("\n== 2. gongkai batch --workers 2 on the archive")
    run = batch("full", [archive], work / "out-full", ["--workers", "2", "--timeout", f"{opts.timeout:g}"])
    fig["full_run"] = asdict(run)
    v = view(work / "out-full")
    step = "2 full run"
    expected = len({d.key for d in docs})
    fig["full_run"].update(status=v.status, error_kinds=v.error_kinds, formats=v.formats, records=len(v.records),
                           documents_per_s=round(len(v.records) / run.wall, 2))
    checks.add(step, "exit code 0 or 1", run.rc in (0, 1), f"exit {run.rc}")
    checks.add(step, "no traceback on stderr", not run.traceback)
    checks.add(step, "every input path in sources", set(v.sources) == {d.location for d in docs},
               f"{len(v.sources)} paths in sources, {len(docs)} inputs")
    checks.add(step, "records == distinct inputs after dedupe", len(v.records) == expected,
               f"{len(v.records)} records, {expected} distinct of {len(docs)} inputs")
    missing, good_errors, bad_ok, no_reason = [], [], [], []
    per_bad: dict[str, Counter] = {}
    for d in docs:
        rec = v.records.get(v.sources.get(d.location, "?"))
        if rec is None:
            missing.append(d.location)
        elif d.good and rec["status"] == "error":
            good_errors.append(f"{d.location}: {rec['error_kind']}: {rec['error']}")
        elif not d.good:
            per_bad.setdefault(d.kind[4:], Counter())[rec["error_kind"] or rec["status"]] += 1
            if rec["status"] != "error":
                bad_ok.append(f"{d.location}: {rec['status']}")
            elif not (rec["error"] and rec["error_kind"]):
                no_reason.append(d.location)
    good = [d for d in docs if d.good]
    bad = [d for d in docs if not d.good]
    checks.add(step, "every input has a record", not missing, f"{len(missing)} missing {missing[:3]}")
    checks.add(step, "every good document has a non-error record", not good_errors,
               f"{len(good)} good, {len(good_errors)} with an error record {good_errors[:5]}")
    checks.add(step, "every bad document has an error record with a reason", not (bad_ok or no_reason),
               f"{len(bad)} bad; not an error: {bad_ok[:5]}; no reason: {no_reason[:5]}")
    crashes = {k: n for k, n in v.error_kinds.items() if k in CRASH_KINDS}
    checks.add(step, "no internal errors or dead workers", not crashes, str(crashes or ""))
    quarantine = (work / "out-full" / "quarantine.tsv").read_text("utf-8").splitlines()[1:]
    q_paths = {line.split("\t")[0] for line in quarantine}
    bad_locations = {d.location for d in bad}
    checks.add(step, "quarantine.tsv lists the error records, and only bad inputs",
               len(quarantine) == v.errors_rows == v.status.get("error", 0) and q_paths <= bad_locations,
               f"{len(quarantine)} lines, {v.errors_rows} error rows")
    fig["bad_outcomes"] = {k: dict(c) for k, c in sorted(per_bad.items())}
    slow = per_bad.get("slow_pdf", Counter())
    fig["slow_pdf_timed_out"] = slow.get("timeout", 0) > 0
    log(f"  {len(docs)} inputs ({expected} distinct), {len(v.records)} records in {run.wall:.1f} s: "
        f"{fig['full_run']['documents_per_s']} documents/s; status {v.status}")
    log(f"  main process peak RSS {run.main_peak_mb} MB; worker peaks (MB) {run.worker_peaks_mb[:6]}"
        f"{' …' if len(run.worker_peaks_mb) > 6 else ''} ({len(run.worker_peaks_mb)} worker processes)")
    log("  error_kind per bad type:")
    for kind, counter in sorted(per_bad.items()):
        log(f"    {kind:<16} {dict(counter)}")
    if not fig["slow_pdf_timed_out"]:
        log("  note: the slow PDF did not run into the time limit")
    return v


def step_kill(docs: list[Doc], archive: Path, work: Path, opts: argparse.Namespace, checks: Checks, fig: dict,
              full: StoreView) -> None:
    import psutil

    log("\n== 3. kill -9 after about half of the documents, then rerun")
    step = "3 kill -9"
    out = work / "out-kill"
    extra = ["--workers", "2", "--timeout", f"{opts.timeout:g}"]
    target = len({d.key for d in docs}) // 2
    notes: dict = {}
    load = loadavg()
    t0 = time.perf_counter()
    proc, err, _ = start_batch([archive], out, extra)
    sampler = RssSampler(proc.pid)
    sampler.start()
    seen = 0
    while proc.poll() is None:
        time.sleep(1.0)
        seen = count_records(out, notes) or seen
        if seen >= target:
            break
    pids = sampler.children()
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
        killed = True
    else:
        killed = False
    first = finish(Run("kill", str(out), extra), proc, err, sampler, t0, load)
    time.sleep(0.5)
    alive = []
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                alive.append(pid)
        except psutil.Error:
            pass
    at_kill = count_records(out, notes)
    first.killed_at_records = at_kill
    log(f"    SIGKILL to the process group after {first.wall:.1f} s at {seen} records seen "
        f"({at_kill} in the store after the kill; target {target}); exit {first.rc}")
    log(f"    reading the store while the batch runs: {notes}")
    second = batch("resume", [archive], out, extra)
    v = view(out)
    fig["kill"] = {"target_records": target, "records_seen_before_kill": seen, "records_after_kill": at_kill,
                   "first_run": asdict(first), "rerun": asdict(second), "poll": notes,
                   "status": v.status, "records": len(v.records)}
    checks.add(step, "the batch was killed mid-run", killed and first.rc == -signal.SIGKILL,
               f"exit {first.rc}, {at_kill} of {len(full.records)} records in the store")
    checks.add(step, "no process of the killed batch left", not alive, f"alive: {alive}")
    checks.add(step, "rerun exits 0/1 without a traceback", second.rc in (0, 1) and not second.traceback,
               f"exit {second.rc}")
    checks.add(step, "rerun skipped what the store held", second.summary.get("already_done", -1) >= (at_kill or 0) > 0,
               f"{second.summary}")
    checks.add(step, "records == distinct inputs, no duplicate doc_id",
               len(v.records) == len(full.records) and v.duplicate_doc_ids == 0 and v.duplicate_fv == 0,
               f"{len(v.records)} records (uninterrupted {len(full.records)}), duplicate doc_ids {v.duplicate_doc_ids}, "
               f"duplicate (doc_id, key) {v.duplicate_fv}")
    checks.add(step, "same doc_ids as the uninterrupted run", set(v.records) == set(full.records))
    # A document may hit the time limit in one run and not in the other when the machine is loaded: that is the
    # time limit at work, not the resume. Such documents are listed and left out of the equality checks.
    timing = {k for k in full.records if k in v.records
              and (full.records[k]["error_kind"] == "timeout") != (v.records[k]["error_kind"] == "timeout")}
    fig["kill"]["timing_dependent"] = [full.records[k]["path"] for k in sorted(timing)]
    note = f"; {len(timing)} timing-dependent document(s) left out: {fig['kill']['timing_dependent'][:3]}" if timing else ""
    if timing:
        log(f"  note: the time limit was hit in one run only for {fig['kill']['timing_dependent']}")
    a_doc, b_doc = per_doc(full, timing), per_doc(v, timing)
    diff_fv = [k for k in set(a_doc) | set(b_doc) if a_doc.get(k) != b_doc.get(k)]
    checks.add(step, "field_values per document equal", not diff_fv,
               f"{len(a_doc)} documents with values, {len(diff_fv)} differ{note}")
    a_st, b_st = statuses(full, timing), statuses(v, timing)
    checks.add(step, "status counts equal", a_st == b_st, f"{b_st} vs {a_st}{note}")
    a_key, b_key = per_key(full, timing), per_key(v, timing)
    diff_keys = [k for k in set(a_key) | set(b_key)
                 if not (close(a_key.get(k, (0, 0))[0], b_key.get(k, (0, 0))[0])
                         and a_key.get(k, (0, 0))[1] == b_key.get(k, (0, 0))[1])]
    checks.add(step, "per-key sums and counts of field_values equal", not diff_keys,
               f"{len(a_key)} keys, {len(diff_keys)} differ {diff_keys[:5]}{note}")
    diff_rec = []
    for k in full.records:
        if k in v.records and k not in timing and full.records[k]["record"] != v.records[k]["record"]:
            a, b = json.loads(full.records[k]["record"]), json.loads(v.records[k]["record"])
            diff_rec.append(f"{full.records[k]['path']}: " + ",".join(sorted(x for x in set(a) | set(b) if a.get(x) != b.get(x))))
    checks.add(step, "record JSON of every document equal", not diff_rec, f"{len(diff_rec)} differ {diff_rec[:3]}{note}")
    a_err = Counter(r["error_kind"] for d, r in full.records.items() if r["status"] == "error" and d not in timing)
    b_err = Counter(r["error_kind"] for d, r in v.records.items() if r["status"] == "error" and d not in timing)
    checks.add(step, "error records as in the uninterrupted run", a_err == b_err and v.errors_rows == v.status.get("error"),
               f"{v.errors_rows} error rows vs {full.errors_rows}{note}")


def pick(docs: list[Doc], n: int) -> list[Doc]:
    """``n`` documents spread evenly over ``docs`` (the archive's mix)."""
    if n >= len(docs):
        return list(docs)
    step = len(docs) / n
    return [docs[int(i * step)] for i in range(n)]


def copy_docs(docs: list[Doc], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i, d in enumerate(docs):
        name = Path(d.location.split("!", 1)[-1]).name
        (folder / f"{i:05d}-{name}").write_bytes(read_doc(d))


def store_records_by_path(out: Path) -> dict[str, str]:
    import duckdb

    with duckdb.connect(str(out / "gongkai.duckdb"), read_only=True) as con:
        return dict(con.execute("SELECT path, record FROM records").fetchall())


def writer_ms_per_record(out: Path, n: int = 20) -> float | None:
    """The batch's single writer: mean ms of ``Store.write`` for ``n`` stored records, into a scratch store."""
    from pipeline.sinks.store import Store

    rows = [json.loads(r) for r in list(store_records_by_path(out).values())[:n]]
    rows = [r for r in rows if r.get("status") != "error"]
    if not rows:
        return None
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "w.duckdb") as store:
        t0 = time.perf_counter()
        for r in rows:
            store.write(r)
        return (time.perf_counter() - t0) / len(rows) * 1000


def step_throughput(docs: list[Doc], work: Path, opts: argparse.Namespace, checks: Checks, fig: dict) -> None:
    log(f"\n== 4. throughput: the same {opts.throughput_docs} good documents, --workers 1 and 2")
    step = "4 throughput"
    good = [d for d in docs if d.good and d.duplicate_of is None]
    chosen = pick(good, opts.throughput_docs)
    folder = work / "throughput"
    copy_docs(chosen, folder)
    mix = Counter(d.kind.split(":")[0] if d.kind.split(":")[0] not in ("fixture", "real") else d.kind for d in chosen)
    extra = ["--timeout", f"{opts.timeout:g}"]
    runs = {w: batch(f"workers={w}", [folder], work / f"out-tp{w}", ["--workers", str(w), *extra]) for w in (1, 2)}
    rates = {w: len(chosen) / r.wall for w, r in runs.items()}
    speedup = rates[2] / rates[1]
    ms = writer_ms_per_record(work / "out-tp1")
    fig["throughput"] = {"documents": len(chosen), "mix": dict(mix),
                         "runs": {w: asdict(r) for w, r in runs.items()},
                         "documents_per_s": {w: round(x, 2) for w, x in rates.items()},
                         "speedup": round(speedup, 3), "target_speedup": TARGET_SPEEDUP,
                         "writer_ms_per_good_record": round(ms, 1) if ms else None}
    fig["throughput"]["cpu_ms_per_document"] = {
        w: {"main": round(r.main_cpu_s / len(chosen) * 1000, 1), "workers": round(r.worker_cpu_s / len(chosen) * 1000, 1)}
        for w, r in runs.items()}
    for w, r in runs.items():
        cpu = fig["throughput"]["cpu_ms_per_document"][w]
        log(f"  --workers {w}: {len(chosen)} documents in {r.wall:.1f} s = {rates[w]:.2f} documents/s; CPU per document: "
            f"main process {cpu['main']} ms, workers {cpu['workers']} ms; peak RSS main {r.main_peak_mb} MB, "
            f"workers {r.worker_peaks_mb[:4]} MB")
    log(f"  mix {dict(mix)}; Store.write of one good record (the single writer): "
        f"{ms:.0f} ms, a ceiling of {1000 / ms:.1f} documents/s" if ms else "")
    for w, r in runs.items():
        checks.add(step, f"--workers {w} exits 0 without a traceback", r.rc == 0 and not r.traceback, f"exit {r.rc}")
    same = store_records_by_path(work / "out-tp1") == store_records_by_path(work / "out-tp2")
    checks.add(step, "records equal with 1 and 2 workers", same)
    checks.add(step, f"speed-up with 2 workers >= {TARGET_SPEEDUP}", speedup >= TARGET_SPEEDUP,
               f"{speedup:.2f}x ({rates[1]:.2f} -> {rates[2]:.2f} documents/s)")
    limit = 3072
    peak = max((p for r in runs.values() for p in r.worker_peaks_mb), default=0.0)
    checks.add(step, "worker RSS under the default --memory-mb", 0 < peak < limit, f"peak {peak} MB, limit {limit} MB")


def step_dask(docs: list[Doc], work: Path, opts: argparse.Namespace, checks: Checks, fig: dict) -> None:
    log(f"\n== 5. --engine dask against the local engine on {opts.dask_docs} documents")
    step = "5 dask"
    cheap_bad = {"bad:blank", "bad:garbage", "bad:truncated_html", "bad:truncated_pdf", "bad:encrypted_pdf",
                 "bad:deep_html", "bad:pdf_pages_cycle", "bad:pdf_xref_loop", "bad:garbled_pdf", "bad:empty"}
    bad = [d for d in docs if d.kind in cheap_bad and d.duplicate_of is None][:max(1, opts.dask_docs // 20)]
    good = pick([d for d in docs if d.good and d.duplicate_of is None], opts.dask_docs - len(bad))
    chosen = good + bad
    folder = work / "dask-input"
    copy_docs(chosen, folder)
    local = batch("local", [folder], work / "out-local", ["--workers", "2", "--timeout", f"{opts.timeout:g}"])
    dask = batch("dask", [folder], work / "out-dask", ["--workers", "2", "--engine", "dask"])
    a, b = store_records_by_path(work / "out-local"), store_records_by_path(work / "out-dask")
    differ = []
    for path in sorted(set(a) | set(b)):
        if a.get(path) != b.get(path):
            ra, rb = json.loads(a.get(path) or "{}"), json.loads(b.get(path) or "{}")
            differ.append({"path": path, "keys": sorted(k for k in set(ra) | set(rb) if ra.get(k) != rb.get(k))})
    stderr_lines = len((work / "out-dask.stderr.txt").read_text("utf-8", errors="replace").splitlines())
    fig["dask"] = {"documents": len(chosen), "good": len(good), "bad": len(bad), "compared": len(set(a) & set(b)),
                   "only_local": len(set(a) - set(b)), "only_dask": len(set(b) - set(a)), "differences": differ[:20],
                   "local": asdict(local), "dask": asdict(dask), "dask_stderr_lines": stderr_lines}
    log(f"  local {local.wall:.1f} s, dask {dask.wall:.1f} s; {len(set(a) & set(b))} records compared, "
        f"{len(differ)} differ; dask stderr {stderr_lines} lines")
    checks.add(step, "both engines exit 0/1 without a traceback",
               local.rc in (0, 1) and dask.rc in (0, 1) and not (local.traceback or dask.traceback),
               f"local exit {local.rc}, dask exit {dask.rc}")
    checks.add(step, "every document has a record from both engines", len(a) == len(b) == len(chosen),
               f"local {len(a)}, dask {len(b)}, documents {len(chosen)}")
    checks.add(step, "record JSON identical per path", not differ, f"{len(differ)} differ {differ[:3]}")


def step_export(work: Path, checks: Checks, fig: dict, full: StoreView) -> None:
    import duckdb
    import pandas as pd

    from pipeline.template.schema import load_schema

    log("\n== 6. export to CSV, XLSX and Parquet, read back with pandas and DuckDB")
    step = "6 export"
    out = work / "out-full"
    files = {"csv": work / "export.csv", "xlsx": work / "export.xlsx", "parquet": work / "export.parquet"}
    t0 = time.perf_counter()
    proc = subprocess.run([*gongkai_cmd(), "export", str(out), "--csv", str(files["csv"]), "--xlsx",
                           str(files["xlsx"]), "--parquet", str(files["parquet"])], capture_output=True, text=True,
                          check=False, cwd=ROOT)
    seconds = time.perf_counter() - t0
    checks.add(step, "gongkai export exits 0", proc.returncode == 0 and "Traceback" not in proc.stderr,
               f"exit {proc.returncode}, {seconds:.1f} s: {proc.stderr.strip()[-200:]}")
    if proc.returncode != 0:
        return
    keys = list(load_schema().fields)
    numeric = ["year", *keys]
    frames = {
        "csv/pandas": pd.read_csv(files["csv"], low_memory=False),
        "xlsx/pandas": pd.read_excel(files["xlsx"], sheet_name="records", engine="openpyxl"),
        "parquet/pandas": pd.read_parquet(files["parquet"]),
    }
    con = duckdb.connect()
    frames["parquet/duckdb"] = con.execute(f"SELECT * FROM read_parquet('{files['parquet']}')").df()
    frames["csv/duckdb"] = con.execute(
        f"SELECT * FROM read_csv('{files['csv']}', header=true, sample_size=-1)").df()
    xlsx_duckdb = "not read"
    try:
        con.execute("LOAD excel")
        frames["xlsx/duckdb"] = con.execute(f"SELECT * FROM read_xlsx('{files['xlsx']}')").df()
        xlsx_duckdb = "read with the excel extension"
    except duckdb.Error as exc:
        xlsx_duckdb = f"DuckDB cannot read XLSX here (excel extension: {str(exc).splitlines()[0][:120]})"
    figures: dict[str, dict] = {}
    for name, frame in frames.items():
        sums = {}
        for col in numeric:
            if col not in frame.columns:
                sums[col] = None
                continue
            values = pd.to_numeric(frame[col], errors="coerce")
            sums[col] = (float(values.sum()), int(values.notna().sum()))
        figures[name] = {"rows": len(frame), "columns": len(frame.columns), "sums": sums,
                         "status": dict(Counter(frame["status"].astype(str)))}
    reference = figures["parquet/pandas"]
    fig["export"] = {"seconds": round(seconds, 1), "bytes": {k: p.stat().st_size for k, p in files.items()},
                     "readers": {n: {"rows": f["rows"], "columns": f["columns"], "status": f["status"]}
                                 for n, f in figures.items()},
                     "xlsx_duckdb": xlsx_duckdb, "numeric_columns": len(numeric)}
    log(f"  export {seconds:.1f} s; sizes {fig['export']['bytes']}; {xlsx_duckdb}")
    for name, f in figures.items():
        log(f"  {name:<15} {f['rows']} rows, {f['columns']} columns, status {f['status']}")
    checks.add(step, "every file has one row per record", all(f["rows"] == len(full.records) for f in figures.values()),
               f"{len(full.records)} records")
    checks.add(step, "status column equal in every file", all(f["status"] == full.status for f in figures.values()))
    mismatch = [(name, col) for name, f in figures.items() for col in numeric
                if f["sums"][col] is None or not (close(f["sums"][col][0], reference["sums"][col][0])
                                                  and f["sums"][col][1] == reference["sums"][col][1])]
    checks.add(step, f"sum and count of each of {len(numeric)} numeric columns agree across readers", not mismatch,
               f"{len(mismatch)} (reader, column) differ {mismatch[:5]}")
    fv_key = per_key(full)
    versus = [k for k in set(keys) | set(fv_key)
              if not (k in keys and close(reference["sums"][k][0], fv_key.get(k, (0.0, 0))[0])
                      and reference["sums"][k][1] == fv_key.get(k, (0.0, 0))[1])]
    checks.add(step, "column sums and counts equal field_values per key", not versus,
               f"{len(fv_key)} keys in field_values, {len(keys)} columns; {len(versus)} differ {versus[:5]}")
    total = sum(s for s, _ in fv_key.values())
    fig["export"]["field_values_total"] = total
    fig["export"]["field_values_count"] = sum(n for _, n in fv_key.values())
    log(f"  field_values: {fig['export']['field_values_count']} values over {len(fv_key)} keys, sum {total:,.2f}")


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=DEFAULT_DOCS, help="distinct documents in the archive (default %(default)d)")
    parser.add_argument("--work", type=Path, help="scratch folder (default: a new temp folder under /tmp)")
    parser.add_argument("--json", type=Path, help="write every figure and check here")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help="--timeout of the local batches, seconds per document (default %(default)g)")
    parser.add_argument("--throughput-docs", type=int, default=DEFAULT_THROUGHPUT_DOCS)
    parser.add_argument("--dask-docs", type=int, default=DEFAULT_DASK_DOCS)
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder (always kept with --work)")
    parser.add_argument("--live", action="store_true",
                        help="run the working tree's package instead of a snapshot of it taken at the start")
    opts = parser.parse_args(argv)
    if opts.timeout <= 0:
        parser.error("--timeout must be positive (the slow PDF is sized from it)")
    work = (opts.work or Path(tempfile.mkdtemp(prefix="gongkai-acceptance-", dir="/tmp"))).resolve()
    if work.exists() and any(work.iterdir()):
        parser.error(f"--work {work} is not empty")
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    checks = Checks()
    live_before = fingerprint(ROOT / "pipeline")
    package = ROOT / "pipeline" if opts.live else use_snapshot(work)
    import pipeline

    fig: dict = {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "gongkai": pipeline.__version__,
                 "git_head": git_head(), "package": str(Path(pipeline.__file__).parent),
                 "package_fingerprint": fingerprint(package),
                 "python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
                 "work": str(work), "options": {k: str(v) for k, v in vars(opts).items()}}
    log(f"gongkai {pipeline.__version__} from {fig['package']} (git {fig['git_head']}, source {fig['package_fingerprint']})")
    try:
        log(f"== 1. building the archive under {work / 'archive'}")
        docs, info = build_archive(work / "archive", opts.docs, opts.timeout)
        (work / "manifest.json").write_text(json.dumps([asdict(d) for d in docs], ensure_ascii=False, indent=1), "utf-8")
        distinct = len({d.key for d in docs})
        kinds = Counter(d.kind for d in docs)
        fig["archive"] = {"inputs": len(docs), "distinct": distinct, "good": sum(d.good for d in docs),
                          "bad": sum(not d.good for d in docs), "zipped": sum(d.zipped for d in docs),
                          "duplicates": sum(d.duplicate_of is not None for d in docs), "kinds": dict(sorted(kinds.items())),
                          **info}
        a = fig["archive"]
        log(f"  {a['inputs']} inputs, {distinct} distinct ({a['good']} good, {a['bad']} bad, {a['zipped']} in zips, "
            f"{a['duplicates']} exact duplicates) in {info['seconds']} s")
        log(f"  kinds: {dict(sorted(kinds.items()))}")
        log(f"  zip bomb {info['zip_bomb']}; slow PDF {info['slow_pdf']}")
        checks.add("1 archive", f"at least {opts.docs} distinct documents", distinct >= opts.docs, str(distinct))
        full = step_full(docs, work / "archive", work, opts, checks, fig)
        step_kill(docs, work / "archive", work, opts, checks, fig, full)
        step_throughput(docs, work, opts, checks, fig)
        step_dask(docs, work, opts, checks, fig)
        step_export(work, checks, fig, full)
    finally:
        fig["seconds"] = round(time.perf_counter() - started, 1)
        live_after = fingerprint(ROOT / "pipeline")
        fig["working_tree_changed_during_run"] = live_after != live_before
        if live_after != live_before:
            log(f"\nnote: pipeline/ in the working tree changed during the run ({live_before} -> {live_after})"
                + ("; the runs used the snapshot taken at the start" if not opts.live else
                   "; with --live the runs compared may have run different code"))
        if opts.live:
            checks.add("0 setup", "the package did not change during the run (--live)",
                       fingerprint(package) == fig["package_fingerprint"])
        fig["checks"] = checks.results
        if opts.json:
            opts.json.write_text(json.dumps(fig, ensure_ascii=False, indent=1, default=str), "utf-8")
        if not (opts.work or opts.keep):
            shutil.rmtree(work, ignore_errors=True)
    failed = checks.failed
    log(f"\n== {len(checks.results) - len(failed)} of {len(checks.results)} checks passed in {fig['seconds']:.0f} s")
    for r in failed:
        log(f"  FAILED [{r['step']}] {r['check']}: {r['detail']}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
