"""The evaluation report: one self-contained HTML file for ``gongkai eval --report``.

Everything is inline: CSS in a ``<style>`` block, the charts as base64 PNG ``data:`` URIs, no script and
no external resource, so the file can be mailed, archived or opened offline. The charts need matplotlib
(drawn with the Agg canvas, never a GUI backend); a CJK font (WenQuanYi Micro Hei) labels them with the
printed row and column names, and without it the labels fall back to the canonical key names.

The numbers in the header come from ``pipeline.scoring.score`` as passed in. The breakdowns (by format,
layout, edition; per template cell) are computed here from the same per-document comparison that
``score`` aggregates (``match_predictions`` and ``score_document``, hence ``values_equal``), so they always
add up to the header's totals.
"""

from __future__ import annotations

import base64
import html
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..template.editions import is_template, template_editions
from ..template.identities import DOUBTFUL, HOLDS, NOT_ASSESSABLE, SOURCE_BREAK, holds
from ..template.schema import (
    APPLICANT_COLUMNS,
    LITIGATION_COLUMNS,
    LITIGATION_GROUPS,
    SUBTOTAL_COLUMN,
    load_schema,
)
from .scoring import MISSING, _basename, group_summary, match_predictions, score_document

#: The documents listed with their wrong cells.
WORST_DOCUMENTS = 20
#: Wrong cells shown per listed document (the rest are counted).
WRONG_CELLS_SHOWN = 60
#: Identity breaks listed (source breaks and doubtful checks).
BREAKS_LISTED = 200
CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
VERDICTS = (HOLDS, SOURCE_BREAK, DOUBTFUL, NOT_ASSESSABLE)
FAMILIES = ("balance", "outcomes", "row_total", "litigation totals", "other")
TABLE_NAMES = {"requests": "三", "active": "二", "litigation": "四"}
_FORMAT_OF_SUFFIX = {"html": "html", "htm": "html", "xhtml": "html", "pdf": "pdf", "txt": "text", "text": "text"}

# Heatmap colours: discrete bands, so 99% and 100% look different (most cells sit near the top).
_BOUNDS = (0.0, 0.5, 0.8, 0.9, 0.95, 0.99, 0.999999, 1.000001)
_BAND_COLOURS = ("#b2182b", "#e34a33", "#fc8d59", "#fee08b", "#d9ef8b", "#91cf60", "#1a9850")
_BAND_NAMES = ("< 50%", "50–80%", "80–90%", "90–95%", "95–99%", "99–100%", "100%")
_DARK_BANDS = {0, 1, 6}
_NO_GOLD = "#c8c8c8"
_NOT_IN_TEMPLATE = "#ffffff"


# --------------------------------------------------------------------------- per document


@dataclass(frozen=True)
class DocumentResult:
    """One gold document, its matched prediction (or None) and ``scoring.score_document``'s comparison."""

    gold: dict
    pred: dict | None
    scored: dict
    format: str
    layout: str
    edition: str

    @property
    def source(self) -> str:
        return self.gold["source"]

    @property
    def cells(self) -> int:
        return self.scored["cells"]

    @property
    def correct(self) -> int:
        return self.scored["cells"] - len(self.scored["wrong"])

    @property
    def exact(self) -> bool:
        """The definition of ``scoring.score``: found, every gold cell right and the edition right."""
        return bool(self.scored["found"] and not self.scored["wrong"] and self.scored["edition"])

    @property
    def accuracy(self) -> float:
        if not self.cells:
            return 1.0 if self.scored["found"] else 0.0
        return self.correct / self.cells

    def cell_right(self) -> dict[str, bool]:
        """Every gold key of the document: whether the prediction got it right."""
        wrong = {cell["key"] for cell in self.scored["wrong"]}
        return {key: key not in wrong for key in self.gold.get("fields") or {}}


def layout_of(gold: dict) -> str:
    """The layout a document was rendered in: ``synth.layout``, else the file name's second-to-last
    dot part (``x.word.html`` -> ``word``), else ``real``."""
    synth = gold.get("synth")
    if isinstance(synth, dict) and synth.get("layout"):
        return str(synth["layout"])
    parts = _basename(gold["source"]).split(".")
    return parts[-2] if len(parts) >= 3 and parts[-2] else "real"


