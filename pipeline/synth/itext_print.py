"""iText 5's PDF of a job :mod:`pipeline.synth.itext_markup` wrote, for the ``itext`` producer (issue 13).

The Java program is a resource of the package (``resources/ItextReport.java``), compiled once with the JDK's
``javac`` against Debian's jars into a cache directory named by the source's hash (so an edited program is
compiled again), then run with ``java`` per document. Nothing is downloaded: ``scripts/install_producers.sh``
installs the jars (``libitext5-java``, ``libgoogle-gson-java``).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .script_print import FontUnusable, cache_dir

SOURCE = Path(__file__).with_name("resources") / "ItextReport.java"
MAIN_CLASS = "ItextReport"
#: Debian's jars: iText 5 and Gson (the job is JSON).
JARS = (Path("/usr/share/java/itext5.jar"), Path("/usr/share/java/gson.jar"))
#: The program's exit status when iText cannot use the font (a font format it does not read).
FONT_UNUSABLE = 3
#: Seconds for compiling the program, and for printing one document.
COMPILE_TIMEOUT = 300
PRINT_TIMEOUT = 120
#: The JVM's heap: a CJK face of 20 MB is read whole.
JAVA_OPTIONS = ("-Xmx512m", "-Xss4m", "-Djava.awt.headless=true")
INSTALL_HINT = "run scripts/install_producers.sh (Debian libitext5-java, libgoogle-gson-java and a JDK)"


def _classpath(*extra: Path) -> str:
    missing = [str(jar) for jar in JARS if not jar.is_file()]
    if missing:
        raise RuntimeError(f"{', '.join(missing)} not installed: {INSTALL_HINT}")
    return os.pathsep.join(str(p) for p in (*JARS, *extra))


def _executable(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise RuntimeError(f"{name} not found: {INSTALL_HINT}")
    return path


def compiled() -> Path:
    """The directory holding the compiled program, compiling it first if this source has not been."""
    source = SOURCE.read_bytes()
    target = cache_dir("itext") / hashlib.sha256(source).hexdigest()[:16]
    if (target / f"{MAIN_CLASS}.class").is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=target.parent))
    try:
        done = subprocess.run([_executable("javac"), "-nowarn", "-encoding", "UTF-8", "-cp", _classpath(),
                               "-d", str(work), str(SOURCE)], capture_output=True, timeout=COMPILE_TIMEOUT, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"javac failed: {done.stderr.decode(errors='replace')[-400:]}")
        try:
            work.rename(target)  # another process may have compiled it meanwhile: theirs is the same
        except OSError:
            if not (target / f"{MAIN_CLASS}.class").is_file():
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def print_job(job: dict) -> bytes:
    """The PDF iText prints of ``job``; :class:`FontUnusable` when iText cannot read the font."""
    classes = compiled()
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "job.json", Path(tmp) / "report.pdf"
        src.write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")
        done = subprocess.run([_executable("java"), *JAVA_OPTIONS, "-cp", _classpath(classes), MAIN_CLASS, str(src),
                               str(out)], capture_output=True, timeout=PRINT_TIMEOUT, check=False)
        message = done.stderr.decode(errors="replace")[-400:]
        if done.returncode == FONT_UNUSABLE:
            raise FontUnusable(message)
        if done.returncode != 0 or not out.is_file():
            raise RuntimeError(f"iText failed ({done.returncode}): {message}")
        return out.read_bytes()
