"""A photographed page made flat again: the sheet found as a quadrilateral against what lies around it, and
mapped back to a rectangle.

A phone photo of a report shows the sheet in perspective (its rules converge, rows stand at different slants)
on a darker desk. Deskewing turns the whole page by one angle and cannot straighten that. The sheet is the
largest bright region of the photo; its four corners (the points of its outline furthest out along the
diagonals) give the homography that maps it back to a rectangle with the sheet's own proportions, as large
as the photo allows. Scans lie flat already: a page that fills the scan, or whose outline is square to the
scan within :data:`SQUARE_PX`, is left as it is (an open lid's dark bands are not perspective). So is a page
whose bright region has no edge: a sheet ends in a step down to the desk all along its outline, whereas light
that falls off towards the corners (a microfilm reader-printer's lamp, a vignetting lens) leaves a bright middle
that fades into a darker rim; taken for a sheet, that middle was warped to fill the page and the print round it
(a table at the top) was lost.
"""

from __future__ import annotations

import cv2
import numpy as np

#: The sheet is found on the page reduced to this resolution.
REDUCED_DPI = 50
#: The paper's grey: this percentile of the page.
PAPER_PERCENTILE = 90
#: Background and sheet are told apart by Otsu's threshold on the reduced page, which must lie at least this
#: far (grey levels) below the paper: on a flat scan it falls between print and paper, and all is sheet.
MIN_CONTRAST = 25
#: A band this wide (inches) along the sheet's outline is painted paper: the desk's last pixels, the edge's
#: shadow (print starts a centimetre or more inside the sheet).
EDGE_INCH = 0.1
#: A photographed sheet lies inside the frame: background along at least this share of the photo's edges.
MIN_BACKGROUND_RIM = 0.5
#: The sheet covers at least this share of the photo (less: it is not one page filling a photo).
MIN_SHEET_SHARE = 0.5
#: Corners this close (pixels of the full page) to a rectangle square to the scan mean a flat scan.
SQUARE_PX = 6
#: A point of the sheet's outline is on an edge when the mean grey within this many inches of it outside the
#: sheet is at least MIN_CONTRAST darker than within it inside; a sheet has an edge along at least
#: MIN_EDGE_SHARE of its outline (a photographed sheet on a desk: all of it; a vignette's lit middle: only where
#: its outline runs along print, a seventh to a third of it on the microfilm prints measured).
EDGE_STEP_INCH = 0.1
MIN_EDGE_SHARE = 0.5
#: A region whose outline steps down along less than SURE_EDGE_SHARE of it is a sheet only when it is a
#: quadrilateral: it and the quadrilateral of its four corners overlap by at least MIN_QUAD_FILL of their union.
#: On a page of ruled tables a vignette's lit middle has its outline run along the rules for half its length, a
#: step down as a sheet's edge is (a document camera's still: 0.52 of it), but it is rounded, its corners cut
#: off (0.75; the microfilm print's 0.70). Photographed sheets on a desk step down all round (1.0 on the 69
#: ``photo`` pages of tuning seeds 7, 61, 67 and 71, three documents each), curled or not (0.88-0.99).
SURE_EDGE_SHARE = 0.8
MIN_QUAD_FILL = 0.9


def flattened(gray: np.ndarray, dpi: float) -> tuple[np.ndarray, np.ndarray | None]:
    """The page with a sheet in perspective mapped back to a rectangle, and the homography from the page as
    given to the result (None when the page is left as it is)."""
    corners = sheet_corners(gray, dpi)
    if corners is None:
        return gray, None
    tl, tr, br, bl = corners
    width = (np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)) / 2
    height = (np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)) / 2
    h, w = gray.shape
    scale = min(w / width, h / height)
    tw, th = width * scale, height * scale
    target = np.float32([[0, 0], [tw - 1, 0], [tw - 1, th - 1], [0, th - 1]])
    m = cv2.getPerspectiveTransform(np.float32(corners), target)
    paper = int(np.percentile(gray[::4, ::4], PAPER_PERCENTILE))
    out = cv2.warpPerspective(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                              borderValue=paper)
    edge = round(EDGE_INCH * dpi)
    inside = np.zeros_like(out, dtype=bool)
    inside[edge : max(edge, round(th) - edge), edge : max(edge, round(tw) - edge)] = True
    out[~inside] = paper  # the desk beyond the sheet, and the sheet's own edge
    return out, m


