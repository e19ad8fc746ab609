"""Stage records in the case (schema v5 ``pipeline_stages``): which stage finished with which inputs.

A record holds the stage's fingerprint (SHA-256 of its inputs and settings), when it finished, how
long it took and its result (JSON counts, never a personal value).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import duckdb

from phiscope.store import CaseStore
from phiscope.store.sql import utc_now

STAGES = ("scan", "people", "obligations", "notices", "evaluate", "report")


@dataclass(frozen=True)
class StageRecord:
    """The last finished run of one stage."""

    stage: str
    fingerprint: str
    finished_at: str
    seconds: float
    result: dict[str, Any]


def connection(store: CaseStore) -> duckdb.DuckDBPyConnection:
    """The case's writable SQL connection (CaseStore exposes it for the notices ledger; the
    pipeline and QC tables of schema v5 live beside the ledger's)."""
    return store.notices_connection()


def read_records(store: CaseStore) -> dict[str, StageRecord]:
    """Every stage's last record, by stage name."""
    rows = connection(store).execute(
        "SELECT stage, fingerprint, finished_at, seconds, result FROM pipeline_stages").fetchall()
    return {r[0]: StageRecord(r[0], r[1], r[2].isoformat() + "Z" if r[2] else "", float(r[3] or 0),
                              json.loads(r[4]) if r[4] else {}) for r in rows}


def write_record(store: CaseStore, stage: str, fingerprint: str, seconds: float,
                 result: dict[str, Any]) -> None:
    """Record that ``stage`` finished (replacing its earlier record)."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}")
    con = connection(store)
    con.execute("INSERT OR REPLACE INTO pipeline_stages VALUES (?, ?, ?, ?, ?)",
                [stage, fingerprint, utc_now(), round(seconds, 3), json.dumps(result, default=str)])


def forget(store: CaseStore, stages: tuple[str, ...]) -> None:
    """Drop the records of ``stages`` (their next run redoes them)."""
    con = connection(store)
    for stage in stages:
        con.execute("DELETE FROM pipeline_stages WHERE stage = ?", [stage])
