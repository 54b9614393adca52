"""The Python API for notebooks and scripts: a document in, a :class:`Record` out.

```python
from pipeline import extract, extract_many

record = extract("report.pdf")             # a path, or the bytes of a document (then give its name)
record.status, record.meta["agency"], record.fields["requests.new_received.total"]
record.checks                              # the identity verdicts; record.prose the figures stated in sentences
record.to_dict()                           # the record as `gongkai extract` writes it (JSON-ready)
row = record.row()                         # one flat row: source, path, agency, year, edition, status, error, keys
frame = pandas.DataFrame(r.row() for r in extract_many(["reports/"]))
```

``import pipeline`` stays cheap: nothing here is loaded until it is used, and pandas only for
:meth:`Record.to_series`. A document that cannot be read gives a record with status ``error`` (never an
exception), as on the command line.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .extract import DEFAULT_TIMEOUT, extract_data, extract_item
from .inputs import DEFAULT_MAX_BYTES, items, max_bytes_of

#: The identity columns of a row, as in the wide table of ``gongkai export``.
ROW_COLUMNS = ("source", "path", "agency", "year", "edition", "status", "error")


@dataclass(frozen=True, repr=False)
class Record:
    """One document's record (the JSON of ``gongkai extract``), with views for a notebook."""

    data: dict

    @property
    def source(self) -> str:
        return self.data["source"]

    @property
    def status(self) -> str:
        """``ok``, ``flagged`` (see :attr:`review`) or ``error`` (see :attr:`error`)."""
        return self.data["status"]

    @property
    def error(self) -> str | None:
        return self.data.get("error")

    @property
    def meta(self) -> dict:
        """agency, year and edition."""
        return self.data.get("meta") or {}

    @property
    def fields(self) -> dict:
        """Canonical key → the number as printed (None for a cell printed empty)."""
        return self.data.get("fields") or {}

    @property
    def prose(self) -> list[dict]:
        return self.data.get("prose") or []

    @property
    def checks(self) -> list[dict]:
        return self.data.get("checks") or []

    @property
    def review(self) -> list[str]:
        """Why the record is flagged."""
        return self.data.get("review") or []

    @property
    def provenance(self) -> dict:
        return self.data.get("provenance") or {}

    def to_dict(self) -> dict:
        """A copy of the record, as ``gongkai extract`` writes it."""
        return copy.deepcopy(self.data)

    def row(self) -> dict:
        """One flat row: the identity columns of the wide table, then every key the document prints."""
        meta = self.meta
        ids = {"source": self.source, "path": self.data.get("path"), "agency": meta.get("agency"),
               "year": meta.get("year"), "edition": meta.get("edition"), "status": self.status,
               "error": self.error or ""}
        return ids | self.fields

    def to_series(self):
        """:meth:`row` as a pandas Series (pandas is imported only here; ``pip install pandas``)."""
        import pandas as pd

        return pd.Series(self.row(), name=self.source)

    def __repr__(self) -> str:
        meta = self.meta
        return (f"<Record {self.source!r} {self.status}: {meta.get('agency')} {meta.get('year')} "
                f"edition {meta.get('edition')}, {len(self.fields)} values, {len(self.prose)} prose figures>")


def extract(document: str | Path | bytes, name: str | None = None, *, max_mb: float | None = None,
            timeout: float | None = DEFAULT_TIMEOUT) -> Record:
    """The record of one document: a path, or its bytes (``name`` then says what it is called, e.g.
    ``report.pdf``; the format is detected from the content either way)."""
    max_bytes = DEFAULT_MAX_BYTES if max_mb is None else max_bytes_of(max_mb)
    if isinstance(document, bytes | bytearray | memoryview):
        return Record(extract_data(bytes(document), name or "document", timeout=timeout))
    (item,) = _listed([Path(document)], max_bytes, single=True)
    record = extract_item(item, max_bytes, timeout)
    return Record(record | {"source": name} if name else record)


def extract_many(paths: Iterable[str | Path] | str | Path, *, max_mb: float | None = None,
                 timeout: float | None = DEFAULT_TIMEOUT) -> Iterator[Record]:
    """The records of files, folders (read recursively) and zip archives, one at a time, in the order
    ``gongkai batch`` lists them (the same listing rule)."""
    if isinstance(paths, str | Path):
        paths = [paths]
    max_bytes = DEFAULT_MAX_BYTES if max_mb is None else max_bytes_of(max_mb)
    for item in _listed([Path(p) for p in paths], max_bytes):
        yield Record(extract_item(item, max_bytes, timeout))


def _listed(paths: list[Path], max_bytes: int, single: bool = False) -> list:
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise FileNotFoundError(f"no such file or folder: {', '.join(missing)}")
    if single and paths[0].is_dir():
        raise IsADirectoryError(f"{paths[0]} is a folder: use extract_many for folders")
    listed = list(items(paths, max_bytes))
    if single and len(listed) != 1:
        raise ValueError(f"{paths[0]} holds {len(listed)} documents (an archive?): use extract_many")
    return listed
