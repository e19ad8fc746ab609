"""Seconds of the consecutive steps of a job (people resolution reports them per step)."""

from __future__ import annotations

import time


class Stopwatch:
    """Seconds of consecutive steps (``lap(name)`` ends the step ``name``)."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._t = time.perf_counter()

    def lap(self, name: str) -> None:
        """End step ``name`` now."""
        now = time.perf_counter()
        self.laps[name] = round(now - self._t, 2)
        self._t = now

    def since(self, name: str) -> dict[str, float]:
        """``{name: seconds since the last lap}`` (without ending it)."""
        return {name: round(time.perf_counter() - self._t, 2)}
