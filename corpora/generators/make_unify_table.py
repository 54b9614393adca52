"""Build pipeline/readers/unify.json: code points a text layer may carry in place of a unified ideograph.

Many PDF producers (Qt/wkhtmltopdf, Skia, PDFBox, some Word fonts) take the first code point of a glyph that
a font shares between a radical and its ideograph, so `第⼆⼗条` is printed for `第二十条`. The Unicode data
says which ideograph each radical stands for (the Equivalent_Unified_Ideograph property), and which CJK
compatibility ideographs are canonically one unified ideograph. Python's ``unicodedata`` has the second but
not the first, so the table is built once from the Unicode Character Database and shipped as package data;
nothing reads a font or the network at run time.

    python corpora/generators/make_unify_table.py [--ucd /usr/share/unicode] [--out pipeline/readers/unify.json]

The UCD files come from Debian's ``unicode-data`` package.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

UCD = Path("/usr/share/unicode")
OUT = Path(__file__).resolve().parents[2] / "pipeline" / "readers" / "unify.json"
#: The blocks whose equivalents are taken: CJK Radicals Supplement and Kangxi Radicals.
RADICAL_BLOCKS = ((0x2E80, 0x2EFF), (0x2F00, 0x2FDF))
#: CJK Compatibility Ideographs and their Supplement.
COMPAT_BLOCKS = ((0xF900, 0xFAFF), (0x2F800, 0x2FA1F))


def _in(cp: int, blocks: tuple[tuple[int, int], ...]) -> bool:
    return any(lo <= cp <= hi for lo, hi in blocks)


def radicals(ucd: Path) -> dict[int, int]:
    """Radical → unified ideograph, from EquivalentUnifiedIdeograph.txt (ranges expanded)."""
    table: dict[int, int] = {}
    for line in (ucd / "EquivalentUnifiedIdeograph.txt").read_text(encoding="utf-8").splitlines():
        data = line.split("#", 1)[0].strip()
        if not data:
            continue
        source, target = (part.strip() for part in data.split(";"))
        lo, _, hi = source.partition("..")
        for cp in range(int(lo, 16), int(hi or lo, 16) + 1):
            if _in(cp, RADICAL_BLOCKS):
                table[cp] = int(target, 16)
    return table


def compatibility(ucd: Path) -> dict[int, int]:
    """Compatibility ideograph → the unified ideograph of its singleton canonical decomposition."""
    table: dict[int, int] = {}
    for line in (ucd / "UnicodeData.txt").read_text(encoding="utf-8").splitlines():
        fields = line.split(";")
        cp, decomposition = int(fields[0], 16), fields[5]
        if _in(cp, COMPAT_BLOCKS) and decomposition and not decomposition.startswith("<") and " " not in decomposition:
            table[cp] = int(decomposition, 16)
    return table


def build(ucd: Path) -> dict:
    first_line = (ucd / "EquivalentUnifiedIdeograph.txt").read_text(encoding="utf-8").splitlines()[0]
    rad, compat = radicals(ucd), compatibility(ucd)
    return {
        "about": "code point -> unified ideograph; built by corpora/generators/make_unify_table.py from the UCD "
                 "(EquivalentUnifiedIdeograph.txt, UnicodeData.txt)",
        "ucd": first_line.lstrip("# ").strip(),
        "radicals": {f"{k:04X}": f"{v:04X}" for k, v in sorted(rad.items())},
        "compatibility": {f"{k:04X}": f"{v:04X}" for k, v in sorted(compat.items())},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ucd", type=Path, default=UCD)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    table = build(args.ucd)
    args.out.write_text(json.dumps(table, ensure_ascii=False, indent=0, sort_keys=False) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(table['radicals'])} radicals, {len(table['compatibility'])} compatibility ideographs")


if __name__ == "__main__":
    main()
