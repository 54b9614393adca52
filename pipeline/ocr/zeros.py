"""A lone ``0`` read a little unsure, confirmed by a second look and by its shape.

The recogniser reads a clean printed ``0`` in some faces and scans at 0.90–0.97 (a scanner app's sharpening and
JPEG; AR PL UMing's narrow oval), under the confidence a reading needs to be taken as read
(:data:`pipeline.repair.OCR_CONFIDENT`). Table 二 has no identity to vouch for its cells, nor has table 三's
optional 小计 column, so each such ``0`` flagged a right document for a person to check. Two pieces of evidence
besides that one reading vouch for it instead: the crop read again through a 3×3 mean (the look
:func:`pipeline.ocr.page._surer` takes at unsure crops) reads ``0`` too, no less surely than UNSURE; and the ink is
a ``0``'s shape (:func:`ring`): one mark round one hole that spans most of its height (a ``6``'s or ``9``'s hole
fills one half, a ``4``'s its top, an ``8`` has two, a blot or a ``1`` none). A reading that fails either stays as
unsure as it was; a reading under UNSURE (looked at again already, and still unsure) is never raised.
"""

from __future__ import annotations

import cv2
import numpy as np

from .engine import LOOKALIKE, Reading, recognise

#: Readings at least this sure need no second look; those under it are read again (pipeline/repair.py's figure).
SURE = 0.97
#: Readings under this were looked at again already (pipeline/ocr/page.py's SECOND_LOOK): not this module's.
UNSURE = 0.9
#: A ``0``'s hole spans at least this share of its ring's height (measured on scan_app crops in Noto Serif, Noto
#: Sans and UMing at 200 dpi: 0.81–1.0; a ``4``'s triangle about half).
HOLE_HEIGHT = 0.7
#: A ``0``'s ring is this much narrower than high, at least and at most (measured: 0.58–0.73).
RING_ASPECT = (0.4, 0.9)
#: Marks no larger than this (pixels, both ways) are specks beside the glyph, not part of it.
SPECK_PX = 3


def confirmed_zeros(crops: list[np.ndarray], read: list[Reading], in_cell: list[bool]) -> list[Reading]:
    """``read``, each table cell's lone ``0`` read at UNSURE or more but under SURE taken as read (SURE) where
    the crop's ink is a ring (:func:`ring`) and the crop read again through a 3×3 mean reads ``0`` at UNSURE or
    more."""
    again = [k for k, (r, cell) in enumerate(zip(read, in_cell, strict=True))
             if cell and UNSURE <= r.least < SURE and _zero(r.text) and ring(crops[k])]
    if not again:
        return read
    out = list(read)
    for k, look in zip(again, recognise([cv2.blur(crops[k], (3, 3)) for k in again]), strict=True):
        if _zero(look.text) and look.least >= UNSURE:
            out[k] = Reading(read[k].text, max(read[k].mean, SURE), SURE)
    return out


def _zero(text: str) -> bool:
    text = text.strip()
    return len(text) == 1 and LOOKALIKE.get(text, text) == "0"


def ring(crop: np.ndarray) -> bool:
    """Is the crop's ink (dark on light, Otsu's threshold) one mark, specks aside, RING_ASPECT wide for its
    height, round exactly one hole that spans at least HOLE_HEIGHT of its height and sits across its middle?"""
    grey = crop if crop.ndim == 2 else cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    _, ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    contours, hierarchy = cv2.findContours(ink, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return False
    boxes = [cv2.boundingRect(c) for c in contours]
    outer = [i for i, h in enumerate(hierarchy[0]) if h[3] < 0 and max(boxes[i][2:]) > SPECK_PX]
    if len(outer) != 1:
        return False
    holes = [i for i, h in enumerate(hierarchy[0]) if h[3] == outer[0] and max(boxes[i][2:]) > 1]
    if len(holes) != 1:
        return False
    _, oy, ow, oh = boxes[outer[0]]
    _, hy, _, hh = boxes[holes[0]]
    middle = oy + oh / 2
    return RING_ASPECT[0] * oh <= ow <= RING_ASPECT[1] * oh and hh >= HOLE_HEIGHT * oh and hy < middle < hy + hh
