"""Schema versions: v1 from scratch, pending migrations in order, newer cases refused."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from phiscope.errors import ConfigError
from phiscope.store import CaseStore, migrations
from phiscope.store.casefile import CASE_FILE
from phiscope.store.migrations import v1
from tests.store.store_helpers import FAST_KDF, KEY, doc_findings, sha_of


def _v2(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("ALTER TABLE findings ADD COLUMN reviewed BOOLEAN DEFAULT false")
    con.execute("CREATE TABLE notes (note VARCHAR)")


def _broken_v2(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE TABLE notes (note VARCHAR)")
    raise RuntimeError("migration bug")


def _tables(store: CaseStore) -> set[str]:
    rows = store._live().execute("SELECT table_name FROM duckdb_tables() "
                                 "WHERE database_name = current_database()").fetchall()
    return {r[0] for r in rows}


def _old_case(case_dir: Path) -> None:
    with CaseStore.create(case_dir, KEY, FAST_KDF) as store:
        run = store.start_run(["scan"])
        store.begin_document(sha_of("a"), "/a", 1, "text", None, 0, run)
        store.add_findings(doc_findings(sha_of("a"), 6, 1, "/a"), run)
        store.finish_document(sha_of("a"), "done", {})


def test_new_case_is_at_v1(store: CaseStore) -> None:
    assert store.meta.schema_version == 1
    assert store._live().execute("SELECT version FROM schema_version").fetchall() == [(1,)]
    assert {"runs", "documents", "document_paths", "findings", "errors", "schema_version"} <= _tables(store)


def test_older_case_is_migrated_then_refused_by_older_code(case_dir: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    _old_case(case_dir)
    v1_meta = (case_dir / CASE_FILE).read_text()
    with monkeypatch.context() as patch:
        patch.setattr(migrations, "MIGRATIONS", {1: v1.apply, 2: _v2})
        with pytest.raises(ConfigError, match="needs upgrading"):
            CaseStore.open(case_dir, KEY, read_only=True)
        with CaseStore.open(case_dir, KEY) as store:
            assert store.meta.schema_version == 2 and "notes" in _tables(store)
            con = store._live()
            assert con.execute("SELECT version FROM schema_version ORDER BY 1").fetchall() == [(1,), (2,)]
            assert con.execute("SELECT count(*), count(reviewed) FROM findings").fetchall() == [(6, 6)]
        assert json.loads((case_dir / CASE_FILE).read_text())["schema_version"] == 2
    with pytest.raises(ConfigError, match="schema version 2, newer than this phiscope supports"):
        CaseStore.open(case_dir, KEY)
    (case_dir / CASE_FILE).write_text(v1_meta)  # case.json lagging behind: the database still says 2
    with pytest.raises(ConfigError, match="newer than this phiscope"):
        CaseStore.open(case_dir, KEY)


def test_failed_migration_rolls_back(case_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _old_case(case_dir)
    monkeypatch.setattr(migrations, "MIGRATIONS", {1: v1.apply, 2: _broken_v2})
    with pytest.raises(RuntimeError, match="migration bug"):
        CaseStore.open(case_dir, KEY)
    monkeypatch.setattr(migrations, "MIGRATIONS", {1: v1.apply})
    with CaseStore.open(case_dir, KEY) as store:
        assert store.meta.schema_version == 1 and "notes" not in _tables(store)
        assert len(list(store.iter_findings())) == 6