def format_of(gold: dict, pred: dict | None = None) -> str:
    """The document format: ``synth.format``, else the file extension, else what the reader detected."""
    synth = gold.get("synth")
    if isinstance(synth, dict) and synth.get("format"):
        return str(synth["format"])
    name = _basename(gold["source"])
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix in _FORMAT_OF_SUFFIX:
        return _FORMAT_OF_SUFFIX[suffix]
    if pred and isinstance(pred.get("format"), str):
        return pred["format"]
    return suffix or "unknown"


def edition_of(gold: dict) -> str:
    """The gold edition (``2019``, ``2021``, ``legacy``) or ``unknown``."""
    meta = gold.get("meta") if isinstance(gold.get("meta"), dict) else {}
    edition = meta.get("edition")
    return str(edition) if edition else "unknown"


def evaluate_documents(gold: list[dict], pred: list[dict]) -> list[DocumentResult]:
    """Each gold document compared with its prediction, matched exactly as ``scoring.score`` does."""
    matched, _duplicates, _unmatched = match_predictions(gold, pred)
    results = []
    for g in gold:
        p = matched.get(g["source"])
        results.append(DocumentResult(g, p, score_document(g, p), format_of(g, p), layout_of(g), edition_of(g)))
    return results


# --------------------------------------------------------------------------- breakdowns


def breakdown(docs: Iterable[DocumentResult], group: Callable[[DocumentResult], str]) -> dict[str, dict]:
    """Cell accuracy and document exact rate per group, groups sorted by name."""
    totals: dict[str, Counter] = {}
    for doc in docs:
        t = totals.setdefault(group(doc), Counter())
        t["documents"] += 1
        t["exact"] += doc.exact
        t["cells"] += doc.cells
        t["correct"] += doc.correct
    return {
        name: group_summary(t)
        for name, t in sorted(totals.items())
    }


def by_format(docs: Iterable[DocumentResult]) -> dict[str, dict]:
    return breakdown(docs, lambda doc: doc.format)


def by_layout(docs: Iterable[DocumentResult]) -> dict[str, dict]:
    return breakdown(docs, lambda doc: doc.layout)


def by_edition(docs: Iterable[DocumentResult]) -> dict[str, dict]:
    return breakdown(docs, lambda doc: doc.edition)


def cell_stats(docs: Iterable[DocumentResult], edition: str | None = None) -> dict[str, list[int]]:
    """Per canonical key: [gold cells, right cells], over all documents or one gold edition."""
    stats: dict[str, list[int]] = {}
    for doc in docs:
        if edition is not None and doc.edition != edition:
            continue
        for key, right in doc.cell_right().items():
            entry = stats.setdefault(key, [0, 0])
            entry[0] += 1
            entry[1] += right
    return stats


def worst_documents(docs: Iterable[DocumentResult], limit: int = WORST_DOCUMENTS) -> list[DocumentResult]:
    """Documents with wrong cells or no prediction, lowest cell accuracy first (as ``scoring.score``)."""
    flawed = [doc for doc in docs if doc.scored["wrong"] or not doc.scored["found"]]
    flawed.sort(key=lambda doc: (doc.accuracy, doc.source))
    return flawed[:limit]


def family_of(identity: str) -> str:
    """The identity family: balance, outcomes, row_total, litigation totals (or other)."""
    parts = identity.split(".")
    if parts[0] == "requests" and len(parts) > 1 and parts[1] in ("balance", "outcomes", "row_total"):
        return parts[1]
    if parts[0] in LITIGATION_GROUPS:
        return "litigation totals"
    return "other"


def verdict_counts(docs: Iterable[DocumentResult]) -> dict[str, Counter]:
    """Counts per verdict of the predicted records' checks: ``{"all": ..., family: ...}``."""
    counts: dict[str, Counter] = {"all": Counter()}
    for doc in docs:
        for check in _checks(doc.pred):
            verdict = str(check.get("verdict"))
            counts["all"][verdict] += 1
            counts.setdefault(family_of(str(check.get("identity"))), Counter())[verdict] += 1
    return counts


