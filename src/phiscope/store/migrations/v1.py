"""Schema version 1: runs, documents, document paths, findings, errors.

Conventions: timestamps are UTC (``TIMESTAMP``); ``counts`` columns hold JSON
objects; location columns mirror ``phiscope.model.Location``. Raw values live
only in ``findings.value``.

``findings`` holds what cannot be derived cheaply, to keep inserts cheap:
the masked preview is computed when read from ``value`` and the detector's
mask rule (``mask_first``/``mask_last``), and the finding id is the MD5 of the
identifying columns, also computed when read (``phiscope.store.sql``). There
is no index: an ART index over hundreds of millions of findings would cost
gigabytes of memory and halve insert speed; the writer keeps findings unique
per key instead (see ``batch.py``). ``value_hmac`` is the raw 32-byte
HMAC-SHA256, stored uncompressed (random bytes do not compress).
Keys of the other tables are 128-bit ids where the natural key is long text.
"""

from __future__ import annotations

import duckdb

_LOCATION = """
        path VARCHAR, page INTEGER, sheet VARCHAR, "row" BIGINT, "column" VARCHAR, col_index INTEGER,
        json_path VARCHAR, mime_part VARCHAR, line BIGINT, "offset" BIGINT, length INTEGER"""

STATEMENTS = (
    """CREATE TABLE runs (
        run_id BIGINT PRIMARY KEY, started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP,
        argv VARCHAR, status VARCHAR NOT NULL, counts VARCHAR, phiscope_version VARCHAR)""",
    """CREATE TABLE documents (
        sha VARCHAR PRIMARY KEY, size BIGINT, reader_id VARCHAR, status VARCHAR NOT NULL,
        first_path VARCHAR, parent_sha VARCHAR, depth INTEGER, counts VARCHAR,
        started_at TIMESTAMP, finished_at TIMESTAMP, elapsed_ms DOUBLE, run_id BIGINT)""",
    """CREATE TABLE document_paths (
        path_id UHUGEINT PRIMARY KEY, sha VARCHAR NOT NULL, path VARCHAR NOT NULL,
        parent_sha VARCHAR, run_id BIGINT)""",
    f"""CREATE TABLE findings (
        doc_sha VARCHAR NOT NULL, element VARCHAR NOT NULL, detector_id VARCHAR NOT NULL, value VARCHAR,
        value_hmac BLOB USING COMPRESSION uncompressed, mask_first TINYINT, mask_last TINYINT,
        confidence DOUBLE, validation VARCHAR, {_LOCATION},
        row_key VARCHAR, flags VARCHAR, run_id BIGINT)""",
    f"""CREATE TABLE errors (
        error_id UHUGEINT PRIMARY KEY, doc_sha VARCHAR, kind VARCHAR NOT NULL, message VARCHAR,
        {_LOCATION}, run_id BIGINT, recorded_at TIMESTAMP)""",
)


def apply(con: duckdb.DuckDBPyConnection) -> None:
    """Create the version 1 tables."""
    for statement in STATEMENTS:
        con.execute(statement)
