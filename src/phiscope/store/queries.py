"""Read-side queries for the CLI and reports: plain dicts and lists, JSON-ready.

Raw values are returned only by ``iter_findings(reveal=True)``; everything else
shows the masked preview and the keyed HMAC of the normalised value. Finding
ids and previews are computed here, when read (see ``sql.py``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import duckdb

from phiscope.store.db import cursor
from phiscope.store.sql import FINDING_ID, LOCATION_COLUMNS, PREVIEW, VALUE_HMAC_HEX, cols

_CHUNK = 10_000
_FINDING_FIELDS = (f"{FINDING_ID} AS finding_id, doc_sha, element, detector_id, {PREVIEW} AS preview, "
                   f"{VALUE_HMAC_HEX} AS value_hmac, confidence, validation, {cols(LOCATION_COLUMNS)}, "
                   "row_key, role, flags, run_id")
_ERROR_FIELDS = ("doc_sha", "kind", "message", *LOCATION_COLUMNS, "run_id", "recorded_at")
_ORDER = 'path, page, sheet, "row", line, "offset", element, finding_id'


def summary(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Counts of documents, findings, errors and the list of runs."""
    return {
        "documents": _dicts(con, "SELECT status, reader_id, count(*) AS documents, "
                                 "coalesce(sum(size), 0)::BIGINT AS bytes FROM documents "
                                 "GROUP BY ALL ORDER BY status, reader_id"),
        "paths": _scalar(con, "SELECT count(*) FROM document_paths"),
        "findings": _dicts(con, "SELECT element, count(*) AS findings, "
                                "count(DISTINCT value_hmac) AS distinct_values, "
                                "count(DISTINCT doc_sha) AS documents FROM findings "
                                "GROUP BY element ORDER BY findings DESC, element"),
        "errors": _dicts(con, "SELECT kind, count(*) AS errors FROM errors GROUP BY kind "
                              "ORDER BY errors DESC, kind"),
        "runs": list(iter_runs(con)),
    }


def iter_runs(con: duckdb.DuckDBPyConnection) -> Iterator[dict[str, Any]]:
    """Every scan run, oldest first."""
    for row in _dicts(con, "SELECT run_id, started_at, finished_at, status, argv, counts, "
                           "phiscope_version FROM runs ORDER BY run_id"):
        row["argv"] = json.loads(row["argv"]) if row["argv"] else []
        row["counts"] = json.loads(row["counts"]) if row["counts"] else {}
        yield row


def iter_findings(con: duckdb.DuckDBPyConnection, element: str | None = None, detector: str | None = None,
                  min_confidence: float | None = None, reveal: bool = False) -> Iterator[dict[str, Any]]:
    """Findings in document order; the raw ``value`` only when ``reveal`` is true."""
    where: list[str] = []
    params: list[Any] = []
    for column, value in (("element", element), ("detector_id", detector)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if min_confidence is not None:
        where.append("confidence >= ?")
        params.append(min_confidence)
    fields = _FINDING_FIELDS + (", value" if reveal else "")
    text = (f"SELECT {fields} FROM findings"
            + (" WHERE " + " AND ".join(where) if where else "") + f" ORDER BY {_ORDER}")
    yield from _stream(con, text, params)


def document_paths(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Every path that held each document's content (identical content is read once)."""
    out: dict[str, list[str]] = {}
    for sha, path in con.execute("SELECT sha, path FROM document_paths ORDER BY sha, path").fetchall():
        out.setdefault(sha, []).append(path)
    return out


def iter_errors(con: duckdb.DuckDBPyConnection, kind: str | None = None) -> Iterator[dict[str, Any]]:
    """Error records, by path."""
    where = " WHERE kind = ?" if kind is not None else ""
    text = (f"SELECT phi_hex_id(error_id) AS error_id, {cols(_ERROR_FIELDS)} FROM errors{where} "
            'ORDER BY path, kind, page, sheet, "row", line, "offset"')
    yield from _stream(con, text, [kind] if kind is not None else [])


def _stream(con: duckdb.DuckDBPyConnection, text: str, params: list[Any]) -> Iterator[dict[str, Any]]:
    cur = cursor(con)
    try:
        cur.execute(text, params)
        names = [d[0] for d in cur.description or ()]
        while rows := cur.fetchmany(_CHUNK):
            for row in rows:
                yield {n: _plain(v) for n, v in zip(names, row, strict=True)}
    finally:
        cur.close()


def _dicts(con: duckdb.DuckDBPyConnection, text: str) -> list[dict[str, Any]]:
    cur = con.execute(text)
    names = [d[0] for d in cur.description or ()]
    return [{n: _plain(v) for n, v in zip(names, row, strict=True)} for row in cur.fetchall()]


def _scalar(con: duckdb.DuckDBPyConnection, text: str) -> int:
    row = con.execute(text).fetchone()
    return int(row[0]) if row else 0


def _plain(value: Any) -> Any:
    return value.isoformat() + "Z" if isinstance(value, datetime) else value