def identity_breaks(docs: Iterable[DocumentResult]) -> list[dict]:
    """Every source break and doubtful check of the predicted records, with what the gold says.

    ``gold`` is ``breaks`` when the identity is broken in the gold values too (a true source break),
    ``holds`` when it holds there (the extraction is at fault), ``n/a`` when the gold cannot assess it.
    """
    identities = {i.name: i for i in load_schema().identities}
    rows = []
    for doc in docs:
        gold_fields = doc.gold.get("fields") or {}
        for check in _checks(doc.pred):
            if check.get("verdict") not in (SOURCE_BREAK, DOUBTFUL):
                continue
            identity = identities.get(str(check.get("identity")))
            verdict = holds(identity, gold_fields) if identity and is_template(doc.edition) else None
            rows.append(
                {
                    "source": doc.source,
                    "identity": check.get("identity"),
                    "verdict": check.get("verdict"),
                    "lhs": check.get("lhs"),
                    "rhs": check.get("rhs"),
                    "keys": check.get("keys") or [],
                    "gold": "n/a" if verdict is None else ("holds" if verdict else "breaks"),
                }
            )
    rows.sort(key=lambda r: (r["verdict"] != SOURCE_BREAK, r["source"], str(r["identity"])))
    return rows


def _checks(record: dict | None) -> list[dict]:
    checks = (record or {}).get("checks")
    return [c for c in checks if isinstance(c, dict)] if isinstance(checks, list) else []


# --------------------------------------------------------------------------- template grids


@dataclass(frozen=True)
class Grid:
    """A printed table as rows x columns of canonical keys (None where the template has no cell)."""

    title: str
    rows: list[str]
    columns: list[str]
    keys: list[list[str | None]]
    row_labels: list[str]
    column_labels: list[str]


def template_grids(docs: list[DocumentResult]) -> list[tuple[Grid, dict[str, list[int]]]]:
    """The heatmap grids with their cell stats: table 三, table 二 per edition, table 四."""
    schema = load_schema()
    fields = schema.fields
    all_stats = cell_stats(docs)
    out = []

    req_rows = list(dict.fromkeys(k.split(".")[1] for k in fields if k.startswith("requests.")))
    has_subtotal = any(
        key.startswith("requests.") and key.endswith("." + SUBTOTAL_COLUMN)
        for doc in docs
        for key in doc.gold.get("fields") or {}
    )
    req_cols = list(APPLICANT_COLUMNS) + ([SUBTOTAL_COLUMN] if has_subtotal else [])
    out.append((_grid("表三 requests (table 三)", "requests", req_rows, req_cols, None), all_stats))

    for edition in template_editions():
        keys = [k for k in schema.keys(edition) if k.startswith("active.")]
        rows = list(dict.fromkeys(k.split(".")[1] for k in keys))
        cols = list(dict.fromkeys(k.split(".")[2] for k in keys))
        grid = _grid(f"表二 active (table 二), {edition} edition", "active", rows, cols, edition)
        out.append((grid, cell_stats(docs, edition)))

    out.append((_grid("表四 review and suits (table 四)", None, list(LITIGATION_GROUPS),
                      list(LITIGATION_COLUMNS), None), all_stats))
    return out


def _grid(title: str, prefix: str | None, rows: list[str], cols: list[str], edition: str | None) -> Grid:
    fields = load_schema().fields

    def key_of(row: str, col: str) -> str | None:
        key = f"{prefix}.{row}.{col}" if prefix else f"{row}.{col}"
        field = fields.get(key)
        if field is None or (edition is not None and edition not in field.editions):
            return None
        return key

    keys = [[key_of(r, c) for c in cols] for r in rows]
    row_labels, col_labels = [], []
    for i, row in enumerate(rows):
        field = next(fields[k] for k in keys[i] if k)
        label = field.labels(edition)[0] if edition else field.row_label
        row_labels.append(f"{_short(label, 22)}  {row}")
    for j, col in enumerate(cols):
        field = next(fields[keys[i][j]] for i in range(len(rows)) if keys[i][j])
        label = field.labels(edition)[1] if edition else field.col_label
        col_labels.append(f"{_short(label, 8)}\n{col}")
    return Grid(title, rows, cols, keys, row_labels, col_labels)


