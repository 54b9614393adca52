"""ImageMagick as a degradation model written by others: a PIL image through a ``convert`` command line.

The held-out scanner styles made with it (:mod:`pipeline.synth.scanner_styles`) follow the "make a PDF look
scanned" recipes that are copied widely; ImageMagick is a program, not a library, so the page goes to it as
PNG bytes on stdin and comes back as PNG (or JPEG) bytes on stdout. Nothing is written to disk.

The real binary is found by its path from :data:`CANDIDATES`: Debian's ``imagemagick`` package installs
``convert-im6.q16`` (and an alternatives link ``convert`` that a stand-in may shadow on ``PATH``); ImageMagick 7
installs ``magick`` (Debian's 7 packages: ``magick-im7.q16``), which takes the same command line. A candidate
counts only if its ``-version`` says ImageMagick (GraphicsMagick's ``convert`` lacks several operators used here);
finding, running and saying it is missing are the shared :mod:`pipeline.synth.programs`'.

Pages are the same bytes on every run: the noise operators are seeded with ``-seed`` and ImageMagick runs on one
thread (:data:`THREADS`), since its per-thread random generators make threaded noise depend on the schedule.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence

from PIL import Image

from . import programs

#: ImageMagick binaries by path, in order of preference (never a bare name: ``convert`` on PATH may be a stand-in).
CANDIDATES = ("/usr/bin/convert-im6.q16", "/usr/bin/convert-im6", "/usr/bin/magick", "/usr/bin/magick-im7.q16",
              "/usr/local/bin/magick")
#: One thread: seeded noise is then the same on every run (and the machine is shared).
THREADS = "1"


class MagickMissing(programs.ToolMissing):
    """No ImageMagick binary at any of :data:`CANDIDATES`."""


@functools.lru_cache(maxsize=1)
def binary() -> str:
    """The first of :data:`CANDIDATES` that is ImageMagick."""
    return programs.find(CANDIDATES, ["-version"], "ImageMagick", MagickMissing, "ImageMagick", "imagemagick")


def run(img: Image.Image, operators: Sequence[str], seed: int, out: str = "png") -> Image.Image:
    """``img`` through ``convert png:- -seed SEED OPERATORS -depth 8 OUT:-``, decoded by PIL.

    ``out`` is the format ImageMagick writes (``png``, or ``jpg`` after a ``-quality`` operator, so the JPEG
    artefacts are ImageMagick's own)."""
    src = io.BytesIO()
    img.save(src, "PNG")
    cmd = [binary(), "png:-", "-seed", str(seed), *operators, "-depth", "8", f"{out}:-"]
    return programs.decode(programs.run(cmd, src.getvalue(), name="ImageMagick",
                                        env={"MAGICK_THREAD_LIMIT": THREADS}))
