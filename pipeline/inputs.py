"""Which files are documents, how large one may be, and its content hash: one rule for every command.

``extract``, ``batch``, ``review`` and ``train`` all list their inputs here: files under folders (hidden ones,
``__MACOSX`` and the gold and label files beside reports skipped) and members of zip archives, each with its
content hash.

The hash is taken here, before any work is scheduled, so that duplicates and documents already in the store
are skipped without being read twice. A zip member larger than the size limit is never decompressed (a zip
bomb costs nothing); it becomes an error record.

Real archives are messy: members are read by their position (two members may share a name), a zip inside a
zip is opened (to :data:`MAX_ZIP_DEPTH`, within the same size limit), a member whose name climbs out of the
archive (``..``) and a file that is not a regular file (a FIFO, a device) are listed as refused, never read.
Names that are not UTF-8 (GBK names, as Chinese archives unpack on Linux; zip members without the UTF-8 flag)
are decoded as GB18030 for display (:func:`display_name`), control characters escaped; the file is still
opened by its own bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import stat
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


#: A zip inside a zip is opened; one inside that too; deeper ones are refused.
MAX_ZIP_DEPTH = 2
#: Bit 11 of a zip entry's flags: its name is UTF-8. Without it, the name is cp437 by the standard, and in
#: practice the packer's code page (GBK on Chinese Windows).
_ZIP_UTF8_FLAG = 0x800
#: A member named twice in one archive is located as ``NAME#POSITION`` (its index in the archive's list).
_AT_POSITION = re.compile(r"^(?P<name>.*)#(?P<index>\d+)$")
#: Control characters (C0, DEL, C1): shown escaped in names, never written raw to a terminal or a table.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
#: Error kinds of inputs refused unread.
REFUSED_SPECIAL = "unsupported_format"
REFUSED_UNSAFE = "unsafe_name"


def decode_name(raw: bytes) -> str:
    """A file or member name's bytes as text: UTF-8, else GB18030 (a superset of GBK and GB2312), else UTF-8
    with the bad bytes shown as ``\\xNN``; control characters escaped."""
    for encoding in ("utf-8", "gb18030"):
        try:
            return _escape_controls(raw.decode(encoding))
        except UnicodeDecodeError:
            continue
    return _escape_controls(raw.decode("utf-8", "backslashreplace"))


def _escape_controls(text: str) -> str:
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def display_name(path: str | Path) -> str:
    """A path as the OS gives it (undecodable bytes as surrogates) made printable: each part decoded by
    :func:`decode_name`. Safe to write to JSON, a database, a spreadsheet or a terminal."""
    text = str(path)
    if _plain(text):
        return text
    return "/".join(decode_name(os.fsencode(part)) for part in text.split("/"))


def _plain(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return not _CONTROL.search(text)


def raw_name(path: str | Path) -> str | None:
    """The name's own bytes, every non-ASCII byte ``\\xNN``-escaped, where :func:`display_name` had to
    change it (else None)."""
    text = str(path)
    if display_name(text) == text:
        return None
    return os.fsencode(text).decode("ascii", "backslashreplace")


def os_path(display: str) -> str:
    """The file a :func:`display_name` names: itself where it exists, else each missing part re-encoded as
    GB18030 (the decoding is exact both ways)."""
    if os.path.lexists(display):
        return display
    built: list[str] = []
    for part in display.split("/"):
        if part and not os.path.lexists("/".join([*built, part])):
            with contextlib.suppress(UnicodeEncodeError):
                part = os.fsdecode(part.encode("gb18030"))
        built.append(part)
    return "/".join(built)


def member_name(info: zipfile.ZipInfo) -> str:
    """A zip member's name: as stored when flagged UTF-8, else its bytes (cp437 by the standard) decoded as
    :func:`decode_name` decodes file names."""
    if info.flag_bits & _ZIP_UTF8_FLAG:
        return _escape_controls(info.filename)
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return _escape_controls(info.filename)
    return decode_name(raw)


def gold_path(document: Path) -> Path:
    """``NAME.gold.json`` for ``NAME.EXT``."""
    return document.with_name(document.stem + GOLD_SUFFIX)


@dataclass(frozen=True)
class Item:
    """One document to process: a file, or a member of a zip archive (maybe inside a zip inside it)."""

    path: str  # the file, or the zip archive holding the member, as the OS names it
    member: str | None  # the member's name for display; NAME#POSITION where the archive has NAME twice
    size: int
    sha256: str  # of the content; for content too large to read, of its location and size
    positions: tuple[int, ...] = ()  # the member's index in its archive (and in each nested archive)
    refused: tuple[str, str] | None = None  # (error kind, why) for an input never to be read

    @property
    def source(self) -> str:
        """The document's own name: the innermost member's, or the file's."""
        return Path(self.member.rsplit("!", 1)[-1] if self.member else display_name(self.path)).name

    @property
    def location(self) -> str:
        shown = display_name(self.path)
        return f"{shown}!{self.member}" if self.member else shown

    @property
    def raw_path(self) -> str | None:
        """The file's name bytes (escaped) where its display name differs from them."""
        return raw_name(self.path)

    def read(self) -> bytes:
        if self.refused:
            raise OSError(self.refused[1])
        if self.member is None:
            return read_regular(Path(self.path))
        return read_positions(_archive(self.path), self.positions)


