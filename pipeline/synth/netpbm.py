"""Netpbm as a degradation model written by others: a PIL image through a chain of Netpbm programs.

The held-out scanner styles made with it (:mod:`pipeline.synth.scanner_styles`: ``g3_fax``, ``folded``) use
Netpbm's own filters and codecs (Debian's ``netpbm`` package: ``pamscale``, ``pnmrotate``, ``pamthreshold``,
``pbmtog3``/``g3topbm``, ``pnmshear``, ``pgmramp``, ``pgmnoise``, ``pamarith``, ``pnmtojpeg`` …), a code base apart from
ImageMagick, augraphy, albumentations and our own ``scan_render``. Netpbm is a toolbox of small programs that read
and write PNM on stdin and stdout: :func:`run` pipes the page through a chain of them, :func:`bytes_through` does
the same for a byte stream (a G3 fax transmission), and :func:`combine` hands several images to one program that
takes files (``pamcat``, ``pamarith``, ``pnmpaste``) through a temporary folder.

Every program is called by its path under :data:`BIN` (never a bare name on ``PATH``), and it counts only if it
says it is Netpbm. Pages are the same bytes on every run: the noise program (``pgmnoise``) is given its seed, and
the others are deterministic.
"""

from __future__ import annotations

import functools
import io
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from PIL import Image

#: Where Debian's ``netpbm`` package installs its programs.
BIN = Path("/usr/bin")
#: A page takes a Netpbm program well under a second; more means something is wrong.
TIMEOUT_S = 120
#: What ``PROGRAM -version`` prints (on stderr) when the program is Netpbm's.
SIGNATURE = "Netpbm"


class NetpbmMissing(RuntimeError):
    """A Netpbm program is not under :data:`BIN`."""


@functools.cache
def program(name: str) -> str:
    """The path of Netpbm's ``name``, checked to be Netpbm's."""
    path = BIN / name
    if path.is_file():
        done = subprocess.run([str(path), "-version"], capture_output=True, text=True, timeout=TIMEOUT_S)
        if SIGNATURE in done.stderr + done.stdout:
            return str(path)
    raise NetpbmMissing(f"Netpbm's {name} is needed for the held-out scanner styles: install the Debian package "
                        f"netpbm (apt-get install netpbm); looked for {path}")


def _call(command: Sequence[str], data: bytes | None = None) -> bytes:
    """What the Netpbm program ``command[0]`` (run with the rest as its arguments, ``data`` on its stdin) writes."""
    done = subprocess.run([program(command[0]), *command[1:]], input=data, capture_output=True, timeout=TIMEOUT_S)
    if done.returncode != 0:
        raise RuntimeError(f"Netpbm {command[0]} failed ({done.returncode}): "
                           f"{done.stderr.decode(errors='replace')[:500]}")
    return done.stdout


def bytes_through(data: bytes, commands: Sequence[Sequence[str]]) -> bytes:
    """``data`` piped through ``commands`` (each an argv whose first word is a Netpbm program), in turn."""
    for command in commands:
        data = _call(command, data)
    return data


def to_pnm(img: Image.Image) -> bytes:
    """The image as raw PNM (PBM, PGM or PPM by its mode), what every Netpbm program reads."""
    buf = io.BytesIO()
    img.save(buf, "PPM")
    return buf.getvalue()


def decode(data: bytes) -> Image.Image:
    """A Netpbm program's output (PNM, or JPEG from ``pnmtojpeg``) as a PIL image."""
    page = Image.open(io.BytesIO(data))
    page.load()
    return page


def run(img: Image.Image, commands: Sequence[Sequence[str]]) -> Image.Image:
    """``img`` through a chain of Netpbm programs. The last must write PNM (not PAM: end a PAM writer such as
    ``pamthreshold`` with ``pamtopnm``) or JPEG."""
    return decode(bytes_through(to_pnm(img), commands))


def combine(images: Sequence[Image.Image], command: Sequence[str], after: Sequence[Sequence[str]] = ()) -> Image.Image:
    """One Netpbm program given ``images`` as files, in order, after its own arguments (``pamcat -topbottom A B
    C``, ``pamarith -multiply A B``, ``pnmpaste -replace A X Y B``: put ``{0}``, ``{1}`` … in ``command`` where a
    file goes in the middle), its output through ``after``."""
    with tempfile.TemporaryDirectory(prefix="netpbm-") as tmp:
        paths = []
        for i, img in enumerate(images):
            path = Path(tmp) / f"{i}.pnm"
            path.write_bytes(to_pnm(img))
            paths.append(str(path))
        placed = [word.format(*paths) for word in command]
        argv = placed if any("{" in word for word in command) else [*placed, *paths]
        return decode(bytes_through(_call(argv), after))
