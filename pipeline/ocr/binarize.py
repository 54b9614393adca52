"""Ink versus paper for a scanned page: the one binarisation every later step reads.

Scans are unevenly lit (a gradient across the page) and noisy, so one global threshold loses the light
end of the page; a local (adaptive) threshold over a window about a quarter inch wide follows the light.
"""

from __future__ import annotations

import cv2
import numpy as np

#: Ink must be this many grey levels darker than its neighbourhood.
CONTRAST = 18


def ink_mask(gray: np.ndarray, dpi: float) -> np.ndarray:
    """255 where there is ink, 0 on paper."""
    block = max(15, int(dpi / 4) | 1)
    smooth = cv2.medianBlur(gray, 3)
    return cv2.adaptiveThreshold(smooth, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, CONTRAST)