def _short(label: str, width: int) -> str:
    """A printed label cut to fit a chart: notes in ASCII brackets and trailing （…） asides dropped."""
    label = re.sub(r"\s*\([^)]*\)", "", label).strip()
    label = re.sub(r"(?<=.)（[^）]*）$", "", label).strip()
    return label if len(label) <= width else label[: width - 1] + "…"


# --------------------------------------------------------------------------- charts


class _Charts:
    """Draws PNG charts with matplotlib's Agg canvas (no pyplot, no global backend change)."""

    def __init__(self) -> None:
        try:
            import matplotlib
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise RuntimeError("the HTML report needs matplotlib: pip install matplotlib") from exc
        from matplotlib import font_manager

        self.mpl = matplotlib
        self.cjk = False
        families = ["DejaVu Sans"]
        if CJK_FONT.is_file():
            try:
                if not any(f.fname == str(CJK_FONT) for f in font_manager.fontManager.ttflist):
                    font_manager.fontManager.addfont(str(CJK_FONT))
                families.insert(0, font_manager.FontProperties(fname=str(CJK_FONT)).get_name())
                self.cjk = True
            except (OSError, RuntimeError, ValueError):
                self.cjk = False
        self.rc = {"font.family": families, "font.size": 9, "axes.unicode_minus": False}

    def _figure(self, width: float, height: float):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        fig = Figure(figsize=(width, height), dpi=100)
        FigureCanvasAgg(fig)
        return fig

    def _png(self, fig) -> str:
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight", metadata={"Software": None})
        return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")

    def heatmap(self, grid: Grid, stats: dict[str, list[int]]) -> str:
        from matplotlib.cm import ScalarMappable
        from matplotlib.colors import BoundaryNorm, ListedColormap, to_rgb

        cmap = ListedColormap(_BAND_COLOURS)
        norm = BoundaryNorm(_BOUNDS, cmap.N)
        n_rows, n_cols = len(grid.rows), len(grid.columns)
        row_labels = grid.row_labels if self.cjk else grid.rows
        col_labels = grid.column_labels if self.cjk else grid.columns
        with self.mpl.rc_context(self.rc):
            fig = self._figure(3.2 + 1.05 * n_cols, 1.4 + 0.42 * n_rows)
            ax = fig.add_subplot()
            image = [[to_rgb(_NOT_IN_TEMPLATE)] * n_cols for _ in range(n_rows)]
            for i in range(n_rows):
                for j in range(n_cols):
                    key = grid.keys[i][j]
                    if key is None:
                        ax.text(j, i, "–", ha="center", va="center", color="#999999", fontsize=8)
                        continue
                    total, right = stats.get(key, (0, 0))
                    if not total:
                        image[i][j] = to_rgb(_NO_GOLD)
                        ax.text(j, i, "no gold", ha="center", va="center", color="#555555", fontsize=7)
                        continue
                    accuracy = right / total
                    band = _band(accuracy)
                    image[i][j] = to_rgb(_BAND_COLOURS[band])
                    colour = "white" if band in _DARK_BANDS else "black"
                    ax.text(j, i, f"{_pct(accuracy)}\n{right}/{total}", ha="center", va="center",
                            color=colour, fontsize=7, linespacing=1.15)
            ax.imshow(image, aspect="auto", interpolation="nearest")
            ax.set_xticks(range(n_cols), col_labels, fontsize=8)
            ax.xaxis.tick_top()
            ax.set_yticks(range(n_rows), row_labels, fontsize=8)
            ax.set_xticks([x - 0.5 for x in range(1, n_cols)], minor=True)
            ax.set_yticks([y - 0.5 for y in range(1, n_rows)], minor=True)
            ax.grid(which="minor", color="white", linewidth=1.5)
            ax.tick_params(which="minor", length=0)
            ax.tick_params(which="major", length=0)
            for spine in ax.spines.values():
                spine.set_visible(False)
            centres = [(lo + hi) / 2 for lo, hi in zip(_BOUNDS, _BOUNDS[1:], strict=False)]
            bar = fig.colorbar(ScalarMappable(norm=norm, cmap=cmap), ax=ax, fraction=0.03, pad=0.02,
                               ticks=centres, spacing="uniform")
            bar.ax.set_yticklabels(_BAND_NAMES, fontsize=7)
            bar.ax.tick_params(length=0)
            bar.set_label("cell accuracy (grey: no gold cell)", fontsize=8)
            return self._png(fig)

    def bars(self, panels: list[tuple[str, dict[str, dict]]]) -> str:
        """Horizontal bars of cell accuracy, one panel per breakdown, annotated with % and documents."""
        heights = [max(1, len(groups)) for _, groups in panels]
        with self.mpl.rc_context(self.rc):
            fig = self._figure(10, 1.2 + 0.34 * sum(heights) + 0.6 * len(panels))
            axes = fig.subplots(len(panels), 1, gridspec_kw={"height_ratios": heights}, squeeze=False)
            for ax, (title, groups) in zip(axes[:, 0], panels, strict=True):
                names = list(groups)
                values = [groups[n]["accuracy"] for n in names]
                colours = [_BAND_COLOURS[min(int(_band(v)), len(_BAND_COLOURS) - 1)] for v in values]
                ax.barh(range(len(names)), values, color=colours, edgecolor="#555555", linewidth=0.5)
                ax.set_yticks(range(len(names)), names if self.cjk else [_ascii(n) or "?" for n in names])
                ax.invert_yaxis()
                ax.set_xlim(0, 1.18)
                ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0], ["0", "25%", "50%", "75%", "100%"])
                for y, name in enumerate(names):
                    g = groups[name]
                    ax.text(min(g["accuracy"], 1.0) + 0.01, y,
                            f"{_pct(g['accuracy'])} of {g['cells']} cells · {g['documents']} docs",
                            va="center", fontsize=8)
                ax.set_title(title, loc="left", fontsize=10)
                ax.spines[["top", "right"]].set_visible(False)
            fig.tight_layout()
            return self._png(fig)


