"""What a batch reads: files under folders and members of zip archives, each with its content hash.

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

from .extract import DEFAULT_MAX_BYTES

_CHUNK = 1 << 20
#: Names inside a report archive that are never reports.
_SKIP_SUFFIXES = (".gold.json",)


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


def _wanted(name: str) -> bool:
    parts = Path(name).parts
    return not any(p.startswith(".") or p == "__MACOSX" for p in parts) and not name.endswith(_SKIP_SUFFIXES)


def walk(paths: list[Path]) -> Iterator[Path]:
    """Files as given and every file under folders (recursively, sorted, hidden files skipped)."""
    for path in paths:
        if path.is_dir():
            yield from (p for p in sorted(path.rglob("*")) if p.is_file() and _wanted(str(p.relative_to(path))))
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
            if info.is_dir() or not _wanted(info.filename):
                continue
            if info.file_size > max_bytes:
                digest = _location_hash(f"{path}!{info.filename}", info.file_size)
            else:
                try:
                    digest = hashlib.sha256(archive.read(info)).hexdigest()
                except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as exc:
                    digest = _location_hash(f"{path}!{info.filename}:{type(exc).__name__}", info.file_size)
            yield Item(str(path), info.filename, info.file_size, digest)


def _file_hash(path: Path, size: int, max_bytes: int) -> str:
    if size > max_bytes:
        return _location_hash(str(path.resolve()), size)
    return sha256_file(path)


def sha256_file(path: Path) -> str:
    """The file's SHA-256, read in chunks (a file may be larger than memory should hold)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _location_hash(location: str, size: int) -> str:
    return hashlib.sha256(f"unread:{location}:{size}".encode()).hexdigest()
