"""The external tools the scanner styles hand their pages to (ImageMagick, Netpbm, GraphicsMagick, doxapy, libvips,
Ghostscript, FFmpeg, unpaper, scikit-image, OpenJPEG), as
:mod:`pipeline.synth.programs` finds and checks them: a missing one is said plainly, naming what to install,
and a stand-in at a program's path that is another program does not count."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PIL import Image

from pipeline.synth import (
    doxa,
    ffmpeg,
    ghostscript,
    graphicsmagick,
    magick,
    netpbm,
    openjpeg,
    scikit_image,
    unpaper,
    vips,
)
from pipeline.synth.programs import ToolMissing


def _missing_magick(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(magick, "CANDIDATES", (str(tmp_path / "convert-im6.q16"),))
    magick.binary()


def _missing_binary(module, name: str):
    """A program that one ``BINARY`` path names (GraphicsMagick, libvips, Ghostscript, FFmpeg, unpaper), pointed at
    an empty folder."""
    def make_missing(monkeypatch, tmp_path: Path) -> None:
        monkeypatch.setattr(module, "BINARY", tmp_path / name)
        module.binary()
    return make_missing


def _missing_netpbm(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(netpbm, "BIN", tmp_path)
    netpbm.program("pbmtog3")


def _missing_doxapy(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "doxapy", None)  # import doxapy now raises ImportError
    doxa.binarise(Image.new("L", (8, 8), 200), "SAUVOLA", 3, 0.2)


def _missing_openjpeg(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(openjpeg, "COMPRESS", tmp_path / "opj_compress")
    openjpeg.binaries()


def _missing_scikit_image(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "skimage", None)  # import skimage now raises ImportError
    scikit_image.load()


@pytest.fixture
def fresh_lookups():
    """The program lookups are cached per process: cleared before and after, so no test sees another's path."""
    lookups = (magick.binary, graphicsmagick.binary, netpbm.program, vips.binary, ghostscript.binary, ffmpeg.binary,
               unpaper.binary, openjpeg.binaries)
    for lookup in lookups:
        lookup.cache_clear()
    yield
    for lookup in lookups:
        lookup.cache_clear()


@pytest.mark.parametrize(("make_missing", "error", "install"), [
    (_missing_magick, magick.MagickMissing, "apt-get install imagemagick"),
    (_missing_binary(graphicsmagick, "gm"), graphicsmagick.GraphicsMagickMissing, "apt-get install graphicsmagick"),
    (_missing_netpbm, netpbm.NetpbmMissing, "apt-get install netpbm"),
    (_missing_doxapy, doxa.DoxaMissing, r"pip install 'gongkai\[synth\]'"),
    (_missing_binary(vips, "vips"), vips.VipsMissing, "apt-get install libvips-tools"),
    (_missing_binary(ghostscript, "gs"), ghostscript.GhostscriptMissing, "apt-get install ghostscript"),
    (_missing_binary(ffmpeg, "ffmpeg"), ffmpeg.FFmpegMissing, "apt-get install ffmpeg"),
    (_missing_binary(unpaper, "unpaper"), unpaper.UnpaperMissing, "apt-get install unpaper"),
    (_missing_openjpeg, openjpeg.OpenJPEGMissing, "apt-get install libopenjp2-tools"),
    (_missing_scikit_image, scikit_image.ScikitImageMissing, r"pip install 'gongkai\[synth\]'"),
], ids=["imagemagick", "graphicsmagick", "netpbm", "doxapy", "libvips", "ghostscript", "ffmpeg", "unpaper", "openjpeg",
        "scikit-image"])
def test_a_missing_tool_says_which_package_to_install(monkeypatch, tmp_path, fresh_lookups, make_missing, error,
                                                      install):
    with pytest.raises(error, match=install) as caught:
        make_missing(monkeypatch, tmp_path)
    assert isinstance(caught.value, ToolMissing)


def test_a_stand_in_at_the_path_that_is_another_program_does_not_count(monkeypatch, tmp_path, fresh_lookups):
    """An executable at ImageMagick's path that says it is GraphicsMagick (whose ``convert`` lacks operators the
    styles use) is passed over for the next candidate; a file there that cannot run is passed over too."""
    stand_in = tmp_path / "convert-im6.q16"
    stand_in.write_text("#!/bin/sh\necho 'GraphicsMagick 1.3.40 2022-11-19 Q16 http://www.GraphicsMagick.org/'\n")
    stand_in.chmod(0o755)
    idle = tmp_path / "magick"
    idle.write_text("#!/bin/sh\necho 'Version: ImageMagick 6.9.11-60'\n")  # the right words, but not executable
    real = magick.binary()
    magick.binary.cache_clear()
    monkeypatch.setattr(magick, "CANDIDATES", (str(stand_in), str(idle), real))
    assert magick.binary() == real
