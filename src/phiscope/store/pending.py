"""Writes waiting for the next flush, and how a flush writes them (in bulk, via Arrow).

Findings go through ``batch.py`` (repeats, HMACs, the insert); documents,
paths and errors are few and are upserted from small Arrow tables.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import datetime
from typing import Any

import duckdb
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from phiscope.store import batch, sql
from phiscope.store.open_keys import OpenKeys
from phiscope.store.value_hmac import ValueHasher

_ERROR_TYPES = {"doc_sha": pa.string(), "kind": pa.string(), "message": pa.string(),
                "path": pa.string(), "page": pa.int32(), "sheet": pa.string(), "row": pa.int64(),
                "column": pa.string(), "col_index": pa.int32(), "json_path": pa.string(),
                "mime_part": pa.string(), "line": pa.int64(), "offset": pa.int64(),
                "length": pa.int32(), "run_id": pa.int64(), "recorded_at": pa.timestamp("us"),
                "seq": pa.int64()}
_DOC_TYPES = {"sha": pa.string(), "size": pa.int64(), "reader_id": pa.string(), "status": pa.string(),
              "first_path": pa.string(), "parent_sha": pa.string(), "depth": pa.int32(),
              "counts": pa.string(), "started_at": pa.timestamp("us"), "finished_at": pa.timestamp("us"),
              "elapsed_ms": pa.float64(), "run_id": pa.int64()}
_PATH_TYPES = {"sha": pa.string(), "path": pa.string(), "parent_sha": pa.string(), "run_id": pa.int64()}


class Pending:
    """Buffered rows of one future transaction."""

    def __init__(self) -> None:
        self.docs: dict[str, dict[str, Any]] = {}
        self.paths: dict[tuple[str, str], tuple[str | None, int]] = {}
        self.findings: list[tuple[pa.Table, int]] = []
        self.row_keys: list[tuple[pa.Table, int]] = []
        self.n_findings = 0
        self.errors: list[dict[str, Any]] = []

    def empty(self) -> bool:
        """Whether there is nothing to write."""
        return not (self.docs or self.paths or self.findings or self.row_keys or self.errors)

    def n_records(self) -> int:
        """Pending document, path and error rows."""
        return len(self.docs) + len(self.paths) + len(self.errors)

    def add_findings(self, table: pa.Table, run_id: int) -> None:
        """Queue a findings batch (already checked and cast to the findings schema)."""
        self.findings.append((table, run_id))
        self.n_findings += table.num_rows

    def add_error(self, doc_sha: str | None, kind: str, message: str, loc: dict[str, Any], run_id: int,
                  when: datetime) -> None:
        """Queue an error record."""
        self.errors.append({**loc, "doc_sha": doc_sha, "kind": kind, "message": message,
                            "run_id": run_id, "recorded_at": when, "seq": len(self.errors)})

    def write(self, con: duckdb.DuckDBPyConnection, hasher: ValueHasher, open_docs: set[str],
              open_keys: OpenKeys) -> None:
        """Write everything inside the caller's transaction, given the documents still open."""
        if self.docs:
            _run(con, sql.upsert_documents, _table(list(self.docs.values()), _DOC_TYPES))
        if self.paths:
            rows = [{"sha": s, "path": p, "parent_sha": parent, "run_id": run}
                    for (s, p), (parent, run) in self.paths.items()]
            _run(con, sql.insert_paths, _table(rows, _PATH_TYPES))
        for run_id, group in itertools.groupby(self.findings, key=lambda item: item[1]):
            batch.write_findings(con, [t for t, _ in group], hasher, run_id, open_docs, open_keys)
        for table, run_id in self.row_keys:
            _insert_keys(con, table, hasher, run_id)
        if self.errors:
            _run(con, sql.upsert_errors, _table(self.errors, _ERROR_TYPES))
        open_keys.forget(open_keys.docs() - open_docs)


def _insert_keys(con: duckdb.DuckDBPyConnection, table: pa.Table, hasher: ValueHasher, run_id: int) -> None:
    """Insert key cells with their keys as keyed hashes (the clear key is not stored)."""
    hashed = table.append_column("key_hmac", hasher.column(table.column("key"))).drop_columns(["key"])
    con.register("_phi_keys", hashed)
    try:
        con.execute('INSERT INTO row_keys (doc_sha, row_key, table_id, table_name, "column", key_hmac, '
                    'strong, run_id) SELECT doc_sha, row_key, table_id, table_name, "column", key_hmac, '
                    'strong, ? FROM _phi_keys',
                    [run_id])
    finally:
        con.unregister("_phi_keys")


def _table(rows: list[dict[str, Any]], types: dict[str, pa.DataType]) -> pa.Table:
    return pa.table({name: pa.array([r.get(name) for r in rows], type=t) for name, t in types.items()})


def _run(con: duckdb.DuckDBPyConnection, make_sql: Callable[[str], str], table: pa.Table) -> None:
    view = "phi_rows"
    con.register(view, table)
    try:
        con.execute(make_sql(view))
    finally:
        con.unregister(view)
