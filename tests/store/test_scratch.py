"""A resolving session's scratch database: encrypted, holds the mention spill (stored compressed,
its checkpoints independent of the case's tables), and deleted when the case closes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from phiscope.people.spill import MentionSpill
from phiscope.store import db
from phiscope.store.case import CaseStore
from phiscope.store.crypto import KdfParams
from phiscope.store.tuning import StoreTuning

KEY = b"scratch-test-key-0123"
FAST = KdfParams(salt=b"0123456789abcdef", n=2**10)


def test_the_spill_lives_in_the_scratch_database_which_goes_with_the_session(tmp_path: Path) -> None:
    CaseStore.create(tmp_path / "case", KEY, FAST).close()
    scratch = tmp_path / "case" / "tmp" / db.SCRATCH_FILE
    scratch.write_bytes(b"left by a killed session")
    with CaseStore.open(tmp_path / "case", KEY, tuning=StoreTuning(scratch=True)) as store:
        assert scratch.is_file() and not scratch.read_bytes().startswith(b"left")
        con = store.notices_connection()
        spill = MentionSpill(con, dt.date(2026, 11, 27))
        where = con.execute("SELECT database_name FROM duckdb_tables() WHERE table_name = "
                            "'phiscope_mention_spill'").fetchall()
        assert where == [(db.SCRATCH,)]
        assert spill.linkage()[0] is not None  # the queries find it by its name alone
        spill.close()
    assert not scratch.exists()


def test_without_scratch_the_spill_is_a_temporary_table(tmp_path: Path) -> None:
    with CaseStore.create(tmp_path / "case", KEY, FAST) as store:
        con = store.notices_connection()
        MentionSpill(con, dt.date(2026, 11, 27))
        where = con.execute("SELECT database_name FROM duckdb_tables() WHERE table_name = "
                            "'phiscope_mention_spill'").fetchall()
        assert where == [("temp",)]
    assert not (tmp_path / "case" / "tmp" / db.SCRATCH_FILE).exists()
