"""Where the per-document task runs: a local process pool (pebble) or a Dask cluster.

Both stream ``(item, rows)`` pairs back as documents finish (the record already turned into store rows by the
worker); the caller is the one writer of the store.
The local pool stops a document that runs past its time limit and replaces the worker; a worker that dies
(a crash, the kernel's OOM killer) costs only its document.
"""

from __future__ import annotations

import contextlib
import os
import zipfile
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, TimeoutError, wait

from pebble import ProcessExpired, ProcessPool

from ..build import build_id
from ..inputs import Item, size_error
from ..record import error_record
from ..sinks.store import rows_of
from .work import init_worker, process_bytes_rows, process_rows

#: Documents in flight per worker: enough to keep workers busy, few enough to bound memory.
IN_FLIGHT_PER_WORKER = 4


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _failure(item: Item, kind: str, message: str) -> dict:
    return rows_of(error_record(item.source, kind, message, {"path": item.location, "sha256": item.sha256},
                                version=build_id()))


def run_local(items: Iterable[Item], workers: int, max_bytes: int, timeout: float | None,
              memory_mb: int | None) -> Iterator[tuple[Item, dict]]:
    with ProcessPool(max_workers=workers, initializer=init_worker, initargs=(memory_mb,)) as pool:
        pending: dict = {}
        queue = iter(items)
        exhausted = False
        while pending or not exhausted:
            while not exhausted and len(pending) < workers * IN_FLIGHT_PER_WORKER:
                item = next(queue, None)
                if item is None:
                    exhausted = True
                    break
                pending[pool.schedule(process_rows, args=(item, max_bytes), timeout=timeout)] = item
            if not pending:
                break
            done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
            for future in done:
                item = pending.pop(future)
                yield item, _outcome(future, item, timeout)


def _outcome(future, item: Item, timeout: float | None) -> dict:
    try:
        return future.result()
    except TimeoutError:
        return _failure(item, "timeout", f"stopped after {timeout:g} s (the time limit for one document)")
    except ProcessExpired as exc:
        return _failure(item, "crashed", f"the worker died while reading this document (exit code {exc.exitcode})")
    except MemoryError:
        return _failure(item, "memory", "the document needs more memory than allowed")
    except Exception as exc:  # noqa: BLE001 - a failure is a record, never the end of the batch
        return _failure(item, "internal", f"internal error ({type(exc).__name__}: {exc})")


def run_dask(items: Iterable[Item], workers: int, max_bytes: int, scheduler: str | None) -> Iterator[tuple[Item, dict]]:
    """The same task as Dask tasks; without ``scheduler``, on a LocalCluster of ``workers`` processes."""
    import logging

    from distributed import Client, LocalCluster, as_completed

    logging.getLogger("distributed").setLevel(logging.WARNING)
    cluster = None if scheduler else LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                   dashboard_address=":0", silence_logs=logging.WARNING)
    client = Client(scheduler or cluster)
    try:
        queue = iter(items)
        pending: dict = {}
        completed = as_completed()

        def submit() -> bool:
            item = next(queue, None)
            if item is None:
                return False
            data = None
            if not item.refused and not size_error(item.size, max_bytes):
                with contextlib.suppress(OSError, zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError):
                    data = item.read()
            if data is None:  # refused, too large or unreadable here: the task makes its error record
                future = client.submit(process_rows, item, max_bytes, pure=False)
            else:
                future = client.submit(process_bytes_rows, data, item.source, item.location, pure=False)
            pending[future] = item
            completed.add(future)
            return True

        for _ in range(workers * IN_FLIGHT_PER_WORKER):
            if not submit():
                break
        for future in completed:
            item = pending.pop(future)
            try:
                record = future.result()
            except Exception as exc:  # noqa: BLE001
                record = _failure(item, "internal", f"the Dask task failed ({type(exc).__name__}: {exc})")
            future.release()
            yield item, record
            submit()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
