"""Schema versions: the latest from scratch, pending migrations in order, newer cases refused."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from phiscope.errors import ConfigError
from phiscope.store import CaseStore, migrations
from phiscope.store.casefile import CASE_FILE
from phiscope.store.migrations import v1, v2, v3, v4, v5, v6, v7
from tests.store.store_helpers import FAST_KDF, KEY, doc_findings, sha_of


def _v8(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("ALTER TABLE findings ADD COLUMN reviewed BOOLEAN DEFAULT false")
    con.execute("CREATE TABLE notes (note VARCHAR)")


def _broken_v8(con: duckdb.DuckDBPyConnection) -> None:
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


REAL = {1: v1.apply, 2: v2.apply, 3: v3.apply, 4: v4.apply, 5: v5.apply, 6: v6.apply, 7: v7.apply}


def test_new_case_is_at_latest(store: CaseStore) -> None:
    assert store.meta.schema_version == 7
    versions = store._live().execute("SELECT version FROM schema_version ORDER BY 1").fetchall()
    assert versions == [(1,), (2,), (3,), (4,), (5,), (6,), (7,)]
    assert {"runs", "documents", "document_paths", "findings", "errors", "schema_version"} <= _tables(store)


def test_v1_case_gets_the_role_column(case_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(migrations, "MIGRATIONS", {1: v1.apply})
        with CaseStore.create(case_dir, KEY, FAST_KDF) as store:
            con = store._live()
            con.execute("INSERT INTO documents (sha, status) VALUES ('d', 'done')")
            con.execute("INSERT INTO findings (doc_sha, element, detector_id, value, path) "
                        "SELECT 'd', 'ssn', 'ssn', 'x' || i, '/a' FROM range(6) t(i)")
    with CaseStore.open(case_dir, KEY) as store:
        assert store.meta.schema_version == 7
        rows = list(store.iter_findings())
        assert len(rows) == 6 and all(r["role"] is None for r in rows)


def test_older_case_is_migrated_then_refused_by_older_code(case_dir: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    _old_case(case_dir)
    old_meta = (case_dir / CASE_FILE).read_text()
    with monkeypatch.context() as patch:
        patch.setattr(migrations, "MIGRATIONS", {**REAL, 8: _v8})
        with pytest.raises(ConfigError, match="needs upgrading"):
            CaseStore.open(case_dir, KEY, read_only=True)
        with CaseStore.open(case_dir, KEY) as store:
            assert store.meta.schema_version == 8 and "notes" in _tables(store)
            con = store._live()
            versions = con.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()
            assert versions == [(1,), (2,), (3,), (4,), (5,), (6,), (7,), (8,)]
            assert con.execute("SELECT count(*), count(reviewed) FROM findings").fetchall() == [(6, 6)]
        assert json.loads((case_dir / CASE_FILE).read_text())["schema_version"] == 8
    with pytest.raises(ConfigError, match="schema version 8, newer than this phiscope supports"):
        CaseStore.open(case_dir, KEY)
    (case_dir / CASE_FILE).write_text(old_meta)  # case.json lagging behind: the database still says 8
    with pytest.raises(ConfigError, match="newer than this phiscope"):
        CaseStore.open(case_dir, KEY)


def test_failed_migration_rolls_back(case_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _old_case(case_dir)
    monkeypatch.setattr(migrations, "MIGRATIONS", {**REAL, 8: _broken_v8})
    with pytest.raises(RuntimeError, match="migration bug"):
        CaseStore.open(case_dir, KEY)
    monkeypatch.setattr(migrations, "MIGRATIONS", REAL)
    with CaseStore.open(case_dir, KEY) as store:
        assert store.meta.schema_version == 7 and "notes" not in _tables(store)
        assert len(list(store.iter_findings())) == 6


def test_v7_drops_the_people_keys_and_keeps_the_rows(case_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(migrations, "MIGRATIONS", {k: v for k, v in REAL.items() if k <= 6})
        with CaseStore.create(case_dir, KEY, FAST_KDF) as store:
            con = store._live()
            con.execute("INSERT INTO person_mentions VALUES ('m1', 'p1'), ('m2', 'p1')")
            con.execute("INSERT INTO people (person_id, full_name, mention_count) VALUES ('p1', 'x', 2)")
    with CaseStore.open(case_dir, KEY) as store:
        con = store._live()
        assert store.meta.schema_version == 7
        rows = con.execute("SELECT * FROM person_mentions ORDER BY 1").fetchall()
        assert rows == [("m1", "p1"), ("m2", "p1")]
        assert con.execute("SELECT person_id, mention_count FROM people").fetchall() == [("p1", 2)]
        keys = con.execute("SELECT table_name FROM duckdb_constraints() WHERE database_name = "
                           "current_database() AND constraint_type = 'PRIMARY KEY'").fetchall()
        assert not {"people", "people_mentions", "person_mentions"} & {k[0] for k in keys}
