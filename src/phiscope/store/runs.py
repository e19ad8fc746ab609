"""The ``runs`` table: one row per scan (or other command) that wrote to a case."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import duckdb

from phiscope import __version__
from phiscope.store.sql import utc_now

RUN_STATUSES = ("done", "failed", "interrupted")


def start_run(con: duckdb.DuckDBPyConnection, argv: Sequence[str]) -> int:
    """Record a new run (status ``running``) and return its id.

    ``argv`` is a summary of the command line; the caller leaves secrets out
    (the key never appears there: it comes from the environment or a file).
    """
    row = con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM runs").fetchone()
    run_id = int(row[0]) if row else 1
    con.execute("INSERT INTO runs (run_id, started_at, argv, status, phiscope_version) "
                "VALUES (?, ?, ?, 'running', ?)", [run_id, utc_now(), json.dumps(list(argv)), __version__])
    return run_id


def finish_run(con: duckdb.DuckDBPyConnection, run_id: int, status: str,
               counts: Mapping[str, int] | None = None) -> None:
    """Mark a run finished with a status and its counters."""
    if status not in RUN_STATUSES:
        raise ValueError(f"run status must be one of {RUN_STATUSES}, not {status!r}")
    con.execute("UPDATE runs SET finished_at = ?, status = ?, counts = ? WHERE run_id = ?",
                [utc_now(), status, json.dumps(dict(counts or {}), sort_keys=True), run_id])
