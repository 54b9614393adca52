"""libvips as a degradation model written by others: a PIL image through a chain of ``vips`` operations.

libvips is an image-processing library of its own (its own resampling kernels, sharpening and JPEG settings), used
by web content-management systems and image services to resize and re-encode uploaded pictures: the held-out
scanner style made with it (:mod:`pipeline.synth.scanner_styles`: ``web_page_images``) models a report posted as
page images. Debian's ``libvips-tools`` package installs its command-line driver ``/usr/bin/vips``, which runs one
operation a call; it is called by that path (never a bare name on ``PATH``) and counts only if its ``--version``
says vips (found, run and its absence said by the shared :mod:`pipeline.synth.programs`). The page goes to it as a PNG file in a temporary folder, each step writes the next file (vips' own
``.v`` format in between, JPEG where a step says so, with the save options in brackets after the file name), and the
last step's PNG comes back.

Pages are the same bytes on every run: the operations used are deterministic, and vips runs on one thread
(:data:`THREADS`: the machine is shared).
"""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Sequence
from pathlib import Path

from PIL import Image

from . import programs

#: Where Debian's ``libvips-tools`` package installs the command-line driver.
BINARY = Path("/usr/bin/vips")
#: What ``vips --version`` prints when the program is libvips' (``vips-8.14.1``).
SIGNATURE = "vips-"
#: Worker threads for libvips: one (the machine is shared).
THREADS = "1"


class VipsMissing(programs.ToolMissing):
    """``vips`` is not at :data:`BINARY`, or it is not libvips'."""


@functools.cache
def binary() -> str:
    """The path of libvips' ``vips``, checked to be libvips'."""
    return programs.find([BINARY], ["--version"], SIGNATURE, VipsMissing, "libvips", "libvips-tools",
                         needed_for="the held-out scanner style web_page_images")


def run(img: Image.Image, steps: Sequence[tuple[str, Sequence[str], str]]) -> Image.Image:
    """``img`` through ``steps``, each ``(operation, arguments, written as)``: ``vips OPERATION IN OUT ARGUMENTS``,
    where IN is the step before's file and OUT a file named ``written as`` (a suffix: ``.v``, ``.png``, or
    ``.jpg[Q=70,subsample-mode=on]`` to save a JPEG with vips' own settings). The last step must write ``.png``."""
    with tempfile.TemporaryDirectory(prefix="vips-") as tmp:
        src = Path(tmp) / "0.png"
        img.save(src, "PNG")
        for i, (operation, arguments, suffix) in enumerate(steps, 1):
            out = str(Path(tmp) / f"{i}{suffix}")
            programs.run([binary(), operation, str(src), out, *arguments], name=f"vips {operation}",
                         env={"VIPS_CONCURRENCY": THREADS})
            src = Path(out.split("[", 1)[0])
        page = Image.open(src)
        page.load()
        return page
