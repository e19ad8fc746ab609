"""Record linkage works on raw values in its own DuckDB session: what it spills to disk is encrypted."""

from __future__ import annotations

from pathlib import Path

from phiscope.store.db import scratch
from tests.people.helpers import watching_temp_files

MARK = b"PLAINSSN219099991"


def test_linkage_scratch_spills_are_encrypted(tmp_path: Path) -> None:
    con = scratch(tmp_path, "64MB")
    con.execute("SET threads = 1")
    con.execute(f"CREATE TEMP TABLE t AS SELECT '{MARK.decode()}' || i::VARCHAR || repeat('x', 40) AS s, "
                "random() AS r FROM range(1500000) t(i)")
    try:
        with watching_temp_files(tmp_path, MARK) as (seen, leaked):
            count = con.execute("SELECT count(*) FROM (SELECT s FROM t ORDER BY r)").fetchone()
    finally:
        con.close()
    assert count == (1_500_000,)
    assert any(seen), "the sort did not spill: the test proves nothing"
    assert not leaked
