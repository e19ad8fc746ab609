"""Record linkage works on raw values in its own DuckDB session: what it spills to disk is encrypted."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from phiscope.store.db import scratch

MARK = b"PLAINSSN219099991"


def test_linkage_scratch_spills_are_encrypted(tmp_path: Path) -> None:
    con = scratch(tmp_path, "64MB")
    con.execute("SET threads = 1")
    con.execute(f"CREATE TEMP TABLE t AS SELECT '{MARK.decode()}' || i::VARCHAR || repeat('x', 40) AS s, "
                "random() AS r FROM range(1500000) t(i)")
    seen: list[int] = []
    leaked: list[str] = []
    stop = threading.Event()

    def watch() -> None:  # spill files live only while the query runs
        while not stop.is_set():
            for root, _, files in os.walk(tmp_path):
                for name in files:
                    try:
                        data = Path(root, name).read_bytes()
                    except OSError:
                        continue
                    seen.append(len(data))
                    if MARK in data:
                        leaked.append(name)
            time.sleep(0.01)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        count = con.execute("SELECT count(*) FROM (SELECT s FROM t ORDER BY r)").fetchone()
    finally:
        stop.set()
        watcher.join()
        con.close()
    assert count == (1_500_000,)
    assert any(seen), "the sort did not spill: the test proves nothing"
    assert not leaked
