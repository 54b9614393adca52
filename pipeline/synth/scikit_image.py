"""scikit-image as a degradation model written by others: its geometric transforms, filters, exposure and noise
functions, the library image-processing research and teaching reach for first.

Its ``transform.warp`` (a projective map sampled by its own interpolation, without anti-aliasing), ``rescale``,
``rotate``, ``filters.gaussian`` and ``unsharp_mask``, ``exposure.adjust_gamma`` and ``rescale_intensity``,
``draw.ellipse`` and ``util.random_noise`` are code of their own (Cython and SciPy's ndimage), used by none of the
other styles: augraphy installs scikit-image but its augmentations are its own code, and the other styles warp with
OpenCV, PIL or the external programs. The held-out styles made with it (:mod:`pipeline.synth.scanner_styles`:
``screen_photo``; the colour scan of ``archive_jpeg2000``) call it through :func:`load`, which says plainly when it
is missing. Its random functions take a seeded generator: a page is the same bytes on every run.
"""

from __future__ import annotations

from types import SimpleNamespace

from .programs import ToolMissing


class ScikitImageMissing(ToolMissing):
    """scikit-image is not installed (said as the external programs' absence is: :mod:`pipeline.synth.programs`)."""


def load() -> SimpleNamespace:
    """scikit-image's ``transform``, ``filters``, ``exposure``, ``draw`` and ``util``, imported on first use."""
    try:
        from skimage import draw, exposure, filters, transform, util
    except ImportError as exc:  # the synth extra
        raise ScikitImageMissing("scikit-image is needed for the held-out scanner styles screen_photo and "
                                 "archive_jpeg2000: pip install 'gongkai[synth]' (or pip install scikit-image)") from exc
    return SimpleNamespace(draw=draw, exposure=exposure, filters=filters, transform=transform, util=util)
