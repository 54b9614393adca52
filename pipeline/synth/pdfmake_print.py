"""pdfmake's PDF of a document definition, for the ``pdfmake`` producer of the producer matrix (issue 13).

pdfmake runs in Node.js from a fixed directory that ``scripts/install_producers.sh`` fills once (pdfmake pinned,
from npm; never installed at generation time): ``$GONGKAI_NODE_PREFIX/node_modules/pdfmake``, by default under
``/opt/gongkai/node``. The script (``resources/pdfmake_print.js``) is given the fonts by their files, a face in a
collection by its PostScript name (as pdfkit's ``font(file, name)`` takes it).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

SCRIPT = Path(__file__).with_name("resources") / "pdfmake_print.js"
DEFAULT_PREFIX = "/opt/gongkai/node"
PRINT_TIMEOUT = 120
INSTALL_HINT = "run scripts/install_producers.sh (pdfmake from npm into $GONGKAI_NODE_PREFIX, node from Debian)"
_STYLES = ("normal", "bold", "italics", "bolditalics")


def pdfmake_dir() -> Path:
    """Where pdfmake is installed."""
    return Path(os.environ.get("GONGKAI_NODE_PREFIX") or DEFAULT_PREFIX) / "node_modules" / "pdfmake"


def font_entry(path: Path | str, postscript_name: str | None) -> dict[str, str | list[str]]:
    """pdfmake's entry for one face in every style (one face for all: a report's bold is the same face)."""
    source: str | list[str] = [str(path), postscript_name] if postscript_name else str(path)
    return dict.fromkeys(_STYLES, source)


def print_definition(definition: dict, fonts: dict[str, dict]) -> bytes:
    """The PDF pdfmake prints of ``definition`` with ``fonts`` (name → :func:`font_entry`)."""
    module, node = pdfmake_dir(), shutil.which("node")
    if node is None or not (module / "package.json").is_file():
        raise RuntimeError(f"pdfmake is not installed in {module}: {INSTALL_HINT}")
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "job.json", Path(tmp) / "report.pdf"
        src.write_text(json.dumps({"fonts": fonts, "definition": definition}, ensure_ascii=False), encoding="utf-8")
        done = subprocess.run([node, str(SCRIPT), str(module), str(src), str(out)], capture_output=True,
                              timeout=PRINT_TIMEOUT, check=False)
        if done.returncode != 0 or not out.is_file():
            raise RuntimeError(f"pdfmake failed ({done.returncode}): {done.stderr.decode(errors='replace')[-400:]}")
        return out.read_bytes()
