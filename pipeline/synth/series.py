"""Multi-year series of one agency: reports whose 结转下年度 of one year is the 上年结转 of the next.

For the panel and the cross-year check. ``sample_series(seed, kind)`` draws one agency of a size class and
one record a year (:func:`pipeline.synth.records.sample_record`; the 2019 template for reports on 2019 and
2020, the 2021 template from 2021), then carries each applicant column's 结转下年度 over into the next year's
上年结转 and sets 本年新收 so that every identity still holds (新收 + 上年结转 = 办理总计 + 结转下年度; where a
large carry-over would need a negative 新收, the extra requests are granted). The agency is printed under
slightly different titles from year to year, as real series do (:data:`KINDS`: a district printed with and
without its city, a zone's 管委会 / 管理委员会, a department's 住房和城乡建设局 / 住房城乡建设局), so the panel's
grouping of names is exercised too.

``mismatch_year`` plants one cross-year mismatch: that year's 上年结转 (自然人) is raised by a few requests over
what the year before carries forward (the year's own identities still hold); the gold notes say so.

    python -m pipeline.synth.series --out DIR [--seed 0] [--agencies 3] [--layout cms --layout portrait]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Sequence
from pathlib import Path

from pipeline.inputs import GOLD_SUFFIX
from pipeline.synth.prose import compose
from pipeline.synth.records import PEOPLE, sample_record
from pipeline.template.editions import template_edition_for_year

YEARS = tuple(range(2019, 2025))
#: Agency kinds: (size class, printed-name patterns rotated over the years).
KINDS = {
    "district": ("medium", ("{city}市{district}区人民政府", "{district}区人民政府")),
    "zone": ("large", ("{city}{zone}管理委员会", "{city}{zone}管委会")),
    "department": ("small", ("{city}市住房和城乡建设局", "{city}市住房城乡建设局")),
}
_CITIES = ("宿迁", "盐城", "镇江", "丽水", "南平", "宜宾")
_DISTRICTS = ("宿城", "亭湖", "润州", "莲都", "延平", "翠屏")
_ZONES = ("经济技术开发区", "高新技术产业开发区", "综合保税区")
_REQUEST_ROWS_BY_COLUMN = ("new_received", "carried_over", "total_processed", "carried_forward", "granted")


def edition_for(year: int) -> str:
    """The template a report on ``year`` uses: 2019 (〔2019〕60号) for 2019-2020, 2021 from 2021."""
    if year < 2019:
        raise ValueError(f"no 2019/2021 template for a report on {year}")
    return template_edition_for_year(year).name


def _names(rng: random.Random, kind: str) -> tuple[str, ...]:
    place = {"city": rng.choice(_CITIES), "district": rng.choice(_DISTRICTS), "zone": rng.choice(_ZONES)}
    return tuple(pattern.format(**place) for pattern in KINDS[kind][1])


def _set(fields: dict, row: str, col: str, value: int) -> None:
    fields[f"requests.{row}.{col}"] = value


def _balance(fields: dict, col: str) -> None:
    """新收 = 办理总计 + 结转下年度 - 上年结转; a shortfall is granted (so 新收 is never negative)."""
    def get(row: str) -> int:
        return fields[f"requests.{row}.{col}"]

    new = get("total_processed") + get("carried_forward") - get("carried_over")
    if new < 0:
        _set(fields, "granted", col, get("granted") - new)
        _set(fields, "total_processed", col, get("total_processed") - new)
        new = 0
    _set(fields, "new_received", col, new)


def _totals(fields: dict) -> None:
    """Every row's 总计 column, the sum of its six applicant columns again."""
    rows = {k.split(".")[1] for k in fields if k.startswith("requests.")}
    for row in rows:
        fields[f"requests.{row}.total"] = sum(fields[f"requests.{row}.{c}"] for c in PEOPLE)


