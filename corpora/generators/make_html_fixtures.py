"""Write the HTML reader's fixtures: every 2019/2021-edition gold record as a page in each layout.

    python corpora/generators/make_html_fixtures.py [--shared ../shared/corpora] [--out corpora/html]

For each gold file ``STEM.gold.json`` under the shared corpora it writes ``STEM.LAYOUT.html`` and
``STEM.LAYOUT.gold.json`` (the same gold, ``source`` pointing at the page). Output is deterministic;
``tests/test_html_render.py`` checks that ``corpora/html`` is what this script writes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from pipeline.synth.html_render import LAYOUTS, render_html  # noqa: E402

DEFAULT_SHARED = REPO.parent / "shared" / "corpora"
DEFAULT_OUT = REPO / "corpora" / "html"
EDITIONS = ("2019", "2021")
GOLD_SUFFIX = ".gold.json"


def gold_files(shared: Path) -> list[Path]:
    """The gold files of template-edition reports, in a stable order."""
    out = []
    for path in sorted(shared.glob(f"*/*{GOLD_SUFFIX}"), key=lambda p: p.name):
        gold = json.loads(path.read_text("utf-8"))
        if str(gold["meta"]["edition"]) in EDITIONS:
            out.append(path)
    return out


def dump_gold(gold: dict) -> str:
    return json.dumps(gold, ensure_ascii=False, indent=1) + "\n"


def fixture_gold(gold: dict, source: str) -> dict:
    """The original gold with ``source`` replaced (key order kept)."""
    return {**gold, "source": source}


def generate(shared: Path = DEFAULT_SHARED, out: Path = DEFAULT_OUT) -> list[Path]:
    """Write every fixture into ``out``; returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in gold_files(shared):
        gold = json.loads(path.read_text("utf-8"))
        stem = path.name[: -len(GOLD_SUFFIX)]
        for layout in LAYOUTS:
            page = out / f"{stem}.{layout}.html"
            page.write_bytes(render_html(gold, layout))
            gold_path = out / f"{stem}.{layout}{GOLD_SUFFIX}"
            gold_path.write_bytes(dump_gold(fixture_gold(gold, page.name)).encode("utf-8"))
            written += [page, gold_path]
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared corpora directory")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where the fixtures go")
    args = parser.parse_args(argv)
    written = generate(args.shared, args.out)
    print(f"wrote {len(written)} files to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
