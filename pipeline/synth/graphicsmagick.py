"""GraphicsMagick as a degradation model written by others: a PIL image through ``gm convert``.

GraphicsMagick forked from ImageMagick in 2002 and is a code base of its own since (its own resampling, blur,
rotation and codec settings); the held-out scanner styles made with it (:mod:`pipeline.synth.scanner_styles`) do not
call ImageMagick (:mod:`pipeline.synth.magick`). Debian's ``graphicsmagick`` package installs one program,
``/usr/bin/gm``: it is called by that path (never a bare name on ``PATH``) and counts only if it says it is
GraphicsMagick (found, run and its absence said by the shared :mod:`pipeline.synth.programs`). The page goes to it
as PNM bytes on stdin and comes back on stdout; :func:`append` hands several images to it through a temporary folder.

Pages are the same bytes on every run: GraphicsMagick 1.3.40's ``convert`` lists ``-seed`` but rejects it, so the
styles use none of its noise operators, and every operator they use is deterministic. It runs on one thread
(:data:`THREADS`): the machine is shared.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

from PIL import Image

from . import programs

#: Where Debian's ``graphicsmagick`` package installs its one program.
BINARY = Path("/usr/bin/gm")
#: What ``gm version`` prints when the program is GraphicsMagick's.
SIGNATURE = "GraphicsMagick"
#: OpenMP threads for GraphicsMagick: one (the machine is shared).
THREADS = "1"


class GraphicsMagickMissing(programs.ToolMissing):
    """``gm`` is not at :data:`BINARY`, or it is not GraphicsMagick."""


@functools.cache
def binary() -> str:
    """The path of GraphicsMagick's ``gm``, checked to be GraphicsMagick's."""
    return programs.find([BINARY], ["version"], SIGNATURE, GraphicsMagickMissing, "GraphicsMagick", "graphicsmagick")


def _convert(args: Sequence[str], data: bytes | None = None) -> Image.Image:
    """What ``gm convert ARGS`` writes to stdout (ARGS end with the output, ``pnm:-`` or ``jpeg:-``), decoded."""
    return programs.decode(programs.run([binary(), "convert", *args], data, name="GraphicsMagick",
                                        env={"OMP_NUM_THREADS": THREADS}))


def run(img: Image.Image, operators: Sequence[str], out: str = "pnm") -> Image.Image:
    """``img`` through ``gm convert pnm:- OPERATORS -depth 8 OUT:-``. ``out`` is the format GraphicsMagick writes
    (``pnm``, or ``jpeg`` after a ``-quality`` operator, so the JPEG artefacts are its own). The page goes in and out
    as PNM, which costs no compression: a style calls GraphicsMagick dozens of times a page."""
    return _convert(["pnm:-", *operators, "-depth", "8", f"{out}:-"], programs.to_pnm(img))


def append(images: Sequence[Image.Image]) -> Image.Image:
    """``images`` side by side, left to right (``gm convert A B C +append``). Nothing else in the call: GraphicsMagick
    applies the operators on the command line to each image before it appends them, not to the result."""
    with programs.pnm_files(images, "gm-") as paths:
        return _convert([*paths, "+append", "-depth", "8", "pnm:-"])


def gradient(width: int, height: int, left: int, right: int) -> Image.Image:
    """A grey ramp from ``left`` to ``right`` (0–255) across ``width`` (GraphicsMagick's ``gradient:``, which runs
    top to bottom, turned a quarter)."""
    return _convert(["-size", f"{height}x{width}", f"gradient:#{left:02x}{left:02x}{left:02x}-"
                     f"#{right:02x}{right:02x}{right:02x}", "-rotate", "-90", "-colorspace", "Gray",
                     "-depth", "8", "pnm:-"])