def _band(value: float) -> int:
    return sum(value >= b for b in _BOUNDS[1:-1])


def _ascii(text: str) -> str:
    """What of a label can be drawn without a CJK font."""
    return "".join(ch for ch in text if ord(ch) < 128).strip()


# --------------------------------------------------------------------------- HTML


_CSS = """
body { font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "DejaVu Sans", sans-serif;
       margin: 0 auto; max-width: 1320px; padding: 16px 24px 48px; color: #222; background: #fff; }
h1 { font-size: 24px; margin: 8px 0 4px; }
h2 { font-size: 19px; margin: 32px 0 8px; border-bottom: 2px solid #1a9850; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 20px 0 6px; }
nav a { margin-right: 14px; color: #1a5fb4; }
.muted { color: #666; font-size: 13px; }
.tiles { display: flex; flex-wrap: wrap; gap: 10px; margin: 12px 0; }
.tile { border: 1px solid #ccc; border-radius: 6px; padding: 8px 14px; min-width: 130px; background: #f7f7f7; }
.tile .v { font-size: 22px; font-weight: bold; }
.tile .l { font-size: 12px; color: #555; }
table { border-collapse: collapse; margin: 6px 0 14px; font-size: 13px; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #eef3ee; }
tr:nth-child(even) td { background: #fafafa; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
td.bad { color: #b2182b; font-weight: bold; }
code { font-size: 12px; }
img.chart { max-width: 100%; height: auto; display: block; margin: 8px 0 16px; border: 1px solid #eee; }
.doc { border-left: 4px solid #e34a33; padding-left: 10px; margin: 18px 0; }
.missing { color: #b2182b; font-style: italic; }
"""


def write_report(gold: list[dict], pred: list[dict], scores: dict, path: Path) -> None:
    """Write the evaluation report for ``scores = scoring.score(gold, pred)`` as one HTML file."""
    docs = evaluate_documents(gold, pred)
    charts = _Charts()
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>gongkai evaluation report</title>",
        f"<style>{_CSS}</style></head><body>",
        _header(scores, docs),
        _heatmap_section(docs, charts),
        _breakdown_section(docs, scores, charts),
        _prose_section(scores),
        _worst_section(docs),
        _identity_section(docs),
        "</body></html>",
    ]
    Path(path).write_text("\n".join(parts), encoding="utf-8")


