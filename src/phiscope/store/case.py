"""``CaseStore``: one case directory — ``case.json`` plus an encrypted DuckDB database.

This is the one module through which raw values enter and leave storage. A
store is opened by one process at a time (DuckDB locks the file); within that
process one writer applies the resumability protocol (see ``writer.py``).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from phiscope.errors import ConfigError, WrongKeyError
from phiscope.model import Location
from phiscope.store import db, evaluation, queries, runs, schema
from phiscope.store.casefile import CASE_FILE, DB_FILE, TMP_DIR, CaseMeta, read_meta, write_meta
from phiscope.store.crypto import KdfParams, SubKeys, derive_keys
from phiscope.store.sql import utc_now
from phiscope.store.tuning import DEFAULT_TUNING, StoreTuning
from phiscope.store.writer import CaseWriter


class CaseStore:
    """An open case. Use ``create``/``open``/``open_or_create``, ideally in a ``with`` block."""

    def __init__(self, case_dir: Path, meta: CaseMeta, keys: SubKeys, con: duckdb.DuckDBPyConnection,
                 read_only: bool, tuning: StoreTuning) -> None:
        self.case_dir = case_dir
        self.meta = meta
        self.read_only = read_only
        self._keys = keys
        self._con: duckdb.DuckDBPyConnection | None = con
        self._writer = None if read_only else CaseWriter(con, keys, tuning)
        self._scratch = tuning.scratch and not read_only

    # -- opening and closing -----------------------------------------------------

    @classmethod
    def create(cls, case_dir: str | os.PathLike[str], key: bytes, kdf: KdfParams | None = None,
               tuning: StoreTuning = DEFAULT_TUNING) -> CaseStore:
        """Create a new case in an empty or missing directory (``kdf``: cost and salt, default strong).

        The case is built in a hidden sibling directory and renamed into place
        once complete, so a process killed while creating it leaves no
        half-made case that a new attempt would refuse (at worst that hidden
        directory, which holds nothing readable)."""
        case_dir = Path(case_dir)
        _check_can_create(case_dir)
        kdf = kdf or KdfParams.fresh()
        keys = derive_keys(key, kdf)
        case_dir.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{case_dir.name}.creating-", dir=case_dir.parent))
        try:
            meta = _build(staging, case_dir, keys, kdf, tuning)
            if case_dir.exists():
                case_dir.rmdir()  # empty: checked above
            staging.rename(case_dir)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        con = db.connect(case_dir, case_dir / DB_FILE, case_dir / TMP_DIR, keys,
                         memory_limit=tuning.memory_limit)
        return cls(case_dir, meta, keys, con, False, tuning)

    @classmethod
    def open(cls, case_dir: str | os.PathLike[str], key: bytes, read_only: bool = False,
             tuning: StoreTuning = DEFAULT_TUNING) -> CaseStore:
        """Open an existing case; migrates an older schema unless ``read_only``."""
        case_dir = Path(case_dir)
        meta = read_meta(case_dir)
        schema.check_supported(meta.schema_version, str(case_dir))
        keys = derive_keys(key, meta.kdf)
        if not keys.matches(meta.key_check):
            raise WrongKeyError(db.wrong_key_message(case_dir))
        if not (case_dir / DB_FILE).is_file():
            raise ConfigError(f"case {case_dir} has no database ({DB_FILE} is missing)")
        tmp = case_dir / TMP_DIR
        tmp.mkdir(mode=0o700, exist_ok=True)
        scratch = tmp / db.SCRATCH_FILE if tuning.scratch and not read_only else None
        con = db.connect(case_dir, case_dir / DB_FILE, tmp, keys, read_only, tuning.memory_limit, scratch)
        try:
            _clear_stale_temp(tmp)
            meta = _upgrade(con, case_dir, meta, read_only)
            return cls(case_dir, meta, keys, con, read_only, tuning)
        except BaseException:
            con.close()
            raise

    @classmethod
    def open_or_create(cls, case_dir: str | os.PathLike[str], key: bytes, kdf: KdfParams | None = None,
                       tuning: StoreTuning = DEFAULT_TUNING) -> CaseStore:
        """Open the case if ``case_dir`` holds one, else create it."""
        if (Path(case_dir) / CASE_FILE).exists():
            return cls.open(case_dir, key, tuning=tuning)
        return cls.create(case_dir, key, kdf, tuning)

    def close(self) -> None:
        """Flush pending writes, checkpoint and close (idempotent)."""
        if self._con is None:
            return
        con, self._con = self._con, None
        try:
            if self._writer is not None:
                self._writer.flush()
                con.execute("CHECKPOINT")
        finally:
            con.close()
            if self._scratch:
                db.remove_scratch(self.case_dir / TMP_DIR / db.SCRATCH_FILE)

    def __enter__(self) -> CaseStore:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # -- writing (see writer.py for the protocol) -------------------------------

    def start_run(self, argv: Sequence[str]) -> int:
        """Record a new run and return its id."""
        self._w()
        return runs.start_run(self._live(), argv)

    def finish_run(self, run_id: int, status: str = "done", counts: Mapping[str, int] | None = None) -> None:
        """Flush and mark the run finished (``done``/``failed``/``interrupted``)."""
        self._w().flush()
        runs.finish_run(self._live(), run_id, status, counts)

    def begin_document(self, sha: str, path: str, size: int, reader_id: str, parent_sha: str | None,
                       depth: int, run_id: int) -> bool:
        """Claim a document: False if it is already finished (the path is still recorded)."""
        return self._w().begin_document(sha, path, size, reader_id, parent_sha, depth, run_id)

    def record_path(self, sha: str, path: str, parent_sha: str | None, run_id: int) -> None:
        """Record that ``path`` held content ``sha`` (idempotent)."""
        self._w().record_path(sha, path, parent_sha, run_id)

    def add_findings(self, table: pa.Table, run_id: int) -> None:
        """Add findings (a pyarrow table with ``FINDING_COLUMNS``) of begun documents."""
        self._w().add_findings(table, run_id)

    def add_row_keys(self, table: pa.Table, run_id: int) -> None:
        """Add key cells of table rows (columns ``scan.keys.KEY_COLUMNS``) of begun documents."""
        self._w().add_row_keys(table, run_id)

    def add_error(self, doc_sha: str | None, path: str, kind: str, message: str,
                  loc: Location | Mapping[str, Any] | None, run_id: int) -> None:
        """Add an error record (idempotent per document, path, kind and location)."""
        self._w().add_error(doc_sha, path, kind, message, loc, run_id)

    def finish_document(self, sha: str, status: str, counts: Mapping[str, int] | None = None) -> None:
        """Mark a begun document ``done`` or ``failed``."""
        self._w().finish_document(sha, status, counts)

    def flush(self) -> None:
        """Commit everything pending now."""
        if self._writer is not None:
            self._writer.flush()

    def done_shas(self) -> set[str]:
        """SHA-256 of documents already finished (done or failed): a re-run skips them."""
        if self._writer is not None:
            return self._writer.done_shas()
        rows = self._live().execute("SELECT sha FROM documents WHERE status IN ('done', 'failed')").fetchall()
        return {r[0] for r in rows}

    # -- reading -------------------------------------------------------------------

    def value_hmac(self, normalized: str) -> str:
        """The ``value_hmac`` a normalised value has in this case (to look a value up)."""
        return self._keys.value_hmac(normalized)

    def summary(self) -> dict[str, Any]:
        """Documents by status/reader, findings by element, errors by kind, runs."""
        self.flush()
        return {"case": str(self.case_dir), "schema_version": self.meta.schema_version,
                **queries.summary(self._live())}

    def iter_findings(self, element: str | None = None, detector: str | None = None,
                      min_confidence: float | None = None, reveal: bool = False) -> Iterator[dict[str, Any]]:
        """Findings as dicts with the masked ``preview``; the raw ``value`` only if ``reveal``."""
        self.flush()
        return queries.iter_findings(self._live(), element, detector, min_confidence, reveal)

    def iter_people_findings(self) -> Iterator[dict[str, Any]]:
        """Findings with raw values, by document then row key (what people resolution reads)."""
        self.flush()
        return queries.iter_people_findings(self._live())

    def people_finding_batches(self, sort_rows: int = queries.SORT_ROWS) -> Iterator[pa.RecordBatch]:
        """``iter_people_findings`` as Arrow record batches (sorted about ``sort_rows`` at a time)."""
        self.flush()
        return queries.people_finding_batches(self._live(), sort_rows=sort_rows)

    def document_paths(self) -> dict[str, list[str]]:
        """SHA-256 -> every path that held that content."""
        self.flush()
        return queries.document_paths(self._live())

    def iter_errors(self, kind: str | None = None) -> Iterator[dict[str, Any]]:
        """Error records as dicts."""
        self.flush()
        return queries.iter_errors(self._live(), kind)

    # -- people (schema v3) ----------------------------------------------------------

    def replace_people(self, tables: Mapping[str, pa.Table], run: Mapping[str, Any],
                       mentions_sql: str, links_sql: str | None = None) -> None:
        """Replace the people tables (``people``, ``person_mentions``, ``person_links``: Arrow tables
        with their columns; ``people_mentions``: the rows of ``mentions_sql``, a query on this case's
        session; ``person_links`` the rows of ``links_sql`` where given) and record the resolution
        ``run``."""
        self.flush()
        self._w()
        con = self._live()
        con.execute("BEGIN")
        try:
            for name in ("person_links", "person_mentions", "people", "people_mentions"):
                con.execute(f"DELETE FROM {name}")
            con.execute(f"INSERT INTO people_mentions BY NAME {mentions_sql}")
            if links_sql is not None:
                con.execute(f"INSERT INTO person_links BY NAME {links_sql}")
            for name in ("people", "person_mentions") + (("person_links",) if links_sql is None else ()):
                view = f"_phi_{name}"
                con.register(view, tables[name])
                con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM {view}")
                con.unregister(view)
            con.execute("INSERT INTO people_runs VALUES (?, ?, ?, ?, ?, ?)",
                        [utc_now(), run.get("findings"), run.get("mentions"), run.get("people"),
                         run.get("seconds"), json.dumps(run.get("settings") or {})])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def finding_count(self) -> int:
        """How many findings the case holds (people resolution is stale when this changed)."""
        self.flush()
        row = self._live().execute("SELECT count(*) FROM findings").fetchone()
        return int(row[0]) if row else 0

    def people_run(self) -> dict[str, Any] | None:
        """The last people resolution, or None when people were never resolved."""
        return queries.people_run(self._live())

    def iter_people(self, reveal: bool = False, person_id: str | None = None) -> Iterator[dict[str, Any]]:
        """Resolved people (masked values unless ``reveal``)."""
        return queries.iter_people(self._live(), reveal, person_id)

    def person_mentions(self, person_id: str) -> list[dict[str, Any]]:
        """The mentions merged into a person (no values)."""
        return queries.person_mentions(self._live(), person_id)

    def person_links(self, person_id: str) -> list[dict[str, Any]]:
        """Scored pairs of a person's mentions with per-field match weights (no values)."""
        return queries.person_links(self._live(), person_id)

    def person_evidence(self, person_id: str) -> list[dict[str, Any]]:
        """Element, detector, location and masked preview of each finding of a person."""
        return queries.person_evidence(self._live(), person_id)

    def row_keys(self) -> pa.Table:
        """Key cells of table rows (document, row key, table, column, keyed hash, strength)."""
        self.flush()
        return queries.row_keys(self._live())

    def people_clusters(self) -> dict[str, list[str]]:
        """Person id -> ids of the findings about that person."""
        return queries.people_clusters(self._live())

    def finding_path_counts(self) -> list[tuple[str, int]]:
        """(path, findings) of every path holding findings (``queries.finding_path_counts``)."""
        self.flush()
        return queries.finding_path_counts(self._live())

    def evaluation_batches(self, paths: pa.Table, people: bool,
                           ranges: Sequence[tuple[int, int]] | None = None) -> Iterator[pa.RecordBatch]:
        """Findings with raw values at the paths of ``paths``, by bucket (``evaluation.evaluation_batches``;
        ``ranges`` of buckets sorted one at a time)."""
        self.flush()
        return evaluation.evaluation_batches(self._live(), paths, people, ranges=ranges)

    def people_with_findings(self) -> int:
        """How many resolved people hold at least one finding."""
        return queries.people_with_findings(self._live())

    def session(self) -> duckdb.DuckDBPyConnection:
        """The case's DuckDB session, for reading other data beside it (its temporary files are
        encrypted: a large sort of raw values spills there)."""
        return self._live()

    # -- notices (schema v4) ----------------------------------------------------------

    def notices_connection(self) -> duckdb.DuckDBPyConnection:
        """The writable connection the notices ledger (``phiscope.notices.ledger``) runs its SQL on."""
        self.flush()
        self._w()
        return self._live()

    # -- internals -------------------------------------------------------------------

    def _live(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            raise ConfigError(f"case {self.case_dir} is closed")
        return self._con

    def _w(self) -> CaseWriter:
        self._live()
        if self._writer is None:
            raise ConfigError(f"case {self.case_dir} is open read-only")
        return self._writer


def _upgrade(con: duckdb.DuckDBPyConnection, case_dir: Path, meta: CaseMeta, read_only: bool) -> CaseMeta:
    if read_only:
        version = schema.current_version(con)
        schema.check_supported(version, str(case_dir))
        if version < schema.latest_version():
            raise ConfigError(f"case {case_dir} needs upgrading: open it once without read-only")
    else:
        version = schema.migrate(con, str(case_dir))
    if version != meta.schema_version:
        meta = meta.with_schema(version)
        if not read_only:
            write_meta(case_dir, meta)
    return meta


def _check_can_create(case_dir: Path) -> None:
    if (case_dir / CASE_FILE).exists():
        raise ConfigError(f"{case_dir} already holds a case: open it instead of creating one")
    if (case_dir / DB_FILE).exists():
        raise ConfigError(f"{case_dir} holds a case database without {CASE_FILE} (an interrupted "
                          "create?): remove the directory and create the case again")
    if case_dir.exists() and (not case_dir.is_dir() or any(case_dir.iterdir())):
        raise ConfigError(f"cannot create a case in {case_dir}: it is not an empty directory")


def _build(staging: Path, case_dir: Path, keys: SubKeys, kdf: KdfParams, tuning: StoreTuning) -> CaseMeta:
    """Write a complete new case into ``staging`` (``case.json`` last)."""
    tmp = staging / TMP_DIR
    tmp.mkdir(mode=0o700)
    con = db.connect(case_dir, staging / DB_FILE, tmp, keys, memory_limit=tuning.memory_limit)
    try:
        os.chmod(staging / DB_FILE, 0o600)
        version = schema.migrate(con, str(case_dir))
        con.execute("CHECKPOINT")
    finally:
        con.close()
    meta = CaseMeta(schema_version=version, kdf=kdf, created_at=utc_now().isoformat() + "Z",
                    key_check=keys.key_check())
    write_meta(staging, meta)
    return meta


def _clear_stale_temp(tmp: Path) -> None:
    """Remove temp files a killed process left (we hold the database lock now)."""
    for path in tmp.glob("duckdb_temp_*"):
        with contextlib.suppress(OSError):
            path.unlink()
