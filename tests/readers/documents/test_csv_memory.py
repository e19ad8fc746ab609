"""The CSV reader streams: peak memory does not grow with the file size."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

_CHILD = textwrap.dedent(
    """
    import sys
    from phiscope.readers.base import ReadContext
    from phiscope.readers.csv import CsvReader
    from phiscope.sources.blob import Blob

    def read(path):
        rows = 0
        for item in CsvReader().read(Blob(path, "f.csv", fs_path=path), ReadContext()):
            rows += getattr(item, "frame").height if hasattr(item, "frame") else 0
        # VmHWM: this process's peak RSS (ru_maxrss would include the forking pytest process)
        peak = next(int(ln.split()[1]) for ln in open("/proc/self/status") if ln.startswith("VmHWM:"))
        return rows, peak // 1024

    small_rows, small_peak = read(sys.argv[1])
    big_rows, big_peak = read(sys.argv[2])
    print(small_rows, small_peak, big_rows, big_peak)
    """
)


def _write_csv(path: Path, copies: int) -> int:
    rows = [f'{i},Jane{i},Doe,{100 + i % 800}-45-{1000 + i % 9000},1980-01-02,"{i} Main St, Apt 4",note {i}\n'
            for i in range(20_000)]
    block = "".join(rows).encode()
    with path.open("wb") as f:
        f.write(b"id,first,last,ssn,dob,address,notes\n")
        for _ in range(copies):
            f.write(block)
    return 20_000 * copies


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_peak_memory_is_bounded(tmp_path: Path) -> None:
    small, big = tmp_path / "small.csv", tmp_path / "big.csv"
    small_rows = _write_csv(small, 4)
    big_rows = _write_csv(big, 70)
    assert big.stat().st_size > 100_000_000
    out = subprocess.run([sys.executable, "-c", _CHILD, str(small), str(big)],
                         capture_output=True, text=True, check=True, timeout=120)
    got_small, small_peak, got_big, big_peak = map(int, out.stdout.split())
    assert (got_small, got_big) == (small_rows, big_rows)
    # Loading the 100 MB file whole (polars.read_csv) grows the peak by about 200 MB.
    assert big_peak - small_peak < 100, (small_peak, big_peak)
