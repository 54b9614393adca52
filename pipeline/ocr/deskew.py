"""Turning a page back square: scanners feed paper in askew (up to a degree or two).

The angle is the one at which the rows of ink line up best: the horizontal projection of the binarised page
(rules and text lines) has its sharpest peaks. Searched coarse then fine on a reduced page, it costs a few
tens of milliseconds and needs no line to be found first.
"""

from __future__ import annotations

import cv2
import numpy as np

#: Angles searched, degrees either way.
MAX_ANGLE = 3.0
#: Width the page is reduced to for the search.
SEARCH_WIDTH = 800


def correction_angle(ink: np.ndarray) -> float:
    """The turn (degrees, counter-clockwise positive, as OpenCV counts) that squares the page, from its ink mask."""
    scale = min(1.0, SEARCH_WIDTH / ink.shape[1])
    small = cv2.resize(ink, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else ink
    best = _best(small, np.arange(-MAX_ANGLE, MAX_ANGLE + 1e-9, 0.25), 0.0)
    return _best(small, np.arange(best - 0.25, best + 0.25 + 1e-9, 0.05), best)


def _best(img: np.ndarray, angles: np.ndarray, default: float) -> float:
    h, w = img.shape
    centre = (w / 2, h / 2)
    best_angle, best_score = default, -1.0
    for angle in angles:
        m = cv2.getRotationMatrix2D(centre, float(angle), 1.0)
        turned = cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=0)
        profile = turned.sum(axis=1, dtype=np.float64)
        score = float(np.square(np.diff(profile)).sum())
        if score > best_score:
            best_angle, best_score = float(angle), score
    return best_angle


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    """The page turned by ``angle`` degrees, the corners filled with the page's paper colour."""
    if abs(angle) < 0.02:
        return gray
    h, w = gray.shape
    paper = int(np.percentile(gray, 90))
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=paper)
