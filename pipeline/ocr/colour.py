"""Colour pages to the grey the OCR reads, with coloured ink (red official seals, 公章) taken out first.

A seal is stamped over the print: where it covers paper the scan is red, where it covers black print the print
stays dark. Binarising the plain luminance would make the seal's ring, star and text ink, and the recogniser
would read them (a seal's strokes inside a cell read as digits). So every strongly coloured pixel is replaced
by its brightest channel: red ink on paper becomes nearly paper, black print (dark in every channel) stays
black. Report text is printed black; a red letterhead (红头) is lost with the seal, which costs nothing the
reader needs (the title and agency are printed again in black).
"""

from __future__ import annotations

import cv2
import numpy as np

#: Channels this far apart (grey levels) are still grey print or JPEG colour noise ...
CHROMA_LOW = 15
#: ... from this far apart a pixel is wholly coloured ink; in between (a seal's soft, pink edges) it is partly.
CHROMA_HIGH = 45


def to_grey(rgb: np.ndarray) -> np.ndarray:
    """Greyscale of an RGB page (H×W×3, uint8) in which coloured ink reads as paper."""
    if rgb.ndim == 2:
        return rgb
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    high = rgb.max(axis=2)
    chroma = cv2.subtract(high, rgb.min(axis=2))
    if int(chroma.max()) < CHROMA_LOW:
        return grey
    weight = np.clip((chroma.astype(np.float32) - CHROMA_LOW) / (CHROMA_HIGH - CHROMA_LOW), 0, 1)
    out = grey + weight * (high.astype(np.float32) - grey)
    return out.astype(np.uint8)
