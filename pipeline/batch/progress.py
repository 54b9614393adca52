"""What a person watching a batch sees: listing, then a bar with documents/s, ETA and outcome counts; a summary."""

from __future__ import annotations

import sys
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)

from . import BatchResult


class BatchProgress:
    def __init__(self, quiet: bool = False) -> None:
        self.console = Console(stderr=True)
        self.progress = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
            TextColumn("{task.fields[rate]}"), TimeRemainingColumn(), TextColumn("{task.fields[counts]}"),
            console=self.console, disable=quiet or not sys.stderr.isatty(),
        )
        self.counts = {"ok": 0, "flagged": 0, "error": 0}
        self.task = None

    def __enter__(self) -> BatchProgress:
        self.progress.__enter__()
        self.task = self.progress.add_task("listing", total=None, rate="", counts="")
        return self

    def __exit__(self, *exc) -> None:
        self.progress.__exit__(*exc)

    def listed(self, item) -> None:
        self.progress.advance(self.task)

    def start(self, total: int, result: BatchResult) -> None:
        self.progress.reset(self.task, total=total, description="extract", rate="", counts="")
        if result.skipped_done or result.duplicates:
            self.progress.console.print(
                f"gongkai: {result.inputs} input(s): {result.skipped_done} already in the store, "
                f"{result.duplicates} duplicate(s) of other inputs, {total} to process")

    def finished(self, record: dict) -> None:
        self.counts[record["status"]] = self.counts.get(record["status"], 0) + 1
        task = self.progress.tasks[0]
        rate = f"{task.speed:.1f} docs/s" if task.speed else ""
        counts = " ".join(f"{k} {v}" for k, v in self.counts.items())
        self.progress.update(self.task, advance=1, rate=rate, counts=counts)


def print_summary(result: BatchResult, summary: dict, quarantine: Path) -> None:
    out = Console(stderr=True)
    out.print(f"gongkai: {result.inputs} input(s), {result.processed} processed, {result.skipped_done} already "
              f"done, {result.duplicates} duplicate(s)")
    for title, key in (("status", "status"), ("formats", "formats"), ("editions", "editions"),
                       ("failures", "failures"), ("identity verdicts", "verdicts")):
        if summary[key]:
            out.print(f"  {title}: " + ", ".join(f"{k} {v}" for k, v in summary[key].items()))
    if summary["failures"]:
        out.print(f"  bad inputs are listed in {quarantine}")
