"""Files for the review page: documents read only from under the served folder, gold written atomically.

The browser never names a path: it names a document by its id, and the server maps the id to a location it
found itself. Even so, every read goes through :func:`inside` (symlinks resolved), because a record's
``path`` (from a store or a records file) is data, not a promise.
"""

from __future__ import annotations

import os
import re
import tempfile
import zipfile
from pathlib import Path

from ..inputs import member_info, os_path, size_error

#: A file name we write: no separators, no leading dot, nothing that is not a plain name.
_UNSAFE_NAME = re.compile(r"[\\/\x00-\x1f]|^\.|^$")


class Refused(Exception):
    """A read or write outside what the review page may touch."""


def inside(root: Path, path: Path | str) -> Path:
    """``path`` resolved (symlinks followed), if it lies under ``root``; :class:`Refused` otherwise."""
    root = Path(root).resolve()
    candidate = Path(os_path(str(path)))
    if not candidate.is_absolute():
        candidate = root / candidate
    try:
        resolved = candidate.resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        raise Refused(f"no such file under the served folder: {path}") from exc
    if not resolved.is_relative_to(root):
        raise Refused(f"{path} is outside the served folder {root}")
    return resolved


def split_location(location: str) -> tuple[str, str | None]:
    """``archive.zip!member`` (how a batch names a zip member) → (archive, member); a file → (file, None)."""
    if "!" in location:
        archive, member = location.split("!", 1)
        if archive.lower().endswith(".zip") or zipfile.is_zipfile(archive):
            return archive, member
    return location, None


def read_location(root: Path, location: str, max_bytes: int) -> bytes:
    """The bytes of a document (a file, or a member of a zip archive) under ``root``."""
    path, member = split_location(location)
    resolved = inside(root, path)
    if not resolved.is_file():
        raise Refused(f"{location} is not a file")
    if member is None:
        if size_error(resolved.stat().st_size, max_bytes):
            raise Refused(f"{location}: {size_error(resolved.stat().st_size, max_bytes)}")
        return resolved.read_bytes()
    with zipfile.ZipFile(resolved) as archive:
        try:
            holder, info = member_info(archive, member, max_bytes)
        except KeyError as exc:
            raise Refused(f"{location}: {exc.args[0]}") from exc
        if size_error(info.file_size, max_bytes):
            raise Refused(f"{location}: {size_error(info.file_size, max_bytes)}")
        return holder.read(info)


def safe_name(name: str) -> str:
    """A document's base name as a file name to write in the corpus; :class:`Refused` for anything else."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    if _UNSAFE_NAME.search(base) or base in {".", ".."}:
        raise Refused(f"not a file name to write: {name!r}")
    return base


def stem(name: str) -> str:
    """``report.scan_pdf.pdf`` → ``report.scan_pdf``: the NAME of ``NAME.gold.json`` beside the document."""
    return name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, flush it to disk, then rename it over ``path``: a reader
    (or ``gongkai train``) sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, _FILE_MODE & ~_umask())  # mkstemp makes 0600; gold is shared like any file written
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _sync_dir(path.parent)


#: The mode of a new file before the umask, as open() gives it.
_FILE_MODE = 0o666


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def append_line(path: Path, line: str) -> None:
    """Append one line in one write (O_APPEND), flushed to disk: the log is only ever added to."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, (line.rstrip("\n") + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_dir(folder: Path) -> None:
    """The rename itself survives a crash only once the folder is flushed (POSIX; a no-op elsewhere)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
