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
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

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


#: what people resolution reads of each finding, raw value included
_PEOPLE_FIELDS = (f"{FINDING_ID} AS finding_id, doc_sha, path, element, detector_id, value, row_key, role, "
                  '"column", line, "offset", page, json_path, flags, mime_part')


def iter_people_findings(con: duckdb.DuckDBPyConnection) -> Iterator[dict[str, Any]]:
    """Every finding with its raw value, ordered by document then row key (rows without one last):
    the order ``people.mentions.MentionBuilder`` consumes."""
    cur = cursor(con)
    try:
        cur.execute(f"SELECT {_PEOPLE_FIELDS} FROM findings ORDER BY doc_sha, row_key NULLS LAST")
        names = [d[0] for d in cur.description or ()]
        while rows := cur.fetchmany(_CHUNK):
            for row in rows:
                yield dict(zip(names, row, strict=True))
    finally:
        cur.close()


#: findings sorted at a time for ``people_finding_batches`` (the sort spills to temporary files: at a
#: million patients, 95 million findings, one sort of them all spilled about 15 GB within 90 s)
SORT_ROWS = 8_000_000


def people_finding_batches(con: duckdb.DuckDBPyConnection, size: int = 50_000,
                           sort_rows: int = SORT_ROWS) -> Iterator[pa.RecordBatch]:
    """``iter_people_findings`` as Arrow record batches of up to ``size`` rows. The documents are
    sorted in ranges of their SHA-256 (consecutive, so the order is the one sort of all would give),
    each range holding about ``sort_rows`` findings."""
    (total,) = con.execute("SELECT count(*) FROM findings").fetchone() or (0,)
    bounds = sha_ranges(-(-int(total) // sort_rows))
    cur = cursor(con)
    try:
        for lo, hi in zip([None, *bounds], [*bounds, None], strict=True):
            where = " AND ".join([*(["doc_sha >= ?"] if lo else []), *(["doc_sha < ?"] if hi else [])])
            text = (f"SELECT {_PEOPLE_FIELDS} FROM findings {'WHERE ' + where if where else ''} "
                    "ORDER BY doc_sha, row_key NULLS LAST")
            yield from cur.execute(text, [b for b in (lo, hi) if b]).fetch_record_batch(size)
    finally:
        cur.close()


def sha_ranges(parts: int) -> list[str]:
    """Boundaries cutting hexadecimal SHA-256 values into ``parts`` (at most 256) ranges of about
    equal size: ``["80"]`` for two. The first range is everything below the first boundary, the last
    everything from the last one up, so any value falls in exactly one range."""
    parts = max(1, min(parts, 256))
    return [f"{i * 256 // parts:02x}" for i in range(1, parts)]


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


# -- people (schema v3) ----------------------------------------------------------------

#: masked forms of a person's values (the raw ones only with ``reveal``)
_PERSON_MASKED = ("phi_mask(full_name, 1, 0) AS full_name, phi_mask(address, 0, 0) AS address, state, "
                  "phi_mask(dob, 4, 0) AS dob, list_transform(phones, x -> phi_mask(x, 0, 4)) AS phones, "
                  "list_transform(emails, x -> phi_mask(x, 1, 0)) AS emails")
_PERSON_RAW = "full_name, address, state, dob, phones, emails"
_PERSON_REST = ("person_id, minor, deceased, deceased_date, element_types, mention_count, review_links")


def iter_people(con: duckdb.DuckDBPyConnection, reveal: bool = False,
                person_id: str | None = None) -> Iterator[dict[str, Any]]:
    """Resolved people by id, values masked unless ``reveal``."""
    fields = f"{_PERSON_REST}, {_PERSON_RAW if reveal else _PERSON_MASKED}"
    where = " WHERE person_id = ?" if person_id is not None else ""
    yield from _stream(con, f"SELECT {fields} FROM people{where} ORDER BY person_id",
                       [person_id] if person_id is not None else [])


def person_mentions(con: duckdb.DuckDBPyConnection, person_id: str) -> list[dict[str, Any]]:
    """The mentions merged into one person (no values: kind, path, confidence, element types)."""
    cur = con.execute(
        "SELECT m.mention_id, m.path, m.kind, m.role, m.grouping_confidence, m.elements, "
        "len(m.finding_ids) AS findings FROM person_mentions p JOIN people_mentions m USING (mention_id) "
        "WHERE p.person_id = ? ORDER BY m.path, m.mention_id", [person_id])
    names = [d[0] for d in cur.description or ()]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def person_links(con: duckdb.DuckDBPyConnection, person_id: str) -> list[dict[str, Any]]:
    """Scored pairs touching a person's mentions, with per-field match weights (no values)."""
    cur = con.execute(
        "SELECT l.mention_l, l.mention_r, l.match_probability, l.match_weight, l.band, l.conflict, "
        "l.merged, l.field_weights FROM person_links l WHERE l.mention_l IN (SELECT mention_id FROM "
        "person_mentions WHERE person_id = $1) OR l.mention_r IN (SELECT mention_id FROM person_mentions "
        "WHERE person_id = $1) ORDER BY l.match_probability DESC, l.mention_l, l.mention_r", [person_id])
    names = [d[0] for d in cur.description or ()]
    out = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    for row in out:
        row["field_weights"] = json.loads(row["field_weights"]) if row["field_weights"] else {}
    return out


def people_clusters(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Person id -> the ids of the findings about that person (context findings left out)."""
    rows = con.execute("SELECT p.person_id, list(f ORDER BY f) FROM person_mentions p JOIN people_mentions m "
                       "USING (mention_id), unnest(m.finding_ids) AS t(f) GROUP BY p.person_id").fetchall()
    return {str(pid): list(fids) for pid, fids in rows}


def people_run(con: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
    """The last people resolution (when, on how many findings, settings, and how many mentions it
    attributed to no one: each fits two or more known people and waits in ``phiscope review``),
    or None."""
    rows = _dicts(con, "SELECT resolved_at, findings, mentions, people, seconds, settings FROM people_runs "
                       "ORDER BY resolved_at DESC LIMIT 1")
    if not rows:
        return None
    rows[0]["settings"] = json.loads(rows[0]["settings"]) if rows[0]["settings"] else {}
    row = con.execute("SELECT count(*) FROM people_mentions m WHERE NOT EXISTS (SELECT 1 FROM "
                      "person_mentions p WHERE p.mention_id = m.mention_id)").fetchone()
    rows[0]["unattributed"] = int(row[0]) if row else 0
    return rows[0]


def person_evidence(con: duckdb.DuckDBPyConnection, person_id: str) -> list[dict[str, Any]]:
    """Where each of a person's exposed elements was found: element, detector, location, masked preview."""
    text = (f"WITH ids AS (SELECT unnest(m.finding_ids || m.context_ids) AS fid, m.mention_id FROM "
            f"person_mentions p JOIN people_mentions m USING (mention_id) WHERE p.person_id = ?) "
            f"SELECT ids.mention_id, f.finding_id, f.element, f.detector_id, f.preview, "
            f"{cols(LOCATION_COLUMNS)} FROM (SELECT {_FINDING_FIELDS} FROM findings) f JOIN ids "
            f"ON ids.fid = f.finding_id ORDER BY element, path, line, \"row\", finding_id")
    return list(_stream(con, text, [person_id]))


def row_keys(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """Every stored key cell of table rows (keyed hashes only), with the folder of its document's first
    path (``dir/`` of ``dir/x.csv``, of ``a.zip!/dir/x.csv`` too; empty at the top), as Arrow."""
    return con.execute(
        'SELECT k.doc_sha, k.row_key, k.table_id, k.table_name, k."column", k.key_hmac, k.strong, '
        "regexp_replace(p.path, '[^/\\\\]*$', '') AS folder FROM row_keys k LEFT JOIN "
        "(SELECT sha, min(path) AS path FROM document_paths GROUP BY sha) p ON p.sha = k.doc_sha"
    ).fetch_arrow_table()


# -- evaluation (``phiscope eval`` at scale) ---------------------------------------------------

#: each finding at each path of its content: its place in the path order (``n``) and the path
AT_PATHS = ("WITH paths AS (SELECT sha, path, row_number() OVER (PARTITION BY sha ORDER BY path) - 1 AS n "
            "FROM document_paths) ")


def finding_path_counts(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int]]:
    """(path, findings) for every path holding findings, a finding counted at each path of its content
    (a document without a recorded path: at the finding's own path)."""
    rows = con.execute(AT_PATHS + "SELECT coalesce(p.path, f.path), count(*) FROM findings f "
                       "LEFT JOIN paths p ON p.sha = f.doc_sha GROUP BY 1").fetchall()
    return [(str(p), int(n)) for p, n in rows]


def people_with_findings(con: duckdb.DuckDBPyConnection) -> int:
    """How many people hold at least one finding (``people_clusters``' keys)."""
    return _scalar(con, "SELECT count(DISTINCT pm.person_id) FROM person_mentions pm "
                        "JOIN people_mentions m USING (mention_id) WHERE len(m.finding_ids) > 0")
