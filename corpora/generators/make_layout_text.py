"""Write ``pdftotext -layout`` text of the real PDFs in ../shared/corpora, with their gold files.

These are the text-reader fixtures for PDF-derived text (wrapped labels, page numbers, split headers).
Needs poppler-utils (pdftotext) only to regenerate; the output is checked in under corpora/text/.
"""

from __future__ import annotations

import argparse
import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "corpora" / "real")
    parser.add_argument("--out", type=Path, default=ROOT / "corpora" / "text")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for pdf in sorted(args.shared.glob("*.pdf")):
        name = f"{pdf.stem}.layout.txt"
        subprocess.run(["pdftotext", "-layout", str(pdf), str(args.out / name)], check=True)
        gold = json.loads(pdf.with_suffix(".gold.json").read_text("utf-8"))
        gold["source"] = name
        (args.out / f"{pdf.stem}.layout.gold.json").write_text(
            json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        print(args.out / name)


if __name__ == "__main__":
    main()