def sample_series(seed: int, kind: str = "district", years: Sequence[int] = YEARS,
                  mismatch_year: int | None = None, prefix: str = "series") -> list[dict]:
    """Gold records of one agency over ``years`` (consecutive), carry-over consistent unless ``mismatch_year``."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; one of {sorted(KINDS)}")
    if list(years) != list(range(years[0], years[0] + len(years))):
        raise ValueError(f"years must be consecutive: {list(years)}")
    if mismatch_year is not None and mismatch_year not in years[1:]:
        raise ValueError(f"the mismatch needs a year before it in the series: {mismatch_year}")
    rng = random.Random(seed)
    size, _ = KINDS[kind]
    names = _names(rng, kind)
    records: list[dict] = []
    forward: dict[str, int] | None = None
    for i, year in enumerate(years):
        edition = edition_for(year)
        record = sample_record(rng, edition, f"{prefix}-{year}", size=size)
        record["meta"].update(agency=names[(i + rng.randint(0, 1)) % len(names)], year=year)
        fields, notes = record["fields"], record.setdefault("notes", [])
        if year != years[-1] and rng.random() < 0.8:  # most years carry something forward
            _set(fields, "carried_forward", "natural_person",
                 fields["requests.carried_forward.natural_person"] + rng.randint(1, 6))
        for col in PEOPLE:
            if forward is not None:
                _set(fields, "carried_over", col, forward[col])
            _balance(fields, col)
        if year == mismatch_year:
            planted = rng.randint(2, 7)
            _set(fields, "carried_over", "natural_person", fields["requests.carried_over.natural_person"] + planted)
            _balance(fields, "natural_person")
        _totals(fields)
        if year == mismatch_year:
            notes.append(f"planted cross-year mismatch: 上年结转 {fields['requests.carried_over.total']}, while the "
                         f"{year - 1} report carries forward {sum((forward or {}).values())} (结转下年度)")
        forward = {col: fields[f"requests.carried_forward.{col}"] for col in PEOPLE}
        prose = compose(record, rng)
        record["prose"] = [e.gold() for e in prose.entries]
        record["notes"] = notes + prose.notes
        record["_paragraphs"] = {"一": prose.section1, "五": prose.section5}
        records.append(record)
    return records


def write_series(out: Path, seed: int = 0, agencies: int = 3, layouts: Sequence[str] = ("cms",),
                 mismatch: bool = True) -> list[Path]:
    """Render ``agencies`` series (kinds in turn) into ``out`` with gold files beside; the documents written.

    Layouts are taken in turn over the documents; the first series gets the planted mismatch (in its third
    year) when ``mismatch``.
    """
    from pipeline.synth.generate import LAYOUT_REGISTRY, dump_gold, gold_of

    out.mkdir(parents=True, exist_ok=True)
    kinds = sorted(KINDS)
    written, n = [], 0
    for a in range(agencies):
        kind = kinds[a % len(kinds)]
        mismatch_year = YEARS[2] if mismatch and a == 0 else None
        for record in sample_series(seed * 1000 + a, kind, mismatch_year=mismatch_year, prefix=f"series{a}"):
            layout = layouts[n % len(layouts)]
            n += 1
            spec = LAYOUT_REGISTRY[layout]
            stem = f"{record['source']}.{layout}"
            source = f"{stem}.{spec.extension}"
            record = {**record, "source": source}
            (out / source).write_bytes(spec.render(record, layout))
            synth = {"layout": layout, "format": spec.format, "seed": seed, "origin": f"series {kind}"}
            (out / f"{stem}{GOLD_SUFFIX}").write_bytes(dump_gold(gold_of(record, source, synth)))
            written.append(out / source)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--agencies", type=int, default=3)
    parser.add_argument("--layout", action="append", default=[], help="layouts in turn (default: cms)")
    parser.add_argument("--no-mismatch", action="store_true", help="plant no cross-year mismatch")
    args = parser.parse_args(argv)
    files = write_series(args.out, args.seed, args.agencies, args.layout or ["cms"], not args.no_mismatch)
    json.dump({"documents": len(files)}, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
