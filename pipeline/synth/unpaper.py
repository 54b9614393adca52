"""unpaper as a degradation model written by others: the post-processing that archives and scanning software run
on scanned sheets before they file them.

unpaper cleans a scan: it removes black areas along the edges (the scanner's lid: ``blackfilter``), lone specks and
tiny clusters of dark pixels (``noisefilter``), sparse dirt (``blurfilter``) and areas with no dark pixel at all
(``grayfilter``), finds the printed area and wipes what lies outside it (``mask-scan``), straightens the sheet
(``deskew``, resampled by its own interpolation) and centres the print (``border-scan``, ``border-align``). What a
scan loses to it (a faint rule wiped as grey, a full stop taken for a speck, a stroke or a margin cut with the
border) is the degradation the held-out style ``cleaned_scan`` (:mod:`pipeline.synth.scanner_styles`) models.
Debian's ``unpaper`` package installs ``/usr/bin/unpaper``: it is called by that path (never a bare name on
``PATH``) and counts only if its ``--help`` says unpaper (found, run and its absence said by the shared
:mod:`pipeline.synth.programs`). It reads and writes files by name only: the page goes to it as a PGM in a
temporary folder, and the cleaned PGM comes back.

Pages are the same bytes on every run: nothing in unpaper is random.
"""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Sequence
from pathlib import Path

from PIL import Image

from . import programs

#: Where Debian's ``unpaper`` package installs the program.
BINARY = Path("/usr/bin/unpaper")
#: What ``unpaper --help`` prints first when the program is unpaper (``unpaper 7.0.0``).
SIGNATURE = "unpaper "


class UnpaperMissing(programs.ToolMissing):
    """``unpaper`` is not at :data:`BINARY`, or it is not unpaper."""


@functools.cache
def binary() -> str:
    """The path of ``unpaper``, checked to be unpaper."""
    return programs.find([BINARY], ["--help"], SIGNATURE, UnpaperMissing, "unpaper", "unpaper",
                         needed_for="the held-out scanner style cleaned_scan")


def clean(img: Image.Image, options: Sequence[str] = ()) -> Image.Image:
    """The grey page as unpaper cleans it, one sheet of one page (``--layout single``), with ``options`` (its
    filters' settings, or ``--no-…`` switches) after its defaults; grey out, the sheet's size kept."""
    with tempfile.TemporaryDirectory(prefix="unpaper-") as tmp:
        src, out = Path(tmp) / "in.pgm", Path(tmp) / "out.pgm"
        src.write_bytes(programs.to_pnm(img.convert("L")))
        programs.run([binary(), "--layout", "single", "--overwrite", "--quiet", "--type", "pgm", *options,
                      str(src), str(out)], name="unpaper")
        if not out.is_file():
            raise RuntimeError("unpaper failed: it wrote no page")
        page = Image.open(out)
        page.load()
        return page
