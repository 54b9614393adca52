"""Compare two runs of ``gongkai extract`` record by record: how many records differ, and where.

Records are paired by their ``path`` (then ``source``). The build stamp (``pipeline_version``) and the model
hashes (``models``) name the code, not what was read, so they are left out unless ``--ignore ''`` is given.
Every other key is compared as serialised JSON: the same text, byte for byte, or a difference::

    gongkai extract corpora -q -o before.jsonl       # on the old code
    gongkai extract corpora -q -o after.jsonl        # on the new code
    python scripts/compare_records.py before.jsonl after.jsonl

``--tolerance T`` compares the numbers of every ``bbox`` within T (PDF points) instead of digit for digit: two
PDF parsers give the same rule at 32- or 64-bit precision (PDFium keeps coordinates as C floats, pdfminer as
Python floats), which moves a cell's box by about 0.0001 pt and nothing else. Differences within T are
counted and reported apart.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

DEFAULT_IGNORE = "pipeline_version,models"


def load(path: Path) -> dict[str, str]:
    """Record key → the record's JSON line (without the ignored keys), in the file's order."""
    out: dict[str, str] = {}
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            out[record.get("path") or record["source"]] = line
    return out


def strip(line: str, ignore: set[str]) -> str:
    record = json.loads(line)
    return json.dumps({k: v for k, v in record.items() if k not in ignore}, ensure_ascii=False)


def same_within(a, b, tolerance: float, key: str = "") -> bool:
    """Equal JSON values, except that numbers inside a ``bbox`` may differ by up to ``tolerance``."""
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(same_within(a[k], b[k], tolerance, k) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_within(x, y, tolerance, key) for x, y in zip(a, b, strict=True))
    if key == "bbox" and isinstance(a, int | float) and isinstance(b, int | float):
        return abs(a - b) <= tolerance
    return a == b and type(a) is type(b)


def first_difference(a: dict, b: dict) -> str:
    for key in list(dict.fromkeys([*a, *b])):
        if json.dumps(a.get(key), ensure_ascii=False) != json.dumps(b.get(key), ensure_ascii=False):
            return key
    return "(key order)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--ignore", default=DEFAULT_IGNORE, help=f"keys left out (default {DEFAULT_IGNORE})")
    parser.add_argument("--tolerance", type=float, default=0.0,
                        help="numbers in a bbox may differ by this much (PDF points); default 0: digit for digit")
    args = parser.parse_args(argv)
    ignore = {k for k in args.ignore.split(",") if k}
    before, after = load(args.before), load(args.after)
    missing = sorted(set(before) ^ set(after))
    changed = [k for k in before if k in after and strip(before[k], ignore) != strip(after[k], ignore)]
    differ = [k for k in changed if not args.tolerance or not same_within(
        json.loads(strip(before[k], ignore)), json.loads(strip(after[k], ignore)), args.tolerance)]
    if args.tolerance:
        print(f"{len(changed) - len(differ)} records differ only in bbox numbers, by at most {args.tolerance} pt")
    for key in differ[:20]:
        a, b = json.loads(before[key]), json.loads(after[key])
        print(f"differs: {key}: first at {first_difference(a, b)!r}")
    for key in missing[:20]:
        print(f"only in {'before' if key in before else 'after'}: {key}")
    print(f"{len(before)} records before, {len(after)} after; {len(differ)} differ, {len(missing)} unpaired "
          f"(ignoring {', '.join(sorted(ignore)) or 'nothing'})")
    return 1 if differ or missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
