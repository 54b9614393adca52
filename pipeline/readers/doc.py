"""Old Word reports (.doc): converted to .docx by LibreOffice headless, then read by the .docx reader.

A .doc is an OLE compound file, and so are .xls and .ppt: the streams inside tell them apart (a Word file
has a ``WordDocument`` stream), so an Excel sheet is never handed to Word. Each conversion runs in its own
temporary folder with its own LibreOffice profile (``-env:UserInstallation``): conversions in parallel
workers, or beside a LibreOffice the user has open, never share a profile lock. A time limit ends a
conversion that hangs, with the whole process group (``soffice`` starts ``soffice.bin`` under it).
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

import olefile

from ..document import Document
from ..errors import ExtractionError
from . import docx
from .formats import FormatOption

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Seconds one conversion may take (a 20-page report takes about 1 s on one core).
TIMEOUT_S = 60.0
INSTALL_HINT = ("install LibreOffice Writer (Debian/Ubuntu: apt-get install libreoffice-writer-nogui) so that "
                "`soffice` is on the PATH, or save the file as .docx")
#: The stream that makes an OLE file a Word document, and those of other Office files (a readable name each).
WORD_STREAM = "worddocument"
_OTHER_STREAMS = {"workbook": "an Excel workbook (.xls)", "book": "an Excel workbook (.xls)",
                  "powerpoint document": "a PowerPoint file (.ppt)"}


def ole_kind(data: bytes) -> str:
    """``word``, a readable name of another Office file, or ``an OLE file of unknown content``."""
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            streams = {"/".join(entry).lower() for entry in ole.listdir()}
    except (OSError, ValueError) as exc:  # olefile raises OSError (NotOleFileError) for a broken container
        raise ExtractionError("unreadable", f"the old Office (OLE) file is damaged: {exc}") from exc
    if WORD_STREAM in streams:
        return "word"
    for stream, name in _OTHER_STREAMS.items():
        if stream in streams:
            return name
    return "an OLE file of unknown content"


def find_soffice() -> str | None:
    """The LibreOffice command on the PATH (Debian names it ``soffice``, some systems ``libreoffice``)."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(files: list[Path], target: str, outdir: Path, timeout: float = TIMEOUT_S) -> str:
    """Convert ``files`` with LibreOffice into ``outdir`` (``target``: ``docx``, ``doc`` …); its stderr.

    The profile lives in a fresh temporary folder, so no lock is shared with another conversion.
    """
    soffice = find_soffice()
    if soffice is None:
        raise ExtractionError("unsupported_format", f"the file is a Word 97-2003 document (.doc): {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="gongkai-lo-") as profile:
        command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                   "--nologo", "--nolockcheck", "--convert-to", target, "--outdir", str(outdir),
                   *map(str, files)]
        return _run(command, timeout)


def to_docx(data: bytes, timeout: float = TIMEOUT_S) -> bytes:
    """The .docx bytes LibreOffice makes of a .doc; :class:`ExtractionError` when it cannot."""
    with tempfile.TemporaryDirectory(prefix="gongkai-doc-") as tmp:
        folder = Path(tmp)
        source, out = folder / "report.doc", folder / "out"
        source.write_bytes(data)
        stderr = convert([source], "docx:MS Word 2007 XML", out, timeout)
        converted = out / "report.docx"
        if not converted.is_file() or converted.stat().st_size == 0:
            lines = [line for line in stderr.splitlines() if line.strip() and "javaldx" not in line]
            detail = lines[-1].strip() if lines else "no output file"
            raise ExtractionError("unreadable", f"LibreOffice could not convert the .doc file ({detail})")
        return converted.read_bytes()


def _run(command: list[str], timeout: float) -> str:
    """Run LibreOffice in its own process group; its stderr. The whole group is killed on timeout."""
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise ExtractionError("unreadable", f"LibreOffice did not convert the .doc file within {timeout:g} s") from exc
    return stderr.decode("utf-8", "replace")


def read(data: bytes, source: str) -> Document:
    kind = ole_kind(data)
    if kind != "word":
        raise ExtractionError("unsupported_format", f"the file is {kind}; this version of gongkai reads HTML, "
                              "text, PDF and Word (.docx, .doc) reports")
    doc = docx.read(to_docx(data), source)
    doc.format = "doc"
    return doc


#: An OLE container: the reader tells Word from Excel and PowerPoint by its streams.
FORMAT = FormatOption("ole", "an OLE container (Word 97-2003, Excel, PowerPoint)", magic=(OLE_MAGIC,), read=read)
