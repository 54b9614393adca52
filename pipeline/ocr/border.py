"""Dark borders of a scan taken out: the copier's lid left open, or the table under a photographed page.

Around a page that does not fill the scanner's glass, the scan is black or dark grey. Binarised, the edge
between that band and the paper is a long straight run of ink, so it becomes a rule, the rules a table, and
the whole page a few giant cells; the band itself reads as text. So before anything else, dark areas that
touch the edge of the scan and are too thick to be print (rules and strokes are a few pixels thick) are
painted the paper's grey, with a small margin for the soft, noisy edge between them and the paper.
"""

from __future__ import annotations

import cv2
import numpy as np

#: The search runs on the page reduced to this resolution (cheap, and print thins out).
REDUCED_DPI = 50
#: A pixel of the reduced page darker than this share of the paper's grey is dark (print averaged over a
#: reduced pixel stays lighter: strokes are thinner than one).
DARK_SHARE = 0.45
#: Dark areas survive an opening this thick (inches): thicker than any printed stroke or rule.
THICK_INCH = 0.08
#: Margin painted beyond the dark area (inches): the blurred, noisy edge between it and the paper.
MARGIN_INCH = 0.04
#: The paper's grey: this percentile of the page.
PAPER_PERCENTILE = 90


def clear_border(gray: np.ndarray, dpi: float) -> np.ndarray:
    """The page with dark areas touching its edges painted paper (the page itself when there are none)."""
    scale = REDUCED_DPI / dpi
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    paper = float(np.percentile(small, PAPER_PERCENTILE))
    dark = np.where(small < DARK_SHARE * paper, np.uint8(255), np.uint8(0))
    if not (dark[0].any() or dark[-1].any() or dark[:, 0].any() or dark[:, -1].any()):
        return gray  # the common case: nothing dark along the edges
    k = max(3, round(THICK_INCH * REDUCED_DPI))
    thick = cv2.morphologyEx(dark, cv2.MORPH_OPEN, np.ones((k, k), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(thick, connectivity=8)
    h, w = thick.shape
    edge = [i for i in range(1, n) if _touches_edge(stats[i], w, h)]
    if not edge:
        return gray
    mask = np.isin(labels, edge).astype(np.uint8) * 255
    mask = cv2.resize(mask, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    margin = max(3, round(MARGIN_INCH * dpi)) | 1
    mask = cv2.dilate(mask, np.ones((2 * margin + 1, 2 * margin + 1), np.uint8))
    out = gray.copy()
    out[mask > 0] = np.uint8(round(paper))
    return out


def _touches_edge(stat: np.ndarray, w: int, h: int) -> bool:
    x, y, bw, bh = (int(v) for v in stat[:4])
    return x == 0 or y == 0 or x + bw >= w or y + bh >= h