def _header(scores: dict, docs: list[DocumentResult]) -> str:
    cells, documents, meta, prose = scores["cells"], scores["documents"], scores["meta"], scores["prose"]
    tiles = [
        ("cell accuracy", _pct(cells["accuracy"]), f"{cells['correct']} / {cells['total']} cells"),
        ("documents exact", _pct(documents["exact_rate"]), f"{documents['exact']} / {documents['total']}"),
        ("year", _pct(meta["year"]["accuracy"]), f"{meta['year']['correct']} / {meta['documents']}"),
        ("edition", _pct(meta["edition"]["accuracy"]), f"{meta['edition']['correct']} / {meta['documents']}"),
        ("agency", _pct(meta["agency"]["accuracy"]), f"{meta['agency']['correct']} / {meta['documents']}"),
        ("prose F1", f"{prose['f1']:.3f}", f"P {prose['precision']:.3f} · R {prose['recall']:.3f}"),
    ]
    extras = [
        f"missing predictions: {documents['missing_predictions']}",
        f"error records: {documents['errors']}",
        f"duplicate predictions: {scores.get('duplicate_predictions', 0)}",
        f"unmatched predictions: {scores.get('unmatched_predictions', {}).get('count', 0)}",
        f"spurious keys: {scores.get('spurious_keys', {}).get('total', 0)}",
    ]
    now = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    tile_html = "".join(
        f'<div class="tile"><div class="v">{_e(v)}</div><div class="l">{_e(label)} — {_e(sub)}</div></div>'
        for label, v, sub in tiles
    )
    nav = "".join(
        f'<a href="#{anchor}">{_e(name)}</a>'
        for anchor, name in (("heatmaps", "heatmaps"), ("breakdowns", "breakdowns"), ("prose", "prose"),
                             ("worst", "worst documents"), ("identities", "identities"))
    )
    return (
        '<header id="summary"><h1>gongkai evaluation report</h1>'
        f'<div class="muted">generated {_e(now)} · {len(docs)} gold documents</div>'
        f'<div class="tiles">{tile_html}</div>'
        f'<div class="muted">{_e(" · ".join(extras))}</div>'
        f"<nav>{nav}</nav></header>"
    )


def _heatmap_section(docs: list[DocumentResult], charts: _Charts) -> str:
    out = ['<section id="heatmaps"><h2>Cell accuracy over the template</h2>',
           '<p class="muted">Each cell: the share of gold documents whose predicted value is right, and right/gold '
           "cells. Grey: the template has the cell but no gold file does; –: not in this table's template.</p>"]
    for grid, stats in template_grids(docs):
        out.append(f"<h3>{_e(grid.title)}</h3>")
        out.append(f'<img class="chart heatmap" alt="heatmap: {_e(grid.title)}" src="{charts.heatmap(grid, stats)}">')
    out.append("</section>")
    return "\n".join(out)


def _breakdown_section(docs: list[DocumentResult], scores: dict, charts: _Charts) -> str:
    tables = {
        f"{TABLE_NAMES.get(name, '')} {name}".strip(): {
            "documents": t["documents"], "exact": t["exact"], "exact_rate": t["exact_rate"],
            "cells": t["cells"], "correct": t["correct"], "accuracy": t["accuracy"],
        }
        for name, t in scores["tables"].items()
    }
    panels = [("by format", by_format(docs)), ("by layout", by_layout(docs)),
              ("by edition", by_edition(docs)), ("by table", tables)]
    out = ['<section id="breakdowns"><h2>Accuracy by format, layout, edition and table</h2>']
    for title, groups in panels:
        out.append(f"<h3>{_e(title)}</h3>")
        out.append(_table(
            ["group", "documents", "exact", "exact rate", "cells", "right", "cell accuracy"],
            [[name, g["documents"], g["exact"], _pct(g["exact_rate"]), g["cells"], g["correct"], _pct(g["accuracy"])]
             for name, g in groups.items()],
            numeric={1, 2, 3, 4, 5, 6},
        ))
    out.append(f'<img class="chart bars" alt="accuracy by group" src="{charts.bars(panels)}">')
    missed = scores.get("most_missed_keys") or []
    if missed:
        out.append("<h3>most missed keys</h3>")
        out.append(_table(["key", "label", "documents wrong"],
                          [[_code(m["key"]), _label_of(m["key"]), m["wrong"]] for m in missed],
                          numeric={2}, raw={0}))
    spurious = (scores.get("spurious_keys") or {}).get("keys") or []
    if spurious:
        out.append("<h3>spurious keys (predicted, not in the gold)</h3>")
        out.append(_table(["key", "documents"], [[_code(s["key"]), s["count"]] for s in spurious],
                          numeric={1}, raw={0}))
    out.append("</section>")
    return "\n".join(out)


