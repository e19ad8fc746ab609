"""The SQL dump reader streams: peak memory does not grow with the size of the dump."""

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
    from phiscope.readers.sqldump import SqlDumpReader
    from phiscope.sources.blob import Blob

    def read(path):
        rows = 0
        for item in SqlDumpReader().read(Blob(path, "d.sql", fs_path=path), ReadContext(batch_rows=5000)):
            rows += item.frame.height if hasattr(item, "frame") else 0
        peak = next(int(ln.split()[1]) for ln in open("/proc/self/status") if ln.startswith("VmHWM:"))
        return rows, peak // 1024

    small_rows, small_peak = read(sys.argv[1])
    big_rows, big_peak = read(sys.argv[2])
    print(small_rows, small_peak, big_rows, big_peak)
    """
)


def _write_dump(path: Path, copies: int) -> int:
    copy = "".join(f"MRN{i:07d}\tJane{i}\tO'Doe\t1980-01-02\t{100 + i % 800}-45-{1000 + i % 9000}\n"
                   for i in range(5000))
    values = ",".join(f"({i},'Jo\\'{i}','{100 + i % 800}-45-{1000 + i % 9000}',NULL)" for i in range(2000))
    with path.open("w", encoding="utf-8") as f:
        f.write("-- PostgreSQL database dump\nCOPY public.p (mrn, first, last, dob, ssn) FROM stdin;\n")
        for _ in range(copies):
            f.write(copy)
        f.write("\\.\nSET standard_conforming_strings = off;\n")
        for _ in range(copies * 2):
            f.write(f"INSERT INTO g VALUES {values};\n")
    return copies * 9000


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_peak_memory_is_bounded(tmp_path: Path) -> None:
    small, big = tmp_path / "small.sql", tmp_path / "big.sql"
    small_rows = _write_dump(small, 2)
    big_rows = _write_dump(big, 70)
    assert big.stat().st_size > 25_000_000
    out = subprocess.run([sys.executable, "-c", _CHILD, str(small), str(big)],
                         capture_output=True, text=True, check=True, timeout=120)
    got_small, small_peak, got_big, big_peak = map(int, out.stdout.split())
    assert (got_small, got_big) == (small_rows, big_rows)
    assert big_peak - small_peak < 40, (small_peak, big_peak)  # loading it whole would add > 100 MB
