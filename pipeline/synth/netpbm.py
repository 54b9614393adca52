"""Netpbm as a degradation model written by others: a PIL image through a chain of Netpbm programs.

The held-out scanner styles made with it (:mod:`pipeline.synth.scanner_styles`: ``g3_fax``, ``folded``) use
Netpbm's own filters and codecs (Debian's ``netpbm`` package: ``pamscale``, ``pnmrotate``, ``pamthreshold``,
``pbmtog3``/``g3topbm``, ``pnmshear``, ``pgmramp``, ``pgmnoise``, ``pamarith``, ``pnmtojpeg`` …), a code base apart from
ImageMagick, augraphy, albumentations and our own ``scan_render``. Netpbm is a toolbox of small programs that read
and write PNM on stdin and stdout: :func:`run` pipes the page through a chain of them, :func:`bytes_through` does
the same for a byte stream (a G3 fax transmission), and :func:`combine` hands several images to one program that
takes files (``pamcat``, ``pamarith``, ``pnmpaste``) through a temporary folder.

Every program is called by its path under :data:`BIN` (never a bare name on ``PATH``), and it counts only if it
says it is Netpbm (found, run and its absence said by the shared :mod:`pipeline.synth.programs`). Pages are the
same bytes on every run: the noise program (``pgmnoise``) is given its seed, and the others are deterministic.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

from PIL import Image

from . import programs

#: Where Debian's ``netpbm`` package installs its programs.
BIN = Path("/usr/bin")
#: What ``PROGRAM -version`` prints (on stderr) when the program is Netpbm's.
SIGNATURE = "Netpbm"
#: A Netpbm program's output (PNM, or JPEG from ``pnmtojpeg``) as a PIL image: the shared helper's.
decode = programs.decode
#: The image as raw PNM (PBM, PGM or PPM by its mode), what every Netpbm program reads: the shared helper's.
to_pnm = programs.to_pnm


class NetpbmMissing(programs.ToolMissing):
    """A Netpbm program is not under :data:`BIN`."""


@functools.cache
def program(name: str) -> str:
    """The path of Netpbm's ``name``, checked to be Netpbm's."""
    return programs.find([BIN / name], ["-version"], SIGNATURE, NetpbmMissing, f"Netpbm's {name}", "netpbm")


def _call(command: Sequence[str], data: bytes | None = None) -> bytes:
    """What the Netpbm program ``command[0]`` (run with the rest as its arguments, ``data`` on its stdin) writes."""
    return programs.run([program(command[0]), *command[1:]], data, name=f"Netpbm {command[0]}")


def bytes_through(data: bytes, commands: Sequence[Sequence[str]]) -> bytes:
    """``data`` piped through ``commands`` (each an argv whose first word is a Netpbm program), in turn."""
    for command in commands:
        data = _call(command, data)
    return data


def run(img: Image.Image, commands: Sequence[Sequence[str]]) -> Image.Image:
    """``img`` through a chain of Netpbm programs. The last must write PNM (not PAM: end a PAM writer such as
    ``pamthreshold`` with ``pamtopnm``) or JPEG."""
    return decode(bytes_through(to_pnm(img), commands))


def combine(images: Sequence[Image.Image], command: Sequence[str], after: Sequence[Sequence[str]] = ()) -> Image.Image:
    """One Netpbm program given ``images`` as files, in order, after its own arguments (``pamcat -topbottom A B
    C``, ``pamarith -multiply A B``, ``pnmpaste -replace A X Y B``: put ``{0}``, ``{1}`` … in ``command`` where a
    file goes in the middle), its output through ``after``."""
    with programs.pnm_files(images, "netpbm-") as paths:
        placed = [word.format(*paths) for word in command]
        argv = placed if any("{" in word for word in command) else [*placed, *paths]
        return decode(bytes_through(_call(argv), after))
