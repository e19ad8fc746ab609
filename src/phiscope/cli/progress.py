"""Progress bar on stderr (never shows file content; paths are not PHI values)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Bar:
    """Callbacks the scan reports progress through."""

    enabled: bool
    _progress: Any = None
    _task: Any = field(default=None)

    def start(self, files: int, total_bytes: int) -> None:
        """Called once with the number of files and bytes to scan."""
        if self._progress is not None:
            self._task = self._progress.add_task(f"scanning {files} files", total=max(total_bytes, 1))

    def update(self, files_done: int, bytes_done: int) -> None:
        """Called as files finish."""
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, completed=bytes_done)


@contextmanager
def scan_progress(enabled: bool) -> Iterator[Bar]:
    """A rich progress bar on stderr, or a silent one."""
    if not enabled or not sys.stderr.isatty():
        yield Bar(enabled=False)
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    progress = Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                        TransferSpeedColumn(), TimeRemainingColumn(), console=Console(stderr=True))
    with progress:
        yield Bar(enabled=True, _progress=progress)


@contextmanager
def count_progress(enabled: bool, label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A rich bar of ``label`` counted as (done, total) on stderr, with the time left; None when
    ``enabled`` is false or stderr is not a terminal. Counts only: never a value or a path."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeRemainingColumn(), console=Console(stderr=True))
    with progress:
        task = progress.add_task(label, total=None)
        yield lambda done, total: progress.update(task, completed=done, total=total)
