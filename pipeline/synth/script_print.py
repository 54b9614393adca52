"""PDFs printed by small programs in other languages from a JSON job :mod:`pipeline.synth.article_json` wrote:
the ``tcpdf`` (PHP), ``prawn`` (Ruby) and ``jspdf`` (JavaScript on Node.js) producers of the producer matrix
(issue 13).

Each program is a resource of the package, run by its Debian interpreter as ``PROGRAM job.json out.pdf``;
nothing is downloaded (``scripts/install_producers.sh`` installs ``php-cli``, ``php-tcpdf``, ``ruby-prawn`` and
``ruby-prawn-table``; jsPDF and jspdf-autotable, pinned, from npm into the fixed prefix pdfmake is in,
:func:`pipeline.synth.pdfmake_print.pdfmake_dir`'s ``node_modules``, named in the job as ``modules``). TCPDF
converts a TrueType face once (``TCPDF_FONTS::addTTFfont``) into a cache directory,
``$XDG_CACHE_HOME/gongkai/tcpdf`` (``~/.cache/gongkai/tcpdf``), where faces cut out of a collection are kept too
(jsPDF's faces cut out of a collection are kept in ``$XDG_CACHE_HOME/gongkai/jspdf``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

RESOURCES = Path(__file__).with_name("resources")
TCPDF_PROGRAM = RESOURCES / "tcpdf_report.php"
PRAWN_PROGRAM = RESOURCES / "prawn_report.rb"
JSPDF_PROGRAM = RESOURCES / "jspdf_report.js"
#: The programs' exit status when the tool cannot use the font (a format it does not read).
FONT_UNUSABLE = 3
#: Seconds for one document; TCPDF's first use of a large CJK face converts it (tens of seconds).
PRINT_TIMEOUT = 300
INSTALL_HINT = "run scripts/install_producers.sh (Debian php-cli, php-tcpdf, ruby-prawn, ruby-prawn-table)"


class FontUnusable(RuntimeError):
    """The tool (iText, TCPDF, Prawn, jsPDF) cannot use the font's file."""


def cache_dir(tool: str) -> Path:
    """Where ``tool``'s converted fonts or compiled program are kept: ``$XDG_CACHE_HOME/gongkai/TOOL``."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "gongkai" / tool


def _run(interpreter: str, program: Path, job: dict) -> bytes:
    """The PDF ``program`` prints of ``job``; :class:`FontUnusable` when it cannot use the font."""
    executable = shutil.which(interpreter)
    if executable is None:
        raise RuntimeError(f"{interpreter} not found: {INSTALL_HINT}")
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "job.json", Path(tmp) / "report.pdf"
        src.write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")
        done = subprocess.run([executable, str(program), str(src), str(out)], capture_output=True,
                              timeout=PRINT_TIMEOUT, check=False)
        message = (done.stderr or done.stdout).decode(errors="replace")[-400:]
        if done.returncode == FONT_UNUSABLE:
            raise FontUnusable(message)
        if done.returncode != 0 or not out.is_file() or not out.stat().st_size:
            raise RuntimeError(f"{program.name} failed ({done.returncode}): {message}")
        return out.read_bytes()


def tcpdf_pdf(job: dict) -> bytes:
    """TCPDF's PDF of ``job`` (its ``fonts``: ``face``, ``fallback`` TrueType files, ``cache`` a directory)."""
    return _run("php", TCPDF_PROGRAM, job)


def prawn_pdf(job: dict) -> bytes:
    """Prawn's PDF of ``job`` (its ``fonts``: ``face``, ``fallback`` as ``{"file", "index"}``)."""
    return _run("ruby", PRAWN_PROGRAM, job)


def jspdf_pdf(job: dict) -> bytes:
    """jsPDF's PDF of ``job`` (its ``fonts``: ``face``, ``fallback`` TrueType files of one face each); the node
    modules are those of the fixed prefix ``scripts/install_producers.sh`` fills."""
    from .pdfmake_print import pdfmake_dir

    modules = pdfmake_dir().parent
    if not all((modules / name / "package.json").is_file() for name in ("jspdf", "jspdf-autotable")):
        raise RuntimeError(f"jspdf and jspdf-autotable are not installed in {modules}: run scripts/install_producers.sh")
    return _run("node", JSPDF_PROGRAM, {**job, "modules": str(modules)})
