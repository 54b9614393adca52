"""Compare two runs of ``gongkai extract`` record by record: how many records differ, and where.

Records are paired by their ``path`` (then ``source``). The build stamp (``pipeline_version``) and the model
hashes (``models``) name the code, not what was read, so they are left out unless ``--ignore ''`` is given.
Every other key is compared as serialised JSON: the same text, byte for byte, or a difference::

    gongkai extract corpora -q -o before.jsonl       # on the old code
    gongkai extract corpora -q -o after.jsonl        # on the new code
    python scripts/compare_records.py before.jsonl after.jsonl
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
    args = parser.parse_args(argv)
    ignore = {k for k in args.ignore.split(",") if k}
    before, after = load(args.before), load(args.after)
    missing = sorted(set(before) ^ set(after))
    differ = [k for k in before if k in after and strip(before[k], ignore) != strip(after[k], ignore)]
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
