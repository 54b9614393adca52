"""Which files are documents, how large one may be, and its content hash: one rule for every command.

``extract``, ``batch``, ``review`` and ``train`` all list their inputs here: files under folders (hidden ones,
``__MACOSX`` and the gold and label files beside reports skipped) and members of zip archives, each with its
content hash.

The hash is taken here, before any work is scheduled, so that duplicates and documents already in the store
are skipped without being read twice. A zip member larger than the size limit is never decompressed (a zip
bomb costs nothing); it becomes an error record.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_CHUNK = 1 << 20
_MB = 1024 * 1024
#: Text and HTML reports are well under this; larger inputs are refused unread (change with --max-mb).
DEFAULT_MAX_BYTES = 20 * _MB
#: ``NAME.gold.json`` beside a document holds its gold record; ``NAME.labels.json`` its prose labels.
GOLD_SUFFIX = ".gold.json"
LABELS_SUFFIX = ".labels.json"
#: Files that sit beside reports but are never reports.
NOT_DOCUMENTS = (GOLD_SUFFIX, LABELS_SUFFIX)


def max_bytes_of(megabytes: float) -> int:
    """``--max-mb`` in bytes."""
    return int(megabytes * _MB)


def add_max_mb_option(parser) -> None:
    """The ``--max-mb`` option, the same for every command that reads documents."""
    parser.add_argument("--max-mb", type=float, default=DEFAULT_MAX_BYTES / _MB,
                        help="refuse documents larger than this many MB, unread (default %(default).0f)")


def size_error(size: int, max_bytes: int) -> str | None:
    """Why a document of ``size`` bytes is refused, or None when it is within the limit."""
    if size <= max_bytes:
        return None
    return (f"the file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit for one report "
            "(raise it with --max-mb)")


def gold_path(document: Path) -> Path:
    """``NAME.gold.json`` for ``NAME.EXT``."""
    return document.with_name(document.stem + GOLD_SUFFIX)


@dataclass(frozen=True)
class Item:
    """One document to process: a file, or a member of a zip archive."""

    path: str  # the file, or the zip archive holding the member
    member: str | None
    size: int
    sha256: str  # of the content; for content too large to read, of its location and size

    @property
    def source(self) -> str:
        return Path(self.member or self.path).name

    @property
    def location(self) -> str:
        return f"{self.path}!{self.member}" if self.member else self.path

    def read(self) -> bytes:
        if self.member is None:
            return Path(self.path).read_bytes()
        return _archive(self.path).read(self.member)


@lru_cache(maxsize=4)
def _archive(path: str) -> zipfile.ZipFile:
    """Open archives stay open: reopening a large zip for every member reads its directory every time."""
    return zipfile.ZipFile(path)


def is_document_name(name: str) -> bool:
    """A path (relative to a folder given, or inside an archive) that may hold a report."""
    parts = Path(name).parts
    return not any(p.startswith(".") or p == "__MACOSX" for p in parts) and not name.endswith(NOT_DOCUMENTS)


def walk(paths: list[Path]) -> Iterator[Path]:
    """Files as given and every document file under folders (recursively, sorted). Raises FileNotFoundError."""
    for path in paths:
        if path.is_dir():
            yield from (p for p in sorted(path.rglob("*")) if p.is_file() and is_document_name(str(p.relative_to(path))))
        elif path.is_file():
            yield path
        else:
            raise FileNotFoundError(path)


def items(paths: list[Path], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Every document under ``paths``; zip archives are opened and their members listed."""
    for path in walk(paths):
        if zipfile.is_zipfile(path) and not _is_office_file(path):
            yield from _members(path, max_bytes)
        else:
            size = path.stat().st_size
            yield Item(str(path), None, size, _file_hash(path, size, max_bytes))


def _is_office_file(path: Path) -> bool:
    """A .docx/.xlsx is a zip too, but it is one document."""
    try:
        with zipfile.ZipFile(path) as archive:
            return "[Content_Types].xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def _members(path: Path, max_bytes: int) -> Iterator[Item]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        yield Item(str(path), None, path.stat().st_size, _file_hash(path, path.stat().st_size, max_bytes))
        return
    with archive:
        for info in archive.infolist():
            if info.is_dir() or not is_document_name(info.filename):
                continue
            if size_error(info.file_size, max_bytes):
                digest = _location_hash(f"{path}!{info.filename}", info.file_size)
            else:
                try:
                    digest = hashlib.sha256(archive.read(info)).hexdigest()
                except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as exc:
                    digest = _location_hash(f"{path}!{info.filename}:{type(exc).__name__}", info.file_size)
            yield Item(str(path), info.filename, info.file_size, digest)


def _file_hash(path: Path, size: int, max_bytes: int) -> str:
    if size_error(size, max_bytes):
        return _location_hash(str(path.resolve()), size)
    return sha256_file(path)


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """The file's SHA-256, read in chunks (a file may be larger than memory should hold)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _location_hash(location: str, size: int) -> str:
    return hashlib.sha256(f"unread:{location}:{size}".encode()).hexdigest()
