"""Step timing, the collector pause and giving Arrow's freed memory back."""

from __future__ import annotations

import gc
import sys

import numpy as np
import pyarrow as pa
import pytest

from phiscope.stopwatch import Stopwatch, cyclic_gc_paused, release_arrow_memory


def _rss_mib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return 0


def test_laps_and_pause() -> None:
    clock = Stopwatch()
    clock.lap("a")
    assert set(clock.laps) == {"a"} and clock.laps["a"] >= 0
    was = gc.isenabled()
    with cyclic_gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled() == was


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_freed_arrow_memory_goes_back() -> None:
    # medium-sized buffers, as a table cast and combined from a query's chunks leaves behind
    parts = [pa.array(np.arange(125_000, dtype=np.int64) + i) for i in range(400)]
    combined = [pa.concat_arrays(parts[i:i + 4]) for i in range(0, 400, 4)]
    del parts
    held = _rss_mib()
    del combined
    release_arrow_memory()
    assert _rss_mib() < held - 150  # most of the 400 MB left the process (kept by mimalloc without it)
