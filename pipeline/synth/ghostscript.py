"""Ghostscript as a degradation model written by others: its raster devices, halftone screens and transfer
functions, driven by a small PostScript program that draws the page.

Ghostscript is the raster image processor of many office printers and of CUPS' print filters: the held-out scanner
style made with it (:mod:`pipeline.synth.scanner_styles`: ``laser_print``) prints the page through it at a laser
printer's resolution, one bit a pixel with its halftone screen, and scans the print back with its downscaling grey
JPEG device. Debian's ``ghostscript`` package installs ``/usr/bin/gs``: it is called by that path (never a bare name
on ``PATH``) and counts only if its help says Ghostscript (found, run and its absence said by the shared
:mod:`pipeline.synth.programs`). The images a program draws go to it as raw samples in a
temporary folder, the only folder it may read (``-dSAFER``); the program finds each file's name in ``Image0``,
``Image1`` … (``-s`` names), and the page comes back on stdout (Ghostscript's own messages go to stderr).

Pages are the same bytes on every run: nothing in Ghostscript's rendering is random.
"""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Sequence
from pathlib import Path

from PIL import Image

from . import programs

#: Where Debian's ``ghostscript`` package installs its interpreter.
BINARY = Path("/usr/bin/gs")
#: What ``gs -h`` prints when the program is Ghostscript.
SIGNATURE = "Ghostscript"
#: A page at 600 dpi takes Ghostscript a few seconds; more means something is wrong.
TIMEOUT_S = 180


class GhostscriptMissing(programs.ToolMissing):
    """``gs`` is not at :data:`BINARY`, or it is not Ghostscript."""


@functools.cache
def binary() -> str:
    """The path of Ghostscript's ``gs``, checked to be Ghostscript."""
    return programs.find([BINARY], ["-h"], SIGNATURE, GhostscriptMissing, "Ghostscript", "ghostscript",
                         needed_for="the held-out scanner style laser_print")


def raw(img: Image.Image) -> bytes:
    """The image's samples as a PostScript ``image`` operator reads them: 8-bit grey, or for a bilevel (mode ``1``)
    image one bit a pixel, rows padded to a byte, 1 white (so both take ``/Decode [0 1]`` in DeviceGray)."""
    return img.tobytes() if img.mode == "1" else img.convert("L").tobytes()


def render(program: str, images: Sequence[Image.Image], device: str, resolution: int, size: tuple[int, int],
           options: Sequence[str] = ()) -> Image.Image:
    """The PostScript ``program`` run by Ghostscript on one page of ``size`` device pixels at ``resolution`` dpi,
    written by ``device`` (``pbmraw``, ``pgmraw``, ``jpeggray`` …, with its ``options``, e.g. ``-dJPEGQ=70``) and
    decoded by PIL. The program reads ``images[i]``'s samples (:func:`raw`) from the file named by ``Image{i}``."""
    with tempfile.TemporaryDirectory(prefix="gs-") as tmp:
        names = []
        for i, img in enumerate(images):
            path = Path(tmp) / f"{i}.raw"
            path.write_bytes(raw(img))
            names.append(f"-sImage{i}={path}")
        source = Path(tmp) / "page.ps"
        source.write_text(program)
        width, height = size
        cmd = [binary(), "-q", "-dSAFER", f"--permit-file-read={tmp}/", "-dNOPAUSE", "-dBATCH",
               "-sstdout=%stderr", f"-sDEVICE={device}", f"-r{resolution}", f"-g{width}x{height}", *options,
               *names, "-sOutputFile=-", str(source)]
        # a PostScript error ends the job with a non-zero exit, its report on stderr
        out = programs.run(cmd, name="Ghostscript", timeout=TIMEOUT_S)
    if not out:
        raise RuntimeError("Ghostscript failed: it wrote no page")
    return programs.decode(out)
