"""Gold files for the labelled prose excerpts: ``NAME.labels.json`` (every figure labelled) → ``NAME.gold.json``.

The labels list every number-with-unit in the excerpt with its metric or null and why; the gold file is
the shared record shape with the positives as ``prose`` (the excerpts hold no tables, so no ``fields``).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def edition_of(year: int | None) -> str | None:
    if year is None:
        return None
    return "legacy" if year <= 2018 else "2019" if year <= 2020 else "2021"


def gold_of(labels: dict) -> dict:
    prose = [{"metric": x["metric"], "value": x["value"], "unit": x["unit"], "text": x["text"]}
             for x in labels["labels"] + labels.get("missed", []) if x.get("metric")]
    meta = dict(labels["meta"])
    meta["edition"] = edition_of(meta.get("year"))
    return {"source": labels["source"], "meta": meta, "fields": {}, "prose": prose,
            "notes": [f"prose excerpt of {labels.get('origin', 'a public report')}; every figure labelled in "
                      f"{Path(labels['source']).stem}.labels.json"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path, nargs="?", default=ROOT / "corpora" / "prose" / "real")
    args = parser.parse_args()
    for path in sorted(args.folder.glob("*.labels.json")):
        gold = gold_of(json.loads(path.read_text("utf-8")))
        target = path.with_name(path.name.replace(".labels.json", ".gold.json"))
        target.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
