"""Write the PDF reader's fixtures: sampled records and the real gold records as PDF reports, plus garbled PDFs.

    python corpora/generators/make_pdf_fixtures.py [--n 56] [--seed 7] [--out corpora/pdf] [--shared ../shared/corpora]

Writes ``synth-NNN.LAYOUT.pdf`` for N records sampled with ``random.Random(seed)`` (even NNN edition 2019, odd
2021, each layout given both editions), ``STEM.LAYOUT.pdf`` for each 2019/2021-edition gold file of the
shared corpora (one layout each; skipped when that folder is missing), each with ``NAME.gold.json`` beside
it, and ``garbled/garbled-cid.pdf`` and ``garbled/garbled-scramble.pdf`` (no gold: their text layer is
wrong on purpose). Output is deterministic; ``tests/test_pdf_render.py`` checks it against ``corpora/pdf``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from pipeline.synth.garble import MODES, garble_pdf  # noqa: E402
from pipeline.synth.pdf_render import PDF_LAYOUTS, render_pdf  # noqa: E402
from pipeline.synth.records import EDITIONS, sample_record  # noqa: E402

DEFAULT_SHARED = REPO.parent / "shared" / "corpora"
DEFAULT_OUT = REPO / "corpora" / "pdf"
GOLD_SUFFIX = ".gold.json"
GARBLED_SOURCE = ("synth-000", "portrait")  # the fixture the garbled PDFs are made from

GARBLED_README = """# garbled PDFs

PDFs whose pages look right but whose text layer is wrong, as converters sometimes leave real reports.
Both are `../{source}.pdf` after `pipeline.synth.garble.garble_pdf` (see `../../generators/make_pdf_fixtures.py`);
its gold is `../{source}.gold.json`, but a reader should not recover it from the text layer.

| file | what was done | what pdfplumber/pdftotext give |
|---|---|---|
| `garbled-cid.pdf` | every font's `/ToUnicode` CMap removed | `(cid:N)` for the CJK glyphs, some Latin-1 junk; ASCII digits still decode |
| `garbled-scramble.pdf` | every `/ToUnicode` CMap replaced by a shuffled one (digits to other digits, CJK to other CJK) | valid-looking but wrong characters and wrong numbers |

A reader should notice the text is garbage (no section headings or table labels, `(cid:` runs) and report it
instead of emitting values; OCR of the rendered page would recover the report.
"""


def dump_gold(gold: dict) -> str:
    return json.dumps(gold, ensure_ascii=False, indent=1) + "\n"


def real_gold_files(shared: Path) -> list[Path]:
    """The gold files of template-edition reports in the shared corpora, in a stable order."""
    if not shared.is_dir():
        return []
    out = []
    for path in sorted(shared.glob(f"*/*{GOLD_SUFFIX}"), key=lambda p: p.name):
        if str(json.loads(path.read_text("utf-8"))["meta"]["edition"]) in EDITIONS:
            out.append(path)
    return out


def planned(n: int, seed: int, shared: Path) -> list[tuple[str, dict]]:
    """(file name without .pdf, gold record) of every fixture, in order; records drawn from one rng."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        edition = EDITIONS[i % len(EDITIONS)]
        layout = PDF_LAYOUTS[(i // len(EDITIONS)) % len(PDF_LAYOUTS)]
        name = f"synth-{i:03d}.{layout}"
        out.append((name, sample_record(rng, edition, f"{name}.pdf")))
    for j, path in enumerate(real_gold_files(shared)):
        gold = json.loads(path.read_text("utf-8"))
        name = f"{path.name[: -len(GOLD_SUFFIX)]}.{PDF_LAYOUTS[j % len(PDF_LAYOUTS)]}"
        out.append((name, {**gold, "source": f"{name}.pdf"}))
    return out


def write_fixture(out: Path, name: str, gold: dict) -> list[Path]:
    """Render one planned fixture: the PDF and its gold file."""
    layout = name.rsplit(".", 1)[1]
    pdf, gold_path = out / f"{name}.pdf", out / f"{name}{GOLD_SUFFIX}"
    pdf.write_bytes(render_pdf(gold, layout))
    gold_path.write_bytes(dump_gold(gold).encode("utf-8"))
    return [pdf, gold_path]


def write_garbled(out: Path) -> list[Path]:
    """The garbled PDFs and their README, from the first sampled fixture."""
    stem = ".".join(GARBLED_SOURCE)
    source = (out / f"{stem}.pdf").read_bytes()
    folder = out / "garbled"
    folder.mkdir(exist_ok=True)
    written = []
    for mode in MODES:
        path = folder / f"garbled-{mode}.pdf"
        path.write_bytes(garble_pdf(source, mode))
        written.append(path)
    readme = folder / "README.md"
    readme.write_text(GARBLED_README.format(source=stem), encoding="utf-8")
    return [*written, readme]


def generate(n: int = 56, seed: int = 7, out: Path = DEFAULT_OUT, shared: Path = DEFAULT_SHARED) -> list[Path]:
    """Write every fixture into ``out``; returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, gold in planned(n, seed, shared):
        written += write_fixture(out, name, gold)
    if n:
        written += write_garbled(out)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=56, help="how many sampled records")
    parser.add_argument("--seed", type=int, default=7, help="seed of the record sampler")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where the fixtures go")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared corpora directory")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    written = generate(args.n, args.seed, args.out, args.shared)
    size = sum(p.stat().st_size for p in written)
    pdfs = sum(p.suffix == ".pdf" for p in written)
    print(f"wrote {len(written)} files ({pdfs} PDFs, {size / 1e6:.2f} MB) to {args.out} "
          f"in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
