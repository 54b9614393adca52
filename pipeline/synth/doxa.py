"""ΔOxa (doxapy) as a degradation model written by others: a grey page put to one bit a pixel by a local
adaptive threshold, as archive and document-management software stores a grey scan of a text page.

doxapy is the Python binding of the ΔOxa binarisation library (C++; Sauvola, Wolf, Niblack, NICK, Bataineh,
ISauvola, Gatos, Su, Wan …): a code base apart from PIL's global threshold and error diffusion, augraphy's
Faxify, ImageMagick and Netpbm's ``pamthreshold``, which the other bilevel styles use. It has no random state: the
same page and parameters give the same bits.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from .programs import ToolMissing

#: The algorithms the style draws from: the two local thresholds archive software offers for text pages.
ALGORITHMS = ("SAUVOLA", "WOLF")


class DoxaMissing(ToolMissing):
    """doxapy is not installed (said as the external programs' absence is: :mod:`pipeline.synth.programs`)."""


def binarise(img: Image.Image, algorithm: str, window: int, k: float) -> Image.Image:
    """``img`` (grey) put to black and white by ΔOxa's ``algorithm`` with its ``window`` (pixels, odd) and ``k``;
    a bilevel (mode ``1``) image of the same size."""
    try:
        import doxapy
    except ImportError as exc:  # the synth extra
        raise DoxaMissing("doxapy is needed for the held-out scanner style archive_bilevel: "
                          "pip install 'gongkai[synth]' (or pip install doxapy)") from exc
    grey = np.ascontiguousarray(np.asarray(img.convert("L"), dtype=np.uint8))
    out = np.empty_like(grey)
    binariser = doxapy.Binarization(getattr(doxapy.Binarization.Algorithms, algorithm))
    binariser.initialize(grey)
    binariser.to_binary(out, {"window": int(window), "k": float(k)})
    return Image.fromarray(np.where(out > 0, 255, 0).astype(np.uint8)).convert("1")
