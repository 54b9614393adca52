"""OpenJPEG as a degradation model written by others: a page through a JPEG 2000 encoder at a low rate and back, as
archives keep their scans.

Archives and libraries store their scans as JPEG 2000 (the Library of Congress, national archives, and China's
digitisation projects: the format's lossy 9/7 wavelet keeps a master small), with several quality layers, and hand out
access copies decoded from the first layers only. What the wavelet coder does at a low rate (ringing round strokes,
hairlines and faint rules smeared or dropped, a tile's seam, colour bleeding from the 4:2:0-free but coarse chroma) is
code of its own, used by none of the other styles (whose lossy coders are JPEG's DCT and H.264). The held-out style
``archive_jpeg2000`` (:mod:`pipeline.synth.scanner_styles`) hands a scan to OpenJPEG's ``opj_compress`` and takes the
access copy back from ``opj_decompress``. Debian's ``libopenjp2-tools`` package installs both in ``/usr/bin``: they
are called by those paths (never a bare name on ``PATH``) and count only if their ``-h`` says they are OpenJPEG's
(found, run and their absence said by the shared :mod:`pipeline.synth.programs`). They read and write files by name
only: the page goes to them as a PNM in a temporary folder.

Pages are the same bytes on every run: nothing in OpenJPEG is random, and it runs on one thread (:data:`THREADS`).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

from PIL import Image

from . import programs

#: Where Debian's ``libopenjp2-tools`` package installs the encoder and the decoder.
COMPRESS, DECOMPRESS = Path("/usr/bin/opj_compress"), Path("/usr/bin/opj_decompress")
#: What their ``-h`` prints first (``This is the opj_compress utility from the OpenJPEG project.``).
SIGNATURE = "utility from the OpenJPEG project"
#: Threads for the encoder and the decoder: one (the machine is shared).
THREADS = "1"


class OpenJPEGMissing(programs.ToolMissing):
    """``opj_compress`` or ``opj_decompress`` is not in ``/usr/bin``, or it is not OpenJPEG's."""


@functools.cache
def binaries() -> tuple[str, str]:
    """The paths of OpenJPEG's encoder and decoder, each checked to be OpenJPEG's."""
    return tuple(programs.find([path], ["-h"], f"{path.name} {SIGNATURE}", OpenJPEGMissing, f"OpenJPEG's {path.name}",
                               "libopenjp2-tools", needed_for="the held-out scanner style archive_jpeg2000")
                 for path in (COMPRESS, DECOMPRESS))


def round_trip(img: Image.Image, encode: Sequence[str], decode: Sequence[str] = ()) -> Image.Image:
    """``img`` (grey or RGB) coded as a JP2 file by ``opj_compress`` with the options ``encode`` (rates, wavelet,
    tiles …) and decoded by ``opj_decompress`` with ``decode`` (e.g. ``-l 1``: the first quality layer only); the
    same mode back, its size kept unless ``decode`` reduces it."""
    compress, decompress = binaries()
    mode = "L" if img.mode in ("1", "L") else "RGB"
    suffix = ".pgm" if mode == "L" else ".ppm"
    with programs.pnm_files([img.convert(mode)], "openjpeg-") as (src,):
        folder = Path(src).parent
        coded, out = folder / "page.jp2", folder / f"back{suffix}"
        Path(src).rename(folder / f"in{suffix}")
        src = str(folder / f"in{suffix}")
        programs.run([compress, "-i", src, "-o", str(coded), "-threads", THREADS, *encode], name="opj_compress")
        programs.run([decompress, "-i", str(coded), "-o", str(out), "-threads", THREADS, "-quiet", *decode],
                     name="opj_decompress")
        if not out.is_file():
            raise RuntimeError("opj_decompress failed: it wrote no page")
        return programs.decode(out.read_bytes()).convert(mode)
