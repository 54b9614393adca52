"""Write the Markdown and OCR-text fixtures: real gold reports as PDF-to-Markdown converters and OCR dumps give them.

    python corpora/generators/make_markdown_fixtures.py [--shared ../shared/corpora] [--out corpora/markdown]

For three real gold reports (hedong-2020, hongze-2023, huaian-2024) it writes ``STEM.STYLE.md`` (or ``.txt``) and
``STEM.STYLE.gold.json`` (the same gold, ``source`` pointing at the file):

- ``markdownify`` and ``html2text``: the report's web page (``pipeline.synth.html_render``, layout ``cms``) converted
  by the real third-party converters markdownify and html2text (needed here only: ``pip install markdownify
  html2text``); their tables, padding and line breaks are theirs, not ours;
- ``marker`` (the held-out style) and ``paddle``: :mod:`pipeline.synth.converter_render`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from pipeline.synth.converter_render import extension, render_converted  # noqa: E402
from pipeline.synth.html_render import render_html  # noqa: E402

DEFAULT_SHARED = REPO.parent / "shared" / "corpora"
DEFAULT_OUT = REPO / "corpora" / "markdown"
REPORTS = ("seed/hedong-2020", "real/hongze-2023", "real/huaian-2024")
STYLES = ("markdownify", "html2text", "marker", "paddle")


def convert(gold: dict, style: str) -> tuple[bytes, str]:
    """The fixture's bytes and file extension."""
    if style in ("markdownify", "html2text"):
        page = render_html(gold, "cms").decode("utf-8")
        if style == "markdownify":
            from markdownify import markdownify

            return markdownify(page, heading_style="ATX").encode("utf-8"), "md"
        import html2text

        converter = html2text.HTML2Text()
        converter.body_width = 0
        return converter.handle(page).encode("utf-8"), "md"
    return render_converted(gold, style), extension(style)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for stem in REPORTS:
        gold = json.loads((args.shared / f"{stem}.gold.json").read_text("utf-8"))
        name = Path(stem).name
        for style in STYLES:
            data, ext = convert(gold, style)
            source = f"{name}.{style}.{ext}"
            (args.out / source).write_bytes(data)
            fixture_gold = dict(gold, source=source)
            (args.out / f"{name}.{style}.gold.json").write_text(
                json.dumps(fixture_gold, ensure_ascii=False, indent=1) + "\n", "utf-8")
            print(args.out / source)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
