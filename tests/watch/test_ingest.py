"""Ingest: gzip, merging sources in time order, following a growing file, unknown formats."""

from __future__ import annotations

import gzip
import threading
import time
from pathlib import Path

from phiscope.watch.events import IngestStats
from phiscope.watch.ingest import FollowOptions, read_events
from tests.watch.conftest import SAMPLES


def test_merges_sources_by_time_and_reads_gzip(tmp_path: Path) -> None:
    gz = tmp_path / "pg.log.gz"
    gz.write_bytes(gzip.compress((SAMPLES / "pgaudit.log").read_bytes()))
    stats = IngestStats()
    list(read_events([str(gz), str(SAMPLES / "ehr_access.csv")], stats))
    assert stats.events == {"pgaudit": 4, "csv-access": 3}
    assert stats.errors == {"pgaudit:corrupt": 2, "csv-access:corrupt": 2}
    assert all("MRN" not in e.message for e in stats.first_errors)


def test_unknown_format_is_counted_not_fatal(tmp_path: Path) -> None:
    p = tmp_path / "x.txt"
    p.write_text("hello\nworld\n")
    stats = IngestStats()
    assert list(read_events([str(p)], stats)) == []
    assert stats.errors == {"unknown:unsupported": 1}


def test_follow_reads_lines_appended_later(tmp_path: Path) -> None:
    p = tmp_path / "live.csv"
    lines = (SAMPLES / "ehr_access.csv").read_text().splitlines(keepends=True)
    p.write_text(lines[0] + lines[1])

    def append() -> None:
        time.sleep(0.3)
        with p.open("a") as f:
            f.write(lines[2])
            f.write(lines[5][:10])  # a partial line waits for its end
            f.flush()
            time.sleep(0.2)
            f.write(lines[5][10:])

    t = threading.Thread(target=append)
    t.start()
    stats = IngestStats()
    events = list(read_events([str(p)], stats, follow=FollowOptions(poll_s=0.05, idle_exit_s=1.0)))
    t.join()
    assert [e.actor for e in events] == ["nur0001", "nur0001", "phy0002"]
