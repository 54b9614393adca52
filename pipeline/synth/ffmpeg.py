"""FFmpeg as a degradation model written by others: a PIL image through an FFmpeg filter graph, and through its
video encoders.

FFmpeg is what records, streams and re-encodes the video of meetings, lessons and document cameras; its filters
(``perspective``, ``lenscorrection``, ``vignette``, ``noise``, ``unsharp``, ``rotate``, ``gblur`` …) and its encoders
(libx264's H.264, MJPEG) are code of its own, used by none of the other styles. The held-out scanner styles made
with it (:mod:`pipeline.synth.scanner_styles`: ``document_camera``; the grey scan of ``cleaned_scan``) hand it the
page as PNG on stdin and take PNG (or an encoded stream, for :func:`video_still`) back on stdout. Debian's ``ffmpeg``
package installs ``/usr/bin/ffmpeg``: it is called by that path (never a bare name on ``PATH``) and counts only if
its ``-version`` says FFmpeg (found, run and its absence said by the shared :mod:`pipeline.synth.programs`).

Pages are the same bytes on every run: the ``noise`` filter is seeded (``all_seed``), and FFmpeg, its filters and
libx264 run on one thread (:data:`THREADS`: the machine is shared; one thread also keeps x264's decisions fixed).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from pathlib import Path

from PIL import Image

from . import programs

#: Where Debian's ``ffmpeg`` package installs the program.
BINARY = Path("/usr/bin/ffmpeg")
#: What ``ffmpeg -version`` prints first when the program is FFmpeg (``ffmpeg version 5.1.9-0+deb12u1``).
SIGNATURE = "ffmpeg version"
#: Threads for FFmpeg's decoders, filters and encoders: one.
THREADS = "1"


class FFmpegMissing(programs.ToolMissing):
    """``ffmpeg`` is not at :data:`BINARY`, or it is not FFmpeg."""


@functools.cache
def binary() -> str:
    """The path of FFmpeg's ``ffmpeg``, checked to be FFmpeg."""
    return programs.find([BINARY], ["-version"], SIGNATURE, FFmpegMissing, "FFmpeg", "ffmpeg",
                         needed_for="the held-out scanner styles document_camera and cleaned_scan")


def png(img: Image.Image) -> bytes:
    """The image as a PNG, quickly compressed (it only crosses a pipe)."""
    buf = io.BytesIO()
    img.save(buf, "PNG", compress_level=1)
    return buf.getvalue()


def run(data: bytes, demuxer: str, filters: str, output: Sequence[str]) -> bytes:
    """One frame: ``data`` read by the ``demuxer`` (``png_pipe``, ``h264`` …), through the filter graph ``filters``,
    written to stdout as ``output`` says (codec, its options and ``-f`` the muxer)."""
    cmd = [binary(), "-hide_banner", "-nostats", "-loglevel", "error", "-filter_threads", THREADS,
           "-threads", THREADS, "-f", demuxer, "-i", "-", "-vf", filters, "-frames:v", "1", "-threads", THREADS,
           *output, "-"]
    out = programs.run(cmd, data, name="FFmpeg")
    if not out:
        raise RuntimeError("FFmpeg failed: it wrote no frame")
    return out


def filtered(img: Image.Image, filters: str, output: Sequence[str] = ("-c:v", "png", "-f", "image2pipe")) -> Image.Image:
    """``img`` through the filter graph ``filters``, decoded by PIL (PNG unless ``output`` names another codec, e.g.
    ``-c:v mjpeg -q:v 5`` for FFmpeg's own JPEG)."""
    return programs.decode(run(png(img), "png_pipe", filters, output))


def video_still(img: Image.Image, filters: str, encoder: Sequence[str], after: str) -> Image.Image:
    """``img`` through ``filters`` as one frame of a video (the filters end in the encoder's pixel format), encoded
    as H.264 by libx264 with ``encoder``'s options, then decoded by FFmpeg's H.264 decoder and put through ``after``
    (a filter graph ending in ``format=rgb24`` or ``format=gray``): a still taken from the video."""
    stream = run(png(img), "png_pipe", filters, ["-c:v", "libx264", *encoder, "-f", "h264"])
    return programs.decode(run(stream, "h264", after, ["-c:v", "png", "-f", "image2pipe"]))
