"""One progress display for a whole ``phiscope run`` on stderr (rich): a row per stage, counts only."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any

from phiscope.pipeline.options import StageOutcome

UNITS = {"scan": "bytes", "notices": "letters"}


class RunDisplay:
    """A rich live display with one row per stage when stderr is a terminal; otherwise one plain
    line per finished stage (unless quiet)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.live = enabled and sys.stderr.isatty()
        self._progress: Any = None
        self._tasks: dict[str, Any] = {}

    def __enter__(self) -> RunDisplay:
        if self.live:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                Progress,
                SpinnerColumn,
                TaskProgressColumn,
                TextColumn,
                TimeElapsedColumn,
            )

            self._progress = Progress(SpinnerColumn(finished_text="✓"), TextColumn("{task.description:<34}"),
                                      BarColumn(), TaskProgressColumn(), TimeElapsedColumn(),
                                      console=Console(stderr=True))
            self._progress.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._progress is not None:
            self._progress.stop()

    def stage_start(self, stage: str, total: int | None) -> None:
        """Add the stage's row."""
        if self._progress is not None:
            self._tasks[stage] = self._progress.add_task(stage, total=total)

    def stage_progress(self, stage: str, done: int, total: int | None) -> None:
        """Move the stage's bar."""
        task = self._tasks.get(stage)
        if self._progress is not None and task is not None:
            self._progress.update(task, completed=done, total=total or None)

    def stage_end(self, outcome: StageOutcome) -> None:
        """Close the stage's row with its status and time."""
        text = describe(outcome)
        if self._progress is not None:
            task = self._tasks.get(outcome.stage)
            if task is None:
                task = self._progress.add_task(text, total=1)
            self._progress.update(task, description=text, completed=1, total=1)
        elif self.enabled:
            sys.stderr.write(text + "\n")


def describe(o: StageOutcome) -> str:
    """``scan: ran in 12.3 s``, ``people: skipped (inputs and settings unchanged)``, ``notices: off (…)``."""
    if o.status == "ran":
        return f"{o.stage}: ran in {o.seconds:.1f} s"
    return f"{o.stage}: {o.status} ({o.reason})"
