"""Nothing readable at rest: database, WAL and temp files hold no plain text."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from phiscope.errors import ConfigError
from phiscope.store import CaseStore, StoreTuning, db
from tests.store.store_helpers import (
    FAST_KDF,
    KEY,
    SEEDED,
    SEEDED_ADDRESS,
    SEEDED_NAME,
    SEEDED_SSN,
    finding,
    sha_of,
    table,
)


def _leaks(case_dir: Path) -> list[tuple[str, str]]:
    """(file, seeded value) pairs where a seeded value appears in a file's raw bytes."""
    found = []
    for path in case_dir.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [(path.name, s) for s in SEEDED if s.encode("utf-8") in data]
    return found


def _seed(store: CaseStore, docs: int = 30) -> None:
    run = store.start_run(["scan"])
    for d in range(docs):
        sha, path = sha_of(f"seeded{d}"), f"/data/{SEEDED_NAME}/{d}.txt"
        store.begin_document(sha, path, 100, "text", None, 0, run)
        rows = []
        for i in range(200):
            rows += [finding(sha, SEEDED_SSN, offset=3 * i, path=path),
                     finding(sha, SEEDED_NAME, element="name", detector_id="person_name", offset=3 * i + 1,
                             normalized=SEEDED_NAME.lower(), path=path, mask_first=1, mask_last=1),
                     finding(sha, SEEDED_ADDRESS, element="address", detector_id="address", path=path,
                             offset=3 * i + 2, normalized=SEEDED_ADDRESS.lower(), row_key=SEEDED_ADDRESS)]
        store.add_findings(table(rows), run)
        store.add_error(sha, path, "decode-error", f"near {SEEDED_ADDRESS}", {"line": 1}, run)
        store.finish_document(sha, "done", {})


def test_no_plain_text_in_case_files(case_dir: Path) -> None:
    store = CaseStore.create(case_dir, KEY, FAST_KDF)
    _seed(store)
    store.flush()  # committed, not checkpointed: the rows sit in the WAL
    assert (case_dir / "case.duckdb.wal").stat().st_size > 10_000
    assert _leaks(case_dir) == []
    store._live().execute("CHECKPOINT")
    assert _leaks(case_dir) == []
    store.close()
    assert _leaks(case_dir) == []
    with CaseStore.open(case_dir, KEY) as again:
        assert {r["value"] for r in again.iter_findings(reveal=True)} == set(SEEDED[:3])


def test_the_leak_check_finds_plain_text(tmp_path: Path) -> None:
    """Negative control: an unencrypted DuckDB file does show the seeded values."""
    con = duckdb.connect(str(tmp_path / "plain.duckdb"))
    con.execute("CREATE TABLE t AS SELECT ? AS v, ? AS w FROM range(1000)", [SEEDED_SSN, SEEDED_NAME])
    con.close()
    assert ("plain.duckdb", SEEDED_SSN) in _leaks(tmp_path)


def _spill(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE TEMP TABLE big AS SELECT ? || '#' || i AS v, ? || '#' || i AS w "
                "FROM range(1500000) t(i)", [SEEDED_SSN, SEEDED_NAME])


def test_temp_files_are_encrypted_and_in_the_case(case_dir: Path) -> None:
    tuning = StoreTuning(memory_limit="24MB")
    with CaseStore.create(case_dir, KEY, FAST_KDF, tuning) as store:
        con = store._live()
        settings = dict(con.execute(
            "SELECT name, value FROM duckdb_settings() WHERE name IN ('temp_directory', "
            "'temp_file_encryption', 'autoinstall_known_extensions', 'autoload_known_extensions', "
            "'enable_external_access', 'lock_configuration')").fetchall())
        assert settings == {"temp_directory": str(case_dir / "tmp"), "temp_file_encryption": "true",
                            "autoinstall_known_extensions": "false", "autoload_known_extensions": "false",
                            "enable_external_access": "false", "lock_configuration": "true"}
        _spill(con)
        spilled = [p for p in (case_dir / "tmp").iterdir() if p.stat().st_size > 0]
        assert spilled, "the temp table should have spilled to disk"
        assert _leaks(case_dir) == []


def test_unencrypted_spill_would_leak(tmp_path: Path) -> None:
    """Negative control for the spill test: without temp-file encryption the values show."""
    con = duckdb.connect(config={"memory_limit": "24MB", "temp_directory": str(tmp_path / "tmp")})
    _spill(con)
    assert any(s == SEEDED_SSN for _, s in _leaks(tmp_path))
    con.close()


def test_sql_cannot_reach_files(store: CaseStore) -> None:
    with pytest.raises(duckdb.Error, match="disabled by configuration"):
        store._live().execute("SELECT * FROM read_text('/etc/hostname')")
    with pytest.raises(duckdb.Error):
        store._live().execute("SET enable_external_access = true")


def test_missing_httpfs_extension_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    assert db.httpfs_extension_path().is_file()
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)
    with pytest.raises(ConfigError, match="pip install duckdb-ext-httpfs"):
        db.httpfs_extension_path()