def _prose_section(scores: dict) -> str:
    prose = scores["prose"]
    rows = [[_code(metric), p["tp"], p["pred_total"], p["gold_total"], f"{p['precision']:.3f}",
             f"{p['recall']:.3f}", f"{p['f1']:.3f}"] for metric, p in prose["per_metric"].items()]
    rows.append(["<b>all</b>", prose["tp"], prose["pred_total"], prose["gold_total"], f"{prose['precision']:.3f}",
                 f"{prose['recall']:.3f}", f"{prose['f1']:.3f}"])
    return (
        '<section id="prose"><h2>Prose statements</h2>'
        '<p class="muted">Micro precision/recall/F1 over per-document multisets of (metric, value).</p>'
        + _table(["metric", "tp", "predicted", "gold", "precision", "recall", "F1"], rows,
                 numeric={1, 2, 3, 4, 5, 6}, raw={0})
        + "</section>"
    )


def _worst_section(docs: list[DocumentResult]) -> str:
    worst = worst_documents(docs)
    out = ['<section id="worst"><h2>Worst documents</h2>']
    if not worst:
        out.append("<p>Every gold cell of every document is right.</p>")
    for doc in worst:
        out.append(_document_block(doc))
    out.append("</section>")
    return "\n".join(out)


def _document_block(doc: DocumentResult) -> str:
    scored = doc.scored
    facts = [f"{doc.format} · {doc.layout} · edition {doc.edition}",
             f"cells {_pct(doc.accuracy)} ({doc.correct}/{doc.cells}), {len(scored['wrong'])} wrong"]
    wrong_meta = [name for name in ("edition", "year", "agency") if scored["found"] and not scored[name]]
    if wrong_meta:
        facts.append("wrong " + ", ".join(wrong_meta))
    if doc.pred is not None:
        facts.append(f"status {doc.pred.get('status')}")
    head = f'<div class="doc"><h3>{_e(doc.source)}</h3><div class="muted">{_e(" · ".join(facts))}</div>'
    if not scored["found"]:
        return head + '<p class="missing">no prediction for this document</p></div>'
    if doc.pred and doc.pred.get("error"):
        head += f'<p class="missing">error record: {_e(doc.pred.get("error"))}</p>'
    rows = []
    for cell in scored["wrong"][:WRONG_CELLS_SHOWN]:
        prov = cell.get("provenance") if isinstance(cell.get("provenance"), dict) else {}
        pred = cell["pred"]
        pred_html = '<span class="missing">missing</span>' if pred == MISSING else _e(_value(pred))
        confidence = prov.get("confidence")
        rows.append([
            _code(cell["key"]),
            _e(_label_of(cell["key"], doc.edition)),
            _e(_value(cell["gold"])),
            pred_html,
            _e(str(prov.get("method", "—")) + (f" · {prov['label']}" if prov.get("label") else "")),
            _e(_where(prov)),
            _e(_printed(prov)),
            _e(f"{confidence:.3f}" if isinstance(confidence, int | float) else "—"),
            "ambiguous" if prov.get("ambiguous") else "",
        ])
    table = _table(["key", "label", "gold", "predicted", "method", "where", "printed", "confidence", "ambiguous"],
                   rows, numeric={2, 3, 7}, raw=set(range(9)))
    more = len(scored["wrong"]) - WRONG_CELLS_SHOWN
    tail = f'<p class="muted">… and {more} more wrong cell(s)</p>' if more > 0 else ""
    return head + table + tail + "</div>"


