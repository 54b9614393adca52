"""A scanned page that came out dark all over: no paper shows, so nothing printed on it can be read.

A scan's levels stretched between black and white points drawn from the page's own histogram collapse on a
page with little ink: ImageMagick's ``-linear-stretch 3.5%x10%`` (the widely copied "make a PDF look scanned"
recipe) puts its black point at paper when under 3.5 % of the page is ink (a page of one table, a short last
page), and the whole page goes black, with only the noise added after it. What was printed there is gone: the
OCR found no rule and no line on it, and the record lost a table ("not found"), or only a paragraph, which no
identity checks. Such a page is named, so that its record is flagged as incomplete, and it is not read (its
noise would only be read as specks).
"""

from __future__ import annotations

import numpy as np

#: The page's paper (this percentile of its grey: paper is most of any page; the white corners a turn after the
#: stretch fills in are about 1 % of a black one, so a higher percentile can land on them) ...
PAPER_PERCENTILE = 90
#: ... below this grey level (0–255): no paper anywhere, only noise. Measured on 1,646 pages of 291 cached
#: tuned-style scans of tuning seeds: the black pages 2–4, every other page 187 or more (a scanner app's
#: page, then reader-printer microfilm copies at 205).
DARK_PAPER = 32


def dark_all_over(gray: np.ndarray) -> bool:
    """Does the greyscale page show no paper at all (its PAPER_PERCENTILE under DARK_PAPER)?"""
    sample = gray[::4, ::4]
    return sample.size > 0 and float(np.percentile(sample, PAPER_PERCENTILE)) < DARK_PAPER


def dark_warning(page: int) -> str:
    """The warning for such a page: it carries "could not be read", so the record is flagged and incomplete."""
    return (f"page {page}: the scan is dark all over (no paper shows; a scan's levels stretched to black): "
            "its content could not be read")
