"""Colour pages to the grey the OCR reads, with coloured ink (red official seals, 公章) taken out first.

A seal is stamped over the print: where it covers paper the scan is red, where it covers black print the print
stays dark. Binarising the plain luminance would make the seal's ring, star and text ink, and the recogniser
would read them (a seal's strokes inside a cell read as digits). So every coloured pixel is read through its
brightest channel (red, for a red seal), lifted so that the seal's ink on bare paper comes out as paper: the
seal's red channel is the print under it, only dimmer. Red ink on paper becomes paper; black print under it
stays dark, its edges too. Report text is printed black; a red letterhead (红头) is lost with the seal, which costs nothing the
reader needs (the title and agency are printed again in black).

The page's darkest ink is its print, which was black. Where it comes out tinted (an old report's toner faded to
brown on yellowed paper, a colour cast the scanner put on the whole sheet), the tint is the scan's, not a coloured
ink's: balancing the paper alone would leave the print coloured, and the print would be read through its brightest
channel and lifted toward paper like a seal (faded print at a third of its contrast, whole cells lost). Such a page
is balanced on two points, its print and its paper, so that both come out neutral and only inks of another colour
(a seal, foxing spots) stay coloured.
"""

from __future__ import annotations

import cv2
import numpy as np

#: The paper's grey: this percentile of the page (most of a page is paper).
PAPER_PERCENTILE = 90
#: Coloured pixels needed to measure the ink's own brightness, and the most its brightest channel is lifted.
MIN_INK_PIXELS = 50
MAX_GAIN = 1.6
#: Channels this far apart (grey levels) are still grey print or JPEG colour noise ...
CHROMA_LOW = 6
#: ... from this far apart a pixel is wholly coloured ink; in between (a seal's soft, pink edges) it is partly.
CHROMA_HIGH = 30
#: A page is first looked at on every SAMPLE_STEP-th pixel both ways: a seal's strokes are wider than that.
SAMPLE_STEP = 3
#: The print's colour: the median of the page's darkest pixels (this percentile of the grey; a report's print
#: covers several per cent of a page, a seal is lighter than black print in grey).
PRINT_PERCENTILE = 0.5
#: Print is dark in every channel: its brightest at most this share of the paper's (faded toner on yellowed
#: paper: 0.3-0.45). A red seal is bright in its own channel (0.8 of the paper): where a seal outweighs the
#: print on a page, its darkest pixels are the seal's, and they are no print colour.
PRINT_SHARE = 0.5


def to_grey(rgb: np.ndarray) -> np.ndarray:
    """Greyscale of an RGB page (H×W×3, uint8) in which coloured ink reads as paper."""
    if rgb.ndim == 2:
        return rgb
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    if not _coloured(rgb[::SAMPLE_STEP, ::SAMPLE_STEP]):
        return grey  # a grey scan rendered in colour (most pages): nothing to take out
    high, low = _extremes(_white_balanced(rgb))  # tinted paper (a warm scan) is not coloured ink
    chroma = cv2.subtract(high, low)
    if int(chroma.max()) < CHROMA_LOW:
        return grey
    weight = np.clip((chroma.astype(np.float32) - CHROMA_LOW) / (CHROMA_HIGH - CHROMA_LOW), 0, 1)
    paper = float(np.percentile(grey[::8, ::8], PAPER_PERCENTILE))
    strong = weight[::2, ::2] >= 1
    seal = float(np.median(high[::2, ::2][strong])) if strong.sum() >= MIN_INK_PIXELS else paper
    gain = min(MAX_GAIN, max(1.0, paper / max(seal, 1.0)))
    seen_through = np.minimum(high.astype(np.float32) * gain, 255)  # the ink's brightest channel, lifted to paper
    out = grey + weight * (seen_through - grey)
    return out.astype(np.uint8)


def _coloured(rgb: np.ndarray) -> bool:
    """Does a (reduced) page hold any coloured pixel once its paper is neutral?"""
    high, low = _extremes(_white_balanced(rgb))
    return int(cv2.subtract(high, low).max()) >= CHROMA_LOW


def _extremes(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each pixel's brightest and darkest channel (OpenCV's: numpy's reduction over a last axis of three is some
    twenty times slower, a tenth of a second a page)."""
    r, g, b = cv2.split(np.ascontiguousarray(rgb))
    return cv2.max(cv2.max(r, g), b), cv2.min(cv2.min(r, g), b)


def _white_balanced(rgb: np.ndarray) -> np.ndarray:
    """The page with each channel scaled so that its paper is neutral grey; where its print is tinted too, each
    channel stretched so that print and paper both are (:func:`_print_colour`)."""
    paper = np.percentile(rgb[::8, ::8].reshape(-1, 3), PAPER_PERCENTILE, axis=0).astype(np.float32)
    ink = _print_colour(rgb, paper)
    levels = np.arange(256, dtype=np.float32)[:, None]
    if ink is not None:
        target = float(ink.mean())
        gain = (paper.max() - target) / np.maximum(paper - ink, 1.0)
        return _mapped(rgb, (levels - ink) * gain + target)
    scale = paper.max() / np.maximum(paper, 1.0)
    if float(scale.max()) < 1.02:
        return rgb
    return _mapped(rgb, levels * scale)


def _mapped(rgb: np.ndarray, table: np.ndarray) -> np.ndarray:
    """Each channel of ``rgb`` through its column of ``table`` (256×3, float): a per-channel map of the grey
    levels is a lookup, far cheaper than arithmetic on every pixel of the page."""
    lut = np.clip(table, 0, 255).astype(np.uint8).reshape(1, 256, 3)
    return cv2.LUT(np.ascontiguousarray(rgb), lut)


def _print_colour(rgb: np.ndarray, paper: np.ndarray) -> np.ndarray | None:
    """The colour of the page's print (its darkest pixels) where it is tinted once the paper is neutral, else
    None (black print, a seal's ink, or a page with no print dark enough to tell)."""
    sample = np.ascontiguousarray(rgb[::SAMPLE_STEP, ::SAMPLE_STEP])
    grey = cv2.cvtColor(sample, cv2.COLOR_RGB2GRAY)
    darkest = sample[grey <= np.percentile(grey, PRINT_PERCENTILE)].astype(np.float32)
    if not len(darkest):
        return None
    ink = np.median(darkest, axis=0)
    balanced = ink * paper.max() / np.maximum(paper, 1.0)
    if float(balanced.max()) > PRINT_SHARE * float(paper.max()):
        return None  # not print: a seal's ink, or a page with no print dark enough to tell
    return ink if float(balanced.max() - balanced.min()) >= CHROMA_LOW else None
