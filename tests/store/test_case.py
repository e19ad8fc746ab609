"""Creating and opening cases: keys, case.json, versions, refusals."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from phiscope.errors import ConfigError, WrongKeyError
from phiscope.store import CaseStore, KdfParams
from phiscope.store.casefile import CASE_FILE, DB_FILE
from phiscope.store.keys import load_key
from tests.store.store_helpers import FAST_KDF, KEY, OTHER_KEY, doc_findings, sha_of


def _fill(store: CaseStore) -> None:
    run = store.start_run(["scan"])
    sha = sha_of("x")
    store.begin_document(sha, "/x", 1, "text", None, 0, run)
    store.add_findings(doc_findings(sha, 5, 1, "/x"), run)
    store.finish_document(sha, "done", {})


def test_create_writes_case_json_without_secrets(case_dir: Path) -> None:
    with CaseStore.create(case_dir, KEY, FAST_KDF) as store:
        _fill(store)
    meta = json.loads((case_dir / CASE_FILE).read_text())
    assert meta["format"] == "phiscope-case" and meta["schema_version"] == 7
    assert meta["kdf"]["name"] == "scrypt" and len(meta["key_check"]) == 64
    text = (case_dir / CASE_FILE).read_text()
    assert KEY.decode() not in text
    assert os.stat(case_dir).st_mode & 0o077 == 0
    assert os.stat(case_dir / CASE_FILE).st_mode & 0o077 == 0


def test_reopen_keeps_data(case_dir: Path) -> None:
    with CaseStore.create(case_dir, KEY, FAST_KDF) as store:
        _fill(store)
    with CaseStore.open(case_dir, KEY) as store:
        assert store.summary()["findings"][0]["findings"] > 0
    with CaseStore.open_or_create(case_dir, KEY) as store:
        assert len(store.done_shas()) == 1


def test_open_or_create_creates(case_dir: Path) -> None:
    with CaseStore.open_or_create(case_dir, KEY, FAST_KDF) as store:
        assert store.summary()["documents"] == []
    assert (case_dir / DB_FILE).is_file()


def test_wrong_key_is_refused_before_the_database(case_dir: Path) -> None:
    CaseStore.create(case_dir, KEY, FAST_KDF).close()
    (case_dir / DB_FILE).rename(case_dir / "moved")  # the key check alone must refuse
    expected = r"the key does not open case .*: check PHISCOPE_KEY or --key-file"
    with pytest.raises(WrongKeyError, match=expected):
        CaseStore.open(case_dir, OTHER_KEY)


def test_garbage_key_file_is_refused(case_dir: Path, tmp_path: Path) -> None:
    CaseStore.create(case_dir, KEY, FAST_KDF).close()
    garbage = tmp_path / "garbage.key"
    garbage.write_bytes(os.urandom(64))
    with pytest.raises(WrongKeyError):
        CaseStore.open(case_dir, load_key({}, garbage))


def test_wrong_key_refused_by_duckdb_too(tmp_path: Path) -> None:
    """If case.json is swapped for another case's, DuckDB itself refuses the key."""
    a, b = tmp_path / "a", tmp_path / "b"
    CaseStore.create(a, KEY, FAST_KDF).close()
    CaseStore.create(b, OTHER_KEY, KdfParams(salt=b"another salt 16b", n=2**10)).close()
    shutil.copy(b / CASE_FILE, a / CASE_FILE)
    with pytest.raises(WrongKeyError, match="the key does not open case"):
        CaseStore.open(a, OTHER_KEY)


def test_not_a_case(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="is not a phiscope case"):
        CaseStore.open(tmp_path, KEY)


def test_create_refuses_existing_or_foreign_dirs(case_dir: Path, tmp_path: Path) -> None:
    CaseStore.create(case_dir, KEY, FAST_KDF).close()
    with pytest.raises(ConfigError, match="already holds a case"):
        CaseStore.create(case_dir, KEY, FAST_KDF)
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("x")
    with pytest.raises(ConfigError, match="not an empty directory"):
        CaseStore.create(other, KEY, FAST_KDF)
    (case_dir / CASE_FILE).unlink()
    with pytest.raises(ConfigError, match="interrupted"):
        CaseStore.create(case_dir, KEY, FAST_KDF)


def test_missing_database(case_dir: Path) -> None:
    CaseStore.create(case_dir, KEY, FAST_KDF).close()
    (case_dir / DB_FILE).unlink()
    with pytest.raises(ConfigError, match="no database"):
        CaseStore.open(case_dir, KEY)


def test_newer_case_format_is_refused(case_dir: Path) -> None:
    CaseStore.create(case_dir, KEY, FAST_KDF).close()
    meta = json.loads((case_dir / CASE_FILE).read_text())
    (case_dir / CASE_FILE).write_text(json.dumps({**meta, "format_version": 99}))
    with pytest.raises(ConfigError, match="newer phiscope"):
        CaseStore.open(case_dir, KEY)


def test_damaged_case_json(case_dir: Path) -> None:
    CaseStore.create(case_dir, KEY, FAST_KDF).close()
    (case_dir / CASE_FILE).write_text("{not json")
    with pytest.raises(ConfigError, match="cannot read"):
        CaseStore.open(case_dir, KEY)


def test_second_process_is_refused_while_open(case_dir: Path) -> None:
    import subprocess
    import sys

    with CaseStore.create(case_dir, KEY, FAST_KDF):
        code = ("import sys; from phiscope.store import CaseStore\n"
                "from phiscope.errors import ConfigError\n"
                "try:\n CaseStore.open(sys.argv[1], sys.argv[2].encode())\n"
                "except ConfigError as e: print('refused:', e)\n")
        out = subprocess.run([sys.executable, "-c", code, str(case_dir), KEY.decode()],
                             capture_output=True, text=True, timeout=60)
    assert "refused:" in out.stdout and "in use by another phiscope process" in out.stdout


def test_read_only_and_closed(case_dir: Path) -> None:
    with CaseStore.create(case_dir, KEY, FAST_KDF) as store:
        _fill(store)
    with CaseStore.open(case_dir, KEY, read_only=True) as store:
        assert len(list(store.iter_findings())) == 5
        assert len(store.done_shas()) == 1
        with pytest.raises(ConfigError, match="read-only"):
            store.record_path("a", "b", None, 1)
        with pytest.raises(ConfigError, match="read-only"):
            store.start_run(["x"])
    with pytest.raises(ConfigError, match="closed"):
        store.summary()
    store.close()  # idempotent


def test_default_kdf_cost_works(case_dir: Path) -> None:
    with CaseStore.create(case_dir, KEY) as store:
        assert store.meta.kdf.n == 2**17
    CaseStore.open(case_dir, KEY).close()


def test_a_killed_sessions_temporary_files_do_not_lock_the_case_out(case_dir: Path) -> None:
    CaseStore.create(case_dir, KEY, FAST_KDF).close()
    stale = case_dir / "tmp" / "duckdb_temp_storage_DEFAULT-0.tmp"
    stale.write_bytes(os.urandom(4096))  # what a killed session that spilled leaves behind
    with CaseStore.open(case_dir, KEY) as store:
        assert store.finding_count() == 0
    assert not stale.exists()
