"""Unruled tables: gongkai's own reader against camelot's stream mode and pdfplumber's text strategy.

Run from the repository root::

    python eval/unruled_tables.py [--n 3] [--producers chromium weasyprint libreoffice] [--fonts ...]

Each sampled report is printed twice by the same producer and font (:mod:`pipeline.synth.producers`): ruled
and unruled. Borders are hairlines, so both print at the same places. Two runs over the same PDFs:
``given areas``: the ruled twin's tables (pdfplumber's ruling-line finder) give the table areas, and every
reader reads the unruled PDF inside exactly those areas (reading an unruled table, not finding one);
``found areas``: every reader gets whole pages and must find the tables itself (pdfplumber's text strategy
and camelot's stream mode on every page; gongkai's :func:`pipeline.layout.unruled.unruled_tables` on the
page's words, which is what the PDF reader does). Score: the rows of table 三 whose applicant cells
come out whole and in their columns (the last cells of an extracted row equal the printed values, blank
cells as empty), over the rows printed; and seconds per page of each reader. Only tuned producers and fonts
by default (see ``eval/producers.py``).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402

from pipeline.layout.unruled import Word, unruled_tables  # noqa: E402
from pipeline.readers.normalize import normalize_text  # noqa: E402
from pipeline.readers.pdf import TABLE_SETTINGS  # noqa: E402
from pipeline.synth.generate import synth_record  # noqa: E402
from pipeline.synth.producers import produce  # noqa: E402
from pipeline.template.printed import applicant_columns, format_value, requests_rows  # noqa: E402
from pipeline.template.schema import load_schema  # noqa: E402

TEXT_STRATEGY = {"vertical_strategy": "text", "horizontal_strategy": "text"}
#: Points added around a ruled twin's table, so the unruled text inside is not cut.
AREA_MARGIN = 2.0


def printed_rows(record: dict) -> list[tuple[str, ...]]:
    """Table 三's value rows as printed (blank cells as '')."""
    schema = load_schema()
    columns = [c for c, _ in applicant_columns(record, schema)]
    rows = []
    for row in requests_rows(record, schema):
        keys = [f"requests.{row.row}.{c}" for c in columns]
        if all(k in record["fields"] for k in keys):
            rows.append(tuple("" if record["fields"][k] is None else format_value(record["fields"][k]) for k in keys))
    return rows


def rows_right(gold: list[tuple[str, ...]], tables: list[list[list[str | None]]]) -> int:
    """How many gold rows some extracted row ends with, cell for cell (each extracted row counts once)."""
    width = len(gold[0]) if gold else 0
    tails = [tuple((c or "").replace("\n", "").strip() for c in row[-width:]) for t in tables for row in t
             if len(row) >= width]
    right = 0
    for want in gold:
        if want in tails:
            tails.remove(want)
            right += 1
    return right