def _identity_section(docs: list[DocumentResult]) -> str:
    counts = verdict_counts(docs)
    verdicts = list(VERDICTS) + sorted(set(counts["all"]) - set(VERDICTS))
    order = ["all"] + [f for f in FAMILIES if f in counts] + sorted(set(counts) - set(FAMILIES) - {"all"})
    rows = [[name] + [counts[name].get(v, 0) for v in verdicts] + [sum(counts[name].values())] for name in order]
    out = ['<section id="identities"><h2>Identity verdicts</h2>',
           '<p class="muted">The accounting identities checked on each predicted record. "gold" tells whether the '
           "identity breaks in the gold values too (a true source break) or holds there (the extraction is at "
           "fault).</p>",
           _table(["family"] + verdicts + ["checks"], rows, numeric=set(range(1, len(verdicts) + 2)))]
    breaks = identity_breaks(docs)
    per_doc = Counter((b["source"], b["verdict"]) for b in breaks)
    sources = sorted({b["source"] for b in breaks})
    out.append(f"<h3>documents with source breaks or doubtful checks ({len(sources)})</h3>")
    if sources:
        out.append(_table(["document", "source breaks", "doubtful"],
                          [[s, per_doc[(s, SOURCE_BREAK)], per_doc[(s, DOUBTFUL)]] for s in sources],
                          numeric={1, 2}))
        rows = [[_e(b["source"]), _code(str(b["identity"])), _e(b["verdict"]), _e(_value(b["lhs"])),
                 _e(_value(b["rhs"])), _e(b["gold"]), _e(", ".join(b["keys"]))]
                for b in breaks[:BREAKS_LISTED]]
        out.append("<h3>the checks</h3>")
        out.append(_table(["document", "identity", "verdict", "lhs", "rhs", "gold", "keys"], rows,
                          numeric={3, 4}, raw=set(range(7))))
        if len(breaks) > BREAKS_LISTED:
            out.append(f'<p class="muted">… and {len(breaks) - BREAKS_LISTED} more</p>')
    else:
        out.append("<p>No source breaks and no doubtful checks.</p>")
    out.append("</section>")
    return "\n".join(out)


# --------------------------------------------------------------------------- small helpers


def _table(head: list[str], rows: list[list[Any]], numeric: set[int] = frozenset(),
           raw: set[int] = frozenset()) -> str:
    """An HTML table; cells are escaped unless their column is in ``raw`` (already HTML)."""
    out = ["<table><thead><tr>", "".join(f"<th>{_e(h)}</th>" for h in head), "</tr></thead><tbody>"]
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            text = value if i in raw else _e(value)
            cells.append(f'<td class="n">{text}</td>' if i in numeric else f"<td>{text}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _label_of(key: str, edition: str | None = None) -> str:
    field = load_schema().fields.get(key)
    if field is None:
        return ""
    row, col = field.labels(edition) if edition else (field.row_label, field.col_label)
    return f"{_short(row, 30)} / {_short(col, 16)}"


def _where(prov: dict) -> str:
    names = (("page", "p."), ("block", "block "), ("row", "row "), ("col", "col "), ("offset", "offset "))
    return " · ".join(f"{prefix}{prov[name]}" for name, prefix in names if prov.get(name) is not None) or "—"


def _printed(prov: dict) -> str:
    text = prov.get("text")
    run = prov.get("run")
    if text is None and run is None:
        return "—"
    if run is not None and run != text:
        return f"{text} (from run {run})"
    return str(text)


def _value(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) < 1e15 else str(value)
    return str(value)


def _code(text: str) -> str:
    return f"<code>{_e(text)}</code>"


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _pct(value: float) -> str:
    """A rate as a percentage; never rounds a miss up to 100%."""
    if value >= 1.0:
        return "100%"
    return f"{min(100 * value, 99.9):.1f}%"


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


__all__ = [
    "DocumentResult",
    "breakdown",
    "by_edition",
    "by_format",
    "by_layout",
    "cell_stats",
    "edition_of",
    "evaluate_documents",
    "family_of",
    "format_of",
    "identity_breaks",
    "layout_of",
    "verdict_counts",
    "worst_documents",
    "write_report",
]
