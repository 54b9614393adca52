"""Starting the review page: the queue from a store or a folder, the corpus folder, uvicorn on a local port."""

from __future__ import annotations

import getpass
import os
import sys
import webbrowser
from pathlib import Path

from .queue import FolderQueue, Queue, StoreQueue, store_file

#: Where gold goes for a batch store unless --corpus says otherwise: beside the store.
STORE_CORPUS = "gold"


def reviewer() -> str:
    """The OS user name: who the log says made a change, unless --user says otherwise."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER") or os.environ.get("USERNAME") or "unknown"


def open_queue(target: Path, records: Path | None, docs: Path | None, max_bytes: int, quiet: bool = False,
               timeout: float | None = None) -> Queue:
    """The queue of a batch store (folder or ``.duckdb``) or of a folder of documents."""
    db = store_file(target)
    if db is not None:
        if records is not None:
            raise ValueError("--records is for a folder of documents; a store holds its records")
        return StoreQueue(db, docs.resolve() if docs else None)
    if not target.is_dir():
        raise ValueError(f"not a batch store or a folder: {target}")
    if docs is not None:
        raise ValueError("--docs is for a batch store; a folder serves its own documents")

    def progress(n: int, total: int, name: str) -> None:
        if not quiet:
            print(f"\rgongkai review: extracting {n}/{total} {name[:40]:<40}", end="", file=sys.stderr, flush=True)

    queue = FolderQueue(target, records, max_bytes, progress, timeout)
    if not quiet:
        print("\r" + " " * 80 + "\r", end="", file=sys.stderr)
    return queue


def default_corpus(target: Path, queue: Queue) -> Path:
    """A folder's gold goes beside its documents; a store's into ``gold/`` beside the store."""
    if queue.kind == "folder":
        return target.resolve()
    db = store_file(target)
    return (db.parent if db else target).resolve() / STORE_CORPUS


def serve_page(app, host: str, port: int, open_browser: bool, token: str | None = None) -> None:
    import uvicorn

    url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/" + (f"?token={token}" if token else "")
    print(f"gongkai review: {url}  (Ctrl+C to stop)", file=sys.stderr, flush=True)
    if open_browser:
        webbrowser.open(url)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
