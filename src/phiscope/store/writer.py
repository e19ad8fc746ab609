"""The single writer: buffered, crash-safe writes of documents, findings and errors.

Writes are buffered and flushed in one transaction (documents, paths,
findings, errors together) when enough findings are pending, when
``flush_seconds`` have passed, or on ``flush()``/close. A document row is
always committed with (or before) its findings, so after a crash every stored
finding belongs to a document marked ``in_progress`` or finished. Opening a
case for writing deletes the findings and errors of ``in_progress`` documents
(left by a killed run) and their row keys, so re-scanning them gives exactly the findings of an
uninterrupted run. Findings stay unique per key without an index (see ``batch.py``).
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from typing import Any

import duckdb
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
import pyarrow.compute as pc  # type: ignore[import-untyped, unused-ignore]

from phiscope.errors import ErrorKind
from phiscope.model import FINDING_COLUMNS, Location
from phiscope.store import sql
from phiscope.store.crypto import SubKeys
from phiscope.store.open_keys import OpenKeys
from phiscope.store.pending import Pending
from phiscope.store.tuning import DEFAULT_TUNING, StoreTuning
from phiscope.store.value_hmac import ValueHasher

FINISHED = ("done", "failed")


FINDINGS_SCHEMA = pa.schema([(name, pa.type_for_alias(t)) for name, t in FINDING_COLUMNS])


class CaseWriter:
    """Applies the resumability protocol on one open, writable case database."""

    def __init__(self, con: duckdb.DuckDBPyConnection, keys: SubKeys,
                 tuning: StoreTuning = DEFAULT_TUNING) -> None:
        self._con = con
        self._hasher = ValueHasher(keys.hmac_key)
        self._tuning = tuning
        self._pending = Pending()
        self._last_flush = time.monotonic()
        self._active: dict[str, dict[str, Any]] = {}  # sha -> document row being scanned
        self._started: dict[str, float] = {}
        self._open_keys = OpenKeys()  # row hashes of stored findings of open documents
        _recover(con)
        rows = con.execute("SELECT sha FROM documents WHERE status IN ('done', 'failed')").fetchall()
        self._finished: set[str] = {r[0] for r in rows}

    # -- protocol --------------------------------------------------------------

    def begin_document(self, sha: str, path: str, size: int, reader_id: str, parent_sha: str | None,
                       depth: int, run_id: int) -> bool:
        """Claim a document for scanning; False if it is finished or already being scanned."""
        self._pending.paths.setdefault((sha, path), (parent_sha, run_id))
        if sha in self._finished or sha in self._active:
            self._maybe_flush()
            return False
        row: dict[str, Any] = {
            "sha": sha, "size": size, "reader_id": reader_id, "status": "in_progress",
            "first_path": path, "parent_sha": parent_sha, "depth": depth, "counts": None,
            "started_at": sql.utc_now(), "finished_at": None, "elapsed_ms": None, "run_id": run_id}
        self._active[sha] = row
        self._started[sha] = time.perf_counter()
        self._pending.docs[sha] = row
        self._maybe_flush()
        return True

    def record_path(self, sha: str, path: str, parent_sha: str | None, run_id: int) -> None:
        """Remember that ``path`` held the content ``sha`` (idempotent)."""
        self._pending.paths.setdefault((sha, path), (parent_sha, run_id))
        self._maybe_flush()

    def add_findings(self, table: pa.Table, run_id: int) -> None:
        """Queue a batch of findings (columns ``FINDING_COLUMNS``) of documents being scanned."""
        if table.num_rows == 0:
            return
        if table.schema != FINDINGS_SCHEMA:
            if sorted(table.column_names) != sorted(FINDINGS_SCHEMA.names):
                raise ValueError(f"findings table columns {table.column_names} differ from FINDING_COLUMNS")
            table = table.select(FINDINGS_SCHEMA.names).cast(FINDINGS_SCHEMA)
        unknown = set(pc.unique(table.column("doc_sha")).to_pylist()) - self._active.keys()
        if unknown:
            raise ValueError(f"findings for {len(unknown)} document(s) not begun with begin_document")
        self._pending.add_findings(table, run_id)
        self._maybe_flush()

    def add_row_keys(self, table: pa.Table, run_id: int) -> None:
        """Queue key cells of table rows of documents being scanned (stored as keyed hashes)."""
        if table.num_rows == 0:
            return
        unknown = set(pc.unique(table.column("doc_sha")).to_pylist()) - self._active.keys()
        if unknown:
            raise ValueError(f"row keys for {len(unknown)} document(s) not begun with begin_document")
        self._pending.row_keys.append((table, run_id))
        self._pending.n_findings += table.num_rows
        self._maybe_flush()

    def add_error(self, doc_sha: str | None, path: str, kind: str, message: str,
                  loc: Location | Mapping[str, Any] | None, run_id: int) -> None:
        """Queue an error record; the same (document, kind, location) is stored once."""
        kind = ErrorKind(kind).value
        if doc_sha is not None and doc_sha not in self._active:
            raise ValueError("error for a document not begun with begin_document")
        fields = _location_fields(loc)
        fields["path"] = fields.get("path") or path
        self._pending.add_error(doc_sha, kind, message, fields, run_id, sql.utc_now())
        self._maybe_flush()

    def finish_document(self, sha: str, status: str, counts: Mapping[str, int] | None = None) -> None:
        """Mark a document scanned (``done``) or unreadable as a whole (``failed``)."""
        if status not in FINISHED:
            raise ValueError(f"document status must be one of {FINISHED}, not {status!r}")
        row = self._active.pop(sha, None)
        if row is None:
            raise ValueError("finish_document for a document not begun with begin_document")
        row.update(status=status, counts=json.dumps(dict(counts or {}), sort_keys=True),
                   finished_at=sql.utc_now(),
                   elapsed_ms=(time.perf_counter() - self._started.pop(sha)) * 1000.0)
        self._pending.docs[sha] = row
        self._finished.add(sha)
        self._maybe_flush()

    def done_shas(self) -> set[str]:
        """SHA-256 of every finished document (status done or failed), including unflushed ones."""
        return set(self._finished)

    # -- flushing --------------------------------------------------------------

    def _maybe_flush(self) -> None:
        tuning = self._tuning
        pending = self._pending
        if (pending.n_findings >= tuning.flush_rows or pending.n_records() >= tuning.flush_records
                or time.monotonic() - self._last_flush >= tuning.flush_seconds):
            self.flush()

    def flush(self) -> None:
        """Write everything pending in one transaction."""
        self._last_flush = time.monotonic()
        if self._pending.empty():
            return
        con = self._con
        con.execute("BEGIN TRANSACTION")
        try:
            self._pending.write(con, self._hasher, set(self._active), self._open_keys)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        self._pending = Pending()


def _recover(con: duckdb.DuckDBPyConnection) -> None:
    """Undo the partial work of a killed run (see module docstring)."""
    row = con.execute("SELECT count(*) FROM documents WHERE status = 'in_progress'").fetchone()
    con.execute("BEGIN TRANSACTION")
    try:
        if row and row[0]:
            stale = "SELECT sha FROM documents WHERE status = 'in_progress'"
            con.execute(f"DELETE FROM findings WHERE doc_sha IN ({stale})")
            con.execute(f"DELETE FROM errors WHERE doc_sha IN ({stale})")
            con.execute(f"DELETE FROM row_keys WHERE doc_sha IN ({stale})")
        con.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _location_fields(loc: Location | Mapping[str, Any] | None) -> dict[str, Any]:
    if loc is None:
        return {}
    if isinstance(loc, Location):
        return {name: getattr(loc, name) for name in sql.LOCATION_COLUMNS}
    return {name: loc.get(name) for name in sql.LOCATION_COLUMNS}