def areas(ruled: bytes) -> dict[int, list[tuple[float, float, float, float]]]:
    out: dict[int, list] = {}
    with pdfplumber.open(io.BytesIO(ruled)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            for t in page.find_tables(TABLE_SETTINGS):
                x0, top, x1, bottom = t.bbox
                out.setdefault(number, []).append((max(0, x0 - AREA_MARGIN), max(0, top - AREA_MARGIN),
                                                   min(page.width, x1 + AREA_MARGIN),
                                                   min(page.height, bottom + AREA_MARGIN)))
    return out


def whole_pages(unruled: bytes) -> dict[int, list[None]]:
    """Every page, with no area: the reader finds the tables itself."""
    with pdfplumber.open(io.BytesIO(unruled)) as pdf:
        return {n: [None] for n in range(1, len(pdf.pages) + 1)}


def _regions(pdf, where: dict):
    """Each area of ``where`` (a page number's boxes; None: the whole page) as a page number and a pdfplumber page."""
    for number, boxes in where.items():
        page = pdf.pages[number - 1]
        for box in boxes:
            yield number, page if box is None else page.crop(box, strict=False)


def with_pdfplumber(unruled: bytes, where: dict) -> list:
    with pdfplumber.open(io.BytesIO(unruled)) as pdf:
        return [t for _, region in _regions(pdf, where) for t in region.extract_tables(TEXT_STRATEGY)]


def with_gongkai(unruled: bytes, where: dict) -> list:
    """gongkai's unruled reader on the words of each area (or page), its grids as rows of texts."""
    tables = []
    with pdfplumber.open(io.BytesIO(unruled)) as pdf:
        for number, region in _regions(pdf, where):
            words = [Word(w["text"], w["x0"], w["top"], w["x1"], w["bottom"]) for w in region.extract_words()]
            for _, block in unruled_tables(words, number, normalize_text).blocks:
                rows = []
                for row in block.rows():
                    texts: list[str | None] = [None] * (max(c.col for c in row) + 1)
                    for cell in row:
                        texts[cell.col] = cell.text
                    rows.append(texts)
                tables.append(rows)
    return tables


def with_camelot(unruled: bytes, where: dict) -> list:
    import camelot

    tables = []
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        tmp.write(unruled)
        tmp.flush()
        with pdfplumber.open(io.BytesIO(unruled)) as pdf:
            heights = {n: pdf.pages[n - 1].height for n in where}
        for number, boxes in where.items():
            h = heights[number]
            for box in boxes:
                areas = None if box is None else [f"{box[0]},{h - box[1]},{box[2]},{h - box[3]}"]
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    try:
                        found = camelot.read_pdf(tmp.name, pages=str(number), flavor="stream", table_areas=areas)
                    except (TypeError, ValueError):  # camelot 2.0 fails on an area without text lines
                        continue
                tables.extend(t.df.values.tolist() for t in found)
    return tables


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3)
    parser.add_argument("--producers", nargs="*", default=["chromium", "weasyprint", "libreoffice"])
    parser.add_argument("--fonts", nargs="*", default=["wqy-microhei", "noto-serif"])
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)
    readers = {"gongkai unruled": with_gongkai, "camelot stream": with_camelot, "pdfplumber text": with_pdfplumber}
    runs = {"given areas": areas, "found areas": lambda ruled, unruled: whole_pages(unruled)}
    totals = {(run, name): [0, 0, 0.0, 0] for run in runs for name in readers}  # rows right, rows, s, pages
    print("| areas | producer | font | reader | table 三 rows right | CPU s/page |\n|---|---|---|---|---|---|")
    for producer in args.producers:
        for font in args.fonts:
            per = {key: [0, 0, 0.0, 0] for key in totals}
            for i in range(args.n):
                record = synth_record(7919 * (i + 1), f"u{i}.pdf")
                with contextlib.redirect_stderr(io.StringIO()), warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    ruled = produce(record, producer, font, "ruled")
                    unruled = produce(record, producer, font, "unruled")
                gold = printed_rows(record)
                for run, where_of in runs.items():
                    where = where_of(ruled, unruled) if run == "found areas" else where_of(ruled)
                    for name, read in readers.items():
                        start = time.process_time()
                        with contextlib.redirect_stderr(io.StringIO()):
                            tables = read(unruled, where)
                        spent = time.process_time() - start
                        for acc in (per[(run, name)], totals[(run, name)]):
                            acc[0] += rows_right(gold, tables)
                            acc[1] += len(gold)
                            acc[2] += spent
                            acc[3] += len(where)
            for (run, name), (right, rows, spent, pages) in per.items():
                print(f"| {run} | {producer} | {font} | {name} | {right}/{rows} | {spent / max(pages, 1):.3f} |")
    for (run, name), (right, rows, spent, pages) in totals.items():
        print(f"| {run} | all | all | {name} | {right}/{rows} ({100 * right / max(rows, 1):.1f} %) | "
              f"{spent / max(pages, 1):.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
