"""A timed end-to-end scan with one worker, shared by the per-format benches."""

from __future__ import annotations

import cProfile
import pstats
import time
from pathlib import Path

from phiscope import api

ENV = {"PHISCOPE_KEY": "x" * 32}


def timed_scan(path: Path, case: Path, profile: bool, top: int = 40) -> tuple[float, api.ScanResult]:
    """Seconds and result of ``api.scan`` of ``path`` into ``case`` with one worker (per core);
    with ``profile``, the ``top`` functions by cumulative time are printed."""
    prof = cProfile.Profile() if profile else None
    t0 = time.perf_counter()
    if prof:
        prof.enable()
    result = api.scan([str(path)], case, options=api.ScanOptions(workers=1), env=ENV)
    if prof:
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(top)
    return time.perf_counter() - t0, result
