"""Seconds of the consecutive steps of a job (people resolution reports them per step), and a pause
of the cyclic garbage collector for jobs that hold millions of objects, and Arrow's freed memory
handed back between their steps."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager


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


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a job that builds millions of long-lived objects
    and little cyclic garbage (people resolution): each full collection walks every live object, so
    with millions of mentions alive they cost a sixth of the time (measured on 10,000 patients:
    33.9 s -> 28.4 s, same peak memory). Reference counting still frees everything else; the
    collector is back, as it was, when the job ends or fails."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def release_arrow_memory() -> None:
    """Hand the memory Arrow's allocator keeps after large tables were freed back to the system.
    Arrow's allocator (mimalloc in the wheels) keeps freed pages for reuse: building the linkage
    table of a million-patient case (2.2 GB, cast and combined from DuckDB's chunks) left the
    process 3.7 GB larger than the table until this (0.04 s)."""
    import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

    pa.default_memory_pool().release_unused()