def sheet_corners(gray: np.ndarray, dpi: float) -> np.ndarray | None:
    """The sheet's corners (top left, top right, bottom right, bottom left; full-page pixels), or None when
    the page lies flat: no background around it, or an outline square to the scan."""
    scale = REDUCED_DPI / dpi
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    paper = float(np.percentile(small, PAPER_PERCENTILE))
    cut, bright = cv2.threshold(cv2.GaussianBlur(small, (5, 5), 0), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    if cut > paper - MIN_CONTRAST:
        return None
    rim = np.concatenate([bright[0], bright[-1], bright[:, 0], bright[:, -1]])
    if (rim == 0).mean() < MIN_BACKGROUND_RIM:
        return None  # paper along most of the edges: a scan (a dark corner is no desk), or a cropped photo
    k = max(3, round(0.1 * REDUCED_DPI))
    closed = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))  # print inside is not a hole
    n, labels, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
    if n < 2:
        return None
    sheet = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    if stats[sheet, cv2.CC_STAT_AREA] < MIN_SHEET_SHARE * small.size:
        return None
    edge = edge_share(small, labels == sheet)
    if edge < MIN_EDGE_SHARE:
        return None  # light falling off towards the rim (a vignette), no desk: a flat scan
    ys, xs = np.nonzero(labels == sheet)
    pts = np.stack([xs, ys], axis=1).astype(np.float64) + 0.5
    s, d = pts.sum(axis=1), pts[:, 0] - pts[:, 1]
    small_corners = np.array([pts[s.argmin()], pts[d.argmax()], pts[s.argmax()], pts[d.argmin()]])
    if edge < SURE_EDGE_SHARE and quad_fill(labels == sheet, small_corners) < MIN_QUAD_FILL:
        return None  # a rounded lit middle (a vignette) whose outline runs along rules, not a sheet's four edges
    corners = small_corners / scale
    if _square(corners, SQUARE_PX):
        return None
    return corners


def quad_fill(sheet: np.ndarray, corners: np.ndarray) -> float:
    """Intersection over union of the region ``sheet`` (a mask) and the quadrilateral of its ``corners`` (pixel
    centres of the same mask, top left, top right, bottom right, bottom left)."""
    quad = np.zeros(sheet.shape, np.uint8)
    cv2.fillPoly(quad, [np.round(corners - 0.5).astype(np.int32)], 1)
    inside = quad > 0
    return float((inside & sheet).sum() / max(1, (inside | sheet).sum()))


def edge_share(small: np.ndarray, sheet: np.ndarray) -> float:
    """The share of the outer outline of ``sheet`` (a mask of the reduced page ``small``) where the grey steps
    down by MIN_CONTRAST from inside to outside (the page's own edges left out: nothing lies beyond them)."""
    outlines, _ = cv2.findContours(sheet.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    filled = np.zeros(small.shape, np.uint8)
    cv2.drawContours(filled, outlines, -1, 1, thickness=cv2.FILLED)  # print inside the sheet is not its edge
    inside = filled.astype(np.float32)
    outside = 1 - inside
    r = max(1, round(EDGE_STEP_INCH * REDUCED_DPI))
    window = (2 * r + 1, 2 * r + 1)
    grey = small.astype(np.float32)

    def mean(mask: np.ndarray) -> np.ndarray:
        weight = cv2.boxFilter(mask, -1, window, normalize=False)
        return cv2.boxFilter(grey * mask, -1, window, normalize=False) / np.maximum(weight, 1e-6)

    edge = (filled > 0) & (cv2.erode(filled, np.ones((3, 3), np.uint8)) == 0)
    edge[0, :] = edge[-1, :] = edge[:, 0] = edge[:, -1] = False
    if not edge.any():
        return 0.0
    return float(((mean(inside) - mean(outside))[edge] >= MIN_CONTRAST).mean())


def _square(corners: np.ndarray, tolerance: float) -> bool:
    """Is the quadrilateral a rectangle square to the scan (within ``tolerance`` pixels)?"""
    tl, tr, br, bl = corners
    return (abs(tl[1] - tr[1]) <= tolerance and abs(bl[1] - br[1]) <= tolerance
            and abs(tl[0] - bl[0]) <= tolerance and abs(tr[0] - br[0]) <= tolerance)