class NotRegularFile(OSError):
    """A FIFO, device or socket: never read (reading a FIFO would wait forever)."""


def read_regular(path: Path) -> bytes:
    """A regular file's bytes; :class:`NotRegularFile` for anything else."""
    mode = path.stat().st_mode
    if not stat.S_ISREG(mode):
        raise NotRegularFile(special_reason(mode))
    return path.read_bytes()


def special_reason(mode: int) -> str:
    return f"not a regular file ({_kind_of(mode)}): refused unread"


def _kind_of(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "a special file"


def read_positions(archive: zipfile.ZipFile, positions: tuple[int, ...]) -> bytes:
    """The member at ``positions`` (an index per nesting level): by position, never by name."""
    data = b""
    for depth, index in enumerate(positions):
        data = archive.read(archive.infolist()[index])
        if depth < len(positions) - 1:
            archive = zipfile.ZipFile(io.BytesIO(data))
    return data


def read_member(archive: zipfile.ZipFile, spec: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """A member named as :attr:`Item.member` names it: ``NAME``, ``NAME#POSITION``, or ``INNER.zip!NAME``."""
    holder, info = member_info(archive, spec, max_bytes)
    return holder.read(info)


def member_info(archive: zipfile.ZipFile, spec: str, max_bytes: int = DEFAULT_MAX_BYTES
                ) -> tuple[zipfile.ZipFile, zipfile.ZipInfo]:
    """(the archive holding it, its entry) for a member named as :attr:`Item.member` names it; an inner zip
    is opened only within ``max_bytes``. KeyError when there is no such member."""
    with contextlib.suppress(KeyError):
        return archive, archive.infolist()[_position(archive, spec)]
    parts = spec.split("!")
    for part in parts[:-1]:
        info = archive.infolist()[_position(archive, part)]
        if size_error(info.file_size, max_bytes):
            raise KeyError(f"the archive {part!r} is over the size limit")
        archive = zipfile.ZipFile(io.BytesIO(archive.read(info)))
    return archive, archive.infolist()[_position(archive, parts[-1])]


def _position(archive: zipfile.ZipFile, name: str) -> int:
    infos = archive.infolist()
    named = [i for i, info in enumerate(infos) if member_name(info) == name or info.filename == name]
    if len(named) == 1:
        return named[0]
    m = _AT_POSITION.match(name)
    if m and int(m["index"]) < len(infos):
        return int(m["index"])
    raise KeyError(f"no member {name!r} in the archive")


@lru_cache(maxsize=4)
def _archive(path: str) -> zipfile.ZipFile:
    """Open archives stay open: reopening a large zip for every member reads its directory every time."""
    return zipfile.ZipFile(path)


def is_document_name(name: str) -> bool:
    """A path (relative to a folder given, or inside an archive) that may hold a report."""
    parts = Path(name).parts
    return not any(p.startswith(".") or p == "__MACOSX" for p in parts) and not name.endswith(NOT_DOCUMENTS)


def climbs_out(name: str) -> bool:
    """A member name that would leave the archive's folder (``../x``, ``/etc/x``, ``C:\\x``)."""
    parts = name.replace("\\", "/").split("/")
    return ".." in parts or name.startswith(("/", "\\")) or bool(re.match(r"^[A-Za-z]:", name))


def walk(paths: list[Path]) -> Iterator[Path]:
    """Files as given and every document file under folders (recursively, sorted); special files (FIFOs,
    devices) are listed too, to be refused with a record. Raises FileNotFoundError."""
    for path in paths:
        if path.is_dir():
            yield from (p for p in sorted(path.rglob("*"))
                        if not p.is_dir() and is_document_name(str(p.relative_to(path))) and os.path.exists(p))
        elif path.exists():
            yield path
        else:
            raise FileNotFoundError(path)


def items(paths: list[Path], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Every document under ``paths``; zip archives are opened and their members listed."""
    for path in walk(paths):
        if not path.is_file():
            why = special_reason(path.stat().st_mode)
            yield Item(str(path), None, 0, _location_hash(f"special:{path}", 0), refused=(REFUSED_SPECIAL, why))
        elif zipfile.is_zipfile(path) and not _is_office_file(path):
            yield from _members(path, max_bytes)
        else:
            size = path.stat().st_size
            yield Item(str(path), None, size, _file_hash(path, size, max_bytes))


def _is_office_file(path: Path | io.BytesIO) -> bool:
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
        yield from _listing(archive, str(path), (), (), max_bytes)


def _listing(archive: zipfile.ZipFile, path: str, outer_names: tuple[str, ...], outer: tuple[int, ...],
             max_bytes: int) -> Iterator[Item]:
    """The members of ``archive`` (itself at ``outer`` positions inside the file ``path``)."""
    infos = archive.infolist()
    names = [member_name(info) for info in infos]
    repeated = {n for n in names if names.count(n) > 1} if len(set(names)) < len(names) else set()
    for index, (info, name) in enumerate(zip(infos, names, strict=True)):
        if info.is_dir():
            continue
        shown = f"{name}#{index}" if name in repeated else name
        member = "!".join((*outer_names, shown))
        positions = (*outer, index)
        where = f"{path}!{member}"
        if climbs_out(info.filename):
            yield Item(path, member, info.file_size, _location_hash(f"unsafe:{where}", info.file_size), positions,
                       (REFUSED_UNSAFE, "the member's name climbs out of the archive (.. or an absolute path): "
                        "refused unread"))
            continue
        if not is_document_name(name):
            continue
        if size_error(info.file_size, max_bytes):
            yield Item(path, member, info.file_size, _location_hash(where, info.file_size), positions)
            continue
        try:
            data = archive.read(info)
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as exc:
            yield Item(path, member, info.file_size, _location_hash(f"{where}:{type(exc).__name__}", info.file_size),
                       positions)
            continue
        if zipfile.is_zipfile(io.BytesIO(data)) and not _is_office_file(io.BytesIO(data)):
            if len(positions) < MAX_ZIP_DEPTH:
                with zipfile.ZipFile(io.BytesIO(data)) as inner:
                    yield from _listing(inner, path, (*outer_names, shown), positions, max_bytes)
                continue
            yield Item(path, member, info.file_size, hashlib.sha256(data).hexdigest(), positions,
                       ("unsupported_format", f"a zip nested more than {MAX_ZIP_DEPTH} deep: refused unread"))
            continue
        yield Item(path, member, info.file_size, hashlib.sha256(data).hexdigest(), positions)


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


def read_records(path: Path) -> Iterator[dict]:
    """The records of a JSON Lines file (``gongkai extract -o``), one per line, blank lines skipped.

    The one reader for ``export``, ``eval`` and ``review``: a line that is not a JSON object raises
    ``ValueError`` naming the file and line, so the writer can be found and fixed."""
    with Path(path).open(encoding="utf-8-sig") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}: line {number} is not valid JSON ({exc.msg})") from exc
            if not isinstance(record, dict):
                raise ValueError(f"{path}: line {number} is not a JSON object")
            yield record
