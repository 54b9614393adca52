"""An external image program a scanner style hands its page to: found by its path, checked to be that program,
run on bytes, and its absence or failure said plainly.

One home for what :mod:`.magick`, :mod:`.netpbm`, :mod:`.graphicsmagick`, :mod:`.vips`, :mod:`.ghostscript`,
:mod:`.ffmpeg`, :mod:`.unpaper` and :mod:`.openjpeg` each did their own way (and for the "not installed" error :mod:`.doxa`
and :mod:`.scikit_image` share); each of them keeps only its own: which paths, which
signature, which command line, which formats. A program is never called by a bare name on ``PATH`` (a
stand-in may shadow it there) and counts only if what its version option prints names it. Nothing is written
to disk but the files a program can only read by name (:func:`pnm_files`).
"""

from __future__ import annotations

import io
import os
import subprocess
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from PIL import Image

#: A page takes any of these programs well under a second or two; more means something is wrong.
TIMEOUT_S = 120


class ToolMissing(RuntimeError):
    """A degradation tool written by others (a program, or doxapy) is not installed; the message says how to
    install it, so a missing package is told apart from a failing style."""


def find(paths: Sequence[str | Path], version: Sequence[str], signature: str, missing: type[ToolMissing],
         what: str, package: str, needed_for: str = "the held-out scanner styles") -> str:
    """The first of ``paths`` that is an executable file whose ``PATH VERSION...`` output (stdout or stderr)
    holds ``signature``; else ``missing``, saying that ``what`` is needed for ``needed_for`` and which Debian
    ``package`` to install."""
    for path in map(str, paths):
        if not Path(path).is_file() or not os.access(path, os.X_OK):
            continue
        done = subprocess.run([path, *version], capture_output=True, text=True, timeout=TIMEOUT_S)
        if signature in done.stdout + done.stderr:
            return path
    raise missing(f"{what} is needed for {needed_for}: install the Debian package {package} "
                  f"(apt-get install {package}); looked for {', '.join(map(str, paths))}")


def run(argv: Sequence[str], data: bytes | None = None, *, name: str,
        env: Mapping[str, str] | None = None, timeout: float = TIMEOUT_S) -> bytes:
    """What ``argv`` writes to stdout with ``data`` on its stdin (``env`` added to this process's environment,
    e.g. a thread limit); a non-zero exit is a ``RuntimeError`` naming the program ``name`` and its stderr."""
    extra = {"env": {**os.environ, **env}} if env else {}
    done = subprocess.run(list(argv), input=data, capture_output=True, timeout=timeout, **extra)
    if done.returncode != 0:
        raise RuntimeError(f"{name} failed ({done.returncode}): {done.stderr.decode(errors='replace')[:500]}")
    return done.stdout


def decode(data: bytes) -> Image.Image:
    """A program's output (PNM, PNG or JPEG) as a PIL image, read in full."""
    page = Image.open(io.BytesIO(data))
    page.load()
    return page


def to_pnm(img: Image.Image) -> bytes:
    """The image as raw PNM (PBM, PGM or PPM by its mode): what Netpbm reads, and what GraphicsMagick reads
    without the cost of compression."""
    buf = io.BytesIO()
    img.save(buf, "PPM")
    return buf.getvalue()


@contextmanager
def pnm_files(images: Sequence[Image.Image], prefix: str) -> Iterator[list[str]]:
    """``images`` as PNM files ``0.pnm``, ``1.pnm`` … in a temporary folder (removed afterwards), for a
    program that takes several images by name."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        paths = []
        for i, img in enumerate(images):
            path = Path(tmp) / f"{i}.pnm"
            path.write_bytes(to_pnm(img))
            paths.append(str(path))
        yield paths
